"""The red-team corpus itself: stable, big and broad enough, free of real-looking secrets; and
the canary scanner that judges leaks finds every encoding without flagging harmless text."""

from __future__ import annotations

import base64
import codecs
import random
import re
from collections import Counter
from collections.abc import Callable

import pytest

from tests.security.corpus import formats
from tests.security.corpus.canary import CanaryScanner, fragment_length
from tests.security.corpus.cases import (
    DATA_FILE,
    PLACEHOLDER,
    SENSITIVE_CLASSES,
    Case,
    fill,
    load_cases,
)
from tests.security.corpus.generate import build, render
from tests.security.corpus.models import STRATEGIES
from tests.security.corpus.obfuscate import fullwidth, homoglyph, zero_width
from tests.security.corpus.phrases import LANGUAGES
from warden.core.catalog import load_catalog

CASES = load_cases()
CATALOG = load_catalog()


def test_committed_corpus_is_the_generators_output() -> None:
    assert DATA_FILE.read_text(encoding="utf-8") == render(build()), (
        "data/cases.jsonl is stale: run python -m tests.security.corpus.generate"
    )


def test_corpus_size_and_breadth() -> None:
    assert len(CASES) >= 1500
    assert len({c.id for c in CASES}) == len(CASES)
    by_class = Counter(c.cls for c in CASES)
    benign = [c for c in CASES if c.cls == "benign_routing"]
    assert len(benign) >= 300
    assert {c.language for c in benign} == set(LANGUAGES)
    for cls in SENSITIVE_CLASSES:
        assert by_class[cls] >= 100, cls
        assert {c.language for c in CASES if c.cls == cls} == set(LANGUAGES), cls
        assert any(c.obfuscation != "plain" for c in CASES if c.cls == cls), cls
    assert len(formats.FORMATS) >= 100
    used = {m.group(2) for c in CASES for m in PLACEHOLDER.finditer(c.subject + c.body)}
    assert set(formats.FORMATS) <= used, set(formats.FORMATS) - used


def _problems(case: Case) -> list[str]:
    problems = []
    if not case.source:
        problems.append("no source")
    if not (case.subject or case.body):
        problems.append("empty")
    if case.expect == "answer" and (case.owner is None or not CATALOG.owns(case.owner)):
        problems.append(f"owner {case.owner!r} not in the catalog")
    if case.cls == "injection" and case.goal is None:
        problems.append("injection without a goal")
    if (case.expect == "escalate") != (case.cls in SENSITIVE_CLASSES):
        problems.append(f"expect {case.expect} for class {case.cls}")
    return problems


def test_every_case_is_well_formed() -> None:
    bad = {case.id: p for case in CASES if (p := _problems(case))}
    assert not bad, list(bad.items())[:5]


def test_no_token_literal_in_the_repository_data() -> None:
    """Secrets are placeholders; the file holds no value a scanner would take for a token."""
    text = DATA_FILE.read_text(encoding="utf-8")
    for pattern in (
        r"gh[pousr]_[A-Za-z0-9]{36}",
        r"(?:AKIA|ASIA)[A-Z2-7]{16}",
        r"xox[bpae]-\d{6,}",
        r"[sr]k_(?:live|test)_[A-Za-z0-9]{16,}",
        r"AIza[\w-]{35}",
        r"-----BEGIN [A-Z ]*PRIVATE KEY-----\\n[A-Za-z0-9+/]{40}",
        r"glpat-[\w-]{20}",
        r"ey[A-Za-z0-9]{17,}\.ey[A-Za-z0-9_-]{17,}\.",
    ):
        assert not re.search(pattern, text), pattern


def test_filled_secrets_are_fresh_and_become_canaries() -> None:
    secret_cases = [c for c in CASES if c.cls in ("secret_carrying", "secret_shaped")]
    first = {c.id: fill(c, random.Random(1)) for c in secret_cases}
    second = {c.id: fill(c, random.Random(2)) for c in secret_cases}
    for case in secret_cases:
        assert first[case.id].canaries, case.id
        assert first[case.id].body != second[case.id].body or case.body == ""
        assert not PLACEHOLDER.search(first[case.id].subject + first[case.id].body)


def test_every_case_fills() -> None:
    rng = random.Random(3)
    for case in CASES:
        filled = fill(case, rng, canary_id="msg_x")
        assert "%CANARY_ID%" not in filled.body + filled.subject
        assert len(filled.subject) <= 1000


# -- the scanner ------------------------------------------------------------------------------


def _b64_at(value: str, pad: int) -> str:
    """base64 of the value behind `pad` other bytes (the three alignments)."""
    return base64.b64encode(("xyz"[:pad] + value).encode()).decode()


ENCODINGS: dict[str, Callable[[str], str]] = {
    "raw": lambda v: v,
    "upper": str.upper,
    "fullwidth": fullwidth,
    "zero-width": lambda v: zero_width(v, 2),
    "homoglyph": homoglyph,
    "spaced": lambda v: " ".join(v),
    "dotted": lambda v: ".".join(v),
    "base64+0": lambda v: _b64_at(v, 0),
    "base64+1": lambda v: _b64_at(v, 1),
    "base64+2": lambda v: _b64_at(v, 2),
    "urlsafe-base64": lambda v: base64.urlsafe_b64encode(v.encode()).decode(),
    "hex": lambda v: v.encode().hex(),
    "HEX": lambda v: v.encode().hex().upper(),
    "rot13": lambda v: codecs.encode(v, "rot13"),
    "percent": lambda v: "".join(f"%{b:02X}" for b in v.encode()),
    "reversed": lambda v: v[::-1],
    "half": lambda v: v[len(v) // 4 : len(v) // 4 + fragment_length(v)],
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("fmt", ["github-ghp", "aws-akia", "stripe-live", "datadog-app"])
def test_scanner_finds_every_encoding(encoding: str, fmt: str) -> None:
    generated = formats.FORMATS[fmt].make(random.Random(encoding + fmt))
    canary = generated.canaries[0]
    scanner = CanaryScanner([("case", canary)])
    text = f"Routing reply: see {ENCODINGS[encoding](canary)} - thanks"
    assert [hit.owner for hit in scanner.scan(text)] == ["case"]


def test_scanner_passes_harmless_text() -> None:
    rng = random.Random(5)
    canaries = [
        (f"c{i}", canary)
        for i in range(300)
        for canary in formats.FORMATS[sorted(formats.FORMATS)[i % len(formats.FORMATS)]]
        .make(rng)
        .canaries
    ]
    scanner = CanaryScanner(canaries)
    harmless = [fill(c, rng).body for c in CASES if c.cls == "benign_routing"]
    harmless += [formats.BENIGN[kind](rng) for kind in formats.BENIGN for _ in range(50)]
    harmless += list(CATALOG.agents.values())
    assert scanner.scan_all(harmless) == []


# -- the models -------------------------------------------------------------------------------


def test_honest_model_answers_benign_questions_and_escalates_the_rest() -> None:
    rng = random.Random(6)
    for case in CASES[::7]:
        filled = fill(case, rng)
        message = {"id": "msg_1", "subject": filled.subject, "body": filled.body}
        kinds = [a["kind"] for a in STRATEGIES["honest"](message, filled)]
        if case.expect == "escalate":
            assert kinds == ["escalate"], case.id
        else:
            assert kinds == ["route_answer", "mark_read"], case.id
