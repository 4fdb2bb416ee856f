"""kopf's diff base, only where a handler needs it.

kopf builds the "essence" of every object on every watch event of every resource it watches
(a deep copy of the whole body, status and all) to detect changes for on.create / on.update /
on.resume / on.field handlers, and stores it in an annotation after those handlers ran (one
PATCH per change). The operator's handlers are level-based (on.event and indexes): nothing
reads the diff, so the copy and the annotation are pure cost. `NoDiffBase` skips both;
`wants_diffbase` tells whether a registry has a handler that needs the real one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import kopf


class NoDiffBase(kopf.DiffBaseStorage):
    """An empty essence for every object and no stored diff base: no change is ever detected
    (only valid without change-detecting handlers; see `wants_diffbase`)."""

    def build(
        self, *, body: kopf.Body, extra_fields: Iterable[Any] | None = None
    ) -> kopf.BodyEssence:
        return kopf.BodyEssence()

    def fetch(self, *, body: kopf.Body) -> kopf.BodyEssence | None:
        return kopf.BodyEssence()

    def store(self, *, body: kopf.Body, patch: kopf.Patch, essence: kopf.BodyEssence) -> None:
        return None


def wants_diffbase(registry: kopf.OperatorRegistry) -> bool:
    """True when `registry` has change-detecting handlers (on.create, on.update, on.resume,
    on.delete, on.field) or cannot be inspected: keep kopf's annotation diff base then."""
    changing = getattr(registry, "_changing", None)
    handlers = getattr(changing, "get_all_handlers", None)
    if handlers is None:
        return True
    return bool(list(handlers()))
