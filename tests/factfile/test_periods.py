"""Periods that are not a calendar year: partial and inferred periods are kept apart, marked, never a headline."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, run_main
from laos_tip.factfile.report import check_file
from laos_tip.core.periods import period_label
from laos_tip.factfile.pipeline import load
from laos_tip.views import compare as views_compare
from laos_tip.views import summary as views_summary
from laos_tip.views import trend as views_trend

FACTBASE = load(str(FACTS))
LAOTIAN_2017 = ("According to the General Police Department, from January 1 to the end of May,  16 human "
                "trafficking cases were reported, resulting in the arrest of 21 suspects, including 9 women.")


def test_the_january_may_2017_figures_are_pinned_with_their_sentence() -> None:
    found = {f.metric: f for f in FACTBASE.figures if f.source == "laotiantimes-2017-06-19"}
    assert {k: f.value for k, f in found.items()} == {"cases": 16, "arrests": 21, "female_arrested": 9}
    for figure in found.values():
        assert figure.quote == LAOTIAN_2017  # two spaces after "May,", as the page has them
        assert (figure.period, figure.period_from, figure.period_to) == (
            2017, datetime.date(2017, 1, 1), datetime.date(2017, 5, 31))
        assert figure.apart and figure.period_label == "January–May 2017 (partial year)"


def test_the_2023_report_did_not_convict_any_traffickers_inferred_period() -> None:
    figure = next(f for f in FACTBASE.figures if f.source == "gvnet-tip-2023-laos")
    assert (figure.metric, figure.value, figure.as_written) == ("traffickers_convicted", 0, "did not convict any")
    assert figure.quote == "Courts did not convict any traffickers."
    assert figure.period_inferred and figure.period == 2022 and "names no period" in (figure.period_note or "")
    assert FACTBASE.headline("traffickers_convicted", 2022) is None


def test_a_partial_year_is_never_the_years_headline() -> None:
    assert FACTBASE.headline("arrests", 2017) is None
    assert 2017 not in FACTBASE.metric_periods("arrests")
    assert FACTBASE.value("cases", 2017) is None
    # Two reports of January-May 2017 agree on 21 (laotiantimes-2017-06-19, vientiane-times-ann-2017).
    assert [f.value for f in FACTBASE.figures_apart("arrests")] == [21, 21]


def test_trend_shows_the_partial_year_apart_and_off_the_bar_scale() -> None:
    view = views_trend.trend(FACTBASE, "arrests")
    assert [r["period"] for r in view.rows] == [2023, 2024]
    assert [(a["period_label"], a["value"]) for a in view.document["apart"]] == [
        ("January–May 2017 (partial year)", 21)] * 2
    assert view.extra and view.extra[0].rows == view.document["apart"]
    # The bars are scaled on full years only: the largest full year gets the full width.
    bar_column = next(c for c in view.columns if c.key == "bar")
    assert bar_column.show(view.rows[-1]) == views_trend.bar(95, 95)


def test_trend_cli_json_and_a_metric_known_only_for_part_of_a_year() -> None:
    document = json.loads(run_main("trend", "arrests", "--json").stdout)
    assert [v["period"] for v in document["values"]] == [2023, 2024]
    assert document["apart"][0]["period_from"] == "2017-01-01"
    # traffickers_convicted: 2018 as a year; the inferred 0 apart.
    document = json.loads(run_main("trend", "traffickers_convicted", "--json").stdout)
    assert [(v["period"], v["value"]) for v in document["values"]] == [(2014, 21), (2018, 27)]
    assert [(a["period_label"], a["value"]) for a in document["apart"]] == [("2022 (period inferred)", 0)]


def test_compare_2017_2018_lists_the_partial_figures_as_not_compared() -> None:
    view = views_compare.compare(FACTBASE, 2017, 2018)
    compared = {c["key"]: (c["earlier"]["value"], c["later"]["value"]) for c in view.document["compared"]}
    assert compared["prosecutions_cases"] == (13, 12)
    assert "arrests" not in compared and "cases" not in compared
    assert {a["key"] for a in view.document["apart"]} == {"cases", "arrests", "female_arrested", "female_victims"}
    assert any(n.startswith("Not compared: Arrests (arrests), January–May 2017 (partial year): 21") for n in view.notes)
    assert all("21" not in str(r["earlier_value"]) for r in view.rows)


def test_summary_2017_names_the_partial_figures_outside_the_table() -> None:
    view = views_summary.summary(FACTBASE, 2017)
    assert "arrests" not in {r["key"] for r in view.rows}
    assert len(view.document["apart"]) == 7  # 3 from the Laotian Times, 4 from the Vientiane Times (ANN)
    assert any("Not in this table" in line and "January–May 2017" in line for line in view.brief or [])


@pytest.mark.parametrize("start, end, inferred, expected", [
    (None, None, False, "2017"),
    (None, None, True, "2017 (period inferred)"),
    (datetime.date(2017, 1, 1), datetime.date(2017, 5, 31), False, "January–May 2017 (partial year)"),
    (datetime.date(2017, 3, 1), datetime.date(2017, 3, 31), False, "March 2017 (partial year)"),
    (datetime.date(2017, 1, 1), datetime.date(2017, 6, 19), False, "1 January – 19 June 2017 (partial year)"),
])
def test_period_labels(start: Any, end: Any, inferred: bool, expected: str) -> None:
    assert period_label(2017, start, end, inferred) == expected


def _codes(path: Path) -> list[str]:
    return [p.code for p in check_file(str(path), str(path)).problems]


def test_check_refuses_a_period_after_its_source_date(facts_data: dict[str, Any],
                                                      write_facts: Callable[..., Path]) -> None:
    figure = next(f for f in facts_data["figures"] if f["source"] == "xinhua-2025-01-30")
    figure.update(period=2025)
    assert "period-after-source" in _codes(write_facts(facts_data))
    result = run_main("check", str(write_facts(facts_data)))
    assert result.returncode == 1 and "after its source xinhua-2025-01-30 was published (2025-01-30)" in result.stdout


def test_an_undated_source_skips_the_period_rule(facts_data: dict[str, Any],
                                                 write_facts: Callable[..., Path]) -> None:
    figure = next(f for f in facts_data["figures"] if f["source"] == "laotiantimes-2017-06-19")
    figure.update(period=2030, period_from=datetime.date(2030, 1, 1), period_to=datetime.date(2030, 5, 31))
    # Three claims of the same source share the quote; only this one moves, and nothing is refused.
    assert "period-after-source" not in _codes(write_facts(facts_data))


@pytest.mark.parametrize("change, code", [
    ({"period_to": datetime.date(2018, 5, 31)}, "bad-period"),
    ({"period_from": datetime.date(2017, 6, 1), "period_to": datetime.date(2017, 5, 31)}, "bad-period"),
    ({"period_inferred": "yes"}, "wrong-type"),
])
def test_bad_partial_periods(facts_data: dict[str, Any], write_facts: Callable[..., Path],
                             change: dict[str, Any], code: str) -> None:
    next(f for f in facts_data["figures"] if "period_from" in f and f["period"] == 2017).update(change)
    assert code in _codes(write_facts(facts_data))


def _total(facts_data: dict[str, Any]) -> dict[str, Any]:
    """The shipped total for 2008-2012 of the persons prosecuted (period 2012, from 2008-01-01)."""
    return next(f for f in facts_data["figures"] if f["metric"] == "persons_prosecuted" and "period_from" in f)


def test_a_period_of_several_years_ends_in_its_year(facts_data: dict[str, Any],
                                                    write_facts: Callable[..., Path]) -> None:
    assert _codes(write_facts(facts_data)) == []
    _total(facts_data)["period"] = 2010  # a year inside the span is not the year it ends in
    result = run_main("check", str(write_facts(facts_data)))
    assert result.returncode == 1
    assert "2012-12-31 is not in the year 2010 (period): period is the year the period ends in" in result.stdout


@pytest.mark.parametrize("change", [
    {"period_from": datetime.date(2013, 1, 1)},  # starts after its year, and after its end
    {"period_from": datetime.date(2012, 12, 31), "period_to": datetime.date(2012, 1, 1)},  # ends before it starts
    {"period_from": datetime.date(2008, 1, 1), "period_to": datetime.date(2013, 12, 31)},  # ends after its year
])
def test_bad_periods_of_several_years(facts_data: dict[str, Any], write_facts: Callable[..., Path],
                                      change: dict[str, Any]) -> None:
    _total(facts_data).update(change)
    assert "bad-period" in _codes(write_facts(facts_data))


@pytest.mark.parametrize("start, end, label", [
    (datetime.date(2008, 1, 1), datetime.date(2012, 12, 31), "2008–2012 (5 years)"),
    (datetime.date(2007, 1, 1), datetime.date(2022, 8, 31), "January 2007 – August 2022 (15 years 8 months)"),
    (datetime.date(2016, 7, 1), datetime.date(2017, 6, 30), "July 2016 – June 2017 (12 months)"),
    (datetime.date(2021, 5, 1), datetime.date(2022, 5, 31), "May 2021 – May 2022 (13 months)"),
    (datetime.date(2020, 5, 1), datetime.date(2022, 5, 31), "May 2020 – May 2022 (2 years 1 month)"),
    (datetime.date(2023, 1, 1), datetime.date(2026, 2, 3), "1 January 2023 – 3 February 2026 (parts of 4 calendar years)"),
])
def test_a_period_of_several_years_reads_as_its_span(start: datetime.date, end: datetime.date, label: str) -> None:
    from laos_tip.core.periods import period_label

    assert period_label(end.year, start, end, False) == label
    assert period_label(end.year, start, end, True) == label[:-1] + ", period inferred)"


def test_an_inferred_period_needs_its_note(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    del next(f for f in facts_data["figures"] if f.get("period_inferred"))["period_note"]
    assert "missing-field" in _codes(write_facts(facts_data))


def test_did_not_convict_any_reads_as_zero_only(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    next(f for f in facts_data["figures"] if f.get("period_inferred"))["value"] = 1
    assert "as-written-mismatch" in _codes(write_facts(facts_data))


def test_json_schema_declares_the_period_fields() -> None:
    schema = json.loads(run_main("schema").stdout)
    figure = schema["properties"]["figures"]["items"]["properties"]
    assert figure["period_from"]["format"] == "date" and figure["period_inferred"]["type"] == "boolean"
    assert "republishes" in schema["properties"]["sources"]["items"]["properties"]
