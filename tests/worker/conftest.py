"""Worker fixtures: a seeded realistic inbox in a real hub, and helpers to run the worker."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.hub import HubProcess
from warden.core.catalog import Catalog, load_catalog
from warden.core.vocabulary import Mode
from warden.hub.sample import TOKEN_PLACEHOLDER, fake_github_token, load_sample_inbox
from warden.worker.brains import Brain
from warden.worker.brains.rule import RuleBrain
from warden.worker.hub_client import HubClient
from warden.worker.pipeline import WRITES_IN_FLIGHT
from warden.worker.report import RunReport
from warden.worker.runner import run_once

AGENT = "ops-warden"


@dataclass
class SeededInbox:
    """Ids of the seeded messages by case name, and the fake token planted in one of them."""

    ids: dict[str, str]
    token: str


@pytest.fixture
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def seeded(hub: HubProcess) -> SeededInbox:
    token = fake_github_token()
    ids: dict[str, str] = {}
    for sample in load_sample_inbox():
        ids[sample.case] = hub.post_message(
            to_agent=AGENT,
            from_agent=sample.from_agent,
            subject=sample.subject,
            body=sample.body.replace(TOKEN_PLACEHOLDER, token),
        )
    return SeededInbox(ids=ids, token=token)


async def run_worker(
    hub: HubProcess,
    catalog: Catalog,
    *,
    mode: Mode,
    brain: Brain | None = None,
    concurrency: int = 4,
    max_messages: int = 500,
    writes_in_flight: int = WRITES_IN_FLIGHT,
    **client: Any,
) -> RunReport:
    async with HubClient(hub.url, backoff_base=0.01, backoff_max=0.05, **client) as api:
        return await run_once(
            hub=api,
            brain=brain or RuleBrain(catalog),
            catalog=catalog,
            agent=AGENT,
            mode=mode,
            max_messages=max_messages,
            concurrency=concurrency,
            writes_in_flight=writes_in_flight,
        )


def snapshot(hub: HubProcess) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Everything the hub holds: every message (with read flags) and every progress event."""
    return hub.messages(), hub.progress()
