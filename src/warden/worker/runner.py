"""One worker run: fetch unread messages, plan each (concurrently, bounded), check every plan
with the guardrails, then render (dry-run) or execute (execute), taking messages on in their
order. In execute mode the hub writes of a few messages overlap (`warden.worker.pipeline`):
each message's own writes keep their order and keys, and the run's results keep message order.

A message the agent already handed to a human (escalated or sent for review, in an earlier
run) is final for the worker: it is skipped without planning, and it takes no place in the
`max_messages` window, so handed-off messages can neither be executed later nor starve newer
ones. That costs one extra listing per run (`GET /v1/agents/{agent}/handoffs`), not per message.

A dependency that is unavailable defers messages instead: a brain that cannot reach its model
proposes nothing, a write the hub cannot take leaves the message for the next run. Once a
dependency's circuit opens (the State Hub's or the brain's), the run takes on no new message:
the rest of the window is deferred without a call, and the run ends at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from warden.core.errors import ConfigError, WardenError
from warden.core.models import (
    HANDED_OFF,
    Deferral,
    Message,
    MessageResult,
    Outcome,
    RunSummary,
    WorkerPlan,
)
from warden.core.vocabulary import BrainName, Dependency, Mode
from warden.worker.brains import Brain, Slot
from warden.worker.breaker import CircuitBreaker
from warden.worker.hub_client import HubClient
from warden.worker.lane import in_lane, run_lane, set_order
from warden.worker.pipeline import WRITES_IN_FLIGHT, WritePipeline
from warden.worker.report import RunReport

if TYPE_CHECKING:
    from warden.core.catalog import Catalog
    from warden.worker.executor import Executor

# The guardrails, the detector and masking (and the executor, which uses them) are imported
# where a message needs them: a run over an empty inbox, the common scheduled run, never loads
# them (tests/support/imports.py).

ProgressCallback = Callable[[int, int], None]
INBOX_PAGE_SIZE = 100
PRECHECKS_AHEAD = 2  # messages pre-checked ahead of the brain, per brain call in flight
MAX_SUMMARY_ERRORS = 20  # the summary must fit a 4 KiB termination message


def dry_run_outcome(plan: WorkerPlan) -> Outcome:
    if plan.escalated:
        return Outcome.ESCALATED
    if plan.review_required:
        return Outcome.REVIEW
    return Outcome.PLANNED


async def plan_message(
    message: Message,
    brain: Brain,
    catalog: Catalog,
    agent: str,
    *,
    brain_slot: Slot | None = None,
) -> WorkerPlan:
    """Pre-check, ask the brain, then let the guardrails decide. Never raises for bad input.
    A brain that could not plan (its dependency is unavailable) gets a deferred plan: no
    actions, nothing for the guardrails to decide. With `brain_slot`, only the brain's call
    holds a place in it: the pre-check and the prompt before, reading the answer and the
    guardrails after run outside, so the next call goes out as soon as one comes back."""
    from warden.core import guardrails

    if brain.calls_out:
        # The pre-check is CPU work (milliseconds on a long message): in the run's lane (a
        # worker thread, earliest message first), the event loop meanwhile reads the answers
        # of the calls in flight as they come in, instead of each answer waiting for the
        # pre-checks queued before it. It is a pure function of the message (its caches are
        # thread-safe): the plan is the same.
        assessment = await in_lane(guardrails.assess, message)
    else:
        assessment = guardrails.assess(message)
    proposal = await brain.propose(message, assessment, slot=brain_slot)
    if proposal.deferral is not None:
        return deferred_plan(message, brain.name, proposal.deferral)
    return guardrails.check(
        message, proposal, catalog, brain=brain.name, agent=agent, assessment=assessment
    )


class CallsInOrder:
    """Places among the brain's calls (`places` at once), taken close to the inbox's order: a
    message's call starts once every message `places` or more before it has started its own or
    needs none. Pre-checks finish out of order (they run in worker threads); with one place,
    messages are planned strictly one after another as they came, and with more a ready
    message does not leave a place idle behind one slow pre-check - at most `places - 1`
    messages are planned ahead of an earlier one."""

    def __init__(self, places: int, count: int) -> None:
        self._width = max(1, places)
        self._places = asyncio.Semaphore(self._width)
        self._ready = [asyncio.Event() for _ in range(count)]
        self._passed: set[int] = set()
        self._next = 0  # the first message that has not passed its turn
        self._open(0)

    def _open(self, first_waiting: int) -> None:
        for index in range(first_waiting, min(first_waiting + self._width, len(self._ready))):
            self._ready[index].set()

    @contextlib.asynccontextmanager
    async def place(self, index: int) -> AsyncIterator[None]:
        await self._ready[index].wait()
        async with self._places:
            self.pass_turn(index)
            yield

    def pass_turn(self, index: int) -> None:
        """The message has its place, or needs none (planned without a call, failed,
        cancelled): those behind it in line may take one. Passing twice is harmless."""
        self._passed.add(index)
        while self._next in self._passed:
            self._next += 1
        self._open(self._next)


def deferred_plan(message: Message, brain: str, deferral: Deferral) -> WorkerPlan:
    return WorkerPlan(
        message_id=message.id, sender=message.from_agent, brain=brain, deferral=deferral
    )


def open_circuit(*breakers: CircuitBreaker | None) -> Deferral | None:
    """The deferral for a message the run no longer takes on: the first open circuit's."""
    for breaker in breakers:
        if breaker is not None and breaker.is_open:
            reason = f"not attempted: {breaker.dependency} unavailable ({breaker.describe()})"
            return Deferral(dependency=breaker.dependency, reason=reason[:300])
    return None


async def fetch_workable(
    hub: HubClient,
    agent: str,
    handed_off: set[str],
    limit: int,
    *,
    page_size: int = INBOX_PAGE_SIZE,
) -> tuple[list[Message], int]:
    """The oldest unread messages to `agent` that still need work, at most `limit`, and how
    many handed-off ones were passed over on the way. Pages through the unread inbox, so
    handed-off messages never take a place in the window."""
    workable: list[Message] = []
    skipped = 0
    cursor: str | None = None
    while len(workable) < limit:
        # Room for the handed-off messages still to come, so one page usually does.
        want = min(page_size, limit - len(workable) + max(0, len(handed_off) - skipped))
        page = await hub.inbox_page(agent, unread_only=True, limit=want, cursor=cursor)
        for message in page.messages:
            if message.id in handed_off:
                skipped += 1
                continue
            workable.append(message)
            if len(workable) >= limit:
                break
        cursor = page.next_cursor
        if cursor is None or not page.messages:
            break
    return workable, skipped


async def run_once(
    *,
    hub: HubClient,
    brain: Brain,
    catalog: Catalog | Callable[[], Catalog],
    agent: str,
    mode: Mode,
    max_messages: int,
    concurrency: int,
    stop: asyncio.Event | None = None,
    on_progress: ProgressCallback | None = None,
    writes_in_flight: int = WRITES_IN_FLIGHT,
) -> RunReport:
    """One run over the agent's unread messages. Plans are made `concurrency` at a time;
    execute mode's hub writes overlap across at most `writes_in_flight` messages
    (`warden.worker.pipeline`), each message's own writes in their order. `catalog` may be a
    loader: it is called only when there are messages (`warden.worker.on_demand`)."""
    started = time.perf_counter()
    llm_calls_before = _llm_calls(brain)  # the client lives across runs when polling
    start_run = getattr(brain, "start_run", None)  # the llm brain's per-run call budget
    if callable(start_run):
        start_run()
    for breaker in (hub.breaker, brain.breaker):  # every run starts with closed circuits
        if breaker is not None:
            breaker.reset()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    handed_off = await hub.handed_off(agent)
    messages, skipped = await fetch_workable(hub, agent, handed_off, max_messages)
    fetched = time.perf_counter()
    # Built after the first request: its model is built on first use (defer_build), and a
    # cold worker's first request should not wait for it.
    summary = RunSummary(agent=agent, mode=mode, brain=brain.name, started_at=started_at)
    report = RunReport(summary=summary)
    summary.messages_seen = len(messages) + skipped
    routes = _resolved(catalog) if messages else None
    if routes is not None and (owner := _unsendable_answer(routes, agent)) is not None:
        # Checked here, not at start-up: a run over an empty inbox never builds the detector.
        raise ConfigError(
            f"agent {agent!r}: the catalog's answer naming {owner!r} reads as a secret to the "
            "detector and would never be sent; rename the agent or that catalog owner"
        )

    calls = CallsInOrder(concurrency, len(messages))
    # Pre-checks run at most `PRECHECKS_AHEAD` x concurrency messages ahead of the brain: the
    # CPU work of the next messages is done while the brain's calls are in flight, not in
    # between them, and a large window is not all pre-checked before the first call.
    ahead = asyncio.Semaphore(PRECHECKS_AHEAD * max(1, concurrency))

    async def bounded_plan(index: int, message: Message) -> WorkerPlan:
        set_order(index)  # this message's CPU work in the lane: by inbox order
        try:
            async with ahead:
                assert routes is not None  # there are messages
                slot = calls.place(index)
                return await plan_message(message, brain, routes, agent, brain_slot=slot)
        finally:
            calls.pass_turn(index)  # planned without a call, deferred, failed or cancelled

    # The CPU work of a brain that calls out runs in one thread for the run (lane.py).
    lane = run_lane() if brain.calls_out and messages else contextlib.nullcontext()
    with lane:
        tasks = [asyncio.create_task(bounded_plan(i, m)) for i, m in enumerate(messages)]
        executor = _executor(hub, agent) if mode == "execute" and messages else None

        async def carry_out(message: Message, plan: WorkerPlan) -> MessageResult:
            return await _carry_out(message, plan, executor)

        def progress(done: int) -> None:
            if on_progress is not None:
                on_progress(done, len(messages))

        pipeline = WritePipeline(carry_out, limit=writes_in_flight, on_done=progress)
        skipped_by_circuit = 0
        try:
            for message, task in zip(messages, tasks, strict=True):
                await pipeline.room()  # decided once there is room: what is in flight may fail
                if stop is not None and stop.is_set():
                    pipeline.release()
                    break  # the messages in flight are finished; the rest stay unread
                cut_off = open_circuit(hub.breaker, brain.breaker)
                if cut_off is not None:
                    task.cancel()  # no call to a dependency that is down
                    plan = deferred_plan(message, brain.name, cut_off)
                    skipped_by_circuit += 1
                else:
                    plan = await task
                report.messages.append(message)
                report.plans.append(plan)
                pipeline.start(message, plan)
            report.results = await pipeline.results()
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await pipeline.aclose()

    _tally(report, skipped)
    summary.llm_calls = _llm_calls(brain) - llm_calls_before
    finished = time.perf_counter()
    summary.phase_seconds = {
        "fetch": round(fetched - started, 4),
        "plan_and_execute": round(finished - fetched, 4),
        "execute": round(pipeline.busy_seconds if executor is not None else 0.0, 4),
    }
    summary.duration_seconds = round(finished - started, 4)
    # Completed: every message of the window was taken on (none left by a signal or an open
    # circuit) - which says nothing yet about how each went.
    summary.completed = len(report.results) == len(messages) and not skipped_by_circuit
    return report


async def _carry_out(
    message: Message, plan: WorkerPlan, executor: Executor | None
) -> MessageResult:
    """The result of one checked plan: deferred as it is, rendered (dry-run) or executed."""
    if plan.deferral is not None:
        return MessageResult(
            message_id=message.id, outcome=Outcome.DEFERRED, deferral=plan.deferral
        )
    if executor is None:
        return MessageResult(
            message_id=message.id,
            outcome=dry_run_outcome(plan),
            actions=[a.kind for a in plan.actions],
            escalation_reason=plan.escalation_reason,
            guardrail_notes=plan.guardrail_notes,
        )
    return await executor.execute(message, plan)


def _resolved(catalog: Catalog | Callable[[], Catalog]) -> Catalog:
    return catalog() if callable(catalog) else catalog


def _unsendable_answer(catalog: Catalog, agent: str) -> str | None:
    from warden.core import guardrails

    return guardrails.unsendable_answer(catalog, agent)


def _executor(hub: HubClient, agent: str) -> Executor:
    from warden.worker.executor import Executor

    return Executor(hub, agent)


def _tally(report: RunReport, handed_off: int) -> None:
    """The summary's counts, actions, interventions, outages and errors from the results."""
    from warden.core import masking

    summary = report.summary
    counts = Counter(r.outcome.value for r in report.results)
    if handed_off:
        counts[HANDED_OFF] = handed_off
    summary.counts = dict(sorted(counts.items()))
    summary.actions_executed = sum(
        len(r.actions) for r in report.results if r.outcome == Outcome.EXECUTED
    )
    summary.guardrail_interventions = sum(1 for p in report.plans if p.intervened)
    summary.over_budget = sum(1 for r in report.results if _over_budget(r))
    if summary.over_budget:
        report.notices.append(
            f"llm call budget spent: {summary.over_budget} message(s) deferred to the next run"
            " (left unread, not escalated)"
        )
    summary.unavailable, report.outages = _outages(report.results)
    masker = masking.Masker()
    errors = report.outages + [
        f"{r.message_id}: {masker.mask(r.error)}"[:300]
        for r in report.results
        if r.outcome == Outcome.FAILED
    ]
    summary.errors = errors[:MAX_SUMMARY_ERRORS]
    summary.errors_truncated = len(errors) > MAX_SUMMARY_ERRORS


def _outages(results: list[MessageResult]) -> tuple[list[Dependency], list[str]]:
    """The dependencies that deferred messages, and one error line each (the first reason,
    and how many messages it deferred)."""
    from warden.core import masking

    deferred: Counter[Dependency] = Counter()
    reasons: dict[Dependency, str] = {}
    for result in results:
        if result.deferral is not None and not result.deferral.over_budget:
            deferred[result.deferral.dependency] += 1
            reasons.setdefault(result.deferral.dependency, result.deferral.reason)
    lines = [
        masking.mask(f"{dependency} unavailable: {reasons[dependency]}")[:260]
        + f"; {count} message(s) deferred to the next run"
        for dependency, count in sorted(deferred.items())
    ]
    return sorted(deferred), lines


def _over_budget(result: MessageResult) -> bool:
    return result.deferral is not None and result.deferral.over_budget


def _llm_calls(brain: Brain) -> int:
    calls: int = getattr(getattr(brain, "client", None), "calls", 0)
    return calls


def failed_summary(
    agent: str, mode: Mode, brain: BrainName, error: WardenError | str
) -> RunSummary:
    """The summary of a run that could not start or was stopped by an error (e.g. the hub is
    unreachable when the inbox is read, or refuses the token)."""
    from warden.core import masking

    dependency: Dependency | None = getattr(error, "dependency", None)
    return RunSummary(
        agent=agent,
        mode=mode,
        brain=brain,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        unavailable=[dependency] if dependency is not None else [],
        errors=[masking.mask(str(error))[:300]],
        completed=False,
    )
