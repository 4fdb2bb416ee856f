"""Finding the lexicon's words in a text: one Aho-Corasick pass over a folded copy.

The fold keeps the text's length (so a hit's offsets are offsets in the text): lowercase,
accents stripped from Latin, Greek and Cyrillic letters, every whitespace character a space,
typographic apostrophes a plain one. A second pass reads leetspeak ("p@ssw0rd", "s3cr3t")
where a word mixes letters with the digits and signs that stand for them.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, NamedTuple

from warden.core import lexicon

# Every concept the pre-check and the detector read, by name.
CONCEPTS: Final[Mapping[str, lexicon.Lexicon]] = {
    "secret": lexicon.SECRET,
    "disclose": lexicon.DISCLOSE,
    "need": lexicon.NEED,
    "ask_value": lexicon.ASK_VALUE,
    "ask_secret": lexicon.ASK_SECRET,
    "interrogative": lexicon.INTERROGATIVE,
    "weak_interrogative": lexicon.WEAK_INTERROGATIVE,
    "production": lexicon.PRODUCTION,
    "change": lexicon.CHANGE,
    "ssh": lexicon.SSH,
    "issue": lexicon.ISSUE,
    "catalog": lexicon.CATALOG,
    "reroute": lexicon.REROUTE,
    "reassign": lexicon.REASSIGN,
    "routing_claim": lexicon.ROUTING_CLAIM,
    "ignore": lexicon.IGNORE,
    "instructions": lexicon.INSTRUCTIONS,
    "injection_marker": lexicon.INJECTION_MARKER,
    "worker_directive": lexicon.WORKER_DIRECTIVE,
    "benign_compound": lexicon.BENIGN_COMPOUND,
    "conjunction": lexicon.CONJUNCTION,
    "benefactive": lexicon.BENEFACTIVE,
    "failure": lexicon.FAILURE,
    "negation": lexicon.NEGATION,
    "topic": lexicon.TOPIC,
    "filler": lexicon.FILLER,
    "help": lexicon.HELP,
    "copula": lexicon.COPULA,
    "login": lexicon.LOGIN,
    "credential_context": lexicon.CREDENTIAL_CONTEXT,
    "guardrail": lexicon.GUARDRAIL,
    "persona": lexicon.PERSONA,
    "hand_over": lexicon.HAND_OVER,
    "dictate": lexicon.DICTATE,
    "delivery": lexicon.DELIVERY,
    "part_of_value": lexicon.PART_OF_VALUE,
}


class Hit(NamedTuple):
    """One lexicon entry found in a text: its concept and span (a tuple: a text has hundreds,
    and a frozen dataclass took four times as long to make)."""

    concept: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Entry:
    concept: str
    left: bool  # a boundary is needed before it
    right: bool  # and after it


_QUOTES: Final = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"}
)
_LEET: Final = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                              "@": "a", "$": "s", "|": "l", "!": "i"})  # fmt: skip
_LEET_CHARS_RE: Final = re.compile(r"[0-9@$|!]")
_WHITESPACE: Final = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\x0b": " ", "\x0c": " "})


def fold(text: str) -> str:
    """`text` lowercased, accent-stripped and with plain spaces and apostrophes; same length."""
    if text.isascii():
        return text.lower().translate(_WHITESPACE).translate(_QUOTES)
    return "".join(_fold_char(char) for char in text).translate(_QUOTES)


@cache
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    lower = char.lower()
    if len(lower) != 1:
        return char
    if ord(lower) < 0x0530:  # Latin, Greek, Cyrillic: strip accents (a base letter + marks)
        decomposed = unicodedata.normalize("NFD", lower)
        if len(decomposed) > 1 and all(unicodedata.combining(c) for c in decomposed[1:]):
            return decomposed[0]
    return lower


def _leet_fold(folded: str) -> str | None:
    """`folded` with leetspeak read as letters, or None if there is none: words that mix
    letters with the digits and signs standing for them ("p@ssw0rd", "55h"); once a text has
    such words, short numbers are read too ("357" for "est"). Long runs (tokens, digests) are
    never read: leetspeak is for words."""
    if _LEET_CHARS_RE.search(folded) is None:
        return None
    return _ascii_leet_fold(folded) if folded.isascii() else _word_leet_fold(folded)


def _word_leet_fold(folded: str) -> str | None:
    """`_leet_fold` word by word (any script)."""
    words = [m for m in _LEET_CANDIDATE_RE.finditer(folded) if len(m.group()) <= _LEET_MAX]
    if not any(any(c.isalpha() for c in m.group()) for m in words):
        return None
    pieces: list[str] = []
    pos = 0
    for match in words:
        word = match.group()
        if word.isdigit() and len(word) > 4:
            continue
        pieces += (folded[pos : match.start()], word.translate(_LEET))
        pos = match.end()
    pieces.append(folded[pos:])
    return "".join(pieces)


def _ascii_leet_fold(folded: str) -> str | None:
    """`_leet_fold` of ASCII text, with regular expressions doing its loops: all of it read
    as leetspeak, then the long runs and the numbers put back as written."""
    if _ASCII_LEET_WORD_RE.search(folded) is None:
        return None
    leet = folded.translate(_LEET)
    pieces: list[str] = []
    pos = 0
    for match in _ASCII_LEET_KEPT_RE.finditer(folded):
        pieces += (leet[pos : match.start()], match.group())
        pos = match.end()
    pieces.append(leet[pos:])
    return "".join(pieces)


# A whole word (a run of letters, digits and @$|!) with a leetspeak character in it.
_LEET_CANDIDATE_RE: Final = re.compile(r"(?<![\w@$|!])[\w@$|!]*[0-9@$|!][\w@$|!]*")
_LEET_MAX: Final = 24
# In ASCII text: a word of at most `_LEET_MAX` characters with a letter and a leetspeak
# character in it; the words read as written (longer runs, numbers of five digits or more).
_ASCII_LEET_WORD_RE: Final = re.compile(
    r"(?<![\w@$|!])(?=[\w@$|!]*[0-9@$|!])(?=[\w@$|!]*[A-Za-z])[\w@$|!]{1,24}(?![\w@$|!])",
    re.ASCII,
)
_ASCII_LEET_KEPT_RE: Final = re.compile(
    r"(?<![\w@$|!])(?:[\w@$|!]{25,}|[0-9]{5,}(?![\w@$|!]))", re.ASCII
)


# From Hiragana on, letters are not spelled (see `spelled`).
_UNSPELLED_FROM: Final = "\u3040"


def spelled(char: str) -> bool:
    """A letter of an alphabet: what a word boundary must not have next to it. Chinese and
    Japanese characters are not (a Latin word may sit right against them: "签发SSH证书")."""
    return char.isalpha() and char < _UNSPELLED_FROM


def _is_cjk(text: str) -> bool:
    return not text.isascii() and any(
        "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"
        for c in text
    )


def _variants(entry: str) -> list[str]:
    """An entry's spellings: a space or hyphen inside may also be written as a space, a
    hyphen, an underscore, or nothing."""
    if " " not in entry and "-" not in entry:
        return [entry]
    parts = re.split(r"[ \-]", entry)
    if len(parts) == 1 or not all(parts):
        return [entry]  # a symbol run ("-->", "<!--") is spelled as written: not "\n\n>"
    separators = [" ", "-", "_"]
    if all(len(part) >= 3 for part in parts):
        separators.append("")  # "apikey"; but not "aqui" from "a qui"
    return sorted({sep.join(parts) for sep in separators} | {entry})


@dataclass(frozen=True, slots=True)
class _Finder:
    automaton: Any  # ahocorasick_rs.AhoCorasick over `patterns`
    patterns: tuple[str, ...]
    entries: tuple[tuple[_Entry, ...], ...]  # by pattern index
    # Whole words (letters only, a boundary needed on both sides: "le", "the", "и"), found
    # by a second automaton as " le " in a copy of the text with every other character a space
    # - not inside longer words ("le" in "table", "the" in "other": most of the first
    # automaton's matches were those, each thrown away after a look at its neighbours).
    word_automaton: Any | None
    word_entries: tuple[tuple[_Entry, ...], ...]  # by the second automaton's pattern index


@cache
def _finder() -> _Finder:
    """What `find` reads with (boundaries checked): built on first use (the automaton and its
    ~3,000 spellings: cold start matters)."""
    by_pattern = _by_pattern()
    whole = {p: e for p, e in by_pattern.items() if _whole_word(p, e)}
    return _automaton({p: e for p, e in by_pattern.items() if p not in whole}, whole)


@cache
def _unbounded_finder() -> _Finder:
    """What `find` reads with where word boundaries may have been lost (every spelling in the
    automaton but the one-letter words: inside a run of letters they are chance)."""
    by_pattern = _by_pattern()
    return _automaton(
        {p: e for p, e in by_pattern.items() if not _one_letter_word(p, e)}, whole_words={}
    )


def _whole_word(pattern: str, entries: list[_Entry]) -> bool:
    """Letters only (each of them `spelled`), and every entry spelled so needs a boundary on
    both sides."""
    return (
        pattern.isalpha()
        and max(pattern) < _UNSPELLED_FROM
        and all(x.left and x.right for x in entries)
    )


def _one_letter_word(pattern: str, entries: list[_Entry]) -> bool:
    return len(pattern) == 1 and _whole_word(pattern, entries)


def _automaton(
    by_pattern: Mapping[str, list[_Entry]], whole_words: Mapping[str, list[_Entry]]
) -> _Finder:
    from ahocorasick_rs import AhoCorasick

    patterns = tuple(sorted(by_pattern))
    words = tuple(sorted(whole_words))
    return _Finder(
        automaton=AhoCorasick(patterns),
        patterns=patterns,
        entries=tuple(tuple(by_pattern[p]) for p in patterns),
        word_automaton=AhoCorasick([f" {w} " for w in words]) if words else None,
        word_entries=tuple(tuple(whole_words[w]) for w in words),
    )


@cache
def _by_pattern() -> dict[str, list[_Entry]]:
    """Every spelling of every lexicon entry, folded, with what it stands for."""
    by_pattern: dict[str, list[_Entry]] = {}
    for concept, table in CONCEPTS.items():
        for entries in table.values():
            for raw in entries:
                if "*" in raw.strip("*"):
                    raise ValueError(f"lexicon entry {raw!r}: '*' only at either end")
                left = not raw.startswith("*")
                right = not raw.endswith("*")
                word = fold(raw.strip("*"))
                if _is_cjk(word):
                    left = right = False
                for spelling in _variants(word):
                    entry = _Entry(concept, left, right)
                    if entry not in by_pattern.setdefault(spelling, []):
                        by_pattern[spelling].append(entry)
    return by_pattern


# Long runs of token characters with a digit (keys, digests, base64): words found inside them
# are chance, not words.
_TOKEN_RUN_RE: Final = re.compile(r"[A-Za-z0-9+/=_-]{20,}")


def find(text: str, *, merged: bool = False) -> list[Hit]:
    """Every lexicon entry in `text` (see the module docstring), sorted by position. With
    `merged`, also the entries inside long runs of letters, whatever their boundaries: text
    that was spaced out letter by letter comes back with its words run together
    ("какойпароль")."""
    folded = fold(text)
    hits = _find_folded(folded)
    if merged:
        seen = set(hits)
        for hit in _find_folded(folded, boundaries=False):
            # A phrase's own space is real ("wie lautet|nochmal"): only its outer edges may
            # have lost theirs. Three letters are enough for a stem ("нуж|ендоступ").
            if (
                hit not in seen
                and hit.concept not in _GLUE
                and hit.end - hit.start >= 3
                and (_inside_long_word(folded, hit) or _glued_to_one_letter_word(folded, hit))
            ):
                hits.append(hit)
                seen.add(hit)
        # Undoing the spacing cannot tell a word's end from a letter's: a phrase may come
        # back with its spaces anywhere ("sans aucunerestriction"). Read once more without
        # any space, for the long phrases only (their run-together spellings).
        hits += (hit for hit in _find_unspaced(folded) if hit not in seen)
        hits.sort(key=lambda hit: (hit.start, hit.end))
    leet = _leet_fold(folded)
    if leet is not None:
        seen = set(hits)
        hits.extend(hit for hit in _find_folded(leet) if hit not in seen)
        hits.sort(key=lambda hit: (hit.start, hit.end))
    runs = [
        (m.start(), m.end()) for m in _TOKEN_RUN_RE.finditer(text) if _DIGIT_RE.search(m.group())
    ]
    if runs:  # sorted and apart: the run that could hold a hit is the last to start before it
        starts = [start for start, _ in runs]
        hits = [h for h in hits if not _inside(runs, starts, h)]
    return hits


def _inside(runs: list[tuple[int, int]], starts: list[int], hit: Hit) -> bool:
    index = bisect.bisect_right(starts, hit.start) - 1
    return index >= 0 and hit.end <= runs[index][1]


_DIGIT_RE: Final = re.compile(r"[0-9]")


# Small words that hold sentences together: inside a run-together word they are chance.
_GLUE: Final = frozenset(
    {"filler", "conjunction", "copula", "topic", "benefactive", "negation", "interrogative"}
)


# What ends the name of a tool, a service or an agent (not "secrets-file", "password-list").
_NAME_TAIL_RE: Final = re.compile(
    r"[-_](?:engine|manager|service|svc|team|bot|agent|operator|broker|controller|desk"
    r"|helpdesk|rotator|provider|store|driver|injector|sync|webhook|portal|owner|admin|ops)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def names_part(text: str, hit: Hit) -> bool:
    """A word that begins the hyphenated or underscored name of a tool, a service or an
    agent ("secrets-engine", "password-manager", "token_service"): part of a name, not a word
    of its own."""
    return bool(_NAME_TAIL_RE.match(text, hit.end)) and (
        hit.start == 0 or not (text[hit.start - 1].isalnum() or text[hit.start - 1] in "-_")
    )


def _inside_long_word(folded: str, hit: Hit) -> bool:
    """Inside a longer run of letters: four more for a short entry (chance is high), one more
    for one of six letters or more ("a|palavra-passe", an article glued on)."""
    start, end = hit.start, hit.end
    while start > 0 and folded[start - 1].isalpha():
        start -= 1
    while end < len(folded) and folded[end].isalpha():
        end += 1
    extra = 4 if hit.end - hit.start < _LONG_ENTRY else 1
    return end - start >= hit.end - hit.start + extra


# Words of one letter (prepositions, conjunctions, articles, pronouns of the languages read):
# undoing a spacing-out glues them to their neighbour ("в прод" spaced out comes back "впрод").
_ONE_LETTER_WORDS: Final = frozenset("aàeiouywzвксуоияіє")


def _glued_to_one_letter_word(folded: str, hit: Hit) -> bool:
    """The hit's run of letters is the hit and one letter before or after it that is a word
    of its own ("впрод": "в" and "прод")."""
    start, end = hit.start, hit.end
    while start > 0 and folded[start - 1].isalpha():
        start -= 1
    while end < len(folded) and folded[end].isalpha():
        end += 1
    if end - start != hit.end - hit.start + 1:
        return False
    extra = folded[start] if start < hit.start else folded[end - 1]
    return extra in _ONE_LETTER_WORDS


_LONG_ENTRY: Final = 6
_UNSPACED_PHRASE: Final = 10  # the shortest run-together phrase read across lost spaces


def _find_unspaced(folded: str) -> list[Hit]:
    """The run-together spellings of long phrases ("sansaucunerestriction") in `folded` read
    without its spaces, where they span a space; spans in `folded`'s positions."""
    if " " not in folded:
        return []
    origin = [index for index, char in enumerate(folded) if char != " "]
    unspaced = "".join(folded[index] for index in origin)
    found: list[Hit] = []
    for hit in _find_folded(unspaced, boundaries=False):
        start, end = origin[hit.start], origin[hit.end - 1] + 1
        if (
            hit.end - hit.start >= _UNSPACED_PHRASE
            and hit.concept not in _GLUE
            and " " in folded[start:end]
        ):
            found.append(Hit(hit.concept, start, end))
    return found


def _find_folded(folded: str, *, boundaries: bool = True) -> list[Hit]:
    finder = _finder() if boundaries else _unbounded_finder()
    hits: list[Hit] = []
    try:
        matches = finder.automaton.find_matches_as_indexes(folded, overlapping=True)
    except UnicodeEncodeError:  # lone surrogates: the automaton takes UTF-8 only
        folded = folded.encode("utf-8", "replace").decode("utf-8")
        matches = finder.automaton.find_matches_as_indexes(folded, overlapping=True)
    size = len(folded)
    for index, start, end in matches:
        entries = finder.entries[index]
        if boundaries:
            before = start > 0 and spelled(folded[start - 1])
            after = end < size and spelled(folded[end])
            if before or after:
                hits += (
                    Hit(e.concept, start, end)
                    for e in entries
                    if not (e.left and before) and not (e.right and after)
                )
                continue
        hits += (Hit(e.concept, start, end) for e in entries)
    if finder.word_automaton is not None:
        spaced = f" {_letters_only(folded)} "  # positions one to the right
        for index, start, end in finder.word_automaton.find_matches_as_indexes(
            spaced, overlapping=True
        ):
            hits += (Hit(e.concept, start, end - 2) for e in finder.word_entries[index])
    hits.sort(key=lambda hit: (hit.start, hit.end))
    return hits


def _letters_only(text: str) -> str:
    """`text` with every character `spelled` is false of a space; same length."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_LETTERS_ONLY).decode("ascii")
    return _not_spelled().sub(" ", text)


_ASCII_LETTERS_ONLY: Final = bytes(
    b if chr(b).isascii() and chr(b).isalpha() else ord(" ") for b in range(256)
)


@cache
def _not_spelled() -> re.Pattern[str]:
    """What `spelled` is false of, as a regex: not a word character, a digit, "_", a
    character from U+3040 on, or one of the numerals below it that are word characters but
    no letters ("²", "½", "Ⅻ"). Built on first use."""
    numerals = "".join(c for c in map(chr, range(0x3040)) if c.isalnum() and not c.isalpha())
    return re.compile(f"[\\W\\d_{re.escape(numerals)}\u3040-\U0010ffff]")
