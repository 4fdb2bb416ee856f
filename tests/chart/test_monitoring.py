"""The chart's monitoring, installed by Helm into the emulator with monitoring off and on: the
metrics Service wired to the operator's port; the ServiceMonitor and PrometheusRule checked
against models generated from the prometheus-operator's own CRDs (cloudcoil's, not ours),
every PromQL expression (alerts, dashboard) read by a real PromQL parser and naming only
metrics the operator serves; the dashboard ConfigMap for Grafana's sidecar; and the
NetworkPolicy letting a scraper reach the metrics port and nothing else."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import kmock
import promql_parser
import pytest
from cloudcoil.models.prometheus_operator import v1 as monitoring

from tests.chart.conftest import Render, schema_refusal
from tests.chart.emulated_cluster import Release, emulated_cluster, install_chart
from tests.chart.manifests import validate_manifest
from tests.chart.netpol import Pod, ingress_allowed
from warden.operator.metrics import OperatorMetrics

pytestmark = pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning")

NS = "ops-warden"
MONITORING = {
    "metrics": {
        "serviceMonitor": {"enabled": True, "labels": {"release": "kube-prometheus-stack"}},
        "prometheusRule": {"enabled": True},
        "grafanaDashboard": {"enabled": True, "annotations": {"grafana_folder": "Platform"}},
    }
}
MONITORING_RESOURCES = {
    "monitoring.coreos.com/v1/servicemonitors": ("ServiceMonitor", "servicemonitor"),
    "monitoring.coreos.com/v1/prometheusrules": ("PrometheusRule", "prometheusrule"),
}
MODELS: dict[str, type[Any]] = {
    "ServiceMonitor": monitoring.ServiceMonitor,
    "PrometheusRule": monitoring.PrometheusRule,
}


async def install_with_monitoring_crds(work_dir: Path, values: dict[str, Any]) -> Release:
    """`helm install` into an emulator that serves the prometheus-operator's kinds, as a
    cluster with kube-prometheus-stack does."""
    async with emulated_cluster() as (emulator, url):
        for resource, (kind, singular) in MONITORING_RESOURCES.items():
            emulator.resources[resource] = kmock.ResourceInfo(
                kind=kind, singular=singular, namespaced=True,
                verbs={"get", "list", "watch", "create", "update", "patch", "delete"},
            )  # fmt: skip
        return await install_chart(emulator, url, work_dir, values)


@pytest.fixture(scope="module")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> Release:
    return asyncio.run(install_with_monitoring_crds(tmp_path_factory.mktemp("helm"), MONITORING))


def operator_container(release: Release) -> dict[str, Any]:
    deployment = release.one("Deployment", "ops-warden-operator")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return dict(container)


def validate_monitoring_object(doc: dict[str, Any]) -> None:
    """Validate against the prometheus-operator CRD models (types, enums, patterns) and
    refuse any field they do not know: the models ignore unknown fields, the apiserver
    would prune them, so a field lost in the round trip is a typo in the chart."""
    model = MODELS[doc["kind"]].model_validate(doc)
    kept = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
    assert _without_nulls(kept) == doc, f"{doc['kind']} has fields its CRD does not define"


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


# --- the defaults: a Service, nothing of the prometheus-operator ----------------------------


async def test_defaults_serve_metrics_through_a_service(render: Render) -> None:
    release = await render()
    container = operator_container(release)
    assert "--metrics-port=8081" in container["args"]
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["metrics"] == 8081
    service = release.one("Service", "ops-warden-operator-metrics")
    (port,) = service["spec"]["ports"]
    assert (port["name"], port["port"], port["targetPort"]) == ("metrics", 8081, "metrics")
    pod_labels = release.one("Deployment", "ops-warden-operator")["spec"]["template"]["metadata"][
        "labels"
    ]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    for kind in ("ServiceMonitor", "PrometheusRule"):
        assert release.of_kind(kind) == []
    assert not [
        c for c in release.of_kind("ConfigMap") if c["metadata"]["name"].endswith("dashboard")
    ]


async def test_metrics_can_be_switched_off(render: Render) -> None:
    release = await render({"metrics": {"enabled": False, "serviceMonitor": {"enabled": True}}})
    container = operator_container(release)
    assert "--metrics-port=0" in container["args"]
    assert "metrics" not in {p["name"] for p in container["ports"]}
    assert not [s for s in release.of_kind("Service") if "metrics" in s["metadata"]["name"]]
    assert release.of_kind("ServiceMonitor") == []
    operator_policy = next(
        p
        for p in release.of_kind("NetworkPolicy")
        if p["metadata"]["name"] == "ops-warden-operator"
    )
    assert "ingress" not in operator_policy["spec"]


# --- monitoring on: valid against the prometheus-operator's CRDs ----------------------------


def test_every_object_validates(monitored: Release) -> None:
    kinds = set()
    for doc in monitored.manifest:
        kinds.add(doc["kind"])
        if doc["kind"] in MODELS:
            validate_monitoring_object(doc)
        else:
            validate_manifest(doc, monitored.crds)
    assert {"ServiceMonitor", "PrometheusRule", "Service", "ConfigMap"} <= kinds


def test_the_oracle_refuses_what_the_crds_refuse(monitored: Release) -> None:
    """The models are strict where the CRDs are: a bad duration, a wrong type, an unknown
    field all fail."""
    monitor = monitored.one("ServiceMonitor")
    rule = monitored.one("PrometheusRule")
    bad_interval = json.loads(json.dumps(monitor))
    bad_interval["spec"]["endpoints"][0]["interval"] = "30 seconds"
    bad_for = json.loads(json.dumps(rule))
    bad_for["spec"]["groups"][0]["rules"][1]["for"] = "ten minutes"
    unknown = json.loads(json.dumps(monitor))
    unknown["spec"]["endpoints"][0]["scrapeInterval"] = "30s"
    bad_type = json.loads(json.dumps(rule))
    bad_type["spec"]["groups"][0]["rules"] = {"alert": "x"}
    for doc in (bad_interval, bad_for, unknown, bad_type):
        with pytest.raises((ValueError, AssertionError)):
            validate_monitoring_object(doc)


def test_the_servicemonitor_scrapes_the_metrics_service(monitored: Release) -> None:
    monitor = monitored.one("ServiceMonitor")
    service = monitored.one("Service", "ops-warden-operator-metrics")
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    selector = monitor["spec"]["selector"]["matchLabels"]
    assert selector.items() <= service["metadata"]["labels"].items()
    others = [s for s in monitored.of_kind("Service") if s is not service]
    assert not any(selector.items() <= s["metadata"].get("labels", {}).items() for s in others)
    assert monitor["spec"]["namespaceSelector"]["matchNames"] == [NS]
    (endpoint,) = monitor["spec"]["endpoints"]
    assert endpoint["port"] == service["spec"]["ports"][0]["name"]
    assert endpoint["path"] == "/metrics"
    assert endpoint["honorLabels"] is True  # our `namespace` label, not exported_namespace


def _alerts(release: Release) -> dict[str, dict[str, Any]]:
    (group,) = release.one("PrometheusRule")["spec"]["groups"]
    return {rule["alert"]: rule for rule in group["rules"]}


def _metric_names(expr: str) -> set[str]:
    names: set[str] = set()

    def visit(node: Any) -> bool:
        if isinstance(node, promql_parser.VectorSelector) and node.name:
            names.add(node.name)
        return True

    promql_parser.walk(promql_parser.parse(expr), pre_visit=visit)
    return names


def _served_names() -> set[str]:
    """Every sample name the operator's registry can serve (counters' _total, histograms'
    _bucket/_sum/_count), plus what Prometheus adds itself."""
    names = {"up"}
    for family in OperatorMetrics().registry.collect():
        base = family.name
        if family.type == "counter":
            names |= {f"{base}_total"}
        elif family.type == "histogram":
            names |= {f"{base}_bucket", f"{base}_sum", f"{base}_count"}
        else:
            names.add(base)
    return names


def test_the_alerts_that_matter_parse_and_name_served_metrics(monitored: Release) -> None:
    alerts = _alerts(monitored)
    assert set(alerts) == {
        "WardenWorkerFailing", "WardenWorkerNoSuccessfulRun", "WardenEscalationsPilingUp",
        "WardenShakedownStuck", "WardenOperatorDown",
    }  # fmt: skip
    served = _served_names()
    for name, rule in alerts.items():
        names = _metric_names(rule["expr"])  # raises on a syntax error
        assert names, name
        assert names <= served, (name, names - served)
        assert rule["labels"]["severity"] in {"info", "warning", "critical"}
        assert rule["annotations"]["summary"]
        assert rule["annotations"]["description"]
    assert 'job="ops-warden-operator-metrics"' in alerts["WardenOperatorDown"]["expr"]
    assert "warden_worker_suspended" in alerts["WardenWorkerNoSuccessfulRun"]["expr"]


def test_the_parser_is_a_real_oracle() -> None:
    for broken in ("sum(rate(warden_runs_total[5m])", "warden_runs_total{result=}",
                   "increase(warden_runs_total[2 hours])", "a > > b"):  # fmt: skip
        with pytest.raises(ValueError):  # noqa: PT011 - the parser's only error type
            promql_parser.parse(broken)


async def test_alert_thresholds_come_from_values(tmp_path: Path) -> None:
    values = json.loads(json.dumps(MONITORING))
    values["metrics"]["prometheusRule"].update(
        {"failing": {"runs": 5, "window": "6h"}, "noSuccess": {"periods": 2},
         "operatorDown": {"job": "warden-operator", "severity": "warning"},
         "additionalRules": [{"alert": "Mine", "expr": "vector(1)", "for": "1m"}]}
    )  # fmt: skip
    release = await install_with_monitoring_crds(tmp_path, values)
    alerts = _alerts(release)
    assert "[6h])) >= 5" in alerts["WardenWorkerFailing"]["expr"]
    assert "> 2 * max by" in alerts["WardenWorkerNoSuccessfulRun"]["expr"]
    assert 'job="warden-operator"' in alerts["WardenOperatorDown"]["expr"]
    assert alerts["WardenOperatorDown"]["labels"]["severity"] == "warning"
    assert alerts["Mine"]["expr"] == "vector(1)"
    validate_monitoring_object(release.one("PrometheusRule"))


# --- the dashboard ----------------------------------------------------------------------


def _grafana_to_promql(expr: str) -> str:
    """Grafana's variables as Prometheus sees them after Grafana interpolated them."""
    return expr.replace("$__rate_interval", "5m").replace("$__interval", "1m")


def test_the_dashboard_configmap_for_the_sidecar(monitored: Release) -> None:
    configmap = monitored.one("ConfigMap", "ops-warden-dashboard")
    assert configmap["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert configmap["metadata"]["annotations"] == {"grafana_folder": "Platform"}
    (text,) = configmap["data"].values()
    dashboard = json.loads(text)
    assert dashboard["uid"] == "ops-warden"
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    assert variables == {"datasource", "namespace", "worker"}
    served = _served_names()
    titles = set()
    for panel in dashboard["panels"]:
        titles.add(panel["title"])
        assert panel["datasource"]["uid"] == "${datasource}"
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            names = _metric_names(_grafana_to_promql(target["expr"]))
            assert names <= served, (panel["title"], names - served)
            if "namespace=" in target["expr"] or "name=" in target["expr"]:
                assert 'namespace=~"$namespace"' in target["expr"], panel["title"]
    assert len(titles) == len(dashboard["panels"])
    shown = set().union(*(_metric_names(_grafana_to_promql(t["expr"]))
                          for p in dashboard["panels"] for t in p["targets"]))  # fmt: skip
    for wanted in ("warden_runs_total", "warden_messages_total", "warden_llm_calls_total",
                   "warden_guardrail_interventions_total", "warden_shakedown_clean_dry_runs",
                   "warden_reconcile_errors_total", "warden_rollout_stage"):  # fmt: skip
        assert wanted in shown


# --- NetworkPolicy: the metrics port can be scraped -------------------------------------------


def _operator_pod(release: Release) -> Pod:
    labels = release.one("Deployment", "ops-warden-operator")["spec"]["template"]["metadata"][
        "labels"
    ]
    return Pod(NS, labels)


PROMETHEUS = Pod("monitoring", {"app.kubernetes.io/name": "prometheus"})


def test_a_scraper_reaches_the_metrics_port_and_nothing_else(monitored: Release) -> None:
    policies = monitored.of_kind("NetworkPolicy")
    operator = _operator_pod(monitored)
    assert ingress_allowed(policies, operator, PROMETHEUS, 8081)
    assert not ingress_allowed(policies, operator, PROMETHEUS, 8080)
    assert not ingress_allowed(policies, operator, PROMETHEUS, 8081, "UDP")


async def test_scraping_can_be_narrowed_to_prometheus(tmp_path: Path) -> None:
    peer = {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}},
        "podSelector": {"matchLabels": {"app.kubernetes.io/name": "prometheus"}},
    }
    values = {"networkPolicy": {"metrics": {"from": [peer]}}, "metrics": {"port": 9400}}
    release = await install_with_monitoring_crds(tmp_path, values)
    policies = release.of_kind("NetworkPolicy")
    operator = _operator_pod(release)
    assert "--metrics-port=9400" in operator_container(release)["args"]
    assert ingress_allowed(policies, operator, PROMETHEUS, 9400)
    assert not ingress_allowed(policies, operator, PROMETHEUS, 8081)
    assert not ingress_allowed(policies, operator, Pod("monitoring", {"app": "x"}), 9400)
    elsewhere = Pod("default", {"app.kubernetes.io/name": "prometheus"})
    assert not ingress_allowed(policies, operator, elsewhere, 9400)
    closed = await install_with_monitoring_crds(
        tmp_path / "closed", {"networkPolicy": {"metrics": {"from": []}}}
    )
    assert not ingress_allowed(
        closed.of_kind("NetworkPolicy"), _operator_pod(closed), PROMETHEUS, 8081
    )


BAD_VALUES: list[tuple[str, dict[str, Any], str]] = [
    ("interval", {"serviceMonitor": {"interval": "30 seconds"}}, "interval"),
    ("port", {"port": 70000}, "/metrics/port"),
    ("unknown", {"serviceMonitor": {"enable": True}}, "enable"),
    ("threshold", {"prometheusRule": {"failing": {"runs": 0}}}, "runs"),
    ("namespace", {"grafanaDashboard": {"namespace": "Not A Namespace"}}, "namespace"),
]


@pytest.mark.parametrize(
    ("values", "expected"), [(v, e) for _, v, e in BAD_VALUES], ids=[n for n, _, _ in BAD_VALUES]
)
async def test_bad_monitoring_values_are_refused(
    render: Render, values: dict[str, Any], expected: str
) -> None:
    assert expected in await schema_refusal(render, {"metrics": values})
