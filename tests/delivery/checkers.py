"""The four checkers platform and security teams run on a repository like this one, run over
what each of them checks, with their findings as data:

- actionlint (with shellcheck on every `run:` script) over .github/workflows,
- zizmor (offline, pedantic persona, .github/zizmor.yml) over .github/workflows,
- hadolint (.hadolint.yaml) over the Dockerfile,
- checkov (.checkov.yaml) over the chart rendered by Helm and the CronJob the operator renders
  for a worker.

They live in .venv-checkers (scripts/setup installs them from requirements/checkers.txt).
`python -m tests.delivery.checkers` (scripts/check-delivery) prints every finding and exits 1
when there is one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECKERS_BIN = Path(os.environ.get("WARDEN_CHECKERS_BIN", REPO_ROOT / ".venv-checkers" / "bin"))
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
ZIZMOR_CONFIG = REPO_ROOT / ".github" / "zizmor.yml"
HADOLINT_CONFIG = REPO_ROOT / ".hadolint.yaml"
CHECKOV_CONFIG = REPO_ROOT / ".checkov.yaml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
TIMEOUT_SECONDS = 300

# What the release publishes: the chart pinned to the image digest (scripts/pin-chart-image),
# the reference hub on, workers in two namespaces, the State Hub and llm-connect wired into the
# worker NetworkPolicy. The digest is a sample: the real one is known only once the image is built.
SAMPLE_DIGEST = "sha256:" + "5" * 64
RELEASE_VALUES: dict[str, Any] = {
    "image": {"digest": SAMPLE_DIGEST},
    "operator": {"watchNamespaces": ["ops-warden", "team-a"]},
    "hub": {"reference": {"enabled": True, "tokenSecretRef": {"name": "hub-token"}}},
    "config": {"llmConnectUrl": "http://llm-connect.llm.svc:8080"},
    "networkPolicy": {
        "worker": {
            "llmConnect": {
                "to": [
                    {
                        "namespaceSelector": {
                            "matchLabels": {"kubernetes.io/metadata.name": "llm"}
                        },
                        "podSelector": {"matchLabels": {"app": "llm-connect"}},
                    }
                ],
                "ports": [{"port": 8080, "protocol": "TCP"}],
            }
        }
    },
    "workers": [
        {"name": "inbox", "spec": {"schedule": "*/15 * * * *"}},
        {"name": "nightly", "namespace": "team-a", "spec": {"schedule": "@daily", "brain": "llm"}},
    ],
}


class CheckerError(Exception):
    """A checker could not run (missing, crashed, unreadable output): not a finding."""


@dataclass(frozen=True)
class Finding:
    checker: str
    rule: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.checker} {self.rule} {self.where}: {self.message}"


def tool(name: str) -> Path:
    path = CHECKERS_BIN / name
    if not os.access(path, os.X_OK):
        raise CheckerError(f"{name} is not installed in {CHECKERS_BIN}: run scripts/setup")
    return path


def _run(args: Sequence[str | Path], cwd: Path, ok: set[int]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        # actionlint runs the shellcheck of the same virtualenv.
        "PATH": f"{CHECKERS_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        # checkov: no call home for guideline mappings, no colours in the output.
        "BC_SKIP_MAPPING": "TRUE",
        "NO_COLOR": "1",
        "ANSI_COLORS_DISABLED": "1",
    }
    try:
        result = subprocess.run(
            [str(a) for a in args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckerError(f"{Path(args[0]).name} timed out after {TIMEOUT_SECONDS} s") from exc
    if result.returncode not in ok:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise CheckerError(f"{Path(args[0]).name} exited {result.returncode}: {detail}")
    return result


def _json(text: str, checker: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CheckerError(f"{checker}: output is not JSON: {text[:200]!r}") from exc


def actionlint(files: Sequence[Path] | None = None, cwd: Path = REPO_ROOT) -> list[Finding]:
    """actionlint exits 0 (clean) or 1 (findings); anything else is a failure to run."""
    files = sorted(files or WORKFLOWS.glob("*.y*ml"))
    result = _run(
        [tool("actionlint"), "-no-color", "-format", "{{json .}}", *files], cwd=cwd, ok={0, 1}
    )
    errors = _json(result.stdout or "[]", "actionlint")
    return [
        Finding("actionlint", e["kind"], f"{e['filepath']}:{e['line']}", e["message"])
        for e in errors
    ]


def zizmor(
    paths: Sequence[Path] | None = None,
    *,
    config: Path | None = ZIZMOR_CONFIG,
    cwd: Path = REPO_ROOT,
    honour_ignores: bool = True,
) -> list[Finding]:
    """Offline (no GitHub API), pedantic persona. zizmor exits 0 when clean, 10-14 by the worst
    severity it found, other codes on errors."""
    args: list[str | Path] = [tool("zizmor"), "--offline", "--persona", "pedantic"]
    args += ["--format", "json", "--no-progress"]
    args += ["--config", config] if config else ["--no-config"]
    args += [] if honour_ignores else ["--no-ignores"]
    result = _run([*args, *(paths or [WORKFLOWS])], cwd=cwd, ok={0, 10, 11, 12, 13, 14})
    findings = []
    for item in _json(result.stdout or "[]", "zizmor"):
        if item.get("ignored"):
            continue
        where = "?"
        for location in item.get("locations", []):
            if location["symbolic"].get("kind") == "Primary":
                key = location["symbolic"]["key"].get("Local", {})
                path = Path(key.get("verbatim_path", key.get("given_path", "?")))
                if path.is_absolute() and path.is_relative_to(cwd):
                    path = path.relative_to(cwd)
                row = location["concrete"]["location"]["start_point"]["row"] + 1
                where = f"{path}:{row}"
                break
        findings.append(Finding("zizmor", item["ident"], where, item["desc"]))
    return findings


def hadolint(dockerfile: Path = DOCKERFILE, config: Path = HADOLINT_CONFIG) -> list[Finding]:
    """hadolint exits 1 when a finding reaches the configured failure threshold; a Dockerfile it
    cannot parse is finding DL1000."""
    result = _run(
        [tool("hadolint"), "--config", config, "--format", "json", "--no-color", dockerfile],
        cwd=REPO_ROOT,
        ok={0, 1},
    )
    return [
        Finding("hadolint", f["code"], f"{Path(f['file']).name}:{f['line']}", f["message"])
        for f in _json(result.stdout or "[]", "hadolint")
    ]


@dataclass(frozen=True)
class CheckovRun:
    findings: list[Finding]
    passed: int
    resources: int


def checkov(directory: Path, config: Path | None = CHECKOV_CONFIG) -> CheckovRun:
    """checkov over the Kubernetes manifests in `directory`; exits 0 clean, 1 with findings.
    With config=None every check runs (no skips): what the skips hide."""
    args: list[str | Path] = [tool("checkov"), "--directory", directory, "--output", "json"]
    args += ["--config-file", config] if config else ["--framework", "kubernetes"]
    args += ["--skip-download"]
    result = _run(args, cwd=directory, ok={0, 1})
    report = _json(result.stdout, "checkov")
    reports = report if isinstance(report, list) else [report]
    findings: list[Finding] = []
    passed = resources = 0
    for part in reports:
        if part.get("check_type") != "kubernetes":
            raise CheckerError(f"checkov ran {part.get('check_type')!r}, not kubernetes")
        summary = part["summary"]
        if summary.get("parsing_errors"):
            raise CheckerError(f"checkov could not parse {summary['parsing_errors']} file(s)")
        passed += summary["passed"]
        resources += summary["resource_count"]
        for check in part["results"]["failed_checks"]:
            findings.append(
                Finding("checkov", check["check_id"], check["resource"], check["check_name"])
            )
    return CheckovRun(findings, passed, resources)


def accepted_checkov_skips(config: Path = CHECKOV_CONFIG) -> dict[str, str]:
    """Each skipped check of .checkov.yaml with the comment above it (its reason)."""
    lines = config.read_text().splitlines()
    skips: dict[str, str] = {}
    for number, line in enumerate(lines):
        match = re.fullmatch(r"\s*-\s*(CKV2?_[A-Z0-9_]+)\s*", line)
        if not match:
            continue
        reason: list[str] = []
        above = number - 1
        while above >= 0 and lines[above].strip().startswith("#"):
            reason.insert(0, lines[above].strip().lstrip("#").strip())
            above -= 1
        skips[match.group(1)] = " ".join(reason)
    listed = yaml.safe_load(config.read_text()).get("skip-check", [])
    if set(listed) != set(skips):
        raise CheckerError(f"{config.name}: skip-check entries must be one id a line: {listed}")
    return skips


# --- what checkov reads: the chart as Helm renders it, and a worker CronJob --------------


def render_delivery_manifests(directory: Path) -> list[Path]:
    """Write the release's chart render and a worker CronJob into `directory`, one file each."""
    from tests.chart.conftest import render_once
    from warden.operator.config import OperatorConfig
    from warden.operator.render import WorkerRef, render_cronjob
    from warden.operator.spec import WardenWorkerSpec

    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        release = render_once(Path(work), RELEASE_VALUES)
    chart = directory / "chart.yaml"
    chart.write_text(yaml.safe_dump_all(release.manifest, sort_keys=False))
    config = release.one("ConfigMap", "ops-warden-operator")["data"]
    cronjob = render_cronjob(
        WorkerRef(name="inbox", namespace="ops-warden", uid="0d8e3c1a-0000-4000-8000-000000000001"),
        WardenWorkerSpec.model_validate(
            {
                "schedule": "*/15 * * * *",
                "serviceAccountName": "ops-warden-worker",
                "hub": {"tokenSecretRef": {"name": "hub-token", "key": "token"}},
            }
        ),
        # The operator's config as it reads the chart's ConfigMap: the worker has no resources
        # of its own, so checkov's request and limit checks hold the chart's workerDefaults.
        OperatorConfig().with_configmap(config),
        "execute",
    )
    worker = directory / "worker-cronjob.yaml"
    worker.write_text(yaml.safe_dump(cronjob, sort_keys=False))
    return [chart, worker]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/check-delivery", description="Run the delivery checkers; exit 1 on a finding."
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPO_ROOT,
        help="a checkout whose workflows, Dockerfile and checker configs to check "
        "(default: this one); checkov always scans this checkout's chart",
    )
    root = parser.parse_args(argv).root.resolve()
    findings: list[Finding] = []
    workflows = sorted((root / ".github" / "workflows").glob("*.y*ml"))
    findings += actionlint(workflows, cwd=root)
    findings += zizmor(
        [root / ".github" / "workflows"], config=root / ".github" / "zizmor.yml", cwd=root
    )
    findings += hadolint(root / "Dockerfile", config=root / ".hadolint.yaml")
    with tempfile.TemporaryDirectory() as rendered:
        render_delivery_manifests(Path(rendered))
        run = checkov(Path(rendered), config=root / ".checkov.yaml")
    findings += run.findings
    for finding in findings:
        print(finding)
    print(
        f"actionlint, zizmor, hadolint, checkov ({run.passed} checks passed on "
        f"{run.resources} resources): {len(findings)} finding(s)"
    )
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
