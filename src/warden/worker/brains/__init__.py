"""Brains turn one message into a `Proposal`. They decide nothing: the guardrails do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from warden.core.models import Message, Proposal
from warden.core.vocabulary import BrainName
from warden.worker.breaker import CircuitBreaker

if TYPE_CHECKING:  # the guardrails load with the first message
    from warden.core.guardrails import Assessment


class Brain(Protocol):
    """Plans one message. Must never raise for bad model output: escalate instead; and
    defer (`Proposal.deferral`) when a dependency it needs is unavailable."""

    name: BrainName

    @property
    def breaker(self) -> CircuitBreaker | None:
        """The circuit of the dependency the brain calls, if any; the run stops taking on
        messages once it is open."""
        ...

    async def propose(self, message: Message, assessment: Assessment) -> Proposal: ...

    async def aclose(self) -> None: ...
