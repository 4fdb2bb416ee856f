"""Client for llm-connect: `POST {url}/execute {"prompt": ...}` → `{"content": ...}`."""

from __future__ import annotations

import asyncio
import random

import httpx
from pydantic import BaseModel, ValidationError

from warden.core.errors import LlmError
from warden.core.urls import validate_base_url
from warden.worker.hub_client import tls_verify

MAX_RESPONSE_BYTES = 64 * 1024


class _ExecuteResponse(BaseModel):
    content: str


class LlmConnectClient:
    """Bounded: a per-call timeout and a small number of retries on 5xx/timeouts."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        attempts: int = 2,
        backoff: float = 0.2,
        max_connections: int = 16,
    ) -> None:
        self.base_url = validate_base_url(base_url, "LLM_CONNECT_URL")
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.calls = 0
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            follow_redirects=False,
            verify=tls_verify(self.base_url),
            timeout=httpx.Timeout(timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=16),
        )

    async def execute(self, prompt: str) -> str:
        last = "no attempt made"
        for attempt in range(self.attempts):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1) * (1 + random.random()))  # noqa: S311
            self.calls += 1
            try:
                response = await self._http.post("/execute", json={"prompt": prompt})
            except httpx.TimeoutException:
                last = "llm-connect timed out"
                continue
            except httpx.TransportError as exc:
                last = f"llm-connect unreachable ({type(exc).__name__})"
                continue
            if response.status_code >= 500 or response.status_code == 429:
                last = f"llm-connect answered HTTP {response.status_code}"
                continue
            if response.status_code != 200:
                raise LlmError(f"llm-connect answered HTTP {response.status_code}")
            if len(response.content) > MAX_RESPONSE_BYTES:
                raise LlmError(f"llm-connect response too large ({len(response.content)} bytes)")
            try:
                return _ExecuteResponse.model_validate_json(response.content).content
            except ValidationError:
                raise LlmError('llm-connect response is not {"content": string}') from None
        raise LlmError(last)

    async def aclose(self) -> None:
        await self._http.aclose()
