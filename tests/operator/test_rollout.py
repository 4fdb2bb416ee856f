"""Unit tests of the rollout stages after the shakedown (dry-run -> manual -> scheduled), of
run-now's pure parts, and of the over-budget count in the status."""

from __future__ import annotations

from typing import Any

import pytest

from tests.operator.test_status import FP, NOW, job, pod, record, summary_json
from warden.core.vocabulary import RUN_NOW_ANNOTATION, TRIGGER_LABEL
from warden.operator import runnow
from warden.operator.render import WorkerRef
from warden.operator.status import RunRecord, StatusPlan, plan_status, read_run, record_run_now

COMMON: dict[str, Any] = dict(
    generation=1, required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
    cronjob_name="w", waiver=None, now=NOW, required_manual_runs=2,
)  # fmt: skip


def manual(uid: str, at: float, clean: bool = True, fingerprint: str = FP) -> RunRecord:
    return record(uid, at, clean, fingerprint, mode="execute", trigger="run-now")


def plan(previous: Any, runs: list[RunRecord], **overrides: Any) -> StatusPlan:
    args = {**COMMON, "requested_mode": "execute", **overrides}
    return plan_status(previous, runs=runs, **args)


def stage(p: StatusPlan) -> tuple[str, int]:
    rollout = p.status["rollout"]
    return rollout["stage"], rollout["cleanManualRuns"]


def conditions(p: StatusPlan) -> dict[str, dict[str, Any]]:
    return {c["type"]: c for c in p.status["conditions"]}


def test_shakedown_then_manual_then_scheduled_with_an_event_at_each_step() -> None:
    held = plan(None, [])
    assert stage(held) == ("dry-run", 0)
    assert conditions(held)["RolloutStage"]["reason"] == "DryRun"
    assert held.run_now_mode == "dry-run"

    # The shakedown passes: manual. The CronJob keeps running dry-run; run-now is execute.
    passed = plan(held.status, [record("d1", -50)])
    assert stage(passed) == ("manual", 0)
    assert passed.status["effectiveMode"] == "dry-run"
    assert passed.run_now_mode == "execute"
    assert conditions(passed)["ExecuteAllowed"]["reason"] == "ShakedownPassed"
    assert conditions(passed)["RolloutStage"]["reason"] == "Manual"
    reasons = [e.reason for e in passed.events]
    assert "RolloutManual" in reasons
    assert "Promoted" not in reasons

    # A clean scheduled (dry-run) run and an unclean manual run do not count.
    more = plan(passed.status, [record("d2", -40), manual("m1", -30, clean=False)])
    assert stage(more) == ("manual", 0)
    assert "ManualRunNotCounted" in [e.reason for e in more.events]
    assert [e.type for e in more.events if e.reason == "ManualRunNotCounted"] == ["Warning"]

    one = plan(more.status, [manual("m2", -20)])
    assert stage(one) == ("manual", 1)
    assert "ManualRunCounted" in [e.reason for e in one.events]
    assert one.status["effectiveMode"] == "dry-run"

    two = plan(one.status, [manual("m3", -10)])
    assert stage(two) == ("scheduled", 2)
    assert two.status["effectiveMode"] == "execute"
    assert two.run_now_mode == "execute"
    assert {"RolloutScheduled", "Promoted", "ManualRunCounted"} <= {e.reason for e in two.events}
    assert conditions(two)["RolloutStage"]["reason"] == "Scheduled"

    # Nothing new: no Event, the stage stays (level-based, from the status alone).
    assert plan(two.status, []).events == []
    assert stage(plan(two.status, [])) == ("scheduled", 2)


def test_the_same_runs_seen_again_after_a_restart_count_once() -> None:
    passed = plan(None, [record("d1", -50)])
    counted = plan(passed.status, [manual("m1", -20)])
    assert stage(counted) == ("manual", 1)
    # A restarted operator reads the same Jobs again: keyed by uid, nothing counts twice.
    again = plan(counted.status, [record("d1", -50), manual("m1", -20)])
    assert stage(again) == ("manual", 1)
    assert again.events == []


def test_zero_required_manual_runs_skips_the_stage() -> None:
    promoted = plan(None, [record("d1", -50)], required_manual_runs=0)
    assert stage(promoted) == ("scheduled", 0)
    assert promoted.status["effectiveMode"] == "execute"


def test_back_to_dry_run_starts_the_manual_count_over() -> None:
    passed = plan(None, [record("d1", -50)])
    one = plan(passed.status, [manual("m1", -20)])
    assert stage(one) == ("manual", 1)
    back = plan(one.status, [], requested_mode="dry-run")
    assert stage(back) == ("dry-run", 0)
    assert "RolloutDryRun" in [e.reason for e in back.events]
    again = plan(back.status, [])
    assert stage(again) == ("manual", 0)  # the shakedown still holds; the manual runs not


def test_a_new_fingerprint_restarts_shakedown_and_manual_stage() -> None:
    passed = plan(None, [record("d1", -50)], required_manual_runs=1)
    done = plan(passed.status, [manual("m1", -20)], required_manual_runs=1)
    assert stage(done) == ("scheduled", 1)
    changed = plan(done.status, [], required_manual_runs=1, fingerprint="fp-2")
    assert stage(changed) == ("dry-run", 0)
    assert changed.status["effectiveMode"] == "dry-run"
    # A manual run under the old fingerprint never counts for the new one.
    later = plan(changed.status, [record("d2", -10, fingerprint="fp-2"), manual("m2", -5)],
                 required_manual_runs=1, fingerprint="fp-2")  # fmt: skip
    assert stage(later) == ("manual", 0)


def test_the_waiver_waives_the_shakedown_not_the_manual_stage() -> None:
    waived = plan(None, [], waiver="INC-42 hub outage")
    assert stage(waived) == ("manual", 0)
    assert waived.status["effectiveMode"] == "dry-run"
    assert waived.run_now_mode == "execute"
    skipped = plan(None, [], waiver="INC-42 hub outage", required_manual_runs=0)
    assert stage(skipped) == ("scheduled", 0)


def test_a_worker_promoted_before_the_manual_stage_existed_stays_scheduled() -> None:
    old_status = {
        "effectiveMode": "execute",
        "shakedown": {"fingerprint": FP, "requiredCleanDryRuns": 1, "cleanDryRuns": 1,
                      "passed": True},
    }  # fmt: skip
    upgraded = plan(old_status, [])
    assert stage(upgraded) == ("scheduled", 2)
    assert upgraded.status["effectiveMode"] == "execute"
    assert "Demoted" not in [e.reason for e in upgraded.events]


def test_trigger_and_over_budget_are_read_from_the_job_and_summary() -> None:
    labelled = job("u")
    labelled["metadata"]["labels"] = {TRIGGER_LABEL: "run-now"}
    text = summary_json(brain="llm", counts={"planned": 2, "deferred": 2}, over_budget=2,
                        llm_calls=2)  # fmt: skip
    run = read_run(labelled, pod(text), now=NOW)
    assert run is not None
    assert (run.trigger, run.over_budget, run.result) == ("run-now", 2, "Succeeded")
    assert run.clean is False  # it did not look at everything
    wire = run.to_status()
    assert wire["overBudget"] == 2
    assert wire["trigger"] == "run-now"
    assert "llm call budget spent, 2 messages deferred" in run.describe()
    plain = read_run(job("v"), pod(summary_json()), now=NOW)
    assert plain is not None
    assert plain.trigger == "schedule"
    assert "overBudget" not in plain.to_status()


@pytest.mark.parametrize(
    "value",
    ["2026-12-01T17:00:00Z", "x" * 5000, "line\nbreak", "\x00\x1b[31m", "ümlaut ✓", " ",
     "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"],
)  # fmt: skip
def test_any_run_now_value_gives_a_valid_job_name_and_a_safe_record(value: str) -> None:
    name = runnow.job_name("w" * 52, "uid-1", value)
    assert len(name) <= 63
    assert name == runnow.job_name("w" * 52, "uid-1", value)  # a retry finds the same Job
    assert name != runnow.job_name("w" * 52, "uid-2", value)  # a new worker, a new Job
    assert all(c.isalnum() or c == "-" for c in name)
    assert name.islower()
    recorded = runnow.recorded_value(value)
    assert len(recorded) <= 128
    assert recorded.isprintable()
    assert "ghp_" not in recorded
    assert not runnow.is_new(value, recorded)
    assert runnow.is_new(value, None)
    assert runnow.requested_value({RUN_NOW_ANNOTATION: value}) == (value if value.strip() else None)


def test_run_now_job_is_built_from_the_template_and_owned_by_the_cronjob() -> None:
    cronjob: dict[str, Any] = {
        "metadata": {"name": "w"},
        "spec": {"jobTemplate": {
            "metadata": {"labels": {"ops-warden.dev/worker": "w"},
                         "annotations": {"ops-warden.dev/shakedown-fingerprint": FP}},
            "spec": {"backoffLimit": 0, "template": {"spec": {"containers": []}}},
        }},
    }  # fmt: skip
    body = runnow.render_job(cronjob, "cj-uid", "w-rabc", WorkerRef("w", "team-a", "ww-uid"))
    meta = body["metadata"]
    assert meta["labels"] == {"ops-warden.dev/worker": "w", TRIGGER_LABEL: "run-now"}
    assert meta["annotations"]["ops-warden.dev/shakedown-fingerprint"] == FP
    assert meta["ownerReferences"] == [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "w",
                                        "uid": "cj-uid", "controller": True}]  # fmt: skip
    assert body["spec"] == cronjob["spec"]["jobTemplate"]["spec"]
    assert runnow.busy([{"metadata": {"name": "a"}, "status": {}}]) == "a"
    done = {"type": "Complete", "status": "True"}
    assert runnow.busy([{"metadata": {"name": "a"}, "status": {"conditions": [done]}}]) is None


def test_run_now_is_recorded_once_with_an_event() -> None:
    p = plan(None, [record("d1", -50)])
    record_run_now(p, "v1", "w-r123", NOW)
    assert p.status["runNow"] == {"value": "v1", "job": "w-r123", "at": "2025-06-01T12:00:00Z"}
    assert p.events[-1].reason == "RunNowCreated"
    assert "(execute)" in p.events[-1].message
    failed = plan(None, [])
    record_run_now(failed, "v2", "", NOW, failure="refused: quota exceeded")
    assert failed.status["runNow"]["job"] == ""
    assert (failed.events[-1].type, failed.events[-1].reason) == ("Warning", "RunNowFailed")


def test_annotation_changes_kopf_does_not_see_are_caught_without_a_loop() -> None:
    """kopf drops ops-warden.dev/ annotations from its diff: the event handler reconciles
    when run-now or the waiver is ahead of the status, and only then."""
    body: dict[str, Any] = {"metadata": {"annotations": {RUN_NOW_ANNOTATION: "v1"}},
                            "status": {"shakedown": {"passed": False}}}  # fmt: skip
    assert runnow.annotations_pending(body)
    body["status"]["runNow"] = {"value": "v1", "job": "w-r1"}
    assert not runnow.annotations_pending(body)  # acted on: a status write is no new request
    body["metadata"]["annotations"]["ops-warden.dev/shakedown-waiver"] = "INC-1"
    assert runnow.annotations_pending(body)
    body["status"]["shakedown"]["waiver"] = {"reason": "INC-1"}
    assert not runnow.annotations_pending(body)
    del body["metadata"]["annotations"]["ops-warden.dev/shakedown-waiver"]
    assert runnow.annotations_pending(body)  # withdrawn


def test_the_llm_budget_reaches_the_worker_command() -> None:
    from warden.operator.render import worker_command
    from warden.operator.spec import SpecError, parse_spec

    limited = parse_spec({"schedule": "@hourly", "brain": "llm", "llm": {"maxCallsPerRun": 7}})
    command = worker_command(limited, "dry-run")
    assert command[command.index("--max-llm-calls") + 1] == "7"
    assert "--max-llm-calls" not in worker_command(parse_spec({"schedule": "@hourly"}), "execute")
    for bad in (0, -1, 100001):
        with pytest.raises(SpecError, match="maxCallsPerRun"):
            parse_spec({"schedule": "@hourly", "llm": {"maxCallsPerRun": bad}})


def test_an_over_budget_run_is_recorded_succeeded_not_clean_and_said_in_its_event() -> None:
    text = summary_json(brain="llm", counts={"planned": 1, "deferred": 3}, over_budget=3,
                        llm_calls=1)  # fmt: skip
    run = read_run(job("b"), pod(text), now=NOW)
    assert run is not None
    p = plan(None, [run], requested_mode="dry-run")
    (recorded,) = p.status["runs"]
    assert (recorded["result"], recorded["reason"], recorded["overBudget"]) == (
        "Succeeded", "Completed", 3
    )  # fmt: skip
    assert recorded["counts"]["deferred"] == 3
    assert p.status["shakedown"]["cleanDryRuns"] == 0  # it did not look at everything
    (event,) = [e for e in p.events if e.reason == "RunSucceeded"]
    assert "llm call budget spent, 3 messages deferred to the next run" in event.message
