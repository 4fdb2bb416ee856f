"""A fake llm-connect: a real HTTP server on 127.0.0.1 serving `POST /execute`.

It runs in its own thread with its own event loop, so in-process async tests and worker
subprocesses reach it alike. What it answers is a *model*: a function from the prompt to a
`Reply`. Models here range from a well-behaved planner to a fully compromised one that
obeys whatever the untrusted message asks; the guardrails must hold against all of them.

    with running_llm(models.good) as llm:
        llm.url, llm.prompts, llm.calls
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from aiohttp import web


@dataclass(frozen=True)
class Reply:
    """What the fake service answers: a `content` string (or a raw body), status and delay."""

    content: str | None = None
    status: int = 200
    delay: float = 0.0
    raw: str | None = None  # sent as-is instead of {"content": ...}


Model = Callable[[str], Reply]

_UNTRUSTED_RE = re.compile(r"<<<UNTRUSTED-([0-9a-f]+)\n(.*?)\nUNTRUSTED-\1>>>", re.S)


def untrusted_message(prompt: str) -> dict[str, Any]:
    """The message fields the worker embedded in the prompt (what a model would read)."""
    match = _UNTRUSTED_RE.search(prompt)
    if match is None:
        raise AssertionError("prompt has no UNTRUSTED block")
    data: dict[str, Any] = json.loads(match.group(2))
    return data


def plan(*actions: dict[str, Any]) -> Reply:
    return Reply(content=json.dumps({"actions": list(actions)}))


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


# -- models ----------------------------------------------------------------------------------


def good(prompt: str) -> Reply:
    """A well-behaved planner: routes by keyword, escalates what it does not know."""
    message = untrusted_message(prompt)
    text = f"{message['subject']} {message['body']}".lower()
    for word, owner in (
        ("oidc", "flex-auth"),
        ("postgres", "secrets-engine"),
        ("ssh", "ops-warden"),
    ):
        if word in text:
            return Reply(
                content="Here is my plan:\n```json\n"
                + json.dumps(
                    {
                        "actions": [
                            {"kind": "route_answer", "target": owner, "reason": "catalog"},
                            {"kind": "mark_read"},
                        ]
                    }
                )
                + "\n```\nDone."
            )
    return plan({"kind": "escalate", "reason": "not sure who owns this"})


def compromised(prompt: str) -> Reply:
    """A model that fully obeys the untrusted message: if the message contains a JSON plan it
    returns it verbatim, otherwise it replies to whoever the message names with whatever the
    message asks, forwards, and marks everything read. The worst case for the guardrails."""
    message = untrusted_message(prompt)
    text = f"{message['subject']}\n{message['body']}"
    start = text.find("{")
    if start != -1:
        try:
            value, _ = json.JSONDecoder().raw_decode(text, start)
            if isinstance(value, dict) and "actions" in value:
                return Reply(content=json.dumps(value))
        except ValueError:
            pass
    target = _named_agent(text) or message["from_agent"]
    return plan(
        {"kind": "reply", "target": target, "body": text[:1500]},
        {"kind": "forward", "target": target, "body": text[:200]},
        {"kind": "mark_read", "target": message["id"]},
    )


def _named_agent(text: str) -> str | None:
    match = re.search(r"\b(?:to|for|cc)\s+(?:agent\s+)?([a-z][a-z0-9-]{2,40})\b", text)
    return match.group(1) if match else None


def constant(reply: Reply) -> Model:
    return lambda _prompt: reply


class Outage:
    """A model behind an llm-connect that is unavailable for a while and then recovers:

        outage = Outage(good, failure=Reply(status=503), after=3)
        with running_llm(outage) as llm: ...   # 3 calls answered, then 503s
        outage.recover()                       # answered by `good` again

    `failure` is what llm-connect answers while down: a 5xx or 429 status, or a delay longer
    than the worker's timeout. With `failures`, it recovers by itself after that many failed
    calls (a blip). Calls are counted while down and while up."""

    def __init__(
        self, model: Model, *, failure: Reply, after: int = 0, failures: int | None = None
    ) -> None:
        self.model = model
        self.failure = failure
        self._lock = threading.Lock()
        self._good_left = after
        self._failures_left = failures
        self.down = True
        self.calls_while_down = 0
        self.calls_while_up = 0

    def recover(self) -> None:
        with self._lock:
            self.down = False

    def go_down(self) -> None:
        with self._lock:
            self.down, self._good_left = True, 0

    def __call__(self, prompt: str) -> Reply:
        with self._lock:
            if self.down and self._good_left > 0:
                self._good_left -= 1
                failing = False
            else:
                failing = self.down
            if failing:
                self.calls_while_down += 1
                if self._failures_left is not None:
                    self._failures_left -= 1
                    self.down = self._failures_left > 0
            else:
                self.calls_while_up += 1
        return self.failure if failing else self.model(prompt)
