"""Pure rendering: a WardenWorker's spec + the operator's config -> the objects it owns.

Nothing here talks to the API; the handlers apply what these functions return."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from warden.core.errors import ImageNotAllowed, InvalidConfig, MissingConfig
from warden.core.vocabulary import (
    API_VERSION,
    CATALOG_ANNOTATION,
    ENV_AGENT,
    ENV_CATALOG,
    ENV_HUB_TOKEN,
    ENV_HUB_URL,
    ENV_LLM_URL,
    FINGERPRINT_ANNOTATION,
    KIND,
    SPEC_HASH_ANNOTATION,
    WORKER_LABEL,
    Mode,
)
from warden.operator.config import OperatorConfig
from warden.operator.pod import PodSettings, Resources
from warden.operator.quantity import same_quantity
from warden.operator.spec import WardenWorkerSpec

CONTAINER_NAME = "worker"
CATALOG_MOUNT_DIR = "/etc/warden"
CATALOG_FILE = "catalog.yaml"
CATALOG_PATH = f"{CATALOG_MOUNT_DIR}/{CATALOG_FILE}"
CATALOG_FIELD_PATH = f"metadata.annotations['{CATALOG_ANNOTATION}']"
TERMINATION_LOG = "/dev/termination-log"
WORKER_UID = 10001
STARTING_DEADLINE_SECONDS = 300


@dataclass(frozen=True, slots=True)
class WorkerRef:
    """Identity of one WardenWorker object (for names, labels and owner references)."""

    name: str
    namespace: str
    uid: str


@dataclass(frozen=True, slots=True)
class Settings:
    """What a worker runs with once spec overrides and operator defaults are resolved."""

    image: str
    hub_url: str
    llm_url: str
    pod: PodSettings = field(default_factory=PodSettings)
    resources: Resources = field(default_factory=Resources)


def labels(worker_name: str) -> dict[str, str]:
    return {
        "app.kubernetes.io/name": "ops-warden",
        "app.kubernetes.io/instance": worker_name,
        "app.kubernetes.io/component": "worker",
        "app.kubernetes.io/managed-by": "ops-warden-operator",
        WORKER_LABEL: worker_name,
    }


def cronjob_name(worker_name: str) -> str:
    return worker_name


def owner_reference(ref: WorkerRef) -> dict[str, Any]:
    return {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "name": ref.name,
        "uid": ref.uid,
        "controller": True,
        "blockOwnerDeletion": True,
    }


def resolve(spec: WardenWorkerSpec, config: OperatorConfig) -> Settings:
    """Spec overrides over operator defaults. Raises a SpecError when something needed is
    missing (MissingConfig), unusable in the operator's ConfigMap (InvalidConfig), or an image
    the operator may not run (ImageNotAllowed)."""
    image = spec.image or config.worker_image
    hub_url = spec.hub.url or config.default_hub_url
    llm_url = spec.llm.url or config.llm_connect_url
    if not image:
        raise MissingConfig("no worker image: set spec.image or the operator's workerImage")
    if not hub_url:
        _config_problem(config, "defaultHubUrl")
        raise MissingConfig("no State Hub URL: set spec.hub.url or the operator's defaultHubUrl")
    if spec.brain == "llm" and not llm_url:
        _config_problem(config, "llmConnectUrl")
        raise MissingConfig("brain llm needs an llm-connect URL: set spec.llm.url or llmConnectUrl")
    _config_problem(config, "workerPod.yaml")
    if not config.image_allowed(image):
        detail = config.problems.get("allowedImages") or (
            "it matches none of the operator's allowedImages"
        )
        raise ImageNotAllowed(f"image not allowed for workers: {detail}")
    resources = spec.resources
    if not (resources.requests or resources.limits):
        resources = config.worker_pod.resources or Resources()
    return Settings(
        image=image,
        hub_url=hub_url,
        llm_url=llm_url,
        pod=spec.pod.over(config.worker_pod),
        resources=resources,
    )


def _config_problem(config: OperatorConfig, key: str) -> None:
    if key in config.problems:
        raise InvalidConfig(f"{config.problems[key]}; fix the operator's ConfigMap")


def shakedown_fingerprint(spec: WardenWorkerSpec, settings: Settings) -> str:
    """Changes when brain, agent or hub change: the shakedown starts over then."""
    material = json.dumps([spec.brain, spec.agent, settings.hub_url], separators=(",", ":"))
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def worker_command(spec: WardenWorkerSpec, effective_mode: Mode) -> list[str]:
    """The worker command line from docs/CONTRACTS.md, with the mode the gate allows."""
    return [
        "warden",
        "worker",
        "run",
        "--once",
        f"--{effective_mode}",
        "--brain",
        spec.brain,
        "--agent",
        spec.agent,
        "--max-messages",
        str(spec.max_messages_per_run),
        *_llm_budget(spec),
        "--output",
        "json",
        "--summary-file",
        TERMINATION_LOG,
    ]


def _llm_budget(spec: WardenWorkerSpec) -> list[str]:
    """`--max-llm-calls N` when spec.llm.maxCallsPerRun is set (the rule brain ignores it)."""
    limit = spec.llm.max_calls_per_run
    return [] if limit is None else ["--max-llm-calls", str(limit)]


def _env(spec: WardenWorkerSpec, settings: Settings, worker_name: str) -> list[dict[str, Any]]:
    env: list[dict[str, Any]] = [
        {"name": ENV_HUB_URL, "value": settings.hub_url},
        {"name": ENV_AGENT, "value": spec.agent},
        {"name": ENV_CATALOG, "value": CATALOG_PATH},
    ]
    if settings.llm_url:
        env.append({"name": ENV_LLM_URL, "value": settings.llm_url})
    token = spec.hub.token_secret_ref
    if token is not None:
        # Only a reference: the operator never reads the Secret's value.
        env.append(
            {
                "name": ENV_HUB_TOKEN,
                "valueFrom": {"secretKeyRef": {"name": token.name, "key": token.key}},
            }
        )
    return env


def _container(
    spec: WardenWorkerSpec, settings: Settings, worker_name: str, effective_mode: Mode
) -> dict[str, Any]:
    container: dict[str, Any] = {
        "name": CONTAINER_NAME,
        "image": settings.image,
        "imagePullPolicy": "IfNotPresent",
        "command": worker_command(spec, effective_mode),
        "env": _env(spec, settings, worker_name),
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": WORKER_UID,
            "runAsGroup": WORKER_UID,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "privileged": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "volumeMounts": [
            {"name": "catalog", "mountPath": CATALOG_MOUNT_DIR, "readOnly": True},
            {"name": "tmp", "mountPath": "/tmp"},  # noqa: S108 - an emptyDir
        ],
        "terminationMessagePath": TERMINATION_LOG,
        # The summary file is the termination message; logs are never a fallback (they may
        # carry message text).
        "terminationMessagePolicy": "File",
    }
    resources = settings.resources.rendered()
    if resources:
        container["resources"] = resources
    return container


def render_cronjob(
    ref: WorkerRef,
    spec: WardenWorkerSpec,
    config: OperatorConfig,
    effective_mode: Mode,
    catalog_yaml: str | None = None,
) -> dict[str, Any]:
    """The CronJob that runs the worker. Its pod template carries the routing catalog
    (`catalog_yaml`, by default the config's), which the pod reads as a file (a downward API
    volume). Raises SpecError when spec + config cannot run."""
    if catalog_yaml is None:
        catalog_yaml = config.catalog_yaml
    settings = resolve(spec, config)
    fingerprint = shakedown_fingerprint(spec, settings)
    name = cronjob_name(ref.name)
    pod_labels = labels(ref.name)
    pod_spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": WORKER_UID,
            "runAsGroup": WORKER_UID,
            "fsGroup": WORKER_UID,
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "containers": [_container(spec, settings, ref.name, effective_mode)],
        "volumes": [
            {
                "name": "catalog",
                "downwardAPI": {
                    "items": [
                        {
                            "path": CATALOG_FILE,
                            "fieldRef": {"fieldPath": CATALOG_FIELD_PATH},
                        }
                    ],
                },
            },
            {"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}},
        ],
    }
    if spec.service_account_name:
        pod_spec["serviceAccountName"] = spec.service_account_name
    pod_spec.update(settings.pod.pod_spec_fields())
    # Ours last: a worker's or the operator's pod labels never replace the selector labels.
    template_labels = {**(settings.pod.labels or {}), **pod_labels}
    # Ours last here too: the catalog annotation is never a pod annotation's to replace.
    template_meta: dict[str, Any] = {
        "labels": template_labels,
        "annotations": {**(settings.pod.annotations or {}), CATALOG_ANNOTATION: catalog_yaml},
    }
    cron_spec: dict[str, Any] = {
        "schedule": spec.schedule,
        "suspend": spec.suspend,
        "concurrencyPolicy": "Forbid",
        "startingDeadlineSeconds": STARTING_DEADLINE_SECONDS,
        # Keep as many finished Jobs as the run history holds: runs that finish while the
        # operator is down are recorded from their Jobs when it is back, as long as the
        # CronJob controller has not pruned them (and the TTL below has not removed them).
        "successfulJobsHistoryLimit": spec.history_limit,
        "failedJobsHistoryLimit": spec.history_limit,
        "jobTemplate": {
            "metadata": {
                "labels": dict(pod_labels),
                "annotations": {FINGERPRINT_ANNOTATION: fingerprint},
            },
            "spec": {
                # One retry at most in dry-run; never a second attempt of an execute run.
                "backoffLimit": 0 if effective_mode == "execute" else 1,
                "activeDeadlineSeconds": spec.run_deadline_seconds,
                "ttlSecondsAfterFinished": 86400,
                "template": {"metadata": template_meta, "spec": pod_spec},
            },
        },
    }
    if spec.time_zone:
        cron_spec["timeZone"] = spec.time_zone
    body: dict[str, Any] = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {
            "name": name,
            "namespace": ref.namespace,
            "labels": labels(ref.name),
            "annotations": {},
            "ownerReferences": [owner_reference(ref)],
        },
        "spec": cron_spec,
    }
    body["metadata"]["annotations"][SPEC_HASH_ANNOTATION] = content_hash(body)
    return body


def carried_catalog(cronjob: Mapping[str, Any] | None) -> str | None:
    """The catalog a live CronJob carries on its pod template (the last one the operator put
    there), or None when it carries none."""
    template = _lookup(cronjob, (*_POD[:-1], "metadata", "annotations")) or {}
    value = template.get(CATALOG_ANNOTATION) if isinstance(template, Mapping) else None
    return value if isinstance(value, str) else None


def content_hash(body: Mapping[str, Any]) -> str:
    """Hash of what we render (spec/data, labels, owners): tells a change of ours from drift."""
    material = {
        key: value for key, value in body.items() if key not in ("metadata", "apiVersion", "kind")
    }
    material["labels"] = body.get("metadata", {}).get("labels", {})
    text = json.dumps(material, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


_POD = ("spec", "jobTemplate", "spec", "template", "spec")

# Keys the renderer sets only for some specs (an optional spec field). Where the desired
# object has none, the live object must have none either: `differs` compares them exactly
# (absent == absent; extra sub-keys count too), and `apply_patch` deletes them with an
# explicit null - a JSON merge patch keeps every key it does not mention. Paths through a
# list (the container) need no null: merge patches replace lists whole.
# Pod spec keys the operator owns: those it renders for some specs only, and those it never
# sets but that would change what the pod may do (host namespaces, extra containers) - a
# hand-added `hostNetwork: true` or init container is drift, and is removed.
POD_KEYS = (
    "serviceAccountName", "imagePullSecrets", "nodeSelector", "tolerations", "affinity",
    "priorityClassName", "hostNetwork", "hostPID", "hostIPC", "hostUsers", "hostAliases",
    "shareProcessNamespace", "initContainers", "ephemeralContainers", "nodeName",
    "runtimeClassName", "overhead", "resourceClaims",
)  # fmt: skip
OPTIONAL_PATHS: dict[str, tuple[tuple[str | int, ...], ...]] = {
    "CronJob": (
        ("spec", "timeZone"),
        *((*_POD, key) for key in POD_KEYS),
        (*_POD[:-1], "metadata", "annotations"),
        (*_POD, "containers", 0, "resources"),
    ),
}


def _lookup(obj: Any, path: tuple[str | int, ...]) -> Any:
    """The value at `path`, or None when any step is missing."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(obj, list) or len(obj) <= step:
                return None
        elif not isinstance(obj, Mapping):
            return None
        obj = obj[step] if isinstance(step, int) else obj.get(step)
    return obj


def differs(desired: Mapping[str, Any], actual: Any) -> bool:
    """True when the live object `actual` is not what `desired` renders: it lacks or changes
    anything in `desired`, or holds an optional key (OPTIONAL_PATHS) that `desired` does not
    (or holds it with other content). Other extra keys in `actual` (server defaults such as
    dnsPolicy) do not count; lists must match item by item."""
    if _differs(desired, actual):
        return True
    return any(
        not _same(_lookup(desired, path), _lookup(actual, path))
        for path in OPTIONAL_PATHS.get(str(desired.get("kind")), ())
    )


def _differs(desired: Any, actual: Any, key: str = "") -> bool:
    if isinstance(desired, Mapping):
        if not isinstance(actual, Mapping):
            return True
        if key in ("requests", "limits"):  # a resource list: quantities by value
            return set(desired) != set(actual) or not all(
                same_quantity(value, actual[name]) for name, value in desired.items()
            )
        return any(_differs(value, actual.get(k), str(k)) for k, value in desired.items())
    if isinstance(desired, list):
        if not isinstance(actual, list) or len(desired) != len(actual):
            return True
        return any(_differs(d, a, key) for d, a in zip(desired, actual, strict=True))
    return bool(desired != actual)


def _same(desired: Any, actual: Any) -> bool:
    """Exact comparison of an optional key (absent == absent), quantities by value."""
    if desired is None or actual is None:
        return desired is None and actual is None
    return not _differs(desired, actual) and not _differs(actual, desired)


def apply_patch(desired: Mapping[str, Any]) -> dict[str, Any]:
    """The merge patch that puts `desired` in place over whatever is there: optional keys
    `desired` leaves out are sent as null, so that the API server removes them."""
    meta = desired["metadata"]
    patch: dict[str, Any] = {
        "metadata": {
            "labels": meta["labels"],
            "annotations": meta["annotations"],
            "ownerReferences": meta["ownerReferences"],
        }
    }
    for key in ("spec", "data"):
        if key in desired:
            patch[key] = copy.deepcopy(desired[key])
    for path in OPTIONAL_PATHS.get(str(desired.get("kind")), ()):
        if any(isinstance(step, int) for step in path) or _lookup(desired, path) is not None:
            continue  # inside a list (replaced whole), or rendered
        node = patch
        for step in path[:-1]:
            node = node.setdefault(str(step), {})
        node[str(path[-1])] = None
    return patch
