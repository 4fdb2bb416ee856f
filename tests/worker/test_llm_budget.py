"""The llm call budget (--max-llm-calls, spec.llm.maxCallsPerRun) against the fake llm-connect
over real loopback HTTP: exactly N calls per run however many run at once, the rest deferred
(left unread, not escalated, not handed off, counted as over budget), exit 0, said in the
output; the next run has a new budget; the rule brain ignores it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import llm as models
from tests.support.hub import HubProcess
from tests.support.llm import Reply, running_llm
from tests.worker.conftest import AGENT, run_worker
from tests.worker.test_cli import assert_one_line_error, warden
from warden.core.catalog import Catalog
from warden.core.models import RunSummary
from warden.worker.brains.llm import LlmConnectBrain
from warden.worker.brains.rule import RuleBrain
from warden.worker.llm_client import LlmConnectClient

SUBJECTS = ["Who owns OIDC roles?", "postgres user for reports?", "ssh to the bastion?"]


def questions(hub: HubProcess, n: int) -> list[str]:
    return [
        hub.post_message(to_agent=AGENT, from_agent=f"svc-{i}", subject=SUBJECTS[i % 3])
        for i in range(n)
    ]


def budget_brain(url: str, catalog: Catalog, max_calls: int) -> LlmConnectBrain:
    client = LlmConnectClient(url, timeout=5, attempts=2, backoff=0.01, max_calls=max_calls)
    return LlmConnectBrain(client, catalog, AGENT)


def touched(hub: HubProcess) -> set[str]:
    """Messages with any progress event (audit, escalation, review request) in the hub."""
    return {str(e["message_id"]) for e in hub.progress(agent=AGENT)}


@pytest.mark.parametrize("concurrency", [1, 4, 16])
async def test_the_budget_holds_exactly_and_defers_the_rest(
    hub: HubProcess, catalog: Catalog, concurrency: int
) -> None:
    ids = questions(hub, 12)
    slow = models.good  # every call is answered: only the budget stops the calls
    with running_llm(lambda prompt: Reply(**{**vars(slow(prompt)), "delay": 0.02})) as llm:
        brain = budget_brain(llm.url, catalog, 5)
        report = await run_worker(
            hub, catalog, mode="execute", brain=brain, concurrency=concurrency
        )
        assert llm.calls == 5  # not one more, however many plans were in flight
    summary = report.summary
    assert summary.llm_calls == 5
    assert summary.over_budget == 7
    assert summary.counts["deferred"] == 7
    assert summary.counts.get("executed", 0) + summary.counts.get("escalated", 0) == 5
    assert summary.unavailable == []  # not an outage
    assert summary.errors == []
    assert summary.completed is True
    assert summary.exit_code == 0  # nothing failed
    assert summary.ok
    assert report.notices == [
        "llm call budget spent: 7 message(s) deferred to the next run (left unread, not escalated)"
    ]
    deferred = [r.message_id for r in report.results if r.deferral is not None]
    assert len(deferred) == 7
    assert all(r.deferral.over_budget for r in report.results if r.deferral is not None)
    unread = {m["id"] for m in hub.messages(to_agent=AGENT) if not m["read"]}
    assert set(deferred) <= unread  # left unread for the next run
    assert not touched(hub) & set(deferred)  # never escalated, handed off or audited
    assert set(ids) >= set(deferred)
    assert not {r["in_reply_to"] for r in hub.messages(from_agent=AGENT)} & set(deferred)


async def test_the_next_run_has_a_new_budget(hub: HubProcess, catalog: Catalog) -> None:
    questions(hub, 6)
    with running_llm(models.good) as llm:
        brain = budget_brain(llm.url, catalog, 4)
        first = await run_worker(hub, catalog, mode="execute", brain=brain, concurrency=3)
        second = await run_worker(hub, catalog, mode="execute", brain=brain, concurrency=3)
        assert llm.calls == 6
    assert (first.summary.llm_calls, first.summary.over_budget) == (4, 2)
    assert (second.summary.llm_calls, second.summary.over_budget) == (2, 0)
    assert second.summary.deferred == 0


async def test_retries_spend_the_budget_too(hub: HubProcess, catalog: Catalog) -> None:
    """A call llm-connect answers 503 is retried; the retry is a call, so it needs budget."""
    questions(hub, 3)
    with running_llm(models.constant(Reply(status=503))) as llm:
        brain = budget_brain(llm.url, catalog, 3)
        report = await run_worker(hub, catalog, mode="execute", brain=brain, concurrency=1)
        assert llm.calls == 3
    summary = report.summary
    assert summary.llm_calls == 3
    assert summary.counts == {"deferred": 3}
    assert summary.unavailable == ["llm-connect"]  # an outage too: exit 3, as ever
    assert summary.over_budget >= 1
    assert summary.exit_code == 3


async def test_the_rule_brain_ignores_the_budget(hub: HubProcess, catalog: Catalog) -> None:
    questions(hub, 4)
    report = await run_worker(hub, catalog, mode="dry-run", brain=RuleBrain(catalog))
    assert report.summary.over_budget == 0
    assert report.summary.deferred == 0


def test_the_cli_says_so_and_exits_0(hub: HubProcess, tmp_path: Path) -> None:
    questions(hub, 5)
    summary_file = tmp_path / "summary.json"
    with running_llm(models.good) as llm:
        result = warden(
            "worker", "run", "--once", "--execute", "--brain", "llm", "--output", "json",
            "--concurrency", "4", "--summary-file", str(summary_file),
            env={"WARDEN_HUB_URL": hub.url, "LLM_CONNECT_URL": llm.url,
                 "WARDEN_MAX_LLM_CALLS": "2"},
        )  # fmt: skip
        assert llm.calls == 2
    assert result.returncode == 0, result.stderr
    assert "warden: llm call budget spent: 3 message(s) deferred" in result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["over_budget"] == 3
    summary = RunSummary.parse(summary_file.read_text())
    assert (summary.over_budget, summary.counts["deferred"], summary.llm_calls) == (3, 3, 2)

    with running_llm(models.good) as llm:
        text = warden(
            "worker", "run", "--once", "--brain", "llm", "--max-llm-calls", "1",
            env={"WARDEN_HUB_URL": hub.url, "LLM_CONNECT_URL": llm.url,
                 "WARDEN_MAX_LLM_CALLS": "50"},
        )  # fmt: skip
        assert llm.calls == 1  # the flag wins over the environment
    assert text.returncode == 0, text.stderr
    assert "over the llm call budget" in text.stdout
    assert "the llm call budget is spent" in text.stdout


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", "١"])
def test_a_bad_budget_is_a_configuration_error(hub: HubProcess, value: str) -> None:
    result = warden(
        "worker", "run", "--once", "--brain", "llm",
        env={"WARDEN_HUB_URL": hub.url, "LLM_CONNECT_URL": "http://127.0.0.1:9",
             "WARDEN_MAX_LLM_CALLS": value},
    )  # fmt: skip
    assert_one_line_error(result, "WARDEN_MAX_LLM_CALLS")
    flag = warden("worker", "run", "--once", "--hub-url", hub.url, "--max-llm-calls", value)
    assert flag.returncode == 2
    assert "Traceback" not in flag.stderr
