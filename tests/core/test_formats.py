"""The provider format table (`warden.core.detector.formats`) against tokens generated at
test time: every kind is found in every context with its exact span, no near miss and no
benign ops string matches, every match starts at an anchor (so an anchored fast path finds
exactly what `finditer` finds), and every pattern stays fast on hostile input."""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security import format_samples as samples
from warden.core.detector.formats import FORMATS, TokenFormat

COMPILED: dict[str, re.Pattern[str]] = {fmt.kind: re.compile(fmt.pattern) for fmt in FORMATS}
BY_KIND: dict[str, TokenFormat] = {fmt.kind: fmt for fmt in FORMATS}
KINDS = [fmt.kind for fmt in FORMATS]
SAMPLES_PER_KIND = 30

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def seeded(*parts: object) -> random.Random:
    return random.Random(zlib.crc32(repr(parts).encode()))


def haystack(fmt: TokenFormat, text: str) -> str:
    """What the anchors are compared with: the text, or its ASCII-lowercased form."""
    return text.translate(_ASCII_LOWER) if fmt.folded else text


def starts_at_anchor(fmt: TokenFormat, text: str, pos: int) -> bool:
    hay = haystack(fmt, text)
    return any(hay.startswith(anchor, pos) for anchor in fmt.anchors)


def secret_span(match: re.Match[str]) -> tuple[int, int]:
    return match.span("secret") if "secret" in match.re.groupindex else match.span()


def anchor_positions(fmt: TokenFormat, text: str) -> list[int]:
    hay = haystack(fmt, text)
    found: set[int] = set()
    for anchor in fmt.anchors:
        pos = hay.find(anchor)
        while pos != -1:
            found.add(pos)
            pos = hay.find(anchor, pos + 1)
    return sorted(found)


def fast_spans(fmt: TokenFormat, text: str) -> list[tuple[int, int]]:
    """The anchored fast path as a detector would run it: try the pattern only where an
    anchor occurs, skipping positions inside the previous match (as `finditer` does)."""
    pattern = COMPILED[fmt.kind]
    spans: list[tuple[int, int]] = []
    end = 0
    for pos in anchor_positions(fmt, text):
        if pos < end:
            continue
        match = pattern.match(text, pos)
        if match:
            spans.append(match.span())
            end = match.end()
    return spans


# --- the table itself ------------------------------------------------------------------------


def test_kinds_are_unique_snake_case_slugs() -> None:
    assert len(KINDS) == len(set(KINDS))
    for kind in KINDS:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", kind), kind


def test_the_table_is_large_and_covers_the_providers_the_issue_names() -> None:
    assert len(FORMATS) >= 120
    for provider in (
        "aws",
        "gcp",
        "google",
        "azure",
        "github",
        "gitlab",
        "bitbucket",
        "slack",
        "discord",
        "telegram",
        "stripe",
        "square",
        "paypal",
        "braintree",
        "shopify",
        "twilio",
        "sendgrid",
        "mailgun",
        "mailchimp",
        "postmark",
        "datadog",
        "new_relic",
        "sentry",
        "grafana",
        "pagerduty",
        "atlassian",
        "jira",
        "linear",
        "notion",
        "asana",
        "heroku",
        "digitalocean",
        "linode",
        "vultr",
        "cloudflare",
        "fastly",
        "netlify",
        "vercel",
        "doppler",
        "vault",
        "terraform",
        "pulumi",
        "npm",
        "pypi",
        "rubygems",
        "nuget",
        "docker",
        "jfrog",
        "openai",
        "anthropic",
        "huggingface",
        "cohere",
        "replicate",
        "groq",
        "perplexity",
        "mistral",
        "okta",
        "auth0",
        "firebase",
        "supabase",
        "planetscale",
        "mongodb",
        "databricks",
        "snowflake",
        "algolia",
        "contentful",
        "twitch",
        "twitter",
        "facebook",
        "linkedin",
        "dropbox",
        "box",
        "age",
        "json_web",
        "kubernetes",
        "rsa",
        "openssh",
        "putty",
        "pgp",
    ):
        assert any(kind == provider or kind.startswith(provider + "_") for kind in KINDS), provider


def test_every_kind_has_a_generator_and_every_generator_a_kind() -> None:
    assert set(samples.SPECS_BY_KIND) == set(KINDS)
    assert len(samples.SPECS) == len(samples.SPECS_BY_KIND)


@pytest.mark.parametrize("kind", KINDS)
def test_entry_is_well_formed(kind: str) -> None:
    fmt = BY_KIND[kind]
    pattern = COMPILED[kind]
    assert fmt.anchors, "every format needs an anchor"
    assert all(fmt.anchors)
    assert len(set(fmt.anchors)) == len(fmt.anchors)
    if fmt.folded:
        assert all(anchor == anchor.translate(_ASCII_LOWER) for anchor in fmt.anchors)
        assert "secret" in pattern.groupindex, "a keyed rule marks its value"
        assert fmt.prefix is None
    if fmt.prefix is not None:
        assert fmt.prefix in fmt.anchors
    # bounded quantifiers only: no `*`, `+` or open `{n,}` outside character classes
    assert not re.search(r"(?<!\\)(?:[*+]|\{\d+,\})", _outside_classes(fmt.pattern)), fmt.pattern


def _outside_classes(pattern: str) -> str:
    """`pattern` with character classes and escapes blanked, to look for quantifiers."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append("  ")
            i += 2
            continue
        if char == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            out.append(" " * (j + 1 - i))
            i = j + 1
            continue
        if pattern.startswith("(?", i) and i + 2 < len(pattern) and pattern[i + 2] in "=!<P:ai":
            out.append("(")  # a group opener's `?` is not a quantifier
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


# --- generated tokens ------------------------------------------------------------------------


def _cases(kind: str) -> Iterator[samples.Embedded]:
    rng = seeded("found", kind)
    for _ in range(SAMPLES_PER_KIND):
        sample = samples.generate(kind, rng)
        yield from samples.embeddings(sample, rng)


@pytest.mark.parametrize("kind", KINDS)
def test_generated_tokens_are_found_with_their_exact_span(kind: str) -> None:
    fmt = BY_KIND[kind]
    pattern = COMPILED[kind]
    contexts: set[str] = set()
    count = 0
    for case in _cases(kind):
        matches = list(pattern.finditer(case.text))
        spans = [secret_span(match) for match in matches]
        assert (case.start, case.end) in spans, (case.context, case.text, spans)
        for match in matches:
            assert starts_at_anchor(fmt, case.text, match.start()), (case.text, match)
        assert fast_spans(fmt, case.text) == [match.span() for match in matches]
        contexts.add(case.context)
        count += 1
    assert count >= SAMPLES_PER_KIND * 3
    assert len(contexts) >= 3


@pytest.mark.parametrize("kind", KINDS)
def test_near_misses_are_not_found(kind: str) -> None:
    pattern = COMPILED[kind]
    rng = seeded("negatives", kind)
    texts = [text for _ in range(5) for text in samples.negatives(kind, rng)]
    assert texts, "every kind has near misses"
    found = [(text, match.group(0)) for text in texts for match in pattern.finditer(text)]
    assert not found


def test_benign_ops_strings_match_no_format() -> None:
    corpus = samples.benign_corpus(seeded("benign"))
    assert len(corpus) >= 1000
    hits = [
        (kind, text, match.group(0))
        for text in corpus
        for kind, pattern in COMPILED.items()
        for match in pattern.finditer(text)
    ]
    assert not hits, hits[:5]


def test_one_sample_is_found_by_its_own_kind_in_a_long_message() -> None:
    """All samples in one text: each is still found, spans do not bleed into neighbours."""
    rng = seeded("long")
    parts: list[str] = []
    expected: list[tuple[str, int, int]] = []
    offset = 0
    for kind in KINDS:
        sample = samples.generate(kind, rng)
        case = next(samples.embeddings(sample, rng))
        parts.append(case.text)
        expected.append((kind, offset + case.start, offset + case.end))
        offset += len(case.text) + 1
    text = "\n".join(parts)
    for kind, start, end in expected:
        spans = [secret_span(match) for match in COMPILED[kind].finditer(text)]
        assert (start, end) in spans, kind


# --- the anchor invariant, by hypothesis -----------------------------------------------------

_ALL_ANCHORS = sorted({anchor for fmt in FORMATS for anchor in fmt.anchors})
_FILLER = st.text(alphabet=samples.URLSAFE + "+/=.~:$%|", min_size=1, max_size=60)
_SEPARATORS = st.sampled_from(
    [
        " ",
        "=",
        ": ",
        "\n",
        ".",
        "-",
        "_",
        '"',
        "'",
        "/",
        "?",
        "&",
        "~",
        "|",
        "$",
        "%",
        ",",
        "(",
        ")",
        "@",
        "\t",
        "\\n",
        " is ",
    ]
)


@st.composite
def _fragment(draw: st.DrawFn) -> str:
    choice = draw(st.integers(0, 9))
    if choice < 3:
        anchor = draw(st.sampled_from(_ALL_ANCHORS))
        return draw(st.sampled_from([anchor, anchor.upper(), anchor.title()]))
    if choice < 6:
        return draw(_FILLER)
    if choice < 8:
        return draw(_SEPARATORS)
    kind = draw(st.sampled_from(KINDS))
    sample = samples.generate(kind, random.Random(draw(st.integers(0, 2**32))))
    token = sample.token
    cut = draw(st.integers(0, 3))
    return token[: len(token) - cut] if cut else token


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_fragment(), min_size=1, max_size=12).map("".join))
def test_every_match_starts_at_an_anchor_and_the_fast_path_agrees(text: str) -> None:
    for fmt in FORMATS:
        pattern = COMPILED[fmt.kind]
        matches = list(pattern.finditer(text))
        for match in matches:
            assert starts_at_anchor(fmt, text, match.start()), (fmt.kind, text, match)
        if pattern.search(text):
            assert fast_spans(fmt, text) == [match.span() for match in matches], fmt.kind


# --- linear time on hostile input ------------------------------------------------------------

HOSTILE_LENGTH = 20_000
# CPU seconds per pattern and input (process time, so other processes on a shared machine do
# not count). A linear pattern needs a few milliseconds for 20,000 characters.
TIME_BOUND = 0.25
RUNS = 5
# Python's `re` takes about a nanosecond a step, so a pattern that is quadratic but bounded
# can stay under any sensible absolute bound at 20,000 characters. Growth tells them apart:
# four times the input costs about four times the time when linear, sixteen when quadratic.
GROWTH_BOUND = 8.0
NOISE_FLOOR = 0.005  # below this, timings are too noisy for a ratio


def _hostile_inputs(fmt: TokenFormat, length: int) -> Iterator[tuple[str, str]]:
    anchors = sorted(fmt.anchors, key=len)
    for anchor in {anchors[0], anchors[-1]}:
        for name, filler in (
            ("repeat", ""),
            ("letters", "a"),
            ("mixed", "aZ09"),
            ("dash", "a-"),
            ("base64", "Ab9+/="),
            ("dots", "a."),
            ("keyed", "_api_key = "),
            ("words", " api key is "),
            ("lines", "Ab9\n"),
        ):
            unit = anchor + filler * 8
            yield f"{anchor}/{name}", (unit * (length // len(unit) + 1))[:length]
            if filler:
                yield f"{anchor}/{name}-tail", anchor + filler * (length // len(filler))
        # as many anchors as possible, each a valid start (a boundary before it): what makes a
        # pattern that scans far from every start quadratic
        for separator in (" ", "\n", "=", "/", '"', ":", ".", "-"):
            unit = anchor + separator
            yield f"{anchor}/spaced{separator!r}", unit * (length // len(unit))
    for name, unit in (
        ("spaces", " "),
        ("equals", "="),
        ("hex", "0123456789abcdef"),
        ("dashes5", "-----"),
        ("digits", "1234567890"),
    ):
        yield name, unit * (length // len(unit))


def _cpu_time(pattern: re.Pattern[str], fmt: TokenFormat, text: str) -> float:
    started = time.process_time()
    for match in pattern.finditer(text):
        assert starts_at_anchor(fmt, text, match.start())
    return time.process_time() - started


def slow_inputs(fmt: TokenFormat, pattern: re.Pattern[str]) -> list[tuple[str, float, float]]:
    """The hostile inputs on which `pattern` is slow or grows faster than linearly, with the
    best times at a quarter of the length and at the full length."""
    slow = []
    short = dict(_hostile_inputs(fmt, HOSTILE_LENGTH // 4))
    for name, text in _hostile_inputs(fmt, HOSTILE_LENGTH):
        if _cpu_time(pattern, fmt, text) <= NOISE_FLOOR:
            continue  # fast at full length: nothing to measure more closely
        full = quarter = float("inf")
        for _ in range(RUNS):  # interleaved, so a busy moment hits both sizes alike
            quarter = min(quarter, _cpu_time(pattern, fmt, short[name]))
            full = min(full, _cpu_time(pattern, fmt, text))
        growth = full / max(quarter, 1e-6)
        if full > TIME_BOUND or (full > NOISE_FLOOR and growth > GROWTH_BOUND):
            slow.append((name, round(quarter, 4), round(full, 4)))
    return slow


@pytest.mark.parametrize("kind", KINDS)
def test_patterns_stay_linear_on_hostile_input(kind: str) -> None:
    # A slow input must be slow again when measured anew: on a shared machine under load a
    # single measurement of a linear pattern was over the bound twice in a day.
    slow = slow_inputs(BY_KIND[kind], COMPILED[kind])
    assert not slow or not slow_inputs(BY_KIND[kind], COMPILED[kind]), slow


def test_the_timing_check_catches_a_quadratic_pattern() -> None:
    """A pattern that scans far from every start is caught, though it stays fast in absolute
    terms: the check above can fail."""
    quadratic = TokenFormat(
        "demo_token", r"(?<![A-Za-z0-9_])tok_[A-Za-z0-9_ .=:-]{0,20000}Z", ("tok_",)
    )
    assert slow_inputs(quadratic, re.compile(quadratic.pattern))


_LONG_HEX = re.compile(r"[0-9a-f]{40,}")


def test_a_long_random_hex_part_may_hold_a_run_of_six() -> None:
    """The placeholder guard refuses a run of six equal characters in a short part, eight in
    a part of 32 or more: a random 64-character hex part holds a run of six about once in
    20,000 tokens (the red team's Airtable token '...0f333333055...')."""
    checked = []
    for kind in KINDS:
        sample = samples.generate(kind, seeded("runs", kind))
        part = _LONG_HEX.search(sample.token)
        if part is None or BY_KIND[kind].folded:  # keyed rules need their keyword around
            continue
        middle = (part.start() + part.end()) // 2
        for run in (6, 7):
            head, tail = sample.token[:middle], sample.token[middle + run :]
            char = next(c for c in "3579" if c not in (head[-1], tail[:1]))
            token = head + char * run + tail
            assert COMPILED[kind].search(f"token {token} end"), (kind, token)
        checked.append(kind)
    assert len(checked) >= 5, checked
