"""``laos_tip.factfile.reader``: the YAML reader that counts nodes and keeps every value's line."""

from __future__ import annotations

import pytest
import yaml

from laos_tip.factfile import reader as load_reader


def test_the_node_limit_counts_each_node_once() -> None:
    def nodes(text: str) -> int:
        builder = load_reader._Builder("x")
        for event in yaml.parse(text, Loader=load_reader._Loader):
            builder.feed(event)
        return builder.nodes

    assert nodes("[[[[[1]]]]]\n") == 6
    assert nodes("a: {b: [1, 2]}\n") == 1 + 2 + 1 + 1 + 2
    assert nodes("a: &x [1, 2, 3]\nb: *x\nc: *x\n") == 1 + 3 + (1 + 3) * 3  # an alias counts what it expands to


@pytest.mark.slow
def test_fifty_thousand_figures_fit_under_the_node_limit() -> None:
    """11 nodes a figure: 50,000 figures (550,000 nodes) are within MAX_NODES, as docs/check.md says."""
    figure = "- {metric: arrests, period: 2024, value: 95, source: s, quote: q}\n"
    text = "figures:\n" + figure * 50_000
    document = load_reader.parse(text, "x")
    assert len(document.root["figures"]) == 50_000


# --- every tag with every kind of text: a value of the tag's type, or one located problem -------

import datetime  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from laos_tip.core.errors import FactFileError  # noqa: E402
from laos_tip.core.problems import Code  # noqa: E402

#: What each of YAML's scalar tags must load as.
TAG_TYPES: dict[str, tuple[type, ...]] = {
    "!!str": (str,), "!!int": (int,), "!!float": (float,), "!!bool": (bool,), "!!null": (type(None),),
    "!!timestamp": (datetime.date,), "!": (str,),  # "!" is YAML's non-specific tag: text
}
#: Tags a fact file refuses whatever their value.
OTHER_TAGS = ["!!binary", "!!set", "!!omap", "!!merge", "!!value", "!!python/object:os.system", "!custom",
              "!<tag:example.org,2024:x>", "!<tag:yaml.org,2002:python/name:os.system>"]
#: Text each tag's constructor meets in a hostile file: empty, garbage, near misses, huge.
SCALAR_TEXT = st.one_of(
    st.sampled_from(["", " ", "maybe", "not-a-date", "_", ".", "-", "+", "0x", "0b", "1:", ":", "1e", "e5", "1_",
                     "yes", "No", "~", "null", "NULL", "true", ".inf", "-.INF", ".nan", "1.5", "1e999999", "010",
                     "0o17", "4_6", "1:30", "2024-01-02", "2024-13-45", "2024-01-02T25:61:61Z", "99999-01-01",
                     "2024-01-02 10:00:00 +99:00", "\u0663\u0664", "\uff11\uff12", "1" * 5000, "9" * 400 + ".5",
                     "a" * 10_000, "2024-01-02\n"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
    st.from_regex(r"[-+0-9._:eExob TZ]{0,20}", fullmatch=True),
)


def load_tagged(tag: str, text: str) -> object:
    """The value of ``a`` in ``a: TAG "TEXT"`` (double-quoted so that any text is one scalar)."""
    document = load_reader.parse(f"a: {tag} {json.dumps(text)}\n", "tagged.yaml")
    return document.root["a"]


def assert_value_or_problem(tag: str, text: str) -> None:
    try:
        value = load_tagged(tag, text)
    except FactFileError as error:
        assert len(error.problems) == 1
        problem = error.problems[0]
        assert isinstance(problem.code, Code) and problem.code in (Code.YAML_TAG, Code.YAML_VALUE, Code.YAML_SYNTAX)
        assert problem.line == 1 and isinstance(problem.column, int) and problem.column >= 1
        return
    assert tag in TAG_TYPES, f"{tag} {text!r} loaded as {value!r}"
    assert isinstance(value, TAG_TYPES[tag]), f"{tag} {text!r} loaded as {value!r}"
    assert tag != "!!int" or not isinstance(value, bool)
    if isinstance(value, float) and math.isinf(value):
        assert "inf" in text.lower()  # never a huge number read as infinity


@settings(max_examples=400)
@given(tag=st.sampled_from([*TAG_TYPES, *OTHER_TAGS]), text=SCALAR_TEXT)
@example(tag="!!bool", text="maybe")
@example(tag="!!bool", text="")
@example(tag="!!float", text="")
@example(tag="!!timestamp", text="not-a-date")
@example(tag="!!timestamp", text="")
@example(tag="!!int", text="")
@example(tag="!!null", text="x")
def test_a_tagged_scalar_is_a_value_of_its_tag_or_one_located_problem(tag: str, text: str) -> None:
    assert_value_or_problem(tag, text)


@pytest.mark.parametrize(("tag", "text", "expected"), [
    ("!!bool", "maybe", "'maybe' is not a valid bool"),
    ("!!bool", "", "'' is not a valid bool"),
    ("!!float", "", "'' is not a valid float"),
    ("!!timestamp", "not-a-date", "'not-a-date' is not a valid timestamp"),
    ("!!timestamp", "", "'' is not a valid timestamp"),
    ("!!int", "", "'' is not a valid int"),
    ("!!null", "x", "'x' is not a valid null"),  # not silently None
    ("!!int", "\u0663\u0664", "is not a valid int"),  # Arabic-Indic digits are not read as 34
    ("!!float", "1e999999", "too large for a number"),
])
def test_the_tagged_values_that_raised_are_problems_with_their_text(tag: str, text: str, expected: str) -> None:
    with pytest.raises(FactFileError) as raised:
        load_tagged(tag, text)
    assert expected in str(raised.value)
    assert raised.value.problems[0].code is Code.YAML_VALUE


@pytest.mark.parametrize(("tag", "text", "value"), [
    ("!!bool", "yes", True), ("!!bool", "false", False), ("!!null", "", None), ("!!null", "~", None),
    ("!!float", "1_000.5", 1000.5), ("!!float", "-.5", -0.5), ("!!float", "3", 3.0), ("!!int", "46", 46),
    ("!!timestamp", "2024-01-02", datetime.date(2024, 1, 2)), ("!!str", "", ""),
])
def test_well_written_tagged_values_still_load(tag: str, text: str, value: object) -> None:
    assert load_tagged(tag, text) == value


def test_check_reports_a_bad_tagged_value_in_a_fact_file_as_one_line(write_facts) -> None:
    from conftest import run_cli, shipped_text

    path = write_facts(shipped_text(("schema_version: 1", "schema_version: !!bool maybe")))
    done = run_cli("check", "--facts", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "'maybe' is not a valid bool" in done.stdout + done.stderr


def test_the_non_specific_tag_is_text_as_yaml_says() -> None:
    # libyaml reports '! 12' as a plain scalar, which PyYAML then reads as 12 and '! ""' as null.
    assert load_reader.parse("a: ! 12\nb: ! ''\nc: ! true\n", "x").root == {"a": "12", "b": "", "c": "true"}
