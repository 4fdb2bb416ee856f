"""What a kube-apiserver does with a custom resource and its CRD's structural schema: drop
nulls, apply defaults, prune unknown fields, then validate (OpenAPI v3 keywords, the
`x-kubernetes-*` extensions, and every `x-kubernetes-validations` rule with cel-python).

Errors are reported as the apiserver words them (k8s.io/apimachinery field errors), e.g.
`spec.mode: Unsupported value: "yolo": supported values: "dry-run", "execute"`."""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tests.k8s import cel

ROOT_META_FIELDS = ("apiVersion", "kind", "metadata")
INT64 = (-(2**63), 2**63 - 1)
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def show(value: Any) -> str:
    """A value as a field error shows it (Go's %q for strings, JSON otherwise)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return '"object"'
    if isinstance(value, list):
        return '"array"'
    if value is None:
        return '"null"'
    return str(value)


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return "null"


# --- nulls, defaults, pruning ---------------------------------------------------------------


def drop_nulls(schema: Mapping[str, Any], value: Any) -> Any:
    """Remove null fields the schema does not declare nullable (done before defaulting)."""
    if isinstance(value, Mapping):
        out = {}
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        for key, child in value.items():
            child_schema = props.get(key, extra if isinstance(extra, Mapping) else {})
            if child is None and not child_schema.get("nullable"):
                continue
            out[key] = drop_nulls(child_schema, child)
        return out
    if isinstance(value, list):
        items = schema.get("items") or {}
        return [drop_nulls(items, item) for item in value]
    return value


def apply_defaults(schema: Mapping[str, Any], value: Any) -> Any:
    """`value` with the schema's defaults filled in where a field is absent."""
    if isinstance(value, Mapping):
        out = dict(value)
        props = schema.get("properties") or {}
        for key, child_schema in props.items():
            if key not in out and "default" in child_schema:
                out[key] = copy.deepcopy(child_schema["default"])
            if key in out:
                out[key] = apply_defaults(child_schema, out[key])
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping):
            for key in out:
                if key not in props:
                    out[key] = apply_defaults(extra, out[key])
        return out
    if isinstance(value, list):
        items = schema.get("items") or {}
        return [apply_defaults(items, item) for item in value]
    return value


def prune(schema: Mapping[str, Any], value: Any, *, root: bool = False) -> Any:
    """`value` without the fields the schema does not specify (x-kubernetes-preserve-unknown-
    fields keeps them; the root keeps apiVersion, kind and metadata)."""
    if isinstance(value, Mapping):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
        embedded = bool(schema.get("x-kubernetes-embedded-resource"))
        out = {}
        for key, child in value.items():
            if (root or embedded) and key in ROOT_META_FIELDS:
                out[key] = child  # ObjectMeta and the type are the apiserver's, not pruned
            elif key in props:
                out[key] = prune(props[key], child)
            elif isinstance(extra, Mapping):
                out[key] = prune(extra, child)
            elif extra is True or preserve:
                out[key] = child
        return out
    if isinstance(value, list):
        items = schema.get("items") or {}
        return [prune(items, item) for item in value]
    return value


def unknown_fields(schema: Mapping[str, Any], value: Any, path: str = "") -> list[str]:
    """Paths of the fields pruning would drop."""
    found: list[str] = []
    if isinstance(value, Mapping):
        props = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        preserve = schema.get("x-kubernetes-preserve-unknown-fields")
        for key, child in value.items():
            where = f"{path}.{key}" if path else key
            if key in props:
                found += unknown_fields(props[key], child, where)
            elif isinstance(extra, Mapping):
                found += unknown_fields(extra, child, where)
            elif not (extra is True or preserve):
                found.append(where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unknown_fields(schema.get("items") or {}, item, f"{path}[{index}]")
    return found


def admit(schema: Mapping[str, Any], obj: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """What the apiserver stores for `obj` (nulls dropped, defaulted, pruned) and the errors
    that make it refuse the object (422) - empty when it is admitted."""
    stored = drop_nulls(schema, obj)
    stored = apply_defaults(schema, stored)
    stored = prune(schema, stored, root=True)
    errors = validate_metadata(stored.get("metadata") or {})
    errors += validate(schema, stored, "", root=True)
    return stored, errors


def validate_metadata(meta: Mapping[str, Any]) -> list[str]:
    name = meta.get("name")
    if not name:
        return (
            []
            if meta.get("generateName")
            else ["metadata.name: Required value: name or generateName is required"]
        )
    if not isinstance(name, str) or len(name) > 253 or not _DNS_SUBDOMAIN.match(name):
        return [
            f"metadata.name: Invalid value: {show(name)}: a lowercase RFC 1123 subdomain must "
            "consist of lower case alphanumeric characters, '-' or '.', and must start and end "
            "with an alphanumeric character"
        ]
    return []


# --- validation ----------------------------------------------------------------------------


def validate(schema: Mapping[str, Any], value: Any, path: str, *, root: bool = False) -> list[str]:
    """Field errors for `value` against `schema` (OpenAPI v3 as the apiserver applies it)."""
    where = path or "<root>"
    type_errors = _type_errors(schema, value, where)
    if type_errors:
        return type_errors
    errors: list[str] = []
    errors += _scalar_errors(schema, value, where)
    if isinstance(value, Mapping):
        errors += _object_errors(schema, value, path)
    elif isinstance(value, list):
        errors += _array_errors(schema, value, path)
    for junctor in ("allOf", "anyOf", "oneOf"):
        if junctor in schema:
            results = [not validate(sub, value, path) for sub in schema[junctor]]
            passed = sum(results)
            if junctor == "allOf" and passed < len(results):
                errors.append(f"{where}: Invalid value: {show(value)}: must match all of allOf")
            if junctor == "anyOf" and not passed:
                errors.append(
                    f"{where}: Invalid value: {show(value)}: must match at least one schema in anyOf"
                )
            if junctor == "oneOf" and passed != 1:
                errors.append(
                    f"{where}: Invalid value: {show(value)}: must match exactly one schema in oneOf"
                )
    if "not" in schema and not validate(schema["not"], value, path):
        errors.append(f"{where}: Invalid value: {show(value)}: must not validate the schema (not)")
    if not errors:
        errors += _cel_errors(schema, value, where, root=root)
    return errors


def _type_errors(schema: Mapping[str, Any], value: Any, where: str) -> list[str]:
    if value is None:
        if schema.get("nullable") or schema.get("x-kubernetes-preserve-unknown-fields"):
            return []
        wanted = schema.get("type")
        return (
            [f'{where}: Invalid value: "null": {where} in body must be of type {wanted}: "null"']
            if wanted
            else []
        )
    actual = _type_name(value)
    if schema.get("x-kubernetes-int-or-string"):
        if actual in ("integer", "string"):
            return []
        return [
            f"{where}: Invalid value: {show(value)}: {where} in body must be of type integer,string: {show(actual)}"
        ]
    wanted = schema.get("type")
    if not wanted:
        return []
    ok = (
        actual == wanted
        or (wanted == "number" and actual == "integer")
        or (wanted == "integer" and isinstance(value, float) and value.is_integer())
    )
    if ok:
        return []
    return [
        f"{where}: Invalid value: {show(actual)}: {where} in body must be of type {wanted}: {show(actual)}"
    ]


def _scalar_errors(schema: Mapping[str, Any], value: Any, where: str) -> list[str]:
    errors: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        supported = ", ".join(show(option) for option in schema["enum"])
        errors.append(f"{where}: Unsupported value: {show(value)}: supported values: {supported}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            errors.append(f"{where}: Invalid value: {value}: must be a finite number")
        integer = schema.get("format") == "int64" or schema.get("type") == "integer"
        if integer and not INT64[0] <= value <= INT64[1]:
            errors.append(f"{where}: Invalid value: {value}: must fit in int64")
        if schema.get("format") == "int32" and not -(2**31) <= value < 2**31:
            errors.append(f"{where}: Invalid value: {value}: must fit in int32")
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and (value < low or (schema.get("exclusiveMinimum") and value == low)):
            relation = (
                "greater than" if schema.get("exclusiveMinimum") else "greater than or equal to"
            )
            errors.append(
                f"{where}: Invalid value: {value}: {where} in body should be {relation} {low}"
            )
        if high is not None and (
            value > high or (schema.get("exclusiveMaximum") and value == high)
        ):
            relation = "less than" if schema.get("exclusiveMaximum") else "less than or equal to"
            errors.append(
                f"{where}: Invalid value: {value}: {where} in body should be {relation} {high}"
            )
        if "multipleOf" in schema and value % schema["multipleOf"]:
            errors.append(
                f"{where}: Invalid value: {value}: {where} in body should be a multiple of {schema['multipleOf']}"
            )
    if isinstance(value, str):
        length = len(value)
        if "maxLength" in schema and length > schema["maxLength"]:
            errors.append(f"{where}: Too long: may not be more than {schema['maxLength']} bytes")
        if "minLength" in schema and length < schema["minLength"]:
            errors.append(
                f"{where}: Invalid value: {show(value)}: {where} in body should be at least {schema['minLength']} chars long"
            )
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(
                f"{where}: Invalid value: {show(value)}: {where} in body should match '{schema['pattern']}'"
            )
        if schema.get("format") == "date-time" and not _is_date_time(value):
            errors.append(
                f"{where}: Invalid value: {show(value)}: {where} in body must be of type date-time: {show(value)}"
            )
    return errors


def _is_date_time(text: str) -> bool:
    if not _DATE_TIME.match(text):
        return False
    try:
        datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _object_errors(schema: Mapping[str, Any], value: Mapping[str, Any], path: str) -> list[str]:
    errors: list[str] = []
    where = path or "<root>"
    for key in schema.get("required") or []:
        if key not in value:
            errors.append(f"{path + '.' if path else ''}{key}: Required value")
    if "maxProperties" in schema and len(value) > schema["maxProperties"]:
        errors.append(
            f"{where}: Too many: {len(value)}: must have at most {schema['maxProperties']} items"
        )
    if "minProperties" in schema and len(value) < schema["minProperties"]:
        errors.append(
            f"{where}: Invalid value: {len(value)}: {where} in body should have at least {schema['minProperties']} properties"
        )
    props = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    for key, child in value.items():
        child_path = f"{path}.{key}" if path else key
        if key in props:
            errors += validate(props[key], child, child_path)
        elif isinstance(extra, Mapping):
            errors += validate(extra, child, f"{path}[{key}]" if path else key)
    return errors


def _array_errors(schema: Mapping[str, Any], value: list[Any], path: str) -> list[str]:
    errors: list[str] = []
    where = path or "<root>"
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        errors.append(
            f"{where}: Too many: {len(value)}: must have at most {schema['maxItems']} items"
        )
    if "minItems" in schema and len(value) < schema["minItems"]:
        errors.append(
            f"{where}: Invalid value: {len(value)}: {where} in body should have at least {schema['minItems']} items"
        )
    items = schema.get("items")
    if isinstance(items, Mapping):
        for index, item in enumerate(value):
            errors += validate(items, item, f"{path}[{index}]")
    list_type = schema.get("x-kubernetes-list-type")
    if list_type == "set":
        seen: list[Any] = []
        for index, item in enumerate(value):
            if item in seen:
                errors.append(f"{path}[{index}]: Duplicate value: {show(item)}")
            seen.append(item)
    if list_type == "map":
        keys = schema.get("x-kubernetes-list-map-keys") or []
        seen_keys: list[tuple[Any, ...]] = []
        for index, item in enumerate(value):
            if not isinstance(item, Mapping):
                continue
            key = tuple(item.get(k) for k in keys)
            if key in seen_keys:
                shown = ", ".join(f'"{k}":{json.dumps(item.get(k))}' for k in keys)
                errors.append(
                    f"{path}[{index}]: Duplicate value: map[string]interface {{}}{{{shown}}}"
                )
            seen_keys.append(key)
    return errors


def _cel_errors(schema: Mapping[str, Any], value: Any, where: str, *, root: bool) -> list[str]:
    errors: list[str] = []
    for rule in schema.get("x-kubernetes-validations") or []:
        if "oldSelf" in rule["rule"]:
            continue  # transition rules need the old object; none of ours has one
        result = cel.evaluate(rule["rule"], value)
        if result is True:
            continue
        field_path = where + rule["fieldPath"] if rule.get("fieldPath") else where
        message = rule.get("message") or f"failed rule: {rule['rule']}"
        if isinstance(result, str):
            message = f"{message} ({result})"
        kind = _type_name(value) if not root else "object"
        reason = rule.get("reason", "FieldValueInvalid")
        if reason == "FieldValueForbidden":
            errors.append(f"{field_path}: Forbidden: {message}")
        elif reason == "FieldValueRequired":
            errors.append(f"{field_path}: Required value: {message}")
        else:
            errors.append(f'{field_path}: Invalid value: "{kind}": {message}')
    return errors
