"""Words every part shares: exit codes, modes and brains, the worker's environment, size
limits, and the API group, labels and annotations of the operator.

The exit codes: the CLI returns them, the worker's run summary decides them, the operator reads them
from the pod, and README.md, docs/CONTRACTS.md and docs/operator.md carry the same table
(tests/test_vocabulary.py keeps the docs and this module in step).
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Final, Literal, get_args


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


# -- The run's two axes: what it may do, and what plans it. The CRD's `spec.mode` and
# `spec.brain` enums, the chart's values schema, the worker's flags and the run summary all
# carry these values (tests/chart/test_vocabulary_contract.py holds them equal).
Mode = Literal["dry-run", "execute"]
MODES: Final[tuple[Mode, ...]] = get_args(Mode)
DRY_RUN: Final[Mode] = "dry-run"
EXECUTE: Final[Mode] = "execute"

BrainName = Literal["rule", "llm"]
BRAINS: Final[tuple[BrainName, ...]] = get_args(BrainName)
DEFAULT_BRAIN: Final[BrainName] = "rule"

# -- The environment the operator sets in the worker's pod and the worker reads.
ENV_HUB_URL: Final = "WARDEN_HUB_URL"
ENV_HUB_TOKEN: Final = "WARDEN_HUB_TOKEN"  # noqa: S105 (the variable's name, not a secret)
ENV_AGENT: Final = "WARDEN_AGENT"
ENV_CATALOG: Final = "WARDEN_CATALOG"
ENV_LLM_URL: Final = "LLM_CONNECT_URL"
ENV_MAX_LLM_CALLS: Final = "WARDEN_MAX_LLM_CALLS"  # the worker's --max-llm-calls fallback

# -- The environment the chart sets in the operator's pod.
ENV_OPERATOR_NAMESPACE: Final = "WARDEN_OPERATOR_NAMESPACE"
ENV_OPERATOR_CONFIGMAP: Final = "WARDEN_OPERATOR_CONFIGMAP"
ENV_OPERATOR_RESYNC: Final = "WARDEN_OPERATOR_RESYNC_SECONDS"
ENV_WORKER_IMAGE: Final = "WARDEN_WORKER_IMAGE"

# -- Sizes both sides rely on.
SUMMARY_MAX_BYTES: Final = 4096
"""The run summary's JSON: the kubelet keeps at most 4096 bytes of a termination message."""

# -- The Kubernetes API the operator serves, and the keys it writes on objects.
GROUP: Final = "ops-warden.dev"
VERSION: Final = "v1alpha1"
API_VERSION: Final = f"{GROUP}/{VERSION}"
KIND: Final = "WardenWorker"
PLURAL: Final = "wardenworkers"

WORKER_LABEL: Final = f"{GROUP}/worker"
"""On every object the operator makes for a worker; its value is the WardenWorker's name."""
FINALIZER: Final = f"{GROUP}/finalizer"
FINGERPRINT_ANNOTATION: Final = f"{GROUP}/shakedown-fingerprint"
SPEC_HASH_ANNOTATION: Final = f"{GROUP}/rendered-hash"
# On a worker's pod template: the routing catalog the pod reads as a file (a downward API
# volume), so that the CronJob alone carries everything a run needs.
CATALOG_ANNOTATION: Final = f"{GROUP}/catalog"
WAIVER_ANNOTATION: Final = f"{GROUP}/shakedown-waiver"
"""Set by a person on a WardenWorker to skip the dry-run shakedown; the value is the reason."""
RUN_NOW_ANNOTATION: Final = f"{GROUP}/run-now"
"""Set by a person on a WardenWorker: any new value makes one run now (warden.operator.runnow)."""
TRIGGER_LABEL: Final = f"{GROUP}/trigger"
"""On a Job the operator made for a run-now request: `run-now` (status.runs[].trigger)."""
