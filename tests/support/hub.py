"""A real reference hub for tests: `python -m warden hub serve` as a subprocess on 127.0.0.1.

    with running_hub(tmp_path, token="t", fault_injection=True) as hub:
        hub.url, hub.db_path, hub.messages(to_agent="ops-warden"), hub.restart(), ...
        hub.kill(); hub.start()          # a crash, and the same hub back on the same port
        hub.pause(); hub.resume()        # a hub that hangs (SIGSTOP), and recovers
        hub.go_down(); hub.come_back()   # a hub that answers 503 to everything, and recovers

The handle talks to the hub over HTTP only (the contract, not the implementation).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from tests.support.process import read_announcement

_START_TIMEOUT = 15.0
_LINE_PREFIX = "hub: serving on "


class HubProcess:
    """One hub server process over one SQLite file. Restarts keep the same port and file."""

    def __init__(
        self,
        db_path: Path,
        *,
        log_path: Path,
        token: str | None = None,
        fault_injection: bool = False,
    ) -> None:
        self.db_path = db_path
        self.token = token
        self.fault_injection = fault_injection
        self._log_path = log_path
        self._port = 0
        self._proc: subprocess.Popen[str] | None = None
        self._http = httpx.Client(timeout=10)  # one pool: a client per call costs ~25 ms
        self.url = ""

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        if self._proc is not None:
            raise RuntimeError("hub already running")
        command = [sys.executable, "-m", "warden", "hub", "serve", "--db", str(self.db_path)]
        command += ["--port", str(self._port), "--host", "127.0.0.1"]
        if self.fault_injection:
            command.append("--fault-injection")
        env = {k: v for k, v in os.environ.items() if not k.startswith("WARDEN_HUB_")}
        if self.token is not None:
            env["WARDEN_HUB_TOKEN"] = self.token  # env, not argv: argv is visible in ps
        with self._log_path.open("a") as log:
            self._proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=log, text=True, env=env
            )
        self.url = self._read_url(self._proc)
        self._port = int(self.url.rsplit(":", 1)[1])
        self._wait_healthy()

    def stop(self) -> None:
        """SIGTERM and wait; the hub must exit 0."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"hub did not stop on SIGTERM; log:\n{self.log()}") from None
        finally:
            if proc.stdout is not None:
                proc.stdout.close()
        if code != 0:
            raise RuntimeError(f"hub exited {code} on SIGTERM; log:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.kill()
            proc.wait()
            if proc.stdout is not None:
                proc.stdout.close()

    def pause(self) -> None:
        """SIGSTOP: the process stays, its port keeps accepting connections (the kernel's
        backlog), but nothing is answered - a hub that hangs."""
        if self._proc is None:
            raise RuntimeError("hub is not running")
        self._proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self._proc is not None:
            self._proc.send_signal(signal.SIGCONT)

    def close(self) -> None:
        """Stop the hub if it runs, and release the HTTP pool."""
        self.resume()  # a paused hub cannot act on SIGTERM
        if self.running:
            self.stop()
        else:
            self.kill()
        self._http.close()

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def log(self) -> str:
        return self._log_path.read_text() if self._log_path.exists() else ""

    # -- HTTP helpers ----------------------------------------------------------------------------

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request with the hub's token (unless `headers` says otherwise)."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self._http.request(method, self.url + path, headers=headers, **kwargs)

    def messages(
        self,
        *,
        to_agent: str | None = None,
        from_agent: str | None = None,
        in_reply_to: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every stored message matching the filters, with `read` and `in_reply_to`."""
        params = _params(to_agent=to_agent, from_agent=from_agent, in_reply_to=in_reply_to)
        response = self.request("GET", "/v1/messages", params=params)
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages

    def progress(
        self, *, message_id: str | None = None, agent: str | None = None
    ) -> list[dict[str, Any]]:
        response = self.request(
            "GET", "/v1/progress", params=_params(message_id=message_id, agent=agent)
        )
        response.raise_for_status()
        events: list[dict[str, Any]] = response.json()["events"]
        return events

    def post_message(
        self,
        *,
        to_agent: str,
        from_agent: str = "tester",
        subject: str = "subject",
        body: str = "body",
        in_reply_to: str | None = None,
    ) -> str:
        """Put a message in an inbox; returns its id."""
        payload = {
            "from_agent": from_agent,
            "to_agent": to_agent,
            "subject": subject,
            "body": body,
            "in_reply_to": in_reply_to,
        }
        response = self.request("POST", "/v1/messages", json=payload)
        response.raise_for_status()
        message_id: str = response.json()["id"]
        return message_id

    def set_faults(
        self,
        *,
        fail_writes_after: int = 0,
        count: int = 1,
        status: int = 500,
        mode: str = "before_commit",
        scope: str = "writes",
        delay_seconds: float = 0.0,
    ) -> None:
        """After `fail_writes_after` good requests in `scope` (writes, or all contract
        requests), fail the next `count` of them, each after `delay_seconds`."""
        plan = {
            "fail_writes_after": fail_writes_after,
            "count": count,
            "status": status,
            "mode": mode,
            "scope": scope,
            "delay_seconds": delay_seconds,
        }
        self.request("POST", "/v1/_faults", json=plan).raise_for_status()

    def go_down(self, *, status: int = 503, after: int = 0, delay_seconds: float = 0.0) -> None:
        """The hub stays up as a process but answers every contract request (after `after`
        more good ones) with `status` until `come_back` - an outage behind a proxy."""
        self.set_faults(
            fail_writes_after=after, count=10**9, status=status, scope="all",
            delay_seconds=delay_seconds,
        )  # fmt: skip

    def come_back(self) -> None:
        self.clear_faults()

    def clear_faults(self) -> None:
        self.request("DELETE", "/v1/_faults").raise_for_status()

    # -- internals -------------------------------------------------------------------------------

    def _read_url(self, proc: subprocess.Popen[str]) -> str:
        announced = read_announcement(proc, _LINE_PREFIX, _START_TIMEOUT)
        if announced is None:
            self._kill_quietly(proc)
            raise RuntimeError(f"hub did not start; log:\n{self.log()}")
        return announced.split(" ", 1)[0]

    def _kill_quietly(self, proc: subprocess.Popen[str]) -> None:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        self._proc = None

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if self._http.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"hub never became healthy; log:\n{self.log()}")


@contextmanager
def running_hub(
    tmp_path: Path,
    *,
    token: str | None = None,
    fault_injection: bool = False,
    db_path: Path | None = None,
    name: str = "hub",
) -> Iterator[HubProcess]:
    """Start a hub (on `db_path`, default `tmp_path/<name>.db`), yield it, always stop it."""
    hub = HubProcess(
        db_path or tmp_path / f"{name}.db",
        log_path=tmp_path / f"{name}.log",
        token=token,
        fault_injection=fault_injection,
    )
    hub.start()
    try:
        yield hub
    finally:
        hub.close()


def _params(**filters: str | None) -> dict[str, str]:
    return {name: value for name, value in filters.items() if value is not None}
