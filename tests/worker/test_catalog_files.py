"""No catalog file, however broken, makes the worker print a traceback: whatever is at the
catalog path - bad bytes, no permission, a directory, a FIFO, a device, a loop, a huge or
absurdly nested file - `warden worker run` exits 2 with one line naming the catalog."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warden.core.catalog import MAX_CATALOG_BYTES, load_catalog, parse_catalog
from warden.core.errors import CatalogError

GOOD = (Path(__file__).resolve().parents[2] / "src/warden/data/catalog.yaml").read_text()
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2  # linux/prctl.h, capability.h


def worker_with_catalog(
    path: Path, *, without_root_overrides: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARDEN_", "LLM_"))}
    env["WARDEN_CATALOG"] = str(path)
    return subprocess.run(
        [sys.executable, "-m", "warden", "worker", "run", "--once", "--hub-url", "http://h"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,  # a FIFO must not block the worker
        check=False,
        preexec_fn=_drop_file_overrides if without_root_overrides else None,
    )


def _drop_file_overrides() -> None:
    """In the child: give up root's powers to ignore file permissions (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH leave the bounding set, so the exec'd worker never has them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            os._exit(99)


def assert_catalog_line(result: subprocess.CompletedProcess[str], path: Path, needle: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"warden: error: catalog {path}: "), lines[0]
    assert needle in lines[0], lines[0]


def _write(content: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "catalog.yaml"
        path.write_bytes(content)
        return path

    return make


def _directory(tmp: Path) -> Path:
    path = tmp / "catalog.d"
    path.mkdir()
    return path


def _fifo(tmp: Path) -> Path:
    path = tmp / "catalog.fifo"
    os.mkfifo(path)
    return path


def _loop(tmp: Path) -> Path:
    path = tmp / "catalog.yaml"
    path.symlink_to(tmp / "catalog.yaml")
    return path


def _huge(tmp: Path) -> Path:
    path = tmp / "catalog.yaml"
    with path.open("wb") as handle:
        handle.write(GOOD.encode())
        handle.write(b"#" * MAX_CATALOG_BYTES)
    return path


BROKEN: dict[str, tuple[Callable[[Path], Path], str]] = {
    "latin-1 bytes": (_write(GOOD.encode() + "# café\n".encode("latin-1")),
                      "not UTF-8 text (byte 0xe9"),
    "utf-16": (_write(GOOD.encode("utf-16")), "not UTF-8 text"),
    "binary junk": (_write(bytes(range(256)) * 4), "not UTF-8 text"),
    "nul bytes": (_write(b"version: 1\x00\x00\n"), "not valid YAML"),
    "control characters": (_write(b"version: 1\nagents: {a: \x07}\n"), "not valid YAML"),
    "empty file": (_write(b""), "expected a mapping"),
    "a directory": (_directory, "is a directory"),
    "a fifo": (_fifo, "not a regular file"),
    "a symlink loop": (_loop, "cannot read"),
    "missing": (lambda tmp: tmp / "nope.yaml", "No such file"),
    "larger than 1 MiB": (_huge, "larger than"),
    "nested too deeply": (_write(b"[" * 200_000), "nested too deeply"),
    "an impossible date": (_write(b"version: 2001-02-30\n"), "not valid YAML"),
    "a bad explicit tag": (_write(b"version: !!int abc\n"), "not valid YAML"),
    "a python tag": (_write(b"version: !!python/name:os.system\n"), "not valid YAML"),
    "unhashable key": (_write(b"? [1]\n: 2\n"), "not valid YAML"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_unreadable_or_broken_catalog_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    make, needle = BROKEN[case]
    path = make(tmp_path)
    assert_catalog_line(worker_with_catalog(path), path, needle)


def test_devices_are_not_read(tmp_path: Path) -> None:
    path = Path("/dev/zero")  # an endless file: reading it would never finish
    assert_catalog_line(worker_with_catalog(path), path, "not a regular file")


def test_a_catalog_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(GOOD)
    path.chmod(0o000)
    # Root reads anything: then the worker runs without the capabilities that allow it.
    result = worker_with_catalog(path, without_root_overrides=os.geteuid() == 0)
    if result.returncode == 99:
        pytest.skip("cannot drop CAP_DAC_OVERRIDE here (no CAP_SETPCAP)")
    assert_catalog_line(result, path, "Permission denied")


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_catalog(path).routes


def problem(load: Callable[[], object]) -> str | None:
    """The one line a catalog load failed with, None when it loaded; anything but a
    CatalogError propagates and fails the test."""
    try:
        load()
    except CatalogError as exc:
        return str(exc)
    return None


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@FUZZ
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_a_catalog_or_one_catalog_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(content)
    line = problem(lambda: load_catalog(path))
    assert line is None or ("\n" not in line and line.startswith(f"catalog {path}: ")), line


YAML_PIECES = ["version: ", "agents:", "routes:", "- ", "  ", "\n", "{", "}", "[", "]", ": ",
               "&a ", "*a ", "!!str ", "!!int ", "!!timestamp ", "2001-02-30", "? ", "1", "x",
               "'", '"', "#", "|", ">", "~", "null", "-1e999", "0x", "keywords: [k]"]  # fmt: skip


@FUZZ
@given(pieces=st.lists(st.sampled_from(YAML_PIECES), max_size=40))
def test_yaml_shaped_text_gives_a_catalog_or_one_catalog_error(pieces: list[str]) -> None:
    line = problem(lambda: parse_catalog("".join(pieces), "catalog x"))
    assert line is None or ("\n" not in line and line.startswith("catalog x: ")), line
