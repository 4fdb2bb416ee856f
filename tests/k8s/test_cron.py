"""The CronJob schedule oracle (robfig/cron's standard parser), and the CRD's schedule rule
against it: the rule accepts no schedule the parser refuses, except reversed ranges (which a
regex cannot see), and refuses no well-formed schedule the parser accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.k8s.cron import schedule_problem
from warden.operator.spec import SCHEDULE_PATTERN

RULE = re.compile(SCHEDULE_PATTERN)

ACCEPTED = [
    "* * * * *", "*/15 * * * *", "0 9 * * MON-FRI", "0 0 1 jan,jul *", "5,10-20/5 0-23 ? * sun",
    "59 23 31 12 6", "0 0/6 * * *", "0 0 * * Sat", "@hourly", "@daily", "@midnight", "@weekly",
    "@monthly", "@yearly", "@annually", "@every 5m", "@every 1h30m", "@every 1.5h",
]  # fmt: skip
REFUSED = {
    "0 0 L * *": "failed to parse int from L",
    "a b c d e": "failed to parse int from a",
    "* * * *": "expected exactly 5 fields, found 4",
    "* * * * * *": "expected exactly 5 fields, found 6",
    "60 * * * *": "end of range (60) above maximum (59)",
    "* 24 * * *": "end of range (24) above maximum (23)",
    "* * 0 * *": "beginning of range (0) below minimum (1)",
    "* * * 13 *": "end of range (13) above maximum (12)",
    "* * * * 7": "end of range (7) above maximum (6)",
    "* * * * 1#2": "failed to parse int from 1#2",
    "0 0 15W * *": "failed to parse int from 15W",
    "*/0 * * * *": "step of range should be a positive number",
    "5-1 * * * *": "beginning of range (5) beyond end of range (1)",
    "1-2-3 * * * *": "too many hyphens",
    "*/2/3 * * * *": "too many slashes",
    "CRON_TZ=UTC * * * * *": "cannot use TZ or CRON_TZ in schedule",
    "@reboot": "unrecognized descriptor: @reboot",
    "@every": "unrecognized descriptor",
    "@every soon": "failed to parse duration",
    "": "empty spec string",
}


@pytest.mark.parametrize("schedule", ACCEPTED)
def test_the_parser_and_the_rule_accept(schedule: str) -> None:
    assert schedule_problem(schedule) is None
    assert RULE.match(schedule)


@pytest.mark.parametrize(("schedule", "error"), REFUSED.items(), ids=list(REFUSED))
def test_the_parser_refuses_with_its_error(schedule: str, error: str) -> None:
    problem = schedule_problem(schedule)
    assert problem is not None
    assert error in problem
    if schedule != "5-1 * * * *":  # a reversed range: the apiserver refuses the CronJob
        assert not RULE.match(schedule)


_TOKENS = st.sampled_from(
    ["*", "?", "0", "1", "5", "7", "12", "13", "23", "24", "31", "32", "59", "60", "mon", "FRI",
     "jan", "Dec", "L", "W", "#", "x", "-1", ""]
)  # fmt: skip


@st.composite
def _items(draw: st.DrawFn) -> str:
    text = draw(_TOKENS)
    if draw(st.booleans()):
        text += "-" + draw(_TOKENS)
    if draw(st.booleans()):
        text += "/" + draw(st.sampled_from(["0", "1", "2", "15", "x", ""]))
    return text


_FIELD = st.lists(_items(), min_size=1, max_size=3).map(",".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(_FIELD, min_size=4, max_size=6).map(" ".join))
def test_the_rule_never_accepts_what_the_parser_refuses(schedule: str) -> None:
    problem = schedule_problem(schedule)
    accepted = bool(RULE.match(schedule))
    if accepted:
        assert problem is None or "beyond end of range" in problem, (schedule, problem)
    elif problem is None:
        # What the rule refuses and the parser takes: only shapes no one writes ("*-5").
        assert re.search(r"[*?]-", schedule), schedule


def test_the_crd_rule_the_chart_schema_and_the_spec_parser_share_the_pattern() -> None:
    import json

    from tests.chart.emulated_cluster import CHART_DIR, chart_crds

    (crd,) = [c for c in chart_crds() if c["spec"]["group"] == "ops-warden.dev"]
    schedule = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"][
        "properties"
    ]["schedule"]
    assert schedule["x-kubernetes-validations"][0]["rule"] == f"self.matches('{SCHEDULE_PATTERN}')"
    values = json.loads((CHART_DIR / "values.schema.json").read_text())
    assert values["definitions"]["workerSpec"]["properties"]["schedule"]["pattern"] == (
        SCHEDULE_PATTERN
    )
