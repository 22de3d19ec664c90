"""``laos-tip check``: every problem of a fact file in one run, with lines, paths and exit codes."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, clean_env, figure_path, line_of, run_cli, run_main, shipped_text
from laos_tip.factfile.report import check_file
from laos_tip.core.errors import FactFileError
from laos_tip.factfile.pipeline import load
from laos_tip.views import text as views_text

SHIPPED = load(str(FACTS))
SHIPPED_COUNTS_BY_LIST = {
    name: len(getattr(SHIPPED, name))
    for name in ("sources", "metrics", "figures", "statements", "partners", "neighbours", "tiers")
}
SHIPPED_COUNTS = ", ".join(
    f"{count} {name[:-1] if count == 1 else name}" for name, count in SHIPPED_COUNTS_BY_LIST.items()
)
# Conflicts between sources are findings, printed after the ok line; they leave the status 0.
SHIPPED_FINDINGS = "".join(
    f"finding: sources disagree: {views_text.contradiction_note(headline)}\n" for headline in SHIPPED.conflicts()
)
SHIPPED_OK = f"ok: {FACTS}: {SHIPPED_COUNTS}\n" + SHIPPED_FINDINGS
# Without a path, the shipped file is named as the package holds it, never by a local path.
SHIPPED_OK_BY_NAME = f"ok: laos_tip/facts.yaml: {SHIPPED_COUNTS}\n" + SHIPPED_FINDINGS
# Figures appended to the shipped file (before 'statements:') get the indices after the shipped ones.
FIRST_NEW_FIGURE = len(SHIPPED.figures)
# The first metric declared as a part of victims: the one whose part_of the unknown-whole rule breaks.
PART_OF_VICTIMS = next(i for i, metric in enumerate(SHIPPED.metrics) if metric.part_of == "victims")
PROBLEM_KEYS = {"path", "line", "column", "code", "message"}


# One file, six kinds of mistake: each must be reported, with its line and field path, in one run.
# A figure with a mistake of its own is left out of the cross-figure checks, so the second claim
# targets a figure the other mistakes leave intact (victims 2024).
NEW_FIGURES = """\
  - metric: victims
    period: 2024
    value: 86
    source: xinhua-2025-01-30
    quote: Laos recorded 86 victims of human trafficking in 2024.
statements:
"""
SAME_CASES_AGAIN = """\
  - metric: cases
    period: 2024
    value: 46
    source: xinhua-2025-01-30
    quote: Laos recorded 46 new human trafficking cases in 2024.
statements:
"""
MISTAKES = (
    ("    value: 46\n", "    value: 46\n    colour: red\n"),  # unknown field in cases 2024
    ("    value: 95\n", '    value: "95"\n'),  # wrong type in arrests 2024
    ("    value: 127\n    source: xinhua-2025-01-30", "    value: 127\n    source: xinhua-2025-01-31"),  # bad reference
    ("    value: 104\n", "    value: 105\n"),  # quote without its number, females_reunited 2024
    ("    value: 40\n", "    value: 90\n    as_written: '40'\n"),  # girls under 18 > victims (girls_under_18 2024)
    ("    value: 54\n", "    value: 54\n    period: 2024\n"),  # duplicate key in counselling_occasions 2024
    ("statements:\n", NEW_FIGURES),  # first new figure: a second, different value for victims
)
EXPECTED = (
    # code, path, fragment of the message, text whose line the problem stands on
    ("unknown-field", f"{figure_path('cases', 2024)}.colour", "unknown field 'colour'", "    colour: red"),
    ("wrong-type", f"{figure_path('arrests', 2024)}.value", "expected a whole number of zero or more, found text '95'", '    value: "95"'),
    ("part-exceeds-whole", f"{figure_path('girls_under_18', 2024)}.value",
     "female_victims (at least 90, from girls_under_18) (breakdown 'sex') is larger than victims (85)", "    value: 90"),
    ("as-written-mismatch", f"{figure_path('girls_under_18', 2024)}.as_written", "'40' does not read as the value 90", "    as_written: '40'"),
    ("unknown-reference", f"{figure_path('counselled_at_centres', 2024)}.source", "did you mean 'xinhua-2025-01-30'?", "    source: xinhua-2025-01-31"),
    ("quote-mismatch", f"{figure_path('females_reunited', 2024)}.quote", "does not contain the number '105'", None),
    ("duplicate-key", f"{figure_path('counselling_occasions', 2024)}.period", "duplicate key 'period' (first at line", "    period: 2024\n    source"),
    ("duplicate-claim", f"figures[{FIRST_NEW_FIGURE}]", "already gives victims for 2024 at line",
     "  - metric: victims\n    period: 2024\n    value: 86"),
)


@pytest.fixture
def several_mistakes(write_facts: Callable[..., Path]) -> tuple[Path, str]:
    text = shipped_text(*MISTAKES)
    return write_facts(text, "mistakes.yaml"), text


def test_shipped_file_passes_through_the_console_script() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == SHIPPED_OK_BY_NAME
    assert result.stderr == ""


def test_shipped_file_passes_in_process(invoke: Callable[..., Any]) -> None:
    result = invoke("check", str(FACTS))
    assert result.exit_code == 0, result.output
    assert result.stdout == SHIPPED_OK


def test_check_json_of_shipped_file() -> None:
    result = run_main("check", "--json", str(FACTS))
    assert result.returncode == 0
    document = json.loads(result.stdout)
    assert document == {
        "output_version": 2,
        "command": "check",
        "facts": {"path": str(FACTS), "sha256": hashlib.sha256(FACTS.read_bytes()).hexdigest()},
        "valid": True,
        "counts": SHIPPED_COUNTS_BY_LIST,
        "problems": [],
        "findings": document["findings"],
    }
    conflicts = {(f["key"], f["period"]): (f["value"], [(c["source"], c["value"]) for c in f["contradicted_by"]])
                 for f in document["findings"]}
    assert conflicts == {("cases", 2024): (46, [("lawalawfirm-2024", 96)]),
                         ("arrests", 2024): (95, [("lawalawfirm-2024", 119), ("rfa-2025-01-28", 122)]),
                         ("foreign_arrested", 2024): (43, [("lawalawfirm-2024", 81)]),
                         ("girls_under_18", 2024): (40, [("lawalawfirm-2024", 12)]),
                         # January-May 2017, two reports of the same police figures (kept apart, still a finding).
                         ("cases", 2017): (13, [("laotiantimes-2017-06-19", 16)])}
    assert all(f["code"] == "source-conflict" and f["message"] for f in document["findings"])


def test_conflicts_between_sources_are_findings_not_problems() -> None:
    result = run_main("check")
    assert result.returncode == 0 and result.stderr == ""
    findings = [line for line in result.stdout.splitlines() if line.startswith("finding: ")]
    assert len(findings) == 5
    assert "lawalawfirm-2024 gives 96. Shown: 46" in findings[0]
    assert "lawalawfirm-2024 gives 119; rfa-2025-01-28 gives 122. Shown: 95" in findings[1]
    assert "lawalawfirm-2024 gives 81. Shown: 43" in findings[2]


def test_every_mistake_reported_in_one_run(several_mistakes: tuple[Path, str]) -> None:
    path, text = several_mistakes
    result = run_main("check", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(EXPECTED), result.stdout
    for line, (_, field, fragment, anchor) in zip(lines, EXPECTED, strict=True):
        match = re.match(rf"^{re.escape(str(path))}:(\d+):(\d+): {re.escape(field)}: (.*)$", line)
        assert match, f"{line!r} is not 'file:line:col: {field}: message'"
        assert fragment in match.group(3)
        if anchor is not None:
            assert int(match.group(1)) == line_of(text, anchor), line
    assert result.stderr == f"laos-tip: error: {path} is not a valid fact file ({len(EXPECTED)} problems)\n"


def test_every_mistake_in_json(several_mistakes: tuple[Path, str], invoke: Callable[..., Any]) -> None:
    path, text = several_mistakes
    result = invoke("check", "--json", str(path))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["command"] == "check"
    assert document["valid"] is False
    assert document["counts"] is None
    assert document["facts"] == {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    problems = document["problems"]
    assert all(set(problem) == PROBLEM_KEYS for problem in problems)
    assert [(p["code"], p["path"]) for p in problems] == [(code, field) for code, field, _, _ in EXPECTED]
    assert all(isinstance(p["line"], int) and isinstance(p["column"], int) for p in problems)
    assert "Traceback" not in result.stderr


def test_other_commands_name_the_first_problem_and_point_to_check(several_mistakes: tuple[Path, str]) -> None:
    path, _ = several_mistakes
    result = run_main("summary", "--facts", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert f"{figure_path('cases', 2024)}.colour: unknown field 'colour'" in result.stderr
    assert f"and {len(EXPECTED) - 1} more problems; run 'laos-tip check'" in result.stderr


def test_library_report_matches_the_loader(several_mistakes: tuple[Path, str]) -> None:
    path, _ = several_mistakes
    report = check_file(str(path))
    with pytest.raises(FactFileError) as raised:
        load(str(path))
    assert report.problems == tuple(raised.value.problems)
    assert not report.valid
    assert report.counts == {}


def test_path_argument_wins_over_facts_option_and_environment(write_facts: Callable[..., Path]) -> None:
    broken = write_facts("schema_version: 1\n", "broken.yaml")
    # The environment names a broken file, the argument the shipped one: the argument is checked.
    result = run_cli("check", str(FACTS), env=clean_env(LAOS_TIP_FACTS=str(broken)))
    assert result.returncode == 0
    assert result.stdout.startswith(f"ok: {FACTS}:")


def test_facts_option_and_environment_name_the_default(write_facts: Callable[..., Path]) -> None:
    broken = write_facts("schema_version: 1\n", "broken.yaml")
    by_env = run_cli("check", env=clean_env(LAOS_TIP_FACTS=str(broken)))
    by_option = run_main("check", "--facts", str(broken))
    for result in (by_env, by_option):
        assert result.returncode == 1
        assert result.stdout.startswith(f"{broken}:1:1: missing required list 'sources'")


@pytest.mark.parametrize("args", [("a.yaml", "b.yaml", "--json"), ("--no-such-option",), ("--json=yes",)])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run_main("check", *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_unreadable_file_is_one_problem(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    missing = tmp_path / "missing.yaml"
    result = invoke("check", str(missing))
    assert result.exit_code == 1
    assert result.stdout == f"{missing}: no such file\n"
    json_result = invoke("check", "--json", str(missing))
    document = json.loads(json_result.stdout)
    assert document["facts"] == {"path": str(missing), "sha256": None}
    assert document["problems"] == [
        {"path": "", "line": None, "column": None, "code": "not-found", "message": "no such file"}
    ]


@pytest.mark.parametrize(
    ("replacements", "code", "path", "fragment"),
    [
        pytest.param((("    quote: >-\n      Laos recorded 46", "    note: x\n    quote: >-\n      Laos recorded 46"),),
                     None, None, None, id="a-valid-note"),
        pytest.param((("    value: 46\n", "    value: 64\n"),), "quote-mismatch", f"{figure_path('cases', 2024)}.quote",
                     "does not contain the number '64'", id="quote-lacks-number"),
        pytest.param((("    value: 46\n", "    value: 4\n"),), "quote-mismatch", f"{figure_path('cases', 2024)}.quote",
                     "does not contain the number '4'", id="number-inside-another-number"),
        pytest.param((("  - metric: cases\n", "  - metric: case\n"),), "unknown-reference", f"{figure_path('cases', 2024)}.metric",
                     "no metric with id 'case' in this file; did you mean 'cases'?", id="unknown-metric"),
        pytest.param((("    part_of: victims\n", "    part_of: victim\n"),), "unknown-reference",
                     f"metrics[{PART_OF_VICTIMS}].part_of", "no metric with id 'victim'", id="unknown-whole"),
        pytest.param((("  - id: priorities_2025\n", "  - id: modus_operandi\n"),), "duplicate-id", "statements[1].id",
                     "statement id 'modus_operandi' is used twice", id="duplicate-statement-id"),
        pytest.param((("    value: 95\n", "    value: 95\n    value: 96\n"),), "duplicate-key", f"{figure_path('arrests', 2024)}.value",
                     "duplicate key 'value'", id="duplicate-key"),
        pytest.param((("    period: 2024\n    value: 46\n", "    value: 46\n"),), "missing-field", f"{figure_path('cases', 2024)}",
                     "missing required field 'period'", id="missing-field"),
        pytest.param((("schema_version: 1\n", "schema_version: 2\n"),), "schema-version", "schema_version",
                     "reads schema version 1, found integer 2", id="schema-version"),
        pytest.param((("  - name: China\n", "  - name: Cathay\n"),), "quote-mismatch", "partners[1].quote",
                     "does not name 'Cathay'", id="partner-not-in-quote"),
    ],
)
def test_single_rules(write_facts: Callable[..., Path], invoke: Callable[..., Any],
                      replacements: tuple[tuple[str, str], ...], code: str | None, path: str | None,
                      fragment: str | None) -> None:
    facts = write_facts(shipped_text(*replacements))
    result = invoke("check", "--json", str(facts))
    problems = json.loads(result.stdout)["problems"]
    if code is None:
        assert result.exit_code == 0 and problems == []
        return
    assert result.exit_code == 1
    assert [(p["code"], p["path"]) for p in problems] == [(code, path)], problems
    assert fragment in problems[0]["message"]


def test_same_claim_twice_with_the_same_value_is_reported(write_facts: Callable[..., Path],
                                                          invoke: Callable[..., Any]) -> None:
    text = shipped_text(("statements:\n", SAME_CASES_AGAIN))
    facts = write_facts(text)
    result = invoke("check", str(facts))
    assert result.exit_code == 1
    first_line = line_of(text, "  - metric: cases\n    period: 2024\n    value: 46\n    source: xinhua-2025-01-30")
    assert (f"figures[{FIRST_NEW_FIGURE}]: xinhua-2025-01-30 already gives cases for 2024 at line {first_line},"
            in result.stdout)
    assert "as the same value" in result.stdout


def test_check_json_does_not_import_rich() -> None:
    code = (
        "import sys\n"
        "from laos_tip.cli.app import app\n"
        "try:\n"
        "    app(['check', '--json'], prog_name='laos-tip')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(m for m in sys.modules if m.split('.')[0] in ('rich', 'pydantic')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=30)
    assert json.loads(result.stdout)["valid"] is True
    assert result.stderr == ""
