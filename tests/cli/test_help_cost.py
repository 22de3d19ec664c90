"""Help screens and usage errors import neither rich.markdown nor rich.traceback, and look as they did.

The console script lets typer import stand-ins for the two (``cli/lighthelp.py``); a process that has
imported the real modules first gets typer's own classes. Both must print the same bytes.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import clean_env
from laos_tip.cli import lighthelp

_RUN = ("import sys\n{before}from laos_tip.cli.entry import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
        "sys.stderr.write('\\n' + repr(sorted(m for m in sys.modules if m.startswith(('markdown_it', 'rich.markdown', "
        "'rich.traceback', 'rich.pretty', 'rich.syntax')))))\n"
        "sys.exit(code)\n")


def _run(words: list[str], width: int, real_first: bool) -> tuple[int, str, str, str]:
    before = "import rich.markdown, rich.traceback\n" if real_first else ""
    done = subprocess.run([sys.executable, "-c", _RUN.format(before=before), *words], capture_output=True,
                          text=True, env=clean_env(COLUMNS=str(width)), timeout=60)
    stderr, _, modules = done.stderr.rpartition("\n")
    return done.returncode, done.stdout, stderr, modules


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("words", [["--help"], ["get", "--help"], ["get", "--bogus"], ["compare", "2023"]],
                         ids=" ".join)
def test_help_and_usage_errors_look_the_same_without_the_unused_modules(words: list[str], width: int) -> None:
    light = _run(words, width, real_first=False)
    full = _run(words, width, real_first=True)
    assert light[:3] == full[:3]
    assert light[1] + light[2]  # something was printed
    assert light[3] == "[]", light[3]
    assert "rich.markdown" in full[3]


def test_a_stand_in_makes_the_real_class_on_first_use() -> None:
    stand_in = lighthelp._stand_in("fractions", "Fraction")
    made = stand_in(3, 4)
    assert type(made).__name__ == "Fraction" and str(made) == "3/4"
    assert stand_in.from_float(0.5) == made.__class__(1, 2)
