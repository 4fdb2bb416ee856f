"""The `Cluster` driver for a real cluster (kind in the e2e workflow), through `kubectl`.

Everything a real cluster does itself is left to it: the API server validates against the
CRD, the Job controller and the kubelet run the worker, the garbage collector removes what a
deleted WardenWorker owned. So runs are real (`can_simulate_runs = False`): a scenario starts
one with `trigger_run` (`kubectl create job --from=cronjob/NAME`) and reads what the worker did.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import queue
import re
import secrets
import subprocess
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx

from tests.scenarios.operator_flow import OPERATOR_CONFIGMAP, OPERATOR_NAMESPACE, SimulatedRun

KUBECTL_TIMEOUT = 120.0
OPERATOR_DEPLOYMENT = "ops-warden-operator"  # the chart's name for release "ops-warden"

_RESOURCES = {
    "WardenWorker": "wardenworkers.ops-warden.dev",
    "CronJob": "cronjobs.batch",
    "Job": "jobs.batch",
    "Pod": "pods",
    "ConfigMap": "configmaps",
    "Event": "events",
}


class KubectlFailed(AssertionError):
    """kubectl exited non-zero; the message holds its command line and stderr."""


class KindCluster:
    """The `Cluster` protocol (tests/scenarios/operator_flow.py) over `kubectl`."""

    can_simulate_runs = False
    garbage_collects = True

    def __init__(
        self, kubeconfig: Path, namespace: str, kubectl: str = "kubectl", validate: bool = True
    ) -> None:
        self.kubeconfig = kubeconfig
        self.namespace = namespace
        self.kubectl_path = kubectl
        # kubectl validates what it creates against the server's OpenAPI document; kmock's
        # emulator serves none, so the driver's own test turns that off (never on kind).
        self.validate = validate

    # -- kubectl ---------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        return {**os.environ, "KUBECONFIG": str(self.kubeconfig)}

    async def kubectl(self, *args: str, stdin: str | None = None) -> str:
        process = await asyncio.create_subprocess_exec(
            self.kubectl_path, *args, env=self._env(),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        stdout, stderr = await asyncio.wait_for(
            process.communicate(stdin.encode() if stdin is not None else None), KUBECTL_TIMEOUT
        )
        if process.returncode != 0:
            raise KubectlFailed(f"kubectl {' '.join(args)}: {stderr.decode().strip()}")
        return stdout.decode()

    async def _json(self, *args: str, stdin: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(await self.kubectl(*args, "-o", "json", stdin=stdin))
        return result

    # -- the Cluster protocol --------------------------------------------------------------

    async def create(self, body: Mapping[str, Any]) -> dict[str, Any]:
        namespace = body.get("metadata", {}).get("namespace") or self.namespace
        return await self._json(
            "create", "-n", namespace, *self._validate(), "-f", "-", stdin=json.dumps(body)
        )

    def _validate(self) -> list[str]:
        return [] if self.validate else ["--validate=false"]

    async def get(
        self, kind: str, name: str, namespace: str | None = None
    ) -> dict[str, Any] | None:
        output = await self.kubectl(
            "get", _RESOURCES[kind], name, "-n", namespace or self.namespace,
            "--ignore-not-found", "-o", "json",
        )  # fmt: skip
        if not output.strip():
            return None
        found: dict[str, Any] = json.loads(output)
        return found

    async def patch(
        self, kind: str, name: str, patch: Mapping[str, Any], namespace: str | None = None
    ) -> None:
        await self.kubectl(
            "patch", _RESOURCES[kind], name, "-n", namespace or self.namespace,
            "--type", "merge", "-p", json.dumps(patch),
        )  # fmt: skip

    async def delete(self, kind: str, name: str, namespace: str | None = None) -> None:
        await self.kubectl(
            "delete", _RESOURCES[kind], name, "-n", namespace or self.namespace, "--wait=false"
        )

    async def set_operator_config(self, data: Mapping[str, str]) -> None:
        await self.patch("ConfigMap", OPERATOR_CONFIGMAP, {"data": dict(data)}, OPERATOR_NAMESPACE)

    async def restart_operator(self) -> None:
        deployment = f"deployment/{OPERATOR_DEPLOYMENT}"
        await self.kubectl("rollout", "restart", deployment, "-n", OPERATOR_NAMESPACE)
        await self.kubectl(
            "rollout", "status", deployment, "-n", OPERATOR_NAMESPACE, "--timeout=120s"
        )

    def operator_alive(self) -> bool:
        result = subprocess.run(
            [self.kubectl_path, "get", "deployment", OPERATOR_DEPLOYMENT, "-n",
             OPERATOR_NAMESPACE, "-o", "jsonpath={.status.readyReplicas}"],
            env=self._env(), capture_output=True, text=True, timeout=KUBECTL_TIMEOUT, check=False,
        )  # fmt: skip
        return result.returncode == 0 and result.stdout.strip() not in ("", "0")

    async def finish_run(self, cronjob_name: str, run: SimulatedRun) -> str:
        raise NotImplementedError("runs on kind are real: use trigger_run")

    async def finish_job(self, job_name: str, run: SimulatedRun) -> None:
        raise NotImplementedError("runs on kind are real: use run_job")

    async def run_job(self, job_name: str) -> None:
        """Nothing to do: the Job controller and the kubelet run the Job the operator made."""

    async def trigger_run(self, cronjob_name: str) -> str:
        """`kubectl create job NAME --from=cronjob/CRONJOB`, in two steps: kubectl renders the
        Job client-side (`--dry-run=client`: the CronJob's jobTemplate, its labels and
        annotations, the manual-instantiation annotation and the ownerReference), then
        creates it as JSON. Same Job; the split only spares the API server kubectl's protobuf
        body, which kmock's emulator (where this driver is tested) cannot read."""
        job_name = f"{cronjob_name}-manual-{secrets.token_hex(3)}"  # CronJob names are ≤ 52
        job = await self.kubectl(
            "create", "job", job_name, f"--from=cronjob/{cronjob_name}", "-n", self.namespace,
            "--dry-run=client", "-o", "json",
        )  # fmt: skip
        await self.kubectl("create", "-n", self.namespace, *self._validate(), "-f", "-", stdin=job)
        return job_name

    async def events(self, name: str) -> list[dict[str, Any]]:
        listing = await self._json(
            "get", "events", "-n", self.namespace, "--field-selector", f"involvedObject.name={name}"
        )
        items = listing.get("items", [])
        return [e for e in items if e.get("involvedObject", {}).get("name") == name]


class PortForwardedHub:
    """The in-cluster reference hub as the test process reaches it: `kubectl port-forward` to
    its Service on a port kubectl picks. Reads over the hub's HTTP API (a `HubReader`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._http = httpx.Client(timeout=10)

    def messages(
        self,
        *,
        to_agent: str | None = None,
        from_agent: str | None = None,
        in_reply_to: str | None = None,
    ) -> list[dict[str, Any]]:
        filters = {"to_agent": to_agent, "from_agent": from_agent, "in_reply_to": in_reply_to}
        params = {k: v for k, v in filters.items() if v is not None}
        response = self._http.get(self.url + "/v1/messages", params=params)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    def close(self) -> None:
        self._http.close()


@contextlib.contextmanager
def port_forward(
    kubeconfig: Path, namespace: str, target: str, remote_port: int, kubectl: str = "kubectl"
) -> Iterator[str]:
    """`kubectl port-forward TARGET :PORT`; yields http://127.0.0.1:<local port>."""
    process = subprocess.Popen(
        [kubectl, "port-forward", "-n", namespace, "--address", "127.0.0.1", target,
         f":{remote_port}"],
        env={**os.environ, "KUBECONFIG": str(kubeconfig)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()

    def drain() -> None:  # kubectl logs every connection; keep its pipe from filling up
        assert process.stdout is not None
        for output in process.stdout:
            lines.put(output)
        lines.put("")

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        try:
            line = lines.get(timeout=60)  # "Forwarding from 127.0.0.1:40123 -> 8080"
        except queue.Empty:
            line = "no answer within 60 s"
        found = re.search(r"127\.0\.0\.1:(\d+)", line)
        if not found:
            raise AssertionError(f"kubectl port-forward {target}: {line.strip()}")
        yield f"http://127.0.0.1:{found.group(1)}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)  # EOF once kubectl is gone
