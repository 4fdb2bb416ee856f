"""The one secret detector. Everything that leaves the process passes through it: outbound
bodies, prompts, log lines, audit records and run summaries.

Three layers, cheapest first:
1. high-signal token formats (cloud keys, VCS tokens, JWTs, private keys, URL credentials);
2. secret *values in context* ("the password is hunter2", `token: abc...`), which pattern
   libraries miss;
3. detect-secrets' plugins (keyword and format detectors, Base64 entropy) on candidate lines
   only, with the entropy limit applied here and benign shapes from our domain (SSH
   fingerprints and public keys, image digests, git SHAs, UUIDs) allowed first.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

REDACTION = "[REDACTED:{kind}]"

_HIGH_SIGNAL: dict[str, str] = {
    "aws_access_key_id": r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b",
    "aws_secret_access_key": (
        r"(?i:aws_?secret_?access_?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{30,}"
    ),
    "github_token": r"\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}",
    "gitlab_token": r"\bglpat-[A-Za-z0-9_-]{20,}",
    "slack_token": r"\bxox[abposr]-[A-Za-z0-9-]{10,}",
    "jwt": r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
    "private_key": r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
    "vault_token": r"\bhv[sbr]\.[A-Za-z0-9_-]{20,}",
    "gcp_api_key": r"\bAIza[0-9A-Za-z_-]{35}\b",
    "stripe_key": r"\b[rs]k_(?:live|test)_[0-9A-Za-z]{16,}",
    "openai_key": r"\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}",
    "npm_token": r"\bnpm_[A-Za-z0-9]{36}\b",
    "url_credentials": r"\b[a-z][a-z0-9+.-]{1,20}://[^/\s:@\"']{1,64}:[^/\s@\"']{1,128}@",
    "authorization_header": (
        r"(?i:\bauthorization:\s*(?:bearer|basic|token)\s+)[A-Za-z0-9._~+/=-]{8,}"
    ),
    "kubernetes_secret_data": r"(?s:kind:\s*Secret\b.{0,400}?\n\s*(?:data|stringData):)",
}


# Literal gates (a performance device, never a weaker check). Python's `re` scans a long text
# position by position for alternations like the ones above; a substring test is 50-100x
# cheaper. A gate lists groups of literals of which one group is *necessary* for its pattern
# to match: when no group is wholly present, the pattern cannot match and is skipped;
# otherwise it runs exactly as before, so results are identical (tests/security). `exact`
# groups are tested on the text as is (for case-sensitive patterns); `folded` groups on the
# lowercased text, and only when the text is ASCII: there `str.lower` and `re.IGNORECASE`
# agree, while outside ASCII case folding has extra equivalences (long s, Kelvin sign), so
# a folded gate is always open for non-ASCII text.
@dataclass(frozen=True, slots=True)
class Gate:
    exact: tuple[tuple[str, ...], ...] = ()
    folded: tuple[tuple[str, ...], ...] = ()

    def open(self, text: str, lowered: str | None) -> bool:
        """False only when the pattern behind this gate cannot match `text`."""
        if _any_group_in(self.exact, text):
            return True
        if not self.folded:
            return False
        return lowered is None or _any_group_in(self.folded, lowered)

    def candidate_spans(self, text: str, lowered: str | None) -> list[tuple[int, int]]:
        """(start, end) of the lines (split on "\\n") where the gate's first literals occur:
        the only lines on which the gate can open. Every line when the text is not ASCII.
        Finding the literals takes a few C-level scans instead of a test per line."""
        if lowered is None:
            starts = {0} | {match.end() for match in _NEWLINE_RE.finditer(text)}
        else:
            starts = set()
            for groups, haystack in ((self.exact, text), (self.folded, lowered)):
                for group in groups:
                    literal = group[0]
                    pos = haystack.find(literal)
                    while pos != -1:
                        starts.add(text.rfind("\n", 0, pos) + 1)
                        pos = haystack.find(literal, pos + 1)
        spans = []
        for start in sorted(starts):
            end = text.find("\n", start)
            spans.append((start, len(text) if end == -1 else end))
        return spans


_NEWLINE_RE = re.compile("\n")


def _any_group_in(groups: tuple[tuple[str, ...], ...], text: str) -> bool:
    # Plain loops: this runs for every pattern on every text and line, and generator
    # expressions cost more than the substring tests they wrap.
    for group in groups:
        for literal in group:
            if literal not in text:
                break
        else:
            return True
    return False


def ascii_lower(text: str) -> str | None:
    """`text` lowercased for folded gates, or None when it is not ASCII (gates stay open)."""
    return text.lower() if text.isascii() else None


# Gate banks: many gates opened for one text at once. Testing ~35 gates literal by literal
# costs a substring scan of the whole text per absent literal (~70 per text); instead
# `_find_literals` finds every literal of every bank in one pass of an Aho-Corasick automaton
# (exact literals in the text, folded ones in the lowercased ASCII text), and a bank opens the
# gates whose groups are wholly among the literals found: exactly the gates `Gate.open`
# opens. One- and two-character literals (":", ".", "@", "AP") occur in almost every text, so
# they stay plain substring tests, which stop at their first occurrence.
_SHORT_LITERAL = 2


@dataclass(frozen=True, slots=True)
class Literals:
    """The gate literals that occur in one text (see `_find_literals`)."""

    exact: frozenset[str]
    # None when the text is not ASCII: folded gates stay open (see `Gate`).
    folded: frozenset[str] | None
    # Start offsets of each folded literal found, for searches anchored on them.
    folded_starts: dict[str, list[int]]

    def starts(self, literals: Iterable[str]) -> list[int]:
        """Sorted start offsets of `literals` in the lowercased text."""
        found = [pos for lit in literals for pos in self.folded_starts.get(lit, ())]
        found.sort()
        return found


class GateBank:
    """Gates opened together for one text; `open_gates` gives the same answers as calling
    `Gate.open` on each of them. A None gate is always open."""

    def __init__(self, gates: Sequence[Gate | None]) -> None:
        self._always = frozenset(i for i, gate in enumerate(gates) if gate is None)
        self._folded_gates = frozenset(i for i, g in enumerate(gates) if g and g.folded)
        # Groups indexed by their first literal: a wholly present group has it present.
        self._exact: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self._folded: dict[str, list[tuple[int, frozenset[str]]]] = {}
        for index, gate in enumerate(gates):
            if gate is None:
                continue
            for groups, by_first in ((gate.exact, self._exact), (gate.folded, self._folded)):
                for group in groups:
                    by_first.setdefault(group[0], []).append((index, frozenset(group)))

    def literals(self) -> tuple[set[str], set[str]]:
        """(exact, folded) literals of this bank's gates."""
        exact = {lit for entries in self._exact.values() for _, group in entries for lit in group}
        folded = {lit for entries in self._folded.values() for _, group in entries for lit in group}
        return exact, folded

    def open_gates(self, found: Literals) -> set[int]:
        """Indices of the gates open for the text in which `found` was taken."""
        opened = set(self._always)
        _open_groups(self._exact, found.exact, opened)
        if found.folded is None:
            opened |= self._folded_gates
        else:
            _open_groups(self._folded, found.folded, opened)
        return opened


def _open_groups(
    by_first: dict[str, list[tuple[int, frozenset[str]]]],
    present: frozenset[str],
    opened: set[int],
) -> None:
    for literal in present:
        for index, group in by_first.get(literal, ()):
            if group <= present:
                opened.add(index)


def _folded(*literals: str) -> Gate:
    return Gate(folded=tuple((lit,) for lit in literals))


def _exact(*literals: str) -> Gate:
    return Gate(exact=tuple((lit,) for lit in literals))


# One gate per high-signal pattern: case-sensitive patterns get exact gates, so that ordinary
# words ("Asia", "disk-") do not open them.
_HIGH_SIGNAL_GATES: dict[str, Gate] = {
    "aws_access_key_id": _exact("AKIA", "ASIA", "AGPA", "AIDA", "AROA"),
    "aws_secret_access_key": Gate(folded=(("aws", "secret", "access"),)),
    "github_token": _exact("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "gitlab_token": _exact("glpat-"),
    "slack_token": _exact("xox"),
    "jwt": _exact("eyJ"),
    "private_key": Gate(exact=(("-----BEGIN ", "PRIVATE KEY"),)),
    "vault_token": _exact("hvs.", "hvb.", "hvr."),
    "gcp_api_key": _exact("AIza"),
    "stripe_key": _exact("k_live_", "k_test_"),
    "openai_key": _exact("sk-"),
    "npm_token": _exact("npm_"),
    "url_credentials": Gate(exact=(("://", "@"),)),
    "authorization_header": _folded("authorization:"),
    "kubernetes_secret_data": Gate(exact=(("kind:", "Secret"),)),
}
_HIGH_SIGNAL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in _HIGH_SIGNAL.items()
)
_HIGH_SIGNAL_BANK = GateBank([_HIGH_SIGNAL_GATES[kind] for kind in _HIGH_SIGNAL])

# A secret word, a copula or assignment, then a value-shaped token.
_VALUE_IN_CONTEXT_RE = re.compile(
    r"(?i)\b(?P<word>password|passwd|pwd|passphrase|secret|token|api[ _-]?key|access[ _-]?key|"
    r"private[ _-]?key|client[ _-]?secret|credentials?|pin)\b"
    r"(?:\s+(?:for|of|to)\s+[\w.-]+)?"
    r"\s*(?P<sep>is|was|=|:=|:|->|=>)\s*"
    r"[\"'`]?(?P<value>[^\s\"'`,;]{4,})"
)
# How every match of the pattern above begins, lowercased: it is tried only where one of
# these occurs (see `_in_context_matches`).
_CONTEXT_WORD_STARTS = (
    "pass", "pwd", "secret", "token", "api", "access", "private", "client", "credential", "pin",
)  # fmt: skip
_PLACEHOLDER_VALUES = frozenset(
    [
        "stored",
        "kept",
        "held",
        "managed",
        "issued",
        "owned",
        "rotated",
        "required",
        "needed",
        "missing",
        "expired",
        "invalid",
        "wrong",
        "correct",
        "available",
        "attached",
        "below",
        "above",
        "here",
        "there",
        "the",
        "a",
        "an",
        "in",
        "at",
        "on",
        "not",
        "set",
        "unset",
        "none",
        "null",
        "empty",
        "redacted",
        "changeme",
        "secret",
        "password",
        "token",
        "rotating",
        "handled",
        "configured",
        "located",
        "saved",
        "inside",
        "somewhere",
        "elsewhere",
        "yours",
        "mine",
        "ours",
        "theirs",
        "what",
        "where",
        "which",
        "who",
        "how",
        "why",
        "when",
        "unknown",
        "n/a",
        "tbd",
        "todo",
        "xxx",
        "xxxx",
        "****",
    ]
)

# "credentials" names a category, not one value: after it, a plain word or agent name
# (letters and hyphens only) is a label such as an owner, never a credential.
_CATEGORY_WORD_RE = re.compile(r"(?i)credentials?$")
_PLAIN_NAME_RE = re.compile(r"^[A-Za-z]+(?:-[A-Za-z]+)*[.!?]?$")

# Candidate tokens for entropy: long runs of token characters, i.e. maximal runs (the match
# is greedy and starts where the run does) of at least 20. The lookbehind changes no match: it
# only stops `re` from retrying inside a short run at each of its characters.
_LONG_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9+/=_.~-])[A-Za-z0-9+/=_.~-]{20,}")
# One alternation instead of five patterns: a token is benign when any branch matches it whole.
_BENIGN_TOKEN_RE = re.compile(
    r"(?i:(?:sha256|sha512|sha1|md5):[A-Za-z0-9+/=._-]+)$"
    r"|[0-9a-fA-F]{7,128}$"  # git SHAs, hex digests
    r"|(?i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$"
    r"|[a-z0-9]+(?:[.-][a-z0-9]+)*$"  # DNS names, pod names with hashes
    r"|[A-Za-z]+(?:[._-][A-Za-z]+)*$"  # words joined by separators
)
_BENIGN_CONTEXT_RE = re.compile(
    r"(?:SHA256:[A-Za-z0-9+/=]{20,}|ssh-(?:ed25519|rsa|dss)\s+[A-Za-z0-9+/=]{20,}|"
    r"ecdsa-sha2-nistp\d+\s+[A-Za-z0-9+/=]{20,}|@sha256:[0-9a-f]{64})"
)
_BASE64_ENTROPY_LIMIT = 4.5
_DIGIT_RE = re.compile(r"[0-9]")
# A line is worth detect-secrets' plugins when it names a secret-ish word or holds a long token.
# re.ASCII makes (?i) plain ASCII folding, so substring tests on lowercased ASCII are exact.
_KEYWORD_HINTS = ("pass", "secret", "token", "key", "cred", "auth", "pwd", "api")
_KEYWORD_HINT_RE = re.compile("(?i)" + "|".join(_KEYWORD_HINTS), re.ASCII)


@dataclass(frozen=True, slots=True)
class Finding:
    """Where a secret is. Carries the detector type and span, never the value itself."""

    kind: str
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def scan(text: str) -> list[Finding]:
    """All secret findings in `text`, merged so spans do not overlap."""
    if not text:
        return []
    found: list[Finding] = []
    lowered = ascii_lower(text)
    literals = _find_literals(text, lowered)
    opened = _HIGH_SIGNAL_BANK.open_gates(literals)
    for index, (kind, pattern) in enumerate(_HIGH_SIGNAL_PATTERNS):
        if index in opened:
            found.extend(Finding(kind, m.start(), m.end()) for m in pattern.finditer(text))
    for match in _in_context_matches(text, literals):
        value = match.group("value")
        if (
            match.group("sep") == ":"
            and _CATEGORY_WORD_RE.match(match.group("word"))
            and _PLAIN_NAME_RE.match(value)
        ):
            continue  # "API credentials: secrets-engine" names an owner, not a value
        if value.lower().strip(".!?") not in _PLACEHOLDER_VALUES and not value.startswith(
            "[REDACTED"
        ):
            found.append(Finding("secret_value_in_context", match.start("value"), match.end()))
    benign = _benign_spans(text)
    runs = _Runs([], [])  # the long tokens, reused to pick lines for the plugins below
    for match in _LONG_TOKEN_RE.finditer(text):
        start, end = match.span()
        runs.starts.append(start)
        runs.ends.append(end)
        if _inside(start, end, benign) or _BENIGN_TOKEN_RE.match(match.group()):
            continue
        if _looks_random(match.group()):
            found.append(Finding("high_entropy_string", start, end))
    found.extend(_library_findings(text, benign, lowered, runs, literals))
    return _merge(found)


def _in_context_matches(text: str, literals: Literals) -> Iterator[re.Match[str]]:
    """The matches of `_VALUE_IN_CONTEXT_RE.finditer(text)`. In ASCII text the pattern is
    tried only where one of `_CONTEXT_WORD_STARTS` begins (lowercasing keeps offsets there):
    every match begins with one, and `match` at the leftmost start not inside the previous
    match is exactly what `finditer`'s search would return. Other text is searched whole."""
    if literals.folded is None:
        yield from _VALUE_IN_CONTEXT_RE.finditer(text)
        return
    pos = 0
    for start in literals.starts(_CONTEXT_WORD_STARTS):
        if start < pos:
            continue
        match = _VALUE_IN_CONTEXT_RE.match(text, start)
        if match is not None:
            yield match
            pos = match.end()


_FORMAT_CHARS_RE = re.compile(
    r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def normalize(text: str) -> str:
    """`text` as a reader sees it: NFKC (fullwidth and compatibility forms become plain
    characters) and without invisible format characters (zero-width, bidi controls), so that
    a token or a request cannot hide behind them. ASCII text is returned as is."""
    if text.isascii():
        return text
    import unicodedata

    return _FORMAT_CHARS_RE.sub("", unicodedata.normalize("NFKC", text))


_CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def displayable(text: str) -> str:
    """Untrusted text made safe to show or to embed: normalised (see `normalize`), secrets
    redacted, and C0/C1 control characters (terminal escapes) replaced by spaces. Tabs and
    newlines stay."""
    return _CONTROL_CHARS_RE.sub(" ", redact(normalize(text)))


def contains_secret(text: str) -> bool:
    return bool(scan(text))


def kinds(findings: Iterable[Finding]) -> list[str]:
    return sorted({f.kind for f in findings})


def redact(text: str, findings: Sequence[Finding] | None = None) -> str:
    """`text` with every finding replaced by `[REDACTED:<kind>]`."""
    spans = scan(text) if findings is None else _merge(list(findings))
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for f in spans:
        out.append(text[pos : f.start])
        out.append(REDACTION.format(kind=f.kind))
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def redact_data(value: Any) -> Any:
    """Redact every string inside a JSON-like structure."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: redact_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_data(v) for v in value]
    return value


class RedactingFilter(logging.Filter):
    """A logging filter that redacts secrets from every record it sees (message and args)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            import traceback

            record.msg = (
                record.msg + "\n" + redact("".join(traceback.format_exception(*record.exc_info)))
            )
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the redacting filter to every handler of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def _benign_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _BENIGN_CONTEXT_RE.finditer(text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _looks_random(token: str) -> bool:
    # Tokens are ASCII (see _LONG_TOKEN_RE): a lowercase letter exists iff upper() changes
    # the token, an uppercase one iff lower() does.
    if token == token.upper() or token == token.lower() or _DIGIT_RE.search(token) is None:
        return False  # fewer than three character classes
    return _entropy(token) > _BASE64_ENTROPY_LIMIT


def _entropy(token: str) -> float:
    return float(_base64_plugin().calculate_shannon_entropy(token))


@cache
def _base64_plugin() -> Any:
    """detect-secrets' Base64 entropy plugin (imported on first use: cold start matters)."""
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString

    return Base64HighEntropyString()


@dataclass(frozen=True, slots=True)
class _Runs:
    """The long tokens of a text (maximal runs of `_LONG_TOKEN_RE`), in order."""

    starts: list[int]
    ends: list[int]

    def any_on(self, text: str, start: int, end: int, length: int, after: str) -> bool:
        """Whether a run of at least `length` characters begins in text[start:end], right
        after the character `after` when one is given."""
        index = bisect.bisect_left(self.starts, start)
        while index < len(self.starts) and self.starts[index] < end:
            begin = self.starts[index]
            if self.ends[index] - begin >= length and (
                not after or (begin > 0 and text[begin - 1] == after)
            ):
                return True
            index += 1
        return False


@dataclass(frozen=True, slots=True)
class RunGate:
    """A line gate for a plugin whose every match lies in one long token (see `_Runs`) of at
    least `length` characters, which begins right after `after` when given. Holds only where
    all the characters its pattern needs are token characters; with `ascii_only`, only on
    ASCII lines (its `\\d` also takes non-ASCII digits), and it stays open elsewhere."""

    length: int
    after: str = ""
    ascii_only: bool = False

    def open(self, text: str, line: tuple[int, int], is_ascii: bool, runs: _Runs) -> bool:
        if self.ascii_only and not is_ascii:
            return True
        return runs.any_on(text, line[0], line[1], self.length, self.after)


@dataclass(frozen=True, slots=True)
class _Plugin:
    detector: Any
    gate: Gate | None
    run_gate: RunGate | None


@cache
def _library_plugins() -> tuple[_Plugin, ...]:
    """detect-secrets' format and keyword detectors, in `_PLUGIN_NAMES` order. Imported on
    first need only: detect-secrets takes ~110 ms to import (it loads requests), and a run
    over an empty inbox, or a text no plugin can match, never needs it."""
    from detect_secrets.plugins.artifactory import ArtifactoryDetector
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.basic_auth import BasicAuthDetector
    from detect_secrets.plugins.discord import DiscordBotTokenDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.jwt import JwtTokenDetector
    from detect_secrets.plugins.keyword import KeywordDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.npm import NpmDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.private_key import PrivateKeyDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    classes: tuple[type, ...] = (
        ArtifactoryDetector, AWSKeyDetector, AzureStorageKeyDetector, BasicAuthDetector,
        DiscordBotTokenDetector, GitHubTokenDetector, GitLabTokenDetector, JwtTokenDetector,
        KeywordDetector, MailchimpDetector, NpmDetector, OpenAIDetector, PrivateKeyDetector,
        PypiTokenDetector, SendGridDetector, SlackDetector, SquareOAuthDetector, StripeDetector,
        TelegramBotTokenDetector, TwilioKeyDetector,
    )  # fmt: skip
    by_name = {cls.__name__: cls for cls in classes}
    if set(by_name) != set(_PLUGIN_NAMES):  # a plugin imported but not named, or the reverse
        raise RuntimeError(f"detect-secrets plugins out of step: {sorted(by_name)}")
    return tuple(
        _Plugin(by_name[name](), _PLUGIN_GATES.get(name), _PLUGIN_RUN_GATES.get(name))
        for name in _PLUGIN_NAMES
    )


# A necessary literal gate per detect-secrets plugin, read off its `denylist` regexes
# (detect-secrets 1.5). A plugin without a gate always runs.
_GITLAB_PREFIXES = (
    "glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "GR1348941", "glcbt-", "glimt-", "glptt-",
    "glagent-", "gloas-",
)  # fmt: skip
_PLUGIN_GATES: dict[str, Gate] = {
    "ArtifactoryDetector": _exact("AKC", "AP"),
    "AWSKeyDetector": Gate(
        exact=(("A3T",), ("ABIA",), ("ACCA",), ("AKIA",), ("ASIA",)), folded=(("aws",),)
    ),
    "AzureStorageKeyDetector": _exact("AccountKey="),
    "BasicAuthDetector": Gate(exact=(("://", "@"),)),
    "DiscordBotTokenDetector": Gate(exact=(("M", "."), ("N", "."), ("O", "."))),
    "GitHubTokenDetector": _exact("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
    "GitLabTokenDetector": _exact(*_GITLAB_PREFIXES),
    "JwtTokenDetector": _exact("eyJ"),
    "KeywordDetector": _folded("key", "pass", "pwd", "secret", "contrasena"),
    "MailchimpDetector": _exact("-us"),
    "NpmDetector": Gate(exact=(("//", ":_authToken="),)),
    "OpenAIDetector": _exact("T3BlbkFJ"),
    "PrivateKeyDetector": _exact("BEGIN", "PuTTY-User-Key-File-2"),
    "PypiTokenDetector": _exact("pypi-AgE"),
    "SendGridDetector": _exact("SG."),
    "SlackDetector": _folded("xox", "hooks.slack.com/services/"),
    "SquareOAuthDetector": _exact("sq0csp-"),
    "StripeDetector": _exact("k_live_"),
    "TelegramBotTokenDetector": _exact(":"),
    "TwilioKeyDetector": _exact("AC", "SK"),
}
# Line gates for the plugins whose literals are in almost every log line (":" and "."), read
# off the same regexes. Telegram, r"\d{8,10}:[0-9A-Za-z_-]{35}": its 35 characters are token
# characters right after a ":", which is not one, so they begin a run of at least 35. Discord,
# r"[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}": on an ASCII line every
# character it takes is a token character, so it lies in one run of at least 59.
_PLUGIN_RUN_GATES: dict[str, RunGate] = {
    "TelegramBotTokenDetector": RunGate(35, after=":"),
    "DiscordBotTokenDetector": RunGate(1 + 23 + 1 + 6 + 1 + 27, ascii_only=True),
}
# The plugins `_library_plugins` loads, by class name; their text gates are known before
# detect-secrets is imported.
_PLUGIN_NAMES = (
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector",
    "JwtTokenDetector", "KeywordDetector", "MailchimpDetector", "NpmDetector",
    "OpenAIDetector", "PrivateKeyDetector", "PypiTokenDetector", "SendGridDetector",
    "SlackDetector", "SquareOAuthDetector", "StripeDetector", "TelegramBotTokenDetector",
    "TwilioKeyDetector",
)  # fmt: skip
_PLUGIN_BANK = GateBank([_PLUGIN_GATES.get(name) for name in _PLUGIN_NAMES])


def _library_findings(
    text: str, benign: list[tuple[int, int]], lowered: str | None, runs: _Runs, literals: Literals
) -> list[Finding]:
    """Run detect-secrets' plugins on candidate lines only: those with a secret-ish word or a
    long token. Plain prose lines cannot match any of its detectors and are skipped, and so
    is a plugin whose gates are closed for the whole text or for the line. detect-secrets is
    imported only once a plugin is open on a candidate line."""
    opened = _PLUGIN_BANK.open_gates(literals)
    if not opened:
        return []
    lines = text.splitlines(keepends=True)
    offsets = list(itertools.accumulate(map(len, lines), initial=0))
    candidates = _candidate_lines(lines, offsets, runs, literals)
    if not candidates:
        return []
    plugins = _library_plugins()
    active = [plugins[index] for index in sorted(opened)]
    found: list[Finding] = []
    for index in candidates:
        line, offset = lines[index], offsets[index]
        line_lowered = line.lower() if lowered is not None else ascii_lower(line)
        for plugin in active:
            if plugin.gate is not None and not plugin.gate.open(line, line_lowered):
                continue
            span = (offset, offsets[index + 1])
            if plugin.run_gate is not None and not plugin.run_gate.open(
                text, span, line_lowered is not None, runs
            ):
                continue
            found.extend(_plugin_findings(plugin.detector, line, offset, benign))
    return found


def _candidate_lines(
    lines: list[str], offsets: list[int], runs: _Runs, literals: Literals
) -> list[int]:
    """Indices of the lines (as `str.splitlines` cuts them; `offsets` are their starts) that
    hold a long token or match `_KEYWORD_HINT_RE`, in order. Neither spans a line break. In
    ASCII text the hint words were found with the gate literals (`literals.starts`)."""
    run_lines = {bisect.bisect_right(offsets, start) - 1 for start in runs.starts}
    if literals.folded is None:
        return [
            index
            for index, line in enumerate(lines)
            if index in run_lines or _KEYWORD_HINT_RE.search(line)
        ]
    hints = literals.starts(_KEYWORD_HINTS)
    return sorted(run_lines.union(bisect.bisect_right(offsets, pos) - 1 for pos in hints))


def _plugin_findings(
    detector: Any, line: str, offset: int, benign: list[tuple[int, int]]
) -> list[Finding]:
    """Every occurrence in `line` (at `offset` in the text) of each value the plugin reports."""
    found: list[Finding] = []
    for value in detector.analyze_string(line):
        if not value or len(value) < 4:
            continue
        start = line.find(value)
        while start != -1:
            s, e = offset + start, offset + start + len(value)
            if not _inside(s, e, benign) and value.lower() not in _PLACEHOLDER_VALUES:
                found.append(Finding(_slug(detector.secret_type), s, e))
            start = line.find(value, start + 1)
    return found


@dataclass(frozen=True, slots=True)
class _LiteralFinder:
    """The automata behind `_find_literals`, over every gate literal of this module."""

    exact: Any  # ahocorasick_rs.AhoCorasick over `exact_words`
    exact_words: tuple[str, ...]
    short_exact: tuple[str, ...]
    folded: Any  # over `folded_words`
    folded_words: tuple[str, ...]
    short_folded: tuple[str, ...]


@cache
def _literal_finder() -> _LiteralFinder:
    """Built on first use (imported lazily: cold start matters)."""
    from ahocorasick_rs import AhoCorasick

    exact: set[str] = set()
    folded = set(_CONTEXT_WORD_STARTS) | set(_KEYWORD_HINTS)
    for bank in (_HIGH_SIGNAL_BANK, _PLUGIN_BANK):
        bank_exact, bank_folded = bank.literals()
        exact |= bank_exact
        folded |= bank_folded
    long_exact = tuple(sorted(lit for lit in exact if len(lit) > _SHORT_LITERAL))
    long_folded = tuple(sorted(lit for lit in folded if len(lit) > _SHORT_LITERAL))
    # Positions are kept for long folded literals only: the anchors must all be long.
    assert all(len(lit) > _SHORT_LITERAL for lit in (*_CONTEXT_WORD_STARTS, *_KEYWORD_HINTS))
    assert all(lit == lit.lower() for lit in folded)
    return _LiteralFinder(
        exact=AhoCorasick(long_exact),
        exact_words=long_exact,
        short_exact=tuple(sorted(exact - set(long_exact))),
        folded=AhoCorasick(long_folded),
        folded_words=long_folded,
        short_folded=tuple(sorted(folded - set(long_folded))),
    )


def _find_literals(text: str, lowered: str | None) -> Literals:
    """Every gate literal in `text` (exact) and in `lowered` (folded), in one automaton pass
    each; overlapping matches, so that no literal hides inside another one's match."""
    finder = _literal_finder()
    try:
        exact = {
            finder.exact_words[index]
            for index, _, _ in finder.exact.find_matches_as_indexes(text, overlapping=True)
        }
    except UnicodeEncodeError:  # lone surrogates: the automaton takes UTF-8 only
        exact = {lit for lit in finder.exact_words if lit in text}
    exact.update(lit for lit in finder.short_exact if lit in text)
    if lowered is None:
        return Literals(frozenset(exact), None, {})
    starts: dict[str, list[int]] = {}
    for index, start, _ in finder.folded.find_matches_as_indexes(lowered, overlapping=True):
        starts.setdefault(finder.folded_words[index], []).append(start)
    folded = set(starts)
    folded.update(lit for lit in finder.short_folded if lit in lowered)
    return Literals(frozenset(exact), frozenset(folded), starts)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _merge(found: list[Finding]) -> list[Finding]:
    if not found:
        return []
    found.sort(key=lambda f: (f.start, -f.end))
    merged = [found[0]]
    for f in found[1:]:
        last = merged[-1]
        if f.start < last.end:
            if f.end > last.end:
                merged[-1] = Finding(last.kind, last.start, f.end)
        else:
            merged.append(f)
    return merged
