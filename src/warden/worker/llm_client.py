"""Client for llm-connect: `POST {url}/execute {"prompt": ...}` → `{"content": ...}`.

Three kinds of failure, three meanings (warden.core.errors):
- unavailable (`LlmUnavailable`): connection error, timeout, 408, 429 or 5xx after the bounded
  retries, or the circuit is open - the message is deferred to the next run;
- misconfigured (`LlmMisconfigured`): 401, 403, 404, 405, 407 - llm-connect refuses the worker
  itself, whatever the message; the run stops with a configuration error;
- unusable (`LlmError`): any other refusal of this one request, or an answer that is not
  `{"content": string}` within the size limit - the brain escalates the message.

A fourth, not a failure: the run's call budget (`max_calls`, the worker's --max-llm-calls) is
spent (`LlmBudgetSpent`) - no call is made and the message is deferred to the next run.
"""

from __future__ import annotations

import asyncio

import httpx
from pydantic import BaseModel, ValidationError

from warden.core.errors import LlmError, LlmMisconfigured, LlmUnavailable
from warden.core.urls import validate_base_url
from warden.core.vocabulary import Dependency
from warden.worker.breaker import CircuitBreaker
from warden.worker.transport import RetryPolicy, tls_verify

MAX_RESPONSE_BYTES = 64 * 1024
BREAKER_THRESHOLD = 3  # unavailable calls in a row after which the run stops calling
_UNAVAILABLE_STATUSES = frozenset({408, 429})
_MISCONFIGURED_STATUSES = frozenset({401, 403, 404, 405, 407})


class LlmBudgetSpent(Exception):
    """The run's llm call budget is spent: no call was made."""


class _ExecuteResponse(BaseModel):
    content: str


class LlmConnectClient:
    """Bounded: a per-call timeout, a small number of retries on unavailability, a circuit
    breaker that stops calling after `breaker_threshold` unavailable calls in a row, and at
    most `max_calls` HTTP requests (retries included) per run (`start_run`; None: no limit).
    The budget is checked and taken in one step with no await between, so concurrent
    callers on the event loop can never spend more than it."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        attempts: int = 2,
        backoff: float = 0.2,
        max_connections: int = 16,
        breaker_threshold: int = BREAKER_THRESHOLD,
        max_calls: int | None = None,
    ) -> None:
        self.base_url = validate_base_url(base_url, "LLM_CONNECT_URL")
        # The hub client's policy, with llm-connect's smaller numbers: a call is slow already.
        self.retry = RetryPolicy(attempts=max(1, attempts), base=2 * backoff, cap=8 * backoff)
        self.calls = 0  # HTTP requests sent, retries included
        self.max_calls = max_calls
        self._run_start = 0  # `calls` when the current run started
        self.breaker = CircuitBreaker(Dependency.LLM_CONNECT, threshold=breaker_threshold)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            follow_redirects=False,
            verify=tls_verify(self.base_url),
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=16),
        )

    async def execute(self, prompt: str) -> str:
        last = "no attempt made"
        for attempt in range(self.retry.attempts):
            if self.breaker.is_open:
                raise LlmUnavailable(
                    f"llm-connect unavailable ({self.breaker.describe()}); no call made"
                )
            if attempt:
                await asyncio.sleep(self.retry.delay(attempt))
            if self.max_calls is not None and self.calls - self._run_start >= self.max_calls:
                raise LlmBudgetSpent(f"llm call budget of {self.max_calls} calls spent")
            self.calls += 1
            try:
                response = await self._http.post("/execute", json={"prompt": prompt})
            except httpx.TimeoutException:
                last = "llm-connect timed out"
                continue
            except httpx.TransportError as exc:
                last = f"llm-connect unreachable ({type(exc).__name__})"
                continue
            status = response.status_code
            if status >= 500 or status in _UNAVAILABLE_STATUSES:
                last = f"llm-connect answered HTTP {status}"
                continue
            self.breaker.record_success()
            return _content(response, self.base_url)
        self.breaker.record_failure(f"{last} ({self.retry.attempts} attempts)")
        raise LlmUnavailable(self.breaker.describe())

    def start_run(self) -> None:
        """A new run: its call budget starts over."""
        self._run_start = self.calls

    async def aclose(self) -> None:
        await self._http.aclose()


def _content(response: httpx.Response, base_url: str) -> str:
    """The model's text from an answer llm-connect gave (not an unavailable one)."""
    status = response.status_code
    if status in _MISCONFIGURED_STATUSES:
        raise LlmMisconfigured(
            f"llm-connect answered HTTP {status} to POST {base_url}/execute:"
            " check LLM_CONNECT_URL (and what sits in front of it)"
        )
    if status != 200:
        raise LlmError(f"llm-connect answered HTTP {status}")
    if len(response.content) > MAX_RESPONSE_BYTES:
        raise LlmError(f"llm-connect response too large ({len(response.content)} bytes)")
    try:
        return _ExecuteResponse.model_validate_json(response.content).content
    except ValidationError:
        raise LlmError('llm-connect response is not {"content": string}') from None
