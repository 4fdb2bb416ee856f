"""Label and field selectors as a kube-apiserver reads them on a list or a watch, as pure
functions for the strict emulator (tests/scenarios/emulator.py). kmock 0.8 ignores both and
streams every object of a resource; an API server filters on its side, so an operator's
selectors decide what reaches it - and a wrong selector silently starves it. Here both hold.

Label selectors (the `labels.Parse` grammar): comma-separated requirements `key`, `!key`,
`key=value`, `key==value`, `key!=value`, `key in (a,b)`, `key notin (a,b)`; `!=` and `notin`
also match an object without the label. Keys are qualified names (an optional DNS-subdomain
prefix and `/`, then at most 63 characters), values at most 63 characters. Field selectors:
comma-separated `field=value`, `field==value`, `field!=value` (`\\` escapes `,`, `=` and `\\`);
every kind supports `metadata.name` and `metadata.namespace`, a few kinds some more fields
(`FIELDS`); any other field is refused, as the API server refuses it (400 Bad Request).

Watch semantics: an object that stops matching is shown to the watcher as DELETED, one that
starts matching as ADDED (`WatchFilter`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Predicate = Callable[[Mapping[str, Any]], bool]

# Field selectors beyond metadata.name and metadata.namespace, per kind (the API server's
# field label conversion functions of the built-in kinds the chart and operator touch).
FIELDS: dict[str, frozenset[str]] = {
    "Pod": frozenset({
        "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
        "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
        "status.podIPs", "status.nominatedNodeName",
    }),
    "Event": frozenset({
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
        "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    }),
    "Job": frozenset({"status.successful"}),
    "Secret": frozenset({"type"}),
    "Namespace": frozenset({"status.phase"}),
    "Node": frozenset({"spec.unschedulable"}),
    "ReplicaSet": frozenset({"status.replicas"}),
    "ReplicationController": frozenset({"status.replicas"}),
}  # fmt: skip
COMMON_FIELDS = ("metadata.name", "metadata.namespace")

_NAME = r"[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?"
_DNS_LABEL = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?"
_KEY = re.compile(rf"(?:(?P<prefix>{_DNS_LABEL}(?:\.{_DNS_LABEL})*)/)?(?P<name>{_NAME})")
_VALUE = re.compile(rf"(?:{_NAME})?")
_SET = re.compile(r"^(?P<key>\S+)\s+(?P<op>in|notin)\s*\((?P<values>[^()]*)\)$")
_EQUALITY = re.compile(r"^(?P<key>[^=!\s]+)\s*(?P<op>==|=|!=)\s*(?P<value>\S*)$")


class SelectorError(ValueError):
    """A selector the API server would not parse: its message is the 400's."""


def label_selector(text: str) -> Callable[[Mapping[str, str]], bool]:
    """A predicate over an object's labels, or `SelectorError`."""
    checks = [_requirement(part.strip()) for part in _split_requirements(text)]
    return lambda labels: all(check(labels) for check in checks)


def field_selector(text: str, kind: str) -> Predicate:
    """A predicate over a whole object of `kind`, or `SelectorError`."""
    allowed = (*COMMON_FIELDS, *sorted(FIELDS.get(kind, ())))
    checks: list[Predicate] = []
    for part in _split_escaped(text):
        if not part:
            continue
        match = re.fullmatch(r"(?P<field>[^=!]+?)\s*(?P<op>==|=|!=)(?P<value>.*)", part, re.S)
        if match is None:
            raise SelectorError(f"invalid selector: '{text}'; can't understand '{part}'")
        field, op, value = match["field"].strip(), match["op"], _unescape(match["value"])
        if field not in allowed:
            known = ", ".join(f'"{name}"' for name in allowed)
            raise SelectorError(f'"{field}" is not a known field selector: only {known}')
        checks.append(_field_check(field, op, value))
    return lambda obj: all(check(obj) for check in checks)


def selection(params: Mapping[str, str], kind: str) -> Predicate | None:
    """The predicate a list or watch request's `labelSelector` and `fieldSelector` make
    (None: neither is given, everything is selected), or `SelectorError`."""
    labels_text = params.get("labelSelector", "")
    fields_text = params.get("fieldSelector", "")
    if not labels_text.strip() and not fields_text.strip():
        return None
    by_labels = label_selector(labels_text)
    by_fields = field_selector(fields_text, kind)

    def selected(obj: Mapping[str, Any]) -> bool:
        labels = (obj.get("metadata") or {}).get("labels") or {}
        return by_labels(labels) and by_fields(obj)

    return selected


class WatchFilter:
    """One watch stream's view through its selectors: events of objects that match, an
    object that stops matching as DELETED, one that starts matching as ADDED."""

    def __init__(self, selected: Predicate) -> None:
        self.selected = selected
        self.shown: set[tuple[str, str]] = set()

    def __call__(self, event: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
        kind = event.get("type")
        obj = event.get("object")
        if kind in ("BOOKMARK", "ERROR") or not isinstance(obj, Mapping):
            yield dict(event)
            return
        meta = obj.get("metadata") or {}
        key = (str(meta.get("namespace") or ""), str(meta.get("name") or ""))
        was_shown = key in self.shown
        if kind == "DELETED":
            if was_shown:
                self.shown.discard(key)
                yield dict(event)
            return
        if self.selected(obj):
            self.shown.add(key)
            yield {**event, "type": kind if was_shown else "ADDED"}
        elif was_shown:
            self.shown.discard(key)
            yield {**event, "type": "DELETED"}


def _split_requirements(text: str) -> Iterator[str]:
    """Commas outside parentheses separate requirements."""
    depth, start = 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            yield text[start:index]
            start = index + 1
    tail = text[start:]
    if tail.strip() or start:
        yield tail


def _requirement(part: str) -> Callable[[Mapping[str, str]], bool]:
    if not part:
        raise SelectorError("unable to parse requirement: found '', expected: identifier")
    if part.startswith("!"):
        key = _key(part[1:].strip())
        return lambda labels: key not in labels
    if (match := _SET.match(part)) is not None:
        key = _key(match["key"])
        values = frozenset(_value(v.strip()) for v in match["values"].split(","))
        if match["op"] == "in":
            return lambda labels: labels.get(key) in values
        return lambda labels: labels.get(key) not in values
    if (match := _EQUALITY.match(part)) is not None:
        key, value = _key(match["key"]), _value(match["value"])
        if match["op"] == "!=":
            return lambda labels: labels.get(key) != value
        return lambda labels: labels.get(key) == value
    key = _key(part)
    return lambda labels: key in labels


def _key(key: str) -> str:
    match = _KEY.fullmatch(key)
    if match is None or len(match["name"]) > 63 or len(match["prefix"] or "") > 253:
        raise SelectorError(
            f'unable to parse requirement: invalid label key "{key}": name part must consist '
            "of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (at most 63), with an optional DNS subdomain prefix and '/'"
        )
    return key


def _value(value: str) -> str:
    if len(value) > 63 or _VALUE.fullmatch(value) is None:
        raise SelectorError(
            f'unable to parse requirement: invalid label value: "{value}": a valid label '
            "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
            "and must start and end with an alphanumeric character (at most 63)"
        )
    return value


def _split_escaped(text: str) -> Iterator[str]:
    """Commas not escaped with a backslash separate field requirements."""
    part: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            part += [char, next(chars, "")]
        elif char == ",":
            yield "".join(part).strip()
            part = []
        else:
            part.append(char)
    yield "".join(part).strip()


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value)


def _field_check(field: str, op: str, value: str) -> Predicate:
    def actual(obj: Mapping[str, Any]) -> str:
        node: Any = obj
        for step in field.split("."):
            node = node.get(step) if isinstance(node, Mapping) else None
        if isinstance(node, bool):
            return "true" if node else "false"
        return "" if node is None else str(node)

    if op == "!=":
        return lambda obj: actual(obj) != value
    return lambda obj: actual(obj) == value
