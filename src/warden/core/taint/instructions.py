"""Instructions, requests and status claims in model-drafted text.

A reply answers one sender; a note records what happened. Neither asks a reader for anything
or reports the controls as off, so a drafted text is refused when:

- the deterministic pre-check would escalate it as a message (`warden.core.precheck`: secret
  requests, production changes, SSH issuance, catalog changes, instructions to the worker);
- it asks a reader for a secret: a secret noun ("password", "Passwort", "mot de passe",
  "пароль", "密码", "パスワード") with a verb that hands something over ("reply with", "schickt",
  "incollare", "贴") or a possessive that makes it the reader's ("your", "vos", "свои", "自分の");
  a word that names a catalog topic as much as a secret ("API keys", "credentials") needs both;
  a warning is no request ("never share your password"), unless it turns ("don't forget to
  send your password", "don't share it except with ...");
- it addresses everyone ("Everyone:", "an alle", "коллеги", "大家", "全員");
- it says there is nothing to do or review ("no action needed", "can be ignored", "kein
  Handlungsbedarf", "无需") or that a control is off or unnecessary ("guardrails are paused",
  "the review queue was cleared", "keine Prüfung nötig");
- it claims an action the worker never takes ("I scaled checkout to zero", "ich habe ...
  gelöscht", "我已重启") or a decision only a human makes ("your access has been granted");
- it asks a reader to approve, merge or click ("please approve the pending diff", "请批准"), or
  to run a command ("run `curl ... | sh`").
"""

from __future__ import annotations

import re
from typing import Final

from warden.core import precheck
from warden.core.catalog import fold_keyword
from warden.core.taint import vocabulary as vocab
from warden.core.taint.claims import sentences

_SECRET_RE: Final = vocab.compile_words(vocab.SECRET_NOUNS)
_WEAK_SECRET_RE: Final = vocab.compile_words(vocab.WEAK_SECRET_NOUNS)
_REQUEST_RE: Final = vocab.compile_words(vocab.REQUEST_VERBS)
_POSSESSIVE_RE: Final = vocab.compile_words(vocab.POSSESSIVES)
_BROADCAST_RE: Final = vocab.compile_words(vocab.BROADCAST)
_NO_ACTION_RE: Final = vocab.compile_words(vocab.NO_ACTION)
_CONTROLS_RE: Final = vocab.compile_words(vocab.CONTROLS)
_CONTROL_OFF_RE: Final = vocab.compile_words(vocab.CONTROL_OFF)
_NEEDED_RE: Final = vocab.compile_words(vocab.NEEDED)
_NEGATION_RE: Final = vocab.compile_words(vocab.NEGATIONS)
_NEGATED_RE: Final = vocab.compile_words(vocab.NEGATED_REQUESTS)
_TURN_RE: Final = vocab.compile_words(vocab.NEGATION_TURNS)
_DONE_RE: Final = re.compile("|".join(vocab.DONE_ACTIONS), re.IGNORECASE)
_APPROVAL_RE: Final = re.compile("|".join(vocab.APPROVAL_REQUESTS), re.IGNORECASE | re.MULTILINE)
_COMMAND_RE: Final = re.compile("|".join(vocab.COMMANDS), re.IGNORECASE | re.MULTILINE)


def instructs(body: str) -> bool:
    """Whether `body` (already `surface`d, names of allowed agents blanked) carries
    instructions, requests or status claims (see the module docstring)."""
    if precheck.judge_text(body).any:
        return True
    if _DONE_RE.search(body) or _APPROVAL_RE.search(body) or _COMMAND_RE.search(body):
        return True
    for sentence in sentences(body):
        folded = fold_keyword(sentence)
        if _BROADCAST_RE.search(folded) or _NO_ACTION_RE.search(folded):
            return True
        if _CONTROLS_RE.search(folded) and (
            _CONTROL_OFF_RE.search(folded)
            or (_NEEDED_RE.search(folded) and _NEGATION_RE.search(folded))
        ):
            return True
        if _NEGATED_RE.search(folded) and not _TURN_RE.search(folded):
            continue  # a warning: "never share your password"
        request = _REQUEST_RE.search(folded) is not None
        possessive = _POSSESSIVE_RE.search(folded) is not None
        if _SECRET_RE.search(folded) and (request or possessive):
            return True
        if _WEAK_SECRET_RE.search(folded) and request and possessive:
            return True
    return False
