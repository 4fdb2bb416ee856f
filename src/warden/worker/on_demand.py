"""What the worker builds only once a message needs it: the built-in catalog and the brain.

Most scheduled runs find an empty inbox. Such a run must cost little more than the HTTP
client it needs (issue 13: cold start), so it never parses the catalog YAML or imports the
brain, the guardrails, the lexicon or the detector. `OnDemandBrain` stands in for the brain
until the first message is planned; `CatalogLoader` loads the catalog on the first call.
A catalog file the operator names is still read and checked at start-up (a configuration
error is one line and exit 2 at once, not a surprise at the first message); only the built-in
catalog, checked by the test suite, waits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from warden.core.vocabulary import BrainName
from warden.worker.breaker import CircuitBreaker

if TYPE_CHECKING:
    from warden.core.catalog import Catalog
    from warden.core.guardrails import Assessment
    from warden.core.models import Message, Proposal
    from warden.worker.brains import Brain, Slot


class CatalogLoader:
    """The given catalog, or the built-in one, loaded on the first call and kept."""

    def __init__(self, catalog: Catalog | None = None) -> None:
        self._catalog = catalog

    def __call__(self) -> Catalog:
        if self._catalog is None:
            from warden.core.catalog import load_catalog

            self._catalog = load_catalog(None)
        return self._catalog

    @property
    def loaded(self) -> bool:
        return self._catalog is not None


class OnDemandBrain:
    """A `Brain` that builds the real one (with `build`) on the first message it plans."""

    def __init__(self, name: BrainName, build: Callable[[], Brain], *, calls_out: bool) -> None:
        self.name = name
        self.calls_out = calls_out
        self._build = build
        self._brain: Brain | None = None

    @property
    def built(self) -> Brain | None:
        return self._brain

    @property
    def breaker(self) -> CircuitBreaker | None:
        return None if self._brain is None else self._brain.breaker

    @property
    def client(self) -> Any:
        """The built brain's model client, if it has one (the run counts its calls)."""
        return getattr(self._brain, "client", None)

    def start_run(self) -> None:
        """A new run: the built brain's per-run state (the llm call budget) starts over; a
        brain built later starts with it fresh."""
        start_run = getattr(self._brain, "start_run", None)
        if callable(start_run):
            start_run()

    async def propose(
        self, message: Message, assessment: Assessment, *, slot: Slot | None = None
    ) -> Proposal:
        if self._brain is None:
            self._brain = self._build()
        return await self._brain.propose(message, assessment, slot=slot)

    async def aclose(self) -> None:
        if self._brain is not None:
            await self._brain.aclose()
