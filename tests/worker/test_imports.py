"""What a real worker process imports. Never the operator's stack (kopf, kubernetes) nor the
reference hub's server (aiohttp); and over an empty inbox, the common scheduled run, nothing
that only planning a message needs (the detector's automata). The process prints its module
list at exit through a small wrapper."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.hub import HubProcess
from tests.support.imports import NEVER, ONLY_FOR_MESSAGES, loaded
from tests.worker.conftest import SeededInbox

WRAPPER = """\
import atexit, runpy, sys
atexit.register(lambda: print("MODULES", *sorted(sys.modules), file=sys.stderr))
sys.argv = ["warden", *sys.argv[1:]]
runpy.run_module("warden", run_name="__main__", alter_sys=True)
"""


def modules_of_a_run(hub: HubProcess, output: str = "text") -> set[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_"))}
    command = ["worker", "run", "--once", "--output", output, "--hub-url", hub.url]
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_run_over_an_empty_inbox_loads_only_what_it_needs(hub: HubProcess, output: str) -> None:
    modules = modules_of_a_run(hub, output)
    assert "warden.worker.hub_client" in modules  # the wrapper saw a real run
    assert loaded(modules, NEVER) == []
    assert loaded(modules, ONLY_FOR_MESSAGES) == []


def test_a_run_over_messages_loads_the_detector_but_never_the_operator(
    hub: HubProcess, seeded: SeededInbox
) -> None:
    modules = modules_of_a_run(hub)
    assert "ahocorasick_rs" in modules  # the messages went through the detector's automata
    assert loaded(modules, NEVER) == []
    assert loaded(modules, ("warden.worker.brains.llm",)) == []
