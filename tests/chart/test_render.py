"""The chart, installed by Helm into the emulator with several value sets, renders what a
platform team needs: valid manifests, least-privilege RBAC, hardened pods, the operator wired to
its ConfigMap, WardenWorkers from values, peering for replicas > 1, the reference hub."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.chart.conftest import Render, render_once
from tests.chart.emulated_cluster import CHART_DIR, REPO_ROOT, HelmFailed, Release
from tests.chart.manifests import (
    OPERATOR_PERMISSIONS,
    PEERING_PERMISSIONS,
    assert_hardened,
    granted,
    pod_templates,
    rbac_rules,
    validate_manifest,
)
from warden.operator import rbac

pytestmark = pytest.mark.filterwarnings(
    # kmock 0.8 loads its bundled resource list with a deprecated importlib.resources call.
    "ignore:read_binary is deprecated:DeprecationWarning"
)

WORKERS = [
    {
        "name": "coordination",
        "namespace": "team-a",
        "spec": {
            "schedule": "*/15 * * * *",
            "suspend": False,
            "hub": {
                "url": "http://state-hub.team-a.svc:8080",
                "tokenSecretRef": {"name": "hub-token", "key": "token"},
            },
            "pod": {
                "nodeSelector": {"kubernetes.io/os": "linux"},
                "tolerations": [{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}],
                "labels": {"team": "a"},
            },
        },
    },
    {
        "name": "nightly",
        "namespace": "team-b",
        "spec": {"schedule": "@daily", "brain": "llm", "timeZone": "Europe/Berlin"},
    },
]
VALUE_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "workers-namespaced": {
        "operator": {"watchNamespaces": ["team-a", "team-b"]},
        "workers": WORKERS,
        "config": {"llmConnectUrl": "http://llm-connect.llm.svc:8080"},
    },
    "peers": {"operator": {"replicas": 2}},
    "peers-namespaced": {"operator": {"replicas": 2, "watchNamespaces": ["team-a"]}},
    "hub-reference": {
        "hub": {"reference": {"enabled": True, "tokenSecretRef": {"name": "hub-token"}}},
        "workers": [{"name": "demo", "spec": {"schedule": "*/5 * * * *"}}],
    },
}


def operator_container(release: Release) -> dict[str, Any]:
    deployment = release.one("Deployment", "ops-warden-operator")
    container: dict[str, Any] = deployment["spec"]["template"]["spec"]["containers"][0]
    return container


@pytest.fixture(scope="module", params=sorted(VALUE_SETS), ids=sorted(VALUE_SETS))
def any_release(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Release:
    """One install per value set, shared by the checks that hold for every value set."""
    return render_once(tmp_path_factory.mktemp("helm"), VALUE_SETS[request.param])


# --- properties of every value set -------------------------------------------------------


def test_every_rendered_object_is_valid_for_a_current_kubernetes(
    any_release: Release,
) -> None:
    assert any_release.manifest, "helm rendered nothing"
    for doc in any_release.manifest:
        validate_manifest(doc, any_release.crds)


def test_helm_created_every_rendered_object_and_the_crds(any_release: Release) -> None:
    stored = {
        (o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"])
        for o in any_release.stored_objects()
    }
    for doc in any_release.manifest:
        assert (doc["kind"], doc["metadata"].get("namespace"), doc["metadata"]["name"]) in stored
    for crd in any_release.crds:
        assert ("CustomResourceDefinition", None, crd["metadata"]["name"]) in stored


def test_rbac_is_no_wider_than_the_operator_needs(any_release: Release) -> None:
    allowed = OPERATOR_PERMISSIONS | PEERING_PERMISSIONS
    for rule in rbac_rules(any_release.manifest):
        for field in ("apiGroups", "resources", "verbs"):
            assert "*" not in rule.get(field, []), f"wildcard in {rule}"
        assert "nonResourceURLs" not in rule
    for (group, resource), verbs in granted(any_release.manifest).items():
        assert (group, resource) in allowed, f"unexpected access to {group}/{resource}"
        assert verbs <= allowed[(group, resource)], f"{group}/{resource}: {verbs}"
    assert ("", "secrets") not in granted(any_release.manifest)


def test_every_pod_is_hardened(any_release: Release) -> None:
    pods = pod_templates(any_release.manifest)
    assert pods
    for name, pod in pods:
        assert_hardened(name, pod)


def test_everything_carries_the_chart_labels(any_release: Release) -> None:
    for doc in any_release.manifest:
        labels = doc["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/name") == "ops-warden", doc["metadata"]["name"]
        assert labels.get("app.kubernetes.io/instance") == "ops-warden"
        assert labels.get("app.kubernetes.io/managed-by") == "Helm"
        assert labels.get("helm.sh/chart") == "ops-warden-0.1.0"


# --- defaults ----------------------------------------------------------------------------


async def test_defaults_run_one_standalone_operator_over_all_namespaces(render: Render) -> None:
    release = await render()
    deployment = release.one("Deployment", "ops-warden-operator")
    assert deployment["spec"]["replicas"] == 1
    assert deployment["spec"]["strategy"]["type"] == "Recreate"
    container = operator_container(release)
    assert container["args"] == [
        "--log-level=INFO",
        "operator",
        "--liveness=http://0.0.0.0:8080/healthz",
        "--metrics-port=8081",
        "--standalone",
        "--all-namespaces",
    ]
    assert container["image"] == "ghcr.io/ops-warden/ops-warden:0.1.0"
    env = {e["name"]: e for e in container["env"]}
    assert env["WARDEN_OPERATOR_NAMESPACE"]["valueFrom"]["fieldRef"]["fieldPath"] == (
        "metadata.namespace"
    )
    assert env["WARDEN_OPERATOR_CONFIGMAP"]["value"] == "ops-warden-operator"
    # Both probes hit kopf's liveness endpoint, on the port the operator is told to serve it.
    ports = {port["name"]: port["containerPort"] for port in container["ports"]}
    assert ports == {"health": 8080, "metrics": 8081}
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "health"}
    pod = deployment["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "ops-warden-operator"
    assert not release.of_kind("WardenWorker")
    # The only Service by default is the operator's metrics (tests/chart/test_monitoring.py).
    assert [s["metadata"]["name"] for s in release.of_kind("Service")] == [
        "ops-warden-operator-metrics"
    ]
    assert not release.of_kind("ClusterKopfPeering")


async def test_defaults_grant_a_cluster_role_bound_to_the_operator_only(render: Render) -> None:
    release = await render()
    assert not release.of_kind("Role")
    assert not release.of_kind("RoleBinding")
    role = release.one("ClusterRole")
    binding = release.one("ClusterRoleBinding")
    assert binding["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "ClusterRole",
        "name": role["metadata"]["name"],
    }
    assert binding["subjects"] == [
        {"kind": "ServiceAccount", "name": "ops-warden-operator", "namespace": "ops-warden"}
    ]
    assert {k: frozenset(v) for k, v in granted(release.manifest).items()} == OPERATOR_PERMISSIONS


async def test_worker_service_account_mounts_no_token_and_has_no_rbac(render: Render) -> None:
    release = await render()
    worker_sa = release.one("ServiceAccount", "ops-warden-worker")
    assert worker_sa["automountServiceAccountToken"] is False
    subjects = [
        s
        for doc in release.of_kind("ClusterRoleBinding") + release.of_kind("RoleBinding")
        for s in doc["subjects"]
    ]
    assert all(s["name"] != "ops-warden-worker" for s in subjects)


async def test_config_map_holds_the_contract_keys_and_the_default_catalog(
    render: Render,
) -> None:
    release = await render()
    config = release.one("ConfigMap", "ops-warden-operator")
    assert set(config["data"]) == {
        "llmConnectUrl", "defaultHubUrl", "workerImage", "catalog.yaml", "workerPod.yaml",
        "allowedImages",
    }  # fmt: skip
    assert config["data"]["workerImage"] == "ghcr.io/ops-warden/ops-warden:0.1.0"
    shipped = (REPO_ROOT / "src" / "warden" / "data" / "catalog.yaml").read_text()
    assert yaml.safe_load(config["data"]["catalog.yaml"]) == yaml.safe_load(shipped)


def test_chart_catalog_is_the_workers_default_catalog() -> None:
    # Helm cannot read outside the chart, so the chart carries a copy; it must not drift.
    assert (CHART_DIR / "files" / "catalog.yaml").read_text() == (
        REPO_ROOT / "src" / "warden" / "data" / "catalog.yaml"
    ).read_text()


async def test_config_values_reach_the_config_map(render: Render) -> None:
    release = await render(
        {
            "config": {
                "llmConnectUrl": "http://llm-connect.llm.svc:8080",
                "defaultHubUrl": "https://hub.example.org",
                "workerImage": "registry.example.org/warden:1.2.3",
                "catalog": "version: 1\nagents: {}\nroutes: []\n",
            },
            "image": {"digest": "sha256:" + "a" * 64},
        }
    )
    data = release.one("ConfigMap", "ops-warden-operator")["data"]
    assert data["llmConnectUrl"] == "http://llm-connect.llm.svc:8080"
    assert data["defaultHubUrl"] == "https://hub.example.org"
    assert data["workerImage"] == "registry.example.org/warden:1.2.3"
    assert yaml.safe_load(data["catalog.yaml"]) == {"version": 1, "agents": {}, "routes": []}
    assert (
        operator_container(release)["image"] == "ghcr.io/ops-warden/ops-warden@sha256:" + "a" * 64
    )


# --- watched namespaces and workers from values --------------------------------------------


async def test_watched_namespaces_get_roles_not_a_cluster_role(render: Render) -> None:
    release = await render(VALUE_SETS["workers-namespaced"])
    assert not release.of_kind("ClusterRole")
    assert not release.of_kind("ClusterRoleBinding")
    roles = {(r["metadata"]["namespace"], r["metadata"]["name"]) for r in release.of_kind("Role")}
    assert roles == {
        ("team-a", "ops-warden-operator"),
        ("team-b", "ops-warden-operator"),
        ("ops-warden", "ops-warden-operator-config"),
    }
    for binding in release.of_kind("RoleBinding"):
        assert binding["subjects"] == [
            {"kind": "ServiceAccount", "name": "ops-warden-operator", "namespace": "ops-warden"}
        ]
    # In its own namespace the operator only reads its ConfigMap and posts Events.
    config_role = release.one("Role", "ops-warden-operator-config")
    assert {k: frozenset(v) for k, v in granted([config_role]).items()} == (rbac.CONFIG_NAMESPACE)
    args = operator_container(release)["args"]
    assert "--all-namespaces" not in args
    assert [a for a in args if a.startswith("--namespace=")] == [
        "--namespace=team-a",
        "--namespace=team-b",
    ]


async def test_workers_from_values_become_wardenworkers(render: Render) -> None:
    release = await render(VALUE_SETS["workers-namespaced"])
    workers = {w["metadata"]["name"]: w for w in release.of_kind("WardenWorker")}
    assert set(workers) == {"coordination", "nightly"}
    coordination = workers["coordination"]
    assert coordination["apiVersion"] == "ops-warden.dev/v1alpha1"
    assert coordination["metadata"]["namespace"] == "team-a"
    assert coordination["spec"] == {
        **WORKERS[0]["spec"],  # type: ignore[dict-item]
        "serviceAccountName": "ops-warden-worker",
    }
    assert workers["nightly"]["metadata"]["namespace"] == "team-b"
    # The worker ServiceAccount exists wherever a worker runs.
    namespaces = {
        sa["metadata"]["namespace"]
        for sa in release.of_kind("ServiceAccount")
        if sa["metadata"]["name"] == "ops-warden-worker"
    }
    assert namespaces == {"ops-warden", "team-a", "team-b"}


async def test_a_worker_keeps_its_own_service_account(render: Render) -> None:
    spec = {"schedule": "@hourly", "serviceAccountName": "custom"}
    release = await render({"workers": [{"name": "own", "spec": spec}]})
    assert release.one("WardenWorker", "own")["spec"]["serviceAccountName"] == "custom"


# --- peering -----------------------------------------------------------------------------


async def test_more_replicas_run_as_kopf_peers(render: Render) -> None:
    release = await render(VALUE_SETS["peers"])
    deployment = release.one("Deployment", "ops-warden-operator")
    assert deployment["spec"]["replicas"] == 2
    assert deployment["spec"]["strategy"]["type"] == "RollingUpdate"
    args = operator_container(release)["args"]
    assert "--peering=ops-warden" in args
    assert "--standalone" not in args
    assert release.one("ClusterKopfPeering")["metadata"]["name"] == "ops-warden"
    assert granted(release.manifest)[("kopf.dev", "clusterkopfpeerings")] == {
        "get",
        "list",
        "watch",
        "patch",
    }


async def test_namespaced_peers_meet_in_each_watched_namespace(render: Render) -> None:
    release = await render(VALUE_SETS["peers-namespaced"])
    (peering,) = release.of_kind("KopfPeering")
    assert peering["metadata"] == {
        **peering["metadata"],
        "name": "ops-warden",
        "namespace": "team-a",
    }
    assert not release.of_kind("ClusterKopfPeering")
    assert ("kopf.dev", "kopfpeerings") in granted(release.manifest)


async def test_one_replica_has_no_peering_access(render: Render) -> None:
    release = await render()
    assert not any(group == "kopf.dev" for group, _ in granted(release.manifest))


# --- reference hub -----------------------------------------------------------------------


async def test_reference_hub_is_deployed_and_becomes_the_default_hub(render: Render) -> None:
    release = await render(VALUE_SETS["hub-reference"])
    hub = release.one("Deployment", "ops-warden-hub")
    pod = hub["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    assert container["args"][:2] == ["hub", "serve"]
    assert "--db=/data/hub.db" in container["args"]
    # The token reaches the hub only through the env (read by `warden hub serve` itself),
    # never on the command line, where /proc/<pid>/cmdline shows it to the whole node.
    assert not any(
        "token" in arg.lower() for arg in container["args"] + container.get("command", [])
    )
    (token_env,) = container["env"]
    assert token_env["name"] == "WARDEN_HUB_TOKEN"
    assert token_env["valueFrom"]["secretKeyRef"] == {"name": "hub-token", "key": "token"}
    assert {v["name"] for v in pod["volumes"]} == {"data", "tmp"}
    assert all("emptyDir" in v for v in pod["volumes"])
    service = release.one("Service", "ops-warden-hub")
    assert service["spec"]["ports"][0]["port"] == 8080
    assert service["spec"]["selector"] == hub["spec"]["selector"]["matchLabels"]
    data = release.one("ConfigMap", "ops-warden-operator")["data"]
    assert data["defaultHubUrl"] == "http://ops-warden-hub.ops-warden.svc:8080"
    assert "ops-warden-hub.ops-warden.svc:8080" in release.notes


async def test_reference_hub_without_a_token_has_no_env(render: Render) -> None:
    release = await render({"hub": {"reference": {"enabled": True}}})
    (container,) = release.one("Deployment", "ops-warden-hub")["spec"]["template"]["spec"][
        "containers"
    ]
    assert "env" not in container
    assert not any("token" in arg.lower() for arg in container["args"])


# --- names, NOTES, cluster version -------------------------------------------------------


async def test_names_follow_the_release(render: Render) -> None:
    release = await render(
        {"workers": [{"name": "w", "spec": {"schedule": "@hourly"}}]},
        release="acme",
        namespace="platform",
    )
    assert release.one("Deployment")["metadata"] == {
        **release.one("Deployment")["metadata"],
        "name": "acme-ops-warden-operator",
        "namespace": "platform",
    }
    assert release.one("ConfigMap")["metadata"]["name"] == "acme-ops-warden-operator"
    env = {e["name"]: e for e in operator_container_named(release, "acme-ops-warden-operator")}
    assert env["WARDEN_OPERATOR_CONFIGMAP"]["value"] == "acme-ops-warden-operator"
    assert release.one("WardenWorker")["spec"]["serviceAccountName"] == "acme-ops-warden-worker"


def operator_container_named(release: Release, name: str) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = release.one("Deployment", name)["spec"]["template"]["spec"][
        "containers"
    ][0]["env"]
    return env


async def test_notes_say_what_to_do_next(render: Render) -> None:
    release = await render(VALUE_SETS["workers-namespaced"])
    notes = release.notes
    assert "kubectl get ww -A" in notes
    assert "kubectl -n team-a get ww coordination" in notes
    assert ".status.lastRun" in notes
    assert ".status.runs" in notes
    assert '"mode":"execute"' in notes  # how to flip to execute
    assert "create job" in notes
    assert ".status.cronJobName" in notes


async def test_clusters_older_than_the_kube_version_range_are_refused(render: Render) -> None:
    with pytest.raises(HelmFailed, match=r"(?i)kubeVersion|incompatible"):
        await render(server_version="1.28.9")


def test_chart_metadata() -> None:
    chart = yaml.safe_load((CHART_DIR / "Chart.yaml").read_text())
    assert chart["apiVersion"] == "v2"
    assert chart["kubeVersion"] == ">=1.29.0-0"
    assert chart["appVersion"] == chart["version"] == _project_version()
    assert "artifacthub.io/crds" in chart["annotations"]


def _project_version() -> str:
    import tomllib

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    version: str = project["version"]
    return version


def test_the_wardenworker_crd_is_shipped_in_crds() -> None:
    names = {
        yaml.safe_load(p.read_text())["metadata"]["name"]
        for p in Path(CHART_DIR / "crds").glob("wardenworkers*.yaml")
    }
    assert names == {"wardenworkers.ops-warden.dev"}


# --- worker pod defaults and allowed images (issue 11) -------------------------------------


async def test_worker_pod_defaults_reach_the_operator_config(render: Render) -> None:
    from warden.operator.config import OperatorConfig

    release = await render(
        {
            "imagePullSecrets": [{"name": "ghcr-pull"}],
            "workerDefaults": {"nodeSelector": {"pool": "batch"}, "priorityClassName": "low",
                               "podAnnotations": {"cost-center": "42"}},
            "config": {"allowedImages": ["ghcr.io/ops-warden/*"]},
        }
    )  # fmt: skip
    data = release.one("ConfigMap", "ops-warden-operator")["data"]
    config = OperatorConfig(namespace="ops-warden").with_configmap(data)
    assert config.problems == {}
    pod = config.worker_pod
    assert [s.name for s in pod.image_pull_secrets or []] == ["ghcr-pull"]  # the chart's
    assert pod.node_selector == {"pool": "batch"}
    assert pod.priority_class_name == "low"
    assert pod.annotations == {"cost-center": "42"}
    assert pod.resources is not None
    assert pod.resources.limits == {"memory": "256Mi"}  # a default, for ResourceQuotas
    assert config.allowed_images == ("ghcr.io/ops-warden/*",)
    assert config.image_allowed(config.worker_image)


async def test_default_values_allow_any_image_and_set_worker_resources(render: Render) -> None:
    from warden.operator.config import OperatorConfig

    data = (await render()).one("ConfigMap", "ops-warden-operator")["data"]
    config = OperatorConfig(namespace="ops-warden").with_configmap(data)
    assert config.problems == {}
    assert config.allowed_images == ()
    assert config.worker_pod.resources is not None
    assert config.worker_pod.resources.requests == {"cpu": "50m", "memory": "64Mi"}
