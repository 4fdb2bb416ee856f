"""CEL as a kube-apiserver applies it to a CRD's `x-kubernetes-validations`: parse (cel-python),
a static check of what a rule reads against the schema (fields, functions), the static cost
estimate the apiserver compares with its limits, and evaluation against a value.

The cost model follows cel-go's estimator as the apiserver configures it (facts read from
cel-go's checker and apiextensions-apiserver's schema-to-CEL type mapping):
- a select or an identifier costs 1, a constant 0, a call of an O(1) function 1;
- `matches`: ceil((len(string) + 1) * 0.1) * ceil(len(regex) * 0.25);
- `contains`: ceil(len(s) * 0.1) * ceil(len(sub) * 0.1); `startsWith`/`endsWith`:
  ceil(len(arg) * 0.1); `==`, `!=` and string ordering: ceil(min(len) * 0.1);
- string concatenation ceil((len(a) + len(b)) * 0.1); `x in list` len(list);
- a comprehension (all, exists, exists_one, map, filter): range + len(range) * (body + step);
- a list literal 10, a map literal 30, `&&`/`||` the sum of both sides (at most).
Sizes come from the schema: a string's `maxLength` * 4 (bytes of runes), otherwise the longest
enum value, a fixed size for date-time/duration/date, otherwise the largest request (3 MiB);
an array's `maxItems`, otherwise as many of its smallest items as fit in a request."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import celpy
import lark
from celpy import celtypes
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.evaluation import CELEvalError

MAX_REQUEST_BYTES = 3 * 1024 * 1024
COST_LIMIT_PER_RULE = 10_000_000  # StaticEstimatedCostLimit
COST_LIMIT_PER_CRD = 100_000_000  # StaticEstimatedCRDCostLimit
DATE_TIME_SIZE = 32  # MaxDatetimeSizeJSON
DURATION_SIZE = 32
DATE_SIZE = 12
STRING_TRAVERSAL = 0.1
REGEX_LENGTH = 0.25

# Functions of CEL's standard library and the Kubernetes CEL libraries a rule may call.
MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
MEMBER_FUNCTIONS = frozenset(
    {
        "size", "matches", "contains", "startsWith", "endsWith", "lowerAscii", "upperAscii",
        "trim", "split", "join", "indexOf", "lastIndexOf", "replace", "substring", "charAt",
        "isSorted", "sum", "min", "max", "getDate", "getDayOfMonth", "getDayOfWeek",
        "getDayOfYear", "getFullYear", "getMonth", "getHours", "getMinutes", "getSeconds",
        "getMilliseconds", "find", "findAll", "quantity", "isQuantity", "compareTo",
        "isLessThan", "isGreaterThan", "add", "sub", "asInteger", "asApproximateFloat",
        "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery",
    }
)  # fmt: skip
GLOBAL_FUNCTIONS = frozenset(
    {
        "has", "size", "int", "uint", "double", "string", "bytes", "bool", "duration",
        "timestamp", "dyn", "type", "matches", "url", "isURL", "quantity", "isQuantity", "ip",
        "isIP", "cidr", "isCIDR",
    }
)  # fmt: skip


class CelError(Exception):
    """A rule the apiserver would not compile; the message is the compiler's kind of line."""


@dataclass(frozen=True)
class CelType:
    """What an expression evaluates to, as far as the estimator needs: a kind, the schema it
    came from (objects, lists, maps) and its largest size (length of a string or list)."""

    kind: str  # string, int, double, bool, bytes, null, list, map, object, dyn, timestamp
    schema: Mapping[str, Any] | None = None
    size: int = 1
    element: CelType | None = None  # list and map literals


DYN = CelType("dyn", size=MAX_REQUEST_BYTES)


def min_json_size(schema: Mapping[str, Any]) -> int:
    """The smallest JSON a value of `schema` serialises to (estimateMinSizeJSON)."""
    if schema.get("x-kubernetes-int-or-string"):
        return 1
    kind = schema.get("type")
    if kind in ("string",):
        return 2
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return 4
    if kind in ("array", "object"):
        return 2
    return 1


def _max_items(schema: Mapping[str, Any]) -> int:
    if "maxItems" in schema:
        return int(schema["maxItems"])
    items = schema.get("items") or {}
    return (MAX_REQUEST_BYTES - 2) // (min_json_size(items) + 1)


def _max_properties(schema: Mapping[str, Any]) -> int:
    if "maxProperties" in schema:
        return int(schema["maxProperties"])
    values = schema.get("additionalProperties")
    size = min_json_size(values) if isinstance(values, Mapping) else 1
    return (MAX_REQUEST_BYTES - 2) // (size + 6)


def string_size(schema: Mapping[str, Any]) -> int:
    """The largest size the apiserver assumes for a string of `schema`, in bytes."""
    if schema.get("x-kubernetes-int-or-string"):
        return MAX_REQUEST_BYTES - 2
    if "maxLength" in schema:
        return max(0, int(schema["maxLength"])) * 4
    if schema.get("enum"):
        return max(len(str(value)) for value in schema["enum"])
    return {"date-time": DATE_TIME_SIZE, "duration": DURATION_SIZE, "date": DATE_SIZE}.get(
        str(schema.get("format")), MAX_REQUEST_BYTES - 2
    )


def declared(schema: Mapping[str, Any]) -> CelType:
    """The CEL type of a value of `schema`."""
    if schema.get("x-kubernetes-int-or-string"):
        return CelType("dyn", schema, string_size(schema))
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date-time":
            return CelType("timestamp", schema, DATE_TIME_SIZE)
        return CelType("string", schema, string_size(schema))
    if kind == "integer":
        return CelType("int", schema)
    if kind == "number":
        return CelType("double", schema)
    if kind == "boolean":
        return CelType("bool", schema)
    if kind == "array":
        return CelType("list", schema, _max_items(schema))
    if kind == "object":
        if schema.get("properties") or not isinstance(schema.get("additionalProperties"), Mapping):
            if schema.get("x-kubernetes-preserve-unknown-fields") and not schema.get("properties"):
                return CelType("dyn", schema, MAX_REQUEST_BYTES)
            return CelType("object", schema, len(schema.get("properties") or {}))
        return CelType("map", schema, _max_properties(schema))
    return DYN


def root_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The root as CEL sees it: apiVersion, kind and a metadata of name and generateName."""
    root = dict(schema)
    props = dict(root.get("properties") or {})
    props["apiVersion"] = {"type": "string"}
    props["kind"] = {"type": "string"}
    props["metadata"] = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "generateName": {"type": "string"}},
    }
    root["properties"] = props
    return root


def element_of(container: CelType) -> CelType:
    """The type of one element of a list (or one key of a map) of `container`."""
    if container.element is not None:
        return container.element
    schema = container.schema or {}
    if container.kind == "list":
        items = schema.get("items")
        return declared(items) if isinstance(items, Mapping) else DYN
    if container.kind == "map":
        return CelType("string", size=MAX_REQUEST_BYTES - 2)  # map keys
    return DYN


def value_of(container: CelType) -> CelType:
    """The type of one value of a map."""
    if container.element is not None:
        return container.element
    values = (container.schema or {}).get("additionalProperties")
    return declared(values) if isinstance(values, Mapping) else DYN


def _ceil(value: float) -> int:
    return math.ceil(value)


@dataclass
class _Estimator:
    scopes: list[dict[str, CelType]] = field(default_factory=list)

    def lookup(self, name: str) -> CelType:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        raise CelError(f"undeclared reference to '{name}'")

    def walk(self, node: Any) -> tuple[int, CelType]:
        if isinstance(node, lark.Token):
            raise CelError(f"unexpected token {node!s}")
        kids = [child for child in node.children if child is not None]
        method = getattr(self, f"_{node.data}", None)
        if method is not None:
            result: tuple[int, CelType] = method(kids)
            return result
        if len(kids) == 1 and isinstance(kids[0], lark.Tree):
            return self.walk(kids[0])
        raise CelError(f"unsupported expression {node.data}")

    # -- operators ------------------------------------------------------------------------

    def _expr(self, kids: list[Any]) -> tuple[int, CelType]:
        if len(kids) == 3:
            condition, _ = self.walk(kids[0])
            true_cost, true_type = self.walk(kids[1])
            false_cost, false_type = self.walk(kids[2])
            size = max(true_type.size, false_type.size)
            return condition + max(true_cost, false_cost), CelType(true_type.kind, size=size)
        return self.walk(kids[0])

    def _logical(self, kids: list[Any]) -> tuple[int, CelType]:
        if len(kids) == 1:
            return self.walk(kids[0])
        left, _ = self.walk(kids[0])
        right, _ = self.walk(kids[1])
        return left + right, CelType("bool")

    _conditionalor = _logical
    _conditionaland = _logical

    def _binary(self, kids: list[Any]) -> tuple[int, CelType]:
        """relation, addition, multiplication: [operand] or [operator node, operand]."""
        if len(kids) == 1:
            return self.walk(kids[0])
        operator, right_node = kids
        left_cost, left = self.walk(operator.children[0])
        right_cost, right = self.walk(right_node)
        cost = left_cost + right_cost
        op = operator.data
        if op in ("relation_eq", "relation_ne") or (
            op in ("relation_lt", "relation_le", "relation_gt", "relation_ge")
            and "string" in (left.kind, right.kind)
        ):
            smallest = min(left.size, right.size)
            return cost + _ceil(smallest * STRING_TRAVERSAL), CelType("bool")
        if op.startswith("relation_in"):
            return cost + right.size, CelType("bool")
        if op.startswith("relation"):
            return cost + 1, CelType("bool")
        if op == "addition_add" and left.kind == "string":
            size = left.size + right.size
            return cost + _ceil(size * STRING_TRAVERSAL), CelType("string", size=size)
        if op == "addition_add" and left.kind == "list":
            return cost + 1, CelType("list", size=left.size + right.size, element=left.element)
        return cost + 1, CelType(left.kind if left.kind != "dyn" else right.kind)

    _relation = _binary
    _addition = _binary
    _multiplication = _binary

    def _unary(self, kids: list[Any]) -> tuple[int, CelType]:
        if len(kids) == 1:
            return self.walk(kids[0])
        cost, value = self.walk(kids[1])
        return cost + 1, CelType("bool") if kids[0].data == "unary_not" else value

    def _paren_expr(self, kids: list[Any]) -> tuple[int, CelType]:
        return self.walk(kids[0])

    # -- values ---------------------------------------------------------------------------

    def _literal(self, kids: list[Any]) -> tuple[int, CelType]:
        token: lark.Token = kids[0]
        kind = {
            "STRING_LIT": "string", "MLSTRING_LIT": "string", "BYTES_LIT": "bytes",
            "INT_LIT": "int", "UINT_LIT": "int", "FLOAT_LIT": "double", "BOOL_LIT": "bool",
            "NULL_LIT": "null",
        }[token.type]  # fmt: skip
        size = len(_string_value(str(token))) if kind in ("string", "bytes") else 1
        return 0, CelType(kind, size=size)

    def _list_lit(self, kids: list[Any]) -> tuple[int, CelType]:
        elements = kids[0].children if kids else []
        cost, types = 0, []
        for element in elements:
            element_cost, element_type = self.walk(element)
            cost += element_cost
            types.append(element_type)
        widest = max(types, key=lambda t: t.size) if types else DYN
        return cost + 10, CelType("list", size=len(types), element=widest)

    def _map_lit(self, kids: list[Any]) -> tuple[int, CelType]:
        entries = kids[0].children if kids else []
        cost, values = 0, []
        for index, entry in enumerate(entries):
            entry_cost, entry_type = self.walk(entry)
            cost += entry_cost
            if index % 2:
                values.append(entry_type)
        widest = max(values, key=lambda t: t.size) if values else DYN
        return cost + 30, CelType("map", size=len(values), element=widest)

    def _ident(self, kids: list[Any]) -> tuple[int, CelType]:
        return 1, self.lookup(str(kids[0]))

    def _member_dot(self, kids: list[Any]) -> tuple[int, CelType]:
        target_cost, target = self.walk(kids[0])
        return target_cost + 1, select(target, str(kids[1]))

    def _member_index(self, kids: list[Any]) -> tuple[int, CelType]:
        target_cost, target = self.walk(kids[0])
        index_cost, _ = self.walk(kids[1])
        result = element_of(target) if target.kind == "list" else value_of(target)
        if target.kind not in ("list", "map", "dyn"):
            raise CelError(f"found no matching overload for '_[_]' applied to '({target.kind})'")
        return target_cost + index_cost + 1, result if target.kind != "dyn" else DYN

    def _member_object(self, kids: list[Any]) -> tuple[int, CelType]:
        raise CelError("message construction is not available in Kubernetes CEL")

    def _dot_ident(self, kids: list[Any]) -> tuple[int, CelType]:
        return 1, self.lookup(str(kids[0]))

    def _dot_ident_arg(self, kids: list[Any]) -> tuple[int, CelType]:
        return self._ident_arg(kids)

    # -- calls ----------------------------------------------------------------------------

    def _ident_arg(self, kids: list[Any]) -> tuple[int, CelType]:
        name = str(kids[0])
        args = list(kids[1].children) if len(kids) > 1 else []
        if name not in GLOBAL_FUNCTIONS:
            raise CelError(f"undeclared reference to '{name}'")
        if name == "has":
            if len(args) != 1:
                raise CelError("invalid argument to has() macro")
            cost, _ = self.walk(args[0])
            return cost, CelType("bool")
        cost, types = 0, []
        for arg in args:
            arg_cost, arg_type = self.walk(arg)
            cost += arg_cost
            types.append(arg_type)
        if name == "size":
            return cost + 1, CelType("int")
        if name in ("string", "bytes") and types:
            return cost + _ceil(types[0].size * STRING_TRAVERSAL), CelType(name, size=types[0].size)
        if name == "dyn" and types:
            return cost + 1, types[0]
        if name in ("url", "isURL", "quantity", "isQuantity", "ip", "isIP", "cidr", "isCIDR"):
            size = types[0].size if types else 1
            return cost + _ceil(size * STRING_TRAVERSAL), CelType("dyn", size=size)
        return cost + 1, CelType({"int": "int", "uint": "int", "double": "double"}.get(name, "dyn"))

    def _member_dot_arg(self, kids: list[Any]) -> tuple[int, CelType]:
        name = str(kids[1])
        args = list(kids[2].children) if len(kids) > 2 else []
        if name in MACROS:
            return self._comprehension(kids[0], name, args)
        if name not in MEMBER_FUNCTIONS:
            raise CelError(f"undeclared reference to '{name}'")
        target_cost, target = self.walk(kids[0])
        cost, types = target_cost, []
        for arg in args:
            arg_cost, arg_type = self.walk(arg)
            cost += arg_cost
            types.append(arg_type)
        if name == "size":
            return cost + 1, CelType("int")
        if name == "matches":
            _expect(target, "string", name)
            regex = types[0].size if types else 1
            traversal = _ceil((target.size + 1) * STRING_TRAVERSAL)
            return cost + traversal * _ceil(regex * REGEX_LENGTH), CelType("bool")
        if name == "contains":
            _expect(target, "string", name)
            sub = types[0].size if types else 1
            traversal = _ceil(target.size * STRING_TRAVERSAL) * _ceil(sub * STRING_TRAVERSAL)
            return cost + traversal, CelType("bool")
        if name in ("startsWith", "endsWith"):
            _expect(target, "string", name)
            return cost + _ceil((types[0].size if types else 1) * STRING_TRAVERSAL), CelType("bool")
        if target.kind in ("string", "list", "map"):
            # the Kubernetes string and list libraries: one traversal of the receiver
            traversal = _ceil(target.size * STRING_TRAVERSAL) if target.kind == "string" else 0
            traversal += target.size if target.kind != "string" else 0
            return cost + 1 + traversal, CelType("dyn", size=target.size)
        return cost + 1, DYN

    def _comprehension(self, target_node: Any, name: str, args: list[Any]) -> tuple[int, CelType]:
        target_cost, target = self.walk(target_node)
        if target.kind not in ("list", "map", "dyn"):
            raise CelError(f"expression of type '{target.kind}' cannot be range of a comprehension")
        if len(args) != 2 or _identifier(args[0]) is None:
            raise CelError(f"{name}() macro takes an identifier and a predicate")
        variable = _identifier(args[0])
        assert variable is not None
        self.scopes.append({variable: element_of(target) if target.kind != "dyn" else DYN})
        try:
            body_cost, body = self.walk(args[1])
        finally:
            self.scopes.pop()
        # the loop step (an && / || / + on the accumulator) costs 1 more per element
        loop = target.size * (body_cost + 1)
        result = (
            CelType("list", size=target.size, element=body)
            if name in ("map", "filter")
            else CelType("bool")
        )
        return target_cost + loop + (10 if name in ("map", "filter") else 0), result


def select(target: CelType, name: str) -> CelType:
    """The type of `target.name`, or CelError as the apiserver's type check reports it."""
    if target.kind == "dyn":
        return DYN
    if target.kind == "map":
        return value_of(target)
    if target.kind == "object":
        props = (target.schema or {}).get("properties") or {}
        if name not in props:
            raise CelError(f"undefined field '{name}'")
        return declared(props[name])
    raise CelError(f"type '{target.kind}' does not support field selection")


def _expect(target: CelType, kind: str, function: str) -> None:
    if target.kind not in (kind, "dyn"):
        raise CelError(
            f"found no matching overload for '{function}' applied to '{target.kind}.({kind})'"
        )


def _identifier(node: Any) -> str | None:
    """The bare identifier an expression consists of (a comprehension's variable), or None."""
    while isinstance(node, lark.Tree):
        kids = [child for child in node.children if child is not None]
        if node.data == "ident":
            return str(kids[0])
        if len(kids) != 1:
            return None
        node = kids[0]
    return None


def _string_value(token: str) -> str:
    for quote in ('"""', "'''", '"', "'"):
        if token.endswith(quote):
            start = token.index(quote)
            return token[start + len(quote) : -len(quote)]
    return token


_ENVIRONMENT = celpy.Environment()


def parse(rule: str) -> Any:
    """The parse tree of `rule`, or CelError with the parser's message."""
    try:
        return _ENVIRONMENT.compile(rule)
    except CELParseError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise CelError(f"compilation failed: ERROR: <input>: Syntax error: {first}") from None


def estimate(rule: str, schema: Mapping[str, Any], *, root: bool = False) -> int:
    """The static cost of one evaluation of `rule` with `self` of `schema` (CelError if it
    does not compile or reads what the schema does not declare)."""
    tree = parse(rule)
    self_type = declared(root_schema(schema) if root else schema)
    estimator = _Estimator(scopes=[{"self": self_type}])
    try:
        cost, _ = estimator.walk(tree)
    except CelError as exc:
        raise CelError(f"compilation failed: ERROR: <input>: {exc}") from None
    return cost


def evaluate(rule: str, value: Any) -> bool | str:
    """True/False as the rule evaluates on `value` (as `self`); a string says why it could
    not be evaluated (a runtime error, which the apiserver reports as a failed rule)."""
    program = _ENVIRONMENT.program(parse(rule))
    try:
        result = program.evaluate({"self": json_to_cel(value)})
    except CELEvalError as exc:
        return f"evaluation error: {exc.args[0] if exc.args else exc}"
    if isinstance(result, CELEvalError):
        return f"evaluation error: {result.args[0] if result.args else result}"
    if not isinstance(result, celtypes.BoolType):
        return f"rule returned {type(result).__name__}, not bool"
    return bool(result)
