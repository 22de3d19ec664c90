"""``laos_tip.schema``: the validator's rules for years, sources, parts and tiers, and the JSON Schema."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laos_tip.factfile.jsonschema import json_schema

from laos_tip.factfile.numbers import quote_holds
from conftest import run_main


def _metric(data: dict[str, Any], metric_id: str) -> dict[str, Any]:
    return next(m for m in data["metrics"] if m["id"] == metric_id)


def test_parts_in_one_breakdown_cannot_exceed_their_whole(facts_data, write_facts):
    for figure in facts_data["figures"]:
        if figure["metric"] == "identified_girls":
            figure["value"] = 80
            figure["quote"] = figure["quote"].replace("62 girls", "80 girls")
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "part-exceeds-whole" not in done.stderr  # the code is for check; the message says it
    assert "larger than identified_victims (110)" in done.stderr
    assert "breakdown 'sex_and_age'" in done.stderr


def test_parts_below_a_whole_without_figure_still_count(facts_data, write_facts):
    # girls_under_18 is a part of female_victims, itself a part of victims.
    for figure in facts_data["figures"]:
        if figure["metric"] == "girls_under_18" and figure["period"] == 2024 and figure["source"] == "xinhua-2025-01-30":
            figure["value"] = 95
            figure["quote"] = figure["quote"].replace("40 girls", "95 girls")
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "female_victims (at least 95, from girls_under_18)" in done.stderr
    assert "larger than victims (85)" in done.stderr


def test_part_of_cycle_is_refused(facts_data, write_facts):
    _metric(facts_data, "victims")["part_of"] = "girls_under_18"
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "part of itself" in done.stderr
    assert "Traceback" not in done.stderr


def test_only_the_metrics_in_a_part_of_loop_are_reported(facts_data, write_facts):
    """victims -> girls_under_18 -> female_victims -> victims loops; boys_under_18, a part of victims, only leads in."""
    _metric(facts_data, "victims")["part_of"] = "girls_under_18"
    done = run_main("check", str(write_facts(facts_data)))
    assert done.returncode == 1
    looped = re.findall(r"'(\w+)' ends up being a part of itself", done.stdout)
    assert sorted(looped) == ["female_victims", "girls_under_18", "victims"]


def test_unknown_not_comparable_with_is_refused(facts_data, write_facts):
    _metric(facts_data, "identified_victims")["not_comparable_with"] = ["victim"]
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "did you mean 'victims'" in done.stderr


def test_undated_source_needs_a_date_note(facts_data, write_facts):
    source = next(s for s in facts_data["sources"] if s["id"] == "lawalawfirm-2024")
    del source["date_note"]
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "date_note" in done.stderr


def test_tier_quote_must_state_the_placement(facts_data, write_facts):
    tier_2024 = next(t for t in facts_data["tiers"] if t["report_year"] == 2024)
    tier_2024["placement"] = "Tier 2"  # the quote says Tier 2 Watch List
    done = run_main("tier", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "does not state 'Tier 2'" in done.stderr


def test_carried_by_must_be_urls(facts_data, write_facts):
    facts_data["sources"][1]["carried_by"] = ["aseanews"]
    done = run_main("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "carried_by" in done.stderr


def test_json_schema_declares_the_new_fields():
    schema = json_schema()["properties"]
    assert "tiers" in schema
    source = schema["sources"]["items"]
    assert "date" not in source["required"]
    assert source["properties"]["carried_by"]["items"]["pattern"].startswith("^https?")
    metric = schema["metrics"]["items"]["properties"]
    assert {"breakdown", "not_comparable_with"} <= set(metric)
    tier = schema["tiers"]["items"]
    assert "Tier 2 Watch List" in tier["properties"]["placement"]["enum"]


# --- quote_holds: a number counts only as a whole number, never inside a longer one or a word ---

def _holds_by_regex(quote: str, written: str) -> bool:
    """The specification of quote_holds as the regular expression it replaced (too slow to compile per figure).

    A whole number, not inside a longer one or a word, nor joined to another number as a part of a date or a
    range ("2024-12-01", "12–15"). Its other refusals need letters or four digits, which the quotes and values
    generated below never have: a month's name beside it, a year after "in", a place in a URL.
    """
    joins = "-/\u2010\u2011\u2012\u2013\u2014\u2212"
    return bool(written) and re.search(rf"(?<![\w,.])(?<!\d[{joins}]){re.escape(written)}(?![\w]|[,.]\d|[{joins}]\d)",
                                       quote) is not None


@pytest.mark.parametrize(("quote", "holds"), [
    ("arrested 962 individuals", True), ("a total of 962.", True), ("(962)", True), ("962", True),
    ("1,962 people", False), ("9620 people", False), ("962,5 km", False), ("A962 road", False),
    ("1.962 people", False), ("962.5 km", False), ("962_x", False), ("٣962", False), ("962٣", False),
    ("9620 and then 962, in all", True), ("962-970 people", False), ("12-962", False), ("962- people", True),
])
def test_quote_holds_whole_numbers_only(quote: str, holds: bool) -> None:
    assert quote_holds(quote, "962") is holds
    assert _holds_by_regex(quote, "962") is holds


_QUOTE_TEXT = st.text(alphabet=st.sampled_from(list("0123456789 ,._aZ-\u0663\u00b2\u2167\n")), max_size=30)


@given(quote=_QUOTE_TEXT, written=st.sampled_from(["962", "4", "1,962", "forty-six", "2.5", "0"]))
def test_quote_holds_agrees_with_its_regular_expression(quote: str, written: str) -> None:
    assert quote_holds(quote, written) is _holds_by_regex(quote, written)


@pytest.mark.parametrize(("where", "field", "value", "expected"), [
    ("metrics", "id", "victims_rescued\n", "an identifier"),
    ("sources", "url", "https://example.org/report\n", "URL"),
])
def test_a_final_line_break_does_not_pass_as_part_of_an_id_or_url(facts_data, write_facts, where, field, value,
                                                                   expected):
    # A regular expression ending in "$" matches before a final "\n": ids are offered to shells by completion.
    facts_data[where][-1][field] = value
    done = run_main("check", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    index = len(facts_data[where]) - 1
    report = done.stdout + done.stderr
    assert f"{where}[{index}].{field}: expected" in report and expected in report, report
