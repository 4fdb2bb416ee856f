"""The secret detector: high-signal formats and values in context are found and fully redacted;
the harmless shapes of our domain (fingerprints, public keys, digests, SHAs, pod names,
routing questions) are not. Every token is generated at test time (tests/security/tokens.py).
"""

from __future__ import annotations

import logging
import random
import string
import uuid
from collections.abc import Callable

import pytest

from tests.security.tokens import ALNUM, B64, GENERATORS, HEX, chars, mixed
from warden.core.detector import Tier
from warden.core.masking import RedactingFilter, contains_secret
from warden.core.masking import mask as redact
from warden.core.reading import scan

SAMPLES_PER_FORMAT = 40
# A 40-character random base64 string is caught by entropy alone (no format to match): with
# detect-secrets' limit of 4.5 bits a few percent of such strings fall below it.
ENTROPY_ONLY = {"random-base64-40": 0.95}


def _rng(name: str, i: int) -> random.Random:
    return random.Random(f"{name}:{i}")  # deterministic per CI run; generated, never stored


def test_every_high_signal_format_is_detected_and_fully_redacted() -> None:
    rates: dict[str, float] = {}
    problems: list[str] = []
    for name, generate in GENERATORS.items():
        caught = 0
        for i in range(SAMPLES_PER_FORMAT):
            sample = generate(_rng(name, i))
            redacted = redact(sample.text)
            if contains_secret(sample.text):
                caught += 1
            if any(part in redacted for part in sample.secrets):
                problems.append(f"{name}#{i}: survives redaction")
            if contains_secret(redacted):
                problems.append(f"{name}#{i}: redacted text still flagged")
        rates[name] = caught / SAMPLES_PER_FORMAT
    report = ", ".join(f"{k}={v:.0%}" for k, v in rates.items())
    total = sum(rates.values()) / len(rates)
    message = f"detection rate {total:.1%} ({report}); problems: {problems[:10]}"
    print(message)
    for name, rate in rates.items():
        assert rate >= ENTROPY_ONLY.get(name, 1.0), message
    # Only an entropy-only miss may survive redaction (a missed secret is not redacted).
    assert not [p for p in problems if p.split("#")[0] not in ENTROPY_ONLY], message


def test_entropy_only_secrets_miss_rate_is_reported() -> None:
    """Measure (and bound) what the entropy layer misses on random 40-char base64 strings."""
    n = 400
    missed = sum(
        not contains_secret(f"blob {mixed(_rng('b64', i), B64, 40)} end") for i in range(n)
    )
    assert missed / n <= 1 - ENTROPY_ONLY["random-base64-40"], f"missed {missed}/{n}"


def _fingerprint(rng: random.Random) -> str:
    return "SHA256:" + chars(rng, B64, 43)


def _public_key(rng: random.Random) -> str:
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + chars(rng, B64, 43) + " alice@laptop"


def _digest(rng: random.Random) -> str:
    return f"registry.example.com/billing/api@sha256:{chars(rng, HEX, 64)}"


def _pod(rng: random.Random) -> str:
    suffix = chars(rng, "bcdfghjklmnpqrstvwxz2456789", 5)
    return f"web-{chars(rng, HEX, 9)}-{suffix}"


BENIGN_GENERATED: dict[str, Callable[[random.Random], str]] = {
    "ssh-fingerprint": lambda r: f"host key fingerprint is {_fingerprint(r)}, please verify",
    "ssh-public-key": lambda r: f"my public key: {_public_key(r)}",
    "image-digest": lambda r: f"deployed {_digest(r)} to staging",
    "git-sha": lambda r: f"fixed in commit {chars(r, HEX, 40)} (short {chars(r, HEX, 7)})",
    "uuid": lambda r: f"request id {uuid.UUID(int=r.getrandbits(128))} failed",
    "pod-name": lambda r: f"pod {_pod(r)} is crash-looping",
    "url": lambda r: f"see https://grafana.example.com/d/{chars(r, ALNUM, 9)}/latency?orgId=1",
}
BENIGN_TEXTS = [
    "Who owns database credentials?",
    "where do I get an API key?",
    "my token is expired",
    "My token is expired, who can issue a new one?",
    "Who handles SSH certificates for the bastion?",
    "Which agent owns OIDC roles?",
    "The password is stored in the vault, ask secrets-engine.",
    "I need access to the postgres database for billing.",
    "Where can I request a service token for the CI pipeline?",
    "Who owns API credentials? secrets-engine I think.",
    "please rotate my credentials, they leaked",
    "Token rotation failed with error 403 on https://hub.example.com/v1/messages",
    "kubectl get secret billing-db -n payments",
    "ssh -J bastion.example.com app-1.internal",
    "https://docs.example.com/runbooks/ssh-certificates#renewal",
    "the API key is missing from the config",
    "What is the process for getting SSO access?",
    "Owner of API credentials: secrets-engine",
    "database-credentials: owner secrets-engine (see the catalog)",
]


# Generated identifiers that look random: the secret-shaped tier masks them (recall first: a
# git SHA or a UUID can be a credential; a URL's random path segment, when it mixes classes),
# but nothing may call them a *certain* secret.
RANDOM_LOOKING = {"git-sha", "uuid", "pod-name", "url"}


def test_benign_set_has_no_certain_findings_and_masks_only_random_identifiers() -> None:
    texts: list[tuple[str, str]] = [("text", t) for t in BENIGN_TEXTS]
    for name, generate in BENIGN_GENERATED.items():
        texts += [(name, generate(_rng(name, i))) for i in range(20)]
    certain = [(t, f.kind) for _, t in texts for f in scan(t) if f.tier == Tier.CERTAIN]
    shaped = [(name, t) for name, t in texts if scan(t) and name not in RANDOM_LOOKING]
    print(f"certain findings: {len(certain)}; secret-shaped outside random ids: {len(shaped)}")
    assert not certain, certain[:8]
    assert not shaped, shaped[:8]
    for name in RANDOM_LOOKING - {"url"}:  # and they are masked: the tier is not switched off
        generated = [t for n, t in texts if n == name]
        assert all(scan(t) for t in generated), name


@pytest.fixture
def secret_text() -> tuple[str, str]:
    token = "ghp_" + mixed(random.Random(), ALNUM, 36)  # a fake, valid nowhere
    return token, f"connecting with {token}"


def _capture(logger_name: str) -> tuple[logging.Logger, list[str]]:
    records: list[str] = []

    class ListHandler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = ListHandler()
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger(logger_name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, records


def test_redacting_filter_redacts_message_args_and_tracebacks(
    secret_text: tuple[str, str],
) -> None:
    token, text = secret_text
    logger, records = _capture("tests.security.redaction")
    logger.info(text)
    logger.info("worker: %s (attempt %d)", text, 2)
    logger.warning("pair %s=%s", "password", "".join(random.choices(string.ascii_letters, k=3)))
    try:
        raise RuntimeError(f"hub said: {text}")
    except RuntimeError:
        logger.exception("failed")
    assert len(records) == 4
    for line in records:
        assert token not in line, line
    assert "[secret-" in records[0]
    assert "attempt 2" in records[1]
    assert "RuntimeError" in records[3]


def test_redacting_filter_with_caplog(
    caplog: pytest.LogCaptureFixture, secret_text: tuple[str, str]
) -> None:
    token, text = secret_text
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="tests.security.caplog"):
        logging.getLogger("tests.security.caplog").info("payload: %s", {"body": text})
    assert token not in caplog.text
    assert all(token not in r.getMessage() for r in caplog.records)


def test_a_secret_split_across_subject_and_body_is_masked_in_every_shown_subject() -> None:
    """The red-team corpus's split secrets, 100 draws each: the subject shown on a terminal
    (text output) and in a reply's subject carries no fragment of the secret, though the
    subject alone holds only half of it ("你暂时可以用 hlkUvNGBe 登录。" / "u3Y*V4%Ie")."""
    from tests.security.corpus.canary import CanaryScanner
    from tests.security.corpus.cases import fill, load_cases
    from warden.core.masking import Masker
    from warden.core.models import Message
    from warden.worker.executor import _reply_subject
    from warden.worker.report import safe_subject

    split = [c for c in load_cases() if c.cls == "secret_carrying" and c.obfuscation == "split"]
    assert len(split) >= 20
    leaks = []
    for case in split:
        for seed in range(100):
            filled = fill(case, random.Random(seed))
            message = Message(id="m", from_agent="a", to_agent="b", subject=filled.subject,
                              body=filled.body)  # fmt: skip
            scanner = CanaryScanner([(case.id, c) for c in filled.canaries])
            for shown in (safe_subject(message, Masker(), limit=1_000),
                          _reply_subject(filled.subject, filled.body)):  # fmt: skip
                if scanner.scan(shown):
                    leaks.append((case.id, seed, shown))
    assert not leaks, leaks[:5]
