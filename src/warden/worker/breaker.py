"""A circuit breaker per dependency and run: the difference between an outage and a blip.

Each client (State Hub, llm-connect) records its failures - only those that mean the
dependency is unavailable: connection errors, timeouts, 5xx, 429 - and its successes (any
answer that is not one of those). After `threshold` failures in a row the circuit opens and
stays open for the rest of the run: the client stops calling, and the run defers what is left
to the next run instead of grinding on to its deadline. A run starts with a closed circuit
(`reset`), so a polling worker tries again every run.

The hub's breaker also holds the run's retry budget: retries are bounded per request and, in
sum, per run, so a flaky hub cannot stretch a run retry by retry either.
"""

from __future__ import annotations

from dataclasses import dataclass

from warden.core.vocabulary import Dependency


@dataclass
class CircuitBreaker:
    dependency: Dependency
    threshold: int
    retry_budget: int | None = None  # retries per run; None: only the per-call limit
    consecutive: int = 0
    failures: int = 0
    retries: int = 0
    last_failure: str = ""
    is_open: bool = False

    def __post_init__(self) -> None:
        if self.threshold < 1:
            raise ValueError("threshold must be at least 1")

    def reset(self) -> None:
        """A new run: closed, nothing counted, the whole retry budget available."""
        self.consecutive = self.failures = self.retries = 0
        self.last_failure = ""
        self.is_open = False

    def record_success(self) -> None:
        self.consecutive = 0

    def record_failure(self, reason: str) -> None:
        """One unavailable answer (or none at all); opens the circuit at the threshold."""
        self.consecutive += 1
        self.failures += 1
        self.last_failure = reason
        if self.consecutive >= self.threshold:
            self.is_open = True

    def take_retry(self) -> bool:
        """Whether one more retry fits the run's budget (and count it if so)."""
        if self.is_open:
            return False
        if self.retry_budget is not None and self.retries >= self.retry_budget:
            return False
        self.retries += 1
        return True

    def describe(self) -> str:
        """One line for errors and summaries: what failed last, and whether the circuit is open."""
        text = self.last_failure or "no failure recorded"
        if self.is_open:
            text += f"; circuit open after {self.consecutive} consecutive failures"
        return text
