"""The image, the chart and the operator together on a real cluster (kind), in the e2e
workflow. The steps are tests/scenarios/operator_flow.py's, the same the emulator suite runs
(tests/operator/test_emulator.py), here with real Jobs, a real kubelet and the real garbage
collector."""

from __future__ import annotations

import pytest

from tests.scenarios import operator_flow as flow
from tests.scenarios import rollout_flow
from tests.scenarios.kind import KindCluster

pytestmark = [pytest.mark.kind, pytest.mark.timeout(900)]


async def test_dry_run_then_execute_exactly_once_then_garbage_collected(
    cluster: KindCluster, seeded_inbox: flow.SeededInbox
) -> None:
    """Apply a WardenWorker → its CronJob; run it → audit in the status, hub untouched; flip
    to execute after the shakedown → the manual stage: one run-now execute run (a real Job
    the operator made) → replies; scheduled execute → run again, nothing sent twice; delete
    → collected."""
    await flow.flow_dry_run_then_execute(cluster, seeded_inbox, name="flow")


async def test_deleted_worker_cronjob_is_garbage_collected(cluster: KindCluster) -> None:
    """Deleting a WardenWorker that never ran: its CronJob and catalog go with it."""
    await cluster.create(flow.worker("short-lived", cluster.namespace))
    await flow.wait_cronjob(cluster, "short-lived", lambda cj: True, "CronJob short-lived")
    await flow.delete_collects_cronjob(cluster, "short-lived")


async def test_an_unreachable_hub_is_hub_unavailable_not_a_config_error(
    cluster: KindCluster,
) -> None:
    """A real run whose hub is gone (nothing listens on the pod's own port 9): exit 3,
    HubUnavailable, LastRunSucceeded=False, a Warning Event, no shakedown credit."""
    await flow.outages_are_told_apart(cluster, "http://127.0.0.1:9")


async def test_invalid_spec_is_refused_by_the_apiserver(cluster: KindCluster) -> None:
    """The CRD's schema and CEL rules, applied by a real apiserver (the emulator's admission
    is checked against the same scenario)."""
    await flow.invalid_spec_is_refused_at_admission(cluster)


async def test_run_now_once_per_value(cluster: KindCluster) -> None:
    """One Job per new run-now value, even while suspended, whatever the value holds; none
    again for the same value or after an operator restart (a real Job controller runs it)."""
    await rollout_flow.run_now_once_per_value(cluster)
