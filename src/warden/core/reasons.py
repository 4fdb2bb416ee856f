"""Why the guardrails decided what they did, as codes with fixed descriptions.

Audit events, escalation summaries, notes, the rendered output and the run summary are written
from these codes and their descriptions only: never from model text, never from message text.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Reason(StrEnum):
    # The deterministic pre-check of the message.
    SENDER_INVALID = "sender_invalid"
    CARRIES_SECRET = "carries_secret"
    SECRET_REQUEST = "secret_request"
    PRODUCTION_CHANGE = "production_change"
    SSH_ISSUANCE = "ssh_issuance"
    CATALOG_CHANGE = "catalog_change"
    INJECTION = "injection"
    UNREADABLE_SCRIPT = "unreadable_script"
    HIDDEN_TEXT = "hidden_text"
    # The brain.
    BRAIN_ESCALATED = "brain_escalated"
    BRAIN_FAILED = "brain_failed"
    # The plan.
    OWN_MESSAGE = "own_message"
    EMPTY_PLAN = "empty_plan"
    TOO_MANY_ACTIONS = "too_many_actions"
    SEVERAL_ANSWERS = "several_answers"
    SEVERAL_NOTES = "several_notes"
    OFF_LIST_ACTION = "off_list_action"
    MARK_READ_OTHER = "mark_read_other"
    OWNER_NOT_IN_CATALOG = "owner_not_in_catalog"
    OWNER_NOT_FOR_TOPIC = "owner_not_for_topic"
    REPLY_MISADDRESSED = "reply_misaddressed"
    UNRESOLVED = "unresolved"
    OVERRULED = "overruled"
    # A body drafted by the model (model output is tainted).
    BODY_MISSING = "body_missing"
    BODY_NOT_TEXT = "body_not_text"
    BODY_TOO_LONG = "body_too_long"
    BODY_SECRET = "body_secret"
    BODY_LINK = "body_link"
    BODY_AGENT = "body_agent"
    BODY_ROUTING_CLAIM = "body_routing_claim"
    BODY_INSTRUCTIONS = "body_instructions"
    BODY_ECHO = "body_echo"
    BODY_HIDDEN_CHARACTERS = "body_hidden_characters"
    # A change waits for a human.
    REVIEW = "review"

    @property
    def description(self) -> str:
        return DESCRIPTIONS[self]


DESCRIPTIONS: Final[dict[Reason, str]] = {
    Reason.SENDER_INVALID: "sender is not a valid agent name",
    Reason.CARRIES_SECRET: "message carries a secret value",
    Reason.SECRET_REQUEST: "message asks for a secret value",
    Reason.PRODUCTION_CHANGE: "message asks for a production change",
    Reason.SSH_ISSUANCE: "message asks to issue SSH access (needs human approval)",
    Reason.CATALOG_CHANGE: "message asks for a catalog or routing change (needs a human)",
    Reason.INJECTION: "message contains instructions aimed at the worker (possible injection)",
    Reason.UNREADABLE_SCRIPT: "message is written in a script the pre-check cannot read",
    Reason.HIDDEN_TEXT: "message hides text in invisible characters",
    Reason.BRAIN_ESCALATED: "the brain escalated",
    Reason.BRAIN_FAILED: "the brain gave no usable plan",
    Reason.OWN_MESSAGE: "message from the worker's own agent",
    Reason.EMPTY_PLAN: "empty plan",
    Reason.TOO_MANY_ACTIONS: "too many actions",
    Reason.SEVERAL_ANSWERS: "more than one answer to one message",
    Reason.SEVERAL_NOTES: "more than one progress note",
    Reason.OFF_LIST_ACTION: "an action that is not on the allowlist",
    Reason.MARK_READ_OTHER: "mark_read of another message",
    Reason.OWNER_NOT_IN_CATALOG: "route_answer owner is not in the catalog",
    Reason.OWNER_NOT_FOR_TOPIC: "route_answer owner does not own the topic the catalog matches",
    Reason.REPLY_MISADDRESSED: "reply addressed to someone other than the sender",
    Reason.UNRESOLVED: "plan does not resolve the message",
    Reason.OVERRULED: "the pre-check forced escalation over the brain's plan",
    Reason.BODY_MISSING: "a drafted text is missing",
    Reason.BODY_NOT_TEXT: "a drafted text is not valid text",
    Reason.BODY_TOO_LONG: "a drafted text is too long",
    Reason.BODY_SECRET: "a drafted text carries a secret-shaped token",
    Reason.BODY_LINK: "a drafted text carries a link or an address",
    Reason.BODY_AGENT: "a drafted text names an agent that is not the sender or a catalog owner",
    Reason.BODY_ROUTING_CLAIM: "a drafted text makes a routing claim the catalog does not make",
    Reason.BODY_INSTRUCTIONS: "a drafted text carries instructions, requests or markers",
    Reason.BODY_ECHO: "a drafted text repeats the message",
    Reason.BODY_HIDDEN_CHARACTERS: "a drafted text carries invisible or look-alike characters",
    Reason.REVIEW: "a change waits for review",
}


# The codes the deterministic pre-check gives a message (before any brain is consulted).
PRECHECK: Final[frozenset[Reason]] = frozenset(
    {
        Reason.SENDER_INVALID,
        Reason.CARRIES_SECRET,
        Reason.SECRET_REQUEST,
        Reason.PRODUCTION_CHANGE,
        Reason.SSH_ISSUANCE,
        Reason.CATALOG_CHANGE,
        Reason.INJECTION,
        Reason.UNREADABLE_SCRIPT,
        Reason.HIDDEN_TEXT,
    }
)


def describe(reasons: list[Reason] | tuple[Reason, ...]) -> str:
    """One line from reason codes, in order, without repeats."""
    seen: list[str] = []
    for reason in reasons:
        if reason.description not in seen:
            seen.append(reason.description)
    return "; ".join(seen)
