"""Pure status logic, by job: conditions (conditions.py), reading runs and the history
(runs.py), the shakedown gate (shakedown.py), the rollout stages after it (rollout.py), the
whole status and its Events (plan.py), on typed models of the status (models.py). Nothing
here talks to the API."""

from __future__ import annotations

from datetime import UTC, datetime

from warden.operator.status.conditions import (
    EXECUTE_ALLOWED,
    LAST_RUN_SUCCEEDED,
    READY,
    ROLLOUT_STAGE,
    set_condition,
)
from warden.operator.status.models import (
    Condition,
    Rollout,
    RunCounts,
    RunNow,
    RunRecord,
    Shakedown,
    Waiver,
    WorkerStatus,
)
from warden.operator.status.plan import (
    Event,
    Problem,
    StatusPlan,
    plan_invalid_status,
    plan_status,
    record_run_now,
    run_event,
)
from warden.operator.status.rollout import advance_rollout, is_manual_run
from warden.operator.status.runs import (
    DEPENDENCY_UNAVAILABLE,
    POD_GRACE,
    RECORDED_UIDS_LIMIT,
    UNAVAILABLE_REASONS,
    dependency_unavailable,
    exit_reason,
    failure_reason,
    merge_runs,
    read_run,
    read_runs,
    read_summary,
)
from warden.operator.status.shakedown import advance_shakedown, effective_mode, waiver_reason


def now_utc() -> datetime:
    return datetime.now(UTC)


__all__ = [
    "DEPENDENCY_UNAVAILABLE", "EXECUTE_ALLOWED", "LAST_RUN_SUCCEEDED", "POD_GRACE", "READY",
    "RECORDED_UIDS_LIMIT", "ROLLOUT_STAGE", "UNAVAILABLE_REASONS", "Condition", "Event",
    "Problem", "Rollout", "RunCounts", "RunNow", "RunRecord", "Shakedown", "StatusPlan",
    "Waiver", "WorkerStatus", "advance_rollout", "advance_shakedown", "dependency_unavailable",
    "effective_mode", "exit_reason", "failure_reason", "is_manual_run", "merge_runs", "now_utc",
    "plan_invalid_status", "plan_status", "read_run", "read_runs", "read_summary",
    "record_run_now", "run_event", "set_condition", "waiver_reason",
]  # fmt: skip
