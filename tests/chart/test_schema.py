"""values.schema.json rejects bad values with a message that names the key, and agrees with
the WardenWorker CRD on what a worker spec may hold."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

from tests.chart.conftest import Render, schema_refusal
from tests.chart.emulated_cluster import CHART_DIR, chart_crds

pytestmark = pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning")

SCHEMA: dict[str, Any] = json.loads((CHART_DIR / "values.schema.json").read_text())


def _worker(**spec: Any) -> dict[str, Any]:
    return {"workers": [{"name": "w", "spec": {"schedule": "@hourly", **spec}}]}


BAD_VALUES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("mode-enum", _worker(mode="yolo"), ["/workers/0/spec/mode", "dry-run", "execute"]),
    ("brain-enum", _worker(brain="gpt"), ["/workers/0/spec/brain", "rule", "llm"]),
    (
        "schedule-not-cron",
        _worker(schedule="every 5 minutes"),
        ["/workers/0/spec/schedule", "does not match pattern"],
    ),
    ("schedule-required", {"workers": [{"name": "w", "spec": {}}]}, ["missing", "schedule"]),
    ("worker-name-required", {"workers": [{"spec": {"schedule": "@daily"}}]}, ["name"]),
    (
        "worker-name-too-long",
        {"workers": [{"name": "w" * 53, "spec": {"schedule": "@daily"}}]},
        ["/workers/0/name"],
    ),
    ("unknown-spec-field", _worker(dryRun=True), ["/workers/0/spec", "dryRun"]),
    ("hub-url-scheme", _worker(hub={"url": "ftp://hub"}), ["/workers/0/spec/hub/url"]),
    ("llm-url", {"config": {"llmConnectUrl": "llm-connect:8080"}}, ["/config/llmConnectUrl"]),
    ("default-hub-url", {"config": {"defaultHubUrl": "hub"}}, ["/config/defaultHubUrl"]),
    ("unknown-top-level-key", {"replicas": 3}, ["additional properties", "replicas"]),
    ("replicas-zero", {"operator": {"replicas": 0}}, ["/operator/replicas"]),
    ("log-level", {"operator": {"logLevel": "TRACE"}}, ["/operator/logLevel"]),
    (
        "namespace-name",
        {"operator": {"watchNamespaces": ["Team_A"]}},
        ["/operator/watchNamespaces/0"],
    ),
    ("pull-policy", {"image": {"pullPolicy": "Sometimes"}}, ["/image/pullPolicy"]),
    ("digest", {"image": {"digest": "latest"}}, ["/image/digest"]),
    ("hub-port-type", {"hub": {"reference": {"port": "8080"}}}, ["/hub/reference/port"]),
    # Credentials never go in a URL: they would reach the CronJob's env in plain text.
    ("llm-url-credentials", {"config": {"llmConnectUrl": "https://u:p@llm.example"}},
     ["/config/llmConnectUrl"]),
    ("hub-url-credentials", {"config": {"defaultHubUrl": "http://token@hub:8080/"}},
     ["/config/defaultHubUrl"]),
    ("worker-hub-url-credentials", _worker(hub={"url": "https://a:b@hub.example"}),
     ["/workers/0/spec/hub/url"]),
    ("worker-llm-url-query", _worker(llm={"url": "https://llm.example/?key=x"}),
     ["/workers/0/spec/llm/url"]),
    ("allowed-images-type", {"config": {"allowedImages": "ghcr.io/*"}}, ["/config/allowedImages"]),
    ("worker-defaults-unknown", {"workerDefaults": {"hostNetwork": True}},
     ["/workerDefaults", "hostNetwork"]),
    ("worker-pod-toleration", _worker(pod={"tolerations": [{"operator": "Maybe"}]}),
     ["/workers/0/spec/pod/tolerations/0/operator"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("values", "expected"),
    [(v, e) for _, v, e in BAD_VALUES],
    ids=[name for name, _, _ in BAD_VALUES],
)
async def test_bad_values_are_rejected_with_a_message_naming_the_key(
    render: Render, values: dict[str, Any], expected: list[str]
) -> None:
    message = await schema_refusal(render, values)
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in: {message}"


def test_the_schema_is_draft_07_and_closed_at_the_top() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert SCHEMA["additionalProperties"] is False
    values = yaml.safe_load((CHART_DIR / "values.yaml").read_text())
    assert set(values) == set(SCHEMA["properties"])


# Maps documented as a whole by the comment on the map (e.g. resources.requests.cpu).
DOCUMENTED_AS_A_WHOLE = {"resources", "tokenSecretRef"}


def test_every_value_has_a_comment() -> None:
    lines = (CHART_DIR / "values.yaml").read_text().splitlines()
    key = re.compile(r"^(\s*)([A-Za-z][\w.-]*):(.*)$")
    ancestors: list[tuple[int, str]] = []  # (indent, key) of the enclosing maps
    for number, line in enumerate(lines):
        match = key.match(line)
        if not match:
            continue
        indent, name, rest = len(match.group(1)), match.group(2), match.group(3).strip()
        ancestors = [(i, k) for i, k in ancestors if i < indent]
        leaf = rest != ""
        if not leaf:
            ancestors.append((indent, name))
            continue
        if DOCUMENTED_AS_A_WHOLE & {k for _, k in ancestors}:
            continue
        above = lines[number - 1].strip() if number else ""
        assert above.startswith("#"), f"values.yaml:{number + 1}: {line.strip()} has no comment"


def _crd_spec_schema() -> dict[str, Any]:
    (crd,) = [c for c in chart_crds() if c["spec"]["group"] == "ops-warden.dev"]
    spec: dict[str, Any] = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"][
        "spec"
    ]
    return spec


def test_worker_spec_in_values_matches_the_crd() -> None:
    """The chart validates workers early; the CRD stays the source of truth, so they must agree."""
    crd = _crd_spec_schema()
    ours = SCHEMA["definitions"]["workerSpec"]
    assert set(ours["properties"]) == set(crd["properties"])
    assert ours["required"] == crd["required"]
    for field in ("mode", "brain"):
        assert ours["properties"][field]["enum"] == crd["properties"][field]["enum"]
    for field, limits in crd["properties"].items():
        for bound in ("minimum", "maximum"):
            if bound in limits:
                assert ours["properties"][field][bound] == limits[bound], f"{field}.{bound}"
    crd_rule = crd["properties"]["schedule"]["x-kubernetes-validations"][0]["rule"]
    assert ours["properties"]["schedule"]["pattern"] in crd_rule
