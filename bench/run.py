"""Run the benchmarks (issue 5; item 7: issue 10), print one table each and write the results
as JSON.

    python -m bench.run [--smoke] [--only NAME ...] [--json-out bench/results/latest.json]
                        [--runtime-python PATH] [--jobs N]

`--smoke` uses tiny sizes and judges nothing (CI keeps the scripts alive with it); it runs the
benchmarks `--jobs` at a time (default: two per CPU), each in a process of its own. Measuring
runs (without `--smoke`) always run one benchmark at a time.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BenchResult, Options, format_table, machine

Benchmark = Callable[[Options], BenchResult]

# The registry, in the order: each is a module function `(Options) -> BenchResult`,
# named "module:function" and imported when it runs (a smoke child loads only its own).
BENCHMARKS: dict[str, str] = {
    "llm_concurrency": "bench.llm_concurrency:run",  # 1
    "rule_throughput": "bench.rule_throughput:run",  # 2
    "cold_start": "bench.cold_start:run",  # 3
    "hub_round_trips": "bench.hub_round_trips:run",  # 4
    "execute_replay": "bench.execute_replay:run",  # 4 (issue 13): against the sequential replay
    "operator_scale": "bench.operator_scale:benchmark",  # 5
    "worker_memory": "bench.worker_memory:run",  # 6
    "outages": "bench.outages:run",  # 7 (issue 10)
}
PENDING: dict[str, str] = {}  # benchmarks named but not yet written
# The smoke run starts the longest first, so that the short ones fill in beside them.
SMOKE_LONGEST_FIRST = ("operator_scale", "outages", "cold_start", "worker_memory")


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
    parser.add_argument(
        "--jobs",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="smoke mode: benchmarks run at once, each in its own process (default: 2 per "
        "CPU: they spend much of their time waiting for the processes they start)",
    )
    return parser.parse_args(argv)


def _smoke_in_parallel(args: argparse.Namespace, names: list[str], workdir: str) -> dict[str, Any]:
    """Each benchmark in a child process of its own, `--jobs` at a time, a new one started as
    soon as any finishes; their tables printed as they finish, their results in the
    registry's order. The children are forked from this process after it imported every
    benchmark's module once: a fresh interpreter per benchmark imported the same modules
    again (a third of a second of CPU each). One message is assessed before forking too: the
    lexicon's automata and the patterns built on first use are then built once, not in each of
    the five children that assess in-process."""
    for name in names:
        _benchmark(name)  # import before forking: every child inherits the modules
    from bench.messages import as_messages, realistic_inbox
    from warden.core import guardrails

    guardrails.assess(as_messages(realistic_inbox(1), "bench-warm")[0])
    pending = sorted(
        names, key=lambda n: SMOKE_LONGEST_FIRST.index(n) if n in SMOKE_LONGEST_FIRST else 99
    )
    running: dict[int, tuple[str, Path]] = {}
    results: dict[str, Any] = {}
    while pending or running:
        while pending and len(running) < max(1, args.jobs):
            name = pending.pop(0)
            out = Path(workdir) / name
            running[_fork_benchmark(name, args, Path(workdir), out)] = (name, out)
        pid, status = os.wait()
        if pid not in running:
            continue
        name, out = running.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            for other in running:  # the others' results would be thrown away
                os.kill(other, signal.SIGTERM)
                os.waitpid(other, 0)
            raise SystemExit(f"bench.run: {name} failed (exit {code})")
        print(out.with_suffix(".txt").read_text(), end="", flush=True)  # its table
        results[name] = json.loads(out.with_suffix(".json").read_text())
    return {name: results[name] for name in names if name in results}


def _fork_benchmark(name: str, args: argparse.Namespace, workdir: Path, out: Path) -> int:
    """Run one benchmark in a forked child: its table to `out`.txt, its result to
    `out`.json; exit 0 when it ran. Returns the child's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        with out.with_suffix(".txt").open("w") as table:
            os.dup2(table.fileno(), sys.stdout.fileno())
            result = _run_one(name, Options(args.smoke, workdir, args.runtime_python))
            print("\n" + format_table(result), flush=True)
        out.with_suffix(".json").write_text(json.dumps(result.to_json(), default=str))
        code = 0
    except BaseException:  # the child must never return into the parent's loop
        traceback.print_exc()
    finally:
        os._exit(code)


def _run_one(name: str, options: Options) -> BenchResult:
    t0 = time.perf_counter()
    result = _benchmark(name)(options)
    result.seconds = time.perf_counter() - t0
    return result


def _share_bytecode() -> None:
    """A smoke run starts some 30 Python processes (workers, hubs, operators, fake
    llm-connects): where the environment forbids writing bytecode (PYTHONDONTWRITEBYTECODE),
    each compiled this checkout's sources again. The run's processes may write it: the
    checkout's sources are compiled once, into `__pycache__` beside them (git-ignored). (A
    private PYTHONPYCACHEPREFIX, tried first, made every library compile again too: with a
    prefix set, Python looks for bytecode only there - 2-3 s of CPU per smoke run.)"""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False  # this process too: it imports the benchmarks first


def _benchmark(name: str) -> Benchmark:
    module, function = BENCHMARKS[name].split(":")
    benchmark: Benchmark = getattr(importlib.import_module(module), function)
    return benchmark


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
        parallel = args.smoke and args.jobs > 1 and len(names) > 1
        if parallel:
            _share_bytecode()
            output["benchmarks"] = _smoke_in_parallel(args, names, workdir)
        for name in [] if parallel else names:
            if name in PENDING:
                print(f"\n[{name}] skipped: {PENDING[name]}", flush=True)
                continue
            result = _run_one(name, Options(args.smoke, Path(workdir), args.runtime_python))
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
