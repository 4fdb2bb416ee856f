"""Links and addresses in model-drafted text, in every form a reader or a renderer follows.

A link is refused in any form: a scheme (`https://`, `mailto:`, `data:`), `www.`, markdown
links, images and reference definitions, HTML, autolinks, defanged forms (`hxxp`, `[.]`,
`(dot)`), e-mail addresses, IP addresses, host:port, and bare host names: ASCII or Unicode
labels joined by a dot or a dot look-alike ("evil。example", "例子.中国/重置"), loosened with
spaces ("evil . example / reset"), spaced out letter by letter, percent- or HTML-encoded,
base64 or hex, reversed, or spelled out ("evil dot example slash reset"). What decides a
host is its last label: ASCII letters, a known internationalised top-level domain, or a path
after it; loosened and spelled-out forms need a generic top-level domain or a path.

The one exception: a plain `https://` link to a host on the catalog's `allowed_link_hosts`
(that host or a subdomain), with no user, port, query, encoded or unusual path characters,
and not inside markdown or HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from typing import Final
from urllib.parse import unquote, urlsplit

from warden.core import text
from warden.core.taint import vocabulary as vocab

_MARKUP_RE: Final = re.compile(
    r"(?i)[a-z][a-z0-9+.-]{0,20}:[ \t]?(?:/|\\){1,3}[ \t]?[^\s/\\]"  # any scheme
    r"|(?<![\w:/])//[\w-]+[.\u3002\uff61\u06d4\u00b7\u2027]"  # protocol-relative
    r"|\b(?:mailto|data|javascript|vbscript|tel|sms|file|blob|about|magnet|intent|callto"
    r"|skype|facetime|webcal|feed)\s*:\s*[^\s:]"
    r"|\bwww\d{0,3}\b|\b(?:https?|hxxps?|h\*\*ps?|h\.\.ps?|ftps?|sftp)\b"
    r"|!\s*\[|\]\s*[(\[]|^\s*\[[^\]\n]+\]\s*:"  # markdown images, links, references
    r"|<\s*/?\s*(?:a|img|iframe|image|link|script|svg|video|audio|object|embed|source|meta"
    r"|base|form|frame|style|input|picture|area|math)\b"
    r"|\b(?:href|src|srcset|action|formaction|poster|background|xlink:href)\s*="
    r"|<[a-z][a-z0-9+.-]*:[^>\s]*>"  # autolinks
    r"|[\[({]\s*(?:\.|dot|punkt|point|punto|ponto|:|/|@|at)\s*[\])}]"  # defanged
    r"|\bdot(?:com|net|org)?\b"  # "evil dot example": English has no other use for it here
    r"|[^\s@<>()\[\]]+@[^\s@<>()\[\]]+[.\u3002\uff61][^\s@<>()\[\].]{2,}"  # e-mail
    r"|(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)"  # IPv4
    r"|(?<![\w.])(?:\d{8,10}|0x[0-9a-f]{8})(?::\d+)?\s*/"  # a decimal or hex IPv4
    r"|\b[a-z][a-z0-9.-]*[a-z0-9]:\d{2,5}(?![\d:])",  # host:port
    re.MULTILINE,
)
_IPV6_RE: Final = re.compile(r"(?i)(?<![\w:.])\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\]?")
# Labels joined by a dot or a look-alike, with optional spaces around each dot.
_DOT = "[.\u3002\uff61\u06d4\u00b7\u2027\u2024\ufe52\u2022\u2219\u22c5\u30fb\u2e31\u0701\u0702]"
# Where ASCII meets Chinese or Japanese without a space ("访问evil.example获取"): a label ends.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SCRIPT_EDGE_RE: Final = re.compile(f"(?<=[A-Za-z0-9])(?=[{_CJK}])|(?<=[{_CJK}])(?=[A-Za-z0-9])")
_LABEL = r"[^\W_](?:[\w-]{0,62})"
_HOST_RE: Final = re.compile(rf"(?<![\w.-]){_LABEL}(?:{_DOT}{_LABEL})+")
_LOOSE_HOST_RE: Final = re.compile(rf"(?<![\w.-]){_LABEL}(?:[ \t]*{_DOT}[ \t]*{_LABEL})+")
_REVERSED_RE: Final = re.compile(r"(?i)[a-z][a-z0-9+.-]{0,20}:/{1,3}[^\s/]|\bwww\d{0,3}\.")
_SEPARATOR_RE: Final = re.compile(rf"[ \t]*({_DOT})[ \t]*")
_PATH_RE: Final = re.compile(r"[ \t]*/[ \t]*[\w%~.-]")
_ASCII_TLD_RE: Final = re.compile(r"(?i)(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})")
# Abbreviations that look like hosts.
_NOT_HOSTS: Final = frozenset({"e.g", "i.e", "p.ex", "z.b", "d.h", "u.a", "a.m", "p.m", "o.k"})
_SPACED_OUT_RE: Final = re.compile(r"(?<!\S)(?:\S[ \t]){3,}\S(?!\S)")
_TOKEN_RE: Final = re.compile(r"[A-Za-z0-9+/=_-]{8,}")
_URL_RE: Final = re.compile(r"(?i)https://[^\s<>\"'`\[\](){}|^]+")
_ALLOWED_PATH_RE: Final = re.compile(r"(?:/[A-Za-z0-9._~-]*)*")
_ALLOWED_FRAGMENT_RE: Final = re.compile(r"[A-Za-z0-9._~-]*")

_SPELLED_DOT_RE: Final = re.compile(
    r"[\s,;:]*(?:(?:" + "|".join(vocab.SPELLING_FILLERS) + r")\s+)*"
    r"[(\[{]?\s*(?:" + "|".join(vocab.DOT_WORDS) + r")\s*[)\]}]?"
    r"[\s,;:]*(?:(?:" + "|".join(vocab.SPELLING_FILLERS) + r")\s+)*",
    re.IGNORECASE,
)
_SPELLED_SLASH_RE: Final = re.compile(
    r"[\s,;:]*(?:(?:" + "|".join(vocab.SPELLING_FILLERS) + r")\s+)*"
    r"(?:" + "|".join(vocab.SLASH_WORDS) + r"|/)"
    r"[\s,;:]*(?:(?:" + "|".join(vocab.SPELLING_FILLERS) + r")\s+)*",
    re.IGNORECASE,
)


def has_link(body: str, allowed_hosts: Sequence[str]) -> bool:
    """Whether `body` (already `surface`d) carries a link or an address that is not a plain
    https link to an allowed host (see the module docstring)."""
    rest = strip_allowed_links(body, tuple(h.lower() for h in allowed_hosts))
    return any(_link_in(view, mode) for view, mode in _views(rest))


def strip_allowed_links(body: str, allowed: tuple[str, ...]) -> str:
    """`body` with every plain https link to an allowed host blanked out."""
    if not allowed:
        return body
    out: list[str] = []
    pos = 0
    for match in _URL_RE.finditer(body):
        url = match.group().rstrip(".,;:!?")
        if _plain_context(body, match.start()) and allowed_url(url, allowed):
            out.append(body[pos : match.start()])
            out.append(" ")
            pos = match.start() + len(url)
    out.append(body[pos:])
    return "".join(out)


def allowed_url(url: str, allowed: tuple[str, ...]) -> bool:
    """A plain https URL to an allowed host: no user, port, query, escapes or odd paths."""
    if any(c in url for c in "\\%@?") or not url.isascii():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme == "https"
        and parts.netloc.lower() == host
        and any(host == a or host.endswith("." + a) for a in allowed)
        and _ALLOWED_PATH_RE.fullmatch(parts.path) is not None
        and _ALLOWED_FRAGMENT_RE.fullmatch(parts.fragment) is not None
    )


def _plain_context(body: str, start: int) -> bool:
    """Not inside markdown or HTML: `](url)`, `(url)`, `<url>`, `[1]: url`, `src="url"`."""
    before = body[:start].rstrip(" \t")
    return not before.endswith(("(", "[", "<", "=", '"', "'", "]:", "]"))


def _views(rest: str) -> Iterator[tuple[str, str]]:
    """The text, and every form a link can hide in: (view, how it was read)."""
    yield rest, "plain"
    yield rest[::-1], "reversed"
    if "%" in rest:
        yield unquote(rest), "plain"
    if "&" in rest:
        yield html.unescape(rest), "plain"
    spaced = _SPACED_OUT_RE.sub(lambda m: m.group().replace(" ", "").replace("\t", ""), rest)
    if spaced != rest:
        yield spaced, "plain"
    for token in _TOKEN_RE.findall(rest)[:64]:
        decoded = text.decoded_text(token)
        if decoded:
            yield decoded, "plain"
    spelled = _SPELLED_SLASH_RE.sub("/", _SPELLED_DOT_RE.sub(".", rest))
    if spelled != rest:
        yield spelled, "spelled"


def _link_in(view: str, mode: str) -> bool:
    if mode == "plain" and (_MARKUP_RE.search(view) or _ipv6(view)):
        return True
    if mode == "reversed" and _REVERSED_RE.search(view):
        return True
    view = _SCRIPT_EDGE_RE.sub(" ", view)
    strict = mode != "plain"  # a reversed or spelled text needs a generic TLD or a path
    return any(
        _is_host(view, match, loose=strict, spelled=mode == "spelled")
        for match in _HOST_RE.finditer(view)
    ) or any(
        _is_host(view, match, loose=True, spelled=mode == "spelled")
        for match in _LOOSE_HOST_RE.finditer(view)
        if not _HOST_RE.fullmatch(match.group())
    )


def _ipv6(view: str) -> bool:
    return any(
        "::" in match.group() or match.group().count(":") >= 5 for match in _IPV6_RE.finditer(view)
    )


def _is_host(view: str, match: re.Match[str], *, loose: bool, spelled: bool) -> bool:
    host = match.group()
    labels = _SEPARATOR_RE.split(host)[::2]
    separators = list(_SEPARATOR_RE.finditer(host))
    tld = labels[-1]
    if _PATH_RE.match(view, match.end()) and any(c.isalpha() for c in tld):
        return True
    generic = tld.lower() in vocab.GENERIC_TLDS and all(label.isascii() for label in labels)
    if loose:
        # "evil . example" and "evil .com" are hosts in any case; after "Done. Com" only a
        # lowercase label reads as one
        spaced_before = any(sep.group()[0] in " \t" for sep in separators)
        return generic and (spelled or spaced_before or tld.islower())
    if tld in vocab.IDN_TLDS:
        return True
    lookalike = [sep for sep in separators if sep.group(1) != "."]
    if lookalike:
        # "evil。example。com" is a host; "完成。SSO" and "secrets-engine。SSO" are sentences
        for sep in lookalike:
            left, right = host[sep.start() - 1 : sep.start()], host[sep.end() : sep.end() + 1]
            if not (left.isascii() and left.isalnum() and right.isascii() and right.isalnum()):
                return False
        return generic or len(separators) > 1
    if host.lower() in _NOT_HOSTS:
        return False
    return _ASCII_TLD_RE.fullmatch(tld) is not None
