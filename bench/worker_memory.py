"""[6] Peak RSS of one worker run (a real `warden worker run --once` process) over 500
messages from the reference hub: the rule brain in execute mode, and the llm brain in dry-run
against a fake llm-connect. Peak RSS is `ru_maxrss` of the worker, taken by `bench.rss`."""

from __future__ import annotations

import subprocess
import sys

from tests.support.hub import running_hub

from bench.common import BenchResult, Cell, Options, fake_llm, seed, src_env, verdict
from bench.messages import realistic_inbox, routing_inbox

TARGET_MB = 80.0


def _peak_rss_mb(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Peak RSS (MiB) and exit code of `command`, measured by the small `bench.rss` shim."""
    shim = [sys.executable, "-m", "bench.rss", *command]
    out = subprocess.run(shim, capture_output=True, text=True, env=env, check=True).stdout
    kib, code = out.split()
    return int(kib) / 1024.0, int(code)  # ru_maxrss is in KiB on Linux


def run(options: Options) -> BenchResult:
    smoke = options.smoke
    n = 10 if smoke else 500
    result = BenchResult(
        name="worker_memory",
        item=6,
        title=f"Peak RSS of one worker run over {n} messages",
        target=f"< {TARGET_MB:.0f} MB",
        columns=["run", "messages", "exit", "peak RSS MB", "target MB", "ratio", "status"],
    )
    env = src_env()
    floor_mb, _ = _peak_rss_mb([sys.executable, "-c", "import httpx, pydantic"], env)
    result.rows.append(
        {
            "run": 'floor: python -c "import httpx, pydantic"',
            "messages": 0,
            "exit": 0,
            "peak RSS MB": floor_mb,
            "target MB": None,
            "ratio": None,
            "status": "-",
        }
    )
    with running_hub(options.workdir, name="bench6") as hub:
        seed(hub, "bench-mem-rule", realistic_inbox(n, seed=6))
        seed(hub, "bench-mem-llm", routing_inbox(n, seed=6))
        base = [sys.executable, "-m", "warden", "worker", "run", "--once", "--hub-url", hub.url]
        base += ["--output", "json", "--max-messages", str(n)]
        runs: list[tuple[str, list[str]]] = [
            ("rule brain, execute", [*base, "--agent", "bench-mem-rule", "--execute"])
        ]
        with fake_llm(5, options.workdir) as llm:
            runs.append(
                (
                    "llm brain, dry-run, C=8",
                    [
                        *base,
                        "--agent",
                        "bench-mem-llm",
                        "--brain",
                        "llm",
                        "--llm-url",
                        llm.url,
                        "--concurrency",
                        "8",
                    ],
                )
            )
            for label, command in runs:
                mb, code = _peak_rss_mb(command, env)
                row: dict[str, Cell] = {
                    "run": label,
                    "messages": n,
                    "exit": code,
                    "peak RSS MB": mb,
                    "target MB": TARGET_MB,
                    "ratio": mb / TARGET_MB,
                    "status": verdict(mb < TARGET_MB and code == 0, smoke),
                }
                result.rows.append(row)
    judged = [r["status"] for r in result.rows if r["status"] in ("PASS", "MISS")]
    result.passed = None if smoke else all(s == "PASS" for s in judged)
    result.metrics["floor_mb"] = floor_mb
    result.notes.append("exit must be 0: a failed run would not be a fair memory sample")
    return result
