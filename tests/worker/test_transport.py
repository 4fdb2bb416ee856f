"""The one retry policy both worker clients use, and the TLS choice for a base URL."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warden.worker.hub_client import HubClient
from warden.worker.llm_client import LlmConnectClient
from warden.worker.transport import RetryPolicy, tls_verify

policies = st.builds(
    RetryPolicy,
    attempts=st.integers(1, 10),
    base=st.floats(0, 2, allow_nan=False),
    cap=st.floats(2, 30, allow_nan=False),
)


@given(policies, st.integers(1, 12))
def test_the_wait_grows_and_stays_within_half_to_all_of_its_ceiling(
    policy: RetryPolicy, attempt: int
) -> None:
    ceiling = min(policy.cap, policy.base * 2.0 ** (attempt - 1))
    assert ceiling / 2 <= policy.delay(attempt) <= ceiling
    assert policy.may_retry(attempt) == (attempt < policy.attempts)


@given(policies, st.integers(1, 12), st.integers(0, 100_000))
def test_retry_after_in_seconds_is_honoured_up_to_the_cap(
    policy: RetryPolicy, attempt: int, seconds: int
) -> None:
    delay = policy.delay(attempt, str(seconds))
    assert min(seconds, policy.cap) <= delay <= max(min(seconds, policy.cap), policy.cap)


@pytest.mark.parametrize("header", ["Wed, 21 Oct 2026 07:28:00 GMT", "-5", "1.5", "", "soon"])
def test_a_retry_after_that_is_not_whole_seconds_is_ignored(header: str) -> None:
    policy = RetryPolicy(attempts=3, base=0.1, cap=0.4)
    assert 0.05 <= policy.delay(1, header) <= 0.1


@pytest.mark.parametrize(("attempts", "base", "cap"), [(0, 0.1, 1), (2, -1, 1), (2, 2, 1)])
def test_a_policy_that_cannot_work_is_refused(attempts: int, base: float, cap: float) -> None:
    with pytest.raises(ValueError, match=r"attempt|base"):
        RetryPolicy(attempts=attempts, base=base, cap=cap)


async def test_both_clients_use_the_policy() -> None:
    async with HubClient("http://hub.local", max_attempts=3, backoff_base=0.5) as hub:
        assert (hub.retry.attempts, hub.retry.base) == (3, 0.5)
    llm = LlmConnectClient("http://llm.local", attempts=2, backoff=0.2)
    try:
        assert llm.retry.attempts == 2
        assert 0.2 <= llm.retry.delay(1) <= 0.4  # the wait llm-connect always had
    finally:
        await llm.aclose()


@pytest.mark.parametrize(
    ("url", "verify"),
    [("https://hub.example", True), ("http://hub.local:8080", False), ("HTTPS://x", True)],
)
def test_only_https_gets_a_tls_context(url: str, verify: bool) -> None:
    assert tls_verify(url) is verify
