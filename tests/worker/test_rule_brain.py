"""The rule brain on a realistic inbox, dry-run, over real HTTP to the reference hub."""

from __future__ import annotations

import pytest

from tests.support.hub import HubProcess
from tests.worker.conftest import AGENT, SeededInbox, run_worker, snapshot
from warden.core.catalog import Catalog
from warden.core.guardrails import assess
from warden.core.models import ActionKind, Message, Outcome
from warden.worker.brains.rule import RuleBrain

ROUTED = {
    "route_ssh": "ops-warden",
    "route_oidc": "flex-auth",
    "route_database": "secrets-engine",
    "route_api": "secrets-engine",
}
ESCALATED = {
    "asks_for_secret": "asks for a secret",
    "carries_secret": "carries a secret",
    "production_change": "production change",
    "issue_ssh_certificate": "issue SSH",
    "prompt_injection": "injection",
    "unclear": "",
    "catalog_change": "catalog",
}


async def test_dry_run_routes_from_catalog_and_escalates_the_rest(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    before = snapshot(hub)
    report = await run_worker(hub, catalog, mode="dry-run")

    plans = {p.message_id: p for p in report.plans}
    results = {r.message_id: r for r in report.results}
    assert len(plans) == len(seeded.ids) == 11
    for case, owner in ROUTED.items():
        plan = plans[seeded.ids[case]]
        assert not plan.escalated, (case, plan.escalation_reason)
        assert [a.kind for a in plan.actions] == [ActionKind.ROUTE_ANSWER, ActionKind.MARK_READ]
        assert plan.actions[0].target == owner
        assert owner in (plan.actions[0].body or "")
        assert results[plan.message_id].outcome == Outcome.PLANNED
    for case, why in ESCALATED.items():
        plan = plans[seeded.ids[case]]
        assert plan.escalated, case
        assert why.lower() in plan.escalation_reason.lower(), (case, plan.escalation_reason)
        assert [a.kind for a in plan.actions] == [ActionKind.ESCALATE]
        assert results[plan.message_id].outcome == Outcome.ESCALATED
    assert report.summary.counts == {"escalated": 7, "planned": 4}
    assert report.summary.guardrail_interventions == 0
    assert report.summary.ok

    # Dry-run performs no write at all: the hub's own data is unchanged.
    assert snapshot(hub) == before
    assert all(not m["read"] for m in before[0])


async def test_secret_never_appears_in_plans_or_summary(
    hub: HubProcess, seeded: SeededInbox, catalog: Catalog
) -> None:
    report = await run_worker(hub, catalog, mode="dry-run")
    dumped = report.summary.model_dump_json() + "".join(p.model_dump_json() for p in report.plans)
    assert seeded.token not in dumped
    carrier = next(p for p in report.plans if p.message_id == seeded.ids["carries_secret"])
    assert carrier.secret_findings == ["github_classic_pat"]


@pytest.mark.parametrize(
    ("subject", "body", "owner"),
    [
        ("Who owns OIDC roles?", "", "flex-auth"),
        ("question", "where do I get a MySQL user for the billing db?", "secrets-engine"),
        ("SSO", "Which team handles single sign-on for the wiki?", "flex-auth"),
        ("bastion", "how do I get SSH access to the bastion?", "ops-warden"),
    ],
)
def test_rule_brain_answers_clear_routing_questions(
    catalog: Catalog, subject: str, body: str, owner: str
) -> None:
    message = Message(id="m1", from_agent="svc", to_agent=AGENT, subject=subject, body=body)
    proposal = RuleBrain(catalog).plan(message, assess(message))
    assert [a.kind for a in proposal.actions] == ["route_answer", "mark_read"]
    assert proposal.actions[0].target == owner


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("status", "The deploy finished fine."),  # not a question
        ("Who owns the coffee machine?", ""),  # no catalog topic
        ("keys", "Who owns OIDC roles and postgres users?"),  # two owners
        ("prod", "Who can restart the production database for me?"),  # production change
        ("ssh", "Please issue an SSH certificate for bob"),  # issuance
        ("pw", "what is the password for the reporting db?"),  # asks for a secret
    ],
)
def test_rule_brain_escalates_what_it_does_not_clearly_understand(
    catalog: Catalog, subject: str, body: str
) -> None:
    message = Message(id="m1", from_agent="svc", to_agent=AGENT, subject=subject, body=body)
    proposal = RuleBrain(catalog).plan(message, assess(message))
    assert [a.kind for a in proposal.actions] == ["escalate"]


def test_messages_from_our_own_agent_are_never_answered(catalog: Catalog) -> None:
    from warden.core.guardrails import check

    message = Message(id="m1", from_agent=AGENT, to_agent=AGENT, subject="Who owns OIDC roles?")
    proposal = RuleBrain(catalog).plan(message, assess(message))
    assert [a.kind for a in proposal.actions] == ["route_answer", "mark_read"]
    plan = check(message, proposal, catalog, brain="rule", agent=AGENT)
    assert plan.escalated
    assert "own agent" in plan.escalation_reason


def test_rendered_text_drops_terminal_escapes_and_bidi_overrides() -> None:
    from warden.worker.report import safe_text

    shown = safe_text("ok\x1b[2J\u202egnp.exe\u200b done")
    assert "\x1b" not in shown
    assert "\u202e" not in shown
    assert "\u200b" not in shown
    assert shown.startswith("ok")


@pytest.mark.parametrize(
    ("subject", "body", "owner"),
    [
        ("質問です", "データベースの認証情報の窓口を教えてください。", "secrets-engine"),
        ("Petite question", "Qui contacter pour les secrets client ?", "secrets-engine"),
        ("Domanda", "Quale team ruota i token API dei servizi di produzione?", "secrets-engine"),
        ("Вопрос", "Какая команда ротирует API-токены продовых сервисов?", "secrets-engine"),
        ("Frage", "Wer ist für SSH-Zertifikate zuständig", "ops-warden"),
    ],
)
def test_questions_in_other_languages_are_routed_without_a_question_mark(
    catalog: Catalog, subject: str, body: str, owner: str
) -> None:
    message = Message(id="m1", from_agent="svc", to_agent=AGENT, subject=subject, body=body)
    proposal = RuleBrain(catalog).plan(message, assess(message))
    first = proposal.actions[0]
    assert (first.kind, first.target) == (ActionKind.ROUTE_ANSWER, owner)
