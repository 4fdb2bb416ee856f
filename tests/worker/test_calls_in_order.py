"""The brain's calls start close to the inbox's order, whatever order the pre-checks finish
in: strictly in order with one place, at most `places - 1` ahead of an earlier message with
more."""

from __future__ import annotations

import asyncio

from warden.worker.runner import CallsInOrder


async def _run(places: int, delays: list[float], calls_out: list[bool]) -> list[int]:
    calls = CallsInOrder(places, len(delays))
    started: list[int] = []

    async def plan(index: int) -> None:
        try:
            await asyncio.sleep(delays[index])  # the pre-check, in a worker thread
            if calls_out[index]:
                async with calls.place(index):
                    started.append(index)
                    await asyncio.sleep(0.01)  # the call
        finally:
            calls.pass_turn(index)

    await asyncio.gather(*(plan(i) for i in range(len(delays))))
    return started


async def test_calls_start_in_inbox_order_when_pre_checks_finish_in_reverse() -> None:
    delays = [0.05, 0.04, 0.03, 0.02, 0.01, 0.0]
    assert await _run(1, delays, [True] * 6) == [0, 1, 2, 3, 4, 5]


async def test_with_more_places_no_call_starts_places_or_more_ahead_of_an_earlier_one() -> None:
    delays = [0.06, 0.05, 0.04, 0.03, 0.02, 0.01, 0.0, 0.0]
    started = await _run(3, delays, [True] * 8)
    assert sorted(started) == list(range(8))
    position = {index: at for at, index in enumerate(started)}
    assert all(position[a] < position[b] for a in range(8) for b in range(a + 3, 8))
    assert started != sorted(started)  # a ready message did not wait for a slow one


async def test_a_slow_pre_check_leaves_no_place_idle_when_others_are_ready() -> None:
    # Message 0's pre-check is slow; with four places, 1-3 take theirs at once.
    started = await _run(4, [0.2, 0.0, 0.0, 0.0], [True] * 4)
    assert started[:3] == [1, 2, 3]


async def test_a_message_that_needs_no_call_passes_its_turn() -> None:
    # Messages 1 and 3 are escalated by the pre-check (no call): the rest keep their order.
    delays = [0.03, 0.0, 0.02, 0.0, 0.01]
    assert await _run(1, delays, [True, False, True, False, True]) == [0, 2, 4]


async def test_a_cancelled_message_passes_its_turn() -> None:
    calls = CallsInOrder(1, 2)

    async def first() -> None:
        try:
            await asyncio.sleep(10)
        finally:
            calls.pass_turn(0)

    task = asyncio.create_task(first())
    await asyncio.sleep(0)
    task.cancel()
    async with asyncio.timeout(1):
        async with calls.place(1):
            pass
