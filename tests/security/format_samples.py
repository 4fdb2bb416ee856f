"""Fresh provider tokens for every kind in `warden.core.detector.formats`, made at test time.

Nothing here is a token literal: each generator builds its token from the provider's
documented shape (prefix, lengths, alphabet) and a `random.Random`, computing checksums where
the provider uses a simple one (GitHub's and npm's CRC32 tail, age's bech32). Random parts
are drawn again until they look like a real random token (a digit and both letter cases when
the alphabet has them, no character six times in a row): the table rejects placeholders by
those signs, and real tokens practically always pass.

For each kind there are also near misses (`negatives`): the prefix alone, a body one character
short or long, placeholders, a wrong alphabet or letter case, a token glued into a longer
word, and the shapes of the false positives gitleaks documents for the rule. `embeddings`
puts a sample into the contexts it turns up in (prose, JSON, YAML, .env, a URL query, a log
line, next to punctuation), with the span of the secret in each; `benign_corpus` makes the
strings that are everywhere in ops chat and are not secrets.
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import re
import string
import textwrap
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
LETTERS = UPPER + LOWER
ALNUM = DIGITS + LETTERS
UD = DIGITS + UPPER
LD = DIGITS + LOWER
HEX = DIGITS + "abcdef"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"

_RUN = re.compile(r"(.)\1{5}")


def rand(rng: random.Random, alphabet: str, size: int) -> str:
    """`size` characters of `alphabet` that look like a random token (see the docstring)."""
    while True:
        out = "".join(rng.choice(alphabet) for _ in range(size))
        if _RUN.search(out):
            continue
        if size >= 8 and not _looks_random(out, alphabet):
            continue
        return out


def _looks_random(out: str, alphabet: str) -> bool:
    for group in (DIGITS, UPPER, LOWER):
        if any(char in group for char in alphabet) and not any(char in group for char in out):
            if group is DIGITS and not any(char in LETTERS for char in alphabet):
                continue
            if group is not DIGITS and not any(
                char in (LOWER if group is UPPER else UPPER) for char in alphabet
            ):
                continue
            return False
    return True


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64_random(rng: random.Random, size: int) -> str:
    """Standard base64 (with padding) of `size` random bytes, drawn again until it looks
    random in the sense of `rand`."""
    while True:
        out = base64.b64encode(rng.randbytes(size)).decode()
        if not _RUN.search(out) and _looks_random(out, B64):
            return out


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


_BASE62 = DIGITS + UPPER + LOWER


def crc32_tail(payload: str) -> str:
    """GitHub's (and npm's) token checksum: CRC32 of the random part, in six base62 digits."""
    value = binascii.crc32(payload.encode())
    digits = ""
    for _ in range(6):
        value, rest = divmod(value, 62)
        digits = _BASE62[rest] + digits
    return digits


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khced6mua7l"


def _bech32_polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            check ^= generator[i] if (top >> i) & 1 else 0
    return check


def bech32(hrp: str, data: bytes) -> str:
    """BIP-173 bech32 of `data` under `hrp` (as age encodes its identities)."""
    bits = 0
    acc = 0
    words: list[int] = []
    for byte in data:
        acc = acc << 8 | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            words.append(acc >> bits & 31)
    if bits:
        words.append(acc << (5 - bits) & 31)
    expanded = [ord(char) >> 5 for char in hrp] + [0] + [ord(char) & 31 for char in hrp]
    polymod = _bech32_polymod([*expanded, *words, 0, 0, 0, 0, 0, 0]) ^ 1
    checksum = [polymod >> 5 * (5 - i) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[word] for word in words + checksum)


# --- samples ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sample:
    """A token as the provider issues it (or a keyed rule's value), and where the secret is
    in it. Keyed samples carry the identifiers and phrases that name them."""

    kind: str
    token: str
    start: int = 0
    end: int | None = None
    names: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    block: bool = False
    skip: frozenset[str] = frozenset()

    @property
    def secret(self) -> str:
        return self.token[self.start : self.end]

    @property
    def keyed(self) -> bool:
        return bool(self.names)


@dataclass(frozen=True, slots=True)
class R:
    """A random part: `low` to `high` characters of `alphabet`."""

    alphabet: str
    low: int
    high: int | None = None

    def make(self, rng: random.Random) -> str:
        size = self.low if self.high is None else rng.randint(self.low, self.high)
        return rand(rng, self.alphabet, size)


@dataclass(frozen=True, slots=True)
class Choice:
    """A literal part with several documented spellings."""

    options: tuple[str, ...]

    def make(self, rng: random.Random) -> str:
        return rng.choice(self.options)


@dataclass(frozen=True, slots=True)
class F:
    """A part made by a function (a checksum, an encoding)."""

    make: Callable[[random.Random], str]


Part = str | R | Choice | F


def _make(part: Part, rng: random.Random) -> str:
    return part if isinstance(part, str) else part.make(rng)


@dataclass(frozen=True)
class Shape:
    """A prefixed token made of parts; `secret` is the range of parts that is the secret."""

    kind: str
    parts: tuple[Part, ...]
    secret: tuple[int, int] | None = None
    glued: bool = True  # a letter glued before the token stops the match
    exact: bool = True  # one character less (or more) in a random part is not a token
    more: Callable[[random.Random], list[str]] | None = None  # documented false positives

    def sample(self, rng: random.Random) -> Sample:
        pieces = [_make(part, rng) for part in self.parts]
        first, last = self.secret or (0, len(pieces))
        start = len("".join(pieces[:first]))
        end = len("".join(pieces[:last]))
        return Sample(self.kind, "".join(pieces), start, end)

    def negatives(self, rng: random.Random) -> list[str]:
        pieces = [_make(part, rng) for part in self.parts]
        out: list[str] = []
        randoms = [i for i, part in enumerate(self.parts) if isinstance(part, R)]
        if randoms:
            head = "".join(pieces[: randoms[0]])
            if head.strip():
                out.append(f"see {head} for details")
                swapped = head.swapcase()
                if swapped != head and self.secret is None:
                    out.append(swapped + "".join(pieces[randoms[0] :]))
            for i in randoms if self.exact else []:
                part = self.parts[i]
                assert isinstance(part, R)
                if part.low > 1:
                    short = rand(rng, part.alphabet, part.low - 1)
                    out.append("".join([*pieces[:i], short, *pieces[i + 1 :]]) + " ok")
            made = [i for i, part in enumerate(self.parts) if isinstance(part, R | F)]
            for filler in "xX0":
                placeholder = list(pieces)
                for i in made:
                    placeholder[i] = filler * len(pieces[i])
                out.append("".join(placeholder))
            low, high = self.secret or (0, len(pieces))
            inside = [i for i in randoms if low <= i < high]
            if inside:
                bad = list(pieces)
                bad[inside[0]] = "!" + pieces[inside[0]][1:]
                out.append("".join(bad))
            final = self.parts[-1]
            if isinstance(final, R) and final.high is None and self.exact:
                out.append("".join(pieces) + rng.choice(final.alphabet.replace("-", "")))
        if self.glued and pieces[0][:1].isalnum():
            out.append("z" + "".join(pieces))
        if self.more is not None:
            out.extend(self.more(rng))
        return out


@dataclass(frozen=True)
class Keyed:
    """A secret without a prefix of its own, named by a provider keyword."""

    kind: str
    provider: str  # the provider's keyword as it appears in identifiers
    names: tuple[str, ...]
    phrases: tuple[str, ...]
    value: Part | tuple[Part, ...]
    fixed: bool = True  # the value has one length: one character less is not a value
    skip: frozenset[str] = frozenset()
    more: Callable[[random.Random], list[str]] | None = None

    def make_value(self, rng: random.Random) -> str:
        parts = self.value if isinstance(self.value, tuple) else (self.value,)
        return "".join(_make(part, rng) for part in parts)

    def sample(self, rng: random.Random) -> Sample:
        value = self.make_value(rng)
        return Sample(self.kind, value, names=self.names, phrases=self.phrases, skip=self.skip)

    def negatives(self, rng: random.Random) -> list[str]:
        value = self.make_value(rng)
        name = self.names[0]
        out = [
            f"{self.provider}_trace_id: {value}",
            f"{self.provider} build {value} finished",
            f"the value is {value}",
            f"{name}=${{{name}}}",
            f"{name}=<your-{self.provider}-key>",
            f"{name}: {'x' * len(value)}",
            f"{name}: {'0' * len(value)}",
            f"un{self.provider}_key={value}",
        ]
        if self.fixed:
            out.append(f"{name}={value[:-1]}")
            out.append(f"{name}={value}{value[-1]}")
        if self.more is not None:
            out.extend(self.more(rng))
        return out


@dataclass(frozen=True)
class Block:
    """A multi-line secret (a key file), made whole by a function."""

    kind: str
    make: Callable[[random.Random], Sample]
    bad: Callable[[random.Random], list[str]] = field(default=lambda rng: [])
    escaped: bool = True  # may also appear JSON-escaped (`\\n` for newlines)
    indented: bool = True  # may also appear indented in a YAML block scalar

    def sample(self, rng: random.Random) -> Sample:
        return self.make(rng)

    def negatives(self, rng: random.Random) -> list[str]:
        return self.bad(rng)


Spec = Shape | Keyed | Block


# --- helpers for the specs -------------------------------------------------------------------


def _gh(prefix: str) -> F:
    def make(rng: random.Random) -> str:
        payload = rand(rng, ALNUM, 30)
        return prefix + payload + crc32_tail(payload)

    return F(make)


def _digits(low: int, high: int) -> F:
    return F(lambda rng: str(rng.randint(10 ** (low - 1), 10**high - 1)))


def _b64(size: int, *, urlsafe: bool = False, pad: bool = True) -> F:
    def make(rng: random.Random) -> str:
        out = b64_random(rng, size)
        if urlsafe:
            out = out.replace("+", "-").replace("/", "_")
        return out if pad else out.rstrip("=")

    return F(make)


def _fixed(text: str) -> Callable[[random.Random], list[str]]:
    return lambda rng: [text]


def _azure_tail(rng: random.Random) -> str:
    """31-34 characters of an Entra ID client secret, not ending in a dot (a trailing dot
    cannot be told from sentence punctuation)."""
    alphabet = URLSAFE + "~."
    return rand(rng, alphabet, rng.randint(30, 33)) + rng.choice(URLSAFE + "~")


def _azure_client_secret(rng: random.Random) -> str:
    return rand(rng, ALNUM + "_~.", 3) + rng.choice(DIGITS) + "Q~" + _azure_tail(rng)


def _discord_bot_token(rng: random.Random) -> str:
    user_id = str(rng.randint(10**16, 10**19 - 1))
    first = b64url(user_id.encode())
    return f"{first}.{rand(rng, URLSAFE, 6)}.{rand(rng, URLSAFE, rng.choice([27, 38]))}"


def _asana_pat(rng: random.Random) -> str:
    user = str(rng.randint(10**15, 10**16 - 1))
    if rng.random() < 0.5:
        return f"1/{user}:{rand(rng, HEX, 32)}"
    return f"2/{user}/{rng.randint(10**15, 10**16 - 1)}:{rand(rng, HEX, 32)}"


def _onepassword_secret_key(rng: random.Random) -> str:
    while True:
        middle = (
            rand(rng, UD, 11) if rng.random() < 0.5 else f"{rand(rng, UD, 6)}-{rand(rng, UD, 5)}"
        )
        parts = [rand(rng, UD, 6), middle, *(rand(rng, UD, 5) for _ in range(3))]
        key = "A3-" + "-".join(parts)
        if any(char in DIGITS for char in key[3:]) and any(char in UPPER for char in key[3:]):
            return key


def _password(rng: random.Random, size: int, punctuation: str = "!#%*+?@^_~-") -> str:
    while True:
        out = rand(rng, ALNUM + punctuation, size - 1) + rng.choice(ALNUM)
        if out[0] not in "<$%{*" and not out.lower().startswith(("pass", "pwd", "secret")):
            return out


def _jwt_parts(claims: dict[str, object], rng: random.Random, alg: str = "HS256") -> str:
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims).encode())
    size = 43 if alg == "HS256" else 342
    return f"{header}.{payload}.{rand(rng, URLSAFE, size)}"


def _jwt(rng: random.Random) -> str:
    claims: dict[str, object] = {
        "sub": rand(rng, LD, 12),
        "iat": rng.randint(1_600_000_000, 1_800_000_000),
        "role": rng.choice(["admin", "reader", "deployer"]),
    }
    return _jwt_parts(claims, rng, rng.choice(["HS256", "RS256"]))


def _jwe(rng: random.Random) -> str:
    header = b64url(json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM"}).encode())
    return ".".join(
        [
            header,
            rand(rng, URLSAFE, 342),
            rand(rng, URLSAFE, 16),
            rand(rng, URLSAFE, rng.randint(60, 400)),
            rand(rng, URLSAFE, 22),
        ]
    )


def _k8s_token(rng: random.Random) -> str:
    namespace = rng.choice(["default", "payments", "kube-system", "ops"])
    account = rng.choice(["deployer", "ci", "warden", "builder"])
    now = rng.randint(1_700_000_000, 1_800_000_000)
    claims: dict[str, object]
    if rng.random() < 0.5:
        claims = {
            "aud": ["https://kubernetes.default.svc.cluster.local"],
            "exp": now + 3600,
            "iat": now,
            "iss": "https://kubernetes.default.svc.cluster.local",
            "kubernetes.io": {
                "namespace": namespace,
                "serviceaccount": {"name": account, "uid": uuid4(rng)},
            },
            "nbf": now,
            "sub": f"system:serviceaccount:{namespace}:{account}",
        }
    else:
        claims = {
            "iss": "kubernetes/serviceaccount",
            "kubernetes.io/serviceaccount/namespace": namespace,
            "kubernetes.io/serviceaccount/secret.name": f"{account}-token-{rand(rng, LD, 5)}",
            "kubernetes.io/serviceaccount/service-account.name": account,
            "sub": f"system:serviceaccount:{namespace}:{account}",
        }
    return _jwt_parts(claims, rng, "RS256")


def _lines(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False))


def _pem_block(label: str, body: str, headers: str = "") -> str:
    return f"-----BEGIN {label}-----\n{headers}{body}\n-----END {label}-----"


def _pem(label: str, *, size: tuple[int, int] = (600, 1200)) -> Callable[[random.Random], Sample]:
    def make(rng: random.Random) -> Sample:
        body = b64_random(rng, rng.randint(*size))
        headers = ""
        if label == "OPENSSH PRIVATE KEY":
            raw = b"openssh-key-v1\0" + rng.randbytes(rng.randint(300, 600))
            body_text = _lines(base64.b64encode(raw).decode(), 70)
            return Sample("openssh_private_key", _pem_block(label, body_text), block=True)
        if label == "PGP PRIVATE KEY BLOCK":
            headers = "Version: GnuPG v2\n\n"
            body = _lines(body, 64) + "\n=" + b64_random(rng, 3)
            kind = "pgp_private_key_block"
            return Sample(kind, _pem_block(label, body, headers), block=True)
        if label == "RSA PRIVATE KEY" and rng.random() < 0.3:
            headers = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{rand(rng, UD, 32)}\n\n"
        kind = {
            "RSA PRIVATE KEY": "rsa_private_key",
            "EC PRIVATE KEY": "ec_private_key",
            "DSA PRIVATE KEY": "dsa_private_key",
            "PRIVATE KEY": "pkcs8_private_key",
            "ENCRYPTED PRIVATE KEY": "pkcs8_encrypted_private_key",
        }[label]
        return Sample(kind, _pem_block(label, _lines(body, 64), headers), block=True)

    return make


def _pem_negatives(label: str) -> Callable[[random.Random], list[str]]:
    def bad(rng: random.Random) -> list[str]:
        begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
        return [
            f"the file should start with {begin} and that is all",
            f"{begin}\n<paste the base64 content of your key file here, then save it>\n{end}",
            f"{begin}\n" + "\n".join("X" * 64 for _ in range(6)) + f"\n{end}",
            f"{begin}\n...\n{end}",
            _pem_block("PUBLIC KEY", _lines(b64_random(rng, 300), 64)),
            _pem_block("CERTIFICATE", _lines(b64_random(rng, 900), 64)),
        ]

    return bad


def _ssh2(rng: random.Random) -> Sample:
    body = _lines(b64_random(rng, rng.randint(600, 1000)), 70)
    block = (
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n"
        f'Comment: "rsa-key-{rng.randint(20200101, 20251231)}"\n'
        f"{body}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----"
    )
    return Sample("ssh2_encrypted_private_key", block, block=True)


def _putty(rng: random.Random) -> Sample:
    public = b64_random(rng, 51)
    private = b64_random(rng, 32)
    text = (
        f"PuTTY-User-Key-File-{rng.choice('23')}: ssh-ed25519\n"
        "Encryption: none\n"
        f"Comment: eddsa-key-{rng.randint(20200101, 20251231)}\n"
        "Public-Lines: 2\n"
        f"{_lines(public, 64)}\n"
        "Private-Lines: 1\n"
        f"{private}\n"
        f"Private-MAC: {rand(rng, HEX, 64)}"
    )
    return Sample("putty_private_key", text, block=True)


def _gcp_service_account(rng: random.Random) -> Sample:
    pem = _pem_block("PRIVATE KEY", _lines(b64_random(rng, 1190), 64)) + "\n"
    project = f"{rng.choice(['ops', 'billing', 'ml'])}-{rand(rng, LD, 6)}"
    document = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": rand(rng, HEX, 40),
        "private_key": pem,
        "client_email": f"deployer@{project}.iam.gserviceaccount.com",
        "client_id": str(rng.randint(10**20, 10**21 - 1)),
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    text = json.dumps(document, indent=2)
    escaped = json.dumps(pem)[1:-1]
    start = text.index(escaped)
    return Sample("gcp_service_account_private_key", text, start, start + len(escaped), block=True)


def _gcp_negatives(rng: random.Random) -> list[str]:
    project = f"ops-{rand(rng, LD, 6)}"
    return [
        json.dumps({"type": "service_account", "project_id": project, "private_key_id": "x"}),
        json.dumps({"private_key": "-----BEGIN PRIVATE KEY-----" + "X" * 1500 + "-----END "}),
        json.dumps(
            {
                "private_key": "-----BEGIN PRIVATE KEY-----\n" + "X" * 64 * 20 + "\n-----END"
                " PRIVATE KEY-----\n"
            }
        ),
    ]


def _mongodb(rng: random.Random) -> Sample:
    scheme = rng.choice(["mongodb://", "mongodb+srv://"])
    user = rand(rng, LD, rng.randint(4, 10))
    password = _password(rng, rng.randint(12, 24), "!_.~-")
    host = f"cluster0.{rand(rng, LD, 5)}.mongodb.net/app?retryWrites=true"
    head = f"{scheme}{user}:"
    return Sample(
        "mongodb_connection_password",
        f"{head}{password}@{host}",
        len(head),
        len(head) + len(password),
    )


# --- the specs -------------------------------------------------------------------------------


def _aws_example(prefix: str) -> Callable[[random.Random], list[str]]:
    return lambda rng: [
        f"aws_access_key: {prefix}{rand(rng, UD, 9)}EXAMPLE",
        f"msgstr {prefix.lower()}{rand(rng, LD, 16)}",
        "TODAYINASIAASACKOFRICEFELLOVER",
    ]


_SLACK_ID = R(DIGITS, 8, 14)

SPECS: tuple[Spec, ...] = (
    # AWS
    Shape("aws_access_key_id", ("AKIA", R(UD, 16)), more=_aws_example("AKIA")),
    Shape("aws_temporary_access_key_id", ("ASIA", R(UD, 16)), more=_aws_example("ASIA")),
    Shape("aws_sts_bearer_key_id", ("ABIA", R(UD, 16)), more=_aws_example("ABIA")),
    Shape("aws_context_credential_key_id", ("ACCA", R(UD, 16)), more=_aws_example("ACCA")),
    Shape("aws_legacy_access_key_id", ("A3T", R(UD, 1), R(UD, 16))),
    Keyed(
        "aws_secret_access_key",
        "aws",
        (
            "AWS_SECRET_ACCESS_KEY",
            "aws_secret_access_key",
            "awsSecretAccessKey",
            "aws-secret-key",
            "SecretAccessKey",
            "secret_access_key",
        ),
        ("AWS secret key", "aws secret access key"),
        R(B64, 40),
        more=lambda rng: [f"aws_secret_access_key = {rand(rng, HEX, 40)}"],
    ),
    Keyed(
        "aws_session_token",
        "aws",
        ("AWS_SESSION_TOKEN", "aws_session_token", "SessionToken", "X-Amz-Security-Token"),
        ("AWS session token",),
        F(lambda rng: b64_random(rng, rng.randint(250, 500))),
        fixed=False,
        skip=frozenset({"url"}),
    ),
    Shape(
        "aws_sts_session_token_bare",
        (Choice(("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE")), R(B64, 80, 600)),
    ),
    Shape("aws_bedrock_api_key", ("ABSK", R(B64, 109, 200), Choice(("", "=", "==")))),
    Shape("aws_mws_auth_token", ("amzn.mws.", F(uuid4))),
    # Google
    Shape(
        "gcp_api_key",
        ("AIza", R(URLSAFE, 35)),
        more=lambda rng: [
            "apiKey: AIza" + "a" * 35,
            "AIZASY" + rand(rng, UD, 33),
            rand(rng, ALNUM, 40) + "AIza" + rand(rng, ALNUM, 35),
            "AIza" + rand(rng, ALNUM, 35) + rand(rng, ALNUM, 8),
        ],
    ),
    Shape("google_oauth_client_secret", ("GOCSPX-", R(URLSAFE, 28))),
    Shape("google_oauth_access_token", ("ya29.", R(URLSAFE, 30, 200))),
    Shape("google_oauth_refresh_token", ("1//0", R(URLSAFE, 40, 100))),
    Shape(
        "firebase_cloud_messaging_server_key",
        ("AAAA", R(URLSAFE, 7), ":APA91b", R(URLSAFE, 134)),
    ),
    Block("gcp_service_account_private_key", _gcp_service_account, _gcp_negatives, False, False),
    # Azure
    Shape(
        "azure_storage_account_key",
        (
            "DefaultEndpointsProtocol=https;AccountName=",
            R(LD, 6, 20),
            ";AccountKey=",
            _b64(64),
            ";EndpointSuffix=core.windows.net",
        ),
        secret=(3, 4),
        glued=False,
        exact=False,
        more=lambda rng: [
            "AccountKey=" + "A" * 86 + "==",
            f"AccountKey={b64_random(rng, 63)}",
            "AccountKey=<storage-account-key>",
        ],
    ),
    Shape(
        "azure_shared_access_key",
        (
            "Endpoint=sb://",
            R(LD, 8),
            ".servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;"
            "SharedAccessKey=",
            _b64(32),
        ),
        secret=(3, 4),
        glued=False,
        exact=False,
        more=lambda rng: [
            "SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>",
            f"SharedAccessKey={rand(rng, B64, 42)}=",
        ],
    ),
    Shape(
        "azure_sas_signature",
        (
            "https://",
            R(LD, 8),
            ".blob.core.windows.net/backups/db.tar?sv=2022-11-02&ss=b&srt=o&sp=r"
            "&se=2026-01-01T00:00:00Z&spr=https&sig=",
            F(lambda rng: urllib.parse.quote(b64_random(rng, 32), safe="")),
        ),
        secret=(3, 4),
        glued=False,
        exact=False,
        more=lambda rng: [
            f"https://example.org/a?sig={rand(rng, HEX, 40)}",
            "https://x.blob.core.windows.net/c?sv=2022-11-02&sig=" + "A" * 43 + "%3D",
            f"signature sig={b64_random(rng, 32)}",
            f"https://x.blob.core.windows.net/c?sv=2022-11-02&sig={rand(rng, ALNUM, 42)}%3D",
        ],
    ),
    Keyed(
        "azure_ad_client_secret",
        "azure",
        (
            "AZURE_CLIENT_SECRET",
            "client_secret",
            "ClientSecret",
            "AUTH_CLIENTSECRET",
            "azureSecret",
        ),
        ("Azure client secret", "client secret"),
        F(_azure_client_secret),
        fixed=False,
        more=lambda rng: ["client_secret=bP88Q~" + "x" * 34],
    ),
    Shape(
        "azure_ad_client_secret_bare",
        (R(ALNUM + "_~.", 3), R(DIGITS, 1), "Q~", F(_azure_tail)),
        secret=(2, 4),
        glued=False,
        more=lambda rng: [
            "~" * 40,
            f"https://p3.example.com/tos-cn-i-k3u1/{rand(rng, HEX, 32)}~tplv-k3u1-watermark.image",
            ".ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:none}",
            f'@ar = split("~", "965f1453~47~{rand(rng, HEX, 60)}");',
            "client_secret=bP88Q~" + "x" * 34,
        ],
    ),
    Keyed(
        "azure_devops_pat",
        "azure_devops",
        ("AZURE_DEVOPS_PAT", "azure_devops_token", "AZDO_PERSONAL_ACCESS_TOKEN", "vsts_token"),
        ("Azure DevOps PAT", "azure devops token"),
        F(
            lambda rng: (
                rand(rng, LOWER + "234567", 52) if rng.random() < 0.5 else rand(rng, ALNUM, 84)
            )
        ),
    ),
    # GitHub
    Shape("github_classic_pat", (_gh("ghp_"),)),
    Shape("github_oauth_token", (_gh("gho_"),)),
    Shape("github_user_to_server_token", (_gh("ghu_"),)),
    Shape("github_server_to_server_token", (_gh("ghs_"),)),
    Shape("github_refresh_token", (_gh("ghr_"),)),
    Shape("github_fine_grained_pat", ("github_pat_", R(ALNUM, 22), "_", R(ALNUM, 59))),
    # GitLab
    Shape(
        "gitlab_personal_access_token",
        ("glpat-", R(URLSAFE, 20)),
        more=_fixed("glpat-XXXXXXXXXXX-XXXXXXXX"),
    ),
    Shape(
        "gitlab_routable_personal_access_token",
        ("glpat-", R(URLSAFE, 27, 60), ".", R(LD, 9)),
        more=_fixed("glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx"),
    ),
    Shape("gitlab_deploy_token", ("gldt-", R(URLSAFE, 20))),
    Shape("gitlab_feed_token", ("glft-", R(URLSAFE, 20))),
    Shape("gitlab_incoming_mail_token", ("glimt-", R(URLSAFE, 25))),
    Shape("gitlab_agent_token", ("glagent-", R(URLSAFE, 50, 80))),
    Shape("gitlab_oauth_app_secret", ("gloas-", R(URLSAFE, 64))),
    Shape("gitlab_ci_job_token", ("glcbt-", R(ALNUM, 1, 5), "_", R(URLSAFE, 20))),
    Shape(
        "gitlab_pipeline_trigger_token",
        ("glptt-", R(HEX, 40)),
        more=_fixed("glptt-" + "x" * 40),
    ),
    Shape("gitlab_runner_auth_token", ("glrt-", R(URLSAFE, 20))),
    Shape(
        "gitlab_routable_runner_auth_token",
        ("glrt-t", R(DIGITS, 1), "_", R(URLSAFE, 27, 60), ".", R(LD, 9)),
        more=_fixed("glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx"),
    ),
    Shape(
        "gitlab_runner_registration_token",
        ("GR1348941", R(URLSAFE, 20)),
        more=_fixed("GR134894112312312312312312312"),
    ),
    Shape("gitlab_scim_token", ("glsoat-", R(URLSAFE, 20))),
    Shape("gitlab_feature_flag_client_token", ("glffct-", R(URLSAFE, 20))),
    Shape("gitlab_session_cookie", ("_gitlab_session=", R(LD, 32)), secret=(1, 2)),
    # Atlassian / Bitbucket
    Shape("atlassian_api_token", ("ATATT3", R(URLSAFE + "=", 180, 200))),
    Shape("bitbucket_access_token", ("ATCTT3", R(URLSAFE + "=", 180, 200))),
    Shape("bitbucket_app_password", ("ATBB", R(ALNUM, 28, 40))),
    Keyed(
        "bitbucket_client_secret",
        "bitbucket",
        ("BITBUCKET_CLIENT_SECRET", "bitbucket_client_secret", "bitbucketOauthSecret"),
        ("Bitbucket client secret",),
        R(URLSAFE, 64),
    ),
    Keyed(
        "jira_api_token",
        "jira",
        ("JIRA_API_TOKEN", "jira_api_token", "jiraApiToken", "CONFLUENCE_TOKEN"),
        ("Jira API token", "Confluence token"),
        R(ALNUM, 24),
    ),
    # Slack
    Shape(
        "slack_bot_token",
        ("xoxb-", _SLACK_ID, "-", _SLACK_ID, "-", R(ALNUM, 20, 40)),
        more=lambda rng: [
            "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx",
            "xoxb-xxx",
            "xoxb-12345-abcd234",
            "xoxb-xoxb-my-bot-token",
        ],
    ),
    Shape(
        "slack_legacy_bot_token",
        ("xoxb-", R(DIGITS, 8, 14), "-", R(ALNUM, 18, 26)),
        more=lambda rng: ["xoxb-Slack_BOT_TOKEN", "xoxb-abcdef-abcdef"],
    ),
    Shape(
        "slack_user_token",
        (
            Choice(("xoxp-", "xoxe-")),
            _SLACK_ID,
            "-",
            _SLACK_ID,
            "-",
            _SLACK_ID,
            "-",
            R(ALNUM, 28, 34),
        ),
        more=lambda rng: [
            '"token1": "xoxp-1234567890"',
            "xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-" + "X" * 32,
            f"xoxp-1234-1234-1234-{rand(rng, HEX, 32)}",
            f"xoxp-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 12)}-{rand(rng, DIGITS, 12)}-"
            + "#" * 20,
        ],
    ),
    Shape(
        "slack_workspace_access_token",
        ("xoxa-", Choice(("", "2-")), R(ALNUM, 8, 48)),
        more=lambda rng: [
            "https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md",
            "xoxa-faketoken",
            "xoxa-access-token-string",
        ],
    ),
    Shape("slack_workspace_refresh_token", ("xoxr-", Choice(("", "1-")), R(ALNUM, 8, 48))),
    Shape(
        "slack_legacy_token",
        (
            Choice(("xoxs-", "xoxo-")),
            R(DIGITS, 1, 14),
            "-",
            R(DIGITS, 1, 14),
            "-",
            R(DIGITS, 1, 14),
            "-",
            R(HEX, 6, 64),
        ),
        more=_fixed("https://indieweb.org/images/3/35/2018-250-xoxo-indieweb-1.jpg"),
    ),
    Shape(
        "slack_app_token",
        ("xapp-", R(DIGITS, 1), "-", R(UD, 8, 14), "-", R(DIGITS, 8, 15), "-", R(HEX, 32, 80)),
    ),
    Shape(
        "slack_config_access_token",
        (Choice(("xoxe.xoxp-", "xoxe.xoxb-")), R(DIGITS, 1), "-", R(ALNUM, 150, 180)),
        more=lambda rng: [
            "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere",
            "xoxe.xoxp-1-RANDOMSTRINGHERE",
            "xoxe.xoxp-1-initial",
        ],
    ),
    Shape(
        "slack_config_refresh_token",
        ("xoxe-", R(DIGITS, 1), "-", R(ALNUM, 130, 160)),
        more=lambda rng: ["xoxe-1-xxx", "XOxE-RROAmw, Home and Garden, 5:24, 20120323"],
    ),
    Shape(
        "slack_webhook_url",
        (
            "https://",
            "hooks.slack.com/services/T",
            R(UD, 6, 12),
            "/B",
            R(UD, 6, 12),
            "/",
            R(ALNUM, 20, 32),
        ),
        secret=(1, 7),
        glued=False,
        exact=False,
        more=lambda rng: [
            "https://hooks.slack.com/services/T000/B000/XXXX",
            f"https://hooks.slack.com/services/T{rand(rng, UD, 8)}/B{rand(rng, UD, 8)}/"
            f"{rand(rng, ALNUM, 19)}",
        ],
    ),
    Shape(
        "slack_workflow_webhook_url",
        (
            "https://",
            Choice(("hooks.slack.com/workflows/T", "hooks.slack.com/triggers/T")),
            R(UD, 8, 10),
            "/A",
            R(UD, 8, 10),
            "/",
            R(DIGITS, 15, 18),
            "/",
            R(ALNUM, 32),
        ),
        secret=(1, 9),
        glued=False,
        exact=False,
    ),
    # Discord, Telegram
    Shape(
        "discord_bot_token",
        (F(_discord_bot_token),),
        more=lambda rng: [
            "MTA"
            + rand(rng, ALNUM, 21)
            + "."
            + rand(rng, URLSAFE, 5)
            + "."
            + rand(rng, URLSAFE, 27),
            "MTA" + rand(rng, ALNUM, 21) + "." + rand(rng, URLSAFE, 6) + "." + "x" * 27,
            "ZZZ"
            + rand(rng, ALNUM, 21)
            + "."
            + rand(rng, URLSAFE, 6)
            + "."
            + rand(rng, URLSAFE, 27),
        ],
    ),
    Shape(
        "discord_webhook_url",
        (
            "https://",
            Choice(("discord.com/api/webhooks/", "discordapp.com/api/webhooks/")),
            R(DIGITS, 17, 20),
            "/",
            R(URLSAFE, 60, 72),
        ),
        secret=(1, 5),
        glued=False,
        exact=False,
        more=lambda rng: [
            f"https://discord.com/api/webhooks/{rand(rng, DIGITS, 18)}/{rand(rng, URLSAFE, 59)}"
        ],
    ),
    Keyed(
        "discord_client_secret",
        "discord",
        ("DISCORD_CLIENT_SECRET", "discord_client_secret", "discordClientSecret"),
        ("Discord client secret",),
        R(URLSAFE, 32),
        more=_fixed("discord=00000000000000000000000000000000"),
    ),
    Keyed(
        "telegram_bot_token",
        "telegram",
        ("TELEGRAM_BOT_TOKEN", "telegram_token", "telegramBotToken", "TG_BOT_TOKEN"),
        ("Telegram bot token",),
        (_digits(8, 10), ":AA", R(URLSAFE, 33)),
        fixed=False,
    ),
    Shape(
        "telegram_bot_token_bare",
        (_digits(8, 10), ":", "AA", R(URLSAFE, 33)),
        secret=(2, 4),
        glued=False,
        more=lambda rng: [
            f"{rng.randint(10000, 99999)}:AA{rand(rng, URLSAFE, 33)}",
            f"{rng.randint(10**8, 10**9)}:AA{rand(rng, URLSAFE, 32)} ",
            f"{rng.randint(10**8, 10**9)}:BB{rand(rng, URLSAFE, 33)}",
        ],
    ),
    # Payments
    Shape("stripe_live_secret_key", ("sk_live_", R(ALNUM, 24, 99))),
    Shape("stripe_test_secret_key", ("sk_test_", R(ALNUM, 24, 99))),
    Shape("stripe_live_restricted_key", ("rk_live_", R(ALNUM, 24, 99))),
    Shape("stripe_test_restricted_key", ("rk_test_", R(ALNUM, 24, 99))),
    Shape("stripe_webhook_secret", ("whsec_", R(ALNUM, 32, 64))),
    Shape("square_access_token", ("sq0atp-", R(URLSAFE, 22, 60))),
    Shape(
        "square_production_access_token",
        ("EAAA", R(URLSAFE, 56, 72)),
        more=lambda rng: [f"aws-cli@sha256:eaaa{rand(rng, HEX, 60)}"],
    ),
    Shape("square_oauth_secret", ("sq0csp-", R(URLSAFE, 43))),
    Shape(
        "braintree_access_token",
        ("access_token$", Choice(("production$", "sandbox$")), R(LD, 16), "$", R(HEX, 32)),
        more=lambda rng: [f'nonMatchingToken := "access_token$staging${rand(rng, LD, 16)}"'],
    ),
    Shape("paypal_access_token", ("A21AA", R(URLSAFE, 60, 200))),
    Keyed(
        "paypal_client_secret",
        "paypal",
        ("PAYPAL_CLIENT_SECRET", "paypal_secret", "paypalClientSecret"),
        ("PayPal client secret",),
        R(URLSAFE, 60, 90),
        fixed=False,
    ),
    Keyed(
        "braintree_private_key",
        "braintree",
        ("BRAINTREE_PRIVATE_KEY", "braintree_private_key", "braintreePrivateKey"),
        ("Braintree private key",),
        R(HEX, 32),
    ),
    Shape("shopify_access_token", ("shpat_", R(HEX, 32))),
    Shape("shopify_custom_app_access_token", ("shpca_", R(HEX, 32))),
    Shape("shopify_private_app_access_token", ("shppa_", R(HEX, 32))),
    Shape("shopify_shared_secret", ("shpss_", R(HEX, 32))),
    # Messaging and e-mail
    Shape("twilio_api_key", ("SK", R(HEX, 32))),
    Keyed(
        "twilio_auth_token",
        "twilio",
        ("TWILIO_AUTH_TOKEN", "twilio_auth_token", "twilioAuthToken"),
        ("Twilio auth token",),
        R(HEX, 32),
    ),
    Shape("sendgrid_api_key", ("SG.", R(URLSAFE, 22), ".", R(URLSAFE, 43))),
    Keyed(
        "mailgun_api_key",
        "mailgun",
        ("MAILGUN_API_KEY", "mailgun_api_key", "mailgunApiKey", "MAILGUN_WEBHOOK_SIGNING_KEY"),
        ("Mailgun API key",),
        F(
            lambda rng: (
                "key-" + rand(rng, HEX, 32)
                if rng.random() < 0.5
                else f"{rand(rng, HEX, 32)}-{rand(rng, HEX, 8)}-{rand(rng, HEX, 8)}"
            )
        ),
        more=lambda rng: [f"mailgun_public_key: pubkey-{rand(rng, HEX, 32)}"],
    ),
    Keyed(
        "mailchimp_api_key",
        "mailchimp",
        ("MAILCHIMP_API_KEY", "mailchimp_api_key", "mailchimpApiKey"),
        ("Mailchimp API key",),
        F(lambda rng: f"{rand(rng, HEX, 32)}-us{rng.randint(1, 21)}"),
        fixed=False,
    ),
    Keyed(
        "postmark_api_token",
        "postmark",
        ("POSTMARK_SERVER_TOKEN", "postmark_api_token", "X-Postmark-Server-Token"),
        ("Postmark server token",),
        F(uuid4),
    ),
    # Observability
    Keyed(
        "datadog_api_key",
        "datadog",
        (
            "DATADOG_API_KEY",
            "DD_API_KEY",
            "datadog_api_key",
            "datadogApiKey",
            "dd-api-key",
            "datadog.apiKey",
        ),
        ("Datadog API key", "datadog api key"),
        R(HEX, 32),
    ),
    Keyed(
        "datadog_app_key",
        "datadog",
        (
            "DATADOG_APP_KEY",
            "DD_APP_KEY",
            "DD_APPLICATION_KEY",
            "datadogAppKey",
            "dd-application-key",
        ),
        ("Datadog application key", "Datadog app key"),
        R(HEX, 40),
    ),
    Shape("new_relic_user_api_key", ("NRAK-", R(UD, 27))),
    Shape("new_relic_insert_key", ("NRII-", R(URLSAFE, 32))),
    Keyed(
        "new_relic_license_key",
        "newrelic",
        ("NEW_RELIC_LICENSE_KEY", "newrelic_license_key", "newRelicLicenseKey"),
        ("New Relic license key",),
        (R(HEX, 36), "NRAL"),
    ),
    Shape(
        "sentry_org_auth_token",
        ("sntrys_", "eyJpYXQiO", R(B64, 100, 160), "_", R(B64, 43)),
        exact=False,
    ),
    Shape("sentry_user_auth_token", ("sntryu_", R(HEX, 64))),
    Keyed(
        "sentry_auth_token",
        "sentry",
        ("SENTRY_AUTH_TOKEN", "sentry_auth_token", "sentryAuthToken"),
        ("Sentry auth token",),
        R(HEX, 64),
    ),
    Shape("grafana_cloud_token", ("glc_", _b64(90))),
    Shape("grafana_service_account_token", ("glsa_", R(ALNUM, 32), "_", R(HEX, 8))),
    Shape("grafana_api_key", ("eyJrIjoi", R(B64, 60, 120))),
    Keyed(
        "pagerduty_api_key",
        "pagerduty",
        ("PAGERDUTY_API_KEY", "pagerduty_token", "pagerDutyApiKey"),
        ("PagerDuty API key",),
        R(URLSAFE + "+", 20),
    ),
    # Work management
    Shape("settlemint_personal_access_token", ("sm_pat_", R(ALNUM, 16))),
    Shape("settlemint_application_access_token", ("sm_aat_", R(ALNUM, 16))),
    Shape("settlemint_service_access_token", ("sm_sat_", R(ALNUM, 16))),
    Shape("linear_api_key", ("lin_api_", R(ALNUM, 40))),
    Shape("linear_oauth_token", ("lin_oauth_", R(HEX, 64))),
    Shape("notion_integration_token", ("ntn_", R(DIGITS, 11), R(ALNUM, 35))),
    Shape("notion_legacy_integration_token", ("secret_", R(ALNUM, 43))),
    Shape(
        "asana_personal_access_token",
        (F(_asana_pat),),
        more=lambda rng: ["1/2", f"2/{rng.randint(10**15, 10**16)}", "see 1/3 of the budget"],
    ),
    # Cloud and hosting
    Shape("heroku_api_key", ("HRKU-AA", R(URLSAFE, 58))),
    Keyed(
        "heroku_legacy_api_key",
        "heroku",
        ("HEROKU_API_KEY", "heroku_api_key", "herokuApiKey"),
        ("Heroku API key",),
        F(uuid4),
    ),
    Shape("digitalocean_personal_access_token", ("dop_v1_", R(HEX, 64))),
    Shape("digitalocean_oauth_token", ("doo_v1_", R(HEX, 64))),
    Shape("digitalocean_refresh_token", ("dor_v1_", R(HEX, 64))),
    Keyed(
        "linode_api_token",
        "linode",
        ("LINODE_TOKEN", "linode_api_token", "linodeToken", "LINODE_CLI_TOKEN"),
        ("Linode API token",),
        R(HEX, 64),
    ),
    Keyed(
        "vultr_api_key",
        "vultr",
        ("VULTR_API_KEY", "vultr_api_key", "vultrApiKey"),
        ("Vultr API key",),
        R(UD, 36),
    ),
    Keyed(
        "cloudflare_api_token",
        "cloudflare",
        ("CLOUDFLARE_API_TOKEN", "cloudflare_api_token", "cloudflareApiToken", "CF_API_TOKEN"),
        ("Cloudflare API token",),
        R(URLSAFE, 40),
    ),
    Keyed(
        "cloudflare_global_api_key",
        "cloudflare",
        ("CLOUDFLARE_GLOBAL_API_KEY", "cloudflare_api_key", "CF_API_KEY", "X-Auth-Key"),
        ("Cloudflare global API key",),
        R(HEX, 37),
    ),
    Shape("cloudflare_origin_ca_key", ("v1.0-", R(HEX, 24), "-", R(HEX, 146))),
    Keyed(
        "fastly_api_token",
        "fastly",
        ("FASTLY_API_TOKEN", "fastly_api_key", "fastlyApiToken"),
        ("Fastly API token",),
        R(URLSAFE, 32),
    ),
    Shape("netlify_personal_access_token", ("nfp_", R(ALNUM, 36, 40))),
    Keyed(
        "netlify_access_token",
        "netlify",
        ("NETLIFY_AUTH_TOKEN", "netlify_token", "netlifyAccessToken"),
        ("Netlify access token",),
        R(URLSAFE, 40, 46),
        fixed=False,
    ),
    Shape("vercel_personal_access_token", ("vcp_", R(ALNUM, 24, 100))),
    Shape("vercel_integration_token", ("vci_", R(ALNUM, 24, 100))),
    Shape("vercel_app_access_token", ("vca_", R(ALNUM, 24, 100))),
    Shape("vercel_app_refresh_token", ("vcr_", R(ALNUM, 24, 100))),
    Shape("vercel_api_key", ("vck_", R(ALNUM, 24, 100))),
    Keyed(
        "vercel_legacy_token",
        "vercel",
        ("VERCEL_TOKEN", "vercel_token", "vercelToken"),
        ("Vercel token",),
        R(ALNUM, 24),
    ),
    Shape("doppler_personal_token", ("dp.pt.", R(ALNUM, 40, 44))),
    Shape(
        "doppler_service_token",
        ("dp.st.", Choice(("", "dev.", "prd.", "stg_eu.")), R(ALNUM, 40, 44)),
    ),
    Shape("doppler_service_account_token", ("dp.sa.", R(ALNUM, 40, 44))),
    Shape("doppler_cli_token", ("dp.ct.", R(ALNUM, 40, 44))),
    Shape("doppler_scim_token", ("dp.scim.", R(ALNUM, 40, 44))),
    Shape("doppler_audit_token", ("dp.audit.", R(ALNUM, 40, 44))),
    Shape(
        "vault_service_token",
        ("hvs.", R(URLSAFE, 90, 120)),
        more=_fixed("hvs." + "x" * 95),
    ),
    Shape("vault_batch_token", ("hvb.", R(URLSAFE, 138, 200))),
    Shape("vault_recovery_token", ("hvr.", R(URLSAFE, 20, 60))),
    Shape(
        "vault_legacy_service_token",
        ("s.", R(ALNUM, 24)),
        more=lambda rng: [
            "s.xxxxxxxxxxxxxxxxxxxxxxxx",
            "s.THISSTRINGISALLUPPERCASE",
            "s.thisstringisalllowercase",
            "s.AcceptanceTimeoutSeconds ",
            "s.makeKubeConfigController = args",
            "credentials: new AWS.SharedIniFileCredentials({ profile: '<YOUR_PROFILE>' })",
            "INFO 4 --- [main] o.s.b.f.s.DefaultListableBeanFactory : Overriding bean",
        ],
    ),
    Shape(
        "terraform_cloud_api_token",
        (R(ALNUM, 14), ".", "atlasv1.", R(URLSAFE + "=", 60, 70)),
        secret=(2, 4),
        glued=False,
        more=lambda rng: [f"{rand(rng, ALNUM, 13)}.atlasv1.{rand(rng, URLSAFE, 67)}"],
    ),
    Shape("pulumi_access_token", ("pul-", R(HEX, 40))),
    # Package registries
    Shape("npm_access_token", (_gh("npm_"),)),
    Shape(
        "npm_legacy_auth_token",
        ("//registry.npmjs.org/:_authToken=", F(uuid4)),
        secret=(1, 2),
        more=_fixed("//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
    ),
    Shape("pypi_upload_token", ("pypi-AgEIcHlwaS5vcmc", R(URLSAFE, 50, 300))),
    Shape("pypi_test_upload_token", ("pypi-AgENdGVzdC5weXBpLm9yZw", R(URLSAFE, 50, 300))),
    Shape("rubygems_api_key", ("rubygems_", R(HEX, 48))),
    Shape("nuget_api_key", ("oy2", R(LD, 43))),
    Shape("docker_hub_personal_access_token", ("dckr_pat_", R(URLSAFE, 27, 60))),
    Shape("docker_hub_org_access_token", ("dckr_oat_", R(URLSAFE, 27, 60))),
    Shape("jfrog_api_key", ("AKCp", R(ALNUM, 69))),
    Shape("jfrog_reference_token", ("cmVmdGtu", R(ALNUM, 56))),
    Keyed(
        "jfrog_identity_token",
        "jfrog",
        ("JFROG_ACCESS_TOKEN", "artifactory_identity_token", "jfrogToken"),
        ("JFrog identity token", "Artifactory access token"),
        R(ALNUM, 64),
    ),
    # AI providers
    Shape(
        "openai_project_key",
        ("sk-proj-", R(URLSAFE, 74), "T3BlbkFJ", R(URLSAFE, 74)),
        exact=False,
        more=lambda rng: ["sk-proj-" + rand(rng, URLSAFE, 39)],
    ),
    Shape(
        "openai_service_account_key",
        ("sk-svcacct-", R(URLSAFE, 74), "T3BlbkFJ", R(URLSAFE, 74)),
        exact=False,
        more=lambda rng: ["sk-svcacct-" + rand(rng, URLSAFE, 39)],
    ),
    Shape(
        "openai_admin_key",
        ("sk-admin-", R(URLSAFE, 58), "T3BlbkFJ", R(URLSAFE, 58)),
        exact=False,
        more=lambda rng: ["sk-admin-" + rand(rng, URLSAFE, 39)],
    ),
    Shape(
        "openai_legacy_key",
        ("sk-", R(ALNUM, 20), "T3BlbkFJ", R(ALNUM, 20)),
        more=lambda rng: ["sk-" + rand(rng, ALNUM, 48), f"task-{rand(rng, ALNUM, 48)}"],
    ),
    Shape(
        "anthropic_api_key",
        ("sk-ant-api03-", R(URLSAFE, 93), "AA"),
        more=lambda rng: ["sk-ant-api03-" + rand(rng, URLSAFE, 93) + "BB"],
    ),
    Shape(
        "anthropic_admin_key",
        ("sk-ant-admin01-", R(URLSAFE, 93), "AA"),
        more=lambda rng: ["sk-ant-api03-" + rand(rng, URLSAFE, 93) + "AA"],
    ),
    Shape(
        "anthropic_oauth_access_token",
        ("sk-ant-oat01-", R(URLSAFE, 40, 200)),
        more=_fixed('anthropic_token = "sk-ant-oat01-tooShort"'),
    ),
    Shape(
        "anthropic_oauth_refresh_token",
        ("sk-ant-ort01-", R(URLSAFE, 40, 200)),
        more=_fixed('anthropic_token = "sk-ant-ort01-tooShort"'),
    ),
    Shape("huggingface_access_token", ("hf_", R(LETTERS, 34))),
    Shape("huggingface_org_token", ("api_org_", R(LETTERS, 34))),
    Shape("replicate_api_token", ("r8_", R(ALNUM, 37))),
    Shape(
        "groq_api_key",
        ("gsk_", R(ALNUM, 48, 52)),
        more=_fixed("GSK_API_KEY=gsk_" + "x" * 48),
    ),
    Shape("perplexity_api_key", ("pplx-", R(ALNUM, 48))),
    Shape("xai_api_key", ("xai-", R(ALNUM, 80))),
    Shape("langsmith_api_key", (Choice(("lsv2_pt_", "lsv2_sk_")), R(HEX, 32), "_", R(HEX, 10))),
    Keyed(
        "cohere_api_key",
        "cohere",
        ("COHERE_API_KEY", "CO_API_KEY", "cohere_api_key", "cohereApiKey"),
        ("Cohere API key",),
        R(ALNUM, 40),
    ),
    Keyed(
        "mistral_api_key",
        "mistral",
        ("MISTRAL_API_KEY", "mistral_api_key", "mistralApiKey"),
        ("Mistral API key",),
        R(ALNUM, 32),
    ),
    # Identity
    Keyed(
        "okta_api_token",
        "okta",
        ("OKTA_API_TOKEN", "okta_token", "oktaApiToken", "OKTA_CLIENT_TOKEN"),
        ("Okta API token",),
        ("00", R(URLSAFE, 40)),
    ),
    Keyed(
        "auth0_client_secret",
        "auth0",
        ("AUTH0_CLIENT_SECRET", "auth0_client_secret", "auth0ClientSecret"),
        ("Auth0 client secret",),
        R(URLSAFE, 64),
    ),
    # Data platforms
    Shape("supabase_personal_access_token", ("sbp_", R(HEX, 40))),
    Shape("supabase_secret_key", ("sb_secret_", R(URLSAFE, 24, 64))),
    Shape("planetscale_api_token", ("pscale_tkn_", R(URLSAFE, 32, 64))),
    Shape("planetscale_oauth_token", ("pscale_oauth_", R(URLSAFE, 32, 64))),
    Shape("planetscale_password", ("pscale_pw_", R(URLSAFE, 32, 64))),
    Shape("databricks_api_token", ("dapi", R(HEX, 32), Choice(("", "-2")))),
    Block(
        "mongodb_connection_password",
        _mongodb,
        lambda rng: [
            "mongodb://user:password@db.example.org:27017/app",
            "mongodb+srv://admin:<password>@cluster0.ab1cd.mongodb.net/test",
            "mongodb+srv://app:${MONGO_PASSWORD}@cluster0.ab1cd.mongodb.net",
            "mongodb://localhost:27017/app",
            "mongodb://h1:27017,h2:27017/?replicaSet=rs0",
            "mongodb://app:****@db.example.org/app",
        ],
        False,
        False,
    ),
    Keyed(
        "mongodb_atlas_private_key",
        "atlas",
        ("MONGODB_ATLAS_PRIVATE_KEY", "atlas_private_key", "atlasPrivateApiKey"),
        ("Atlas private key", "MongoDB Atlas private API key"),
        F(uuid4),
    ),
    Keyed(
        "snowflake_password",
        "snowflake",
        ("SNOWFLAKE_PASSWORD", "snowflake_password", "snowflakePassword", "SNOWSQL_PWD"),
        ("Snowflake password",),
        F(lambda rng: _password(rng, rng.randint(12, 20))),
        fixed=False,
        skip=frozenset({"url"}),
        more=lambda rng: [
            "SNOWFLAKE_PASSWORD=${SNOWFLAKE_PASSWORD}",
            "snowflake_password: <redacted>",
            "snowflake password is hunter2",
        ],
    ),
    Keyed(
        "algolia_api_key",
        "algolia",
        ("ALGOLIA_API_KEY", "algolia_admin_key", "algoliaApiKey"),
        ("Algolia admin API key",),
        R(HEX, 32),
    ),
    # Content and social platforms
    Shape("contentful_personal_access_token", ("CFPAT-", R(URLSAFE, 43))),
    Keyed(
        "contentful_delivery_token",
        "contentful",
        ("CONTENTFUL_DELIVERY_TOKEN", "contentful_access_token", "contentfulAccessToken"),
        ("Contentful delivery token",),
        R(URLSAFE, 43),
    ),
    Keyed(
        "twitch_oauth_token",
        "twitch",
        ("TWITCH_OAUTH_TOKEN", "twitch_token", "twitchAccessToken"),
        ("Twitch OAuth token",),
        (Choice(("", "oauth:")), R(LD, 30)),
    ),
    Keyed(
        "twitter_bearer_token",
        "twitter",
        ("TWITTER_BEARER_TOKEN", "twitter_bearer", "X_BEARER_TOKEN", "Bearer"),
        ("Twitter bearer token",),
        ("A" * 22, R(ALNUM + "%", 90, 110)),
        fixed=False,
    ),
    Keyed(
        "twitter_access_token",
        "twitter",
        ("TWITTER_ACCESS_TOKEN", "twitter_access_token", "twitterAccessToken"),
        ("Twitter access token",),
        (_digits(18, 19), "-", R(ALNUM, 40)),
        fixed=False,
    ),
    Keyed(
        "twitter_api_secret",
        "twitter",
        ("TWITTER_API_SECRET", "twitter_consumer_secret", "twitterApiSecret"),
        ("Twitter API secret",),
        R(ALNUM, 50),
    ),
    Shape("facebook_access_token", ("EAA", Choice(("B", "C", "G", "J", "M")), R(ALNUM, 96, 200))),
    Keyed(
        "facebook_app_secret",
        "facebook",
        ("FACEBOOK_APP_SECRET", "facebook_secret", "facebookAppSecret"),
        ("Facebook app secret",),
        R(HEX, 32),
    ),
    Keyed(
        "facebook_app_access_token",
        "facebook",
        ("FACEBOOK_ACCESS_TOKEN", "facebook_app_token"),
        ("Facebook app access token",),
        (_digits(15, 16), "|", R(URLSAFE, 27, 40)),
        fixed=False,
    ),
    Keyed(
        "linkedin_client_secret",
        "linkedin",
        ("LINKEDIN_CLIENT_SECRET", "linkedin_secret", "linkedInClientSecret"),
        ("LinkedIn client secret",),
        R(ALNUM, 16),
    ),
    Shape("dropbox_short_lived_token", ("sl.", Choice(("", "u.")), R(URLSAFE, 130, 300))),
    Keyed(
        "dropbox_long_lived_token",
        "dropbox",
        ("DROPBOX_ACCESS_TOKEN", "dropbox_token", "dropboxAccessToken"),
        ("Dropbox access token",),
        (R(ALNUM, 11), "AAAAAAAAAA", R(URLSAFE, 43)),
    ),
    Keyed(
        "box_developer_token",
        "box_developer",
        ("BOX_DEVELOPER_TOKEN", "box_client_secret", "BOX_ACCESS_TOKEN", "box-api-key"),
        ("Box developer token",),
        R(ALNUM, 32),
        more=lambda rng: [f"SANDBOX_ACCESS_TOKEN={rand(rng, ALNUM, 32)}"],
    ),
    # More providers with their own prefixes
    Shape(
        "onepassword_secret_key",
        (F(_onepassword_secret_key),),
        more=lambda rng: [
            "A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX",
            "A3-xXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX",
        ],
    ),
    Shape(
        "onepassword_service_account_token",
        ("ops_eyJ", R(B64, 250, 400)),
        more=lambda rng: [f"fn::secret: ops_eyJ{rand(rng, B64, 10)}..[Redacted]"],
    ),
    Shape("alibaba_access_key_id", ("LTAI", R(ALNUM, 20))),
    Shape("adobe_client_secret", ("p8e-", R(ALNUM, 32))),
    Shape("clojars_api_token", ("CLOJARS_", R(LD, 60))),
    Shape("dynatrace_api_token", ("dt0c01.", R(UD, 24), ".", R(UD, 64))),
    Shape("easypost_api_key", ("EZAK", R(ALNUM, 54))),
    Shape("easypost_test_api_key", ("EZTK", R(ALNUM, 54))),
    Shape("postman_api_key", ("PMAK-", R(HEX, 24), "-", R(HEX, 34))),
    Shape("prefect_api_key", ("pnu_", R(ALNUM, 36))),
    Shape("readme_api_key", ("rdme_", R(LD, 70))),
    Shape("brevo_api_key", ("xkeysib-", R(HEX, 64), "-", R(ALNUM, 16))),
    Shape("shippo_api_token", (Choice(("shippo_live_", "shippo_test_")), R(HEX, 40))),
    Shape("typeform_api_token", ("tfp_", R(URLSAFE, 59))),
    Shape("flutterwave_secret_key", (Choice(("FLWSECK_TEST-", "FLWSECK-")), R(HEX, 32), "-X")),
    Shape("tencent_secret_id", ("AKID", R(ALNUM, 32))),
    Shape("mailgun_private_key", ("key-", R(HEX, 32))),
    Shape(
        "launchdarkly_key",
        (
            Choice(("api-", "sdk-")),
            R(HEX, 8),
            "-",
            R(HEX, 4),
            "-",
            R(HEX, 4),
            "-",
            R(HEX, 4),
            "-",
            R(HEX, 12),
        ),
    ),
    Shape("intra42_client_secret", (Choice(("s-s4t2ud-", "s-s4t2af-")), R(HEX, 64))),
    Shape("duffel_api_token", (Choice(("duffel_test_", "duffel_live_")), R(URLSAFE, 43))),
    Shape("frameio_api_token", ("fio-u-", R(URLSAFE, 64))),
    Shape("infracost_api_token", ("ico-", R(ALNUM, 32))),
    Shape("scalingo_api_token", ("tk-us-", R(URLSAFE, 48))),
    Shape(
        "sourcegraph_access_token",
        ("sgp_", Choice(("", "local_", "0123456789abcdef_")), R(HEX, 40)),
    ),
    Shape("sonarqube_token", (Choice(("squ_", "sqp_", "sqa_")), R(HEX, 40))),
    Shape("airtable_personal_access_token", ("pat", R(ALNUM, 14), ".", R(HEX, 64))),
    Shape("figma_access_token", ("figd_", R(URLSAFE, 40))),
    Shape("buildkite_api_token", ("bkua_", R(HEX, 40))),
    Shape(
        "tailscale_key",
        (
            Choice(("tskey-auth-", "tskey-api-", "tskey-client-")),
            R(ALNUM, 8, 20),
            "-",
            R(ALNUM, 24, 48),
        ),
    ),
    Shape("hubspot_private_app_token", (Choice(("pat-na1-", "pat-eu1-")), F(uuid4))),
    Shape("mapbox_secret_token", ("sk.eyJ", R(URLSAFE, 20, 120), ".", R(URLSAFE, 20, 40))),
    Shape("openshift_user_token", ("sha256~", R(URLSAFE, 43))),
    Shape("flyio_access_token", ("fo1_", R(URLSAFE, 43))),
    Shape(
        "plaid_access_token",
        ("access-", Choice(("sandbox-", "development-", "production-")), F(uuid4)),
    ),
    Shape("yandex_api_key", ("AQVN", R(URLSAFE, 35, 38))),
    Shape("octopus_deploy_api_key", ("API-", R(UD, 26))),
    Shape(
        "cloudinary_url",
        ("cloudinary://", R(DIGITS, 10, 20), ":", R(URLSAFE, 20, 40), "@", R(LD, 8)),
        secret=(3, 4),
        glued=False,
        exact=False,
        more=lambda rng: [
            f"cloudinary://{rand(rng, DIGITS, 15)}:{rand(rng, URLSAFE, 19)}@demo",
            f"cloudinary://{rand(rng, DIGITS, 15)}:<api_secret>@demo",
        ],
    ),
    Keyed(
        "snyk_api_token",
        "snyk",
        ("SNYK_TOKEN", "snyk_api_token", "snykToken"),
        ("Snyk API token",),
        F(uuid4),
    ),
    Keyed(
        "splunk_hec_token",
        "splunk",
        ("SPLUNK_HEC_TOKEN", "splunk_token", "HEC_TOKEN"),
        ("Splunk HEC token",),
        F(uuid4),
    ),
    Keyed(
        "jenkins_api_token",
        "jenkins",
        ("JENKINS_API_TOKEN", "jenkins_token", "jenkinsApiToken"),
        ("Jenkins API token",),
        ("11", R(HEX, 32)),
    ),
    # Keys, JWTs
    Shape(
        "age_secret_key",
        (F(lambda rng: bech32("age-secret-key-", rng.randbytes(32)).upper()),),
        more=lambda rng: ["AGE-SECRET-KEY-1" + "Q" * 58, "AGE-SECRET-KEY-1" + "B" * 58],
    ),
    Shape(
        "json_web_token",
        (F(_jwt),),
        more=lambda rng: [
            "eyJhbGciOiJIUzI1NiJ9",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0",
            "eyJxxxxxxxxxxxx.eyJxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxx",
        ],
    ),
    Shape(
        "json_web_token_case_changed",
        (F(lambda rng: rng.choice([str.lower, str.upper])(_jwt(rng))),),
        more=lambda rng: [
            _jwt(rng),  # a token as issued is the format above
            "eyjhbgcioijiuzi1nij9",
            "eyjhbgcioijiuzi1nij9.eyjzdwiioij4in0",
            "EYJXXXXXXXXXXXX.EYJXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXX",
        ],
    ),
    Shape("json_web_encryption", (F(_jwe),)),
    Shape(
        "kubernetes_service_account_token",
        (F(_k8s_token),),
        more=lambda rng: [_jwt(rng)],
    ),
    Block("rsa_private_key", _pem("RSA PRIVATE KEY"), _pem_negatives("RSA PRIVATE KEY")),
    Block(
        "ec_private_key", _pem("EC PRIVATE KEY", size=(100, 200)), _pem_negatives("EC PRIVATE KEY")
    ),
    Block("dsa_private_key", _pem("DSA PRIVATE KEY"), _pem_negatives("DSA PRIVATE KEY")),
    Block("pkcs8_private_key", _pem("PRIVATE KEY"), _pem_negatives("PRIVATE KEY")),
    Block(
        "pkcs8_encrypted_private_key",
        _pem("ENCRYPTED PRIVATE KEY"),
        _pem_negatives("ENCRYPTED PRIVATE KEY"),
    ),
    Block(
        "openssh_private_key", _pem("OPENSSH PRIVATE KEY"), _pem_negatives("OPENSSH PRIVATE KEY")
    ),
    Block(
        "pgp_private_key_block",
        _pem("PGP PRIVATE KEY BLOCK"),
        _pem_negatives("PGP PRIVATE KEY BLOCK"),
    ),
    Block(
        "ssh2_encrypted_private_key",
        _ssh2,
        lambda rng: [
            "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\n<key>\n---- END SSH2 ENCRYPTED PRIVATE"
            " KEY ----",
            "---- BEGIN SSH2 PUBLIC KEY ----\n" + _lines(b64_random(rng, 300), 70),
        ],
    ),
    Block(
        "putty_private_key",
        _putty,
        lambda rng: [
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n" + "X" * 44
        ],
        escaped=False,
        indented=False,
    ),
)

SPECS_BY_KIND: dict[str, Spec] = {spec.kind: spec for spec in SPECS}


def generate(kind: str, rng: random.Random) -> Sample:
    return SPECS_BY_KIND[kind].sample(rng)


def negatives(kind: str, rng: random.Random) -> list[str]:
    return SPECS_BY_KIND[kind].negatives(rng)


# --- contexts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Embedded:
    context: str
    text: str
    start: int  # the span of the secret in `text`
    end: int


def _around(context: str, before: str, token: str, after: str, sample: Sample) -> Embedded:
    start = len(before) + sample.start
    end = len(before) + (len(token) if sample.end is None else sample.end)
    return Embedded(context, before + token + after, start, end)


_WRAPPERS = (
    "({})",
    "[{}]",
    "<{}>",
    "'{}'",
    '"{}"',
    "`{}`",
    "{}.",
    "{},",
    "{};",
    "{}!",
    "{}?",
    "{}:",
    "{{{}}}",
    "*{}*",
)


def embeddings(sample: Sample, rng: random.Random) -> Iterator[Embedded]:
    """`sample` in each context it turns up in, with the span its secret must be found at."""
    if sample.keyed:
        yield from _keyed_embeddings(sample, rng)
    elif sample.block:
        yield from _block_embeddings(sample, rng)
    else:
        token = sample.token
        yield _around("prose", "the new one is ", token, " - please rotate the old one", sample)
        yield _around("json", '{"token": "', token, '", "owner": "ops"}', sample)
        yield _around("yaml", "auth:\n  token: ", token, "\n  ttl: 3600\n", sample)
        yield _around("env", "export SERVICE_TOKEN=", token, "\n", sample)
        yield _around(
            "url", "https://api.example.org/v2/items?access_token=", token, "&page=2", sample
        )
        yield _around(
            "log", "2025-02-11T08:14:03.120Z INFO authorized with ", token, " (status=200)", sample
        )
        left, right = rng.choice(_WRAPPERS).split("{}")
        yield _around("punctuation", f"see {left}", token, f"{right} now", sample)
        yield _around("start", "", token, "", sample)


def _keyed_embeddings(sample: Sample, rng: random.Random) -> Iterator[Embedded]:
    value = sample.token
    name = rng.choice(sample.names)
    phrase = rng.choice(sample.phrases)
    kebab = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name).replace("_", "-").lower()
    forms = {
        "env": (f"{name}=", "\n"),
        "export": (f"export {name}='", "'"),
        "json": (f'{{"{name}": "', '", "site": "eu"}'),
        "yaml": (f"config:\n  {name}: ", "\n  region: eu-west-1\n"),
        "url": (f"https://hooks.example.net/notify?{name}=", "&retry=2"),
        "log": (f"2025-02-11T08:14:03Z WARN loaded {name}=", " from env"),
        "prose": (f"fyi the {phrase} is ", ", please keep it safe"),
        "prose_colon": (f"{phrase}: ", " (rotated today)"),
        "punctuation": (f"({name}: '", "')"),
        "cli": (f"deploy.sh --{kebab} ", " --dry-run"),
        "kubernetes": (f"env:\n  - name: {name}\n    value: ", "\n"),
    }
    for context, (before, after) in forms.items():
        if context not in sample.skip:
            yield Embedded(context, before + value + after, len(before), len(before) + len(value))


def _block_embeddings(sample: Sample, rng: random.Random) -> Iterator[Embedded]:
    spec = SPECS_BY_KIND[sample.kind]
    token = sample.token
    yield _around("prose", "here is the key, use it for the deploy:\n", token, "\nthanks!", sample)
    yield _around("fence", "```\n", token, "\n```", sample)
    yield _around("start", "", token, "", sample)
    whole = sample.start == 0 and sample.end in (None, len(token))
    if whole and isinstance(spec, Block) and spec.escaped:
        escaped = json.dumps(token)[1:-1]
        before = '{"key": "'
        yield Embedded("json", before + escaped + '"}', len(before), len(before) + len(escaped))
    if whole and isinstance(spec, Block) and spec.indented:
        indented = textwrap.indent(token, "  ").lstrip(" ")
        before = "tls:\n  key: |\n  "
        yield Embedded(
            "yaml", before + indented + "\n  cert: x\n", len(before), len(before) + len(indented)
        )


# --- the benign corpus -----------------------------------------------------------------------


def benign_corpus(rng: random.Random, count: int = 40) -> list[str]:
    """Strings that are everywhere in ops chat and are not secrets, `count` of each shape."""
    out: list[str] = []
    words = ["payments", "api", "worker", "ingest", "billing", "search", "auth", "gateway"]
    for _ in range(count):
        sha = rand(rng, HEX, 40)
        digest = rand(rng, HEX, 64)
        pod = f"{rng.choice(words)}-{rand(rng, LD, 10)}-{rand(rng, LD, 5)}"
        text_b64 = base64.b64encode(
            rng.choice(
                [
                    b"the deploy of payments-api finished without errors",
                    b"Hello, world! This is just ordinary text for a test.",
                    b'{"status": "ok", "replicas": 3, "namespace": "payments"}',
                ]
            )
        ).decode()
        ed25519 = base64.b64encode(b"\0\0\0\x0bssh-ed25519\0\0\0 " + rng.randbytes(32)).decode()
        rsa = base64.b64encode(
            b"\0\0\0\x07ssh-rsa\0\0\0\x03\x01\0\x01\0\0\x01\x01" + rng.randbytes(256)
        ).decode()
        out += [
            f"deployed {sha[:7]} ({sha}) to staging",
            f"git revert {sha}",
            f"image: registry.example.com/{rng.choice(words)}@sha256:{digest}",
            f"docker pull ghcr.io/acme/{rng.choice(words)}:"
            f"v{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 30)}",
            f"request id {uuid4(rng)} failed",
            f"subscription {uuid4(rng)} in tenant {uuid4(rng)}",
            f"pod/{pod} is CrashLoopBackOff",
            f"kubectl -n {rng.choice(words)} logs deploy/{rng.choice(words)}-{rand(rng, LD, 10)}",
            f"ED25519 key fingerprint is SHA256:{b64_random(rng, 32).rstrip('=')}.",
            f"ssh-ed25519 {ed25519} ops@bastion",
            f"ssh-rsa {rsa} deploy@ci",
            f"echo {text_b64} | base64 -d",
            f"see https://grafana.example.com/d/{rand(rng, ALNUM, 9)}/latency?orgId=1&from=now-6h",
            f"https://github.com/acme/{rng.choice(words)}/pull/{rng.randint(1, 9999)}",
            f"upgrade to v{rng.randint(0, 3)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}-rc.1",
            f"at 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:"
            f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z",
            f"{rng.choice(words)}-{rng.choice(['deployment', 'configmap', 'secret'])}-"
            f"{rand(rng, LD, 5)} in namespace {rng.choice(words)}-prod",
            f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:role/{rng.choice(words)}-deployer",
            f"AROA{rand(rng, UD, 17)} is the role id, AIDA{rand(rng, UD, 17)} the user id",
            f"i-0{rand(rng, HEX, 16)} in subnet-{rand(rng, HEX, 17)}",
            f"see datadog trace_id={rand(rng, HEX, 32)} span_id={rand(rng, HEX, 16)}",
            f"sentry event {rand(rng, HEX, 32)} in {rng.choice(words)}",
            f"Slack channel C0{rand(rng, UD, 9)} and user U0{rand(rng, UD, 9)}",
            f"the {rng.choice(words)} secret lives in vault at secret/data/{rng.choice(words)}",
            f"-----BEGIN CERTIFICATE-----\n{_lines(b64_random(rng, 600), 64)}\n"
            "-----END CERTIFICATE-----",
            f"-----BEGIN PUBLIC KEY-----\n{_lines(b64_random(rng, 294), 64)}\n"
            "-----END PUBLIC KEY-----",
            f"OPS-{rng.randint(100, 9999)}: rotate the {rng.choice(words)} credentials",
            f"md5 {rand(rng, HEX, 32)}  {rng.choice(words)}.tar.gz",
            f'etag W/"{rand(rng, HEX, 32)}"',
            f"token is stored in the {rng.choice(words)}-token secret, ask #ops",
        ]
    return out
