"""The command line declared once: the fast path and the typer app read every argv alike.

Both parsers are built from ``laos_tip.spec``. Hypothesis generates command lines — well-formed
ones, which the fast path must take itself, and broken ones (unknown and repeated options,
``--opt=value``, ``--``, odd paths, bad years, missing values, extra arguments) — and each runs
in-process through ``cli_entry.main`` and through the typer app alone; stdout, stderr and the exit
status must be the same bytes.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laos_tip.cli.app import app

from conftest import FACTS, clean_env, run_main
from laos_tip.cli import argv as cli_argv
from laos_tip.cli import declaration as cli_declaration
from laos_tip.cli import entry as cli_entry

#: Fact files with awkward names, copied into the working directory of the test.
ODD_NAMES = ["facts.yaml", "with space.yaml", "ünï cödé.yaml", "-dash.yaml"]
PATHS = ["./facts.yaml", "facts.yaml", "with space.yaml", "./ünï cödé.yaml", "-dash.yaml", "./-dash.yaml",
         "missing.yaml", "no such dir/x.yaml", ".", "broken.yaml", "unreadable.yaml"]
YEARS = ["2024", "2023", "2021", "1999", "02024"]
BAD_YEARS = ["2_024", "+2024", " 2024", "٢٠٢٤", "5" * 5000, "-1", "20.24", "soon", ""]
KEYS = ["arrests", "cases", "victims", "arrests_per_case", "minor_victim_share", "partner_nations", "arests"]
WORDS = ["table", "json", "csv", "tsv", "markdown", "value", "xml", "-", "--", "-h", "--help", "--nope", "-x",
         "-y2024", "-y=2024", "--json=1", "-dy", "bash"]


@pytest.fixture(scope="module")
def odd_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A working directory holding the shipped fact file under odd names, a broken and an unreadable one."""
    folder = tmp_path_factory.mktemp("argv")
    for name in ODD_NAMES:
        shutil.copy(FACTS, folder / name)
    (folder / "broken.yaml").write_text("figures: [\n", encoding="utf-8")
    unreadable = folder / "unreadable.yaml"
    shutil.copy(FACTS, unreadable)
    unreadable.chmod(0)
    yield folder
    unreadable.chmod(0o644)


def captured(call: Callable[[], object]) -> tuple[int, str, str]:
    """Run ``call`` with stdout and stderr captured; its exit status and both texts."""
    saved = sys.stdout, sys.stderr
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    code: object = 0
    try:
        call()
    except SystemExit as leaving:
        code = leaving.code
    finally:
        sys.stdout, sys.stderr = saved
    return int(code or 0), out.getvalue(), err.getvalue()


def through_both(argv: list[str], env_facts: str | None, folder: Path) -> tuple[tuple[int, str, str], ...]:
    """(cli_entry.main, typer app) on ``argv``, in ``folder``, with LAOS_TIP_FACTS set to ``env_facts``."""
    before = os.getcwd()
    os.chdir(folder)
    if env_facts is not None:
        os.environ[cli_declaration.ENV_FACTS] = env_facts
    try:
        fast_side = captured(lambda: cli_entry.main(argv))
        typer_side = captured(lambda: app(args=argv, prog_name="laos-tip"))
    finally:
        os.environ.pop(cli_declaration.ENV_FACTS, None)
        os.chdir(before)
    return fast_side, typer_side


def value_text(param: cli_declaration.Param) -> st.SearchStrategy[str]:
    """Texts that read as a value of ``param``."""
    if param.kind == "year":
        return st.sampled_from(YEARS)
    if param.kind in cli_declaration.ENUMS:
        return st.sampled_from([member.value for member in cli_declaration.ENUMS[param.kind]])
    if param.kind == "path":
        return st.sampled_from(PATHS)
    if param.name == "metric":
        return st.sampled_from(["arrests", "victims", "cases", "nope"])
    if param.name == "fields":  # known, unknown and malformed lists of fields
        return st.sampled_from(["key,value", "value", "key, label", "period", "vlaue", "key,,value"])
    return st.sampled_from(KEYS)


#: The commands that write files: generated lines leave them out (tests/export and tests/cli/test_chart_command.py
#: test them).
WRITERS = ("export", "chart")


@st.composite
def well_formed(draw: st.DrawFn) -> list[str]:
    """A command line in normal form for a command the fast path serves: each option at most once."""
    command = draw(st.sampled_from([c for c in cli_declaration.COMMANDS if c.name not in WRITERS]))
    positional: list[str] = []
    for param in command.arguments:
        count = draw(st.integers(1, 3)) if param.many else 1 if param.required else draw(st.integers(0, 1))
        positional += [draw(value_text(param).filter(lambda t: not t.startswith("-"))) for _ in range(count)]
    options: list[list[str]] = []
    for param in command.options:
        if not draw(st.booleans()):
            continue
        flag = draw(st.sampled_from(param.flags))
        if param.kind == "flag":
            options.append([flag])
        elif flag.startswith("--") and draw(st.booleans()):
            options.append([f"{flag}={draw(value_text(param))}"])
        else:
            options.append([flag, draw(value_text(param))])
    # Options come before, between or after the arguments, as Click allows; arguments keep their order.
    groups = [[text] for text in positional]
    for group in draw(st.permutations(options)):
        groups.insert(draw(st.integers(0, len(groups))), group)
    return [command.name, *(token for group in groups for token in group)]


ANY_TOKEN = st.one_of(
    st.sampled_from(sorted({flag for c in cli_declaration.COMMANDS for p in c.options for flag in p.flags})),
    st.sampled_from(PATHS + YEARS + BAD_YEARS + KEYS + WORDS),
    st.builds(lambda f, v: f"{f}={v}", st.sampled_from(["--facts", "--year", "--format", "--json", "--nope"]),
              st.sampled_from(PATHS + YEARS + BAD_YEARS + ["json", "tsv", ""])),
    st.text(max_size=8),
)


@st.composite
def any_argv(draw: st.DrawFn) -> list[str]:
    """Anything: a well-formed line with tokens inserted, dropped or repeated, or tokens at random."""
    if draw(st.booleans()):
        argv = draw(well_formed())
        for _ in range(draw(st.integers(0, 3))):
            action = draw(st.sampled_from(["insert", "drop", "repeat"]))
            if action == "insert":
                argv.insert(draw(st.integers(1, len(argv))), draw(ANY_TOKEN))
            elif len(argv) > 1:
                index = draw(st.integers(1, len(argv) - 1))
                if action == "drop":
                    del argv[index]
                else:
                    argv.insert(index, argv[index])
        return argv
    command = draw(st.sampled_from([c.name for c in cli_declaration.COMMANDS if c.name not in WRITERS]
                                   + ["nope", "--version"]))
    return [command, *draw(st.lists(ANY_TOKEN, max_size=6))]


ENV = st.sampled_from([None, None, "", "./facts.yaml", "with space.yaml", "missing.yaml"])
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(SETTINGS, max_examples=120)
@given(argv=well_formed(), env_facts=ENV)
def test_well_formed_lines_run_on_the_fast_path_and_print_what_typer_prints(
        odd_dir: Path, argv: list[str], env_facts: str | None) -> None:
    assert cli_argv.parse(argv) is not None, argv
    fast_side, typer_side = through_both(argv, env_facts, odd_dir)
    assert fast_side == typer_side, argv


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(SETTINGS, max_examples=200)
@given(argv=any_argv(), env_facts=ENV)
def test_any_line_prints_the_same_through_both_paths(odd_dir: Path, argv: list[str], env_facts: str | None) -> None:
    fast_side, typer_side = through_both(argv, env_facts, odd_dir)
    assert fast_side == typer_side, argv


@pytest.mark.parametrize("argv", [
    ["summary", "--json", "--facts", "./facts.yaml"], ["check", "./facts.yaml"], ["check", "--json", "unreadable.yaml"],
    ["summary", "--facts", "unreadable.yaml"], ["get", "arrests", "cases", "victims"], ["get", "--facts=-dash.yaml", "cases"],
    ["trend", "arrests", "--json"], ["compare", "2023", "2024", "--json"], ["get", "arrests", "--year", "2_024"],
])
def test_the_installed_script_prints_what_the_typer_app_prints(odd_dir: Path, runner, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    script = subprocess.run([str(Path(sys.executable).parent / "laos-tip"), *argv], capture_output=True, text=True,
                            env=clean_env(), cwd=odd_dir)
    before = os.getcwd()
    os.chdir(odd_dir)
    try:
        typer_side = runner.invoke(app, argv)
    finally:
        os.chdir(before)
    assert (script.returncode, script.stdout, script.stderr) == (typer_side.exit_code, typer_side.stdout,
                                                                   typer_side.stderr)


def test_facts_are_named_as_typed_and_an_unreadable_file_still_gets_a_json_verdict(odd_dir: Path) -> None:
    shown = run_main("summary", "--json", "--facts", "./facts.yaml", cwd=odd_dir)
    assert '"path": "./facts.yaml"' in shown.stdout
    if os.geteuid() != 0:  # root reads any file
        verdict = run_main("check", "--json", "unreadable.yaml", cwd=odd_dir)
        assert verdict.returncode == 1
        assert '"valid": false' in verdict.stdout


def test_every_command_is_declared_once_and_reaches_typer() -> None:
    import typer.main

    group = typer.main.get_command(app)
    assert sorted(group.commands) == sorted(c.name for c in cli_declaration.COMMANDS)  # type: ignore[attr-defined]
    for command in cli_declaration.COMMANDS:
        declared = {tuple(p.flags) for p in command.options}
        built = {tuple(o for o in p.opts) for p in group.commands[command.name].params  # type: ignore[attr-defined]
                 if p.param_type_name == "option" and p.name != "help"}
        assert built == declared, command.name


def test_sources_takes_every_listing_format_and_the_citation_formats() -> None:
    """commands.sources turns a SourcesFormat into a Format by value: the two lists must not drift apart."""
    assert [m.value for m in cli_declaration.SourcesFormat] == [
        *(m.value for m in cli_declaration.Format), "csl-json", "bibtex", "biblatex", "ris"]
    assert [m.value for m in cli_declaration.CiteFormat] == ["plain", "csl-json", "bibtex", "biblatex", "ris"]
