"""The WardenWorker status as typed models (camelCase on the wire): what the operator writes,
and what it reads back from the previous status. Reading is lenient - a status written by an
older operator or edited by hand loses the parts that do not parse, never the reconcile."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from warden.core.models import Outcome
from warden.core.vocabulary import BrainName, Dependency, Mode

ConditionStatus = Literal["True", "False", "Unknown"]
SummaryState = Literal["Valid", "Missing", "Invalid", "Rejected"]
RunResult = Literal["Succeeded", "Failed"]
Stage = Literal["dry-run", "manual", "scheduled"]
Trigger = Literal["schedule", "run-now"]


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, frozen=True, extra="ignore")

    def to_status(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class Condition(_Wire):
    """metav1.Condition."""

    type: str
    status: ConditionStatus
    reason: str
    message: str = ""
    last_transition_time: str = Field(alias="lastTransitionTime")
    observed_generation: int | None = Field(default=None, alias="observedGeneration")


class Waiver(_Wire):
    reason: str
    recorded_at: str | None = Field(default=None, alias="recordedAt")


class Shakedown(_Wire):
    """Progress of the staged-rollout gate."""

    fingerprint: str = ""
    required_clean_dry_runs: int = Field(default=0, alias="requiredCleanDryRuns")
    clean_dry_runs: int = Field(default=0, alias="cleanDryRuns")
    passed: bool = False
    waiver: Waiver | None = None


class Rollout(_Wire):
    """Where the staged rollout stands: dry-run (the shakedown, or mode dry-run), manual
    (execute on request only: each run-now is one execute run) or scheduled (the CronJob
    runs in execute). `cleanManualRuns` counts the clean run-now execute runs since the
    stage last left dry-run, for the shakedown fingerprint it was counted under."""

    stage: Stage = "dry-run"
    required_manual_runs: int = Field(default=0, alias="requiredManualRuns")
    clean_manual_runs: int = Field(default=0, alias="cleanManualRuns")
    fingerprint: str = ""


class RunNow(_Wire):
    """The last run-now request the operator acted on: the annotation's value as recorded
    (run_now.recorded_value), the Job it created and when."""

    value: str
    job: str = ""
    at: str | None = None


class RunCounts(_Wire):
    total: int = 0
    succeeded: int = 0
    failed: int = 0

    def add(self, runs: list[RunRecord]) -> RunCounts:
        ok = sum(1 for run in runs if run.result == "Succeeded")
        return RunCounts(
            total=self.total + len(runs),
            succeeded=self.succeeded + ok,
            failed=self.failed + len(runs) - ok,
        )


class RunRecord(_Wire):
    """One run as kept in status.runs."""

    job_name: str = Field(alias="jobName")
    job_uid: str = Field(alias="jobUid")
    started_at: str | None = Field(default=None, alias="startedAt")
    finished_at: str = Field(alias="finishedAt")
    result: RunResult
    reason: str
    exit_code: int | None = Field(default=None, alias="exitCode")
    summary: SummaryState = "Missing"
    mode: Mode | None = None
    brain: BrainName | None = None
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
    trigger: Trigger = "schedule"
    over_budget: int | None = Field(default=None, alias="overBudget")

    def describe(self) -> str:
        """One safe line for an Event."""
        run = "run-now run" if self.trigger == "run-now" else "run"
        text = f"{run} {self.job_name} {self.result.lower()} ({self.reason})"
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
            if self.over_budget:
                text += (
                    f"; llm call budget spent, {self.over_budget} messages deferred to the next run"
                )
        elif self.summary != "Missing":
            text += f": run summary {self.summary.lower()}, not copied"
        return text


class WorkerStatus(_Wire):
    """The parts of a previous status the operator builds on."""

    effective_mode: Mode | None = Field(default=None, alias="effectiveMode")
    conditions: list[Condition] = Field(default_factory=list)
    shakedown: Shakedown | None = None
    rollout: Rollout | None = None
    run_now: RunNow | None = Field(default=None, alias="runNow")
    run_counts: RunCounts = Field(default_factory=RunCounts, alias="runCounts")
    runs: list[RunRecord] = Field(default_factory=list)
    recorded_job_uids: list[str] = Field(default_factory=list, alias="recordedJobUids")

    @classmethod
    def read(cls, raw: Any) -> WorkerStatus:
        """The previous status; what does not parse is left out, field by field."""
        if not isinstance(raw, dict):
            return cls()
        kept: dict[str, Any] = {}
        for key, value in raw.items():
            try:
                cls.model_validate({key: value})
            except ValidationError:
                if key in ("conditions", "runs") and isinstance(value, list):
                    kept[key] = [item for item in value if _item_ok(cls, key, item)]
                continue
            kept[key] = value
        return cls.model_validate(kept)

    def condition(self, type_: str) -> Condition | None:
        return next((c for c in self.conditions if c.type == type_), None)


def _item_ok(model: type[WorkerStatus], key: str, item: Any) -> bool:
    try:
        model.model_validate({key: [item]})
    except ValidationError:
        return False
    return True
