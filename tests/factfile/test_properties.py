"""Property-based tests: whatever a fact file holds, loading ends in a FactBase or our own error.

Arbitrary text and arbitrary YAML-shaped data go through the loader and through the CLI;
neither may raise anything but FactFileError, nor print a traceback.
"""

from __future__ import annotations

import pytest

import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import FACTS
from laos_tip.cli.app import app
from laos_tip.core.errors import FactFileError
from laos_tip.core.model import FactBase
from laos_tip.core.problems import Code
from laos_tip.factfile.pipeline import load
from laos_tip.factfile.reader import decode, parse

KNOWN_CODES = set(Code)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30)
    | st.dates() | st.sampled_from(["yes", "no", "on", "~", "2024", "-1", ".nan", "!!python/none", "*a", "&a"])
)
KEYS = st.sampled_from(
    ["schema_version", "sources", "metrics", "figures", "statements", "partners", "neighbours",
     "id", "metric", "period", "value", "source", "quote", "as_written", "name", "alpha2", "alpha3"]
) | st.text(max_size=10)
YAML_DATA = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=40,
)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def load_text(text: str, tmp_path: Path) -> FactBase | None:
    """Load ``text`` as a fact file; None when refused with the project's own error."""
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        return load(str(path))
    except FactFileError as error:
        assert error.problems, "a FactFileError without problems"
        assert "\n" not in str(error), "a message spread over several lines"
        assert all(problem.code in KNOWN_CODES for problem in error.problems), error.problems
        return None


@SETTINGS
@given(st.text())
def test_arbitrary_text_loads_or_raises_our_error(tmp_path: Path, text: str) -> None:
    facts = load_text(text, tmp_path)
    if facts is not None:  # what loads is a consistent fact base: every figure names a declared metric and source
        assert {f.metric for f in facts.figures} <= {m.id for m in facts.metrics}
        assert {f.source for f in facts.figures} <= {s.id for s in facts.sources}


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_parse_or_raise_our_error(data: bytes) -> None:
    try:
        document = parse(decode(data, "x.yaml"), "x.yaml")
    except FactFileError as error:
        assert error.problems and all(problem.code in KNOWN_CODES for problem in error.problems), error.problems
    else:  # plain data, with no object of a YAML tag among it
        assert isinstance(document.root, (dict, list, str, int, float, datetime.date, type(None)))
        assert all(problem.code in KNOWN_CODES for problem in document.problems), document.problems


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(SETTINGS, max_examples=200)
@given(YAML_DATA)
def test_arbitrary_yaml_data_loads_or_raises_our_error(tmp_path: Path, data: Any) -> None:
    load_text(yaml.safe_dump(data, allow_unicode=True), tmp_path)


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(SETTINGS, max_examples=200)
@given(st.dictionaries(KEYS, YAML_DATA, max_size=7))
def test_arbitrary_top_level_mappings_load_or_raise_our_error(tmp_path: Path, data: dict[str, Any]) -> None:
    load_text(yaml.safe_dump(data, allow_unicode=True), tmp_path)


@settings(SETTINGS, max_examples=50)
@given(st.one_of(st.text(max_size=200), YAML_DATA.map(lambda d: yaml.safe_dump(d, allow_unicode=True))),
       st.sampled_from(["summary", "ratios", "partners", "check"]))
def test_cli_never_prints_a_traceback(tmp_path: Path, text: str, command: str) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    args = [command, str(path)] if command == "check" else [command, "--facts", str(path), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    if result.exit_code == 1 and command != "check":
        assert result.stderr.startswith("laos-tip: error: ") and result.stderr.count("\n") == 1


FIGURE_VALUES = [(m.start(1), m.group(1)) for m in re.finditer(r"^    value: (\d+)$", FACTS.read_text("utf-8"), re.M)]
#: The shipped figures as plain data, in the same order as FIGURE_VALUES (only figures have "    value:").
SHIPPED_FIGURES = yaml.safe_load(FACTS.read_text("utf-8"))["figures"]


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(SETTINGS, max_examples=100)
@given(st.sampled_from(FIGURE_VALUES), st.integers(min_value=0, max_value=10**6))
def test_changed_figure_value_loads_or_fails_the_quote(tmp_path: Path, figure: tuple[int, str], new: int) -> None:
    start, old = figure
    if str(new) == old:
        new += 1
    text = FACTS.read_text("utf-8")
    changed = text[:start] + str(new) + text[start + len(old):]
    path = tmp_path / "facts.yaml"
    path.write_text(changed, encoding="utf-8")
    # The figure's own quote, unless its number is written in words (then as_written decides).
    shipped = SHIPPED_FIGURES[FIGURE_VALUES.index(figure)]
    in_quote = "as_written" not in shipped and re.search(
        rf"(?<![\w,.]){new}(?![\w]|[,.]\d)", shipped["quote"]) is not None
    try:
        load(str(path))
    except FactFileError as error:
        codes = {problem.code for problem in error.problems}
        # The quote no longer holds the number; or, for a part, it may exceed its whole.
        assert codes <= {"quote-mismatch", "as-written-mismatch", "part-exceeds-whole"}, error.problems
        # A sentence that holds the new number elsewhere (e.g. "30 adult women ... 13 boys") passes
        # the quote check; then only a rule about wholes and parts can catch the change.
        assert bool(codes & {"quote-mismatch", "as-written-mismatch"}) != in_quote, error.problems
    else:
        # Loading can only succeed when the quote happens to contain the new number too.
        assert in_quote
