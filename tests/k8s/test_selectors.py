"""Label and field selectors as the API server reads them (tests/k8s/selectors.py), the
emulator honouring them on lists and watches, and the operator's own server-side selectors
selecting exactly what it renders and reads."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import kmock
import kopf
import pytest

from tests.k8s.selectors import (
    SelectorError,
    WatchFilter,
    field_selector,
    label_selector,
    selection,
)
from tests.scenarios.emulator import RESOURCES, ApiServerEmulator, load_crd
from tests.scenarios.operator_flow import default_config
from warden.core.vocabulary import WORKER_LABEL
from warden.operator import kopf_settings, render
from warden.operator.config import OperatorConfig
from warden.operator.spec import parse_spec

LABELS = {"app": "web", "tier": "front", "example.com/owner": "team-a"}

MATCHES = [
    ("", True),
    ("app", True),
    ("!app", False),
    ("!missing", True),
    ("app=web", True),
    ("app==web", True),
    ("app = web", True),
    ("app=db", False),
    ("app!=db", True),
    ("missing!=x", True),  # != also selects objects without the label
    ("app in (web,db)", True),
    ("app in (db, cache)", False),
    ("app notin (db)", True),
    ("missing notin (db)", True),  # so does notin
    ("app in(web)", True),
    ("app=web,tier=front", True),
    ("app=web,tier=back", False),
    ("example.com/owner=team-a", True),
    ("tier in (front,back),!missing,app", True),
    ("app=", False),
    ("missing=", False),
]
REFUSED_LABELS = [
    "app=web,",  # a trailing comma: a requirement is missing
    ",app",
    "app in web",  # no parentheses
    "app in (web",
    "-app",  # a key starts with an alphanumeric character
    "app=web=x",
    "app=" + "v" * 64,  # a value of at most 63 characters
    "k" * 64,
    "Upper.Case/app",  # the prefix is a DNS subdomain
    "a b",
]


@pytest.mark.parametrize(("text", "selected"), MATCHES, ids=[m[0] or "empty" for m in MATCHES])
def test_label_selectors_select_as_the_apiserver_does(text: str, selected: bool) -> None:
    assert label_selector(text)(LABELS) is selected


@pytest.mark.parametrize("text", REFUSED_LABELS)
def test_label_selectors_the_apiserver_cannot_parse_are_refused(text: str) -> None:
    with pytest.raises(SelectorError, match="unable to parse requirement"):
        label_selector(text)


POD = {
    "metadata": {"name": "p", "namespace": "team-a"},
    "spec": {"nodeName": "n1", "hostNetwork": False},
    "status": {"phase": "Running"},
}


def test_field_selectors_select_by_name_namespace_and_the_kinds_own_fields() -> None:
    assert field_selector("metadata.name=p", "Pod")(POD)
    assert field_selector("metadata.name==p,metadata.namespace=team-a", "Pod")(POD)
    assert not field_selector("metadata.namespace!=team-a", "Pod")(POD)
    assert field_selector("status.phase=Running,spec.nodeName=n1", "Pod")(POD)
    assert field_selector("spec.hostNetwork=false", "Pod")(POD)
    assert not field_selector("status.phase=Succeeded", "Pod")(POD)
    assert field_selector("", "Pod")(POD)
    assert field_selector(r"metadata.name=a\,b", "ConfigMap")({"metadata": {"name": "a,b"}})


def test_field_selectors_the_apiserver_does_not_index_are_refused() -> None:
    with pytest.raises(SelectorError, match=r'"status.phase" is not a known field selector: '
                       r'only "metadata.name", "metadata.namespace"$'):  # fmt: skip
        field_selector("status.phase=Running", "ConfigMap")
    with pytest.raises(SelectorError, match="not a known field selector"):
        field_selector("spec.schedule=x", "CronJob")
    with pytest.raises(SelectorError, match="can't understand"):
        field_selector("metadata.name", "Pod")


def _event(kind: str, name: str, **labels: str) -> dict[str, Any]:
    return {"type": kind, "object": {"metadata": {"name": name, "namespace": "ns",
                                                  "labels": labels}}}  # fmt: skip


def test_a_watch_sees_objects_enter_and_leave_its_selection() -> None:
    selected = selection({"labelSelector": "app=web"}, "ConfigMap")
    assert selected is not None
    view = WatchFilter(selected)

    def seen(event: dict[str, Any]) -> list[str]:
        return [e["type"] for e in view(event)]

    assert seen(_event("ADDED", "other", app="db")) == []
    assert seen(_event("ADDED", "a", app="web")) == ["ADDED"]
    assert seen(_event("MODIFIED", "a", app="web")) == ["MODIFIED"]
    assert seen(_event("MODIFIED", "a", app="db")) == ["DELETED"]  # left the selection
    assert seen(_event("MODIFIED", "a", app="db")) == []
    assert seen(_event("MODIFIED", "a", app="web")) == ["ADDED"]  # came back
    assert seen(_event("DELETED", "a", app="web")) == ["DELETED"]
    assert seen(_event("DELETED", "other", app="db")) == []
    bookmark = {"type": "BOOKMARK", "object": {"metadata": {"resourceVersion": "7"}}}
    assert list(view(bookmark)) == [bookmark]


def test_no_selector_selects_everything() -> None:
    assert selection({}, "Pod") is None
    assert selection({"labelSelector": " ", "fieldSelector": ""}, "Pod") is None


# --- the operator's own selectors ------------------------------------------------------------


def test_the_operators_selectors_select_what_it_renders_and_reads() -> None:
    """kopf_settings asks the API server for labelled Jobs, CronJobs and Pods, and for its own
    ConfigMap by name: the objects it renders carry the label, and no other ConfigMap is
    streamed to it."""
    settings = kopf.OperatorSettings()
    kopf_settings.configure(
        settings, registry=kopf.OperatorRegistry(), resync_seconds=60, namespaces=["team-a"],
        configmap_namespace="ops", configmap_name="ops-warden-operator",
    )  # fmt: skip
    ref = render.WorkerRef(name="w", namespace="team-a", uid="u-1")
    config = OperatorConfig(namespace="ops").with_configmap(default_config())
    cronjob = render.render_cronjob(ref, parse_spec({"schedule": "*/5 * * * *"}), config, "dry-run")
    job_labels = cronjob["spec"]["jobTemplate"]["metadata"]["labels"]
    pod_labels = cronjob["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    for resource, labels in ((("batch", "v1", "cronjobs"), cronjob["metadata"]["labels"]),
                             (("batch", "v1", "jobs"), job_labels),
                             (("", "v1", "pods"), pod_labels)):  # fmt: skip
        (text,) = settings.watching.label_selectors.collect(kopf.Resource(*resource))
        assert label_selector(text)(labels), (resource, text)
        assert not label_selector(text)({"app": "someone-else"})
    (fields,) = settings.watching.field_selectors.collect(kopf.Resource("", "v1", "configmaps"))
    own = {"metadata": {"name": "ops-warden-operator", "namespace": "ops"}}
    other = {
        "metadata": {"name": "w-catalog", "namespace": "team-a", "labels": {WORKER_LABEL: "w"}}
    }
    assert field_selector(fields, "ConfigMap")(own)
    assert not field_selector(fields, "ConfigMap")(other)
    assert WORKER_LABEL in cronjob["metadata"]["labels"]


# --- the emulator over HTTP ------------------------------------------------------------------


@pytest.fixture
async def emu() -> AsyncIterator[ApiServerEmulator]:
    async with ApiServerEmulator() as emulator, kmock.Server(emulator):
        for resource, info in RESOURCES.items():
            emulator.resources[resource] = kmock.ResourceInfo(**info)
        emulator.install_crd(load_crd())
        yield emulator


CONFIGMAPS = "/api/v1/namespaces/team-a/configmaps"


async def _create(emu: ApiServerEmulator, name: str, **labels: str) -> None:
    body = {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": "team-a", "labels": labels}}  # fmt: skip
    headers = {"Content-Type": "application/json"}
    async with emu.request("POST", CONFIGMAPS, data=json.dumps(body), headers=headers) as resp:
        assert resp.status == 200, await resp.text()


async def _get(emu: ApiServerEmulator, query: str) -> tuple[int, Any]:
    async with emu.request("GET", f"{CONFIGMAPS}?{query}") as response:
        return response.status, await response.json(content_type=None)


async def test_the_emulator_lists_what_the_selectors_select(emu: ApiServerEmulator) -> None:
    await _create(emu, "a", app="web")
    await _create(emu, "b", app="db")
    status, listing = await _get(emu, "labelSelector=app%3Dweb")
    assert status == 200
    assert [item["metadata"]["name"] for item in listing["items"]] == ["a"]
    status, listing = await _get(emu, "fieldSelector=metadata.name%3Db")
    assert [item["metadata"]["name"] for item in listing["items"]] == ["b"]
    status, listing = await _get(emu, "")
    assert sorted(item["metadata"]["name"] for item in listing["items"]) == ["a", "b"]


@pytest.mark.parametrize(
    ("query", "words"),
    [("labelSelector=app%20in%20web", "unable to parse requirement"),
     ("fieldSelector=data.x%3D1", '"data.x" is not a known field selector')],
)  # fmt: skip
async def test_the_emulator_refuses_selectors_the_apiserver_refuses(
    emu: ApiServerEmulator, query: str, words: str
) -> None:
    status, payload = await _get(emu, query)
    assert status == 400
    assert payload["reason"] == "BadRequest"
    assert words in payload["message"]
    status, payload = await _get(emu, f"watch=true&{query}")
    assert status == 400


async def test_the_emulator_watches_through_the_selectors(emu: ApiServerEmulator) -> None:
    await _create(emu, "before-db", app="db")
    await _create(emu, "before-web", app="web")
    async with emu.request("GET", f"{CONFIGMAPS}?watch=true&labelSelector=app%3Dweb") as resp:
        await _create(emu, "after-db", app="db")
        await _create(emu, "after-web", app="web")
        seen: list[tuple[str, str]] = []
        while len(seen) < 2:
            line = await asyncio.wait_for(resp.content.readline(), timeout=5)
            if line.strip():
                event = json.loads(line)
                seen.append((event["type"], event["object"]["metadata"]["name"]))
    assert seen == [("ADDED", "before-web"), ("ADDED", "after-web")]
