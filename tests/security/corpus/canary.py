"""Find canaries in any text the worker let out, in any encoding (one Aho-Corasick pass per view).

What counts as a leak of a canary `c` (a random part of a generated secret, length n):

- `c` itself, or a *fragment* of it: any substring of at least `fragment_length(c)` characters,
  which is max(8, ceil(n / 2)) and at least 48 bits of the canary's alphabet (9 alphanumerics,
  12 hex digits, 15 decimal digits), so a chance match anywhere in a run is below ~1e-4
  (for a passphrase of dictionary words: all of it but 3 characters);
- in the text as written, or after folding: NFKC, zero-width/bidi/tag characters removed,
  homoglyphs folded to Latin, case-folded (the *folded view*); or with every character that is
  not a letter or digit removed (the *compact view*: catches spaced-out or dotted secrets);
- encoded: base64 (standard and URL-safe, at all three byte alignments), hex, rot13,
  percent-encoding, reversed; fragments of the rot13 and reversed forms count too.

Sinks are scanned as text; JSON sinks are decoded first (their strings scanned), so `\\u`
escapes cannot hide a value.
"""

from __future__ import annotations

import base64
import codecs
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick_rs

from tests.security.corpus.obfuscate import HOMOGLYPHS, HOMOGLYPHS_BACK

# Zero-width, bidi controls, word joiners, BOM, soft hyphen and the tag block.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)
_NOT_ALNUM = re.compile("[^a-z0-9]+")
_FOLD = {ord(v): k for k, v in HOMOGLYPHS.items()} | {ord(k): v for k, v in HOMOGLYPHS_BACK.items()}
MIN_FRAGMENT = 8
MIN_BITS = 48
# When one canary is found several ways, the report names the plainest.
_RANK = {"raw": 0, "base64": 1, "hex": 1, "percent": 1, "rot13": 1, "reversed": 1,
         "fragment": 2, "compact": 3}  # fmt: skip


def folded(text: str) -> str:
    """NFKC, invisible characters dropped, homoglyphs folded, case-folded."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return text.translate(_FOLD).casefold()


def compact(text: str) -> str:
    """The folded text with only ASCII letters and digits kept."""
    return _NOT_ALNUM.sub("", folded(text))


_PASSPHRASE = re.compile(r"^[a-z]+(?:-[a-z]+)+-\d+$")


def fragment_length(canary: str) -> int:
    if _PASSPHRASE.match(canary):  # words carry ~1 bit a character: all but 3 characters
        return max(MIN_FRAGMENT, len(canary) - 3)
    alphabet = 0
    if any(c.islower() for c in canary):
        alphabet += 26
    if any(c.isupper() for c in canary):
        alphabet += 26
    if any(c.isdigit() for c in canary):
        alphabet += 10
    if any(not c.isalnum() for c in canary):
        alphabet += 8
    if all(c in "0123456789abcdefABCDEF" for c in canary):
        alphabet = 16
    bits_per_char = math.log2(max(alphabet, 2))
    return min(
        len(canary),
        max(MIN_FRAGMENT, math.ceil(len(canary) / 2), math.ceil(MIN_BITS / bits_per_char)),
    )


def _windows(text: str, size: int) -> set[str]:
    if len(text) <= size:
        return {text}
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def _base64_cores(value: bytes) -> set[str]:
    """The base64 text of `value` that does not depend on its neighbours, at 3 alignments."""
    cores: set[str] = set()
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + value).decode()
        start = 4 if pad else 0
        end = (len(b"\0" * pad + value) // 3) * 4
        core = encoded[start:end]
        if len(core) >= 12:
            cores.add(core)
            cores.add(core.translate(str.maketrans("+/", "-_")))
    return cores


@dataclass(frozen=True, slots=True)
class Hit:
    owner: str  # the case id whose canary leaked
    canary: str
    encoding: str  # how it was found (raw, fragment, base64, ...)


class CanaryScanner:
    """Every canary of a run, indexed once; `scan(text)` finds all of them in one pass/view."""

    def __init__(self, canaries: Iterable[tuple[str, str]]) -> None:
        # view -> (patterns, [(owner, canary, encoding)])
        self._tables: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = {
            "raw": ([], []),
            "folded": ([], []),
            "compact": ([], []),
        }
        for owner, canary in canaries:
            self._add_canary(owner, canary)
        self._automata = {
            view: ahocorasick_rs.AhoCorasick(patterns) if patterns else None
            for view, (patterns, _) in self._tables.items()
        }

    def _add(self, view: str, pattern: str, owner: str, canary: str, encoding: str) -> None:
        if len(pattern) >= MIN_FRAGMENT:
            patterns, meta = self._tables[view]
            patterns.append(pattern)
            meta.append((owner, canary, encoding))

    def _add_canary(self, owner: str, canary: str) -> None:
        size = fragment_length(canary)
        f = folded(canary)
        self._add("folded", f, owner, canary, "raw")
        for window in _windows(f, size):
            if window != f:
                self._add("folded", window, owner, canary, "fragment")
        c = compact(canary)
        if len(c) >= size:
            for window in _windows(c, size):
                self._add("compact", window, owner, canary, "compact")
        for window in _windows(folded(codecs.encode(canary, "rot13")), size):
            self._add("folded", window, owner, canary, "rot13")
        for window in _windows(f[::-1], size):
            self._add("folded", window, owner, canary, "reversed")
        raw = canary.encode()
        self._add("folded", raw.hex(), owner, canary, "hex")
        for window in _windows(raw.hex(), 2 * size):
            self._add("folded", window, owner, canary, "hex")
        percent = "".join(f"%{b:02x}" for b in raw)
        self._add("folded", percent, owner, canary, "percent")
        for core in _base64_cores(raw):
            self._add("raw", core, owner, canary, "base64")

    def scan(self, text: str) -> list[Hit]:
        hits: dict[tuple[str, str], Hit] = {}
        fold = folded(text)
        views = {"raw": text, "folded": fold, "compact": _NOT_ALNUM.sub("", fold)}
        for view, haystack in views.items():
            automaton = self._automata[view]
            if automaton is None or not haystack:
                continue
            meta = self._tables[view][1]
            for index, _, _ in automaton.find_matches_as_indexes(haystack, overlapping=True):
                owner, canary, encoding = meta[index]
                key = (owner, canary)
                if key not in hits or _RANK[encoding] < _RANK[hits[key].encoding]:
                    hits[key] = Hit(owner, canary, encoding)
        return list(hits.values())

    def scan_all(self, texts: Sequence[str]) -> list[Hit]:
        return self.scan("\n".join(texts))
