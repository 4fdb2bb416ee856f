"""Render the chart the only way Helm offers through helm-sdkpy: a real `helm install`.

The install goes to kmock's KubernetesEmulator served on 127.0.0.1, through a kubeconfig whose
server is the emulator's URL. Helm renders, validates the values against values.schema.json,
checks the chart's kubeVersion against the server, installs crds/ first and then creates every
templated object over HTTP; the test reads back the manifest Helm rendered and the objects the
emulator received. Nothing is rendered by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import kmock
import yaml

from tests.scenarios.emulator import ApiServerEmulator

REPO_ROOT = Path(__file__).resolve().parents[2]
CHART_DIR = REPO_ROOT / "charts" / "ops-warden"
# A current Kubernetes: what the emulator reports and what manifests are validated against.
KUBERNETES_VERSION = "1.33.0"
HELM_TIMEOUT_SECONDS = 60


class HelmFailed(Exception):
    """Helm refused the chart or the values; the message is Helm's own."""


class ChartEmulator(ApiServerEmulator):
    """The strict emulator (tests/scenarios/emulator.py: it admits what an apiserver admits,
    CRDs included) with the two things Helm's Go client needs from a real API server: a
    configurable server version (for the chart's kubeVersion check) and a core discovery
    document whose groupVersion is "v1" (client-go keys the core resources by it)."""

    server_version = KUBERNETES_VERSION

    async def _serve_server_version(self, request: kmock.Request) -> kmock.Payload:
        major, minor, _patch = self.server_version.split(".")
        return {"major": major, "minor": minor, "gitVersion": f"v{self.server_version}"}

    async def _serve_version(self, request: kmock.Request) -> kmock.Payload:
        document = await super()._serve_version(request)
        if isinstance(document, dict) and str(document.get("groupVersion", "")).startswith("/"):
            document["groupVersion"] = document["groupVersion"][1:]
        return document


def chart_crds(chart_dir: Path = CHART_DIR) -> list[dict[str, Any]]:
    """Every CustomResourceDefinition the chart ships in crds/."""
    crds: list[dict[str, Any]] = []
    for path in sorted((chart_dir / "crds").glob("*.yaml")):
        crds.extend(doc for doc in yaml.safe_load_all(path.read_text()) if doc)
    return crds


def declare_crd_resources(emulator: kmock.KubernetesEmulator, crds: list[dict[str, Any]]) -> None:
    """Serve the chart's custom resources, as an API server does once their CRDs are established."""
    for crd in crds:
        spec = crd["spec"]
        for version in spec["versions"]:
            subresources = set(version.get("subresources", {}))
            emulator.resources[f"{spec['group']}/{version['name']}/{spec['names']['plural']}"] = (
                kmock.ResourceInfo(
                    kind=spec["names"]["kind"],
                    singular=spec["names"].get("singular"),
                    namespaced=spec["scope"] == "Namespaced",
                    verbs={"get", "list", "watch", "create", "update", "patch", "delete"},
                    shortnames=set(spec["names"].get("shortNames", [])),
                    subresources=subresources,
                )
            )


def kubeconfig_for(server_url: str, namespace: str) -> str:
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "emulator", "cluster": {"server": server_url}}],
            "users": [{"name": "tester", "user": {"token": "emulator-accepts-anything"}}],
            "contexts": [
                {
                    "name": "emulator",
                    "context": {"cluster": "emulator", "user": "tester", "namespace": namespace},
                }
            ],
            "current-context": "emulator",
        }
    )


async def run_helm(request: dict[str, Any], work_dir: Path) -> dict[str, Any]:
    """One Helm action in a child process (see helm_action.py for why)."""
    env = {
        **os.environ,
        "HELM_DRIVER": "memory",
        "HELM_CACHE_HOME": str(work_dir / "helm-cache"),
        "HELM_CONFIG_HOME": str(work_dir / "helm-config"),
        "HELM_DATA_HOME": str(work_dir / "helm-data"),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.chart.helm_action",
        cwd=REPO_ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(
        process.communicate(json.dumps(request).encode()), timeout=HELM_TIMEOUT_SECONDS
    )
    if process.returncode != 0:
        raise RuntimeError(f"helm child process failed ({process.returncode}): {stderr.decode()}")
    answer: dict[str, Any] = json.loads(stdout)
    if not answer["ok"]:
        raise HelmFailed(answer["error"])
    result: dict[str, Any] = answer["result"]
    return result


@dataclass
class Release:
    """What one `helm install` produced."""

    manifest: list[dict[str, Any]]
    notes: str
    emulator: ChartEmulator
    crds: list[dict[str, Any]] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [doc for doc in self.manifest if doc["kind"] == kind]

    def one(self, kind: str, name: str | None = None) -> dict[str, Any]:
        found = [d for d in self.of_kind(kind) if name is None or d["metadata"]["name"] == name]
        assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
        return found[0]

    def stored_objects(self) -> list[dict[str, Any]]:
        """Every object the emulator holds after the install (CRDs included)."""
        return [obj.raw for _key, obj in self.emulator.objects.items() if not obj.deleted]


@contextlib.asynccontextmanager
async def emulated_cluster(
    server_version: str = KUBERNETES_VERSION,
    *,
    emulator_class: type[ChartEmulator] = ChartEmulator,
) -> AsyncIterator[tuple[ChartEmulator, str]]:
    """A fresh emulator on 127.0.0.1 serving the built-in resources and the chart's CRDs.
    `emulator_class` may add behaviour (the operator test adds API server bookkeeping)."""
    async with emulator_class() as emulator, kmock.Server(emulator) as server:
        emulator.server_version = server_version
        emulator.resources.load_bundled()
        declare_crd_resources(emulator, chart_crds())
        yield emulator, str(server.url).rstrip("/")


async def install_chart(
    emulator: ChartEmulator,
    server_url: str,
    work_dir: Path,
    values: dict[str, Any] | None = None,
    *,
    release: str = "ops-warden",
    namespace: str = "ops-warden",
) -> Release:
    result = await run_helm(
        {
            "action": "install",
            "chart": str(CHART_DIR),
            "release": release,
            "namespace": namespace,
            "kubeconfig": kubeconfig_for(server_url, namespace),
            "values": values or {},
        },
        work_dir,
    )
    manifest = [doc for doc in yaml.safe_load_all(result.get("manifest", "")) if doc]
    return Release(
        manifest=manifest,
        notes=result.get("info", {}).get("notes", ""),
        emulator=emulator,
        crds=chart_crds(),
    )
