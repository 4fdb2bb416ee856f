"""The `warden` command. Each area registers its own subcommands; handlers import lazily so
that `warden worker run` never pays for the operator's imports."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

# No pydantic plugins are used; skipping their discovery (an entry-point scan) saves ~13 ms of
# every worker start. Set before any model class is built.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from warden import __version__
from warden.core.errors import WardenError

AREAS = ("worker", "hub", "operator")


def build_parser(area: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `area` only that area's subcommands (what a command
    line naming it needs: a worker's start does not build the hub's and operator's parsers)."""
    # argparse's own errors are one line and exit 2, like every WardenError below.
    parser = argparse.ArgumentParser(
        prog="warden", description="ops-warden: a guarded coordination worker."
    )
    parser.add_argument("--version", action="version", version=f"warden {__version__}")
    parser.add_argument(
        "--log-level",
        default="WARNING",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="log verbosity (logs go to stderr, secrets redacted)",
    )
    sub = parser.add_subparsers(dest="area", required=True, metavar="{worker,hub,operator}")
    for name in AREAS:
        if area in (None, name):
            # Only the named area's module is imported: a worker's start loads nothing of
            # the hub or the operator.
            importlib.import_module(f"warden.{name}.cli").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    first = words[0] if words else None
    parser = build_parser(first if first in AREAS else None)
    args = parser.parse_args(words)
    _configure_logging(args.log_level)
    try:
        code: int = args.handler(args)
        return code
    except WardenError as exc:
        print(f"warden: error: {exc}", file=sys.stderr)
        return int(exc.exit_code)
    except KeyboardInterrupt:
        print("warden: interrupted", file=sys.stderr)
        return 130


def _configure_logging(level: str) -> None:
    from warden.core.masking import install_log_redaction

    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_redaction()
