"""What a reader sees of model-drafted text, and whether the model hid something in it.

`surface` is the one normalisation every taint rule judges: NFKC (fullwidth and compatibility
forms become plain characters), invisible characters removed, dash look-alikes folded to "-"
(an em dash, which prose uses between words, becomes a space, unless it joins an identifier
with digits: "secrets\u2014engine2"). `hidden_characters` is the
refusal that comes first: invisible characters (zero-width, bidi controls, tag characters,
fillers) or a word that mixes alphabetic scripts ("flex-auth" with a Cyrillic "e"), or a word
written in look-alikes of another script inside a text that is not in that script. A Russian
or Chinese reply is neither: Russian words stay Russian, fullwidth punctuation is NFKC's.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from warden.core.confusables import SOURCES, TARGETS

_DASHES: Final = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2212": "-",  # minus sign
        "\u2043": "-",  # hyphen bullet
        "\ufe63": "-",  # small hyphen-minus (NFKC folds it, kept for clarity)
        "\u2014": " ",  # em dash: a pause between words
        "\u2015": " ",  # horizontal bar
        "\u2e3a": " ",
        "\u2e3b": " ",
    }
)
_EM_DASH_IN_NAME_RE: Final = re.compile(
    r"(?<![A-Za-z0-9-])[A-Za-z0-9-]+(?:[\u2014\u2015][A-Za-z0-9-]+)+(?![A-Za-z0-9-])"
)
_EMOJI_JOINERS: Final = frozenset("\u200d\ufe0e\ufe0f")
_LOOKALIKE: Final = str.maketrans(SOURCES, TARGETS)
# Alphabets whose letters pass for Latin ones; a word mixing two of them hides something.
_ALPHABETS: Final = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC", "GEORGIAN")
_WORD_RE: Final = re.compile(r"[^\W\d_]+")


def invisible(char: str) -> bool:
    """A character a reader does not see: format (Cf) and control characters other than tab
    and line breaks, variation selectors, tag characters and the Hangul and Braille fillers."""
    if char in "\t\n\r":
        return False
    if unicodedata.category(char) in ("Cf", "Cc"):
        return True
    code = ord(char)
    return (
        0xFE00 <= code <= 0xFE0F
        or 0xE0000 <= code <= 0xE01EF
        or 0x180B <= code <= 0x180F
        or code in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800)
    )


def surface(body: str) -> str:
    """The text every taint rule judges (see the module docstring)."""
    text = unicodedata.normalize("NFKC", body)
    if not text.isascii() or any(invisible(c) for c in text):
        text = "".join(c for c in text if not invisible(c))
    # an em dash inside an identifier with digits is a hyphen ("secrets\u2014engine2")
    text = _EM_DASH_IN_NAME_RE.sub(_em_dash_in_name, text)
    return text.translate(_DASHES)


def hidden_characters(body: str) -> bool:
    """Whether `body` hides characters from a reader (see the module docstring)."""
    text = unicodedata.normalize("NFKC", body)
    for index, char in enumerate(text):
        if invisible(char) and not _emoji_joiner(text, index):
            return True
    if text.isascii():
        return False
    words = _WORD_RE.findall(text)
    own_letters: set[str] = set()  # alphabets the text uses letters of that pass for nothing
    for word in words:
        for char in word:
            alphabet = _alphabet(char)
            if alphabet not in (None, "LATIN") and char.translate(_LOOKALIKE) == char:
                own_letters.add(alphabet)
    for word in words:
        alphabets = {a for a in map(_alphabet, word) if a is not None}
        if len(alphabets) > 1:
            return True
        # a word written only in look-alikes of an alphabet the text does not otherwise use
        # ("exec" spelled in Cyrillic in an English sentence)
        if (
            alphabets
            and not alphabets & {"LATIN", *own_letters}
            and word.translate(_LOOKALIKE).isascii()
        ):
            return True
    return False


def _em_dash_in_name(match: re.Match[str]) -> str:
    word = match.group()
    if any(c.isdigit() for c in word):
        return word.replace("\u2014", "-").replace("\u2015", "-")
    return word


def _alphabet(char: str) -> str | None:
    if char.isascii():
        return "LATIN" if char.isalpha() else None
    name = unicodedata.name(char, "")
    for alphabet in _ALPHABETS:
        if name.startswith(alphabet):
            return alphabet
    return None


def _emoji_joiner(text: str, index: int) -> bool:
    """Variation selectors and the zero-width joiner after a symbol (✔️, emoji sequences)."""
    if text[index] not in _EMOJI_JOINERS or index == 0:
        return False
    return unicodedata.category(text[index - 1]) in ("So", "Sk")
