"""`helm lint` (Helm's own linter, through helm-sdkpy) finds nothing to warn about."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from tests.chart.emulated_cluster import CHART_DIR, run_helm

WARNING = 2  # Helm's lint severities: 1 info, 2 warning, 4 error


def lint(chart: Path, work_dir: Path) -> dict[str, Any]:
    return asyncio.run(run_helm({"action": "lint", "chart": str(chart)}, work_dir))


def test_helm_lint_is_clean(tmp_path: Path) -> None:
    result = lint(CHART_DIR, tmp_path)
    assert result["TotalChartsLinted"] == 1
    assert not result["Errors"]
    assert [m for m in result["Messages"] if m["Severity"] >= WARNING] == []


def test_helm_lint_catches_a_broken_template(tmp_path: Path) -> None:
    broken = tmp_path / "ops-warden"
    shutil.copytree(CHART_DIR, broken)
    (broken / "templates" / "broken.yaml").write_text("{{ .Values.nope.deeper }}\n")
    result = lint(broken, tmp_path)
    assert [m for m in result["Messages"] if m["Severity"] >= WARNING]
