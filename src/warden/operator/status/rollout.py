"""The staged rollout after the shakedown: dry-run -> manual -> scheduled.

- dry-run: mode dry-run, or mode execute while the shakedown has not passed (nor is waived).
- manual: the shakedown passed (or is waived) and fewer than `requiredManualRuns` clean
  manual runs are in. The CronJob keeps running dry-run; each run-now request is one execute
  run. A manual run is a run-now Job that ran in execute; it counts when it was clean (the
  same judgement as a clean dry-run: runs.is_clean_run) under the current shakedown
  fingerprint. One that is not clean does not count and changes nothing else: the stage stays
  manual until enough clean ones are in.
- scheduled: the CronJob runs in execute.

Everything is read from the previous status (never from memory), so a restarted operator
carries on where it was. Going back to the dry-run stage (mode dry-run, a new fingerprint, a
withdrawn waiver) starts the manual count over. The waiver annotation waives the shakedown
only, never the manual stage: `requiredManualRuns: 0` in the spec skips that."""

from __future__ import annotations

from collections.abc import Iterable

from warden.core.vocabulary import Mode
from warden.operator.status.models import ConditionStatus, Rollout, RunRecord, Shakedown, Stage
from warden.operator.status.shakedown import gate_open

STAGE_REASONS: dict[Stage, str] = {
    "dry-run": "DryRun",
    "manual": "Manual",
    "scheduled": "Scheduled",
}


def is_manual_run(run: RunRecord) -> bool:
    """A run-now Job that ran in execute."""
    return run.trigger == "run-now" and run.mode == "execute"


def advance_rollout(
    previous: Rollout | None,
    *,
    requested_mode: Mode,
    shakedown: Shakedown,
    required_manual_runs: int,
    new_runs: Iterable[RunRecord],
    promoted_before: bool = False,
) -> Rollout:
    """The rollout after these newly recorded runs. `promoted_before`: the previous status
    has no rollout yet but its CronJob already ran in execute (an operator from before the
    manual stage promoted it) - it stays scheduled, counted as having done its manual runs."""
    fingerprint = shakedown.fingerprint
    if not gate_open(requested_mode, shakedown):
        return Rollout(
            stage="dry-run", required_manual_runs=required_manual_runs, fingerprint=fingerprint
        )
    if previous is None:
        clean = required_manual_runs if promoted_before else 0
    elif previous.stage == "dry-run" or previous.fingerprint != fingerprint:
        clean = 0
    else:
        clean = previous.clean_manual_runs
    clean += sum(1 for run in counted_runs(new_runs, fingerprint))
    return Rollout(
        stage="scheduled" if clean >= required_manual_runs else "manual",
        required_manual_runs=required_manual_runs,
        clean_manual_runs=clean,
        fingerprint=fingerprint,
    )


def counted_runs(runs: Iterable[RunRecord], fingerprint: str) -> list[RunRecord]:
    return [r for r in runs if is_manual_run(r) and r.clean and r.fingerprint == fingerprint]


def run_now_mode(rollout: Rollout) -> Mode:
    """The mode of a run-now Job: a dry-run in the dry-run stage, execute past it."""
    return "dry-run" if rollout.stage == "dry-run" else "execute"


def stage_condition(rollout: Rollout, requested_mode: Mode) -> tuple[ConditionStatus, str, str]:
    """The RolloutStage condition: always True, the reason names the stage."""
    progress = (
        f"{rollout.clean_manual_runs} of {rollout.required_manual_runs} clean manual execute runs"
    )
    if rollout.stage == "dry-run":
        if requested_mode == "dry-run":
            text = "mode dry-run: scheduled and run-now runs are dry-runs"
        else:
            text = "execute waits for the shakedown: scheduled and run-now runs are dry-runs"
    elif rollout.stage == "manual":
        text = (
            f"execute on request only ({progress}): each new value of the run-now annotation "
            "is one execute run; the CronJob keeps running dry-run"
        )
    else:
        text = f"the CronJob runs in execute ({progress})"
    return "True", STAGE_REASONS[rollout.stage], text


def stage_event_reason(stage: Stage) -> str:
    """The Event posted when the rollout enters `stage`: RolloutDryRun, RolloutManual,
    RolloutScheduled."""
    return "Rollout" + STAGE_REASONS[stage]
