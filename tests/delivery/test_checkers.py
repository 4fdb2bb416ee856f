"""actionlint, zizmor, hadolint and checkov find nothing unjustified in what we ship.

Each checker is also shown a known-bad input (a canary) and must report it: a checker that
stopped looking (a broken install, a config that ignores everything, a render with nothing in
it) fails here instead of passing in silence. Every accepted finding is listed with its reason
in the checker's config, and must still be needed: a suppression that no longer hides anything
fails too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.chart.conftest import render_once
from tests.delivery import checkers
from tests.delivery.checkers import Finding

pytestmark = pytest.mark.filterwarnings("ignore:read_binary is deprecated:DeprecationWarning")


def assert_clean(findings: list[Finding]) -> None:
    assert not findings, "\n".join(str(f) for f in findings)


def rules(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


# --- actionlint ------------------------------------------------------------------------------

CANARY_WORKFLOW = """\
name: canary
on: pull_request
permissions: {}
jobs:
  canary:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
      - run: ls $HOME/$DIR
"""


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    assert_clean(checkers.actionlint())


def test_actionlint_reports_a_retired_runtime_an_injection_and_a_shellcheck_warning(
    tmp_path: Path,
) -> None:
    canary = tmp_path / "canary.yaml"
    canary.write_text(CANARY_WORKFLOW)
    found = checkers.actionlint([canary], cwd=tmp_path)
    assert {"action", "expression", "shellcheck"} <= rules(found), found
    assert any("node20" in f.message for f in found)


# --- zizmor ---------------------------------------------------------------------------------


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    assert_clean(checkers.zizmor())


def test_zizmor_reports_injection_unpinned_actions_and_persisted_credentials(
    tmp_path: Path,
) -> None:
    canary = tmp_path / "canary.yaml"
    canary.write_text(CANARY_WORKFLOW)
    found = checkers.zizmor([canary], config=None, cwd=tmp_path)
    assert {"template-injection", "unpinned-uses", "artipacked"} <= rules(found), found


def test_each_zizmor_ignore_is_explained_and_still_needed() -> None:
    """Without the ignores zizmor reports exactly what the config ignores, nothing more."""
    config = yaml.safe_load(checkers.ZIZMOR_CONFIG.read_text())
    ignored = {
        (rule, entry.split(":")[0])
        for rule, settings in config["rules"].items()
        for entry in settings.get("ignore", [])
    }
    assert ignored
    unfiltered = checkers.zizmor(honour_ignores=False)
    assert {(f.rule, Path(f.where.split(":")[0]).name) for f in unfiltered} == ignored
    lines = checkers.ZIZMOR_CONFIG.read_text().splitlines()
    for number, line in enumerate(lines):
        if re.fullmatch(r"\s*- [\w.-]+\.ya?ml(:\d+)?\s*", line):
            assert lines[number - 1].strip().startswith("#"), f"no reason above {line.strip()}"


# --- hadolint -------------------------------------------------------------------------------


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    assert_clean(checkers.hadolint())


@pytest.mark.parametrize(
    ("dockerfile", "expected"),
    [
        # The heredoc the image used to build with: hadolint cannot parse it at all.
        (
            "FROM python:3.12-slim\nCOPY pyproject.toml ./\n"
            "RUN python - <<'PY' > /tmp/requirements.txt\nimport tomllib\n"
            'print("\\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]'
            '["dependencies"]))\n'
            "PY\nRUN pip install --no-cache-dir -r /tmp/requirements.txt\n",
            {"DL1000"},
        ),
        ("FROM python\nRUN pip install requests\n", {"DL3006", "DL3013", "DL3042"}),
        ("FROM quay.io/x/python:3.12\nUSER root\n", {"DL3026", "DL3002", "DL3049"}),
    ],
    ids=["heredoc", "unpinned", "registry-and-root"],
)
def test_hadolint_reports_what_it_should(
    tmp_path: Path, dockerfile: str, expected: set[str]
) -> None:
    canary = tmp_path / "Dockerfile"
    canary.write_text(dockerfile)
    found = checkers.hadolint(canary)
    assert expected <= rules(found), found


def test_hadolint_ignores_no_rule_and_fails_from_info_up() -> None:
    config = yaml.safe_load(checkers.HADOLINT_CONFIG.read_text())
    assert config["failure-threshold"] == "info"
    assert not config.get("ignored")


# --- checkov --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("rendered")
    checkers.render_delivery_manifests(directory)
    return directory


def test_the_scan_covers_the_operator_the_hub_the_workers_and_their_policies(
    rendered: Path,
) -> None:
    docs = [
        doc
        for path in sorted(rendered.glob("*.yaml"))
        for doc in yaml.safe_load_all(path.read_text())
        if doc
    ]
    kinds = {(d["kind"], d["metadata"]["name"], d["metadata"].get("namespace")) for d in docs}
    for expected in [
        ("Deployment", "ops-warden-operator", "ops-warden"),
        ("Deployment", "ops-warden-hub", "ops-warden"),
        ("CronJob", "inbox", "ops-warden"),
        ("NetworkPolicy", "ops-warden-operator", "ops-warden"),
        ("NetworkPolicy", "ops-warden-hub", "ops-warden"),
        ("NetworkPolicy", "ops-warden-worker", "ops-warden"),
        ("NetworkPolicy", "ops-warden-worker", "team-a"),
    ]:
        assert expected in kinds, expected
    for doc in docs:
        for container in _containers(doc):
            assert container["image"].endswith("@" + checkers.SAMPLE_DIGEST), container["image"]


def _containers(doc: dict[str, object]) -> list[dict[str, str]]:
    spec = doc.get("spec")
    if not isinstance(spec, dict):
        return []
    if doc["kind"] == "CronJob":
        spec = spec["jobTemplate"]["spec"]
    template = spec.get("template") if isinstance(spec, dict) else None
    if not isinstance(template, dict):
        return []
    containers: list[dict[str, str]] = template["spec"]["containers"]
    return containers


def test_checkov_finds_nothing_unjustified_in_the_rendered_chart_and_a_worker(
    rendered: Path,
) -> None:
    run = checkers.checkov(rendered)
    assert_clean(run.findings)
    assert run.resources >= 15, f"checkov saw {run.resources} resources"
    assert run.passed >= 200, f"checkov passed only {run.passed} checks"


def test_each_accepted_checkov_finding_is_explained_and_still_needed(rendered: Path) -> None:
    accepted = checkers.accepted_checkov_skips()
    assert accepted
    for check, reason in accepted.items():
        assert len(reason) >= 80, f"{check}: say why it is accepted"
        assert reason.startswith(check), f"{check}: name the check the reason is about"
    unfiltered = checkers.checkov(rendered, config=None)
    assert rules(unfiltered.findings) == set(accepted), "\n".join(
        str(f) for f in unfiltered.findings
    )


def test_checkov_reports_pods_without_policies_and_images_by_tag(tmp_path: Path) -> None:
    """The chart with its NetworkPolicies off and the image by tag: what checkov said before."""
    values = {**checkers.RELEASE_VALUES, "networkPolicy": {"enabled": False}}
    del values["image"]
    release = render_once(tmp_path / "helm", values)
    (tmp_path / "scan").mkdir()
    (tmp_path / "scan" / "chart.yaml").write_text(yaml.safe_dump_all(release.manifest))
    found = checkers.checkov(tmp_path / "scan").findings
    assert {"CKV2_K8S_6", "CKV_K8S_43", "CKV_K8S_15"} <= rules(found), found
    unprotected = {f.where for f in found if f.rule == "CKV2_K8S_6"}
    assert any("ops-warden-operator" in where for where in unprotected)
    assert any("ops-warden-hub" in where for where in unprotected)


# --- the command for people -------------------------------------------------------------------


def check_delivery(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/check-delivery", *args],
        cwd=checkers.REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=checkers.TIMEOUT_SECONDS,
        check=False,
    )


def test_check_delivery_prints_a_planted_finding_and_fails(tmp_path: Path) -> None:
    """scripts/check-delivery, the command for people, over a copy of this checkout with an
    action back on a tag and an unpinned `pip install`: it prints them and exits 1. (Over this
    checkout the tests above find nothing, which is what it prints then.)"""
    copy = tmp_path / "checkout"
    for name in (".github", ".hadolint.yaml", ".checkov.yaml", "Dockerfile"):
        source = checkers.REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        else:
            copy.mkdir(exist_ok=True)
            shutil.copy(source, copy / name)
    ci = copy / ".github" / "workflows" / "ci.yaml"
    ci.write_text(
        re.sub(
            r"actions/checkout@[0-9a-f]{40} # v[\d.]+",
            "actions/checkout@v4",
            ci.read_text(),
            count=1,
        )
    )
    dockerfile = copy / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text().replace(
            "USER 10001:10001", "RUN pip install requests\nUSER 10001:10001"
        )
    )
    planted = check_delivery("--root", str(copy))
    assert planted.returncode == 1, planted.stdout + planted.stderr
    assert "hadolint DL3013" in planted.stdout
    assert "zizmor unpinned-uses .github/workflows/ci.yaml" in planted.stdout
    assert "actionlint action" in planted.stdout
    assert re.search(r": [1-9]\d* finding\(s\)$", planted.stdout.strip()), planted.stdout
