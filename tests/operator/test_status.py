"""Unit tests of the pure status logic: conditions, reading runs, the history, the gate."""

from __future__ import annotations

import json
import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from warden.core.models import RunSummary
from warden.core.vocabulary import FINGERPRINT_ANNOTATION
from warden.operator.status import (
    Problem,
    RunRecord,
    WorkerStatus,
    advance_shakedown,
    effective_mode,
    merge_runs,
    plan_invalid_status,
    plan_status,
    read_run,
    read_runs,
    run_event,
    set_condition,
    waiver_reason,
)

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)
FP = "fp-1"


def iso(delta: float = 0) -> str:
    return (NOW + timedelta(seconds=delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def summary_json(**fields: Any) -> str:
    data: dict[str, Any] = {
        "agent": "ops-warden", "mode": "dry-run", "brain": "rule", "started_at": iso(-60),
        "duration_seconds": 2.5, "messages_seen": 4, "counts": {"planned": 4},
        "completed": True,
    }  # fmt: skip
    data.update(fields)
    return RunSummary.model_validate(data).to_compact_json()


def job(uid: str, *, ok: bool = True, reason: str = "BackoffLimitExceeded", at: float = -60,
        fingerprint: str = FP) -> dict[str, Any]:  # fmt: skip
    condition: dict[str, Any] = {"type": "Complete" if ok else "Failed", "status": "True",
                                 "lastTransitionTime": iso(at)}  # fmt: skip
    if not ok:
        condition["reason"] = reason
    status: dict[str, Any] = {"startTime": iso(at - 10), "conditions": [condition]}
    if ok:
        status["completionTime"] = iso(at)
    return {
        "metadata": {"name": f"job-{uid}", "uid": uid,
                     "annotations": {FINGERPRINT_ANNOTATION: fingerprint}},
        "status": status,
    }  # fmt: skip


def pod(message: str | None = None, *, exit_code: int = 0, reason: str = "Completed",
        waiting: str | None = None) -> dict[str, Any]:  # fmt: skip
    terminated: dict[str, Any] = {"exitCode": exit_code, "reason": reason}
    if message is not None:
        terminated["message"] = message
    state = {"waiting": {"reason": waiting}} if waiting else {"terminated": terminated}
    return {"metadata": {"name": "p"},
            "status": {"containerStatuses": [{"name": "worker", "state": state}]}}  # fmt: skip


def fake_github_token() -> str:
    return "ghp_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(36))


# --- conditions -------------------------------------------------------------------------


def test_condition_keeps_transition_time_while_status_unchanged() -> None:
    first = set_condition([], "Ready", "True", "Reconciled", "ok", generation=1, now=NOW)
    later = NOW + timedelta(hours=1)
    same = set_condition(first, "Ready", "True", "Reconciled", "still ok", generation=2, now=later)
    assert same[0].last_transition_time == first[0].last_transition_time == iso()
    assert same[0].observed_generation == 2
    assert same[0].message == "still ok"
    flipped = set_condition(same, "Ready", "False", "InvalidSpec", "bad", generation=3, now=later)
    assert flipped[0].last_transition_time != first[0].last_transition_time
    assert [c.type for c in flipped] == ["Ready"]


# --- reading a run ----------------------------------------------------------------------


def test_clean_dry_run_is_read_from_the_termination_message() -> None:
    run = read_run(job("u1"), pod(summary_json()), now=NOW)
    assert run is not None
    assert run.result == "Succeeded"
    assert run.reason == "Completed"
    assert run.summary == "Valid"
    assert run.clean
    assert run.fingerprint == FP
    assert run.messages_seen == 4
    assert run.counts == {"planned": 4}
    assert run.error_count == 0


def test_running_job_is_not_a_run_yet() -> None:
    running = {"metadata": {"name": "j", "uid": "u"}, "status": {"active": 1}}
    assert read_run(running, None, now=NOW) is None


def test_finished_job_waits_briefly_for_its_pod() -> None:
    assert read_run(job("u", at=-5), None, now=NOW) is None
    late = read_run(job("u", at=-120), None, now=NOW)
    assert late is not None
    assert late.summary == "Missing"


@pytest.mark.parametrize(
    ("summary_fields", "clean"),
    [
        ({}, True),
        ({"guardrail_interventions": 1}, False),
        ({"errors": ["x"]}, False),
        ({"completed": False}, False),
        # Either mode: a clean execute run counts for the manual stage (status.rollout).
        ({"mode": "execute", "counts": {"executed": 1}}, True),
        # An empty inbox tested nothing: it does not count for the shakedown.
        ({"messages_seen": 0, "counts": {}}, False),
        ({"messages_seen": 1, "counts": {"planned": 1}}, True),
        # A dependency was unavailable: nothing was tested, whatever the exit code said.
        ({"counts": {"planned": 3, "deferred": 1}}, False),
        ({"counts": {"planned": 4}, "unavailable": ["llm-connect"]}, False),
    ],
)
def test_only_completed_error_free_unguarded_dry_runs_are_clean(
    summary_fields: dict[str, Any], clean: bool
) -> None:
    run = read_run(job("u"), pod(summary_json(**summary_fields)), now=NOW)
    assert run is not None
    assert run.clean is clean


def test_truncated_summary_is_still_read() -> None:
    big = RunSummary.model_validate(
        {"agent": "a", "mode": "dry-run", "brain": "rule", "started_at": iso(),
         "errors": ["e" * 900] * 10}
    ).to_compact_json()  # fmt: skip
    assert len(big.encode()) <= 4096
    assert RunSummary.model_validate_json(big).errors_truncated
    run = read_run(job("u", ok=False), pod(big, exit_code=1, reason="Error"), now=NOW)
    assert run is not None
    assert run.summary == "Valid"
    assert run.reason == "ActionsFailed"


def test_summary_with_a_secret_is_never_copied() -> None:
    token = fake_github_token()
    message = summary_json(errors=[f"reply failed: token is {token}"])
    run = read_run(job("u"), pod(message), now=NOW)
    assert run is not None
    assert run.summary == "Rejected"
    assert not run.clean
    assert run.messages_seen is None
    assert token not in json.dumps(run.to_status())
    assert token not in run.describe()


def test_error_texts_and_unknown_count_keys_are_not_copied() -> None:
    body = "please reset the staging database for project falcon"
    message = summary_json(errors=[f"failed on message: {body}"], counts={"planned": 1, body: 2})
    run = read_run(job("u"), pod(message), now=NOW)
    assert run is not None
    assert run.summary == "Valid"
    assert run.error_count == 1
    dumped = json.dumps(run.to_status())
    assert body not in dumped
    assert "falcon" not in dumped
    assert run.counts == {"planned": 1}


@pytest.mark.parametrize("agent", ["worker-20261201", "svc-4f9a2b", "bench-outage-llm-100"])
def test_a_summary_naming_the_workers_own_agent_is_read(agent: str) -> None:
    """The worker's agent (from the spec) is public: a generated-looking one does not make the
    summary a secret, or no run of that worker would ever count for the shakedown."""
    message = summary_json(agent=agent)
    run = read_run(job("u"), pod(message), now=NOW, agent=agent)
    assert run is not None
    assert (run.summary, run.clean, run.agent) == ("Valid", True, agent)
    stranger = read_run(job("u"), pod(message), now=NOW, agent="ops-warden")
    assert stranger is not None
    assert stranger.summary == "Rejected"  # a name the spec did not give stays suspect


def test_the_recorded_counts_add_up_to_the_messages_seen() -> None:
    counts = {"executed": 2, "escalated": 1, "deferred": 1, "handed_off": 3}
    message = summary_json(mode="execute", messages_seen=7, counts=counts)
    run = read_run(job("u"), pod(message), now=NOW)
    assert run is not None
    assert run.counts == counts
    assert sum(run.counts.values()) == run.messages_seen


@pytest.mark.parametrize("message", ["not json at all", "[1, 2]", '{"agent": "x"}'])
def test_invalid_summaries_record_only_safe_fields(message: str) -> None:
    run = read_run(job("u"), pod(message), now=NOW)
    assert run is not None
    assert run.summary == "Invalid"
    assert run.mode is None


@pytest.mark.parametrize(
    ("job_reason", "pod_", "expected"),
    [
        ("BackoffLimitExceeded", pod(exit_code=137, reason="OOMKilled"), "OOMKilled"),
        ("DeadlineExceeded", pod(exit_code=137, reason="Error"), "DeadlineExceeded"),
        ("DeadlineExceeded", pod(waiting="ImagePullBackOff"), "ImagePullBackOff"),
        ("BackoffLimitExceeded", pod(waiting="ErrImagePull"), "ErrImagePull"),
        ("BackoffLimitExceeded", pod(exit_code=2, reason="Error"), "ConfigError"),
        # exit 3 (a dependency unavailable) without a readable summary
        ("BackoffLimitExceeded", pod(exit_code=3, reason="Error"), "DependencyUnavailable"),
        ("BackoffLimitExceeded", pod(exit_code=4, reason="Error"), "BackoffLimitExceeded"),
    ],
)
def test_failure_reasons(job_reason: str, pod_: dict[str, Any], expected: str) -> None:
    run = read_run(job("u", ok=False, reason=job_reason), pod_, now=NOW)
    assert run is not None
    assert run.result == "Failed"
    assert run.reason == expected


# --- history and gate -------------------------------------------------------------------


def record(uid: str, at: float, clean: bool = True, fingerprint: str = FP,
           mode: str = "dry-run", trigger: str = "schedule") -> RunRecord:  # fmt: skip
    return RunRecord.model_validate({
        "jobName": f"job-{uid}", "jobUid": uid, "finishedAt": iso(at), "result": "Succeeded",
        "reason": "Completed", "clean": clean, "fingerprint": fingerprint, "summary": "Valid",
        "mode": mode, "trigger": trigger,
    })  # fmt: skip


def test_history_is_keyed_by_uid_bounded_and_newest_first() -> None:
    runs, added, recorded = merge_runs([], [record("a", 1), record("b", 2), record("c", 3)], 2)
    assert [r.job_uid for r in runs] == ["c", "b"]
    assert len(added) == 3
    again, added_again, recorded_again = merge_runs(
        runs, [record("a", 1), record("b", 2), record("c", 3)], 2, recorded
    )
    assert again == runs
    assert added_again == []
    assert recorded_again == recorded
    assert set(recorded) == {"a", "b", "c"}


def test_shakedown_counts_clean_runs_and_restarts_on_fingerprint_change() -> None:
    state = advance_shakedown(None, fingerprint=FP, required=2,
                              new_runs=[record("a", 1), record("b", 2, clean=False)],
                              waiver_reason=None, now=NOW)  # fmt: skip
    assert state.clean_dry_runs == 1
    assert not state.passed
    state = advance_shakedown(state, fingerprint=FP, required=2, new_runs=[record("c", 3)],
                              waiver_reason=None, now=NOW)  # fmt: skip
    assert state.passed
    assert effective_mode("execute", state) == "execute"
    assert effective_mode("dry-run", state) == "dry-run"
    old_fp = record("d", 4, fingerprint="old")
    state = advance_shakedown(state, fingerprint="fp-2", required=2, new_runs=[old_fp],
                              waiver_reason=None, now=NOW)  # fmt: skip
    assert state.clean_dry_runs == 0
    assert effective_mode("execute", state) == "dry-run"


def test_waiver_is_recorded_and_redacted() -> None:
    token = fake_github_token()
    assert (
        waiver_reason({"ops-warden.dev/shakedown-waiver": "  "}, "ops-warden.dev/shakedown-waiver")
        is None
    )
    state = advance_shakedown(None, fingerprint=FP, required=5, new_runs=[],
                              waiver_reason=f"INC-1 {token}", now=NOW)  # fmt: skip
    assert effective_mode("execute", state) == "execute"
    assert state.waiver is not None
    assert token not in state.waiver.reason
    assert "INC-1" in state.waiver.reason


def test_plan_holds_execute_then_promotes_with_events() -> None:
    common: dict[str, Any] = dict(generation=1, requested_mode="execute",
                                  required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
                                  cronjob_name="w", waiver=None)  # fmt: skip
    held = plan_status(None, runs=[], now=NOW, **common)
    assert held.status["effectiveMode"] == "dry-run"
    assert [e.reason for e in held.events] == ["ExecuteHeld"]
    again = plan_status(held.status, runs=[], now=NOW, **common)
    assert again.events == []  # no Event spam while nothing changes
    promoted = plan_status(held.status, runs=[record("a", -1)], now=NOW, **common)
    assert promoted.status["effectiveMode"] == "execute"
    # No manual stage asked for (required_manual_runs 0): straight to scheduled execute.
    assert {e.reason for e in promoted.events} == {"RunSucceeded", "Promoted", "RolloutScheduled"}
    assert promoted.status["runCounts"] == {"total": 1, "succeeded": 1, "failed": 0}
    assert promoted.status["lastRun"]["jobUid"] == "a"
    conditions = {c["type"]: c for c in promoted.status["conditions"]}
    assert conditions["ExecuteAllowed"]["reason"] == "ShakedownPassed"
    assert conditions["LastRunSucceeded"]["status"] == "True"


def test_invalid_status_posts_one_event_per_new_problem() -> None:
    plan = plan_invalid_status(None, generation=2, reason="InvalidSpec", message="spec.mode: bad",
                               now=NOW)  # fmt: skip
    assert plan.status["conditions"][0]["status"] == "False"
    assert [e.reason for e in plan.events] == ["InvalidSpec"]
    again = plan_invalid_status(plan.status, generation=2, reason="InvalidSpec",
                                message="spec.mode: bad", now=NOW)  # fmt: skip
    assert again.events == []


def test_an_empty_inbox_run_does_not_promote() -> None:
    common: dict[str, Any] = dict(generation=1, requested_mode="execute",
                                  required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
                                  cronjob_name="w", waiver=None)  # fmt: skip
    empty = read_run(job("e"), pod(summary_json(messages_seen=0, counts={})), now=NOW)
    assert empty is not None
    assert empty.result == "Succeeded"
    plan = plan_status(None, runs=[empty], now=NOW, **common)
    assert plan.status["shakedown"]["cleanDryRuns"] == 0
    assert plan.status["effectiveMode"] == "dry-run"
    assert plan.status["runs"][0]["clean"] is False


def test_a_problem_makes_ready_false_with_one_event() -> None:
    common: dict[str, Any] = dict(generation=1, requested_mode="dry-run",
                                  required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
                                  cronjob_name="w", waiver=None, runs=[], now=NOW)  # fmt: skip
    ok = plan_status(None, **common)
    problem = Problem("InvalidCatalog", "catalog.yaml of ConfigMap x/y: routes: too short")
    broken = plan_status(ok.status, problem=problem, **common)
    ready = {c["type"]: c for c in broken.status["conditions"]}["Ready"]
    assert (ready["status"], ready["reason"]) == ("False", "InvalidCatalog")
    assert ready["message"] == problem.message
    assert [(e.type, e.reason) for e in broken.events] == [("Warning", "InvalidCatalog")]
    assert broken.status["effectiveMode"] == "dry-run"  # the rest is planned as usual
    assert plan_status(broken.status, problem=problem, **common).events == []
    fixed = plan_status(broken.status, **common)
    assert {c["type"]: c for c in fixed.status["conditions"]}["Ready"]["status"] == "True"


# --- strict summaries (issue 11) ----------------------------------------------------------


def raw_summary(**fields: Any) -> str:
    """A summary as JSON text, bypassing the model (what a broken or hostile writer sends)."""
    data: dict[str, Any] = {
        "version": 1, "agent": "ops-warden", "mode": "dry-run", "brain": "rule",
        "started_at": iso(-60), "duration_seconds": 2.5, "messages_seen": 4,
        "counts": {"planned": 4}, "completed": True,
    }  # fmt: skip
    data.update(fields)
    return json.dumps(data)


@pytest.mark.parametrize(
    "text",
    [
        raw_summary(messages_seen="5"),
        raw_summary(messages_seen=True),
        raw_summary(messages_seen=-1),
        raw_summary(version=True),
        raw_summary(guardrail_interventions=-3),
        raw_summary(counts={"planned": -1}),
        raw_summary(counts={"planned": "4"}),
        # 2**63 is secret-shaped to the detector (Rejected): the bound is checked below
        raw_summary(llm_calls=10**19),
        raw_summary(completed="yes"),
        raw_summary().replace('"duration_seconds": 2.5', '"duration_seconds": NaN'),
        raw_summary().replace('"duration_seconds": 2.5', '"duration_seconds": Infinity'),
        raw_summary().replace('"duration_seconds": 2.5', '"duration_seconds": 1e400'),
        raw_summary(phase_seconds={"plan": -1.0}),
        raw_summary(unavailable=["the-hub"]),
        raw_summary(unavailable=["state-hub", "state-hub"]),
        raw_summary(unavailable="state-hub"),
        raw_summary(counts={"deferred": -2}),
    ],
    ids=["count-as-string", "count-as-bool", "negative-count", "version-bool",
         "negative-interventions", "negative-outcome", "outcome-as-string", "beyond-int64",
         "completed-as-string", "nan", "infinity", "overflow", "negative-phase",
         "unknown-dependency", "dependency-twice", "unavailable-as-string",
         "negative-deferred"],
)  # fmt: skip
def test_a_summary_that_is_not_strictly_a_summary_is_invalid_and_never_clean(text: str) -> None:
    run = read_run(job("u"), pod(text), now=NOW)
    assert run is not None
    assert run.summary == "Invalid"
    assert run.clean is False
    assert run.messages_seen is None
    json.dumps(run.to_status(), allow_nan=False)  # standard JSON, whatever the message held


def test_counts_are_bounded_by_int64() -> None:
    """The bound itself, on the model: an API server stores int64, nothing beyond."""
    assert RunSummary.parse(raw_summary(llm_calls=2**63 - 1)).llm_calls == 2**63 - 1
    with pytest.raises(ValueError, match="llm_calls"):
        RunSummary.parse(raw_summary(llm_calls=2**63))


def test_messages_seen_true_is_not_a_clean_dry_run() -> None:
    """`true` once counted as one message seen, and made an empty run promote execute."""
    common: dict[str, Any] = dict(generation=1, requested_mode="execute",
                                  required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
                                  cronjob_name="w", waiver=None)  # fmt: skip
    run = read_run(job("t"), pod(raw_summary(messages_seen=True)), now=NOW)
    assert run is not None
    plan = plan_status(None, runs=[run], now=NOW, **common)
    assert plan.status["effectiveMode"] == "dry-run"
    assert plan.status["shakedown"]["cleanDryRuns"] == 0


def test_one_unreadable_job_never_keeps_the_others_from_the_status() -> None:
    broken = job("b")
    broken["status"]["conditions"] = "Complete"  # not a list of conditions
    good = job("g")
    runs = read_runs([(broken, pod(summary_json())), (good, pod(summary_json()))], now=NOW)
    assert [r.job_uid for r in runs] == ["g"]


def test_a_pod_index_still_filling_after_a_restart_is_waited_for() -> None:
    """A Job that finished long ago, read just after the operator started: its Pod may not be
    in kopf's index yet, so the run waits rather than being recorded without its summary."""
    old = job("o", at=-3600)
    assert read_run(old, None, now=NOW, not_before=NOW - timedelta(seconds=5)) is None
    late = read_run(old, None, now=NOW, not_before=NOW - timedelta(seconds=60))
    assert late is not None
    assert late.summary == "Missing"


def test_a_previous_status_that_does_not_parse_loses_only_its_bad_parts() -> None:
    previous = {
        "runs": [{"jobName": "a", "jobUid": "a", "finishedAt": iso(), "result": "Succeeded",
                  "reason": "Completed"}, {"jobName": 1}],
        "runCounts": {"total": "many"},
        "recordedJobUids": ["a"],
        "effectiveMode": "execute",
    }  # fmt: skip
    status = WorkerStatus.read(previous)
    assert [r.job_uid for r in status.runs] == ["a"]
    assert status.run_counts.total == 0
    assert status.effective_mode == "execute"


def test_null_fields_of_the_api_are_absent_ones() -> None:
    """The API (and kopf's index views) send null for unset fields, e.g. lastState."""
    with_nulls = pod(summary_json())
    with_nulls["status"]["containerStatuses"][0]["lastState"] = None
    with_nulls["metadata"]["creationTimestamp"] = None
    finished = job("n")
    finished["status"]["active"] = None
    run = read_run(finished, with_nulls, now=NOW)
    assert run is not None
    assert run.summary == "Valid"


# --- dependencies unavailable (exit 3) ----------------------------------------------------


def outage_summary(dependency: str, **fields: Any) -> str:
    data: dict[str, Any] = {
        "counts": {"deferred": 3, "planned": 1}, "unavailable": [dependency],
        "errors": [f"{dependency} unavailable: answered 503; 3 message(s) deferred"],
    }  # fmt: skip
    return summary_json(**(data | fields))


@pytest.mark.parametrize(
    ("unavailable", "reason"),
    [
        (["state-hub"], "HubUnavailable"),
        (["llm-connect"], "LlmUnavailable"),
        (["llm-connect", "state-hub"], "HubUnavailable"),  # without the hub the run stopped
    ],
)
def test_an_unavailable_dependency_is_named_in_the_run_reason(
    unavailable: list[str], reason: str
) -> None:
    message = outage_summary(unavailable[0], unavailable=unavailable, mode="execute")
    run = read_run(job("u", ok=False), pod(message, exit_code=3, reason="Error"), now=NOW)
    assert run is not None
    assert (run.result, run.reason, run.exit_code) == ("Failed", reason, 3)
    assert run.unavailable == unavailable
    assert run.counts == {"deferred": 3, "planned": 1}
    assert not run.clean
    assert run.to_status()["unavailable"] == unavailable
    assert "3 messages deferred to the next run" in run.describe()


@pytest.mark.parametrize(
    ("dependency", "reason"), [("state-hub", "HubUnavailable"), ("llm-connect", "LlmUnavailable")]
)
def test_an_outage_run_fails_last_run_succeeded_with_a_warning_and_never_counts(
    dependency: str, reason: str
) -> None:
    common: dict[str, Any] = dict(generation=1, requested_mode="execute",
                                  required_clean_dry_runs=1, history_limit=10, fingerprint=FP,
                                  cronjob_name="w", waiver=None)  # fmt: skip
    outage = read_run(
        job("o", ok=False), pod(outage_summary(dependency), exit_code=3, reason="Error"), now=NOW
    )
    # Even a run that exited 0 with an outage in its summary (an older or broken worker)
    # is not a clean dry-run.
    odd = read_run(job("z", at=-30), pod(outage_summary(dependency)), now=NOW)
    assert outage is not None
    assert odd is not None
    plan = plan_status(None, runs=[outage, odd], now=NOW, **common)
    assert plan.status["shakedown"]["cleanDryRuns"] == 0
    assert plan.status["effectiveMode"] == "dry-run"
    plan = plan_status(None, runs=[outage], now=NOW, **common)
    last = {c["type"]: c for c in plan.status["conditions"]}["LastRunSucceeded"]
    assert (last["status"], last["reason"]) == ("False", reason)
    warnings = [e for e in plan.events if e.type == "Warning"]
    assert [(e.reason, e.message) for e in warnings] == [(reason, outage.describe())]
    assert dependency in warnings[0].message
    assert plan.status["runCounts"] == {"total": 1, "succeeded": 0, "failed": 1}


def test_other_failures_keep_the_run_failed_event() -> None:
    failed = read_run(job("f", ok=False), pod(summary_json(errors=["x"]), exit_code=1), now=NOW)
    assert failed is not None
    assert run_event(failed).reason == "RunFailed"
    assert run_event(failed).type == "Warning"
