"""The GitHub workflows are YAML with a known shape; they only run on GitHub, so check it here.

actionlint and zizmor check them too (tests/delivery); these tests hold what those checkers do
not know: our pinning policy, the release's gates, its tags, its SBOM and signatures.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
EXPECTED = {"ci.yaml", "e2e.yaml", "release.yaml"}
SHA_PIN = re.compile(
    r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+(?:\.\d+){0,2})\s*$"
)
# The first major of each action that runs on node24 (node20 leaves GitHub's runners on
# 2026-09-23); composite actions (no node runtime) are listed with 0. Raising a pin is fine,
# falling below these majors is not.
NODE24_MAJORS = {
    "actions/checkout": 5,
    "actions/setup-python": 6,
    "docker/build-push-action": 7,
    "docker/login-action": 4,
    "docker/setup-buildx-action": 4,
    "docker/setup-qemu-action": 4,
    "sigstore/cosign-installer": 0,
}


def load(name: str) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the bare key `on` as True.
    return {("on" if key is True else key): value for key, value in raw.items()}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uses_lines(name: str) -> list[str]:
    return [line for line in (WORKFLOWS / name).read_text().splitlines() if "uses:" in line]


def test_the_three_workflows_exist() -> None:
    assert {p.name for p in WORKFLOWS.glob("*.y*ml")} == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_workflow_shape(name: str) -> None:
    workflow = load(name)
    assert isinstance(workflow.get("name"), str)
    assert workflow["on"], f"{name}: no trigger"
    assert "permissions" in workflow, f"{name}: set least-privilege token permissions"
    assert workflow["jobs"]
    for job_id, job in workflow["jobs"].items():
        assert re.fullmatch(r"[A-Za-z_][\w-]*", job_id)
        if "uses" in job:  # a call of one of our own reusable workflows
            assert re.fullmatch(r"\./\.github/workflows/[\w-]+\.yaml", job["uses"])
            assert (REPO_ROOT / job["uses"]).is_file(), job["uses"]
            continue
        assert str(job["runs-on"]).startswith("ubuntu-")
        assert job.get("timeout-minutes"), f"{name}/{job_id}: bound the job's time"
        assert job["steps"], f"{name}/{job_id}: no steps"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{name}/{job_id}: {step}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment(name: str) -> None:
    for line in uses_lines(name):
        if "./.github/workflows/" in line:
            continue
        assert SHA_PIN.match(line), f"{name}: pin by SHA with '# vX.Y.Z': {line.strip()}"


def test_each_action_has_one_pin_and_runs_on_node24() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for name in sorted(EXPECTED):
        for line in uses_lines(name):
            if match := SHA_PIN.match(line):
                action, sha, version = match.groups()
                pins.setdefault(action, set()).add((sha, version))
    assert pins
    for action, found in pins.items():
        assert len(found) == 1, f"{action} is pinned differently across workflows: {found}"
        assert action in NODE24_MAJORS, f"{action}: add its first node24 major to NODE24_MAJORS"
        ((_sha, version),) = found
        major = int(version.removeprefix("v").split(".")[0])
        assert major >= NODE24_MAJORS[action], f"{action}@{version} runs on a retired runtime"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scripts_run_in_bash_with_pipefail(name: str) -> None:
    """An explicit `shell: bash` runs `bash -eo pipefail`; GitHub's implicit one, `bash -e`,
    would let a failure on the left of a pipe (`helm push | tee`) pass."""
    assert load(name).get("defaults", {}).get("run", {}).get("shell") == "bash"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_checkouts_do_not_persist_credentials(name: str) -> None:
    checkouts = [s for s in steps(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {step}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_expression_is_expanded_inside_a_script(name: str) -> None:
    """`${{ }}` in `run:` is pasted into the script before the shell sees it (a title, a branch
    name, an actor can carry shell); values reach scripts through `env:` instead."""
    for step in steps(load(name)):
        assert "${{" not in step.get("run", ""), f"{name}: {step.get('name', step['run'])}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_workflow_a_release_runs_uses_a_cache(name: str) -> None:
    """release.yaml runs all three (it calls ci and e2e): nothing a pull request wrote into a
    cache may reach a release."""
    for step in steps(load(name)):
        inputs = step.get("with", {})
        assert "cache" not in inputs, f"{name}: {step}"
        assert "cache-from" not in inputs, f"{name}: {step}"
        assert "cache-to" not in inputs, f"{name}: {step}"
        if step.get("uses", "").startswith("docker/build-push-action@"):
            assert inputs.get("no-cache") is True, f"{name}: build without the builder cache"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scripts_and_paths_the_workflows_use_exist(name: str) -> None:
    text = run_text(load(name))
    for script in re.findall(r"(?:bash )?(scripts/[\w.-]+)", text):
        assert (REPO_ROOT / script).is_file(), f"{name} runs missing {script}"
    for path in re.findall(r"\b((?:tests|charts)/[\w./-]+)", text):
        assert (REPO_ROOT / path.rstrip("/")).exists() or path.startswith("tests/e2e"), path


def test_ci_lints_tests_and_runs_the_delivery_checkers_on_python_3_12_and_3_13() -> None:
    workflow = load("ci.yaml")
    assert {"push", "pull_request", "workflow_call"} <= set(workflow["on"])
    matrix = workflow["jobs"]["test"]["strategy"]["matrix"]["python-version"]
    assert {"3.12", "3.13"} <= set(matrix)
    text = run_text(workflow)
    for tool in ("bash scripts/setup", "bash scripts/test", "ruff check", "mypy", "lint-imports"):
        assert tool in text, tool
    assert "tests/chart" in run_text({"jobs": {"chart": workflow["jobs"]["chart"]}})
    assert "pytest tests/delivery" in run_text({"jobs": {"c": workflow["jobs"]["checkers"]}})


def test_e2e_builds_the_image_and_runs_the_kind_suite_on_a_current_kubernetes() -> None:
    workflow = load("e2e.yaml")
    assert "workflow_call" in workflow["on"]
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("docker/build-push-action@") for u in uses)
    text = run_text(workflow)
    assert "kind create cluster" in text
    assert "kind load docker-image" in text
    assert "pytest -m kind tests/e2e" in text
    node = workflow["env"]["KIND_NODE_IMAGE"]
    match = re.fullmatch(r"kindest/node:v1\.(\d+)\.\d+@sha256:[0-9a-f]{64}", node)
    assert match, f"{node}: pin the node image by digest"
    assert int(match.group(1)) >= 31, f"{node} is not a current Kubernetes"


@pytest.mark.parametrize("name", ["e2e.yaml", "release.yaml"])
def test_downloaded_binaries_are_checked_against_a_pinned_sha256(name: str) -> None:
    workflow = load(name)
    env: dict[str, str] = {**workflow.get("env", {})}
    for job in workflow["jobs"].values():
        env.update(job.get("env", {}))
    text = run_text(workflow)
    downloads = re.findall(r"curl [^\n]*\"https://[^\"]+\"", text)
    assert downloads, f"{name}: no download found (the pattern is stale)"
    assert text.count("sha256sum --check") == len(downloads)
    for key, value in env.items():
        if key.endswith("_SHA256"):
            assert re.fullmatch(r"[0-9a-f]{64}", value), key


def release_steps() -> list[dict[str, Any]]:
    return list(load("release.yaml")["jobs"]["release"]["steps"])


def step_using(prefix: str) -> dict[str, Any]:
    (found,) = [s for s in release_steps() if s.get("uses", "").startswith(prefix)]
    return found


def step_running(fragment: str) -> dict[str, Any]:
    (found,) = [s for s in release_steps() if fragment in s.get("run", "")]
    return found


def test_release_runs_only_after_ci_and_e2e_pass_on_the_tagged_commit() -> None:
    workflow = load("release.yaml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert jobs["ci"]["uses"] == "./.github/workflows/ci.yaml"
    assert jobs["e2e"]["uses"] == "./.github/workflows/e2e.yaml"
    assert set(jobs["release"]["needs"]) == {"ci", "e2e"}
    assert "workflow_call" in load("ci.yaml")["on"]
    assert "workflow_call" in load("e2e.yaml")["on"]


def test_release_permissions_are_granted_per_job_and_no_wider() -> None:
    workflow = load("release.yaml")
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["ci"]["permissions"] == {"contents": "read"}
    assert jobs["e2e"]["permissions"] == {"contents": "read"}
    assert jobs["release"]["permissions"] == {
        "contents": "read",
        "packages": "write",
        "id-token": "write",
    }


def test_release_pushes_the_image_with_an_sbom_and_provenance_without_a_cache() -> None:
    push = step_using("docker/build-push-action@")
    inputs = push["with"]
    assert inputs["push"] is True
    assert inputs["sbom"] is True
    assert str(inputs["provenance"]).startswith("mode=max")
    assert inputs["no-cache"] is True
    assert set(inputs["platforms"].split(",")) == {"linux/amd64", "linux/arm64"}
    assert inputs["tags"] == "${{ steps.tags.outputs.tags }}"
    assert "spdxVersion" in step_running("imagetools inspect")["run"]


def test_release_signs_the_image_and_the_chart_keyless_by_digest() -> None:
    step_using("sigstore/cosign-installer@")
    signed = [s for s in release_steps() if "cosign sign --yes" in s.get("run", "")]
    assert len(signed) == 2
    digests = {s["env"]["DIGEST"] for s in signed}
    assert digests == {"${{ steps.build.outputs.digest }}", "${{ steps.chart.outputs.digest }}"}
    for step in signed:
        assert re.search(r'cosign sign --yes "\$\{\w+\}@\$\{DIGEST\}"', step["run"]), step["run"]
    verify = step_running("cosign verify")
    assert "token.actions.githubusercontent.com" in verify["run"]
    assert verify["env"]["IDENTITY"].endswith("/.github/workflows/release.yaml@${{ github.ref }}")
    # Keyless: no key material anywhere in the workflow.
    assert "COSIGN_PRIVATE_KEY" not in (WORKFLOWS / "release.yaml").read_text()


def test_release_publishes_a_chart_pinned_to_the_pushed_image_digest() -> None:
    chart = step_running("helm push")
    script = chart["run"]
    assert script.index("scripts/pin-chart-image") < script.index("helm package")
    assert chart["env"]["DIGEST"] == "${{ steps.build.outputs.digest }}"
    assert "helm package charts/ops-warden --destination dist" in script
    assert re.search(r"helm push \S+ \"?oci://ghcr\.io/", script)
    assert "--password-stdin" in script


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
    the same version goes to the image's VERSION, the version check, the tags and the chart."""
    all_steps = release_steps()
    ref = "v0.1.0"
    (version_step,) = [s for s in all_steps if s.get("id") == "version"]
    assert 'echo "version=0.1.0" >> "$GITHUB_OUTPUT"' in _expand(version_step["run"], ref, {}, {})
    outputs = {"steps.version.outputs.version": "0.1.0"}

    def expanded(step: dict[str, Any], field: str) -> str:
        env = {k: _expand(str(v), ref, outputs, {}) for k, v in (step.get("env") or {}).items()}
        value = step["with"][field] if field in step.get("with", {}) else step[field]
        return _expand(str(value), ref, outputs, env)

    check = step_running("check-release-version")
    assert all_steps.index(version_step) < all_steps.index(check)
    assert expanded(check, "run") == 'bash scripts/check-release-version "0.1.0"'

    tags_step = step_running("release-image-tags")
    assert 'scripts/release-image-tags "ghcr.io/ops-warden/ops-warden" "0.1.0"' in expanded(
        tags_step, "run"
    )
    chart = yaml.safe_load((REPO_ROOT / "charts/ops-warden/Chart.yaml").read_text())
    assert release_image_tags("ghcr.io/ops-warden/ops-warden", "0.1.0")[0] == (
        f"ghcr.io/ops-warden/ops-warden:{chart['appVersion']}"
    )
    push = step_using("docker/build-push-action@")
    assert "VERSION=0.1.0" in expanded(push, "build-args").split()

    helm = step_running("helm push")
    assert 'helm push "dist/ops-warden-0.1.0.tgz"' in expanded(helm, "run")
    assert "github.ref_name" not in yaml.safe_dump(load("release.yaml"))


# --- the scripts the release runs, run for real ------------------------------------------


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    bash = shutil.which("bash")
    assert bash
    return subprocess.run(
        [bash, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=30, check=False
    )


def release_image_tags(image: str, version: str) -> list[str]:
    result = run_script("scripts/release-image-tags", image, version)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize(
    ("version", "tags"),
    [
        ("0.1.0", ["img:0.1.0", "img:latest"]),
        ("1.12.3", ["img:1.12.3", "img:latest"]),
        ("0.2.0-rc.1", ["img:0.2.0-rc.1"]),
        ("1.0.0-alpha", ["img:1.0.0-alpha"]),
        ("2.0.0-beta.2", ["img:2.0.0-beta.2"]),
    ],
)
def test_latest_moves_only_for_a_final_release(version: str, tags: list[str]) -> None:
    assert release_image_tags("img", version) == tags


@pytest.mark.parametrize("version", ["v0.1.0", "0.1", "latest", "0.1.0 img:latest", ""])
def test_release_image_tags_refuses_what_is_not_a_version(version: str) -> None:
    result = run_script("scripts/release-image-tags", "img", version)
    assert result.returncode != 0
    assert result.stdout == ""


def test_pin_chart_image_sets_the_digest_the_chart_pulls(tmp_path: Path) -> None:
    chart = tmp_path / "ops-warden"
    shutil.copytree(REPO_ROOT / "charts" / "ops-warden", chart)
    digest = "sha256:" + "0123456789abcdef" * 4
    result = run_script("scripts/pin-chart-image", str(chart), digest)
    assert result.returncode == 0, result.stderr
    values = yaml.safe_load((chart / "values.yaml").read_text())
    assert values["image"]["digest"] == digest
    original = (REPO_ROOT / "charts/ops-warden/values.yaml").read_text().splitlines()
    pinned = (chart / "values.yaml").read_text().splitlines()
    assert [a for a, b in zip(original, pinned, strict=True) if a != b] == ['  digest: ""']
    # Twice is an error: the release pins a clean checkout exactly once.
    assert run_script("scripts/pin-chart-image", str(chart), digest).returncode == 2


@pytest.mark.parametrize("digest", ["sha256:abc", "latest", "sha512:" + "0" * 64, ""])
def test_pin_chart_image_refuses_what_is_not_a_sha256_digest(tmp_path: Path, digest: str) -> None:
    chart = tmp_path / "ops-warden"
    shutil.copytree(REPO_ROOT / "charts" / "ops-warden", chart)
    assert run_script("scripts/pin-chart-image", str(chart), digest).returncode != 0
    assert (chart / "values.yaml").read_text() == (
        REPO_ROOT / "charts/ops-warden/values.yaml"
    ).read_text()
