"""The operator against kmock's Kubernetes emulator: the real kopf operator (`warden operator`
in a subprocess) over real HTTP. The scenarios live in tests/scenarios/operator_flow.py so that
the kind suite runs the same steps."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tests.scenarios import operator_flow as flow
from tests.scenarios import rollout_flow
from tests.scenarios.emulator import EmulatorCluster
from tests.support.hub import HubProcess

SHIPPED_CATALOG = Path(__file__).resolve().parents[2] / "src/warden/data/catalog.yaml"

pytestmark = pytest.mark.emulator


async def test_create_renders_guarded_cronjob(cluster: EmulatorCluster) -> None:
    await flow.create_renders_guarded_cronjob(cluster)


async def test_spec_changes_patch_cronjob(cluster: EmulatorCluster) -> None:
    await flow.spec_changes_patch_cronjob(cluster)


async def test_removed_fields_leave_the_cronjob(cluster: EmulatorCluster) -> None:
    await flow.removed_fields_leave_the_cronjob(cluster)


async def test_operator_config_change_rerenders(cluster: EmulatorCluster) -> None:
    await flow.operator_config_change_rerenders(cluster)


async def test_config_change_rerenders_when_its_namespace_is_not_served(
    namespaced_cluster: EmulatorCluster,
) -> None:
    """`-n team-a`: kopf never watches the ConfigMap in ops-warden; the operator re-reads it
    every resync period instead (2 s here)."""
    await flow.operator_config_change_rerenders(namespaced_cluster)


async def test_invalid_catalog_is_not_copied(cluster: EmulatorCluster) -> None:
    await flow.invalid_catalog_is_not_copied(cluster)


async def test_hand_edit_is_restored(cluster: EmulatorCluster) -> None:
    await flow.hand_edit_is_restored(cluster)


async def test_execute_waits_for_shakedown_then_promotes(cluster: EmulatorCluster) -> None:
    await flow.execute_waits_for_shakedown_then_promotes(cluster)


async def test_waiver_allows_execute(cluster: EmulatorCluster) -> None:
    await flow.waiver_allows_execute(cluster)


async def test_runs_survive_restart_without_duplicates(cluster: EmulatorCluster) -> None:
    await flow.runs_survive_restart_without_duplicates(cluster)


async def test_secrets_and_bodies_never_reach_status(
    cluster: EmulatorCluster, fake_token: str
) -> None:
    await flow.secrets_and_bodies_never_reach_status(cluster, fake_token)
    # Only the simulated Pods hold the raw termination message (as real Pods would); no
    # version of any other object - WardenWorker, Event, CronJob, Job - ever held it.
    assert fake_token in cluster.everything_stored()
    assert _only_in_pods(cluster, fake_token)


async def test_failures_are_explained(cluster: EmulatorCluster) -> None:
    await flow.failures_are_explained(cluster)


async def test_outages_are_told_apart(cluster: EmulatorCluster) -> None:
    with socket.socket() as sock:  # a port nothing listens on: the hub is gone
        sock.bind(("127.0.0.1", 0))
        dead_hub_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    await flow.outages_are_told_apart(cluster, dead_hub_url)


async def test_invalid_spec_is_refused_at_admission(cluster: EmulatorCluster) -> None:
    await flow.invalid_spec_is_refused_at_admission(cluster)


async def test_invalid_spec_gets_condition_not_crash(cluster: EmulatorCluster) -> None:
    await flow.invalid_spec_gets_condition_not_crash(cluster, cluster.plant)


async def test_dry_run_then_execute_against_a_real_hub(
    cluster: EmulatorCluster, hub: HubProcess
) -> None:
    """The kind suite's flow (tests/e2e), here with the kubelet played by running the worker
    container's command locally against a real reference hub. The chart's ConfigMap carries
    the shipped catalog; the scenarios' default config only a stub, so it is set here."""
    config = {**flow.default_config(), "catalog.yaml": SHIPPED_CATALOG.read_text()}
    await cluster.set_operator_config(config)
    ids = await flow.seed_inbox(hub.url, "ops-warden")
    inbox = flow.SeededInbox(
        agent="ops-warden", hub_url=hub.url, message_ids=tuple(ids), reader=hub
    )
    await flow.flow_dry_run_then_execute(cluster, inbox)


def _only_in_pods(cluster: EmulatorCluster, needle: str) -> bool:
    """True when `needle` appears only in Pods (their termination messages), never in a
    WardenWorker, Event, CronJob, Job or ConfigMap in any version."""
    for (resource, _ns, _name), obj in cluster.emulator.objects.items():
        if resource.plural == "pods":
            continue
        for version in obj.history:
            if version is not None and needle in json.dumps(version.raw):
                return False
    return True


# --- issue 11 --------------------------------------------------------------------------------


async def test_host_namespaces_and_init_containers_are_removed(cluster: EmulatorCluster) -> None:
    await flow.host_namespaces_and_init_containers_are_removed(cluster)


async def test_canonical_quantities_are_not_drift(cluster: EmulatorCluster) -> None:
    await flow.canonical_quantities_are_not_drift(cluster)


async def test_bad_summaries_never_wedge_the_status(cluster: EmulatorCluster) -> None:
    await flow.bad_summaries_never_wedge_the_status(cluster)


async def test_refused_cronjobs_are_explained(cluster: EmulatorCluster) -> None:
    await flow.refused_cronjobs_are_explained(cluster, cluster.plant)


async def test_credentials_in_operator_urls_are_refused(cluster: EmulatorCluster) -> None:
    await flow.credentials_in_operator_urls_are_refused(cluster)


async def test_runs_finished_while_the_operator_was_down_are_recorded(
    cluster: EmulatorCluster,
) -> None:
    """Five runs finish while the operator is down, and the CronJob controller prunes the
    Jobs beyond the CronJob's history limits: every Job that is left is recorded (with its
    summary, though kopf's index of Pods fills after its index of Jobs), and with the
    default historyLimit (10) none of the five was pruned."""
    await cluster.create(flow.worker("downtime", cluster.namespace))
    await flow.wait_cronjob(cluster, "downtime", lambda cj: True, "CronJob downtime")
    await cluster.operator.stop()
    for _ in range(4):
        await cluster.finish_run("downtime", flow.SimulatedRun(flow.summary()))
    await cluster.finish_run("downtime", flow.SimulatedRun(None, exit_code=1, succeeded=False))
    pruned = await cluster.prune_jobs("downtime")
    assert pruned == []
    await cluster.operator.start()
    ww = await flow.wait_worker(
        cluster, "downtime", lambda w: len(flow.runs(w)) == 5, "all five runs recorded",
        within=30,
    )  # fmt: skip
    assert ww["status"]["runCounts"] == {"total": 5, "succeeded": 4, "failed": 1}
    assert sorted(r["summary"] for r in flow.runs(ww)) == ["Missing"] + ["Valid"] * 4


# --- issue 12: the manual stage and run-now --------------------------------------------------


async def test_manual_stage_then_scheduled(cluster: EmulatorCluster) -> None:
    await rollout_flow.manual_stage_then_scheduled(cluster)


async def test_run_now_once_per_value(cluster: EmulatorCluster) -> None:
    await rollout_flow.run_now_once_per_value(cluster)
