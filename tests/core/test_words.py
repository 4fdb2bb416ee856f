"""The lexicon finder against a plain reading of its own definition: every spelling of every
entry, wherever it occurs, kept where the boundaries it needs are there. The finder takes
short cuts (whole words by a second automaton over a letters-only copy, leetspeak of ASCII
text by regular expressions); these properties hold it to what the short cuts stand for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from warden.core import words
from warden.core.words import Hit


def _reference(folded: str) -> list[tuple[str, int, int]]:
    """Every spelling found by str.find, kept where its boundaries hold."""
    found: list[tuple[str, int, int]] = []
    for pattern, entries in words._by_pattern().items():
        start = folded.find(pattern)
        while start != -1:
            end = start + len(pattern)
            before = start > 0 and words.spelled(folded[start - 1])
            after = end < len(folded) and words.spelled(folded[end])
            found += [
                (e.concept, start, end)
                for e in entries
                if not (e.left and before) and not (e.right and after)
            ]
            start = folded.find(pattern, start + 1)
    return sorted(found)


# Lexicon words and pieces of them, glued to letters, digits, numerals that are no letters
# ("²", "½"), CJK, punctuation and spaces.
_PIECES = st.sampled_from(
    ["password", "pass", "le", "the", "a", "и", "пароль", "token", "prod", "ssh", "key",
     "api key", "api-key", "ignore", "der", "x", "é", "²", "½", "7", "_", "-", " ", "\n",
     ".", "'", "密码", "给", "ß", "ı", "k8s", "ta", "on"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_the_finder_finds_what_the_definition_does(text: str) -> None:
    folded = words.fold(text)
    found = sorted((h.concept, h.start, h.end) for h in words._find_folded(folded))
    assert found == _reference(folded)


def test_a_whole_word_is_found_beside_a_numeral_that_is_no_letter() -> None:
    # "²" is a word character to a regular expression, but no letter: "le" stands alone.
    folded = words.fold("le² x")
    assert any(h == Hit(h.concept, 0, 2) for h in words._find_folded(folded))
    assert not any(h.end == 4 for h in words._find_folded(words.fold("table")))


_LEET_TEXTS = st.text(alphabet="ab s1307@$|!_-.:\n49", max_size=60)


@settings(max_examples=500, deadline=None)
@given(_LEET_TEXTS)
def test_ascii_leetspeak_reads_as_the_word_by_word_reading(text: str) -> None:
    assert words._ascii_leet_fold(text) == words._word_leet_fold(text)


def test_leetspeak_leaves_long_runs_and_numbers_as_written() -> None:
    folded = "p@ssw0rd 12345 " + "a1" * 13 + " 1337"
    leet = words._leet_fold(folded)
    assert leet == "password 12345 " + "a1" * 13 + " ieet"
    assert words._leet_fold("release 2024 at 09:40") is None  # no word mixes the two
