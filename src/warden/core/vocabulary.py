"""Words every part shares: the worker's exit codes and the dependencies it can wait for.

The CLI returns these codes, the worker's run summary decides them, the operator reads them
from the pod, and README.md, docs/CONTRACTS.md and docs/operator.md carry the same table
(tests/test_vocabulary.py keeps the docs and this module in step).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """What a `warden` command's exit status says about the run."""

    OK = 0
    """Clean: everything the run took on was done (or, in dry-run, planned); messages left
    only because the llm call budget (--max-llm-calls) was spent do not change that."""

    ACTION_FAILED = 1
    """An action failed (a write the hub refused, an action the executor refused); the
    message stays unread and is retried next run. Wins over DEPENDENCY_UNAVAILABLE: a
    failure that will not heal by waiting needs a look even during an outage."""

    CONFIG = 2
    """A configuration or usage error: bad flags, URL, catalog, token (401/403), a hub or
    llm-connect URL that points at something else (404). One line on stderr; nothing ran."""

    DEPENDENCY_UNAVAILABLE = 3
    """A dependency (the State Hub or llm-connect) was unavailable: connection refused,
    timeouts, 5xx or 429 after the bounded retries. Nothing was handed off because of it;
    every message it touched was deferred and is retried next run."""


class Dependency(StrEnum):
    """A service the worker needs at run time; the run summary names the unavailable ones."""

    STATE_HUB = "state-hub"
    LLM_CONNECT = "llm-connect"
