"""A kill at any point of an export leaves the old file or package or the new one, whole; the next export
to that place removes what a killed run left (issue 22, part 7).

Each case runs the export in a real process that kills itself with SIGKILL (no handler runs, no
``finally``) at one point of the writing, chosen by wrapping one function of the export modules
in the child; the parent then looks at what is left on disk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FACTS, clean_env, dump_yaml, run_main
from laos_tip.core import records as core_records
from laos_tip.export import atomic as export_atomic

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")

#: Runs ``laos-tip ARGS...`` after wrapping MODULE.NAME so that its CALL-th call kills the process,
#: before the call ("before") or after it returns ("after").
_KILLED = """
import importlib, os, signal, sys
module, name, call, when = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
target = importlib.import_module(module)
real = getattr(target, name)
count = [0]
def wrapped(*args, **kwargs):
    count[0] += 1
    if count[0] == call and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = real(*args, **kwargs)
    if count[0] == call and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(target, name, wrapped)
from laos_tip.cli.entry import main
main(sys.argv[5:])
"""

#: The package's files: the descriptor and one CSV per table.
FILES = sorted(["datapackage.json", *(f"{t.name}.csv" for t in core_records.TABLES)])


def killed(module: str, name: str, call: int, when: str, *args: str) -> int:
    result = subprocess.run([sys.executable, "-c", _KILLED, module, name, str(call), when, *args],
                            capture_output=True, text=True, env=clean_env(), timeout=60)
    return result.returncode


def contents(directory: Path) -> dict[str, str]:
    """A package's CSV files by name (the descriptor's creation time differs between runs)."""
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(directory.iterdir())
            if path.name != "datapackage.json"}


@pytest.fixture(scope="module")
def two_packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict[str, str]]:
    """Another fact file, and the CSVs of the package of the shipped file (old) and of that file (new)."""
    folder = tmp_path_factory.mktemp("kills")
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    data["sources"][0]["title"] += " (second edition)"
    other = folder / "other.yaml"
    other.write_text(dump_yaml(data), encoding="utf-8")
    packages = []
    for name, facts in (("old", FACTS), ("new", other)):
        result = run_main("export", str(folder / name / "datapackage.json"), "--facts", str(facts))
        assert result.returncode == 0, result.stderr
        packages.append(contents(folder / name))
    assert packages[0] != packages[1]
    return other, packages[0], packages[1]


def export_package(target: Path, facts: Path | str = FACTS) -> None:
    result = run_main("export", str(target / "datapackage.json"), "--force", "--facts", str(facts))
    assert result.returncode == 0, result.stderr


#: Points in the replacement of a package: after each file is synced (writing), before and after the swap,
#: during the removal of the old package.
POINTS = [
    *[("laos_tip.export.package", "sync", n, "after") for n in (1, len(FILES))],
    ("laos_tip.export.package", "exchange", 1, "before"),
    ("laos_tip.export.package", "exchange", 1, "after"),
    ("shutil", "rmtree", 1, "before"),
    ("laos_tip.export.package", "sync_directory", 2, "before"),
]


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS, ids=lambda p: f"{p[1]}-{p[2]}-{p[3]}")
def test_a_kill_while_a_package_is_replaced_leaves_the_old_or_the_new_one(
        tmp_path: Path, two_packages: tuple[Path, dict[str, str], dict[str, str]],
        point: tuple[str, str, int, str]) -> None:
    other, old, new = two_packages
    target = tmp_path / "pkg"
    export_package(target)
    status = killed(*point[:2], point[2], point[3], "export", str(target / "datapackage.json"), "--force",
                    "--facts", str(other))
    assert status == -signal.SIGKILL
    assert sorted(p.name for p in target.iterdir()) == FILES
    assert contents(target) in (old, new)
    json.loads((target / "datapackage.json").read_text(encoding="utf-8"))
    # The next export to that place removes whatever the killed run left beside it.
    export_package(target, other)
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"]
    assert contents(target) == new


@pytest.mark.slow
def test_without_an_exchange_a_kill_between_the_renames_is_cleaned_up_by_the_next_export(
        tmp_path: Path, two_packages: tuple[Path, dict[str, str], dict[str, str]]) -> None:
    """The documented fallback: the old package sits aside; the next export removes it and puts its own."""
    other, _, new = two_packages
    target = tmp_path / "pkg"
    export_package(target)
    script = _KILLED.replace("setattr(target, name, wrapped)",
                             "setattr(target, name, wrapped)\ntarget.exchange = lambda a, b: False")
    result = subprocess.run([sys.executable, "-c", script, "laos_tip.export.package", "_rename_aside", "1", "after",
                             "export", str(target / "datapackage.json"), "--force", "--facts", str(other)],
                            capture_output=True, text=True, env=clean_env(), timeout=60)
    assert result.returncode == -signal.SIGKILL, result.stderr
    left = sorted(p.name for p in tmp_path.iterdir())
    assert len(left) == 2 and all(name.startswith(".pkg.") for name in left), left
    export_package(target, other)
    assert [p.name for p in tmp_path.iterdir()] == ["pkg"] and contents(target) == new


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".json", ".csv", ".sqlite"])
def test_a_kill_while_a_file_is_written_leaves_the_old_file_and_the_next_export_removes_the_temporary(
        tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"facts{suffix}"
    assert run_main("export", str(target)).returncode == 0
    before = target.read_bytes()
    status = killed("laos_tip.export.atomic", "sync", 1, "before", "export", str(target), "--force")
    assert status == -signal.SIGKILL
    assert target.read_bytes() == before
    left = [p.name for p in tmp_path.iterdir() if p.name != target.name]
    assert len(left) == 1 and left[0].startswith(f".{target.name}.") and left[0].endswith(".tmp")
    assert run_main("export", str(target), "--force").returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_temporary_that_a_running_export_holds_is_not_a_leftover(tmp_path: Path) -> None:
    held: list[int] = []
    mine = export_atomic.new_temporary(tmp_path, export_atomic.temp_prefix("x.json"), ".tmp", held=held)
    dead = export_atomic.new_temporary(tmp_path, export_atomic.temp_prefix("x.json"), ".tmp")
    folder = export_atomic.new_temporary(tmp_path, export_atomic.temp_prefix("x.json"), ".old", directory=True)
    (folder / "inside.csv").write_text("a\n", encoding="utf-8")
    journal = Path(f"{tmp_path / export_atomic.temp_prefix('x.json')}0123abcd.tmp-journal")
    journal.write_text("", encoding="utf-8")
    others = [tmp_path / "x.json", tmp_path / ".x.json.notours.tmp", tmp_path / ".y.json.0123abcd.tmp"]
    for path in others:
        path.write_text("keep", encoding="utf-8")
    try:
        removed = export_atomic.remove_leftovers(tmp_path, "x.json")
        assert sorted(removed) == sorted([dead.name, folder.name, journal.name])
        assert mine.exists() and all(path.exists() for path in others)
    finally:
        export_atomic.release(held)
    assert export_atomic.remove_leftovers(tmp_path, "x.json") == [mine.name]


def test_a_package_is_swapped_in_one_step_where_the_system_can(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "mark").write_text("first", encoding="utf-8")
    if not export_atomic.exchange(first, second):
        pytest.skip("this system or file system has no renameat2(RENAME_EXCHANGE): the fallback is tested above")
    assert (second / "mark").read_text(encoding="utf-8") == "first" and not (first / "mark").exists()
    with pytest.raises(OSError):
        export_atomic.exchange(first, tmp_path / "missing")
    os.rmdir(first)
