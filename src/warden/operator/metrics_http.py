"""Serving the operator's metrics: `GET /metrics` in the Prometheus text format (or
OpenMetrics when asked), on the operator's own event loop, so a scrape fails when the loop
is wedged."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

METRICS_PATH = "/metrics"


async def serve_metrics(registry: CollectorRegistry, host: str, port: int) -> web.AppRunner:
    """Start serving; the caller cleans the runner up."""
    app = web.Application()
    app.router.add_get(METRICS_PATH, make_aiohttp_handler(registry))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
