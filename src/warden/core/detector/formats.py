"""Provider secret formats: the token shapes of the *certain secret* tier.

Each `TokenFormat` is one kind of credential a provider issues, as a Python `re` pattern
written here from public facts: the rules and true/false-positive examples of gitleaks
(`config/gitleaks.toml` and its rule generators, MIT), the plugins of detect-secrets
(Apache-2.0), and the providers' own documentation of their token prefixes, lengths and
alphabets. No pattern is copied from those projects; they are the sources of the facts.

The table is written for an anchored fast path, and every entry keeps these rules (the tests
in tests/core/test_formats.py check each one for every entry):

* **Anchors.** Every match of `pattern` begins, at `match.start()`, with one of `anchors`.
  A detector can therefore find the anchors first (one pass over the text for all literals)
  and try `re.Pattern.match(text, pos)` only where one occurs. Patterns may open with a
  lookbehind for a boundary, which consumes nothing. When `folded` is true the anchors are
  lowercase and are to be compared with the text's ASCII-lowercased form: the keyword part
  of such a pattern is matched with `(?ai:...)`, so no non-ASCII character (the Kelvin sign,
  the long s) can stand in for an anchor letter.
* **Linear time.** Every quantifier is bounded and no repetition is nested in another that
  could split the same characters two ways, so a pattern stays linear on hostile input.
* **Boundaries.** A prefixed token must not start inside a longer word nor run on into more
  token characters: `(?<![A-Za-z0-9_])` before it, a negative lookahead for its alphabet
  after it.
* **Precision first.** A format only matches what really is that provider's secret. Random
  bodies carry two cheap guards against placeholders: no character repeated six times in a
  row (`glpat-XXXXXXXXXXXXXXXXXXXX`), and where the body is long enough that real tokens
  practically always have one, a digit and a letter (or an upper- and a lowercase letter).
  Generic high-entropy strings, generic `KEY=...` assignments and prose passwords belong to
  other layers of the detector, not to this table.
* **Keyed rules** (`folded=True`) are for providers whose secrets have no prefix of their
  own: a provider keyword, an identifier or a few words that end in a credential word
  (`_API_KEY`, ` client secret`), an assignment or separator, then the value in the named
  group `secret`. A keyword followed by anything else (`datadog_trace_id: <hex>`) is not a
  key.

A few kinds report only the secret part of a longer string, because the part before it is
not a literal and cannot be an anchor: `telegram_bot_token_bare` (the bot id before the colon
is public), `azure_ad_client_secret_bare` (starts at `Q~`, four characters into the secret)
and `terraform_cloud_api_token` (starts at `atlasv1.`, after the token id).
"""

from __future__ import annotations

import base64
import itertools
import re
import string
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TokenFormat:
    kind: str  # unique snake_case slug, provider first: "github_fine_grained_pat"
    pattern: str  # the whole match is the secret, or the named group `secret` marks it
    anchors: tuple[str, ...]  # every match of `pattern` begins with one of these
    folded: bool = False  # anchors are compared with the text's ASCII-lowercased form
    prefix: str | None = None  # the literal the provider puts at the start of the token


# --- alphabets -------------------------------------------------------------------------------

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
LETTERS = UPPER + LOWER
ALNUM = DIGITS + LETTERS
UPPER_ALNUM = DIGITS + UPPER
LOWER_ALNUM = DIGITS + LOWER
HEX = DIGITS + "abcdef"
HEX_ANYCASE = HEX + "ABCDEF"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"
B64_PADDED = B64 + "="
BASE32 = UPPER + "234567"
BECH32_UPPER = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def _esc(char: str) -> str:
    return "\\" + char if char in "\\]^-[" else char


def _cls(chars: str) -> str:
    """A character class for exactly `chars`, with runs of three or more as ranges."""
    codes = sorted({ord(char) for char in chars})
    out: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        if j - i >= 2:
            out.append(f"{_esc(chr(codes[i]))}-{_esc(chr(codes[j]))}")
        else:
            out.extend(_esc(chr(code)) for code in codes[i : j + 1])
        i = j + 1
    return "[" + "".join(out) + "]"


_NEEDS = {"d": DIGITS, "l": LETTERS, "u": UPPER, "w": LOWER}
_RUN_GROUPS = itertools.count(1)


def _rand(alphabet: str, low: int, high: int | None = None, *, need: str = "") -> str:
    """`low` (to `high`) random characters of `alphabet`, with the placeholder guards: no
    character six times in a row (eight in a part of 32 or more: a random hex part that long
    holds a run of six about once in 20,000 tokens), and one character of each class in
    `need` (d: digit, l: letter, u: uppercase, w: lowercase)."""
    top = low if high is None else high
    cls = _cls(alphabet)
    guards = []
    for flag in need:
        wanted = [char for char in alphabet if char in _NEEDS[flag]]
        others = [char for char in alphabet if char not in _NEEDS[flag]]
        scan = f"{_cls(''.join(others))}{{0,{top - 1}}}" if others else ""
        guards.append(f"(?={scan}{_cls(''.join(wanted))})")
    if top >= 12:
        name = f"run{next(_RUN_GROUPS)}"
        run = 6 if top < 32 else 8
        guards.append(f"(?!{cls}{{0,{top - run}}}?(?P<{name}>{cls})(?P={name}){{{run - 1}}})")
    size = f"{{{low}}}" if high is None else f"{{{low},{high}}}"
    return "".join(guards) + cls + size


def _end(alphabet: str) -> str:
    """The token may not run on into more characters of its alphabet (or of a word)."""
    return f"(?!{_cls(ALNUM + '_' + alphabet)})"


_START = r"(?<![A-Za-z0-9_])"
_START_B64 = r"(?<![A-Za-z0-9_+/])"


def _prefixed(
    kind: str,
    prefix: str,
    body: str,
    alphabet: str,
    *,
    start: str = _START,
    head: str | None = None,
    word: bool = False,
) -> TokenFormat:
    """A token that begins with the literal `prefix` (matched as `head` when given). With
    `word`, the prefix is an ordinary word fragment (`pat`, `API-`, `s.`) that is an anchor
    but not reported as `prefix`: "this prefix plus a few characters" would fire on prose."""
    pattern = start + (head if head is not None else re.escape(prefix)) + body + _end(alphabet)
    return TokenFormat(kind, pattern, (prefix,), prefix=None if word else prefix)


def _multi(
    kind: str, prefixes: tuple[str, ...], body: str, alphabet: str, *, start: str = _START
) -> TokenFormat:
    """A token that begins with one of several literals."""
    heads = "|".join(re.escape(prefix) for prefix in sorted(prefixes, key=len, reverse=True))
    return TokenFormat(kind, f"{start}(?:{heads}){body}{_end(alphabet)}", prefixes)


# --- keyed rules -----------------------------------------------------------------------------

# Words that end an identifier or phrase naming a credential.
_CRED = (
    "access_token|accesstoken|apikey|api_key|auth|bearer|credentials|credential|key|keys|"
    "passwd|password|pass|pat|pwd|secret|secrets|signature|sig|token|tokens"
)
_QUOTE = "[\"'\\x60]"
_SEP_STRICT = (
    rf"(?:{_QUOTE}?[ \t]{{0,3}}(?::=|=>|->|=|:)[ \t]{{0,3}}"
    rf"|[ \t]{{1,3}}(?ai:is|was|are)[ \t]{{1,3}}"
    # a Kubernetes env list: `- name: DD_API_KEY` / `  value: ...`
    rf"|{_QUOTE}?[ \t]{{0,3}}\r?\n[ \t]{{0,12}}(?:-[ \t]{{1,3}})?"
    rf"(?ai:value)[ \t]{{0,3}}:[ \t]{{0,3}})"
)
_SEP_ANY = rf"(?:{_SEP_STRICT}|{_QUOTE}?[ \t]{{1,3}})"
# Words that may stand between a provider's name and the credential word in prose.
_QUALIFIERS = (
    "access|account|admin|api|app|application|bot|client|cloud|consumer|delivery|deploy|"
    "developer|global|hec|identity|ingest|insert|integration|license|live|management|master|"
    "oauth|org|"
    "organization|personal|preview|private|prod|production|rest|root|server|service|session|"
    "signing|test|user|webhook"
)
# An identifier tail (`_API_KEY`, `ApiKey`, `.api.key`) or up to three words (` api key`),
# ending in a credential word.
_TAIL = (
    rf"(?:[A-Za-z0-9_.-]{{0,24}}?|(?:[ \t]{{1,2}}(?ai:{_CRED}|{_QUALIFIERS})){{0,2}}"
    rf"[ \t]{{1,2}})(?ai:{_CRED})"
)
# The keyword starts a word, or a camelCase hump (`myDatadogKey`).
_KEY_START = r"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _keyed(kind: str, keywords: tuple[str, ...], value: str, alphabet: str) -> TokenFormat:
    """`keyword`, a tail that names a credential, a separator, then `value` as `secret`.
    A keyword that itself names a credential (`dd_api_key`, `client_secret`) needs no tail,
    and a bare space may separate it from the value (`--dd-api-key VALUE`)."""
    spellings = {word for word in keywords} | {word.replace("_", "-") for word in keywords}
    keywords = tuple(sorted(spellings | {word.replace("-", "_") for word in keywords}))
    named = [word for word in keywords if re.search(rf"(?i)(?:{_CRED})$", word)]
    plain = [word for word in keywords if word not in named]
    heads = []
    if plain:
        heads.append(f"(?ai:{_alternation(plain)})(?:'s)?(?:{_TAIL}{_SEP_ANY}|{_SEP_STRICT})")
    if named:
        heads.append(f"(?ai:{_alternation(named)})(?:{_TAIL})?{_SEP_ANY}")
    pattern = f"{_KEY_START}(?:{'|'.join(heads)}){_QUOTE}?(?P<secret>{value}){_end(alphabet)}"
    anchors = tuple(sorted({word.lower() for word in keywords}))
    return TokenFormat(kind, pattern, anchors, folded=True)


# --- blocks ----------------------------------------------------------------------------------

# Any character but the start of a five-dash line: a key block's body cannot run across the
# next BEGIN or END line, so scanning from each header stays linear.
_NO_DASH5 = r"(?:[^-]|-(?!----))"


def _b64_run() -> str:
    """A run of 40 base64 characters that starts a run and has an upper- and a lowercase
    letter and a digit: what any real key body has within its first lines, and what a
    template (`<paste your key here>`, `XXXX…`) lacks."""
    return rf"(?:(?<![A-Za-z0-9+/])|(?<=\\[nr])){_rand(B64, 40, need='uwd')}"


def _pem(kind: str, label: str) -> TokenFormat:
    """A PEM block: header, a body that holds a run of base64 soon after the header (so a
    template with prose in it is not a key), then the footer. A pasted key whose footer was
    cut off still matches, up to the end of its base64."""
    begin = f"-----BEGIN {label}-----"
    end = f"-----END {label}-----"
    pattern = (
        rf"(?<!-){re.escape(begin)}(?={_NO_DASH5}{{0,400}}?{_b64_run()})"
        rf"(?:{_NO_DASH5}{{40,16000}}?{re.escape(end)}|(?:[A-Za-z0-9+/=\s]|\\[nr]){{40,16000}})"
    )
    return TokenFormat(kind, pattern, (begin,), prefix=begin)


def _b64_fragments(text: bytes) -> tuple[str, ...]:
    """The base64url characters that encode `text` alone, at each of its three alignments."""
    fragments = []
    for shift in range(3):
        encoded = base64.urlsafe_b64encode(b"\0" * shift + text).decode().rstrip("=")
        first = -(-8 * shift // 6)
        last = 8 * (shift + len(text)) // 6
        fragments.append(encoded[first:last])
    return tuple(fragments)


_JWT_START = r"(?<![A-Za-z0-9_.-])"
_SEG = "[A-Za-z0-9_-]"


def _seg(low: int, high: int, need: str = "") -> str:
    return _rand(URLSAFE, low, high, need=need)


_K8S_MARKERS = "|".join(_b64_fragments(b'"kubernetes.io'))


# --- the table -------------------------------------------------------------------------------

_AWS_ID = "(?![A-Z0-9]{9}EXAMPLE)" + _rand(UPPER_ALNUM, 16)

FORMATS: tuple[TokenFormat, ...] = (
    # AWS: access key ids are a four-letter prefix and 16 base32 characters (IAM's "unique ID
    # prefixes"; gitleaks aws-access-token, detect-secrets AWSKeyDetector). AWS's documented
    # example ids end in EXAMPLE. Secret keys are 40 base64 characters with no prefix, so keyed.
    _prefixed("aws_access_key_id", "AKIA", _AWS_ID, UPPER_ALNUM),
    _prefixed("aws_temporary_access_key_id", "ASIA", _AWS_ID, UPPER_ALNUM),
    _prefixed("aws_sts_bearer_key_id", "ABIA", _AWS_ID, UPPER_ALNUM),
    _prefixed("aws_context_credential_key_id", "ACCA", _AWS_ID, UPPER_ALNUM),
    _prefixed("aws_legacy_access_key_id", "A3T", "[A-Z0-9]" + _AWS_ID, UPPER_ALNUM, head="A3T"),
    _keyed(
        "aws_secret_access_key",
        ("aws", "secretaccesskey", "secret_access_key"),
        _rand("+/" + ALNUM, 40, need="uwd"),
        B64_PADDED,
    ),
    _keyed(
        "aws_session_token",
        ("aws", "sessiontoken", "session_token", "x-amz-security-token"),
        _rand(B64_PADDED, 100, 2000, need="uwd"),
        B64_PADDED,
    ),
    # STS session tokens are base64 of a serialized structure that starts the same way; its
    # padding comes last (an "=" inside let the random part run over a whole text of
    # "IQoJ...=IQoJ...=" from every start: 8x the time for 4x the text).
    _multi(
        "aws_sts_session_token_bare",
        ("IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdzE", "FQoGZXIvYXdzE"),
        _rand(B64, 80, 2000) + "={0,2}",
        B64_PADDED,
        start=_START_B64,
    ),
    # Amazon Bedrock long-lived API keys (detect-secrets AmazonBedrockApiKeyDetector, AWS docs).
    _prefixed(
        "aws_bedrock_api_key",
        "ABSK",
        _rand(B64, 109, 269) + "={0,2}",
        B64_PADDED,
        start=_START_B64,
    ),
    _prefixed("aws_mws_auth_token", "amzn.mws.", UUID.replace("a-fA-F", "a-f"), HEX),
    # Google: API keys (`AIza` + 35), OAuth client secrets (`GOCSPX-` + 28), OAuth access
    # (`ya29.`) and refresh (`1//0`) tokens, FCM legacy server keys, service-account JSON.
    _prefixed("gcp_api_key", "AIza", _rand(URLSAFE, 35), URLSAFE),
    _prefixed("google_oauth_client_secret", "GOCSPX-", _rand(URLSAFE, 28), URLSAFE),
    _prefixed("google_oauth_access_token", "ya29.", _rand(URLSAFE, 30, 2048, need="dl"), URLSAFE),
    _prefixed(
        "google_oauth_refresh_token",
        "1//0",
        _rand(URLSAFE, 40, 512, need="dl"),
        URLSAFE,
        start=r"(?<![A-Za-z0-9_/:.-])",
    ),
    _prefixed(
        "firebase_cloud_messaging_server_key",
        "AAAA",
        _rand(URLSAFE, 7) + ":APA91b" + _rand(URLSAFE, 134),
        URLSAFE,
        start=_START_B64,
        word=True,
    ),
    TokenFormat(
        "gcp_service_account_private_key",
        r'"private_key"[ \t]{0,3}:[ \t]{0,3}"(?P<secret>-----BEGIN PRIVATE KEY-----'
        + rf"(?=(?:\\n){{0,2}}{_b64_run()})"
        + r"(?:\\n|[A-Za-z0-9+/=]){64,8000}-----END PRIVATE KEY-----(?:\\n)?)\"",
        ('"private_key"',),
    ),
    # Azure: storage and Cosmos account keys (88 base64, in `AccountKey=`), Service Bus /
    # Event Hubs / IoT `SharedAccessKey=` (44), SAS URL signatures (HMAC-SHA256, 44 base64,
    # URL-encoded), Entra ID client secrets (`xxxNQ~` + 31-34; gitleaks azure-ad-client-secret),
    # Azure DevOps PATs (52 base32, or 84 alphanumerics in the newer format).
    TokenFormat(
        "azure_storage_account_key",
        rf"(?<![A-Za-z0-9])(?ai:accountkey)[ \t]{{0,2}}=[ \t]{{0,2}}"
        rf"(?P<secret>{_rand(B64, 86, need='uwd')}==){_end(B64_PADDED)}",
        ("accountkey",),
        folded=True,
    ),
    TokenFormat(
        "azure_shared_access_key",
        rf"(?<![A-Za-z0-9])(?ai:sharedaccesskey)[ \t]{{0,2}}=[ \t]{{0,2}}"
        rf"(?P<secret>{_rand(B64, 43, need='uwd')}=){_end(B64_PADDED)}",
        ("sharedaccesskey",),
        folded=True,
    ),
    TokenFormat(
        "azure_sas_signature",
        r"(?<=[?&])sig=(?P<secret>"
        r"(?=(?:[A-Za-z+/]|%2[BFbf]){0,42}[0-9])"
        r"(?=(?:[a-z0-9+/]|%2[BFbf]){0,42}[A-Z])"
        r"(?=(?:[A-Z0-9+/]|%2[BFbf]){0,42}[a-z])"
        r"(?:[A-Za-z0-9+/]|%2[BFbf]){43}(?:%3[Dd]|=))(?![A-Za-z0-9%+/=])",
        ("sig=",),
    ),
    _keyed(
        "azure_ad_client_secret",
        ("azure", "entra", "client_secret", "clientsecret", "client-secret", "client secret"),
        r"[A-Za-z0-9_~.]{3}[0-9]Q~"
        + _rand(URLSAFE + "~.", 30, 33, need="dl")
        + r"[A-Za-z0-9_~-](?!\.[A-Za-z0-9_~-])",
        URLSAFE + "~",
    ),
    TokenFormat(
        "azure_ad_client_secret_bare",
        r"(?<=(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}[0-9])Q~"
        + _rand(URLSAFE + "~.", 30, 33, need="dl")
        + r"[A-Za-z0-9_~-](?![A-Za-z0-9_~-])(?!\.[A-Za-z0-9_~-])",
        ("Q~",),
    ),
    _keyed(
        "azure_devops_pat",
        ("azure_devops", "azure-devops", "azuredevops", "azure devops", "azdo", "vsts"),
        f"(?:{_rand(LOWER + '234567', 52, need='dl')}|{_rand(ALNUM, 84, need='dl')})",
        ALNUM,
    ),
    # GitHub: `gh?_` + 36 base62 (30 random + a 6-character CRC32 checksum), fine-grained
    # `github_pat_` + 22 + `_` + 59 (GitHub's "token formats" post; gitleaks github-*).
    _prefixed("github_classic_pat", "ghp_", _rand(ALNUM, 36, need="dl"), ALNUM),
    _prefixed("github_oauth_token", "gho_", _rand(ALNUM, 36, need="dl"), ALNUM),
    _prefixed("github_user_to_server_token", "ghu_", _rand(ALNUM, 36, 255, need="dl"), ALNUM),
    _prefixed("github_server_to_server_token", "ghs_", _rand(ALNUM, 36, 255, need="dl"), ALNUM),
    _prefixed("github_refresh_token", "ghr_", _rand(ALNUM, 36, 255, need="dl"), ALNUM),
    _prefixed(
        "github_fine_grained_pat",
        "github_pat_",
        _rand(ALNUM, 22, need="dl") + "_" + _rand(ALNUM, 59, need="dl"),
        ALNUM,
    ),
    # GitLab: the `gl…-` prefixes of GitLab's token overview (gitleaks gitlab-*,
    # detect-secrets GitLabTokenDetector). Routable tokens end in `.` + 9 base36.
    _prefixed("gitlab_personal_access_token", "glpat-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    _prefixed(
        "gitlab_routable_personal_access_token",
        "glpat-",
        _rand(URLSAFE, 27, 300, need="dl") + r"\.[0-9a-z]{9}",
        URLSAFE,
    ),
    _prefixed("gitlab_deploy_token", "gldt-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    _prefixed("gitlab_feed_token", "glft-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    _prefixed("gitlab_incoming_mail_token", "glimt-", _rand(URLSAFE, 25, need="l"), URLSAFE),
    _prefixed("gitlab_agent_token", "glagent-", _rand(URLSAFE, 50, 1024, need="dl"), URLSAFE),
    _prefixed("gitlab_oauth_app_secret", "gloas-", _rand(URLSAFE, 64, need="dl"), URLSAFE),
    _prefixed(
        "gitlab_ci_job_token", "glcbt-", "[0-9a-zA-Z]{1,5}_" + _rand(URLSAFE, 20, need="l"), URLSAFE
    ),
    _prefixed("gitlab_pipeline_trigger_token", "glptt-", _rand(HEX, 40, need="dl"), HEX),
    _prefixed("gitlab_runner_auth_token", "glrt-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    _prefixed(
        "gitlab_routable_runner_auth_token",
        "glrt-t",
        "[0-9]_" + _rand(URLSAFE, 27, 300, need="dl") + r"\.[0-9a-z]{9}",
        URLSAFE,
    ),
    _prefixed(
        "gitlab_runner_registration_token", "GR1348941", _rand(URLSAFE, 20, need="l"), URLSAFE
    ),
    _prefixed("gitlab_scim_token", "glsoat-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    _prefixed("gitlab_feature_flag_client_token", "glffct-", _rand(URLSAFE, 20, need="l"), URLSAFE),
    TokenFormat(
        "gitlab_session_cookie",
        r"_gitlab_session=(?P<secret>" + _rand(LOWER_ALNUM, 32, need="dl") + ")" + _end(""),
        ("_gitlab_session=",),
        prefix="_gitlab_session=",
    ),
    # Atlassian / Bitbucket: API tokens `ATATT3`, Bitbucket access tokens `ATCTT3`, app
    # passwords `ATBB` (Atlassian's answer on Bitbucket token prefixes); legacy Jira tokens
    # and Bitbucket OAuth secrets have no prefix (gitleaks atlassian-api-token, bitbucket-*).
    _prefixed("atlassian_api_token", "ATATT3", _rand(URLSAFE + "=", 180, 200, need="dl"), URLSAFE),
    _prefixed(
        "bitbucket_access_token", "ATCTT3", _rand(URLSAFE + "=", 180, 200, need="dl"), URLSAFE
    ),
    _prefixed("bitbucket_app_password", "ATBB", _rand(ALNUM, 28, 40, need="dl"), ALNUM),
    _keyed(
        "bitbucket_client_secret",
        ("bitbucket",),
        _rand(URLSAFE, 64, need="dl"),
        URLSAFE,
    ),
    _keyed(
        "jira_api_token",
        ("jira", "confluence", "atlassian"),
        _rand(ALNUM, 24, need="dl"),
        ALNUM,
    ),
    # Slack: Slack's token types (bot `xoxb-`, user `xoxp-`, workspace `xoxa-`/`xoxr-`,
    # legacy `xoxs-`/`xoxo-`, app-level `xapp-`, configuration `xoxe.xoxp-`/`xoxe-`) and
    # incoming/workflow webhooks (gitleaks slack-*, detect-secrets SlackDetector).
    _prefixed(
        "slack_bot_token",
        "xoxb-",
        "[0-9]{8,14}-[0-9]{8,14}-" + _rand(ALNUM, 20, 40, need="dl"),
        ALNUM + "-",
    ),
    _prefixed(
        "slack_legacy_bot_token", "xoxb-", "[0-9]{8,14}-" + _rand(ALNUM, 18, 26, need="dl"), ALNUM
    ),
    _multi(
        "slack_user_token",
        ("xoxp-", "xoxe-"),
        "[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-" + _rand(ALNUM, 28, 34, need="dl"),
        ALNUM + "-",
    ),
    _prefixed(
        "slack_workspace_access_token",
        "xoxa-",
        "(?:[0-9]-)?(?:[0-9]{6,14}-){0,3}" + _rand(ALNUM, 8, 48, need="dl"),
        ALNUM + "-",
    ),
    _prefixed(
        "slack_workspace_refresh_token",
        "xoxr-",
        "(?:[0-9]-)?(?:[0-9]{6,14}-){0,3}" + _rand(ALNUM, 8, 48, need="dl"),
        ALNUM + "-",
    ),
    _multi(
        "slack_legacy_token",
        ("xoxs-", "xoxo-"),
        "[0-9]{1,14}-[0-9]{1,14}-[0-9]{1,14}-" + _rand(HEX_ANYCASE, 6, 64, need="dl"),
        ALNUM + "-",
    ),
    _prefixed(
        "slack_app_token",
        "xapp-",
        "[0-9]-[A-Z0-9]{8,14}-[0-9]{8,15}-" + _rand(ALNUM, 32, 80, need="dl"),
        ALNUM + "-",
    ),
    _multi(
        "slack_config_access_token",
        ("xoxe.xoxp-", "xoxe.xoxb-"),
        "[0-9]-" + _rand(ALNUM, 150, 180, need="dl"),
        ALNUM + "-",
    ),
    _prefixed(
        "slack_config_refresh_token", "xoxe-", "[0-9]-" + _rand(ALNUM, 130, 160, need="dl"), ALNUM
    ),
    _prefixed(
        "slack_webhook_url",
        "hooks.slack.com/services/",
        "T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/" + _rand(ALNUM, 20, 32, need="dl"),
        ALNUM + "/",
        start=r"(?<![A-Za-z0-9_-])",
    ),
    _multi(
        "slack_workflow_webhook_url",
        ("hooks.slack.com/workflows/", "hooks.slack.com/triggers/"),
        "T[A-Z0-9]{6,12}(?:/[A-Za-z0-9]{6,24}){1,2}/" + _rand(ALNUM, 24, 40, need="dl"),
        ALNUM + "/",
        start=r"(?<![A-Za-z0-9_-])",
    ),
    # Discord: bot tokens are base64(user id) . 6 . 27-38 (detect-secrets DiscordBotToken);
    # the id is ASCII digits, so its base64 starts [MNO][DTjz][AEIMQUYcgk] (the anchors).
    TokenFormat(
        "discord_bot_token",
        r"(?<![A-Za-z0-9_.-])[MNO][DTjz][AEIMQUYcgk][w-z0-5][A-Za-z0-9_-]{19,22}"
        r"\.[A-Za-z0-9_-]{6}\." + _rand(URLSAFE, 27, 40, need="dl") + r"(?![A-Za-z0-9_-])",
        tuple(a + b + c for a in "MNO" for b in "DTjz" for c in "AEIMQUYcgk"),
    ),
    _multi(
        "discord_webhook_url",
        ("discord.com/api/webhooks/", "discordapp.com/api/webhooks/"),
        "[0-9]{17,20}/" + _rand(URLSAFE, 60, 72, need="dl"),
        URLSAFE,
        start=r"(?<![A-Za-z0-9_-])",
    ),
    _keyed("discord_client_secret", ("discord",), _rand(URLSAFE, 32, need="dl"), URLSAFE),
    # Telegram: `<bot id>:AA` + 33 (detect-secrets TelegramBotToken, gitleaks telegram-*).
    _keyed(
        "telegram_bot_token",
        ("telegram", "tg_bot", "tgbot"),
        "[0-9]{5,16}:A" + _rand(URLSAFE, 34),
        URLSAFE,
    ),
    TokenFormat(
        "telegram_bot_token_bare",
        r"(?<=[0-9]{6}):(?P<secret>AA" + _rand(URLSAFE, 33) + r")(?![A-Za-z0-9_-])",
        (":AA",),
    ),
    # Stripe: secret `sk_`, restricted `rk_` keys in live and test mode, webhook secrets.
    _prefixed("stripe_live_secret_key", "sk_live_", _rand(ALNUM, 24, 247, need="dl"), ALNUM),
    _prefixed("stripe_test_secret_key", "sk_test_", _rand(ALNUM, 24, 247, need="dl"), ALNUM),
    _prefixed("stripe_live_restricted_key", "rk_live_", _rand(ALNUM, 24, 247, need="dl"), ALNUM),
    _prefixed("stripe_test_restricted_key", "rk_test_", _rand(ALNUM, 24, 247, need="dl"), ALNUM),
    _prefixed("stripe_webhook_secret", "whsec_", _rand(ALNUM, 32, 64, need="dl"), ALNUM),
    # Square (gitleaks square-*, detect-secrets SquareOAuthDetector).
    _prefixed("square_access_token", "sq0atp-", _rand(URLSAFE, 22, 60), URLSAFE),
    _prefixed("square_production_access_token", "EAAA", _rand(URLSAFE, 56, 72, need="dl"), URLSAFE),
    _prefixed("square_oauth_secret", "sq0csp-", _rand(URLSAFE, 43), URLSAFE),
    # PayPal / Braintree: Braintree access tokens `access_token$production$<merchant>$<hex>`,
    # PayPal OAuth access tokens `A21AA…`; client secrets and private keys are keyed.
    _prefixed(
        "braintree_access_token",
        "access_token$",
        r"(?:production|sandbox)\$" + _rand(LOWER_ALNUM, 16) + r"(?:\$[0-9a-f]{32})?",
        LOWER_ALNUM + "$",
        head=r"access_token\$",
    ),
    _prefixed("paypal_access_token", "A21AA", _rand(URLSAFE, 60, 200, need="dl"), URLSAFE),
    _keyed("paypal_client_secret", ("paypal",), _rand(URLSAFE, 60, 90, need="dl"), URLSAFE),
    _keyed("braintree_private_key", ("braintree",), _rand(HEX, 32, need="dl"), HEX),
    # Shopify: `shpat_` / `shpca_` / `shppa_` / `shpss_` + 32 hex.
    _prefixed("shopify_access_token", "shpat_", _rand(HEX_ANYCASE, 32, need="dl"), HEX_ANYCASE),
    _prefixed(
        "shopify_custom_app_access_token", "shpca_", _rand(HEX_ANYCASE, 32, need="dl"), HEX_ANYCASE
    ),
    _prefixed(
        "shopify_private_app_access_token",
        "shppa_",
        _rand(HEX_ANYCASE, 32, need="dl"),
        HEX_ANYCASE,
    ),
    _prefixed("shopify_shared_secret", "shpss_", _rand(HEX_ANYCASE, 32, need="dl"), HEX_ANYCASE),
    # Twilio: API key SIDs `SK` + 32 hex (gitleaks, detect-secrets), auth tokens keyed.
    _prefixed("twilio_api_key", "SK", _rand(HEX_ANYCASE, 32, need="dl"), HEX_ANYCASE, word=True),
    _keyed("twilio_auth_token", ("twilio",), _rand(HEX, 32, need="dl"), HEX),
    # SendGrid `SG.` 22 `.` 43; Mailgun, Mailchimp, Postmark keys are keyed.
    _prefixed(
        "sendgrid_api_key",
        "SG.",
        _rand(URLSAFE, 22) + r"\." + _rand(URLSAFE, 43, need="dl"),
        URLSAFE,
    ),
    _keyed(
        "mailgun_api_key",
        ("mailgun",),
        f"(?:key-{_rand(HEX, 32, need='dl')}"
        f"|{_rand(HEX, 32, need='dl')}-[0-9a-f]{{8}}-[0-9a-f]{{8}})",
        HEX + "-",
    ),
    _keyed("mailchimp_api_key", ("mailchimp",), _rand(HEX, 32, need="dl") + "-us[0-9]{1,2}", HEX),
    _keyed("postmark_api_token", ("postmark",), UUID, HEX_ANYCASE + "-"),
    # Datadog: API keys are 32 hex, application keys 40 hex; both keyed.
    _keyed(
        "datadog_api_key",
        ("datadog", "dd_api_key", "dd-api-key"),
        _rand(HEX_ANYCASE, 32, need="dl"),
        HEX_ANYCASE,
    ),
    _keyed(
        "datadog_app_key",
        ("datadog", "dd_app_key", "dd-app-key", "dd_application_key", "dd-application-key"),
        _rand(HEX_ANYCASE, 40, need="dl"),
        HEX_ANYCASE,
    ),
    # New Relic: user keys `NRAK-`, insert keys `NRII-`, license keys end in `NRAL` (keyed).
    _prefixed("new_relic_user_api_key", "NRAK-", _rand(UPPER_ALNUM, 27, need="dl"), UPPER_ALNUM),
    _prefixed("new_relic_insert_key", "NRII-", _rand(URLSAFE, 32, need="dl"), URLSAFE),
    _keyed(
        "new_relic_license_key",
        ("newrelic", "new_relic", "new-relic", "new relic"),
        _rand(HEX, 36, need="dl") + "NRAL",
        HEX,
    ),
    # Sentry: org auth tokens `sntrys_`, user tokens `sntryu_`; old tokens 64 hex, keyed.
    _prefixed("sentry_org_auth_token", "sntrys_", _rand(B64_PADDED + "_", 60, 400, need="dl"), B64),
    _prefixed("sentry_user_auth_token", "sntryu_", _rand(HEX, 64, need="dl"), HEX),
    _keyed("sentry_auth_token", ("sentry",), _rand(HEX, 64, need="dl"), HEX),
    # Grafana: Cloud tokens `glc_` (base64), service-account tokens `glsa_` 32 `_` 8 hex,
    # legacy API keys are base64 of `{"k":"` (`eyJrIjoi`).
    _prefixed("grafana_cloud_token", "glc_", _rand(B64, 32, 400, need="dl") + "={0,3}", B64_PADDED),
    _prefixed(
        "grafana_service_account_token",
        "glsa_",
        _rand(ALNUM, 32, need="dl") + "_[0-9a-fA-F]{8}",
        ALNUM,
    ),
    _prefixed("grafana_api_key", "eyJrIjoi", _rand(B64, 60, 400, need="dl") + "={0,3}", B64_PADDED),
    # PagerDuty REST API keys: 20 characters, keyed.
    _keyed(
        "pagerduty_api_key",
        ("pagerduty", "pager_duty", "pager-duty"),
        _rand(URLSAFE + "+", 20, need="dl"),
        URLSAFE + "+",
    ),
    # Linear `lin_api_` / `lin_oauth_`, Notion `ntn_` / legacy `secret_`, Asana PATs
    # `1/<user>:<32 hex>` or `2/<user>/<app>:<32 hex>`.
    # SettleMint (gitleaks settlemint-*-access-token): `sm_pat_`, `sm_aat_`, `sm_sat_` + 16.
    _prefixed("settlemint_personal_access_token", "sm_pat_", _rand(ALNUM, 16, need="dl"), ALNUM),
    _prefixed("settlemint_application_access_token", "sm_aat_", _rand(ALNUM, 16, need="dl"), ALNUM),
    _prefixed("settlemint_service_access_token", "sm_sat_", _rand(ALNUM, 16, need="dl"), ALNUM),
    _prefixed("linear_api_key", "lin_api_", _rand(ALNUM, 40, need="dl"), ALNUM),
    _prefixed("linear_oauth_token", "lin_oauth_", _rand(HEX, 64, need="dl"), HEX),
    _prefixed("notion_integration_token", "ntn_", "[0-9]{11}" + _rand(ALNUM, 35, need="l"), ALNUM),
    _prefixed("notion_legacy_integration_token", "secret_", _rand(ALNUM, 43, need="dl"), ALNUM),
    _multi(
        "asana_personal_access_token",
        ("1/", "2/"),
        "[0-9]{12,20}(?:/[0-9]{12,20})?:" + _rand(HEX, 32, need="dl"),
        HEX,
        start=r"(?<![A-Za-z0-9_/.-])",
    ),
    # Heroku: `HRKU-AA` + 58; older keys are UUIDs, keyed.
    _prefixed("heroku_api_key", "HRKU-AA", _rand(URLSAFE, 58, need="dl"), URLSAFE),
    _keyed("heroku_legacy_api_key", ("heroku",), UUID, HEX_ANYCASE + "-"),
    # DigitalOcean `do?_v1_` + 64 hex; Linode 64 hex and Vultr 36 upper-alphanumerics, keyed.
    _prefixed("digitalocean_personal_access_token", "dop_v1_", _rand(HEX, 64, need="dl"), HEX),
    _prefixed("digitalocean_oauth_token", "doo_v1_", _rand(HEX, 64, need="dl"), HEX),
    _prefixed("digitalocean_refresh_token", "dor_v1_", _rand(HEX, 64, need="dl"), HEX),
    _keyed("linode_api_token", ("linode",), _rand(HEX, 64, need="dl"), HEX),
    _keyed("vultr_api_key", ("vultr",), _rand(UPPER_ALNUM, 36, need="dl"), UPPER_ALNUM),
    # Cloudflare: API tokens (40), global API keys (37 hex), keyed; Origin CA keys prefixed.
    _keyed(
        "cloudflare_api_token", ("cloudflare", "cf_api"), _rand(URLSAFE, 40, need="dl"), URLSAFE
    ),
    _keyed(
        "cloudflare_global_api_key",
        ("cloudflare", "cf_api", "x-auth-key"),
        _rand(HEX, 37, need="dl"),
        HEX,
    ),
    _prefixed(
        "cloudflare_origin_ca_key",
        "v1.0-",
        "[0-9a-f]{24}-" + _rand(HEX, 146, need="dl"),
        HEX,
        head=r"v1\.0-",
        word=True,
    ),
    _keyed("fastly_api_token", ("fastly",), _rand(URLSAFE, 32, need="dl"), URLSAFE),
    # Netlify `nfp_`; Vercel `vcp_`/`vci_`/`vca_`/`vcr_`/`vck_` (Vercel changelog, 2025),
    # older tokens of both keyed.
    _prefixed("netlify_personal_access_token", "nfp_", _rand(ALNUM, 36, 40, need="dl"), ALNUM),
    _keyed("netlify_access_token", ("netlify",), _rand(URLSAFE, 40, 46, need="dl"), URLSAFE),
    _prefixed("vercel_personal_access_token", "vcp_", _rand(ALNUM, 24, 100, need="dl"), ALNUM),
    _prefixed("vercel_integration_token", "vci_", _rand(ALNUM, 24, 100, need="dl"), ALNUM),
    _prefixed("vercel_app_access_token", "vca_", _rand(ALNUM, 24, 100, need="dl"), ALNUM),
    _prefixed("vercel_app_refresh_token", "vcr_", _rand(ALNUM, 24, 100, need="dl"), ALNUM),
    _prefixed("vercel_api_key", "vck_", _rand(ALNUM, 24, 100, need="dl"), ALNUM),
    _keyed("vercel_legacy_token", ("vercel",), _rand(ALNUM, 24, need="dl"), ALNUM),
    # Doppler: `dp.<type>.` + 40-44 (service tokens carry the config name first).
    _prefixed("doppler_personal_token", "dp.pt.", _rand(ALNUM, 40, 44, need="dl"), ALNUM),
    _prefixed(
        "doppler_service_token",
        "dp.st.",
        r"(?:[a-z0-9_-]{2,35}\.)?" + _rand(ALNUM, 40, 44, need="dl"),
        ALNUM,
    ),
    _prefixed("doppler_service_account_token", "dp.sa.", _rand(ALNUM, 40, 44, need="dl"), ALNUM),
    _prefixed("doppler_cli_token", "dp.ct.", _rand(ALNUM, 40, 44, need="dl"), ALNUM),
    _prefixed("doppler_scim_token", "dp.scim.", _rand(ALNUM, 40, 44, need="dl"), ALNUM),
    _prefixed("doppler_audit_token", "dp.audit.", _rand(ALNUM, 40, 44, need="dl"), ALNUM),
    # HashiCorp: Vault service `hvs.`, batch `hvb.`, recovery `hvr.` tokens and pre-1.10
    # `s.` + 24 (gitleaks vault-*); Terraform Cloud `<id 14>.atlasv1.<60-70>`.
    _prefixed("vault_service_token", "hvs.", _rand(URLSAFE, 90, 200, need="dl"), URLSAFE),
    _prefixed("vault_batch_token", "hvb.", _rand(URLSAFE, 138, 300, need="dl"), URLSAFE),
    _prefixed("vault_recovery_token", "hvr.", _rand(URLSAFE, 20, 300, need="dl"), URLSAFE),
    _prefixed(
        "vault_legacy_service_token",
        "s.",
        _rand(ALNUM, 24, need="uwd"),
        ALNUM,
        start=r"(?<![A-Za-z0-9_.-])",
        word=True,
    ),
    TokenFormat(
        "terraform_cloud_api_token",
        r"(?<=(?<![A-Za-z0-9])[A-Za-z0-9]{14}\.)atlasv1\."
        + _rand(URLSAFE + "=", 60, 70, need="dl")
        + _end(URLSAFE + "="),
        ("atlasv1.",),
    ),
    _prefixed("pulumi_access_token", "pul-", _rand(HEX, 40, need="dl"), HEX),
    # Package registries: npm `npm_` + 36 (same checksum scheme as GitHub), `.npmrc`
    # `_authToken=` UUIDs; PyPI macaroons (base64 of a `pypi.org` / `test.pypi.org`
    # location); RubyGems `rubygems_` + 48 hex; NuGet `oy2` + 43; Docker Hub `dckr_pat_`
    # and `dckr_oat_`; JFrog API keys `AKCp`, reference tokens `cmVmdGtu` (base64 "reftkn").
    _prefixed("npm_access_token", "npm_", _rand(ALNUM, 36, need="dl"), ALNUM),
    TokenFormat(
        "npm_legacy_auth_token",
        r"(?ai:_authtoken)[ \t]{0,2}=[ \t]{0,2}[\"']?(?P<secret>" + UUID + ")" + _end("-"),
        ("_authtoken",),
        folded=True,
    ),
    _prefixed(
        "pypi_upload_token", "pypi-AgEIcHlwaS5vcmc", _rand(URLSAFE, 50, 1000, need="dl"), URLSAFE
    ),
    _prefixed(
        "pypi_test_upload_token",
        "pypi-AgENdGVzdC5weXBpLm9yZw",
        _rand(URLSAFE, 50, 1000, need="dl"),
        URLSAFE,
    ),
    _prefixed("rubygems_api_key", "rubygems_", _rand(HEX, 48, need="dl"), HEX),
    _prefixed("nuget_api_key", "oy2", _rand(LOWER_ALNUM, 43, need="dl"), LOWER_ALNUM),
    _prefixed("docker_hub_personal_access_token", "dckr_pat_", _rand(URLSAFE, 27, 60), URLSAFE),
    _prefixed("docker_hub_org_access_token", "dckr_oat_", _rand(URLSAFE, 27, 60), URLSAFE),
    _prefixed("jfrog_api_key", "AKCp", _rand(ALNUM, 69, need="dl"), ALNUM),
    _prefixed("jfrog_reference_token", "cmVmdGtu", _rand(ALNUM, 56, need="dl"), ALNUM),
    _keyed(
        "jfrog_identity_token",
        ("jfrog", "artifactory"),
        _rand(ALNUM, 64, need="dl"),
        ALNUM,
    ),
    # AI providers: OpenAI `sk-proj-` / `sk-svcacct-` / `sk-admin-` and legacy keys with
    # base64 "OpenAI" (`T3BlbkFJ`) inside; Anthropic `sk-ant-api03-` / `sk-ant-admin01-`
    # (93 + `AA`) and OAuth `sk-ant-oat01-` / `sk-ant-ort01-`; Hugging Face `hf_` and
    # `api_org_` + 34 letters; Replicate `r8_`; Groq `gsk_`; Perplexity `pplx-`; xAI `xai-`;
    # LangSmith `lsv2_pt_` / `lsv2_sk_`; Cohere and Mistral keys are keyed.
    _prefixed("openai_project_key", "sk-proj-", _rand(URLSAFE, 40, 250, need="dl"), URLSAFE),
    _prefixed(
        "openai_service_account_key", "sk-svcacct-", _rand(URLSAFE, 40, 250, need="dl"), URLSAFE
    ),
    _prefixed("openai_admin_key", "sk-admin-", _rand(URLSAFE, 40, 250, need="dl"), URLSAFE),
    _prefixed(
        "openai_legacy_key",
        "sk-",
        _rand(ALNUM, 20) + "T3BlbkFJ" + _rand(ALNUM, 20),
        ALNUM,
        start=r"(?<![A-Za-z0-9_-])",
        word=True,
    ),
    _prefixed("anthropic_api_key", "sk-ant-api03-", _rand(URLSAFE, 93, need="dl") + "AA", URLSAFE),
    _prefixed(
        "anthropic_admin_key", "sk-ant-admin01-", _rand(URLSAFE, 93, need="dl") + "AA", URLSAFE
    ),
    _prefixed(
        "anthropic_oauth_access_token", "sk-ant-oat01-", _rand(URLSAFE, 40, 400, need="dl"), URLSAFE
    ),
    _prefixed(
        "anthropic_oauth_refresh_token",
        "sk-ant-ort01-",
        _rand(URLSAFE, 40, 400, need="dl"),
        URLSAFE,
    ),
    _prefixed("huggingface_access_token", "hf_", _rand(LETTERS, 34, need="uw"), ALNUM),
    _prefixed("huggingface_org_token", "api_org_", _rand(LETTERS, 34, need="uw"), ALNUM),
    _prefixed("replicate_api_token", "r8_", _rand(ALNUM, 37, need="dl"), ALNUM),
    _prefixed("groq_api_key", "gsk_", _rand(ALNUM, 48, 52, need="dl"), ALNUM),
    _prefixed("perplexity_api_key", "pplx-", _rand(ALNUM, 48, need="dl"), ALNUM),
    _prefixed("xai_api_key", "xai-", _rand(ALNUM, 80, need="dl"), ALNUM),
    _multi(
        "langsmith_api_key",
        ("lsv2_pt_", "lsv2_sk_"),
        _rand(HEX, 32, need="dl") + "_[0-9a-f]{10}",
        HEX,
    ),
    _keyed("cohere_api_key", ("cohere", "co_api_key"), _rand(ALNUM, 40, need="dl"), ALNUM),
    _keyed("mistral_api_key", ("mistral",), _rand(ALNUM, 32, need="dl"), ALNUM),
    # Identity: Okta API tokens `00` + 40, Auth0 client secrets (64), keyed.
    _keyed("okta_api_token", ("okta",), "00" + _rand(URLSAFE, 40, need="dl"), URLSAFE),
    _keyed("auth0_client_secret", ("auth0",), _rand(URLSAFE, 64, need="dl"), URLSAFE),
    # Data platforms: Supabase `sbp_` / `sb_secret_`, PlanetScale `pscale_tkn_` /
    # `pscale_oauth_` / `pscale_pw_`, Databricks `dapi` + 32 hex, MongoDB connection-string
    # passwords and Atlas private keys (UUIDs, keyed), Snowflake passwords (keyed), Algolia
    # admin keys (32 hex, keyed).
    _prefixed("supabase_personal_access_token", "sbp_", _rand(HEX, 40, need="dl"), HEX),
    _prefixed("supabase_secret_key", "sb_secret_", _rand(URLSAFE, 24, 64, need="dl"), URLSAFE),
    _prefixed("planetscale_api_token", "pscale_tkn_", _rand(URLSAFE, 32, 64, need="dl"), URLSAFE),
    _prefixed(
        "planetscale_oauth_token", "pscale_oauth_", _rand(URLSAFE, 32, 64, need="dl"), URLSAFE
    ),
    _prefixed("planetscale_password", "pscale_pw_", _rand(URLSAFE, 32, 64, need="dl"), URLSAFE),
    _prefixed("databricks_api_token", "dapi", _rand(HEX, 32, need="dl") + "(?:-[0-9])?", HEX),
    TokenFormat(
        "mongodb_connection_password",
        r"(?<![A-Za-z0-9+.-])mongodb(?:\+srv)?://[^\s:@/?#\"'<>]{1,64}:"
        r"(?!(?ai:password|passwd|pass|pwd|secret|changeme|x{3,64}|\*{3,64})@)(?![<$%{*])"
        r"(?P<secret>[^\s:@/?#\"'<>]{1,128})@",
        ("mongodb://", "mongodb+srv://"),
    ),
    _keyed(
        "mongodb_atlas_private_key",
        ("atlas", "mongodb"),
        UUID,
        HEX_ANYCASE + "-",
    ),
    _keyed(
        "snowflake_password",
        ("snowflake", "snowsql"),
        _rand(ALNUM + "!#%&*+.?@^_~-", 7, 127, need="dl") + "[A-Za-z0-9!#%&*+@^_~-]",
        ALNUM + "!#%&*+@^_~-",
    ),
    _keyed("algolia_api_key", ("algolia",), _rand(HEX, 32, need="dl"), HEX),
    # Content and social platforms.
    _prefixed("contentful_personal_access_token", "CFPAT-", _rand(URLSAFE, 43, need="dl"), URLSAFE),
    _keyed("contentful_delivery_token", ("contentful",), _rand(URLSAFE, 43, need="dl"), URLSAFE),
    _keyed(
        "twitch_oauth_token", ("twitch",), "(?:oauth:)?" + _rand(LOWER_ALNUM, 30, need="dl"), ALNUM
    ),
    _keyed(
        "twitter_bearer_token",
        ("twitter", "bearer"),
        "A{20,24}" + _rand(ALNUM + "%", 70, 130, need="dl"),
        ALNUM + "%",
    ),
    _keyed(
        "twitter_access_token",
        ("twitter",),
        "[0-9]{15,25}-" + _rand(ALNUM, 20, 40, need="dl"),
        ALNUM,
    ),
    _keyed("twitter_api_secret", ("twitter",), _rand(ALNUM, 50, need="dl"), ALNUM),
    _prefixed(
        "facebook_access_token",
        "EAA",
        "[A-Z0-9]" + _rand(ALNUM, 96, 400, need="dl"),
        ALNUM,
        word=True,
    ),
    _keyed("facebook_app_secret", ("facebook",), _rand(HEX, 32, need="dl"), HEX),
    _keyed(
        "facebook_app_access_token",
        ("facebook",),
        "[0-9]{15,16}(?:\\||%7[Cc])" + _rand(URLSAFE, 27, 40, need="dl"),
        URLSAFE,
    ),
    _keyed(
        "linkedin_client_secret",
        ("linkedin", "linked_in", "linked-in"),
        _rand(ALNUM, 16, need="dl"),
        ALNUM,
    ),
    # Dropbox short-lived `sl.` tokens (and `sl.u.`), long-lived tokens keyed; Box keyed.
    _prefixed(
        "dropbox_short_lived_token",
        "sl.",
        r"(?:u\.)?" + _rand(URLSAFE, 130, 1500, need="dl"),
        URLSAFE,
        start=r"(?<![A-Za-z0-9_.-])",
        word=True,
    ),
    _keyed(
        "dropbox_long_lived_token",
        ("dropbox",),
        "[A-Za-z0-9]{11}AAAAAAAAAA" + _rand(URLSAFE, 43, need="dl"),
        URLSAFE,
    ),
    _keyed(
        "box_developer_token",
        tuple(
            f"box{sep}{word}" for sep in "_- " for word in ("developer", "client", "access", "api")
        ),
        _rand(ALNUM, 32, need="dl"),
        ALNUM,
    ),
    # More providers with their own prefixes (gitleaks rules of the same names).
    _prefixed(
        "onepassword_secret_key",
        "A3-",
        "(?=[A-Z0-9-]{0,37}[0-9])(?=[A-Z0-9-]{0,37}[A-Z])"
        "[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        UPPER_ALNUM,
        word=True,
    ),
    _prefixed(
        "onepassword_service_account_token",
        "ops_eyJ",
        _rand(B64, 250, 4000, need="dl") + "={0,3}",
        B64_PADDED,
    ),
    _prefixed("alibaba_access_key_id", "LTAI", _rand(ALNUM, 20, need="dl"), ALNUM),
    # Tencent Cloud SecretId (Tencent's API docs): AKID and 32 letters and digits.
    _prefixed("tencent_secret_id", "AKID", _rand(ALNUM, 32, need="dl"), ALNUM),
    # Mailgun private API keys of the older format on their own: key- and 32 hex digits.
    _prefixed("mailgun_private_key", "key-", _rand(HEX, 32, need="dl"), HEX, word=True),
    # LaunchDarkly server-side SDK and REST API keys: api- or sdk- and a UUID.
    _multi(
        "launchdarkly_key",
        ("api-", "sdk-"),
        "(?![0-]{36})[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        HEX,
    ),
    _prefixed("adobe_client_secret", "p8e-", _rand(ALNUM, 32, need="dl"), ALNUM),
    _prefixed("clojars_api_token", "CLOJARS_", _rand(LOWER_ALNUM, 60, need="dl"), ALNUM),
    _prefixed(
        "dynatrace_api_token",
        "dt0c01.",
        _rand(UPPER_ALNUM, 24) + r"\." + _rand(UPPER_ALNUM, 64, need="dl"),
        UPPER_ALNUM,
    ),
    _prefixed("easypost_api_key", "EZAK", _rand(ALNUM, 54, need="dl"), ALNUM),
    _prefixed("easypost_test_api_key", "EZTK", _rand(ALNUM, 54, need="dl"), ALNUM),
    _prefixed("postman_api_key", "PMAK-", "[0-9a-f]{24}-" + _rand(HEX, 34, need="dl"), HEX),
    _prefixed("prefect_api_key", "pnu_", _rand(ALNUM, 36, need="dl"), ALNUM),
    _prefixed("readme_api_key", "rdme_", _rand(LOWER_ALNUM, 70, need="dl"), ALNUM),
    _prefixed(
        "brevo_api_key", "xkeysib-", _rand(HEX, 64, need="dl") + "-" + _rand(ALNUM, 16), ALNUM
    ),
    _multi(
        "shippo_api_token",
        ("shippo_live_", "shippo_test_"),
        _rand(HEX_ANYCASE, 40, need="dl"),
        HEX_ANYCASE,
    ),
    _prefixed("typeform_api_token", "tfp_", _rand(URLSAFE + ".=", 59, need="dl"), URLSAFE),
    # gitleaks flutterwave-secret-key takes the hex digits and g, h after the prefix.
    _multi(
        "flutterwave_secret_key",
        ("FLWSECK_TEST-", "FLWSECK-"),
        _rand(HEX + "gh", 32, need="dl") + "-X",
        ALNUM,
    ),
    # 42 Intra OAuth client secrets (gitleaks intra42-client-secret): s-s4t2ud- or s-s4t2af-
    # and 64 hex digits.
    _multi("intra42_client_secret", ("s-s4t2ud-", "s-s4t2af-"), _rand(HEX, 64, need="dl"), HEX),
    _multi("duffel_api_token", ("duffel_test_", "duffel_live_"), _rand(URLSAFE + "=", 43), URLSAFE),
    _prefixed("frameio_api_token", "fio-u-", _rand(URLSAFE + "=", 64, need="dl"), URLSAFE),
    _prefixed("infracost_api_token", "ico-", _rand(ALNUM, 32, need="dl"), ALNUM),
    _prefixed("scalingo_api_token", "tk-us-", _rand(URLSAFE, 48, need="dl"), URLSAFE),
    _prefixed(
        "sourcegraph_access_token",
        "sgp_",
        "(?:[0-9a-f]{16}_|local_)?" + _rand(HEX, 40, need="dl"),
        HEX,
    ),
    _multi("sonarqube_token", ("squ_", "sqp_", "sqa_"), _rand(HEX, 40, need="dl"), HEX),
    _prefixed(
        "airtable_personal_access_token",
        "pat",
        _rand(ALNUM, 14) + r"\." + _rand(HEX, 64, need="dl"),
        HEX,
        word=True,
    ),
    _prefixed("figma_access_token", "figd_", _rand(URLSAFE, 40, need="dl"), URLSAFE),
    _prefixed("buildkite_api_token", "bkua_", _rand(HEX, 40, need="dl"), HEX),
    _multi(
        "tailscale_key",
        ("tskey-auth-", "tskey-api-", "tskey-client-", "tskey-scim-", "tskey-webhook-"),
        "[A-Za-z0-9]{8,20}-" + _rand(ALNUM, 24, 48, need="dl"),
        ALNUM,
    ),
    _multi("hubspot_private_app_token", ("pat-na1-", "pat-eu1-"), UUID, HEX_ANYCASE + "-"),
    _prefixed(
        "mapbox_secret_token",
        "sk.eyJ",
        _rand(URLSAFE, 20, 300) + r"\." + _rand(URLSAFE, 20, 40, need="dl"),
        URLSAFE,
    ),
    _prefixed("openshift_user_token", "sha256~", _rand(URLSAFE, 43, need="dl"), URLSAFE),
    _prefixed("flyio_access_token", "fo1_", _rand(URLSAFE, 43, need="dl"), URLSAFE),
    _prefixed(
        "plaid_access_token",
        "access-",
        "(?:sandbox|development|production)-" + UUID,
        HEX_ANYCASE + "-",
        word=True,
    ),
    _prefixed("yandex_api_key", "AQVN", _rand(URLSAFE, 35, 38, need="dl"), URLSAFE),
    _prefixed(
        "octopus_deploy_api_key", "API-", _rand(UPPER_ALNUM, 26, need="dl"), UPPER_ALNUM, word=True
    ),
    TokenFormat(
        "cloudinary_url",
        r"(?<![A-Za-z0-9_-])cloudinary://[0-9]{10,20}:(?P<secret>"
        + _rand(URLSAFE, 20, 40, need="dl")
        + r")@",
        ("cloudinary://",),
        prefix="cloudinary://",
    ),
    _keyed("snyk_api_token", ("snyk",), UUID, HEX_ANYCASE + "-"),
    _keyed("splunk_hec_token", ("splunk", "hec_token", "hec-token"), UUID, HEX_ANYCASE + "-"),
    _keyed("jenkins_api_token", ("jenkins",), "11" + _rand(HEX, 32, need="dl"), HEX),
    # Age secret keys (bech32, upper case), JSON Web Tokens and Encryption, Kubernetes
    # service-account tokens (a JWT whose claims name `kubernetes.io`).
    _prefixed("age_secret_key", "AGE-SECRET-KEY-1", _rand(BECH32_UPPER, 58), UPPER_ALNUM),
    TokenFormat(
        "json_web_token",
        rf"{_JWT_START}eyJ{_seg(10, 4000)}\.eyJ{_seg(10, 16000)}\.{_seg(16, 1500, 'dl')}"
        rf"(?!{_SEG})(?!\.{_SEG})",
        ("eyJ",),
        prefix="eyJ",
    ),
    # The same three segments with the letters' case changed (all lowered or raised, to slip
    # past the format above): no longer a valid token, still the secret to whoever reads it.
    TokenFormat(
        "json_web_token_case_changed",
        rf"{_JWT_START}(?P<secret>(?!eyJ)(?i:eyj){_seg(10, 4000)}\.(?i:eyj){_seg(10, 16000)}\."
        rf"{_seg(16, 1500, 'dl')})(?!{_SEG})(?!\.{_SEG})",
        ("eyj",),
        folded=True,
    ),
    TokenFormat(
        "json_web_encryption",
        rf"{_JWT_START}eyJ{_seg(10, 4000)}\.{_SEG}{{0,2000}}\.{_seg(16, 400)}"
        rf"\.{_seg(16, 40000)}\.{_seg(16, 400, 'dl')}(?!{_SEG})(?!\.{_SEG})",
        ("eyJ",),
        prefix="eyJ",
    ),
    TokenFormat(
        "kubernetes_service_account_token",
        rf"{_JWT_START}eyJ{_seg(10, 4000)}\.(?={_SEG}{{0,8000}}?(?:{_K8S_MARKERS}))"
        rf"eyJ{_seg(10, 16000)}\.{_seg(16, 1500, 'dl')}(?!{_SEG})(?!\.{_SEG})",
        ("eyJ",),
        prefix="eyJ",
    ),
    # Private keys: PEM blocks (detect-secrets PrivateKeyDetector's labels, gitleaks
    # private-key), the SSH2 (RFC 4716) encrypted block, and PuTTY key files.
    _pem("rsa_private_key", "RSA PRIVATE KEY"),
    _pem("ec_private_key", "EC PRIVATE KEY"),
    _pem("dsa_private_key", "DSA PRIVATE KEY"),
    _pem("pkcs8_private_key", "PRIVATE KEY"),
    _pem("pkcs8_encrypted_private_key", "ENCRYPTED PRIVATE KEY"),
    _pem("openssh_private_key", "OPENSSH PRIVATE KEY"),
    _pem("pgp_private_key_block", "PGP PRIVATE KEY BLOCK"),
    TokenFormat(
        "ssh2_encrypted_private_key",
        r"(?<!-)---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"
        + rf"(?=(?:[^-]|-(?!---)){{0,400}}?{_b64_run()})"
        + r"(?:[^-]|-(?!---)){40,16000}?---- END SSH2 ENCRYPTED PRIVATE KEY ----",
        ("---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",),
        prefix="---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----",
    ),
    TokenFormat(
        "putty_private_key",
        r"PuTTY-User-Key-File-[23]:[^\n]{1,80}\n(?:[^\n]{0,300}\n){0,60}?"
        r"Private-Lines:[ \t]{0,3}[0-9]{1,3}[ \t]{0,3}\r?\n" + rf"(?={_b64_run()})"
        r"(?:[A-Za-z0-9+/=]{1,128}\r?\n){0,99}[A-Za-z0-9+/=]{1,128}(?![A-Za-z0-9+/=-])"
        r"(?:\r?\nPrivate-MAC:[ \t]{0,3}[0-9a-fA-F]{40,64})?",
        ("PuTTY-User-Key-File-",),
        prefix="PuTTY-User-Key-File-",
    ),
)
