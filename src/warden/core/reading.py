"""One reading of one untrusted text, shared by every check and every mask: its views
(`warden.core.text`), the lexicon's words in each (`warden.core.words`), the secrets found in
any of them (`warden.core.detector`), mapped back to raw spans, and the pre-check's judgement
(`warden.core.precheck`). Computed once per message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Final

from warden.core import detector, precheck, text, words
from warden.core.detector import Finding, Tier
from warden.core.detector.fast import fast_findings
from warden.core.words import Hit

# Views where secret-shaped tokens are looked for, besides certain secrets: the ones whose
# tokens a reader sees as written. Elsewhere (decoded, unwrapped, rot13, reversed) only
# certain secrets count: reassembled gibberish is not a token anyone wrote.
_SHAPED_VIEWS: Final = frozenset(
    {"plain", "tags", "spaced", "grouped", "dotted", "vertical", "unescaped"}
)
# Views whose words may have been run together by undoing the spacing.
_MERGED_VIEWS: Final = frozenset({"spaced", "dotted", "vertical"})
# A rot13 or reversed view is judged only when it holds a word worth hiding: one of a
# concept some forcing rule of the pre-check needs (a credential asked for by how one logged
# in, "what did you use for the admin login", names no secret).
_GATE_CONCEPTS: Final = frozenset(
    {"secret", "injection_marker", "ignore", "production", "ssh", "worker_directive", "catalog",
     "login", "ask_secret", "credential_context", "reroute", "routing_claim", "instructions"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Seen:
    """One view and the lexicon words in it."""

    view: text.View
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class Reading:
    raw: str
    seen: tuple[Seen, ...]  # the plain view first

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every secret in any view, as raw spans, merged."""
        found: list[Finding] = []
        for item in self.seen:
            view = item.view
            shaped = view.name in _SHAPED_VIEWS and view.depth == 0
            for finding in detector.find(view.text, item.hits, shaped=shaped):
                start, end = view.raw_span(finding.start, finding.end)
                found.append(Finding(finding.kind, finding.tier, start, end))
        return tuple(detector.merge(found))

    @cached_property
    def judgement(self) -> precheck.Judgement:
        verdict = precheck.Judgement()
        for item in self.seen:
            verdict = verdict | precheck.judge_hits(item.view.text, item.hits)
        return verdict

    @property
    def plain(self) -> str:
        return self.seen[0].view.text

    @property
    def certain_kinds(self) -> tuple[str, ...]:
        return tuple(sorted({f.kind for f in self.findings if f.tier == Tier.CERTAIN}))

    @property
    def carries_secret(self) -> bool:
        return any(f.tier == Tier.CERTAIN for f in self.findings)

    @property
    def hidden_text(self) -> bool:
        """Whether the text hides words in Unicode tag characters (invisible to a reader,
        legible to a model): nothing a sender means honestly."""
        return any(
            item.view.name == "tags" and sum(c.isalpha() for c in item.view.text) >= 3
            for item in self.seen
        )

    @property
    def unreadable_script(self) -> bool:
        return precheck.unreadable_script(self.plain)


def read(raw: str) -> Reading:
    """Every view of `raw` worth judging, with its words (see the module docstring)."""
    plain = text.plain_view(raw)
    views = [plain]
    tags = text.tag_view(raw)
    if tags is not None:
        views.append(tags)
    for base in list(views):
        views.extend(text.derived_views(base))
    seen: list[Seen] = []
    keys: set[tuple[str, int, int]] = set()
    for view in views:
        key = (view.text, *view.raw_span(0, len(view.text)))
        if key in keys:
            continue
        keys.add(key)
        seen.append(Seen(view, tuple(words.find(view.text, merged=view.name in _MERGED_VIEWS))))
    if any(h.concept in ("secret", "login") for h in seen[0].hits):
        # A number spelled out is a value only where a password, a PIN or a login is named.
        spelled = text.spelled_digits_view(plain)
        if spelled is not None:
            seen.append(Seen(spelled, tuple(words.find(spelled.text))))
    plain_words = _gate_words(plain.text, seen[0].hits)
    plain_formats = {f.kind for f in fast_findings(plain.text).findings}
    for transformed in (text.rot13_view(plain), text.reversed_view(plain)):
        hits = tuple(words.find(transformed.text))
        # Only what the transform revealed counts (rot13 leaves Cyrillic and CJK alone): words
        # worth hiding, or a provider's token.
        revealed = _gate_words(transformed.text, hits, words_only=True) - plain_words
        if revealed or {f.kind for f in fast_findings(transformed.text).findings} - plain_formats:
            seen.append(Seen(transformed, hits))
    return Reading(raw, tuple(seen))


def _gate_words(
    view_text: str, hits: tuple[Hit, ...], *, words_only: bool = False
) -> set[tuple[str, str]]:
    """The words worth hiding among `hits`. With `words_only`, not those inside a run that
    holds a digit (reversing or rot13-ing a hex id or a pod name reveals "cc" by chance), nor
    markers without a letter."""
    return {
        (h.concept, view_text[h.start : h.end].lower())
        for h in hits
        if h.concept in _GATE_CONCEPTS
        and not (words_only and (_in_digit_run(view_text, h) or _no_letter(view_text, h)))
    }


def _no_letter(view_text: str, hit: Hit) -> bool:
    """A marker of signs only (a quote mark at a line's start): reversing indented markup
    makes those by chance, it reveals no word."""
    return not any(c.isalpha() for c in view_text[hit.start : hit.end])


def _in_digit_run(view_text: str, hit: Hit) -> bool:
    start, end = hit.start, hit.end
    while start > 0 and _TOKEN_CHAR_RE.match(view_text[start - 1]):
        start -= 1
    while end < len(view_text) and _TOKEN_CHAR_RE.match(view_text[end]):
        end += 1
    return any(c.isdigit() for c in view_text[start:end])


_TOKEN_CHAR_RE: Final = re.compile(r"[A-Za-z0-9_-]")


# Short texts are read once per process: the worker's own sink text (audit fields, reason
# descriptions, routing answers, agent names, subjects) repeats from message to message, and
# reading is a pure function of the text. Long texts (message bodies) are read once anyway.
SHORT_TEXT_CHARS: Final = 256
_SHORT_READINGS: Final = 4096


@lru_cache(maxsize=_SHORT_READINGS)
def _read_short(raw: str) -> Reading:
    return read(raw)


def read_once(raw: str) -> Reading:
    """`read(raw)`, remembered for short texts (see `SHORT_TEXT_CHARS`)."""
    return _read_short(raw) if len(raw) <= SHORT_TEXT_CHARS else read(raw)


def scan(raw: str) -> tuple[Finding, ...]:
    """The secrets in `raw` (both tiers), as merged raw spans."""
    return read_once(raw).findings
