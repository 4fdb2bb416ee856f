"""Execute mode: replies, read marks and audit events land in the real hub exactly once, also
when the run is repeated and when a write fails half-way and the run is retried."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from tests.support.hub import HubProcess
from tests.worker.conftest import AGENT, SeededInbox, run_worker, snapshot
from warden.core.catalog import Catalog
from warden.core.models import Outcome

ROUTED_CASES = ("route_ssh", "route_oidc", "route_database", "route_api")


def replies_by_message(hub: HubProcess) -> Counter[str]:
    return Counter(m["in_reply_to"] for m in hub.messages(from_agent=AGENT))


def events_by_key(hub: HubProcess) -> Counter[tuple[str, str]]:
    return Counter((e["message_id"], e["kind"]) for e in hub.progress(agent=AGENT))


def assert_landed_exactly_once(hub: HubProcess, seeded: SeededInbox) -> None:
    routed = {seeded.ids[c] for c in ROUTED_CASES}
    replies = replies_by_message(hub)
    assert set(replies) == routed
    assert all(count == 1 for count in replies.values()), replies
    for reply in hub.messages(from_agent=AGENT):
        original = next(m for m in hub.messages(to_agent=AGENT) if m["id"] == reply["in_reply_to"])
        assert reply["to_agent"] == original["from_agent"]  # only ever to the sender
        assert seeded.token not in reply["body"]
    events = events_by_key(hub)
    assert all(count == 1 for count in events.values()), events
    for message_id in routed:
        assert events[(message_id, "audit")] == 1
    for case in set(seeded.ids) - set(ROUTED_CASES):
        assert events[(seeded.ids[case], "escalation")] == 1, case
    read = {m["id"] for m in hub.messages(to_agent=AGENT) if m["read"]}
    assert read == routed  # escalated messages stay unread for a human


def assert_no_secret_anywhere(hub: HubProcess, token: str) -> None:
    everything: list[Any] = [*hub.messages(from_agent=AGENT), *hub.progress()]
    assert token not in repr(everything)


async def test_execute_lands_everything_once(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    report = await run_worker(hub, catalog, mode="execute")
    assert report.summary.counts == {"escalated": 7, "executed": 4}
    assert report.summary.ok
    assert_landed_exactly_once(hub, seeded)
    assert_no_secret_anywhere(hub, seeded.token)


async def test_repeated_runs_do_not_duplicate(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    await run_worker(hub, catalog, mode="execute")
    second = await run_worker(hub, catalog, mode="execute")
    third = await run_worker(hub, catalog, mode="execute")
    # Only the escalated messages are still unread, and a human has them now: later runs see
    # them, skip them without planning and write nothing.
    for later in (second, third):
        assert later.summary.messages_seen == 7
        assert later.summary.counts == {"handed_off": 7}
        assert later.results == []
        assert later.plans == []
        assert later.summary.ok
    assert_landed_exactly_once(hub, seeded)  # still exactly one escalation event per message


@pytest.mark.parametrize("mode", ["before_commit", "after_commit"])
@pytest.mark.parametrize("after", [0, 1, 2, 5, 9])
async def test_write_failing_half_way_then_retried_lands_once(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog, mode: str, after: int
) -> None:
    # Fail more writes than the client retries: the hub is unavailable for the message in
    # hand, which is deferred; the circuit opens and the run defers the rest, writing nothing.
    hub.set_faults(fail_writes_after=after, count=12, mode=mode)
    first = await run_worker(hub, catalog, mode="execute", max_attempts=2)
    assert first.summary.counts.get(Outcome.DEFERRED, 0) >= 1
    assert first.summary.counts.get(Outcome.FAILED, 0) == 0
    assert first.summary.unavailable == ["state-hub"]
    assert first.summary.exit_code == 3
    assert not first.summary.ok
    hub.clear_faults()
    await run_worker(hub, catalog, mode="execute")
    await run_worker(hub, catalog, mode="execute")
    assert_landed_exactly_once(hub, seeded)


async def test_transient_failures_are_retried_within_the_run(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    hub.set_faults(fail_writes_after=3, count=2, mode="after_commit")
    report = await run_worker(hub, catalog, mode="execute", max_attempts=4)
    assert report.summary.ok, report.summary.errors
    assert_landed_exactly_once(hub, seeded)


async def test_hub_restart_between_runs_keeps_exactly_once(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    await run_worker(hub, catalog, mode="execute")
    hub.restart()
    await run_worker(hub, catalog, mode="execute")
    assert_landed_exactly_once(hub, seeded)


async def test_request_count_per_message_is_constant(hub: HubProcess, catalog: Catalog) -> None:
    for i in range(20):
        hub.post_message(to_agent=AGENT, from_agent=f"svc-{i}", subject="Who owns OIDC roles?")
    from warden.worker.brains.rule import RuleBrain
    from warden.worker.hub_client import HubClient
    from warden.worker.runner import run_once

    async with HubClient(hub.url) as api:
        await run_once(
            hub=api,
            brain=RuleBrain(catalog),
            catalog=catalog,
            agent=AGENT,
            mode="execute",
            max_messages=100,
            concurrency=4,
        )
        # 1 handoff listing + 1 inbox page + per message: audit event, reply, read mark.
        assert api.requests_made == 2 + 20 * 3


async def test_handed_off_messages_take_no_place_in_the_window(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    await run_worker(hub, catalog, mode="execute")  # 7 escalated: handed to a human
    newer = [
        hub.post_message(to_agent=AGENT, from_agent=f"svc-{i}", subject="Who owns OIDC roles?")
        for i in range(2)
    ]
    before = snapshot(hub)
    dry = await run_worker(hub, catalog, mode="dry-run", max_messages=1)
    assert snapshot(hub) == before  # dry-run writes nothing
    assert [m.id for m in dry.messages] == newer[:1]
    assert dry.summary.counts == {"handed_off": 7, "planned": 1}
    assert sum(dry.summary.counts.values()) == dry.summary.messages_seen

    first = await run_worker(hub, catalog, mode="execute", max_messages=1)
    assert [r.message_id for r in first.results] == newer[:1]
    assert first.summary.counts == {"executed": 1, "handed_off": 7}
    assert first.summary.messages_seen == 8
    second = await run_worker(hub, catalog, mode="execute", max_messages=1)
    assert [r.message_id for r in second.results] == newer[1:]
    assert {m["in_reply_to"] for m in hub.messages(from_agent=AGENT)} >= set(newer)
    events = events_by_key(hub)
    for case in set(seeded.ids) - set(ROUTED_CASES):
        assert events[(seeded.ids[case], "escalation")] == 1, case


async def test_the_window_pages_past_handed_off_messages(hub: HubProcess) -> None:
    from warden.worker.hub_client import HubClient
    from warden.worker.runner import fetch_workable

    ids = [hub.post_message(to_agent=AGENT, subject=f"m{i}") for i in range(7)]
    handed_off = {ids[0], ids[1], ids[3], "msg_elsewhere"}
    async with HubClient(hub.url) as api:
        workable, skipped = await fetch_workable(api, AGENT, handed_off, 3, page_size=2)
        assert [m.id for m in workable] == [ids[2], ids[4], ids[5]]
        assert skipped == 3
        assert api.requests_made == 3  # [0, 1], [2, 3], [4, 5]
        everything, skipped = await fetch_workable(api, AGENT, handed_off, 100)
        assert [m.id for m in everything] == [ids[2], *ids[4:]]
        assert skipped == 3
        assert await fetch_workable(api, AGENT, handed_off, 0) == ([], 0)
        assert api.requests_made == 4
