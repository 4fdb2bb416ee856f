"""Masking: stable placeholders, split texts, logs."""

from __future__ import annotations

import logging
import random
import string

import pytest

from warden.core.masking import Masker, RedactingFilter, mask
from warden.core.reading import read


def token(seed: int) -> str:
    rng = random.Random(seed)
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def test_the_same_value_gets_the_same_placeholder() -> None:
    a, b = token(1), token(2)
    masker = Masker()
    first = masker.mask(f"one {a} two {b}")
    second = masker.mask(f"again {b} and {a}")
    assert first == "one [secret-1] two [secret-2]"
    assert second == "again [secret-2] and [secret-1]"
    assert mask(f"x {b}") == "x [secret-1]"  # a fresh masker numbers from one


def test_a_secret_split_across_subject_and_body_is_masked_in_both() -> None:
    value = token(3)
    subject, body = f"the token starts {value[:20]}", f"{value[20:]} and ends here"
    reading = read(f"{subject}\n{body}")
    masked_subject, masked_body = Masker().mask_split(reading, len(subject))
    assert value[:20] not in masked_subject
    assert value[20:] not in masked_body


def test_log_records_are_masked_with_their_arguments_and_tracebacks() -> None:
    value = token(4)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed with %s", (value,), None)
    try:
        raise ValueError(value)
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter().filter(record)
    assert value not in record.getMessage()
    assert "[secret-1]" in record.getMessage()


# -- values written in groups, short environment keys, letters of random case -------------------

_SEPARATORS = [" ", " + ", " / ", ", ", "\n", "/"]


def _grouped(value: str, size: int, separator: str) -> str:
    return separator.join(value[i : i + size] for i in range(0, len(value), size))


def _values(rng: random.Random) -> list[str]:
    from tests.security.format_samples import generate

    tokens = [
        generate(kind, rng).token
        for kind in (
            "github_classic_pat",
            "aws_access_key_id",
            "slack_bot_token",
            "stripe_live_secret_key",
        )
    ]
    symbols = string.ascii_letters + string.digits + "#%!*"
    passwords = ["".join(rng.choice(symbols) for _ in range(12)) for _ in range(4)]
    return tokens + passwords


def test_a_value_written_in_groups_is_masked_whole() -> None:
    """Tokens and passwords cut into groups of three to six characters (or single ones with a
    sign between them), with a space, a plus, a slash, a comma or a line break between them:
    no fragment survives masking (the red team's second pass: 77 such values were shown).
    Groups of two are not read as one value: too many words and lists look like them."""
    from tests.security.corpus.canary import CanaryScanner

    rng = random.Random(13)
    shown = []
    for value in _values(rng):
        scanner = CanaryScanner([("value", value)])
        for size in (1, 3, 4, 5, 6):
            for separator in _SEPARATORS:
                if size == 1 and separator in ("\n", " "):
                    continue  # one character a line or a space apart: the vertical and spaced views
                text = f"the db password is {_grouped(value, size, separator)} for now"
                if scanner.scan(mask(text)):
                    shown.append(text)
    assert not shown, shown[:5]


GROUPS_OF_WORDS = [
    "call me at +49 30 1234 5678",
    "versions v1 v2 v3 v4 v5 are out",
    "sizes 1G 2G 4G 8G 16G",
    "open PRs for IDs in URLs now",
    "I am on it, ok, thanks a lot",
    "MAC 00 1A 2B 3C 4D 5E",
    "Deploy API v2 to EU and US at 5pm",
    "node-1 node-2 node-3 node-4 are up",
    "AWS EKS GKE AKS DOKS",
    "a/b/c/d tests 1/2/3/4",
    "latency 10ms 20ms 50ms 100ms",
]


@pytest.mark.parametrize("text", GROUPS_OF_WORDS)
def test_words_and_lists_in_groups_are_not_values(text: str) -> None:
    assert mask(text) == text


@pytest.mark.parametrize(
    "text",
    ["MYSQL_PASS=harbor2329", "DB_PW=tiger77x", "export WEBHOOK_SIG=XqZkPmLwRtYvBnMcDsFgHjKl",
     "DB_PASSWORT=ember9496", "SENHA=Pinguin1490#", "SMTP_PASS=hunter2"],
)  # fmt: skip
def test_short_and_foreign_keys_of_environment_files_name_credentials(text: str) -> None:
    key = text.split("=", 1)[0]
    assert mask(text) == f"{key}=[secret-1]"


@pytest.mark.parametrize(
    "text", ["HMAC_SIG=sha256", "USE_SIG=1", "BYPASS=true", "compass=north", "X_AUTH=basic"]
)
def test_short_keys_with_ordinary_values_are_not_credentials(text: str) -> None:
    assert mask(text) == text


LOGINS = [
    "you can log in with {v} for now.",
    "你暂时可以用 {v} 登录。",
    "Du kannst dich vorerst mit {v} anmelden.",
]


@pytest.mark.parametrize("text", LOGINS)
def test_letters_of_random_case_stated_as_a_login_are_masked(text: str) -> None:
    for value in ("hlkUvNGBe", "LdAGgYWr", "qWeRtZuiOp"):
        assert value not in mask(text.format(v=value)), value
    for word in ("YouTube", "GitHub", "LinkedIn", "HTTPServer", "PowerShell", "iCloud"):
        assert mask(text.format(v=word)) == text.format(v=word), word


STATED_NUMBERS = [
    "I set the kibana admin password to {n} for now",
    "the PIN for vault is {n}",
    "PIN ist {n}, bitte merken",
    "le mot de passe est {n}",
    "la contraseña es {n}",
    "пароль — {n}",
    "密码是 {n}",
    "パスワードは {n}",
]
NUMBERS_NEAR_A_SECRET_WORD = [
    "password reset ticket {n} is closed",
    "the password policy changed in release {n}",
    "the password expires in {n} seconds",
    "password length = {n}",
]


@pytest.mark.parametrize("text", STATED_NUMBERS)
def test_a_number_stated_as_a_password_or_pin_is_masked(text: str) -> None:
    for number in ("246576", "4729135", "90817263"):
        assert number not in mask(text.format(n=number))


@pytest.mark.parametrize("text", NUMBERS_NEAR_A_SECRET_WORD)
def test_a_number_the_sentence_does_not_state_as_one_is_not(text: str) -> None:
    assert mask(text.format(n="246576")) == text.format(n="246576")
