"""A fake llm-connect: a real HTTP server on 127.0.0.1 serving `POST /execute`.

It runs in its own thread with its own event loop, so in-process async tests and worker
subprocesses reach it alike. What it answers is a *model* (`tests.support.llm_models`, re-exported
here): a function from the prompt to a `Reply`, from a well-behaved planner to a fully
compromised one.

    with running_llm(models.good) as llm:
        llm.url, llm.prompts, llm.calls
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aiohttp import web

from tests.support.llm_models import (
    Model,
    Outage,
    Reply,
    compromised,
    constant,
    good,
    plan,
    untrusted_message,
)

__all__ = [
    "LlmServer",
    "Model",
    "Outage",
    "Reply",
    "compromised",
    "constant",
    "good",
    "plan",
    "running_llm",
    "untrusted_message",
]


class LlmServer:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.prompts: list[str] = []
        self.url = ""
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.max_in_flight = 0
        self._in_flight = 0

    @property
    def calls(self) -> int:
        with self._lock:
            return len(self.prompts)

    async def _execute(self, request: web.Request) -> web.StreamResponse:
        payload = await request.json()
        prompt = payload.get("prompt")
        if not isinstance(prompt, str):
            return web.json_response({"error": "prompt must be a string"}, status=400)
        with self._lock:
            self.prompts.append(prompt)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            reply = self.model(prompt)
            if reply.delay:
                await asyncio.sleep(reply.delay)
        finally:
            with self._lock:
                self._in_flight -= 1
        if reply.raw is not None:
            return web.Response(text=reply.raw, status=reply.status, content_type="text/plain")
        if reply.status != 200:
            return web.json_response({"error": "model failure"}, status=reply.status)
        return web.json_response({"content": reply.content or ""})

    async def _start(self) -> str:
        app = web.Application()
        app.router.add_post("/execute", self._execute)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self._thread.start()
        self.url = asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@contextmanager
def running_llm(model: Model) -> Iterator[LlmServer]:
    server = LlmServer(model)
    server.start()
    try:
        yield server
    finally:
        server.stop()
