"""Pure status logic: conditions, the run history, the shakedown gate, and reading a finished
run from its Job and Pod. Nothing here talks to the API.

Only safe fields ever reach the status: numbers, enums, names and UIDs chosen by Kubernetes or
by us. A termination message is validated as a RunSummary first and dropped whole when it is
not one or when the secret detector fires; message bodies and error texts are never copied."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from warden.core.masking import contains_secret, mask
from warden.core.models import Outcome, RunSummary
from warden.core.names import AGENT_NAME_PATTERN
from warden.core.vocabulary import Dependency, ExitCode
from warden.operator.render import CONTAINER_NAME, FINGERPRINT_ANNOTATION, Mode

READY = "Ready"
EXECUTE_ALLOWED = "ExecuteAllowed"
LAST_RUN_SUCCEEDED = "LastRunSucceeded"
RECORDED_UIDS_LIMIT = 100  # Jobs still around (CronJob history, TTL) are far fewer
POD_GRACE = timedelta(seconds=30)  # how long a finished Job may wait for its Pod to show up
_IMAGE_REASONS = frozenset(
    {"ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError"}
)
_AGENT_RE = re.compile(AGENT_NAME_PATTERN)
# Exit 3: a dependency was unavailable. Named after the one the summary names first (the hub
# before llm-connect: without the hub the run stops), or generic without a summary.
UNAVAILABLE_REASONS = {
    Dependency.STATE_HUB: "HubUnavailable",
    Dependency.LLM_CONNECT: "LlmUnavailable",
}
DEPENDENCY_UNAVAILABLE = "DependencyUnavailable"
_OUTCOMES = tuple(outcome.value for outcome in Outcome)

ConditionStatus = Literal["True", "False", "Unknown"]
EventType = Literal["Normal", "Warning"]
SummaryState = Literal["Valid", "Missing", "Invalid", "Rejected"]


@dataclass(frozen=True, slots=True)
class Event:
    """An Event to post about the WardenWorker. Messages are built from safe fields only."""

    type: EventType
    reason: str
    message: str


class RunRecord(BaseModel):
    """One run as kept in status.runs (camelCase on the wire)."""

    model_config = ConfigDict(populate_by_name=True, frozen=True)

    job_name: str = Field(alias="jobName")
    job_uid: str = Field(alias="jobUid")
    started_at: str | None = Field(default=None, alias="startedAt")
    finished_at: str = Field(alias="finishedAt")
    result: Literal["Succeeded", "Failed"]
    reason: str
    exit_code: int | None = Field(default=None, alias="exitCode")
    summary: SummaryState = "Missing"
    mode: Mode | None = None
    brain: Literal["rule", "llm"] | None = None
    agent: str | None = None
    duration_seconds: float | None = Field(default=None, alias="durationSeconds")
    messages_seen: int | None = Field(default=None, alias="messagesSeen")
    counts: dict[str, int] | None = None
    actions_executed: int | None = Field(default=None, alias="actionsExecuted")
    guardrail_interventions: int | None = Field(default=None, alias="guardrailInterventions")
    llm_calls: int | None = Field(default=None, alias="llmCalls")
    unavailable: list[Dependency] | None = None
    error_count: int | None = Field(default=None, alias="errorCount")
    clean: bool = False
    fingerprint: str = ""

    def to_status(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def describe(self) -> str:
        """One safe line for an Event."""
        text = f"run {self.job_name} {self.result.lower()} ({self.reason})"
        if self.summary == "Valid":
            text += (
                f": mode {self.mode}, {self.messages_seen} messages, "
                f"{self.actions_executed} actions, {self.error_count} errors, "
                f"{self.guardrail_interventions} guardrail interventions"
            )
            if self.unavailable:
                deferred = (self.counts or {}).get(Outcome.DEFERRED, 0)
                text += (
                    f"; {', '.join(self.unavailable)} unavailable, {deferred} messages"
                    " deferred to the next run"
                )
        elif self.summary != "Missing":
            text += f": run summary {self.summary.lower()}, not copied"
        return text

    @property
    def dependency_unavailable(self) -> bool:
        return self.reason == DEPENDENCY_UNAVAILABLE or self.reason in UNAVAILABLE_REASONS.values()

    def event(self) -> Event:
        """The Event a newly recorded run gets: a Warning named after the dependency when
        one was unavailable (HubUnavailable, LlmUnavailable), RunFailed for other failures."""
        if self.result == "Succeeded":
            return Event("Normal", "RunSucceeded", self.describe())
        if self.dependency_unavailable:
            return Event("Warning", self.reason, self.describe())
        return Event("Warning", "RunFailed", self.describe())


# --- conditions -------------------------------------------------------------------------


def set_condition(
    conditions: Sequence[Mapping[str, Any]],
    type_: str,
    status: ConditionStatus,
    reason: str,
    message: str,
    *,
    generation: int | None,
    now: datetime,
) -> list[dict[str, Any]]:
    """`conditions` with `type_` set; lastTransitionTime moves only when status changes."""
    out: list[dict[str, Any]] = []
    previous: Mapping[str, Any] | None = None
    for condition in conditions:
        if condition.get("type") == type_:
            previous = condition
        else:
            out.append(dict(condition))
    transition = (
        previous["lastTransitionTime"]
        if previous is not None
        and previous.get("status") == status
        and previous.get("lastTransitionTime")
        else _iso(now)
    )
    new: dict[str, Any] = {
        "type": type_,
        "status": status,
        "reason": reason,
        "message": message,
        "lastTransitionTime": transition,
    }
    if generation is not None:
        new["observedGeneration"] = generation
    out.append(new)
    return sorted(out, key=lambda c: _CONDITION_ORDER.get(str(c.get("type")), 99))


_CONDITION_ORDER = {READY: 0, EXECUTE_ALLOWED: 1, LAST_RUN_SUCCEEDED: 2}


def get_condition(status: Mapping[str, Any], type_: str) -> Mapping[str, Any] | None:
    for condition in status.get("conditions") or []:
        if condition.get("type") == type_:
            return dict(condition)
    return None


# --- reading one run --------------------------------------------------------------------


def read_run(
    job: Mapping[str, Any], pod: Mapping[str, Any] | None, *, now: datetime
) -> RunRecord | None:
    """The record of a finished Job, or None while it runs (or briefly waits for its Pod)."""
    job_status = job.get("status") or {}
    true_conditions = {
        c.get("type"): c for c in job_status.get("conditions") or [] if c.get("status") == "True"
    }
    if "Complete" in true_conditions:
        result: Literal["Succeeded", "Failed"] = "Succeeded"
        finished = job_status.get("completionTime") or true_conditions["Complete"].get(
            "lastTransitionTime"
        )
        job_reason = "Completed"
    elif "Failed" in true_conditions:
        result = "Failed"
        finished = true_conditions["Failed"].get("lastTransitionTime")
        job_reason = _camel(true_conditions["Failed"].get("reason")) or "Failed"
    else:
        return None
    finished = str(finished or _iso(now))
    if pod is None and now - _parse_time(finished, now) < POD_GRACE:
        return None  # the Pod's last update may still be on its way

    container = _container_state(pod)
    terminated = container.get("terminated") or {}
    exit_code = terminated.get("exitCode")
    summary_state, summary = _read_summary(terminated.get("message"))

    reason = job_reason
    if result == "Failed":
        reason = _failure_reason(job_reason, container, exit_code, summary)

    meta = job.get("metadata") or {}
    record: dict[str, Any] = {
        "jobName": str(meta.get("name", "")),
        "jobUid": str(meta.get("uid", "")),
        "startedAt": job_status.get("startTime"),
        "finishedAt": finished,
        "result": result,
        "reason": reason,
        "exitCode": exit_code if isinstance(exit_code, int) else None,
        "summary": summary_state,
        "fingerprint": str((meta.get("annotations") or {}).get(FINGERPRINT_ANNOTATION, "")),
    }
    if summary is not None:
        record.update(
            {
                "mode": summary.mode,
                "brain": summary.brain,
                "agent": summary.agent if _AGENT_RE.match(summary.agent) else None,
                "durationSeconds": round(summary.duration_seconds, 3),
                "messagesSeen": summary.messages_seen,
                "counts": {k: v for k, v in summary.counts.items() if k in _OUTCOMES},
                "actionsExecuted": summary.actions_executed,
                "guardrailInterventions": summary.guardrail_interventions,
                "llmCalls": summary.llm_calls,
                "unavailable": list(summary.unavailable) or None,
                "errorCount": len(summary.errors),
                "clean": is_clean_dry_run(result, summary),
            }
        )
    return RunRecord.model_validate(record)


def is_clean_dry_run(result: str, summary: RunSummary) -> bool:
    """A run that counts for the shakedown: a succeeded, completed dry-run without errors,
    failed or deferred messages or guardrail interventions, that looked at one message at
    least - a run over an empty inbox tested nothing, and neither did one whose hub or
    llm-connect was unavailable (whatever its exit code said)."""
    return (
        result == "Succeeded"
        and summary.mode == "dry-run"
        and summary.ok
        and not summary.unavailable
        and summary.deferred == 0
        and summary.guardrail_interventions == 0
        and summary.messages_seen > 0
    )


def _container_state(pod: Mapping[str, Any] | None) -> dict[str, Any]:
    """State of the worker container: terminated (or last terminated) or waiting."""
    if not pod:
        return {}
    for status in (pod.get("status") or {}).get("containerStatuses") or []:
        if status.get("name") == CONTAINER_NAME:
            state = dict(status.get("state") or {})
            if "terminated" not in state and (status.get("lastState") or {}).get("terminated"):
                state["terminated"] = status["lastState"]["terminated"]
            return state
    return {}


def _read_summary(message: Any) -> tuple[SummaryState, RunSummary | None]:
    if not isinstance(message, str) or not message.strip():
        return "Missing", None
    if contains_secret(message):
        return "Rejected", None
    try:
        data = json.loads(message)
        if not isinstance(data, dict):
            return "Invalid", None
        return "Valid", RunSummary.model_validate(data)
    except (ValueError, ValidationError):
        return "Invalid", None


def _failure_reason(
    job_reason: str, container: Mapping[str, Any], exit_code: Any, summary: RunSummary | None
) -> str:
    terminated = container.get("terminated") or {}
    waiting = container.get("waiting") or {}
    if terminated.get("reason") == "OOMKilled":
        return "OOMKilled"
    if waiting.get("reason") in _IMAGE_REASONS:
        return str(waiting["reason"])
    if job_reason == "DeadlineExceeded":
        return "DeadlineExceeded"
    reason = exit_reason(exit_code, summary)
    if reason is not None:
        return reason
    if job_reason not in ("", "Failed"):
        return job_reason
    return _camel(terminated.get("reason")) or "Failed"


def exit_reason(exit_code: Any, summary: RunSummary | None) -> str | None:
    """The run reason the worker's exit code says (warden.core.vocabulary.ExitCode), with
    its summary; None when the code says nothing the Job and Pod do not say better."""
    if exit_code == ExitCode.ACTION_FAILED and summary is not None:
        return "ActionsFailed"
    if exit_code == ExitCode.CONFIG:
        return "ConfigError"
    if exit_code == ExitCode.DEPENDENCY_UNAVAILABLE:
        named = summary.unavailable if summary is not None else []
        for dependency, reason in UNAVAILABLE_REASONS.items():
            if dependency in named:
                return reason
        return DEPENDENCY_UNAVAILABLE
    return None


# --- the run history --------------------------------------------------------------------


def merge_runs(
    existing: Sequence[Mapping[str, Any]],
    candidates: Iterable[RunRecord],
    limit: int,
    recorded: Sequence[str] = (),
) -> tuple[list[dict[str, Any]], list[RunRecord], list[str]]:
    """The history with new runs added (newest first, at most `limit`), the runs that were
    new, and the updated list of recorded Job uids. A run is new when its Job uid was never
    recorded - kept longer than the history itself, so a run that fell out of a short history
    is not counted again while its Job still exists."""
    known = set(recorded) | {str(run.get("jobUid")) for run in existing}
    added: list[RunRecord] = []
    for run in sorted(candidates, key=lambda r: (r.finished_at, r.job_name)):
        if run.job_uid in known:
            continue
        known.add(run.job_uid)
        added.append(run)
    # Newest first; on equal (second-resolution) times, the run recorded later comes first.
    merged = [run.to_status() for run in reversed(added)] + [dict(run) for run in existing]
    merged.sort(key=lambda run: str(run.get("finishedAt", "")), reverse=True)
    uids = [*recorded, *(str(run.get("jobUid")) for run in existing if run.get("jobUid"))]
    uids += [run.job_uid for run in added]
    deduped = list(dict.fromkeys(uids))[-RECORDED_UIDS_LIMIT:]
    return merged[:limit], added, deduped


# --- the shakedown gate -----------------------------------------------------------------


def advance_shakedown(
    previous: Mapping[str, Any] | None,
    *,
    fingerprint: str,
    required: int,
    new_runs: Iterable[RunRecord],
    waiver_reason: str | None,
    now: datetime,
) -> dict[str, Any]:
    """Count clean dry-runs since brain/agent/hub last changed, and note a waiver."""
    previous = previous or {}
    clean = (
        int(previous.get("cleanDryRuns", 0)) if previous.get("fingerprint") == fingerprint else 0
    )
    clean += sum(1 for run in new_runs if run.clean and run.fingerprint == fingerprint)
    state: dict[str, Any] = {
        "fingerprint": fingerprint,
        "requiredCleanDryRuns": required,
        "cleanDryRuns": clean,
        "passed": clean >= required,
    }
    if waiver_reason is not None:
        old = previous.get("waiver") or {}
        reason = _safe_text(waiver_reason, 256) or "no reason given"
        state["waiver"] = {
            "reason": reason,
            "recordedAt": old.get("recordedAt") if old.get("reason") == reason else _iso(now),
        }
    return state


def effective_mode(requested: Mode, shakedown: Mapping[str, Any]) -> Mode:
    if requested == "execute" and (shakedown.get("passed") or shakedown.get("waiver")):
        return "execute"
    return "dry-run"


def waiver_reason(annotations: Mapping[str, str] | None, key: str) -> str | None:
    """The waiver annotation's value; None when absent. An empty value is no waiver."""
    value = (annotations or {}).get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- the whole status -------------------------------------------------------------------


@dataclass(slots=True)
class StatusPlan:
    status: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    new_runs: list[RunRecord] = field(default_factory=list)


def plan_status(
    previous: Mapping[str, Any] | None,
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
    problem: tuple[str, str] | None = None,
) -> StatusPlan:
    """The status of a valid WardenWorker after these finished runs, and the Events to post.
    `problem` (reason, message): something outside the spec keeps the worker from being
    fully in line (e.g. InvalidCatalog) - Ready=False with it, and a Warning Event once."""
    previous = dict(previous or {})
    merged, added, recorded = merge_runs(
        previous.get("runs") or [], runs, history_limit, previous.get("recordedJobUids") or []
    )
    shakedown = advance_shakedown(
        previous.get("shakedown"),
        fingerprint=fingerprint,
        required=required_clean_dry_runs,
        new_runs=added,
        waiver_reason=waiver,
        now=now,
    )
    mode = effective_mode(requested_mode, shakedown)
    counts = dict(previous.get("runCounts") or {})
    for key in ("total", "succeeded", "failed"):
        counts[key] = int(counts.get(key, 0))
    for run in added:
        counts["total"] += 1
        counts["succeeded" if run.result == "Succeeded" else "failed"] += 1

    conditions: list[dict[str, Any]] = list(previous.get("conditions") or [])
    if problem is None:
        conditions = set_condition(
            conditions, READY, "True", "Reconciled",
            f"CronJob {cronjob_name} is in line with the spec ({mode})",
            generation=generation, now=now,
        )  # fmt: skip
    else:
        conditions = set_condition(
            conditions, READY, "False", problem[0], _safe_text(problem[1], 1024),
            generation=generation, now=now,
        )  # fmt: skip
    gate = _gate_condition(requested_mode, shakedown)
    conditions = set_condition(conditions, EXECUTE_ALLOWED, *gate, generation=generation, now=now)
    last_run = merged[0] if merged else None
    conditions = set_condition(
        conditions, LAST_RUN_SUCCEEDED, *_last_run_condition(last_run),
        generation=generation, now=now,
    )  # fmt: skip

    status: dict[str, Any] = {
        "observedGeneration": generation,
        "cronJobName": cronjob_name,
        "effectiveMode": mode,
        "conditions": conditions,
        "shakedown": shakedown,
        "runCounts": counts,
        "runs": merged,
        "lastRun": last_run,
        "recordedJobUids": recorded,
    }
    if "waiver" not in shakedown and (previous.get("shakedown") or {}).get("waiver"):
        # merge-patch keeps keys it is not told to delete
        shakedown["waiver"] = None

    events: list[Event] = []
    if problem is not None:
        old_ready = get_condition(previous, READY) or {}
        ready = get_condition({"conditions": conditions}, READY) or {}
        if (old_ready.get("reason"), old_ready.get("message")) != (
            ready["reason"],
            ready["message"],
        ):
            events.append(Event("Warning", ready["reason"], ready["message"]))
    events.extend(run.event() for run in added)
    old_gate = get_condition(previous, EXECUTE_ALLOWED) or {}
    if gate[1] == "ExecuteHeld" and old_gate.get("reason") != "ExecuteHeld":
        events.append(Event("Normal", "ExecuteHeld", gate[2]))
    if shakedown.get("waiver") and not (previous.get("shakedown") or {}).get("waiver"):
        events.append(
            Event("Warning", "ShakedownWaived", "shakedown waived by annotation; reason in status")
        )
    if mode == "execute" and previous.get("effectiveMode") != "execute":
        events.append(Event("Normal", "Promoted", f"{gate[2]}; the CronJob now runs in execute"))
    if mode == "dry-run" and previous.get("effectiveMode") == "execute":
        events.append(Event("Normal", "Demoted", f"the CronJob runs in dry-run again: {gate[2]}"))
    return StatusPlan(status=status, events=events, new_runs=added)


def plan_invalid_status(
    previous: Mapping[str, Any] | None,
    *,
    generation: int | None,
    reason: str,
    message: str,
    now: datetime,
) -> StatusPlan:
    """Ready=False with a clear reason; the CronJob, runs and gate are left as they were."""
    previous = dict(previous or {})
    message = _safe_text(message, 1024)
    conditions = set_condition(
        previous.get("conditions") or [], READY, "False", reason, message,
        generation=generation, now=now,
    )  # fmt: skip
    events: list[Event] = []
    old = get_condition(previous, READY) or {}
    if old.get("reason") != reason or old.get("message") != message:
        events.append(Event("Warning", reason, message))
    return StatusPlan(
        status={"observedGeneration": generation, "conditions": conditions}, events=events
    )


def _gate_condition(
    requested: Mode, shakedown: Mapping[str, Any]
) -> tuple[ConditionStatus, str, str]:
    progress = (
        f"{shakedown['cleanDryRuns']} of {shakedown['requiredCleanDryRuns']} clean dry-runs "
        "since brain, agent or hub last changed"
    )
    if shakedown.get("passed"):
        return "True", "ShakedownPassed", f"shakedown passed: {progress}"
    if shakedown.get("waiver"):
        return "True", "ShakedownWaived", f"shakedown waived by annotation ({progress})"
    if requested == "execute":
        return "False", "ExecuteHeld", f"execute held back, running dry-run: {progress}"
    return "False", "ShakedownPending", f"shakedown pending: {progress}"


def _last_run_condition(last_run: Mapping[str, Any] | None) -> tuple[ConditionStatus, str, str]:
    if not last_run:
        return "Unknown", "NoRunYet", "no run recorded yet"
    status: ConditionStatus = "True" if last_run.get("result") == "Succeeded" else "False"
    return status, str(last_run.get("reason") or "Unknown"), f"run {last_run.get('jobName')}"


# --- helpers ----------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc() -> datetime:
    return datetime.now(UTC)


def _parse_time(text: str, default: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _camel(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", str(value or ""))[:64]


def _safe_text(text: str, limit: int) -> str:
    return mask(text)[:limit]
