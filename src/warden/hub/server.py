"""The reference State Hub: an aiohttp app over `HubStore`. The contract is docs/hub-api.md.

SQLite calls run on a small thread pool so a write waiting for another process's lock never
stalls the event loop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware
from pydantic import BaseModel, ValidationError

from warden.core.wire import MAX_PAGE_SIZE, FaultPlan, NewMessage, NewProgress, describe
from warden.hub.store import HubStore, StoredResponse, UnknownMessage

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 512 * 1024
DEFAULT_PAGE_SIZE = 100
_CURSOR_RE = re.compile(r"^c(\d{1,18})$")
_MAX_KEY_CHARS = 200

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class _BadRequest(Exception):
    """A client error to answer with 400 and this one-line text."""


@dataclass
class _Faults:
    """Injected failures (tests only). Counts the requests in the plan's scope (the
    contract's writes, or all its requests) in this process."""

    plan: FaultPlan | None = None
    passed: int = 0
    failed: int = 0

    def arm(self, plan: FaultPlan | None) -> None:
        self.plan, self.passed, self.failed = plan, 0, 0

    def next_request(self, *, write: bool) -> FaultPlan | None:
        plan = self.plan
        if plan is None or not (write or plan.scope == "all"):
            return None
        if self.passed < plan.fail_writes_after:
            self.passed += 1
            return None
        self.failed += 1
        if self.failed >= plan.count:
            self.plan = None
        return plan


class _Hub:
    def __init__(self, store: HubStore, executor: ThreadPoolExecutor, faults: _Faults | None):
        self.store = store
        self.executor = executor
        self.faults = faults

    async def _run[T](self, call: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.executor, call)

    # -- the contract ----------------------------------------------------------------------------

    async def inbox(self, request: web.Request) -> web.Response:
        return await self._page(request, self.store.inbox, "messages")

    async def handoffs(self, request: web.Request) -> web.Response:
        return await self._page(request, self.store.handoffs, "handoffs")

    async def _page(
        self, request: web.Request, fetch: Callable[..., Any], field: str
    ) -> web.Response:
        """One page of an agent's list (inbox or handoffs): same query, cursor and shape."""
        fault = await self._fault(write=False)
        if fault is not None:
            return _error(fault.status, "injected fault")
        query = request.query
        unread_only = _flag(query.get("unread", "false"), "unread")
        limit = _int(query.get("limit", str(DEFAULT_PAGE_SIZE)), "limit", 1, MAX_PAGE_SIZE)
        after_seq = _cursor(query.get("cursor"))
        page = await self._run(
            partial(
                fetch,
                request.match_info["agent"],
                unread_only=unread_only,
                after_seq=after_seq,
                limit=limit,
            )
        )
        cursor = None if page.last_seq is None else f"c{page.last_seq}"
        return web.json_response({field: getattr(page, field), "next_cursor": cursor})

    async def mark_read(self, request: web.Request) -> web.Response:
        message_id = request.match_info["id"]
        key = _idempotency_key(request)
        try:
            return await self._write(partial(self.store.mark_read, message_id, idempotency_key=key))
        except UnknownMessage:
            return _error(404, f"no message with id {message_id!r}")

    async def post_message(self, request: web.Request) -> web.Response:
        new = await _parse(request, NewMessage)
        key = _idempotency_key(request)
        return await self._write(
            partial(self.store.add_message, **new.model_dump(), idempotency_key=key)
        )

    async def post_progress(self, request: web.Request) -> web.Response:
        new = await _parse(request, NewProgress)
        key = _idempotency_key(request)
        return await self._write(
            partial(self.store.add_progress, **new.model_dump(), idempotency_key=key)
        )

    async def _fault(self, *, write: bool) -> FaultPlan | None:
        """The fault to inject into this request, if any, after its delay."""
        fault = self.faults.next_request(write=write) if self.faults is not None else None
        if fault is not None and fault.delay_seconds:
            await asyncio.sleep(fault.delay_seconds)
        return fault

    async def _write(self, write: Callable[[], StoredResponse]) -> web.Response:
        fault = await self._fault(write=True)
        if fault is not None and fault.mode == "before_commit":
            return _error(fault.status, "injected fault before commit")
        stored = await self._run(write)
        if fault is not None:
            return _error(fault.status, "injected fault after commit")
        if not stored.body:
            return web.Response(status=stored.status)
        return web.Response(status=stored.status, text=stored.body, content_type="application/json")

    # -- reference hub only: inspection and fault injection ----------------------------------------

    async def healthz(self, _request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def list_messages(self, request: web.Request) -> web.Response:
        filters = _filters(request, "to_agent", "from_agent", "in_reply_to")
        messages = await self._run(partial(self.store.messages, **filters))
        return web.json_response({"messages": messages})

    async def list_progress(self, request: web.Request) -> web.Response:
        filters = _filters(request, "message_id", "agent")
        events = await self._run(partial(self.store.progress, **filters))
        return web.json_response({"events": events})

    async def set_faults(self, request: web.Request) -> web.Response:
        assert self.faults is not None
        self.faults.arm(await _parse(request, FaultPlan))
        return web.Response(status=204)

    async def clear_faults(self, _request: web.Request) -> web.Response:
        assert self.faults is not None
        self.faults.arm(None)
        return web.Response(status=204)


def create_app(
    store: HubStore,
    *,
    token: str | None = None,
    fault_injection: bool = False,
    executor: ThreadPoolExecutor | None = None,
) -> web.Application:
    """The hub as an aiohttp application. `token` (when set) is required on every route but
    /healthz. Fault-injection routes exist only when `fault_injection` is true."""
    pool = executor or ThreadPoolExecutor(max_workers=4, thread_name_prefix="hub-db")
    hub = _Hub(store, pool, _Faults() if fault_injection else None)
    app = web.Application(
        client_max_size=MAX_REQUEST_BYTES,
        middlewares=[_json_errors, _auth_middleware(token)],
    )
    app.add_routes(
        [
            web.get("/healthz", hub.healthz, allow_head=False),
            web.get("/v1/agents/{agent}/inbox", hub.inbox, allow_head=False),
            web.get("/v1/agents/{agent}/handoffs", hub.handoffs, allow_head=False),
            web.post("/v1/messages/{id}/read", hub.mark_read),
            web.post("/v1/messages", hub.post_message),
            web.post("/v1/progress", hub.post_progress),
            web.get("/v1/messages", hub.list_messages, allow_head=False),
            web.get("/v1/progress", hub.list_progress, allow_head=False),
        ]
    )
    if fault_injection:
        app.add_routes([web.post("/v1/_faults", hub.set_faults)])
        app.add_routes([web.delete("/v1/_faults", hub.clear_faults)])
    if executor is None:

        async def _shutdown_pool(_app: web.Application) -> None:
            pool.shutdown(wait=True)

        app.on_cleanup.append(_shutdown_pool)
    return app


async def serve(
    *,
    db_path: Path,
    host: str,
    port: int,
    token: str | None,
    fault_injection: bool,
    ready: Callable[[str], None],
) -> None:
    """Serve until SIGTERM or SIGINT. `ready` gets the base URL once the port is bound
    (useful with port 0)."""
    store = HubStore(db_path)
    runner = web.AppRunner(create_app(store, token=token, fault_injection=fault_injection))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        bound_port = runner.addresses[0][1]
        shown_host = f"[{host}]" if ":" in host else host
        ready(f"http://{shown_host}:{bound_port}")
        await stop.wait()
    finally:
        await runner.cleanup()
        store.close()


# -- middlewares and request helpers -----------------------------------------------------------


def _error(status: int, text: str) -> web.Response:
    return web.json_response({"error": text}, status=status)


@web.middleware
async def _json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every error is JSON `{"error": ...}`, including aiohttp's own 404/405/413."""
    try:
        return await handler(request)
    except _BadRequest as exc:
        return _error(400, str(exc))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return _error(exc.status, exc.reason)
    except Exception:
        log.exception("hub: unexpected error on %s %s", request.method, request.path)
        return _error(500, "internal error")


def _auth_middleware(token: str | None) -> Middleware:
    expected = f"Bearer {token}".encode() if token else None

    @web.middleware
    async def _auth(request: web.Request, handler: Handler) -> web.StreamResponse:
        if expected is not None and request.path != "/healthz":
            given = request.headers.get("Authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return _error(401, "missing or wrong bearer token")
        return await handler(request)

    return _auth


async def _parse[M: BaseModel](request: web.Request, model: type[M]) -> M:
    raw = await request.read()
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise _BadRequest("request body is not valid JSON") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _BadRequest(f"invalid request: {describe(exc)}") from None


def _idempotency_key(request: web.Request) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key) <= _MAX_KEY_CHARS:
        raise _BadRequest(f"Idempotency-Key must have 1 to {_MAX_KEY_CHARS} characters")
    return key


def _flag(value: str, name: str) -> bool:
    if value.lower() in ("true", "1"):
        return True
    if value.lower() in ("false", "0"):
        return False
    raise _BadRequest(f"{name} must be true or false")


def _int(value: str, name: str, low: int, high: int) -> int:
    if not value.isdigit() or not low <= int(value) <= high:
        raise _BadRequest(f"{name} must be an integer from {low} to {high}")
    return int(value)


def _cursor(value: str | None) -> int:
    """The position an opaque cursor (`c<seq>`) marks; 0 (the start) when there is none."""
    if value is None:
        return 0
    match = _CURSOR_RE.match(value)
    if match is None:
        raise _BadRequest("invalid cursor")
    return int(match.group(1))


def _filters(request: web.Request, *names: str) -> dict[str, str | None]:
    return {name: request.query.get(name) for name in names}
