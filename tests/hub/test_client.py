"""The worker's HubClient against a real hub: paging, writes, idempotent retries, errors."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web

from tests.support.hub import HubProcess, running_hub
from warden.core.errors import (
    ConfigError,
    HubAccessDenied,
    HubError,
    HubUnavailable,
    HubUnreachable,
)
from warden.core.models import Message
from warden.core.vocabulary import ExitCode
from warden.worker.hub_client import HubClient, idempotency_key


def client(
    url: str, *, token: str | None = None, timeout: float = 10.0, max_attempts: int = 4
) -> HubClient:
    """A client with test-sized backoff."""
    return HubClient(
        url,
        token=token,
        timeout=timeout,
        max_attempts=max_attempts,
        backoff_base=0.01,
        backoff_max=0.05,
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


StartStub = Callable[[web.Application], Awaitable[str]]


@pytest.fixture
async def start_stub() -> AsyncIterator[StartStub]:
    """Serve an aiohttp app on 127.0.0.1, for answers a real hub never gives; returns its URL."""
    runners: list[web.AppRunner] = []

    async def start(app: web.Application) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        runners.append(runner)
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        return f"http://127.0.0.1:{runner.addresses[0][1]}"

    yield start
    for runner in runners:
        await runner.cleanup()


# -- reading --------------------------------------------------------------------------------------


async def test_unread_follows_cursors_oldest_first(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent, subject=f"m{i}") for i in range(5)]
    async with client(shared_hub.url) as hub:
        messages = await hub.unread(agent, page_size=2)
        assert hub.requests_made == 3
    assert all(isinstance(m, Message) for m in messages)
    assert [m.id for m in messages] == ids
    assert [m.subject for m in messages] == [f"m{i}" for i in range(5)]
    assert {m.to_agent for m in messages} == {agent}


async def test_unread_stops_at_the_limit(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent) for _ in range(5)]
    async with client(shared_hub.url) as hub:
        assert [m.id for m in await hub.unread(agent, limit=3, page_size=2)] == ids[:3]
        assert hub.requests_made == 2
        assert await hub.unread(agent, limit=0) == []
        assert hub.requests_made == 2


async def test_inbox_all_includes_read_messages(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent) for _ in range(3)]
    async with client(shared_hub.url) as hub:
        await hub.mark_read(ids[0])
        assert [m.id for m in await hub.unread(agent)] == ids[1:]
        assert [m.id for m in await hub.inbox(agent)] == ids


async def test_inbox_page_is_one_request_with_a_cursor(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent) for _ in range(3)]
    async with client(shared_hub.url) as hub:
        first = await hub.inbox_page(agent, unread_only=True, limit=2)
        rest = await hub.inbox_page(agent, unread_only=True, limit=2, cursor=first.next_cursor)
        assert hub.requests_made == 2
    assert [m.id for m in first.messages] == ids[:2]
    assert [m.id for m in rest.messages] == ids[2:]
    assert first.next_cursor is not None
    assert rest.next_cursor is None


async def handoff(hub: HubClient, agent: str, message_id: str, kind: str = "escalation") -> None:
    await hub.add_progress(
        agent=agent,
        message_id=message_id,
        kind=kind,
        summary="handed to a human",
        data={},
        idempotency_key=idempotency_key(message_id, kind),
    )


async def test_handed_off_follows_pages(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent) for _ in range(5)]
    async with client(shared_hub.url) as hub:
        for index, mid in enumerate(ids):
            await handoff(hub, agent, mid, "escalation" if index % 2 else "review_requested")
        await hub.add_progress(
            agent=agent, message_id=ids[0], kind="audit", summary="", data={}, idempotency_key="a"
        )
        made = hub.requests_made
        assert await hub.handed_off(agent, page_size=2) == set(ids)
        assert hub.requests_made - made == 3
        assert await hub.handed_off(agent) == set(ids)
        assert hub.requests_made - made == 4  # one page of up to 500


async def test_handed_off_is_idempotent_and_only_unread_by_default(
    shared_hub: HubProcess, agent: str
) -> None:
    done, waiting = (shared_hub.post_message(to_agent=agent) for _ in range(2))
    async with client(shared_hub.url) as hub:
        for _ in range(2):  # the same report twice (same key) is one handoff
            await handoff(hub, agent, done)
            await handoff(hub, agent, waiting)
        await handoff(hub, agent, waiting, "review_requested")  # a second kind: still one
        await hub.mark_read(done)  # a human finished it
        assert await hub.handed_off(agent) == {waiting}
        assert await hub.handed_off(agent, unread_only=False) == {done, waiting}
    assert len(shared_hub.progress(message_id=waiting)) == 2


async def test_handed_off_of_an_unknown_agent_is_empty(shared_hub: HubProcess, agent: str) -> None:
    async with client(shared_hub.url) as hub:
        assert await hub.handed_off(agent) == set()
        assert hub.requests_made == 1


# -- writing --------------------------------------------------------------------------------------


async def test_mark_read_marks_only_that_message(shared_hub: HubProcess, agent: str) -> None:
    ids = [shared_hub.post_message(to_agent=agent) for _ in range(2)]
    async with client(shared_hub.url) as hub:
        await hub.mark_read(ids[1])
        await hub.mark_read(ids[1])
    assert [m["read"] for m in shared_hub.messages(to_agent=agent)] == [False, True]


async def test_send_reply_with_the_same_key_writes_once(shared_hub: HubProcess, agent: str) -> None:
    question = shared_hub.post_message(to_agent=agent, from_agent=f"{agent}-asker")
    key = idempotency_key(question, "reply")
    async with client(shared_hub.url) as hub:
        replies = [
            await hub.send_reply(
                from_agent=agent,
                to_agent=f"{agent}-asker",
                subject="Re: question",
                body="secrets-engine owns database credentials.",
                in_reply_to=question,
                idempotency_key=key,
            )
            for _ in range(2)
        ]
    [stored] = shared_hub.messages(in_reply_to=question)
    assert replies == [stored["id"], stored["id"]]
    assert stored["from_agent"] == agent
    assert stored["thread_id"] == question
    assert stored["body"] == "secrets-engine owns database credentials."


async def test_add_progress_with_the_same_key_writes_once(
    shared_hub: HubProcess, agent: str
) -> None:
    async with client(shared_hub.url) as hub:
        event_ids = [
            await hub.add_progress(
                agent=agent,
                message_id="msg_1",
                kind="escalated",
                summary="asks for a secret value",
                data={"detectors": ["secret_request"]},
                idempotency_key=idempotency_key(f"msg-{agent}", "progress"),
            )
            for _ in range(2)
        ]
    [stored] = shared_hub.progress(agent=agent)
    assert event_ids == [stored["id"], stored["id"]]
    assert stored["data"] == {"detectors": ["secret_request"]}


def test_idempotency_keys_are_stable_and_distinct() -> None:
    key = idempotency_key("msg_1", "reply")
    # A fixed value: keys must survive restarts and upgrades, or retries would write twice.
    assert key == "c1b662201dc07cc39ef3b92efc020806d7dbb64238a3a0185272c779cc6936f8"
    assert idempotency_key("msg_1", "progress") != key
    assert idempotency_key("msg_2", "reply") != key
    assert idempotency_key("msg_1r", "eply") != key


# -- retries --------------------------------------------------------------------------------------


async def test_a_failure_before_commit_is_retried_into_one_row(hub: HubProcess) -> None:
    hub.set_faults(count=2, mode="before_commit", status=503)
    async with client(hub.url) as warden:
        reply_id = await warden.send_reply(
            from_agent="ops-warden",
            to_agent="build-bot",
            subject="Re",
            body="b",
            in_reply_to="msg_1",
            idempotency_key="k",
        )
        assert warden.requests_made == 3
    assert [m["id"] for m in hub.messages()] == [reply_id]


async def test_a_lost_response_after_commit_still_makes_one_row(hub: HubProcess) -> None:
    hub.set_faults(count=2, mode="after_commit")
    async with client(hub.url) as warden:
        reply_id = await warden.send_reply(
            from_agent="ops-warden",
            to_agent="build-bot",
            subject="Re",
            body="b",
            in_reply_to="msg_1",
            idempotency_key="k",
        )
        hub.set_faults(count=1, mode="after_commit")
        event_id = await warden.add_progress(
            agent="ops-warden",
            message_id="msg_1",
            kind="replied",
            summary="s",
            data={},
            idempotency_key="k",
        )
        assert warden.requests_made == 5
    assert [m["id"] for m in hub.messages()] == [reply_id]
    assert [e["id"] for e in hub.progress()] == [event_id]


async def test_429_is_retried(hub: HubProcess) -> None:
    hub.set_faults(count=1, status=429)
    async with client(hub.url) as warden:
        await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
        assert warden.requests_made == 2
    assert len(hub.messages()) == 1


async def test_retries_are_bounded(hub: HubProcess) -> None:
    hub.set_faults(count=100, status=502)
    async with client(hub.url, max_attempts=3) as warden:
        with pytest.raises(HubError) as failure:
            await warden.mark_read("msg_1")
        assert warden.requests_made == 3
    assert failure.value.status == 502
    assert "after 3 attempts" in str(failure.value)


async def test_client_errors_are_not_retried(hub: HubProcess) -> None:
    async with client(hub.url) as warden:
        with pytest.raises(HubError) as unknown:
            await warden.mark_read("msg_missing")
        with pytest.raises(HubError) as invalid:
            await warden.send_message(from_agent="", to_agent="b", subject="s", body="b")
        assert warden.requests_made == 1  # the invalid body is refused before it is sent
    assert unknown.value.status == 404
    assert "msg_missing" in str(unknown.value)
    assert invalid.value.status is None
    assert "from_agent" in str(invalid.value)
    assert hub.messages() == []


# -- unreachable, slow and broken hubs -----------------------------------------------------------


async def test_an_unreachable_hub_fails_fast_with_a_clear_error() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    async with client(url, max_attempts=4) as warden:
        with pytest.raises(HubUnreachable) as failure:
            await warden.unread("ops-warden")
        assert warden.requests_made == 4
    assert time.monotonic() - started < 2
    assert str(failure.value).startswith(f"cannot reach the State Hub at {url}: ")


async def test_a_hub_that_never_answers_times_out() -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(5)
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with client(f"http://127.0.0.1:{port}", timeout=0.2, max_attempts=2) as warden:
            with pytest.raises(HubUnreachable, match="timed out"):
                await warden.unread("ops-warden")
            assert warden.requests_made == 2
    finally:
        server.close()


async def test_a_garbled_answer_is_a_hub_error(start_stub: StartStub) -> None:
    async def garbled(_request: web.Request) -> web.Response:
        return web.Response(text="<html>proxy</html>", content_type="text/html")

    app = web.Application()
    app.router.add_get("/v1/agents/{agent}/inbox", garbled)
    async with client(await start_stub(app)) as warden:
        with pytest.raises(HubError, match="invalid response"):
            await warden.unread("ops-warden")


# -- outages: the circuit breaker and the run's retry budget -----------------------------------


async def test_the_circuit_opens_after_consecutive_failures_and_sends_nothing_more(
    hub: HubProcess,
) -> None:
    hub.go_down(status=503)
    async with HubClient(
        hub.url, max_attempts=2, breaker_threshold=4, backoff_base=0.01, backoff_max=0.05
    ) as warden:
        with pytest.raises(HubUnavailable) as first:
            await warden.unread("ops-warden")
        assert not warden.breaker.is_open  # 2 failures in a row: a blip so far
        with pytest.raises(HubUnavailable) as second:
            await warden.mark_read("msg_1")
        assert warden.breaker.is_open  # 4 in a row: an outage
        assert warden.requests_made == 4
        with pytest.raises(HubUnavailable, match="not sent"):
            await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
        assert warden.requests_made == 4  # nothing more reached the hub
        hub.come_back()
        warden.breaker.reset()  # a new run tries again
        assert await warden.unread("ops-warden") == []
    assert first.value.status == second.value.status == 503
    assert first.value.exit_code == 3
    assert "circuit open" in str(second.value)


async def test_an_answer_closes_the_count_again(hub: HubProcess) -> None:
    async with client(hub.url, max_attempts=4) as warden:
        for _ in range(3):  # 3 failures, then an answer: never 4 in a row
            hub.set_faults(count=3, status=503)
            await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
            assert warden.breaker.consecutive == 0
        assert not warden.breaker.is_open
        assert warden.breaker.failures == 9


async def test_retries_share_one_budget_per_run(hub: HubProcess) -> None:
    async with HubClient(
        hub.url, max_attempts=4, retry_budget=2, backoff_base=0.01, backoff_max=0.05
    ) as warden:
        for _ in range(2):  # each write fails once and is retried: the budget is spent
            hub.set_faults(count=1, status=503)
            await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
        hub.set_faults(count=1, status=503)
        with pytest.raises(HubUnavailable, match="after 1 attempt:"):
            await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
        assert warden.requests_made == 2 + 2 + 1
        warden.breaker.reset()  # the next run has the whole budget again
        hub.set_faults(count=1, status=503)
        await warden.send_message(from_agent="a", to_agent="b", subject="s", body="b")
    assert len(hub.messages()) == 3


async def test_refusals_are_not_outages(hub: HubProcess, tmp_path: Path) -> None:
    async with client(hub.url) as warden:
        for _ in range(6):
            with pytest.raises(HubError) as unknown:
                await warden.mark_read("msg_missing")
            assert not isinstance(unknown.value, HubUnavailable)
        assert not warden.breaker.is_open
    with running_hub(tmp_path, token="right", name="guarded") as guarded:
        async with client(guarded.url, token="wrong") as warden:
            with pytest.raises(HubAccessDenied) as denied:
                await warden.unread("ops-warden")
            assert warden.requests_made == 1
    assert denied.value.status == 401
    assert denied.value.exit_code == 2
    assert "WARDEN_HUB_TOKEN" in str(denied.value)


# -- configuration and secrecy -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["", "localhost:8080", "ftp://hub", "http://", "http://user:pw@hub", "http://hub:99999"],
)
def test_unusable_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError):
        HubClient(url)


async def test_the_base_url_is_normalised() -> None:
    async with HubClient(" http://hub.local:8080/ ") as hub:
        assert hub.base_url == "http://hub.local:8080"


async def test_the_token_is_sent_but_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    token = "hubtoken-" + "q" * 30
    caplog.set_level(logging.DEBUG)
    with running_hub(tmp_path, token=token) as server:
        server.post_message(to_agent="ops-warden")
        monkeypatch.setenv("WARDEN_HUB_TOKEN", token)
        async with client(server.url) as hub:  # the client never reads the environment
            with pytest.raises(HubError):
                await hub.unread("ops-warden")
        async with client(server.url, token=token) as hub:
            assert len(await hub.unread("ops-warden")) == 1
            assert token not in repr(hub)
        async with client(server.url, token=token + "x") as hub:
            with pytest.raises(HubError) as failure:
                await hub.unread("ops-warden")
            assert hub.requests_made == 1
    assert failure.value.status == 401
    assert token not in str(failure.value)
    assert token not in caplog.text


async def test_a_body_outside_the_contract_is_refused_before_it_is_sent(tmp_path: Path) -> None:
    """The client builds its request bodies with the wire models the hub validates with: what
    the hub would refuse (here a subject over its limit) never leaves the process."""
    with running_hub(tmp_path) as server:
        async with client(server.url) as hub:
            with pytest.raises(HubError, match=r"NewMessage .*\(subject\)") as refused:
                await hub.send_message(
                    from_agent="ops-warden", to_agent="svc", subject="s" * 1_001, body="b"
                )
            assert hub.requests_made == 0
            assert refused.value.exit_code == ExitCode.CONFIG
            created = await hub.send_message(
                from_agent="ops-warden", to_agent="svc", subject="s" * 1_000, body="b"
            )
            assert hub.requests_made == 1
        assert [m["id"] for m in server.messages(from_agent="ops-warden")] == [created]
