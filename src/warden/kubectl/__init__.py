"""`kubectl ww`: the kubectl plugin for WardenWorkers (get, runs, describe, run-now, suspend,
resume, waive), working from the user's kubeconfig. Installed as the `kubectl-ww` console
script, which kubectl finds on PATH. docs/observability.md describes it."""
