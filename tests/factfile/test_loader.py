"""Bad fact files: each is refused with one clear line naming file, field and line, and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from laos_tip.core.errors import FactFileError
from laos_tip.factfile.pipeline import load

from conftest import FACTS, figure_path, line_of, run_main, shipped_text

ORIGINAL = FACTS.read_text(encoding="utf-8")
ARRESTS_VALUE = "    value: 95\n"


def replace_once(old: str, new: str) -> str:
    """The shipped file with one exact change."""
    return shipped_text((old, new))


#: name -> (file text, words the one-line message must contain)
BAD_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "count as yes": (replace_once(ARRESTS_VALUE, "    value: yes\n"),
                     (f"{figure_path('arrests', 2024)}.value", "expected a whole number", "boolean true")),
    "count as float": (replace_once(ARRESTS_VALUE, "    value: 95.5\n"), (f"{figure_path('arrests', 2024)}.value", "number 95.5")),
    "negative count": (replace_once(ARRESTS_VALUE, "    value: -3\n"), (f"{figure_path('arrests', 2024)}.value", "integer -3")),
    "count as words": (replace_once(ARRESTS_VALUE, '    value: "ninety-five"\n'),
                       (f"{figure_path('arrests', 2024)}.value", "text 'ninety-five'")),
    "count as quoted digits": (replace_once(ARRESTS_VALUE, '    value: "95"\n'), (f"{figure_path('arrests', 2024)}.value", "text '95'")),
    "misspelt field": (replace_once("    unit: cases\n", "    units: cases\n"),
                       ("metrics[0].units", "unknown field 'units'", "did you mean 'unit'")),
    "missing field": (replace_once("    authority: Lao Ministry of Public Security\n", ""),
                      ("sources[0]", "missing required field 'authority'")),
    "duplicate key": (replace_once(ARRESTS_VALUE, ARRESTS_VALUE + ARRESTS_VALUE), ("duplicate key 'value'",)),
    "girls exceed victims": (replace_once("    value: 40\n", "    value: 86\n").replace(
        "including 40 girls", "including 86 girls"), ("girls_under_18", "larger than victims (85), of which it is a part")),
    "python tag": (ORIGINAL + "exploit: !!python/object/apply:os.system ['true']\n",
                   ("tag:yaml.org,2002:python/object/apply:os.system", "not allowed")),
    "syntax error": (replace_once("    title: Laos", "    title: [Laos"), ("YAML syntax error",)),
    "unknown source": (replace_once("    source: xinhua-2025-01-30\n", "    source: xinhua-2025-01-31\n"),
                       (f"{figure_path('cases', 2024)}.source", "no source with id 'xinhua-2025-01-31'", "did you mean")),
    "quote without its number": (replace_once(ARRESTS_VALUE, "    value: 59\n"),
                                 (f"{figure_path('arrests', 2024)}.quote", "does not contain the number '59'")),
    "top level is a list": ("- 46\n- 95\n", ("top level must be a mapping", "a list")),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_refused_in_process(write_facts, name: str) -> None:  # type: ignore[no-untyped-def]
    text, words = BAD_FILES[name]
    path = write_facts(text)
    with pytest.raises(FactFileError) as caught:
        load(str(path))
    message = str(caught.value)
    assert message.startswith(str(path))
    for word in words:
        assert word in message


@pytest.mark.parametrize("name", BAD_FILES)
@pytest.mark.parametrize("command", ["summary", "ratios", "partners"])
def test_bad_file_gives_one_line_and_exit_1(write_facts, name: str, command: str) -> None:  # type: ignore[no-untyped-def]
    text, words = BAD_FILES[name]
    path = write_facts(text)
    result = run_main(command, "--facts", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"laos-tip: error: {path}:")
    for word in words:
        assert word in lines[0]


def test_message_points_at_the_line(write_facts) -> None:  # type: ignore[no-untyped-def]
    text = replace_once(ARRESTS_VALUE, "    value: 95.5\n")
    path = write_facts(text)
    with pytest.raises(FactFileError) as caught:
        load(str(path))
    problem = caught.value.problems[0]
    assert problem.line == line_of(text, "    value: 95.5") and problem.column == 12
    assert problem.path == f"{figure_path('arrests', 2024)}.value"


def test_syntax_error_has_line_and_column(write_facts) -> None:  # type: ignore[no-untyped-def]
    path = write_facts("sources:\n  - id: x\n    title: [unclosed\nmetrics: []\n")
    with pytest.raises(FactFileError) as caught:
        load(str(path))
    problem = caught.value.problems[0]
    # The parser notices on line 4 (column 8) that the flow sequence opened on line 3 was never closed.
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 4, 8)
    assert "began at line 3, column 12" in problem.message
    assert f"{path}:{problem.line}:{problem.column}: YAML syntax error" in str(caught.value)


def test_python_tag_executes_nothing(write_facts, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    marker = tmp_path / "executed"
    path = write_facts(ORIGINAL + f"exploit: !!python/object/apply:os.system ['touch {marker}']\n")
    assert run_main("summary", "--facts", str(path)).returncode == 1
    assert not marker.exists()


def test_several_problems_are_all_collected(write_facts) -> None:  # type: ignore[no-untyped-def]
    text = replace_once(ARRESTS_VALUE, "    value: yes\n").replace("    unit: cases\n", "    units: cases\n")
    path = write_facts(text)
    with pytest.raises(FactFileError) as caught:
        load(str(path))
    assert {p.code for p in caught.value.problems} >= {"wrong-type", "unknown-field"}
    assert "and 1 more problem" in str(caught.value) or "more problems" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    result = run_main("summary", "--facts", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert result.stderr == f"laos-tip: error: {tmp_path / 'nope.yaml'}: no such file\n"


def test_the_shipped_file_loads() -> None:
    facts = load(str(FACTS))
    assert len(facts.partners) == 4
    assert {f.period for f in facts.figures} == {2010, 2011, 2012, 2013, 2014, 2016, 2017, 2018, 2020, 2021, 2022,
                                                 2023, 2024, 2026}
    # 2012 has only the totals for 2008-2012, 2022 the inferred period of the 2023 report and totals of the
    # Golden Triangle SEZ, 2026 a count "since 2023": no year of headlines.
    assert facts.periods() == [2010, 2011, 2013, 2014, 2016, 2017, 2018, 2020, 2021, 2023, 2024]
