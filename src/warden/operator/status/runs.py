"""Reading a finished run from its Job and Pod, and the run history.

Only safe fields reach the status: numbers, enums, names and UIDs chosen by Kubernetes or by
us. A termination message is read strictly as a RunSummary (RunSummary.parse) and dropped
whole when it is not one or when the secret detector fires; message bodies and error texts
are never copied."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from warden.core.masking import contains_secret
from warden.core.models import RUN_COUNT_KEYS, RunSummary
from warden.core.names import AGENT_NAME_PATTERN
from warden.core.vocabulary import FINGERPRINT_ANNOTATION, TRIGGER_LABEL, Dependency, ExitCode
from warden.operator.render import CONTAINER_NAME
from warden.operator.status.conditions import iso
from warden.operator.status.models import RunRecord, RunResult, SummaryState, Trigger

logger = logging.getLogger(__name__)

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


# --- the Job and Pod as the operator reads them ------------------------------------------


class _View(BaseModel):
    """A part of an API object; a null field is an absent one (the API sends both)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _nulls_are_absent(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {key: value for key, value in data.items() if value is not None}
        return data


class _Meta(_View):
    name: str = ""
    uid: str = ""
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    creation_timestamp: str | None = Field(default=None, alias="creationTimestamp")


class _JobCondition(_View):
    type: str = ""
    status: str = ""
    reason: str | None = None
    last_transition_time: str | None = Field(default=None, alias="lastTransitionTime")


class _JobStatus(_View):
    start_time: str | None = Field(default=None, alias="startTime")
    completion_time: str | None = Field(default=None, alias="completionTime")
    conditions: list[_JobCondition] = Field(default_factory=list)


class JobView(_View):
    metadata: _Meta = Field(default_factory=_Meta)
    status: _JobStatus = Field(default_factory=_JobStatus)

    def true_condition(self, type_: str) -> _JobCondition | None:
        return next(
            (c for c in self.status.conditions if c.type == type_ and c.status == "True"), None
        )


class Terminated(_View):
    exit_code: int | None = Field(default=None, alias="exitCode")
    reason: str | None = None
    message: str | None = None


class _Waiting(_View):
    reason: str | None = None


class ContainerState(_View):
    terminated: Terminated | None = None
    waiting: _Waiting | None = None


class _ContainerStatus(_View):
    name: str = ""
    state: ContainerState = Field(default_factory=ContainerState)
    last_state: ContainerState = Field(default_factory=ContainerState, alias="lastState")


class _PodStatus(_View):
    container_statuses: list[_ContainerStatus] = Field(
        default_factory=list, alias="containerStatuses"
    )


class PodView(_View):
    metadata: _Meta = Field(default_factory=_Meta)
    status: _PodStatus = Field(default_factory=_PodStatus)

    def worker(self) -> ContainerState:
        """State of the worker container: terminated (or last terminated) or waiting."""
        for status in self.status.container_statuses:
            if status.name == CONTAINER_NAME:
                if status.state.terminated is None and status.last_state.terminated is not None:
                    return ContainerState(
                        terminated=status.last_state.terminated, waiting=status.state.waiting
                    )
                return status.state
        return ContainerState()


# --- one run ----------------------------------------------------------------------------


def read_runs(
    jobs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any] | None]],
    *,
    now: datetime,
    not_before: datetime | None = None,
    agent: str | None = None,
) -> list[RunRecord]:
    """The records of the finished Jobs among `jobs` ((Job, its newest Pod) pairs). A Job
    that cannot be read is logged and skipped: it never keeps the others from the status."""
    runs = []
    for job, pod in jobs:
        try:
            run = read_run(job, pod, now=now, not_before=not_before, agent=agent)
        except (ValidationError, ValueError, TypeError) as exc:
            name = job.get("metadata", {}).get("name") if isinstance(job, Mapping) else None
            where = (
                ", ".join(".".join(map(str, e["loc"])) for e in exc.errors(include_input=False))
                if isinstance(exc, ValidationError)
                else type(exc).__name__
            )
            logger.warning("skipping Job %s: it cannot be read (%s)", name, where)
            continue
        if run is not None:
            runs.append(run)
    return runs


def read_run(
    job: Mapping[str, Any],
    pod: Mapping[str, Any] | None,
    *,
    now: datetime,
    not_before: datetime | None = None,
    agent: str | None = None,
) -> RunRecord | None:
    """The record of a finished Job, or None while it runs or briefly waits for its Pod
    (POD_GRACE after it finished, and after `not_before`: the operator's start, when its
    index of Pods may still be filling)."""
    job_view = JobView.model_validate(job)
    outcome = job_result(job_view)
    if outcome is None:
        return None
    result, job_reason, finished = outcome
    finished = finished or iso(now)
    if pod is None:
        waited_from = max(
            _parse_time(finished, now), not_before or datetime.min.replace(tzinfo=UTC)
        )
        if now - waited_from < POD_GRACE:
            return None  # the Pod's last update may still be on its way
    container = PodView.model_validate(pod).worker() if pod else ContainerState()
    terminated = container.terminated or Terminated()
    summary_state, summary = read_summary(terminated.message, agent)
    reason = job_reason
    if result == "Failed":
        reason = failure_reason(job_reason, container, terminated.exit_code, summary)
    record = RunRecord(
        job_name=job_view.metadata.name,
        job_uid=job_view.metadata.uid,
        started_at=job_view.status.start_time,
        finished_at=finished,
        result=result,
        reason=reason,
        exit_code=terminated.exit_code,
        summary=summary_state,
        fingerprint=job_view.metadata.annotations.get(FINGERPRINT_ANNOTATION, ""),
        trigger=trigger_of(job_view.metadata.labels),
    )
    if summary is None:
        return record
    return record.model_copy(update=_summary_fields(result, summary))


def job_result(job: JobView) -> tuple[RunResult, str, str | None] | None:
    """(result, the Job's reason, finish time) of a finished Job; None while it runs."""
    complete = job.true_condition("Complete")
    if complete is not None:
        return "Succeeded", "Completed", job.status.completion_time or complete.last_transition_time
    failed = job.true_condition("Failed")
    if failed is not None:
        return "Failed", _camel(failed.reason) or "Failed", failed.last_transition_time
    return None


def failure_reason(
    job_reason: str, container: ContainerState, exit_code: int | None, summary: RunSummary | None
) -> str:
    """Why a failed run failed, most specific first: the container, the deadline, the
    worker's exit code (docs/CONTRACTS.md), the Job's own reason."""
    terminated = container.terminated or Terminated()
    waiting_reason = container.waiting.reason if container.waiting else None
    if terminated.reason == "OOMKilled":
        return "OOMKilled"
    if waiting_reason in _IMAGE_REASONS:
        return str(waiting_reason)
    if job_reason == "DeadlineExceeded":
        return "DeadlineExceeded"
    reason = exit_reason(exit_code, summary)
    if reason is not None:
        return reason
    if job_reason not in ("", "Failed"):
        return job_reason
    return _camel(terminated.reason) or "Failed"


def exit_reason(exit_code: int | None, summary: RunSummary | None) -> str | None:
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


def dependency_unavailable(run: RunRecord) -> bool:
    """The run failed because the State Hub or llm-connect was unavailable (exit 3)."""
    return run.reason == DEPENDENCY_UNAVAILABLE or run.reason in UNAVAILABLE_REASONS.values()


def read_summary(
    message: str | None, agent: str | None = None
) -> tuple[SummaryState, RunSummary | None]:
    """The summary a run left (Missing, Rejected, Invalid or Valid). `agent`, the name the
    spec gave the worker, is public: it does not make the summary that names it a secret."""
    if not isinstance(message, str) or not message.strip():
        return "Missing", None
    if contains_secret(message, known=(agent,) if agent else ()):
        return "Rejected", None
    try:
        return "Valid", RunSummary.parse(message)
    except ValueError:  # pydantic's ValidationError is one
        return "Invalid", None


def _summary_fields(result: RunResult, summary: RunSummary) -> dict[str, Any]:
    return {
        "mode": summary.mode,
        "brain": summary.brain,
        "agent": summary.agent if _AGENT_RE.match(summary.agent) else None,
        "duration_seconds": round(summary.duration_seconds, 3),
        "messages_seen": summary.messages_seen,
        "counts": {k: v for k, v in summary.counts.items() if k in RUN_COUNT_KEYS},
        "actions_executed": summary.actions_executed,
        "guardrail_interventions": summary.guardrail_interventions,
        "llm_calls": summary.llm_calls,
        "unavailable": list(summary.unavailable) or None,
        "error_count": len(summary.errors),
        "over_budget": summary.over_budget or None,
        "clean": is_clean_run(result, summary),
    }


def trigger_of(labels: Mapping[str, str]) -> Trigger:
    """run-now for a Job the operator made for a run-now request; schedule otherwise (a Job
    of the CronJob, or one made from it by hand: it runs as the schedule would)."""
    return "run-now" if labels.get(TRIGGER_LABEL) == "run-now" else "schedule"


def is_clean_run(result: str, summary: RunSummary) -> bool:
    """A clean run, in either mode: succeeded, completed, without errors, failed or deferred
    messages (an over-budget one included: it did not look at everything) or guardrail
    interventions, and it looked at one message at least - a run over an empty inbox tested
    nothing, and neither did one whose hub or llm-connect was unavailable (whatever its exit
    code said). The shakedown counts clean dry-runs; the manual stage clean run-now
    execute runs."""
    return (
        result == "Succeeded"
        and summary.ok
        and not summary.unavailable
        and summary.deferred == 0
        and summary.guardrail_interventions == 0
        and summary.messages_seen > 0
    )


# --- the history ------------------------------------------------------------------------


def merge_runs(
    existing: Sequence[RunRecord],
    candidates: Iterable[RunRecord],
    limit: int,
    recorded: Sequence[str] = (),
) -> tuple[list[RunRecord], list[RunRecord], list[str]]:
    """The history with new runs added (newest first, at most `limit`), the runs that were
    new, and the updated list of recorded Job uids. A run is new when its Job uid was never
    recorded - kept longer than the history itself, so a run that fell out of a short history
    is not counted again while its Job still exists."""
    known = set(recorded) | {run.job_uid for run in existing}
    added: list[RunRecord] = []
    for run in sorted(candidates, key=lambda r: (r.finished_at, r.job_name)):
        if run.job_uid in known:
            continue
        known.add(run.job_uid)
        added.append(run)
    # Newest first; on equal (second-resolution) times, the run recorded later comes first.
    merged = [*reversed(added), *existing]
    merged.sort(key=lambda run: run.finished_at, reverse=True)
    uids = [*recorded, *(run.job_uid for run in existing if run.job_uid)]
    uids += [run.job_uid for run in added]
    deduped = list(dict.fromkeys(uids))[-RECORDED_UIDS_LIMIT:]
    return merged[:limit], added, deduped


def _parse_time(text: str, default: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return default
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _camel(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", str(value or ""))[:64]
