"""The worker process: settings from flags and environment, the poll loop, signals, output."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import re
import signal
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from warden.core.errors import ConfigError, WardenError
from warden.core.models import RunSummary
from warden.core.names import AGENT_NAME_PATTERN, DEFAULT_AGENT
from warden.core.urls import validate_base_url
from warden.core.vocabulary import (
    ENV_AGENT,
    ENV_CATALOG,
    ENV_HUB_TOKEN,
    ENV_HUB_URL,
    ENV_LLM_URL,
    ENV_MAX_LLM_CALLS,
    SUMMARY_MAX_BYTES,
    BrainName,
    ExitCode,
    Mode,
)
from warden.worker.brains import Brain
from warden.worker.hub_client import HubClient
from warden.worker.on_demand import CatalogLoader, OnDemandBrain
from warden.worker.report import RunReport, render_json, render_text
from warden.worker.runner import failed_summary, run_once

if TYPE_CHECKING:
    from warden.core.catalog import Catalog

log = logging.getLogger("warden.worker")


@dataclass(frozen=True)
class WorkerSettings:
    agent: str
    hub_url: str
    mode: Mode
    brain: BrainName
    llm_url: str | None
    catalog: Catalog | None  # None: the built-in catalog, loaded with the first message
    max_messages: int
    concurrency: int
    llm_timeout: float
    max_llm_calls: int | None
    interval: float
    once: bool
    output: str
    summary_file: Path | None
    hub_token: str | None = field(default=None, repr=False)  # from the environment only

    @classmethod
    def from_args(cls, args: argparse.Namespace, env: Mapping[str, str]) -> WorkerSettings:
        agent = args.agent or env.get(ENV_AGENT) or DEFAULT_AGENT
        if not re.fullmatch(AGENT_NAME_PATTERN, agent):
            raise ConfigError(f"agent {agent!r} is not a valid agent name (a DNS-1123 label)")
        hub_url = args.hub_url or env.get(ENV_HUB_URL)
        if not hub_url:
            raise ConfigError(f"no State Hub URL: pass --hub-url or set {ENV_HUB_URL}")
        hub_url = validate_base_url(hub_url, "hub URL")
        llm_url = args.llm_url or env.get(ENV_LLM_URL) or None
        if args.brain == "llm":
            if not llm_url:
                raise ConfigError(
                    f"--brain llm needs llm-connect: pass --llm-url or set {ENV_LLM_URL}"
                )
            llm_url = validate_base_url(llm_url, "llm-connect URL")
        summary_file = Path(args.summary_file) if args.summary_file else None
        if summary_file is not None and not summary_file.parent.is_dir():
            raise ConfigError(f"--summary-file: directory {summary_file.parent} does not exist")
        return cls(
            agent=agent,
            hub_url=hub_url,
            mode=args.mode,
            brain=args.brain,
            llm_url=llm_url,
            catalog=_named_catalog(args.catalog or env.get(ENV_CATALOG) or None),
            max_messages=args.max_messages,
            concurrency=args.concurrency,
            llm_timeout=args.llm_timeout,
            max_llm_calls=_max_llm_calls(args.max_llm_calls, env),
            interval=args.interval,
            once=args.once,
            output=args.output,
            summary_file=summary_file,
            hub_token=env.get(ENV_HUB_TOKEN) or None,
        )


def _named_catalog(path: str | None) -> Catalog | None:
    """A catalog file the operator named, read and checked now (a bad one is a config error
    at start-up); None for the built-in one (`warden.worker.on_demand`)."""
    if path is None:
        return None
    from warden.core.catalog import load_catalog

    return load_catalog(path)


def _max_llm_calls(flag: int | None, env: Mapping[str, str]) -> int | None:
    """--max-llm-calls, else WARDEN_MAX_LLM_CALLS (a whole number >= 1), else no limit."""
    if flag is not None:
        return flag
    text = env.get(ENV_MAX_LLM_CALLS, "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{ENV_MAX_LLM_CALLS} must be a whole number of at least 1")
    return int(text)


def make_brain(settings: WorkerSettings, catalog: Callable[[], Catalog]) -> Brain:
    """The brain, built when the first message needs it (with the catalog)."""

    def build() -> Brain:
        if settings.brain == "llm":
            # Imported here: the rule brain's runs never pay for the llm brain's modules.
            from warden.worker.brains.llm import LlmConnectBrain
            from warden.worker.llm_client import LlmConnectClient

            assert settings.llm_url is not None
            client = LlmConnectClient(
                settings.llm_url,
                timeout=settings.llm_timeout,
                max_connections=max(settings.concurrency, 1),
                max_calls=settings.max_llm_calls,
            )
            return LlmConnectBrain(client, catalog(), settings.agent)
        from warden.worker.brains.rule import RuleBrain

        return RuleBrain(catalog())

    return OnDemandBrain(settings.brain, build, calls_out=settings.brain == "llm")


async def run_worker(settings: WorkerSettings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    catalog = CatalogLoader(settings.catalog)
    brain = make_brain(settings, catalog)
    exit_code = ExitCode.OK
    try:
        async with HubClient(settings.hub_url, token=settings.hub_token) as hub:
            while True:
                try:
                    report = await run_once(
                        hub=hub,
                        brain=brain,
                        catalog=catalog,
                        agent=settings.agent,
                        mode=settings.mode,
                        max_messages=settings.max_messages,
                        concurrency=settings.concurrency,
                        stop=stop,
                        on_progress=_progress_printer(settings),
                    )
                except WardenError as exc:  # the run could not start, or had to stop
                    _write_summary(
                        settings, failed_summary(settings.agent, settings.mode, settings.brain, exc)
                    )
                    if settings.once:
                        raise
                    log.warning("run failed: %s", exc)
                    exit_code = exc.exit_code
                else:
                    _emit(settings, report)
                    exit_code = report.summary.exit_code
                if settings.once or stop.is_set():
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=settings.interval)
                if stop.is_set():
                    break
    finally:
        await brain.aclose()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
    return int(exit_code)


def _emit(settings: WorkerSettings, report: RunReport) -> None:
    if settings.output == "json":
        print(render_json(report), flush=True)
    else:
        print(render_text(report), flush=True)
    for line in report.outages + report.notices:  # stderr: stdout may be JSON for a machine
        print(f"warden: {line}", file=sys.stderr, flush=True)
    _write_summary(settings, report.summary)


def _write_summary(settings: WorkerSettings, summary: RunSummary) -> None:
    if settings.summary_file is None:
        return
    from warden.core import masking

    text = summary.to_compact_json(SUMMARY_MAX_BYTES)
    # Errors are masked when made; never write one anyway. The agent's name is public.
    if masking.contains_secret(text, known=(settings.agent,)):
        summary = summary.model_copy(update={"errors": [], "errors_truncated": True})
        text = summary.to_compact_json(SUMMARY_MAX_BYTES)
    try:
        settings.summary_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(
            f"--summary-file {settings.summary_file}: {exc.strerror or exc}"
        ) from None


def _progress_printer(settings: WorkerSettings) -> Callable[[int, int], None] | None:
    if settings.output != "text" or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r  {done}/{total} messages", end=end, file=sys.stderr, flush=True)

    return show
