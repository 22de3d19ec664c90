"""The command line: in-process (CliRunner, or the console script's entry through run_main) and as the
installed console script (subprocess), where the process itself is what a test is about."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from laos_tip import __version__
from laos_tip.cli.app import app
from laos_tip.cli.exit_codes import ExitCode

from conftest import FACTS, ROOT, clean_env, command_example, console_script, run_cli, run_main
from laos_tip.factfile.pipeline import load
from laos_tip.cli.declaration import COMMANDS as DECLARED

COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)
LISTINGS = ["summary", "ratios", "partners"]
ANSI = re.compile(r"\x1b\[")


def test_the_core_commands_exist() -> None:
    assert set(LISTINGS) <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(invoke, command: str) -> None:  # type: ignore[no-untyped-def]
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example: laos-tip" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_shown_in_the_docs(command: str) -> None:
    """README.md is short and links to docs/; a command's example may stand in either."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    assert any(f"laos-tip {command}" in page.read_text(encoding="utf-8") for page in pages)


@pytest.mark.parametrize("command", LISTINGS)
def test_in_process_and_console_script_agree(invoke, command: str) -> None:  # type: ignore[no-untyped-def]
    in_process = invoke(command, "--json")
    assert in_process.exit_code == 0
    assert json.loads(in_process.stdout) == json.loads(run_cli(command, "--json").stdout)


def test_summary_table_shows_every_figure_with_its_unit_and_the_source() -> None:
    result = run_main("summary")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for label, value, unit in [("New trafficking cases recorded", "46", "cases"), ("Arrests", "95", "persons"),
                               ("Victims in recorded cases", "85", "persons"), ("Girls under 18", "40", "persons"),
                               ("Counselled at protection centres", "127", "persons"),
                               ("Females reunited with their families", "104", "persons"),
                               ("People at risk counselled", "962", "persons"),
                               ("Counselling occasions", "54", "occasions")]:
        line = next(line for line in out.splitlines() if label in line)
        assert re.search(rf"\b{value}\b", line) and unit in line, line
    for pillar in ("prosecution", "protection", "prevention", "partnership"):
        assert pillar in out
    assert "Source: Xinhua, 2025-01-30" in out
    assert "Laos strives to combat human trafficking" in out
    assert "http://china.org.cn/world/Off_the_Wire/2025-01/30/content_117691302.htm" in out


def test_ratios_table_rounds_for_people_and_shows_caveats() -> None:
    out = run_main("ratios").stdout
    for shown in ("2.07", "1.85", "≥ 47.1%", "1.12", "17.81", "Arrests = 95", "New trafficking cases recorded = 46"):
        assert shown in out
    assert "Lower bound: the source counts girls under 18 only" in out
    assert "not a rate; arrests are not prosecutions or convictions" in out
    assert "not a subset of the victims" in out


def test_ratios_json_carries_full_precision() -> None:
    document = json.loads(run_main("ratios", "--json").stdout)
    by_key = {r["key"]: r for r in document["ratios"]}
    assert by_key["arrests_per_case"]["value"] == 95 / 46
    assert by_key["arrests_per_case"]["numerator_value"] == 95
    assert by_key["arrests_per_case"]["denominator_value"] == 46
    assert by_key["minor_victim_share"]["value"] == 40 / 85
    assert by_key["minor_victim_share"]["bound"] == "lower"
    assert by_key["counselled_per_occasion"]["value"] == 962 / 54


def test_partners_table_and_the_unnamed_neighbour() -> None:
    out = run_main("partners").stdout
    for row in (("Vietnam", "VN", "VNM"), ("China", "CN", "CHN"), ("Thailand", "TH", "THA"), ("Cambodia", "KH", "KHM")):
        line = next(line for line in out.splitlines() if row[0] in line and row[1] in line)
        assert row[2] in line and "yes" in line
    assert "Myanmar (MM/MMR)" in out


def test_zero_denominator_shows_n_a_with_the_reason(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    for figure in facts_data["figures"]:
        if figure["metric"] == "cases":
            figure["value"], figure["quote"] = 0, "Police recorded 0 new cases."
    path = write_facts(facts_data)
    table = run_main("ratios", "--facts", str(path))
    assert table.returncode == 0, table.stderr
    line = next(line for line in table.stdout.splitlines() if line.startswith("│ Arrests per case"))
    assert "n/a" in line and "zero" in line
    document = json.loads(run_main("ratios", "--json", "--facts", str(path)).stdout)
    per_case = next(r for r in document["ratios"] if r["key"] == "arrests_per_case")
    assert per_case["value"] is None and "zero" in per_case["reason"]
    assert run_main("summary", "--facts", str(path)).returncode == 0


def test_facts_from_the_environment(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    for figure in facts_data["figures"]:
        if figure["metric"] == "arrests" and figure["value"] == 95:
            figure["value"], figure["quote"] = 96, "There were 96 arrests."
    path = write_facts(facts_data)
    from_env = json.loads(run_cli("summary", "--json", env=clean_env(LAOS_TIP_FACTS=str(path))).stdout)
    from_option = json.loads(run_main("summary", "--json", "--facts", str(path)).stdout)
    assert from_env == from_option
    arrests = next(f for f in from_env["figures"] if f["key"] == "arrests")
    assert arrests["value"] == 96
    assert from_env["facts"]["path"] == str(path)


@pytest.mark.parametrize("argv", [
    *[command_example(command) for command in DECLARED],
    [], ["--help"], ["--version"], ["nope"], ["summary", "--json"], ["keys", "--format", "csv"], ["get", "arests"],
    ["summary", "--year", "1999"], ["trend", "--help"], ["ratios", "--no-such-option"],
], ids=lambda argv: " ".join(argv) or "(no arguments)")
def test_in_process_entry_equals_the_console_script(argv: list[str], tmp_path: Path) -> None:
    """run_main, which most command tests use, gives the bytes and the exit status of the real console script
    with piped output: the example of every command in the registry, and output from typer (help, usage
    errors), the fast path's errors and the machine formats."""
    (tmp_path / "process").mkdir()
    (tmp_path / "in-process").mkdir()
    process = subprocess.run([console_script(), *argv], capture_output=True, env=clean_env(),
                             cwd=tmp_path / "process", timeout=30)
    in_process = run_main(*argv, cwd=tmp_path / "in-process")
    assert (in_process.returncode, in_process.stdout_bytes, in_process.stderr_bytes) == (
        process.returncode, process.stdout, process.stderr)
    assert sorted(p.name for p in (tmp_path / "in-process").iterdir()) == sorted(
        p.name for p in (tmp_path / "process").iterdir())


def test_version(invoke) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout == f"laos-tip {__version__}\n"
    assert invoke("--version").stdout == f"laos-tip {__version__}\n"


def test_no_colour_codes_when_piped_or_no_color() -> None:
    for command in LISTINGS:
        assert not ANSI.search(run_main(command).stdout)
        assert not ANSI.search(run_cli(command, env=clean_env(NO_COLOR="1")).stdout)  # read by the process


def test_unknown_year_is_an_error_with_the_years_that_exist() -> None:
    result = run_main("summary", "--year", "1999")
    assert result.returncode == ExitCode.ERROR
    assert result.stdout == ""
    years = ", ".join(map(str, load(str(FACTS)).periods()))
    assert years.startswith("2010, 2011, 2013, ") and years.endswith(", 2023, 2024")
    assert result.stderr.strip() == f"laos-tip: error: no figures for 1999; years with figures: {years}"


@pytest.mark.parametrize("args", [["summary", "--json", "--format", "csv"], ["ratios", "--format", "xml"],
                                  ["partners", "--year", "soon"], ["summary", "--nope"], ["nope"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run_main(*args)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "laos_tip", "partners", "--json"], capture_output=True,
                            text=True, cwd=tmp_path, env=clean_env())
    assert result.returncode == 0, result.stderr
    assert [p["alpha3"] for p in json.loads(result.stdout)["partners"]] == ["VNM", "CHN", "THA", "KHM"]
