"""Fixtures for the operator tests: kmock's emulator on 127.0.0.1 with the CRD from the chart,
and the real `warden operator` running against it in a subprocess."""

from __future__ import annotations

import contextlib
import secrets
import string
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import kmock
import pytest

from tests.scenarios.emulator import (
    RESOURCES,
    STANDALONE_ARGS,
    ApiServerEmulator,
    EmulatorCluster,
    OperatorProcess,
    load_crd,
    write_kubeconfig,
)
from tests.scenarios.operator_flow import OPERATOR_NAMESPACE, default_config, eventually


@contextlib.asynccontextmanager
async def running_cluster(
    tmp_path: Path, args: Sequence[str] = STANDALONE_ARGS
) -> AsyncIterator[EmulatorCluster]:
    """The emulator, the operator's ConfigMap and `warden <args>` running against it."""
    async with ApiServerEmulator() as emulator, kmock.Server(emulator) as server:
        for resource, info in RESOURCES.items():
            emulator.resources[resource] = kmock.ResourceInfo(**info)
        emulator.install_crd(load_crd())
        operator = OperatorProcess(
            write_kubeconfig(tmp_path / "kubeconfig", str(server.url).rstrip("/")),
            tmp_path / "operator.log",
            {
                "WARDEN_OPERATOR_NAMESPACE": OPERATOR_NAMESPACE,
                "WARDEN_OPERATOR_CONFIGMAP": "ops-warden-operator",
                "WARDEN_OPERATOR_RESYNC_SECONDS": "2",
            },
            args,
        )
        driver = EmulatorCluster(emulator, operator, tmp_path / "kubelet")
        await driver.set_operator_config(default_config())
        await operator.start()

        async def watching() -> bool:
            # iterating a kmock handler yields the requests it served
            return any(
                "wardenworkers" in str(r.url) and r.params.get("watch") == "true"
                for r in list(emulator)
            )

        try:
            await eventually(watching, "the operator watches WardenWorkers", within=20)
            yield driver
        finally:
            await operator.stop()
            print(operator.log()[-20000:])  # shown by pytest when the test failed


@pytest.fixture
async def cluster(tmp_path: Path) -> AsyncIterator[EmulatorCluster]:
    """The operator serving all namespaces."""
    async with running_cluster(tmp_path) as driver:
        yield driver


@pytest.fixture
async def namespaced_cluster(tmp_path: Path) -> AsyncIterator[EmulatorCluster]:
    """The operator serving only the workers' namespace (`-n team-a`, as the chart's
    operator.watchNamespaces renders it): its own ConfigMap's namespace is not served."""
    args = ("operator", "--namespace=team-a", "--standalone", "--metrics-port=0")
    async with running_cluster(tmp_path, args) as driver:
        assert driver.namespace != OPERATOR_NAMESPACE
        yield driver


@pytest.fixture
def fake_token() -> str:
    """A GitHub-shaped token made up now, so no real-looking secret lives in the repo."""
    alphabet = string.ascii_letters + string.digits
    return "ghp_" + "".join(secrets.choice(alphabet) for _ in range(36))
