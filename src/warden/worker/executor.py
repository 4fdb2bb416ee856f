"""Executes checked plans against the State Hub. Only the messaging tier runs unattended.

Every write carries an Idempotency-Key derived from (message id, action), so a retried or
repeated run never duplicates a reply, a read mark or an audit event. The audit event is
written before the actions it records: if it cannot be written, nothing runs (fail closed).
Audit events hold ids, action kinds and targets, reason codes and detector types: nothing a
model wrote, and nothing from the message but its id.

A write the hub refuses fails the message (FAILED); a hub that is unavailable defers it
(DEFERRED): whatever was written before stays, under its key, and the next run completes the
message with the same keys - the audit -> reply -> mark_read order makes that safe.
"""

from __future__ import annotations

from typing import Any

from warden.core import masking
from warden.core.errors import HubError, HubUnavailable, RefusedAction
from warden.core.guardrails import AUTO_EXECUTABLE, proposal_digest
from warden.core.models import (
    ActionKind,
    Deferral,
    Message,
    MessageResult,
    Outcome,
    WorkerPlan,
)
from warden.worker.hub_client import HubClient, idempotency_key

MAX_SUBJECT_CHARS = 120


class Executor:
    def __init__(self, hub: HubClient, agent: str) -> None:
        self.hub = hub
        self.agent = agent

    def _names(self, kind: ActionKind, target: str | None) -> tuple[str, ...]:
        """The configured names a routing answer (our own text) is made of: the agent's and
        the owner's. A reply's text gets no such allowance."""
        if kind != ActionKind.ROUTE_ANSWER:
            return ()
        return (self.agent, target) if target else (self.agent,)

    async def execute(self, message: Message, plan: WorkerPlan) -> MessageResult:
        result = MessageResult(
            message_id=message.id,
            outcome=Outcome.EXECUTED,
            actions=[a.kind for a in plan.actions],
            escalation_reason=plan.escalation_reason,
            guardrail_notes=plan.guardrail_notes,
        )
        if plan.deferral is not None:  # nothing was planned: nothing to write
            return result.model_copy(
                update={"outcome": Outcome.DEFERRED, "deferral": plan.deferral}
            )
        try:
            if plan.escalated:
                await self._report(message, plan, "escalation", plan.escalation_reason)
                return result.model_copy(update={"outcome": Outcome.ESCALATED})
            if plan.review_required:
                await self._report(message, plan, "review_requested", "a change waits for review")
                return result.model_copy(update={"outcome": Outcome.REVIEW})
            await self._report(message, plan, "audit", "executing " + ", ".join(result.actions))
            for action in plan.actions:
                kind = ActionKind(action.kind)
                if kind not in AUTO_EXECUTABLE:  # the guardrails never let this through
                    raise RefusedAction(f"refusing to execute {kind} unattended")
                if kind in (ActionKind.ROUTE_ANSWER, ActionKind.REPLY):
                    # The guardrails allow one answer per message, written under one key
                    # whatever its kind: a message planned again after a half-failed run
                    # never gets a second, different reply.
                    await self.hub.send_reply(
                        from_agent=self.agent,
                        to_agent=message.from_agent,
                        subject=_reply_subject(message.subject, message.body),
                        body=_outbound(action.body, self._names(kind, action.target)),
                        in_reply_to=message.id,
                        idempotency_key=idempotency_key(message.id, "answer"),
                    )
                elif kind == ActionKind.PROGRESS_NOTE:
                    await self.hub.add_progress(
                        agent=self.agent,
                        message_id=message.id,
                        kind="note",
                        summary=_outbound(action.body),
                        data={},
                        idempotency_key=idempotency_key(message.id, "note"),
                    )
                elif kind == ActionKind.MARK_READ:
                    await self.hub.mark_read(message.id)
        except HubUnavailable as exc:
            deferral = Deferral(dependency=exc.dependency, reason=masking.mask(str(exc))[:300])
            return result.model_copy(update={"outcome": Outcome.DEFERRED, "deferral": deferral})
        except (HubError, RefusedAction) as exc:
            return result.model_copy(
                update={"outcome": Outcome.FAILED, "error": masking.mask(str(exc))[:300]}
            )
        except Exception as exc:  # one bad message must not end the run
            error = f"unexpected {type(exc).__name__} while executing"
            return result.model_copy(update={"outcome": Outcome.FAILED, "error": error})
        return result

    async def _report(self, message: Message, plan: WorkerPlan, kind: str, summary: str) -> None:
        """One progress event per message and kind: the audit trail (ids and decisions only)."""
        data: dict[str, Any] = {
            "brain": plan.brain,
            "actions": [{"kind": a.kind, "target": a.target} for a in plan.actions],
            "reasons": plan.reasons,
            "guardrail_notes": plan.guardrail_notes,
            "secret_findings": plan.secret_findings,
        }
        if plan.review_required:
            # The proposed diff is model text: the event names it by digest and size; the
            # reviewer reads the message itself.
            data["proposals"] = [
                {"sha256": proposal_digest(a.body or ""), "chars": len(a.body or "")}
                for a in plan.actions
                if a.kind == ActionKind.PROPOSE_CATALOG_DIFF
            ]
        masker = masking.Masker()
        await self.hub.add_progress(
            agent=self.agent,
            message_id=message.id,
            kind=kind,
            summary=masker.mask(summary)[:300],
            data=masker.mask_data(data),
            idempotency_key=idempotency_key(message.id, kind),
        )


def _reply_subject(subject: str, body: str) -> str:
    shown = masking.Masker().displayable_subject(subject, body)
    clean = " ".join(shown.split())[:MAX_SUBJECT_CHARS]
    return clean if clean.lower().startswith("re:") else f"Re: {clean}"


def _outbound(body: str | None, known: tuple[str, ...] = ()) -> str:
    """Last line of defence: nothing secret-shaped is ever written to the hub (but the public
    names `known` a routing answer is made of)."""
    text = body or ""
    if masking.contains_secret(text, known=known):
        raise RefusedAction("refusing to send a body that carries a secret")
    return text
