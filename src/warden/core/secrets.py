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

import logging
import re
from collections.abc import Iterable, Sequence
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
_HIGH_SIGNAL_RE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _HIGH_SIGNAL.items()))

# A secret word, a copula or assignment, then a value-shaped token.
_VALUE_IN_CONTEXT_RE = re.compile(
    r"(?i)\b(?:password|passwd|pwd|passphrase|secret|token|api[ _-]?key|access[ _-]?key|"
    r"private[ _-]?key|client[ _-]?secret|credentials?|pin)\b"
    r"(?:\s+(?:for|of|to)\s+[\w.-]+)?"
    r"\s*(?:is|was|=|:=|:|->|=>)\s*"
    r"[\"'`]?(?P<value>[^\s\"'`,;]{4,})"
)
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

# Candidate tokens for entropy: long runs of token characters.
_LONG_TOKEN_RE = re.compile(r"[A-Za-z0-9+/=_.~-]{20,}")
_BENIGN_TOKEN_RES = (
    re.compile(r"^(?:sha256|sha512|sha1|md5):[A-Za-z0-9+/=._-]+$", re.I),
    re.compile(r"^[0-9a-fA-F]{7,128}$"),  # git SHAs, hex digests
    re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I),
    re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$"),  # DNS names, pod names with hashes
    re.compile(r"^[A-Za-z]+(?:[._-][A-Za-z]+)*$"),  # words joined by separators
)
_BENIGN_CONTEXT_RE = re.compile(
    r"(?:SHA256:[A-Za-z0-9+/=]{20,}|ssh-(?:ed25519|rsa|dss)\s+[A-Za-z0-9+/=]{20,}|"
    r"ecdsa-sha2-nistp\d+\s+[A-Za-z0-9+/=]{20,}|@sha256:[0-9a-f]{64})"
)
_BASE64_ENTROPY_LIMIT = 4.5
_KEYWORD_HINT_RE = re.compile(r"(?i)pass|secret|token|key|cred|auth|pwd|api", re.ASCII)


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
    for match in _HIGH_SIGNAL_RE.finditer(text):
        found.append(Finding(match.lastgroup or "secret", match.start(), match.end()))
    for match in _VALUE_IN_CONTEXT_RE.finditer(text):
        value = match.group("value")
        if value.lower().strip(".!?") not in _PLACEHOLDER_VALUES and not value.startswith(
            "[REDACTED"
        ):
            found.append(Finding("secret_value_in_context", match.start("value"), match.end()))
    benign = _benign_spans(text)
    for match in _LONG_TOKEN_RE.finditer(text):
        token = match.group()
        if _inside(match.start(), match.end(), benign) or _is_benign_token(token):
            continue
        if _looks_random(token):
            found.append(Finding("high_entropy_string", match.start(), match.end()))
    found.extend(_library_findings(text, benign))
    return _merge(found)


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


def _is_benign_token(token: str) -> bool:
    return any(p.match(token) for p in _BENIGN_TOKEN_RES)


def _looks_random(token: str) -> bool:
    classes = (
        any(c.islower() for c in token)
        + any(c.isupper() for c in token)
        + any(c.isdigit() for c in token)
    )
    if classes < 3:
        return False
    return _entropy(token) > _BASE64_ENTROPY_LIMIT


def _entropy(token: str) -> float:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class  # noqa: F401
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString

    return float(_base64_plugin(Base64HighEntropyString).calculate_shannon_entropy(token))


@cache
def _base64_plugin(cls: type) -> Any:
    return cls()


@cache
def _library_plugins() -> tuple[Any, ...]:
    """detect-secrets' format and keyword detectors (imported lazily: cold start matters)."""
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
    return tuple(cls() for cls in classes)


def _library_findings(text: str, benign: list[tuple[int, int]]) -> list[Finding]:
    """Run detect-secrets' plugins on candidate lines only: those with a secret-ish word or a
    long token. Plain prose lines cannot match any of its detectors and are skipped."""
    found: list[Finding] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if _KEYWORD_HINT_RE.search(line) or _LONG_TOKEN_RE.search(line):
            for plugin in _library_plugins():
                for value in plugin.analyze_string(line):
                    if not value or len(value) < 4:
                        continue
                    start = line.find(value)
                    while start != -1:
                        s, e = offset + start, offset + start + len(value)
                        if not _inside(s, e, benign) and value.lower() not in _PLACEHOLDER_VALUES:
                            found.append(Finding(_slug(plugin.secret_type), s, e))
                        start = line.find(value, start + 1)
        offset += len(line)
    return found


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
