"""Operator scenarios written once, run against any `Cluster` driver: the kmock emulator here
(tests/scenarios/emulator.py), a kind cluster in CI. Each scenario is an async function that
reads like the spec it proves (issue 3)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

CRD_PATH = (
    Path(__file__).resolve().parents[2] / "charts/ops-warden/crds/wardenworkers.ops-warden.dev.yaml"
)
OPERATOR_NAMESPACE = "ops-warden"
OPERATOR_CONFIGMAP = "ops-warden-operator"  # the chart's name for release "ops-warden"
WORKER_IMAGE = "ghcr.io/ops-warden/ops-warden:0.1.0"
HUB_URL = "http://hub.ops-warden.svc:8080"
LLM_URL = "http://llm-connect.ops-warden.svc:8000"
# The smallest catalog that parses (the operator copies only catalogs that do).
CATALOG = """\
version: 1
agents:
  ops-warden: the coordination worker
routes:
  - topic: credentials
    owner: ops-warden
    description: Credential rotation
    keywords: [credential]
"""
CATALOG_2 = CATALOG.replace("Credential rotation", "Credential rotation, second edition")
INVALID_CATALOG = "version: 1\nroutes: []\n"  # no agents, no routes


@dataclass(frozen=True)
class SimulatedRun:
    """What one finished run leaves behind. On the emulator the driver writes exactly this;
    on kind the worker really runs and these fields are ignored."""

    termination_message: str | None
    exit_code: int = 0
    succeeded: bool = True
    job_reason: str = "BackoffLimitExceeded"  # the Job's Failed condition reason
    container_reason: str | None = None  # e.g. OOMKilled
    waiting_reason: str | None = None  # e.g. ImagePullBackOff
    duration: float = 5.0


class Cluster(Protocol):
    """What a scenario needs from a cluster driver."""

    namespace: str
    can_simulate_runs: bool  # False on kind: runs are real, their content is not chosen
    garbage_collects: bool  # False on the emulator: it has no garbage collector

    async def create(self, body: Mapping[str, Any]) -> dict[str, Any]: ...
    async def get(
        self, kind: str, name: str, namespace: str | None = None
    ) -> dict[str, Any] | None: ...
    async def patch(
        self, kind: str, name: str, patch: Mapping[str, Any], namespace: str | None = None
    ) -> None: ...
    async def set_operator_config(self, data: Mapping[str, str]) -> None: ...
    async def restart_operator(self) -> None: ...
    def operator_alive(self) -> bool: ...
    async def delete(self, kind: str, name: str, namespace: str | None = None) -> None: ...
    async def finish_run(self, cronjob_name: str, run: SimulatedRun) -> str: ...
    async def trigger_run(self, cronjob_name: str) -> str:
        """Start one real run of the CronJob's Job template now and return the Job's name
        (`kubectl create job --from=cronjob/NAME`); the run's summary is whatever the worker
        writes."""
        ...

    async def finish_job(self, job_name: str, run: SimulatedRun) -> None:
        """Finish a Job that exists (one the operator made for run-now) as `run` says
        (emulator only: `can_simulate_runs`)."""
        ...

    async def run_job(self, job_name: str) -> None:
        """Let a Job that exists really run (on kind the cluster does it; on the emulator the
        worker container runs locally)."""
        ...

    async def events(self, name: str) -> list[dict[str, Any]]: ...


class HubReader(Protocol):
    """Reads a State Hub over its HTTP API (tests/support/hub.py's HubProcess is one)."""

    def messages(
        self,
        *,
        to_agent: str | None = None,
        from_agent: str | None = None,
        in_reply_to: str | None = None,
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class SeededInbox:
    """An agent's inbox that `warden hub seed` filled, as a scenario sees it."""

    agent: str
    hub_url: str  # the URL the worker pods reach the hub at
    message_ids: tuple[str, ...]
    reader: HubReader  # the same hub, as the test process reaches it


async def seed_inbox(hub_url: str, agent: str) -> list[str]:
    """`warden hub seed --agent AGENT` against `hub_url` (as reached from this process); the
    ids of the messages it posted."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "warden", "hub", "seed", "--hub-url", hub_url, "--agent", agent,
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, f"warden hub seed failed: {stderr.decode()}"
    ids = [line for line in stdout.decode().split() if line.startswith("msg_")]
    assert ids, f"warden hub seed posted nothing: {stdout.decode()}"
    return ids


async def eventually[T](
    probe: Callable[[], Awaitable[T | None]], what: str, within: float = 15.0
) -> T:
    """Poll until `probe` returns something truthy; fail with `what` after `within` s."""
    deadline = time.monotonic() + within
    last: Any = None
    while time.monotonic() < deadline:
        result = await probe()
        if result:
            return result
        last = result
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {what} (last: {last!r})")


def default_config() -> dict[str, str]:
    return {
        "workerImage": WORKER_IMAGE,
        "defaultHubUrl": HUB_URL,
        "llmConnectUrl": LLM_URL,
        "catalog.yaml": CATALOG,
    }


def worker(name: str, namespace: str, **spec: Any) -> dict[str, Any]:
    """The smallest WardenWorker, plus `spec` overrides."""
    return {
        "apiVersion": "ops-warden.dev/v1alpha1",
        "kind": "WardenWorker",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"schedule": "*/15 * * * *", **spec},
    }


def summary(mode: str = "dry-run", **fields: Any) -> str:
    """A run summary as the worker writes it to its termination message."""
    data: dict[str, Any] = {
        "version": 1, "agent": "ops-warden", "mode": mode, "brain": "rule",
        "started_at": "2025-01-01T00:00:00Z", "duration_seconds": 1.5, "messages_seen": 3,
        "counts": {"planned": 3} if mode == "dry-run" else {"executed": 3},
        "actions_executed": 0 if mode == "dry-run" else 3, "guardrail_interventions": 0,
        "llm_calls": 0, "errors": [], "completed": True,
    }  # fmt: skip
    data.update(fields)
    return json.dumps(data, separators=(",", ":"))


def condition(obj: Mapping[str, Any] | None, type_: str) -> dict[str, Any]:
    for cond in ((obj or {}).get("status") or {}).get("conditions") or []:
        if cond.get("type") == type_:
            return dict(cond)
    return {}


def container(cronjob: Mapping[str, Any]) -> dict[str, Any]:
    pod = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return dict(pod["containers"][0])


def env_of(cronjob: Mapping[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container(cronjob)["env"]}


def carried_catalog(cronjob: Mapping[str, Any] | None) -> str | None:
    """The catalog a CronJob's pod template carries (read by the pod as a file)."""
    if cronjob is None:
        return None
    template = cronjob["spec"]["jobTemplate"]["spec"]["template"]["metadata"]
    return (template.get("annotations") or {}).get("ops-warden.dev/catalog")


async def wait_object(
    cluster: Cluster,
    kind: str,
    name: str,
    check: Callable[[dict[str, Any]], bool],
    what: str,
    within: float = 15.0,
) -> dict[str, Any]:
    """The object once `check` holds for it; fails with `what` after `within` seconds."""

    async def probe() -> dict[str, Any] | None:
        obj = await cluster.get(kind, name)
        return obj if obj is not None and check(obj) else None

    return await eventually(probe, what, within)


async def wait_cronjob(
    cluster: Cluster,
    name: str,
    check: Callable[[dict[str, Any]], bool],
    what: str,
    within: float = 15.0,
) -> dict[str, Any]:
    return await wait_object(cluster, "CronJob", name, check, what, within)


async def wait_worker(
    cluster: Cluster,
    name: str,
    check: Callable[[dict[str, Any]], bool],
    what: str,
    within: float = 15.0,
) -> dict[str, Any]:
    return await wait_object(cluster, "WardenWorker", name, check, what, within)


async def wait_event(cluster: Cluster, name: str, reason: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        return next((e for e in await cluster.events(name) if e.get("reason") == reason), None)

    return await eventually(probe, f"Event {reason} for {name}")


def runs(ww: Mapping[str, Any]) -> list[dict[str, Any]]:
    return list((ww.get("status") or {}).get("runs") or [])


# --- scenarios --------------------------------------------------------------------------


async def create_renders_guarded_cronjob(cluster: Cluster) -> None:
    """A new WardenWorker becomes one owned, suspended, hardened CronJob in dry-run."""
    ns = cluster.namespace
    await cluster.create(
        worker("triage", ns, hub={"tokenSecretRef": {"name": "hub-token", "key": "token"}})
    )
    cj = await wait_cronjob(cluster, "triage", lambda cj: True, "CronJob triage")
    ww = await wait_worker(
        cluster, "triage", lambda w: condition(w, "Ready").get("status") == "True", "Ready"
    )
    meta = cj["metadata"]
    assert meta["labels"] == {
        "app.kubernetes.io/name": "ops-warden",
        "app.kubernetes.io/instance": "triage",
        "app.kubernetes.io/component": "worker",
        "app.kubernetes.io/managed-by": "ops-warden-operator",
        "ops-warden.dev/worker": "triage",
    }
    owner = meta["ownerReferences"][0]
    assert owner["kind"] == "WardenWorker"
    assert owner["uid"] == ww["metadata"]["uid"]
    assert owner["controller"] is True
    spec = cj["spec"]
    assert spec["schedule"] == "*/15 * * * *"
    assert spec["suspend"] is True  # the CRD's default: nothing runs before someone looked
    assert spec["concurrencyPolicy"] == "Forbid"
    assert spec["startingDeadlineSeconds"] > 0
    assert spec["successfulJobsHistoryLimit"] >= 1
    assert spec["failedJobsHistoryLimit"] >= 1
    job = spec["jobTemplate"]["spec"]
    assert job["backoffLimit"] in (0, 1)
    assert job["activeDeadlineSeconds"] == 600
    pod = job["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    assert pod["automountServiceAccountToken"] is False
    assert pod["securityContext"]["runAsNonRoot"] is True
    c = container(cj)
    sc = c["securityContext"]
    assert sc["runAsNonRoot"] is True
    assert isinstance(sc["runAsUser"], int)
    assert sc["runAsUser"] > 0
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"] == {"type": "RuntimeDefault"}
    assert c["image"] == WORKER_IMAGE
    assert c["command"] == [
        "warden", "worker", "run", "--once", "--dry-run", "--brain", "rule",
        "--agent", "ops-warden", "--max-messages", "20", "--output", "json",
        "--summary-file", "/dev/termination-log",
    ]  # fmt: skip
    assert c["terminationMessagePath"] == "/dev/termination-log"
    assert c["terminationMessagePolicy"] == "File"
    env = env_of(cj)
    assert env["WARDEN_HUB_URL"] == HUB_URL
    assert env["WARDEN_AGENT"] == "ops-warden"
    assert env["LLM_CONNECT_URL"] == LLM_URL
    assert env["WARDEN_CATALOG"] == "/etc/warden/catalog.yaml"
    assert env["WARDEN_HUB_TOKEN"] == {"secretKeyRef": {"name": "hub-token", "key": "token"}}
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    assert mounts == {"/etc/warden": "catalog", "/tmp": "tmp"}  # noqa: S108
    volumes = {v["name"]: v for v in pod["volumes"]}
    (item,) = volumes["catalog"]["downwardAPI"]["items"]
    assert item == {
        "path": "catalog.yaml",
        "fieldRef": {"fieldPath": "metadata.annotations['ops-warden.dev/catalog']"},
    }
    assert "emptyDir" in volumes["tmp"]
    assert carried_catalog(cj) == CATALOG  # the CronJob alone carries what a run needs
    assert cj["metadata"]["ownerReferences"][0]["uid"] == ww["metadata"]["uid"]
    assert await cluster.get("ConfigMap", "triage-catalog") is None
    status = ww["status"]
    assert status["cronJobName"] == "triage"
    assert status["effectiveMode"] == "dry-run"
    assert status["observedGeneration"] == ww["metadata"]["generation"]
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownPending"
    assert condition(ww, "LastRunSucceeded")["status"] == "Unknown"
    await wait_event(cluster, "triage", "CronJobCreated")


async def spec_changes_patch_cronjob(cluster: Cluster) -> None:
    """Changing schedule, suspend and brain in the CR patches the CronJob."""
    await cluster.create(worker("tidy", cluster.namespace))
    await wait_cronjob(cluster, "tidy", lambda cj: True, "CronJob tidy")
    await cluster.patch(
        "WardenWorker", "tidy",
        {"spec": {"schedule": "0 * * * *", "suspend": False, "brain": "llm",
                  "timeZone": "Europe/Berlin"}},
    )  # fmt: skip
    cj = await wait_cronjob(
        cluster, "tidy",
        lambda cj: cj["spec"]["schedule"] == "0 * * * *" and cj["spec"]["suspend"] is False,
        "schedule and suspend patched",
    )  # fmt: skip
    assert cj["spec"]["timeZone"] == "Europe/Berlin"
    assert container(cj)["command"][6] == "llm"
    ww = await wait_worker(
        cluster, "tidy",
        lambda w: w["status"].get("observedGeneration") == w["metadata"].get("generation"),
        "observedGeneration caught up",
    )  # fmt: skip
    assert ww["metadata"]["generation"] >= 2


async def removed_fields_leave_the_cronjob(cluster: Cluster) -> None:
    """Optional fields removed from the WardenWorker are removed from its CronJob too (a
    merge patch keeps what it does not name, so the operator must null them)."""
    ns = cluster.namespace
    await cluster.create(
        worker("slim", ns, timeZone="Europe/Berlin", serviceAccountName="sa1",
               resources={"limits": {"memory": "256Mi"}})
    )  # fmt: skip

    def pod(cj: Mapping[str, Any]) -> dict[str, Any]:
        return dict(cj["spec"]["jobTemplate"]["spec"]["template"]["spec"])

    cj = await wait_cronjob(
        cluster, "slim", lambda cj: cj["spec"].get("timeZone") == "Europe/Berlin",
        "CronJob slim with its time zone",
    )  # fmt: skip
    assert pod(cj)["serviceAccountName"] == "sa1"
    assert container(cj)["resources"] == {"limits": {"memory": "256Mi"}}
    await cluster.patch("WardenWorker", "slim", {"spec": {"timeZone": None}})
    cj = await wait_cronjob(
        cluster, "slim", lambda cj: "timeZone" not in cj["spec"], "timeZone removed"
    )
    assert pod(cj)["serviceAccountName"] == "sa1"  # the rest stays
    await cluster.patch(
        "WardenWorker", "slim", {"spec": {"serviceAccountName": None, "resources": None}}
    )
    cj = await wait_cronjob(
        cluster, "slim",
        lambda cj: "serviceAccountName" not in pod(cj) and "resources" not in container(cj),
        "serviceAccountName and resources removed",
    )  # fmt: skip
    assert "timeZone" not in cj["spec"]


async def operator_config_change_rerenders(cluster: Cluster) -> None:
    """A change of the operator's ConfigMap re-renders every worker."""
    await cluster.create(worker("cfg", cluster.namespace))
    await wait_cronjob(cluster, "cfg", lambda cj: True, "CronJob cfg")
    new = {
        **default_config(),
        "workerImage": "ghcr.io/ops-warden/ops-warden:0.2.0",
        "llmConnectUrl": "http://llm-2.ops-warden.svc:8000",
        "catalog.yaml": CATALOG_2,
    }
    await cluster.set_operator_config(new)
    cj = await wait_cronjob(
        cluster, "cfg",
        lambda cj: container(cj)["image"].endswith(":0.2.0"),
        "image re-rendered from the operator config",
    )  # fmt: skip
    assert env_of(cj)["LLM_CONNECT_URL"] == "http://llm-2.ops-warden.svc:8000"

    async def catalog_updated() -> bool:
        return carried_catalog(await cluster.get("CronJob", "cfg")) == CATALOG_2

    await eventually(catalog_updated, "catalog re-rendered on the CronJob")


async def invalid_catalog_is_not_copied(cluster: Cluster) -> None:
    """An operator ConfigMap whose catalog.yaml does not parse: the broken catalog reaches no
    worker. A worker that has a good copy keeps it (and its CronJob is still reconciled); a
    new worker gets no CronJob. Both say Ready=False, InvalidCatalog, with a Warning Event.
    A fixed catalog is copied and Ready returns."""
    ns = cluster.namespace
    await cluster.create(worker("cat", ns))
    await wait_worker(
        cluster, "cat", lambda w: condition(w, "Ready").get("status") == "True", "cat Ready"
    )
    await cluster.set_operator_config({**default_config(), "catalog.yaml": INVALID_CATALOG})
    ww = await wait_worker(
        cluster, "cat", lambda w: condition(w, "Ready").get("reason") == "InvalidCatalog",
        "Ready=False InvalidCatalog",
    )  # fmt: skip
    ready = condition(ww, "Ready")
    assert ready["status"] == "False"
    assert "catalog.yaml" in ready["message"]
    assert "last good catalog" in ready["message"]
    await wait_event(cluster, "cat", "InvalidCatalog")
    assert carried_catalog(await cluster.get("CronJob", "cat")) == CATALOG  # the last good one

    # The CronJob is still reconciled (suspend, schedule, ...) while the catalog is broken.
    await cluster.patch("WardenWorker", "cat", {"spec": {"suspend": False}})
    cj = await wait_cronjob(
        cluster, "cat", lambda cj: cj["spec"]["suspend"] is False, "unsuspended"
    )
    assert carried_catalog(cj) == CATALOG  # still the last good one

    # A new worker has no good copy: nothing is rendered for it.
    await cluster.create(worker("cat-new", ns))
    ww = await wait_worker(
        cluster, "cat-new", lambda w: condition(w, "Ready").get("reason") == "InvalidCatalog",
        "new worker: Ready=False InvalidCatalog",
    )  # fmt: skip
    assert await cluster.get("CronJob", "cat-new") is None

    await cluster.set_operator_config({**default_config(), "catalog.yaml": CATALOG_2})
    for name in ("cat", "cat-new"):
        await wait_worker(
            cluster, name, lambda w: condition(w, "Ready").get("status") == "True",
            f"{name} Ready again",
        )  # fmt: skip

    async def copied() -> bool:
        return carried_catalog(await cluster.get("CronJob", "cat")) == CATALOG_2

    await eventually(copied, "the fixed catalog copied")
    await wait_cronjob(cluster, "cat-new", lambda cj: True, "CronJob cat-new")


async def hand_edit_is_restored(cluster: Cluster) -> None:
    """Drift made by hand on the CronJob is put back, with a Warning Event."""
    await cluster.create(worker("drift", cluster.namespace))
    cj = await wait_cronjob(cluster, "drift", lambda cj: True, "CronJob drift")
    tampered = container(cj)
    tampered["image"] = "evil.example/miner:latest"
    tampered["securityContext"] = {"privileged": True}
    await cluster.patch(
        "CronJob", "drift",
        {"spec": {"suspend": False, "concurrencyPolicy": "Allow",
                  "jobTemplate": {"spec": {"template": {"spec": {"containers": [tampered]}}}}}},
    )  # fmt: skip
    restored = await wait_cronjob(
        cluster, "drift",
        lambda cj: container(cj)["image"] == WORKER_IMAGE and cj["spec"]["suspend"] is True
        and cj["spec"]["concurrencyPolicy"] == "Forbid",
        "hand edit restored",
    )  # fmt: skip
    assert container(restored)["securityContext"]["allowPrivilegeEscalation"] is False
    assert (
        "privileged" not in container(restored)["securityContext"]
        or not container(restored)["securityContext"]["privileged"]
    )
    await wait_event(cluster, "drift", "DriftCorrected")


async def host_namespaces_and_init_containers_are_removed(cluster: Cluster) -> None:
    """Pod keys the operator never renders but that change what the pod may do - a host
    network, an init container - are drift too: removed, with a Warning Event."""
    await cluster.create(worker("hostile", cluster.namespace))
    await wait_cronjob(cluster, "hostile", lambda cj: True, "CronJob hostile")
    init = {"name": "sneak", "image": "evil.example/miner:latest", "command": ["sh"]}
    await cluster.patch(
        "CronJob", "hostile",
        {"spec": {"jobTemplate": {"spec": {"template": {"spec": {
            "hostNetwork": True, "hostPID": True, "initContainers": [init]}}}}}},
    )  # fmt: skip

    def clean(cj: Mapping[str, Any]) -> bool:
        pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        return not ({"hostNetwork", "hostPID", "initContainers"} & set(pod))

    await wait_cronjob(cluster, "hostile", clean, "host namespaces and init container removed")
    await wait_event(cluster, "hostile", "DriftCorrected")


async def canonical_quantities_are_not_drift(cluster: Cluster) -> None:
    """`cpu: "0.5"` is stored as `500m`: the same amount, not an edit. The CronJob is written
    once and left alone, and no DriftCorrected Warning is posted."""
    await cluster.create(
        worker("sized", cluster.namespace,
               resources={"requests": {"cpu": "0.5", "memory": "0.5Gi"}, "limits": {"cpu": 1}})
    )  # fmt: skip
    await wait_worker(
        cluster, "sized", lambda w: condition(w, "Ready").get("status") == "True", "sized Ready"
    )
    await wait_cronjob(cluster, "sized", lambda cj: True, "CronJob sized")
    # A change of ours makes the operator read the CronJob back (and every later event too).
    await cluster.patch("WardenWorker", "sized", {"spec": {"suspend": False}})
    first = await wait_cronjob(
        cluster, "sized", lambda cj: cj["spec"]["suspend"] is False, "CronJob unsuspended"
    )
    await asyncio.sleep(5)  # a few resync periods and watch round trips
    later = await cluster.get("CronJob", "sized")
    assert later is not None
    assert later["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]
    reasons = [e.get("reason") for e in await cluster.events("sized")]
    assert "DriftCorrected" not in reasons
    assert reasons.count("CronJobUpdated") == 1  # the unsuspend, once


async def bad_summaries_never_wedge_the_status(cluster: Cluster) -> None:
    """Termination messages that are not strictly a run summary - NaN, 1e400, integers beyond
    int64, "5" or true for a count, negative counts - are recorded as Invalid, never copied
    and never clean; the status (standard JSON) keeps being written, the good run counts."""
    await cluster.create(worker("noisy", cluster.namespace, mode="execute",
                                shakedown={"requiredManualRuns": 0}))  # fmt: skip
    await wait_cronjob(cluster, "noisy", lambda cj: True, "CronJob noisy")
    good = summary()
    bad = [
        good.replace('"duration_seconds":1.5', '"duration_seconds":NaN'),
        good.replace('"duration_seconds":1.5', '"duration_seconds":1e400'),
        # beyond int64 (2**64's digits would be secret-shaped to the detector: Rejected)
        good.replace('"messages_seen":3', f'"messages_seen":{10**20}'),
        summary(messages_seen="5"),
        summary(messages_seen=True),
        summary(guardrail_interventions=-1),
    ]
    for message in bad:
        await cluster.finish_run("noisy", SimulatedRun(message))
    await cluster.finish_run("noisy", SimulatedRun(good))
    ww = await wait_worker(
        cluster, "noisy", lambda w: len(runs(w)) == len(bad) + 1, "every run recorded"
    )
    states = sorted(r["summary"] for r in runs(ww))
    assert states == ["Invalid"] * len(bad) + ["Valid"]
    assert [r["clean"] for r in runs(ww)].count(True) == 1
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 1
    assert ww["status"]["effectiveMode"] == "execute"  # promoted by the one good run only
    for run in runs(ww):
        if run["summary"] == "Invalid":
            assert "messagesSeen" not in run
            assert "durationSeconds" not in run


async def refused_cronjobs_are_explained(
    cluster: Cluster, create_unchecked: Callable[[Mapping[str, Any]], Awaitable[Any]]
) -> None:
    """A CronJob the apiserver refuses (422) - a schedule the CronJob parser rejects - is
    Ready=False, reason ApplyFailed, with the apiserver's message and one Warning Event;
    fixing the spec brings the CronJob and Ready=True. "5-1 * * * *" passes the CRD's rule
    (a regex cannot see a reversed range). A schedule an older CRD admitted ("0 0 L * *",
    stored by `create_unchecked`) is caught by the operator itself: InvalidSpec."""
    await create_unchecked(worker("lastday", cluster.namespace, schedule="0 0 L * *"))
    await cluster.create(worker("backwards", cluster.namespace, schedule="5-1 * * * *"))
    ww = await wait_worker(
        cluster, "lastday", lambda w: condition(w, "Ready").get("reason") == "InvalidSpec",
        "lastday: Ready=False InvalidSpec",
    )  # fmt: skip
    assert "spec.schedule" in condition(ww, "Ready")["message"]
    ww = await wait_worker(
        cluster, "backwards", lambda w: condition(w, "Ready").get("reason") == "ApplyFailed",
        "backwards: Ready=False ApplyFailed",
    )  # fmt: skip
    ready = condition(ww, "Ready")
    assert ready["status"] == "False"
    assert 'spec.schedule: Invalid value: "5-1 * * * *"' in ready["message"]
    assert "CronJob backwards" in ready["message"]
    event = await wait_event(cluster, "backwards", "ApplyFailed")
    assert event["type"] == "Warning"
    for name in ("lastday", "backwards"):
        assert await cluster.get("CronJob", name) is None
    await asyncio.sleep(3)  # more resync periods: no retry storm, no Event spam
    assert [e.get("reason") for e in await cluster.events("backwards")].count("ApplyFailed") == 1
    await cluster.patch("WardenWorker", "backwards", {"spec": {"schedule": "1-5 * * * *"}})
    await wait_worker(
        cluster, "backwards", lambda w: condition(w, "Ready").get("status") == "True",
        "Ready again once the schedule is fixed",
    )  # fmt: skip
    assert await cluster.get("CronJob", "backwards") is not None


async def credentials_in_operator_urls_are_refused(cluster: Cluster) -> None:
    """An operator ConfigMap whose defaultHubUrl holds credentials: they never reach a
    CronJob; workers that need the URL are Ready=False, reason InvalidConfig."""
    await cluster.set_operator_config(
        {**default_config(), "defaultHubUrl": "http://robot:hunter2-pw@hub.ops-warden.svc:8080"}
    )
    await cluster.create(worker("creds", cluster.namespace))
    ww = await wait_worker(
        cluster, "creds", lambda w: condition(w, "Ready").get("reason") == "InvalidConfig",
        "Ready=False InvalidConfig",
    )  # fmt: skip
    message = condition(ww, "Ready")["message"]
    assert "defaultHubUrl" in message
    assert "must not contain credentials" in message
    assert "hunter2" not in json.dumps(ww)
    assert await cluster.get("CronJob", "creds") is None
    await cluster.set_operator_config(default_config())
    cj = await wait_cronjob(cluster, "creds", lambda cj: True, "CronJob once the URL is fixed")
    assert env_of(cj)["WARDEN_HUB_URL"] == HUB_URL


async def execute_waits_for_shakedown_then_promotes(cluster: Cluster) -> None:
    """mode execute stays dry-run until the clean dry-runs are in; then it is promoted."""
    # The shakedown alone here: no manual stage (see tests/scenarios/rollout_flow.py).
    shakedown = {"requiredCleanDryRuns": 2, "requiredManualRuns": 0}
    await cluster.create(worker("gate", cluster.namespace, mode="execute", shakedown=shakedown))
    ww = await wait_worker(
        cluster, "gate", lambda w: condition(w, "ExecuteAllowed").get("reason") == "ExecuteHeld",
        "execute held",
    )  # fmt: skip
    assert ww["status"]["effectiveMode"] == "dry-run"
    assert condition(ww, "ExecuteAllowed")["status"] == "False"
    cj = await cluster.get("CronJob", "gate")
    assert cj is not None
    assert "--dry-run" in container(cj)["command"]
    await wait_event(cluster, "gate", "ExecuteHeld")

    # A run with a guardrail intervention is not clean; a failed one neither.
    await cluster.finish_run("gate", SimulatedRun(summary(guardrail_interventions=1)))
    await cluster.finish_run("gate", SimulatedRun(summary(), exit_code=1, succeeded=False))
    ww = await wait_worker(cluster, "gate", lambda w: len(runs(w)) == 2, "two runs recorded")
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 0
    assert ww["status"]["effectiveMode"] == "dry-run"
    assert ww["status"]["runCounts"] == {"total": 2, "succeeded": 1, "failed": 1}
    assert condition(ww, "LastRunSucceeded")["status"] in ("True", "False")

    first = await cluster.finish_run("gate", SimulatedRun(summary()))
    ww = await wait_worker(cluster, "gate", lambda w: len(runs(w)) == 3, "third run")
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 1
    assert ww["status"]["lastRun"]["jobName"] == first
    assert ww["status"]["lastRun"]["clean"] is True
    assert ww["status"]["effectiveMode"] == "dry-run"

    await cluster.finish_run("gate", SimulatedRun(summary()))
    ww = await wait_worker(
        cluster, "gate", lambda w: w["status"].get("effectiveMode") == "execute", "promoted"
    )
    assert ww["status"]["shakedown"] == {**ww["status"]["shakedown"], "cleanDryRuns": 2,
                                         "passed": True}  # fmt: skip
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownPassed"
    cj = await wait_cronjob(
        cluster, "gate", lambda cj: "--execute" in container(cj)["command"], "CronJob in execute"
    )
    assert cj["spec"]["jobTemplate"]["spec"]["backoffLimit"] == 0
    await wait_event(cluster, "gate", "Promoted")

    # A change of brain restarts the shakedown.
    await cluster.patch("WardenWorker", "gate", {"spec": {"brain": "llm"}})
    ww = await wait_worker(
        cluster, "gate", lambda w: w["status"].get("effectiveMode") == "dry-run", "demoted"
    )
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 0


async def waiver_allows_execute(cluster: Cluster) -> None:
    """The waiver annotation waives the shakedown at once and is recorded in the status. It
    does not waive the manual stage: by default execute then runs on request only; with
    requiredManualRuns 0 the CronJob runs in execute at once."""
    waiver = {"ops-warden.dev/shakedown-waiver": "INC-42 hub outage"}
    body = worker("urgent", cluster.namespace, mode="execute", shakedown={"requiredManualRuns": 0})
    body["metadata"]["annotations"] = dict(waiver)
    await cluster.create(body)
    ww = await wait_worker(
        cluster, "urgent", lambda w: w.get("status", {}).get("effectiveMode") == "execute",
        "waived to execute",
    )  # fmt: skip
    assert ww["status"]["shakedown"]["waiver"]["reason"] == "INC-42 hub outage"
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownWaived"
    assert ww["status"]["rollout"]["stage"] == "scheduled"
    await wait_event(cluster, "urgent", "ShakedownWaived")
    staged = worker("urgent-staged", cluster.namespace, mode="execute")
    staged["metadata"]["annotations"] = dict(waiver)
    await cluster.create(staged)
    ww = await wait_worker(
        cluster, "urgent-staged",
        lambda w: (w.get("status", {}).get("rollout") or {}).get("stage") == "manual",
        "waived to the manual stage",
    )  # fmt: skip
    assert ww["status"]["effectiveMode"] == "dry-run"
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownWaived"


async def runs_survive_restart_without_duplicates(cluster: Cluster) -> None:
    """Runs are keyed by Job uid: a restarted operator records none of them twice."""
    await cluster.create(worker("steady", cluster.namespace, historyLimit=3))
    await wait_cronjob(cluster, "steady", lambda cj: True, "CronJob steady")
    for _ in range(4):
        await cluster.finish_run("steady", SimulatedRun(summary()))
    ww = await wait_worker(
        cluster, "steady", lambda w: w["status"].get("runCounts", {}).get("total") == 4,
        "four runs counted",
    )  # fmt: skip
    assert len(runs(ww)) == 3  # bounded by historyLimit, newest first
    finished = [r["finishedAt"] for r in runs(ww)]
    assert finished == sorted(finished, reverse=True)

    await cluster.restart_operator()
    await cluster.finish_run("steady", SimulatedRun(summary()))
    ww = await wait_worker(
        cluster, "steady", lambda w: w["status"]["runCounts"]["total"] >= 5, "fifth run"
    )
    await asyncio.sleep(3)  # a resync or two after the restart
    ww = await cluster.get("WardenWorker", "steady") or {}
    uids = [r["jobUid"] for r in runs(ww)]
    assert len(uids) == len(set(uids)) == 3
    assert ww["status"]["runCounts"] == {"total": 5, "succeeded": 5, "failed": 0}


async def secrets_and_bodies_never_reach_status(cluster: Cluster, fake_token: str) -> None:
    """A summary holding a secret is not copied; error texts (which may quote a message
    body) are only counted. Neither reaches the status nor any Event."""
    await cluster.create(worker("leaky", cluster.namespace))
    await wait_cronjob(cluster, "leaky", lambda cj: True, "CronJob leaky")
    body_text = "Please rotate the db creds for team-orion before Friday"
    await cluster.finish_run(
        "leaky", SimulatedRun(summary(errors=[f"reply failed for message: {body_text}"]),
                              exit_code=1, succeeded=False),
    )  # fmt: skip
    await cluster.finish_run("leaky", SimulatedRun(summary(errors=[f"token is {fake_token}"])))
    await cluster.finish_run("leaky", SimulatedRun(f"oops {fake_token} not json"))
    ww = await wait_worker(cluster, "leaky", lambda w: len(runs(w)) == 3, "three runs")
    by_state = sorted(r["summary"] for r in runs(ww))
    assert by_state == ["Rejected", "Rejected", "Valid"]
    valid = next(r for r in runs(ww) if r["summary"] == "Valid")
    assert valid["errorCount"] == 1
    assert valid["reason"] == "ActionsFailed"
    for rejected in (r for r in runs(ww) if r["summary"] == "Rejected"):
        assert "messagesSeen" not in rejected
        assert rejected["clean"] is False
    await wait_event(cluster, "leaky", "RunFailed")
    stored = json.dumps(ww) + json.dumps(await cluster.events("leaky"))
    assert fake_token not in stored
    assert body_text not in stored
    assert "team-orion" not in stored


async def failures_are_explained(cluster: Cluster) -> None:
    """Without a summary the failure reason is recorded: OOMKilled, deadline, image pull."""
    await cluster.create(worker("fragile", cluster.namespace))
    await wait_cronjob(cluster, "fragile", lambda cj: True, "CronJob fragile")
    await cluster.finish_run("fragile", SimulatedRun(None, exit_code=137, succeeded=False,
                                                     container_reason="OOMKilled"))  # fmt: skip
    await cluster.finish_run("fragile", SimulatedRun(None, exit_code=137, succeeded=False,
                                                     job_reason="DeadlineExceeded"))  # fmt: skip
    image_pull = SimulatedRun(
        None, succeeded=False, job_reason="DeadlineExceeded", waiting_reason="ImagePullBackOff"
    )
    await cluster.finish_run("fragile", image_pull)
    ww = await wait_worker(cluster, "fragile", lambda w: len(runs(w)) == 3, "three failures")
    assert sorted(r["reason"] for r in runs(ww)) == [
        "DeadlineExceeded", "ImagePullBackOff", "OOMKilled"
    ]  # fmt: skip
    assert all(r["result"] == "Failed" and r["summary"] == "Missing" for r in runs(ww))
    assert condition(ww, "LastRunSucceeded")["status"] == "False"
    assert ww["status"]["runCounts"]["failed"] == 3


async def outages_are_told_apart(cluster: Cluster, dead_hub_url: str) -> None:
    """A run that met an unavailable dependency is not a configuration error and not a clean
    run: the worker exits 3, the run's reason names the dependency (HubUnavailable,
    LlmUnavailable), LastRunSucceeded is False with it, a Warning Event of that reason is
    posted, and the run never counts for the shakedown."""
    await cluster.create(worker("outage", cluster.namespace, suspend=True, mode="execute",
                                hub={"url": dead_hub_url}))  # fmt: skip
    await wait_cronjob(cluster, "outage", lambda cj: True, "CronJob outage")
    job = await cluster.trigger_run("outage")  # the real worker, against a hub that is gone
    ww, run = await wait_run(cluster, "outage", job)
    assert (run["result"], run["reason"], run.get("exitCode")) == ("Failed", "HubUnavailable", 3)
    assert run["unavailable"] == ["state-hub"]
    assert run["clean"] is False
    last = condition(ww, "LastRunSucceeded")
    assert (last["status"], last["reason"]) == ("False", "HubUnavailable")
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 0
    assert ww["status"]["effectiveMode"] == "dry-run"
    event = await wait_event(cluster, "outage", "HubUnavailable")
    assert event["type"] == "Warning"
    if not cluster.can_simulate_runs:
        return
    llm_down = summary(
        counts={"deferred": 3}, unavailable=["llm-connect"],
        errors=["llm-connect unavailable: answered HTTP 503; 3 deferred"],
    )  # fmt: skip
    await cluster.finish_run("outage", SimulatedRun(llm_down, exit_code=3, succeeded=False))
    ww = await wait_worker(cluster, "outage", lambda w: len(runs(w)) == 2, "second run")
    assert ww["status"]["lastRun"]["reason"] == "LlmUnavailable"
    assert condition(ww, "LastRunSucceeded")["reason"] == "LlmUnavailable"
    assert ww["status"]["shakedown"]["cleanDryRuns"] == 0
    await wait_event(cluster, "outage", "LlmUnavailable")


async def invalid_spec_is_refused_at_admission(cluster: Cluster) -> None:
    """The CRD's schema and rules refuse a bad spec at the door (422), naming every bad field
    and never echoing a credential; nothing is stored."""
    bad = worker("refused", cluster.namespace, schedule="0 0 L * *", mode="yolo",
                 hub={"url": "https://u:pw@hub.example"}, maxMessagesPerRun=0)  # fmt: skip
    try:
        await cluster.create(bad)
    except AssertionError as exc:  # the driver's error for a refused request
        message = str(exc)
    else:
        raise AssertionError("an invalid WardenWorker was admitted")
    for field in ("spec.schedule", "spec.mode", "spec.hub.url", "spec.maxMessagesPerRun"):
        assert field in message, (field, message)
    assert "pw@" not in message
    assert await cluster.get("WardenWorker", "refused") is None


async def invalid_spec_gets_condition_not_crash(
    cluster: Cluster, create: Callable[[Mapping[str, Any]], Awaitable[Any]]
) -> None:
    """A spec that slipped past the schema (stored under an older, looser CRD; `create`
    stores it as such): Ready=False with a reason and an Event; the operator keeps serving
    other workers."""
    await create(
        worker("broken", cluster.namespace, mode="yolo", hub={"url": "https://u:pw@hub.example"})
    )
    ww = await wait_worker(
        cluster, "broken", lambda w: condition(w, "Ready").get("status") == "False",
        "Ready=False",
    )  # fmt: skip
    ready = condition(ww, "Ready")
    assert ready["reason"] == "InvalidSpec"
    assert "spec.mode" in ready["message"]
    assert "spec.hub.url" in ready["message"]
    assert "pw@" not in json.dumps(ww["status"])
    await wait_event(cluster, "broken", "InvalidSpec")
    assert await cluster.get("CronJob", "broken") is None
    await cluster.create(worker("healthy", cluster.namespace))
    await wait_cronjob(cluster, "healthy", lambda cj: True, "a valid worker still reconciled")
    assert cluster.operator_alive()


# --- the end-to-end flow: real runs of the worker against a seeded hub --------------------

RUN_NOW = "ops-warden.dev/run-now"
# A real run: on kind the Job is scheduled, its pod started and the worker run, then the
# operator records it; on the emulator it takes about a second.
RUN_WITHIN = 180.0
GC_WITHIN = 120.0


def run_of(ww: Mapping[str, Any], job_name: str) -> dict[str, Any] | None:
    return next((r for r in runs(ww) if r.get("jobName") == job_name), None)


async def wait_run(cluster: Cluster, name: str, job_name: str) -> tuple[dict[str, Any], Any]:
    """Wait until the run of Job `job_name` is in the status; (WardenWorker, run record)."""
    ww = await wait_worker(
        cluster, name, lambda w: run_of(w, job_name) is not None,
        f"run {job_name} recorded in {name}'s status", within=RUN_WITHIN,
    )  # fmt: skip
    return ww, run_of(ww, job_name)


def _inbox_state(inbox: SeededInbox) -> list[tuple[str, str, bool]]:
    return sorted(
        (m["id"], m["from_agent"], bool(m["read"]))
        for m in inbox.reader.messages(to_agent=inbox.agent)
    )


async def flow_dry_run_then_execute(
    cluster: Cluster, inbox: SeededInbox, name: str = "inbox"
) -> None:
    """The whole rollout on one worker (issue 4): apply a WardenWorker → its CronJob; run it
    → the audit lands in the status and dry-run changed nothing in the hub; flip to execute
    after the shakedown → replies land exactly once, however often it runs; delete it → its
    CronJob goes (see `delete_collects_cronjob`)."""
    config = await cluster.get("ConfigMap", OPERATOR_CONFIGMAP, OPERATOR_NAMESPACE)
    assert config is not None, "the operator's ConfigMap"
    seeded = len(inbox.message_ids)

    # 1. Apply: one owned, suspended (runs are triggered by hand here) CronJob in dry-run.
    await cluster.create(
        worker(name, cluster.namespace, agent=inbox.agent, hub={"url": inbox.hub_url})
    )
    ww = await wait_worker(
        cluster, name, lambda w: condition(w, "Ready").get("status") == "True", f"{name} Ready"
    )
    cj = await wait_cronjob(cluster, name, lambda cj: True, f"CronJob {name}")
    owner = cj["metadata"]["ownerReferences"][0]
    assert (owner["kind"], owner["uid"]) == ("WardenWorker", ww["metadata"]["uid"])
    assert cj["spec"]["suspend"] is True
    assert cj["spec"]["concurrencyPolicy"] == "Forbid"
    c = container(cj)
    assert c["image"] == config["data"]["workerImage"]
    assert c["command"][:5] == ["warden", "worker", "run", "--once", "--dry-run"]
    assert c["command"][c["command"].index("--agent") + 1] == inbox.agent
    env = env_of(cj)
    assert env["WARDEN_HUB_URL"] == inbox.hub_url
    assert env["WARDEN_AGENT"] == inbox.agent
    assert ww["status"]["effectiveMode"] == "dry-run"
    before = _inbox_state(inbox)
    assert len(before) == seeded
    assert not any(read for _id, _sender, read in before)

    # 2. A dry run: audited in the status, and the hub is exactly as it was.
    job = await cluster.trigger_run(name)
    ww, run = await wait_run(cluster, name, job)
    assert run["result"] == "Succeeded", run
    assert run["summary"] == "Valid", run
    assert run["mode"] == "dry-run"
    assert run["messagesSeen"] == seeded
    assert run["actionsExecuted"] == 0
    assert run["errorCount"] == 0
    assert run["clean"] is True
    assert sum(run["counts"].values()) == seeded
    assert ww["status"]["lastRun"]["jobName"] == job
    assert ww["status"]["runCounts"]["total"] == 1
    assert condition(ww, "LastRunSucceeded")["status"] == "True"
    assert _inbox_state(inbox) == before, "a dry run changed the hub"
    assert inbox.reader.messages(from_agent=inbox.agent) == [], "a dry run sent a message"
    await wait_event(cluster, name, "RunSucceeded")

    # 3. Flip to execute: the shakedown (one clean dry run by default) has passed, and the
    # manual stage begins: the CronJob keeps running dry-run, execute runs on request only.
    await cluster.patch("WardenWorker", name, {"spec": {"mode": "execute"}})
    ww = await wait_worker(
        cluster, name,
        lambda w: (w["status"].get("rollout") or {}).get("stage") == "manual", "manual stage",
    )  # fmt: skip
    assert ww["status"]["shakedown"]["passed"] is True
    assert ww["status"]["effectiveMode"] == "dry-run"
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownPassed"
    assert condition(ww, "RolloutStage")["reason"] == "Manual"
    held = await cluster.get("CronJob", name)
    assert held is not None
    assert "--dry-run" in container(held)["command"]
    # One manual execute run, on request (the run-now annotation), even while suspended.
    value = "e2e-manual-1"
    await cluster.patch("WardenWorker", name, {"metadata": {"annotations": {RUN_NOW: value}}})
    ww = await wait_worker(
        cluster, name, lambda w: (w["status"].get("runNow") or {}).get("value") == value,
        "run-now acted on",
    )  # fmt: skip
    job = ww["status"]["runNow"]["job"]
    await cluster.run_job(job)
    ww, run = await wait_run(cluster, name, job)
    assert run["result"] == "Succeeded", run
    assert run["mode"] == "execute"
    assert run["trigger"] == "run-now"
    assert run["clean"] is True, run
    assert run["actionsExecuted"] > 0
    # The one clean manual run (the default) was enough: execute on the schedule.
    ww = await wait_worker(
        cluster, name, lambda w: w["status"].get("effectiveMode") == "execute", "promoted"
    )
    assert ww["status"]["rollout"] == {**ww["status"]["rollout"], "stage": "scheduled",
                                       "cleanManualRuns": 1}  # fmt: skip
    await wait_cronjob(
        cluster, name, lambda cj: "--execute" in container(cj)["command"], "CronJob in execute"
    )
    senders = {mid: sender for mid, sender, _read in _inbox_state(inbox)}
    answered = sorted(mid for mid, _sender, read in _inbox_state(inbox) if read)
    replies = inbox.reader.messages(from_agent=inbox.agent)
    assert replies, "execute sent no reply"
    assert answered, "execute marked nothing read"
    # Exactly one reply per answered message, to its sender and nobody else.
    assert sorted(r["in_reply_to"] for r in replies) == answered
    assert all(r["to_agent"] == senders[r["in_reply_to"]] for r in replies)
    assert len(answered) < seeded  # the rest is escalated: left unread for a human

    # Run it again, as the schedule would (in execute now): nothing is sent twice.
    job = await cluster.trigger_run(name)
    ww, run = await wait_run(cluster, name, job)
    assert run["result"] == "Succeeded", run
    assert (run["mode"], run["trigger"]) == ("execute", "schedule")
    again = inbox.reader.messages(from_agent=inbox.agent)
    assert sorted(r["id"] for r in again) == sorted(r["id"] for r in replies)
    assert ww["status"]["runCounts"] == {"total": 3, "succeeded": 3, "failed": 0}

    # 4. Delete the WardenWorker.
    await delete_collects_cronjob(cluster, name)


async def delete_collects_cronjob(cluster: Cluster, name: str) -> None:
    """Deleting a WardenWorker removes what the operator made for it. The garbage collector
    does that, through the controller ownerReferences; the emulator has none, so there the
    references are all that is checked (and the CronJob is seen to stay)."""
    ww = await cluster.get("WardenWorker", name)
    assert ww is not None
    obj = await cluster.get("CronJob", name)
    assert obj is not None, f"CronJob of {name}"
    (owner,) = obj["metadata"]["ownerReferences"]
    assert owner["apiVersion"] == "ops-warden.dev/v1alpha1"
    assert (owner["kind"], owner["name"]) == ("WardenWorker", name)
    assert owner["uid"] == ww["metadata"]["uid"]
    assert owner["controller"] is True

    await cluster.delete("WardenWorker", name)

    async def gone(kind: str, obj_name: str) -> bool:
        return await cluster.get(kind, obj_name) is None

    await eventually(lambda: gone("WardenWorker", name), f"WardenWorker {name} deleted")
    if cluster.garbage_collects:
        await eventually(lambda: gone("CronJob", name), f"CronJob {name} collected", GC_WITHIN)
    else:
        # No garbage collector: the owned objects stay, pointing at an owner that is gone.
        assert await cluster.get("CronJob", name) is not None
    assert cluster.operator_alive()
