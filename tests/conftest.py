"""Shared fixtures: one per real component. Keep this file small; helpers live in tests/support."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hub import HubProcess, running_hub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A reference State Hub subprocess on 127.0.0.1 with its own SQLite file, no token, and
    fault injection enabled (`hub.set_faults(...)`)."""
    with running_hub(tmp_path, fault_injection=True) as handle:
        yield handle
