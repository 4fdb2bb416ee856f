"""[5] Operator scale: the real `warden operator` (kopf, in a subprocess) against kmock's
Kubernetes emulator (tests/scenarios/emulator.py, in this process) over real HTTP.

For each N, on a fresh emulator and a fresh operator:

- **create**: N WardenWorkers are POSTed at once (32 requests in flight); measured is the time
  from the first POST until every CronJob exists (and, for information, until every
  WardenWorker's status carries its observedGeneration);
- **change**: with the N objects present, `spec.schedule` of one WardenWorker is patched and
  the time until its CronJob shows the new schedule is taken, one change at a time;
- **RSS**: the operator's peak resident set (VmHWM from /proc/<pid>/status) at the end.

To tell whose time it is, the CPU seconds of the operator process and of this process (the
emulator, plus the tiny polling loop) are recorded for the create phase, with the number of
API requests the emulator served per WardenWorker. `emulator_alone` replays that request mix
(without kopf) against a fresh emulator: the emulator's own floor for N objects.

Run: `python -m bench.operator_scale [--smoke] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

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

from bench.common import BenchResult, Options, machine
from warden.operator.config import OperatorConfig
from warden.operator.render import WorkerRef, render_catalog_configmap, render_cronjob
from warden.operator.spec import parse_spec

FULL_N = (10, 100, 500)
SMOKE_N = (5,)
STOCK_N = (10, 100)  # the tests' emulator: quadratic in requests served (see BoundedLogEmulator)
STOCK_ALONE_N = (50, 100)
FULL_SAMPLES = 20
SMOKE_SAMPLES = 3
NAMESPACE = "team-a"
CREATE_CONCURRENCY = 32
POLL_SECONDS = 0.005  # a single change: one object's current body, polled directly
CREATE_POLL_SECONDS = 0.05  # all N: a scan of the whole store, kept rare (it shares the core)
CREATE_TIMEOUT = 600.0
CHANGE_TIMEOUT = 60.0

TARGET_CREATE_500_S = 60.0  # 500 objects reconciled in under 60 s
TARGET_CHANGE_P95_S = 1.0  # p95 single-change latency under 1 s
TARGET_RSS_MB = 150.0  # peak RSS of the operator under 150 MB

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


def _machine() -> dict[str, Any]:
    return {k: v for k, v in machine().items() if k != "loadavg"}


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


# -- emulator helpers ------------------------------------------------------------------------


class BoundedLogEmulator(ApiServerEmulator):
    """The tests' emulator with kmock's request log cut to the requests in flight.

    kmock 0.8 keeps every request it ever served and, to dispatch a new one, scans that whole
    log (`request in payload._source`, with criteria checks per entry): the emulator's cost per
    request grows with the number of requests served so far, O(R^2) over a run. A request only
    has to be in the log while it is dispatched, so keeping the in-flight ones gives the same
    answers at a constant cost; `served` counts them all, `saw_ww_watch` replaces scanning the
    log for the operator's watch."""

    served = 0
    saw_ww_watch = False

    async def _handle(self, request: Any) -> Any:
        inflight: dict[int, Any] = self.__dict__.setdefault("_bench_inflight", {})
        inflight[id(request)] = request
        self.served += 1
        if "wardenworkers" in str(request.url) and request.params.get("watch") == "true":
            self.saw_ww_watch = True
        log: list[Any] = self._requests
        log[:] = [r for r in log if id(r) in inflight]
        try:
            return await super()._handle(request)
        finally:
            del inflight[id(request)]


async def _start_emulator(emulator: ApiServerEmulator) -> None:
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


def _requests_served(emulator: ApiServerEmulator) -> int:
    if isinstance(emulator, BoundedLogEmulator):
        return emulator.served
    return sum(1 for _ in emulator)


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


# -- one scenario: N objects with the real operator ------------------------------------------


async def _scenario(
    n: int, samples: int, workdir: Path, emulator_cls: type[ApiServerEmulator]
) -> dict[str, Any]:
    async with emulator_cls() as emulator, kmock.Server(emulator) as server:
        await _start_emulator(emulator)
        operator = OperatorProcess(
            write_kubeconfig(workdir / f"kubeconfig-{n}", str(server.url).rstrip("/")),
            workdir / f"operator-{emulator_cls.__name__}-{n}.log",
            {
                "WARDEN_OPERATOR_NAMESPACE": OPERATOR_NAMESPACE,
                "WARDEN_OPERATOR_CONFIGMAP": "ops-warden-operator",
                "WARDEN_OPERATOR_RESYNC_SECONDS": "60",  # the operator's default
            },
        )
        driver = EmulatorCluster(emulator, operator)
        driver.namespace = NAMESPACE
        await driver.set_operator_config(default_config())
        await operator.start()
        try:
            return await _measure(n, samples, emulator, driver, operator)
        finally:
            await operator.stop()


async def _measure(
    n: int,
    samples: int,
    emulator: ApiServerEmulator,
    driver: EmulatorCluster,
    operator: OperatorProcess,
) -> dict[str, Any]:
    assert operator.process is not None
    pid = operator.process.pid

    def watching() -> bool:
        if isinstance(emulator, BoundedLogEmulator):
            return emulator.saw_ww_watch
        return any(
            "wardenworkers" in str(r.url) and r.params.get("watch") == "true" for r in emulator
        )

    await _until(watching, 60.0, "the operator to watch WardenWorkers")
    await asyncio.sleep(0.5)  # let the other watches settle
    idle_rss = _proc_status_mb(pid, "VmRSS")

    names = _names(n)
    wanted = set(names)
    requests_before = _requests_served(emulator)
    op_cpu0, own_cpu0 = _proc_cpu_seconds(pid), time.process_time()
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

    def all_status() -> bool:
        done = {
            name
            for name, body in _objects(emulator, "wardenworkers")
            if (body.get("status") or {}).get("observedGeneration")
            == (body.get("metadata") or {}).get("generation")
        }
        return wanted <= done

    posted: list[float] = []
    creating.add_done_callback(lambda _: posted.append(time.monotonic()))
    t_cronjobs = await _until(all_cronjobs, CREATE_TIMEOUT, f"{n} CronJobs", CREATE_POLL_SECONDS)
    await creating
    t_posted = posted[0] if posted else time.monotonic()
    t_status = await _until(all_status, CREATE_TIMEOUT, f"{n} statuses", CREATE_POLL_SECONDS)
    create_wall = t_status - t0
    op_cpu = _proc_cpu_seconds(pid) - op_cpu0
    own_cpu = time.process_time() - own_cpu0
    requests = _requests_served(emulator) - requests_before
    load_create = _loadavg()
    await asyncio.sleep(1.0)  # the follow-up events of our own patches

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
        await asyncio.sleep(0.2)

    return {
        "emulator": "bounded-log" if isinstance(emulator, BoundedLogEmulator) else "stock",
        "n": n,
        "cronjobs_s": round(t_cronjobs - t0, 3),
        "posted_s": round(t_posted - t0, 3),
        "statuses_s": round(create_wall, 3),
        "operator_cpu_s": round(op_cpu, 2),
        "emulator_cpu_s": round(own_cpu, 2),
        "requests": requests,
        "requests_per_object": round(requests / n, 1),
        "change_samples": [round(x, 4) for x in latencies],
        "change_p50_s": round(statistics.median(latencies), 4),
        "change_p95_s": round(_percentile(latencies, 95), 4),
        "change_max_s": round(max(latencies), 4),
        "rss_idle_mb": round(idle_rss, 1) if idle_rss is not None else None,
        "rss_end_mb": _round(_proc_status_mb(pid, "VmRSS")),
        "rss_peak_mb": _round(_proc_status_mb(pid, "VmHWM")),
        "load_before": load_before,
        "load_after_create": load_create,
        "operator_alive": operator.alive,
    }


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _cronjob(emulator: ApiServerEmulator, name: str) -> Any:
    """The emulator's stored CronJob `name` (a kmock Object, patched in place: `.raw` is
    always its current body), found once so that polling it costs nothing."""
    for (resource, namespace, obj_name), obj in emulator.objects.items():
        if resource.plural == "cronjobs" and obj_name == name and namespace == NAMESPACE:
            return None if obj.deleted else obj
    return None


# -- the emulator alone: the operator's request mix without kopf -----------------------------


async def _emulator_alone(n: int, emulator_cls: type[ApiServerEmulator]) -> dict[str, Any]:
    """Per WardenWorker, the requests the operator makes on create (kopf's annotation patch,
    the reconcile's GETs, the two creates, the status patch, two Events) from one client in
    this process, 32 objects at a time. Client and server share this process's one core, so
    this is an upper bound of the emulator's own cost."""
    async with emulator_cls() as emulator, kmock.Server(emulator):
        await _start_emulator(emulator)
        cluster = EmulatorCluster(emulator, OperatorProcess(Path(), Path(), {}))
        cluster.namespace = NAMESPACE
        await cluster.set_operator_config(default_config())

        async def one(name: str) -> None:
            body = await cluster.create(worker(name, NAMESPACE))
            uid = body["metadata"]["uid"]
            await cluster.patch("WardenWorker", name, {"metadata": {"finalizers": []}})
            config = OperatorConfig(namespace=OPERATOR_NAMESPACE).with_configmap(default_config())
            ref = WorkerRef(name=name, namespace=NAMESPACE, uid=uid)
            spec = parse_spec(body["spec"])
            await cluster.get("WardenWorker", name)
            await cluster.get("ConfigMap", f"{name}-catalog")
            await cluster.create(render_catalog_configmap(ref, config))
            await cluster.get("CronJob", name)
            await cluster.create(render_cronjob(ref, spec, config, "dry-run"))
            await cluster._call(
                "PATCH",
                cluster._url("WardenWorker", NAMESPACE, name, "status"),
                {"status": {"observedGeneration": 1}},
                merge=True,
            )
            for i in range(2):
                await cluster.create(
                    {
                        "apiVersion": "v1",
                        "kind": "Event",
                        "metadata": {"name": f"{name}.{i}", "namespace": NAMESPACE},
                        "involvedObject": {"name": name},
                    }
                )
            await cluster.patch("WardenWorker", name, {"metadata": {"annotations": {"x": "y"}}})

        cpu0 = time.process_time()
        t0 = time.monotonic()
        await _gather_limited([functools.partial(one, name) for name in _names(n)], 32)
        wall = time.monotonic() - t0
        cpu = time.process_time() - cpu0
        requests = _requests_served(emulator)
        return {
            "emulator": "bounded-log" if emulator_cls is BoundedLogEmulator else "stock",
            "n": n,
            "wall_s": round(wall, 3),
            "cpu_s": round(cpu, 2),
            "requests": requests,
            "ms_per_request": round(1000 * wall / max(requests, 1), 3),
        }


# -- the benchmark ---------------------------------------------------------------------------


def run(smoke: bool) -> dict[str, Any]:
    """Measure every N (fresh emulator and operator each) and judge against the targets.

    The judged rows use `BoundedLogEmulator`; the tests' emulator as it is (`stock`) is run
    too, at the sizes where its quadratic request log still finishes in reasonable time."""
    sizes = SMOKE_N if smoke else FULL_N
    stock_sizes = SMOKE_N if smoke else STOCK_N
    alone_sizes = SMOKE_N if smoke else FULL_N
    stock_alone_sizes = SMOKE_N if smoke else STOCK_ALONE_N
    samples = SMOKE_SAMPLES if smoke else FULL_SAMPLES
    started = time.monotonic()
    scenarios: list[dict[str, Any]] = []
    stock: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-operator-") as tmp:
        workdir = Path(tmp)
        for n in sizes:
            scenarios.append(asyncio.run(_scenario(n, samples, workdir, BoundedLogEmulator)))
        for n in stock_sizes:
            stock.append(asyncio.run(_scenario(n, samples, workdir, ApiServerEmulator)))
    alone = [asyncio.run(_emulator_alone(n, BoundedLogEmulator)) for n in alone_sizes]
    alone += [asyncio.run(_emulator_alone(n, ApiServerEmulator)) for n in stock_alone_sizes]
    rows = _rows(scenarios, smoke, judged=True) + _rows(stock, smoke, judged=False)
    judged = [row["status"] for row in rows if row["status"] in ("PASS", "MISS")]
    return {
        "name": "operator_scale",
        "item": 5,
        "title": "Operator scale (kopf operator vs kmock emulator)",
        "smoke": smoke,
        "passed": None if smoke or not judged else all(s == "PASS" for s in judged),
        "targets": {
            "create_500_s": TARGET_CREATE_500_S,
            "change_p95_s": TARGET_CHANGE_P95_S,
            "rss_peak_mb": TARGET_RSS_MB,
        },
        "rows": rows,
        "scenarios": scenarios,
        "stock_emulator_scenarios": stock,
        "emulator_alone": alone,
        "machine": _machine(),
        "loadavg_end": _loadavg(),
        "seconds": round(time.monotonic() - started, 1),
    }


def _rows(scenarios: list[dict[str, Any]], smoke: bool, *, judged: bool) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(
        metric: str, s: dict[str, Any], target: float | None, measured: float, unit: str
    ) -> None:
        ratio = measured / target if target else None
        if target is None or not judged:
            status = "-"
        elif smoke:
            status = "(pass)" if measured < target else "(miss)"
        else:
            status = "PASS" if measured < target else "MISS"
        rows.append(
            {
                "emulator": s["emulator"],
                "metric": metric,
                "n": s["n"],
                "unit": unit,
                "target": target,
                "measured": measured,
                "ratio": round(ratio, 3) if ratio is not None else None,
                "status": status,
            }
        )

    for s in scenarios:
        # The 60 s bound is stated for 500 objects; smaller N are shown against it too.
        add("all CronJobs exist", s, TARGET_CREATE_500_S, s["cronjobs_s"], "s")
        add("all statuses written", s, None, s["statuses_s"], "s")
        add("change p50", s, None, s["change_p50_s"], "s")
        add("change p95", s, TARGET_CHANGE_P95_S, s["change_p95_s"], "s")
        add("operator peak RSS", s, TARGET_RSS_MB, s["rss_peak_mb"] or 0.0, "MB")
    return rows


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)


def table(results: dict[str, Any]) -> str:
    """The results as an aligned plain-text table, with the diagnostics below it."""
    columns = ["emulator", "metric", "n", "target", "measured", "unit", "ratio", "status"]
    cells = [[_fmt(row[c]) for c in columns] for row in results["rows"]]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    left = {"emulator", "metric", "unit", "status"}

    def line(values: list[str]) -> str:
        return "  ".join(
            v.ljust(w) if c in left else v.rjust(w)
            for v, w, c in zip(values, widths, columns, strict=True)
        ).rstrip()

    verdict = {True: "PASS", False: "MISS", None: "n/a (smoke)"}[results["passed"]]
    head = f"[{results['item']}] {results['title']}"
    out = [head, "=" * len(head), f"overall: {verdict}", line(columns)]
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in cells)
    out.append("")
    diag = ["emulator", "n", "statuses_s", "operator_cpu_s", "emulator_cpu_s", "requests"]
    out.append("create phase until all statuses, CPU seconds of each side:")
    for s in results["scenarios"] + results["stock_emulator_scenarios"]:
        out.append("  " + "  ".join(f"{k}={s[k]}" for k in diag))
    out.append("emulator alone (the operator's create request mix, no operator):")
    for a in results["emulator_alone"]:
        out.append(
            f"  emulator={a['emulator']}  n={a['n']}  requests={a['requests']}  "
            f"wall_s={a['wall_s']}  ms_per_request={a['ms_per_request']}  cpu_s={a['cpu_s']}"
        )
    m = results["machine"]
    out.append(
        f"machine: {m['nproc']} x {m['cpu_model']}, Python {m['python']}; "
        f"load before each N: {[s['load_before'] for s in results['scenarios']]}, "
        f"at end: {results['loadavg_end']}"
    )
    out.append(f"({results['seconds']} s)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.operator_scale")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, no verdict")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args(argv)
    results = run(args.smoke)
    print(table(results))
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def benchmark(options: Options) -> BenchResult:
    """The runner's interface (`bench.run`): the same measurement as a `BenchResult`."""
    results = run(options.smoke)
    result = BenchResult(
        name="operator_scale",
        item=5,
        title=results["title"],
        target=(
            f"500 objects < {TARGET_CREATE_500_S:.0f} s, change p95 < {TARGET_CHANGE_P95_S} s, "
            f"RSS < {TARGET_RSS_MB:.0f} MB"
        ),
        columns=["emulator", "metric", "n", "target", "measured", "unit", "ratio", "status"],
        rows=results["rows"],
        passed=results["passed"],
    )
    result.metrics = {k: v for k, v in results.items() if k not in ("rows", "title")}
    result.notes.extend(table(results).split("\n\n", 1)[-1].splitlines())
    return result
