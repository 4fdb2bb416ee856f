"""The deterministic default brain: answers clear routing questions from the catalog and
escalates everything else."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from warden.core.catalog import Catalog
from warden.core.models import ActionKind, Message, PlannedAction, Proposal
from warden.core.vocabulary import BrainName

if TYPE_CHECKING:  # the guardrails load with the first message
    from warden.core.guardrails import Assessment
    from warden.worker.brains import Slot

_QUESTION_RE = re.compile(
    r"(?i)^\s*(?:who|whom|where|which|how|what)\b|\b(?:who|which\s+(?:agent|team))\s+"
    r"(?:owns|handles|manages|is\s+responsible)\b|\bwhere\s+(?:do|can|should)\s+i\b"
)


class RuleBrain:
    name: BrainName = "rule"
    calls_out = False
    breaker = None  # no dependency: it never defers

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    async def propose(
        self, message: Message, assessment: Assessment, *, slot: Slot | None = None
    ) -> Proposal:
        return self.plan(message, assessment)  # no call to make: `slot` is never needed

    def plan(self, message: Message, assessment: Assessment) -> Proposal:
        if assessment.forced or assessment.catalog_change:
            return _escalate("")  # the guardrails give the reasons
        text = assessment.reading.plain
        if not _asks(text, assessment):
            return _escalate("not a routing question the rule brain understands")
        routes = self.catalog.match(text)
        owners = sorted({route.owner for route in routes})
        if not owners:
            return _escalate("no catalog topic matches the question")
        if len(owners) > 1:
            return _escalate("the question matches several owners: " + ", ".join(owners))
        topic = routes[0].topic
        return Proposal(
            actions=[
                PlannedAction(
                    kind=ActionKind.ROUTE_ANSWER, target=owners[0], reason=f"topic {topic}"
                ),
                PlannedAction(kind=ActionKind.MARK_READ, target=message.id),
            ],
            trusted=True,
        )

    async def aclose(self) -> None:
        return None


def _asks(text: str, assessment: Assessment) -> bool:
    """A question: a question mark, an English question form, or a question word of the
    pre-check's lexicon in any of its nine languages ("窓口を教えてください")."""
    if "?" in text or _QUESTION_RE.search(text):
        return True
    return any(hit.concept == "interrogative" for hit in assessment.reading.seen[0].hits)


def _escalate(reason: str) -> Proposal:
    """An escalation with a reason written here (from the catalog at most): trusted text."""
    return Proposal(actions=[PlannedAction(kind=ActionKind.ESCALATE, reason=reason)], trusted=True)
