"""Kubernetes quantities as the apiserver stores them (resource.Quantity's canonical form),
written from its documented rules:

- `<number><suffix>`: binary-SI (Ki Mi Gi Ti Pi Ei), decimal-SI (n u m "" k M G T P E) or a
  decimal exponent (e3, E-2); a JSON number is a quantity too;
- values are rounded up to nano units (1n is the smallest non-zero amount);
- the canonical form keeps the suffix family but picks the largest unit that leaves an integer
  (0.5 -> 500m, 1000m -> 1, 1.5Gi -> 1536Mi, 2048Ki -> 2Mi); a binary-SI value that is below
  1024 or not an integer is written in decimal-SI (0.5Ki -> 512, 0.1Ki -> 102400m)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from typing import Any

PATTERN = r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
_QUANTITY = re.compile(PATTERN)
BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in DECIMAL.items()}
_EXPONENT = re.compile(r"^[eE][-+]?[0-9]+$")
NANO = Decimal("1e-9")


class QuantityError(ValueError):
    """Not a quantity; the message is the apiserver's."""


def parse(text: Any) -> tuple[Decimal, str]:
    """(value, format) of a quantity; format is binary, decimal or exponent."""
    if isinstance(text, bool):
        raise QuantityError("quantities must be strings or numbers")
    if isinstance(text, (int, float)):
        text = str(text)
    match = _QUANTITY.match(str(text))
    if not match or not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", match.group(1)):
        raise QuantityError(f"quantities must match the regular expression '{PATTERN}'")
    number, suffix = Decimal(match.group(1)), match.group(2)
    try:
        if suffix in BINARY:
            return number * Decimal(1024) ** BINARY[suffix], "binary"
        if suffix in DECIMAL:
            return number.scaleb(DECIMAL[suffix]), "decimal"
        if _EXPONENT.match(suffix):
            return number.scaleb(int(suffix[1:])), "exponent"
    except InvalidOperation:
        pass
    raise QuantityError("unable to parse quantity's suffix")


def canonical(text: Any) -> str:
    """The string the apiserver stores for the quantity `text`."""
    value, form = parse(text)
    value = (
        (value / NANO).to_integral_value(ROUND_CEILING) * NANO
        if value > 0
        else (-((-value / NANO).to_integral_value(ROUND_CEILING)) * NANO)
    )
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    if form == "binary" and (magnitude < 1024 or magnitude != magnitude.to_integral_value()):
        form = "decimal"
    if form == "binary":
        power = 0
        while (
            power < 6
            and (magnitude / Decimal(1024) ** (power + 1))
            == (magnitude / Decimal(1024) ** (power + 1)).to_integral_value()
        ):
            power += 1
        mantissa = magnitude / Decimal(1024) ** power
        suffix = {0: ""} | {v: k for k, v in BINARY.items()}
        return f"{sign}{_integer(mantissa)}{suffix[power]}"
    exponent = -9
    while (
        exponent < 18
        and magnitude.scaleb(-(exponent + 3))
        == magnitude.scaleb(-(exponent + 3)).to_integral_value()
    ):
        exponent += 3
    mantissa = magnitude.scaleb(-exponent)
    if form == "exponent":
        return f"{sign}{_integer(mantissa)}{f'e{exponent}' if exponent else ''}"
    return f"{sign}{_integer(mantissa)}{_DECIMAL_SUFFIX[exponent]}"


def _integer(value: Decimal) -> str:
    return str(int(value))


def resource_lists(obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, resource list) of every requests/limits/overhead map in the pod specs of a
    built-in object, and emptyDir size limits as one-key lists."""
    for path, pod in _pod_specs(obj):
        for kind in ("initContainers", "containers", "ephemeralContainers"):
            for index, container in enumerate(pod.get(kind) or []):
                resources = container.get("resources") or {}
                for key in ("requests", "limits"):
                    if isinstance(resources.get(key), dict):
                        yield f"{path}.{kind}[{index}].resources.{key}", resources[key]
        if isinstance(pod.get("overhead"), dict):
            yield f"{path}.overhead", pod["overhead"]
        for index, volume in enumerate(pod.get("volumes") or []):
            empty_dir = volume.get("emptyDir")
            if isinstance(empty_dir, dict) and "sizeLimit" in empty_dir:
                yield f"{path}.volumes[{index}].emptyDir", {"sizeLimit": empty_dir}


def _pod_specs(obj: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        yield "spec", spec
    elif kind in ("Job", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        yield "spec.template.spec", (spec.get("template") or {}).get("spec") or {}
    elif kind == "CronJob":
        job = (spec.get("jobTemplate") or {}).get("spec") or {}
        yield "spec.jobTemplate.spec.template.spec", (job.get("template") or {}).get("spec") or {}


def canonicalize(obj: dict[str, Any]) -> list[str]:
    """Put every quantity of `obj` in canonical form, in place; the field errors for those
    that are not quantities."""
    errors: list[str] = []
    for path, resource_list in resource_lists(obj):
        for name, value in list(resource_list.items()):
            target, key = (value, "sizeLimit") if isinstance(value, dict) else (resource_list, name)
            try:
                target[key] = canonical(target[key])
            except QuantityError as exc:
                shown = f'"{target[key]}"' if isinstance(target[key], str) else str(target[key])
                errors.append(f"{path}[{name}]: Invalid value: {shown}: {exc}")
    return errors
