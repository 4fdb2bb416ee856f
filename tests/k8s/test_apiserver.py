"""The strict emulator refuses and rewrites what a kube-apiserver refuses and rewrites: the
pure rules (tests/k8s/apiserver.py, openapi.py, quantity.py), then the emulator over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import kmock
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.k8s import apiserver, openapi, quantity
from tests.scenarios.emulator import RESOURCES, ApiServerEmulator, load_crd

# --- JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}', '{"a": 1e400}',
     '{"a": 9223372036854775808}', '{"a": -9223372036854775809}'],
)  # fmt: skip
def test_non_standard_json_is_refused(body: str) -> None:
    assert apiserver.strict_json_problem(body.encode()) is not None


@pytest.mark.parametrize("body", ['{"a": 9223372036854775807}', '{"a": 1.5e300}', "[]"])
def test_standard_json_passes(body: str) -> None:
    assert apiserver.strict_json_problem(body.encode()) is None


# --- quantities ----------------------------------------------------------------------------

CANONICAL = {
    "0.5": "500m", "500m": "500m", "1000m": "1", "1": "1", "1.5": "1500m", "1000": "1k",
    "1500": "1500", "1.5Gi": "1536Mi", "2048Ki": "2Mi", "0.5Ki": "512", "0.1Ki": "102400m",
    "64Mi": "64Mi", "1e3": "1e3", "0.0000000001": "1n", "0": "0", "12e-3": "12e-3",
}  # fmt: skip


@pytest.mark.parametrize(("given", "stored"), CANONICAL.items())
def test_quantities_are_stored_in_canonical_form(given: str, stored: str) -> None:
    assert quantity.canonical(given) == stored


def test_numbers_are_quantities_too() -> None:
    assert quantity.canonical(2) == "2"
    assert quantity.canonical(0.25) == "250m"


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "5Xi", "--1", "1e"])
def test_what_is_not_a_quantity(text: str) -> None:
    with pytest.raises(quantity.QuantityError):
        quantity.canonical(text)


# --- CronJobs ------------------------------------------------------------------------------


def cronjob(schedule: str = "*/5 * * * *", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "w", "namespace": "team-a"},
        "spec": {
            "schedule": schedule,
            "jobTemplate": {"spec": {"template": {"spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "c", "image": "i",
                                "resources": {"requests": {"cpu": "0.5", "memory": "0.5Gi"}}}],
            }}}},
            **spec,
        },
    }  # fmt: skip


@pytest.mark.parametrize("schedule", ["0 0 L * *", "a b c d e", "* * * * 7", "@every"])
def test_cronjob_schedules_the_parser_refuses(schedule: str) -> None:
    errors = apiserver.admit_builtin(cronjob(schedule))
    assert errors
    assert errors[0].startswith(f'spec.schedule: Invalid value: "{schedule}": ')


def test_cronjob_time_zone_and_name() -> None:
    body = cronjob(timeZone="Mars/Olympus_Mons")
    body["metadata"]["name"] = "w" * 53
    errors = apiserver.admit_builtin(body)
    assert any(e.startswith('spec.timeZone: Invalid value: "Mars/Olympus_Mons"') for e in errors)
    assert any("must be no more than 52 characters" in e for e in errors)


def test_cronjob_quantities_are_canonicalised_and_unknown_fields_refused() -> None:
    body = cronjob()
    assert apiserver.admit_builtin(body) == []
    container = body["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    assert container["resources"]["requests"] == {"cpu": "500m", "memory": "512Mi"}
    body["spec"]["jobTemplate"]["spec"]["template"]["spec"]["hostNetwrok"] = True
    assert apiserver.admit_builtin(body)


# The compiled schema check (jsonschema-rs) answers first and jsonschema only words what it
# refuses, so the two must agree on every object: whole classes of wrong objects, made from
# valid ones of each kind the operator writes by one mutation anywhere in them.

POD = {
    "restartPolicy": "Never",
    "automountServiceAccountToken": False,
    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "fsGroup": 10001,
                        "seccompProfile": {"type": "RuntimeDefault"}},
    "nodeSelector": {"pool": "batch"},
    "tolerations": [{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}],
    "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "pool", "operator": "In", "values": ["batch"]}]}]}}},
    "containers": [{
        "name": "worker", "image": "ghcr.io/ops-warden/ops-warden:0.1.0",
        "command": ["warden", "worker", "run", "--once"],
        "env": [{"name": "WARDEN_AGENT", "value": "ops-warden"},
                {"name": "WARDEN_HUB_TOKEN", "valueFrom": {"secretKeyRef": {
                    "name": "hub", "key": "token", "optional": False}}}],
        "resources": {"limits": {"memory": "256Mi"}, "requests": {"cpu": "50m"}},
        "securityContext": {"readOnlyRootFilesystem": True, "allowPrivilegeEscalation": False,
                            "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "catalog", "mountPath": "/etc/warden", "readOnly": True}],
    }],
    "volumes": [{"name": "catalog", "downwardAPI": {"items": [{"path": "catalog.yaml",
                 "fieldRef": {"fieldPath": "metadata.annotations['ops-warden.dev/catalog']"}}]}},
                {"name": "cm", "configMap": {"name": "w-catalog"}},
                {"name": "tmp", "emptyDir": {"sizeLimit": "16Mi"}}],
}  # fmt: skip
META = {"name": "w", "namespace": "team-a", "labels": {"app": "w"},
        "annotations": {"ops-warden.dev/rendered-hash": "abc"},
        "ownerReferences": [{"apiVersion": "ops-warden.dev/v1alpha1", "kind": "WardenWorker",
                             "name": "w", "uid": "u1", "controller": True}]}  # fmt: skip
JOB_SPEC = {"backoffLimit": 1, "activeDeadlineSeconds": 600, "ttlSecondsAfterFinished": 86400,
            "template": {"metadata": {"labels": {"app": "w"}}, "spec": POD}}  # fmt: skip
VALID_OBJECTS: list[dict[str, Any]] = [
    {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": META,
     "spec": {"schedule": "*/15 * * * *", "suspend": True, "concurrencyPolicy": "Forbid",
              "startingDeadlineSeconds": 300, "jobTemplate": {"spec": JOB_SPEC}}},
    {"apiVersion": "batch/v1", "kind": "Job", "metadata": META, "spec": JOB_SPEC},
    {"apiVersion": "v1", "kind": "Pod", "metadata": META, "spec": POD},
    {"apiVersion": "v1", "kind": "ConfigMap", "metadata": META, "data": {"catalog.yaml": "x"}},
    {"apiVersion": "v1", "kind": "Event", "metadata": META, "type": "Normal",
     "reason": "CronJobCreated", "message": "created CronJob w", "count": 1,
     "involvedObject": {"apiVersion": "ops-warden.dev/v1alpha1", "kind": "WardenWorker",
                        "name": "w", "namespace": "team-a", "uid": "u1"},
     "source": {"component": "ops-warden"}, "firstTimestamp": "2026-12-01T10:00:00Z"},
]  # fmt: skip


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value (the root included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**40), 2**40), st.floats(allow_nan=False, width=32),
    st.text(max_size=8), st.just([]), st.just({}), st.just(["x"]), st.just({"x": 1}),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_the_compiled_check_agrees_with_jsonschema(data: st.DataObject) -> None:
    obj = json.loads(json.dumps(data.draw(st.sampled_from(VALID_OBJECTS))))
    api_version, kind = obj["apiVersion"], obj["kind"]  # the schema of the valid object
    path = data.draw(st.sampled_from(_paths(obj)[1:]))
    parent = obj
    for part in path[:-1]:
        parent = parent[part]
    how = data.draw(st.sampled_from(["replace", "delete", "add an unknown field"]))
    if how == "replace":
        parent[path[-1]] = data.draw(REPLACEMENTS)
    elif how == "delete":
        del parent[path[-1]]
    elif isinstance(parent[path[-1]], dict):
        parent[path[-1]]["unknownField"] = data.draw(REPLACEMENTS)
    validator = apiserver._builtin_validator(api_version, kind)
    assert validator is not None
    refused_by_jsonschema = next(iter(validator.iter_errors(obj)), None) is not None
    assert apiserver.builtin_is_valid(api_version, kind, obj) == (not refused_by_jsonschema)


def test_the_valid_objects_are_valid() -> None:
    for obj in VALID_OBJECTS:
        assert apiserver.admit_builtin(json.loads(json.dumps(obj))) == [], obj["kind"]


def _pod_template(obj: dict[str, Any]) -> dict[str, Any]:
    """The pod template (metadata + spec) inside a CronJob, a Job; a Pod is its own."""
    if obj["kind"] == "CronJob":
        return dict(obj["spec"]["jobTemplate"]["spec"]["template"])
    return dict(obj["spec"]["template"]) if obj["kind"] == "Job" else obj


@pytest.mark.parametrize("kind", ["CronJob", "Job", "Pod"])
@pytest.mark.parametrize(
    ("annotations", "refused"),
    [({"a": "x" * (256 * 1024 - 1)}, False), ({"a": "x" * (256 * 1024)}, True),
     ({"a": "x" * 200_000, "b": "y" * 70_000}, True), ({"ops-warden.dev/catalog": "v"}, False),
     ({"bad key": "v"}, True), ({"-lead": "v"}, True), ({"a/b/c": "v"}, True)],
)  # fmt: skip
def test_annotations_are_limited_in_size_and_keys(
    kind: str, annotations: dict[str, str], refused: bool
) -> None:
    """ValidateObjectMeta: 256 KiB of annotation keys and values per object (a pod template
    counts as one), keys that are qualified names - in any template the object holds."""
    (obj,) = (json.loads(json.dumps(o)) for o in VALID_OBJECTS if o["kind"] == kind)
    _pod_template(obj).setdefault("metadata", {})["annotations"] = annotations
    errors = apiserver.admit_builtin(obj)
    assert bool(errors) == refused, errors
    assert all("metadata.annotations" in error for error in errors)


@pytest.mark.parametrize(
    ("path", "refused"),
    [("metadata.annotations['ops-warden.dev/catalog']", False), ("metadata.labels['app']", False),
     ("metadata.name", False), ("metadata.uid", False), ("metadata.annotations", False),
     ("spec.nodeName", True), ("status.podIP", True), ("metadata.annotations['bad key']", True),
     ("metadata.annotations[ops-warden.dev/catalog]", True), ("", True)],
)  # fmt: skip
def test_downward_api_volumes_take_the_field_paths_volumes_support(
    path: str, refused: bool
) -> None:
    for obj in VALID_OBJECTS:
        if obj["kind"] not in ("CronJob", "Job", "Pod"):
            continue
        obj = json.loads(json.dumps(obj))
        volume = _pod_template(obj)["spec"]["volumes"][0]
        volume["downwardAPI"]["items"][0]["fieldRef"]["fieldPath"] = path
        errors = apiserver.admit_builtin(obj)
        assert bool(errors) == refused, (obj["kind"], errors)
        assert all("Unsupported value" in error for error in errors)


# --- custom resources ------------------------------------------------------------------------

SCHEMA = load_crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]


def wardenworker(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "ops-warden.dev/v1alpha1",
        "kind": "WardenWorker",
        "metadata": {"name": "w", "namespace": "team-a"},
        "spec": {"schedule": "*/5 * * * *", **spec},
    }


def test_custom_resources_are_defaulted_and_pruned() -> None:
    stored, errors = openapi.admit(SCHEMA, wardenworker(dryRun=True, timeZone=None))
    assert errors == []
    spec = stored["spec"]
    assert "dryRun" not in spec
    assert "timeZone" not in spec
    assert (spec["suspend"], spec["mode"], spec["brain"]) == (True, "dry-run", "rule")
    assert spec["shakedown"] == {"requiredCleanDryRuns": 1, "requiredManualRuns": 1}
    assert stored["metadata"] == {"name": "w", "namespace": "team-a"}


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ({"mode": "yolo"}, 'spec.mode: Unsupported value: "yolo": supported values: "dry-run", "execute"'),
        ({"maxMessagesPerRun": 0}, "spec.maxMessagesPerRun: Invalid value: 0: spec.maxMessagesPerRun in body should be greater than or equal to 1"),
        ({"maxMessagesPerRun": "5"}, 'spec.maxMessagesPerRun: Invalid value: "string": spec.maxMessagesPerRun in body must be of type integer: "string"'),
        ({"schedule": "0 0 L * *"}, 'spec.schedule: Invalid value: "string": schedule must be five cron fields'),
        ({"hub": {"url": "https://u:p@hub"}}, 'spec.hub.url: Invalid value: "string": hub.url must be'),
        ({"hub": {"tokenSecretRef": {"name": "s"}}}, "spec.hub.tokenSecretRef.key: Required value"),
    ],
)  # fmt: skip
def test_custom_resources_are_validated_with_their_rules(spec: dict[str, Any], error: str) -> None:
    _stored, errors = openapi.admit(SCHEMA, wardenworker(**spec))
    assert any(e.startswith(error) for e in errors), errors


def test_the_name_rule_at_the_root() -> None:
    body = wardenworker()
    body["metadata"]["name"] = "w" * 53
    _stored, errors = openapi.admit(SCHEMA, body)
    assert any("metadata.name must be at most 52 characters" in e for e in errors), errors


def test_status_is_validated_against_the_schema() -> None:
    body = wardenworker()
    body["status"] = {"runs": [{"jobName": "j", "messagesSeen": 1.5}], "observedGeneration": "1"}
    _stored, errors = openapi.admit(SCHEMA, body)
    assert any(e.startswith("status.runs[0].messagesSeen: Invalid value") for e in errors), errors
    assert any(e.startswith("status.observedGeneration: Invalid value") for e in errors)


def test_an_update_reports_only_what_it_changed() -> None:
    old = wardenworker(mode="yolo")
    new = {**old, "status": {"cronJobName": "w"}}
    _stored, errors = openapi.admit(SCHEMA, new)
    assert errors
    assert apiserver.ratchet(errors, old, new) == []


# --- the emulator over HTTP ------------------------------------------------------------------


@pytest.fixture
async def emulator() -> AsyncIterator[tuple[ApiServerEmulator, kmock.Server]]:
    async with ApiServerEmulator() as emu, kmock.Server(emu) as server:
        for resource, info in RESOURCES.items():
            emu.resources[resource] = kmock.ResourceInfo(**info)
        emu.install_crd(load_crd())
        yield emu, server


async def _post(emu: ApiServerEmulator, path: str, body: str) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    async with emu.request("POST", path, data=body.encode(), headers=headers) as response:
        return response.status, await response.json(content_type=None)


CRONJOBS = "/apis/batch/v1/namespaces/team-a/cronjobs"


async def test_the_emulator_refuses_nan_with_400(
    emulator: tuple[ApiServerEmulator, kmock.Server],
) -> None:
    emu, _server = emulator
    body = json.dumps(cronjob()).replace('"0.5Gi"', "NaN")
    status, payload = await _post(emu, CRONJOBS, body)
    assert status == 400
    assert "NaN" in payload["message"]


async def test_the_emulator_refuses_a_bad_schedule_with_422(
    emulator: tuple[ApiServerEmulator, kmock.Server],
) -> None:
    emu, _server = emulator
    status, payload = await _post(emu, CRONJOBS, json.dumps(cronjob("0 0 L * *")))
    assert status == 422
    assert payload["reason"] == "Invalid"
    assert payload["message"].startswith(
        'CronJob.batch "w" is invalid: spec.schedule: Invalid value: "0 0 L * *"'
    )


async def test_the_emulator_stores_canonical_quantities_and_no_status_on_create(
    emulator: tuple[ApiServerEmulator, kmock.Server],
) -> None:
    emu, _server = emulator
    body = {**cronjob(), "status": {"active": [{"name": "x"}]}}
    status, stored = await _post(emu, CRONJOBS, json.dumps(body))
    assert status == 200, stored
    pod = stored["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["containers"][0]["resources"]["requests"] == {"cpu": "500m", "memory": "512Mi"}
    assert "status" not in stored


async def test_the_emulator_defaults_and_validates_custom_resources(
    emulator: tuple[ApiServerEmulator, kmock.Server],
) -> None:
    emu, _server = emulator
    path = "/apis/ops-warden.dev/v1alpha1/namespaces/team-a/wardenworkers"
    status, stored = await _post(emu, path, json.dumps(wardenworker(extra=1)))
    assert status == 200, stored
    assert stored["spec"]["suspend"] is True
    assert "extra" not in stored["spec"]
    status, payload = await _post(
        emu, path, json.dumps(wardenworker(mode="yolo") | {"metadata": {"name": "v"}})
    )
    assert status == 422
    assert (
        'WardenWorker.ops-warden.dev "v" is invalid: spec.mode: Unsupported value'
        in payload["message"]
    )
