"""docs/observability.md is true to the code: every metric the operator serves (with its type
and labels), every alert and dashboard panel the chart ships, every `kubectl ww` command,
flag default and exit code."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from warden.kubectl.cli import PluginExit
from warden.kubectl.cli import build_parser as plugin_parser
from warden.operator.metrics import DEFAULT_METRICS_PORT, OperatorMetrics, status_samples

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "observability.md").read_text()
CHART = ROOT / "charts" / "ops-warden"


def _rows(first_column: str) -> dict[str, list[str]]:
    """The rows of the doc's table whose header starts with `first_column`, by first cell."""
    rows: dict[str, list[str]] = {}
    inside = False
    for line in DOC.splitlines():
        if line.startswith(f"| {first_column} |"):
            inside = True
            continue
        if inside and not line.startswith("|"):
            inside = False
        if inside and not line.startswith("| ---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells
    return rows


def _populated() -> OperatorMetrics:
    """A registry with every series in it: one full run, one full status, one reconcile."""
    metrics = OperatorMetrics()
    run = {"result": "Succeeded", "reason": "Completed", "mode": "execute", "trigger": "run-now",
           "summary": "Valid", "counts": {"executed": 1}, "durationSeconds": 2.0}  # fmt: skip
    metrics.record_runs("ns", "w", [run])
    status = {
        "effectiveMode": "execute", "rollout": {"stage": "scheduled"},
        "shakedown": {"cleanDryRuns": 1, "requiredCleanDryRuns": 1, "passed": True},
        "conditions": [{"type": "Ready", "status": "True"}],
        "runs": [{"result": "Succeeded", "finishedAt": "2026-12-01T10:00:00Z"}],
    }  # fmt: skip
    gauges = status_samples(
        "ns", "w", status, suspended=False, schedule_period=60.0, requested_mode="execute",
        created="2026-12-01T09:00:00Z",
    )  # fmt: skip
    metrics.apply(gauges)
    metrics.reconcile_errors.labels("ns", "w").inc()
    metrics.reconcile_duration.observe(0.1)
    return metrics


def test_every_metric_is_documented_with_its_type_and_labels() -> None:
    documented = _rows("Metric")
    families = {
        f"{f.name}_total" if f.type == "counter" else f.name: f
        for f in _populated().registry.collect()
    }
    assert set(documented) == set(families)
    for name, family in families.items():
        cells = documented[name]
        assert cells[1] == family.type, name
        labels = {label for sample in family.samples for label in sample.labels} - {"le"}
        for label in labels:
            assert f"`{label}`" in cells[2], (name, label)
        if labels:
            assert {"namespace", "name"} <= labels, name
        else:
            assert cells[2] == "-", name
            assert name == "warden_reconcile_duration_seconds"


def test_every_alert_is_documented() -> None:
    template = (CHART / "templates" / "metrics.yaml").read_text()
    alerts = set(re.findall(r"- alert: (\w+)", template))
    assert set(_rows("Alert")) == alerts
    assert len(alerts) == 5


def test_every_dashboard_panel_is_documented() -> None:
    dashboard = json.loads((CHART / "files" / "dashboard.json").read_text())
    assert set(_rows("Panel")) == {panel["title"] for panel in dashboard["panels"]}


def test_every_plugin_command_and_exit_code_is_documented() -> None:
    parser = plugin_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    commands = set(sub.choices)
    documented = {c for row in _rows("Command") for c in re.findall(r"[a-z-]+", row)}
    assert commands <= documented
    for command in commands:
        assert f"kubectl ww {command} " in DOC, command
    assert {int(code) for code in _rows("Code")} == {int(code) for code in PluginExit}


def test_the_flag_defaults_are_the_codes() -> None:
    flags = _rows("Flag")
    assert flags["--metrics-port"][1] == f"`{DEFAULT_METRICS_PORT}`"
    values = (CHART / "values.yaml").read_text()
    assert f"  port: {DEFAULT_METRICS_PORT}\n" in values
