"""Fake secrets, generated at test time from a `random.Random`: never literals in the repo.

Each generator returns a `Sample`: a text that carries the secret in a realistic context, and
the substrings that must never survive redaction. The same generators feed the detector tests
(with seeded generators) and hypothesis (with `st.randoms()`).
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


@dataclass(frozen=True, slots=True)
class Sample:
    kind: str
    text: str
    secrets: tuple[str, ...]  # substrings that must not survive `redact`


def chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def mixed(rng: random.Random, alphabet: str, n: int) -> str:
    """`n` random characters from `alphabet` with at least one upper, lower and digit (as real
    generated tokens practically always have)."""
    must = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase)]
    must.append(rng.choice(string.digits))
    out = list(chars(rng, alphabet, n - 3)) + must
    rng.shuffle(out)
    return "".join(out)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def aws_access_key_id(rng: random.Random) -> Sample:
    key = rng.choice(["AKIA", "ASIA"]) + chars(rng, UPPER_DIGITS, 16)
    return Sample("aws_access_key_id", f"the deploy user uses {key} for uploads", (key,))


def aws_secret_access_key(rng: random.Random) -> Sample:
    value = mixed(rng, B64, 40)
    return Sample("aws_secret_access_key", f"aws_secret_access_key = {value}", (value,))


def github_classic(rng: random.Random) -> Sample:
    token = "ghp_" + mixed(rng, ALNUM, 36)
    return Sample("github_token", f"CI token: {token} (rotate monthly)", (token,))


def github_fine_grained(rng: random.Random) -> Sample:
    token = "github_pat_" + mixed(rng, ALNUM, 22) + "_" + mixed(rng, ALNUM, 59)
    return Sample("github_pat", f"use {token} to clone", (token,))


def gitlab(rng: random.Random) -> Sample:
    token = "glpat-" + mixed(rng, URLSAFE, 20)
    return Sample("gitlab_token", f"export GITLAB_TOKEN={token}", (token,))


def slack(rng: random.Random) -> Sample:
    token = f"xoxb-{chars(rng, string.digits, 11)}-{chars(rng, string.digits, 13)}-"
    token += mixed(rng, ALNUM, 24)
    return Sample("slack_token", f"bot token {token} for #ops", (token,))


def jwt(rng: random.Random) -> Sample:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = {"sub": chars(rng, HEX, 12), "iat": rng.randint(1_600_000_000, 1_800_000_000)}
    payload = _b64url(json.dumps(claims).encode())
    token = f"{header}.{payload}.{mixed(rng, URLSAFE, 43)}"
    return Sample("jwt", f"session={token}; path=/", (token,))


def private_key(rng: random.Random) -> Sample:
    label = rng.choice(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"])
    lines = [mixed(rng, B64, 64) for _ in range(5)]
    block = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
    return Sample("private_key", f"here is the key:\n{block}\nthanks", tuple(lines))


def vault(rng: random.Random) -> Sample:
    token = "hvs." + mixed(rng, URLSAFE, 90)
    return Sample("vault_token", f"VAULT_TOKEN={token}", (token,))


def gcp(rng: random.Random) -> Sample:
    key = "AIza" + mixed(rng, URLSAFE, 35)
    return Sample("gcp_api_key", f"maps key {key} in the config", (key,))


def stripe(rng: random.Random) -> Sample:
    key = "sk_live_" + mixed(rng, ALNUM, 24)
    return Sample("stripe_key", f"billing uses {key}", (key,))


def postgres_url(rng: random.Random) -> Sample:
    password = mixed(rng, ALNUM, 16)
    url = f"postgres://app_user:{password}@db.internal:5432/billing"
    return Sample("url_credentials", f"connect with {url}", (password,))


def bearer(rng: random.Random) -> Sample:
    token = mixed(rng, URLSAFE + ".", 40)
    return Sample("authorization_header", f"curl -H 'Authorization: Bearer {token}' ...", (token,))


def kubernetes_secret(rng: random.Random) -> Sample:
    value = base64.b64encode(mixed(rng, ALNUM, 18).encode()).decode()
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\ntype: Opaque\n"
        f"data:\n  password: {value}\n"
    )
    return Sample("kubernetes_secret_data", manifest, (value,))


def password_in_prose(rng: random.Random) -> Sample:
    value = mixed(rng, ALNUM + "!#%", 12)
    phrase = rng.choice(["the password is", "The admin password is", "db password is"])
    return Sample("secret_value_in_context", f"fyi {phrase} {value} for now", (value,))


def password_assignment(rng: random.Random) -> Sample:
    value = mixed(rng, ALNUM + "!#%", 14)
    return Sample("secret_value_in_context", f'password = "{value}"', (value,))


def random_base64(rng: random.Random) -> Sample:
    value = mixed(rng, B64, 40)
    return Sample("high_entropy_string", f"blob {value} end", (value,))


GENERATORS: dict[str, Callable[[random.Random], Sample]] = {
    "aws-akia": aws_access_key_id,
    "aws-secret": aws_secret_access_key,
    "github-ghp": github_classic,
    "github-pat": github_fine_grained,
    "gitlab-glpat": gitlab,
    "slack-xoxb": slack,
    "jwt": jwt,
    "pem-private-key": private_key,
    "vault-hvs": vault,
    "gcp-aiza": gcp,
    "stripe-sk-live": stripe,
    "postgres-url": postgres_url,
    "authorization-bearer": bearer,
    "kubernetes-secret": kubernetes_secret,
    "password-prose": password_in_prose,
    "password-assignment": password_assignment,
    "random-base64-40": random_base64,
}
