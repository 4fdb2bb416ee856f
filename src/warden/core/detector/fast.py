"""The detector's speed machinery: the same findings as `policy.plain_findings`, faster.

Python's `re` tries an unanchored pattern at every position of a text. Every rule's matches
begin with one of its anchors, so one Aho-Corasick pass finds every position where any rule can
match (exact anchors in the text, folded ones in its ASCII-lowercased copy, which has the same
offsets), and each rule is tried only there, with `match` at the position, skipping positions
inside its previous match: exactly what `finditer` would return. A property test
(tests/core/test_detector.py) checks the equality on generated texts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from warden.core.detector.policy import (
    PREFIXES,
    Finding,
    kubernetes_secret_data,
    mailchimp_keys,
    pgpass_lines,
    rules,
)

_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def ascii_lower(text: str) -> str:
    """`text` with ASCII letters lowercased only: the same length and offsets, and the same
    case folding as `re.IGNORECASE | re.ASCII`."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True, slots=True)
class _Automata:
    exact: Any  # ahocorasick_rs.AhoCorasick over `exact_words`
    exact_words: tuple[str, ...]
    exact_rules: tuple[tuple[int, ...], ...]  # rule indices by exact word
    exact_prefix: tuple[bool, ...]  # whether the word is one of `PREFIXES`
    folded: Any
    folded_words: tuple[str, ...]
    folded_rules: tuple[tuple[int, ...], ...]


@cache
def _automata() -> _Automata:
    from ahocorasick_rs import AhoCorasick

    exact: dict[str, list[int]] = defaultdict(list)
    folded: dict[str, list[int]] = defaultdict(list)
    for index, rule in enumerate(rules()):
        for anchor in rule.anchors:
            if rule.folded:
                folded[anchor.lower()].append(index)
            else:
                exact[anchor].append(index)
    for prefix in PREFIXES:
        exact.setdefault(prefix, [])
    exact_words = tuple(sorted(exact))
    folded_words = tuple(sorted(folded))
    return _Automata(
        exact=AhoCorasick(exact_words),
        exact_words=exact_words,
        exact_rules=tuple(tuple(exact[w]) for w in exact_words),
        exact_prefix=tuple(w in PREFIXES for w in exact_words),
        folded=AhoCorasick(folded_words),
        folded_words=folded_words,
        folded_rules=tuple(tuple(folded[w]) for w in folded_words),
    )


@dataclass(frozen=True, slots=True)
class Anchored:
    """What one automaton pass found: certain-tier findings, and where token prefixes are."""

    findings: list[Finding]
    prefixes: list[tuple[int, str]]


def fast_findings(text: str) -> Anchored:
    automata = _automata()
    starts: dict[int, set[int]] = defaultdict(set)
    prefixes: list[tuple[int, str]] = []
    for index, start, _ in _matches(automata.exact, text):
        for rule_index in automata.exact_rules[index]:
            starts[rule_index].add(start)
        if automata.exact_prefix[index]:
            prefixes.append((start, automata.exact_words[index]))
    if automata.folded_words:
        for index, start, _ in _matches(automata.folded, ascii_lower(text)):
            for rule_index in automata.folded_rules[index]:
                starts[rule_index].add(start)
    found: list[Finding] = []
    for rule_index in sorted(starts):
        rule = rules()[rule_index]
        pos = 0
        for start in sorted(starts[rule_index]):
            if start < pos:
                continue
            match = rule.pattern.match(text, start)
            if match is None:
                continue
            finding = rule.finding(match)
            if finding is not None:
                found.append(finding)
            pos = match.end() if match.end() > match.start() else match.end() + 1
    found.extend(kubernetes_secret_data(text))
    found.extend(pgpass_lines(text))
    found.extend(mailchimp_keys(text))
    prefixes.sort()
    return Anchored(found, prefixes)


def plain_prefix_positions(text: str) -> list[tuple[int, str]]:
    """Where `PREFIXES` occur, by plain substring search (the reference for the automaton)."""
    out: list[tuple[int, str]] = []
    for prefix in PREFIXES:
        pos = text.find(prefix)
        while pos != -1:
            out.append((pos, prefix))
            pos = text.find(prefix, pos + 1)
    out.sort()
    return out


def _matches(automaton: Any, text: str) -> list[tuple[int, int, int]]:
    try:
        result: list[tuple[int, int, int]] = automaton.find_matches_as_indexes(
            text, overlapping=True
        )
    except UnicodeEncodeError:  # lone surrogates: the automaton takes UTF-8 only
        result = automaton.find_matches_as_indexes(
            text.encode("utf-8", "replace").decode("utf-8"), overlapping=True
        )
    return result
