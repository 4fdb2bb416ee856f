"""[5] Operator scale, side by side with a floor peer: the real `warden operator` (kopf, in a
subprocess) and a minimal kopf operator doing the core job (bench/floor_operator.py: one
CronJob per WardenWorker, `kopf.adopt`), each against a fresh kmock Kubernetes emulator
(tests/scenarios/emulator.py, in this process) over real HTTP, alternating, several runs.

Each run, for each operator (the order alternates run by run):

- **create**: N WardenWorkers are POSTed at once (32 requests in flight); measured is the time
  from the first POST until every CronJob exists; then until the operator is done (ours: every
  status carries its observedGeneration) and has been quiet for a moment;
- **requests**: every request the operator sent the emulator from the first POST until then
  (creates, reads, status and annotation patches, finalizers, Events, any list or watch made
  meanwhile), counted at the emulator by verb and resource, per WardenWorker; and the same
  with the operator's start-up (discovery, the first lists and watches) added, amortised over
  the N objects. The benchmark's own requests carry a header and are not counted;
- **CPU**: the operator process's CPU seconds over the create phase, and this process's (the
  emulator and the driver), to tell whose time it is;
- **change**: `spec.schedule` of one WardenWorker is patched and the time until its CronJob
  shows the new schedule is taken, one change at a time; its p95 over the run's samples.

Each figure is judged as ours / peer, taken in the same run on the same machine; the table
gives the min / median / max over the runs and judges the median.

Run: `python -m bench.operator_scale [--smoke] [--runs K] [--n N] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextvars
import functools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp.web
import kmock
from tests.scenarios.emulator import (
    RESOURCES,
    ApiServerEmulator,
    EmulatorCluster,
    OperatorProcess,
    load_crd,
    write_kubeconfig,
)
from tests.scenarios.operator_flow import OPERATOR_NAMESPACE, default_config, worker

from bench.common import BenchResult, Options, machine, verdict

FULL_N = 500
SMOKE_N = 10
FULL_RUNS = 5
SMOKE_RUNS = 1
FULL_SAMPLES = 20
SMOKE_SAMPLES = 3
NAMESPACE = "team-a"
CREATE_CONCURRENCY = 32
POLL_SECONDS = 0.005  # a single change: one object's current body, polled directly
CREATE_POLL_SECONDS = 0.05  # all N: a scan of the whole store, kept rare (it shares the core)


@dataclass(frozen=True)
class Pace:
    quiet_s: float  # the create phase ends when the operator sent nothing for this long
    settle_s: float  # after the WardenWorker watch starts, for the other watches
    between_changes_s: float  # after each measured change


PACE = Pace(quiet_s=1.0, settle_s=0.5, between_changes_s=0.2)
SMOKE_PACE = Pace(quiet_s=0.3, settle_s=0.1, between_changes_s=0.05)  # no timing judged
CREATE_TIMEOUT = 600.0
CHANGE_TIMEOUT = 60.0
DRIVER_HEADER = "X-Bench-Driver"  # the benchmark's own requests: not counted

TARGET_REQUESTS_PER_WORKER = 4.0  # from creation to Ready, everything included
TARGET_CRONJOBS_RATIO = 1.5  # time until every CronJob exists, ours / peer
TARGET_CHANGE_P95_RATIO = 1.5  # spec change until the CronJob shows it, p95, ours / peer

PEER_SCRIPT = Path(__file__).resolve().parent / "floor_operator.py"
OURS, PEER = "ours", "peer"

_CLK_TCK = os.sysconf("SC_CLK_TCK")


# -- /proc helpers ---------------------------------------------------------------------------


def _proc_status_mb(pid: int, key: str) -> float | None:
    """VmHWM / VmRSS of `pid` in MB (1024*1024 bytes), or None when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def _proc_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` so far."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = text.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def _loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


# -- the emulator, counting ------------------------------------------------------------------


def request_kind(method: str, path: str, query: Mapping[str, str]) -> str:
    """`verb resource[/subresource]` of an API request, as an apiserver's audit log names it
    (discovery for the group/version documents)."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["api"]:
        parts = parts[2:]
    elif parts[:1] == ["apis"]:
        parts = parts[3:]
    else:
        return "discovery"
    if not parts:
        return "discovery"
    if parts[0] == "namespaces" and len(parts) >= 3:
        parts = parts[2:]
    resource, rest = parts[0], parts[1:]
    named = bool(rest)
    verb = {"POST": "create", "PATCH": "patch", "PUT": "update", "DELETE": "delete"}.get(method)
    if verb is None:
        watch = query.get("watch") in ("true", "1")
        verb = "get" if named else ("watch" if watch else "list")
    return f"{verb} {resource}" + (f"/{rest[1]}" if len(rest) > 1 else "")


_DISPATCHING: contextvars.ContextVar[Any] = contextvars.ContextVar("dispatching", default=None)


class BoundedLogEmulator(ApiServerEmulator):
    """The tests' emulator with kmock's request log cut to the requests in flight, counting
    the operator's requests by kind.

    kmock 0.8 keeps every request it ever served and, to dispatch a new one, scans that whole
    log: its cost per request grows with the requests served so far, O(R^2) over a run. A
    request only has to be in the log while it is dispatched, so keeping the in-flight ones
    gives the same answers at a constant cost; a watch leaves it once it is served, and a
    request being dispatched sees only itself in it (`__iter__`). Requests with
    `DRIVER_HEADER` are the benchmark's own and are not counted."""

    saw_ww_watch = False
    last_request = 0.0

    def count(self) -> collections.Counter[str]:
        counter: collections.Counter[str] = self.__dict__.setdefault(
            "_bench_counts", collections.Counter()
        )
        return counter

    async def __call__(self, raw_request: aiohttp.web.BaseRequest) -> aiohttp.web.StreamResponse:
        if DRIVER_HEADER not in raw_request.headers:
            kind = request_kind(raw_request.method, raw_request.path, raw_request.query)
            self.count()[kind] += 1
            self.last_request = time.monotonic()
            if kind == "watch wardenworkers":
                self.saw_ww_watch = True
        return await super().__call__(raw_request)

    def _KubernetesEmulator__get_objs(self, request: Any, strict: bool) -> list[Any]:
        """kmock 0.8 finds an object by scanning every stored object (O(objects) per
        request); a request naming one object is a dict lookup (the same key kmock stores
        it under), with the scan as the fallback."""
        if strict and request.resource is not None and request.name is not None:
            store: dict[Any, Any] = self._objects._objects
            found = store.get((request.resource, request.namespace, request.name))
            if found is not None:
                return [found]
        scan: Callable[..., list[Any]] = kmock.KubernetesEmulator._KubernetesEmulator__get_objs  # type: ignore[attr-defined]
        return scan(self, request, strict)

    def _current(self, request: Any) -> dict[str, Any] | None:
        store: dict[Any, Any] = self._objects._objects
        obj = store.get((request.resource, request.namespace, request.name))
        if obj is not None:
            return None if obj.deleted else dict(obj.raw)
        return super()._current(request)

    def _inflight(self) -> dict[int, Any]:
        inflight: dict[int, Any] = self.__dict__.setdefault("_bench_inflight", {})
        return inflight

    async def _handle(self, request: Any) -> Any:
        inflight = self._inflight()
        inflight[id(request)] = request
        log: list[Any] = self._requests
        log[:] = [r for r in log if id(r) in inflight]
        dispatching = _DISPATCHING.set(request)
        try:
            return await super()._handle(request)
        finally:
            _DISPATCHING.reset(dispatching)
            inflight.pop(id(request), None)

    def __iter__(self) -> Iterator[Any]:
        """While a request is dispatched, the log as its own task sees it: that request.
        kmock finds a request's reaction by testing `request in view` for each reaction's
        filter chain, which walks every request of the log; a chain of filters (no slices:
        the emulator's reactions have none) accepts a request or not by that request alone,
        so the answer is the same, without a walk over every request in flight."""
        current = _DISPATCHING.get()
        if current is not None:
            yield current
            return
        yield from super().__iter__()

    async def _serve_watch(self, request: Any) -> AsyncIterator[Any]:
        """A watch leaves the log once it is served: it streams for the operator's whole
        life, and kmock would otherwise match every later request against it too (a cost
        per request that grows with the number of open watches, which an API server does
        not have)."""
        self._inflight().pop(id(request), None)
        serve: Callable[[Any], AsyncIterator[Any]] = super()._serve_watch
        async for item in serve(request):
            yield item


class DriverCluster(EmulatorCluster):
    """The scenarios' driver, marking its requests so that the emulator does not count them."""

    request_headers = {DRIVER_HEADER: "1"}


class PeerProcess(OperatorProcess):
    """The floor peer (`python -m kopf run --standalone -A bench/floor_operator.py`), at the
    same log level as ours."""

    async def start(self) -> None:
        env = {**os.environ, **self.env, "KUBECONFIG": str(self.kubeconfig)}
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "kopf", "run", "--standalone", "--all-namespaces",
            str(PEER_SCRIPT), env=env, stdout=log, stderr=log,
        )  # fmt: skip
        log.close()
        self.starts += 1


def _start_emulator(emulator: ApiServerEmulator) -> None:
    """The resources and the CRD object (its schema is not enforced here: admission would
    cost the emulator, which shares the machine with the operator, the same for both)."""
    for resource, info in RESOURCES.items():
        emulator.resources[resource] = kmock.ResourceInfo(**info)
    crd = load_crd()
    emulator.objects[
        "apiextensions.k8s.io/v1/customresourcedefinitions", None, crd["metadata"]["name"]
    ] = crd


def _objects(emulator: ApiServerEmulator, plural: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, current body) of every live object of `plural` in the emulator's store."""
    for (resource, _namespace, name), obj in emulator.objects.items():
        if resource.plural == plural and not obj.deleted:
            yield str(name), obj.raw


async def _until(
    probe: Callable[[], bool], within: float, what: str, every: float = POLL_SECONDS
) -> float:
    """Poll `probe` every `every` seconds; the monotonic time it first held."""
    deadline = time.monotonic() + within
    while True:
        if probe():
            return time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


async def _gather_limited(calls: list[Callable[[], Awaitable[Any]]], limit: int) -> None:
    semaphore = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[Any]]) -> None:
        async with semaphore:
            await call()

    await asyncio.gather(*(one(call) for call in calls))


def _names(n: int) -> list[str]:
    return [f"w{i:04d}" for i in range(n)]


def _cronjob(emulator: ApiServerEmulator, name: str) -> Any:
    """The emulator's stored CronJob `name` (a kmock Object, patched in place: `.raw` is
    always its current body), found once so that polling it costs nothing."""
    for (resource, namespace, obj_name), obj in emulator.objects.items():
        if resource.plural == "cronjobs" and obj_name == name and namespace == NAMESPACE:
            return None if obj.deleted else obj
    return None


# -- one operator, one run -------------------------------------------------------------------


async def _scenario(who: str, n: int, samples: int, pace: Pace, workdir: Path) -> dict[str, Any]:
    """A fresh emulator and a fresh operator (ours or the peer): create N, then change."""
    async with BoundedLogEmulator() as emulator, kmock.Server(emulator) as server:
        _start_emulator(emulator)
        kubeconfig = write_kubeconfig(workdir / f"kubeconfig-{who}", str(server.url).rstrip("/"))
        env = {
            "WARDEN_OPERATOR_NAMESPACE": OPERATOR_NAMESPACE,
            "WARDEN_OPERATOR_CONFIGMAP": "ops-warden-operator",
            "WARDEN_OPERATOR_RESYNC_SECONDS": "60",  # the operator's default
        }
        process_cls = OperatorProcess if who == OURS else PeerProcess
        operator = process_cls(kubeconfig, workdir / f"operator-{who}.log", env)
        driver = DriverCluster(emulator, operator)
        driver.namespace = NAMESPACE
        await driver.set_operator_config(default_config())
        await operator.start()
        try:
            return await _measure(who, n, samples, pace, emulator, driver, operator)
        finally:
            await operator.stop()


async def _measure(
    who: str,
    n: int,
    samples: int,
    pace: Pace,
    emulator: BoundedLogEmulator,
    driver: EmulatorCluster,
    operator: OperatorProcess,
) -> dict[str, Any]:
    assert operator.process is not None
    pid = operator.process.pid
    await _until(lambda: emulator.saw_ww_watch, 60.0, f"{who} to watch WardenWorkers")
    await asyncio.sleep(pace.settle_s)  # let the other watches settle

    names = _names(n)
    wanted = set(names)
    op_cpu0, emulator_cpu0 = _proc_cpu_seconds(pid), time.process_time()
    at_start = dict(emulator.count())  # discovery, lists, watches: before any WardenWorker
    load_before = _loadavg()
    t0 = time.monotonic()
    creating = asyncio.ensure_future(
        _gather_limited(
            [functools.partial(driver.create, worker(name, NAMESPACE)) for name in names],
            CREATE_CONCURRENCY,
        )
    )

    def all_cronjobs() -> bool:
        return wanted <= {name for name, _ in _objects(emulator, "cronjobs")}

    def all_ready() -> bool:
        if who == PEER:
            return True  # the peer writes no status: done when its CronJobs exist
        done = {
            name
            for name, body in _objects(emulator, "wardenworkers")
            if (body.get("status") or {}).get("observedGeneration")
            == (body.get("metadata") or {}).get("generation")
        }
        return wanted <= done

    def quiet() -> bool:
        return time.monotonic() - emulator.last_request >= pace.quiet_s

    t_cronjobs = await _until(all_cronjobs, CREATE_TIMEOUT, f"{n} CronJobs", CREATE_POLL_SECONDS)
    await creating
    t_ready = await _until(all_ready, CREATE_TIMEOUT, f"{n} statuses", CREATE_POLL_SECONDS)
    t_quiet = await _until(quiet, CREATE_TIMEOUT, f"{who} to go quiet", CREATE_POLL_SECONDS)
    op_cpu = _proc_cpu_seconds(pid) - op_cpu0
    emulator_cpu = time.process_time() - emulator_cpu0  # this process: emulator + driver
    counts = dict(emulator.count())
    since_creation = {k: v - at_start.get(k, 0) for k, v in counts.items()}
    since_creation = {k: v for k, v in since_creation.items() if v}
    requests = sum(counts.values())
    created_requests = sum(since_creation.values())

    latencies: list[float] = []
    for i in range(samples):
        name = names[(i * 7919) % n]
        schedule = f"{i % 60} {(i // 60) % 24} * * *"
        stored = _cronjob(emulator, name)
        assert stored is not None, f"no CronJob {name}"

        def shows(stored: Any = stored, schedule: str = schedule) -> bool:
            return bool(stored.raw.get("spec", {}).get("schedule") == schedule)

        start = time.monotonic()
        await driver.patch("WardenWorker", name, {"spec": {"schedule": schedule}})
        seen = await _until(shows, CHANGE_TIMEOUT, f"the new schedule of {name}")
        latencies.append(seen - start)
        await asyncio.sleep(pace.between_changes_s)

    return {
        "who": who,
        "n": n,
        "cronjobs_s": round(t_cronjobs - t0, 3),
        "ready_s": round(t_ready - t0, 3),
        "quiet_s": round(t_quiet - t0 - pace.quiet_s, 3),
        "operator_cpu_s": round(op_cpu, 2),
        "emulator_cpu_s": round(emulator_cpu, 2),
        "requests": requests,
        "requests_per_worker": round(created_requests / n, 3),
        "requests_per_worker_with_start": round(requests / n, 3),
        "requests_by_kind": dict(sorted(since_creation.items())),
        "requests_at_start": dict(sorted(at_start.items())),
        "change_samples": [round(x, 4) for x in latencies],
        "change_p50_s": round(statistics.median(latencies), 4),
        "change_p95_s": round(_percentile(latencies, 95), 4),
        "rss_peak_mb": _round(_proc_status_mb(pid, "VmHWM")),
        "load_before": load_before,
        "operator_alive": operator.alive,
    }


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


# -- the benchmark ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str  # in each scenario
    label: str
    unit: str
    target_ratio: float | None = None  # judged: median(ours / peer) <= this
    target_ours: float | None = None  # judged: median(ours) <= this


METRICS = (
    Metric("requests_per_worker", "API requests per WardenWorker", "req",
           target_ours=TARGET_REQUESTS_PER_WORKER),
    Metric("requests_per_worker_with_start", "  the same, with the operator's start", "req"),
    Metric("cronjobs_s", "time until every CronJob exists", "s",
           target_ratio=TARGET_CRONJOBS_RATIO),
    Metric("change_p95_s", "change p95 (spec -> CronJob)", "s",
           target_ratio=TARGET_CHANGE_P95_RATIO),
    Metric("operator_cpu_s", "operator CPU, create phase", "s"),
    Metric("emulator_cpu_s", "emulator + driver CPU, create phase", "s"),
    Metric("change_p50_s", "change p50", "s"),
    Metric("rss_peak_mb", "operator peak RSS", "MB"),
)  # fmt: skip


def run(smoke: bool, runs: int | None = None, n: int | None = None) -> dict[str, Any]:
    """`runs` runs of both operators on fresh emulators, alternating which goes first."""
    n = n or (SMOKE_N if smoke else FULL_N)
    runs = runs or (SMOKE_RUNS if smoke else FULL_RUNS)
    samples = SMOKE_SAMPLES if smoke else FULL_SAMPLES
    started = time.monotonic()
    pairs: list[dict[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="bench-operator-") as tmp:
        for i in range(runs):
            order = (OURS, PEER) if i % 2 == 0 else (PEER, OURS)
            pair: dict[str, dict[str, Any]] = {}
            for who in order:
                workdir = Path(tmp) / f"run{i}-{who}"
                workdir.mkdir()
                pace = SMOKE_PACE if smoke else PACE
                pair[who] = asyncio.run(_scenario(who, n, samples, pace, workdir))
            pairs.append(pair)
            print(f"  run {i + 1}/{runs}: " + _run_line(pair), file=sys.stderr, flush=True)
    rows = _rows(pairs, smoke)
    statuses = [row["status"] for row in rows if row["status"] in ("PASS", "MISS")]
    return {
        "name": "operator_scale",
        "item": 5,
        "title": "Operator scale, side by side with a minimal kopf operator",
        "smoke": smoke,
        "n": n,
        "runs": runs,
        "change_samples_per_run": samples,
        "passed": None if smoke or not statuses else all(s == "PASS" for s in statuses),
        "rows": rows,
        "pairs": pairs,
        "requests_by_kind_per_worker": {
            who: _per_worker_kinds([p[who] for p in pairs]) for who in (OURS, PEER)
        },
        "machine": {k: v for k, v in machine().items() if k != "loadavg"},
        "loadavg_end": _loadavg(),
        "seconds": round(time.monotonic() - started, 1),
    }


def _run_line(pair: Mapping[str, Mapping[str, Any]]) -> str:
    keys = ("requests_per_worker", "cronjobs_s", "change_p95_s", "operator_cpu_s")
    return "  ".join(f"{k}={pair[OURS][k]}/{pair[PEER][k]}" for k in keys)


def _per_worker_kinds(scenarios: list[Mapping[str, Any]]) -> dict[str, float]:
    """The median count of each request kind per WardenWorker over the runs."""
    kinds = sorted({k for s in scenarios for k in s["requests_by_kind"]})
    return {
        kind: round(
            statistics.median(s["requests_by_kind"].get(kind, 0) / s["n"] for s in scenarios), 3
        )
        for kind in kinds
    }


def _rows(pairs: list[dict[str, dict[str, Any]]], smoke: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for m in METRICS:
        ours = [float(p[OURS][m.key] or 0.0) for p in pairs]
        peer = [float(p[PEER][m.key] or 0.0) for p in pairs]
        ratios = [o / q for o, q in zip(ours, peer, strict=True) if q > 0]
        median_ratio = statistics.median(ratios) if ratios else None
        if m.target_ratio is not None and median_ratio is not None:
            target = f"ratio <= {m.target_ratio:g}"
            status = verdict(median_ratio <= m.target_ratio, smoke)
        elif m.target_ours is not None:
            target = f"ours <= {m.target_ours:g}"
            status = verdict(statistics.median(ours) <= m.target_ours, smoke)
        else:
            target, status = "-", "-"
        rows.append(
            {
                "metric": m.label,
                "unit": m.unit,
                "ours": round(statistics.median(ours), 3),
                "peer": round(statistics.median(peer), 3),
                "ratio min": round(min(ratios), 2) if ratios else None,
                "ratio median": round(median_ratio, 2) if median_ratio is not None else None,
                "ratio max": round(max(ratios), 2) if ratios else None,
                "target": target,
                "status": status,
            }
        )
    return rows


COLUMNS = ["metric", "unit", "ours", "peer", "ratio min", "ratio median", "ratio max",
           "target", "status"]  # fmt: skip


def _notes(results: Mapping[str, Any]) -> list[str]:
    m = results["machine"]
    notes = [
        f"N={results['n']} WardenWorkers, {results['runs']} runs (alternating order), "
        f"{results['change_samples_per_run']} changes per run; ours/peer medians above; "
        "the status judges the median (requests: ours absolute, from creation to Ready)",
    ]
    for who in (OURS, PEER):
        kinds = results["requests_by_kind_per_worker"][who]
        notes.append(
            f"{who} requests per WardenWorker by kind: "
            + ", ".join(f"{k} {v:g}" for k, v in kinds.items() if v)
        )
    notes.append(
        f"machine: {m['nproc']} x {m['cpu_model']}, Python {m['python']}; "
        f"load at end: {results['loadavg_end']}"
    )
    return notes


def table(results: Mapping[str, Any]) -> str:
    """The results as an aligned plain-text table, with the notes below it."""
    cells = [[_fmt(row[c]) for c in COLUMNS] for row in results["rows"]]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(COLUMNS)]
    left = {"metric", "unit", "target", "status"}

    def line(values: list[str]) -> str:
        return "  ".join(
            v.ljust(w) if c in left else v.rjust(w)
            for v, w, c in zip(values, widths, COLUMNS, strict=True)
        ).rstrip()

    verdict_text = {True: "PASS", False: "MISS", None: "n/a (smoke)"}[results["passed"]]
    head = f"[{results['item']}] {results['title']}"
    out = [head, "=" * len(head), f"overall: {verdict_text}", line(COLUMNS)]
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in cells)
    out.extend(f"note: {note}" for note in _notes(results))
    out.append(f"({results['seconds']} s)")
    return "\n".join(out)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.operator_scale")
    parser.add_argument("--smoke", action="store_true", help="small N, one run, no verdict")
    parser.add_argument("--runs", type=int, default=None, help="runs of each operator")
    parser.add_argument("--n", type=int, default=None, help="WardenWorkers per run")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.smoke, args.runs, args.n)
    print(table(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def benchmark(options: Options) -> BenchResult:
    """The runner's interface (`bench.run`): the same measurement as a `BenchResult`."""
    results = run(options.smoke)
    result = BenchResult(
        name="operator_scale",
        item=5,
        title=results["title"],
        target=(
            f"<= {TARGET_REQUESTS_PER_WORKER:g} requests per WardenWorker; CronJobs of "
            f"{FULL_N} <= {TARGET_CRONJOBS_RATIO}x the floor peer; change p95 <= "
            f"{TARGET_CHANGE_P95_RATIO}x the floor peer"
        ),
        columns=COLUMNS,
        rows=results["rows"],
        passed=results["passed"],
    )
    result.metrics = {k: v for k, v in results.items() if k not in ("rows", "title")}
    result.notes.extend(_notes(results))
    return result


if __name__ == "__main__":
    sys.exit(main())
