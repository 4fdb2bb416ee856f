"""Boundary models shared by the worker, the hub and the operator."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from warden.core.vocabulary import SUMMARY_MAX_BYTES, BrainName, Dependency, ExitCode, Mode


class WardenModel(BaseModel):
    """Base of every boundary model. Validators are built on first use rather than at import:
    the worker's cold start pays only for the models it touches before its first request."""

    model_config = ConfigDict(defer_build=True)


class Message(WardenModel):
    """One inbox message as the State Hub returns it. Its content is untrusted data."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1, max_length=200)
    from_agent: str = Field(min_length=1, max_length=200)
    to_agent: str = Field(min_length=1, max_length=200)
    subject: str = ""
    body: str = ""
    created_at: str = ""
    thread_id: str | None = None


def message_text(message: Message) -> str:
    """Subject and body, judged together (a secret or a request split across them counts)."""
    return f"{message.subject}\n{message.body}"


class ActionKind(StrEnum):
    """Every action the worker knows. Anything else a brain proposes is off-list."""

    ROUTE_ANSWER = "route_answer"
    REPLY = "reply"
    PROGRESS_NOTE = "progress_note"
    MARK_READ = "mark_read"
    PROPOSE_CATALOG_DIFF = "propose_catalog_diff"
    ESCALATE = "escalate"


class PlannedAction(WardenModel):
    """One action as a brain proposed it. `kind` stays a string: brains may propose anything,
    and only the guardrails decide what is allowed."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: str = Field(min_length=1, max_length=64)
    target: str | None = Field(default=None, max_length=200)
    body: str | None = None
    reason: str = ""


class Deferral(WardenModel):
    """Why a message is left for the next run: a dependency was unavailable, or (`over_budget`)
    the run's llm call budget was spent. Not a decision about the message - nothing is handed
    off, nothing is written for it in this run."""

    model_config = ConfigDict(frozen=True)

    dependency: Dependency
    reason: str = Field(default="", max_length=300)
    over_budget: bool = False


class Proposal(WardenModel):
    """What a brain proposes for one message, before the guardrails. `notes` say why a brain
    fell back (e.g. "the model's plan is malformed"); they count as guardrail interventions.
    A `deferral` instead of actions: the brain could not plan (its dependency is down).

    `trusted` marks a proposal written by our own code (the rule brain): its reasons may be
    shown. A model's proposal is untrusted: its text is checked as tainted and its reasons
    never reach an output or an audit event."""

    actions: list[PlannedAction] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    deferral: Deferral | None = None
    trusted: bool = False


class Outcome(StrEnum):
    """What became of one message in one run."""

    PLANNED = "planned"  # dry-run: rendered, nothing written
    EXECUTED = "executed"  # auto-executable actions ran and the message was marked read
    ESCALATED = "escalated"  # left unread for a human, reported once
    REVIEW = "review"  # contains a change (catalog diff) that waits for a human
    FAILED = "failed"  # an action failed; the message stays unread for the next run
    DEFERRED = "deferred"  # a dependency was unavailable: unread, no handoff, next run


HANDED_OFF: Final = "handed_off"
"""The summary's count of unread messages passed over because a human already has them."""
RUN_COUNT_KEYS: Final = (*(outcome.value for outcome in Outcome), HANDED_OFF)
"""The keys of `RunSummary.counts` (and of `status.runs[].counts`): in a completed run they add
up to `messages_seen`."""


class WorkerPlan(WardenModel):
    """A brain's plan for one message after the guardrails checked it."""

    message_id: str
    sender: str
    brain: str
    actions: list[PlannedAction] = Field(default_factory=list)
    escalated: bool = False
    escalation_reason: str = ""  # written from reason codes and trusted text only
    review_required: bool = False
    reasons: list[str] = Field(default_factory=list)  # `warden.core.reasons.Reason` codes
    guardrail_notes: list[str] = Field(default_factory=list)
    secret_findings: list[str] = Field(default_factory=list)  # detector types only, never values
    deferral: Deferral | None = None  # not planned: a dependency was unavailable

    @model_validator(mode="after")
    def _deferred_plans_do_nothing(self) -> WorkerPlan:
        if self.deferral is not None and (self.actions or self.escalated or self.review_required):
            raise ValueError("a deferred plan has no actions, escalation or review")
        return self

    @property
    def intervened(self) -> bool:
        """True when the guardrails changed or overrode what the brain proposed."""
        return bool(self.guardrail_notes)


class MessageResult(WardenModel):
    """The audit record of one message: ids, decisions and detector types, never bodies."""

    message_id: str
    outcome: Outcome
    actions: list[str] = Field(default_factory=list)
    escalation_reason: str = ""
    guardrail_notes: list[str] = Field(default_factory=list)
    error: str = ""
    deferral: Deferral | None = None  # outcome DEFERRED: which dependency, and why


INT64_MAX = 2**63 - 1
# A count: a non-negative integer an API server can store (int64); never a bool or a string
# once the reader parses strictly (RunSummary.parse).
Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class RunSummary(WardenModel):
    """What one run did. Written as JSON (<= SUMMARY_MAX_BYTES) to the summary file for the
    operator."""

    model_config = ConfigDict(extra="forbid")

    version: Annotated[int, Field(ge=1, le=1, strict=True)] = 1
    agent: str
    mode: Mode
    brain: BrainName
    started_at: str
    duration_seconds: Seconds = 0.0
    phase_seconds: dict[str, Seconds] = Field(default_factory=dict)  # fetch, plan, execute
    messages_seen: Count = 0
    counts: dict[str, Count] = Field(default_factory=dict)
    actions_executed: Count = 0
    guardrail_interventions: Count = 0
    llm_calls: Count = 0
    # Messages deferred because the run's llm call budget (--max-llm-calls) was spent; they
    # are also counted in `counts["deferred"]`. Not an outage: they alone leave the exit 0.
    over_budget: Count = 0
    # Dependencies that were unavailable during the run (each once); `counts["deferred"]`
    # says how many messages were left for the next run because of them.
    unavailable: list[Dependency] = Field(default_factory=list, max_length=len(Dependency))
    errors: list[str] = Field(default_factory=list)
    errors_truncated: bool = False  # some errors were dropped to fit the size limit
    completed: bool = False

    @field_validator("unavailable")
    @classmethod
    def _each_dependency_once(cls, value: list[Dependency]) -> list[Dependency]:
        if len(set(value)) != len(value):
            raise ValueError("each unavailable dependency is named once")
        return value

    @classmethod
    def parse(cls, text: str) -> RunSummary:
        """The summary in `text`, read strictly (JSON types as written: no "5" for 5, no true
        for 1; finite numbers, counts within int64, each unavailable dependency once).
        Raises ValueError otherwise."""
        return cls.model_validate_json(text, strict=True)

    @property
    def deferred(self) -> int:
        return self.counts.get(Outcome.DEFERRED, 0)

    @property
    def ok(self) -> bool:
        """Exit 0: completed, no error, nothing failed, nothing deferred (but for the llm call
        budget: messages over it wait for the next run, and nothing failed)."""
        return self.exit_code == ExitCode.OK

    @property
    def exit_code(self) -> ExitCode:
        """What the worker exits with after this run. An action that failed wins over an
        unavailable dependency: it will not heal by waiting."""
        if self.counts.get(Outcome.FAILED, 0):
            return ExitCode.ACTION_FAILED
        if self.unavailable or self.deferred > self.over_budget:
            return ExitCode.DEPENDENCY_UNAVAILABLE
        if self.errors or not self.completed:
            return ExitCode.ACTION_FAILED
        return ExitCode.OK

    def to_compact_json(self, limit: int = SUMMARY_MAX_BYTES) -> str:
        """Serialise within `limit` bytes, dropping error details first if needed."""
        data: dict[str, Any] = self.model_dump(mode="json")
        text = _dumps(data)
        while len(text.encode()) > limit and data["errors"]:
            data["errors"] = data["errors"][:-1]
            data["errors_truncated"] = True
            text = _dumps(data)
        return text


def _dumps(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, separators=(",", ":"), sort_keys=True)
