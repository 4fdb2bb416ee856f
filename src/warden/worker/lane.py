"""The CPU work of a run's messages (pre-checks, prompts) in one worker thread, earliest
message first.

While the brain's calls are in flight, the event loop must be free to read their answers as
they come; the pre-check and the prompt of the next messages are CPU work (milliseconds each)
and run meanwhile in a thread. One thread, not a pool: pure-Python work does not run in
parallel under the GIL, and several threads would only share it out, so that the first
message's pre-check finished last of a batch. Work is taken by message order: the prompt of
message 0 comes before the pre-check of message 5, so the first calls go out as soon as
their own work is done.

Outside a run's lane (`run_lane`), `in_lane` is `asyncio.to_thread`."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

_lane: contextvars.ContextVar[Lane | None] = contextvars.ContextVar("warden_lane", default=None)
_order: contextvars.ContextVar[int] = contextvars.ContextVar("warden_lane_order", default=0)


class Lane:
    """One thread that runs submitted work lowest `order` first (ties: first come)."""

    def __init__(self) -> None:
        self._queue: list[tuple[int, int, Callable[[], Any], Future[Any]]] = []
        self._count = itertools.count()
        self._wake = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._work, name="warden-lane", daemon=True)
        self._thread.start()

    def submit(self, order: int, work: Callable[[], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        with self._wake:
            if self._closed:
                raise RuntimeError("the lane is closed")
            heapq.heappush(self._queue, (order, next(self._count), work, future))
            self._wake.notify()
        return future

    def close(self) -> None:
        """No new work; what is queued is cancelled; the thread ends."""
        with self._wake:
            self._closed = True
            for *_, future in self._queue:
                future.cancel()
            self._queue.clear()
            self._wake.notify()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._queue and not self._closed:
                    self._wake.wait()
                if not self._queue:
                    return
                *_, work, future = heapq.heappop(self._queue)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = work()
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)


@contextlib.contextmanager
def run_lane() -> Iterator[Lane]:
    """A lane for one run: `in_lane` calls made meanwhile (in this context and the tasks it
    starts) use it; closed at the end."""
    lane = Lane()
    token = _lane.set(lane)
    try:
        yield lane
    finally:
        _lane.reset(token)
        lane.close()


def set_order(order: int) -> None:
    """The message order of this task's lane work (call it at the start of its own task)."""
    _order.set(order)


async def in_lane[T](work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(*args, **kwargs)` in the run's lane, by this task's message order."""
    lane = _lane.get()
    if lane is None:
        return await asyncio.to_thread(work, *args, **kwargs)
    context = contextvars.copy_context()
    future = lane.submit(_order.get(), lambda: context.run(work, *args, **kwargs))
    return await asyncio.wrap_future(future)
