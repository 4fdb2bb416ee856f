"""[4] Worker execute against its floor: the same hub requests replayed one after another.

Each round starts two reference hubs (`warden hub serve`, SQLite) from copies of one seeded
database, so both begin with the same inbox. On one, the worker runs once in execute mode (rule
brain, the realistic mix) and every request it sends is recorded on the way out; on the other,
a bare `httpx.AsyncClient` replays exactly those requests (same method, path, query, body and
idempotency key), one after another. The ratio is worker time / replay time, taken side by
side in one round; the order of the two alternates between rounds, and the table gives the
min / median / max over the rounds. The replay does none of the worker's work (no planning,
no guardrails, no parsing): the worker beats it only by keeping several messages' writes in
flight (`warden.worker.pipeline`).
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from tests.support.hub import running_hub

from bench.common import BenchResult, Options, verdict
from bench.messages import BenchMessage, as_messages, realistic_inbox
from warden.core import guardrails
from warden.core.catalog import load_catalog
from warden.hub.store import HubStore
from warden.worker.brains.rule import RuleBrain
from warden.worker.hub_client import HubClient
from warden.worker.runner import run_once

AGENT = "bench-replay"
TARGET_RATIO = 0.8
ROUNDS = 5


@dataclass(frozen=True)
class Recorded:
    method: str
    target: str  # path and query, as sent
    content: bytes
    headers: tuple[tuple[str, str], ...]


class RecordingTransport(httpx.AsyncHTTPTransport):
    """Passes requests through and keeps what was sent, in the order it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[Recorded] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        kept = ("content-type", "idempotency-key", "accept")
        self.sent.append(
            Recorded(
                method=request.method,
                target=request.url.raw_path.decode("ascii"),
                content=request.content,
                headers=tuple((k, v) for k, v in request.headers.items() if k.lower() in kept),
            )
        )
        return await super().handle_async_request(request)


async def _worker(url: str, n: int) -> tuple[float, list[Recorded], dict[str, int]]:
    transport = RecordingTransport()
    catalog = load_catalog()
    guardrails.assess(as_messages(realistic_inbox(1), AGENT)[0])  # warm: detector, lexicon
    async with HubClient(url, transport=transport) as hub:
        t0 = time.perf_counter()
        report = await run_once(
            hub=hub, brain=RuleBrain(catalog), catalog=catalog, agent=AGENT, mode="execute",
            max_messages=n, concurrency=4,
        )  # fmt: skip
        elapsed = time.perf_counter() - t0
    if report.summary.exit_code != 0 or len(report.results) != n:
        raise RuntimeError(f"worker run failed: {report.summary.counts} {report.summary.errors}")
    return elapsed, transport.sent, report.summary.counts


async def _replay(url: str, requests: list[Recorded]) -> float:
    async with httpx.AsyncClient(base_url=url, timeout=10.0) as client:
        t0 = time.perf_counter()
        for sent in requests:
            response = await client.request(
                sent.method, sent.target, content=sent.content or None, headers=dict(sent.headers)
            )
            if not response.is_success:
                raise RuntimeError(f"replay: {sent.method} {sent.target} -> {response.status_code}")
        return time.perf_counter() - t0


def _seeded_template(path: Path, messages: list[BenchMessage]) -> Path:
    """The inbox both hubs start from (the mix of hub_round_trips), written straight into the
    reference hub's store: a hub process only to post them cost a third of a second of CPU."""
    store = HubStore(path)
    try:
        for m in messages:
            store.add_message(
                from_agent=m.from_agent, to_agent=AGENT, subject=m.subject, body=m.body
            )
    finally:
        store.close()
    return path


def _copy_db(template: Path, target: Path) -> Path:
    for part in template.parent.glob(template.name + "*"):  # the database, its WAL and index
        shutil.copyfile(part, target.parent / (target.name + part.name[len(template.name) :]))
    return target


def run(options: Options) -> BenchResult:
    smoke = options.smoke
    n = 10 if smoke else 1000
    rounds = 1 if smoke else ROUNDS
    result = BenchResult(
        name="execute_replay",
        item=4,
        title=f"Worker execute, {n} messages, vs a sequential httpx replay of its requests",
        target=f"worker / replay <= {TARGET_RATIO}x (median of {rounds} side-by-side rounds)",
        columns=["round", "first", "requests", "worker s", "replay s", "ratio", "status"],
    )
    workdir = options.workdir / "execute-replay"
    workdir.mkdir(parents=True, exist_ok=True)
    template = _seeded_template(workdir / "template.db", realistic_inbox(n, seed=4))
    ratios: list[float] = []
    sent: list[Recorded] = []  # recorded by the first round's worker run, which goes first
    counts: dict[str, int] = {}
    for index in range(rounds):
        worker_first = index % 2 == 0
        worker_s = replay_s = 0.0
        for turn in ("worker", "replay") if worker_first else ("replay", "worker"):
            db = _copy_db(template, workdir / f"{turn}-{index}.db")
            with running_hub(workdir, db_path=db, name=f"{turn}-{index}") as hub:
                if turn == "worker":
                    worker_s, sent, counts = asyncio.run(_worker(hub.url, n))
                else:
                    replay_s = asyncio.run(_replay(hub.url, sent))
        ratio = worker_s / replay_s
        ratios.append(ratio)
        result.rows.append(
            {
                "round": index + 1,
                "first": "worker" if worker_first else "replay",
                "requests": len(sent),
                "worker s": worker_s,
                "replay s": replay_s,
                "ratio": ratio,
                "status": verdict(ratio <= TARGET_RATIO, smoke),
            }
        )
    median = statistics.median(ratios)
    result.rows.append(
        {
            "round": "min/median/max",
            "first": None,
            "requests": None,
            "worker s": None,
            "replay s": None,
            "ratio": f"{min(ratios):.2f} / {median:.2f} / {max(ratios):.2f}",
            "status": verdict(median <= TARGET_RATIO, smoke),
        }
    )
    result.passed = None if smoke else median <= TARGET_RATIO
    result.metrics = {
        "ratios": ratios,
        "ratio_min": min(ratios),
        "ratio_median": median,
        "ratio_max": max(ratios),
        "outcomes": counts,
    }
    result.notes.append(
        f"outcomes {dict(sorted(counts.items()))}; each round: two hubs from one seeded "
        "database; the replay sends the worker's own requests (bodies, keys) one at a time"
    )
    return result
