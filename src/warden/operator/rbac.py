"""The Kubernetes permissions the operator needs: the one list the chart's RBAC is tested against.

Keys are (API group, resource); values are verbs. Anything the chart grants beyond this is a
test failure, and so is anything this list names that the chart does not grant."""

from __future__ import annotations

from typing import Final

REQUIRED: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("ops-warden.dev", "wardenworkers"): frozenset({"get", "list", "watch", "patch"}),
    ("ops-warden.dev", "wardenworkers/status"): frozenset({"get", "patch"}),
    # The owned CronJob sets blockOwnerDeletion on their owner reference;
    # under OwnerReferencesPermissionEnforcement (OpenShift, hardened clusters) that needs
    # `update` on the owner's finalizers subresource, or their creation fails with 403.
    ("ops-warden.dev", "wardenworkers/finalizers"): frozenset({"update"}),
    ("batch", "cronjobs"): frozenset({"get", "list", "watch", "create", "patch"}),
    # `create`: one Job per run-now request (owned by the CronJob, no blockOwnerDeletion).
    ("batch", "jobs"): frozenset({"get", "list", "watch", "create"}),
    ("", "pods"): frozenset({"get", "list", "watch"}),
    # the operator's own ConfigMap (watched; the workers' catalog travels on their CronJobs)
    ("", "configmaps"): frozenset({"get", "list", "watch"}),
    ("", "events"): frozenset({"create"}),
}

# With `-n` (chart: operator.watchNamespaces), in the operator's own namespace when it is not
# one of them: read its ConfigMap (re-read every resync period) and post Events.
CONFIG_NAMESPACE: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("", "configmaps"): frozenset({"get", "list", "watch"}),
    ("", "events"): frozenset({"create"}),
}

PEERING: Final[dict[tuple[str, str], frozenset[str]]] = {
    ("kopf.dev", "clusterkopfpeerings"): frozenset({"get", "list", "watch", "patch"}),
    ("kopf.dev", "kopfpeerings"): frozenset({"get", "list", "watch", "patch"}),
}
