"""docs/operator.md documents every CRD field (the tables were generated from the CRD), and the
RBAC tables of docs/operator.md and docs/install.md are what warden.operator.rbac grants."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.scenarios.operator_flow import CRD_PATH
from warden.operator import rbac

DOC = Path(__file__).resolve().parents[2] / "docs" / "operator.md"


def _paths(node: dict[str, Any], prefix: str) -> list[str]:
    found = []
    for name, child in (node.get("properties") or {}).items():
        path = f"{prefix}.{name}"
        found.append(path)
        found += _paths(child, path)
        if isinstance(child.get("items"), dict):
            found += _paths(child["items"], f"{path}[]")
    return found


def test_every_crd_field_is_in_the_docs() -> None:
    crd = yaml.safe_load(CRD_PATH.read_text())
    schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]
    text = DOC.read_text()
    fields = _paths(schema["spec"], "spec") + [
        path for path in _paths(schema["status"], "status") if not path.startswith("status.lastRun")
    ]
    missing = [path for path in fields if f"`{path}`" not in text]
    assert missing == []


# --- RBAC: the docs say what the chart grants ---------------------------------------------

INSTALL_DOC = DOC.parent / "install.md"
VERB_ORDER = ("get", "list", "watch", "create", "update", "patch", "delete")


def rbac_rows(rules: Mapping[tuple[str, str], frozenset[str]]) -> list[str]:
    """The rows of a docs RBAC table for `rules` (paste them when warden.operator.rbac
    changes on purpose)."""
    rows = []
    for (group, resource), verbs in rules.items():
        shown = f"`{group}`" if group else "`` (core)"
        ordered = ", ".join(v for v in VERB_ORDER if v in verbs)
        assert set(verbs) <= set(VERB_ORDER), verbs
        rows.append(f"| {shown} | `{resource}` | {ordered} |")
    return rows


def doc_table(text: str, name: str) -> list[str]:
    match = re.search(rf"<!-- rbac:{name} -->\n(.*?)<!-- /rbac -->", text, re.S)
    assert match, f"no <!-- rbac:{name} --> table in docs/install.md"
    lines = [line for line in match.group(1).splitlines() if line.strip()]
    assert lines[:2] == ["| API group | resource | verbs |", "|---|---|---|"]
    return lines[2:]


@pytest.mark.parametrize(
    ("name", "rules"),
    [("operator", rbac.REQUIRED), ("config", rbac.CONFIG_NAMESPACE), ("peering", rbac.PEERING)],
)
def test_install_doc_lists_exactly_what_the_chart_grants(
    name: str, rules: Mapping[tuple[str, str], frozenset[str]]
) -> None:
    assert doc_table(INSTALL_DOC.read_text(), name) == rbac_rows(rules)


def test_operator_doc_rbac_table_matches_the_grants() -> None:
    text = DOC.read_text()
    section = text[text.index("## RBAC the operator needs") : text.index("## Limitations")]
    rows = [
        "|".join(line.split("|")[:4]) + "|"
        for line in section.splitlines()
        if line.startswith("| `")
    ]
    assert rows == rbac_rows(rbac.REQUIRED)
    assert "resourceNames: the operator ConfigMap" not in section
    assert "| `apiextensions.k8s.io`" not in section


def test_no_doc_claims_verbs_the_chart_does_not_grant() -> None:
    granted = {
        resource: verbs
        for rules in (rbac.REQUIRED, rbac.CONFIG_NAMESPACE, rbac.PEERING)
        for (_group, resource), verbs in rules.items()
    }
    for doc in (DOC, INSTALL_DOC):
        for resource, verb_text in re.findall(
            r"^\| `[^|]*` \| `([a-z/]+)` \| ([a-z, ]+) \|", doc.read_text(), re.M
        ):
            claimed = {v.strip() for v in verb_text.split(",")}
            assert claimed <= granted[resource], f"{doc.name}: {resource} {claimed}"


# --- the ValidatingAdmissionPolicy example (docs/security-model.md) --------------------------

SECURITY_DOC = DOC.parent / "security-model.md"


def _policy() -> dict[str, Any]:
    text = SECURITY_DOC.read_text()
    block = re.search(r"```yaml\n(apiVersion: admissionregistration.*?)```", text, re.S)
    assert block, "no ValidatingAdmissionPolicy example in docs/security-model.md"
    policy, binding = list(yaml.safe_load_all(block.group(1)))
    assert binding["spec"]["policyName"] == policy["metadata"]["name"]
    return dict(policy)


def test_the_admission_policy_example_compiles_against_the_crd() -> None:
    from tests.k8s import cel

    crd = yaml.safe_load(CRD_PATH.read_text())
    schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    for validation in _policy()["spec"]["validations"]:
        expression = validation["expression"].replace("object.", "self.")
        assert cel.estimate(expression, schema, root=True) < cel.COST_LIMIT_PER_RULE


@pytest.mark.parametrize(
    ("spec", "admitted"),
    [
        ({"schedule": "@hourly"}, True),
        ({"schedule": "@hourly", "image": "ghcr.io/ops-warden/ops-warden@sha256:" + "a" * 64},
         True),
        ({"schedule": "@hourly", "image": "docker.io/evil/miner:latest"}, False),
        ({"schedule": "@hourly", "serviceAccountName": "cluster-admin-sa"}, False),
        ({"schedule": "@hourly", "pod": {"priorityClassName": "system-node-critical"}}, False),
    ],
)  # fmt: skip
def test_the_admission_policy_example_decides_as_documented(
    spec: dict[str, Any], admitted: bool
) -> None:
    from tests.k8s import cel

    obj = {"metadata": {"name": "w"}, "spec": spec}
    results = [
        cel.evaluate(v["expression"].replace("object.", "self."), obj)
        for v in _policy()["spec"]["validations"]
    ]
    assert all(r is True for r in results) is admitted, results


# --- docs/install.md: one install path, and a true sample of `kubectl get ww` ----------------


def test_the_sample_get_output_has_the_crds_printer_columns() -> None:
    text = INSTALL_DOC.read_text()
    match = re.search(r"<!-- sample:get-ww -->\n```\n\$ kubectl[^\n]*\n([^\n]*)\n", text)
    assert match, "no sample of `kubectl get ww` in docs/install.md"
    crd = yaml.safe_load(CRD_PATH.read_text())
    columns = crd["spec"]["versions"][0]["additionalPrinterColumns"]
    shown = ["NAME"] + [c["name"].upper() for c in columns if not c.get("priority")]
    assert re.split(r"\s{2,}", match.group(1).strip()) == shown


def test_install_upgrade_and_uninstall_use_the_published_chart_only() -> None:
    text = INSTALL_DOC.read_text()
    assert "charts/ops-warden/crds" not in text  # never a local checkout
    assert 'helm show crds "$CHART"' in text
    for line in text.splitlines():
        if line.startswith(("helm install", "helm upgrade", "helm show")):
            assert '"$CHART" --version' in line, line
    for section in ("## Uninstalling", "## Upgrading", "## Troubleshooting by condition reason"):
        assert section in text


def test_every_ready_reason_the_operator_sets_is_in_the_troubleshooting_table() -> None:
    from warden.operator import spec

    reasons = {cls.reason for cls in (spec.SpecError, spec.MissingConfig, spec.InvalidConfig,
                                      spec.ImageNotAllowed)}  # fmt: skip
    reasons |= {"InvalidCatalog", "ApplyFailed", "OwnershipConflict"}
    section = INSTALL_DOC.read_text().split("## Troubleshooting by condition reason")[1]
    for reason in reasons:
        assert f"| `{reason}` |" in section, reason


def test_every_run_reason_an_exit_code_gives_is_in_the_troubleshooting_table() -> None:
    from warden.core.models import RunSummary
    from warden.core.vocabulary import ExitCode
    from warden.operator.status import DEPENDENCY_UNAVAILABLE, UNAVAILABLE_REASONS, exit_reason

    summary = RunSummary(agent="a", mode="dry-run", brain="rule", started_at="t")
    reasons = {exit_reason(code, summary) for code in ExitCode} - {None}
    reasons |= {*UNAVAILABLE_REASONS.values(), DEPENDENCY_UNAVAILABLE}
    section = INSTALL_DOC.read_text().split("## Troubleshooting by condition reason")[1]
    for reason in reasons:
        assert f"| `{reason}` |" in section, reason
