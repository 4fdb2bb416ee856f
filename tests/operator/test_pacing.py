"""Normal Events wait for a quiet moment (at most max_delay); Warnings go at once, after the
Normal Events of the same object that wait; nothing is lost or posted twice."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

from warden.operator.pacing import EventPacer
from warden.operator.status import Event


def body(uid: str) -> dict[str, Any]:
    return {"metadata": {"name": uid, "namespace": "team-a", "uid": uid}}


def recorder(first: asyncio.Event | None = None) -> tuple[list[tuple[str, str]], EventPacer]:
    posted: list[tuple[str, str]] = []

    def post(worker: Mapping[str, Any], event: Event) -> None:
        posted.append((worker["metadata"]["uid"], event.reason))
        if first is not None:
            first.set()

    return posted, EventPacer(post, max_delay=0.5)


async def test_normal_events_wait_until_no_reconcile_is_in_flight() -> None:
    posted, pacer = recorder()
    with pacer.working():
        pacer.post(body("a"), Event("Normal", "CronJobCreated", "created CronJob a"))
        with pacer.working():
            pacer.post(body("b"), Event("Normal", "CronJobCreated", "created CronJob b"))
        await asyncio.sleep(0.05)
        assert posted == []  # one reconcile still in flight
    await asyncio.sleep(0.05)
    assert posted == [("a", "CronJobCreated"), ("b", "CronJobCreated")]
    await asyncio.sleep(0.6)
    assert len(posted) == 2  # once


async def test_a_busy_operator_posts_them_at_most_max_delay_late() -> None:
    first = asyncio.Event()
    posted, pacer = recorder(first)
    started = time.monotonic()
    with pacer.working():
        pacer.post(body("a"), Event("Normal", "CronJobCreated", "m"))
        await asyncio.wait_for(first.wait(), 5)
        late = time.monotonic() - started
        assert 0.45 <= late < 2.0, late  # not before max_delay; then soon
        pacer.post(body("b"), Event("Normal", "CronJobUpdated", "m"))
    await asyncio.sleep(0.05)
    assert posted == [("a", "CronJobCreated"), ("b", "CronJobUpdated")]


async def test_a_warning_goes_at_once_after_what_waits_for_its_object() -> None:
    posted, pacer = recorder()
    with pacer.working():
        pacer.post(body("a"), Event("Normal", "CronJobCreated", "m"))
        pacer.post(body("b"), Event("Normal", "CronJobCreated", "m"))
        pacer.post(body("a"), Event("Warning", "DriftCorrected", "m"))
        assert posted == [("a", "CronJobCreated"), ("a", "DriftCorrected")]
    await asyncio.sleep(0.05)
    assert posted[2:] == [("b", "CronJobCreated")]


async def test_closing_posts_what_waits() -> None:
    posted, pacer = recorder()
    with pacer.working():
        pacer.post(body("a"), Event("Normal", "CronJobCreated", "m"))
        pacer.close()
        assert posted == [("a", "CronJobCreated")]
    await asyncio.sleep(0.05)
    assert posted == [("a", "CronJobCreated")]


async def test_a_failed_reconcile_leaves_the_operator_quiet() -> None:
    posted, pacer = recorder()
    try:
        with pacer.working():
            pacer.post(body("a"), Event("Normal", "CronJobCreated", "m"))
            raise RuntimeError("the reconcile failed")
    except RuntimeError:
        pass
    await asyncio.sleep(0.05)
    assert (pacer.busy, posted) == (0, [("a", "CronJobCreated")])
