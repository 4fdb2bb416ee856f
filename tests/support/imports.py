"""Which modules the worker's process may load: shared by `tests/worker/test_imports.py` and
the cold-start benchmark (`bench/cold_start.py`)."""

from __future__ import annotations

from collections.abc import Iterable

# Never on the worker path: they would only cost start-up time (the operator's stack, the
# reference hub, the test emulator; not even their command lines).
NEVER = (
    "kopf",
    "kubernetes",
    "kmock",
    "aiohttp",
    "warden.operator",
    "warden.hub",
)
# Needed only once a message is planned: a run over an empty inbox (most scheduled runs) does
# not load them (issue 13): the built-in catalog (YAML), the rule brain, the guardrails, the
# reading of a text, the lexicon, the detector (its ~250 compiled patterns and automata) and
# the executor.
ONLY_FOR_MESSAGES = (
    "ahocorasick_rs",
    "yaml",
    "warden.core.catalog",
    "warden.worker.brains.rule",
    "warden.core.detector",
    "warden.core.guardrails",
    "warden.core.lexicon",
    "warden.core.precheck",
    "warden.core.reading",
    "warden.core.text",
    "warden.core.words",
    "warden.worker.executor",
    "warden.worker.brains.llm",
    "warden.worker.llm_client",
    "warden.core.taint",
)


def loaded(modules: Iterable[str], packages: Iterable[str]) -> list[str]:
    """The modules among `modules` that are one of `packages` or inside one, sorted."""
    prefixes = tuple(packages)
    return sorted({m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)})
