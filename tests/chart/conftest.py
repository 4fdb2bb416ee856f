"""Fixtures for the chart tests: Helm (helm-sdkpy) installing the chart into kmock's emulator."""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.chart.emulated_cluster import (
    KUBERNETES_VERSION,
    Release,
    emulated_cluster,
    install_chart,
)

Render = Callable[..., Awaitable[Release]]


@pytest.fixture(scope="session", autouse=True)
def _helm_sdkpy_available() -> None:
    if importlib.util.find_spec("helm_sdkpy") is None:
        pytest.skip("helm-sdkpy is not installed (pip install -e '.[dev]')")


@pytest.fixture
def render(tmp_path: Path) -> Render:
    """`await render(values)`: `helm install` of the chart into a fresh emulator; the Release."""

    async def _render(values: dict[str, Any] | None = None, **kwargs: Any) -> Release:
        return await render_into_fresh_cluster(tmp_path, values, **kwargs)

    return _render


async def render_into_fresh_cluster(
    work_dir: Path,
    values: dict[str, Any] | None = None,
    *,
    release: str = "ops-warden",
    namespace: str = "ops-warden",
    server_version: str | None = None,
) -> Release:
    async with emulated_cluster(server_version or KUBERNETES_VERSION) as (emulator, url):
        return await install_chart(
            emulator, url, work_dir, values, release=release, namespace=namespace
        )


def render_once(work_dir: Path, values: dict[str, Any]) -> Release:
    """A render for module-scoped fixtures (the Release is plain data once Helm is done)."""
    return asyncio.run(render_into_fresh_cluster(work_dir, values))
