"""Helpers for the real server processes the tests and benchmarks start."""

from __future__ import annotations

import selectors
import subprocess
import time


def read_announcement(proc: subprocess.Popen[str], prefix: str, timeout: float) -> str | None:
    """What follows `prefix` on the first stdout line of `proc` that starts with it (e.g. the
    URL in "hub: serving on http://..."), stripped; None when the process exits, closes its
    stdout or stays silent for `timeout` seconds. The caller decides how to fail."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line = proc.stdout.readline()
                if line.startswith(prefix):
                    return line[len(prefix) :].strip()
                if not line:  # EOF: the process died
                    return None
            if proc.poll() is not None:
                return None
    return None
