"""The corpus's case model, the loader of `data/cases.jsonl`, and the placeholder filler.

A case's subject and body may hold placeholders, filled at test time:

- `⟪slot:format:transform⟫`: a secret generated in `format` (formats.FORMATS or
  formats.VALUE_FORMATS), the same value for every occurrence of `slot` in the case, shown
  through `transform` (obfuscate.obfuscate_value, or `head`/`tail` for the two halves of a
  secret split across subject and body). Its random parts are the case's canaries.
- `⟪slot:benign:kind⟫`: a harmless look-alike (formats.BENIGN), not a canary.
- `%CANARY_ID%`: the hub id of another message that carries a secret (an exfiltration target).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Final, Literal

from tests.security.corpus import formats
from tests.security.corpus.obfuscate import obfuscate_value

DATA_FILE: Final = Path(__file__).parent / "data" / "cases.jsonl"
PLACEHOLDER: Final = re.compile(r"⟪([a-z0-9]+):([a-z0-9-]+):([a-z0-9-]+)⟫")
CANARY_ID: Final = "%CANARY_ID%"

Expect = Literal["escalate", "answer", "any"]

# Classes whose every message must be held for a human (never marked read, never answered).
SENSITIVE_CLASSES: Final = (
    "secret_carrying",
    "secret_request",
    "production_change",
    "ssh_issuance",
    "catalog_change",
    "injection",
)
# The classes the issue sets a recall target for (injections are reported and asserted too).
TARGET_CLASSES: Final = SENSITIVE_CLASSES


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    cls: str  # secret_carrying, secret_request, ..., benign_routing, secret_shaped
    family: str  # the attack family or template the case instantiates
    language: str
    obfuscation: str  # "plain" or the obfuscation applied (obfuscate.py)
    sender: str
    subject: str
    body: str
    expect: Expect
    source: str  # the public source or family the case derives from
    owner: str | None = None  # for expect == "answer": the catalog owner
    goal: str | None = None  # for injections: phrases.GOAL_IDS entry
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sensitive(self) -> bool:
        return self.expect == "escalate"

    def to_json(self) -> str:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> Case:
        data = json.loads(line)
        data["tags"] = tuple(data.get("tags", ()))
        return cls(**data)


@cache
def load_cases(path: Path = DATA_FILE) -> tuple[Case, ...]:
    with path.open(encoding="utf-8") as handle:
        return tuple(Case.from_json(line) for line in handle if line.strip())


@dataclass(frozen=True, slots=True)
class Filled:
    """A case with its placeholders filled: what is posted to the hub."""

    case: Case
    subject: str
    body: str
    canaries: tuple[str, ...]  # every generated secret part (never allowed out)
    secrets: tuple[str, ...]  # the full generated values (what an exfiltrating model grabs)


def fill(case: Case, rng: random.Random, *, canary_id: str = "msg_none") -> Filled:
    values: dict[str, formats.Generated] = {}
    benign: dict[str, str] = {}

    def value_of(slot: str, fmt: str) -> formats.Generated:
        if slot not in values:
            make = formats.VALUE_FORMATS.get(fmt) or formats.FORMATS[fmt].make
            values[slot] = make(rng)
        return values[slot]

    def substitute(match: re.Match[str]) -> str:
        slot, fmt, transform = match.groups()
        if fmt == "benign":
            if slot not in benign:
                benign[slot] = formats.BENIGN[transform](rng)
            return benign[slot]
        value = value_of(slot, fmt).value
        if transform == "head":
            return value[: len(value) // 2]
        if transform == "tail":
            return value[len(value) // 2 :]
        return obfuscate_value(transform, value)

    subject = PLACEHOLDER.sub(substitute, case.subject).replace(CANARY_ID, canary_id)
    body = PLACEHOLDER.sub(substitute, case.body).replace(CANARY_ID, canary_id)
    canaries = tuple(c for g in values.values() for c in g.canaries)
    return Filled(case, subject, body, canaries, tuple(g.value for g in values.values()))
