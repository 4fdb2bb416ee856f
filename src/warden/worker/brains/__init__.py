"""Brains turn one message into a `Proposal`. They decide nothing: the guardrails do."""

from __future__ import annotations

import contextlib
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Any, Protocol

from warden.core.models import Message, Proposal
from warden.core.vocabulary import BrainName
from warden.worker.breaker import CircuitBreaker

if TYPE_CHECKING:  # the guardrails load with the first message
    from warden.core.guardrails import Assessment


Slot = AbstractAsyncContextManager[Any]  # e.g. an asyncio.Semaphore: a place among the calls


def held(slot: Slot | None) -> Slot:
    """`slot`, or a context that holds nothing."""
    return slot if slot is not None else contextlib.nullcontext()


class Brain(Protocol):
    """Plans one message. Must never raise for bad model output: escalate instead; and
    defer (`Proposal.deferral`) when a dependency it needs is unavailable."""

    name: BrainName
    # Whether planning a message waits on a call to a dependency (llm-connect). The runner
    # then pre-checks in a worker thread, so that the event loop reads the answers meanwhile;
    # a brain that only computes keeps the pre-check on the loop (threads would only contend
    # for the GIL, with no wait to hide: slower in bench/execute_replay).
    calls_out: bool

    @property
    def breaker(self) -> CircuitBreaker | None:
        """The circuit of the dependency the brain calls, if any; the run stops taking on
        messages once it is open."""
        ...

    async def propose(
        self, message: Message, assessment: Assessment, *, slot: Slot | None = None
    ) -> Proposal:
        """`slot`, when given, is held around the brain's call to its dependency only:
        what the brain does before (building a prompt) and after (reading the answer)
        runs outside it, so the next call can go out meanwhile."""
        ...

    async def aclose(self) -> None: ...
