"""Kubernetes quantities compared by value: the API server stores `cpu: "0.5"` as `500m` and
`1.5Gi` as `1536Mi`, so the operator compares what a quantity means, not how it is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_QUANTITY = re.compile(r"^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([a-zA-Z]*|[eE][-+]?[0-9]+)$")
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}


def quantity_value(text: object) -> Decimal | None:
    """The amount a quantity stands for, or None when `text` is not a quantity."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        return None
    match = _QUANTITY.match(str(text).strip())
    if not match:
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    suffix = match.group(2)
    if suffix in _BINARY:
        return number * (Decimal(1024) ** _BINARY[suffix])
    if suffix in _DECIMAL:
        return number.scaleb(_DECIMAL[suffix])
    if suffix[:1] in ("e", "E"):
        return number.scaleb(int(suffix[1:]))
    return None


def same_quantity(a: object, b: object) -> bool:
    """True when both are quantities of the same amount (or equal as written)."""
    if a == b:
        return True
    left, right = quantity_value(a), quantity_value(b)
    return left is not None and left == right
