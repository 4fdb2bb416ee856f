"""Conditions (metav1.Condition): Ready, ExecuteAllowed, LastRunSucceeded, RolloutStage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from warden.operator.status.models import Condition, ConditionStatus, RunRecord

READY = "Ready"
EXECUTE_ALLOWED = "ExecuteAllowed"
LAST_RUN_SUCCEEDED = "LastRunSucceeded"
ROLLOUT_STAGE = "RolloutStage"
_ORDER = {READY: 0, EXECUTE_ALLOWED: 1, LAST_RUN_SUCCEEDED: 2, ROLLOUT_STAGE: 3}


def set_condition(
    conditions: Sequence[Condition],
    type_: str,
    status: ConditionStatus,
    reason: str,
    message: str,
    *,
    generation: int | None,
    now: datetime,
) -> list[Condition]:
    """`conditions` with `type_` set; lastTransitionTime moves only when status changes."""
    previous = next((c for c in conditions if c.type == type_), None)
    transition = (
        previous.last_transition_time
        if previous is not None and previous.status == status and previous.last_transition_time
        else iso(now)
    )
    new = Condition(
        type=type_,
        status=status,
        reason=reason,
        message=message,
        last_transition_time=transition,
        observed_generation=generation,
    )
    others = [c for c in conditions if c.type != type_]
    return sorted([*others, new], key=lambda c: _ORDER.get(c.type, 99))


def last_run_condition(last_run: RunRecord | None) -> tuple[ConditionStatus, str, str]:
    if last_run is None:
        return "Unknown", "NoRunYet", "no run recorded yet"
    status: ConditionStatus = "True" if last_run.result == "Succeeded" else "False"
    return status, last_run.reason or "Unknown", f"run {last_run.job_name}"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
