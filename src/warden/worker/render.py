"""Rendering of plans and summaries: readable text for people, JSON for machines.

Message text is untrusted: it is redacted and stripped of control characters (no terminal
escape sequences reach the screen) before it is shown."""

from __future__ import annotations

import json

from warden.core import secrets
from warden.core.models import ActionKind, Outcome, RunSummary
from warden.worker.runner import RunReport

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


def safe_text(text: str, limit: int = 80) -> str:
    """Untrusted text for a terminal: normalised, redacted, without control characters."""
    clean = " ".join(secrets.displayable(text).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def render_text(report: RunReport) -> str:
    mode = report.summary.mode
    lines: list[str] = []
    header = "DRY RUN: nothing will be written to the hub" if mode == "dry-run" else "EXECUTE"
    lines.append(f"== {header} (agent {report.summary.agent}, brain {report.summary.brain})")
    for message, plan, result in zip(report.messages, report.plans, report.results, strict=False):
        subject = safe_text(message.subject)
        lines.append("")
        lines.append(f"-- {safe_text(plan.message_id)} from {safe_text(plan.sender)}: {subject!r}")
        lines.append(f"   outcome: {_OUTCOME_WORDS.get((mode, result.outcome), result.outcome)}")
        for action in plan.actions:
            lines.append(
                "   " + _action_line(action.kind, action.target, action.body, action.reason)
            )
        for note in plan.guardrail_notes:
            lines.append(f"   guardrail: {safe_text(note, 200)}")
        if result.error:
            lines.append(f"   error: {safe_text(result.error, 200)}")
        if result.deferral is not None:
            lines.append(f"   deferred: {safe_text(result.deferral.reason, 200)}")
    lines.append("")
    lines.append(render_summary_line(report.summary))
    return "\n".join(lines)


def _action_line(kind: str, target: str | None, body: str | None, reason: str) -> str:
    parts = [f"-> {kind}"]
    if target and kind != ActionKind.MARK_READ:
        parts.append(f"to {safe_text(target)}")
    if body:
        parts.append(f"body: {safe_text(body, 160)!r}")
    if reason:
        parts.append(f"({safe_text(reason, 160)})")
    return " ".join(parts)


def render_summary_line(summary: RunSummary) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in summary.counts.items()) or "no messages"
    return (
        f"== {summary.messages_seen} message(s): {counts}; "
        f"{summary.actions_executed} action(s) executed; "
        f"{summary.guardrail_interventions} guardrail intervention(s); "
        f"{len(summary.errors)} error(s); {summary.duration_seconds:.2f}s"
        + (f"; unavailable: {', '.join(summary.unavailable)}" if summary.unavailable else "")
    )


def render_json(report: RunReport) -> str:
    data = {
        "summary": report.summary.model_dump(mode="json"),
        "plans": [p.model_dump(mode="json") for p in report.plans],
        "results": [r.model_dump(mode="json") for r in report.results],
    }
    return json.dumps(secrets.redact_data(data), indent=2, sort_keys=True)
