"""[3] Worker cold start: from process start to the first hub request arriving,
against the floor `python -c "import httpx, pydantic"` (process start to exit).

The hub here is a tiny HTTP server in this process that records the arrival time of the first
request to an agent's endpoints (`GET .../handoffs`, which a run lists just before its inbox;
same monotonic clock as the spawn time) and answers no handoffs and an empty inbox. Also runs
the worker once under `-X importtime` and reports the heaviest imports and any forbidden one.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bench.common import BenchResult, Options, src_env, verdict

TARGET_RATIO = 1.5
# The worker path needs httpx and pydantic; these would only cost start-up time (the operator
# stack, the aiohttp server, the reference hub's server and store).
FORBIDDEN = (
    "kopf",
    "kubernetes",
    "kmock",
    "aiohttp",
    "warden.operator.handlers",
    "warden.hub.server",
    "warden.hub.store",
)
FLOOR = [sys.executable, "-c", "import httpx, pydantic"]
# `import pydantic` is lazy: it loads none of the model machinery. What any async httpx client
# with one pydantic model costs, for comparison (not judged): the part of the gap that is not
# the worker's own.
USED_FLOOR_CODE = (
    "import asyncio, httpx, pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)\n"
)
USED_FLOOR = [sys.executable, "-c", USED_FLOOR_CODE]


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.arrived = threading.Event()
        self.arrival = 0.0


class _Handler(BaseHTTPRequestHandler):
    server: _Recorder

    def do_GET(self) -> None:
        if "/v1/agents/" in self.path and not self.server.arrived.is_set():
            self.server.arrival = time.monotonic()
            self.server.arrived.set()
        items = "handoffs" if "/handoffs" in self.path else "messages"
        body = json.dumps({items: [], "next_cursor": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


def worker_command(url: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        *extra,
        "-m",
        "warden",
        "worker",
        "run",
        "--once",
        "--hub-url",
        url,
        "--output",
        "json",
    ]


def _time_floor(command: list[str] = FLOOR) -> float:
    t0 = time.monotonic()
    subprocess.run(command, check=True, env=src_env())
    return time.monotonic() - t0


def _time_worker(server: _Recorder) -> float:
    server.arrived.clear()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    t0 = time.monotonic()
    proc = subprocess.Popen(
        worker_command(url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=src_env()
    )
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or not server.arrived.is_set():
        raise RuntimeError(f"worker failed ({proc.returncode}): {err.decode()[-500:]}")
    return server.arrival - t0


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def import_profile(url: str) -> tuple[list[dict[str, Any]], list[str], int]:
    """(heaviest imports by cumulative time, forbidden modules imported, modules imported)."""
    proc = subprocess.run(
        worker_command(url, "-X", "importtime"),
        capture_output=True,
        text=True,
        env=src_env(),
        timeout=60,
        check=True,
    )
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    for text_line in proc.stderr.splitlines():
        if not text_line.startswith("import time:") or "self [us]" in text_line:
            continue
        head, cumulative_us, name = text_line.split("|", 2)
        module = name.strip()
        names.append(module)
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        rows.append(
            {
                "module": module,
                "depth": depth,
                "self_ms": int(head.rsplit(":", 1)[1]) / 1000,
                "cumulative_ms": int(cumulative_us) / 1000,
            }
        )
    top = sorted((r for r in rows if r["depth"] <= 1), key=lambda r: -r["cumulative_ms"])[:10]
    forbidden = sorted({n for n in names if _forbidden(n)})
    return top, forbidden, len(names)


def run(options: Options) -> BenchResult:
    smoke = options.smoke
    repeats = 2 if smoke else 9
    result = BenchResult(
        name="cold_start",
        item=3,
        title="Worker cold start: process start -> first hub request (handoff listing)",
        target=f'<= {TARGET_RATIO}x `python -c "import httpx, pydantic"`; '
        "no kopf/kubernetes/aiohttp",
        columns=["what", "runs", "median s", "min s", "max s", "ratio", "status"],
    )
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        _time_floor()  # warm the page cache
        _time_worker(server)
        floors: list[float] = []
        used_floors: list[float] = []
        workers: list[float] = []
        for _ in range(repeats):  # interleaved, so that load changes hit all alike
            floors.append(_time_floor())
            used_floors.append(_time_floor(USED_FLOOR))
            workers.append(_time_worker(server))
        top, forbidden, module_count = import_profile(url)
    finally:
        server.shutdown()
        server.server_close()
    floor = statistics.median(floors)
    worker = statistics.median(workers)
    ratio = worker / floor
    result.rows.append(
        {
            "what": 'floor: python -c "import httpx, pydantic"',
            "runs": repeats,
            "median s": floor,
            "min s": min(floors),
            "max s": max(floors),
            "ratio": 1.0,
            "status": "-",
        }
    )
    used_floor = statistics.median(used_floors)
    result.rows.append(
        {
            "what": "reference: asyncio + httpx + one pydantic model",
            "runs": repeats,
            "median s": used_floor,
            "min s": min(used_floors),
            "max s": max(used_floors),
            "ratio": used_floor / floor,
            "status": "-",
        }
    )
    result.rows.append(
        {
            "what": "warden worker run --once (to first hub GET)",
            "runs": repeats,
            "median s": worker,
            "min s": min(workers),
            "max s": max(workers),
            "ratio": ratio,
            "status": verdict(ratio <= TARGET_RATIO, smoke),
        }
    )
    result.rows.append(
        {
            "what": "forbidden modules imported: " + (", ".join(forbidden) or "none"),
            "runs": 1,
            "median s": None,
            "min s": None,
            "max s": None,
            "ratio": None,
            "status": verdict(not forbidden, smoke),
        }
    )
    result.passed = None if smoke else (ratio <= TARGET_RATIO and not forbidden)
    result.metrics.update(
        {
            "floor_s": floors,
            "worker_s": workers,
            "used_floor_s": used_floors,
            "ratio": ratio,
            "ratio_to_used_floor": worker / used_floor,
            "forbidden_imports": forbidden,
            "modules_imported": module_count,
            "top_imports": top,
        }
    )
    result.notes.append(
        f"{module_count} modules imported; heaviest (cumulative ms, -X importtime, one run):"
    )
    for entry in top[:8]:
        result.notes.append(f"  {entry['cumulative_ms']:7.1f} ms  {entry['module']}")
    return result
