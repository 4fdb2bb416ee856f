"""The State Hub's wire models: request bodies the hub accepts and responses it returns.

The reference server validates with them and the worker's client parses with them, so the
contract lives in one place. Light on purpose (pydantic only): the worker imports it.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, ValidationError

from warden.core.models import Message, WardenModel

MAX_MESSAGE_BODY_CHARS = 64_000  # what the hub accepts in a message (docs/hub-api.md)
MAX_PAGE_SIZE = 500
# Progress kinds that hand a message to a human: the agent will not act on it again.
HANDOFF_KINDS = ("escalation", "review_requested")

AgentName = Annotated[str, Field(min_length=1, max_length=200)]


class _Request(WardenModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NewMessage(_Request):
    """`POST /v1/messages`."""

    from_agent: AgentName
    to_agent: AgentName
    subject: str = Field(default="", max_length=1_000)
    body: str = Field(default="", max_length=MAX_MESSAGE_BODY_CHARS)
    in_reply_to: str | None = Field(default=None, min_length=1, max_length=200)


class NewProgress(_Request):
    """`POST /v1/progress`."""

    agent: AgentName
    message_id: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=64)
    summary: str = Field(default="", max_length=4_000)
    data: dict[str, Any] = Field(default_factory=dict)


class FaultPlan(_Request):
    """`POST /v1/_faults` (reference hub with `--fault-injection` only): after
    `fail_writes_after` requests in `scope` pass, the next `count` fail with `status`, each
    after `delay_seconds`. Scope `writes` fails the contract's writes; `all` every contract
    request, reads too - a hub that is down (until `DELETE /v1/_faults`)."""

    fail_writes_after: int = Field(default=0, ge=0)
    count: int = Field(default=1, ge=1)
    status: int = Field(default=500, ge=400, le=599)
    mode: str = Field(default="before_commit", pattern="^(before_commit|after_commit)$")
    scope: str = Field(default="writes", pattern="^(writes|all)$")
    delay_seconds: float = Field(default=0.0, ge=0.0, le=600.0)


class InboxPage(WardenModel):
    """`GET /v1/agents/{agent}/inbox`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    messages: list[Message]
    next_cursor: str | None = None


class Handoff(WardenModel):
    """A message an agent handed to a human: its first progress event of a handoff kind."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: str = Field(min_length=1)
    kind: str
    created_at: str


class HandoffPage(WardenModel):
    """`GET /v1/agents/{agent}/handoffs`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    handoffs: list[Handoff]
    next_cursor: str | None = None


class Created(WardenModel):
    """The answer to a successful `POST` that creates something."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)


def describe(error: ValidationError) -> str:
    """One line naming the bad fields — without echoing their values, which may be secrets."""
    parts = []
    for item in error.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in item["loc"]) or "body"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)
