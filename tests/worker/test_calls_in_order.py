"""The brain's calls start in the inbox's order, whatever order the pre-checks finish in."""

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
    assert await _run(3, delays, [True] * 6) == [0, 1, 2, 3, 4, 5]


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
