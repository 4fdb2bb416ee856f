"""Brains turn one message into a `Proposal`. They decide nothing: the guardrails do."""

from __future__ import annotations

from typing import Protocol

from warden.core.guardrails import Assessment
from warden.core.models import Message, Proposal


class Brain(Protocol):
    """Plans one message. Must never raise for bad model output: escalate instead."""

    name: str

    async def propose(self, message: Message, assessment: Assessment) -> Proposal: ...

    async def aclose(self) -> None: ...
