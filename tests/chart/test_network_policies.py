"""The chart's NetworkPolicies, installed by Helm, allow exactly the connections each pod needs.

Each test asks the NetworkPolicy model (tests/chart/netpol.py) whether a connection is allowed,
over the policies Helm rendered and pods labelled as the chart and the operator label them:
the worker pods reach DNS, the State Hub and llm-connect and nothing else (not the API server,
not the internet); the operator reaches DNS and the API server; the reference hub is reached by
the workers only and reaches nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.chart.conftest import Render, render_once, schema_refusal
from tests.chart.emulated_cluster import Release
from tests.chart.netpol import Address, Pod, connection_allowed, egress_allowed, ingress_allowed
from warden.operator.config import OperatorConfig
from warden.operator.render import WorkerRef, render_cronjob
from warden.operator.spec import WardenWorkerSpec

pytestmark = pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning")

RELEASE_NS = "ops-warden"
HUB_PORT = 8080
LLM = Pod("llm", {"app": "llm-connect"})
STATE_HUB = Pod("coordination", {"app": "state-hub"})
KUBE_DNS = Pod("kube-system", {"k8s-app": "kube-dns"})
API_SERVER = [Address("172.18.0.2"), Address("10.0.0.1"), Address("fd00::1")]  # endpoints
INTERNET = [Address("93.184.216.34"), Address("1.1.1.1"), Address("2606:4700::1111")]
PEERS: dict[str, Any] = {
    "worker": {
        "hub": {
            "to": [
                {
                    "namespaceSelector": {
                        "matchLabels": {"kubernetes.io/metadata.name": "coordination"}
                    },
                    "podSelector": {"matchLabels": {"app": "state-hub"}},
                }
            ],
            "ports": [{"port": 9000, "protocol": "TCP"}],
        },
        "llmConnect": {
            "to": [
                {
                    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "llm"}},
                    "podSelector": {"matchLabels": {"app": "llm-connect"}},
                }
            ],
            "ports": [{"port": 8000, "protocol": "TCP"}],
        },
    }
}
VALUE_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "reference-hub": {
        "hub": {"reference": {"enabled": True}},
        "workers": [{"name": "demo", "spec": {"schedule": "*/5 * * * *"}}],
    },
    "namespaced-with-peers": {
        "operator": {"watchNamespaces": ["team-a", "team-b"]},
        "hub": {"reference": {"enabled": True}},
        "networkPolicy": PEERS,
    },
}


@pytest.fixture(scope="module", params=sorted(VALUE_SETS), ids=sorted(VALUE_SETS))
def release(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Release:
    release = render_once(tmp_path_factory.mktemp("helm"), VALUE_SETS[request.param])
    release.values = VALUE_SETS[request.param]  # type: ignore[attr-defined]
    return release


def values_of(release: Release) -> dict[str, Any]:
    values: dict[str, Any] = release.values  # type: ignore[attr-defined]
    return values


def policies(release: Release) -> list[dict[str, Any]]:
    return release.of_kind("NetworkPolicy")


def pod_labels(release: Release, deployment: str) -> dict[str, str]:
    labels: dict[str, str] = release.one("Deployment", deployment)["spec"]["template"]["metadata"][
        "labels"
    ]
    return labels


def operator_pod(release: Release) -> Pod:
    return Pod(RELEASE_NS, pod_labels(release, "ops-warden-operator"))


def hub_pod() -> Pod:
    """Labelled like the reference hub's Deployment renders it (checked below)."""
    return Pod(
        RELEASE_NS,
        {
            "app.kubernetes.io/name": "ops-warden",
            "app.kubernetes.io/instance": "ops-warden",
            "app.kubernetes.io/component": "hub",
        },
    )


def worker_pod(namespace: str, name: str = "inbox", pod: dict[str, Any] | None = None) -> Pod:
    """A worker pod labelled by the operator's own renderer, not by this test (`pod`: the
    WardenWorker's spec.pod)."""
    cronjob = render_cronjob(
        WorkerRef(name=name, namespace=namespace, uid="uid-1"),
        WardenWorkerSpec.model_validate({"schedule": "@hourly", **({"pod": pod} if pod else {})}),
        OperatorConfig(
            worker_image="ghcr.io/ops-warden/ops-warden:0.1.0", default_hub_url="http://h"
        ),
        "dry-run",
    )
    labels = cronjob["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    return Pod(namespace, labels)


def worker_namespaces(release: Release) -> list[str]:
    watched = values_of(release).get("operator", {}).get("watchNamespaces", [])
    return sorted({RELEASE_NS, *watched})


def hub_enabled(release: Release) -> bool:
    return bool(values_of(release).get("hub", {}).get("reference", {}).get("enabled"))


# --- which policies, where ----------------------------------------------------------------


def test_one_policy_for_the_operator_one_per_worker_namespace_one_for_the_hub(
    release: Release,
) -> None:
    found = {(p["metadata"]["namespace"], p["metadata"]["name"]) for p in policies(release)}
    expected = {(RELEASE_NS, "ops-warden-operator")}
    expected |= {(ns, "ops-warden-worker") for ns in worker_namespaces(release)}
    if hub_enabled(release):
        expected.add((RELEASE_NS, "ops-warden-hub"))
    assert found == expected
    for policy in policies(release):
        assert set(policy["spec"]["policyTypes"]) == {"Ingress", "Egress"}, policy["metadata"]


def test_no_rule_allows_every_peer(release: Release) -> None:
    """A rule without peers would allow everything: each one names where it leads."""
    for policy in policies(release):
        for rule in policy["spec"].get("egress", []):
            assert rule.get("to"), policy["metadata"]["name"]
            assert rule.get("ports"), policy["metadata"]["name"]
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from"), policy["metadata"]["name"]


def test_the_hub_pods_are_labelled_as_the_policies_expect(release: Release) -> None:
    if not hub_enabled(release):
        pytest.skip("no reference hub in this value set")
    assert pod_labels(release, "ops-warden-hub") == hub_pod().labels


# --- the worker: DNS, the State Hub, llm-connect, nothing else ----------------------------


def test_workers_resolve_names_through_cluster_dns_only(release: Release) -> None:
    for namespace in worker_namespaces(release):
        worker = worker_pod(namespace)
        assert egress_allowed(policies(release), worker, KUBE_DNS, 53, "UDP")
        assert egress_allowed(policies(release), worker, KUBE_DNS, 53, "TCP")
        assert not egress_allowed(policies(release), worker, KUBE_DNS, 8080)
        impostor = Pod("default", {"k8s-app": "kube-dns"})
        assert not egress_allowed(policies(release), worker, impostor, 53, "UDP")


def test_workers_reach_the_reference_hub_on_its_port_only(release: Release) -> None:
    for namespace in worker_namespaces(release):
        worker = worker_pod(namespace)
        reachable = connection_allowed(policies(release), worker, hub_pod(), HUB_PORT)
        assert reachable == hub_enabled(release), namespace
        assert not connection_allowed(policies(release), worker, hub_pod(), 22)


def test_workers_reach_a_configured_state_hub_and_llm_connect_and_nothing_unconfigured(
    release: Release,
) -> None:
    configured = "networkPolicy" in values_of(release)
    for namespace in worker_namespaces(release):
        worker = worker_pod(namespace)
        assert egress_allowed(policies(release), worker, STATE_HUB, 9000) == configured
        assert egress_allowed(policies(release), worker, LLM, 8000) == configured
        assert not egress_allowed(policies(release), worker, STATE_HUB, 8000)
        assert not egress_allowed(policies(release), worker, LLM, 9000)
        elsewhere = Pod("coordination", {"app": "something-else"})
        assert not egress_allowed(policies(release), worker, elsewhere, 9000)


@pytest.mark.parametrize("port", [80, 443, 6443, 8080])
def test_workers_reach_neither_the_api_server_nor_the_internet(release: Release, port: int) -> None:
    for namespace in worker_namespaces(release):
        worker = worker_pod(namespace)
        for address in API_SERVER + INTERNET:
            assert not egress_allowed(policies(release), worker, address, port), address
        assert not egress_allowed(policies(release), worker, operator_pod(release), 8080)


def test_nothing_connects_to_a_worker(release: Release) -> None:
    for namespace in worker_namespaces(release):
        worker = worker_pod(namespace)
        for source in (hub_pod(), operator_pod(release), worker_pod(namespace, "other"), LLM):
            assert not ingress_allowed(policies(release), worker, source, 8080)


def test_the_worker_policy_selects_every_worker_and_nothing_else(release: Release) -> None:
    (namespace, *_) = worker_namespaces(release)
    worker_policy = next(
        p
        for p in policies(release)
        if p["metadata"]["name"] == "ops-warden-worker" and p["metadata"]["namespace"] == namespace
    )
    for name in ("inbox", "nightly", "a" * 52):
        worker = worker_pod(namespace, name)
        assert not egress_allowed([worker_policy], worker, Address("1.1.1.1"), 443), name
    # Pod labels from spec.pod cannot take a worker out of its policy: the operator's own
    # labels win over them.
    relabelled = worker_pod(namespace, pod={"labels": {
        "app.kubernetes.io/name": "x", "app.kubernetes.io/component": "x",
        "app.kubernetes.io/managed-by": "x", "team": "a",
    }})  # fmt: skip
    assert relabelled.labels["team"] == "a"
    assert not egress_allowed([worker_policy], relabelled, Address("1.1.1.1"), 443)
    for other in (operator_pod(release), hub_pod()):
        assert egress_allowed([worker_policy], other, Address("1.1.1.1"), 443)


# --- the operator: DNS and the API server ---------------------------------------------------


def test_the_operator_reaches_dns_and_the_api_server_only(release: Release) -> None:
    operator = operator_pod(release)
    assert egress_allowed(policies(release), operator, KUBE_DNS, 53, "UDP")
    for address in API_SERVER:
        assert egress_allowed(policies(release), operator, address, 443)
        assert egress_allowed(policies(release), operator, address, 6443)
        assert not egress_allowed(policies(release), operator, address, 10250)  # kubelets
    assert not egress_allowed(policies(release), operator, hub_pod(), HUB_PORT)
    assert not egress_allowed(policies(release), operator, worker_pod(RELEASE_NS), 8080)
    assert not egress_allowed(policies(release), operator, Address("93.184.216.34"), 80)


def test_nothing_connects_to_the_operator(release: Release) -> None:
    operator = operator_pod(release)
    for source in (worker_pod(RELEASE_NS), hub_pod(), Pod("default", {"app": "x"})):
        assert not ingress_allowed(policies(release), operator, source, 8080)


# --- the reference hub: its clients in, nothing out -------------------------------------------


def test_the_hub_accepts_workers_of_the_watched_namespaces_only(release: Release) -> None:
    if not hub_enabled(release):
        pytest.skip("no reference hub in this value set")
    watched = values_of(release).get("operator", {}).get("watchNamespaces")
    for namespace in worker_namespaces(release):
        assert ingress_allowed(policies(release), hub_pod(), worker_pod(namespace), HUB_PORT)
    stranger = worker_pod("team-z")  # worker labels, a namespace the operator does not watch
    assert ingress_allowed(policies(release), hub_pod(), stranger, HUB_PORT) == (not watched)
    unlabelled = Pod(RELEASE_NS, {"app": "curious"})
    assert not ingress_allowed(policies(release), hub_pod(), unlabelled, HUB_PORT)
    assert not ingress_allowed(policies(release), hub_pod(), worker_pod(RELEASE_NS), 22)


def test_the_hub_opens_no_connection(release: Release) -> None:
    if not hub_enabled(release):
        pytest.skip("no reference hub in this value set")
    destinations: list[Pod | Address] = [KUBE_DNS, worker_pod(RELEASE_NS), *API_SERVER, *INTERNET]
    for destination in destinations:
        port = 53 if destination == KUBE_DNS else 443
        assert not egress_allowed(policies(release), hub_pod(), destination, port), destination


# --- switches and values ----------------------------------------------------------------------


async def test_the_hub_admits_extra_clients_from_values(render: Render) -> None:
    agents = Pod("agents", {"app": "router"})
    peer = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "agents"}},
        "podSelector": {"matchLabels": {"app": "router"}},
    }
    release = await render(
        {"hub": {"reference": {"enabled": True}}, "networkPolicy": {"hub": {"extraFrom": [peer]}}}
    )
    assert ingress_allowed(policies(release), hub_pod(), agents, HUB_PORT)
    assert not ingress_allowed(policies(release), hub_pod(), Pod("agents", {"app": "x"}), HUB_PORT)


async def test_the_operator_api_destination_can_be_narrowed(render: Render) -> None:
    release = await render(
        {
            "networkPolicy": {
                "kubernetesApi": {
                    "to": [{"ipBlock": {"cidr": "172.18.0.0/16"}}],
                    "ports": [{"port": 6443, "protocol": "TCP"}],
                }
            }
        }
    )
    operator = operator_pod(release)
    assert egress_allowed(policies(release), operator, Address("172.18.0.2"), 6443)
    assert not egress_allowed(policies(release), operator, Address("10.0.0.1"), 6443)
    assert not egress_allowed(policies(release), operator, Address("172.18.0.2"), 443)


async def test_network_policies_can_be_switched_off(render: Render) -> None:
    release = await render(
        {"networkPolicy": {"enabled": False}, "hub": {"reference": {"enabled": True}}}
    )
    assert policies(release) == []
    assert egress_allowed(policies(release), worker_pod(RELEASE_NS), Address("1.1.1.1"), 443)


BAD_VALUES: list[tuple[str, dict[str, Any], str]] = [
    ("no-ports", {"worker": {"hub": {"to": [{"podSelector": {}}], "ports": []}}}, "ports"),
    ("empty-dns", {"dns": {"to": [], "ports": [{"port": 53}]}}, "/networkPolicy/dns/to"),
    (
        "ip-and-pods",
        {
            "worker": {
                "llmConnect": {
                    "to": [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}}],
                    "ports": [{"port": 80}],
                }
            }
        },
        "/networkPolicy/worker/llmConnect/to/0",
    ),
    (
        "bad-cidr",
        {"kubernetesApi": {"to": [{"ipBlock": {"cidr": "any"}}], "ports": [{"port": 443}]}},
        "cidr",
    ),
    (
        "protocol",
        {"dns": {"to": [{"podSelector": {}}], "ports": [{"port": 53, "protocol": "ICMP"}]}},
        "protocol",
    ),
    ("unknown-key", {"egress": []}, "egress"),
    ("enabled-string", {"enabled": "yes"}, "/networkPolicy/enabled"),
]


@pytest.mark.parametrize(
    ("values", "expected"), [(v, e) for _, v, e in BAD_VALUES], ids=[n for n, _, _ in BAD_VALUES]
)
async def test_bad_network_policy_values_are_refused(
    render: Render, values: dict[str, Any], expected: str
) -> None:
    assert expected in await schema_refusal(render, {"networkPolicy": values})


def test_the_model_follows_the_api_semantics(tmp_path: Path) -> None:
    """The oracle's own rules, on hand-written policies: isolation, union, peers, ports."""
    del tmp_path
    policy: dict[str, Any] = {
        "metadata": {"namespace": "a", "name": "p"},
        "spec": {
            "podSelector": {"matchLabels": {"role": "x"}},
            "policyTypes": ["Egress"],
            "egress": [
                {"to": [{"podSelector": {}}], "ports": [{"port": 1000, "endPort": 1010}]},
                {"to": [{"ipBlock": {"cidr": "10.0.0.0/8", "except": ["10.1.0.0/16"]}}]},
            ],
        },
    }
    x, y = Pod("a", {"role": "x"}), Pod("a", {"role": "y"})
    assert egress_allowed([policy], x, y, 1005)  # same-namespace pods, in the port range
    assert not egress_allowed([policy], x, y, 1011)
    assert not egress_allowed([policy], x, Pod("b", {}), 1005)  # podSelector alone: own namespace
    assert not egress_allowed([policy], x, y, 1005, "UDP")  # a port without protocol is TCP
    assert egress_allowed([policy], x, Address("10.2.3.4"), 1)  # no ports: every port
    assert not egress_allowed([policy], x, Address("10.1.2.3"), 1)  # except
    assert egress_allowed([policy], y, Address("8.8.8.8"), 53)  # y is not isolated
    ingress_only = {**policy, "spec": {**policy["spec"], "policyTypes": ["Ingress"]}}
    assert egress_allowed([ingress_only], x, Address("8.8.8.8"), 53)
    deny_all = {
        "metadata": {"namespace": "a", "name": "d"},
        "spec": {"podSelector": {}, "policyTypes": ["Egress"]},
    }
    assert not egress_allowed([deny_all], y, y, 1005)
    assert egress_allowed([deny_all, policy], x, y, 1005)  # policies add up


async def test_notes_warn_when_a_configured_service_has_no_peers(render: Render) -> None:
    config = {"defaultHubUrl": "http://hub.coordination:8080", "llmConnectUrl": "http://llm:8080"}
    bare = await render({"config": config})
    assert "networkPolicy.worker.hub.to is empty" in bare.notes
    assert "networkPolicy.worker.llmConnect.to is empty" in bare.notes
    wired = await render({"config": config, "networkPolicy": PEERS})
    assert "WARNING" not in wired.notes
    off = await render({"config": config, "networkPolicy": {"enabled": False}})
    assert "NetworkPolicies are on" not in off.notes
