"""Serving the operator's metrics: `GET /metrics` in the Prometheus text format (or
OpenMetrics when asked), on the operator's own event loop, so a scrape fails when the loop
is wedged."""

from __future__ import annotations

from aiohttp import web
from prometheus_client import CollectorRegistry
from prometheus_client.aiohttp import make_aiohttp_handler

from warden.core.errors import ConfigError

METRICS_PATH = "/metrics"


async def serve_metrics(registry: CollectorRegistry, host: str, port: int) -> web.AppRunner:
    """Start serving; the caller cleans the runner up. A port that cannot be bound (in use,
    privileged, a bad address) is a ConfigError: one line, exit 2, before kopf starts."""
    app = web.Application()
    app.router.add_get(METRICS_PATH, make_aiohttp_handler(registry))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        reason = exc.strerror or str(exc)
        raise ConfigError(f"cannot serve metrics on {host}:{port}: {reason}") from None
    return runner
