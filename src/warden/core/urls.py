"""The one check of a service base URL (State Hub, llm-connect), for the worker and the
operator alike: a URL the operator accepts in a WardenWorker is one the worker will run with."""

from __future__ import annotations

from urllib.parse import urlsplit

from warden.core.errors import ConfigError


def url_problem(url: str) -> str | None:
    """What makes `url` unusable as a base URL, without repeating the URL; None if usable.

    http(s) with a host, an optional valid port and path; no credentials (tokens travel in
    headers from a Secret), no query or fragment (paths are appended to the base)."""
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        return "is not an http(s) URL with a host"
    if parts.username is not None or parts.password is not None:
        return "must not contain credentials"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    try:
        _ = parts.port
    except ValueError:
        return "has an invalid port"
    return None


def validate_base_url(url: str, what: str) -> str:
    """The base URL without a trailing slash, or a one-line `ConfigError` naming `what`."""
    problem = url_problem(url)
    if problem is not None:
        shown = f" {url!r}" if problem.startswith("is not") else ""
        raise ConfigError(f"{what}{shown} {problem}")
    return url.strip().rstrip("/")
