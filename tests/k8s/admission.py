"""The admission oracle: the checks a kube-apiserver applies to a CustomResourceDefinition
before it accepts it, written from apiextensions-apiserver's validation (facts, not code).

`crd_violations(crd)` returns the field errors the apiserver would answer a create with (an
empty list: admitted). The rules, in the apiserver's order:

1. the CRD object: names, versions (one storage version), a schema per version;
2. the OpenAPI subset (`validate_openapi`): no `$ref`, `definitions`, `dependencies`,
   `patternProperties`, `additionalItems`, `id`, `uniqueItems`, `type: null`, item tuples;
   `additionalProperties` and `properties` not both; known keywords only; the
   `x-kubernetes-*` invariants (preserve-unknown-fields true or absent, map-type and
   list-type values and types, list-map-keys: a map list of objects keyed by scalar
   properties that are required or defaulted); defaults forbidden in the root's apiVersion,
   kind and metadata; validation rules and messages well formed;
3. structurality (`validate_structural`): every node typed (root, object fields, array items),
   `items` for every array, an object root without `additionalProperties`, apiVersion/kind
   strings and metadata an object, the root metadata restricting only name and generateName,
   embedded resources, int-or-string patterns, nothing but value validation inside
   anyOf/allOf/oneOf/not, and every field those mention also specified outside them;
4. defaults (`validate_defaults`): pruned (no unknown fields) and valid against their schema,
   rules included;
5. CEL (`validate_cel`): every rule and messageExpression compiles against the schema's
   types, and its estimated cost, times how often it may run (maxItems/maxProperties of the
   lists and maps above it), stays under 10,000,000 per rule and 100,000,000 per CRD.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tests.k8s import cel, openapi

SCHEMA_KEYWORDS = frozenset(
    {
        "id", "$schema", "$ref", "description", "type", "format", "title", "default",
        "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
        "pattern", "maxItems", "minItems", "uniqueItems", "multipleOf", "enum", "maxProperties",
        "minProperties", "required", "items", "allOf", "oneOf", "anyOf", "not", "properties",
        "additionalProperties", "patternProperties", "dependencies", "additionalItems",
        "definitions", "externalDocs", "example", "nullable",
        "x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource",
        "x-kubernetes-int-or-string", "x-kubernetes-list-map-keys", "x-kubernetes-list-type",
        "x-kubernetes-map-type", "x-kubernetes-validations",
    }
)  # fmt: skip
TYPES = ("array", "boolean", "integer", "number", "object", "string")
VALUE_VALIDATION_JUNCTORS = ("allOf", "anyOf", "oneOf")
# Keys that may appear inside anyOf/allOf/oneOf/not: value validation only.
FORBIDDEN_IN_JUNCTORS = {
    "type": "must be empty to be structural",
    "additionalProperties": "must be undefined to be structural",
    "default": "must be undefined to be structural",
    "title": "must be empty to be structural",
    "description": "must be empty to be structural",
    "nullable": "must be false to be structural",
    "x-kubernetes-preserve-unknown-fields": "must be false to be structural",
    "x-kubernetes-embedded-resource": "must be false to be structural",
    "x-kubernetes-int-or-string": "must be false to be structural",
    "x-kubernetes-list-map-keys": "must be empty to be structural",
    "x-kubernetes-list-type": "must be undefined to be structural",
}
INT_OR_STRING_ANY_OF = [{"type": "integer"}, {"type": "string"}]
RULE_REASONS = (
    "FieldValueRequired",
    "FieldValueForbidden",
    "FieldValueInvalid",
    "FieldValueDuplicate",
)


@dataclass(frozen=True)
class Violation:
    """One field error, as `kubectl apply` prints it after `is invalid:`."""

    path: str
    kind: str  # Forbidden, Required value, Invalid value, Unsupported value, unknown field
    detail: str

    def __str__(self) -> str:
        return (
            f"{self.path}: {self.kind}: {self.detail}"
            if self.detail
            else f"{self.path}: {self.kind}"
        )


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if not isinstance(value, str) else json.dumps(value)


# --- the CRD object ------------------------------------------------------------------------


def crd_violations(crd: Mapping[str, Any]) -> list[Violation]:
    """Every reason a kube-apiserver would refuse to create `crd` (empty: it is admitted)."""
    errors: list[Violation] = []
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    expected_name = f"{names.get('plural')}.{spec.get('group')}"
    if (crd.get("metadata") or {}).get("name") != expected_name:
        errors.append(Violation("metadata.name", "Invalid value",
                                f"{_show((crd.get('metadata') or {}).get('name'))}: must be spec.names.plural+\".\"+spec.group"))  # fmt: skip
    if crd.get("apiVersion") != "apiextensions.k8s.io/v1":
        errors.append(
            Violation("apiVersion", "Invalid value", "only apiextensions.k8s.io/v1 is served")
        )
    if spec.get("preserveUnknownFields"):
        errors.append(
            Violation("spec.preserveUnknownFields", "Invalid value", "true: must be false")
        )
    if spec.get("scope") not in ("Namespaced", "Cluster"):
        errors.append(
            Violation(
                "spec.scope",
                "Unsupported value",
                f'{_show(spec.get("scope"))}: supported values: "Cluster", "Namespaced"',
            )
        )
    for key in ("plural", "kind"):
        if not names.get(key):
            errors.append(Violation(f"spec.names.{key}", "Required value", ""))
    versions = spec.get("versions") or []
    if sum(1 for v in versions if v.get("storage")) != 1:
        errors.append(
            Violation(
                "spec.versions",
                "Invalid value",
                "must have exactly one version marked as storage version",
            )
        )
    for index, version in enumerate(versions):
        where = f"spec.versions[{index}]"
        schema = (version.get("schema") or {}).get("openAPIV3Schema")
        if not isinstance(schema, Mapping):
            errors.append(
                Violation(
                    f"{where}.schema.openAPIV3Schema", "Required value", "schemas are required"
                )
            )
            continue
        errors += schema_violations(schema, f"{where}.schema.openAPIV3Schema",
                                    status_subresource="status" in (version.get("subresources") or {}))  # fmt: skip
    return errors


def schema_violations(
    schema: Mapping[str, Any], path: str = "openAPIV3Schema", *, status_subresource: bool = False
) -> list[Violation]:
    """What the apiserver reports for one version's openAPIV3Schema: OpenAPI subset and
    structurality first; defaults only once the schema is structural; CEL only after that."""
    errors = validate_openapi(schema, path, root=True)
    if status_subresource and schema.get("type", "object") != "object":
        errors.append(Violation(f"{path}.type", "Invalid value",
                                f'{_show(schema.get("type"))}: only "object" is allowed as the type at the root of the schema if the status subresource is enabled'))  # fmt: skip
    if schema.get("nullable"):
        errors.append(
            Violation(f"{path}.nullable", "Forbidden", "nullable cannot be true at the root")
        )
    structural = validate_structural(schema, path)
    if structural:
        return errors + structural
    defaults = validate_defaults(schema, path)
    if errors or defaults:
        return errors + defaults
    return validate_cel(schema, path)


# --- the OpenAPI subset ---------------------------------------------------------------------


def validate_openapi(
    schema: Mapping[str, Any],
    path: str,
    *,
    root: bool = False,
    defaults_forbidden: str | None = None,
    in_meta: bool = False,
) -> list[Violation]:
    errors: list[Violation] = []
    for key in schema:
        if key not in SCHEMA_KEYWORDS:
            errors.append(
                Violation(
                    f"{path}.{key}", "unknown field", f'"{key}" is not a JSONSchemaProps field'
                )
            )
    kind = schema.get("type")
    if kind is not None and kind not in TYPES:
        if kind == "null":
            errors.append(
                Violation(
                    f"{path}.type",
                    "Forbidden",
                    "type cannot be set to null, use nullable as an alternative",
                )
            )
        else:
            supported = ", ".join(f'"{t}"' for t in TYPES)
            errors.append(
                Violation(
                    f"{path}.type",
                    "Unsupported value",
                    f"{_show(kind)}: supported values: {supported}",
                )
            )
    if "default" in schema and defaults_forbidden is not None:
        errors.append(
            Violation(
                f"{path}.default", "Forbidden", f"must not be set {defaults_forbidden}".strip()
            )
        )
    for key, detail in (
        ("id", "id is not supported"),
        ("additionalItems", "additionalItems is not supported"),
        ("patternProperties", "patternProperties is not supported"),
        ("definitions", "definitions is not supported"),
        ("dependencies", "dependencies is not supported"),
        ("$ref", "$ref is not supported"),
    ):
        if schema.get(key) not in (None, {}, []) or (key == "$ref" and "$ref" in schema):
            errors.append(Violation(f"{path}.{key}", "Forbidden", detail))
    if schema.get("uniqueItems") is True:
        errors.append(
            Violation(
                f"{path}.uniqueItems",
                "Forbidden",
                "uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
            )
        )
    if isinstance(schema.get("items"), list):
        errors.append(
            Violation(
                f"{path}.items", "Forbidden", "items must be a schema object and not an array"
            )
        )
    if in_meta and schema.get("x-kubernetes-embedded-resource"):
        errors.append(
            Violation(
                f"{path}.x-kubernetes-embedded-resource",
                "Forbidden",
                "must not be used inside of resource meta",
            )
        )
    extra = schema.get("additionalProperties")
    if extra is not None and schema.get("properties") and extra is not True:
        errors.append(
            Violation(
                f"{path}.additionalProperties",
                "Forbidden",
                "additionalProperties and properties are mutual exclusive",
            )
        )
    errors += _extension_violations(schema, path)
    errors += _rule_violations(schema, path)
    # children
    if isinstance(extra, Mapping):
        reason = (
            "inside additionalProperties applying to object metadata"
            if in_meta
            else defaults_forbidden
        )
        errors += validate_openapi(
            extra, f"{path}.additionalProperties", defaults_forbidden=reason, in_meta=in_meta
        )
    for name, child in (schema.get("properties") or {}).items():
        child_path = f"{path}.properties[{name}]"
        meta = (
            root or schema.get("x-kubernetes-embedded-resource")
        ) and name in openapi.ROOT_META_FIELDS
        reason = (
            f"in top-level {name}"
            if root and name in openapi.ROOT_META_FIELDS
            else defaults_forbidden
        )
        if isinstance(child, Mapping):
            errors += validate_openapi(
                child, child_path, defaults_forbidden=reason, in_meta=in_meta or bool(meta)
            )
    if isinstance(schema.get("items"), Mapping):
        errors += validate_openapi(
            schema["items"], f"{path}.items", defaults_forbidden=defaults_forbidden, in_meta=in_meta
        )
    for junctor in (*VALUE_VALIDATION_JUNCTORS,):
        for index, sub in enumerate(schema.get(junctor) or []):
            errors += validate_openapi(
                sub,
                f"{path}.{junctor}[{index}]",
                defaults_forbidden=defaults_forbidden,
                in_meta=in_meta,
            )
    if isinstance(schema.get("not"), Mapping):
        errors += validate_openapi(
            schema["not"], f"{path}.not", defaults_forbidden=defaults_forbidden, in_meta=in_meta
        )
    return errors


def _extension_violations(schema: Mapping[str, Any], path: str) -> list[Violation]:
    errors: list[Violation] = []
    kind = schema.get("type")
    if schema.get("x-kubernetes-preserve-unknown-fields") is False:
        errors.append(
            Violation(
                f"{path}.x-kubernetes-preserve-unknown-fields",
                "Invalid value",
                "false: must be true or undefined",
            )
        )
    map_type = schema.get("x-kubernetes-map-type")
    if map_type is not None:
        if kind != "object":
            errors.append(
                _type_required(path, kind, "must be object if x-kubernetes-map-type is specified")
            )
        if map_type not in ("atomic", "granular"):
            errors.append(
                Violation(
                    f"{path}.x-kubernetes-map-type",
                    "Unsupported value",
                    f'{_show(map_type)}: supported values: "atomic", "granular"',
                )
            )
    list_type = schema.get("x-kubernetes-list-type")
    items = schema.get("items") if isinstance(schema.get("items"), Mapping) else None
    if list_type is not None:
        if kind != "array":
            errors.append(
                _type_required(path, kind, "must be array if x-kubernetes-list-type is specified")
            )
        elif list_type == "set" and items is not None:
            if (
                items.get("type") == "array"
                and items.get("x-kubernetes-list-type", "atomic") != "atomic"
            ):
                errors.append(
                    Violation(
                        f"{path}.items.x-kubernetes-list-type",
                        "Invalid value",
                        "must be atomic as item of a list with x-kubernetes-list-type=set",
                    )
                )
            if items.get("type") == "object" and items.get("x-kubernetes-map-type") != "atomic":
                errors.append(
                    Violation(
                        f"{path}.items.x-kubernetes-map-type",
                        "Invalid value",
                        "must be atomic as item of a list with x-kubernetes-list-type=set",
                    )
                )
        if list_type not in ("atomic", "set", "map"):
            errors.append(
                Violation(
                    f"{path}.x-kubernetes-list-type",
                    "Unsupported value",
                    f'{_show(list_type)}: supported values: "atomic", "set", "map"',
                )
            )
    keys = schema.get("x-kubernetes-list-map-keys") or []
    if keys and list_type != "map":
        if list_type is None:
            errors.append(
                Violation(
                    f"{path}.x-kubernetes-list-type",
                    "Required value",
                    "must be map if x-kubernetes-list-map-keys is non-empty",
                )
            )
        else:
            errors.append(
                Violation(
                    f"{path}.x-kubernetes-list-type",
                    "Invalid value",
                    f"{_show(list_type)}: must be map if x-kubernetes-list-map-keys is non-empty",
                )
            )
    if list_type == "map":
        errors += _map_list_violations(schema, path, items, keys)
    if list_type in ("set", "map") and items is not None and items.get("nullable"):
        errors.append(
            Violation(
                f"{path}.items.nullable",
                "Forbidden",
                f"cannot be nullable when x-kubernetes-list-type is {list_type}",
            )
        )
    return errors


def _map_list_violations(
    schema: Mapping[str, Any], path: str, items: Mapping[str, Any] | None, keys: list[str]
) -> list[Violation]:
    errors: list[Violation] = []
    if not keys:
        errors.append(
            Violation(
                f"{path}.x-kubernetes-list-map-keys",
                "Required value",
                "must not be empty if x-kubernetes-list-type is map",
            )
        )
    if items is None:
        errors.append(
            Violation(
                f"{path}.items",
                "Required value",
                "must have a schema if x-kubernetes-list-type is map",
            )
        )
        return errors
    if items.get("type") != "object":
        errors.append(
            Violation(
                f"{path}.items.type",
                "Invalid value",
                f"{_show(items.get('type'))}: must be object if parent array's x-kubernetes-list-type is map",
            )
        )
        return errors
    props = items.get("properties") or {}
    required = set(items.get("required") or [])
    if len(set(keys)) != len(keys):
        errors.append(
            Violation(
                f"{path}.x-kubernetes-list-map-keys",
                "Invalid value",
                f"{_show(keys)}: must not contain duplicate entries",
            )
        )
    for key in keys:
        if key not in props:
            errors.append(
                Violation(
                    f"{path}.x-kubernetes-list-map-keys",
                    "Invalid value",
                    f"{_show(keys)}: entries must all be names of item properties",
                )
            )
            continue
        if props[key].get("type") in ("array", "object"):
            errors.append(
                Violation(
                    f"{path}.items.properties[{key}].type",
                    "Invalid value",
                    "must be a scalar type if parent array's x-kubernetes-list-type is map",
                )
            )
        if key not in required and "default" not in props[key]:
            errors.append(
                Violation(
                    f"{path}.items.properties[{key}].default",
                    "Required value",
                    "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property",
                )
            )
        if props[key].get("nullable"):
            errors.append(
                Violation(
                    f"{path}.items.properties[{key}].nullable",
                    "Forbidden",
                    "this property is in x-kubernetes-list-map-keys, so it cannot be nullable",
                )
            )
    return errors


def _type_required(path: str, kind: Any, detail: str) -> Violation:
    if not kind:
        return Violation(f"{path}.type", "Required value", detail)
    return Violation(f"{path}.type", "Invalid value", f"{_show(kind)}: {detail}")


def _rule_violations(schema: Mapping[str, Any], path: str) -> list[Violation]:
    errors: list[Violation] = []
    for index, rule in enumerate(schema.get("x-kubernetes-validations") or []):
        where = f"{path}.x-kubernetes-validations[{index}]"
        text = str(rule.get("rule", "")).strip()
        message = rule.get("message")
        if not text:
            errors.append(Violation(f"{where}.rule", "Required value", "rule is not specified"))
        elif message is not None and not str(message).strip():
            errors.append(
                Violation(
                    f"{where}.message",
                    "Invalid value",
                    f"{_show(message)}: message must be non-empty if specified",
                )
            )
        elif message is not None and re.search(r"[\n\r]", str(message).strip()):
            errors.append(
                Violation(
                    f"{where}.message",
                    "Invalid value",
                    f"{_show(message)}: message must not contain line breaks",
                )
            )
        elif re.search(r"[\n\r]", text) and not str(message or "").strip():
            errors.append(
                Violation(
                    f"{where}.message",
                    "Required value",
                    "message must be specified if rule contains line breaks",
                )
            )
        if "reason" in rule and rule["reason"] not in RULE_REASONS:
            supported = ", ".join(f'"{r}"' for r in RULE_REASONS)
            errors.append(
                Violation(
                    f"{where}.reason",
                    "Unsupported value",
                    f"{_show(rule['reason'])}: supported values: {supported}",
                )
            )
        for key in rule:
            if key not in (
                "rule",
                "message",
                "messageExpression",
                "reason",
                "fieldPath",
                "optionalOldSelf",
            ):
                errors.append(
                    Violation(
                        f"{where}.{key}", "unknown field", f'"{key}" is not a ValidationRule field'
                    )
                )
    return errors


# --- structurality --------------------------------------------------------------------------

ROOT, ITEM, FIELD = "root", "item", "field"


def validate_structural(schema: Mapping[str, Any], path: str) -> list[Violation]:
    errors = _structural(schema, path, ROOT)
    errors += _completeness(schema, path)
    return sorted(errors, key=str)


def _structural(schema: Mapping[str, Any], path: str, level: str) -> list[Violation]:
    errors: list[Violation] = []
    kind = schema.get("type")
    embedded = bool(schema.get("x-kubernetes-embedded-resource"))
    int_or_string = bool(schema.get("x-kubernetes-int-or-string"))
    preserve = bool(schema.get("x-kubernetes-preserve-unknown-fields"))
    if kind == "array" and not isinstance(schema.get("items"), Mapping):
        errors.append(Violation(f"{path}.items", "Required value", "must be specified"))
    if isinstance(schema.get("items"), Mapping):
        errors += _structural(schema["items"], f"{path}.items", ITEM)
    for name, child in (schema.get("properties") or {}).items():
        errors += _structural(child, f"{path}.properties[{name}]", FIELD)
    extra = schema.get("additionalProperties")
    if extra is not None and level == ROOT:
        errors.append(
            Violation(f"{path}.additionalProperties", "Forbidden", "must not be used at the root")
        )
    if isinstance(extra, Mapping):
        errors += _structural(extra, f"{path}.additionalProperties", FIELD)
    if int_or_string and preserve:
        errors.append(
            Violation(
                f"{path}.x-kubernetes-preserve-unknown-fields",
                "Invalid value",
                "true: must be false if x-kubernetes-int-or-string is true",
            )
        )
    if int_or_string and embedded:
        errors.append(
            Violation(
                f"{path}.x-kubernetes-embedded-resource",
                "Invalid value",
                "true: must be false if x-kubernetes-int-or-string is true",
            )
        )
    errors += _junctor_violations(schema, path, level)
    if embedded and kind != "object":
        errors.append(
            _type_required(path, kind, "must be object if x-kubernetes-embedded-resource is true")
        )
    elif not kind and not int_or_string and not preserve:
        detail = {ROOT: "must not be empty at the root", ITEM: "must not be empty for specified array items",
                  FIELD: "must not be empty for specified object fields"}[level]  # fmt: skip
        errors.append(Violation(f"{path}.type", "Required value", detail))
    if embedded and extra is not None:
        errors.append(
            Violation(
                f"{path}.additionalProperties",
                "Forbidden",
                "must not be used if x-kubernetes-embedded-resource is set",
            )
        )
    if level == ROOT and kind and kind != "object":
        errors.append(
            Violation(f"{path}.type", "Invalid value", f"{_show(kind)}: must be object at the root")
        )
    props = schema.get("properties") or {}
    check_meta = level == ROOT or embedded
    for name in ("kind", "apiVersion"):
        if check_meta and name in props and props[name].get("type") != "string":
            errors.append(
                Violation(
                    f"{path}.properties[{name}].type",
                    "Invalid value",
                    f"{_show(props[name].get('type'))}: must be string",
                )
            )
    if check_meta and "metadata" in props and props["metadata"].get("type") != "object":
        errors.append(
            Violation(
                f"{path}.properties[metadata].type",
                "Invalid value",
                f"{_show(props['metadata'].get('type'))}: must be object",
            )
        )
    if level == ROOT and "metadata" in props and not _only_name_restrictions(props["metadata"]):
        errors.append(Violation(f"{path}.properties[metadata]", "Forbidden",
                                "must not specify anything other than name and generateName, but metadata is implicitly specified"))  # fmt: skip
    if embedded and not preserve and not props:
        errors.append(
            Violation(
                f"{path}.properties",
                "Required value",
                "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
            )
        )
    return errors


def _only_name_restrictions(metadata: Mapping[str, Any]) -> bool:
    """The root metadata schema says nothing but its type (object) and restrictions on name
    and generateName. Its default is checked elsewhere (it is forbidden there)."""
    rest = {k: v for k, v in metadata.items() if k not in ("type", "default")}
    props = rest.pop("properties", None)
    if props is not None and (not props or set(props) - {"name", "generateName"}):
        return False
    return not rest


def _junctor_violations(schema: Mapping[str, Any], path: str, level: str) -> list[Violation]:
    errors: list[Violation] = []
    any_of = schema.get("anyOf")
    all_of = schema.get("allOf") or []
    skip_any_of = any_of == INT_OR_STRING_ANY_OF
    skip_first_all_of = bool(all_of) and all_of[0].get("anyOf") == INT_OR_STRING_ANY_OF
    for index, sub in enumerate(any_of or []):
        if not skip_any_of:
            errors += _nested(sub, f"{path}.anyOf[{index}]", level)
    for index, sub in enumerate(all_of):
        errors += _nested(
            sub, f"{path}.allOf[{index}]", level, skip_any_of=skip_first_all_of and index == 0
        )
    for index, sub in enumerate(schema.get("oneOf") or []):
        errors += _nested(sub, f"{path}.oneOf[{index}]", level)
    if isinstance(schema.get("not"), Mapping):
        errors += _nested(schema["not"], f"{path}.not", level)
    return errors


def _nested(
    schema: Mapping[str, Any], path: str, level: str, *, skip_any_of: bool = False
) -> list[Violation]:
    errors: list[Violation] = []
    for key, detail in FORBIDDEN_IN_JUNCTORS.items():
        value = schema.get(key)
        if value not in (None, False, "", []):
            errors.append(Violation(f"{path}.{key}", "Forbidden", detail))
    for index, sub in enumerate(schema.get("anyOf") or []):
        if not skip_any_of:
            errors += _nested(sub, f"{path}.anyOf[{index}]", level)
    for junctor in ("allOf", "oneOf"):
        for index, sub in enumerate(schema.get(junctor) or []):
            errors += _nested(sub, f"{path}.{junctor}[{index}]", level)
    if isinstance(schema.get("not"), Mapping):
        errors += _nested(schema["not"], f"{path}.not", level)
    if isinstance(schema.get("items"), Mapping):
        errors += _nested(schema["items"], f"{path}.items", level)
    for name, child in (schema.get("properties") or {}).items():
        errors += _nested(child, f"{path}.properties[{name}]", FIELD)
    if "metadata" in (schema.get("properties") or {}):
        errors.append(
            Violation(
                f"{path}.properties[metadata]",
                "Forbidden",
                "must not be specified in a nested context",
            )
        )
    return errors


def _completeness(schema: Mapping[str, Any], path: str) -> list[Violation]:
    """Every field or items a value validation mentions is specified outside it too."""
    errors: list[Violation] = []
    for junctor_path, sub in _junctor_schemas(schema, path):
        errors += _covered(schema, sub, path, junctor_path)
    for name, child in (schema.get("properties") or {}).items():
        errors += _completeness(child, f"{path}.properties[{name}]")
    if isinstance(schema.get("items"), Mapping):
        errors += _completeness(schema["items"], f"{path}.items")
    if isinstance(schema.get("additionalProperties"), Mapping):
        errors += _completeness(schema["additionalProperties"], f"{path}.additionalProperties")
    return errors


def _junctor_schemas(
    schema: Mapping[str, Any], path: str
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for junctor in VALUE_VALIDATION_JUNCTORS:
        for index, sub in enumerate(schema.get(junctor) or []):
            yield f"{path}.{junctor}[{index}]", sub
            yield from _junctor_schemas(sub, f"{path}.{junctor}[{index}]")
    if isinstance(schema.get("not"), Mapping):
        yield f"{path}.not", schema["not"]
        yield from _junctor_schemas(schema["not"], f"{path}.not")


def _covered(
    outer: Mapping[str, Any], inner: Mapping[str, Any], path: str, inner_path: str
) -> list[Violation]:
    errors: list[Violation] = []
    outer_props = outer.get("properties") or {}
    for name, child in (inner.get("properties") or {}).items():
        if name not in outer_props:
            errors.append(
                Violation(
                    f"{path}.properties[{name}]",
                    "Required value",
                    f"because it is defined in {inner_path}.properties[{name}]",
                )
            )
        else:
            errors += _covered(
                outer_props[name],
                child,
                f"{path}.properties[{name}]",
                f"{inner_path}.properties[{name}]",
            )
    if isinstance(inner.get("items"), Mapping):
        if not isinstance(outer.get("items"), Mapping):
            errors.append(
                Violation(
                    f"{path}.items",
                    "Required value",
                    f"because it is defined in {inner_path}.items",
                )
            )
        else:
            errors += _covered(
                outer["items"], inner["items"], f"{path}.items", f"{inner_path}.items"
            )
    return errors


# --- defaults ----------------------------------------------------------------------------


def validate_defaults(schema: Mapping[str, Any], path: str) -> list[Violation]:
    """Every default is pruned (holds no field the schema drops) and valid against its
    schema, nested defaults applied, validation rules included."""
    errors: list[Violation] = []
    for where, node in _nodes(schema, path):
        if "default" not in node:
            continue
        value = node["default"]
        pruned = openapi.prune(node, value)
        if pruned != value:
            errors.append(
                Violation(
                    f"{where}.default",
                    "Invalid value",
                    f"{_show(value)}: must not have unknown fields",
                )
            )
            continue
        defaulted = openapi.apply_defaults(node, value)
        for problem in openapi.validate(node, defaulted, f"{where}.default"):
            path_part, _, rest = problem.partition(": ")
            kind, _, detail = rest.partition(": ")
            errors.append(Violation(path_part, kind, detail))
    return errors


def _nodes(schema: Mapping[str, Any], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every schema node that describes a value (not inside a value validation)."""
    yield path, schema
    for name, child in (schema.get("properties") or {}).items():
        yield from _nodes(child, f"{path}.properties[{name}]")
    if isinstance(schema.get("items"), Mapping):
        yield from _nodes(schema["items"], f"{path}.items")
    if isinstance(schema.get("additionalProperties"), Mapping):
        yield from _nodes(schema["additionalProperties"], f"{path}.additionalProperties")


# --- CEL -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleCost:
    """One rule with its estimated cost per evaluation and how often it may be evaluated."""

    path: str
    rule: str
    cost: int
    cardinality: int

    @property
    def total(self) -> int:
        return self.cost * self.cardinality


def validate_cel(schema: Mapping[str, Any], path: str) -> list[Violation]:
    errors: list[Violation] = []
    costs: list[RuleCost] = []
    for rule_cost, problem in rule_costs(schema, path):
        if problem is not None:
            errors.append(problem)
            continue
        assert rule_cost is not None
        costs.append(rule_cost)
        if rule_cost.total > cel.COST_LIMIT_PER_RULE:
            errors.append(
                Violation(
                    rule_cost.path,
                    "Forbidden",
                    cost_message("estimated rule cost", rule_cost.total, cel.COST_LIMIT_PER_RULE),
                )
            )
    total = sum(c.total for c in costs)
    if total > cel.COST_LIMIT_PER_CRD:
        for expensive in sorted(costs, key=lambda c: c.total, reverse=True)[:4]:
            errors.append(
                Violation(
                    expensive.path,
                    "Forbidden",
                    "contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema",
                )
            )
        errors.append(
            Violation(
                path,
                "Forbidden",
                cost_message(
                    "x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema",
                    total,
                    cel.COST_LIMIT_PER_CRD,
                ),
            )
        )
    return errors


def rule_costs(
    schema: Mapping[str, Any], path: str
) -> list[tuple[RuleCost | None, Violation | None]]:
    """Each rule of the schema compiled: its cost, or the compile error."""
    results: list[tuple[RuleCost | None, Violation | None]] = []
    for where, node, cardinality, root in _rule_nodes(schema, path, 1, root=True):
        for index, rule in enumerate(node.get("x-kubernetes-validations") or []):
            rule_path = f"{where}.x-kubernetes-validations[{index}].rule"
            try:
                cost = cel.estimate(rule["rule"], node, root=root)
                if rule.get("messageExpression"):
                    cost += cel.estimate(rule["messageExpression"], node, root=root)
            except cel.CelError as exc:
                results.append(
                    (None, Violation(rule_path, "Invalid value", f"{_show(rule)}: {exc}"))
                )
                continue
            results.append((RuleCost(rule_path, rule["rule"], cost, cardinality), None))
    return results


def _rule_nodes(
    schema: Mapping[str, Any], path: str, cardinality: int, *, root: bool = False
) -> Iterator[tuple[str, Mapping[str, Any], int, bool]]:
    yield path, schema, cardinality, root
    for name, child in (schema.get("properties") or {}).items():
        if root and name == "metadata":
            continue
        yield from _rule_nodes(child, f"{path}.properties[{name}]", cardinality)
    items = schema.get("items")
    if isinstance(items, Mapping):
        yield from _rule_nodes(items, f"{path}.items", cardinality * cel.declared(schema).size)
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping):
        yield from _rule_nodes(
            extra, f"{path}.additionalProperties", cardinality * cel.declared(schema).size
        )


def cost_message(name: str, cost: int, limit: int) -> str:
    factor = cost / limit
    if factor > 100.0:
        shown = "more than 100x"
    elif factor < 1.5:
        shown = f"{factor:f}x"
    else:
        shown = f"{factor:.1f}x"
    return (
        f"{name} exceeds budget by factor of {shown} (try simplifying the rule, or adding "
        "maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)"
    )
