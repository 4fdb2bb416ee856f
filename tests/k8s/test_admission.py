"""The admission oracle against the apiserver's own answers: each case is a schema the
apiextensions-apiserver refuses (or admits), with the field error it gives. And the oracle
over every CRD the chart ships: admitted; the CRD before commit 817c853: refused."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.chart.emulated_cluster import chart_crds
from tests.k8s import cel
from tests.k8s.admission import crd_violations, rule_costs, schema_violations

P = "openAPIV3Schema"


def crd(schema: dict[str, Any], **version: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "things.example.dev"},
        "spec": {
            "group": "example.dev",
            "scope": "Namespaced",
            "names": {"kind": "Thing", "plural": "things"},
            "versions": [
                {"name": "v1", "served": True, "storage": True,
                 "schema": {"openAPIV3Schema": schema}, **version}
            ],
        },
    }  # fmt: skip


def root(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


def errors_of(schema: dict[str, Any]) -> list[str]:
    return [str(v) for v in schema_violations(schema, P)]


# (case, schema, the error the apiserver gives); from apiextensions-apiserver's behaviour.
REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("metadata-description", root(metadata={"type": "object", "description": "x"}),
     f"{P}.properties[metadata]: Forbidden: must not specify anything other than name and "
     "generateName, but metadata is implicitly specified"),
    ("metadata-labels", root(metadata={"type": "object", "properties": {"labels": {"type": "object"}}}),
     f"{P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName"),
    ("metadata-minimum", root(metadata={"minimum": 42.0}),
     f"{P}.properties[metadata].type: Required value: must not be empty for specified object fields"),
    ("metadata-not-object", root(metadata={"type": "string"}),
     f'{P}.properties[metadata].type: Invalid value: "string": must be object'),
    ("kind-not-string", root(kind={"type": "integer"}),
     f'{P}.properties[kind].type: Invalid value: "integer": must be string'),
    ("untyped-field", root(spec={"type": "object", "properties": {"a": {}}}),
     f"{P}.properties[spec].properties[a].type: Required value: must not be empty for specified object fields"),
    ("untyped-items", root(xs={"type": "array", "items": {}}),
     f"{P}.properties[xs].items.type: Required value: must not be empty for specified array items"),
    ("untyped-root", {"properties": {"a": {"type": "string"}}},
     f"{P}.type: Required value: must not be empty at the root"),
    ("array-root", {"type": "array", "items": {"type": "string"}},
     f'{P}.type: Invalid value: "array": must be object at the root'),
    ("array-without-items", root(xs={"type": "array"}),
     f"{P}.properties[xs].items: Required value: must be specified"),
    ("ref", root(a={"type": "object", "$ref": "#/definitions/b"}),
     f"{P}.properties[a].$ref: Forbidden: $ref is not supported"),
    ("definitions", {**root(a={"type": "string"}), "definitions": {"b": {"type": "string"}}},
     f"{P}.definitions: Forbidden: definitions is not supported"),
    ("dependencies", root(a={"type": "object", "dependencies": {"x": ["y"]}}),
     f"{P}.properties[a].dependencies: Forbidden: dependencies is not supported"),
    ("pattern-properties", root(a={"type": "object", "patternProperties": {"^x": {"type": "string"}}}),
     f"{P}.properties[a].patternProperties: Forbidden: patternProperties is not supported"),
    ("additional-items", root(a={"type": "array", "items": {"type": "string"}, "additionalItems": False}),
     f"{P}.properties[a].additionalItems: Forbidden: additionalItems is not supported"),
    ("unique-items", root(a={"type": "array", "items": {"type": "string"}, "uniqueItems": True}),
     f"{P}.properties[a].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"),
    ("null-type", root(a={"type": "null"}),
     f"{P}.properties[a].type: Forbidden: type cannot be set to null, use nullable as an alternative"),
    ("items-tuple", root(a={"type": "array", "items": [{"type": "string"}]}),
     f"{P}.properties[a].items: Forbidden: items must be a schema object and not an array"),
    ("additional-and-properties",
     root(a={"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": {"type": "string"}}),
     f"{P}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"),
    ("additional-false-and-properties",
     root(a={"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": False}),
     f"{P}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"),
    ("additional-at-root", {"type": "object", "additionalProperties": {"type": "string"}},
     f"{P}.additionalProperties: Forbidden: must not be used at the root"),
    ("preserve-false", root(a={"type": "object", "x-kubernetes-preserve-unknown-fields": False}),
     f"{P}.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"),
    ("int-or-string-preserve",
     root(a={"x-kubernetes-int-or-string": True, "x-kubernetes-preserve-unknown-fields": True}),
     f"{P}.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true"),
    ("int-or-string-typed-any-of",
     root(a={"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "boolean"}]}),
     f"{P}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural"),
    ("type-in-junctor", root(a={"type": "string", "allOf": [{"type": "string"}]}),
     f"{P}.properties[a].allOf[0].type: Forbidden: must be empty to be structural"),
    ("description-in-junctor", root(a={"type": "string", "oneOf": [{"description": "x"}]}),
     f"{P}.properties[a].oneOf[0].description: Forbidden: must be empty to be structural"),
    ("default-in-junctor", root(a={"type": "string", "not": {"default": "x"}}),
     f"{P}.properties[a].not.default: Forbidden: must be undefined to be structural"),
    ("metadata-in-junctor",
     root(a={"type": "object", "properties": {"metadata": {"type": "object"}},
             "allOf": [{"properties": {"metadata": {}}}]}),
     f"{P}.properties[a].allOf[0].properties[metadata]: Forbidden: must not be specified in a nested context"),
    ("junctor-field-not-specified",
     root(a={"type": "object", "properties": {"b": {"type": "string"}},
             "anyOf": [{"properties": {"c": {}}}]}),
     f"{P}.properties[a].properties[c]: Required value: because it is defined in {P}.properties[a].anyOf[0].properties[c]"),
    ("embedded-not-object", root(a={"type": "string", "x-kubernetes-embedded-resource": True}),
     f'{P}.properties[a].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true'),
    ("embedded-empty", root(a={"type": "object", "x-kubernetes-embedded-resource": True}),
     f"{P}.properties[a].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"),
    ("map-type-value", root(a={"type": "object", "x-kubernetes-map-type": "deep"}),
     f'{P}.properties[a].x-kubernetes-map-type: Unsupported value: "deep": supported values: "atomic", "granular"'),
    ("map-type-on-string", root(a={"type": "string", "x-kubernetes-map-type": "atomic"}),
     f'{P}.properties[a].type: Invalid value: "string": must be object if x-kubernetes-map-type is specified'),
    ("list-type-value", root(a={"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "bag"}),
     f'{P}.properties[a].x-kubernetes-list-type: Unsupported value: "bag": supported values: "atomic", "set", "map"'),
    ("list-type-on-object", root(a={"type": "object", "x-kubernetes-list-type": "set"}),
     f'{P}.properties[a].type: Invalid value: "object": must be array if x-kubernetes-list-type is specified'),
    ("map-keys-without-map", root(a={"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}, "required": ["k"]},
                                     "x-kubernetes-list-map-keys": ["k"]}),
     f"{P}.properties[a].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty"),
    ("map-without-keys", root(a={"type": "array", "items": {"type": "object"}, "x-kubernetes-list-type": "map"}),
     f"{P}.properties[a].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"),
    ("map-of-strings", root(a={"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "map",
                               "x-kubernetes-list-map-keys": ["k"]}),
     f'{P}.properties[a].items.type: Invalid value: "string": must be object if parent array\'s x-kubernetes-list-type is map'),
    ("map-key-not-a-property", root(a={"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}, "required": ["k"]},
                                       "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"]}),
     f'{P}.properties[a].x-kubernetes-list-map-keys: Invalid value: ["name"]: entries must all be names of item properties'),
    ("map-key-optional", root(a={"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}},
                                 "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["k"]}),
     f"{P}.properties[a].items.properties[k].default: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"),
    ("set-of-granular-objects", root(a={"type": "array", "items": {"type": "object", "properties": {"k": {"type": "string"}}},
                                        "x-kubernetes-list-type": "set"}),
     f"{P}.properties[a].items.x-kubernetes-map-type: Invalid value: must be atomic as item of a list with x-kubernetes-list-type=set"),
    ("default-in-top-level-metadata", root(metadata={"type": "object", "properties": {"name": {"type": "string", "default": "x"}}}),
     f"{P}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata"),
    ("default-wrong-type", root(spec={"type": "object", "properties": {"n": {"type": "integer", "default": "five"}}}),
     f'{P}.properties[spec].properties[n].default: Invalid value: "string": {P}.properties[spec].properties[n].default in body must be of type integer: "string"'),
    ("default-outside-enum", root(spec={"type": "object", "properties": {"m": {"type": "string", "enum": ["a"], "default": "b"}}}),
     f'{P}.properties[spec].properties[m].default: Unsupported value: "b": supported values: "a"'),
    ("default-unknown-field", root(spec={"type": "object", "default": {"x": 1}, "properties": {"a": {"type": "string"}}}),
     f'{P}.properties[spec].default: Invalid value: {{"x": 1}}: must not have unknown fields'),
    ("default-breaks-rule", root(spec={"type": "object", "default": {"a": "no"}, "properties": {"a": {
        "type": "string", "maxLength": 8, "x-kubernetes-validations": [{"rule": "self == 'yes'"}]}}}),
     "failed rule: self == 'yes'"),
    ("unknown-keyword", root(a={"type": "string", "pattren": "^x$"}),
     f'{P}.properties[a].pattren: unknown field: "pattren" is not a JSONSchemaProps field'),
    ("rule-empty", root(a={"type": "string", "x-kubernetes-validations": [{"rule": " "}]}),
     f"{P}.properties[a].x-kubernetes-validations[0].rule: Required value: rule is not specified"),
    ("rule-message-newline", root(a={"type": "string", "maxLength": 5, "x-kubernetes-validations": [{"rule": "true", "message": "a\nb"}]}),
     "message must not contain line breaks"),
    ("rule-reason", root(a={"type": "string", "maxLength": 5, "x-kubernetes-validations": [{"rule": "true", "reason": "Because"}]}),
     f'{P}.properties[a].x-kubernetes-validations[0].reason: Unsupported value: "Because"'),
    ("rule-syntax", root(a={"type": "string", "maxLength": 5, "x-kubernetes-validations": [{"rule": "self.("}]}),
     "compilation failed: ERROR: <input>: Syntax error"),
    ("rule-undefined-field", root(a={"type": "object", "properties": {"b": {"type": "string"}},
                                     "x-kubernetes-validations": [{"rule": "self.c == 'x'"}]}),
     "compilation failed: ERROR: <input>: undefined field 'c'"),
    ("rule-unknown-function", root(a={"type": "string", "maxLength": 5, "x-kubernetes-validations": [{"rule": "self.frobnicate()"}]}),
     "undeclared reference to 'frobnicate'"),
    ("rule-wrong-overload", root(a={"type": "integer", "x-kubernetes-validations": [{"rule": "self.matches('^1$')"}]}),
     "found no matching overload for 'matches'"),
    ("rule-cost-unbounded-list", root(a={"type": "array", "items": {"type": "string"},
                                         "x-kubernetes-validations": [{"rule": "self.all(x, x.matches('^[a-z]+$'))"}]}),
     f"{P}.properties[a].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x"),
    ("rule-cost-strings-in-unbounded-list", root(a={"type": "array", "items": {"type": "string",
                                                    "x-kubernetes-validations": [{"rule": "self.matches('^[a-z]+$')"}]}}),
     f"{P}.properties[a].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of"),
]  # fmt: skip


@pytest.mark.parametrize(("schema", "expected"), [(s, e) for _, s, e in REFUSED],
                         ids=[n for n, _, _ in REFUSED])  # fmt: skip
def test_the_oracle_refuses_what_the_apiserver_refuses(
    schema: dict[str, Any], expected: str
) -> None:
    found = errors_of(schema)
    assert any(expected in error for error in found), found


ADMITTED: list[tuple[str, dict[str, Any]]] = [
    ("metadata-name-only", root(metadata={"type": "object", "properties": {"name": {"type": "string", "maxLength": 20}}})),
    ("metadata-type-only", root(metadata={"type": "object"})),
    ("int-or-string-any-of", root(a={"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]})),
    ("int-or-string-all-of", root(a={"x-kubernetes-int-or-string": True,
                                     "allOf": [{"anyOf": [{"type": "integer"}, {"type": "string"}]}, {"pattern": "^[0-9]+$"}]})),
    ("preserve-untyped", root(a={"x-kubernetes-preserve-unknown-fields": True})),
    ("additional-true-with-properties", root(a={"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": True})),
    ("junctor-field-specified", root(a={"type": "object", "properties": {"b": {"type": "string"}},
                                        "oneOf": [{"required": ["b"]}, {"properties": {"b": {"pattern": "^x"}}}]})),
    ("embedded-preserved", root(a={"type": "object", "x-kubernetes-embedded-resource": True, "x-kubernetes-preserve-unknown-fields": True})),
    ("map-list", root(a={"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["k"],
                         "items": {"type": "object", "required": ["k"], "properties": {"k": {"type": "string"}}}})),
    ("valid-defaults", root(spec={"type": "object", "default": {}, "properties": {
        "n": {"type": "integer", "default": 3, "minimum": 1}, "m": {"type": "string", "enum": ["a", "b"], "default": "b"}}})),
    ("bounded-rule-in-list", root(a={"type": "array", "maxItems": 10, "items": {
        "type": "string", "maxLength": 64, "x-kubernetes-validations": [{"rule": "self.matches('^[a-z]+$')"}]}})),
]  # fmt: skip


@pytest.mark.parametrize("schema", [s for _, s in ADMITTED], ids=[n for n, _ in ADMITTED])
def test_the_oracle_admits_what_the_apiserver_admits(schema: dict[str, Any]) -> None:
    assert errors_of(schema) == []


def test_the_crd_object_itself() -> None:
    bad = crd(root(a={"type": "string"}))
    bad["metadata"]["name"] = "things.other.dev"
    bad["spec"]["versions"].append(copy.deepcopy(bad["spec"]["versions"][0]) | {"name": "v2"})
    del bad["spec"]["versions"][1]["schema"]
    found = [str(v) for v in crd_violations(bad)]
    assert any('metadata.name: Invalid value: "things.other.dev"' in e for e in found), found
    assert any("must have exactly one version marked as storage version" in e for e in found)
    assert any("spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required" in e
               for e in found)  # fmt: skip


def test_the_per_crd_cost_limit() -> None:
    """Many rules that each fit may still exceed the CRD's total (100,000,000)."""
    rule = {"rule": "self.matches('^[a-z]+$')"}
    item = {"type": "string", "maxLength": 4096, "x-kubernetes-validations": [rule]}
    props = {f"l{i}": {"type": "array", "maxItems": 2000, "items": item} for i in range(40)}
    found = errors_of(root(**props))
    assert any("contributed to estimated rule cost total exceeding cost limit" in e for e in found)
    assert any(e.startswith(f"{P}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget")
               for e in found), found  # fmt: skip
    assert not any("estimated rule cost exceeds budget" in e for e in found)


def test_matches_costs_grow_with_max_length() -> None:
    """The cost of matches() is (maxLength*4+1)/10 times the regex length/4: bounding the
    string is what keeps a rule cheap."""
    short = cel.estimate("self.matches('^[a-z]+$')", {"type": "string", "maxLength": 10})
    long = cel.estimate("self.matches('^[a-z]+$')", {"type": "string", "maxLength": 10_000})
    unbounded = cel.estimate("self.matches('^[a-z]+$')", {"type": "string"})
    assert short < long < unbounded
    assert unbounded == 1 + ((3 * 1024 * 1024 - 2 + 1 + 9) // 10) * 2


# --- the shipped CRDs ----------------------------------------------------------------------


SHIPPED = {c["metadata"]["name"]: c for c in chart_crds()}


def test_the_chart_ships_the_three_crds() -> None:
    assert set(SHIPPED) == {
        "wardenworkers.ops-warden.dev", "kopfpeerings.kopf.dev", "clusterkopfpeerings.kopf.dev"
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_shipped_crd_is_admitted(name: str) -> None:
    assert [str(v) for v in crd_violations(SHIPPED[name])] == []


def test_every_rule_of_the_wardenworker_crd_is_compiled_and_costed() -> None:
    schema = SHIPPED["wardenworkers.ops-warden.dev"]["spec"]["versions"][0]["schema"]
    results = rule_costs(schema["openAPIV3Schema"], P)
    assert results, "the CRD has validation rules"
    assert all(problem is None for _, problem in results)
    costs = [cost for cost, _ in results if cost is not None]
    assert all(0 < c.total <= cel.COST_LIMIT_PER_RULE // 100 for c in costs), costs


def test_the_crd_before_the_metadata_fix_is_refused() -> None:
    """Commit 817c853 removed a description from the root metadata schema; with it, the
    apiserver refuses the whole CRD (and `helm install` fails on any real cluster)."""
    old = copy.deepcopy(SHIPPED["wardenworkers.ops-warden.dev"])
    old_root = old["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    old_root["properties"]["metadata"]["description"] = "Standard object metadata."
    assert [str(v) for v in crd_violations(old)] == [
        "spec.versions[0].schema.openAPIV3Schema.properties[metadata]: Forbidden: must not "
        "specify anything other than name and generateName, but metadata is implicitly specified"
    ]
