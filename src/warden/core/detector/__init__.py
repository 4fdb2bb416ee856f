"""The one secret detector: what is a secret (`policy`, `formats`) and how it is found fast
(`fast`). `find` runs it over one view of a text; `warden.core.reading` runs it over every
view of a message and maps what it finds back to the raw text."""

from __future__ import annotations

from collections.abc import Sequence

from warden.core.detector.fast import fast_findings
from warden.core.detector.formats import FORMATS
from warden.core.detector.policy import (
    Finding,
    Tier,
    prefixed_tokens,
    prose_findings,
    shaped_findings,
)
from warden.core.words import Hit

__all__ = ["FORMAT_KINDS", "Finding", "Tier", "find", "merge"]

FORMAT_KINDS = frozenset(f.kind for f in FORMATS)


def find(text: str, hits: Sequence[Hit], *, shaped: bool) -> list[Finding]:
    """Every finding in one view: provider formats and credential structure (anchored),
    values stated in prose (from the lexicon `hits` of this text), and, with `shaped`, the
    secret-shaped tokens."""
    anchored = fast_findings(text)
    found = anchored.findings
    found.extend(prose_findings(text, hits))
    found.extend(f for f in prefixed_tokens(text, anchored.prefixes) if f.tier == Tier.CERTAIN)
    if shaped:
        found.extend(shaped_findings(text, anchored.prefixes))
    return found


def merge(found: Sequence[Finding]) -> list[Finding]:
    """Findings merged so that spans do not overlap; a merged span keeps the highest tier and,
    within it, the most specific kind (a provider's format over a generic rule)."""
    if not found:
        return []
    ordered = sorted(found, key=lambda f: (f.start, -f.end, -f.tier))
    merged = [ordered[0]]
    for f in ordered[1:]:
        last = merged[-1]
        if f.start < last.end or (f.start == last.start and f.end == last.end):
            best = max((last, f), key=_rank)
            merged[-1] = Finding(best.kind, best.tier, last.start, max(last.end, f.end))
        else:
            merged.append(f)
    return merged


def _rank(finding: Finding) -> tuple[int, bool]:
    return finding.tier, finding.kind in FORMAT_KINDS
