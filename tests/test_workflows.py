"""The GitHub workflows are YAML with a known shape; they only run on GitHub, so check it here."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
EXPECTED = {"ci.yaml", "e2e.yaml", "release.yaml"}


def load(name: str) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the bare key `on` as True.
    return {("on" if key is True else key): value for key, value in raw.items()}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def test_the_three_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS.glob("*.y*ml")} == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_workflow_shape(name: str) -> None:
    workflow = load(name)
    assert isinstance(workflow.get("name"), str)
    assert workflow["on"], f"{name}: no trigger"
    assert workflow.get("permissions"), f"{name}: set least-privilege token permissions"
    assert workflow["jobs"]
    for job_id, job in workflow["jobs"].items():
        assert re.fullmatch(r"[A-Za-z_][\w-]*", job_id)
        assert str(job["runs-on"]).startswith("ubuntu-")
        assert job["steps"], f"{name}/{job_id}: no steps"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{name}/{job_id}: {step}"
            if "uses" in step:
                # Every action pinned to a version (a tag or a commit), never a branch.
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})", step["uses"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scripts_and_paths_the_workflows_use_exist(name: str) -> None:
    text = run_text(load(name))
    for script in re.findall(r"(?:bash )?(scripts/[\w.-]+)", text):
        assert (REPO_ROOT / script).is_file(), f"{name} runs missing {script}"
    for path in re.findall(r"\b((?:tests|charts)/[\w./-]+)", text):
        assert (REPO_ROOT / path.rstrip("/")).exists() or path.startswith("tests/e2e"), path


def test_ci_lints_and_tests_on_python_3_12_and_3_13() -> None:
    workflow = load("ci.yaml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"]
    assert {"3.12", "3.13"} <= set(matrix)
    text = run_text(workflow)
    for tool in ("bash scripts/setup", "bash scripts/test", "ruff check", "mypy", "lint-imports"):
        assert tool in text, tool
    assert "tests/chart" in run_text({"jobs": {"chart": workflow["jobs"]["chart"]}})


def test_e2e_builds_the_image_and_runs_the_kind_suite_on_a_current_kubernetes() -> None:
    workflow = load("e2e.yaml")
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("docker/build-push-action@") for u in uses)
    text = run_text(workflow)
    assert "kind create cluster" in text
    assert "kind load docker-image" in text
    assert "pytest -m kind tests/e2e" in text
    node = workflow["env"]["KIND_NODE_IMAGE"]
    minor = int(re.fullmatch(r"kindest/node:v1\.(\d+)\.\d+", node).group(1))  # type: ignore[union-attr]
    assert minor >= 31, f"{node} is not a current Kubernetes"


def test_release_pushes_image_and_oci_chart_on_version_tags() -> None:
    workflow = load("release.yaml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"]["packages"] == "write"
    text = run_text(workflow)
    assert "helm package charts/ops-warden" in text
    assert re.search(r"helm push \S+ \"?oci://ghcr\.io/", text)
    pushes = [s for s in steps(workflow) if s.get("uses", "").startswith("docker/build-push")]
    assert pushes
    assert pushes[0]["with"]["push"] is True
    assert "ghcr.io/" in pushes[0]["with"]["tags"]


def _expand(text: str, ref_name: str, outputs: dict[str, str], env: dict[str, str]) -> str:
    """One tag push: GitHub's ${{ }} expressions, then the shell's $VAR / ${VAR} of the
    step's env and ${GITHUB_REF_NAME#v}."""
    text = text.replace("${{ github.ref_name }}", ref_name)
    text = text.replace("${{ github.repository_owner }}", "ops-warden")
    for key, value in outputs.items():
        text = text.replace("${{ " + key + " }}", value)
    text = text.replace("${GITHUB_REF_NAME#v}", ref_name.removeprefix("v"))
    for key, value in env.items():
        text = text.replace("${" + key + "}", value).replace("$" + key, value)
    return text


def test_release_publishes_the_version_without_the_v() -> None:
    """Tag v0.1.0 → image :0.1.0, the chart's appVersion, which the chart pulls by default;
    the same version goes to the image's VERSION, the version check and the chart push."""
    workflow = load("release.yaml")
    all_steps = steps(workflow)
    ref = "v0.1.0"
    (version_step,) = [s for s in all_steps if s.get("id") == "version"]
    assert _expand(version_step["run"], ref, {}, {}) == ('echo "version=0.1.0" >> "$GITHUB_OUTPUT"')
    outputs = {"steps.version.outputs.version": "0.1.0"}

    def expanded(step: dict[str, Any], field: str) -> str:
        env = {k: _expand(str(v), ref, outputs, {}) for k, v in (step.get("env") or {}).items()}
        value = step["with"][field] if field in step.get("with", {}) else step[field]
        return _expand(str(value), ref, outputs, env)

    check = next(s for s in all_steps if "check-release-version" in s.get("run", ""))
    assert all_steps.index(version_step) < all_steps.index(check)
    assert expanded(check, "run") == 'bash scripts/check-release-version "0.1.0"'

    (push,) = [s for s in all_steps if s.get("uses", "").startswith("docker/build-push")]
    tags = expanded(push, "tags").split()
    chart = yaml.safe_load((REPO_ROOT / "charts/ops-warden/Chart.yaml").read_text())
    assert f"ghcr.io/ops-warden/ops-warden:{chart['appVersion']}" in tags
    assert all(not tag.rsplit(":", 1)[1].startswith("v") for tag in tags), tags
    assert "VERSION=0.1.0" in expanded(push, "build-args").split()

    helm = next(s for s in all_steps if "helm push" in s.get("run", ""))
    assert 'helm push "dist/ops-warden-0.1.0.tgz"' in expanded(helm, "run")
    assert "github.ref_name" not in yaml.safe_dump(workflow)  # no v-prefixed tag anywhere
