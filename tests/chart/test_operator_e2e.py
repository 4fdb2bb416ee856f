"""The chart end to end on the emulator: a real `helm install` with `workers[]` values, then
the real operator (`warden operator`) started as the release's Deployment would start it - its
args, and its env with the downward API resolved - against the same emulator. The WardenWorker
from the values is reconciled into a CronJob configured from the chart's ConfigMap, and the
kind suite's whole flow runs on this install too (the kubelet played locally, see
EmulatorCluster.trigger_run).

What is declared or played openly, because the emulator is no cluster:
- resources: kmock's bundled built-ins and the chart's CRDs (as once they are established);
- API server bookkeeping (uid, resourceVersion, generation, status subresource) and admission
  (schemas, CRDs, quantities, schedules): the strict ApiServerEmulator the ChartEmulator is;
- the kubelet: the operator runs as a local process, its liveness endpoint on a free local
  port instead of the container port, probed once as the kubelet's probes would;
- no controllers and no garbage collector (the flow asserts ownerReferences instead).
"""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.chart.emulated_cluster import Release, emulated_cluster, install_chart
from tests.scenarios import operator_flow as flow
from tests.scenarios.emulator import (
    EmulatorCluster,
    OperatorProcess,
    write_kubeconfig,
)
from tests.scenarios.kind import KindCluster
from tests.support.hub import HubProcess
from warden.operator.metrics import DEFAULT_METRICS_PORT as METRICS_PORT

pytestmark = [
    pytest.mark.emulator,
    # kmock 0.8 loads its bundled resource list with a deprecated importlib.resources call.
    pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning"),
]

VALUES: dict[str, Any] = {
    "image": {"tag": "0.9.1"},
    "config": {"llmConnectUrl": "http://llm-connect.llm.svc:8080"},
    "hub": {"reference": {"enabled": True}},  # as the kind suite installs it
    "workers": [
        {
            "name": "coordination",
            "namespace": "team-a",
            "spec": {"schedule": "*/15 * * * *", "suspend": False},
        }
    ],
}


@dataclass
class ChartInstall:
    release: Release
    cluster: EmulatorCluster
    config: dict[str, str]  # the chart's operator ConfigMap, as stored
    liveness_url: str
    server_url: str
    metrics_url: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def operator_command(
    release: Release, health_port: int, metrics_port: int
) -> tuple[list[str], dict[str, str]]:
    """The operator container's args and env from the release's Deployment, resolved as the
    kubelet would (downward API), with the liveness and metrics endpoints moved to free local
    ports."""
    deployment = release.one("Deployment", "ops-warden-operator")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    env: dict[str, str] = {}
    for item in container["env"]:
        if "value" in item:
            env[item["name"]] = item["value"]
        elif item.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.namespace":
            env[item["name"]] = deployment["metadata"]["namespace"]
        else:
            raise AssertionError(f"cannot resolve operator env {item}")
    args = [
        re.sub(r"^--liveness=http://[^/]+", f"--liveness=http://127.0.0.1:{health_port}", arg)
        for arg in container["args"]
    ]
    assert f"--metrics-port={METRICS_PORT}" in args
    args = [
        f"--metrics-port={metrics_port}" if arg.startswith("--metrics-port=") else arg
        for arg in args
    ] + ["--metrics-address=127.0.0.1"]
    # The global --log-level comes first in the Deployment; OperatorProcess sets its own.
    return [a for a in args if not a.startswith("--log-level=")], env


@pytest.fixture
async def chart_install(tmp_path: Path) -> AsyncIterator[ChartInstall]:
    async with emulated_cluster() as (emulator, url):
        release = await install_chart(emulator, url, tmp_path / "helm", VALUES)
        health_port, metrics_port = _free_port(), _free_port()
        args, env = operator_command(release, health_port, metrics_port)
        operator = OperatorProcess(
            write_kubeconfig(tmp_path / "kubeconfig", url), tmp_path / "operator.log", env, args
        )
        cluster = EmulatorCluster(emulator, operator, tmp_path / "kubelet")
        stored = await cluster.get(
            "ConfigMap", env["WARDEN_OPERATOR_CONFIGMAP"], env["WARDEN_OPERATOR_NAMESPACE"]
        )
        assert stored is not None, "helm created the operator's ConfigMap"
        await operator.start()
        try:
            yield ChartInstall(
                release,
                cluster,
                dict(stored["data"]),
                f"http://127.0.0.1:{health_port}/healthz",
                url,
                f"http://127.0.0.1:{metrics_port}/metrics",
            )
        finally:
            await operator.stop()
            print(operator.log()[-20000:])  # shown by pytest when the test failed


async def test_worker_from_values_is_reconciled_from_the_charts_config(
    chart_install: ChartInstall,
) -> None:
    cluster, config = chart_install.cluster, chart_install.config
    assert args_of(chart_install.release)[:2] == ["--log-level=INFO", "operator"]
    assert config["workerImage"] == "ghcr.io/ops-warden/ops-warden:0.9.1"
    assert config["llmConnectUrl"] == "http://llm-connect.llm.svc:8080"
    assert config["defaultHubUrl"] == "http://ops-warden-hub.ops-warden.svc:8080"

    ww = await flow.wait_worker(
        cluster, "coordination", lambda w: flow.condition(w, "Ready").get("status") == "True",
        "the WardenWorker from values is Ready",
    )  # fmt: skip
    cj = await flow.wait_cronjob(cluster, "coordination", lambda cj: True, "its CronJob")
    assert cj["metadata"]["namespace"] == "team-a"
    assert cj["metadata"]["ownerReferences"][0]["uid"] == ww["metadata"]["uid"]
    assert cj["spec"]["suspend"] is False  # from the values
    container = flow.container(cj)
    assert container["image"] == config["workerImage"]
    env = flow.env_of(cj)
    assert env["LLM_CONNECT_URL"] == config["llmConnectUrl"]
    assert env["WARDEN_HUB_URL"] == config["defaultHubUrl"]
    pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["serviceAccountName"] == "ops-warden-worker"  # filled in by the chart
    assert flow.carried_catalog(cj) == config["catalog.yaml"]
    assert ww["status"]["effectiveMode"] == "dry-run"

    # What the Deployment's liveness and readiness probes ask.
    async with httpx.AsyncClient() as client:
        response = await client.get(chart_install.liveness_url, timeout=5)
        assert response.status_code == 200
        # What the metrics Service's port leads to: the worker from values, counted.
        metrics = await client.get(chart_install.metrics_url, timeout=5)
    assert metrics.status_code == 200
    suspended = {
        (sample.labels["namespace"], sample.labels["name"]): sample.value
        for family in text_string_to_metric_families(metrics.text)
        for sample in family.samples
        if sample.name == "warden_worker_suspended"
    }
    assert suspended == {("team-a", "coordination"): 0.0}


async def test_the_kind_flow_on_the_chart_install(
    chart_install: ChartInstall, hub: HubProcess
) -> None:
    """tests/e2e's flow, with the chart's own ConfigMap (image, shipped catalog) behind it."""
    ids = await flow.seed_inbox(hub.url, "ops-warden")
    inbox = flow.SeededInbox(
        agent="ops-warden", hub_url=hub.url, message_ids=tuple(ids), reader=hub
    )
    await flow.flow_dry_run_then_execute(chart_install.cluster, inbox)


class KubectlOnEmulator(KindCluster):
    """The kind suite's driver, unchanged but for what the emulator lacks: a garbage
    collector, and an operator Deployment with a status (the operator is a local process)."""

    garbage_collects = False

    def __init__(self, kubeconfig: Path, local: EmulatorCluster) -> None:
        super().__init__(kubeconfig, local.namespace, validate=False)
        self.local = local

    def operator_alive(self) -> bool:
        return self.local.operator_alive()


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="needs kubectl on PATH")
async def test_the_kind_driver_speaks_kubectl(chart_install: ChartInstall, tmp_path: Path) -> None:
    """tests/scenarios/kind.py's kubectl calls, against this install and its operator: apply,
    patch, `kubectl create job --from=cronjob/...`, Events, operator config, delete."""
    local = chart_install.cluster
    driver = KubectlOnEmulator(
        write_kubeconfig(tmp_path / "kubectl-config", chart_install.server_url), local
    )
    await driver.create(flow.worker("via-kubectl", driver.namespace))
    cj = await flow.wait_cronjob(driver, "via-kubectl", lambda cj: True, "CronJob via kubectl")
    assert await driver.get("CronJob", "absent") is None
    await driver.patch("WardenWorker", "via-kubectl", {"spec": {"schedule": "0 * * * *"}})
    cj = await flow.wait_cronjob(
        driver, "via-kubectl", lambda cj: cj["spec"]["schedule"] == "0 * * * *", "patched"
    )
    await flow.wait_event(driver, "via-kubectl", "CronJobCreated")

    job_name = await driver.trigger_run("via-kubectl")
    job = await local.get("Job", job_name)
    assert job is not None, "kubectl create job --from=cronjob/via-kubectl"
    assert job["metadata"]["labels"]["ops-warden.dev/worker"] == "via-kubectl"
    assert job["metadata"]["annotations"]["cronjob.kubernetes.io/instantiate"] == "manual"
    (owner,) = job["metadata"]["ownerReferences"]
    assert (owner["kind"], owner["name"]) == ("CronJob", "via-kubectl")
    # The Job's worker is the CronJob's (kubectl's typed copy adds empty defaults, resources).
    job_container = job["spec"]["template"]["spec"]["containers"][0]
    for key, value in flow.container(cj).items():
        assert job_container[key] == value or not value, key

    new_url = "http://llm-2.llm.svc:8080"
    await driver.set_operator_config({"llmConnectUrl": new_url})
    await flow.wait_cronjob(
        driver, "via-kubectl", lambda cj: flow.env_of(cj)["LLM_CONNECT_URL"] == new_url,
        "re-rendered after the operator config changed",
    )  # fmt: skip
    await flow.delete_collects_cronjob(driver, "via-kubectl")


def args_of(release: Release) -> list[str]:
    deployment = release.one("Deployment", "ops-warden-operator")
    args: list[str] = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    return args
