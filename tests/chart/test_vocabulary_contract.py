"""The worker, the operator and the chart share one vocabulary (`warden.core.vocabulary`, the
spec and status models): these tests fail when the CRD, the chart's values schema or its
templates say something else than the code does."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest

from tests.chart.conftest import render_once
from tests.chart.emulated_cluster import chart_crds
from warden.core import vocabulary
from warden.core.models import RUN_COUNT_KEYS
from warden.core.names import AGENT_NAME_PATTERN, DEFAULT_AGENT
from warden.core.vocabulary import BRAINS, MODES, Dependency
from warden.operator.spec import WardenWorkerSpec
from warden.operator.status.models import (
    ConditionStatus,
    RunResult,
    Stage,
    SummaryState,
    Trigger,
)

ROOT = Path(__file__).resolve().parents[2]
VALUES_SCHEMA = json.loads((ROOT / "charts/ops-warden/values.schema.json").read_text())


def _crd() -> dict[str, Any]:
    (crd,) = [c for c in chart_crds() if c["spec"]["group"] == vocabulary.GROUP]
    return crd


def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = _crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return schema


def _nodes(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node with the dotted path of properties that leads to it."""
    if not isinstance(node, dict):
        return
    yield path, node
    for name, child in node.get("properties", {}).items():
        yield from _nodes(child, f"{path}.{name}" if path else name)
    if "items" in node:
        yield from _nodes(node["items"], f"{path}[]")


def test_the_crd_names_are_the_vocabulary() -> None:
    crd = _crd()
    names = crd["spec"]["names"]
    assert crd["metadata"]["name"] == f"{vocabulary.PLURAL}.{vocabulary.GROUP}"
    assert (names["kind"], names["plural"]) == (vocabulary.KIND, vocabulary.PLURAL)
    served = [v["name"] for v in crd["spec"]["versions"] if v["storage"]]
    assert served == [vocabulary.VERSION]
    assert f"{vocabulary.GROUP}/{vocabulary.VERSION}" == vocabulary.API_VERSION


def test_every_mode_brain_and_dependency_enum_in_the_crd_is_the_vocabulary() -> None:
    expected = {"mode": MODES, "effectiveMode": MODES, "brain": BRAINS}
    seen = set()
    for path, node in _nodes(_schema()):
        leaf = path.rsplit(".", 1)[-1]
        if leaf in expected:
            assert tuple(node["enum"]) == expected[leaf], path
            seen.add(leaf)
        if leaf == "unavailable[]":
            assert tuple(node["enum"]) == tuple(Dependency), path
            seen.add(leaf)
    assert seen == {*expected, "unavailable[]"}


def test_the_status_enums_are_the_status_models() -> None:
    expected = {
        "result": get_args(RunResult),
        "summary": get_args(SummaryState),
        "trigger": get_args(Trigger),
        "stage": get_args(Stage),
        "status": get_args(ConditionStatus),
    }
    seen = set()
    for path, node in _nodes(_schema()["properties"]["status"]):
        leaf = path.rsplit(".", 1)[-1]
        if leaf in expected:
            assert tuple(node["enum"]) == expected[leaf], path
            seen.add(leaf)
    assert seen == set(expected)


def test_the_run_counts_in_the_crd_are_the_summary_count_keys() -> None:
    counts = dict(_nodes(_schema()))["status.runs[].counts"]
    assert tuple(counts["properties"]) == RUN_COUNT_KEYS


def test_the_crd_defaults_are_the_spec_models() -> None:
    """Every default the apiserver fills in is the one the operator assumes without it."""
    spec = _schema()["properties"]["spec"]
    parsed = WardenWorkerSpec.model_validate({"schedule": "@hourly"}).model_dump(by_alias=True)
    checked = 0
    for path, node in _nodes(spec):
        if "default" not in node or not path or node["default"] == {}:
            continue
        value: Any = parsed
        for part in path.split("."):
            value = value[part]
        assert value == node["default"], path
        checked += 1
    assert checked >= 6
    agent = spec["properties"]["agent"]
    assert (agent["default"], agent["pattern"]) == (DEFAULT_AGENT, AGENT_NAME_PATTERN)
    assert spec["properties"]["mode"]["default"] == vocabulary.DRY_RUN
    assert spec["properties"]["brain"]["default"] == vocabulary.DEFAULT_BRAIN


def test_the_values_schema_enums_are_the_vocabulary() -> None:
    worker = VALUES_SCHEMA["definitions"]["workerSpec"]["properties"]
    assert tuple(worker["mode"]["enum"]) == MODES
    assert tuple(worker["brain"]["enum"]) == BRAINS


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    values = {
        "hub": {"reference": {"enabled": True}},
        "workers": [{"name": "w", "spec": {"schedule": "@hourly"}}],
    }
    return list(render_once(tmp_path_factory.mktemp("contract"), values).manifest)


def _named(manifests: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [m for m in manifests if m.get("kind") == kind]


def test_the_operator_deployment_sets_the_environment_the_operator_reads(
    rendered: list[dict[str, Any]],
) -> None:
    (deployment,) = [
        d
        for d in _named(rendered, "Deployment")
        if d["metadata"]["labels"].get("app.kubernetes.io/component") == "operator"
    ]
    names = {
        env["name"]
        for container in deployment["spec"]["template"]["spec"]["containers"]
        for env in container.get("env", [])
    }
    ours = {value for key, value in vars(vocabulary).items() if key.startswith("ENV_OPERATOR_")}
    ours.add(vocabulary.ENV_WORKER_IMAGE)
    assert names, "the operator's Deployment sets no environment"
    assert names <= ours, f"set by the chart, read by nobody: {sorted(names - ours)}"


def test_the_chart_speaks_the_api_version_and_annotations_of_the_code(
    rendered: list[dict[str, Any]],
) -> None:
    workers = _named(rendered, vocabulary.KIND)
    assert workers
    assert {w["apiVersion"] for w in workers} == {vocabulary.API_VERSION}
    prefix = f"{vocabulary.GROUP}/"
    known = {
        value
        for value in vars(vocabulary).values()
        if isinstance(value, str) and value.startswith(prefix)
    }
    text = json.dumps(rendered)
    used = set(re.findall(rf'"({re.escape(prefix)}[a-z0-9-]+)"', text))
    assert used <= known, f"keys under {prefix} the code does not know: {sorted(used - known)}"
