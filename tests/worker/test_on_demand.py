"""The brain and the built-in catalog are built with the first message (issue 13: cold start),
against the reference hub: an empty inbox never builds them, a run with messages builds each
once, and a polling worker keeps them across runs."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.hub import HubProcess
from tests.worker.conftest import AGENT
from warden.core.catalog import Catalog
from warden.worker.brains import Brain
from warden.worker.brains.rule import RuleBrain
from warden.worker.hub_client import HubClient
from warden.worker.on_demand import CatalogLoader, OnDemandBrain
from warden.worker.runner import run_once


class CountingBuild:
    """Builds the rule brain with the loader's catalog, counting the builds."""

    def __init__(self, loader: CatalogLoader) -> None:
        self.loader = loader
        self.calls = 0

    def __call__(self) -> Brain:
        self.calls += 1
        return RuleBrain(self.loader())


async def _run(hub: HubProcess, brain: Brain, catalog: Callable[[], Catalog]) -> int:
    async with HubClient(hub.url) as api:
        report = await run_once(
            hub=api, brain=brain, catalog=catalog, agent=AGENT, mode="execute",
            max_messages=50, concurrency=4,
        )  # fmt: skip
    return len(report.results)


async def test_an_empty_inbox_builds_neither_the_brain_nor_the_catalog(hub: HubProcess) -> None:
    loader = CatalogLoader()
    build = CountingBuild(loader)
    brain = OnDemandBrain("rule", build, calls_out=False)
    assert await _run(hub, brain, loader) == 0
    assert build.calls == 0
    assert not loader.loaded
    assert brain.breaker is None
    assert brain.client is None
    await brain.aclose()  # nothing to close


async def test_messages_build_each_once_across_runs(hub: HubProcess) -> None:
    loader = CatalogLoader()
    build = CountingBuild(loader)
    brain = OnDemandBrain("rule", build, calls_out=False)
    for i in range(3):
        hub.post_message(to_agent=AGENT, from_agent=f"svc-{i}", subject="Who owns OIDC roles?")
    assert await _run(hub, brain, loader) == 3
    hub.post_message(to_agent=AGENT, from_agent="svc-9", subject="Who owns OIDC roles?")
    assert await _run(hub, brain, loader) == 1
    assert build.calls == 1
    assert loader.loaded
    assert loader() is loader()  # loaded once, kept
    assert isinstance(brain.built, RuleBrain)


def test_a_named_catalog_is_used_as_given(catalog: Catalog) -> None:
    assert CatalogLoader(catalog)() is catalog


class RunAware(RuleBrain):
    """A rule brain that counts the runs it was told of (as the llm brain resets its budget)."""

    runs = 0

    def start_run(self) -> None:
        self.runs += 1


async def test_a_new_run_reaches_the_built_brain(hub: HubProcess, catalog: Catalog) -> None:
    built = RunAware(catalog)
    brain = OnDemandBrain("rule", lambda: built, calls_out=False)
    brain.start_run()  # nothing built yet: nothing to tell
    hub.post_message(to_agent=AGENT, from_agent="svc-1", subject="Who owns OIDC roles?")
    assert await _run(hub, brain, lambda: catalog) == 1  # built here, after start_run
    assert built.runs == 0
    assert await _run(hub, brain, lambda: catalog) == 0
    assert built.runs == 1  # the second run started the built brain's run
