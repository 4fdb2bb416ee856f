"""What every benchmark shares: the result record, the table printer, the machine description,
and the helpers that start the reference hub and a fake llm-connect as real processes."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.hub import HubProcess
from tests.support.process import read_announcement

from bench.messages import BenchMessage

Cell = str | int | float | bool | None


@dataclass(frozen=True)
class Options:
    smoke: bool
    workdir: Path  # a private temporary directory for hub databases and logs
    # The interpreter of a venv with the runtime dependencies only (`pip install .`): the
    # image's environment, for start-up measurements. None: measure the dev environment only.
    runtime_python: str | None = None


@dataclass
class BenchResult:
    """One benchmark's outcome: a table (rows keyed by column), a verdict and free notes.

    `passed` is None in smoke mode and for pure measurements without a target."""

    name: str
    item: int
    title: str
    target: str
    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)
    passed: bool | None = None
    notes: list[str] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "item": self.item,
            "title": self.title,
            "target": self.target,
            "passed": self.passed,
            "seconds": round(self.seconds, 3),
            "columns": self.columns,
            "rows": self.rows,
            "notes": self.notes,
            "metrics": self.metrics,
        }


def verdict(ok: bool, smoke: bool) -> str:
    """The status cell: PASS/MISS, or `(pass)`/`(miss)` in smoke mode (never asserted)."""
    if smoke:
        return "(pass)" if ok else "(miss)"
    return "PASS" if ok else "MISS"


def overall(statuses: Sequence[Cell], smoke: bool) -> bool | None:
    """PASS if every PASS/MISS row passed; None in smoke mode or when no row has a target."""
    judged = [s for s in statuses if s in ("PASS", "MISS")]
    if smoke or not judged:
        return None
    return all(s == "PASS" for s in judged)


def _cell(value: Cell) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value


def format_table(result: BenchResult) -> str:
    """Plain text: a heading, the target, aligned columns (numbers right-aligned), notes."""
    head = f"[{result.item}] {result.title}"
    verdict_text = {True: "PASS", False: "MISS", None: "n/a"}[result.passed]
    lines = [head, "=" * len(head), f"target: {result.target}   overall: {verdict_text}"]
    cells = [[_cell(row.get(col)) for col in result.columns] for row in result.rows]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(result.columns)]
    numeric = [
        all(isinstance(row.get(col), int | float) or row.get(col) is None for row in result.rows)
        for col in result.columns
    ]

    def line(values: list[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    lines.append(line(result.columns))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in cells)
    lines.extend(f"note: {n}" for n in result.notes)
    lines.append(f"({result.seconds:.1f} s)")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """Where the numbers were taken: CPUs, model, Python, load."""
    model = "unknown"
    try:
        for text_line in Path("/proc/cpuinfo").read_text().splitlines():
            if text_line.startswith("model name"):
                model = text_line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# -- processes -------------------------------------------------------------------------------


def seed(hub: HubProcess, agent: str, messages: Sequence[BenchMessage]) -> list[str]:
    """Post `messages` to `agent`'s inbox on a hub; returns their ids."""
    return [
        hub.post_message(to_agent=agent, from_agent=m.from_agent, subject=m.subject, body=m.body)
        for m in messages
    ]


@dataclass
class FakeLlm:
    url: str
    process: subprocess.Popen[str]

    def answer(self, status: int) -> None:
        """Answer `status` to every call from now on (503: an outage; 200: recovered)."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"status {status}\n")
        self.process.stdin.flush()
        if read_announcement(self.process, f"llm: status {status}", 10.0) is None:
            raise RuntimeError(f"the fake llm-connect did not take status {status}")


@contextmanager
def fake_llm(delay_ms: float, workdir: Path, *, status: int = 200) -> Iterator[FakeLlm]:
    """A fake llm-connect (tests.support.llm, the `good` model) answering after `delay_ms`,
    in its own process so that it never competes with the measured worker for the GIL.
    With a `status` other than 200 it answers that to every call (an llm-connect outage)."""
    log = (workdir / f"llm-{delay_ms:g}.log").open("a")
    command = [sys.executable, "-m", "bench.fake_llm", "--delay-ms", str(delay_ms)]
    command += ["--status", str(status)]
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
    )
    try:
        url = read_announcement(proc, "llm: serving on ", 20.0)
        if url is None:
            proc.kill()
            raise RuntimeError(f"{proc.args!r} did not start")
        yield FakeLlm(url=url, process=proc)
    finally:
        if proc.stdin is not None:
            proc.stdin.close()  # EOF: the server stops
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        log.close()


def src_env() -> dict[str, str]:
    """The environment for a worker subprocess: this checkout importable, no stray settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_CONNECT"))}
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join([root + "/src", root])
    return env
