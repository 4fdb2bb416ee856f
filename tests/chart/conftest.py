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
    HelmFailed,
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


async def schema_refusal(render: Render, values: dict[str, Any]) -> str:
    """The message of Helm refusing `values` against the chart's values schema; the test
    fails when Helm takes them or fails for another reason."""
    with pytest.raises(HelmFailed) as failure:
        await render(values)
    message = str(failure.value)
    assert "values don't meet the specifications of the schema" in message
    return message


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
