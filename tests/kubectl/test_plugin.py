"""`kubectl ww` against the strict emulator over real HTTP, from a kubeconfig: each command,
its table and JSON output, and its errors (one line, a documented exit code, no traceback).
The WardenWorkers' status is the operator's own (plan_status), admitted by the CRD schema."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import socket
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import kmock
import pytest

from tests.operator.conftest import running_cluster
from tests.scenarios import operator_flow as flow
from tests.scenarios.emulator import (
    RESOURCES,
    ApiServerEmulator,
    EmulatorCluster,
    OperatorProcess,
    load_crd,
    write_kubeconfig,
)
from warden.core.vocabulary import RUN_NOW_ANNOTATION, WAIVER_ANNOTATION
from warden.kubectl.cli import PluginExit, main
from warden.kubectl.tables import human_duration
from warden.operator.status import RunRecord, plan_status

pytestmark = pytest.mark.emulator
NS = "team-a"


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Env:
    cluster: EmulatorCluster
    kubeconfig: Path
    capsys: pytest.CaptureFixture[str]

    async def ww(self, *argv: str) -> Result:
        """Run the plugin in-process (its own event loop, in a thread) as kubectl would."""
        self.capsys.readouterr()
        code = await asyncio.to_thread(main, list(argv))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    async def worker(self, name: str, namespace: str = NS) -> dict[str, Any]:
        obj = await self.cluster.get("WardenWorker", name, namespace)
        assert obj is not None
        return obj


def _run(job: str, minutes_ago: float, *, ok: bool = True, mode: str = "dry-run") -> RunRecord:
    finished = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    valid = ok
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    return RunRecord.model_validate({
        "jobName": job, "jobUid": f"uid-{job}", "finishedAt": finished.strftime(stamp),
        "startedAt": (finished - timedelta(seconds=9)).strftime(stamp),
        "result": "Succeeded" if ok else "Failed", "reason": "Completed" if ok else "ConfigError",
        "exitCode": 0 if ok else 2, "summary": "Valid" if valid else "Missing",
        **({"mode": mode, "brain": "rule", "durationSeconds": 8.5, "messagesSeen": 3,
            "counts": {"planned": 3}, "actionsExecuted": 0, "guardrailInterventions": 1,
            "llmCalls": 0, "errorCount": 0} if valid else {}),
        "fingerprint": "fp",
    })  # fmt: skip


async def _seed(cluster: EmulatorCluster, name: str, namespace: str, runs: list[RunRecord]) -> None:
    await cluster.create(flow.worker(name, namespace, mode="execute"))
    plan = plan_status(
        None, generation=1, requested_mode="execute", required_clean_dry_runs=3,
        history_limit=10, fingerprint="fp", cronjob_name=name, runs=runs, waiver=None,
        now=datetime.now(UTC),
    )  # fmt: skip
    base = f"/apis/ops-warden.dev/v1alpha1/namespaces/{namespace}/wardenworkers/{name}/status"
    async with cluster.emulator.request(
        "PATCH", base, json={"status": plan.status},
        headers={"Content-Type": "application/merge-patch+json"},
    ) as response:  # fmt: skip
        assert response.status == 200, await response.text()


@pytest.fixture
async def env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> AsyncIterator[Env]:
    async with ApiServerEmulator() as emulator, kmock.Server(emulator) as server:
        for resource, info in RESOURCES.items():
            emulator.resources[resource] = kmock.ResourceInfo(**info)
        emulator.install_crd(load_crd())
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", str(server.url).rstrip("/"))
        monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
        idle = OperatorProcess(kubeconfig, tmp_path / "unused.log", {})  # never started
        cluster = EmulatorCluster(emulator, idle, tmp_path / "kubelet")
        await _seed(cluster, "alpha", NS, [_run("alpha-2", 3), _run("alpha-1", 40, ok=False)])
        await _seed(cluster, "beta", NS, [])
        await _seed(cluster, "gamma", "team-b", [_run("gamma-1", 1)])
        yield Env(cluster, kubeconfig, capsys)


def _columns(header: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+( \S+)*", header)]


def _assert_kubectl_table(text: str, headers: list[str], rows: int) -> list[list[str]]:
    """Upper-case headers, each cell starting where its header starts; the cells."""
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == rows + 1, text
    starts = _columns(lines[0])
    assert [lines[0][s:].split("   ")[0] for s in starts] == headers
    cells = []
    for line in lines[1:]:
        row = []
        for i, start in enumerate(starts):
            assert start == 0 or line[start - 1] == " ", (line, headers[i])
            end = starts[i + 1] if i + 1 < len(starts) else len(line)
            row.append(line[start:end].strip())
        assert all(row), line  # a missing value is <none>, never blank
        cells.append(row)
    return cells


async def test_get_lists_like_kubectl(env: Env) -> None:
    result = await env.ww("get", "-n", NS)
    assert result.code == PluginExit.OK, result.err
    headers = ["NAME", "SCHEDULE", "MODE", "EFFECTIVE", "STAGE", "SUSPENDED", "READY",
               "LAST RUN", "RESULT", "AGE"]  # fmt: skip
    rows = _assert_kubectl_table(result.out, headers, 2)
    alpha, beta = rows
    assert alpha[:4] == ["alpha", "*/15 * * * *", "execute", "dry-run"]
    assert alpha[4] == "dry-run"  # status.rollout.stage: the shakedown has not passed
    assert alpha[5:7] == ["true", "True"]
    assert re.fullmatch(r"3m([0-9]s)?", alpha[7])  # 3 minutes ago, and the seconds since
    assert alpha[8] == "Succeeded"
    assert re.fullmatch(r"\d+s", alpha[9])
    assert beta[0] == "beta"
    assert beta[7:9] == ["<none>", "<none>"]


async def test_get_all_namespaces_and_json(env: Env) -> None:
    result = await env.ww("get", "-A")
    assert result.code == 0, result.err
    rows = _assert_kubectl_table(
        result.out,
        ["NAMESPACE", "NAME", "SCHEDULE", "MODE", "EFFECTIVE", "STAGE", "SUSPENDED", "READY",
         "LAST RUN", "RESULT", "AGE"], 3,
    )  # fmt: skip
    assert [(r[0], r[1]) for r in rows] == [(NS, "alpha"), (NS, "beta"), ("team-b", "gamma")]

    listing = json.loads((await env.ww("get", "-A", "-o", "json")).out)
    assert listing["kind"] == "List"
    assert [i["metadata"]["name"] for i in listing["items"]] == ["alpha", "beta", "gamma"]
    one = json.loads((await env.ww("get", "alpha", "-n", NS, "-o", "json")).out)
    assert one == await env.worker("alpha")

    empty = await env.ww("get", "-n", "default")
    assert (empty.code, empty.out) == (0, "")
    assert empty.err.strip() == "No resources found in default namespace."


async def test_runs_table_and_json(env: Env) -> None:
    result = await env.ww("runs", "alpha", "-n", NS)
    assert result.code == 0, result.err
    rows = _assert_kubectl_table(
        result.out,
        ["JOB", "TRIGGER", "RESULT", "REASON", "MODE", "MESSAGES", "ACTIONS", "INTERVENTIONS",
         "LLM CALLS", "DURATION", "FINISHED"], 2,
    )  # fmt: skip
    assert rows[0][:5] == ["alpha-2", "schedule", "Succeeded", "Completed", "dry-run"]
    assert rows[0][5:10] == ["3", "0", "1", "0", "8.5s"]
    assert re.fullmatch(r"3m([0-9]s)?", rows[0][10])
    assert rows[1][:4] == ["alpha-1", "schedule", "Failed", "ConfigError"]
    assert rows[1][10] == "40m"
    runs = json.loads((await env.ww("runs", "alpha", "-n", NS, "-o", "json")).out)
    assert runs == (await env.worker("alpha"))["status"]["runs"]
    none = await env.ww("runs", "beta", "-n", NS)
    assert none.code == 0
    assert none.err.strip() == "No runs recorded for wardenworker.ops-warden.dev/beta yet."


async def test_describe(env: Env) -> None:
    alpha = await env.worker("alpha")
    await env.cluster.create({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": "alpha.1", "namespace": NS},
        "involvedObject": {"apiVersion": "ops-warden.dev/v1alpha1", "kind": "WardenWorker",
                           "name": "alpha", "namespace": NS, "uid": alpha["metadata"]["uid"]},
        "reason": "ExecuteHeld", "message": "execute held back, running dry-run",
        "type": "Normal", "source": {"component": "ops-warden-operator"},
        "lastTimestamp": (datetime.now(UTC) - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    })  # fmt: skip
    result = await env.ww("describe", "alpha", "-n", NS)
    assert result.code == 0, result.err
    text = result.out
    assert re.search(r"^Name: +alpha$", text, re.M)
    assert re.search(r"^Effective Mode: +dry-run$", text, re.M)
    assert re.search(r"^Shakedown: +pending: 0 of 3 clean dry-runs$", text, re.M)
    assert re.search(r"^Runs: +2 total, 1 succeeded, 1 failed$", text, re.M)
    assert re.search(r"^  Ready +True +Reconciled", text, re.M)
    assert re.search(r"^  ExecuteAllowed +False +ExecuteHeld", text, re.M)
    assert re.search(r"^  alpha-2 ", text, re.M)
    assert re.search(
        r"^  Normal +ExecuteHeld +2m([0-9]s)? +ops-warden-operator +execute held", text, re.M
    )


async def test_run_now_sets_a_fresh_value_each_time(env: Env) -> None:
    first = await env.ww("run-now", "alpha", "-n", NS)
    assert first.code == 0, first.err
    value = (await env.worker("alpha"))["metadata"]["annotations"][RUN_NOW_ANNOTATION]
    assert (
        first.out
        == f"wardenworker.ops-warden.dev/alpha run requested ({RUN_NOW_ANNOTATION}={value})\n"
    )
    second = json.loads((await env.ww("run-now", "alpha", "-n", NS, "-o", "json")).out)
    assert second["metadata"]["annotations"][RUN_NOW_ANNOTATION] not in ("", value)


async def test_suspend_and_resume(env: Env) -> None:
    assert (await env.worker("alpha"))["spec"]["suspend"] is True
    again = await env.ww("suspend", "alpha", "-n", NS)
    assert again.out == "wardenworker.ops-warden.dev/alpha already suspended (no change)\n"
    resumed = await env.ww("resume", "alpha", "-n", NS)
    assert resumed.out == "wardenworker.ops-warden.dev/alpha resumed\n"
    assert (await env.worker("alpha"))["spec"]["suspend"] is False
    suspended = json.loads((await env.ww("suspend", "alpha", "-n", NS, "-o", "json")).out)
    assert suspended["spec"]["suspend"] is True
    assert (await env.worker("alpha"))["spec"]["suspend"] is True


async def test_waive_and_clear(env: Env) -> None:
    result = await env.ww("waive", "alpha", "-n", NS, "--reason", "  tested in staging  ")
    assert result.out == "wardenworker.ops-warden.dev/alpha shakedown waived\n"
    annotations = (await env.worker("alpha"))["metadata"]["annotations"]
    assert annotations[WAIVER_ANNOTATION] == "tested in staging"
    cleared = await env.ww("waive", "alpha", "-n", NS, "--clear")
    assert cleared.out == "wardenworker.ops-warden.dev/alpha shakedown waiver removed\n"
    annotations = (await env.worker("alpha"))["metadata"].get("annotations") or {}
    assert WAIVER_ANNOTATION not in annotations


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["get", "nope", "-n", NS], 1,
         'wardenworker.ops-warden.dev "nope" not found in namespace "team-a"'),
        (["run-now", "nope", "-n", NS], 1, 'wardenworker.ops-warden.dev "nope" not found'),
        (["suspend", "nope", "-n", NS], 1, "not found"),
        (["waive", "nope", "-n", NS, "--reason", "x"], 1, "not found"),
        (["get", "Bad_Name"], 2, "'Bad_Name' is not a valid WardenWorker name"),
        (["get", "-n", "Team A"], 2, "'Team A' is not a valid namespace"),
        (["get", "a/../../secrets"], 2, "is not a valid WardenWorker name"),
        (["waive", "alpha", "-n", NS], 2, "one of the arguments --reason --clear is required"),
        (["waive", "alpha", "-n", NS, "--reason", "   "], 2, "--reason must say why"),
        (["waive", "alpha", "-n", NS, "--reason", "x" * 300], 2, "longer than 256"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
        (["get", "-o", "yaml"], 2, "invalid choice: 'yaml'"),
        (["runs"], 2, "the following arguments are required: name"),
    ],
)  # fmt: skip
async def test_bad_input_is_one_line(env: Env, argv: list[str], code: int, message: str) -> None:
    result = await env.ww(*argv)
    assert result.code == code
    assert result.out == ""
    assert result.err.count("\n") == 1, result.err
    assert message in result.err
    assert "Traceback" not in result.err


async def test_no_kubeconfig_or_no_server_is_exit_3(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing"))
    missing = await env.ww("get")
    assert missing.code == PluginExit.UNREACHABLE
    assert missing.err.startswith("error: cannot use the kubeconfig")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    write_kubeconfig(tmp_path / "dead", dead)
    unreachable = await env.ww("get", "--kubeconfig", str(tmp_path / "dead"))
    assert unreachable.code == PluginExit.UNREACHABLE
    assert unreachable.err.startswith(f"error: cannot reach {dead}")
    for result in (missing, unreachable):
        assert result.err.count("\n") == 1
        assert "Traceback" not in result.err


async def test_the_console_script(env: Env) -> None:
    """`kubectl-ww` as kubectl runs it: the installed console script, in its own process."""
    script = Path(sys.executable).with_name("kubectl-ww")
    env_vars = {**os.environ, "KUBECONFIG": str(env.kubeconfig)}
    process = await asyncio.create_subprocess_exec(
        str(script), "get", "-n", NS, env=env_vars,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    assert out.decode().split("\n")[0].split()[:2] == ["NAME", "SCHEDULE"]
    process = await asyncio.create_subprocess_exec(
        str(script), "get", "missing", "-n", NS, env=env_vars,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await process.communicate()
    assert process.returncode == 1
    assert err.decode().count("\n") == 1


async def test_runs_recorded_by_the_real_operator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plugin reads what the real operator wrote: a run it recorded, its Events."""
    async with running_cluster(tmp_path) as cluster:
        monkeypatch.setenv("KUBECONFIG", str(cluster.operator.kubeconfig))
        env = Env(cluster, cluster.operator.kubeconfig, capsys)
        await cluster.create(flow.worker("live", NS))
        await flow.wait_cronjob(cluster, "live", lambda cj: True, "CronJob live")
        job = await cluster.finish_run("live", flow.SimulatedRun(flow.summary()))
        await flow.wait_worker(cluster, "live", lambda w: len(flow.runs(w)) == 1, "run recorded")
        runs = await env.ww("runs", "live", "-n", NS)
        assert runs.code == 0, runs.err
        assert runs.out.split("\n")[1].split()[:5] == [job, "schedule", "Succeeded", "Completed",
                                                       "dry-run"]  # fmt: skip
        await flow.wait_event(cluster, "live", "RunSucceeded")
        described = await env.ww("describe", "live", "-n", NS)
        assert re.search(r"^  Normal +RunSucceeded ", described.out, re.M), described.out


def test_human_duration_matches_kubectl() -> None:
    """Cases from k8s.io/apimachinery/pkg/util/duration's HumanDuration tests."""
    cases = {
        1: "1s", 70: "70s", 190: "3m10s", 60 * 70: "70m", 47 * 3600: "47h",
        49 * 3600: "2d1h", 8 * 86400: "8d", 367 * 86400: "367d", 731 * 86400: "2y1d",
        3 * 3600: "3h", 3 * 3600 + 120: "3h2m", 10 * 60: "10m", 9 * 60: "9m", -2: "<invalid>",
        -0.5: "0s", 8 * 365 * 86400: "8y",
    }  # fmt: skip
    for seconds, expected in cases.items():
        assert human_duration(seconds) == expected, seconds


async def test_a_cluster_without_the_crd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The API server does not serve wardenworkers: one line that says what to check."""
    async with ApiServerEmulator() as emulator, kmock.Server(emulator) as server:
        for resource, info in RESOURCES.items():
            if "wardenworkers" not in resource:
                emulator.resources[resource] = kmock.ResourceInfo(**info)
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", str(server.url).rstrip("/"))
        monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
        env = Env(EmulatorCluster(emulator, OperatorProcess(kubeconfig, tmp_path / "x", {})),
                  kubeconfig, capsys)  # fmt: skip
        listing = await env.ww("get", "-n", NS)
        assert listing.code == PluginExit.FAILED
        assert listing.err.count("\n") == 1
        assert "is the ops-warden CRD installed?" in listing.err
        one = await env.ww("suspend", "alpha", "-n", NS)
        assert one.code == PluginExit.FAILED
        assert one.err.count("\n") == 1
        assert "Traceback" not in listing.err + one.err


async def test_global_flags_go_before_or_after_the_command(env: Env, tmp_path: Path) -> None:
    before = await env.ww("-n", "team-b", "get")
    assert before.code == 0, before.err
    assert [line.split()[0] for line in before.out.splitlines()] == ["NAME", "gamma"]
    after = await env.ww("--kubeconfig", str(env.kubeconfig), "get", "-n", NS, "-o", "json")
    assert [i["metadata"]["name"] for i in json.loads(after.out)["items"]] == ["alpha", "beta"]
    overridden = await env.ww("-n", "team-b", "runs", "alpha", "-n", NS, "-o", "json")
    assert overridden.code == 0, overridden.err


async def test_a_broken_kubeconfig_never_echoes_its_secrets(
    env: Env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YAML's error messages quote the line they stopped at: the plugin says where, not what."""
    fake_token = "sha256~" + secrets.token_urlsafe(32)  # made up now: an OpenShift-style token
    broken = tmp_path / "broken"
    broken.write_text(
        "apiVersion: v1\nusers:\n- name: u\n  user: {token: " + fake_token + "\n"
        "current-context: [unclosed\n"
    )
    monkeypatch.setenv("KUBECONFIG", str(broken))
    result = await env.ww("get")
    assert result.code == PluginExit.UNREACHABLE
    assert result.err.startswith("error: cannot use the kubeconfig (not valid YAML at line ")
    assert fake_token not in result.err
    assert fake_token[4:20] not in result.err
