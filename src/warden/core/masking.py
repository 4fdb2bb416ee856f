"""Masking: what leaves the process carries a stable placeholder where a secret was.

Every finding of either tier (`warden.core.reading`) is replaced by `[secret-N]`; a `Masker`
gives the same value the same number for as long as it lives (one run's output, one log
stream), so that a reader can still tell two masked values apart, or see that they are one.
Applied to prompts, text and JSON output, log lines, audit events, run summaries and reply
subjects.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from warden.core.detector import Finding
    from warden.core.reading import Reading

# The reading (and with it the detector and the lexicon) is imported on the first text to
# mask: a process that only installs the log filter, or writes a summary of trusted fields,
# never builds the detector (the worker's cold start, issue 13).

PLACEHOLDER: Final = "[secret-{n}]"
PLACEHOLDER_RE: Final = re.compile(r"\[secret-\d+\]")
_CONTROL_CHARS_RE: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# How much of a body is read after its subject to mask the subject: a secret split across the
# two has its other half at the body's start.
SUBJECT_BODY_CONTEXT: Final = 256


class Masker:
    """Masks secrets with numbered placeholders, stable per value for this masker's life.
    Public names `known` (see `contains_secret`) stay as they are."""

    def __init__(self, known: Collection[str] = ()) -> None:
        self._numbers: dict[str, int] = {}
        self._known = frozenset(known)

    def mask(self, text: str, findings: Sequence[Finding] | None = None) -> str:
        spans = _scan(text) if findings is None else findings
        if spans and self._known:
            spans = [f for f in spans if not _is_known(text, f, self._known)]
        if not spans:
            return text
        out: list[str] = []
        pos = 0
        for finding in sorted(spans, key=lambda f: f.start):
            if finding.start < pos:
                continue
            out.append(text[pos : finding.start])
            out.append(self.placeholder(text[finding.start : finding.end]))
            pos = finding.end
        out.append(text[pos:])
        return "".join(out)

    def mask_split(self, reading: Reading, first: int) -> tuple[str, str]:
        """The two parts of a text read as `part1 + "\\n" + part2` (a subject and a body),
        masked with the findings of that one reading: a secret split across them is masked
        in both."""
        from warden.core.detector import Finding

        raw = reading.raw
        parts: list[str] = []
        for start, end in ((0, first), (first + 1, len(raw))):
            clipped = [
                Finding(f.kind, f.tier, max(f.start, start) - start, min(f.end, end) - start)
                for f in reading.findings
                if f.start < end and f.end > start
            ]
            parts.append(self.mask(raw[start:end], clipped))
        return parts[0], parts[1]

    def mask_subject(self, subject: str, body: str) -> str:
        """A message's subject, masked with what the reading of the subject followed by the
        start of its body finds (a message is judged as subject, line break, body: the
        subject's half of a secret split across the two is masked too)."""
        from warden.core.reading import read_once

        reading = read_once(f"{subject}\n{body[:SUBJECT_BODY_CONTEXT]}")
        return self.mask_split(reading, len(subject))[0]

    def displayable_subject(self, subject: str, body: str) -> str:
        """`displayable` for a message's subject, masked with `mask_subject`."""
        return _shown(self.mask_subject(subject, body))

    def placeholder(self, value: str) -> str:
        # Keyed by a digest: the masker holds no secret value itself.
        key = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        number = self._numbers.setdefault(key, len(self._numbers) + 1)
        return PLACEHOLDER.format(n=number)

    def mask_data(self, value: Any) -> Any:
        """Every string inside a JSON-like structure masked (keys included)."""
        if isinstance(value, str):
            return self.mask(value)
        if isinstance(value, dict):
            return {self.mask(str(k)): self.mask_data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.mask_data(v) for v in value]
        return value

    def displayable(self, text: str) -> str:
        """Untrusted text made safe to show: masked, then NFKC without invisible characters
        (zero-width, bidi controls, tag characters), and C0/C1 control characters (terminal
        escapes) replaced by spaces. Tabs and newlines stay."""
        return _shown(self.mask(text))


def shown(masked: str) -> str:
    """Text already read and masked, made safe to show: `Masker.displayable` without its
    reading."""
    return _shown(masked)


def _shown(masked: str) -> str:
    """Masked text made safe to show (see `Masker.displayable`)."""
    from warden.core.text import visible

    return _CONTROL_CHARS_RE.sub(" ", visible(masked))


def strip_controls(text: str) -> str:
    """C0/C1 control characters (terminal escapes) replaced by spaces; tabs, newlines stay."""
    return _CONTROL_CHARS_RE.sub(" ", text)


def mask(text: str) -> str:
    """`text` masked with a masker of its own (numbers start at 1)."""
    return Masker().mask(text)


def mask_data(value: Any) -> Any:
    return Masker().mask_data(value)


def displayable(text: str) -> str:
    return Masker().displayable(text)


def contains_secret(text: str, *, known: Collection[str] = ()) -> bool:
    """Whether `text` holds anything either tier finds. `known` are names the configuration
    made public (the worker's agent, the catalog's owners): a merely secret-shaped finding
    that is exactly one of them (`worker-20261201`, `svc-4f9a2b`) does not count; a provider's
    format, a credential structure or a cut provider token (`xoxb-bot-1`) always does."""
    found = _scan(text)
    if not known:
        return bool(found)
    return any(not _is_known(text, finding, known) for finding in found)


def _is_known(text: str, finding: Finding, known: Collection[str]) -> bool:
    """A finding only for its generic shape or for the words around it (not a provider's
    format, not a cut provider token such as `xoxb-bot-1`) that is one of the `known` public
    names, or a part of one where the whole name is written ("bench-22" of "bench-22nsd",
    next to "credential values")."""
    from warden.core.detector.policy import PROSE_VALUE, SECRET_SHAPED

    if finding.kind not in (SECRET_SHAPED, PROSE_VALUE):
        return False
    if text[finding.start : finding.end] in known:
        return True
    for name in known:
        at = text.find(name, max(0, finding.end - len(name)))
        while at != -1 and at <= finding.start:
            if at + len(name) >= finding.end:
                return True
            at = text.find(name, at + 1)
    return False


def _scan(text: str) -> tuple[Finding, ...]:
    from warden.core.reading import scan

    return scan(text)


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in every record it sees (message, args and any
    traceback), with one masker for the life of the filter."""

    def __init__(self) -> None:
        super().__init__()
        self.masker = Masker()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        if record.exc_info:
            import traceback

            message += "\n" + "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
            record.exc_text = None
        record.msg = self.masker.mask(message)
        record.args = None
        return True


def install_log_redaction(logger: logging.Logger | None = None) -> None:
    """Attach the masking filter to every handler of `logger` (the root by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
