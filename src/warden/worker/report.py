"""A run's report (`RunReport`, what the runner produced) and its rendering: readable text
for people, JSON for machines.

Message text and model text are untrusted: they are masked (`[secret-N]`, one numbering per
report) and stripped of control characters (no terminal escape sequences reach the screen)
before they are shown. Ids and fields the worker itself decided are shown as they are."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from warden.core import masking
from warden.core.models import (
    ActionKind,
    Message,
    MessageResult,
    Outcome,
    RunSummary,
    WorkerPlan,
)

_OUTCOME_WORDS = {
    ("dry-run", Outcome.PLANNED): "would execute",
    ("dry-run", Outcome.ESCALATED): "would escalate to a human (left unread)",
    ("dry-run", Outcome.REVIEW): "would wait for human review (left unread)",
    ("execute", Outcome.EXECUTED): "executed",
    ("execute", Outcome.ESCALATED): "escalated to a human (left unread, reported once)",
    ("execute", Outcome.REVIEW): "waits for human review (left unread, reported once)",
    ("execute", Outcome.FAILED): "FAILED (left unread, retried next run)",
    ("dry-run", Outcome.DEFERRED): "deferred: a dependency is unavailable (planned next run)",
    ("execute", Outcome.DEFERRED): "deferred: a dependency is unavailable (left unread, "
    "no handoff, retried next run)",
}


OVER_BUDGET_WORDS = "deferred: the llm call budget is spent (left unread, not escalated, next run)"

# Fields the worker or the hub decided (ids, enums, counts): shown without masking, so that
# machine-readable output keeps its ids.
TRUSTED_FIELDS = frozenset(
    {"message_id", "outcome", "kind", "mode", "brain", "agent", "started_at", "version"}
)


@dataclass
class RunReport:
    """Everything a run produced: plans (for rendering), per-message results and the summary."""

    summary: RunSummary
    messages: list[Message] = field(default_factory=list)
    plans: list[WorkerPlan] = field(default_factory=list)
    results: list[MessageResult] = field(default_factory=list)
    outages: list[str] = field(default_factory=list)  # one line per unavailable dependency
    notices: list[str] = field(default_factory=list)  # e.g. the llm call budget was spent

    def public_names(self) -> set[str]:
        """The configured names the run's own text is made of: the agent and the owners its
        routing answers name. Shown as they are, even when they look generated."""
        owners = {
            action.target
            for plan in self.plans
            for action in plan.actions
            if action.kind == ActionKind.ROUTE_ANSWER and action.target
        }
        return {self.summary.agent, *owners}


def safe_text(text: str, limit: int = 80, masker: masking.Masker | None = None) -> str:
    """Untrusted text for a terminal: masked, on one line, without control characters."""
    return _one_line((masker or masking.Masker()).displayable(text), limit)


def safe_subject(message: Message, masker: masking.Masker, limit: int = 80) -> str:
    """A message's subject for a terminal: `safe_text`, masked with its body's start read
    after it (the subject's half of a secret split across the two is masked too)."""
    return _one_line(masker.displayable_subject(message.subject, message.body), limit)


def _one_line(shown: str, limit: int) -> str:
    clean = " ".join(shown.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _plain(text: str, limit: int = 80) -> str:
    """A trusted field for a terminal: one line, without control characters."""
    return _one_line(masking.strip_controls(text), limit)


def render_text(report: RunReport) -> str:
    mode = report.summary.mode
    lines: list[str] = []
    header = "DRY RUN: nothing will be written to the hub" if mode == "dry-run" else "EXECUTE"
    lines.append(f"== {header} (agent {report.summary.agent}, brain {report.summary.brain})")
    masker = masking.Masker(known=report.public_names())
    for message, plan, result in zip(report.messages, report.plans, report.results, strict=False):
        subject = safe_subject(message, masker)
        sender = safe_text(plan.sender, masker=masker)
        lines.append("")
        lines.append(f"-- {_plain(plan.message_id)} from {sender}: {subject!r}")
        words = _OUTCOME_WORDS.get((mode, result.outcome), result.outcome)
        if result.deferral is not None and result.deferral.over_budget:
            words = OVER_BUDGET_WORDS
        lines.append(f"   outcome: {words}")
        for action in plan.actions:
            lines.append(
                "   " + _action_line(action.kind, action.target, action.body, action.reason, masker)
            )
        for note in plan.guardrail_notes:
            lines.append(f"   guardrail: {safe_text(note, 200, masker)}")
        if result.error:
            lines.append(f"   error: {safe_text(result.error, 200, masker)}")
        if result.deferral is not None:
            lines.append(f"   deferred: {safe_text(result.deferral.reason, 200, masker)}")
    lines.append("")
    lines.append(render_summary_line(report.summary))
    return "\n".join(lines)


def _action_line(
    kind: str, target: str | None, body: str | None, reason: str, masker: masking.Masker
) -> str:
    parts = [f"-> {_plain(kind)}"]
    if target and kind != ActionKind.MARK_READ:
        parts.append(f"to {safe_text(target, masker=masker)}")
    if body and kind == ActionKind.PROPOSE_CATALOG_DIFF:
        parts.append(f"(a proposed catalog change of {len(body)} characters, for review)")
    elif body:
        parts.append(f"body: {safe_text(body, 160, masker)!r}")
    if reason:
        parts.append(f"({safe_text(reason, 160, masker)})")
    return " ".join(parts)


def render_summary_line(summary: RunSummary) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items()) or "no messages"
    return (
        f"== {summary.messages_seen} message(s): {counts}; "
        f"{summary.actions_executed} action(s) executed; "
        f"{summary.guardrail_interventions} guardrail intervention(s); "
        f"{len(summary.errors)} error(s); {summary.duration_seconds:.2f}s"
        + (f"; unavailable: {', '.join(summary.unavailable)}" if summary.unavailable else "")
        + (
            f"; {summary.over_budget} over the llm call budget (deferred to the next run)"
            if summary.over_budget
            else ""
        )
    )


def render_json(report: RunReport) -> str:
    data = {
        "summary": report.summary.model_dump(mode="json"),
        "plans": [p.model_dump(mode="json") for p in report.plans],
        "results": [r.model_dump(mode="json") for r in report.results],
    }
    masker = masking.Masker(known=report.public_names())
    return json.dumps(_masked(data, masker), indent=2, sort_keys=True)


def _masked(value: Any, masker: masking.Masker, key: str = "") -> Any:
    """Every string masked, except the fields the worker or the hub decided."""
    if isinstance(value, str):
        return value if key in TRUSTED_FIELDS else masker.mask(value)
    if isinstance(value, dict):
        return {k: _masked(v, masker, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, masker, key) for v in value]
    return value
