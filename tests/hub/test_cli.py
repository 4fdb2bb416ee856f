"""`warden hub serve|send|list|seed` as a person runs them: real processes, real hub."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.hub import HubProcess
from warden.core.catalog import load_catalog
from warden.core.reading import scan

GITHUB_TOKEN = re.compile(r"ghp_[A-Za-z0-9]{36}")


def warden(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_")}
    return subprocess.run(
        [sys.executable, "-m", "warden", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=clean | (env or {}),
        check=False,
    )


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], *needles: str, exit_code: int = 2
) -> None:
    assert result.returncode == exit_code, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warden: error: ")
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_send_then_list_text_and_json(shared_hub: HubProcess, agent: str) -> None:
    sent = warden(
        "hub", "send", "--hub-url", shared_hub.url, "--from", "build-bot", "--to", agent,
        "--subject", "SSH access?", "--body", "Who issues SSH certificates?",
    )  # fmt: skip
    assert sent.returncode == 0, sent.stderr
    message_id = sent.stdout.strip()
    [stored] = shared_hub.messages(to_agent=agent)
    assert stored["id"] == message_id
    assert stored["body"] == "Who issues SSH certificates?"

    text = warden("hub", "list", "--hub-url", shared_hub.url, "--agent", agent)
    assert text.returncode == 0, text.stderr
    assert message_id in text.stdout
    assert "SSH access?" in text.stdout

    listed = warden("hub", "list", "--agent", agent, "--output", "json", "--unread",
                    env={"WARDEN_HUB_URL": shared_hub.url})  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert [m["id"] for m in json.loads(listed.stdout)] == [message_id]


def test_list_unread_leaves_out_read_messages(shared_hub: HubProcess, agent: str) -> None:
    read = shared_hub.post_message(to_agent=agent, subject="old news")
    shared_hub.request("POST", f"/v1/messages/{read}/read")
    unread = warden("hub", "list", "--hub-url", shared_hub.url, "--agent", agent, "--unread")
    everything = warden("hub", "list", "--hub-url", shared_hub.url, "--agent", agent)
    assert unread.returncode == 0
    assert read not in unread.stdout
    assert "no unread messages" in unread.stdout
    assert read in everything.stdout


def test_send_threads_a_reply(shared_hub: HubProcess, agent: str) -> None:
    question = shared_hub.post_message(to_agent=agent)
    reply = warden(
        "hub", "send", "--hub-url", shared_hub.url, "--from", agent, "--to", "build-bot",
        "--subject", "Re", "--body", "ops-warden issues them", "--in-reply-to", question,
    )  # fmt: skip
    assert reply.returncode == 0, reply.stderr
    assert [m["id"] for m in shared_hub.messages(in_reply_to=question)] == [reply.stdout.strip()]


def test_seed_posts_the_sample_inbox_with_a_fresh_fake_token(
    shared_hub: HubProcess, agent: str
) -> None:
    first = warden("hub", "seed", "--hub-url", shared_hub.url, "--agent", agent)
    assert first.returncode == 0, first.stderr
    *ids, summary = first.stdout.splitlines()
    assert summary == f"hub: seeded {len(ids)} messages into the inbox of {agent}"
    stored = shared_hub.messages(to_agent=agent)
    assert [m["id"] for m in stored] == ids
    assert len(stored) >= 10

    bodies = " ".join(m["body"] for m in stored)
    assert "{generated_token}" not in bodies
    [token] = GITHUB_TOKEN.findall(bodies)
    assert any(finding.kind.startswith("github_") for finding in scan(bodies))

    warden("hub", "seed", "--hub-url", shared_hub.url, "--agent", agent)
    again = " ".join(m["body"] for m in shared_hub.messages(to_agent=agent)[len(stored) :])
    assert GITHUB_TOKEN.findall(again) != [token]  # generated per seed, never a fixed value


def test_the_sample_routing_questions_are_answered_by_the_catalog() -> None:
    from warden.hub.sample import load_sample_inbox

    catalog = load_catalog()
    expected = {
        "route_ssh": "ops-warden",
        "route_oidc": "flex-auth",
        "route_database": "secrets-engine",
        "route_api": "secrets-engine",
    }
    samples = {sample.case: sample for sample in load_sample_inbox()}
    for case, owner in expected.items():
        text = f"{samples[case].subject} {samples[case].body}"
        assert [route.owner for route in catalog.match(text)] == [owner], case
    assert {
        "asks_for_secret", "carries_secret", "production_change", "issue_ssh_certificate",
        "prompt_injection", "unclear", "catalog_change",
    } <= set(samples)  # fmt: skip


# -- errors: one line, exit 2, no traceback -------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_missing_hub_url_is_a_config_error() -> None:
    assert_one_line_error(warden("hub", "list", "--agent", "a"), "WARDEN_HUB_URL")


@pytest.mark.parametrize("url", ["ftp://hub", "hub:8080", "http://user:pw@hub"])
def test_a_bad_hub_url_is_a_config_error(url: str) -> None:
    result = warden("hub", "send", "--hub-url", url, "--from", "a", "--to", "b",
                    "--subject", "s", "--body", "b")  # fmt: skip
    assert_one_line_error(result, "hub URL")
    assert "pw" not in result.stderr


def test_an_unreachable_hub_is_one_line_and_exit_3() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = warden("hub", "list", "--hub-url", url, "--agent", "a")
    assert_one_line_error(result, f"cannot reach the State Hub at {url}", exit_code=3)


def test_a_request_outside_the_contract_is_one_line(shared_hub: HubProcess) -> None:
    result = warden("hub", "send", "--hub-url", shared_hub.url, "--from", "", "--to", "b",
                    "--subject", "s", "--body", "b")  # fmt: skip
    assert_one_line_error(result, "not sent", "from_agent")


def test_serve_refuses_a_missing_directory_and_a_busy_port(
    tmp_path: Path, shared_hub: HubProcess
) -> None:
    missing = warden("hub", "serve", "--db", str(tmp_path / "nope" / "hub.db"), "--port", "0")
    assert_one_line_error(missing, "no such directory")
    port = shared_hub.url.rsplit(":", 1)[1]
    busy = warden("hub", "serve", "--db", str(tmp_path / "hub.db"), "--port", port)
    assert_one_line_error(busy, f"cannot serve on 127.0.0.1:{port}")


def test_serve_announces_itself_and_exits_0_on_sigint(tmp_path: Path) -> None:
    db = tmp_path / "hub.db"
    token = "serve-token-" + "k" * 20
    proc = subprocess.Popen(
        [sys.executable, "-m", "warden", "hub", "serve", "--db", str(db), "--port", "0",
         "--token", token],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert re.fullmatch(
            rf"hub: serving on http://127\.0\.0\.1:\d+ \(db {re.escape(str(db))}\)\n", line
        )
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert token not in line + stdout + stderr
    assert "Traceback" not in stderr


def test_hub_without_a_subcommand_shows_help() -> None:
    result = warden("hub")
    assert result.returncode == 2
    assert "serve" in result.stdout


def test_serve_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    result = warden("hub", "serve", "--db", str(tmp_path), "--port", "0")
    assert_one_line_error(result, "cannot use the hub database", str(tmp_path))


def test_list_shows_untrusted_fields_without_escapes_or_secrets(
    shared_hub: HubProcess, agent: str
) -> None:
    token = "ghp_" + "".join(chr(ord("a") + (i * 7) % 26) for i in range(36))
    shared_hub.post_message(
        to_agent=agent, from_agent="svc", subject=f"\x1b]0;pwned\x07 my token {token}"
    )
    result = warden("hub", "list", "--hub-url", shared_hub.url, "--agent", agent)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert token not in result.stdout
