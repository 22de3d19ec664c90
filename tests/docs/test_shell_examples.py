"""The shell examples of the export pages (```sh blocks: commands without their output) are run, each line.

``$ `` examples with their output are replayed by tests/test_readme.py; a ```sh block shows commands whose
output is not the point (a validator's report, a server). Each line runs here, in order, in one temporary
directory: ``laos-tip`` lines must succeed, ``frictionless validate`` must find the package valid, and a
``datasette`` line must name files the lines above wrote (tests/export/test_datasette_serve.py serves them
with that very line). A line of any other program, or a code block of another language, fails: an example no
test runs goes stale.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_main

pytestmark = pytest.mark.slow  # frictionless's command line takes a few seconds
PAGES = ("export.md", "data-package.md", "json-contract.md")
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def shell_lines(page: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    blocks = _BLOCK.findall(text)
    assert not [lang for lang, _ in blocks if lang not in ("", "sh", "console", "text")], page
    return [line for lang, body in blocks if lang == "sh" for line in body.splitlines() if line.strip()]


@pytest.mark.parametrize("page", PAGES)
def test_every_shell_line_runs(page: str, tmp_path: Path) -> None:
    for line in shell_lines(page):
        words = shlex.split(line)
        if words[0] == "laos-tip":
            result = run_main(*words[1:], cwd=tmp_path)
            assert result.returncode == 0, (line, result.stderr)
        elif words[:2] == ["frictionless", "validate"]:
            done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), *words[1:]], cwd=tmp_path,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0 and "INVALID" not in done.stdout, (line, done.stdout, done.stderr)
        elif words[0] == "datasette":
            named = [w for w in words[1:] if not w.startswith("-")]
            assert named and all((tmp_path / w).is_file() for w in named), line
        else:
            pytest.fail(f"docs/{page}: no test runs this example: {line}")
