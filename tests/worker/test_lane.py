"""The run's lane: one thread, lowest message order first, results and errors handed back
to the awaiting task, nothing run after it is closed or its task cancelled."""

from __future__ import annotations

import asyncio
import threading

import pytest

from warden.worker import lane
from warden.worker.lane import Lane, in_lane, run_lane, set_order


async def test_work_is_taken_earliest_message_first() -> None:
    done: list[int] = []
    gate = threading.Event()

    def work(order: int) -> int:
        gate.wait(5)  # the first piece holds the thread until everything is queued
        done.append(order)
        return order * 10

    async def message(order: int) -> int:
        set_order(order)
        return await in_lane(work, order)

    with run_lane():
        first = asyncio.create_task(message(7))
        await asyncio.sleep(0.05)  # 7 is running, alone
        rest = [asyncio.create_task(message(order)) for order in (5, 3, 9, 0, 3)]
        await asyncio.sleep(0.05)
        gate.set()
        results = await asyncio.gather(first, *rest)
    assert results == [70, 50, 30, 90, 0, 30]
    assert done == [7, 0, 3, 3, 5, 9]


async def test_one_thread_for_all_of_it() -> None:
    with run_lane():
        names = await asyncio.gather(
            *(in_lane(lambda: threading.current_thread().name) for _ in range(20))
        )
    assert set(names) == {"warden-lane"}


async def test_errors_reach_the_awaiting_task_and_the_lane_goes_on() -> None:
    def fail() -> None:
        raise ValueError("bad message")

    with run_lane():
        with pytest.raises(ValueError, match="bad message"):
            await in_lane(fail)
        assert await in_lane(sum, [1, 2, 3]) == 6


async def test_cancelled_work_that_has_not_started_never_runs() -> None:
    ran: list[str] = []
    gate = threading.Event()
    with run_lane():
        blocker = asyncio.create_task(in_lane(gate.wait, 5))
        await asyncio.sleep(0.05)
        waiting = asyncio.create_task(in_lane(ran.append, "late"))
        await asyncio.sleep(0.05)
        waiting.cancel()
        await asyncio.sleep(0.01)
        gate.set()
        assert await blocker is True
        await asyncio.sleep(0.05)
    assert ran == []


def test_a_closed_lane_takes_nothing_and_cancels_what_waits() -> None:
    lane_ = Lane()
    gate, started = threading.Event(), threading.Event()

    def hold() -> bool:
        started.set()
        return gate.wait(5)

    running = lane_.submit(0, hold)
    assert started.wait(5)
    queued = lane_.submit(1, lambda: "never")
    lane_.close()
    gate.set()
    assert running.result(5) is True
    assert queued.cancelled()
    with pytest.raises(RuntimeError, match="closed"):
        lane_.submit(0, lambda: None)


async def test_outside_a_run_it_is_a_worker_thread() -> None:
    assert lane._lane.get() is None
    name = await in_lane(lambda: threading.current_thread().name)
    assert name != "warden-lane"
    assert name != threading.main_thread().name
