"""`warden worker run`: flags, environment fallbacks and the run loop's I/O edges.

Only argparse is imported at module level; the worker's modules load when a command runs."""

from __future__ import annotations

import argparse
import os
from typing import Any

from warden.core.names import DEFAULT_AGENT
from warden.core.vocabulary import (
    BRAINS,
    DEFAULT_BRAIN,
    DRY_RUN,
    ENV_AGENT,
    ENV_CATALOG,
    ENV_HUB_URL,
    ENV_LLM_URL,
    EXECUTE,
    SUMMARY_MAX_BYTES,
)


def register(sub: Any) -> None:
    worker: argparse.ArgumentParser = sub.add_parser("worker", help="the guarded worker")
    commands = worker.add_subparsers(dest="command", required=True, metavar="{run}")
    run = commands.add_parser(
        "run",
        help="plan (dry-run, default) or execute the unread messages of one agent",
        description="Read the agent's unread messages from the State Hub, plan each with a "
        "brain, check every plan against the guardrails, then render (--dry-run, default) "
        "or execute the allowed actions (--execute).",
    )
    run.add_argument("--once", action="store_true", help="one run, then exit (default: poll)")
    mode = run.add_mutually_exclusive_group()
    mode.add_argument(
        "--dry-run", dest="mode", action="store_const", const=DRY_RUN,
        help="render plans, write nothing (default)",
    )  # fmt: skip
    mode.add_argument(
        "--execute", dest="mode", action="store_const", const=EXECUTE,
        help="execute the auto-executable actions",
    )  # fmt: skip
    run.set_defaults(mode=DRY_RUN)
    run.add_argument(
        "--brain", choices=BRAINS, default=DEFAULT_BRAIN, help=f"default: {DEFAULT_BRAIN}"
    )
    run.add_argument(
        "--agent",
        metavar="NAME",
        help=f"agent whose inbox to read (env {ENV_AGENT}, default {DEFAULT_AGENT})",
    )
    run.add_argument("--hub-url", metavar="URL", help=f"State Hub base URL (env {ENV_HUB_URL})")
    run.add_argument("--llm-url", metavar="URL", help=f"llm-connect base URL (env {ENV_LLM_URL})")
    run.add_argument(
        "--catalog",
        metavar="PATH",
        help=f"routing catalog YAML (env {ENV_CATALOG}, default built-in)",
    )
    run.add_argument(
        "--max-messages",
        metavar="N",
        type=_positive_int,
        default=500,
        help="messages per run (default 500)",
    )
    run.add_argument(
        "--concurrency",
        metavar="N",
        type=_positive_int,
        default=4,
        help="concurrent brain calls (default 4)",
    )
    run.add_argument(
        "--max-llm-calls",
        metavar="N",
        type=_positive_int,
        default=None,
        help="most llm-connect calls per run, retries included; messages over it are "
        "deferred to the next run (env WARDEN_MAX_LLM_CALLS, default no limit; brain llm only)",
    )
    run.add_argument(
        "--llm-timeout",
        metavar="SECONDS",
        type=_positive_float,
        default=30.0,
        help="per llm-connect call (default 30)",
    )
    run.add_argument(
        "--interval",
        metavar="SECONDS",
        type=_positive_float,
        default=60.0,
        help="between polls without --once (default 60)",
    )
    run.add_argument("--output", choices=["text", "json"], default="text", help="default: text")
    run.add_argument(
        "--summary-file",
        metavar="PATH",
        help=f"write the run summary as JSON (<= {SUMMARY_MAX_BYTES} bytes) here",
    )
    run.set_defaults(handler=_run)


def _positive_int(text: str) -> int:
    try:
        if not text.strip().lstrip("+-").isascii():
            raise ValueError(text)  # int() would read other scripts' digits too
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{value} must be greater than 0")
    return value


def _run(args: argparse.Namespace) -> int:
    import asyncio

    from warden.worker.loop import WorkerSettings, run_worker

    settings = WorkerSettings.from_args(args, os.environ)
    return asyncio.run(run_worker(settings))
