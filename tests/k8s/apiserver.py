"""What a kube-apiserver refuses or rewrites in a write, as pure functions for the strict
emulator (tests/scenarios/emulator.py):

- request bodies must be standard JSON: no NaN or Infinity, no number beyond float64, no
  integer beyond int64 (400 Bad Request);
- custom resources: nulls dropped, defaults applied, unknown fields pruned, then validated
  against their CRD's openAPIV3Schema with its rules (tests/k8s/openapi.py; 422 Invalid);
- CustomResourceDefinitions: the admission oracle (tests/k8s/admission.py);
- built-in objects: quantities stored in canonical form (tests/k8s/quantity.py), then
  kubernetes-validate's schemas, strictly (unknown fields are errors); CronJobs also need a
  schedule the CronJob parser takes (tests/k8s/cron.py), a known time zone and a name of at
  most 52 characters;
- an update is judged like the apiserver's ratcheting: errors in a top-level field the update
  did not change are not reported."""

from __future__ import annotations

import json
import math
import re
import zoneinfo
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any

import jsonschema
import jsonschema_rs
from kubernetes_validate import utils as kv_utils
from referencing import Registry, Resource

from tests.k8s import cron, quantity

INT64 = (-(2**63), 2**63 - 1)
KUBERNETES_VERSION = "1.33.0"


class _NotStandardJson(ValueError):
    pass


def _constant(name: str) -> Any:
    raise _NotStandardJson(f"{name} is not a JSON value")


def _integer(text: str) -> int:
    value = int(text)
    if not INT64[0] <= value <= INT64[1]:
        raise _NotStandardJson(f"the integer {text[:30]} does not fit in int64")
    return value


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotStandardJson(f"the number {text[:30]} is out of range")
    return value


def strict_json_problem(body: bytes) -> str | None:
    """Why the apiserver's decoder refuses `body` (400), or None for standard JSON."""
    if not body.strip() or body.strip()[:1] not in (b"{", b"["):
        return None  # not JSON at all: the ordinary handler answers for it
    try:
        json.loads(body, parse_constant=_constant, parse_int=_integer, parse_float=_number)
    except _NotStandardJson as exc:
        return f"the request body is not standard JSON: {exc}"
    except ValueError as exc:
        return f"the request body is not JSON: {exc}"
    return None


def merge_diff(old: Any, new: Any) -> Any:
    """The JSON merge patch that turns `old` into `new`."""
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return new
    patch: dict[str, Any] = {}
    for key in old:
        if key not in new:
            patch[key] = None
    for key, value in new.items():
        if key not in old:
            patch[key] = value
        elif old[key] != value:
            patch[key] = merge_diff(old[key], value)
    return patch


def ratchet(errors: list[str], old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> list[str]:
    """Drop errors under a top-level field (spec, status, ...) an update left as it was."""
    if old is None:
        return errors
    kept = []
    for error in errors:
        top = error.split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
        if top in ("metadata", "<root>") or old.get(top) != new.get(top):
            kept.append(error)
    return kept


def invalid_message(kind: str, group: str, name: str, errors: list[str]) -> str:
    """The message of a 422, as the apiserver writes it."""
    what = f"{kind}.{group}" if group else kind
    listed = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
    return f'{what} "{name}" is invalid: {listed}'


def admit_builtin(obj: dict[str, Any]) -> list[str]:
    """Canonicalise the quantities of a built-in object in place; the field errors that make
    the apiserver refuse it."""
    errors = quantity.canonicalize(obj)
    if errors:
        return errors
    api_version, kind = str(obj.get("apiVersion", "")), str(obj.get("kind", ""))
    validator = _builtin_validator(api_version, kind)
    # None: a kind kubernetes-validate does not know. The compiled check answers first; only
    # an object it refuses is walked again for the message (the two agree: test_apiserver).
    if validator is not None and not builtin_is_valid(api_version, kind, obj):
        error = next(iter(validator.iter_errors(obj)), None)  # as kubernetes-validate raises
        if error is not None:
            where = ".".join(str(part) for part in error.path) or "<root>"
            return [f"{where}: Invalid value: {error.message}"]
    errors += metadata_errors(obj)
    if obj.get("kind") == "CronJob":
        errors += cronjob_errors(obj)
    return errors


ANNOTATIONS_LIMIT = 256 * 1024  # bytes of keys and values together, per object metadata
_DOWNWARD_VOLUME_PATHS = (
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
    "metadata.uid",
)  # fmt: skip
_DOWNWARD_SUBSCRIPT = re.compile(r"metadata\.(?:labels|annotations)\['([^']*)'\]")
# A qualified name: an optional DNS-subdomain prefix and "/", then 1-63 characters.
_QUALIFIED_NAME = re.compile(
    r"(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*/)?"
    r"[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
)


def _templates(obj: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """(field path, object) of the object and of the templates inside it, whose metadata
    and pod spec the apiserver validates like its own."""
    spec = _mapping(obj.get("spec"))
    kind = obj.get("kind")
    found: list[tuple[str, Mapping[str, Any]]] = [("", obj)]
    if kind == "CronJob":
        job = _mapping(spec.get("jobTemplate"))
        pod = _mapping(_mapping(job.get("spec")).get("template"))
        found += [("spec.jobTemplate.", job), ("spec.jobTemplate.spec.template.", pod)]
    elif kind in ("Job", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        found.append(("spec.template.", _mapping(spec.get("template"))))
    return found


def metadata_errors(obj: Mapping[str, Any]) -> list[str]:
    """What ValidateObjectMeta and the pod volume checks refuse that the OpenAPI schemas do
    not say: annotations over 256 KiB in all or with a key that is not a qualified name,
    and downward API volume items with a field path volumes do not support."""
    errors: list[str] = []
    for where, node in _templates(obj):
        annotations = _mapping(_mapping(node.get("metadata")).get("annotations"))
        size = sum(len(str(k).encode()) + len(str(v).encode()) for k, v in annotations.items())
        if size > ANNOTATIONS_LIMIT:
            errors.append(
                f"{where}metadata.annotations: Too long: may not be more than "
                f"{ANNOTATIONS_LIMIT} bytes"
            )
        errors += [
            f'{where}metadata.annotations: Invalid value: "{key}": name part must consist of '
            "alphanumeric characters, '-', '_' or '.'"
            for key in annotations
            if not _QUALIFIED_NAME.fullmatch(str(key))
        ]
        if where.endswith("template.") or (obj.get("kind") == "Pod" and not where):
            errors += _downward_errors(f"{where}spec.", _mapping(node.get("spec")))
    return errors


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _downward_errors(where: str, pod: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    for v, volume in enumerate(pod.get("volumes") or []):
        for i, item in enumerate(_mapping(_mapping(volume).get("downwardAPI")).get("items") or []):
            path = str(_mapping(_mapping(item).get("fieldRef")).get("fieldPath", ""))
            subscript = _DOWNWARD_SUBSCRIPT.fullmatch(path)
            if path in _DOWNWARD_VOLUME_PATHS or (
                subscript and _QUALIFIED_NAME.fullmatch(subscript[1])
            ):
                continue
            if "fieldRef" not in _mapping(item):
                continue  # a resourceFieldRef: not checked here
            supported = ", ".join(f'"{p}"' for p in _DOWNWARD_VOLUME_PATHS)
            errors.append(
                f"{where}volumes[{v}].downwardAPI.items[{i}].fieldRef.fieldPath: "
                f'Unsupported value: "{path}": supported values: {supported}'
            )
    return errors


@cache
def _schema_dir() -> str:
    """kubernetes-validate's strict schemas of the newest version not after ours."""
    wanted = kv_utils.major_minor(KUBERNETES_VERSION)
    version = [v for v in kv_utils.all_versions() if kv_utils.major_minor(v) <= wanted][-1]
    return f"kubernetes-json-schema/v{version}-local-strict"


@cache
def _definitions() -> Resource[Any]:
    return Resource.from_contents(
        kv_utils.schema_contents(f"{_schema_dir()}/_definitions.json", KUBERNETES_VERSION)
    )


@cache
def _builtin_validator(api_version: str, kind: str) -> jsonschema.protocols.Validator | None:
    """kubernetes-validate's strict schema of one kind as a validator, built once (its
    `validate` reads and parses the schema files on every call: at a few hundred objects
    that was most of the emulator's time). None for a kind it does not know."""
    schema = _schema(api_version, kind)
    if schema is None:
        return None
    registry: Registry[Any] = _definitions() @ (Resource.from_contents(schema) @ Registry())
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(
        schema, registry=registry
    )
    return validator


def builtin_is_valid(api_version: str, kind: str, obj: Mapping[str, Any]) -> bool:
    """Whether `obj` satisfies the same strict schema as `_builtin_validator`'s, checked by
    jsonschema-rs (compiled: about 400x faster on a CronJob, which kept the emulator, not
    the operators, the bottleneck of the operator benchmark). True for an unknown kind."""
    check = _compiled_check(api_version, kind)
    return check is None or check(obj)


@cache
def _compiled_check(api_version: str, kind: str) -> Callable[[Any], bool] | None:
    schema = _schema(api_version, kind)
    if schema is None:
        return None
    definitions = _definitions().contents
    registry = jsonschema_rs.Registry([(definitions["$id"], definitions)])
    check: Callable[[Any], bool] = jsonschema_rs.validator_for(schema, registry=registry).is_valid
    return check


def _schema(api_version: str, kind: str) -> dict[str, Any] | None:
    """kubernetes-validate's strict schema of one kind; None for a kind it does not know."""
    group = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    try:
        schema: dict[str, Any] = kv_utils.schema_contents(
            f"{_schema_dir()}/{kind.lower()}-{group}.json", KUBERNETES_VERSION
        )
    except FileNotFoundError:
        return None
    return schema


def cronjob_errors(cronjob: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    name = str((cronjob.get("metadata") or {}).get("name", ""))
    if len(name) > 52:
        errors.append(f'metadata.name: Invalid value: "{name}": must be no more than 52 characters')
    spec = cronjob.get("spec") or {}
    schedule = str(spec.get("schedule", ""))
    problem = cron.schedule_problem(schedule)
    if problem is not None:
        errors.append(f'spec.schedule: Invalid value: "{schedule}": {problem}')
    zone = spec.get("timeZone")
    if zone is not None and zone not in _time_zones():
        errors.append(f'spec.timeZone: Invalid value: "{zone}": unknown time zone {zone}')
    return errors


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
