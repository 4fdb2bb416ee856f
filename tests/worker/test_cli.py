"""`warden worker run` as a real subprocess: output, summary file, exit codes, signals."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.hub import HubProcess, running_hub
from tests.worker.conftest import SeededInbox
from warden.core.models import RunSummary


def clean_env() -> dict[str, str]:
    """This process's environment without any WARDEN_* or LLM_* setting."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_"))}


def warden(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warden", *args],
        capture_output=True,
        text=True,
        env={**clean_env(), **(env or {})},
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    for needle in needles:
        assert needle in last, last


def test_dry_run_then_execute_with_summary_file(
    hub: HubProcess, seeded: SeededInbox, tmp_path: Path
) -> None:
    summary_file = tmp_path / "summary.json"
    dry = warden(
        "worker", "run", "--once", "--hub-url", hub.url, "--summary-file", str(summary_file)
    )
    assert dry.returncode == 0, dry.stderr
    assert "DRY RUN" in dry.stdout
    assert "would escalate" in dry.stdout
    assert seeded.token not in dry.stdout + dry.stderr
    summary = RunSummary.model_validate_json(summary_file.read_text())
    assert summary.mode == "dry-run"
    assert summary.ok
    assert summary.messages_seen == 11
    assert hub.messages(from_agent="ops-warden") == []

    run = warden(
        "worker", "run", "--once", "--execute", "--output", "json",
        "--summary-file", str(summary_file), env={"WARDEN_HUB_URL": hub.url},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["summary"]["counts"] == {"escalated": 7, "executed": 4}
    assert seeded.token not in run.stdout
    assert len(summary_file.read_bytes()) <= 4096
    assert len(hub.messages(from_agent="ops-warden")) == 4


def test_env_fallbacks_and_agent(hub: HubProcess) -> None:
    hub.post_message(to_agent="other-agent", from_agent="svc", subject="Who owns OIDC roles?")
    result = warden(
        "worker", "run", "--once", "--output", "json",
        env={"WARDEN_HUB_URL": hub.url, "WARDEN_AGENT": "other-agent"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["agent"] == "other-agent"
    assert json.loads(result.stdout)["summary"]["messages_seen"] == 1


@pytest.mark.parametrize(
    ("args", "env", "needles"),
    [
        (["--hub-url", "not a url"], {}, ["hub URL", "not an http(s) URL"]),
        (["--hub-url", "ftp://x"], {}, ["not an http(s) URL"]),
        ([], {}, ["no State Hub URL"]),
        (["--hub-url", "http://127.0.0.1:9", "--brain", "llm"], {}, ["--brain llm needs"]),
        (["--hub-url", "http://h", "--agent", "Bad Agent!"], {}, ["not a valid agent name"]),
        (["--hub-url", "http://h", "--catalog", "/nonexistent.yaml"], {}, ["cannot read"]),
        (
            ["--hub-url", "http://h", "--summary-file", "/no/such/dir/s.json"],
            {},
            ["does not exist"],
        ),
    ],
)
def test_config_errors_exit_2_with_one_line(
    args: list[str], env: dict[str, str], needles: list[str]
) -> None:
    result = warden("worker", "run", "--once", *args, env=env)
    assert_one_line_error(result, "warden: error:", *needles)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("version: 1\nagents: {a: x}\nroutes: []\n", "routes"),
        ("version: 1\nagents: {a: x}\n"
         "routes: [{topic: t, owner: b, description: d, keywords: [k]}]\n",
         "owner 'b' is not in agents"),
        ("version: [1\nagents: {", "not valid YAML"),
        ("- a list\n", "expected a mapping"),
    ],
)  # fmt: skip
def test_bad_catalog_exits_2(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(content)
    result = warden(
        "worker", "run", "--once", "--hub-url", "http://h", env={"WARDEN_CATALOG": str(path)}
    )
    assert_one_line_error(result, "catalog", needle)


@pytest.mark.parametrize(
    "args",
    [
        ["--brain", "magic"],
        ["--max-messages", "0"],
        ["--concurrency", "many"],
        ["--dry-run", "--execute"],
        ["--output", "xml"],
        ["--no-such-flag"],
    ],
)
def test_bad_flags_exit_2(args: list[str]) -> None:
    result = warden("worker", "run", "--hub-url", "http://h", *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error:" in result.stderr.strip().splitlines()[-1]


def test_an_unreachable_hub_is_exit_3_with_a_summary_naming_it(tmp_path: Path) -> None:
    summary_file = tmp_path / "s.json"
    result = warden(
        "worker", "run", "--once", "--hub-url", "http://127.0.0.1:9",
        "--summary-file", str(summary_file),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("warden: error: cannot reach the State Hub at http://127.0.0.1:9")
    summary = RunSummary.model_validate_json(summary_file.read_text())
    assert not summary.completed
    assert summary.unavailable == ["state-hub"]
    assert summary.exit_code == 3
    assert summary.errors


def test_a_hub_that_is_down_is_exit_3(hub: HubProcess, tmp_path: Path) -> None:
    hub.post_message(to_agent="ops-warden", subject="Who owns OIDC roles?")
    hub.go_down(status=503)
    summary_file = tmp_path / "s.json"
    result = warden(
        "worker", "run", "--once", "--hub-url", hub.url, "--summary-file", str(summary_file)
    )
    assert result.returncode == 3, result.stderr
    assert "State Hub answered 503" in result.stderr.strip().splitlines()[-1]
    assert RunSummary.model_validate_json(summary_file.read_text()).unavailable == ["state-hub"]


def test_a_refused_token_is_a_configuration_error(tmp_path: Path) -> None:
    with running_hub(tmp_path, token=secrets.token_hex(16)) as hub:
        wrong = warden(
            "worker", "run", "--once", "--hub-url", hub.url,
            env={"WARDEN_HUB_TOKEN": secrets.token_hex(16)},
        )  # fmt: skip
        missing = warden("worker", "run", "--once", "--hub-url", hub.url)
    for result in (wrong, missing):
        assert_one_line_error(result, "State Hub refused", "401", "WARDEN_HUB_TOKEN")


def test_a_hub_url_that_points_elsewhere_is_a_configuration_error(hub: HubProcess) -> None:
    result = warden("worker", "run", "--once", "--hub-url", hub.url + "/not-the-api")
    assert_one_line_error(result, "State Hub rejected", "404")


def test_an_agent_named_like_a_token_is_a_configuration_error_once_there_is_work(
    hub: HubProcess,
) -> None:
    """Every routing answer names the worker's agent: one the detector reads as a token would
    be refused on every message, so the run stops with one line and touches nothing."""
    agent = "xoxb-bot-1"  # a Slack bot token's prefix
    empty = warden("worker", "run", "--once", "--execute", "--agent", agent, "--hub-url", hub.url)
    assert empty.returncode == 0, empty.stderr  # nothing to answer: nothing wrong yet
    hub.post_message(to_agent=agent, from_agent="svc", subject="Who owns OIDC roles?")
    result = warden("worker", "run", "--once", "--execute", "--agent", agent, "--hub-url", hub.url)
    assert_one_line_error(result, agent, "reads as a secret", "rename")
    assert hub.messages(from_agent=agent) == []
    assert hub.progress(agent=agent) == []
    assert not any(m["read"] for m in hub.messages(to_agent=agent))


def test_an_agent_with_a_generated_looking_name_answers_and_reports(
    hub: HubProcess, tmp_path: Path
) -> None:
    """ "worker-20261201" looks generated to the detector, but it is the worker's own,
    configured name: its routing answers go out and its summary keeps it."""
    agent = "worker-20261201"
    hub.post_message(to_agent=agent, from_agent="svc", subject="Who owns OIDC roles?")
    summary_file = tmp_path / "summary.json"
    result = warden(
        "worker", "run", "--once", "--execute", "--agent", agent, "--hub-url", hub.url,
        "--summary-file", str(summary_file),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (answer,) = hub.messages(from_agent=agent)
    assert agent in answer["body"]
    summary = RunSummary.parse(summary_file.read_text())
    assert (summary.agent, summary.counts, summary.errors) == (agent, {"executed": 1}, [])


def test_polling_worker_stops_cleanly_on_sigterm(hub: HubProcess) -> None:
    hub.post_message(to_agent="ops-warden", from_agent="svc", subject="Who owns OIDC roles?")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "warden", "worker", "run", "--execute", "--interval", "0.2",
         "--hub-url", hub.url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not hub.messages(from_agent="ops-warden"):
        time.sleep(0.1)
    time.sleep(0.5)  # a few more polls with nothing to do
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert len(hub.messages(from_agent="ops-warden")) == 1
