"""[4] Hub round trips per message in execute mode, and the run time for 500 messages against
the reference hub (a real `warden hub serve` process, SQLite).

Every request the worker's HubClient makes is counted by kind (through a counting transport)
and checked against `HubClient.requests_made`. The design minimum per message: an answered
routing question takes 3 writes (the audit event first, fail-closed, then the reply, then the
read mark); an escalated or review message takes 1 (its report); a message handed off in an
earlier run takes 0 (it is skipped); plus, per run, the handoff listing and the inbox pages.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter

import httpx
from tests.support.hub import running_hub

from bench.common import BenchResult, Cell, Options, seed, verdict
from bench.messages import realistic_inbox
from warden.core.catalog import load_catalog
from warden.core.models import HANDED_OFF, Outcome
from warden.core.wire import MAX_PAGE_SIZE
from warden.worker.brains.rule import RuleBrain
from warden.worker.hub_client import HubClient
from warden.worker.report import RunReport
from warden.worker.runner import INBOX_PAGE_SIZE, run_once

AGENT = "bench-exec"
PAGE_SIZE = INBOX_PAGE_SIZE  # the runner's unread-inbox page size
HANDOFF_PAGE_SIZE = MAX_PAGE_SIZE  # HubClient.handed_off's default
MIN_PER_OUTCOME = {Outcome.EXECUTED: 3, Outcome.ESCALATED: 1, Outcome.REVIEW: 1}


class CountingTransport(httpx.AsyncHTTPTransport):
    def __init__(self) -> None:
        super().__init__()
        self.counts: Counter[str] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.path.split("/")
        if parts[-1] == "read":
            kind = "POST read"
        elif parts[2] == "agents":  # /v1/agents/{agent}/inbox or .../handoffs
            kind = f"{request.method} {parts[-1]}"
        else:
            kind = f"{request.method} {parts[2]}"
        self.counts[kind] += 1
        return await super().handle_async_request(request)


async def _run(url: str, n: int) -> tuple[RunReport, Counter[str], int, float]:
    transport = CountingTransport()
    async with HubClient(url, transport=transport) as hub:
        t0 = time.perf_counter()
        report = await run_once(
            hub=hub,
            brain=RuleBrain(load_catalog()),
            catalog=load_catalog(),
            agent=AGENT,
            mode="execute",
            max_messages=n,
            concurrency=4,
        )
        elapsed = time.perf_counter() - t0
        return report, transport.counts, hub.requests_made, elapsed


def run(options: Options) -> BenchResult:
    smoke = options.smoke
    n = 25 if smoke else 500
    result = BenchResult(
        name="hub_round_trips",
        item=4,
        title=f"Hub round trips per message, execute mode, {n} messages, reference hub",
        target="requests = design minimum (constant per outcome); run time reported",
        columns=["run", "messages", "requests", "per message", "minimum", "ratio", "run s",
                 "ms/request", "status"],
    )  # fmt: skip
    with running_hub(options.workdir, name="bench4") as hub:
        seed(hub, AGENT, realistic_inbox(n, seed=4))
        for label in ("first run", "repeat run"):
            report, counts, made, elapsed = asyncio.run(_run(hub.url, n))
            if sum(counts.values()) != made:
                raise RuntimeError(f"transport saw {sum(counts.values())}, client made {made}")
            outcomes = Counter(r.outcome for r in report.results)
            seen = report.summary.messages_seen  # handed-off (skipped) ones included
            handed_off = report.summary.counts.get(HANDED_OFF, 0)
            handoff_pages = max(1, math.ceil(handed_off / HANDOFF_PAGE_SIZE))
            pages = max(1, math.ceil(seen / PAGE_SIZE))
            minimum = (
                handoff_pages
                + pages
                + sum(MIN_PER_OUTCOME.get(o, 0) * c for o, c in outcomes.items())
            )
            row: dict[str, Cell] = {
                "run": label,
                "messages": seen,
                "requests": made,
                "per message": made / seen if seen else None,
                "minimum": minimum,
                "ratio": made / minimum,
                "run s": elapsed,
                "ms/request": elapsed * 1000 / made,
                "status": verdict(made == minimum, smoke),
            }
            result.rows.append(row)
            result.metrics[label.replace(" ", "_")] = {
                "requests_by_kind": dict(sorted(counts.items())),
                "outcomes": {str(k): v for k, v in sorted(outcomes.items())},
                "handed_off": handed_off,
                "requests": made,
                "seconds": elapsed,
                "failed": outcomes.get(Outcome.FAILED, 0),
            }
            result.notes.append(
                f"{label}: outcomes {dict(sorted((str(k), v) for k, v in outcomes.items()))}; "
                f"handed off earlier (skipped) {handed_off}; "
                f"requests {dict(sorted(counts.items()))}"
            )
    result.passed = None if smoke else all(r["status"] == "PASS" for r in result.rows)
    result.notes.append(
        f"minimum = handoff-listing pages (page size {HANDOFF_PAGE_SIZE}) + inbox pages (page "
        f"size {PAGE_SIZE}; the hub allows {MAX_PAGE_SIZE}) + 3 per answered message (audit, "
        "reply, read mark) + 1 per escalated/review message + 0 per message handed off earlier"
    )
    result.notes.append(
        "the repeat run sees only the messages left unread (escalations), all handed to a human "
        "in the first run: it skips them without planning or writing anything"
    )
    return result
