"""The console script ends at once after a command that wrote only to stdout and stderr, losing nothing.

``entry._leave_now`` skips the interpreter's teardown; what was written, the exit status and any
``atexit`` callback must be as with ``sys.exit``, and commands that write files end as usual.
"""

from __future__ import annotations

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


def test_a_command_that_writes_a_file_ends_as_usual(tmp_path: Path) -> None:
    ended = _console(["export", str(tmp_path / "facts.json")])
    assert ended.returncode == 0 and b"[teardown]" in ended.stderr
    assert (tmp_path / "facts.json").stat().st_size > 0
