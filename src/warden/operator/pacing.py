"""Normal Events after the work: posted once no reconcile is in flight, or at most
`max_delay` seconds late. Warnings are posted at once.

Under a burst (an operator start over many workers, a release creating many at once) the API
server serves requests in the order they come: an Event that only tells what was done,
posted meanwhile, delays the next worker's CronJob and status. So the Events that tell of
work done wait for a quiet moment; those that ask for attention do not. (client-go's event
recorder is asynchronous and best-effort too.) Order is kept per object: a Warning first
posts the Normal Events of the same object that are waiting."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from warden.operator.status import Event

MAX_DELAY_SECONDS = 5.0

Post = Callable[[Mapping[str, Any], Event], None]


def _uid(body: Mapping[str, Any]) -> str:
    return str((body.get("metadata") or {}).get("uid", ""))


@dataclass
class EventPacer:
    """Holds Normal Events while reconciles are in flight (`working`)."""

    post_now: Post
    max_delay: float = MAX_DELAY_SECONDS
    busy: int = 0
    _pending: list[tuple[float, Mapping[str, Any], Event]] = field(default_factory=list)
    _idle: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def working(self) -> Iterator[None]:
        """Around one reconcile: Normal Events wait while any is in flight."""
        self.busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self.busy -= 1
            if self.busy == 0:
                self._idle.set()

    def post(self, body: Mapping[str, Any], event: Event) -> None:
        if event.type != "Normal":
            uid = _uid(body)
            mine = [item for item in self._pending if _uid(item[1]) == uid]
            if mine:
                self._pending = [item for item in self._pending if _uid(item[1]) != uid]
                self._post_all(mine)
            self.post_now(body, event)
            return
        self._pending.append((time.monotonic(), body, event))
        if self._task is None or self._task.done():
            # The task inherits this context (kopf's event queue lives in a context variable).
            self._task = asyncio.get_running_loop().create_task(self._drain())

    def flush(self) -> None:
        """Post everything that waits now."""
        items, self._pending = self._pending, []
        self._post_all(items)

    def close(self) -> None:
        """The operator is stopping: what waits is posted (kopf's poster sends it while it
        drains), and the waiting stops."""
        self.flush()
        if self._task is not None:
            self._task.cancel()

    async def _drain(self) -> None:
        while self._pending:
            wait = self._pending[0][0] + self.max_delay - time.monotonic()
            if self.busy and wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._idle.wait(), wait)
                continue  # quiet now, or the oldest is due: look again
            self.flush()

    def _post_all(self, items: list[tuple[float, Mapping[str, Any], Event]]) -> None:
        for _, body, event in items:
            self.post_now(body, event)
