"""The console script ends at once after a command of the fast path, losing nothing.

``entry._leave_now`` skips the interpreter's teardown; what was written (to stdout, stderr or a file),
the exit status and any ``atexit`` callback must be as with ``sys.exit``.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, run_main

_SCRIPT = ("import sys\n{before}from laos_tip.cli.entry import main\n"
           "try:\n    main()\nfinally:\n    sys.stderr.write('[teardown]')\n")


def _console(words: list[str], before: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", _SCRIPT.format(before=before), *words], capture_output=True,
                          env=clean_env(), timeout=60)


@pytest.mark.parametrize("words", [["summary", "--json"], ["get", "arrests"], ["get", "nonsense"],
                                   ["sources", "--bibtex"]], ids=" ".join)
def test_a_printing_command_ends_at_once_with_all_its_output(words: list[str]) -> None:
    ended = _console(words)
    in_process = run_main(*words)
    assert b"[teardown]" not in ended.stderr
    assert (ended.returncode, ended.stdout, ended.stderr) == (
        in_process.returncode, in_process.stdout_bytes, in_process.stderr_bytes)


def test_a_callback_registered_to_run_at_exit_still_runs() -> None:
    ended = _console(["get", "arrests"], before="import atexit\natexit.register(print, 'at exit')\n")
    assert ended.returncode == 0
    assert ended.stdout == b"95\nat exit\n"


def test_a_command_that_writes_a_file_ends_at_once_with_the_file_whole_in_place(tmp_path: Path) -> None:
    target = tmp_path / "facts.sqlite"
    ended = _console(["export", str(target), "--datasette-metadata"])
    assert ended.returncode == 0 and b"[teardown]" not in ended.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.metadata.json", "facts.sqlite"]  # no temporary
    in_process = tmp_path / "in-process"
    in_process.mkdir()
    assert run_main("export", str(in_process / "facts.sqlite"), "--datasette-metadata").returncode == 0
    def dump(path: Path) -> list[str]:  # every statement but the time of the export, which the clock moves on
        with sqlite3.connect(path) as connection:
            return [line for line in connection.iterdump() if "'exported_at'" not in line]

    assert dump(target) == dump(in_process / "facts.sqlite") and len(dump(target)) > 100
    assert (tmp_path / "facts.metadata.json").read_bytes() == (in_process / "facts.metadata.json").read_bytes()
