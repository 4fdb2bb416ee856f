"""What `kubectl ww` prints, as pure functions of the objects read: tables laid out like
kubectl's (upper-case headers, columns padded to the widest cell plus three spaces,
`<none>` for what is missing) and ages as kubectl's HumanDuration writes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from warden.core.vocabulary import RUN_NOW_ANNOTATION

NONE = "<none>"
_PADDING = 3  # kubectl's tabwriter padding


def human_duration(seconds: float) -> str:
    """kubectl's AGE: k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    if seconds < -1:
        return "<invalid>"
    s = max(int(seconds), 0)
    if s < 60 * 2:
        return f"{s}s"
    minutes = s // 60
    if minutes < 10:
        return f"{minutes}m" if s % 60 == 0 else f"{minutes}m{s % 60}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 8:
        return f"{hours}h" if minutes % 60 == 0 else f"{hours}h{minutes % 60}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        return f"{hours // 24}d" if hours % 24 == 0 else f"{hours // 24}d{hours % 24}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        days = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if days == 0 else f"{hours // 24 // 365}y{days}d"
    return f"{hours // 24 // 365}y"


def age(timestamp: Any, now: datetime) -> str:
    """The age of an RFC 3339 timestamp, or <unknown> like kubectl."""
    if not isinstance(timestamp, str) or not timestamp:
        return "<unknown>"
    try:
        then = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return "<unknown>"
    then = then if then.tzinfo else then.replace(tzinfo=UTC)
    return human_duration((now - then).total_seconds())


def render_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A kubectl table: each column as wide as its widest cell plus three spaces."""
    table = [[h.upper() for h in headers], *([_cell(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = [
        "".join(
            cell if i == len(row) - 1 else cell.ljust(widths[i] + _PADDING)
            for i, cell in enumerate(row)
        ).rstrip()
        for row in table
    ]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None or value == "":
        return NONE
    text = str(value)
    return " ".join(text.split())  # one line per row, whatever a field holds


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _status(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    status = obj.get("status")
    return status if isinstance(status, Mapping) else {}


def _spec(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    spec = obj.get("spec")
    return spec if isinstance(spec, Mapping) else {}


def condition(obj: Mapping[str, Any], type_: str) -> Mapping[str, Any]:
    for item in _status(obj).get("conditions") or []:
        if isinstance(item, Mapping) and item.get("type") == type_:
            return item
    return {}


def _stage(obj: Mapping[str, Any]) -> Any:
    rollout = _status(obj).get("rollout")
    return rollout.get("stage") if isinstance(rollout, Mapping) else None


WORKER_HEADERS = ("name", "schedule", "mode", "effective", "stage", "suspended", "ready",
                  "last run", "result", "age")  # fmt: skip


def worker_row(obj: Mapping[str, Any], now: datetime) -> list[Any]:
    meta = obj.get("metadata") or {}
    spec, status = _spec(obj), _status(obj)
    last = _mapping(status.get("lastRun"))
    return [
        str(meta.get("name", "")),
        spec.get("schedule"),
        spec.get("mode", "dry-run"),
        status.get("effectiveMode"),
        _stage(obj),
        str(spec.get("suspend", True)).lower(),
        condition(obj, "Ready").get("status", "Unknown"),
        age(last.get("finishedAt"), now) if last else None,
        last.get("result") if last else None,
        age(meta.get("creationTimestamp"), now),
    ]


def workers_table(items: Sequence[Mapping[str, Any]], now: datetime, all_namespaces: bool) -> str:
    headers: tuple[str, ...] = WORKER_HEADERS
    rows = [worker_row(obj, now) for obj in items]
    if all_namespaces:
        headers = ("namespace", *headers)
        rows = [
            [str((obj.get("metadata") or {}).get("namespace", "")), *row]
            for obj, row in zip(items, rows, strict=True)
        ]
    return render_table(headers, rows)


RUN_HEADERS = ("job", "trigger", "result", "reason", "mode", "messages", "actions",
               "interventions", "llm calls", "duration", "finished")  # fmt: skip


def runs_table(obj: Mapping[str, Any], now: datetime) -> str:
    rows = []
    for run in runs_of(obj):
        duration = run.get("durationSeconds")
        rows.append([
            run.get("jobName"), run.get("trigger"), run.get("result"), run.get("reason"),
            run.get("mode"), run.get("messagesSeen"), run.get("actionsExecuted"),
            run.get("guardrailInterventions"), run.get("llmCalls"),
            f"{duration:g}s" if isinstance(duration, int | float) else None,
            age(run.get("finishedAt"), now),
        ])  # fmt: skip
    return render_table(RUN_HEADERS, rows)


def runs_of(obj: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [run for run in _status(obj).get("runs") or [] if isinstance(run, Mapping)]


def describe(obj: Mapping[str, Any], events: Sequence[Mapping[str, Any]], now: datetime) -> str:
    """`kubectl describe`-like text: the fields that matter, conditions, the shakedown,
    the recent runs and the Events."""
    meta = obj.get("metadata") or {}
    spec, status = _spec(obj), _status(obj)
    annotations = meta.get("annotations") or {}
    shakedown = _mapping(status.get("shakedown"))
    rollout = _mapping(status.get("rollout"))
    counts = _mapping(status.get("runCounts"))
    created = meta.get("creationTimestamp")
    fields: list[tuple[str, Any]] = [
        ("Name", meta.get("name")),
        ("Namespace", meta.get("namespace")),
        ("Created", f"{created} ({age(created, now)} ago)" if created else None),
        ("Schedule", spec.get("schedule")),
        ("Time Zone", spec.get("timeZone")),
        ("Suspended", str(spec.get("suspend", True)).lower()),
        ("Brain", spec.get("brain", "rule")),
        ("Mode", spec.get("mode", "dry-run")),
        ("Effective Mode", status.get("effectiveMode")),
        ("Rollout Stage", rollout.get("stage")),
        ("CronJob", status.get("cronJobName")),
        ("Shakedown", _shakedown_line(shakedown)),
        ("Waiver", _mapping(shakedown.get("waiver")).get("reason")),
        ("Run-Now", annotations.get(RUN_NOW_ANNOTATION)),
        ("Runs", f"{counts.get('total', 0)} total, {counts.get('succeeded', 0)} succeeded, "
                 f"{counts.get('failed', 0)} failed"),
    ]  # fmt: skip
    width = max(len(key) for key, _ in fields) + 2
    lines = [f"{(key + ':').ljust(width)}{_cell(value)}" for key, value in fields]
    lines.append("Conditions:")
    conditions = [c for c in status.get("conditions") or [] if isinstance(c, Mapping)]
    lines += _indent(render_table(
        ("type", "status", "reason", "age", "message"),
        [[c.get("type"), c.get("status"), c.get("reason"),
          age(c.get("lastTransitionTime"), now), c.get("message")] for c in conditions],
    ) if conditions else "<none>\n")  # fmt: skip
    lines.append("Recent Runs:")
    runs = runs_of(obj)[:5]
    lines += _indent(runs_table({"status": {"runs": runs}}, now) if runs else "<none>\n")
    lines.append("Events:")
    ordered = sorted(events, key=lambda e: str(e.get("lastTimestamp") or e.get("eventTime") or ""))
    lines += _indent(render_table(
        ("type", "reason", "age", "from", "message"),
        [[e.get("type"), e.get("reason"),
          age(e.get("lastTimestamp") or e.get("eventTime") or e.get("firstTimestamp"), now),
          (e.get("source") or {}).get("component") or e.get("reportingComponent"),
          e.get("message")] for e in ordered],
    ) if ordered else "<none>\n")  # fmt: skip
    return "\n".join(lines) + "\n"


def _shakedown_line(shakedown: Mapping[str, Any]) -> str | None:
    if not shakedown:
        return None
    state = "passed" if shakedown.get("passed") else "pending"
    return (
        f"{state}: {shakedown.get('cleanDryRuns', 0)} of "
        f"{shakedown.get('requiredCleanDryRuns', 0)} clean dry-runs"
    )


def _indent(text: str) -> list[str]:
    return ["  " + line for line in text.rstrip("\n").split("\n")]
