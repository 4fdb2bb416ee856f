"""Unit tests of the pure renderer, the spec parser, the operator config, and the CRD file."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.scenarios.operator_flow import CRD_PATH
from warden.core.errors import ConfigError
from warden.core.vocabulary import (
    CATALOG_ANNOTATION,
    FINGERPRINT_ANNOTATION,
    SPEC_HASH_ANNOTATION,
    Mode,
)
from warden.operator import render
from warden.operator.config import OperatorConfig
from warden.operator.handlers import serves
from warden.operator.spec import SpecError, WardenWorkerSpec, parse_spec

K8S_VERSION = "1.33.0"  # a current, widely deployed Kubernetes
REF = render.WorkerRef(name="triage", namespace="team-a", uid="1234-uid")
CONFIG = OperatorConfig(
    namespace="ops-warden",
    llm_connect_url="http://llm:8000",
    default_hub_url="http://hub:8080",
    worker_image="ghcr.io/ops-warden/ops-warden:0.1.0",
    catalog_yaml="version: 1\n",
)


def spec(**fields: Any) -> WardenWorkerSpec:
    return parse_spec({"schedule": "*/5 * * * *", **fields})


def pod_spec(cronjob: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return result


# --- the CronJob ------------------------------------------------------------------------


def test_cronjob_validates_against_kubernetes_schema_strictly() -> None:
    full = spec(
        timeZone="Europe/Berlin",
        hub={"url": "https://hub.example", "tokenSecretRef": {"name": "t", "key": "k"}},
        resources={"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}},
        serviceAccountName="warden-worker",
        brain="llm",
    )
    modes: tuple[Mode, ...] = ("dry-run", "execute")
    for mode in modes:
        body = render.render_cronjob(REF, full, CONFIG, mode)
        kubernetes_validate.validate(body, K8S_VERSION, strict=True)


def test_cronjob_is_guarded() -> None:
    body = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    cron = body["spec"]
    assert cron["concurrencyPolicy"] == "Forbid"
    assert cron["suspend"] is True
    assert cron["startingDeadlineSeconds"] > 0
    job = cron["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] == 600
    pod = pod_spec(body)
    assert pod["restartPolicy"] == "Never"
    assert pod["automountServiceAccountToken"] is False
    container = pod["containers"][0]
    assert container["securityContext"] == {
        "runAsNonRoot": True,
        "runAsUser": render.WORKER_UID,
        "runAsGroup": render.WORKER_UID,
        "readOnlyRootFilesystem": True,
        "allowPrivilegeEscalation": False,
        "privileged": False,
        "capabilities": {"drop": ["ALL"]},
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    assert container["terminationMessagePath"] == "/dev/termination-log"
    assert container["terminationMessagePolicy"] == "File"
    assert {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}} in pod["volumes"]


def test_owner_and_labels() -> None:
    body = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    meta = body["metadata"]
    assert meta["ownerReferences"] == [
        {
            "apiVersion": "ops-warden.dev/v1alpha1",
            "kind": "WardenWorker",
            "name": "triage",
            "uid": "1234-uid",
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
    assert meta["labels"]["ops-warden.dev/worker"] == "triage"
    assert meta["labels"]["app.kubernetes.io/managed-by"] == "ops-warden-operator"
    template = body["spec"]["jobTemplate"]
    assert template["spec"]["template"]["metadata"]["labels"] == meta["labels"]
    assert template["metadata"]["annotations"][FINGERPRINT_ANNOTATION]


@pytest.mark.parametrize(("mode", "flag", "backoff"), [("dry-run", "--dry-run", 1),
                                                       ("execute", "--execute", 0)])  # fmt: skip
def test_command_uses_the_effective_mode(mode: str, flag: str, backoff: int) -> None:
    body = render.render_cronjob(REF, spec(mode="execute"), CONFIG, mode)  # type: ignore[arg-type]
    command = pod_spec(body)["containers"][0]["command"]
    assert command[:5] == ["warden", "worker", "run", "--once", flag]
    assert command[-2:] == ["--summary-file", "/dev/termination-log"]
    assert body["spec"]["jobTemplate"]["spec"]["backoffLimit"] == backoff


def test_env_passes_the_token_only_by_reference() -> None:
    body = render.render_cronjob(
        REF, spec(hub={"tokenSecretRef": {"name": "hub", "key": "token"}}), CONFIG, "dry-run"
    )
    env = {e["name"]: e for e in pod_spec(body)["containers"][0]["env"]}
    assert env["WARDEN_HUB_TOKEN"] == {
        "name": "WARDEN_HUB_TOKEN",
        "valueFrom": {"secretKeyRef": {"name": "hub", "key": "token"}},
    }
    assert env["WARDEN_HUB_URL"]["value"] == "http://hub:8080"
    assert env["LLM_CONNECT_URL"]["value"] == "http://llm:8000"
    assert env["WARDEN_CATALOG"]["value"] == "/etc/warden/catalog.yaml"
    assert env["WARDEN_AGENT"]["value"] == "ops-warden"


def test_spec_overrides_operator_defaults() -> None:
    body = render.render_cronjob(
        REF,
        spec(image="my/img:1", hub={"url": "http://other:1"}, llm={"url": "http://l2:2"}),
        CONFIG,
        "dry-run",
    )
    container = pod_spec(body)["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert container["image"] == "my/img:1"
    assert env["WARDEN_HUB_URL"] == "http://other:1"
    assert env["LLM_CONNECT_URL"] == "http://l2:2"


@pytest.mark.parametrize(
    ("config", "fields", "needle"),
    [
        (CONFIG.model_copy(update={"worker_image": ""}), {}, "no worker image"),
        (CONFIG.model_copy(update={"default_hub_url": ""}), {}, "no State Hub URL"),
        (CONFIG.model_copy(update={"llm_connect_url": ""}), {"brain": "llm"}, "llm-connect"),
    ],
)
def test_missing_settings_are_clear_errors(
    config: OperatorConfig, fields: dict[str, Any], needle: str
) -> None:
    with pytest.raises(SpecError, match=needle):
        render.render_cronjob(REF, spec(**fields), config, "dry-run")


def test_fingerprint_follows_brain_agent_hub_only() -> None:
    settings = render.resolve(spec(), CONFIG)
    base = render.shakedown_fingerprint(spec(), settings)
    assert render.shakedown_fingerprint(spec(schedule="@hourly", suspend=False), settings) == base
    assert render.shakedown_fingerprint(spec(brain="llm"), settings) != base
    assert render.shakedown_fingerprint(spec(agent="other"), settings) != base
    other_hub = render.resolve(spec(hub={"url": "http://x:1"}), CONFIG)
    assert render.shakedown_fingerprint(spec(), other_hub) != base


def test_differs_ignores_server_defaults_but_not_changes() -> None:
    desired = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    actual = copy.deepcopy(desired)
    actual["metadata"]["uid"] = "x"
    pod_spec(actual)["dnsPolicy"] = "ClusterFirst"
    assert not render.differs(desired, actual)
    pod_spec(actual)["containers"][0]["image"] = "evil"
    assert render.differs(desired, actual)
    actual = copy.deepcopy(desired)
    pod_spec(actual)["containers"].append({"name": "sidecar"})
    assert render.differs(desired, actual)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386, as the API server applies a merge patch: null deletes, lists are replaced."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


OPTIONAL_FIELDS: dict[str, Any] = {
    "timeZone": "Europe/Berlin",
    "serviceAccountName": "sa1",
    "resources": {"requests": {"cpu": "50m"}, "limits": {"memory": "256Mi"}},
}


@pytest.mark.parametrize("removed", sorted(OPTIONAL_FIELDS))
def test_an_optional_field_removed_from_the_spec_leaves_the_cronjob(removed: str) -> None:
    """Render with an optional field, then without: the patch removes it, and until it is
    gone the live CronJob counts as different (a merge patch keeps what it does not name)."""
    live = render.render_cronjob(REF, spec(**OPTIONAL_FIELDS), CONFIG, "dry-run")
    rest = {k: v for k, v in OPTIONAL_FIELDS.items() if k != removed}
    desired = render.render_cronjob(REF, spec(**rest), CONFIG, "dry-run")
    assert render.differs(desired, live)
    patched = merge_patch(live, render.apply_patch(desired))
    assert not render.differs(desired, patched)
    where = {
        "timeZone": patched["spec"],
        "serviceAccountName": pod_spec(patched),
        "resources": pod_spec(patched)["containers"][0],
    }
    assert removed not in where[removed]
    for kept in rest:
        assert kept in where[kept]


def test_all_optional_fields_removed_at_once() -> None:
    live = render.render_cronjob(REF, spec(**OPTIONAL_FIELDS), CONFIG, "dry-run")
    desired = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    patch = render.apply_patch(desired)
    assert patch["spec"]["timeZone"] is None
    assert pod_spec(patch)["serviceAccountName"] is None
    assert "timeZone" not in desired["spec"]  # the rendered object itself has no nulls
    patched = merge_patch(live, patch)
    assert "timeZone" not in patched["spec"]
    assert "serviceAccountName" not in pod_spec(patched)
    assert "resources" not in pod_spec(patched)["containers"][0]
    assert not render.differs(desired, patched)


def test_a_rendered_optional_field_is_not_nulled() -> None:
    desired = render.render_cronjob(REF, spec(**OPTIONAL_FIELDS), CONFIG, "dry-run")
    patch = render.apply_patch(desired)
    assert patch["spec"]["timeZone"] == "Europe/Berlin"
    assert pod_spec(patch)["serviceAccountName"] == "sa1"
    # Deleted: only the pod keys the operator owns and did not render (hostNetwork, ...).
    nulled = {key for key, value in pod_spec(patch).items() if value is None}
    assert nulled == set(render.POD_KEYS) - set(pod_spec(desired))
    assert "serviceAccountName" not in nulled
    assert "None" not in str(patch["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"])


def test_optional_fields_added_by_hand_are_drift() -> None:
    desired = render.render_cronjob(
        REF, spec(resources={"limits": {"memory": "256Mi"}}), CONFIG, "dry-run"
    )
    live = copy.deepcopy(desired)  # same rendered-hash annotation: an edit by hand
    live["spec"]["timeZone"] = "Asia/Tokyo"
    assert render.differs(desired, live)
    live = copy.deepcopy(desired)
    pod_spec(live)["serviceAccountName"] = "powerful"
    assert render.differs(desired, live)
    assert pod_spec(render.apply_patch(desired))["serviceAccountName"] is None
    live = copy.deepcopy(desired)
    pod_spec(live)["containers"][0]["resources"]["requests"] = {"cpu": "4"}
    assert render.differs(desired, live)
    live = copy.deepcopy(desired)
    pod_spec(live)["containers"][0]["resources"]["limits"]["cpu"] = "4"
    assert render.differs(desired, live)


def test_content_hash_tells_our_changes_from_drift() -> None:
    a = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    b = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    c = render.render_cronjob(REF, spec(schedule="@daily"), CONFIG, "dry-run")
    key = SPEC_HASH_ANNOTATION
    assert a["metadata"]["annotations"][key] == b["metadata"]["annotations"][key]
    assert a["metadata"]["annotations"][key] != c["metadata"]["annotations"][key]


def test_the_cronjob_carries_the_catalog_to_the_pod_as_a_file() -> None:
    """The pod template's annotation holds the catalog; a downward API volume turns it into
    the file the worker reads ($WARDEN_CATALOG); a pod annotation cannot replace it."""
    own = spec(pod={"annotations": {CATALOG_ANNOTATION: "stolen", "team": "a"}})
    body = render.render_cronjob(REF, own, CONFIG, "dry-run")
    template = body["spec"]["jobTemplate"]["spec"]["template"]
    assert template["metadata"]["annotations"] == {CATALOG_ANNOTATION: "version: 1\n", "team": "a"}
    assert render.carried_catalog(body) == "version: 1\n"
    (volume,) = (v for v in template["spec"]["volumes"] if v["name"] == "catalog")
    (item,) = volume["downwardAPI"]["items"]
    assert item["fieldRef"]["fieldPath"] == f"metadata.annotations['{CATALOG_ANNOTATION}']"
    (mount,) = (m for m in template["spec"]["containers"][0]["volumeMounts"]
                if m["name"] == "catalog")  # fmt: skip
    env = {e["name"]: e.get("value") for e in template["spec"]["containers"][0]["env"]}
    assert env["WARDEN_CATALOG"] == f"{mount['mountPath']}/{item['path']}"
    other = render.render_cronjob(REF, spec(), CONFIG, "dry-run", "version: 1\nagents: []\n")
    assert render.carried_catalog(other) == "version: 1\nagents: []\n"
    assert render.differs(other, body)  # a new catalog is a change to put in place
    assert render.carried_catalog({"spec": {}}) is None


# --- the spec and the config ------------------------------------------------------------


def test_spec_defaults_match_the_crd() -> None:
    parsed = parse_spec({"schedule": "0 * * * *"})
    schema = _crd_spec_schema()["properties"]
    assert parsed.suspend is schema["suspend"]["default"] is True
    assert parsed.mode == schema["mode"]["default"] == "dry-run"
    assert parsed.brain == schema["brain"]["default"] == "rule"
    assert parsed.agent == schema["agent"]["default"] == "ops-warden"
    assert parsed.history_limit == schema["historyLimit"]["default"] == 10
    assert parsed.max_messages_per_run == schema["maxMessagesPerRun"]["default"]
    assert parsed.run_deadline_seconds == schema["runDeadlineSeconds"]["default"]
    required = schema["shakedown"]["properties"]["requiredCleanDryRuns"]["default"]
    assert parsed.shakedown.required_clean_dry_runs == required == 1


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"schedule": "every day"}, "spec.schedule"),
        ({"mode": "yolo"}, "spec.mode"),
        ({"hub": {"url": "https://user:hunter2@hub"}}, "spec.hub.url"),
        ({"historyLimit": 0}, "spec.historyLimit"),
        ({"agent": "Not_Valid"}, "spec.agent"),
        ({"surprise": 1}, "spec.surprise"),
    ],
)
def test_invalid_spec_names_the_field_never_the_value(fields: dict[str, Any], where: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse_spec({"schedule": "* * * * *", **fields})
    message = str(caught.value)
    assert where in message
    assert "hunter2" not in message
    assert "yolo" not in message


def test_operator_config_from_env_and_configmap() -> None:
    config = OperatorConfig.from_env(
        {"WARDEN_OPERATOR_NAMESPACE": "ops", "WARDEN_WORKER_IMAGE": "img:env"}
    )
    assert config.configmap_name == "ops-warden-operator"
    assert config.is_own_configmap("ops", "ops-warden-operator")
    assert not config.is_own_configmap("other", "ops-warden-operator")
    loaded = config.with_configmap(
        {"llmConnectUrl": "http://l", "defaultHubUrl": "http://h", "catalog.yaml": "x: 1"}
    )
    assert loaded.worker_image == "img:env"  # env fallback kept
    assert (loaded.llm_connect_url, loaded.default_hub_url) == ("http://l", "http://h")
    assert loaded.with_configmap({"workerImage": "img:cm"}).worker_image == "img:cm"


GOOD_CATALOG = """\
version: 1
agents: {ops-warden: the worker}
routes:
  - {topic: creds, owner: ops-warden, description: Credentials, keywords: [credential]}
"""


def test_a_valid_catalog_is_taken() -> None:
    config = OperatorConfig(namespace="ops").with_configmap({"catalog.yaml": GOOD_CATALOG})
    assert config.catalog_yaml == GOOD_CATALOG
    assert config.catalog_error == ""
    assert config.catalog_problem() == ""


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("x: 1", "version: Field required"),
        ("version: 1\nagents: {}\nroutes: []\n", "agents"),
        ("version: [", "not valid YAML"),
        ("", "empty"),
        ("   \n", "empty"),
    ],
)
def test_an_invalid_or_empty_catalog_is_never_taken(text: str, needle: str) -> None:
    config = OperatorConfig(namespace="ops").with_configmap({"catalog.yaml": GOOD_CATALOG})
    broken = config.with_configmap({"catalog.yaml": text})
    assert broken.catalog_yaml == ""
    problem = broken.catalog_problem()
    assert problem.startswith("catalog.yaml of ConfigMap ops/ops-warden-operator")
    assert needle in problem
    assert "\n" not in problem
    assert broken.with_configmap({"catalog.yaml": GOOD_CATALOG}).catalog_problem() == ""


def _padded(size: int) -> str:
    """GOOD_CATALOG grown to `size` bytes with a YAML comment (still a valid catalog)."""
    return GOOD_CATALOG + "#" + "x" * (size - len(GOOD_CATALOG) - 2) + "\n"


def test_a_catalog_must_fit_on_the_pod_template() -> None:
    """The catalog travels as a pod-template annotation (256 KiB of annotations per object);
    one the API server might refuse is not taken, and one at the limit renders a CronJob the
    API server admits even beside pod annotations filling the other half."""
    from tests.k8s import apiserver
    from warden.operator.config import MAX_CATALOG_BYTES

    base = OperatorConfig(namespace="ops")
    over = base.with_configmap({"catalog.yaml": _padded(MAX_CATALOG_BYTES + 1)})
    assert f"at most {MAX_CATALOG_BYTES}" in over.catalog_problem()
    assert over.catalog_yaml == ""
    at = base.with_configmap({**_config_data(), "catalog.yaml": _padded(MAX_CATALOG_BYTES)})
    assert at.catalog_problem() == ""
    annotations = {"team.example/notes": "y" * (MAX_CATALOG_BYTES - 200)}
    body = render.render_cronjob(REF, spec(pod={"annotations": annotations}), at, "dry-run")
    assert apiserver.admit_builtin(body) == []
    assert render.carried_catalog(body) == at.catalog_yaml


def test_a_cronjob_of_an_earlier_build_is_moved_to_the_carried_catalog() -> None:
    """Earlier builds mounted a ConfigMap `<worker>-catalog`: such a CronJob differs from
    what is rendered now, and the patch replaces its volumes whole (a merge patch replaces
    lists) and adds the annotation."""
    desired = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    legacy = copy.deepcopy(desired)
    template = legacy["spec"]["jobTemplate"]["spec"]["template"]
    del template["metadata"]["annotations"]
    template["spec"]["volumes"][0] = {
        "name": "catalog",
        "configMap": {
            "name": "triage-catalog",
            "items": [{"key": "catalog.yaml", "path": "catalog.yaml"}],
        },
    }
    assert render.differs(desired, legacy)
    patch = render.apply_patch(desired)
    patched_template = patch["spec"]["jobTemplate"]["spec"]["template"]
    assert (
        patched_template["spec"]["volumes"]
        == desired["spec"]["jobTemplate"]["spec"]["template"]["spec"]["volumes"]
    )
    assert render.carried_catalog(patch) == CONFIG.catalog_yaml


def test_no_configmap_means_no_catalog() -> None:
    config = OperatorConfig.from_env({})
    assert "no catalog.yaml" in config.catalog_problem()
    assert "empty" in config.with_configmap({}).catalog_problem()


@pytest.mark.parametrize(("raw", "expected"), [("", 60.0), ("2", 2.0), ("0.5", 0.5)])
def test_resync_seconds_from_env(raw: str, expected: float) -> None:
    env = {"WARDEN_OPERATOR_RESYNC_SECONDS": raw}
    assert OperatorConfig.from_env(env).resync_seconds == expected


@pytest.mark.parametrize("raw", ["abc", "0", "-5", "nan", "inf"])
def test_bad_resync_seconds_is_a_config_error(raw: str) -> None:
    with pytest.raises(ConfigError, match="WARDEN_OPERATOR_RESYNC_SECONDS") as caught:
        OperatorConfig.from_env({"WARDEN_OPERATOR_RESYNC_SECONDS": raw})
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("raw", ["abc", "0"])
def test_bad_resync_seconds_fails_the_command_with_one_line(raw: str) -> None:
    """`warden operator` with a bad env: exit 2 and `warden: error: ...`, no traceback -
    before kopf starts, so no cluster is needed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "KUBECONFIG"))}
    env["WARDEN_OPERATOR_RESYNC_SECONDS"] = raw
    done = subprocess.run(
        [sys.executable, "-m", "warden", "operator", "--standalone"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("warden: error: WARDEN_OPERATOR_RESYNC_SECONDS")
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("patterns", "namespace", "served"),
    [
        ((), "ops-warden", True),
        (("team-a",), "ops-warden", False),
        (("team-a", "ops-warden"), "ops-warden", True),
        (("team-*",), "team-b", True),
        (("team-*",), "ops-warden", False),
        (("team-a,ops-*",), "ops-warden", True),
        (("!ops-warden",), "ops-warden", False),
        (("!kube-*",), "ops-warden", True),
    ],
)
def test_served_namespaces_follow_kopfs_patterns(
    patterns: tuple[str, ...], namespace: str, served: bool
) -> None:
    assert serves(patterns, namespace) is served


# --- the CRD file itself ----------------------------------------------------------------


def _crd() -> dict[str, Any]:
    crd: dict[str, Any] = yaml.safe_load(CRD_PATH.read_text())
    return crd


def _crd_schema() -> dict[str, Any]:
    schema: dict[str, Any] = _crd()["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return schema


def _crd_spec_schema() -> dict[str, Any]:
    result: dict[str, Any] = _crd_schema()["properties"]["spec"]
    return result


def _walk(schema: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    found = [(path, schema)]
    for name, child in (schema.get("properties") or {}).items():
        found += _walk(child, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        found += _walk(schema["items"], f"{path}[]")
    return found


def test_crd_identity() -> None:
    crd = _crd()
    assert crd["apiVersion"] == "apiextensions.k8s.io/v1"
    assert crd["metadata"]["name"] == "wardenworkers.ops-warden.dev"
    spec_ = crd["spec"]
    assert spec_["group"] == "ops-warden.dev"
    assert spec_["scope"] == "Namespaced"
    assert spec_["names"]["kind"] == "WardenWorker"
    assert spec_["names"]["plural"] == "wardenworkers"
    assert spec_["names"]["shortNames"] == ["ww"]
    version = spec_["versions"][0]
    assert version["name"] == "v1alpha1"
    assert version["served"]
    assert version["storage"]
    assert version["subresources"] == {"status": {}}
    columns = [c["name"] for c in version["additionalPrinterColumns"]]
    for wanted in ("Schedule", "Mode", "Effective mode", "Brain", "Suspended", "Last run",
                   "Result", "Age"):  # fmt: skip
        assert wanted in columns


def test_crd_validates_as_a_kubernetes_object() -> None:
    kubernetes_validate.validate(_crd(), K8S_VERSION, strict=True)


def test_every_crd_field_has_a_description() -> None:
    # The root metadata is the exception: an apiserver refuses a CRD whose root metadata
    # schema says anything but restrictions on name and generateName (tests/k8s/admission.py).
    walked = _walk(_crd_schema(), "")
    missing = [path for path, node in walked if not node.get("description") and path != ".metadata"]
    assert missing == []


def test_crd_spec_fields_defaults_enums_and_rules() -> None:
    spec_schema = _crd_spec_schema()
    props = spec_schema["properties"]
    assert spec_schema["required"] == ["schedule"]
    assert set(props) >= {
        "schedule", "timeZone", "suspend", "mode", "brain", "agent", "hub", "llm",
        "maxMessagesPerRun", "runDeadlineSeconds", "historyLimit", "image", "resources",
        "shakedown", "serviceAccountName",
    }  # fmt: skip
    assert props["mode"]["enum"] == ["dry-run", "execute"]
    assert props["brain"]["enum"] == ["rule", "llm"]
    assert props["hub"]["properties"]["tokenSecretRef"]["required"] == ["name", "key"]
    assert props["schedule"]["x-kubernetes-validations"]
    assert props["hub"]["properties"]["url"]["x-kubernetes-validations"]
    assert _crd_schema()["x-kubernetes-validations"][0]["rule"].startswith("self.metadata.name")


def test_crd_status_is_declared_not_preserved() -> None:
    status = _crd_schema()["properties"]["status"]
    assert "x-kubernetes-preserve-unknown-fields" not in status
    assert set(status["properties"]) >= {
        "observedGeneration", "conditions", "cronJobName", "effectiveMode", "lastRun", "runs",
        "shakedown", "runCounts",
    }  # fmt: skip
    run_fields = set(status["properties"]["runs"]["items"]["properties"])
    assert run_fields == set(status["properties"]["lastRun"]["properties"])


def test_crd_regexes_agree_with_the_spec_parser() -> None:
    """The CEL cron rule and the parser accept and reject the same schedules."""
    import re

    rule = _crd_spec_schema()["properties"]["schedule"]["x-kubernetes-validations"][0]["rule"]
    pattern = re.search(r"matches\('(.*)'\)", rule)
    assert pattern is not None
    cel = re.compile(pattern.group(1))
    for schedule in ("*/15 * * * *", "@hourly", "0 9 * * MON-FRI", "every day", "* * * *",
                     "CRON_TZ=UTC * * * * *", "@every 5m"):  # fmt: skip
        accepted = bool(cel.match(schedule))
        try:
            parse_spec({"schedule": schedule})
            parsed = True
        except SpecError:
            parsed = False
        assert accepted == parsed, schedule


def test_kopf_lower_bound_has_the_server_side_selectors() -> None:
    """The handlers set settings.watching.label_selectors/field_selectors, which kopf has
    since 1.45.0 (1.44.x has neither): pyproject must not allow an older kopf."""
    import re
    import tomllib
    from pathlib import Path

    import kopf

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    deps = tomllib.loads(pyproject.read_text())["project"]["dependencies"]
    (spec_,) = [d for d in deps if re.match(r"kopf\b", d)]
    match = re.fullmatch(r"kopf>=(\d+)\.(\d+)(?:\.(\d+))?", spec_.replace(" ", ""))
    assert match, spec_
    assert tuple(int(p or 0) for p in match.groups()) >= (1, 45, 0)
    watching = kopf.OperatorSettings().watching
    assert hasattr(watching, "label_selectors")
    assert hasattr(watching, "field_selectors")


# --- issue 11: admission, drift and configuration faults ------------------------------------


def test_every_blocking_owner_reference_has_the_finalizers_grant() -> None:
    """OwnerReferencesPermissionEnforcement: setting blockOwnerDeletion on an owner reference
    needs `update` on the owner's finalizers subresource, or the create fails with 403."""
    from warden.operator import rbac
    from warden.operator.spec import GROUP, PLURAL

    for body in (render.render_cronjob(REF, spec(), CONFIG, "dry-run"),):
        for owner in body["metadata"]["ownerReferences"]:
            if owner.get("blockOwnerDeletion"):
                assert owner["apiVersion"].split("/")[0] == GROUP
                assert "update" in rbac.REQUIRED.get((GROUP, f"{PLURAL}/finalizers"), set())


@pytest.mark.parametrize(
    ("rendered", "stored"),
    [({"cpu": "0.5"}, {"cpu": "500m"}), ({"memory": "1.5Gi"}, {"memory": "1536Mi"}),
     ({"cpu": 1}, {"cpu": "1"}), ({"cpu": "1000m"}, {"cpu": "1"}),
     ({"memory": "1e3"}, {"memory": "1e3"}),
     ({"ephemeral-storage": "2048Ki"}, {"ephemeral-storage": "2Mi"})],
)  # fmt: skip
def test_quantities_the_server_canonicalised_are_not_drift(
    rendered: dict[str, Any], stored: dict[str, Any]
) -> None:
    desired = render.render_cronjob(REF, spec(resources={"requests": rendered}), CONFIG, "dry-run")
    live = copy.deepcopy(desired)
    pod_spec(live)["containers"][0]["resources"]["requests"] = stored
    assert not render.differs(desired, live)
    pod_spec(live)["containers"][0]["resources"]["requests"] = {
        k: "7" for k in stored
    }  # a real change still is
    assert render.differs(desired, live)


@pytest.mark.parametrize(
    ("key", "value"),
    [("hostNetwork", True), ("hostPID", True), ("hostIPC", True),
     ("initContainers", [{"name": "x", "image": "evil"}]), ("nodeName", "node-1"),
     ("tolerations", [{"operator": "Exists"}]), ("priorityClassName", "system-node-critical")],
)  # fmt: skip
def test_pod_keys_added_by_hand_are_drift_and_removed(key: str, value: Any) -> None:
    desired = render.render_cronjob(REF, spec(), CONFIG, "dry-run")
    live = copy.deepcopy(desired)
    pod_spec(live)[key] = value
    assert render.differs(desired, live)
    patched = merge_patch(live, render.apply_patch(desired))
    assert key not in pod_spec(patched)
    assert not render.differs(desired, patched)


@pytest.mark.parametrize("key", ["defaultHubUrl", "llmConnectUrl"])
def test_operator_config_urls_with_credentials_are_never_taken(key: str) -> None:
    config = CONFIG.with_configmap(
        {"defaultHubUrl": "http://hub:8080", "llmConnectUrl": "http://llm:8000",
         "workerImage": "i:1", "catalog.yaml": "x", key: "https://user:s3cret@host.example"}
    )  # fmt: skip
    assert "s3cret" not in config.default_hub_url + config.llm_connect_url
    assert "must not contain credentials" in config.problems[key]
    assert "s3cret" not in config.problems[key]
    needs = {"defaultHubUrl": spec(), "llmConnectUrl": spec(brain="llm")}[key]
    with pytest.raises(SpecError) as failure:
        render.resolve(needs, config)
    assert failure.value.reason == "InvalidConfig"
    assert key in str(failure.value)
    # A worker that brings its own URL does not need the broken one.
    own = spec(hub={"url": "http://own-hub:1"}, llm={"url": "http://own-llm:1"}, brain="llm")
    body = render.render_cronjob(REF, own, config, "dry-run")
    assert "s3cret" not in str(body)


def test_allowed_images_are_enforced() -> None:
    data = {
        "defaultHubUrl": "http://hub:8080",
        "workerImage": "ghcr.io/ops-warden/ops-warden:0.1.0",
        "allowedImages": '["ghcr.io/ops-warden/ops-warden:*", "registry.example/team/*"]',
    }
    config = CONFIG.with_configmap(data)
    render.resolve(spec(), config)
    render.resolve(spec(image="registry.example/team/warden@sha256:" + "a" * 64), config)
    with pytest.raises(SpecError) as failure:
        render.resolve(spec(image="docker.io/evil/miner:latest"), config)
    assert failure.value.reason == "ImageNotAllowed"
    broken = CONFIG.with_configmap({**data, "allowedImages": "not a list"})
    with pytest.raises(SpecError) as closed:
        render.resolve(spec(), broken)  # a broken list fails closed
    assert "allowedImages" in str(closed.value)


def test_pod_settings_defaults_and_overrides() -> None:
    pod_yaml = yaml.safe_dump({
        "imagePullSecrets": [{"name": "ghcr-pull"}],
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "256Mi"}},
        "nodeSelector": {"pool": "batch"},
        "tolerations": [{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}],
        "priorityClassName": "low",
        "labels": {"team": "platform"},
        "annotations": {"cost-center": "42"},
    })  # fmt: skip
    config = CONFIG.with_configmap({**_config_data(), "workerPod.yaml": pod_yaml})
    assert not config.problems
    body = render.render_cronjob(REF, spec(), config, "dry-run")
    pod = pod_spec(body)
    assert pod["imagePullSecrets"] == [{"name": "ghcr-pull"}]
    assert pod["nodeSelector"] == {"pool": "batch"}
    assert pod["tolerations"] == [{"key": "batch", "operator": "Exists", "effect": "NoSchedule"}]
    assert pod["priorityClassName"] == "low"
    assert pod["containers"][0]["resources"]["limits"] == {"memory": "256Mi"}
    template = body["spec"]["jobTemplate"]["spec"]["template"]["metadata"]
    assert template["labels"]["team"] == "platform"
    assert template["annotations"]["cost-center"] == "42"
    kubernetes_validate.validate(body, K8S_VERSION, strict=True)

    own = spec(
        resources={"limits": {"memory": "1Gi"}},
        pod={"nodeSelector": {"pool": "gpu"}, "labels": {"team": "ml",
             "ops-warden.dev/worker": "spoofed"}, "imagePullSecrets": [{"name": "mine"}]},
    )  # fmt: skip
    body = render.render_cronjob(REF, own, config, "dry-run")
    pod = pod_spec(body)
    assert pod["nodeSelector"] == {"pool": "gpu"}
    assert pod["imagePullSecrets"] == [{"name": "mine"}]
    assert pod["priorityClassName"] == "low"  # not overridden: the default stays
    assert pod["containers"][0]["resources"] == {"limits": {"memory": "1Gi"}}
    labels = body["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    assert labels["team"] == "ml"
    assert labels["ops-warden.dev/worker"] == "triage"  # never the spec's


def test_broken_worker_pod_defaults_are_a_config_problem() -> None:
    config = CONFIG.with_configmap(
        {**_config_data(), "workerPod.yaml": "tolerations: [{operator: Maybe}]"}
    )
    assert "workerPod.yaml" in config.problems
    with pytest.raises(SpecError) as failure:
        render.resolve(spec(), config)
    assert failure.value.reason == "InvalidConfig"


def _config_data() -> dict[str, str]:
    return {
        "defaultHubUrl": "http://hub:8080",
        "llmConnectUrl": "http://llm:8000",
        "workerImage": "ghcr.io/ops-warden/ops-warden:0.1.0",
        "catalog.yaml": "version: 1\n",
    }


def test_the_cronjob_keeps_as_many_jobs_as_the_run_history() -> None:
    body = render.render_cronjob(REF, spec(historyLimit=25), CONFIG, "dry-run")
    assert body["spec"]["successfulJobsHistoryLimit"] == 25
    assert body["spec"]["failedJobsHistoryLimit"] == 25


def test_the_api_client_sends_standard_json_only() -> None:
    from warden.operator.kube import _dumps

    assert _dumps({"a": 1.5}) == '{"a":1.5}'
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="JSON compliant"):
            _dumps({"status": {"durationSeconds": bad}})


@pytest.mark.parametrize(
    ("status", "refused"),
    [(422, True), (403, True), (400, True), (409, False), (429, False), (404, False),
     (401, False), (500, False), (503, False)],
)  # fmt: skip
def test_which_api_errors_are_not_worth_retrying(status: int, refused: bool) -> None:
    from warden.operator.kube import KubeApiError

    assert KubeApiError(status, "x", "message").refused is refused
