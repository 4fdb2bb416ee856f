"""The operator's Prometheus metrics (docs/observability.md).

Pure functions map what the reconciler records - a newly finished run, the status it wrote -
to samples; `OperatorMetrics` applies them to prometheus_client metrics in its own registry
and forgets a WardenWorker's series when the worker is gone. Labels are the WardenWorker's
namespace and name and bounded enums only: never message data, agent names or error text.

Counters count what this operator process recorded (a run is counted once, when the
reconciler first writes it into status.runs); gauges are recomputed from the status on every
reconcile, so they are right again after a restart."""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from warden.core.models import RUN_COUNT_KEYS
from warden.core.vocabulary import MODES
from warden.operator.status.models import Stage, SummaryState, Trigger

PREFIX = "warden_"
DEFAULT_METRICS_PORT = 8081
# What the metrics mean by a worker: the WardenWorker's namespace and name.
WORKER_LABELS = ("namespace", "name")
RUN_TRIGGERS: tuple[str, ...] = get_args(Trigger)  # status.runs[].trigger
ROLLOUT_STAGES: tuple[str, ...] = get_args(Stage)  # status.rollout.stage
SUMMARY_STATES: tuple[str, ...] = get_args(SummaryState)
# What became of each message: the outcomes, and handed_off (passed over because a human
# already has it); in a completed run they add up to the messages seen.
OUTCOMES = RUN_COUNT_KEYS
UNKNOWN = "unknown"
_REASON_RE = re.compile(r"[^A-Za-z0-9]")
RUN_DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600)
RECONCILE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

Kind = Literal["inc", "set", "observe"]
_MONOTONIC = frozenset({"last_successful_run_timestamp_seconds"})


@dataclass(frozen=True, slots=True)
class Sample:
    """One metric update: add to a counter, set a gauge or observe into a histogram."""

    metric: str  # the name without PREFIX (and without _total)
    labels: tuple[tuple[str, str], ...]
    value: float
    kind: Kind = "inc"


def _worker(namespace: str, name: str) -> tuple[tuple[str, str], ...]:
    return (("namespace", namespace), ("name", name))


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _enum(value: Any, allowed: Iterable[str]) -> str:
    return value if isinstance(value, str) and value in allowed else UNKNOWN


def run_samples(namespace: str, name: str, run: Mapping[str, Any]) -> list[Sample]:
    """The counter updates of one newly recorded run (a status.runs[] item, camelCase).
    Every outcome gets a sample, zero included, so each series exists from the first run."""
    worker = _worker(namespace, name)
    reason = _REASON_RE.sub("", str(run.get("reason") or ""))[:64] or UNKNOWN
    labels = (
        *worker,
        ("result", _enum(run.get("result"), ("Succeeded", "Failed"))),
        ("reason", reason),
        ("mode", _enum(run.get("mode"), MODES)),
        ("trigger", _enum(run.get("trigger"), RUN_TRIGGERS)),
    )
    samples = [
        Sample("runs", labels, 1),
        Sample("run_summaries", (*worker, ("state", _enum(run.get("summary"), SUMMARY_STATES))), 1),
    ]
    counts = run.get("counts")
    if run.get("summary") != "Valid" or not isinstance(counts, Mapping):
        return samples
    samples += [
        Sample("messages", (*worker, ("outcome", outcome)), _count(counts.get(outcome)))
        for outcome in OUTCOMES
    ]
    samples += [
        Sample("guardrail_interventions", worker, _count(run.get("guardrailInterventions"))),
        Sample("llm_calls", worker, _count(run.get("llmCalls"))),
        Sample("actions_executed", worker, _count(run.get("actionsExecuted"))),
        Sample("over_budget_messages", worker, _count(run.get("overBudget"))),
    ]
    duration = run.get("durationSeconds")
    if isinstance(duration, int | float) and not isinstance(duration, bool) and duration >= 0:
        samples.append(Sample("run_duration_seconds", worker, float(duration), "observe"))
    return samples


def status_samples(
    namespace: str,
    name: str,
    status: Mapping[str, Any],
    *,
    suspended: bool | None = None,
    schedule_period: float | None = None,
    requested_mode: str | None = None,
    created: str | None = None,
) -> list[Sample]:
    """The gauges of a WardenWorker after a reconcile, from its status (camelCase) and the
    parts of the object the alerts need (suspend, schedule, requested mode, creation)."""
    worker = _worker(namespace, name)
    samples: list[Sample] = []

    def gauge(metric: str, value: float, *extra: tuple[str, str]) -> None:
        samples.append(Sample(metric, (*worker, *extra), value, "set"))

    effective = status.get("effectiveMode")
    if effective in MODES:
        for mode in MODES:
            gauge("effective_mode", float(mode == effective), ("mode", mode))
    rollout = status.get("rollout")
    stage = rollout.get("stage") if isinstance(rollout, Mapping) else None
    if stage in ROLLOUT_STAGES:
        for each in ROLLOUT_STAGES:
            gauge("rollout_stage", float(each == stage), ("stage", each))
    shakedown = status.get("shakedown")
    if isinstance(shakedown, Mapping):
        gauge("shakedown_clean_dry_runs", _count(shakedown.get("cleanDryRuns")))
        gauge("shakedown_required_clean_dry_runs", _count(shakedown.get("requiredCleanDryRuns")))
        gauge("shakedown_passed", float(shakedown.get("passed") is True))
        gauge("shakedown_waived", float(isinstance(shakedown.get("waiver"), Mapping)))
    for condition in status.get("conditions") or []:
        if isinstance(condition, Mapping) and condition.get("type") == "Ready":
            gauge("worker_ready", float(condition.get("status") == "True"))
    runs = [run for run in status.get("runs") or [] if isinstance(run, Mapping)]
    finished = [t for t in (_timestamp(run.get("finishedAt")) for run in runs) if t is not None]
    if finished:
        gauge("last_run_timestamp_seconds", max(finished))
    succeeded = [
        t
        for t in (_timestamp(r.get("finishedAt")) for r in runs if r.get("result") == "Succeeded")
        if t is not None
    ]
    if succeeded:
        gauge("last_successful_run_timestamp_seconds", max(succeeded))
    if requested_mode in MODES:
        # execute asked for, but the CronJob still runs dry-run (the shakedown) or only runs
        # execute on request (the manual stage)
        held = requested_mode == "execute" and (
            effective != "execute" or stage not in (None, "scheduled")
        )
        gauge("execute_held", float(held))
    created_at = _timestamp(created)
    if created_at is not None:
        gauge("worker_created_timestamp_seconds", created_at)
    if suspended is not None:
        gauge("worker_suspended", float(suspended))
    if schedule_period is not None:
        gauge("schedule_period_seconds", schedule_period)
    return samples


def worker_samples(
    worker: Mapping[str, Any], status: Mapping[str, Any], now: datetime
) -> list[Sample]:
    """The gauges of a WardenWorker (the object as read) with the status just written."""
    meta = worker.get("metadata") or {}
    raw_spec = worker.get("spec")
    spec: Mapping[str, Any] = raw_spec if isinstance(raw_spec, Mapping) else {}
    suspend = spec.get("suspend", True)
    schedule = spec.get("schedule")
    return status_samples(
        str(meta.get("namespace", "")),
        str(meta.get("name", "")),
        status,
        suspended=suspend if isinstance(suspend, bool) else None,
        schedule_period=schedule_period(schedule, now) if isinstance(schedule, str) else None,
        requested_mode=str(spec.get("mode", "dry-run")),
        created=meta.get("creationTimestamp"),
    )


def _timestamp(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).timestamp()


_MACROS = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}  # fmt: skip
_GO_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s|m|h)")
_GO_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def schedule_period(schedule: str, now: datetime, horizon: int = 10) -> float | None:
    """The longest gap, in seconds, between the next `horizon` times a CronJob schedule
    fires (so a weekdays-only schedule gets its weekend gap); None when it cannot be read.
    Worked out once per schedule and hour: every reconcile asks."""
    hour = now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return _schedule_period(schedule, hour, horizon)


@functools.lru_cache(maxsize=1024)
def _schedule_period(schedule: str, now: datetime, horizon: int) -> float | None:
    from cronsim import CronSim, CronSimError

    text = schedule.strip()
    if text.startswith("@every "):
        parts = _GO_DURATION.findall(text[len("@every ") :])
        seconds = sum(float(number) * _GO_UNITS[unit] for number, unit in parts)
        return seconds or None
    expression = _MACROS.get(text.lower(), text).replace("?", "*")
    try:
        times = CronSim(expression, now.astimezone(UTC).replace(tzinfo=None))
        fires = [next(times) for _ in range(horizon + 1)]
    except (CronSimError, StopIteration, ValueError):
        return None
    gaps = [(b - a) / timedelta(seconds=1) for a, b in itertools.pairwise(fires)]
    return max(gaps) if gaps else None


# Every series per WardenWorker (labels namespace, name and these): kind, name after the
# prefix, its own labels, help.
_WORKER_SERIES: tuple[tuple[type[Counter | Gauge | Histogram], str, tuple[str, ...], str], ...] = (
    (Counter, "runs", ("result", "reason", "mode", "trigger"),
     "Runs recorded, by result, reason, mode and trigger"),
    (Counter, "run_summaries", ("state",),
     "Run summaries read, by state (Rejected: the secret detector fired on the termination "
     "message)"),
    (Counter, "messages", ("outcome",),
     "Messages handled by recorded runs, by outcome"),
    (Counter, "guardrail_interventions", (),
     "Guardrail interventions in recorded runs"),
    (Counter, "llm_calls", (),
     "llm-connect calls made by recorded runs"),
    (Counter, "actions_executed", (),
     "Actions executed by recorded runs"),
    (Counter, "over_budget_messages", (),
     "Messages deferred because the run's LLM call budget was spent"),
    (Histogram, "run_duration_seconds", (),
     "Duration of recorded runs (from their summary)"),
    (Gauge, "effective_mode", ("mode",),
     "1 for the mode the CronJob runs in"),
    (Gauge, "rollout_stage", ("stage",),
     "1 for the worker's rollout stage"),
    (Gauge, "shakedown_clean_dry_runs", (),
     "Clean dry-runs since brain, agent or hub last changed"),
    (Gauge, "shakedown_required_clean_dry_runs", (),
     "Clean dry-runs the shakedown needs"),
    (Gauge, "shakedown_passed", (),
     "1 when the shakedown passed"),
    (Gauge, "shakedown_waived", (),
     "1 when the shakedown is waived by annotation"),
    (Gauge, "worker_ready", (),
     "1 when the Ready condition is True"),
    (Gauge, "execute_held", (),
     "1 when spec.mode is execute but scheduled runs are not (yet) execute: the shakedown or "
     "the manual stage holds them"),
    (Gauge, "worker_created_timestamp_seconds", (),
     "When the WardenWorker was created"),
    (Gauge, "worker_suspended", (),
     "1 when spec.suspend is true"),
    (Gauge, "schedule_period_seconds", (),
     "Longest gap between the schedule's next runs"),
    (Gauge, "last_run_timestamp_seconds", (),
     "When the newest recorded run finished"),
    (Gauge, "last_successful_run_timestamp_seconds", (),
     "When the newest recorded successful run finished"),
)  # fmt: skip


def _series(
    kind: type[Counter | Gauge | Histogram],
    name: str,
    labels: list[str],
    text: str,
    registry: CollectorRegistry,
) -> Counter | Gauge | Histogram:
    if kind is Histogram:
        return Histogram(
            f"{PREFIX}{name}", text, labels, buckets=RUN_DURATION_BUCKETS, registry=registry
        )
    if kind is Gauge:
        return Gauge(f"{PREFIX}{name}", text, labels, registry=registry)
    return Counter(f"{PREFIX}{name}", text, labels, registry=registry)


class OperatorMetrics:
    """The metrics of one operator process, in their own registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        worker = list(WORKER_LABELS)
        self._metrics: dict[str, Counter | Gauge | Histogram] = {
            name: _series(kind, name, [*worker, *labels], text, r)
            for kind, name, labels, text in _WORKER_SERIES
        }
        self.reconcile_errors = Counter(
            f"{PREFIX}reconcile_errors",
            "Reconciles that raised (kopf retries them)",
            worker,
            registry=r,
        )
        self.reconcile_duration = Histogram(
            f"{PREFIX}reconcile_duration_seconds", "Duration of one WardenWorker reconcile",
            buckets=RECONCILE_BUCKETS, registry=r,
        )  # fmt: skip
        self._series: dict[tuple[str, str], set[tuple[str, tuple[str, ...]]]] = {}
        self._highest: dict[tuple[str, tuple[str, ...]], float] = {}
        # Each series' child, looked up once: `labels()` builds and locks on every call, and a
        # reconcile sets some fifteen series of its WardenWorker.
        self._children: dict[tuple[str, tuple[str, ...]], Any] = {}

    def apply(self, samples: Iterable[Sample]) -> None:
        for sample in samples:
            metric = self._metrics[sample.metric]
            values = tuple(value for _key, value in sample.labels)
            key = (sample.metric, values)
            child: Any = self._children.get(key)
            if child is None:
                self._check_kind(metric, sample.kind)
                child = self._children[key] = metric.labels(*values)
                self._series.setdefault((values[0], values[1]), set()).add(key)
            if sample.kind == "inc":
                child.inc(sample.value)
            elif sample.kind == "observe":
                child.observe(sample.value)
            else:
                value = sample.value
                if sample.metric in _MONOTONIC:
                    # a success that fell out of a short history still happened
                    value = max(value, self._highest.get(key, value))
                    self._highest[key] = value
                child.set(value)

    @staticmethod
    def _check_kind(metric: Counter | Gauge | Histogram, kind: str) -> None:
        fits = {Counter: "inc", Gauge: "set", Histogram: "observe"}.get(type(metric))
        if kind != fits:
            raise TypeError(f"{kind} does not apply to {type(metric).__name__}")

    def record_runs(self, namespace: str, name: str, runs: Iterable[Mapping[str, Any]]) -> None:
        for run in runs:
            self.apply(run_samples(namespace, name, run))

    def forget(self, namespace: str, name: str) -> None:
        """Drop every series of a WardenWorker that is gone."""
        for metric, values in self._series.pop((namespace, name), set()):
            self._metrics[metric].remove(*values)
            self._highest.pop((metric, values), None)
            self._children.pop((metric, values), None)
        with contextlib.suppress(KeyError):
            self.reconcile_errors.remove(namespace, name)
