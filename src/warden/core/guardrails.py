"""The guardrails: one place that decides what may happen, whatever a brain proposed.

`assess` is the deterministic pre-check of the message itself (`warden.core.reading`: one
normalisation, every view an attacker can hide in, the secret detector and the multilingual
rules of `warden.core.precheck`). `check` turns a brain's proposal into a `WorkerPlan` through
a pipeline of named steps, each a pure function:

1. `forced_by_precheck`: what the pre-check forces escalates, whatever the brain says;
2. `own_message`: the worker never answers its own agent;
3. `plan_shape`: an empty plan, too many actions, two answers or two notes escalate;
4. `checked_actions`: the allowlist, and every argument rebuilt from a trusted origin (reply
   recipient = the sender, mark_read id = the message in hand, route_answer owner = a catalog
   owner of the topic, its text written from the catalog); text drafted by a model is tainted
   (`warden.core.taint`): hidden characters, links, values smuggled out of the message,
   routing claims, names outside the catalog's owners of the topic, instructions and echoes
   of the message are refused;
5. `brain_escalations`: the brain's own escalation stands (with a reason code, never its text);
6. `catalog_handoff`: a catalog or routing change never runs unattended (review or escalation);
7. `resolution`: a plan must resolve the message; mark_read runs last.

A brain can never downgrade an escalation, and nothing a model wrote reaches an audit event, an
escalation summary or a note: those are written from `Reason` codes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from warden.core.catalog import Catalog
from warden.core.masking import contains_secret
from warden.core.models import (
    ActionKind,
    Message,
    PlannedAction,
    Proposal,
    WorkerPlan,
    message_text,
)
from warden.core.names import AGENT_NAME_PATTERN
from warden.core.reading import Reading, read, read_once
from warden.core.reasons import PRECHECK, Reason, describe

__all__ = [
    "ALLOWED",
    "AUTO_EXECUTABLE",
    "REVIEW_ONLY",
    "Assessment",
    "assess",
    "check",
    "escalation",
    "proposal_digest",
    "route_answer_text",
    "unsendable_answer",
]

AUTO_EXECUTABLE: Final = frozenset(
    {ActionKind.ROUTE_ANSWER, ActionKind.REPLY, ActionKind.PROGRESS_NOTE, ActionKind.MARK_READ}
)
REVIEW_ONLY: Final = frozenset({ActionKind.PROPOSE_CATALOG_DIFF})
ALLOWED: Final = AUTO_EXECUTABLE | REVIEW_ONLY | {ActionKind.ESCALATE}

MAX_REPLY_CHARS: Final = 2000  # the longest body the worker itself writes
MAX_DIFF_CHARS: Final = 8000
MAX_REASON_CHARS: Final = 300
MAX_ACTIONS: Final = 6


@dataclass(frozen=True, slots=True)
class Assessment:
    """The deterministic pre-check of one message. Any `forced` reason forces escalation; a
    catalog change forces a handoff (review or escalation) but the brain is still asked."""

    reading: Reading
    reasons: tuple[Reason, ...] = ()
    secret_kinds: tuple[str, ...] = ()

    @property
    def forced(self) -> bool:
        return any(r != Reason.CATALOG_CHANGE for r in self.reasons)

    @property
    def forced_reasons(self) -> tuple[str, ...]:
        return tuple(r.description for r in self.reasons if r != Reason.CATALOG_CHANGE)

    @property
    def carries_secret(self) -> bool:
        return Reason.CARRIES_SECRET in self.reasons

    @property
    def secret_request(self) -> bool:
        return Reason.SECRET_REQUEST in self.reasons

    @property
    def production_change(self) -> bool:
        return Reason.PRODUCTION_CHANGE in self.reasons

    @property
    def ssh_issuance(self) -> bool:
        return Reason.SSH_ISSUANCE in self.reasons

    @property
    def injection_suspected(self) -> bool:
        return Reason.INJECTION in self.reasons

    @property
    def catalog_change(self) -> bool:
        return Reason.CATALOG_CHANGE in self.reasons


def assess(message: Message) -> Assessment:
    """Classify a message without any model: what it asks for and what it carries."""
    reading = read(message_text(message))
    sender = read_once(message.from_agent)  # a few senders write most messages
    verdict = reading.judgement
    reasons: list[Reason] = []
    if not re.fullmatch(AGENT_NAME_PATTERN, message.from_agent):
        # Replies go to the sender: a sender that is not an agent name (a token, an
        # instruction, control characters) is never answered, echoed or shown to a model.
        reasons.append(Reason.SENDER_INVALID)
    if reading.carries_secret or sender.findings:
        reasons.append(Reason.CARRIES_SECRET)
    for flag, reason in (
        (verdict.secret_request, Reason.SECRET_REQUEST),
        (verdict.production_change, Reason.PRODUCTION_CHANGE),
        (verdict.ssh_issuance, Reason.SSH_ISSUANCE),
        (verdict.injection, Reason.INJECTION),
        (reading.unreadable_script, Reason.UNREADABLE_SCRIPT),
        (reading.hidden_text, Reason.HIDDEN_TEXT),
        (verdict.catalog_change, Reason.CATALOG_CHANGE),
    ):
        if flag:
            reasons.append(reason)
    kinds = tuple(sorted(set(reading.certain_kinds) | set(sender.certain_kinds)))
    return Assessment(reading=reading, reasons=tuple(reasons), secret_kinds=kinds)


def route_answer_text(catalog: Catalog, owner: str, agent: str) -> str:
    """The answer to a routing question, written from the catalog only (never model text)."""
    topic = catalog.agents[owner]
    if owner == agent:
        return (
            f"{agent} handles {topic}. Send your request to {agent}; "
            "a human approves anything that grants access."
        )
    return (
        f"{owner} owns {topic}. Please ask {owner} directly. "
        f"{agent} routes requests and never handles credential values."
    )


def unsendable_answer(catalog: Catalog, agent: str) -> str | None:
    """The first owner whose routing answer the executor would refuse to send because its
    text reads as a secret (an agent or owner named like a token: "xoxb-bot-1"), or None.
    A configuration problem: the worker checks it before it plans its first message."""
    for owner in sorted(catalog.agents):
        if contains_secret(route_answer_text(catalog, owner, agent), known=(owner, agent)):
            return owner
    return None


def escalation(
    message: Message,
    brain: str,
    reasons: list[Reason],
    *,
    detail: str = "",
    secret_kinds: tuple[str, ...] = (),
) -> WorkerPlan:
    """A plan that hands the message to a human. `detail` is trusted text only (a brain of
    our own, such as the rule brain, explaining itself); model text never gets here."""
    summary = describe(reasons)
    if detail:
        summary = _clip(f"{summary}: {detail}" if summary else detail, MAX_REASON_CHARS)
    summary = summary or "escalated"
    return WorkerPlan(
        message_id=message.id,
        sender=message.from_agent,
        brain=brain,
        actions=[PlannedAction(kind=ActionKind.ESCALATE, reason=summary)],
        escalated=True,
        escalation_reason=summary,
        reasons=[r.value for r in reasons],
        guardrail_notes=_notes(reasons),
        secret_findings=list(secret_kinds),
    )


@dataclass
class _Check:
    """The state the pipeline's steps share for one message."""

    message: Message
    proposal: Proposal
    catalog: Catalog
    brain: str
    agent: str
    pre: Assessment
    actions: list[PlannedAction] = field(default_factory=list)
    brain_escalated: list[str] = field(default_factory=list)  # trusted details only
    drafted_secrets: set[str] = field(default_factory=set)  # detector kinds in drafted text

    def escalate(self, reasons: list[Reason], detail: str = "") -> WorkerPlan:
        notes = [Reason.BRAIN_FAILED] if self.proposal.notes else []
        kinds = tuple(sorted(set(self.pre.secret_kinds) | self.drafted_secrets))
        return escalation(
            self.message, self.brain, [*notes, *reasons], detail=detail, secret_kinds=kinds
        )


Step = Callable[[_Check], WorkerPlan | None]


def check(
    message: Message,
    proposal: Proposal,
    catalog: Catalog,
    *,
    brain: str,
    agent: str,
    assessment: Assessment | None = None,
) -> WorkerPlan:
    """Turn a brain's proposal into a plan that is safe to render or execute."""
    state = _Check(
        message=message,
        proposal=proposal,
        catalog=catalog,
        brain=brain,
        agent=agent,
        pre=assessment if assessment is not None else assess(message),
    )
    for step in PIPELINE:
        plan = step(state)
        if plan is not None:
            return plan
    raise AssertionError("the last step always decides")  # pragma: no cover


def forced_by_precheck(state: _Check) -> WorkerPlan | None:
    forced = [r for r in state.pre.reasons if r != Reason.CATALOG_CHANGE]
    if not forced:
        return None
    reasons = list(state.pre.reasons)
    if [_kind(a) for a in state.proposal.actions] != [ActionKind.ESCALATE]:
        reasons.append(Reason.OVERRULED)  # counted as a guardrail intervention
    return escalation(state.message, state.brain, reasons, secret_kinds=state.pre.secret_kinds)


def own_message(state: _Check) -> WorkerPlan | None:
    # Our own messages (e.g. a reply that landed in our inbox) are never answered: answering
    # them would start a conversation with ourselves.
    if state.message.from_agent == state.agent:
        return state.escalate([Reason.OWN_MESSAGE])
    return None


def plan_shape(state: _Check) -> WorkerPlan | None:
    proposed = state.proposal.actions
    kinds = [_kind(a) for a in proposed]
    problems: list[Reason] = []
    if not proposed:
        problems.append(Reason.EMPTY_PLAN)
    if len(proposed) > MAX_ACTIONS:
        problems.append(Reason.TOO_MANY_ACTIONS)
    # One message gets one answer: the executor writes it under one idempotency key, so a
    # re-planned message can never receive a second, different reply.
    if sum(k in (ActionKind.ROUTE_ANSWER, ActionKind.REPLY) for k in kinds) > 1:
        problems.append(Reason.SEVERAL_ANSWERS)
    if kinds.count(ActionKind.PROGRESS_NOTE) > 1:
        problems.append(Reason.SEVERAL_NOTES)
    return state.escalate(problems) if problems else None


def checked_actions(state: _Check) -> WorkerPlan | None:
    problems: list[Reason] = []
    for action in state.proposal.actions:
        problem, safe = _check_action(action, state)
        if problem is not None:
            if problem not in problems:
                problems.append(problem)
        elif safe is not None and safe.kind == ActionKind.ESCALATE:
            state.brain_escalated.append(safe.reason)
        elif safe is not None:
            state.actions.append(safe)
    return state.escalate(problems) if problems else None


def brain_escalations(state: _Check) -> WorkerPlan | None:
    if not state.brain_escalated:
        return None
    detail = "; ".join(r for r in state.brain_escalated if r)
    # A catalog change the brain escalated is escalated for that reason first.
    return state.escalate([*state.pre.reasons, Reason.BRAIN_ESCALATED], detail)


def catalog_handoff(state: _Check) -> WorkerPlan | None:
    kinds = {ActionKind(a.kind) for a in state.actions}
    if kinds & REVIEW_ONLY:
        # Nothing in a plan that carries a change runs unattended; the message stays unread.
        actions = [a for a in state.actions if a.kind != ActionKind.MARK_READ]
        return WorkerPlan(
            message_id=state.message.id,
            sender=state.message.from_agent,
            brain=state.brain,
            actions=actions,
            review_required=True,
            reasons=[Reason.REVIEW.value],
            guardrail_notes=_notes([Reason.BRAIN_FAILED] if state.proposal.notes else []),
        )
    if state.pre.catalog_change:
        return state.escalate([Reason.CATALOG_CHANGE])
    return None


def resolution(state: _Check) -> WorkerPlan | None:
    reads = [a for a in state.actions if a.kind == ActionKind.MARK_READ]
    actions = [a for a in state.actions if a.kind != ActionKind.MARK_READ] + reads[:1]
    kinds = {ActionKind(a.kind) for a in actions}
    if ActionKind.MARK_READ not in kinds:
        if not kinds & {ActionKind.ROUTE_ANSWER, ActionKind.REPLY}:
            return state.escalate([Reason.UNRESOLVED])
        actions.append(PlannedAction(kind=ActionKind.MARK_READ, target=state.message.id))
    # mark_read always runs last, after everything it acknowledges has landed.
    actions.sort(key=lambda a: a.kind == ActionKind.MARK_READ)
    return WorkerPlan(
        message_id=state.message.id,
        sender=state.message.from_agent,
        brain=state.brain,
        actions=actions,
        guardrail_notes=_notes([Reason.BRAIN_FAILED] if state.proposal.notes else []),
    )


PIPELINE: Final[tuple[Step, ...]] = (
    forced_by_precheck,
    own_message,
    plan_shape,
    checked_actions,
    brain_escalations,
    catalog_handoff,
    resolution,
)


def _kind(action: PlannedAction) -> str:
    return action.kind.strip().lower()


def _check_action(
    action: PlannedAction, state: _Check
) -> tuple[Reason | None, PlannedAction | None]:
    """(problem, safe action). Arguments are rebuilt from trusted origins; reasons a brain
    wrote survive only when the brain is trusted (our own code)."""
    kind = _kind(action)
    if kind not in {k.value for k in ALLOWED}:
        return Reason.OFF_LIST_ACTION, None
    message, catalog = state.message, state.catalog
    trusted = state.proposal.trusted
    reason = _clip(action.reason, MAX_REASON_CHARS) if trusted else ""
    match ActionKind(kind):
        case ActionKind.ESCALATE:
            return None, PlannedAction(kind=kind, reason=reason)
        case ActionKind.MARK_READ:
            if action.target not in (None, "", message.id):
                return Reason.MARK_READ_OTHER, None
            return None, PlannedAction(kind=kind, target=message.id)
        case ActionKind.ROUTE_ANSWER:
            owner = (action.target or "").strip()
            if not catalog.owns(owner):
                return Reason.OWNER_NOT_IN_CATALOG, None
            owners = {route.owner for route in catalog.match(state.pre.reading.plain)}
            if owners and owner not in owners:
                return Reason.OWNER_NOT_FOR_TOPIC, None
            body = route_answer_text(catalog, owner, state.agent)
            return None, PlannedAction(kind=kind, target=owner, body=body, reason=reason)
        case ActionKind.REPLY:
            if action.target not in (None, "", message.from_agent):
                return Reason.REPLY_MISADDRESSED, None
            problem = _body_problem(action.body, MAX_REPLY_CHARS, state, trusted=trusted)
            if problem is not None:
                return problem, None
            return None, PlannedAction(
                kind=kind, target=message.from_agent, body=action.body, reason=reason
            )
        case ActionKind.PROGRESS_NOTE:
            problem = _body_problem(action.body, MAX_REPLY_CHARS, state, trusted=trusted)
            if problem is not None:
                return problem, None
            return None, PlannedAction(kind=kind, body=action.body, reason=reason)
        case ActionKind.PROPOSE_CATALOG_DIFF:
            problem = _diff_problem(action.body)
            if problem is not None:
                return problem, None
            return None, PlannedAction(kind=kind, body=action.body, reason=reason)
    return Reason.OFF_LIST_ACTION, None  # pragma: no cover


def _body_problem(body: str | None, cap: int, state: _Check, *, trusted: bool) -> Reason | None:
    if body is None or not body.strip():
        return Reason.BODY_MISSING
    if not _is_text(body):
        return Reason.BODY_NOT_TEXT
    if len(body) > cap:
        return Reason.BODY_TOO_LONG
    drafted = read(body)
    if drafted.findings:
        state.drafted_secrets.update(f.kind for f in drafted.findings)
        return Reason.BODY_SECRET
    if trusted:
        return None
    # Imported here: the taint rules are large, and a rule-brain run never drafts text.
    from warden.core.taint import taint_problem

    return taint_problem(
        body,
        state.message,
        state.catalog,
        state.agent,
        body_reading=drafted,
        message_reading=state.pre.reading,
    )


def _diff_problem(body: str | None) -> Reason | None:
    if body is None or not body.strip():
        return Reason.BODY_MISSING
    if not _is_text(body):
        return Reason.BODY_NOT_TEXT
    if len(body) > MAX_DIFF_CHARS:
        return Reason.BODY_TOO_LONG
    if contains_secret(body):
        return Reason.BODY_SECRET
    return None


# -- helpers ------------------------------------------------------------------------------------


def _notes(reasons: list[Reason]) -> list[str]:
    """Guardrail notes: the descriptions of the reasons beyond the pre-check's own."""
    pre = PRECHECK | {Reason.BRAIN_ESCALATED}
    return [r.description for r in reasons if r not in pre]


def proposal_digest(body: str) -> str:
    """How an audit event names a proposed catalog diff: a digest, never the model's text."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clip(value: str, limit: int) -> str:
    """One line of at most `limit` characters that always encodes (trusted reasons)."""
    value = " ".join(value.encode("utf-8", "replace").decode("utf-8").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
