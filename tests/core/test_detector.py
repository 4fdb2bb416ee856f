"""The detector: its two tiers, and the fast path finding exactly what the plain path finds."""

from __future__ import annotations

import random
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warden.core import masking
from warden.core.detector import Finding, Tier, merge
from warden.core.detector.fast import fast_findings, plain_prefix_positions
from warden.core.detector.formats import FORMATS
from warden.core.detector.policy import (
    _KEY_WORDS,
    PREFIXES,
    plain_findings,
    rules,
    shaped,
    value_ok,
)
from warden.core.reading import read

ANCHORS = sorted({a for f in FORMATS for a in f.anchors} | set(_KEY_WORDS) | set(PREFIXES))
TOKEN = string.ascii_letters + string.digits + "+/=_-."
SEPARATORS = [" ", "\n", ": ", "=", '"', "'", " is ", "://", "@", ",", "\t", "-----"]

pieces = st.one_of(
    st.sampled_from(ANCHORS),
    st.sampled_from([a.upper() for a in ANCHORS]),
    st.text(alphabet=TOKEN, min_size=1, max_size=60),
    st.sampled_from(SEPARATORS),
    st.text(max_size=12),
)
texts = st.lists(pieces, max_size=14).map("".join)


def _key(found: list[Finding]) -> list[tuple[str, int, int, int]]:
    return sorted((f.kind, f.tier, f.start, f.end) for f in found)


@settings(max_examples=600, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(texts)
def test_the_fast_path_finds_exactly_what_the_plain_path_finds(text: str) -> None:
    fast = fast_findings(text)
    assert _key(fast.findings) == _key(plain_findings(text))
    assert fast.prefixes == plain_prefix_positions(text)


def test_every_rule_is_tried_somewhere() -> None:
    # The property above means something only if texts reach the rules: each anchor, followed
    # by a plausible value, makes some rule match on both paths alike.
    rng = random.Random(7)
    matched = 0
    for anchor in ANCHORS:
        value = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(40))
        text = f"x {anchor}{value} {anchor}: {value}"
        found = plain_findings(text)
        assert _key(fast_findings(text).findings) == _key(found)
        matched += bool(found)
    assert matched > 100
    assert len(rules()) > 240


def test_every_rule_compiles_once_with_its_flags_and_anchors() -> None:
    # Rules compile on first use (a text needs only those whose anchors it has): a broken
    # expression must still fail here, not in the first message that happens to reach it.
    for rule in rules():
        pattern = rule.pattern
        assert pattern is rule.pattern  # compiled once
        assert pattern.flags & re.ASCII, rule.kind
        assert rule.anchors, rule.kind


def test_tiers_certain_formats_and_structure_shaped_tokens() -> None:
    rng = random.Random(3)
    token = "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    assert read(f"ci uses {token}").carries_secret
    assert read("DB_PASSWORD=Tr0ub4dor&3x").carries_secret
    assert read("the admin password is Tr0ub4dor&3x").carries_secret
    assert read("postgres://app:S3cr3tValue@db:5432/x").carries_secret
    # secret-shaped only: masked, not a reason to escalate
    shaped_only = read("ref Xk9mP2qLw8Zr for the ticket")
    assert shaped_only.findings
    assert not shaped_only.carries_secret
    # a provider prefix with a cut tail is a certain fragment; with two characters, a shape
    assert read("first part: sk_live_Ab12Cd34").carries_secret
    half = read("sk_live_Ab")
    assert half.findings
    assert not half.carries_secret


def test_words_about_secrets_are_not_secrets() -> None:
    for text in (
        "Who owns database credentials?",
        "The password is stored in Vault, ask secrets-engine.",
        "API keys: secrets-engine",
        "Passwords are rotated every 90 days",
        "secretName: db-creds",
        "password: ${DB_PASSWORD}",
        "token: <your-token-here>",
        "max_tokens=4096",
        "Mein Schlüssel-Fingerprint ist SHA256:qtOy0j81MeohurB5bCHATNCjbJSvi09c",
    ):
        assert not read(text).carries_secret, text


def test_value_rules() -> None:
    assert value_ok("Xk9#mP2q", strong=True, tail="")
    assert not value_ok("stored", strong=False, tail="")
    assert not value_ok("[secret-1]", strong=False, tail="")
    assert value_ok("admin", strong=False, tail=".")  # a word ending the clause is a value
    assert not value_ok("minimum", strong=False, tail=" 8 characters")
    assert shaped("Xk9mP2qLw8")
    assert not shaped("registry-example")


def test_merge_keeps_the_highest_tier_and_the_providers_kind() -> None:
    found = [
        Finding("secret_shaped", Tier.SHAPED, 0, 10),
        Finding("secret_value_in_context", Tier.CERTAIN, 2, 12),
        Finding("github_classic_pat", Tier.CERTAIN, 2, 12),
        Finding("secret_shaped", Tier.SHAPED, 20, 30),
    ]
    assert merge(found) == [
        Finding("github_classic_pat", Tier.CERTAIN, 0, 12),
        Finding("secret_shaped", Tier.SHAPED, 20, 30),
    ]


# -- precision and recall on the edges found by the corpora ----------------------------------------

BASE64 = string.ascii_letters + string.digits + "+/"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=BASE64, min_size=43, max_size=43))
def test_an_ssh_fingerprint_is_never_a_secret_whatever_its_characters(digest: str) -> None:
    """Public fingerprints are said to be one; a key word inside the random part ("Pwd", in
    the reversed view) followed by the ':' of "SHA256:" is no assignment either."""
    message = f"Who issues SSH certificates?\nMy key fingerprint is SHA256:{digest}"
    assert not read(message).carries_secret


def test_a_key_word_inside_a_random_token_makes_no_assignment() -> None:
    assert not read("UrwPwdDEwv2WO7UdeI4VY3ueBGNvUklh:652AHS").carries_secret
    assert read("myServicePrincipalClientSecret: Xk9#mP2qZ7").carries_secret


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Пока можешь входить с паролем nectar-canyon-j.", "uniper-quince-76"),
        ("for now log in with the password Xk9mP2", "q7Lw3"),
        ("the token is ghp_16C7e42F292c6912E7710c8", "38a05d3fC7e9a"),
    ],
)
def test_a_value_cut_across_the_subject_and_the_body_is_read_whole(subject: str, body: str) -> None:
    assert read(f"{subject}\n{body}").carries_secret


def test_a_sentence_after_a_word_is_not_joined_to_it() -> None:
    assert not read("Who owns the OIDC roles for staging?\nThanks, the platform team").findings


@pytest.mark.parametrize(
    "text",
    [
        "мой пароль от БД: DgrmERoE – передай нужной команде",
        "minha senha: ZorquaMel — encaminhe para o time certo",
        "参考までに、パスワードは OyKCDap です",
    ],
)
def test_a_word_value_whose_clause_ends_in_a_dash_or_a_copula_is_a_value(text: str) -> None:
    assert read(text).carries_secret


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("bench-outage-llm-10 routes requests and never handles credential values.", False),
        ("indexer42 went down twice today; the login page is fine.", False),
        ("falcon-tiger-lake-47 is my password", True),
        ("the admin password for the Grafana board is now falcon-tiger-lake-47", True),
        ("mit falcontiger47 anmelden", True),
    ],
)
def test_a_name_shaped_value_counts_after_the_word_or_right_before_it(
    text: str, secret: bool
) -> None:
    assert read(text).carries_secret is secret


def test_a_passphrase_after_password_is_a_value_though_shaped_like_a_name() -> None:
    assert read("minha senha do banco: basil-walnut-la – encaminhe").carries_secret
    assert read("my password: basil-walnut-lantern").carries_secret
    assert not read("API keys: secrets-engine").carries_secret  # the owner of the keys


def test_a_provider_prefix_inside_a_run_of_base64_is_chance() -> None:
    key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIoy2gIeZ3LenhCNRSCAc2ZMgQt6JA+ra/HmvVEraf+sv"
    assert not read(f"Who issues SSH certificates? My public key is {key}").carries_secret
    assert read("found oy2gIeZ3LenhCNRSCAc in the log").carries_secret  # at a token's start


@pytest.mark.parametrize(
    "text",
    [
        "Für Datenbank-Zugangsdaten ist secrets-engine zuständig.",
        "Database-credentials are handled by secrets-engine.",
    ],
)
def test_a_noun_phrase_before_an_owners_name_is_no_value(text: str) -> None:
    assert not read(text).findings


def test_a_value_next_to_a_tools_name_with_a_secret_word_still_counts() -> None:
    assert read("the password-manager entry is Xk9#mP2qZ7").carries_secret


@pytest.mark.parametrize(
    "text",
    [
        "Per ora puoi accedere con Q4ubemsg5y*PW.",  # 'PW' inside the value is chance
        "とりあえず A_c0pW#cIfBve でログインできます。",
        "la mia password del db: %m9dK0VG93y% – inoltrala al team giusto",  # not %VAR%
        "password: $Xk9mP2qa",
    ],
)
def test_values_that_merely_contain_a_key_word_or_look_like_a_variable(text: str) -> None:
    assert read(text).carries_secret


@pytest.mark.parametrize(
    "text", ["password: %APPDATA%", "password=$DB_PASSWORD", "password: %db_password%"]
)
def test_template_variables_are_not_values(text: str) -> None:
    assert not read(text).carries_secret


@pytest.mark.parametrize(
    "text",
    [
        "数据库凭据归哪个团队管？见提交 cc1ceec0-c158-b026-9ce8-e8715c7d7a90",
        "OIDC ロールの担当は誰ですか？うちの pod billing-api-hh5tnrk4kx-2h4pp が 403 になります",
    ],
)
def test_reversing_or_rot13_of_an_id_reveals_no_words(text: str) -> None:
    reading = read(text)
    assert not reading.judgement.any
    assert not reading.carries_secret


def test_reversed_text_still_reveals_a_stated_password() -> None:
    assert read("81elpam-arorua-arorua是码密").carries_secret


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("你暂时可以用 dm-EuG 登录。", "7WUlGY"),  # the second half alone in the body
        ("minha senha do banco: basil-walnut-la – encaminhe", "ntern-dahlia-94"),
    ],
)
def test_the_half_of_a_value_alone_in_the_body_is_a_value(subject: str, body: str) -> None:
    assert read(f"{subject}\n{body}").carries_secret


@pytest.mark.parametrize(
    "text",
    [
        "password reset is broken\nINC-20931",  # a word at a line's end and an issue key
        "my password expired\nJIRA-1234",
        "Who owns the database password?\nThanks!",
    ],
)
def test_a_reference_on_its_own_line_is_not_half_a_value(text: str) -> None:
    assert not read(text).carries_secret


def test_letters_of_random_case_near_a_credential_word_are_a_value() -> None:
    text = "Nuestro job de despliegue usa JzYKAunWrnwD para SettleMint, ¿quién debería rotarla?"
    assert read(f"SettleMint: sm_pat_zM0B\n{text}").carries_secret
    assert not read("who rotates the API key used by PostgreSQLConnector?").carries_secret


@pytest.mark.parametrize(
    "text",
    [
        "Du kannst dich vorerst mit Αрkmуn*Υ7сѕ%М+ВВQ! anmelden.",  # one Cyrillic Em inside
        "Por ahora puedes entrar con 49456469734739675131572135.",  # hex of the password
        "SettleMint: sm_pat_MXAk\nNuestro job de despliegue usa GJP0QU2LAW16 para SettleMint,"
        " ¿quién debería rotarla?",
    ],
)
def test_look_alikes_inside_a_token_hex_digits_and_interleaved_capitals(text: str) -> None:
    assert read(text).carries_secret


def test_a_commit_next_to_a_credential_word_is_not_a_value() -> None:
    text = "Who owns the database credentials used by the CI run for commit f9d28f80379e?"
    assert not read(text).carries_secret


# Prefixes a token's characters follow directly (not PEM armour, not "scheme://").
LONG_PREFIXES = sorted(p for p in PREFIXES if len(p) >= 6 and (p[-1].isalnum() or p[-1] in "_-"))


@pytest.mark.parametrize("prefix", LONG_PREFIXES)
def test_four_characters_of_any_kind_after_a_long_prefix_are_a_cut_token(prefix: str) -> None:
    """A token cut short after a provider's long prefix, the rest sent apart (the subject
    "SettleMint: sm_pat_prdh", the body the other half): certain, whatever the four are."""
    text = f"the token: {prefix}prdh"
    reading = read(text)
    assert reading.carries_secret, prefix


@pytest.mark.parametrize("prefix", sorted(p for p in PREFIXES if len(p) < 6 and p[-1] in "_-"))
def test_after_a_short_prefix_four_letters_are_not_yet_certain(prefix: str) -> None:
    # "sk-" or "ghp_" plus a word is too often a word: it is masked, not forced.
    reading = read(f"see {prefix}docs")
    assert not reading.carries_secret, prefix


CLIENT_FLAGS = [
    "ldapsearch -x -D cn=admin,dc=corp -w {v} -b dc=corp",
    "ldapmodify -H ldaps://ldap.internal -D cn=ops -w{v} -f change.ldif",
    "sqlcmd -S db.internal -U sa -P {v} -Q 'select 1'",
    "bcp dbo.t out t.dat -S db -U loader -P {v}",
    "smbclient //files/share -U reporting%{v}",
    "rpcclient -U admin%{v} 10.0.0.5",
    "client-key-data: {v}",
    "Cookie: theme=dark; session={v}; lang=en",
    "cookie: connect.sid={v}",
]


@pytest.mark.parametrize("template", CLIENT_FLAGS)
def test_passwords_given_to_clients_and_session_cookies_are_certain(template: str) -> None:
    rng = random.Random(template)
    for _ in range(5):
        value = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24))
        text = template.format(v=value)
        found = [f for f in read(text).findings if f.tier == Tier.CERTAIN]
        assert any(f.start <= text.index(value) < f.end for f in found), text


@pytest.mark.parametrize(
    "text",
    [
        "ldapsearch -x -W -b dc=corp",  # -W prompts for the password
        "sqlcmd -S db -E -Q 'select 1'",  # Windows authentication
        "Cookie: theme=dark; lang=en",
        "client-key-data: <redacted>",
        "smbclient -L //files -N",
    ],
)
def test_the_same_clients_without_a_password_hold_none(text: str) -> None:
    assert not [f for f in read(text).findings if f.tier == Tier.CERTAIN], text


@pytest.mark.parametrize(
    "text",
    [
        "2024-11-04T10:26:00Z INFO user=alice action=login ip=10.0.177.169 session_id=redacted",
        "invalid token signature (kid=2024-04), who owns the signer?",
        "password = os.environ['DB_PASSWORD']",
        "kubectl create secret generic db --from-file=password=./password.txt",
        "token: ghp_****vjzm (masked in the log)",
        "GITHUB_TOKEN=ghp_" + "x" * 36,
        "From the AWS docs: AKIAIOSFODNN7EXAMPLE - is this the format we need?",
        "login failed at c.e.auth.TokenVerifier.verify(TokenVerifier.java:88)",
        "token check: javax.net.ssl.SSLHandshakeException at Alerts.java:192",
        "# .env.example\nDB_HOST=localhost\nDB_USER=app\nDB_PASSWORD=<set-from-vault>",
    ],
)
def test_references_placeholders_masks_and_log_fields_are_no_certain_secret(text: str) -> None:
    """Found by a held-out set of pasted configs and logs: none of these holds a secret."""
    assert not read(text).carries_secret, text


def test_a_secret_under_a_setting_name_that_sounds_harmless_is_still_masked() -> None:
    value = "".join(random.choices(string.ascii_letters + string.digits, k=18))
    for key in ("PASSWORD_DB", "AUTH_USER", "SECRET_KEY_NAME"):
        assert value not in masking.mask(f"{key}={value}"), key
