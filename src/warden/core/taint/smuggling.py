"""Values smuggled out of the message in model-drafted text.

The reply check would judge the reply alone, and a value the message held can leave in a form
no detector sees in the reply by itself: a word-style password ("lumieretiger66"), the value
upper-cased, reversed, spaced out, dashed, quoted, in a code block, base64 or hex, or its first
characters ("it starts with bNkOwgiE"). So a drafted text is compared with the message, both
read in every view (`warden.core.reading`: plain, spaced, unwrapped, decoded) and both in a
**normal form**: case-folded, every character that is not a letter or a digit removed
(separators, spaces, quotes, code fences).

- The message's **tokens** are its tokens that are not ordinary words (letters only, in one
  case pattern: "lumieretiger66", "EHir@22UhwL!", "db-03"), and the values the detector found
  (both tiers, "sunshine" included). The catalog's words and the names a reply may use are
  not tokens.
- A drafted text **reproduces** a token when its normal form holds the token, reversed or
  rot13'd; or when one of its words (six characters or more) is part of a token: any part
  for a word that is not ordinary, a part that cuts inside the token's own pieces for an
  ordinary word ("lumiere" of "lumieretiger66", not "billing" of "billing-db-2"). A secret's
  first or last six characters count wherever they appear.
- A drafted word that is not a word of the message (and not the catalog's) but is found in the
  message's normal form was put together from it (a value written one character per line).

A secret reproduced is `BODY_SECRET`; any other token is `BODY_ECHO`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Final

from warden.core import text
from warden.core.reading import Reading

MIN_CHARS: Final = 6  # a shorter token or word is not evidence of a copied value
# Tokens end at spaces, quotes, brackets and at Chinese and Japanese characters (which have
# no spaces between words; a value hidden between them is still found in the normal form).
_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_PIECE_RE: Final = re.compile(rf"[^\s\"'`“”‘’«»()\[\]{{}}<>,;|{_CJK}]+")
_SPLIT_RE: Final = re.compile(rf"[^\s\"'`“”‘’«»()\[\]{{}}<>,;|=:@/\\{_CJK}]+")
_EDGE: Final = ".,:;!?*_~#-+=/\\'\""


@dataclass(frozen=True, slots=True)
class Source:
    """The message, as the comparison needs it."""

    secrets: frozenset[str]  # normal forms of the values the detector found
    tokens: dict[str, tuple[str, ...]]  # other tokens: normal form -> its pieces' normal forms
    words: frozenset[str]  # the message's ordinary words, normal
    wholes: tuple[str, ...]  # every view, normal


def normal(value: str) -> str:
    """Case-folded, letters and digits only."""
    return "".join(c for c in value.casefold() if c.isalnum())


def ordinary(token: str) -> bool:
    """A word: letters only (hyphens and apostrophes between them), in one case pattern."""
    parts = [p for p in re.split(r"[-'’]", token) if p]
    return bool(parts) and all(
        p.isalpha() and (p.islower() or p.isupper() or p.istitle()) for p in parts
    )


def source(reading: Reading, exclude: Collection[str]) -> Source:
    """The message read as `reading`; `exclude` holds normal forms that are neither tokens nor
    evidence (the catalog's words, the names a reply may use)."""
    secrets: set[str] = set()
    for finding in reading.findings:
        span = reading.raw[finding.start : finding.end]
        pieces = [p for p in _pieces(span) if not ordinary(p)] or list(_pieces(span))[-1:]
        secrets.update(normal(p) for p in pieces)
    tokens: dict[str, tuple[str, ...]] = {}
    words: set[str] = set()
    for seen in reading.seen:
        for piece in _pieces(seen.view.text):
            if ordinary(piece):
                words.update(normal(p) for p in re.split(r"[-'’]", piece))
            else:
                parts = _parts(piece)
                words.update(normal(p) for p in parts if ordinary(p))  # "billing" of "billing-db-2"
                tokens.setdefault(normal(piece), tuple(normal(p) for p in parts))
    secrets = {s for s in secrets if len(s) >= MIN_CHARS and s not in exclude}
    return Source(
        secrets=frozenset(secrets),
        tokens={
            t: parts
            for t, parts in tokens.items()
            if len(t) >= MIN_CHARS and t not in exclude and t not in secrets
        },
        words=frozenset(words | set(exclude)),
        wholes=tuple({normal(seen.view.text) for seen in reading.seen}),
    )


def smuggled(message: Source, body: Reading) -> tuple[bool, bool]:
    """(a secret reproduced, another value reproduced) by the drafted text read as `body`."""
    wholes = [normal(seen.view.text) for seen in body.seen]
    wholes += [text.rot13(w) for w in wholes]
    drafted = {
        (normal(piece), ordinary(piece))
        for seen in body.seen
        for piece in _pieces(seen.view.text)
        if len(piece) >= MIN_CHARS
    }
    drafted = {(n, word) for n, word in drafted if len(n) >= 4 and n not in message.words}
    for secret in message.secrets:
        if _held(secret, wholes) or any(n in secret or n in secret[::-1] for n, _ in drafted):
            return True, False
        head, tail = secret[:MIN_CHARS], secret[-MIN_CHARS:]
        if any(head in w or tail in w for w in wholes):
            return True, False
    for token, parts in message.tokens.items():
        if _held(token, wholes):
            return False, True
        for n, word in drafted:
            if (n in token or n in token[::-1]) and not (word and _aligned(n, parts)):
                return False, True
    for n, _ in drafted:
        if len(n) >= MIN_CHARS and any(n in w or n[::-1] in w for w in message.wholes):
            return False, True
    return False, False


def _held(token: str, wholes: Iterable[str]) -> bool:
    backwards = token[::-1]
    return any(token in w or backwards in w for w in wholes)


def _aligned(fragment: str, parts: tuple[str, ...]) -> bool:
    """Whether `fragment` is whole pieces of the token ("billing" of "billing-db-2")."""
    return any(
        "".join(parts[i:j]) == fragment
        for i in range(len(parts))
        for j in range(i + 1, len(parts) + 1)
    )


def _pieces(value: str) -> Iterable[str]:
    """The whitespace-separated tokens of `value`, and their pieces between `=:@/`."""
    for regex in (_PIECE_RE, _SPLIT_RE):
        for match in regex.finditer(value):
            piece = match.group().strip(_EDGE)
            if piece:
                yield piece


def _parts(piece: str) -> list[str]:
    return [p for p in re.split(r"[^\w]|_", piece) if p]
