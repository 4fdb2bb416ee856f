"""The routing catalog: which agent owns which credential kind or topic."""

from __future__ import annotations

import os
import re
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ConfigDict, Field, ValidationError, model_validator

from warden.core.errors import CatalogError
from warden.core.models import WardenModel
from warden.core.names import AGENT_NAME_PATTERN

CATALOG_ENV = "WARDEN_CATALOG"


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
    def _keyword_patterns(self) -> list[tuple[Route, tuple[str, ...], re.Pattern[str]]]:
        out = []
        for route in self.routes:
            words = tuple(k.lower() for k in route.keywords)
            alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            out.append((route, words, re.compile(r"\b(?:" + alternation + r")s?\b")))
        return out

    def match(self, text: str) -> list[Route]:
        """Routes whose keywords occur in `text` (case-insensitive, whole words)."""
        lowered = text.lower()
        return [
            route
            for route, words, pattern in self._keyword_patterns
            # the substring test is a cheap necessary condition for the whole-word search
            if any(word in lowered for word in words) and pattern.search(lowered)
        ]


def parse_catalog(text: str, source: str = "catalog") -> Catalog:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{source}: not valid YAML ({_first_line(str(exc))})") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{source}: expected a mapping with 'version', 'agents' and 'routes'")
    try:
        return Catalog.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise CatalogError(f"{source}: {where}: {err['msg']}") from None


def load_catalog(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load the catalog from `path`, else `$WARDEN_CATALOG`, else the shipped default."""
    chosen = path or os.environ.get(CATALOG_ENV)
    if not chosen:
        text = resources.files("warden").joinpath("data/catalog.yaml").read_text("utf-8")
        return parse_catalog(text, "built-in catalog")
    file = Path(chosen)
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        raise CatalogError(f"catalog {file}: cannot read ({exc.strerror or exc})") from None
    return parse_catalog(text, f"catalog {file}")


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
