"""The strict emulator refuses and rewrites what a kube-apiserver refuses and rewrites: the
pure rules (tests/k8s/apiserver.py, openapi.py, quantity.py), then the emulator over HTTP."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import kmock
import pytest

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
