"""What the operator knows of the objects it reads, without asking the API server again.

Two sources, each cheaper than a GET: what the watch delivered (kopf's indexes, passed in by
the caller) and what the API server answered to the operator's own writes (remembered here).
The newer of the two by resourceVersion wins: right after a write the watch may still show the
version before it. An object that no watch covers is trusted from memory for a while only
(`max_age`), so a hand edit is seen again within a resync period.

Pure bookkeeping, no I/O; the handlers decide what to do when nothing is known."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Key = tuple[str, str, str]  # (plural, namespace, name)


def resource_version(body: Mapping[str, Any] | None) -> int | None:
    """The resourceVersion as a number, when it is one (etcd revisions are); None otherwise."""
    value = ((body or {}).get("metadata") or {}).get("resourceVersion")
    if value is None:
        return None
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def newer(
    watched: Mapping[str, Any] | None, written: Mapping[str, Any] | None
) -> Mapping[str, Any] | None:
    """The newer of two versions of one object; the watched one when they cannot be ordered."""
    if written is None:
        return watched
    if watched is None:
        return written
    w, o = resource_version(watched), resource_version(written)
    if w is not None and o is not None and o > w:
        return written
    return watched


def one(values: Iterable[Mapping[str, Any]] | None) -> Mapping[str, Any] | None:
    """The single value a kopf index keeps under a key (None when the key is absent)."""
    for value in values or ():
        return value
    return None


@dataclass
class Observed:
    """The API server's answers to the operator's own writes, by (plural, namespace, name)."""

    clock: Any = time.monotonic
    _written: dict[Key, tuple[float, Mapping[str, Any]]] = field(default_factory=dict)

    def remember(self, plural: str, body: Mapping[str, Any]) -> None:
        meta = body.get("metadata") or {}
        key = (plural, str(meta.get("namespace", "")), str(meta.get("name", "")))
        kept = self._written.get(key)
        if kept is None or newer(kept[1], body) is body:
            self._written[key] = (self.clock(), body)

    def forget(self, plural: str, namespace: str, name: str) -> None:
        self._written.pop((plural, namespace, name), None)

    def written(
        self, plural: str, namespace: str, name: str, max_age: float | None = None
    ) -> Mapping[str, Any] | None:
        """What the last write of ours returned (None when older than `max_age` seconds)."""
        kept = self._written.get((plural, namespace, name))
        if kept is None:
            return None
        if max_age is not None and self.clock() - kept[0] > max_age:
            del self._written[(plural, namespace, name)]
            return None
        return kept[1]

    def current(
        self, plural: str, namespace: str, name: str, watched: Mapping[str, Any] | None
    ) -> Mapping[str, Any] | None:
        """The newest known version of a watched object: the watch's, or our write's when
        that is newer (the watch has not caught up yet)."""
        written = self.written(plural, namespace, name)
        best = newer(watched, written)
        if written is not None and best is not written:
            self.forget(plural, namespace, name)  # the watch caught up: memory not needed
        return best

    def is_own_echo(self, plural: str, body: Mapping[str, Any]) -> bool:
        """Whether a watch event shows exactly the version our own last write produced."""
        meta = body.get("metadata") or {}
        written = self.written(plural, str(meta.get("namespace", "")), str(meta.get("name", "")))
        version = resource_version(body)
        return version is not None and written is not None and resource_version(written) == version
