"""Outages fail loud and lose nothing (issue 10), against real faults over HTTP: a fake
llm-connect that is unavailable for a while and then recovers, and the reference hub going
down (503s), hanging (SIGSTOP, or an injected delay) and coming back.

- llm-connect unavailable: no message is handed off because of it; each is deferred (left
  unread, nothing written), the circuit stops calling after a few failures, the run says so
  (exit 3, `unavailable: [llm-connect]`), and after recovery every message is handled once.
- The model misbehaving is not the model being unavailable: that still escalates (see
  tests/worker/test_llm_brain.py); llm-connect refusing the worker itself is a config error.
- The State Hub unavailable: the run stops after a few failed requests, leaves the rest for
  the next run, and after recovery every message is answered exactly once.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.support import llm as models
from tests.support.hub import HubProcess
from tests.support.llm import Outage, Reply, running_llm
from tests.worker.conftest import AGENT, SeededInbox, run_worker, snapshot
from tests.worker.test_cli import clean_env, warden
from warden.core.catalog import Catalog
from warden.core.errors import LlmMisconfigured
from warden.core.models import Outcome, RunSummary
from warden.worker.brains.llm import LlmConnectBrain
from warden.worker.hub_client import BREAKER_THRESHOLD as HUB_THRESHOLD
from warden.worker.llm_client import BREAKER_THRESHOLD as LLM_THRESHOLD
from warden.worker.llm_client import LlmConnectClient
from warden.worker.pipeline import WRITES_IN_FLIGHT

ATTEMPTS = 2  # per llm-connect call
CONCURRENCY = 4
# At most this many calls reach llm-connect in an outage, however big the inbox: those in
# flight when the circuit opens, and those started while it counted its failures.
LLM_CALL_BOUND = (LLM_THRESHOLD + CONCURRENCY - 1) * ATTEMPTS

FAILURES: dict[str, Reply] = {
    "503": Reply(status=503),
    "502": Reply(status=502),
    "500": Reply(status=500),
    "429": Reply(status=429),
    "timeout": Reply(content=json.dumps({"actions": [{"kind": "mark_read"}]}), delay=3.0),
}


def llm_brain(url: str, catalog: Catalog, *, timeout: float = 1.0) -> LlmConnectBrain:
    client = LlmConnectClient(url, timeout=timeout, attempts=ATTEMPTS, backoff=0.01)
    return LlmConnectBrain(client, catalog, AGENT)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def questions(hub: HubProcess, n: int) -> list[str]:
    subjects = ["Who owns OIDC roles?", "postgres user for reports?", "ssh to the bastion?"]
    return [
        hub.post_message(to_agent=AGENT, from_agent=f"svc-{i}", subject=subjects[i % 3])
        for i in range(n)
    ]


def assert_each_handled_exactly_once(hub: HubProcess, ids: list[str]) -> None:
    """Every message was answered (one audit, one reply, read) or handed off (one report,
    left unread) - exactly one of the two, exactly once."""
    replies = Counter(m["in_reply_to"] for m in hub.messages(from_agent=AGENT))
    events = Counter((e["message_id"], e["kind"]) for e in hub.progress(agent=AGENT))
    read = {m["id"] for m in hub.messages(to_agent=AGENT) if m["read"]}
    assert all(count == 1 for count in replies.values()), replies
    assert all(count == 1 for count in events.values()), events
    for message_id in ids:
        answered = (replies[message_id], events[(message_id, "audit")], message_id in read)
        handed_off = events[(message_id, "escalation")] + events[(message_id, "review_requested")]
        assert answered in ((1, 1, True), (0, 0, False)), (message_id, answered)
        assert (answered[0] == 1) != (handed_off == 1), (message_id, answered, handed_off)


# -- llm-connect unavailable -----------------------------------------------------------------


@pytest.mark.parametrize("failure", sorted(FAILURES))
async def test_an_llm_outage_hands_off_nothing_and_exits_3(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog, failure: str
) -> None:
    before = snapshot(hub)
    outage = Outage(models.good, failure=FAILURES[failure])
    with running_llm(outage) as llm:
        report = await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
        assert llm.calls <= LLM_CALL_BOUND
    assert snapshot(hub) == before  # not one handoff, reply, audit event or read mark
    summary = report.summary
    assert summary.counts == {"deferred": 11}
    assert summary.unavailable == ["llm-connect"]
    assert summary.exit_code == 3
    assert summary.guardrail_interventions == 0  # nothing was decided about the messages
    assert summary.errors[0].startswith("llm-connect unavailable: ")
    assert "11 message(s) deferred" in summary.errors[0]
    assert all(r.deferral is not None for r in report.results)


async def test_llm_connect_not_running_is_an_outage_too(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    before = snapshot(hub)
    brain = llm_brain(closed_port_url(), catalog)
    report = await run_worker(hub, catalog, mode="execute", brain=brain)
    assert snapshot(hub) == before
    assert report.summary.counts == {"deferred": 11}
    assert report.summary.exit_code == 3
    assert report.summary.llm_calls <= LLM_CALL_BOUND


async def test_after_recovery_every_message_is_handled_exactly_once(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    outage = Outage(models.good, failure=Reply(status=503))
    with running_llm(outage) as llm:
        during = await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
        outage.recover()
        after = await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
        again = await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
    assert during.summary.counts == {"deferred": 11}
    assert after.summary.exit_code == 0
    assert Outcome.DEFERRED not in after.summary.counts
    assert after.summary.counts.get("executed", 0) >= 3  # the routing questions, answered
    assert again.results == []  # nothing left to do, nothing done twice
    assert_each_handled_exactly_once(hub, list(seeded.ids.values()))


async def test_an_outage_mid_run_keeps_what_was_finished_and_defers_the_rest(
    hub: HubProcess, catalog: Catalog
) -> None:
    ids = questions(hub, 12)
    outage = Outage(models.good, failure=Reply(status=503), after=4)
    with running_llm(outage) as llm:
        first = await run_worker(
            hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog), concurrency=1
        )
        finished = {r.message_id for r in first.results if r.outcome != Outcome.DEFERRED}
        assert finished == set(ids[:4])
        assert first.summary.counts == {"deferred": 8, "executed": 4}
        assert first.summary.exit_code == 3
        # The circuit opened after LLM_THRESHOLD failures: the rest got no call at all.
        assert outage.calls_while_down == LLM_THRESHOLD * ATTEMPTS
        untouched = {m["id"] for m in hub.messages(to_agent=AGENT) if not m["read"]}
        assert untouched == set(ids[4:])
        assert {e["message_id"] for e in hub.progress(agent=AGENT)} == set(ids[:4])
        outage.recover()
        second = await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
    assert second.summary.counts == {"executed": 8}
    assert_each_handled_exactly_once(hub, ids)


@pytest.mark.parametrize("n", [12, 60])
async def test_the_circuit_bounds_the_calls_whatever_the_inbox_size(
    hub: HubProcess, catalog: Catalog, n: int
) -> None:
    questions(hub, n)
    outage = Outage(models.good, failure=Reply(status=503))
    with running_llm(outage) as llm:
        brain = llm_brain(llm.url, catalog)
        report = await run_worker(hub, catalog, mode="dry-run", brain=brain)
        assert llm.calls <= LLM_CALL_BOUND
    assert report.summary.counts == {"deferred": n}
    # The worker counts the calls it started; one cancelled in flight when the circuit
    # opened may never have reached the server.
    assert llm.calls <= report.summary.llm_calls <= LLM_CALL_BOUND
    assert not report.summary.completed  # the circuit cut the run short
    assert report.summary.exit_code == 3


async def test_a_blip_defers_one_message_and_the_run_goes_on(
    hub: HubProcess, catalog: Catalog
) -> None:
    ids = questions(hub, 6)
    # Two good calls, then one call's two attempts fail, then llm-connect is back.
    blip = Outage(models.good, failure=Reply(status=503), after=2, failures=ATTEMPTS)
    with running_llm(blip) as llm:
        brain = llm_brain(llm.url, catalog)
        report = await run_worker(hub, catalog, mode="execute", brain=brain, concurrency=1)
    assert report.summary.counts == {"deferred": 1, "executed": 5}
    assert report.summary.completed
    assert report.summary.exit_code == 3
    deferred = [r.message_id for r in report.results if r.outcome == Outcome.DEFERRED]
    assert deferred == [ids[2]]
    assert ids[2] not in {m["id"] for m in hub.messages(to_agent=AGENT) if m["read"]}


async def test_an_llm_connect_that_refuses_the_worker_is_a_config_error(
    hub: HubProcess, catalog: Catalog
) -> None:
    questions(hub, 3)
    before = snapshot(hub)
    with (
        running_llm(models.constant(Reply(status=404))) as llm,
        pytest.raises(LlmMisconfigured, match=r"404 .* check LLM_CONNECT_URL"),
    ):
        await run_worker(hub, catalog, mode="execute", brain=llm_brain(llm.url, catalog))
    assert snapshot(hub) == before  # nothing escalated because of a wrong URL


# -- the State Hub unavailable ---------------------------------------------------------------


def assert_cut_short(summary: RunSummary, total: int, finished: int, in_flight: int) -> None:
    """The counts of a run the hub left after `finished` messages' writes: exactly those one
    message at a time; with `in_flight` messages overlapping, writes of several messages share
    the budget, so at most those, and never one message more than the writes allow."""
    executed = summary.counts.get("executed", 0)
    if in_flight == 1:
        assert summary.counts == {"deferred": total - finished, "executed": finished}
    else:
        assert executed <= finished, summary.counts
        assert summary.counts == {
            "deferred": total - executed,
            **({"executed": executed} if executed else {}),
        }


@pytest.mark.parametrize("in_flight", [1, WRITES_IN_FLIGHT])
@pytest.mark.parametrize("status", [503, 502, 500, 429])
async def test_a_hub_that_goes_down_mid_run_stops_it_and_loses_nothing(
    hub: HubProcess, catalog: Catalog, status: int, in_flight: int
) -> None:
    ids = questions(hub, 30)
    # Down after the two listings and 3 messages' writes (audit, reply, read mark each).
    hub.go_down(status=status, after=2 + 3 * 3)
    first = await run_worker(hub, catalog, mode="execute", writes_in_flight=in_flight)
    assert_cut_short(first.summary, 30, 3, in_flight)
    assert first.summary.unavailable == ["state-hub"]
    assert first.summary.exit_code == 3
    assert not first.summary.completed
    assert first.summary.errors[0].startswith("state-hub unavailable: ")
    hub.come_back()
    second = await run_worker(hub, catalog, mode="execute")
    assert second.summary.counts == {"executed": 30 - first.summary.counts.get("executed", 0)}
    assert_each_handled_exactly_once(hub, ids)


@pytest.mark.parametrize("writes_before", [1, 2, 4, 7])
async def test_a_write_lost_when_the_hub_goes_down_is_completed_once(
    hub: HubProcess, catalog: Catalog, writes_before: int
) -> None:
    """Down between the audit event, the reply and the read mark of one message (and with a
    lost response after commit): the next run finishes it under the same keys."""
    ids = questions(hub, 4)
    hub.set_faults(fail_writes_after=writes_before, count=10**6, status=503, mode="after_commit")
    first = await run_worker(hub, catalog, mode="execute")
    assert first.summary.exit_code == 3
    hub.clear_faults()
    await run_worker(hub, catalog, mode="execute")
    assert_each_handled_exactly_once(hub, ids)


@pytest.mark.parametrize("in_flight", [1, WRITES_IN_FLIGHT])
async def test_a_hanging_hub_ends_the_run_after_a_few_timeouts(
    hub: HubProcess, catalog: Catalog, in_flight: int
) -> None:
    ids = questions(hub, 20)
    # After the two listings and two messages' writes, every request hangs for 3 s.
    hub.set_faults(fail_writes_after=2 + 2 * 3, count=10**6, scope="all", delay_seconds=3)
    started = time.monotonic()
    first = await run_worker(hub, catalog, mode="execute", timeout=0.3, writes_in_flight=in_flight)
    elapsed = time.monotonic() - started
    # HUB_THRESHOLD timeouts of 0.3 s and short backoffs; generous for a loaded machine.
    assert elapsed < HUB_THRESHOLD * 0.3 + 5, elapsed
    assert_cut_short(first.summary, 20, 2, in_flight)
    assert first.summary.exit_code == 3
    assert "timed out" in first.summary.errors[0]
    hub.clear_faults()
    await run_worker(hub, catalog, mode="execute")
    assert_each_handled_exactly_once(hub, ids)


class PauseAfterFirstReadMark(httpx.AsyncHTTPTransport):
    """Passes requests through; right after the first read mark's answer, SIGSTOPs the hub."""

    def __init__(self, hub: HubProcess) -> None:
        super().__init__()
        self.hub = hub
        self.paused_at: float | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if request.url.path.endswith("/read") and self.paused_at is None:
            self.hub.pause()
            self.paused_at = time.monotonic()
        return response


async def test_a_stopped_hub_process_ends_the_run_and_recovers(
    hub: HubProcess, catalog: Catalog
) -> None:
    """SIGSTOP: connections are accepted by the kernel, nothing answers - a real hang."""
    ids = questions(hub, 10)
    transport = PauseAfterFirstReadMark(hub)
    report = await run_worker(hub, catalog, mode="execute", timeout=0.3, transport=transport)
    stopped_after = time.monotonic() - (transport.paused_at or 0.0)
    hub.resume()
    # The first read mark finished its message; others in flight may have finished with it.
    executed = report.summary.counts.get("executed", 0)
    assert 1 <= executed <= WRITES_IN_FLIGHT, report.summary.counts
    assert report.summary.counts == {"deferred": 10 - executed, "executed": executed}
    assert report.summary.exit_code == 3
    assert stopped_after < HUB_THRESHOLD * 0.3 + 5, stopped_after
    await run_worker(hub, catalog, mode="execute")
    assert_each_handled_exactly_once(hub, ids)


# -- the worker process: exit codes, summaries, a hub killed mid-run -------------------------


def test_the_worker_process_exits_3_during_an_llm_outage_and_0_after_it(
    hub: HubProcess, seeded: SeededInbox, tmp_path: Path
) -> None:
    before = snapshot(hub)
    summary_file = tmp_path / "summary.json"
    args = ["worker", "run", "--once", "--execute", "--brain", "llm", "--hub-url", hub.url,
            "--llm-timeout", "2", "--summary-file", str(summary_file)]  # fmt: skip
    outage = Outage(models.good, failure=Reply(status=503))
    with running_llm(outage) as llm:
        during = warden(*args, "--llm-url", llm.url)
        assert snapshot(hub) == before
        outage.recover()
        summary = RunSummary.model_validate_json(summary_file.read_text())
        after = warden(*args, "--llm-url", llm.url)
    assert during.returncode == 3, during.stderr
    assert "Traceback" not in during.stderr
    assert "deferred: a dependency is unavailable" in during.stdout
    assert during.stderr.startswith(
        "warden: llm-connect unavailable: llm-connect answered HTTP 503"
    )
    assert summary.unavailable == ["llm-connect"]
    assert summary.counts == {"deferred": 11}
    assert summary.llm_calls <= LLM_CALL_BOUND
    assert after.returncode == 0, after.stderr
    assert_each_handled_exactly_once(hub, list(seeded.ids.values()))


def test_killing_the_hub_mid_run_ends_the_worker_promptly_with_exit_3(
    hub: HubProcess, tmp_path: Path
) -> None:
    ids = questions(hub, 600)
    summary_file = tmp_path / "summary.json"
    worker = subprocess.Popen(
        [sys.executable, "-m", "warden", "worker", "run", "--once", "--execute",
         "--max-messages", "1000", "--hub-url", hub.url, "--summary-file", str(summary_file)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=clean_env(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        # Until one message is done: marked read, its last action (a reply alone can land just
        # before the kill and leave its message deferred, with nothing executed).
        while time.monotonic() < deadline:
            if any(m["read"] for m in hub.messages(to_agent=AGENT)):
                break
            time.sleep(0.02)
        hub.kill()  # SIGKILL, mid-run: a crash, not a shutdown
        killed_at = time.monotonic()
        _, stderr = worker.communicate(timeout=120)
        stopped_after = time.monotonic() - killed_at
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 3, stderr
    assert stopped_after < 60, stopped_after  # measured in bench/outages.py: about a second
    assert "Traceback" not in stderr
    summary = RunSummary.model_validate_json(summary_file.read_text())
    assert summary.unavailable == ["state-hub"]
    assert summary.counts.get("executed", 0) >= 1
    assert summary.deferred >= 1
    assert summary.counts.get("executed", 0) + summary.deferred == len(ids)
    assert not summary.completed

    hub.start()  # the same hub (file and port) back
    again = warden("worker", "run", "--once", "--execute", "--max-messages", "1000",
                   "--hub-url", hub.url)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert_each_handled_exactly_once(hub, ids)
    assert all(m["read"] for m in hub.messages(to_agent=AGENT))
