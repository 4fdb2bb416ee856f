"""Obfuscations, as pure functions: of a whole message text, and of a secret value.

The families are those a filter meets in the wild (and that the public attack corpora use):
invisible characters (zero-width, Unicode tag characters), look-alike characters (homoglyphs,
full-width forms), spacing, leetspeak, encodings (base64, hex, rot13, percent-encoding),
instructions hidden in markup (HTML comments), and a message split across subject and body.
"""

from __future__ import annotations

import base64
import codecs
import urllib.parse
from typing import Final

ZERO_WIDTH: Final = "\u200b"
TAG_BASE: Final = 0xE0000

# Latin -> Cyrillic/Greek look-alikes, and back (facts from Unicode's confusables data).
HOMOGLYPHS: Final[dict[str, str]] = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і",
    "s": "ѕ", "j": "ј", "A": "Α", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К",
    "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "Υ",
}  # fmt: skip
HOMOGLYPHS_BACK: Final[dict[str, str]] = {
    "а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "к": "k",
    "м": "m", "т": "t", "н": "h", "в": "b",
}  # fmt: skip
LEET: Final[dict[str, str]] = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def zero_width(text: str, every: int = 3) -> str:
    """A zero-width space after every `every` characters of each word (invisible on screen)."""
    out: list[str] = []
    for word in text.split(" "):
        out.append(ZERO_WIDTH.join(word[i : i + every] for i in range(0, len(word), every)))
    return " ".join(out)


def homoglyph(text: str) -> str:
    """Latin letters swapped for Cyrillic/Greek look-alikes (and Cyrillic for Latin ones)."""
    return "".join(HOMOGLYPHS.get(c) or HOMOGLYPHS_BACK.get(c) or c for c in text)


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spaced(text: str) -> str:
    """Every character of every word separated by a space (words by three)."""
    return "   ".join(" ".join(word) for word in text.split())


def leetspeak(text: str) -> str:
    return "".join(LEET.get(c.lower(), c) for c in text)


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def hexed(text: str) -> str:
    return text.encode().hex()


def rot13(text: str) -> str:
    return codecs.encode(text, "rot13")


def percent(text: str) -> str:
    """Every character percent-encoded (not only the unsafe ones)."""
    return "".join(f"%{b:02X}" for b in text.encode())


def tags(text: str) -> str:
    """The text as Unicode tag characters (U+E0000 block): invisible in most renderers."""
    return "".join(chr(TAG_BASE + ord(c)) for c in text if ord(c) < 0x80)


def split_words(text: str) -> tuple[str, str]:
    """The first half of the words, and the rest."""
    words = text.split(" ")
    if len(words) == 1:  # CJK without spaces: split by characters
        half = len(text) // 2
        return text[:half], text[half:]
    half = len(words) // 2
    return " ".join(words[:half]), " ".join(words[half:])


# -- whole-message obfuscations: (subject, body) -> (subject, body) ------------------------------

TEXT_OBFUSCATIONS: Final = (
    "zero-width",
    "homoglyph",
    "fullwidth",
    "leetspeak",
    "spaced",
    "base64",
    "hex",
    "rot13",
    "percent",
    "unicode-tags",
    "split-subject-body",
    "html-comment",
)


def obfuscate_text(
    kind: str, subject: str, body: str, *, decode_lead: str, cover: str
) -> tuple[str, str]:
    """Apply one whole-message obfuscation. `decode_lead` asks to decode (in the message's
    language); `cover` is a benign question shown while the real text is hidden."""
    if kind == "plain":
        return subject, body
    if kind == "zero-width":
        return subject, zero_width(body)
    if kind == "homoglyph":
        return subject, homoglyph(body)
    if kind == "fullwidth":
        return subject, fullwidth(body)
    if kind == "leetspeak":
        return subject, leetspeak(body)
    if kind == "spaced":
        return subject, spaced(body)
    if kind == "base64":
        return subject, f"{decode_lead} {b64(body)}"
    if kind == "hex":
        return subject, f"{decode_lead} {hexed(body)}"
    if kind == "rot13":
        return subject, f"{decode_lead} {rot13(body)}"
    if kind == "percent":
        return subject, f"{decode_lead} {percent(body)}"
    if kind == "unicode-tags":
        return subject, f"{cover}{tags(body)}"
    if kind == "split-subject-body":
        first, rest = split_words(body)
        return first, rest
    if kind == "html-comment":
        return subject, f"{cover}\n<!-- {body} -->"
    raise ValueError(f"unknown text obfuscation {kind!r}")


# -- secret-value obfuscations (applied at fill time, to the generated value) -------------------

VALUE_OBFUSCATIONS: Final = (
    "spaced",
    "zero-width",
    "homoglyph",
    "fullwidth",
    "hex",
    "base64",
    "rot13",
    "percent",
    "split",
)


def obfuscate_value(kind: str, value: str) -> str:
    """A secret value disguised (`split` is handled by the caller: half in the subject)."""
    match kind:
        case "plain" | "split":
            return value
        case "spaced":
            return " ".join(value)
        case "zero-width":
            return ZERO_WIDTH.join(value[i : i + 4] for i in range(0, len(value), 4))
        case "homoglyph":
            return homoglyph(value)
        case "fullwidth":
            return fullwidth(value)
        case "hex":
            return hexed(value)
        case "base64":
            return b64(value)
        case "rot13":
            return rot13(value)
        case "percent":
            return percent(value)
        case "reversed":
            return value[::-1]
    raise ValueError(f"unknown value obfuscation {kind!r}")


def url_quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")
