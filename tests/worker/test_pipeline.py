"""Hub writes pipelined across messages (issue 13): several messages' writes overlap, never
more than the bound, each message's audit -> reply -> read mark order and keys unchanged, and
everything lands exactly once - seen from the wire, against the reference hub."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

import httpx
import pytest

from tests.support.hub import HubProcess
from tests.worker.conftest import AGENT, run_worker
from tests.worker.test_outages import assert_each_handled_exactly_once, questions
from warden.core.catalog import Catalog
from warden.worker.hub_client import idempotency_key
from warden.worker.pipeline import WRITES_IN_FLIGHT


class WireLog(httpx.AsyncHTTPTransport):
    """Passes requests through; records each write (message, kind, key) as it is sent, and
    the most messages that had a write on the wire at once."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.on_wire: dict[str, int] = defaultdict(int)
        self.most_at_once = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "POST":
            return await super().handle_async_request(request)
        message_id, kind = _write_of(request)
        self.writes[message_id].append((kind, request.headers["Idempotency-Key"]))
        self.on_wire[message_id] += 1
        self.most_at_once = max(self.most_at_once, sum(1 for n in self.on_wire.values() if n))
        try:
            await asyncio.sleep(0.005)  # a hub a little further away: room to overlap
            return await super().handle_async_request(request)
        finally:
            self.on_wire[message_id] -= 1


def _write_of(request: httpx.Request) -> tuple[str, str]:
    path = request.url.path
    if path.endswith("/read"):
        return path.split("/")[-2], "mark_read"
    body = json.loads(request.content)
    if path == "/v1/messages":
        return body["in_reply_to"], "answer"
    return body["message_id"], body["kind"]


@pytest.mark.parametrize("limit", [1, 3, WRITES_IN_FLIGHT])
async def test_writes_overlap_within_the_bound_in_each_messages_order(
    hub: HubProcess, catalog: Catalog, limit: int
) -> None:
    ids = questions(hub, 24)
    wire = WireLog()
    report = await run_worker(hub, catalog, mode="execute", writes_in_flight=limit, transport=wire)
    assert report.summary.exit_code == 0
    assert [r.message_id for r in report.results] == ids  # results in message order
    assert wire.most_at_once <= limit
    if limit > 1:
        assert wire.most_at_once > 1  # the writes did overlap
    for message_id, writes in wire.writes.items():
        kinds = [kind for kind, _ in writes]
        assert kinds in (["audit", "answer", "mark_read"], ["escalation"]), kinds
        for kind, key in writes:
            assert key == idempotency_key(message_id, kind)
    assert_each_handled_exactly_once(hub, ids)
    again = await run_worker(hub, catalog, mode="execute", writes_in_flight=limit)
    assert again.results == []
    assert_each_handled_exactly_once(hub, ids)


async def test_a_stop_finishes_the_messages_in_flight_and_takes_on_no_more(
    hub: HubProcess, catalog: Catalog
) -> None:
    from warden.worker.brains.rule import RuleBrain
    from warden.worker.hub_client import HubClient
    from warden.worker.runner import run_once

    ids = questions(hub, 30)
    stop = asyncio.Event()

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            stop.set()

    async with HubClient(hub.url) as api:
        report = await run_once(
            hub=api, brain=RuleBrain(catalog), catalog=catalog, agent=AGENT, mode="execute",
            max_messages=100, concurrency=4, stop=stop, on_progress=stop_after_two,
        )  # fmt: skip
    taken = len(report.results)
    assert 2 <= taken <= 2 + WRITES_IN_FLIGHT
    assert not report.summary.completed
    assert all(r.deferral is None for r in report.results)  # each one finished, not cut
    assert_each_handled_exactly_once(hub, ids[:taken])
    rest = await run_worker(hub, catalog, mode="execute")
    assert [r.message_id for r in rest.results] == ids[taken:]  # the rest, in order
    assert_each_handled_exactly_once(hub, ids)
