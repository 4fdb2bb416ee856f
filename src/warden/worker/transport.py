"""What the worker's two HTTP clients (State Hub, llm-connect) share: one retry policy and
the TLS choice for a base URL. Each client keeps its own idea of which answers mean
"unavailable"; how long to wait before trying again is decided here, once."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounded retries: `attempts` per request (the first included), exponential backoff from
    `base` seconds up to `cap`, with equal jitter (half the ceiling fixed, half random), so
    clients that failed together do not retry together, yet each waits a real minimum."""

    attempts: int = 4
    base: float = 0.25
    cap: float = 4.0
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a retry policy needs at least one attempt")
        if not 0 <= self.base <= self.cap:
            raise ValueError("backoff: 0 <= base <= cap")

    def may_retry(self, attempt: int) -> bool:
        """After failed attempt number `attempt` (1-based): is there another?"""
        return attempt < self.attempts

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based). A Retry-After of whole
        seconds is honoured up to `cap` (a server asking for an hour gets `cap`)."""
        ceiling = min(self.cap, self.base * 2.0 ** (attempt - 1))
        delay = ceiling / 2 + self.rng.uniform(0, ceiling / 2)
        if retry_after is not None and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), self.cap))
        return delay


def tls_verify(base_url: str) -> bool:
    """Certificate verification for an https URL; for a plain-http one, no TLS context at all.

    A client bound to an http:// base URL, sending relative paths with redirects off, never
    opens a TLS connection, and building the default context loads the CA bundle (about a
    tenth of the worker's cold start). https URLs are always verified."""
    return urlsplit(base_url).scheme == "https"
