"""Masking: stable placeholders, split texts, logs."""

from __future__ import annotations

import logging
import random
import string

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
