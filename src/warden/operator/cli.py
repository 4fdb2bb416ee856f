"""`warden operator`: run the WardenWorker operator (kopf). Only argparse at import time:
kopf and the handlers load when the command runs."""

from __future__ import annotations

import argparse
from typing import Any

# The default metrics port, as a literal here so that `warden --help` stays import-light
# (warden.operator.metrics.DEFAULT_METRICS_PORT is the same; a test keeps them equal).
DEFAULT_METRICS_PORT = 8081


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "operator",
        help="run the WardenWorker operator",
        description="Reconcile WardenWorkers into guarded CronJobs and record their runs.",
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "-n",
        "--namespace",
        action="append",
        default=[],
        metavar="NS",
        help="serve only this namespace (repeatable; glob patterns allowed)",
    )
    scope.add_argument(
        "-A",
        "--all-namespaces",
        action="store_true",
        help="serve every namespace (the default)",
    )
    parser.add_argument(
        "--liveness",
        metavar="URL",
        default=None,
        help="serve a liveness probe, e.g. http://0.0.0.0:8080/healthz",
    )
    peering = parser.add_mutually_exclusive_group()
    peering.add_argument(
        "--standalone", action="store_true", help="one replica: no peering with others"
    )
    peering.add_argument(
        "--peering", metavar="NAME", default=None, help="peering object for several replicas"
    )
    parser.add_argument(
        "--priority", type=int, default=None, help="peering priority (highest one runs)"
    )
    parser.add_argument(
        "--metrics-port",
        type=_port,
        default=None,
        metavar="PORT",
        help=f"serve Prometheus metrics on /metrics at this port (default {DEFAULT_METRICS_PORT}; "
        "0 turns them off)",
    )
    parser.add_argument(
        "--metrics-address",
        default="0.0.0.0",  # noqa: S104 - scraped from outside the pod
        metavar="ADDR",
        help="address the metrics endpoint listens on (default 0.0.0.0)",
    )
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (0-65535)")
    return port


def run(args: argparse.Namespace) -> int:
    import asyncio

    import kopf

    from warden.operator.config import OperatorConfig
    from warden.operator.handlers import Reconciler, build_registry

    config = OperatorConfig.from_env()
    namespaces: list[str] = list(args.namespace)
    reconciler = Reconciler(config=config, namespaces=tuple(namespaces))
    priority = args.priority
    if args.peering and priority is None:
        # Replicas of one Deployment cannot be given distinct flags; kopf only pauses the
        # lower-priority peers when priorities differ, so each replica draws its own.
        import secrets

        priority = 1 + secrets.randbelow(2**31 - 2)
    port = DEFAULT_METRICS_PORT if args.metrics_port is None else args.metrics_port

    async def main() -> None:
        from warden.operator.metrics_http import serve_metrics

        runner = (
            await serve_metrics(reconciler.metrics.registry, args.metrics_address, port)
            if port
            else None
        )
        try:
            await kopf.operator(
                registry=build_registry(reconciler),
                clusterwide=not namespaces,
                namespaces=namespaces,
                liveness_endpoint=args.liveness,
                standalone=True if args.standalone else None,
                peering_name=args.peering,
                priority=priority,
            )
        finally:
            if runner is not None:
                await runner.cleanup()

    tune_gc()
    asyncio.run(main())
    return 0


# Young-generation threshold and the two older ones' multipliers (CPython's: 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 20)


def tune_gc() -> None:
    """The operator's heap is large and long-lived: kopf's indexes keep every WardenWorker and
    CronJob body. Under CPython's default thresholds its collections walked that heap again
    and again, up to 0.17 s a full collection: about a quarter of the operator's CPU while
    500 WardenWorkers were created (bench/operator_scale.py). What is alive once the operator
    is set up (modules, kopf, the registry) is frozen, never to be walked again, and young
    objects are collected after 50,000 allocations instead of 700."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
