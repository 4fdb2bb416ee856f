"""The benchmarks never rot: `python -m bench.run --smoke` runs every one of them at tiny sizes
and writes sane JSON. Nothing here asserts on time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {
    "llm_concurrency": 1,
    "rule_throughput": 2,
    "cold_start": 3,
    "hub_round_trips": 4,
    "execute_replay": 4,
    "operator_scale": 5,
    "worker_memory": 6,
    "outages": 7,
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--json-out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data: dict[str, Any] = json.loads(out.read_text())
    data["_stdout"] = proc.stdout
    return data


def test_every_benchmark_ran_in_smoke_mode(results: dict[str, Any]) -> None:
    assert results["smoke"] is True
    assert results["machine"]["nproc"] >= 1
    assert results["machine"]["python"]
    assert set(EXPECTED) <= set(results["benchmarks"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_benchmark_fields_are_sane(results: dict[str, Any], name: str) -> None:
    bench = results["benchmarks"][name]
    assert bench["name"] == name
    assert bench["item"] == EXPECTED[name]
    assert bench["title"]
    assert bench["target"]
    assert bench["passed"] is None  # smoke mode judges nothing
    assert bench["seconds"] >= 0
    assert bench["rows"], "a benchmark without rows measured nothing"
    for row in bench["rows"]:
        assert set(row) <= set(bench["columns"])
        assert "status" in row
    assert bench["title"] in results["_stdout"]  # the table was printed


def test_measurements_are_plausible(results: dict[str, Any]) -> None:
    b = results["benchmarks"]
    llm_rows = [r for r in b["llm_concurrency"]["rows"] if r.get("run s") is not None]
    assert llm_rows
    assert all(r["run s"] > 0 and r["ratio"] > 0 for r in llm_rows)
    assert b["rule_throughput"]["metrics"]["msg_per_s"] > 0
    assert b["rule_throughput"]["metrics"]["profile_top"]
    cold = b["cold_start"]["metrics"]
    assert cold["forbidden_imports"] == []
    # the worker reached the hub, and a run over an empty inbox exits after its first request
    pairs = zip(cold["dev"]["first_request_s"], cold["dev"]["exit_s"], strict=True)
    assert all(0 < first < exited for first, exited in pairs)
    first = b["hub_round_trips"]["rows"][0]
    assert first["requests"] == first["minimum"] > 0
    memory = [r for r in b["worker_memory"]["rows"] if r["messages"]]
    assert memory
    assert all(r["exit"] == 0 and r["peak RSS MB"] > 10 for r in memory)
    outages = b["outages"]["rows"]
    assert outages
    assert all(r["exit"] == 3 and r["once after"] for r in outages)
    assert all(r["stop s"] > 0 for r in outages)
