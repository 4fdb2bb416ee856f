"""The pure side of the operator's metrics: what a recorded run and a status become, with
labels that stay bounded whatever the status holds."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prometheus_client import generate_latest

from warden.core.vocabulary import MODES
from warden.operator import cli as operator_cli
from warden.operator.metrics import (
    DEFAULT_METRICS_PORT,
    OUTCOMES,
    OperatorMetrics,
    run_samples,
    schedule_period,
    status_samples,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # a Tuesday

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=80)
    | st.sampled_from(["Succeeded", "Failed", "Valid", "execute", "run-now", "executed"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=10,
)
RUN_KEYS = ("result", "reason", "mode", "trigger", "summary", "counts", "overBudget",
            "llmCalls", "durationSeconds", "guardrailInterventions")  # fmt: skip


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.fixed_dictionaries({}, optional=dict.fromkeys(RUN_KEYS, json_values)))
def test_any_run_gives_bounded_labels(run: dict[str, Any]) -> None:
    for sample in run_samples("team-a", "w", run):
        labels = dict(sample.labels)
        assert labels["namespace"] == "team-a"
        assert labels["name"] == "w"
        assert labels.get("result", "Failed") in ("Succeeded", "Failed", "unknown")
        assert labels.get("mode", "unknown") in (*MODES, "unknown")
        assert labels.get("trigger", "unknown") in ("schedule", "run-now", "unknown")
        assert labels.get("outcome", "planned") in OUTCOMES
        assert labels.get("reason", "x").isascii()
        assert labels.get("reason", "x").isalnum()
        assert len(labels.get("reason", "")) <= 64
        assert sample.value >= 0


def test_a_reason_is_cut_to_letters_and_digits() -> None:
    (runs, *_rest) = run_samples("ns", "w", {"result": "Failed", "reason": "ignore <all> {x}"})
    assert dict(runs.labels)["reason"] == "ignoreallx"


def test_fields_another_helper_adds_flow_in() -> None:
    run = {"result": "Succeeded", "reason": "Completed", "mode": "execute", "trigger": "run-now",
           "summary": "Valid", "counts": {"deferred": 4}, "overBudget": 3}  # fmt: skip
    samples = {s.metric: s for s in run_samples("ns", "w", run)}
    assert dict(samples["runs"].labels)["trigger"] == "run-now"
    assert samples["over_budget_messages"].value == 3
    status = {"rollout": {"stage": "manual"}, "effectiveMode": "execute"}
    gauges = {(s.metric, dict(s.labels).get("stage")): s.value
              for s in status_samples("ns", "w", status)}  # fmt: skip
    assert gauges["rollout_stage", "manual"] == 1
    assert gauges["rollout_stage", "scheduled"] == 0


def test_schedule_periods() -> None:
    assert schedule_period("*/15 * * * *", NOW) == 900
    assert schedule_period("@hourly", NOW) == 3600
    assert schedule_period("@every 1h30m", NOW) == 5400
    assert schedule_period("0 9 * * MON-FRI", NOW) == 3 * 86400  # the weekend
    assert schedule_period("0 9 * * mon-fri", NOW) == 3 * 86400
    assert schedule_period("0 0 ? * *", NOW) == 86400
    assert schedule_period("not a schedule", NOW) is None


def test_the_newest_success_is_kept_and_a_gone_worker_forgotten() -> None:
    metrics = OperatorMetrics()
    ok = {"result": "Succeeded", "finishedAt": "2026-12-01T10:00:00Z"}
    metrics.apply(status_samples("ns", "w", {"runs": [ok]}))
    # the success fell out of the history: the gauge keeps it
    failed = {"result": "Failed", "finishedAt": "2026-12-01T11:00:00Z"}
    metrics.apply(status_samples("ns", "w", {"runs": [failed]}))
    newest = metrics.registry.get_sample_value(
        "warden_last_successful_run_timestamp_seconds", {"namespace": "ns", "name": "w"}
    )
    assert newest == datetime(2026, 12, 1, 10, tzinfo=UTC).timestamp()
    last = metrics.registry.get_sample_value(
        "warden_last_run_timestamp_seconds", {"namespace": "ns", "name": "w"}
    )
    assert last == datetime(2026, 12, 1, 11, tzinfo=UTC).timestamp()
    metrics.record_runs("ns", "w", [{"result": "Failed", "reason": "Error"}])
    metrics.reconcile_errors.labels("ns", "w").inc()
    metrics.forget("ns", "w")
    assert 'name="w"' not in generate_latest(metrics.registry).decode()
    # a worker of the same name made again starts afresh: its series are shown again
    metrics.apply(status_samples("ns", "w", {"runs": [failed]}))
    assert (
        metrics.registry.get_sample_value(
            "warden_last_run_timestamp_seconds", {"namespace": "ns", "name": "w"}
        )
        == datetime(2026, 12, 1, 11, tzinfo=UTC).timestamp()
    )
    assert (
        metrics.registry.get_sample_value(
            "warden_last_successful_run_timestamp_seconds", {"namespace": "ns", "name": "w"}
        )
        is None
    )


def test_the_cli_default_port_is_the_metrics_modules() -> None:
    assert operator_cli.DEFAULT_METRICS_PORT == DEFAULT_METRICS_PORT


def test_a_busy_metrics_port_is_one_line_and_exit_2() -> None:
    """`warden operator` cannot bind its metrics port: a config error before kopf starts, so
    no cluster is needed."""
    import os
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "KUBECONFIG"))}
        done = subprocess.run(
            [sys.executable, "-m", "warden", "operator", "--standalone",
             f"--metrics-port={port}", "--metrics-address=127.0.0.1"],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines == [lines[0]], done.stderr
    assert lines[0].startswith(f"warden: error: cannot serve metrics on 127.0.0.1:{port}: ")
    bad = subprocess.run(
        [sys.executable, "-m", "warden", "operator", "--metrics-port=70000"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bad.returncode == 2
    assert "--metrics-port: '70000' is not a port (0-65535)" in bad.stderr
    assert "Traceback" not in done.stderr + bad.stderr
