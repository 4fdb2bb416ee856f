"""[1] LLM-brain run time against the concurrency bound ceil(N / C) x L.

A fake llm-connect (own process) answers every call after L ms; N routing questions (every one
reaches the model: none is forced to escalate) wait in a reference hub; the worker runs one
dry-run with the llm brain at concurrency C, in this process. Run time = the whole `run_once`
(fetch, prompts, calls, guardrails, rendering data), timed around it. Cells whose ideal is
short (<= 5 s) are noise-prone on a shared machine: they run 3 times and report the median.

At the shortest latency the HTTP stacks' own cost shows, so the notes give a transport
reference: a bare httpx client posting the same prompts at concurrency C to the same fake, no
hub, no pre-check, no guardrails. What the worker takes beyond it is its own.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time

import httpx
from tests.support.hub import running_hub

from bench.common import BenchResult, Cell, Options, fake_llm, overall, seed, verdict
from bench.messages import BenchMessage, as_messages, routing_inbox
from warden.core import guardrails
from warden.core.catalog import Catalog, load_catalog
from warden.worker.brains.llm import LlmConnectBrain, build_prompt
from warden.worker.hub_client import HubClient
from warden.worker.llm_client import LlmConnectClient
from warden.worker.runner import run_once
from warden.worker.transport import tls_verify

FULL_L_MS = (50, 200, 500)
FULL_N = (10, 100, 500)
FULL_C = (1, 4, 8, 16)
# Cap for a full run under ~10 min: these sequential cells alone would take 100 s and 250 s.
SKIPPED = {(200, 500, 1), (500, 500, 1)}
TARGET_RATIO = 1.15
# Against the floor peer (issue 13): the worker's run <= 1.10x a bare httpx client posting the
# same prompts at the same concurrency to the same fake, in interleaved pairs.
FLOOR_TARGET = 1.10
FLOOR_PAIRS = 5
FLOOR_CELLS = ((50, 100, 4), (50, 100, 8))  # (L ms, N, C)
SHORT_IDEAL_S = 5.0
SHORT_REPEATS = 3


def model_bound_inbox(n: int) -> list[BenchMessage]:
    """`n` routing questions that all reach the model: the ones the pre-check would escalate
    on its own (a request for a secret, SSH issuance) are left out, so that N = calls."""
    candidates = routing_inbox(3 * n)
    forced = [guardrails.assess(m).forced for m in as_messages(candidates, "bench-llm")]
    picked = [item for item, skip in zip(candidates, forced, strict=True) if not skip][:n]
    if len(picked) < n:
        raise RuntimeError(f"only {len(picked)} of {3 * n} routing questions reach the model")
    return picked


async def _one_run(hub_url: str, llm_url: str, catalog: Catalog, agent: str, n: int, c: int) -> (
    tuple[float, int, int]
):  # fmt: skip
    client = LlmConnectClient(llm_url, timeout=30.0, max_connections=c)
    brain = LlmConnectBrain(client, catalog, agent)
    try:
        async with HubClient(hub_url) as hub:
            t0 = time.perf_counter()
            report = await run_once(
                hub=hub,
                brain=brain,
                catalog=catalog,
                agent=agent,
                mode="dry-run",
                max_messages=n,
                concurrency=c,
            )
            elapsed = time.perf_counter() - t0
    finally:
        await brain.aclose()
    return elapsed, report.summary.messages_seen, report.summary.llm_calls


async def _bare_run(llm_url: str, prompts: list[str], c: int) -> float:
    """Seconds for a bare httpx client to post `prompts` at concurrency `c` (the transport
    reference: what the HTTP stacks cost on their own)."""
    gate = asyncio.Semaphore(c)
    limits = httpx.Limits(max_connections=c)
    async with httpx.AsyncClient(
        base_url=llm_url, limits=limits, verify=tls_verify(llm_url)
    ) as client:

        async def call(prompt: str) -> None:
            async with gate:
                response = await client.post("/execute", json={"prompt": prompt})
                response.raise_for_status()
                response.json()

        t0 = time.perf_counter()
        await asyncio.gather(*(call(p) for p in prompts))
        return time.perf_counter() - t0


def _floor_row(
    hub_url: str, llm_url: str, catalog: Catalog, agent: str, n: int, c: int, pairs: int
) -> dict[str, Cell]:
    """The worker's run against the bare client's, in `pairs` interleaved pairs: min / median
    / max of the per-pair ratios (the median is judged)."""
    prompts = [build_prompt(m, catalog, agent) for m in as_messages(model_bound_inbox(n), agent)]
    ratios: list[float] = []
    worker_s: list[float] = []
    for index in range(pairs):
        order = ("worker", "floor") if index % 2 == 0 else ("floor", "worker")
        took: dict[str, float] = {}
        for turn in order:
            if turn == "worker":
                took[turn] = asyncio.run(_one_run(hub_url, llm_url, catalog, agent, n, c))[0]
            else:
                took[turn] = asyncio.run(_bare_run(llm_url, prompts, c))
        ratios.append(took["worker"] / took["floor"])
        worker_s.append(took["worker"])
    median = statistics.median(ratios)
    return {
        "L ms": None,
        "N": n,
        "C": c,
        "ideal s": None,
        "run s": statistics.median(worker_s),
        "ratio": median,
        "speedup vs C=1": None,
        "vs floor min/median/max": f"{min(ratios):.2f} / {median:.2f} / {max(ratios):.2f}",
    }


def _transport_notes(llm_url: str, catalog: Catalog, n: int, l_ms: float) -> list[str]:
    agent = "bench-transport"
    prompts = [build_prompt(m, catalog, agent) for m in as_messages(model_bound_inbox(n), agent)]
    asyncio.run(_bare_run(llm_url, prompts, 4))  # warm-up
    notes = []
    for c in (4, 8):
        ideal = math.ceil(n / c) * l_ms / 1000.0
        runs = [asyncio.run(_bare_run(llm_url, prompts, c)) for _ in range(SHORT_REPEATS)]
        notes.append(
            f"transport reference, L={l_ms:g} N={n} C={c}: a bare httpx client posting the same "
            f"prompts takes {statistics.median(runs) / ideal:.2f}x the ideal (median of "
            f"{SHORT_REPEATS})"
        )
    return notes


def run(options: Options) -> BenchResult:
    smoke = options.smoke
    l_values = (20,) if smoke else FULL_L_MS
    n_values = (5,) if smoke else FULL_N
    c_values = (1, 4) if smoke else FULL_C
    result = BenchResult(
        name="llm_concurrency",
        item=1,
        title="LLM-brain run time vs the concurrency bound ceil(N/C) x L (dry-run)",
        target=f"run time <= {TARGET_RATIO}x ideal at C <= 8 for N >= 100; <= {FLOOR_TARGET}x "
        "a bare httpx client, same prompts and concurrency (rows with a floor column)",
        columns=[
            "L ms",
            "N",
            "C",
            "ideal s",
            "run s",
            "ratio",
            "speedup vs C=1",
            "vs floor min/median/max",
            "status",
        ],
    )
    catalog = load_catalog()
    transport: list[str] = []
    with running_hub(options.workdir, name="bench1") as hub:
        agents = {}
        for index, n in enumerate(n_values):
            # No digits: the detector reads "bench-llm-100" in the routing answers as a token,
            # and the worker then refuses to start (guardrails.unsendable_answer).
            agents[n] = f"bench-llm-{'abcdefgh'[index]}"
            seed(hub, agents[n], model_bound_inbox(n))
        for l_ms in l_values:
            with fake_llm(l_ms, options.workdir) as llm:
                # Warm-up, not measured: lazy imports, first connections, the hub's caches.
                n0 = n_values[0]
                asyncio.run(_one_run(hub.url, llm.url, catalog, agents[n0], n0, 4))
                for n in n_values:
                    sequential: float | None = None
                    for c in c_values:
                        ideal = math.ceil(n / c) * l_ms / 1000.0
                        row: dict[str, Cell] = {"L ms": l_ms, "N": n, "C": c, "ideal s": ideal}
                        if not smoke and (l_ms, n, c) in SKIPPED:
                            row["status"] = "SKIP (cap)"
                            result.rows.append(row)
                            continue
                        repeats = SHORT_REPEATS if not smoke and ideal <= SHORT_IDEAL_S else 1
                        runs: list[float] = []
                        for _ in range(repeats):
                            one, seen, calls = asyncio.run(
                                _one_run(hub.url, llm.url, catalog, agents[n], n, c)
                            )
                            if seen != n or calls != n:
                                raise RuntimeError(
                                    f"expected {n} messages and calls, got {seen}/{calls}"
                                )
                            runs.append(one)
                        elapsed = statistics.median(runs)
                        result.metrics.setdefault("runs_s", {})[f"L{l_ms}-N{n}-C{c}"] = runs
                        if c == 1:
                            sequential = elapsed
                        ratio = elapsed / ideal
                        row.update(
                            {
                                "run s": elapsed,
                                "ratio": ratio,
                                "speedup vs C=1": sequential / elapsed if sequential else None,
                            }
                        )
                        judged = c <= 8 and n >= 100
                        row["status"] = verdict(ratio <= TARGET_RATIO, smoke) if judged else "-"
                        result.rows.append(row)
                for f_l, f_n, f_c in ((l_ms, n_values[0], 4),) if smoke else FLOOR_CELLS:
                    if f_l == l_ms:
                        pairs = 1 if smoke else FLOOR_PAIRS
                        result.rows.append(
                            _floor_row(hub.url, llm.url, catalog, agents[f_n], f_n, f_c, pairs)
                        )
                        result.rows[-1]["status"] = verdict(
                            float(result.rows[-1]["ratio"] or 0) <= FLOOR_TARGET, smoke
                        )
                if l_ms == min(l_values):
                    for n in n_values if smoke else [n for n in n_values if n >= 100]:
                        transport.extend(_transport_notes(llm.url, catalog, n, l_ms))
    result.passed = overall([r.get("status") for r in result.rows], smoke)
    if not smoke:
        result.notes.append(
            "capped: C=1 at N=500 is skipped for L=200 and L=500 (ideal 100 s and 250 s); "
            "the C=1 rows at N=10 and N=100 show the sequential baseline"
        )
    result.notes.append(
        "status '-': outside the target's scope (C=16 or N<100), reported for information"
    )
    if not smoke:
        result.notes.append(
            f"run s: the median of {SHORT_REPEATS} runs where the ideal is <= "
            f"{SHORT_IDEAL_S:g} s, else one run (all runs in the JSON)"
        )
    result.notes.extend(transport)
    result.metrics["cells"] = len(result.rows)
    return result
