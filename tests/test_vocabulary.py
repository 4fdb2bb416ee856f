"""The exit codes are defined once (warden.core.vocabulary.ExitCode) and every document that
lists them carries the same table: README.md, docs/CONTRACTS.md and docs/operator.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warden.core.models import RunSummary
from warden.core.vocabulary import ExitCode
from warden.operator.status import DEPENDENCY_UNAVAILABLE, UNAVAILABLE_REASONS, exit_reason

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "docs/CONTRACTS.md", ROOT / "docs/operator.md"]
_TABLE_RE = re.compile(r"<!-- exit-codes[^>]*-->\n(.*?)<!-- /exit-codes -->", re.S)


def table(path: Path) -> str:
    match = _TABLE_RE.search(path.read_text())
    assert match, f"no <!-- exit-codes --> table in {path.name}"
    return match.group(1)


def rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert lines[1].startswith("|---")
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_the_docs_table_is_the_enum(path: Path) -> None:
    listed = {int(code.strip("`")): name.strip("`") for code, name, *_ in rows(table(path))}
    assert listed == {member.value: member.name for member in ExitCode}


def test_every_doc_carries_the_same_table() -> None:
    assert len({table(path) for path in DOCS}) == 1


def test_the_reasons_in_the_table_are_the_operators() -> None:
    reasons = {int(code.strip("`")): re.findall(r"`(\w+)`", cells[-1])
               for code, *cells in rows(table(DOCS[0]))}  # fmt: skip
    summary = RunSummary(agent="a", mode="dry-run", brain="rule", started_at="t")
    assert reasons[ExitCode.ACTION_FAILED] == [exit_reason(ExitCode.ACTION_FAILED, summary)]
    assert reasons[ExitCode.CONFIG] == [exit_reason(ExitCode.CONFIG, None)]
    assert reasons[ExitCode.DEPENDENCY_UNAVAILABLE] == [
        *UNAVAILABLE_REASONS.values(),
        DEPENDENCY_UNAVAILABLE,
    ]
    for dependency, reason in UNAVAILABLE_REASONS.items():
        named = summary.model_copy(update={"unavailable": [dependency]})
        assert exit_reason(ExitCode.DEPENDENCY_UNAVAILABLE, named) == reason
    assert exit_reason(ExitCode.DEPENDENCY_UNAVAILABLE, None) == DEPENDENCY_UNAVAILABLE


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"completed": True}, ExitCode.OK),
        ({"completed": True, "counts": {"failed": 1}}, ExitCode.ACTION_FAILED),
        ({"completed": False}, ExitCode.ACTION_FAILED),  # stopped by a signal
        ({"completed": True, "counts": {"deferred": 2}, "unavailable": ["llm-connect"]},
         ExitCode.DEPENDENCY_UNAVAILABLE),
        ({"completed": False, "unavailable": ["state-hub"]}, ExitCode.DEPENDENCY_UNAVAILABLE),
        # an action that failed wins: it will not heal by waiting
        ({"completed": False, "counts": {"failed": 1, "deferred": 5},
          "unavailable": ["state-hub"]}, ExitCode.ACTION_FAILED),
    ],
)  # fmt: skip
def test_the_summary_decides_the_exit_code(fields: dict[str, object], code: ExitCode) -> None:
    summary = RunSummary.model_validate(
        {"agent": "a", "mode": "execute", "brain": "rule", "started_at": "t", **fields}
    )
    assert summary.exit_code == code
    assert summary.ok is (code == ExitCode.OK)
