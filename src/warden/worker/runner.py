"""One worker run: fetch unread messages, plan each (concurrently, bounded), check every plan
with the guardrails, then render (dry-run) or execute (execute), in message order."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from warden.core import guardrails, secrets
from warden.core.catalog import Catalog
from warden.core.errors import HubError
from warden.core.models import Message, MessageResult, Outcome, RunSummary, WorkerPlan
from warden.worker.brains import Brain
from warden.worker.executor import Executor
from warden.worker.hub_client import HubClient

Mode = Literal["dry-run", "execute"]
ProgressCallback = Callable[[int, int], None]


@dataclass
class RunReport:
    """Everything a run produced: plans (for rendering), per-message results and the summary."""

    summary: RunSummary
    messages: list[Message] = field(default_factory=list)
    plans: list[WorkerPlan] = field(default_factory=list)
    results: list[MessageResult] = field(default_factory=list)


def dry_run_outcome(plan: WorkerPlan) -> Outcome:
    if plan.escalated:
        return Outcome.ESCALATED
    if plan.review_required:
        return Outcome.REVIEW
    return Outcome.PLANNED


async def plan_message(message: Message, brain: Brain, catalog: Catalog, agent: str) -> WorkerPlan:
    """Pre-check, ask the brain, then let the guardrails decide. Never raises for bad input."""
    assessment = guardrails.assess(message)
    proposal = await brain.propose(message, assessment)
    return guardrails.check(
        message, proposal, catalog, brain=brain.name, agent=agent, assessment=assessment
    )


async def run_once(
    *,
    hub: HubClient,
    brain: Brain,
    catalog: Catalog,
    agent: str,
    mode: Mode,
    max_messages: int,
    concurrency: int,
    stop: asyncio.Event | None = None,
    on_progress: ProgressCallback | None = None,
) -> RunReport:
    started = time.perf_counter()
    summary = RunSummary(
        agent=agent,
        mode=mode,
        brain="llm" if brain.name == "llm" else "rule",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    report = RunReport(summary=summary)
    messages = await hub.unread(agent, limit=max_messages)
    fetched = time.perf_counter()
    summary.messages_seen = len(messages)

    gate = asyncio.Semaphore(max(1, concurrency))

    async def bounded_plan(message: Message) -> WorkerPlan:
        async with gate:
            return await plan_message(message, brain, catalog, agent)

    tasks = [asyncio.create_task(bounded_plan(m)) for m in messages]
    executor = Executor(hub, agent) if mode == "execute" else None
    exec_seconds = 0.0
    try:
        for index, (message, task) in enumerate(zip(messages, tasks, strict=True)):
            if stop is not None and stop.is_set():
                break  # the message in hand is finished; the rest stay unread for next time
            plan = await task
            report.messages.append(message)
            report.plans.append(plan)
            if executor is None:
                result = MessageResult(
                    message_id=message.id,
                    outcome=dry_run_outcome(plan),
                    actions=[a.kind for a in plan.actions],
                    escalation_reason=plan.escalation_reason,
                    guardrail_notes=plan.guardrail_notes,
                )
            else:
                t0 = time.perf_counter()
                result = await executor.execute(message, plan)
                exec_seconds += time.perf_counter() - t0
            report.results.append(result)
            if on_progress is not None:
                on_progress(index + 1, len(messages))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    counts = Counter(r.outcome.value for r in report.results)
    summary.counts = dict(sorted(counts.items()))
    summary.actions_executed = sum(
        len(r.actions) for r in report.results if r.outcome == Outcome.EXECUTED
    )
    summary.guardrail_interventions = sum(1 for p in report.plans if p.intervened)
    summary.errors = [
        secrets.redact(f"{r.message_id}: {r.error}")[:300]
        for r in report.results
        if r.outcome == Outcome.FAILED
    ][:20]
    summary.llm_calls = getattr(getattr(brain, "client", None), "calls", 0)
    finished = time.perf_counter()
    summary.phase_seconds = {
        "fetch": round(fetched - started, 4),
        "plan_and_execute": round(finished - fetched, 4),
        "execute": round(exec_seconds, 4),
    }
    summary.duration_seconds = round(finished - started, 4)
    summary.completed = not (stop is not None and stop.is_set()) or len(report.results) == len(
        messages
    )
    return report


def failed_summary(agent: str, mode: Mode, brain: str, error: HubError | str) -> RunSummary:
    """The summary of a run that could not start (e.g. the hub is unreachable)."""
    return RunSummary(
        agent=agent,
        mode=mode,
        brain="llm" if brain == "llm" else "rule",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        errors=[secrets.redact(str(error))[:300]],
        completed=False,
    )
