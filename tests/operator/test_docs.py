"""docs/operator.md documents every CRD field (the tables were generated from the CRD)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.scenarios.operator_flow import CRD_PATH

DOC = Path(__file__).resolve().parents[2] / "docs" / "operator.md"


def _paths(node: dict[str, Any], prefix: str) -> list[str]:
    found = []
    for name, child in (node.get("properties") or {}).items():
        path = f"{prefix}.{name}"
        found.append(path)
        found += _paths(child, path)
        if isinstance(child.get("items"), dict):
            found += _paths(child["items"], f"{path}[]")
    return found


def test_every_crd_field_is_in_the_docs() -> None:
    crd = yaml.safe_load(CRD_PATH.read_text())
    schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
    text = DOC.read_text()
    fields = _paths(schema["spec"], "spec") + [
        path for path in _paths(schema["status"], "status") if not path.startswith("status.lastRun")
    ]
    missing = [path for path in fields if f"`{path}`" not in text]
    assert missing == []
