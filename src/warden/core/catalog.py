"""The routing catalog: which agent owns which credential kind or topic."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from warden.core.errors import CatalogError
from warden.core.models import WardenModel
from warden.core.names import AGENT_NAME_PATTERN


class Route(WardenModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=63)
    owner: str = Field(pattern=AGENT_NAME_PATTERN)
    description: str = Field(min_length=1, max_length=200)
    keywords: list[str] = Field(min_length=1)


class Catalog(WardenModel):
    """A validated catalog. Owners of every route must be declared agents."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, le=1)
    agents: dict[str, str] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    # Hosts a model-drafted reply may link to (exact, or a subdomain of one); none by default.
    allowed_link_hosts: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _owners_are_agents(self) -> Catalog:
        for host in self.allowed_link_hosts:
            if not re.fullmatch(
                r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", host
            ):
                raise ValueError(f"allowed_link_hosts: {host!r} is not a lowercase host name")
        for name in self.agents:
            if not re.fullmatch(AGENT_NAME_PATTERN, name):
                raise ValueError(f"agent name {name!r} is not a DNS-1123 label")
        seen: set[str] = set()
        for route in self.routes:
            if route.owner not in self.agents:
                raise ValueError(f"route {route.topic!r}: owner {route.owner!r} is not in agents")
            if route.topic in seen:
                raise ValueError(f"route {route.topic!r} is declared twice")
            seen.add(route.topic)
        return self

    def owns(self, agent: str) -> bool:
        return agent in self.agents

    @cached_property
    def _keywords(self) -> _Keywords:
        """Every keyword's pattern, found through a substring any match must contain (one
        automaton pass over the text finds the keywords worth searching)."""
        from ahocorasick_rs import AhoCorasick

        by_anchor: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        for index, route in enumerate(self.routes):
            for word in sorted({fold_keyword(k) for k in route.keywords}):
                pattern = re.compile(_keyword_regex(word))
                by_anchor.setdefault(_anchor(word), []).append((index, pattern))
        anchors = sorted(by_anchor)
        return _Keywords(AhoCorasick(anchors), tuple(tuple(by_anchor[a]) for a in anchors))

    def match(self, text: str) -> list[Route]:
        """Routes whose keywords occur in `text`: case- and accent-insensitive, whole words in
        scripts written with spaces ("ssh" is not in "sshd", but is in "SSH证明书"), anywhere in
        Chinese and Japanese; a space or hyphen in a keyword matches spaces, hyphens or
        underscores ("api key" finds "API-Key"), and a Latin keyword takes a plural "s"."""
        folded = fold_keyword(text)
        keywords = self._keywords
        found: set[int] = set()
        for anchor in {m[0] for m in keywords.automaton.find_matches_as_indexes(folded, True)}:
            for route, pattern in keywords.patterns[anchor]:
                if route not in found and pattern.search(folded):
                    found.add(route)
        return [route for index, route in enumerate(self.routes) if index in found]


# Letters and digits of the scripts written with spaces between words: a keyword in them must
# not continue into another such character. Chinese and Japanese have no spaces.
_SPACED = r"0-9a-z\u00df-\u024f\u0370-\u03ff\u0400-\u04ff"
_SPACED_RE = re.compile(f"[{_SPACED}]")
_JOINERS = frozenset(" -_")


def fold_keyword(text: str) -> str:
    """`text` as keywords are matched: lowercase, accents and other combining marks removed
    (so "données" is "donnees", "учётные" is "учетные"), typographic apostrophes plain."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _anchor(word: str) -> str:
    """The longest run of `word` without joiners or a change of script: a substring any match
    must contain ("api密钥" may be written "api 密钥")."""
    runs: list[str] = re.findall(f"[{_SPACED}]+|[^{_SPACED} _-]+", word)
    return max(runs, key=len)


def _keyword_regex(word: str) -> str:
    pieces: list[str] = []
    previous = ""
    for char in word:
        if char in _JOINERS:
            if not pieces or pieces[-1] != r"[\s_-]+":
                pieces.append(r"[\s_-]+")
            previous = ""
            continue
        if previous and bool(_SPACED_RE.match(previous)) != bool(_SPACED_RE.match(char)):
            pieces.append(r"\s?")  # "api密钥" or "api 密钥"
        pieces.append(re.escape(char))
        previous = char
    left = f"(?<![{_SPACED}])" if _SPACED_RE.match(word[0]) else ""
    right = f"s?(?![{_SPACED}])" if _SPACED_RE.match(word[-1]) else ""
    return left + "".join(pieces) + right


@dataclass(frozen=True, slots=True)
class _Keywords:
    automaton: Any  # ahocorasick_rs.AhoCorasick over the anchors
    patterns: tuple[tuple[tuple[int, re.Pattern[str]], ...], ...]  # (route, pattern) by anchor


MAX_CATALOG_BYTES = 1024 * 1024  # a ConfigMap holds at most 1 MiB; real catalogs are a few KB


def parse_catalog(text: str, source: str = "catalog") -> Catalog:
    """The catalog in `text`, or one `CatalogError` line naming `source` - whatever the text."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{source}: not valid YAML ({_first_line(str(exc))})") from None
    except RecursionError:
        raise CatalogError(f"{source}: not valid YAML (nested too deeply)") from None
    except Exception as exc:
        # PyYAML's scalar constructors raise what the conversion raises (ValueError for
        # 2001-02-30, IndexError for an empty `!!int`): the text is not a catalog either way.
        detail = _first_line(str(exc)) or type(exc).__name__
        raise CatalogError(f"{source}: not valid YAML (a value cannot be read: {detail})") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{source}: expected a mapping with 'version', 'agents' and 'routes'")
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise CatalogError(f"{source}: {where}: {err['msg']}") from None


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load the catalog from `path`, else the shipped default. (The worker's settings choose
    the path: `--catalog`, else `$WARDEN_CATALOG`.)"""
    chosen = path
    if not chosen:
        text = resources.files("warden").joinpath("data/catalog.yaml").read_text("utf-8")
        return parse_catalog(text, "built-in catalog")
    file = Path(chosen)
    return parse_catalog(read_catalog_text(file), f"catalog {file}")


def read_catalog_text(file: Path) -> str:
    """The text of a catalog file, or one `CatalogError` line saying why it cannot be read:
    missing, no permission, not a regular file (a directory, a FIFO that would block, a
    device), larger than `MAX_CATALOG_BYTES`, or not UTF-8."""
    where = f"catalog {file}"
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            raise CatalogError(f"{where}: cannot read (is a directory)")
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError(f"{where}: cannot read (not a regular file)")
        if info.st_size > MAX_CATALOG_BYTES:
            raise CatalogError(f"{where}: cannot read (larger than {MAX_CATALOG_BYTES} bytes)")
        with file.open("rb") as handle:
            data = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise CatalogError(f"{where}: cannot read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_CATALOG_BYTES:  # it grew after the stat
        raise CatalogError(f"{where}: cannot read (larger than {MAX_CATALOG_BYTES} bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"{where}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
