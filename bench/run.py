"""Run the benchmarks (issue 5; item 7: issue 10), print one table each and write the results
as JSON.

    python -m bench.run [--smoke] [--only NAME ...] [--json-out bench/results/latest.json]
                        [--runtime-python PATH]

`--smoke` uses tiny sizes and judges nothing (CI keeps the scripts alive with it).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    cold_start,
    execute_replay,
    hub_round_trips,
    llm_concurrency,
    operator_scale,
    outages,
    rule_throughput,
    worker_memory,
)
from bench.common import BenchResult, Options, format_table, machine

Benchmark = Callable[[Options], BenchResult]

# The registry, in the order: each is a module function `(Options) -> BenchResult`.
BENCHMARKS: dict[str, Benchmark] = {
    "llm_concurrency": llm_concurrency.run,  # 1
    "rule_throughput": rule_throughput.run,  # 2
    "cold_start": cold_start.run,  # 3
    "hub_round_trips": hub_round_trips.run,  # 4
    "execute_replay": execute_replay.run,  # 4 (issue 13): against the sequential replay
    "operator_scale": operator_scale.benchmark,  # 5
    "worker_memory": worker_memory.run,  # 6
    "outages": outages.run,  # 7 (issue 10)
}
PENDING: dict[str, str] = {}  # benchmarks named but not yet written


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no time verdicts")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=sorted([*BENCHMARKS, *PENDING]),
        help="run only these benchmarks",
    )
    parser.add_argument(
        "--json-out",
        type=Path,
        default=Path("bench/results/latest.json"),
        help="where to write the JSON results (default bench/results/latest.json)",
    )
    parser.add_argument(
        "--runtime-python",
        metavar="PATH",
        help="python of a venv with only the runtime dependencies (`pip install .`): cold "
        "start is then also measured in the image's environment",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    names = args.only or [*BENCHMARKS]
    started = datetime.now(UTC).isoformat(timespec="seconds")
    output: dict[str, Any] = {
        "version": 1,
        "smoke": args.smoke,
        "started_at": started,
        "machine": machine(),
        "benchmarks": {},
    }
    print(f"machine: {json.dumps(output['machine'])}", flush=True)
    with tempfile.TemporaryDirectory(prefix="warden-bench-") as workdir:
        for name in names:
            if name in PENDING:
                print(f"\n[{name}] skipped: {PENDING[name]}", flush=True)
                continue
            t0 = time.perf_counter()
            result = BENCHMARKS[name](
                Options(
                    smoke=args.smoke,
                    workdir=Path(workdir),
                    runtime_python=args.runtime_python,
                )
            )
            result.seconds = time.perf_counter() - t0
            print("\n" + format_table(result), flush=True)
            output["benchmarks"][name] = result.to_json()
    output["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    output["loadavg_after"] = machine()["loadavg"]
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(output, indent=2, default=str) + "\n", encoding="utf-8")
    verdicts = {n: b["passed"] for n, b in output["benchmarks"].items()}
    print(f"\nresults: {args.json_out}   verdicts: {verdicts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
