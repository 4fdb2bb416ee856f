"""The operator's /metrics, scraped over HTTP from the real kopf operator running against the
emulator, read with prometheus_client's own text parser: every recorded run and every outcome
is counted, exactly once per operator process, and the gauges follow the status."""

from __future__ import annotations

import asyncio
import json
import socket
from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.operator.conftest import running_cluster
from tests.scenarios import operator_flow as flow
from tests.scenarios.emulator import EmulatorCluster
from warden.kubectl.cli import main as kubectl_ww

pytestmark = pytest.mark.emulator

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def scrape(url: str) -> Samples:
    """Every sample of the exposition, keyed by (sample name, labels)."""
    async with httpx.AsyncClient() as client:
        response = await client.get(url, timeout=5)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[sample.name, frozenset(sample.labels.items())] = sample.value
    return samples


def value(samples: Samples, metric: str, /, **labels: str) -> float | None:
    return samples.get((metric, frozenset(labels.items())))


def total(samples: Samples, metric: str, /, **labels: str) -> float:
    """The sum over the series of `metric` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == metric and wanted <= ls)


RUNS = [
    flow.SimulatedRun(flow.summary(counts={"planned": 3, "escalated": 2, "review": 1,
                                           "handed_off": 1},
                                   messages_seen=7, guardrail_interventions=2)),
    flow.SimulatedRun(flow.summary(
        "execute", counts={"executed": 4, "deferred": 1, "failed": 1}, messages_seen=6,
        llm_calls=5, actions_executed=4, duration_seconds=42.0,
    )),
    flow.SimulatedRun(None, exit_code=1, succeeded=False),
]  # fmt: skip


@pytest.fixture
async def metered(tmp_path: Path) -> tuple[EmulatorCluster, str]:  # type: ignore[misc]
    port = _free_port()
    args = (
        "operator", "--all-namespaces", "--standalone",
        f"--metrics-port={port}", "--metrics-address=127.0.0.1",
    )  # fmt: skip
    async with running_cluster(tmp_path, args) as cluster:
        yield cluster, f"http://127.0.0.1:{port}/metrics"


async def test_each_run_and_outcome_is_counted_once(
    metered: tuple[EmulatorCluster, str],
) -> None:
    cluster, url = metered
    ns, name = cluster.namespace, "metered"
    await cluster.create(flow.worker(name, ns, historyLimit=2))
    await flow.wait_cronjob(cluster, name, lambda cj: True, "CronJob metered")
    for run in RUNS:
        await cluster.finish_run(name, run)
    ww = await flow.wait_worker(
        cluster, name, lambda w: w["status"].get("runCounts", {}).get("total") == 3,
        "three runs recorded", within=30,
    )  # fmt: skip
    samples = await scrape(url)
    worker = {"namespace": ns, "name": name}

    # Each run once, by result, reason and mode (a run without a summary has no mode); the
    # history keeps two, the counters all three.
    assert len(flow.runs(ww)) == 2
    assert total(samples, "warden_runs_total", **worker) == 3
    assert value(samples, "warden_runs_total", **worker, result="Succeeded",
                 reason="Completed", mode="dry-run", trigger="schedule") == 1  # fmt: skip
    assert value(samples, "warden_runs_total", **worker, result="Succeeded",
                 reason="Completed", mode="execute", trigger="schedule") == 1  # fmt: skip
    failed = [r for r in flow.runs(ww) if r["result"] == "Failed"]
    assert value(samples, "warden_runs_total", **worker, result="Failed",
                 reason=failed[0]["reason"], mode="unknown", trigger="schedule") == 1  # fmt: skip
    assert total(samples, "warden_run_summaries_total", **worker, state="Valid") == 2
    assert total(samples, "warden_run_summaries_total", **worker, state="Missing") == 1

    # Each outcome, summed over the runs' summaries; outcomes no run had are there at 0.
    expected: Counter[str] = Counter()
    for run in RUNS:
        if run.termination_message:
            expected.update(flow_counts(run.termination_message))
    for outcome in ("planned", "executed", "escalated", "review", "deferred", "failed",
                    "handed_off"):  # fmt: skip
        assert (
            value(samples, "warden_messages_total", **worker, outcome=outcome) == expected[outcome]
        ), outcome
    assert value(samples, "warden_guardrail_interventions_total", **worker) == 2
    assert value(samples, "warden_llm_calls_total", **worker) == 5
    assert value(samples, "warden_actions_executed_total", **worker) == 4
    assert value(samples, "warden_run_duration_seconds_count", **worker) == 2
    assert value(samples, "warden_run_duration_seconds_sum", **worker) == 43.5

    # Gauges from the status.
    status = ww["status"]
    assert value(samples, "warden_effective_mode", **worker, mode="dry-run") == 1
    assert value(samples, "warden_effective_mode", **worker, mode="execute") == 0
    assert status["rollout"]["stage"] == "dry-run"
    assert value(samples, "warden_rollout_stage", **worker, stage="dry-run") == 1
    assert value(samples, "warden_rollout_stage", **worker, stage="manual") == 0
    assert (
        value(samples, "warden_shakedown_clean_dry_runs", **worker)
        == (status["shakedown"]["cleanDryRuns"])
    )
    assert value(samples, "warden_shakedown_passed", **worker) == 0
    assert value(samples, "warden_worker_suspended", **worker) == 1
    assert value(samples, "warden_worker_ready", **worker) == 1
    assert value(samples, "warden_schedule_period_seconds", **worker) == 900
    assert value(samples, "warden_execute_held", **worker) == 0  # dry-run asked for
    assert value(samples, "warden_worker_created_timestamp_seconds", **worker) == _epoch(
        ww["metadata"]["creationTimestamp"]
    )
    newest_ok = max(r["finishedAt"] for r in flow.runs(ww) if r["result"] == "Succeeded")
    assert value(samples, "warden_last_successful_run_timestamp_seconds", **worker) == (
        _epoch(newest_ok)
    )
    assert total(samples, "warden_reconcile_duration_seconds_count") >= 1

    # More reconciles (a spec change, resyncs) count nothing again.
    await cluster.patch("WardenWorker", name, {"spec": {"schedule": "0 * * * *"}})
    await flow.wait_worker(
        cluster, name, lambda w: w["status"].get("observedGeneration") == 2, "generation 2"
    )

    async def period_updated() -> Samples | None:
        again = await scrape(url)
        return again if value(again, "warden_schedule_period_seconds", **worker) == 3600 else None

    again = await flow.eventually(period_updated, "the schedule period gauge follows the spec")
    assert total(again, "warden_runs_total", **worker) == 3
    assert total(again, "warden_messages_total", **worker) == sum(expected.values())

    # A new operator process counts what it records, not what the last one did.
    await cluster.restart_operator()
    await cluster.finish_run(name, flow.SimulatedRun(flow.summary(counts={"planned": 1})))
    await flow.wait_worker(
        cluster, name, lambda w: w["status"]["runCounts"]["total"] == 4, "the fourth run",
        within=30,
    )  # fmt: skip

    async def fourth_counted() -> Samples | None:
        try:
            fresh = await scrape(url)
        except httpx.TransportError:
            return None  # still starting
        return fresh if total(fresh, "warden_runs_total", **worker) else None

    fresh = await flow.eventually(fourth_counted, "the restarted operator's metrics", within=30)
    assert total(fresh, "warden_runs_total", **worker) == 1
    assert value(fresh, "warden_messages_total", **worker, outcome="planned") == 1


def flow_counts(termination_message: str) -> Mapping[str, int]:
    counts: Mapping[str, int] = json.loads(termination_message)["counts"]
    return counts


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def test_secrets_and_bodies_never_reach_the_metrics(
    metered: tuple[EmulatorCluster, str], fake_token: str
) -> None:
    """The scenario whose summaries hold a secret and a message body: the scrape holds
    neither, in any common encoding, and counts the two rejected summaries."""
    cluster, url = metered
    await flow.secrets_and_bodies_never_reach_status(cluster, fake_token)
    async with httpx.AsyncClient() as client:
        text = (await client.get(url, timeout=5)).text
    for needle in (fake_token, "team-orion", "rotate the db creds"):
        for encoded in _encodings(needle):
            assert encoded not in text
    samples = await scrape(url)
    leaky = {"namespace": cluster.namespace, "name": "leaky"}
    assert total(samples, "warden_run_summaries_total", **leaky, state="Rejected") == 2
    assert total(samples, "warden_runs_total", **leaky) == 3


def _encodings(text: str) -> list[str]:
    import base64
    import urllib.parse

    raw = text.encode()
    return [text, base64.b64encode(raw).decode(), raw.hex(), urllib.parse.quote(text),
            json.dumps(text)[1:-1], text[:12]]  # fmt: skip


async def test_a_run_now_run_is_counted_with_its_trigger(
    metered: tuple[EmulatorCluster, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`kubectl ww run-now` against the real operator: the operator makes the Job, the run is
    recorded with trigger run-now, and the metrics count it so."""
    cluster, url = metered
    ns, name = cluster.namespace, "ondemand"
    await cluster.create(flow.worker(name, ns))
    await flow.wait_cronjob(cluster, name, lambda cj: True, "CronJob ondemand")
    monkeypatch.setenv("KUBECONFIG", str(cluster.operator.kubeconfig))
    assert await asyncio.to_thread(kubectl_ww, ["run-now", name, "-n", ns]) == 0
    assert "run requested" in capsys.readouterr().out
    ww = await flow.wait_worker(
        cluster, name, lambda w: bool((w["status"].get("runNow") or {}).get("job")),
        "run-now acted on", within=30,
    )  # fmt: skip
    await cluster.finish_job(ww["status"]["runNow"]["job"], flow.SimulatedRun(flow.summary()))
    await flow.wait_worker(cluster, name, lambda w: len(flow.runs(w)) == 1, "run recorded")
    samples = await scrape(url)
    assert total(samples, "warden_runs_total", namespace=ns, name=name) == 1
    assert value(samples, "warden_runs_total", namespace=ns, name=name, result="Succeeded",
                 reason="Completed", mode="dry-run", trigger="run-now") == 1  # fmt: skip
