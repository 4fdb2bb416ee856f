"""The worker's async State Hub client (contract: docs/hub-api.md).

Retries are bounded, with exponential backoff and jitter, on 5xx, 429, timeouts and connection
errors - per request (`max_attempts`) and per run (the breaker's `retry_budget`); every write
carries an `Idempotency-Key`, so a retry after a lost response never writes twice. Other 4xx
answers fail at once. The bearer token never appears in logs, reprs or errors.

What a failure means, by type (warden.core.errors): no answer, or 5xx/429 after the retries,
is `HubUnavailable` (exit 3: wait and run again); 401/403 is `HubAccessDenied` and any other
refusal or an answer outside the contract a `HubError` (exit 2 when they stop a run: the
token or the URL is wrong). After `breaker_threshold` unavailable answers in a row the
circuit opens: every later request of the run fails at once, without being sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from types import TracebackType
from typing import Any, Self
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from warden.core.errors import (
    ConfigError,
    HubAccessDenied,
    HubError,
    HubUnavailable,
    HubUnreachable,
)
from warden.core.models import Message
from warden.core.urls import validate_base_url
from warden.core.vocabulary import ENV_HUB_TOKEN, Dependency
from warden.core.wire import (
    MAX_PAGE_SIZE,
    Created,
    HandoffPage,
    InboxPage,
    NewMessage,
    NewProgress,
)
from warden.worker.breaker import CircuitBreaker
from warden.worker.transport import RetryPolicy, tls_verify

log = logging.getLogger(__name__)

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_DENIED_STATUSES = frozenset({401, 403})
# With the defaults a hub that stops answering ends the run within about
# BREAKER_THRESHOLD x timeout (+ < 2 s of backoff): ~40 s if it hangs, ~1 s if it is gone.
BREAKER_THRESHOLD = 4  # unavailable answers in a row that end the run's use of the hub
RETRY_BUDGET = 10  # retries per run, on top of `max_attempts` per request


def idempotency_key(message_id: str, action: str) -> str:
    """The key for `action` on `message_id`: the same in every run, so a worker that crashed
    after a write and handles the message again does not write it twice."""
    return hashlib.sha256(f"{message_id}\x00{action}".encode()).hexdigest()


def validate_hub_url(url: str) -> str:
    """The hub's base URL without a trailing slash, or `ConfigError` if it is not usable."""
    return validate_base_url(url, "hub URL")


class HubClient:
    """Async client of one State Hub. Use as `async with HubClient(url) as hub: ...`."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        max_attempts: int = 4,
        backoff_base: float = 0.25,
        backoff_max: float = 4.0,
        breaker_threshold: int = BREAKER_THRESHOLD,
        retry_budget: int | None = RETRY_BUDGET,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ConfigError("max_attempts must be at least 1")
        if breaker_threshold < 1:
            raise ConfigError("breaker_threshold must be at least 1")
        self.base_url = validate_hub_url(base_url)
        self.retry = RetryPolicy(attempts=max_attempts, base=backoff_base, cap=backoff_max)
        self.breaker = CircuitBreaker(
            Dependency.STATE_HUB, threshold=breaker_threshold, retry_budget=retry_budget
        )
        self.requests_made = 0
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            follow_redirects=False,
            verify=tls_verify(self.base_url),
        )

    def __repr__(self) -> str:
        return f"HubClient({self.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- reads -----------------------------------------------------------------------------------

    async def unread(
        self, agent: str, *, limit: int | None = None, page_size: int = 100
    ) -> list[Message]:
        """Unread messages to `agent`, oldest first, following pages up to `limit`."""
        return await self.inbox(agent, unread_only=True, limit=limit, page_size=page_size)

    async def inbox(
        self,
        agent: str,
        *,
        unread_only: bool = False,
        limit: int | None = None,
        page_size: int = 100,
    ) -> list[Message]:
        """Messages to `agent` (all, or unread only), oldest first, up to `limit`."""
        messages: list[Message] = []
        cursor: str | None = None
        while limit is None or len(messages) < limit:
            want = page_size if limit is None else min(page_size, limit - len(messages))
            page = await self.inbox_page(agent, unread_only=unread_only, limit=want, cursor=cursor)
            messages.extend(page.messages)
            cursor = page.next_cursor
            if cursor is None or not page.messages:
                break
        return messages if limit is None else messages[:limit]

    async def inbox_page(
        self, agent: str, *, unread_only: bool, limit: int, cursor: str | None = None
    ) -> InboxPage:
        """One page of `agent`'s inbox (one request): at most `limit` messages after `cursor`."""
        path = f"/v1/agents/{quote(agent, safe='')}/inbox"
        params: dict[str, str | int] = {
            "unread": "true" if unread_only else "false",
            "limit": max(1, min(limit, MAX_PAGE_SIZE)),
        }
        if cursor is not None:
            params["cursor"] = cursor
        response = await self._request("GET", path, params=params)
        return _parse(InboxPage, response, path)

    async def handed_off(
        self, agent: str, *, unread_only: bool = True, page_size: int = MAX_PAGE_SIZE
    ) -> set[str]:
        """Ids of the messages `agent` handed to a human (escalated or sent for review),
        following every page. By default only those still unread: the ones a worker would
        otherwise see again in its unread inbox."""
        handed: set[str] = set()
        cursor: str | None = None
        path = f"/v1/agents/{quote(agent, safe='')}/handoffs"
        while True:
            params: dict[str, str | int] = {
                "unread": "true" if unread_only else "false",
                "limit": max(1, min(page_size, MAX_PAGE_SIZE)),
            }
            if cursor is not None:
                params["cursor"] = cursor
            response = await self._request("GET", path, params=params)
            page = _parse(HandoffPage, response, path)
            handed.update(handoff.message_id for handoff in page.handoffs)
            cursor = page.next_cursor
            if cursor is None or not page.handoffs:
                return handed

    # -- writes ----------------------------------------------------------------------------------

    async def mark_read(self, message_id: str) -> None:
        path = f"/v1/messages/{quote(message_id, safe='')}/read"
        key = idempotency_key(message_id, "mark_read")
        await self._request("POST", path, idempotency_key=key)

    async def send_reply(
        self,
        *,
        from_agent: str,
        to_agent: str,
        subject: str,
        body: str,
        in_reply_to: str,
        idempotency_key: str,
    ) -> str:
        """Post a reply; returns the new message id (the original one on a repeated key)."""
        return await self.send_message(
            from_agent=from_agent,
            to_agent=to_agent,
            subject=subject,
            body=body,
            in_reply_to=in_reply_to,
            idempotency_key=idempotency_key,
        )

    async def send_message(
        self,
        *,
        from_agent: str,
        to_agent: str,
        subject: str,
        body: str,
        in_reply_to: str | None = None,
        idempotency_key: str | None = None,
    ) -> str:
        """Post a message; without a key, a fresh one still makes this call's retries safe."""
        payload = _body(
            NewMessage,
            from_agent=from_agent,
            to_agent=to_agent,
            subject=subject,
            body=body,
            in_reply_to=in_reply_to,
        )
        key = idempotency_key or uuid.uuid4().hex
        response = await self._request("POST", "/v1/messages", json=payload, idempotency_key=key)
        return _parse(Created, response, "/v1/messages").id

    async def add_progress(
        self,
        *,
        agent: str,
        message_id: str,
        kind: str,
        summary: str,
        data: dict[str, Any],
        idempotency_key: str,
    ) -> str:
        """Record a progress event; returns its id (the original one on a repeated key)."""
        payload = _body(
            NewProgress, agent=agent, message_id=message_id, kind=kind, summary=summary, data=data
        )
        response = await self._request(
            "POST", "/v1/progress", json=payload, idempotency_key=idempotency_key
        )
        return _parse(Created, response, "/v1/progress").id

    async def progress_events(self, *, agent: str | None = None) -> list[dict[str, Any]]:
        """The progress events (the audit trail) of `agent`. Reference-hub inspection endpoint."""
        params: dict[str, str | int] = {"agent": agent} if agent else {}
        response = await self._request("GET", "/v1/progress", params=params)
        events: list[dict[str, Any]] = response.json().get("events", [])
        return events

    # -- transport -------------------------------------------------------------------------------

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        json: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> httpx.Response:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        what = f"{method} {path}"
        for attempt in range(1, self.retry.attempts + 1):
            if self.breaker.is_open:
                raise HubUnavailable(
                    f"the State Hub at {self.base_url} is unavailable ({self.breaker.describe()});"
                    f" {what} not sent"
                )
            self.requests_made += 1
            try:
                response = await self._http.request(
                    method, path, params=params, json=json, headers=headers
                )
            except httpx.TransportError as exc:  # connect/read errors and timeouts
                reason = _describe_transport_error(exc)
                self.breaker.record_failure(reason)
                if not self._may_retry(attempt):
                    raise HubUnreachable(
                        f"cannot reach the State Hub at {self.base_url}: {reason}"
                        f" ({_attempts(attempt)}{self._circuit_note()})"
                    ) from None
                log.info("hub: %s failed (%s), attempt %d", what, reason, attempt)
                await asyncio.sleep(self.retry.delay(attempt))
                continue
            status = response.status_code
            if status in _RETRY_STATUSES:
                self.breaker.record_failure(f"answered {status} to {what}")
                if not self._may_retry(attempt):
                    raise HubUnavailable(
                        f"State Hub answered {status} to {what} after {_attempts(attempt)}"
                        f"{self._circuit_note()}: {_error_text(response)}",
                        status=status,
                    )
                log.info("hub: %s answered %d, attempt %d", what, status, attempt)
                await asyncio.sleep(self.retry.delay(attempt, response.headers.get("Retry-After")))
                continue
            self.breaker.record_success()  # any other answer: the hub is there
            if response.is_success:
                return response
            if status in _DENIED_STATUSES:
                raise HubAccessDenied(
                    f"State Hub refused {what}: {status} {_error_text(response)}"
                    f" (check {ENV_HUB_TOKEN})",
                    status=status,
                )
            raise HubError(f"State Hub rejected {what}: {status} {_error_text(response)}", status)
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _may_retry(self, attempt: int) -> bool:
        """After a failed attempt: one more, within the request's and the run's budget?"""
        return self.retry.may_retry(attempt) and self.breaker.take_retry()

    def _circuit_note(self) -> str:
        return "; circuit open: no more requests this run" if self.breaker.is_open else ""


def _body(model: type[BaseModel], **fields: Any) -> dict[str, Any]:
    """A request body built with the contract's own model (warden.core.wire): what the hub
    would refuse is refused here, before anything is sent, as a `HubError` naming the field."""
    try:
        return model.model_validate(fields).model_dump(mode="json")
    except ValidationError as exc:
        where = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors(include_input=False))
        raise HubError(f"not sent: {model.__name__} outside the hub's contract ({where})") from None


def _attempts(count: int) -> str:
    return f"{count} attempt{'s' if count != 1 else ''}"


def _parse[M: BaseModel](model: type[M], response: httpx.Response, path: str) -> M:
    try:
        return model.model_validate_json(response.content)
    except ValidationError:
        raise HubError(
            f"State Hub sent an invalid response to {path} (status {response.status_code})",
            status=response.status_code,
        ) from None


def _error_text(response: httpx.Response) -> str:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    text = str(error) if error else response.reason_phrase or "error"
    return text[:200]


def _describe_transport_error(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    return str(exc) or type(exc).__name__
