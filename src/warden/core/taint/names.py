"""Names in model-drafted text: a reply may name the sender, the worker's own agent and the
owners the catalog gives the message's topic (when the message has no catalog topic, only the
sender and the worker), and no one else.

A name is recognised by its shape or its place, in the nine languages:

- identifiers: kebab, snake, camel or UPPER case with digits ("helpdesk-x", "data_team",
  "SecretsBot", "SECRETS-ENGINE-V2", "secrets-engine2" written with an en dash), `@mentions`
  and `#channels`;
  ordinary hyphenated words ("follow-up", "re-enable", "pouvez-vous", "Datenbank-Zugangsdaten")
  and well-known camel-case products ("PostgreSQL") are not names;
- agent, team, bot and desk words ("the infra bot", "Vault-Team", "安全组", "セキュリティ窓口",
  "田中さん"), unless they stand next to an allowed name ("the secrets-engine team") or after a
  possessive ("your team");
- the subject of an English ownership claim ("Marvin handles that");
- whatever follows a verb that sends the reader to someone ("ask mallory", "frag Mallory",
  "demandez à Mallory", "спросите Маллори", "联系小王", "田中さんに聞いて"): it must be an allowed
  name, a pronoun or a role ("ask the owner").
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

from warden.core.catalog import fold_keyword
from warden.core.taint import vocabulary as vocab

_LATIN = r"A-Za-z0-9\u00c0-\u024f"
_IDENTIFIER_RE: Final = re.compile(
    rf"(?<![{_LATIN}_@#'’-])([@#]?)([{_LATIN}]+(?:[-_][{_LATIN}]+)*)(?![{_LATIN}_-])"
)
_CAMEL_RE: Final = re.compile(r"[a-z][A-Z]")
_AGENT_WORDS_RE: Final = vocab.compile_words(vocab.AGENT_WORDS)
_POSSESSIVE_RE: Final = re.compile(
    "(?:" + vocab.compile_words(vocab.POSSESSIVES).pattern + r")[\s']*$"
)
_REFERRAL_RE: Final = vocab.compile_words(vocab.REFERRALS, fold=False)
_NEXT_WORD_RE: Final = re.compile(r"[\s,:'’]*([^\s,.;:!?()\[\]\"'’“”«»]+)")
_FILLERS: Final = frozenset(w.lower() for w in vocab.REFERRAL_FILLERS)
_NOT_NAMES_RE: Final = re.compile("(?:" + vocab.compile_words(vocab.NOT_NAMES).pattern + r")$")
_SUBJECT_RE: Final = re.compile(
    r"(?:^|[.!?;:,]\s+|\b(?:and|but|so|then|while)\s+)([^\s,.;:!?()\[\]\"']+)\s+"
    r"(?:also\s+|now\s+|still\s+)?(?:" + "|".join(vocab.CLAIM_SUBJECT_VERBS) + r")\b",
    re.IGNORECASE | re.MULTILINE,
)
_CJK_RUN_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々ー]+")
_NEAR: Final = 16  # characters between a team word and the allowed name it belongs to


def foreign_name(body: str, allowed: Collection[str], catalog_terms: Collection[str]) -> bool:
    """Whether `body` (already `surface`d) names someone outside `allowed` (lowercase names).
    `catalog_terms` are the catalog's keywords and topics (hyphenated), which are not names."""
    spans = _allowed_spans(body, allowed)
    if _identifier(body, allowed, catalog_terms):
        return True
    folded = fold_keyword(body)
    if len(folded) != len(body):
        folded = body.lower()  # keep offsets (a rare decomposition changed the length)
    if _agent_word(body, folded, spans) or _claim_subject(body, allowed, catalog_terms):
        return True
    return _referral(body.lower(), allowed) or _referral_cjk(body, allowed)


def _allowed_spans(body: str, allowed: Collection[str]) -> list[tuple[int, int]]:
    lowered = body.lower().replace("_", "-")
    spans: list[tuple[int, int]] = []
    for name in allowed:
        for match in re.finditer(rf"(?<![{_LATIN}-]){re.escape(name)}(?![{_LATIN}-])", lowered):
            spans.append(match.span())
    return spans


def _identifier(body: str, allowed: Collection[str], catalog_terms: Collection[str]) -> bool:
    for match in _IDENTIFIER_RE.finditer(body):
        sign, token = match.groups()
        low = token.lower().replace("_", "-")
        if low in allowed:
            continue
        if sign == "@" or (sign == "#" and token[0].isalpha()):
            return True
        if "_" in token:
            return True
        if low in catalog_terms or fold_keyword(low) in catalog_terms:
            continue
        if "-" in token:
            if _named_compound(token, low):
                return True
            continue
        if _CAMEL_RE.search(token) and low not in vocab.CAMEL_WORDS:
            return True
    return False


def _claim_subject(body: str, allowed: Collection[str], catalog_terms: Collection[str]) -> bool:
    """Whether an English claim names an unknown subject ("Marvin handles that")."""
    for match in _SUBJECT_RE.finditer(body):
        subject = match.group(1).lower().replace("_", "-")
        if subject.endswith("'s"):
            subject = subject[:-2]
        if subject in allowed or subject in vocab.NOT_SUBJECTS or subject in catalog_terms:
            continue
        if fold_keyword(subject) in catalog_terms:
            continue
        return True
    return False


def _named_compound(token: str, low: str) -> bool:
    """Whether a hyphenated token is a name rather than a word."""
    parts = low.split("-")
    folded = [fold_keyword(p) for p in parts]
    if low in vocab.COMMON_HYPHENATED:
        return False
    if _AGENT_WORDS_RE.fullmatch(folded[-1]) and not all(
        p in vocab.COMMON_PREFIXES for p in folded[:-1]
    ):
        return True  # "vault-team", "Infra-Team", "sec-bot"
    if any(c.isdigit() for c in low):
        return True  # "secrets-engine2", "SECRETS-ENGINE-V2"
    ascii_letters = token.replace("-", "").isascii()
    if not (token.islower() or token.isupper()) or not ascii_letters:
        return False  # "Datenbank-Zugangsdaten", "API-Schlüssel", "peut-être"
    if folded[0] in vocab.COMMON_PREFIXES or folded[-1] in vocab.CLITICS:
        return False  # "re-enable", "pouvez-vous", "dirija-se"
    # "API-KEY" and "SSO-SAML" are words; "helpdesk-x", "secrets-engine-legacy" and
    # "VAULT-PROXY" are names
    return not (token.isupper() and all(len(p) <= 5 for p in parts))


def _agent_word(body: str, folded: str, spans: list[tuple[int, int]]) -> bool:
    hits = [m.span() for m in _AGENT_WORDS_RE.finditer(folded)]
    hits += [m.span() for m in vocab.AGENT_SUFFIX_RE.finditer(body)]
    for start, end in hits:
        if any(body.startswith(polite, max(0, end - len(polite))) for polite in vocab.NOT_A_NAME):
            continue
        if any(s - _NEAR <= end and start <= e + _NEAR for s, e in spans):
            continue  # "the secrets-engine team", "secrets-engine 团队"
        if _POSSESSIVE_RE.search(folded[max(0, start - 12) : start]):
            continue  # "your team", "votre équipe"
        return True
    return False


def _referral(lowered: str, allowed: Collection[str]) -> bool:
    for match in _REFERRAL_RE.finditer(lowered):
        pos = match.end()
        for _ in range(4):
            word = _NEXT_WORD_RE.match(lowered, pos)
            if word is None:
                break
            candidate = word.group(1)
            pos = word.end()
            if candidate in _FILLERS:
                continue
            name = candidate.replace("_", "-").strip("-")
            if name in allowed or _NOT_NAMES_RE.match(fold_keyword(candidate)):
                break
            if not any(c.isalpha() for c in candidate):
                break  # a number or a sign: nothing named
            return True
    return False


def _referral_cjk(body: str, allowed: Collection[str]) -> bool:
    """Chinese: the referral verb comes first ("联系小王"); Japanese: last ("田中さんに聞いて")."""
    lowered = body.lower()
    for verb in vocab.REFERRALS_ZH:
        for match in re.finditer(re.escape(verb), lowered):
            if any(lowered.startswith(n, match.start()) for n in vocab.REFERRAL_ZH_NOT):
                continue
            if verb == "找" and lowered[max(0, match.start() - 1) : match.start()] in ("查", "寻"):
                continue
            if _unallowed_after(lowered[match.end() :], allowed):
                return True
    for match in vocab.REFERRALS_JA_RE.finditer(lowered):
        if _unallowed_before(lowered[: match.start()], allowed):
            return True
    return False


def _unallowed_after(rest: str, allowed: Collection[str]) -> bool:
    rest = rest.lstrip(" \t")
    for prefix in ("一下", "下", "直接"):
        rest = rest.removeprefix(prefix).lstrip(" \t")
    if not rest or not rest[0].isalnum():
        return False
    if any(rest.startswith(name) for name in allowed):
        return False
    if any(rest.startswith(word) for word in vocab.NOT_NAMES_CJK):
        return False
    head = _CJK_RUN_RE.match(rest)
    if head is None:
        word = re.match(rf"[{_LATIN}_-]+", rest)
        return word is not None and word.group().replace("_", "-") not in allowed
    return True


def _unallowed_before(before: str, allowed: Collection[str]) -> bool:
    before = before.rstrip(" \t")
    if any(before.endswith(name) for name in allowed):
        return False
    if any(before.endswith(word) for word in vocab.NOT_NAMES_CJK):
        return False
    tail = re.search(rf"(?:[{_LATIN}_-]+|[\u3040-\u30ff\u3400-\u9fff々ー]+)$", before)
    return tail is not None
