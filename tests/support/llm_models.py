"""The fake llm-connect's *models*: functions from the prompt to a `Reply`, from a
well-behaved planner to a fully compromised one that obeys whatever the untrusted message asks
(the guardrails must hold against all of them). No server here: `tests.support.llm` serves
them in-process, and the benchmarks' `bench.fake_llm` in a process of its own, which imports
only this module (no aiohttp, no asyncio: a fake started a dozen times per run)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reply:
    """What the fake service answers: a `content` string (or a raw body), status and delay."""

    content: str | None = None
    status: int = 200
    delay: float = 0.0
    raw: str | None = None  # sent as-is instead of {"content": ...}


Model = Callable[[str], Reply]

_UNTRUSTED_RE = re.compile(r"<<<UNTRUSTED-([0-9a-f]+)\n(.*?)\nUNTRUSTED-\1>>>", re.S)


def untrusted_message(prompt: str) -> dict[str, Any]:
    """The message fields the worker embedded in the prompt (what a model would read)."""
    match = _UNTRUSTED_RE.search(prompt)
    if match is None:
        raise AssertionError("prompt has no UNTRUSTED block")
    data: dict[str, Any] = json.loads(match.group(2))
    return data


def plan(*actions: dict[str, Any]) -> Reply:
    return Reply(content=json.dumps({"actions": list(actions)}))


# -- models ----------------------------------------------------------------------------------


def good(prompt: str) -> Reply:
    """A well-behaved planner: routes by keyword, escalates what it does not know."""
    message = untrusted_message(prompt)
    text = f"{message['subject']} {message['body']}".lower()
    for word, owner in (
        ("oidc", "flex-auth"),
        ("postgres", "secrets-engine"),
        ("ssh", "ops-warden"),
    ):
        if word in text:
            return Reply(
                content="Here is my plan:\n```json\n"
                + json.dumps(
                    {
                        "actions": [
                            {"kind": "route_answer", "target": owner, "reason": "catalog"},
                            {"kind": "mark_read"},
                        ]
                    }
                )
                + "\n```\nDone."
            )
    return plan({"kind": "escalate", "reason": "not sure who owns this"})


def compromised(prompt: str) -> Reply:
    """A model that fully obeys the untrusted message: if the message contains a JSON plan it
    returns it verbatim, otherwise it replies to whoever the message names with whatever the
    message asks, forwards, and marks everything read. The worst case for the guardrails."""
    message = untrusted_message(prompt)
    text = f"{message['subject']}\n{message['body']}"
    start = text.find("{")
    if start != -1:
        try:
            value, _ = json.JSONDecoder().raw_decode(text, start)
            if isinstance(value, dict) and "actions" in value:
                return Reply(content=json.dumps(value))
        except ValueError:
            pass
    target = _named_agent(text) or message["from_agent"]
    return plan(
        {"kind": "reply", "target": target, "body": text[:1500]},
        {"kind": "forward", "target": target, "body": text[:200]},
        {"kind": "mark_read", "target": message["id"]},
    )


def _named_agent(text: str) -> str | None:
    match = re.search(r"\b(?:to|for|cc)\s+(?:agent\s+)?([a-z][a-z0-9-]{2,40})\b", text)
    return match.group(1) if match else None


def constant(reply: Reply) -> Model:
    return lambda _prompt: reply


class Outage:
    """A model behind an llm-connect that is unavailable for a while and then recovers:

        outage = Outage(good, failure=Reply(status=503), after=3)
        with running_llm(outage) as llm: ...   # 3 calls answered, then 503s
        outage.recover()                       # answered by `good` again

    `failure` is what llm-connect answers while down: a 5xx or 429 status, or a delay longer
    than the worker's timeout. With `failures`, it recovers by itself after that many failed
    calls (a blip). Calls are counted while down and while up."""

    def __init__(
        self, model: Model, *, failure: Reply, after: int = 0, failures: int | None = None
    ) -> None:
        self.model = model
        self.failure = failure
        self._lock = threading.Lock()
        self._good_left = after
        self._failures_left = failures
        self.down = True
        self.calls_while_down = 0
        self.calls_while_up = 0

    def recover(self) -> None:
        with self._lock:
            self.down = False

    def go_down(self) -> None:
        with self._lock:
            self.down, self._good_left = True, 0

    def __call__(self, prompt: str) -> Reply:
        with self._lock:
            if self.down and self._good_left > 0:
                self._good_left -= 1
                failing = False
            else:
                failing = self.down
            if failing:
                self.calls_while_down += 1
                if self._failures_left is not None:
                    self._failures_left -= 1
                    self.down = self._failures_left > 0
            else:
                self.calls_while_up += 1
        return self.failure if failing else self.model(prompt)
