"""What is a secret: the detector's policy, in two tiers.

*Certain* (forces escalation; precision first):
- provider token formats (`formats.FORMATS`);
- credential assignments: `KEY=value`, `password: value`, JSON and YAML keys, INI, .env,
  query parameters, headers, connection-string fields, Kubernetes env entries, netrc,
  a docker config `auth`, `Authorization:` and `Bearer` values, `--password value` flags,
  Kubernetes Secret data, URLs with a password in their userinfo;
- secret values stated in prose, in the nine languages of `warden.core.lexicon` ("the
  password is ...", "das Passwort lautet ...", "密码是 ...", "X is the password").

*Shaped* (masked wherever text leaves the process; recall first): any token that could be a
credential: several character classes, high entropy, long hex or base64, or a provider's
prefix followed by too few characters for its format.

`plain_findings` applies the regular-expression rules with `finditer` over the whole text: the
obviously correct path. `warden.core.detector.fast` finds the same with one automaton pass and
anchored matches (a property test keeps the two equal).
"""

from __future__ import annotations

import itertools
import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from typing import Final

from warden.core import lexicon, words
from warden.core.detector.formats import FORMATS
from warden.core.text import CAPITALS_INTO_SMALL_RE, decoded_text
from warden.core.words import Hit


class Tier(IntEnum):
    SHAPED = 1  # masked everywhere text leaves the process
    CERTAIN = 2  # also forces escalation


@dataclass(frozen=True, slots=True)
class Finding:
    """Where a secret is: the detector type, tier and span, never the value itself."""

    kind: str
    tier: Tier
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A certain-tier regular expression. Every match begins with one of `anchors` (in the
    ASCII-lowercased text when `folded`); the secret is the group `secret`, else `value`,
    else the whole match; `accept` may refuse a match (a placeholder value, say).

    The expression (`source`) is compiled on first use (`pattern`): compiling all ~250 takes
    about 0.2 s of a run's CPU, and a text only ever needs the rules whose anchors it has."""

    kind: str
    source: str
    anchors: tuple[str, ...]
    folded: bool = False
    accept: Callable[[re.Match[str]], bool] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.source)

    def finding(self, match: re.Match[str]) -> Finding | None:
        if self.accept is not None and not self.accept(match):
            return None
        group = _secret_group(match)
        start, end = match.span(group)
        if end <= start:
            return None
        return Finding(self.kind, Tier.CERTAIN, start, end)


@cache
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source, _FLAGS)


def _secret_group(match: re.Match[str]) -> str | int:
    names = match.re.groupindex
    if "secret" in names and match.group("secret") is not None:
        return "secret"
    if "value" in names and match.group("value") is not None:
        return "value"
    return 0


SECRET_SHAPED: Final = "secret_shaped"  # the kind of a merely generated-looking token
PROSE_VALUE: Final = "secret_value_in_context"  # a value the words around it make a secret
_FLAGS: Final = re.ASCII

# -- values -----------------------------------------------------------------------------------

# Words that follow "password:" or "the token is" without being the value, in every language
# the pre-check reads: states ("expired", "abgelaufen"), places ("in Vault"), fillers.
_NOT_VALUES: Final = frozenset(
    """
    stored kept held managed issued owned rotated required needed missing expired invalid
    wrong correct available attached below above here there the a an in at on not set unset
    none null nil empty redacted secret secrets password passwords token tokens rotating
    handled configured located saved inside somewhere elsewhere yours mine ours theirs what
    where which who how why when unknown tbd todo hidden private public same different new
    old too very also still being getting going incorrect locked blocked disabled enabled
    valid weak strong short long simple complex encrypted hashed secure insecure safe unsafe
    broken reset changed updated revoked compromised leaked lost forgotten sent shared see
    check ask use vault kubernetes provided generated random temporary temp default standard
    usual fine okay good bad please thanks thank sorry help true false yes no off undefined
    required optional string value values changeme example sample dummy placeholder test
    testing xxxx xxxxx xxxxxx xxxxxxxx tbc n/a unchanged defined undefined overdue due ready
    pending approved denied granted revoked active inactive enforced needed necessary mandatory
    listed documented described explained mentioned shown given known unknown owned correct
    gespeichert abgelaufen falsch richtig ungültig gültig leer geheim neu alt sehr auch noch
    nicht gesperrt vergessen geändert bekannt unbekannt hier dort beim siehe bitte danke
    korrekt sicher unsicher kompromittiert zurückgesetzt hinterlegt verschlüsselt vorhanden
    erforderlich nötig notwendig abgelehnt aktiv inaktiv
    stocké expiré faux invalide valide vide nouveau ancien trop très aussi encore bloqué
    oublié changé connu inconnu ici dans voir merci sûr compromis réinitialisé chiffré requis
    nécessaire enregistré
    guardado almacenado caducado expirado incorrecto correcto inválido válido vacío secreto
    nuevo viejo muy también todavía bloqueado olvidado cambiado conocido desconocido aquí allí
    ver gracias seguro comprometido restablecido cifrado requerido necesario
    salvato memorizzato scaduto sbagliato errato corretto valido vuoto segreto nuovo vecchio
    troppo molto anche ancora bloccato dimenticato cambiato noto sconosciuto qui nel vedi
    grazie sicuro compromesso reimpostato cifrato richiesto necessario
    salvo armazenado errado incorreto correto inválido vazio segredo novo velho muito ainda
    não esquecido alterado conhecido desconhecido aqui ali obrigado redefinido criptografado
    obrigatório necessário
    сохранён сохранен истёк истек неверный неправильный правильный верный пустой секретный
    новый старый слишком очень тоже ещё еще не заблокирован забыт изменён изменен известен
    неизвестен здесь там см спасибо скомпрометирован сброшен зашифрован нужен обязателен
    """.split()
)
_PLACEHOLDER_RE: Final = re.compile(
    r"(?i)(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\(.*|%[A-Za-z_]\w*%|\{\{.*\}\}|\{[A-Za-z_][\w.]*\}|<[^>]*>"
    r"|%\(\w+\)[sd]|%[sd]|\[[^\]]*\]?|([*x#._-])\1{2,}|(?:your|my|the|some|example|dummy|sample|"
    r"fake|new|old)[-_ ][a-z_-]*|redacted\w*|env:\w+|vault:.*|ref\+.*|arn:aws:secretsmanager.*"
    r"|secretkeyref|valuefrom|fromsecret|(?-i:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+))"
)


# Values that are no secret, whatever the words around them say: masked or placeholder
# bodies ("ghp_****vjzm", "ghp_xxxxxxxx..."), the AWS documentation's example keys, references
# to where a secret is kept ("os.environ['DB_PASSWORD']", "process.env.TOKEN"), file paths
# ("./password.txt"), timestamps and IP addresses in log lines.
_NO_SECRET_RE: Final = re.compile(
    r"[^*]*\*{3,}.*|.*[xX]{8,}.*|.*\u2022{3,}.*|.*(?-i:EXAMPLE).*"
    r"|(?:os\.environ|os\.getenv|getenv|process\.env|System\.getenv|ENV\[|\$ENV\{|environ\.get"
    r"|secrets\.get|config\.get|settings\.)\S*"
    r"|(?:\.{1,2}/|~/)[\w./-]+|(?:/[\w.-]+)+\.[A-Za-z]\w{0,4}"
    r"|\d{4}-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?"
    r"|(?i:1password|localhost)"
    r"|(?:[a-z][a-z0-9]{0,20}\.){1,8}[A-Z][A-Za-z]*(?:\.[a-z][A-Za-z]*)?"  # a Java class
    r"|[A-Za-z_][\w$-]*\.(?:java|kt|scala|py|go|rb|js|ts|cs|cpp|cc|c|h|rs|php|swift)(?::\d+)?"
    r"|\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?"
)


# Settings that hold no secret, whatever stands next to them in a .env file.
_NOT_SECRET_KEY_RE: Final = re.compile(
    r"(?i)(?![a-z0-9_]*(?:pass|pwd|secret|token|key|cred|auth|private|cert))"
    r"[a-z0-9_]*_(?:host|hostname|user|username|port|name|db|database|region|env|level"
    r"|timeout|url_base|schema|driver|dialect|mode|debug)"
)


def _placeholder(value: str) -> bool:
    """A template variable or a stand-in ("${DB_PASSWORD}", "%APPDATA%", "<token>", "xxxx");
    not a random value that merely starts or ends like one ("%m9dK0VG93y%", "$Xk9mP2q")."""
    if _NO_SECRET_RE.fullmatch(value) or _NO_SECRET_RE.fullmatch(value.rpartition("=")[2]):
        return True
    if _NOT_SECRET_KEY_RE.fullmatch(value.partition("=")[0]):
        return True  # "DB_HOST=localhost", "DB_USER=app" beside a DB_PASSWORD line
    if not _PLACEHOLDER_RE.fullmatch(value):
        return False
    if value[:1] in "$%" and value[1:2] not in "{(":
        inner = value.strip("$%{}")
        return not (
            _classes(inner) >= 3
            or (len(inner) >= 8 and entropy(inner) >= 3.3 and any(c.isdigit() for c in inner))
        )
    return True


# A name such as an owner; a last part of one letter is a word cut short, not a name.
_KEBAB_NAME_RE: Final = re.compile(r"[a-z]+(?:-[a-z]+)*-[a-z]{2,}")
_BENIGN_VALUE_RE: Final = re.compile(
    r"(?:SHA256|SHA1|MD5):|(?i:sha(?:1|256|384|512)|md5):[0-9a-f]{32}|ssh-(?:ed25519|rsa|dss)\b"
    r"|ecdsa-sha2-|sk-ssh-|AAAA(?:B3NzaC1yc2E|C3NzaC1lZDI1NTE5|E2VjZHNh)"
)
_TRAILING: Final = ".,;:!?)]}>"
_CLAUSE_END_AFTER_RE: Final = re.compile(
    r"[)\]]|[.!?,;)\]'\"`]*(?:\s*$|\s*\n|\s*[,;。、，]|[ \t]+(?:and|und|et|y|e|и|but)\b"
    r"|[ \t]+[-–—][ \t]|[ \t]*(?:です|でした|だ)(?![\u3040-\u9fff]))"
)


_PATH_RE: Final = re.compile(r"(?:~|\.{1,2})?(?:/[\w.-]+)+/?")


def strong_value(value: str) -> bool:
    """A token that looks generated, not like a word: several character classes, or letters
    with digits, or long."""
    classes = _classes(value)
    has_letter = any(c.isalpha() for c in value)
    has_digit = any(c.isdigit() for c in value)
    return classes >= 3 or (has_letter and has_digit) or (len(value) >= 16 and classes >= 2)


def _classes(value: str) -> int:
    lower = any(c.islower() for c in value)
    upper = any(c.isupper() for c in value)
    digit = any(c.isdigit() for c in value)
    symbol = any(not c.isalnum() and c not in "-_." for c in value)
    return lower + upper + digit + symbol


def value_ok(value: str, *, strong: bool, tail: str, password: bool = False) -> bool:
    """Whether `value` (as written after a separator, quotes included) is a secret value:
    not a placeholder or a state word; `strong` asks for a generated-looking token; an
    unquoted all-letter word counts only when its clause ends right after it."""
    quoted = len(value) >= 2 and value[0] in "\"'`“«「" and value[-1] in "\"'`”»」"
    text = value[1:-1].strip() if quoted else value.rstrip(_TRAILING)
    if len(text) < 4 or len(text) > 300:
        return False
    lowered = text.lower()
    if lowered in _NOT_VALUES or _placeholder(text):
        return False
    if _BENIGN_VALUE_RE.match(text):
        return False  # a fingerprint, a public key, a digest: said to be one, not a secret
    if (
        _PATH_RE.fullmatch(text)
        or text.startswith("//")
        or (_URL_RE.fullmatch(text) and "@" not in text)
    ):
        return False  # where to reset it or where it is kept: a link or a path, not the value
    if any(_is_cjk(c) for c in text) and not quoted:
        return False
    if strong:
        return strong_value(text)
    if quoted:
        return True
    if _KEBAB_NAME_RE.fullmatch(text) and not password:
        # A name such as an owner ("API keys: secrets-engine"); never after "password", which
        # no one is named ("minha senha: basil-walnut-lantern").
        return False
    if text.isalpha():
        return _CLAUSE_END_AFTER_RE.match(tail) is not None and not _describes(lowered)
    return True


# Adjectives that say what a password is like, in the languages read (their masculine or
# base form: `_describes` folds the feminine).
_LIKE: Final = frozenset(
    """
    obligatoire obligatorio obrigatório obrigatorio obbligatorio différent diferente diverso
    anders identique identisch idéntico identico idêntico temporaire temporal temporário
    temporaneo temporär sécurisé seguro sicuro faible débil fraco debole schwach robuste
    robusto fuerte forte stark vide vacío vazio vuoto leer personnel personal persönlich
    personale unique único unico einmalig vierstellig sechsstellig
    """.split()
)


def _describes(word: str) -> bool:
    """A word that describes the password rather than being it ("obligatoire", "válida",
    "scaduta", "identisch"): a state, an adjective of `_LIKE`, or a describing ending."""
    masculine = word[:-1] + "o" if word.endswith("a") else word
    return (
        bool(_DESCRIBING_RE.match(word))
        or word in _LIKE
        or masculine in _LIKE
        or masculine in _NOT_VALUES
        or word.rstrip("e") in _LIKE
    )


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


# -- assignments --------------------------------------------------------------------------------

# Words that make an identifier a secret's key (DB_PASSWORD, apiKey, x-auth-token, AccountKey).
_KEY_WORDS: Final = (
    "password", "passwd", "passphrase", "passcode", "pwd", "secret", "token", "apikey",
    "api_key", "api-key", "accesskey", "access_key", "access-key", "secretkey", "secret_key",
    "privatekey", "private_key", "accountkey", "account_key", "masterkey", "master_key",
    "signingkey", "signing_key", "encryptionkey", "encryption_key", "storagekey", "storage_key",
    "sharedaccesskey", "subscriptionkey", "subscription_key", "clientkey", "client_key",
    "authkey", "auth_key", "appkey", "app_key", "sessionkey", "session_key", "credential",
    "creds", "sessionid", "session_id", "jsessionid", "phpsessid", "pin_code", "pincode",
    "connectionstring", "connection_string", "conn_str", "connstr", "hmac_key", "hmac-key",
    "hmackey", "hmac_secret",
    # The word in other languages (DB_PASSWORT=, SENHA=, PAROL=, CONTRASENA=).
    "passwort", "senha", "parol", "contrasena", "contraseña", "motdepasse", "mot_de_passe",
)  # fmt: skip
# Short keys that end an environment variable's name (MYSQL_PASS=, DB_PW=, WEBHOOK_SIG=,
# REDIS_AUTH=): nothing may follow them in the name ("PASS_THROUGH", "SIG_ALG", "AUTH_TYPE"
# name something else).
_SHORT_KEYS: Final = ("_pass", "-pass", "_pw", "-pw", "_sig", "-sig", "_auth", "-auth")
# Suffixes after a key word that make the identifier name something other than the value.
_NOT_SECRET_SUFFIXES: Final = frozenset(
    """
    name names ref refs namespace path paths file files mount type url uri urls endpoint id
    ids policy policies length size hint format expiry expires expiration ttl version store
    manager provider backend engine arn field header env var variable label keyref key_ref
    selector count limit less required enabled min max regex pattern prefix rotation reset
    template dir location source scope scopes usage used lifetime duration age exp audience
    issuer algorithm alg kind class method mode label labels annotation annotations provider
    lookup reader writer generator validator handler service services server config hash
    salt hashed encrypted
    """.split()
)
# Identifier prefixes before a key word that name something other than a credential.
_NOT_SECRET_PREFIX_RE: Final = re.compile(
    r"(?i)(?:^|[^a-z])(?:page|next|prev|previous|continuation|sync|csrf|xsrf|max|num|n|total"
    r"|cancel|pagination|resume|refresh_interval|idempotency)[_-]?$"
)
_VALUE_RE_PART: Final = (
    r"(?P<value>\"[^\"\n]{1,300}\"|'[^'\n]{1,300}'|`[^`\n]{1,300}`"
    r"|[^\s\"'`,;)}\]<>]{1,300})"
)
_ASSIGNMENT_RE: Final = (
    r"(?i)(?:" + "|".join(re.escape(w) for w in _KEY_WORDS) + r")"
    r"(?P<suffix>[A-Za-z0-9_.-]{0,40})[\"']?[ \t]{0,3}(?P<sep>:=|=>|->|=|:)[ \t]{0,3}"
    + _VALUE_RE_PART
)
_SHORT_ASSIGNMENT_RE: Final = (
    r"(?i)(?:" + "|".join(re.escape(w) for w in _SHORT_KEYS) + r")"
    r"(?P<suffix>)[\"']?[ \t]{0,3}(?P<sep>:=|=|:)[ \t]{0,3}" + _VALUE_RE_PART
)


def _accept_assignment(match: re.Match[str]) -> bool:
    suffix = match.group("suffix").strip("_.-").lower()
    if suffix:
        # camelCase and snake_case both: "secretName", "secret_name", "tokenUrl"
        last = re.split(r"[_.-]|(?<=[a-z])(?=[A-Z])", match.group("suffix").strip("_.-"))[-1]
        if suffix in _NOT_SECRET_SUFFIXES or last.lower() in _NOT_SECRET_SUFFIXES:
            return False
    start = match.start()
    prefix = match.string[max(0, start - 24) : start]
    if _NOT_SECRET_PREFIX_RE.search(prefix):
        return False
    if _random_key(match):
        return False  # "...UrwPwdDEwv2WO7Ude...:652AHS": a key word by chance in a random token
    value = match.group("value")
    if value.isdigit() and len(value) < 6 and "pin" not in match.group(0).lower():
        return False  # max_tokens=4096, token_count: 120
    return value_ok(value, strong=False, tail=match.string[match.end() : match.end() + 40])


def _accept_short_key(match: re.Match[str]) -> bool:
    """A short key names a credential less surely ("FIRST_PASS=done", "HMAC_SIG=sha256"):
    only a value that looks like one counts."""
    value = match.group("value").strip("\"'`")
    return _credential_like(value) and _accept_assignment(match)


_KEY_CHARS: Final = frozenset(string.ascii_letters + string.digits + "_.-+/")


def _random_key(match: re.Match[str]) -> bool:
    """Whether the identifier the key word sits in is itself random (base64 or the like)."""
    text, start = match.string, match.start()
    while start > 0 and text[start - 1] in _KEY_CHARS:
        start -= 1
    key = text[start : match.end("suffix")]
    return len(key) >= 24 and _classes(key) >= 3 and entropy(key) >= 4.2


def _accept_value(match: re.Match[str]) -> bool:
    tail = match.string[match.end() : match.end() + 40]
    return value_ok(match.group("value"), strong=False, tail=tail)


def _accept_strong(match: re.Match[str]) -> bool:
    return value_ok(match.group("value"), strong=True, tail="")


def _accept_userinfo(match: re.Match[str]) -> bool:
    password = match.group("secret")
    return value_ok(password, strong=False, tail="") or (
        len(password) >= 4 and not _placeholder(password)
        and password.lower() not in _NOT_VALUES and password.lower() not in ("pass", "pwd")
    )  # fmt: skip


def _rule(
    kind: str,
    pattern: str,
    anchors: Iterable[str],
    *,
    folded: bool = True,
    accept: Callable[[re.Match[str]], bool] | None = None,
) -> Rule:
    return Rule(kind, pattern, tuple(anchors), folded, accept)


def _structure_rules() -> tuple[Rule, ...]:
    return (
        Rule("credential_assignment", _ASSIGNMENT_RE, _KEY_WORDS, True, _accept_assignment),
        Rule("credential_assignment", _SHORT_ASSIGNMENT_RE, _SHORT_KEYS, True, _accept_short_key),
        _rule(
            "url_credentials",
            r"://[^\s/@:?#'\"<>]{0,128}:(?P<secret>[^\s/@?#'\"<>]{1,256})@(?=[^\s@/]{2})",
            ("://",),
            folded=False,
            accept=_accept_userinfo,
        ),
        _rule(
            "xml_secret_element",
            r"(?i)(?:" + "|".join(re.escape(w) for w in _KEY_WORDS) + r")[A-Za-z0-9_.-]{0,40}>"
            r"(?P<value>[^<\n]{1,300})</",
            _KEY_WORDS,
            accept=_accept_value,
        ),
        _rule(
            "credential_assignment",
            r"(?i)_pat(?![a-z])[\"']?[ \t]{0,3}(?:=|:)[ \t]{0,3}" + _VALUE_RE_PART,
            ("_pat",),
            accept=_accept_value,
        ),
        _rule(
            "credential_assignment",
            r"(?i)[\"'](?:pass|pw|passwd|pwd)[\"'][ \t]*:[ \t]*[\"']"
            r"(?P<value>[^\"'\n]{4,300})[\"']",
            ('"pass"', "'pass'", '"pw"', "'pw'", '"passwd"', '"pwd"'),
            accept=_accept_value,
        ),
        _rule(
            "command_line_secret",
            r"(?i)(?:mysql|mariadb|mysqldump|mysqladmin)\b[^\n]{0,200}?[ \t]-p"
            r"(?P<value>'[^'\n]{1,300}'|\"[^\"\n]{1,300}\"|[^\s'\"-][^\s]{3,300})",
            ("mysql", "mariadb"),
            accept=_accept_value,
        ),
        _rule(
            "xml_secret_element",
            r"(?i)(?:" + "|".join(re.escape(w) for w in _KEY_WORDS) + r")[A-Za-z0-9_.-]{0,40}"
            r"[\"'][ \t]+value[ \t]*=[ \t]*[\"'](?P<value>[^\"'\n]{1,300})[\"']",
            _KEY_WORDS,
            accept=_accept_value,
        ),
        _rule(
            "kubernetes_env_value",
            r"(?i)(?:password|passwd|secret|token|api_?key|access_?key|private_?key|credential)"
            r"[A-Za-z0-9_]{0,40}[\"']?[ \t]*\r?\n[ \t]*-?[ \t]*value:[ \t]*" + _VALUE_RE_PART,
            ("password", "passwd", "secret", "token", "api", "access", "private", "credential"),
            accept=_accept_value,
        ),
        _rule(
            "netrc_password",
            r"(?i)(?:machine|default)[ \t]+\S{1,200}[ \t\n]+(?:login[ \t]+\S{1,200}[ \t\n]+)?"
            r"password[ \t]+(?P<value>\S{1,300})",
            ("machine", "default"),
            accept=_accept_value,
        ),
        _rule(
            "netrc_password",
            r"(?i)login[ \t]+\S{1,200}[ \t\n]+password[ \t]+(?P<value>\S{1,300})",
            ("login",),
            accept=_accept_value,
        ),
        _rule(
            "docker_config_auth",
            r"(?i)\"(?:auth|identitytoken|registrytoken)\"[ \t]*:[ \t]*"
            r"\"(?P<secret>[A-Za-z0-9+/=_.-]{8,})\"",
            ('"auth"', '"identitytoken"', '"registrytoken"'),
        ),
        _rule(
            "authorization_header",
            r"(?i)authorization[\"']?[ \t]*[:=][ \t]*[\"']?"
            r"(?:(?:bearer|basic|token|digest|negotiate|apikey|sso-key|key|otp)[ \t]+)?"
            r"(?P<secret>[A-Za-z0-9._~+/=:-]{8,})",
            ("authorization",),
        ),
        _rule(
            "bearer_token",
            r"(?i)bearer[ \t]+(?P<value>[A-Za-z0-9._~+/=-]{16,})",
            ("bearer",),
            accept=_accept_strong,
        ),
        _rule(
            "command_line_secret",
            r"(?i)(?<=--)(?:password|passwd|pass|token|secret|api-key|apikey|auth-token"
            r"|access-token|client-secret|private-key|db-password)(?:=|[ \t]+)" + _VALUE_RE_PART,
            (
                "password",
                "passwd",
                "pass",
                "token",
                "secret",
                "api-key",
                "apikey",
                "auth-token",
                "access-token",
                "client-secret",
                "private-key",
                "db-password",
            ),
            accept=_accept_value,
        ),
        _rule(
            "command_line_secret",
            r"(?i)sshpass[ \t]+-p[ \t]*(?P<value>\S{1,300})",
            ("sshpass",),
            accept=_accept_value,
        ),
        # Clients that take a password as a flag: `ldapsearch -D cn=admin -w X`, `sqlcmd -U sa
        # -P X`, `smbclient //host/share -U user%X`.
        _rule(
            "command_line_secret",
            r"(?i)ldap(?:search|modify|add|delete|passwd|whoami|compare)\b[^\n]{0,200}?"
            r"[ \t]-w[ \t]*(?P<value>[^\s-]\S{0,299})",
            (
                "ldapsearch",
                "ldapmodify",
                "ldapadd",
                "ldapdelete",
                "ldappasswd",
                "ldapwhoami",
                "ldapcompare",
            ),
            accept=_accept_value,
        ),
        _rule(
            "command_line_secret",
            r"(?i)(?:sqlcmd|bcp|osql|isql)\b[^\n]{0,200}?[ \t]-P[ \t]*(?P<value>[^\s-]\S{0,299})",
            ("sqlcmd", "bcp", "osql", "isql"),
            accept=_accept_value,
        ),
        _rule(
            "command_line_secret",
            r"(?i)(?:smbclient|rpcclient|smbmap|smbget|winexe)\b[^\n]{0,200}?[ \t]-U[ \t]*"
            r"[^\s%]{1,100}%(?P<value>\S{1,300})",
            ("smbclient", "rpcclient", "smbmap", "smbget", "winexe"),
            accept=_accept_value,
        ),
        # A kubeconfig's client key, a session cookie in a Cookie header.
        _rule(
            "kubeconfig_client_key",
            r"(?i)client-key-data:[ \t]*(?P<secret>[A-Za-z0-9+/=]{16,})",
            ("client-key-data",),
        ),
        _rule(
            "cookie_session",
            r"(?i)cookie:[ \t]*(?:[^\n]*?[; ])?[\w.-]*(?:sess|sid|auth|token|jwt|login|remember)"
            r"[\w.-]*=(?P<value>[^;\s]{12,300})",
            ("cookie:",),
            accept=_accept_strong,
        ),
        _rule(
            "command_line_secret",
            r"(?i)(?:curl|wget|http)\b[^\n]{0,200}?[ \t](?:-u|--user|--http-user|-a|--auth)[ \t=]+"
            r"[\"']?[^\s:\"']{1,100}:(?P<value>[^\s\"']{1,300})",
            ("curl", "wget", "http"),
            accept=_accept_value,
        ),
    )


@cache
def rules() -> tuple[Rule, ...]:
    """Every certain-tier rule: the provider formats, then the credential structures."""
    formats = tuple(Rule(f.kind, f.pattern, f.anchors, f.folded) for f in FORMATS)
    return formats + _structure_rules()


# Prefixes providers put on their tokens: a prefix with too few characters after it is
# secret-shaped (half a token, split to dodge the formats).
PREFIXES: Final[tuple[str, ...]] = tuple(
    sorted(
        {f.prefix for f in FORMATS if f.prefix}
        # Formats with several literal token starts (xoxp-/xoxe-, FLWSECK-...): each is a
        # prefix too, unless it is short or part of a URL (mongodb://, hooks.slack.com/).
        | {
            anchor
            for f in FORMATS
            if f.prefix is None and not f.folded and len(f.anchors) > 1
            for anchor in f.anchors
            if len(anchor) >= 4
            and "/" not in anchor
            and "." not in anchor.rstrip(".")
            and not re.fullmatch(r"[a-z]{2,4}-", anchor)  # api-, sdk-: word fragments
        }
        | {"github_pat_", "glpat-", "sk_live_", "HRKU-"}
    )
)


def plain_findings(text: str) -> list[Finding]:
    """The certain-tier rules over `text`, each with `finditer` over the whole text."""
    found: list[Finding] = []
    for rule in rules():
        for match in rule.pattern.finditer(text):
            finding = rule.finding(match)
            if finding is not None:
                found.append(finding)
    found.extend(kubernetes_secret_data(text))
    found.extend(pgpass_lines(text))
    found.extend(mailchimp_keys(text))
    return found


# -- Mailchimp API keys: 32 hex digits and a data-center suffix (-us12) ---------------------------

_MAILCHIMP_RE: Final = re.compile(
    r"(?<![0-9A-Za-z])[0-9a-f]{32}-us[0-9]{1,2}(?![0-9A-Za-z])", _FLAGS
)


def mailchimp_keys(text: str) -> list[Finding]:
    """Mailchimp keys on their own (their only literal, "-us", comes last: no anchor)."""
    if "-us" not in text:
        return []
    return [
        Finding("mailchimp_api_key", Tier.CERTAIN, m.start(), m.end())
        for m in _MAILCHIMP_RE.finditer(text)
    ]


# -- .pgpass lines: host:port:database:user:password ----------------------------------------------

_PGPASS_RE: Final = re.compile(
    r"(?m)^[ \t]*[A-Za-z0-9.*_-]{1,253}:(?:[0-9]{1,5}|\*):[^\s:]{1,63}:[^\s:]{1,63}:"
    r"(?P<value>[^\s]{1,300})[ \t]*$",
    _FLAGS,
)


def pgpass_lines(text: str) -> list[Finding]:
    """The password field of every line shaped like a .pgpass entry."""
    if text.count(":") < 4:
        return []
    return [
        Finding("pgpass_password", Tier.CERTAIN, m.start("value"), m.end("value"))
        for m in _PGPASS_RE.finditer(text)
        if value_ok(m.group("value"), strong=False, tail="")
    ]


# -- Kubernetes Secret manifests ----------------------------------------------------------------

_SECRET_KIND_RE: Final = re.compile(r"(?m)^[ \t]*kind:[ \t]*[\"']?Secret[\"']?[ \t]*$")
_DATA_BLOCK_RE: Final = re.compile(r"(?m)^(?P<indent>[ \t]*)(?:data|stringData):[ \t]*$")
_DATA_ENTRY_RE: Final = re.compile(r"[ \t]+[\"']?[\w.-]+[\"']?:[ \t]*(?P<value>\S.{0,4000})")


def kubernetes_secret_data(text: str) -> list[Finding]:
    """Every value under `data:` or `stringData:` in a text that holds a `kind: Secret`."""
    if "Secret" not in text or _SECRET_KIND_RE.search(text) is None:
        return []
    found: list[Finding] = []
    for block in _DATA_BLOCK_RE.finditer(text):
        indent = len(block.group("indent").expandtabs())
        pos = block.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            line = text[pos:end]
            stripped = line.strip()
            if stripped and len(line) - len(line.lstrip()) <= indent:
                break
            entry = _DATA_ENTRY_RE.match(line)
            value = entry.group("value").strip() if entry is not None else ""
            if entry is not None and value and not _placeholder(value):
                start = pos + entry.start("value")
                found.append(Finding("kubernetes_secret_data", Tier.CERTAIN, start, end))
            pos = end + 1
    return found


# -- secrets stated in prose ------------------------------------------------------------------


def _copula_alternation() -> str:
    spaced: list[str] = []
    tight: list[str] = []
    for entries in lexicon.COPULA.values():
        for entry in entries:
            (tight if any(_is_cjk(c) for c in entry) else spaced).append(re.escape(entry))
    spaced.sort(key=len, reverse=True)
    tight.sort(key=len, reverse=True)
    return r"(?:(?<!\w)(?:" + "|".join(spaced) + r")(?!\w)|" + "|".join(tight) + ")"


_PROSE_VALUE: Final = (
    r"(?P<value>\"[^\"\n]{1,300}\"|'[^'\n]{1,300}'|`[^`\n]{1,300}`|“[^”\n]{1,300}”"
    r"|«[^»\n]{1,300}»|「[^」\n]{1,300}」"
    r"|[^\s\"'`,;)}\]<>「」“”«»。，、！？\u3040-\u30ff\u3400-\u9fff]{1,300})"
)
# After a secret noun: an optional parenthesis, then up to six short words ("for the staging
# db", "part 1", "de la base"), each after a space (so a long token splits one way only: no
# backtracking), a separator or copula, the value. The words hold no separator themselves.
_PROSE_AFTER_RE: Final = re.compile(
    r"(?P<gap>(?:\([^)\n]{0,30}\))?(?:[ \t]{1,3}[^\s:=\"'`。，、！？：]{1,30}){0,6}?)[ \t]{0,3}"
    r"(?P<sep>:=|=>|->|=|:|：|＝| - | — | – |" + _copula_alternation() + r")[ \t]{0,3}"
    r"(?:(?:the|a|my|our|now|das|der|die|le|la|el|il|lo|o|a|é|est)[ \t]+)?" + _PROSE_VALUE
)
# Right after the noun, no separator ("пароль qwerty123", "密码abc123", "with password X"):
# only a generated-looking value counts.
_PROSE_BARE_RE: Final = re.compile(r"[ \t]{0,3}(?=[\w\"'`“«「])" + _PROSE_VALUE)
# Before the noun: "Xk9#mP2q is the password", "hunter22 ist das Passwort".
_PROSE_BEFORE_RE: Final = re.compile(
    r"(?P<value>[^\s\"'`,;()<>]{4,300})[ \t]+" + _copula_alternation() + r"[ \t]+"
    r"(?:[^\s]{1,12}[ \t]+){0,2}$"
)
_PROSE_REACH: Final = 160


def prose_findings(text: str, hits: Sequence[Hit]) -> list[Finding]:
    """Secret values stated next to a secret noun (the lexicon's `SECRET` concept), in any
    of the nine languages. `hits` are `words.find(text)`."""
    nouns = [h for h in hits if h.concept == "secret"]
    benign = [h for h in hits if h.concept == "benign_compound"]
    found: list[Finding] = []
    for found_noun in nouns:
        if any(
            b.start <= found_noun.start < b.end or found_noun.start <= b.start < found_noun.end
            for b in benign
        ):
            continue
        noun = _whole_word(text, found_noun)
        window = text[noun.end : noun.end + _PROSE_REACH]
        said = text[noun.start : noun.end]
        stated = _stated_after(
            window,
            pin=bool(_PIN_NOUN_RE.search(said)),
            password=bool(_PASSWORD_NOUN_RE.search(said)),
        )
        if stated is not None:
            found.append(_prose(noun.end + stated[0], noun.end + stated[1]))
            continue
        below = _value_below(text, noun, password=_PASSWORD_NOUN_RE.search(said) is not None)
        if below is not None:
            found.append(_prose(*below))
            continue
        if said.lower() in _BARE_PASSWORD_NOUNS:
            lead = len(window) - len(window.lstrip(" \t"))
            words_end = _word_value(window, lead, bare=True)
            if words_end is not None:
                found.append(_prose(noun.end + lead, noun.end + words_end))
                continue
        bare = _PROSE_BARE_RE.match(window)
        if bare is not None and value_ok(bare.group("value"), strong=True, tail=""):
            found.append(_prose(noun.end + bare.start("value"), noun.end + bare.end()))
            continue
        if words.names_part(text, found_noun):
            continue  # "X ist secrets-engine zuständig": an owner's name, not the noun
        before = _PROSE_BEFORE_RE.search(text, max(0, noun.start - 80), noun.start)
        if (
            before is not None
            and value_ok(before.group("value"), strong=True, tail="")
            and not any(
                before.start("value") < h.end and h.start < before.end("value") for h in nouns
            )
        ):  # "Datenbank-Zugangsdaten ist ...": a noun phrase, not a value
            found.append(_prose(before.start("value"), before.end("value")))
    found.extend(_table_cells(text, nouns))
    if "/" in text:
        found.extend(_labelled_pairs(text, [h for h in hits if h.concept in ("secret", "login")]))
    found.extend(_nearby_values(text, hits))
    return found


# -- values written as words, on the next line, or in a table ------------------------------------

# Abbreviations that only ever name a password: a value may follow them with no separator
# ("login: admin, pw tundra maple quartz velvet (temporary)").
_BARE_PASSWORD_NOUNS: Final = frozenset({"pw", "pwd", "passwd"})
_WORD_RE: Final = re.compile(r"[^\W\d_]{3,30}")
_WORDS_MAX: Final = 6
# What ends a value written as words without ending the clause: a time it holds until, a
# bracket ("glacier ember saffron quartz until Friday", "meadowjuniper (temporary)").
_HOLDS_UNTIL_RE: Final = re.compile(
    r"(?i)[ \t]*[(\[]|[ \t]+(?:until|till|for now|for today|for the weekend|through|bis|jusqu"
    r"|hasta|fino|até|до)(?![^\W\d_])"
)
# Words that describe a password rather than being one: participles, adverbs, adjectives.
_DESCRIBING_RE: Final = re.compile(
    r"(?i).*(?:ed|ing|ly|able|ible|ive|ous|ful|less|ent|ant|ary|ory|ic|ique|isch|ig|lich|ado|ido"
    r"|ada|ida|ato|ito|ata|ita|al|ée|ый|ий|ой|ая|ен|ан)$"
)
# Words that describe, count or link, in the languages read: never part of a password written
# as words.
_NOT_WORD_VALUES: Final = frozenset(
    """
    characters chars letters digits symbols numbers words long minimum maximum least most
    than like just only exactly about every each all any some across through over under
    between with without within into onto from after before during since per via then
    which that this these those there their they them when while because same blank stale
    shorter longer twice once ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand
    zero one two three four five six seven eight nine gleich misma mismo même mesma
    stesso stessa hash store prompt history lockout threshold field form hint
    """.split()
)
_GLUED_MIN: Final = 8  # one word on its own is a value only this long ("meadowember")
_BARE_MIN: Final = 6  # or this long right after "pw" ("pw orchid", not the "PWD ruO" of a
# reversed "Our DWP")


def _plain_word(word: str) -> bool:
    """A word that may be (part of) a password: not a state, a description or a word of the
    lexicon."""
    lowered = word.lower()
    return not (
        lowered in _NOT_VALUES
        or lowered in _NOT_WORD_VALUES
        or _DESCRIBING_RE.match(lowered)
        or words.find(lowered)
    )


def _word_value(
    window: str, start: int, *, bare: bool = False, ends: re.Pattern[str] | None = None
) -> int | None:
    """Where a password written as plain words ends in `window`, the words starting at
    `start`: one to six words, each not a state, a description or a word of the lexicon,
    followed by what ends such a value ("until Friday", a bracket, or what `ends` matches) or,
    for three words or more (a passphrase), by the clause's end; None when they are not one.
    One word alone counts from `_GLUED_MIN` letters, unless `bare` (right after "pw", or
    after "admin /", where the place alone makes it the value: then the clause's end counts
    too)."""
    taken: list[re.Match[str]] = []
    pos = start
    while len(taken) < _WORDS_MAX:
        word = _WORD_RE.match(window, pos)
        if word is None or (taken and window[taken[-1].end() : word.start()] != " "):
            break
        if not _plain_word(word.group()):
            break
        taken.append(word)
        pos = word.end() + 1
        tail = window[word.end() : word.end() + 40]
        if len(taken) == 1 and len(word.group()) < (_BARE_MIN if bare else _GLUED_MIN):
            continue  # "blank until Friday": a short word alone describes, it is not said
        if (
            _HOLDS_UNTIL_RE.match(tail)
            or ((bare or len(taken) >= 3) and _CLAUSE_END_AFTER_RE.match(tail))
            or (ends is not None and ends.match(tail))
        ):
            ends_word = word.end() == len(window) or not window[word.end()].isalnum()
            return word.end() if ends_word else None
    return None


# The rest of a line that names a password and leaves its value to the next line ("the grafana
# password is:", "grafana admin password").
_LEAVES_LINE_RE: Final = re.compile(
    r"[ \t]*(?:\([^)\n]{0,30}\))?[ \t]*(?:" + _copula_alternation() + r")?[ \t]*[:：=]?[ \t]*"
)
_FENCE_RE: Final = re.compile(r"[ \t]*(?:```|~~~)[\w-]*[ \t]*")


def _value_below(text: str, noun: Hit, *, password: bool) -> tuple[int, int] | None:
    """A value alone on the line after a line that ends with a secret noun and what states
    it ("the grafana password is:" / "meadowwalnut"); a code fence between them is skipped."""
    line_end = text.find("\n", noun.end)
    if line_end == -1 or not _LEAVES_LINE_RE.fullmatch(text, noun.end, line_end):
        return None
    if (
        text[noun.start : noun.end].lower() in _BARE_PASSWORD_NOUNS
        and not text[noun.end : line_end].strip()
    ):
        return None  # "pw" alone at a line's end, as a reversed "DWP" ends one: no label
    pos = line_end + 1
    for _ in range(3):  # a blank line or a fence may come first
        end = text.find("\n", pos)
        end = len(text) if end == -1 else end
        line = text[pos:end]
        if line.strip() and not _FENCE_RE.fullmatch(line):
            start = pos + len(line) - len(line.lstrip())
            stop = pos + len(line.rstrip())
            return (start, stop) if _alone_value(text[start:stop], password=password) else None
        if end == len(text):
            return None
        pos = end + 1
    return None


def _alone_value(value: str, *, password: bool) -> bool:
    """A value that stands alone (a line, a table cell): one token, or a passphrase of plain
    words where a password is named."""
    if not value.split():
        return False
    if len(value.split()) == 1:
        if value.isdigit():
            return 4 <= len(value) <= 12
        return value_ok(value, strong=not password, tail="", password=password)
    return password and _all_plain_words(value)


def _all_plain_words(value: str) -> bool:
    parts = value.split()
    return 2 <= len(parts) <= _WORDS_MAX and all(
        _WORD_RE.fullmatch(part) and _plain_word(part) for part in parts
    )


_TABLE_ROW_RE: Final = re.compile(r"[ \t]*\|.*\|[ \t]*")
_TABLE_RULE_RE: Final = re.compile(r"[ \t]*\|?[ \t:|-]+\|?[ \t]*")


def _table_cells(text: str, nouns: Sequence[Hit]) -> list[Finding]:
    """The cells below a Markdown table's header cell that names a secret ("| user |
    password |" ... "| admin | maplelantern |")."""
    if "|" not in text:
        return []
    found: list[Finding] = []
    for noun in nouns:
        line_start = text.rfind("\n", 0, noun.start) + 1
        line_end = text.find("\n", noun.end)
        line_end = len(text) if line_end == -1 else line_end
        rule_end = text.find("\n", line_end + 1)
        rule_end = len(text) if rule_end == -1 else rule_end
        if not (
            _TABLE_ROW_RE.fullmatch(text, line_start, line_end)
            and line_end < len(text)
            and _TABLE_RULE_RE.fullmatch(text, line_end + 1, rule_end)
        ):
            continue  # a header cell only: the row above a table's rule
        column = text.count("|", line_start, noun.start)
        if len(text[line_start:line_end].split("|")[column].split()) > 3:
            continue  # a sentence in a cell, not a column's name
        password = _PASSWORD_NOUN_RE.search(text[noun.start : noun.end]) is not None
        pos = line_end + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end == -1 else end
            if not _TABLE_ROW_RE.fullmatch(text, pos, end):
                break
            if not _TABLE_RULE_RE.fullmatch(text, pos, end):
                cells = text[pos:end].split("|")
                if column < len(cells):
                    cell_start = pos + sum(len(c) + 1 for c in cells[:column])
                    cell = cells[column]
                    start = cell_start + len(cell) - len(cell.lstrip())
                    stop = cell_start + len(cell.rstrip())
                    if stop > start and _alone_value(text[start:stop], password=password):
                        found.append(_prose(start, stop))
            pos = end + 1
    return found


# A value near the words that make it a credential, without a separator: "you can log in with
# Xk9#mP2q", "mit 2C1p#j2n1 anmelden", "用 UQ8Qq-W3HB 登录", "Found in CI: <token>".
_CLAUSE_REACH: Final = 100
_CONTEXT_REACH: Final = 150
# Credentials are ASCII (NFKC folded fullwidth forms already): a run of ASCII token characters.
_VALUE_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9!#$%&*+\-./:=?@^_|~]{6,300}")
_PASSPHRASE_RE: Final = re.compile(r"[a-z]{3,}(?:-[a-z]{3,}){2,}-?[0-9]{0,4}")
_WORDS_AND_DIGITS_RE: Final = re.compile(r"[A-Za-z]{5,}[0-9]{2,}[!#$%&*?@^]*", _FLAGS)


def _nearby_values(text: str, hits: Sequence[Hit]) -> list[Finding]:
    near_words = [h for h in hits if h.concept in ("secret", "login")]
    context = [h for h in hits if h.concept == "credential_context"]
    if not near_words and not context:
        return []
    excluded = [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
    excluded += [(m.start(), m.end()) for m in _BENIGN_CONTEXT_RE.finditer(text)]
    found: list[Finding] = []
    for match in _VALUE_TOKEN_RE.finditer(text):
        start, end = match.span()
        token = match.group().rstrip(".!?:")
        end = start + len(token)
        if len(token) < 6 or any(s <= start < e for s, e in excluded):
            continue
        if start > 0 and text[start - 1] in "\\%&":
            continue  # the tail of an escape sequence (\u0061ctions, %41, &#65;)
        # Cheap tests first: a word within reach, then what the token looks like.
        in_clause = [
            h for h in near_words if _same_clause(text, h, start, match.end(), _CLAUSE_REACH)
        ]
        in_context = any(abs(h.start - start) <= _CONTEXT_REACH for h in context)
        if not in_clause and _lone_half(text, start, end, token, near_words):
            found.append(_prose(start, end))
            continue
        if (not in_clause and not in_context) or _leetspeak_word(token):
            continue
        inside = [h for h in near_words if h.start < end and start < h.end]
        if inside and ("=" in token or ":" in token):
            continue  # "max_tokens=4096": the word itself is in it (the assignment rules judge)
        # A word inside a random token ("PW" in "Q4ubemsg5y*PW") is chance, not context.
        in_clause = [h for h in in_clause if h not in inside]
        if (
            token.isdigit()
            and len(token) <= 12
            and any(_stated_as(text, h, start, end) for h in in_clause)
        ):
            # A short number is a PIN or a password where the sentence states it as one
            # ("the admin password to 246576", "PIN ist 472913"), not where it is a ticket,
            # a port or a count in a clause that mentions one.
            found.append(_prose(start, end))
            continue
        if token.isalpha():
            # A password of plain words stated as one ("I set the grafana admin password to
            # velvetmeadow for now", "use saffronmaple as the password").
            spanned = _stated_words(text, start, end, in_clause)
            if spanned is not None:
                found.append(_prose(*spanned))
                continue
        stated = False
        if in_clause and _credential_like(token):
            weak = _name_shaped(token)
            stated = any(
                _same_clause(text, h, start, match.end(), _reach(h, start, weak=weak))
                for h in in_clause
            )
        nearby = not stated and in_context and _generated(token)
        if stated or nearby:
            found.append(_prose(start, end))
    found.extend(_user_password_pairs(text, near_words, excluded))
    return found


# What states the value of what was just named: a copula, "to", a colon or an equals sign,
# in the languages read, as the last word before the value.
_STATED_RE: Final = re.compile(
    r"(?i)(?:(?<![^\W\d_])(?:is|to|was|are|ist|lautet|auf|est|es|era|sono|è|é|são|это)"
    r"|[:=\-–—]|是|为|為|は|が|：)[^\S\n]*$"
)
_STATED_GAP: Final = 40


# Nothing but a space between the noun and the number ("pw 786449", "PIN 472913"), or a login
# "with" it ("get in with 179218", "entra con 550132"); the number before the noun, stated as
# it ("use 325871 as the password").
_BARE_GAP_RE: Final = re.compile(r"[ \t]{1,3}")
_AS_GAP_RE: Final = re.compile(
    r"(?i)[ \t]+(?:as|als|comme|como|come|как)"
    r"(?:[ \t]+(?:the|a|my|your|our|der|das|die|le|la|el|il|o|a|mon|mi|meu|mio))?[ \t]+"
)
# What may follow a value that ends its phrase: the text's or clause's end, a bracket, a
# preposition or "and" ("on argocd", "für grafana", "на сервере").
_VALUE_ENDS_RE: Final = re.compile(
    r"(?i)\s*$|\s*[.,;:!?()]|[ \t]+(?:gesetzt|geändert|umgestellt|rein)(?!\w)"
    r"|[ \t]+(?:on|at|to|in|into|for|from|and|until|auf|bei|für|im|bis|und"
    r"|sur|à|pour|dans|et|en|para|hasta|y|su|per|fino|e|em|no|na|até|на|в|для|до|и)(?!\w)"
)
_ENGLISH_NOUN_RE: Final = re.compile(r"(?i)pw|pwd|pin|passw|passc")
_VALUE_NOUN_RE: Final = re.compile(
    r"(?i)pw|pwd|pin|passw|passc|kennw|parol|senha|contra|mdp|mot de passe|clave|парол|пин"
)


# A few words, then "to" after a change ("set the grafana admin password to X", "Kennwort von
# jenkins auf X gesetzt", "la clave de argocd a X") or "with" after a login ("connecter à
# kibana avec X").
_FEW_WORDS: Final = r"(?:[ \t]+[^\s\d.!?,;:]{1,20}){0,3}?[ \t]+"
_CHANGED_TO_GAP_RE: Final = re.compile(
    "(?i)" + _FEW_WORDS + r"(?:to|auf|zu|en|a|para|in|на|в)[ \t]+"
)
_LOGIN_WITH_GAP_RE: Final = re.compile(
    "(?i)" + _FEW_WORDS + r"(?:with|using|mit|avec|con|com|с|со)[ \t]+"
)
_CHANGED_RE: Final = re.compile(
    r"(?i)(?<!\w)(?:set|changed|reset|updated|rotated|gesetzt|geändert|umgestellt|changé|mis"
    r"|modifié|cambié|cambiado|puse|impostat[oa]|cambiat[oa]|mudei|alterei|troquei|mudada"
    r"|поменял\w*|сменил\w*|изменил\w*|установил\w*)(?!\w)"
)


def _stated_as(text: str, hit: Hit, start: int, end: int, *, bare: bool = True) -> bool:
    """The value at `start:end` stated as the value of the secret or login word `hit`:
    right after it, with what states it at the end of the words between them (no digit, no
    sentence's end among them), or only a space after a password or PIN noun (with `bare`),
    or "with" after a login, or "to" after a change; or right before a password or PIN
    noun, "as" it."""
    hit = _whole_word(text, hit)  # a stem ("парол") widened to its word ("пароль")
    if hit.start >= end:
        as_gap = _AS_GAP_RE.fullmatch(text, end, hit.start)
        if as_gap is None or not _value_noun(text, hit):
            return False
        # English "as" only before an English noun: "controla as senhas" is an article
        english = _ENGLISH_NOUN_RE.match(text, hit.start) is not None
        return english or as_gap.group().split()[0].lower() != "as"
    if hit.end > start or start - hit.end > _STATED_GAP:
        return False
    if bare and _BARE_GAP_RE.fullmatch(text, hit.end, start) and _value_noun(text, hit):
        return True
    if bare and hit.concept == "login" and _LOGIN_WITH_GAP_RE.fullmatch(text, hit.end, start):
        # "get in with 179218 on argocd", not "login with 100000 users failed"; and never
        # words ("sign in with okta on jenkins": how one logs in, not with what password)
        return _VALUE_ENDS_RE.match(text, end) is not None
    if _changed_to(text, hit, start, end):
        return True
    gap = text[hit.end : start]
    if any(c.isdigit() for c in gap) or _STATED_RE.search(gap) is None:
        return False
    # "token count: 4096000", "password length = 128000": what is stated is something else
    return not any(word.lower() in _NOT_SECRET_SUFFIXES for word in re.findall(r"\w+", gap))


def _stated_words(
    text: str, start: int, end: int, in_clause: Sequence[Hit]
) -> tuple[int, int] | None:
    """The span of a password of plain words starting with the word at `start:end`, stated
    as the value of one of `in_clause` (not merely after the noun: "password manager")."""
    for hit in in_clause:
        if hit.start >= end:  # before the noun, "as" it: that word only
            if (
                _stated_as(text, hit, start, end, bare=False)
                and _plain_word(text[start:end])
                and _VALUE_ENDS_RE.match(text, _whole_word(text, hit).end)  # not "password hash"
            ):
                return start, end
            continue
        if _changed_to(text, _whole_word(text, hit), start, end):
            words_end = _word_value(text, start, bare=True, ends=_VALUE_ENDS_RE)
            if words_end is not None:
                return start, words_end
    return None


def _changed_to(text: str, hit: Hit, start: int, end: int) -> bool:
    """The value at `start:end` is what a change set the password or PIN `hit` to ("I set the
    grafana admin password to X", "Kennwort von jenkins auf X gesetzt"); not when the words
    between name a setting of it ("set the password minimum to twelve")."""
    if not (
        _value_noun(text, hit)
        and _CHANGED_TO_GAP_RE.fullmatch(text, hit.end, start)
        and _CHANGED_RE.search(_clause_around(text, hit.start, end)) is not None
    ):
        return False
    between = [w.lower() for w in re.findall(r"\w+", text[hit.end : start])]
    return not any(w in _NOT_SECRET_SUFFIXES or w in _NOT_WORD_VALUES for w in between)


def _clause_around(text: str, start: int, end: int) -> str:
    """The clause holding `text[start:end]`: up to the sentence marks or line breaks around it,
    at most 60 characters either side."""
    low = max(0, start - 60)
    high = min(len(text), end + 60)
    before = max(text.rfind(mark, low, start) for mark in ".!?\n")
    after = [i for i in (text.find(mark, end, high) for mark in ".!?\n") if i != -1]
    return text[max(low, before + 1) : min(after, default=high)]


def _value_noun(text: str, hit: Hit) -> bool:
    """A noun whose value is a password or a PIN (not "token", "secret" or "key": a number
    next to those is a count or a size as often)."""
    return hit.concept == "secret" and _VALUE_NOUN_RE.match(text, hit.start) is not None


def _lone_half(text: str, start: int, end: int, token: str, near_words: Sequence[Hit]) -> bool:
    """A token alone on its line (a body that is only "7WUlGY"), next to a line with a secret
    or login word: the second half of a value cut across the subject and the body."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start:line_end].strip().rstrip(".!?") != token or (
        line_start == 0 and line_end == len(text)
    ):
        return False
    before = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
    after = text.find("\n", line_end + 1)
    after = len(text) if after == -1 else after
    if not any(before <= h.start < after and not (start <= h.start < end) for h in near_words):
        return False
    if _placeholder(token) or _ID_LIKE_RE.fullmatch(token) or _UUID_RE.fullmatch(token):
        return False
    mixed = any(c.isupper() for c in token) and any(c.islower() for c in token)
    return _credential_like(token) or (mixed and any(c.isdigit() for c in token))


# "login: svc_backup / harborfalcon57", "bob:lumieretiger66 (basic auth)", "admin / X works".
_PAIR_RE: Final = re.compile(
    r"(?<![\w/.:@-])[A-Za-z][\w.-]{1,31}(?:[ \t]*/[ \t]*|:)"
    r"(?P<value>[^\s/:,;()\"'<>]{6,300})",
    _FLAGS,
)


# A labelled pair whose password is a number or plain words ("Zugang zu kibana: admin /
# 155182", "accès à grafana : admin / maple ember glacier velvet").
_LABELLED_PAIR_RE: Final = re.compile(r":[ \t]*[A-Za-z][\w.-]{1,31}[ \t]*/[ \t]*(?=\w)")
# A label that says what follows is access ("access to kibana:", "доступ к argocd:").
_ACCESS_RE: Final = re.compile(
    r"(?i)(?<!\w)(?:access|accès|acces|acceso|accesso|acesso|zugang|zugriff|доступ)(?!\w)"
    r"|访问|アクセス"
)
# The accounts such a pair names ("admin / ...", "root / ...").
_ACCOUNT_RE: Final = re.compile(
    r"[ \t]*(?i:admin|administrator|root|superuser|user|ops|operator|svc[\w.-]*|service[\w.-]*"
    r"|deploy|ci|elastic|postgres|guest|readonly|api)[ \t]*/"
)
_PIN_VALUE_RE: Final = re.compile(r"[0-9]{6,12}(?![\w/])")


def _labelled_pairs(text: str, near_words: Sequence[Hit]) -> list[Finding]:
    found: list[Finding] = []
    for match in _LABELLED_PAIR_RE.finditer(text):
        start = match.end()
        label = text[max(0, match.start() - 40) : match.start()].rsplit("\n", 1)[-1]
        account = _ACCOUNT_RE.match(text, match.start() + 1) is not None
        if not (account and _ACCESS_RE.search(label)) and not any(
            h.end <= match.start() and _same_clause(text, h, match.start(), start, 60)
            for h in near_words
        ):
            continue
        number = _PIN_VALUE_RE.match(text, start)
        if number is not None and _VALUE_ENDS_RE.match(text, number.end()):
            found.append(_prose(start, number.end()))
            continue
        words_end = _word_value(text, start, bare=True, ends=_VALUE_ENDS_RE)
        if words_end is not None and (
            words_end - start >= _GLUED_MIN or len(text[start:words_end].split()) >= 3
        ):  # "admin / walnutember", not "admin / viewer"
            found.append(_prose(start, words_end))
    return found


def _user_password_pairs(
    text: str, near_words: Sequence[Hit], excluded: list[tuple[int, int]]
) -> list[Finding]:
    if not near_words or ("/" not in text and ":" not in text):
        return []
    found: list[Finding] = []
    for match in _PAIR_RE.finditer(text):
        start = match.start("value")
        value = match.group("value").rstrip(".!?")
        if any(s <= match.start() < e for s, e in excluded) or not strong_value(value):
            continue
        if _ID_LIKE_RE.fullmatch(value) or _UUID_RE.fullmatch(value):
            continue
        if any(abs(h.start - match.start()) <= _CLAUSE_REACH for h in near_words):
            found.append(_prose(start, start + len(value)))
    return found


_LEET_TO_LETTERS: Final = str.maketrans("0134571@$", "oieastlas")


_LEET_INSIDE_RE: Final = re.compile(r"[a-z][0-9@$|!][a-z]")


def _leetspeak_word(token: str) -> bool:
    """A lowercase word written in leetspeak ("pr3v10u5", "3xf1l-4g3nt"): text, not a value.
    Digits only at the end ("auroraaurora77") make a password, not leetspeak."""
    if any(c.isupper() for c in token) or _LEET_INSIDE_RE.search(token) is None:
        return False
    read = token.translate(_LEET_TO_LETTERS)
    if read == token or not all(c.isalpha() or c in "-_." for c in read):
        return False
    # Digits inside words, not a number of their own ("walnut-jasper-34" is a passphrase).
    return not any(part.isdigit() for part in re.split(r"[-_.]", token))


def _same_clause(text: str, hit: Hit, start: int, end: int, reach: int) -> bool:
    """Whether the token at `start:end` and the hit are in one clause, near each other."""
    low, high = (hit.end, start) if hit.end <= start else (end, hit.start)
    if high - low > reach:
        return False
    return not any(mark in text[low:high] for mark in ".!?\n。！？")


# A passphrase, a word-and-digits password or a short run of hex is shaped like a name
# ("walnut-jasper-34", "falcontiger47", "04000a00" - or an agent "bench-outage-llm-10", a host
# "indexer42"). After the word it
# is the value anywhere in the clause ("the admin password for Grafana is now X"); before it,
# only close to it ("X is my password", "mit X anmelden"), not as the subject of a clause that
# mentions credentials further on ("X routes requests and never handles credential values").
_WEAK_REACH: Final = 24


def _reach(hit: Hit, start: int, *, weak: bool) -> int:
    return _WEAK_REACH if weak and start < hit.start else _CLAUSE_REACH


def _name_shaped(token: str) -> bool:
    """Not generated-looking (one or two character classes): a value only by its place."""
    return _classes(token) < 3 and not _generated(token)


# An issue key ("INC-20931", "JIRA-1234", "OPS_2-77"): a reference, not a value.
_ISSUE_KEY_RE: Final = re.compile(r"[A-Z][A-Z0-9_]{1,15}-[0-9]{1,7}")


def _credential_like(token: str) -> bool:
    """A value stated next to a secret or login word: generated-looking, or a passphrase."""
    if _placeholder(token) or _BENIGN_VALUE_RE.match(token) or _ISSUE_KEY_RE.fullmatch(token):
        return False
    if token.startswith(("/", "./", "~/", "../")) or "://" in token:
        return False  # a path or a URL
    if _PASSPHRASE_RE.fullmatch(token) and any(c.isdigit() for c in token):
        return True
    if _WORDS_AND_DIGITS_RE.fullmatch(token):
        return True  # a password made of words and digits: falcontiger47, Pinguin1490#
    if len(token) >= (12 if token.isdigit() else 8) and decoded_text(token) is not None:
        return True  # hex or base64 of a text, stated as a credential
    if _ID_LIKE_RE.fullmatch(token) or "sha256:" in token.lower():
        return False  # a pod, job or replica-set name, a commit, a digest
    if token.isalpha() and len(token) >= 8 and _random_case(token):
        return True  # letters of random case: "hlkUvNGBe", not "YouTube" or "HTTPServer"
    return shaped(token) and not _HEX_RE.fullmatch(token) and not _UUID_RE.fullmatch(token)


_LONE_LOWER_RE: Final = re.compile(r"(?<![a-z])[a-z](?![a-z])")


def _random_case(letters: str) -> bool:
    """Upper and lower case mixed at random: two or more lone lower-case letters or runs of
    capitals running into lower case ("hlk|U|v|NGB|e"). Words in camel case have neither
    more than once ("McDonald", "iCloud", "HTTPServer", "CrashLoopBackOff")."""
    if letters.islower() or letters.isupper():
        return False
    lone = len(_LONE_LOWER_RE.findall(letters))
    into = len(CAPITALS_INTO_SMALL_RE.findall(letters))
    return lone + into >= 2


def _generated(token: str) -> bool:
    """A token that looks machine-generated (not an id, a digest or a name): several
    character classes, or long and of mixed case."""
    if len(token) < 12 or _placeholder(token) or _BENIGN_VALUE_RE.match(token):
        return False
    if token.startswith(("/", "./", "~/", "../")) or "://" in token:
        return False
    if _HEX_RE.fullmatch(token) or _UUID_RE.fullmatch(token) or _KEBAB_ID_RE.fullmatch(token):
        return False
    has_upper = any(c.isupper() for c in token)
    has_lower = any(c.islower() for c in token)
    if _classes(token) >= 3 and has_upper:
        return True
    if has_upper and has_lower and _case_switches(token) * 3 >= len(token):
        return True  # letters of random case ("JzYKAunWrnwD"), not camelCase words
    if (
        token.isalnum()
        and has_upper
        and not _HEX_CHARS.issuperset(token)
        and _digit_switches(token) >= 4
    ):
        return True  # capitals and digits interleaved ("GJP0QU2LAW16"), not "ABC20231104"
    return len(token) >= 20 and has_upper and has_lower and entropy(token) >= 4.0


_HEX_CHARS: Final = frozenset(string.hexdigits)


def _digit_switches(token: str) -> int:
    return sum(a.isdigit() != b.isdigit() for a, b in itertools.pairwise(token))


def _case_switches(token: str) -> int:
    letters = [c for c in token if c.isalpha()]
    return sum(a.isupper() != b.isupper() for a, b in itertools.pairwise(letters))


# Workload and commit ids: lowercase names with hashed segments (checkout-5365a7bbe7-77l9j,
# backup-43061834-sfrlq, report-7d4f9), kind/name paths, short or long hex.
_ID_LIKE_RE: Final = re.compile(
    r"[a-z][a-z0-9]*(?:-[a-z0-9]{1,63})+|[a-z]+/[a-z0-9-]+|[0-9a-f]{7,}", _FLAGS
)
_UUID_RE: Final = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_KEBAB_ID_RE: Final = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")


_PIN_NOUN_RE: Final = re.compile(
    r"(?i)pin|code|otp|totp|пин|код|暗証|码|コード|passw|parol|senha|contra"
)


_PASSWORD_NOUN_RE: Final = re.compile(
    r"(?i)passw|passphrase|kennw|mot de passe|contrase|senha|парол|密码|口令|パスワード|^pwd?$"
)


def _stated_after(window: str, *, pin: bool, password: bool) -> tuple[int, int] | None:
    """The span (in `window`) of a value stated after a secret noun, trying each separator
    in turn: in "the password was rotated -> X" the value follows the second one."""
    pos = 0
    for _ in range(4):
        match = _PROSE_AFTER_RE.match(window, pos)
        if match is None or not _clause_gap(match.group("gap")) or _names_a_digest(match):
            return None
        value = match.group("value")
        strong = match.group("sep").strip() in ("-", "—", "–")
        tail = window[match.end() : match.end() + 40]
        counted = value.isdigit() and len(value) < 6 and not pin  # max_tokens=4096
        if not counted and value_ok(value, strong=strong, tail=tail, password=password):
            return match.start("value"), match.end()
        if password and not strong and value.isalpha():
            # "the jenkins password is glacier ember saffron quartz until Friday"
            words_end = _word_value(window, match.start("value"))
            if words_end is not None:
                return match.start("value"), words_end
        pos = match.end("sep")
    return None


def _whole_word(text: str, hit: Hit) -> Hit:
    """A stem hit ("парол", "password*") widened to the end of its word."""
    end = hit.end
    while end < len(text) and text[end].isalpha() and not _is_cjk(text[end]):
        end += 1
    return hit if end == hit.end else Hit(hit.concept, hit.start, end)


_DIGEST_WORD_RE: Final = re.compile(r"(?i)(?:sha\d*|md5|digest|commit|checksum|fingerprint)$")


def _names_a_digest(match: re.Match[str]) -> bool:
    """ "credentials used by image sha256:<hex>": the separator belongs to a digest."""
    words_before = match.group("gap").split()
    return bool(words_before) and _DIGEST_WORD_RE.search(words_before[-1]) is not None


def _clause_gap(gap: str) -> bool:
    return not any(mark in gap for mark in ".!?\n")


def _prose(start: int, end: int) -> Finding:
    return Finding(PROSE_VALUE, Tier.CERTAIN, start, end)


# -- secret-shaped tokens -----------------------------------------------------------------------

_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9+/_.~!@#$%^&*?-]{8,}={0,2}", _FLAGS)
_HEX_RE: Final = re.compile(r"[0-9A-Fa-f]{24,}", _FLAGS)
_BENIGN_SHAPE_RE: Final = re.compile(
    r"(?:sha(?:1|256|384|512)|md5):[A-Za-z0-9+/=._-]+"  # digests with their algorithm
    r"|[A-Za-z][A-Za-z]+(?:[._-][A-Za-z]+)*"  # words joined by separators
    r"|[0-9]{1,11}(?:[.:/-][0-9]{1,11})*"  # numbers, dates, times, versions
    r"|v?[0-9]+(?:\.[0-9]+){1,3}(?:-[A-Za-z0-9.]+)?"  # semantic versions
    r"|https?://\S*|[\w.-]+@[\w.-]+\.[a-z]{2,}",  # URLs without credentials, mail addresses
    _FLAGS,
)
_BENIGN_CONTEXT_RE: Final = re.compile(
    r"(?:SHA256:[A-Za-z0-9+/=]{20,}|ssh-(?:ed25519|rsa|dss)[ \t]+[A-Za-z0-9+/=]{20,}"
    r"|ecdsa-sha2-nistp\d+[ \t]+[A-Za-z0-9+/=]{20,}"
    r"|(?i:sha(?:1|256|384|512)|md5):[0-9a-f]{32,128})",
    _FLAGS,
)


def shaped_findings(text: str, prefix_positions: Iterable[tuple[int, str]]) -> list[Finding]:
    """Tokens that could be a credential (see the module docstring). `prefix_positions` are
    where `PREFIXES` occur in `text`."""
    found: list[Finding] = []
    benign = [(m.start(), m.end()) for m in _BENIGN_CONTEXT_RE.finditer(text)]
    urls = [(m.start(), m.end()) for m in _URL_RE.finditer(text)]
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        if any(s <= start < e for s, e in urls):
            # Inside a URL or a host path, judge each component on its own: host labels
            # and words are not tokens, a random path segment or query value may be.
            found.extend(_shaped_components(text, start, end, benign))
            continue
        token = match.group()
        stripped = token.rstrip(".!?,;:*")
        lead = len(stripped) - len(stripped.lstrip("@#.*"))
        stripped = stripped[lead:]
        start += lead
        end = start + len(stripped)
        if len(stripped) < 8 or any(s <= start and end <= e for s, e in benign):
            continue
        if shaped(stripped):
            found.append(Finding(SECRET_SHAPED, Tier.SHAPED, start, end))
    found.extend(f for f in prefixed_tokens(text, prefix_positions) if f.tier == Tier.SHAPED)
    return found


def prefixed_tokens(text: str, prefix_positions: Iterable[tuple[int, str]]) -> list[Finding]:
    """What follows a provider's prefix (`PREFIXES`) where no format matched it: with a
    random tail of `_FRAGMENT_CHARS` or more, a token cut (or padded) to dodge the formats,
    still a certain secret; with a shorter one, or inside a longer run of base64 ("oy2" in an
    SSH public key), secret-shaped (half a token, or chance)."""
    found: list[Finding] = []
    for position, prefix in prefix_positions:
        end = position + len(prefix)
        while end < len(text) and (text[end].isalnum() or text[end] in "_-"):
            end += 1
        rest = text[position + len(prefix) : end]
        inside = position > 0 and (text[position - 1].isalnum() or text[position - 1] in "+/")
        # A long prefix ("sm_pat_", "glpat-") says more than a short one ("sk-"): four
        # characters after it, of any kind ("sm_pat_prdh", the rest sent apart), are a token
        # cut short, not chance; after a short one, six of two kinds.
        long_prefix = len(prefix) >= 6
        needed = _FRAGMENT_CHARS - 2 if long_prefix else _FRAGMENT_CHARS
        if "EXAMPLE" in rest:  # the AWS documentation's keys ("AKIAIOSFODNN7EXAMPLE")
            found.append(Finding("partial_token", Tier.SHAPED, position, end))
        elif len(rest) >= needed and (long_prefix or _classes(rest) >= 2) and not inside:
            found.append(Finding("provider_token_fragment", Tier.CERTAIN, position, end))
        elif len(rest) >= 2:
            found.append(Finding("partial_token", Tier.SHAPED, position, end))
    return found


_FRAGMENT_CHARS: Final = 6


# A URL, or a host name with a path (image references, links without a scheme).
_URL_RE: Final = re.compile(
    r"[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s<>\"'`]+"
    r"|\b(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?::[0-9]{1,5})?/[^\s<>\"'`]*",
    _FLAGS,
)
_COMPONENT_RE: Final = re.compile(r"[^/?#&=.:@;,]+", _FLAGS)


def _shaped_components(
    text: str, start: int, end: int, benign: list[tuple[int, int]]
) -> list[Finding]:
    found: list[Finding] = []
    for part in _COMPONENT_RE.finditer(text, start, end):
        if any(s <= part.start() and part.end() <= e for s, e in benign):
            continue
        if part.end() - part.start() >= 8 and shaped(part.group()):
            found.append(Finding(SECRET_SHAPED, Tier.SHAPED, part.start(), part.end()))
    return found


def shaped(token: str) -> bool:
    """Whether one token (no spaces) looks like it could be a credential."""
    if _BENIGN_SHAPE_RE.fullmatch(token):
        return False
    letters = sum(c.isalpha() for c in token)
    digits = sum(c.isdigit() for c in token)
    if _HEX_RE.fullmatch(token) and letters and digits:
        return True  # long hex: digests, keys, git SHAs (recall first)
    classes = _classes(token)
    if classes >= 3:
        return True
    if len(token) >= 20 and classes >= 2 and entropy(token) >= 3.5:
        return True
    if letters >= 3 and digits >= 3 and entropy(token) >= 3.0:
        return True
    return digits >= 13 and letters == 0 and len(set(token)) > 3  # long account numbers


def entropy(token: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(token)
    total = len(token)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def secret_hits(text: str) -> list[Hit]:
    """The lexicon hits the prose rule needs (for callers that have none at hand)."""
    return [h for h in words.find(text) if h.concept in ("secret", "benign_compound")]
