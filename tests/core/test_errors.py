"""The tree drawn in `warden.core.errors`' docstring is the class hierarchy: every class, its
parent, its exit code and its Ready reason as drawn."""

from __future__ import annotations

import inspect
import re

from warden.core import errors
from warden.core.errors import WardenError
from warden.core.vocabulary import ExitCode

_ROW = re.compile(r"^ {4}(?P<indent>[│ ├└─]*)(?P<name>[A-Z]\w+)\s+(?P<exit>\d|-)\s+(?P<reason>\S+)")


def drawn() -> dict[str, tuple[str | None, str, str]]:
    """name -> (parent, exit column, reason column) as the docstring draws them."""
    rows: dict[str, tuple[str | None, str, str]] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        match = _ROW.match(line)
        if not match:
            continue
        depth = len(match["indent"]) // 4
        stack = stack[:depth]
        parent = stack[-1][1] if stack else None
        rows[match["name"]] = (parent, match["exit"], match["reason"])
        stack.append((depth, match["name"]))
    return rows


def classes() -> dict[str, type[WardenError]]:
    return {
        name: cls
        for name, cls in inspect.getmembers(errors, inspect.isclass)
        if issubclass(cls, WardenError) and cls.__module__ == errors.__name__
    }


def test_every_error_class_is_drawn_once_and_only_those() -> None:
    assert set(drawn()) == set(classes())


def test_the_drawn_parents_are_the_real_ones() -> None:
    for name, (parent, _, _) in drawn().items():
        cls = classes()[name]
        expected = cls.__mro__[1].__name__ if cls is not WardenError else None
        assert parent == expected, name


def test_the_drawn_exit_codes_and_reasons_are_the_real_ones() -> None:
    for name, (_, exit_code, reason) in drawn().items():
        cls = classes()[name]
        if exit_code != "-":
            assert cls.exit_code == ExitCode(int(exit_code)), name
        if reason not in ("-", "(below)"):
            assert getattr(cls, "reason", None) == reason, name


def test_errors_are_chosen_by_type_not_by_text() -> None:
    """Each condition reason belongs to one type: no two classes share one."""
    reasons = [
        cls.__dict__["reason"]
        for cls in classes().values()
        if isinstance(cls.__dict__.get("reason"), str)
    ]
    assert len(reasons) == len(set(reasons))
