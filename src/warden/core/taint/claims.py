"""Routing claims in model-drafted text: a model may repeat what the catalog says, never more.

Judged sentence by sentence (in the nine languages):

- a **change** ("now", "no longer", "retired", "moved", "jetzt", "désormais", "теперь", "不再",
  "今後") in a sentence that names an agent or a catalog topic is refused: who owns what
  changes through a reviewed catalog diff, never through a reply;
- a sentence that names a **catalog agent and a topic** must agree with the catalog: every
  topic's owner is named, and every named agent (other than the worker and the sender) owns
  one of the topics; so must each of its clauses that names both ("SSO is handled by
  secrets-engine and database credentials by flex-auth"). A claim verb is not needed
  ("database credentials: flex-auth");
- a **claim about a topic** ("... are handled by", "zuständig", "负责") that names none of its
  owners is refused ("Database credentials are handled by Bob"); a question is no claim;
- a **claim about an agent** that adds to the catalog ("flex-auth also handles ...") or names
  something the catalog does not know (an acronym such as "VPN" or "ACLs") is refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

from warden.core.catalog import Catalog, fold_keyword
from warden.core.taint import vocabulary as vocab

_CHANGE_RE: Final = vocab.compile_words(vocab.CHANGE)
_CLAIM_RE: Final = vocab.compile_words(vocab.CLAIM)
_ADDITIVE_RE: Final = vocab.compile_words(vocab.ADDITIVE)
_QUESTION_RE: Final = vocab.compile_words(vocab.QUESTION_WORDS)
_ARROW_RE: Final = re.compile(r"->|=>|→|⇒|⟶|➜|➡")
_SENTENCE_RE: Final = re.compile(r"(?<=[.!?;])\s+|[\n\u3002\uff01\uff1f\uff1b]+|(?<=[!?;])")
# Clauses inside a sentence: "SSO is handled by secrets-engine and API keys by flex-auth".
_CLAUSE_RE: Final = re.compile(
    r"[,:\u3001\uff0c]|\s(?:and|but|while|whereas|und|aber|et|mais|y|pero|e|ma|mas|и|а|но)\s"
    r"|[和与及而]|(?<=[\u3040-\u30ff\u4e00-\u9fff])、",
    re.IGNORECASE,
)
_ACRONYM_RE: Final = re.compile(r"(?<![A-Za-z0-9-])([A-Z][A-Z0-9]{1,9})s?(?![A-Za-z0-9])")


def sentences(body: str) -> list[str]:
    return [s for s in _SENTENCE_RE.split(body) if s and s.strip()]


def claim_problem(
    body: str, catalog: Catalog, *, agent: str, sender: str, vocabulary: Collection[str]
) -> bool:
    """Whether `body` (already `surface`d) makes a routing claim the catalog does not make.
    `vocabulary` holds the catalog's words (lowercase), which are not unknown topics."""
    for sentence in sentences(body):
        folded = fold_keyword(sentence)
        named = _named(sentence, {*catalog.agents, agent, sender})
        owners = {route.owner for route in catalog.match(sentence)}
        if (named or owners) and _CHANGE_RE.search(folded):
            return True
        claims = _CLAIM_RE.search(folded) is not None or _ARROW_RE.search(sentence) is not None
        others = named - {agent, sender}
        if owners:
            if named:
                if not owners <= named or any(a not in owners for a in others):
                    return True
                if _clause_disagrees(sentence, catalog, agent=agent, sender=sender):
                    return True
            elif claims and not _question(sentence, folded):
                return True
        if (
            others
            and claims
            and (_ADDITIVE_RE.search(folded) or _unknown_acronym(sentence, vocabulary))
        ):
            return True
    return False


def _clause_disagrees(sentence: str, catalog: Catalog, *, agent: str, sender: str) -> bool:
    """Whether a clause that names both an agent and a topic pairs them wrongly."""
    for clause in _CLAUSE_RE.split(sentence):
        named = _named(clause, {*catalog.agents, agent, sender})
        owners = {route.owner for route in catalog.match(clause)}
        if named and owners and not owners <= named:
            return True
    return False


def _named(sentence: str, names: Collection[str]) -> set[str]:
    lowered = sentence.lower().replace("_", "-")
    return {
        name
        for name in names
        if re.search(rf"(?<![A-Za-z0-9-]){re.escape(name)}(?![A-Za-z0-9-])", lowered)
    }


def _unknown_acronym(sentence: str, vocabulary: Collection[str]) -> bool:
    return any(m.group(1).lower() not in vocabulary for m in _ACRONYM_RE.finditer(sentence))


def _question(sentence: str, folded: str) -> bool:
    return sentence.rstrip().endswith("?") or _QUESTION_RE.search(folded) is not None
