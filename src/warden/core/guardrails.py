"""The guardrails: one place that decides what may happen, whatever a brain proposed.

`assess` is a deterministic pre-check of the message itself. `check` turns a brain's proposal
into a `WorkerPlan`: it enforces the allowlist, binds every argument to a trusted origin (reply
recipient = the sender, mark_read id = the message in hand, route_answer owner = a catalog
agent), caps bodies, scans every outbound body for secrets, and forces escalation where the
pre-check says so. A brain can never downgrade an escalation.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from typing import Final

from warden.core import secrets
from warden.core.catalog import Catalog
from warden.core.models import ActionKind, Message, PlannedAction, Proposal, WorkerPlan
from warden.core.names import AGENT_NAME_PATTERN

AUTO_EXECUTABLE: Final = frozenset(
    {ActionKind.ROUTE_ANSWER, ActionKind.REPLY, ActionKind.PROGRESS_NOTE, ActionKind.MARK_READ}
)
REVIEW_ONLY: Final = frozenset({ActionKind.PROPOSE_CATALOG_DIFF})
ALLOWED: Final = AUTO_EXECUTABLE | REVIEW_ONLY | {ActionKind.ESCALATE}

MAX_BODY_CHARS: Final = 2000
MAX_DIFF_CHARS: Final = 8000
MAX_REASON_CHARS: Final = 300
MAX_ACTIONS: Final = 6

_SECRET_WORDS = (
    r"(?:passwords?|passwd|passphrases?|secrets?|tokens?|api[ _-]?keys?|access[ _-]?keys?|"
    r"private[ _-]?keys?|client[ _-]?secrets?|credentials?|creds|kubeconfig|\.env\b|"
    r"ssh[ _-]?keys?|connection[ _-]?strings?|pins?|otp|session[ _-]?cookies?)"
)
_SECRET_REQUEST_RE: Final = re.compile(
    r"(?is)(?:\b(?:send|give|share|tell|show|print|reveal|forward|paste|dump|post|e-?mail|leak|"
    r"expose|echo|display|output|return|include|attach|copy|relay|provide|fetch|retrieve|read"
    r"(?:\s+out)?|spell|encode|decode|base64|hex|what(?:'s|\s+is|\s+are)|remind\s+me)\b"
    r"[^.?!\n]{0,80}?(?<![A-Za-z0-9])" + _SECRET_WORDS + r")"
    r"|(?:(?<![A-Za-z0-9])" + _SECRET_WORDS + r"\b[^.?!\n]{0,40}?\b(?:please|pls|asap|now)\b)"
    # Brokering: "ask them for the password on my behalf and send it to me".
    r"|(?:(?<![A-Za-z0-9])" + _SECRET_WORDS + r"\b[^.?!\n]{0,60}?(?:\bon\s+(?:my|our)\s+behalf\b|"
    r"\b(?:send|give|forward|pass|paste|relay)\s+(?:it|them|that|this)\s+(?:to|over\s+to)\s+"
    r"(?:me|us)\b))"
)
_PRODUCTION_RE: Final = re.compile(
    r"(?i)\b(?:prod|production|live\s+(?:cluster|database|db|system|traffic)|prd)\b"
    r"[^.?!\n]{0,80}?\b(?:deploy|change|restart|scale|delete|drop|migrate|rollback|roll\s+back|"
    r"patch|update|modify|apply|push|release|failover|shut\s*down|reboot|grant|revoke|rotate|"
    r"disable|enable|truncate|wipe)"
    r"|(?i:\b(?:deploy|change|restart|scale|delete|drop|migrate|rollback|patch|update|modify|"
    r"apply|push|release|failover|shut\s*down|reboot|grant|revoke|rotate|disable|truncate|wipe)"
    r"\b[^.?!\n]{0,80}?\b(?:prod|production|prd)\b)"
)
_SSH_ISSUANCE_RE: Final = re.compile(
    r"(?i)\b(?:issue|sign|mint|generate|create|grant|renew|extend|approve|give)\b[^.?!\n]{0,60}?"
    r"\bssh\b[^.?!\n]{0,30}?\b(?:cert(?:ificate)?s?|keys?|access)\b"
    r"|(?i:\bssh\b[^.?!\n]{0,30}?\b(?:cert(?:ificate)?s?|keys?|access)\b[^.?!\n]{0,60}?"
    r"\b(?:issue|issued|sign|signed|mint|grant|granted|renew|renewed)\b)"
)
_INJECTION_RE: Final = re.compile(
    r"(?i)\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}?"
    r"\b(?:instructions?|rules?|charter|prompt|guardrails?|polic(?:y|ies)|previous|above|system)\b"
    r"|\b(?:system\s+prompt|developer\s+mode|jailbreak|you\s+are\s+now|act\s+as|pretend\s+to\s+be|"
    r"new\s+instructions?|admin\s+override|sudo\s+mode|do\s+anything\s+now|DAN)\b"
    r"|<\s*/?\s*(?:system|assistant|instructions?)\s*>|\[/?(?:INST|SYS)\]|<<<|>>>"
    r"|\"(?:actions?|kind)\"\s*:"
)
_CATALOG_CHANGE_RE: Final = re.compile(
    r"(?i)\b(?:add|change|update|remove|delete|edit|modify|re-?route|move)\b[^.?!\n]{0,60}?"
    r"\b(?:catalog|routing|route|routes|owner(?:ship)?)\b"
)
# Necessary literal gates for the patterns above (see `secrets.Gate`): every branch of
# the secret-request pattern names a secret word, the production pattern needs prod/prd/live,
# the SSH one "ssh", the catalog one a catalog word. A closed gate means no match possible.
_SECRET_WORDS_GATE: Final = secrets.Gate(
    folded=(
        ("pass",), ("secret",), ("token",), ("key",), ("cred",), ("kubeconfig",), (".env",),
        ("connection",), ("pin",), ("otp",), ("session",),
    )
)  # fmt: skip
# Every branch of the request pattern also needs one of these words (a verb, a "please", a
# brokering phrase): a second gate on each window before the costly search.
_REQUEST_VERB_GATE: Final = secrets.Gate(
    folded=tuple(
        (w,)
        for w in [
            "send",
            "give",
            "share",
            "tell",
            "show",
            "print",
            "reveal",
            "forward",
            "paste",
            "dump",
            "post",
            "mail",
            "leak",
            "expose",
            "echo",
            "display",
            "output",
            "return",
            "include",
            "attach",
            "copy",
            "relay",
            "provide",
            "fetch",
            "retrieve",
            "read",
            "spell",
            "encode",
            "decode",
            "base64",
            "hex",
            "what",
            "remind",
            "please",
            "pls",
            "asap",
            "now",
            "behalf",
            "pass",
        ]
    )
)
_PRODUCTION_GATE: Final = secrets.Gate(folded=(("prod",), ("prd",), ("live",)))
_SSH_GATE: Final = secrets.Gate(folded=(("ssh",),))
_CATALOG_CHANGE_GATE: Final = secrets.Gate(folded=(("catalog",), ("rout",), ("owner",)))
_INJECTION_GATE: Final = secrets.Gate(
    folded=(
        ("ignore",), ("disregard",), ("forget",), ("override",), ("bypass",), ("system",),
        ("developer",), ("jailbreak",), ("you", "now"), ("act", "as"), ("pretend",),
        ("instruction",), ("sudo",), ("anything",), ("dan",), ("assistant", "<"), ("<<<",),
        (">>>",), ("[inst",), ("[/inst",), ("[sys",), ("[/sys",), ('"action',), ('"kind',),
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Assessment:
    """The deterministic pre-check of one message. Any `forced_reasons` forces escalation."""

    secret_request: bool = False
    secret_kinds: tuple[str, ...] = ()
    production_change: bool = False
    ssh_issuance: bool = False
    injection_suspected: bool = False
    catalog_change: bool = False
    forced_reasons: tuple[str, ...] = field(default=())

    @property
    def carries_secret(self) -> bool:
        return bool(self.secret_kinds)

    @property
    def forced(self) -> bool:
        return bool(self.forced_reasons)


def message_text(message: Message) -> str:
    return f"{message.subject}\n{message.body}"


def assess(message: Message) -> Assessment:
    """Classify a message without any model: what it asks for and what it carries."""
    text = secrets.normalize(message_text(message))
    findings = secrets.scan(text)
    kinds = tuple(secrets.kinds(findings))
    # Look for requests in the text with secret values already removed, so that a value
    # like "token: ..." is reported once, as a carried secret.
    clean = secrets.redact(text, findings) if findings else text
    lowered = secrets.ascii_lower(clean)
    request = (
        _SECRET_WORDS_GATE.open(clean, lowered)
        and _REQUEST_VERB_GATE.open(clean, lowered)
        and _asks_for_secret(clean)
    )
    production = _gated_search(_PRODUCTION_RE, clean, lowered, _PRODUCTION_GATE)
    ssh = _gated_search(_SSH_ISSUANCE_RE, clean, lowered, _SSH_GATE)
    injection = _gated_search(_INJECTION_RE, clean, lowered, _INJECTION_GATE)
    reasons: list[str] = []
    if not re.fullmatch(AGENT_NAME_PATTERN, message.from_agent):
        # Replies go to the sender: a sender that is not an agent name (a token, an
        # instruction, control characters) is never answered, echoed or shown to a model.
        reasons.append("sender is not a valid agent name")
    if kinds:
        reasons.append("message carries a secret value (" + ", ".join(kinds) + ")")
    if request:
        reasons.append("message asks for a secret value")
    if production:
        reasons.append("message asks for a production change")
    if ssh:
        reasons.append("message asks to issue SSH access (needs human approval)")
    if injection:
        reasons.append("message contains instructions aimed at the worker (possible injection)")
    return Assessment(
        secret_request=request,
        secret_kinds=kinds,
        production_change=production,
        ssh_issuance=ssh,
        injection_suspected=injection,
        catalog_change=_gated_search(_CATALOG_CHANGE_RE, clean, lowered, _CATALOG_CHANGE_GATE),
        forced_reasons=tuple(reasons),
    )


_SECRET_WORD_RE: Final = re.compile(r"(?i)(?<![A-Za-z0-9])" + _SECRET_WORDS)
_WHITESPACE_RUN_RE: Final = re.compile(r"\s+")
# How far a request reaches from its secret word: a verb (at most ~12 characters once
# whitespace is collapsed) and a gap of at most 80 before it; at most 60 + a ~25-character
# brokering phrase, or 40 + "please", after it. With slack.
_REQUEST_REACH: Final = 120


def _asks_for_secret(text: str) -> bool:
    """`_SECRET_REQUEST_RE` anywhere in `text` with whitespace collapsed (a request may be
    wrapped over lines), searched only around the secret words: every match contains one,
    and reaches less than `_REQUEST_REACH` characters from it."""
    flat = _WHITESPACE_RUN_RE.sub(" ", text)
    windows: list[list[int]] = []
    for word in _SECRET_WORD_RE.finditer(flat):
        lo, hi = max(0, word.start() - _REQUEST_REACH), word.end() + _REQUEST_REACH
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return any(_SECRET_REQUEST_RE.search(flat, lo, min(hi, len(flat))) for lo, hi in windows)


def _gated_search(
    pattern: re.Pattern[str], text: str, lowered: str | None, gate: secrets.Gate
) -> bool:
    """Search only around the lines where the gate's literals occur.

    A request may be wrapped over lines ("please issue me an\\nSSH certificate"), so each
    candidate line is searched together with its neighbours, joined by spaces (runs of
    adjacent lines are searched once); the bulk of a pasted log or stack trace, where no
    literal occurs, is never searched."""
    if not gate.open(text, lowered):
        return False
    if "\n" not in text:
        return pattern.search(text) is not None
    lines = text.split("\n")
    line_starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    hits = {
        bisect.bisect_left(line_starts, start) for start, _ in gate.candidate_spans(text, lowered)
    }
    wanted = sorted({j for i in hits for j in (i - 1, i, i + 1) if 0 <= j < len(lines)})
    run: list[int] = []
    for index in [*wanted, -2]:  # -2: a sentinel that closes the last run
        if run and index != run[-1] + 1:
            window = " ".join(lines[run[0] : run[-1] + 1])
            if gate.open(window, secrets.ascii_lower(window)) and pattern.search(window):
                return True
            run = []
        run.append(index)
    return False


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


def escalation(message: Message, brain: str, reason: str, notes: list[str]) -> WorkerPlan:
    reason = _clip(secrets.redact(reason), MAX_REASON_CHARS) or "escalated"
    return WorkerPlan(
        message_id=message.id,
        sender=message.from_agent,
        brain=brain,
        actions=[PlannedAction(kind=ActionKind.ESCALATE, reason=reason)],
        escalated=True,
        escalation_reason=reason,
        guardrail_notes=notes,
    )


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
    pre = assessment if assessment is not None else assess(message)
    notes = [_clip(secrets.redact(n), MAX_REASON_CHARS) for n in proposal.notes]
    proposed = proposal.actions
    kinds_proposed = [a.kind for a in proposed]

    if pre.forced:
        reason = "; ".join(pre.forced_reasons)
        if kinds_proposed != [ActionKind.ESCALATE]:
            notes.append(f"pre-check forced escalation over {_kind_list(kinds_proposed)}")
        plan = escalation(message, brain, reason, notes)
        return plan.model_copy(update={"secret_findings": list(pre.secret_kinds)})

    violations: list[str] = []
    actions: list[PlannedAction] = []
    if message.from_agent == agent and kinds_proposed != [ActionKind.ESCALATE]:
        # Our own messages (e.g. a reply that landed in our inbox) are never answered:
        # answering them would start a conversation with ourselves.
        violations.append(f"message from the worker's own agent {_quote(agent)}")
    if not proposed:
        violations.append("empty plan")
    if len(proposed) > MAX_ACTIONS:
        violations.append(f"too many actions ({len(proposed)} > {MAX_ACTIONS})")
    normalized = [a.kind.strip().lower() for a in proposed]
    answers = sum(k in (ActionKind.ROUTE_ANSWER, ActionKind.REPLY) for k in normalized)
    if answers > 1:
        # One message gets one answer: the executor writes it under one idempotency key,
        # so a re-planned message can never receive a second, different reply.
        violations.append(f"{answers} answers to one message (at most one)")
    if normalized.count(ActionKind.PROGRESS_NOTE) > 1:
        violations.append("more than one progress_note")
    escalate_reasons: list[str] = []
    for action in proposed[:MAX_ACTIONS]:
        problem, safe = _check_action(action, message, catalog, agent)
        if problem:
            violations.append(problem)
        elif safe is not None and safe.kind == ActionKind.ESCALATE:
            escalate_reasons.append(safe.reason or "the brain escalated")
        elif safe is not None:
            actions.append(safe)

    if violations:
        notes.extend(violations)
        return escalation(message, brain, "guardrails: " + "; ".join(violations), notes)
    if escalate_reasons:
        return escalation(message, brain, "; ".join(escalate_reasons), notes)

    reads = [a for a in actions if a.kind == ActionKind.MARK_READ]
    actions = [a for a in actions if a.kind != ActionKind.MARK_READ] + reads[:1]
    kinds = {ActionKind(a.kind) for a in actions}
    review = bool(kinds & REVIEW_ONLY)
    if not review and ActionKind.MARK_READ not in kinds:
        if kinds & {ActionKind.ROUTE_ANSWER, ActionKind.REPLY}:
            actions.append(PlannedAction(kind=ActionKind.MARK_READ, target=message.id))
        else:
            notes.append("plan does not resolve the message")
            return escalation(message, brain, "plan does not resolve the message", notes)
    if review:
        # Nothing in a plan that carries a change runs unattended; the message stays unread.
        actions = [a for a in actions if a.kind != ActionKind.MARK_READ]
    # mark_read always runs last, after everything it acknowledges has landed.
    actions.sort(key=lambda a: a.kind == ActionKind.MARK_READ)
    return WorkerPlan(
        message_id=message.id,
        sender=message.from_agent,
        brain=brain,
        actions=actions,
        review_required=review,
        guardrail_notes=notes,
    )


def _check_action(
    action: PlannedAction, message: Message, catalog: Catalog, agent: str
) -> tuple[str, PlannedAction | None]:
    """Return (problem, safe_action). Arguments are rebuilt from trusted origins."""
    kind = action.kind.strip().lower()
    if kind not in {k.value for k in ALLOWED}:
        return f"off-list action {_quote(action.kind)}", None
    reason = _clip(secrets.redact(action.reason), MAX_REASON_CHARS)
    match ActionKind(kind):
        case ActionKind.ESCALATE:
            return "", PlannedAction(kind=kind, reason=reason or "the brain escalated")
        case ActionKind.MARK_READ:
            if action.target not in (None, "", message.id):
                return f"mark_read of another message {_quote(action.target)}", None
            return "", PlannedAction(kind=kind, target=message.id, reason=reason)
        case ActionKind.ROUTE_ANSWER:
            owner = (action.target or "").strip()
            if not catalog.owns(owner):
                return f"route_answer owner {_quote(owner)} is not in the catalog", None
            body = route_answer_text(catalog, owner, agent)
            return "", PlannedAction(kind=kind, target=owner, body=body, reason=reason)
        case ActionKind.REPLY:
            if action.target not in (None, "", message.from_agent):
                return (
                    f"reply addressed to {_quote(action.target)}, not to the sender "
                    f"{_quote(message.from_agent)}"
                ), None
            problem = _body_problem(action.body, MAX_BODY_CHARS, "reply")
            if problem:
                return problem, None
            return "", PlannedAction(
                kind=kind, target=message.from_agent, body=action.body, reason=reason
            )
        case ActionKind.PROGRESS_NOTE:
            problem = _body_problem(action.body, MAX_BODY_CHARS, "progress_note")
            if problem:
                return problem, None
            return "", PlannedAction(kind=kind, body=action.body, reason=reason)
        case ActionKind.PROPOSE_CATALOG_DIFF:
            problem = _body_problem(action.body, MAX_DIFF_CHARS, "propose_catalog_diff")
            if problem:
                return problem, None
            return "", PlannedAction(kind=kind, body=action.body, reason=reason)
    return f"unhandled action {_quote(action.kind)}", None  # pragma: no cover


def _body_problem(body: str | None, cap: int, kind: str) -> str:
    if body is None or not body.strip():
        return f"{kind} without a body"
    if not _is_text(body):
        return f"{kind} body is not valid text (lone surrogates)"
    if len(body) > cap:
        return f"{kind} body too long ({len(body)} > {cap} characters)"
    found = secrets.scan(body)
    if found:
        return f"{kind} body carries a secret ({', '.join(secrets.kinds(found))})"
    if _INJECTION_RE.search(body):
        return f"{kind} body carries instructions or markers"
    return ""


def _quote(value: str | None) -> str:
    text = secrets.redact(value or "")
    return repr(_clip(text, 60))


def _kind_list(kinds: list[str]) -> str:
    return "[" + ", ".join(_clip(secrets.redact(k), 40) for k in kinds) + "]"


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _clip(text: str, limit: int) -> str:
    """One line of at most `limit` characters that always encodes (reasons, notes)."""
    text = " ".join(text.encode("utf-8", "replace").decode("utf-8").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
