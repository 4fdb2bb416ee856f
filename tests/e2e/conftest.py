"""The kind suite's cluster: kind (via pytest-kind), the image, the chart with the reference
State Hub beside the operator, and a freshly seeded inbox per test.

Needs `docker` with an engine that answers, `kind`, `kubectl` and `helm` on PATH, and the
image to test in `WARDEN_E2E_IMAGE` (built from the Dockerfile). Without them every test here
is skipped with the reason. The e2e workflow creates the cluster itself and names it in
`WARDEN_E2E_KIND_CLUSTER`; it is reused then (and kept). Without that variable a cluster
`ops-warden-e2e` is created and deleted at the end (kept with `WARDEN_E2E_KEEP_CLUSTER=1`).
With `WARDEN_E2E_REQUIRED=1` (the workflow sets it) a missing prerequisite fails instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.scenarios.kind import KindCluster, PortForwardedHub, port_forward
from tests.scenarios.operator_flow import OPERATOR_NAMESPACE, SeededInbox, seed_inbox

REPO_ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = REPO_ROOT / "charts" / "ops-warden"
RELEASE = "ops-warden"  # names the operator Deployment and ConfigMap as the scenarios expect
HUB_SERVICE = f"{RELEASE}-hub"
HUB_PORT = 8080
HUB_URL_IN_CLUSTER = f"http://{HUB_SERVICE}.{OPERATOR_NAMESPACE}.svc:{HUB_PORT}"
WORKER_NAMESPACE = "e2e"
DEFAULT_CLUSTER = "ops-warden-e2e"


def missing_prerequisite() -> str | None:
    """Why the kind suite cannot run here (all reasons at once), or None when it can."""
    missing = [tool for tool in ("docker", "kind", "kubectl", "helm") if not shutil.which(tool)]
    reasons = [f"no `{'`, `'.join(missing)}` on PATH"] if missing else []
    if "docker" not in missing:
        try:
            subprocess.run(
                ["docker", "info", "--format", "{{.ServerVersion}}"],
                capture_output=True, check=True, timeout=10,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            reasons.append("no Docker engine answers `docker info`")
    if not os.environ.get("WARDEN_E2E_IMAGE"):
        reasons.append("WARDEN_E2E_IMAGE (the image built from the Dockerfile) is not set")
    if not reasons:
        return None
    return (
        "kind suite needs Docker, kind, kubectl, helm and the image; here: "
        + "; ".join(reasons)
        + " (it runs in .github/workflows/e2e.yaml; the same scenario runs on the emulator)"
    )


@pytest.fixture(scope="session", autouse=True)
def _kind_prerequisites() -> None:
    reason = missing_prerequisite()
    if reason and os.environ.get("WARDEN_E2E_REQUIRED"):
        pytest.fail(reason)  # in the e2e workflow a skip would pass for green
    if reason:
        pytest.skip(reason)


def _run(*command: str, kubeconfig: Path | None = None, timeout: float = 600) -> str:
    env = {**os.environ, **({"KUBECONFIG": str(kubeconfig)} if kubeconfig else {})}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _image_values(image: str) -> list[str]:
    """--set flags for `repo[:tag]` or `repo@sha256:...`."""
    if "@" in image:
        repository, digest = image.split("@", 1)
        return ["--set", f"image.repository={repository}", "--set", f"image.digest={digest}"]
    repository, _, tag = image.rpartition(":")
    if not repository or "/" in tag:
        repository, tag = image, "latest"
    return ["--set", f"image.repository={repository}", "--set", f"image.tag={tag}"]


@pytest.fixture(scope="session")
def kind_kubeconfig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A kind cluster with the image loaded and the chart installed; its kubeconfig."""
    from pytest_kind import KindCluster as PytestKindCluster

    image = os.environ["WARDEN_E2E_IMAGE"]
    reuse = os.environ.get("WARDEN_E2E_KIND_CLUSTER")
    name = reuse or DEFAULT_CLUSTER
    kubeconfig = tmp_path_factory.mktemp("kind") / "kubeconfig"
    if reuse:  # pytest-kind reuses a cluster by name, but needs its kubeconfig written first
        kubeconfig.write_text(_run("kind", "get", "kubeconfig", "--name", name))
    kind = PytestKindCluster(
        name,
        kubeconfig,
        image=os.environ.get("WARDEN_E2E_KIND_NODE_IMAGE"),
        kind_path=Path(shutil.which("kind") or "kind"),
        kubectl_path=Path(shutil.which("kubectl") or "kubectl"),
    )
    kind.create()  # reuses the cluster when it exists
    try:
        kind.load_docker_image(image)
        _run(
            "helm", "upgrade", "--install", RELEASE, str(CHART_DIR),
            "--namespace", OPERATOR_NAMESPACE, "--create-namespace",
            *_image_values(image),
            "--set", "image.pullPolicy=IfNotPresent",
            "--set", "hub.reference.enabled=true",
            "--set", "operator.logLevel=DEBUG",
            "--wait", "--timeout", "5m",
            kubeconfig=kubeconfig,
        )  # fmt: skip
        namespace = _run(
            "kubectl", "create", "namespace", WORKER_NAMESPACE, "--dry-run=client", "-o", "yaml"
        )
        subprocess.run(
            ["kubectl", "apply", "-f", "-"],
            input=namespace, text=True, check=True, capture_output=True,
            env={**os.environ, "KUBECONFIG": str(kubeconfig)},
        )  # fmt: skip
        yield kubeconfig
    finally:
        if not reuse and not os.environ.get("WARDEN_E2E_KEEP_CLUSTER"):
            kind.delete()


@pytest.fixture
def cluster(kind_kubeconfig: Path) -> KindCluster:
    """The scenarios' `Cluster` driver on the kind cluster (tests/scenarios/kind.py)."""
    return KindCluster(kind_kubeconfig, WORKER_NAMESPACE)


@pytest.fixture
async def seeded_inbox(kind_kubeconfig: Path) -> AsyncIterator[SeededInbox]:
    """The in-cluster reference hub, seeded by `warden hub seed` through a port-forward, for
    a fresh agent (so a reused cluster's earlier runs do not count)."""
    agent = f"e2e-{secrets.token_hex(4)}"
    with port_forward(
        kind_kubeconfig, OPERATOR_NAMESPACE, f"service/{HUB_SERVICE}", HUB_PORT
    ) as local_url:
        ids = await seed_inbox(local_url, agent)
        reader = PortForwardedHub(local_url)
        try:
            yield SeededInbox(
                agent=agent, hub_url=HUB_URL_IN_CLUSTER, message_ids=tuple(ids), reader=reader
            )
        finally:
            reader.close()
