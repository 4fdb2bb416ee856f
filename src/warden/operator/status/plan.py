"""The whole status of a WardenWorker after a reconcile, and the Events to post about it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from warden.core.masking import mask
from warden.core.vocabulary import Mode
from warden.operator.status.conditions import (
    EXECUTE_ALLOWED,
    LAST_RUN_SUCCEEDED,
    READY,
    ROLLOUT_STAGE,
    iso,
    last_run_condition,
    set_condition,
)
from warden.operator.status.models import Rollout, RunRecord, WorkerStatus
from warden.operator.status.rollout import (
    advance_rollout,
    counted_runs,
    is_manual_run,
    run_now_mode,
    stage_condition,
    stage_event_reason,
)
from warden.operator.status.runs import dependency_unavailable, merge_runs
from warden.operator.status.shakedown import advance_shakedown, effective_mode, gate_condition

EventType = Literal["Normal", "Warning"]


@dataclass(frozen=True, slots=True)
class Event:
    """An Event to post about the WardenWorker. Messages are built from safe fields only."""

    type: EventType
    reason: str
    message: str


@dataclass(slots=True)
class StatusPlan:
    status: dict[str, Any]  # the merge patch of .status
    events: list[Event] = field(default_factory=list)
    new_runs: list[RunRecord] = field(default_factory=list)

    rollout: Rollout = field(default_factory=Rollout)

    @property
    def effective_mode(self) -> Mode:
        mode: Mode = self.status.get("effectiveMode") or "dry-run"
        return mode

    @property
    def run_now_mode(self) -> Mode:
        """The mode a run-now Job gets in this stage."""
        return run_now_mode(self.rollout)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something outside the spec keeps the worker from being fully in line (Ready=False)."""

    reason: str
    message: str


def plan_status(
    previous: WorkerStatus | dict[str, Any] | None,
    *,
    generation: int | None,
    requested_mode: Mode,
    required_clean_dry_runs: int,
    history_limit: int,
    fingerprint: str,
    cronjob_name: str,
    runs: Iterable[RunRecord],
    waiver: str | None,
    now: datetime,
    problem: Problem | None = None,
    required_manual_runs: int = 0,
) -> StatusPlan:
    """The status of a valid WardenWorker after these finished runs, and the Events to post.
    With a `problem` (e.g. InvalidCatalog, ApplyFailed): Ready=False with it, a Warning once.
    `required_manual_runs`: clean manual execute runs before scheduled execute (0: none)."""
    old = _read(previous)
    merged, added, recorded = merge_runs(old.runs, runs, history_limit, old.recorded_job_uids)
    shakedown = advance_shakedown(
        old.shakedown, fingerprint=fingerprint, required=required_clean_dry_runs,
        new_runs=added, waiver_reason=waiver, now=now,
    )  # fmt: skip
    rollout = advance_rollout(
        old.rollout, requested_mode=requested_mode, shakedown=shakedown,
        required_manual_runs=required_manual_runs, new_runs=added,
        promoted_before=old.rollout is None and old.effective_mode == "execute",
    )  # fmt: skip
    mode = effective_mode(requested_mode, shakedown, rollout.stage)
    if problem is None:
        ready = ("True", "Reconciled", f"CronJob {cronjob_name} is in line with the spec ({mode})")
    else:
        ready = ("False", problem.reason, safe_text(problem.message, 1024))
    conditions = set_condition(old.conditions, READY, *ready, generation=generation, now=now)  # type: ignore[arg-type]
    gate = gate_condition(requested_mode, shakedown)
    conditions = set_condition(conditions, EXECUTE_ALLOWED, *gate, generation=generation, now=now)
    last_run = merged[0] if merged else None
    conditions = set_condition(
        conditions, LAST_RUN_SUCCEEDED, *last_run_condition(last_run),
        generation=generation, now=now,
    )  # fmt: skip
    stage = stage_condition(rollout, requested_mode)
    conditions = set_condition(conditions, ROLLOUT_STAGE, *stage, generation=generation, now=now)
    shakedown_status = shakedown.to_status()
    if shakedown.waiver is None and old.shakedown is not None and old.shakedown.waiver:
        shakedown_status["waiver"] = None  # merge-patch keeps keys it is not told to delete
    status: dict[str, Any] = {
        "observedGeneration": generation,
        "cronJobName": cronjob_name,
        "effectiveMode": mode,
        "conditions": [c.to_status() for c in conditions],
        "shakedown": shakedown_status,
        "rollout": rollout.to_status(),
        "runCounts": old.run_counts.add(added).to_status(),
        "runs": [run.to_status() for run in merged],
        "lastRun": last_run.to_status() if last_run else None,
        "recordedJobUids": recorded,
    }
    events: list[Event] = []
    if problem is not None:
        events += _problem_event(old, ready[1], ready[2])
    events.extend(run_event(run) for run in added)
    events += _manual_run_events(old.rollout, rollout, added)
    old_gate = old.condition(EXECUTE_ALLOWED)
    if gate[1] == "ExecuteHeld" and (old_gate is None or old_gate.reason != "ExecuteHeld"):
        events.append(Event("Normal", "ExecuteHeld", gate[2]))
    if shakedown.waiver is not None and (old.shakedown is None or old.shakedown.waiver is None):
        events.append(
            Event("Warning", "ShakedownWaived", "shakedown waived by annotation; reason in status")
        )
    if mode == "execute" and old.effective_mode != "execute":
        events.append(Event("Normal", "Promoted", f"{gate[2]}; the CronJob now runs in execute"))
    if mode == "dry-run" and old.effective_mode == "execute":
        events.append(Event("Normal", "Demoted", f"the CronJob runs in dry-run again: {gate[2]}"))
    old_stage = old.rollout.stage if old.rollout is not None else "dry-run"
    if rollout.stage != old_stage:
        events.append(Event("Normal", stage_event_reason(rollout.stage), stage[2]))
    return StatusPlan(status=status, events=events, new_runs=added, rollout=rollout)


def _manual_run_events(old: Rollout | None, new: Rollout, added: list[RunRecord]) -> list[Event]:
    """One Event per manual execute run recorded while the rollout was in the manual stage:
    counted, or why not."""
    if new.stage == "dry-run" or (old is not None and old.stage == "scheduled"):
        return []
    counted = {run.job_uid for run in counted_runs(added, new.fingerprint)}
    progress = f"{new.clean_manual_runs} of {new.required_manual_runs} clean manual runs"
    events = []
    for run in added:
        if not is_manual_run(run):
            continue
        if run.job_uid in counted:
            message = f"manual run {run.job_name} was clean: {progress}"
            events.append(Event("Normal", "ManualRunCounted", message))
        else:
            why = (
                "it is not clean"
                if run.fingerprint == new.fingerprint
                else ("brain, agent or hub changed since it started")
            )
            events.append(
                Event(
                    "Warning",
                    "ManualRunNotCounted",
                    f"manual run {run.job_name} does not count ({why}): {progress}",
                )
            )
    return events


def record_run_now(
    plan: StatusPlan, value: str, job_name: str, now: datetime, *, failure: str | None = None
) -> None:
    """Note in the plan that the run-now request `value` (as recorded) was acted on: Job
    `job_name` created, or (`failure`, job "") refused for good - a Warning, and the value
    is spent either way (a new value asks again)."""
    plan.status["runNow"] = {"value": value, "job": job_name, "at": iso(now)}
    if failure is not None:
        plan.events.append(Event("Warning", "RunNowFailed", safe_text(failure, 1024)))
        return
    message = f"created Job {job_name} for a run-now request ({plan.run_now_mode})"
    plan.events.append(Event("Normal", "RunNowCreated", message))


def run_event(run: RunRecord) -> Event:
    """The Event a newly recorded run gets: a Warning named after the dependency when one
    was unavailable (HubUnavailable, LlmUnavailable), RunFailed for other failures."""
    if run.result == "Succeeded":
        return Event("Normal", "RunSucceeded", run.describe())
    if dependency_unavailable(run):
        return Event("Warning", run.reason, run.describe())
    return Event("Warning", "RunFailed", run.describe())


def plan_invalid_status(
    previous: WorkerStatus | dict[str, Any] | None,
    *,
    generation: int | None,
    reason: str,
    message: str,
    now: datetime,
) -> StatusPlan:
    """Ready=False with a clear reason; the CronJob, runs and gate are left as they were."""
    old = _read(previous)
    message = safe_text(message, 1024)
    conditions = set_condition(
        old.conditions, READY, "False", reason, message, generation=generation, now=now
    )
    return StatusPlan(
        status={"observedGeneration": generation,
                "conditions": [c.to_status() for c in conditions]},
        events=_problem_event(old, reason, message),
    )  # fmt: skip


def _problem_event(old: WorkerStatus, reason: str, message: str) -> list[Event]:
    """A Warning when Ready=False says something new (no Event spam while it stays)."""
    ready = old.condition(READY)
    if ready is not None and (ready.reason, ready.message) == (reason, message):
        return []
    return [Event("Warning", reason, message)]


def _read(previous: WorkerStatus | dict[str, Any] | None) -> WorkerStatus:
    if isinstance(previous, WorkerStatus):
        return previous
    return WorkerStatus.read(previous or {})


def safe_text(text: str, limit: int) -> str:
    return mask(text)[:limit]
