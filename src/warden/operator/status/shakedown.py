"""The shakedown gate: clean dry-runs since brain, agent or hub last changed, or a waiver."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from warden.core.masking import mask
from warden.core.vocabulary import Mode
from warden.operator.status.conditions import iso
from warden.operator.status.models import ConditionStatus, RunRecord, Shakedown, Waiver


def advance_shakedown(
    previous: Shakedown | None,
    *,
    fingerprint: str,
    required: int,
    new_runs: Iterable[RunRecord],
    waiver_reason: str | None,
    now: datetime,
) -> Shakedown:
    """Count clean dry-runs since brain/agent/hub last changed, and note a waiver."""
    previous = previous or Shakedown()
    clean = previous.clean_dry_runs if previous.fingerprint == fingerprint else 0
    clean += sum(
        1
        for run in new_runs
        if run.clean and run.mode == "dry-run" and run.fingerprint == fingerprint
    )
    waiver = None
    if waiver_reason is not None:
        reason = mask(waiver_reason)[:256] or "no reason given"
        old = previous.waiver
        recorded = old.recorded_at if old is not None and old.reason == reason else iso(now)
        waiver = Waiver(reason=reason, recorded_at=recorded)
    return Shakedown(
        fingerprint=fingerprint,
        required_clean_dry_runs=required,
        clean_dry_runs=clean,
        passed=clean >= required,
        waiver=waiver,
    )


def gate_open(requested: Mode, shakedown: Shakedown) -> bool:
    """mode execute asked for, and the shakedown passed or waived: past the dry-run stage."""
    return requested == "execute" and (shakedown.passed or shakedown.waiver is not None)


def effective_mode(requested: Mode, shakedown: Shakedown, stage: str = "scheduled") -> Mode:
    """The mode the CronJob runs in: execute only past the shakedown and in the scheduled
    stage (in the manual stage execute runs only on request; see status.rollout)."""
    if gate_open(requested, shakedown) and stage == "scheduled":
        return "execute"
    return "dry-run"


def waiver_reason(annotations: Mapping[str, str] | None, key: str) -> str | None:
    """The waiver annotation's value; None when absent. An empty value is no waiver."""
    value = (annotations or {}).get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def gate_condition(requested: Mode, shakedown: Shakedown) -> tuple[ConditionStatus, str, str]:
    progress = (
        f"{shakedown.clean_dry_runs} of {shakedown.required_clean_dry_runs} clean dry-runs "
        "since brain, agent or hub last changed"
    )
    if shakedown.passed:
        return "True", "ShakedownPassed", f"shakedown passed: {progress}"
    if shakedown.waiver is not None:
        return "True", "ShakedownWaived", f"shakedown waived by annotation ({progress})"
    if requested == "execute":
        return "False", "ExecuteHeld", f"execute held back, running dry-run: {progress}"
    return "False", "ShakedownPending", f"shakedown pending: {progress}"
