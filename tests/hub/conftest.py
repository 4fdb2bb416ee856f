"""Fixtures of the hub tests. A module-wide hub keeps the suite fast: tests on it use their own
agent names (the `agent` fixture), so they never see each other's messages."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests.support.hub import HubProcess, running_hub


@pytest.fixture(scope="module")
def shared_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub for a whole module; never set faults or restart it (use `hub` for that)."""
    with running_hub(tmp_path_factory.mktemp("shared-hub")) as handle:
        yield handle


@pytest.fixture
def agent() -> str:
    """An agent name no other test uses."""
    return f"agent-{uuid.uuid4().hex[:12]}"
