"""Scenarios of the staged rollout after the shakedown (dry-run -> manual -> scheduled) and of
run-now, written once for any `Cluster` driver (tests/scenarios/operator_flow.py): the emulator
here, kind in the e2e workflow (issue 12)."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from typing import Any

from tests.scenarios.operator_flow import (
    RUN_NOW,
    Cluster,
    SimulatedRun,
    condition,
    container,
    summary,
    wait_cronjob,
    wait_event,
    wait_worker,
    worker,
)

TRIGGER_LABEL = "ops-warden.dev/trigger"


def stage(ww: Mapping[str, Any]) -> tuple[str | None, int | None]:
    rollout = (ww.get("status") or {}).get("rollout") or {}
    return rollout.get("stage"), rollout.get("cleanManualRuns")


def run_now_status(ww: Mapping[str, Any]) -> dict[str, Any]:
    return dict((ww.get("status") or {}).get("runNow") or {})


def expected_record(value: str) -> str:
    """What status.runNow.value holds: the value when short and plain, else its sha256."""
    if len(value) <= 128 and value.isprintable() and "ghp_" not in value:
        return value
    return "sha256:" + hashlib.sha256(value.encode()).hexdigest()


async def request_run_now(cluster: Cluster, name: str, value: str) -> str:
    """Set the run-now annotation to `value`; the name of the Job the operator made for it."""
    await cluster.patch("WardenWorker", name, {"metadata": {"annotations": {RUN_NOW: value}}})
    recorded = expected_record(value)
    ww = await wait_worker(
        cluster, name, lambda w: run_now_status(w).get("value") == recorded,
        f"run-now {recorded[:40]!r} acted on",
    )  # fmt: skip
    job = str(run_now_status(ww).get("job") or "")
    assert job, f"no Job for run-now: {ww['status']}"
    return job


def mode_of(job: Mapping[str, Any]) -> str:
    command = job["spec"]["template"]["spec"]["containers"][0]["command"]
    return "execute" if "--execute" in command else "dry-run"


async def wait_recorded(cluster: Cluster, name: str, job: str) -> dict[str, Any]:
    ww = await wait_worker(
        cluster, name, lambda w: any(r.get("jobName") == job for r in w["status"].get("runs", [])),
        f"run {job} recorded",
    )  # fmt: skip
    run = next(r for r in ww["status"]["runs"] if r["jobName"] == job)
    assert run["trigger"] == "run-now", run
    return ww


async def manual_stage_then_scheduled(cluster: Cluster) -> None:
    """mode execute after the shakedown: the CronJob keeps running dry-run and each run-now is
    one execute run (manual stage); a failed manual run does not count; after the required
    clean ones the CronJob runs in execute (scheduled). A restarted operator carries on from
    the status; a change back to dry-run starts the manual count over. Simulated runs."""
    name = "stager"
    await cluster.create(worker(name, cluster.namespace, mode="execute",
                                shakedown={"requiredManualRuns": 2}))  # fmt: skip
    ww = await wait_worker(cluster, name, lambda w: stage(w)[0] == "dry-run", "stage dry-run")
    assert condition(ww, "RolloutStage")["reason"] == "DryRun"

    # The shakedown passes: manual. The CronJob stays in dry-run.
    await cluster.finish_run(name, SimulatedRun(summary()))
    ww = await wait_worker(cluster, name, lambda w: stage(w) == ("manual", 0), "stage manual")
    assert ww["status"]["effectiveMode"] == "dry-run"
    assert condition(ww, "ExecuteAllowed")["reason"] == "ShakedownPassed"
    assert condition(ww, "RolloutStage")["reason"] == "Manual"
    cj = await cluster.get("CronJob", name)
    assert cj is not None
    assert "--dry-run" in container(cj)["command"]
    await wait_event(cluster, name, "RolloutManual")

    # A run-now is one execute Job, made from the CronJob's template, owned by the CronJob.
    first = await request_run_now(cluster, name, "first")
    job = await cluster.get("Job", first)
    assert job is not None
    assert mode_of(job) == "execute"
    assert job["spec"]["backoffLimit"] == 0
    assert job["metadata"]["labels"][TRIGGER_LABEL] == "run-now"
    assert job["metadata"]["labels"]["ops-warden.dev/worker"] == name
    (owner,) = job["metadata"]["ownerReferences"]
    assert (owner["kind"], owner["name"], owner["uid"]) == ("CronJob", name, cj["metadata"]["uid"])
    await wait_event(cluster, name, "RunNowCreated")

    # It fails: it does not count, and says so.
    failed = summary("execute", counts={"executed": 2, "failed": 1}, errors=["m1: refused"])
    await cluster.finish_job(first, SimulatedRun(failed, exit_code=1, succeeded=False))
    ww = await wait_recorded(cluster, name, first)
    assert stage(ww) == ("manual", 0)
    event = await wait_event(cluster, name, "ManualRunNotCounted")
    assert event["type"] == "Warning"

    # A clean one counts; the restarted operator reads the count from the status.
    second = await request_run_now(cluster, name, "second")
    await cluster.finish_job(second, SimulatedRun(summary("execute")))
    ww = await wait_recorded(cluster, name, second)
    assert stage(ww) == ("manual", 1)
    await cluster.restart_operator()
    third = await request_run_now(cluster, name, "third")
    assert len({first, second, third}) == 3
    await cluster.finish_job(third, SimulatedRun(summary("execute")))
    ww = await wait_worker(cluster, name, lambda w: stage(w) == ("scheduled", 2), "scheduled")
    assert ww["status"]["effectiveMode"] == "execute"
    assert condition(ww, "RolloutStage")["reason"] == "Scheduled"
    await wait_cronjob(
        cluster, name, lambda cj: "--execute" in container(cj)["command"], "CronJob in execute"
    )
    await wait_event(cluster, name, "RolloutScheduled")
    await wait_event(cluster, name, "Promoted")
    assert ww["status"]["runCounts"] == {"total": 4, "succeeded": 3, "failed": 1}

    # Back to dry-run: the manual count starts over; run-now is a dry-run there.
    await cluster.patch("WardenWorker", name, {"spec": {"mode": "dry-run"}})
    ww = await wait_worker(cluster, name, lambda w: stage(w) == ("dry-run", 0), "dry-run again")
    await wait_cronjob(
        cluster, name, lambda cj: "--dry-run" in container(cj)["command"], "CronJob in dry-run"
    )
    await wait_event(cluster, name, "RolloutDryRun")
    dry = await request_run_now(cluster, name, "dry")
    job = await cluster.get("Job", dry)
    assert job is not None
    assert mode_of(job) == "dry-run"


async def run_now_once_per_value(cluster: Cluster) -> None:
    """run-now makes one Job per new value, even while suspended: not a second one for the
    same value (set again, or seen again by a restarted operator), whatever the value holds -
    5,000 characters, line breaks, a token-shaped string - which never reaches a name, label,
    Event or the status as it is."""
    name = "nudge"
    await cluster.create(worker(name, cluster.namespace, suspend=True))
    await wait_cronjob(cluster, name, lambda cj: cj["spec"]["suspend"] is True, "CronJob")
    token = "ghp_" + hashlib.sha256(b"not a real token").hexdigest()[:36]
    odd = "run\nnow " + "x" * 5000 + " " + token
    job = await request_run_now(cluster, name, odd)
    assert len(job) <= 63
    body = await cluster.get("Job", job)
    assert body is not None, "the run-now Job"
    assert mode_of(body) == "dry-run"  # the dry-run stage: a run-now is a dry-run
    assert body["metadata"]["labels"][TRIGGER_LABEL] == "run-now"
    ww = await cluster.get("WardenWorker", name) or {}
    assert run_now_status(ww)["value"] == expected_record(odd)
    events = await cluster.events(name)
    assert token not in repr(events) + repr(ww["status"]) + repr(body["metadata"])

    # The same value again, and a restarted operator: still one Job, the same one.
    await cluster.patch("WardenWorker", name, {"spec": {"historyLimit": 5}})
    await cluster.restart_operator()
    await wait_worker(
        cluster, name, lambda w: w["status"].get("observedGeneration") == 2, "reconciled"
    )
    await asyncio.sleep(3)  # a few resync periods
    ww = await cluster.get("WardenWorker", name) or {}
    assert run_now_status(ww)["job"] == job
    reasons = [e.get("reason") for e in await cluster.events(name)]
    assert reasons.count("RunNowCreated") == 1
    assert await cluster.get("Job", job) is not None
