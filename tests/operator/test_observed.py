"""The operator's API economy in pure parts: what it knows without reading (observed.py) and
kopf's diff base only where a handler needs it (diffbase.py)."""

from __future__ import annotations

from typing import Any

import kopf

from warden.operator.config import OperatorConfig
from warden.operator.diffbase import NoDiffBase, wants_diffbase
from warden.operator.handlers import Reconciler, build_registry
from warden.operator.observed import Observed, newer, one, resource_version


def body(name: str, rv: str | None, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": "team-a"}
    if rv is not None:
        meta["resourceVersion"] = rv
    return {"metadata": meta, **extra}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_resource_versions_are_ordered_as_numbers() -> None:
    assert resource_version(body("a", "10")) == 10
    assert resource_version(body("a", None)) is None
    assert resource_version(body("a", "opaque")) is None
    assert resource_version(newer(body("a", "9"), body("a", "10"))) == 10
    assert resource_version(newer(body("a", "11"), body("a", "10"))) == 11
    # Versions that cannot be ordered: the watch is believed.
    watched = body("a", "x")
    assert newer(watched, body("a", "10")) is watched
    assert newer(None, watched) is watched
    assert newer(watched, None) is watched


def test_the_newer_of_watch_and_own_write_wins_until_the_watch_catches_up() -> None:
    seen = Observed()
    seen.remember("cronjobs", body("w", "10", spec={"schedule": "new"}))
    # The watch still shows the version before our write.
    current = seen.current("cronjobs", "team-a", "w", body("w", "9", spec={"schedule": "old"}))
    assert current is not None
    assert current["spec"] == {"schedule": "new"}
    # It caught up (or someone wrote after us): the watch's version, and memory is dropped.
    later = body("w", "12", spec={"schedule": "edited"})
    assert seen.current("cronjobs", "team-a", "w", later) is later
    assert seen.written("cronjobs", "team-a", "w") is None


def test_an_older_answer_never_replaces_a_newer_one() -> None:
    seen = Observed()
    seen.remember("configmaps", body("c", "10"))
    seen.remember("configmaps", body("c", "8"))
    assert resource_version(seen.written("configmaps", "team-a", "c")) == 10


def test_unwatched_objects_are_trusted_for_a_while_only() -> None:
    clock = Clock()
    seen = Observed(clock=clock)
    seen.remember("configmaps", body("c", "10"))
    assert seen.written("configmaps", "team-a", "c", max_age=60) is not None
    clock.now = 61
    assert seen.written("configmaps", "team-a", "c", max_age=60) is None
    assert seen.written("configmaps", "team-a", "c") is None  # dropped


def test_own_echo_is_exactly_our_last_version() -> None:
    seen = Observed()
    seen.remember("wardenworkers", body("w", "10"))
    assert seen.is_own_echo("wardenworkers", body("w", "10"))
    assert not seen.is_own_echo("wardenworkers", body("w", "11"))
    assert not seen.is_own_echo("wardenworkers", body("other", "10"))
    seen.forget("wardenworkers", "team-a", "w")
    assert not seen.is_own_echo("wardenworkers", body("w", "10"))


def test_one_value_of_an_index_key() -> None:
    assert one(None) is None
    assert one([]) is None
    assert one([{"a": 1}]) == {"a": 1}


def test_the_operator_registers_no_change_detecting_handler() -> None:
    """Level-based handlers only: kopf keeps no diff base, patches no annotation and adds no
    finalizer. A change-detecting handler brings the real diff base back."""
    registry = build_registry(Reconciler(config=OperatorConfig()))
    assert not wants_diffbase(registry)

    @kopf.on.update("ops-warden.dev", "v1alpha1", "wardenworkers", registry=registry)
    def changed(**_: Any) -> None:
        return None

    assert wants_diffbase(registry)


def test_no_diff_base_detects_nothing_and_stores_nothing() -> None:
    storage = NoDiffBase()
    live = kopf.Body({"metadata": {"name": "w"}, "spec": {"schedule": "* * * * *"}})
    assert storage.build(body=live) == {}
    assert storage.fetch(body=live) == {}
    patch = kopf.Patch()
    storage.store(body=live, patch=patch, essence=storage.build(body=live))
    assert not patch
