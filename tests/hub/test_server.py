"""The reference State Hub honours the contract in docs/hub-api.md, over real HTTP."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.hub import HubProcess, running_hub

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
MESSAGE_FIELDS = {"id", "from_agent", "to_agent", "subject", "body", "created_at", "thread_id"}


def inbox(hub: HubProcess, agent: str, **params: Any) -> dict[str, Any]:
    response = hub.request("GET", f"/v1/agents/{agent}/inbox", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def post(hub: HubProcess, path: str, payload: Any, key: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    return hub.request("POST", path, json=payload, headers=headers)


def message(to_agent: str = "ops-warden", **fields: Any) -> dict[str, Any]:
    return {"from_agent": "build-bot", "to_agent": to_agent, "subject": "s", "body": "b"} | fields


# -- the contract ---------------------------------------------------------------------------------


def test_healthz(shared_hub: HubProcess) -> None:
    response = shared_hub.request("GET", "/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_posted_message_arrives_in_the_inbox_with_every_field(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    response = post(hub, "/v1/messages", message(agent, subject="SSH?", body="who owns ssh?"))
    assert response.status_code == 201
    message_id = response.json()["id"]
    assert re.fullmatch(r"msg_[0-9a-f]{32}", message_id)

    page = inbox(hub, agent, unread="true")
    assert page["next_cursor"] is None
    [got] = page["messages"]
    assert set(got) == MESSAGE_FIELDS
    assert got["id"] == message_id
    assert (got["from_agent"], got["to_agent"]) == ("build-bot", agent)
    assert (got["subject"], got["body"]) == ("SSH?", "who owns ssh?")
    assert got["thread_id"] == message_id  # a new message starts its own thread
    assert ISO_UTC.match(got["created_at"])
    assert inbox(hub, agent + "-else")["messages"] == []


def test_inbox_is_oldest_first_and_unread_filters(shared_hub: HubProcess, agent: str) -> None:
    hub = shared_hub
    ids = [hub.post_message(to_agent=agent, subject=f"m{i}") for i in range(3)]
    assert hub.request("POST", f"/v1/messages/{ids[1]}/read").status_code == 204

    unread = [m["id"] for m in inbox(hub, agent, unread="true")["messages"]]
    everything = [m["id"] for m in inbox(hub, agent)["messages"]]
    assert unread == [ids[0], ids[2]]
    assert everything == ids
    assert [m["id"] for m in inbox(hub, agent, unread="false")["messages"]] == ids


def test_cursor_pagination_is_stable_while_messages_are_read_and_added(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    ids = [hub.post_message(to_agent=agent, subject=f"m{i}") for i in range(7)]

    first = inbox(hub, agent, unread="true", limit=3)
    assert [m["id"] for m in first["messages"]] == ids[:3]
    assert isinstance(first["next_cursor"], str)
    for got in first["messages"]:  # a worker reads its page, then fetches the next one
        hub.request("POST", f"/v1/messages/{got['id']}/read")
    late = hub.post_message(to_agent=agent, subject="late")

    second = inbox(hub, agent, unread="true", limit=3, cursor=first["next_cursor"])
    third = inbox(hub, agent, unread="true", limit=3, cursor=second["next_cursor"])
    assert [m["id"] for m in second["messages"]] == ids[3:6]
    assert [m["id"] for m in third["messages"]] == [ids[6], late]
    assert third["next_cursor"] is None


def test_mark_read_is_idempotent_and_404s_for_unknown_ids(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    message_id = hub.post_message(to_agent=agent)
    for _ in range(2):
        response = hub.request("POST", f"/v1/messages/{message_id}/read")
        assert (response.status_code, response.content) == (204, b"")
    assert [m["read"] for m in hub.messages(to_agent=agent)] == [True]

    missing = hub.request("POST", "/v1/messages/msg_nope/read")
    assert missing.status_code == 404
    assert "msg_nope" in missing.json()["error"]


def test_replies_join_the_thread_of_the_message_they_answer(
    shared_hub: HubProcess, agent: str
) -> None:
    hub, asker = shared_hub, agent + "-asker"
    question = hub.post_message(to_agent=agent, from_agent=asker)
    reply = post(
        hub, "/v1/messages", message(asker, from_agent=agent, in_reply_to=question)
    ).json()["id"]
    follow_up = hub.post_message(to_agent=agent, from_agent=asker, in_reply_to=reply)

    [stored_reply] = hub.messages(in_reply_to=question)
    assert stored_reply["id"] == reply
    assert stored_reply["read"] is False
    assert [m["thread_id"] for m in inbox(hub, asker)["messages"]] == [question]
    assert inbox(hub, agent)["messages"][1]["thread_id"] == question
    assert hub.messages(from_agent=agent) == [stored_reply]
    assert [m["id"] for m in hub.messages(to_agent=agent)] == [question, follow_up]


def test_progress_events_are_stored_and_listed(shared_hub: HubProcess, agent: str) -> None:
    hub = shared_hub
    event = {
        "agent": agent,
        "message_id": f"msg_{agent}",
        "kind": "escalated",
        "summary": "asks for a secret",
        "data": {"reason": "secret request", "count": 2},
    }
    response = post(hub, "/v1/progress", event)
    assert response.status_code == 201
    event_id = response.json()["id"]
    post(hub, "/v1/progress", event | {"message_id": "other"})

    [stored] = hub.progress(message_id=f"msg_{agent}")
    assert stored["id"] == event_id
    assert {k: stored[k] for k in event} == event
    assert ISO_UTC.match(stored["created_at"])
    assert len(hub.progress(agent=agent)) == 2
    assert hub.progress(agent=agent + "-nobody") == []


def handoffs(hub: HubProcess, agent: str, **params: Any) -> dict[str, Any]:
    response = hub.request("GET", f"/v1/agents/{agent}/handoffs", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def progress_event(agent: str, message_id: str, kind: str) -> dict[str, Any]:
    return {"agent": agent, "message_id": message_id, "kind": kind, "summary": "", "data": {}}


def test_handoffs_list_each_handed_off_message_once_oldest_first(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    m1, m2, m3, m4 = (hub.post_message(to_agent=agent, subject=f"m{i}") for i in range(4))
    post(hub, "/v1/progress", progress_event(agent, m1, "audit"))
    post(hub, "/v1/progress", progress_event(agent, m3, "review_requested"))
    post(hub, "/v1/progress", progress_event(agent, m2, "escalation"))
    post(hub, "/v1/progress", progress_event(agent, m3, "escalation"))  # already handed off
    post(hub, "/v1/progress", progress_event(agent, m4, "note"))
    post(hub, "/v1/progress", progress_event(agent + "-other", m4, "escalation"))

    page = handoffs(hub, agent)
    assert page["next_cursor"] is None
    assert [(h["message_id"], h["kind"]) for h in page["handoffs"]] == [
        (m3, "review_requested"),
        (m2, "escalation"),
    ]
    assert all(set(h) == {"message_id", "kind", "created_at"} for h in page["handoffs"])
    assert all(ISO_UTC.match(h["created_at"]) for h in page["handoffs"])


def test_handoffs_are_idempotent_and_unknown_agents_have_none(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    mid = hub.post_message(to_agent=agent)
    event = progress_event(agent, mid, "escalation")
    first = post(hub, "/v1/progress", event, key=f"{agent}-esc")
    again = post(hub, "/v1/progress", event, key=f"{agent}-esc")
    assert first.json() == again.json()
    assert [h["message_id"] for h in handoffs(hub, agent)["handoffs"]] == [mid]
    assert handoffs(hub, agent + "-nobody") == {"handoffs": [], "next_cursor": None}
    assert handoffs(hub, agent + "-nobody", unread="true")["handoffs"] == []


def test_handoffs_paginate_stably_and_filter_unread(shared_hub: HubProcess, agent: str) -> None:
    hub = shared_hub
    ids = [hub.post_message(to_agent=agent) for _ in range(5)]
    for mid in ids:
        post(hub, "/v1/progress", progress_event(agent, mid, "escalation"))
    post(hub, "/v1/progress", progress_event(agent, "msg_unknown", "escalation"))

    first = handoffs(hub, agent, limit=2)
    assert [h["message_id"] for h in first["handoffs"]] == ids[:2]
    hub.request("POST", f"/v1/messages/{ids[2]}/read")  # a human is done with it
    second = handoffs(hub, agent, limit=2, cursor=first["next_cursor"])
    assert [h["message_id"] for h in second["handoffs"]] == ids[2:4]
    third = handoffs(hub, agent, limit=2, cursor=second["next_cursor"])
    assert [h["message_id"] for h in third["handoffs"]] == [ids[4], "msg_unknown"]
    assert third["next_cursor"] is None

    unread = handoffs(hub, agent, unread="true", limit=500)
    assert [h["message_id"] for h in unread["handoffs"]] == ids[:2] + ids[3:]
    assert unread["next_cursor"] is None
    page = handoffs(hub, agent, unread="true", limit=2, cursor=first["next_cursor"])
    assert [h["message_id"] for h in page["handoffs"]] == ids[3:]
    assert page["next_cursor"] is None


# -- idempotency ----------------------------------------------------------------------------------


def test_a_repeated_idempotency_key_replays_the_original_answer(
    shared_hub: HubProcess, agent: str
) -> None:
    hub = shared_hub
    first = post(hub, "/v1/messages", message(agent, subject="once"), key=f"{agent}-1")
    again = post(hub, "/v1/messages", message(agent, subject="changed"), key=f"{agent}-1")
    other = post(hub, "/v1/messages", message(agent, subject="twice"), key=f"{agent}-2")

    assert (again.status_code, again.json()) == (first.status_code, first.json())
    assert other.json() != first.json()
    assert [m["subject"] for m in hub.messages(to_agent=agent)] == ["once", "twice"]


def test_idempotency_keys_are_per_endpoint(shared_hub: HubProcess, agent: str) -> None:
    hub = shared_hub
    event = {"agent": agent, "message_id": "m", "kind": "k", "summary": "", "data": {}}
    message_id = post(hub, "/v1/messages", message(agent), key=agent).json()["id"]
    event_id = post(hub, "/v1/progress", event, key=agent).json()["id"]
    assert post(hub, "/v1/progress", event, key=agent).json()["id"] == event_id

    read = hub.request(
        "POST", f"/v1/messages/{message_id}/read", headers={"Idempotency-Key": agent}
    )
    assert read.status_code == 204
    assert len(hub.messages(to_agent=agent)) == 1
    assert len(hub.progress(agent=agent)) == 1


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "body"),
        (b'{"from_agent": "a", "subject": "s"}', "to_agent"),
        (b'{"from_agent": "", "to_agent": "b"}', "from_agent"),
        (b'{"from_agent": "a", "to_agent": "b", "priority": 1}', "priority"),
        (b'{"from_agent": "a", "to_agent": "b", "body": 7}', "body"),
        (b'{"from_agent": "a", "to_agent": "b", "body": "' + b"x" * 70_000 + b'"}', "body"),
    ],
    ids=["bad-json", "not-object", "missing", "empty", "extra", "wrong-type", "too-long"],
)
def test_bad_message_bodies_are_400_and_write_nothing(
    shared_hub: HubProcess, payload: bytes, error: str
) -> None:
    before = len(shared_hub.messages())
    response = shared_hub.request("POST", "/v1/messages", content=payload)
    assert response.status_code == 400
    assert error in response.json()["error"]
    assert "x" * 100 not in response.text  # errors never echo the values
    assert len(shared_hub.messages()) == before


@pytest.mark.parametrize(
    "params",
    [{"limit": "0"}, {"limit": "501"}, {"limit": "ten"}, {"unread": "maybe"}, {"cursor": "x1"}],
)
@pytest.mark.parametrize("endpoint", ["inbox", "handoffs"])
def test_bad_inbox_queries_are_400(
    shared_hub: HubProcess, params: dict[str, str], endpoint: str
) -> None:
    response = shared_hub.request("GET", f"/v1/agents/ops-warden/{endpoint}", params=params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_bad_progress_key_and_size_limits(shared_hub: HubProcess, agent: str) -> None:
    hub = shared_hub
    before = (len(hub.messages()), len(hub.progress()))
    no_kind = {"agent": agent, "message_id": "m", "summary": "s", "data": {}}
    assert post(hub, "/v1/progress", no_kind).status_code == 400
    assert post(hub, "/v1/messages", message(agent), key="k" * 201).status_code == 400
    huge = hub.request("POST", "/v1/messages", content=b"x" * (600 * 1024))
    assert huge.status_code == 413
    assert huge.json()["error"]
    assert (len(hub.messages()), len(hub.progress())) == before


def test_unknown_routes_and_methods_answer_json(shared_hub: HubProcess) -> None:
    missing = shared_hub.request("GET", "/v2/nothing")
    wrong_method = shared_hub.request("DELETE", "/v1/messages")
    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    assert missing.json()["error"]
    assert wrong_method.json()["error"]


# -- auth -----------------------------------------------------------------------------------------


def test_a_configured_token_is_required_everywhere_but_healthz(tmp_path: Path) -> None:
    token = "test-token-" + "z" * 24
    with running_hub(tmp_path, token=token) as hub:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": token}):
            for endpoint in ("inbox", "handoffs"):
                response = httpx.get(f"{hub.url}/v1/agents/a/{endpoint}", headers=headers)
                assert response.status_code == 401
                assert response.json() == {"error": "missing or wrong bearer token"}
            response = httpx.post(f"{hub.url}/v1/messages", json=message(), headers=headers)
            assert response.status_code == 401
        assert httpx.get(f"{hub.url}/healthz").status_code == 200
        hub.post_message(to_agent="a")  # the handle sends the right token
        assert len(hub.messages()) == 1
        hub.stop()
        assert token not in hub.log()


# -- durability and concurrency -------------------------------------------------------------------


def test_a_restart_keeps_messages_read_flags_progress_and_keys(hub: HubProcess) -> None:
    kept = post(hub, "/v1/messages", message(), key="k").json()["id"]
    hub.request("POST", f"/v1/messages/{kept}/read")
    post(hub, "/v1/progress", {"agent": "a", "message_id": kept, "kind": "k", "data": {"n": 1}})
    before = (hub.messages(), hub.progress())

    hub.restart()

    assert (hub.messages(), hub.progress()) == before
    assert post(hub, "/v1/messages", message(), key="k").json()["id"] == kept
    assert len(hub.messages()) == 1


def test_a_crash_keeps_every_acknowledged_write(hub: HubProcess) -> None:
    ids = [hub.post_message(to_agent="ops-warden") for _ in range(5)]
    hub.kill()
    hub.start()
    assert [m["id"] for m in hub.messages()] == ids


async def test_two_servers_on_one_database_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    with (
        running_hub(tmp_path, db_path=db, name="a") as hub_a,
        running_hub(tmp_path, db_path=db, name="b") as hub_b,
    ):
        limits = httpx.Limits(max_connections=20)
        async with httpx.AsyncClient(limits=limits, timeout=30) as http:

            async def send(url: str, subject: str, key: str | None) -> str:
                headers = {"Idempotency-Key": key} if key else {}
                payload = message(subject=subject)
                response = await http.post(f"{url}/v1/messages", json=payload, headers=headers)
                assert response.status_code == 201, response.text
                message_id: str = response.json()["id"]
                return message_id

            # 60 keys, each sent once to each server at the same time, plus 80 keyless posts.
            keyed = [
                send(hub.url, f"keyed-{i}", f"key-{i}") for i in range(60) for hub in (hub_a, hub_b)
            ]
            plain = [send((hub_a, hub_b)[i % 2].url, f"plain-{i}", None) for i in range(80)]
            ids = await asyncio.gather(*keyed, *plain)

            # every pair of keyed posts got one and the same message
            assert all(ids[i] == ids[i + 1] for i in range(0, 120, 2))
            reads = [
                http.post(f"{(hub_a, hub_b)[i % 2].url}/v1/messages/{message_id}/read")
                for i, message_id in enumerate(ids[120:])
            ]
            assert {r.status_code for r in await asyncio.gather(*reads)} == {204}

        stored = hub_a.messages()
        assert hub_b.messages() == stored
        assert len(stored) == 140
        assert len({m["id"] for m in stored}) == 140
        assert sorted(m["subject"] for m in stored) == sorted(
            [f"keyed-{i}" for i in range(60)] + [f"plain-{i}" for i in range(80)]
        )
        assert sum(m["read"] for m in stored) == 80


# -- fault injection (reference hub, tests only) -------------------------------------------------


def test_fault_endpoints_do_not_exist_without_the_flag(tmp_path: Path) -> None:
    with running_hub(tmp_path) as hub:
        assert hub.request("POST", "/v1/_faults", json={"count": 1}).status_code == 404
        assert hub.request("DELETE", "/v1/_faults").status_code == 404


def test_faults_before_commit_write_nothing(hub: HubProcess) -> None:
    hub.set_faults(fail_writes_after=1, count=2, status=503)
    assert post(hub, "/v1/messages", message(subject="ok-1")).status_code == 201
    failed = [post(hub, "/v1/messages", message(subject="lost")) for _ in range(2)]
    assert [r.status_code for r in failed] == [503, 503]
    assert failed[0].json()["error"] == "injected fault before commit"
    assert inbox(hub, "ops-warden")["messages"]  # scope "writes" (default): reads pass
    assert post(hub, "/v1/messages", message(subject="ok-2")).status_code == 201
    assert [m["subject"] for m in hub.messages()] == ["ok-1", "ok-2"]


def test_faults_after_commit_lose_only_the_response(hub: HubProcess) -> None:
    hub.set_faults(count=1, mode="after_commit")
    response = post(hub, "/v1/messages", message(subject="landed"), key="k")
    assert response.status_code == 500
    assert [m["subject"] for m in hub.messages()] == ["landed"]
    retried = post(hub, "/v1/messages", message(subject="landed"), key="k")
    assert retried.status_code == 201
    assert [m["id"] for m in hub.messages()] == [retried.json()["id"]]


def test_faults_can_be_cleared_and_are_validated(hub: HubProcess) -> None:
    hub.set_faults(count=5)
    hub.clear_faults()
    assert post(hub, "/v1/messages", message()).status_code == 201
    bad = hub.request("POST", "/v1/_faults", json={"count": 1, "mode": "sometimes"})
    assert bad.status_code == 400
    assert "mode" in bad.json()["error"]


def test_a_hub_that_goes_down_fails_reads_and_writes_until_it_comes_back(hub: HubProcess) -> None:
    assert post(hub, "/v1/messages", message(subject="before")).status_code == 201
    hub.go_down(after=1)
    assert hub.request("GET", "/v1/agents/ops-warden/inbox").status_code == 200  # the one
    down = [
        hub.request("GET", "/v1/agents/ops-warden/inbox"),
        hub.request("GET", "/v1/agents/ops-warden/handoffs"),
        post(hub, "/v1/messages", message(subject="lost")),
        post(hub, "/v1/progress", {"agent": "a", "message_id": "m", "kind": "note"}),
        hub.request("POST", "/v1/messages/msg_1/read"),
    ]
    assert [r.status_code for r in down] == [503] * 5
    assert all(r.json()["error"].startswith("injected fault") for r in down)
    # The test's own view of the hub stays up: health and the inspection endpoints.
    assert hub.request("GET", "/healthz").status_code == 200
    assert [m["subject"] for m in hub.messages()] == ["before"]
    hub.come_back()
    assert inbox(hub, "ops-warden")["messages"][0]["subject"] == "before"
    assert post(hub, "/v1/messages", message(subject="after")).status_code == 201


def test_an_injected_delay_makes_a_hub_that_hangs(hub: HubProcess) -> None:
    hub.set_faults(count=1, scope="all", delay_seconds=2.0, status=504)
    with pytest.raises(httpx.ReadTimeout):
        hub.request("GET", "/v1/agents/ops-warden/inbox", timeout=0.3)
    assert hub.request("GET", "/v1/agents/ops-warden/inbox").status_code == 200
