"""Model output is tainted: text a model drafted (a reply or a progress note) leaves the
process only when nothing in it serves an attacker.

`taint_problem` judges one drafted body against the message it answers and the catalog, and
returns the first reason to refuse it (the guardrails then escalate the message), or None.
Every rule judges one normal form of the body (`surface`: NFKC, invisible characters removed,
dash look-alikes folded), class by class:

1. hidden characters: invisible, bidi or tag characters, or words that mix alphabets
   (`surface`);
2. links and addresses in any form, unless a plain https link to an allowed host (`links`);
3. values smuggled out of the message, in any case, order, spacing or encoding
   (`smuggling`): a secret the detector found is `BODY_SECRET`, any other token that is not
   an ordinary word is `BODY_ECHO`;
4. routing claims the catalog does not make, and announced changes (`claims`);
5. names other than the sender, the worker and the owners of the message's topic (`names`);
6. instructions, requests for secrets, broadcasts and status claims (`instructions`);
7. echoes: eight words of the message in a row (sixteen Chinese or Japanese characters).

The words each rule reads, in the nine languages, are in `vocabulary`.
"""

from __future__ import annotations

import re
from typing import Final

from warden.core.catalog import Catalog, fold_keyword
from warden.core.models import Message, message_text
from warden.core.reading import Reading, read
from warden.core.reasons import Reason
from warden.core.taint import vocabulary
from warden.core.taint.claims import claim_problem
from warden.core.taint.instructions import instructs
from warden.core.taint.links import has_link, strip_allowed_links
from warden.core.taint.names import foreign_name
from warden.core.taint.smuggling import normal, smuggled, source
from warden.core.taint.surface import hidden_characters, surface

__all__ = ["ECHO_WORDS", "allowed_names", "surface", "taint_problem"]

ECHO_WORDS: Final = 8  # a drafted text may not repeat this many words of the message in a row
ECHO_CJK_CHARS: Final = 16  # ... or this many Chinese or Japanese characters
_CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE: Final = re.compile(rf"[^\W{_CJK_CHAR}]+")
_CJK_RE: Final = re.compile(f"[{_CJK_CHAR}]")


def allowed_names(
    message: Message, catalog: Catalog, agent: str, reading: Reading | None = None
) -> frozenset[str]:
    """Who a drafted text may name: the sender, the worker's agent, and the owners the
    catalog gives the message's topic (none when the message has no catalog topic)."""
    plain = (reading or read(message_text(message))).plain
    owners = {route.owner for route in catalog.match(plain)}
    return frozenset({message.from_agent.lower(), agent.lower(), *owners})


def taint_problem(
    body: str,
    message: Message,
    catalog: Catalog,
    agent: str,
    *,
    body_reading: Reading | None = None,
    message_reading: Reading | None = None,
) -> Reason | None:
    """Why text a model drafted may not leave the process, or None (see the module
    docstring). The readings, when the caller has them, save reading the texts again."""
    if hidden_characters(body):
        return Reason.BODY_HIDDEN_CHARACTERS
    seen = surface(body)
    if has_link(seen, catalog.allowed_link_hosts):
        return Reason.BODY_LINK
    seen = strip_allowed_links(seen, tuple(catalog.allowed_link_hosts))
    message_reading = message_reading or read(message_text(message))
    allowed = allowed_names(message, catalog, agent, message_reading)
    terms = _catalog_terms(catalog)
    origin = source(message_reading, {normal(t) for t in terms | allowed})
    secret, other = smuggled(origin, body_reading or read(body))
    if secret:
        return Reason.BODY_SECRET
    if other:
        return Reason.BODY_ECHO
    words = {w for t in terms for w in re.split(r"[\s-]+", t)} | vocabulary.COMMON_ACRONYMS
    if claim_problem(seen, catalog, agent=agent, sender=message.from_agent, vocabulary=words):
        return Reason.BODY_ROUTING_CLAIM
    if foreign_name(seen, allowed, terms):
        return Reason.BODY_AGENT
    if instructs(_blank_names(seen, {*catalog.agents, *allowed})):
        return Reason.BODY_INSTRUCTIONS
    if _echoes(seen, message_reading.plain):
        return Reason.BODY_ECHO
    return None


def _catalog_terms(catalog: Catalog) -> frozenset[str]:
    """The catalog's own words, lowercase and hyphenated: agents, topics, keywords and the
    words of the descriptions."""
    terms: set[str] = {*catalog.agents, *(r.topic for r in catalog.routes)}
    for route in catalog.routes:
        terms.update(fold_keyword(k).replace(" ", "-") for k in route.keywords)
        terms.update(re.findall(r"[\w-]+", route.description.lower()))
    for description in catalog.agents.values():
        terms.update(re.findall(r"[\w-]+", description.lower()))
    return frozenset(terms)


def _blank_names(seen: str, names: set[str]) -> str:
    """`seen` with agent names replaced by a neutral word ("secrets-engine" holds "secrets")."""
    for name in sorted(names, key=len, reverse=True):
        seen = re.sub(rf"(?i)(?<![A-Za-z0-9-]){re.escape(name)}(?![A-Za-z0-9-])", "X", seen)
    return seen


def _echoes(body: str, message_plain: str) -> bool:
    """Whether `body` repeats `ECHO_WORDS` words of the message in a row, or
    `ECHO_CJK_CHARS` of its Chinese and Japanese characters."""
    return _repeats(
        _WORD_RE.findall(message_plain.casefold()), _WORD_RE.findall(body.casefold()), ECHO_WORDS
    ) or _repeats(_CJK_RE.findall(message_plain), _CJK_RE.findall(body), ECHO_CJK_CHARS)


def _repeats(source: list[str], drafted: list[str], n: int) -> bool:
    if len(source) < n or len(drafted) < n:
        return False
    grams = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    return any(tuple(drafted[i : i + n]) in grams for i in range(len(drafted) - n + 1))
