"""`kubectl ww`: the kubectl plugin for WardenWorkers (get, runs, describe, run-now, suspend,
resume, waive), working from the user's kubeconfig. Installed as the `kubectl-ww` console
script, which kubectl finds on PATH. docs/observability.md describes it."""

from warden.core.vocabulary import GROUP

# The annotation that asks the operator for one run now: any new value is one run, once per
# value (the operator records the last value it acted on in status.runNow.value).
RUN_NOW_ANNOTATION = f"{GROUP}/run-now"
