"""The record before 2016: the TIP Report's law-enforcement counts for 2010, 2011 and 2014, the government's
report to the UN (totals for 2008-2012, and 2013), and the lawalawfirm sentence with its bound.

Each value, period, source and sentence is pinned as the stored copy of its source gives it; a test fails if the
fact file changes one of them. A total over several years is never shown, compared or exported as one year.
"""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import cli_json, run_main

RFA_2012 = "rfa-2012-11-20"
AASSONE = "aassone-tip-2015-laos"
UPR = "unwomen-upr-laos-2008-2013"
LAWA = "lawalawfirm-2024"

RFA = ("In 2011, authorities reported investigating 49 cases of suspected trafficking, involving 69 alleged "
       "offenders and resulting in 37 convictions, a step up from the 20 cases investigated and 33 convictions "
       "the year before, the report said.")
TIP_2014 = ("In 2014, authorities reported investigating 38 individuals for suspected trafficking offenses, "
            "prosecuting 31, and convicting 21 trafficking offenders.")
UPR_2012 = ("Between 2008 and 2012, 177 cases of human trafficking were prosecuted. There were 231 offenders "
            "prosecuted (145 were female), 422 victims of human trafficking assisted (358 were female), of whom "
            "271 were children below 18 (161 were female).")
UPR_2013 = ("In 2013, there were 56 cases of human trafficking, 77 offenders were prosecuted (51 were female), "
            "171 victims were assisted (87 were female), of whom 65 were children below 18 (59 were female).")
LAWA_WOMEN = "At least 21 of the victims were women, and 12 of them were under the age of 18."

#: metric, period, value, source, sentence: the figures of one calendar year.
YEARLY = [
    ("cases_investigated", 2011, 49, RFA_2012, RFA),
    ("alleged_offenders", 2011, 69, RFA_2012, RFA),
    ("convictions", 2011, 37, RFA_2012, RFA),
    ("cases_investigated", 2010, 20, RFA_2012, RFA),
    ("convictions", 2010, 33, RFA_2012, RFA),
    ("persons_investigated", 2014, 38, AASSONE, TIP_2014),
    ("persons_prosecuted", 2014, 31, AASSONE, TIP_2014),
    ("traffickers_convicted", 2014, 21, AASSONE, TIP_2014),
    ("cases", 2013, 56, UPR, UPR_2013),
    ("persons_prosecuted", 2013, 77, UPR, UPR_2013),
    ("persons_prosecuted_female", 2013, 51, UPR, UPR_2013),
    ("victims_assisted", 2013, 171, UPR, UPR_2013),
    ("victims_assisted_female", 2013, 87, UPR, UPR_2013),
    ("victims_assisted_under_18", 2013, 65, UPR, UPR_2013),
    ("victims_assisted_girls", 2013, 59, UPR, UPR_2013),
]
#: metric, value: the totals for 2008-2012, all from the government's report to the UN.
TOTALS_2008_2012 = [
    ("cases_prosecuted", 177), ("persons_prosecuted", 231), ("persons_prosecuted_female", 145),
    ("victims_assisted", 422), ("victims_assisted_female", 358), ("victims_assisted_under_18", 271),
    ("victims_assisted_girls", 161),
]
#: source id: address, date, reliability, as read.
SOURCES = {
    RFA_2012: ("https://www.rfa.org/english/news/laos/trafficking-11202012175058.html", datetime.date(2012, 11, 20),
               "secondary"),
    AASSONE: ("https://aassone.com/George-Mentz-Colorado-Springs-159.html", None, "low"),
    UPR: ("https://evaw-global-database.unwomen.org/es/countries/asia/lao-peoples-democratic-republic/2008/"
          "judicial-statistics-on-human-trafficking", None, "secondary"),
}


@pytest.mark.parametrize(("metric", "period", "value", "source", "quote"), YEARLY)
def test_yearly_figure_is_pinned(facts, metric, period, value, source, quote):
    (figure,) = [f for f in facts.figures if (f.metric, f.period, f.source) == (metric, period, source)]
    assert (figure.value, figure.quote, figure.bound, figure.period_from) == (value, quote, None, None)
    assert figure.value == facts.headline(metric, period).value or figure in facts.headline(metric, period).contradicting


@pytest.mark.parametrize(("metric", "value"), TOTALS_2008_2012)
def test_total_over_2008_to_2012_is_pinned_with_its_span(facts, metric, value):
    (figure,) = [f for f in facts.figures if f.metric == metric and f.source == UPR and f.period_from is not None]
    assert (figure.value, figure.quote) == (value, UPR_2012)
    assert (figure.period_from, figure.period_to) == (datetime.date(2008, 1, 1), datetime.date(2012, 12, 31))
    assert figure.several_years and figure.apart and figure.period_label == "2008–2012 (5 years)"
    # Never a year's headline: there is no 2012 value of the metric at all.
    assert facts.headline(metric, 2012) is None


def test_the_sources_give_exactly_these_figures(facts):
    claimed = {(f.metric, f.period, f.value) for f in facts.figures if f.source in SOURCES}
    assert claimed == {(m, p, v) for m, p, v, _, _ in YEARLY} | {(m, 2012, v) for m, v in TOTALS_2008_2012}


@pytest.mark.parametrize("source_id", sorted(SOURCES))
def test_source_is_pinned(facts, source_id):
    url, date, reliability = SOURCES[source_id]
    source = facts.source(source_id)
    assert (source.url, source.date, source.reliability) == (url, date, reliability)
    assert source.date_note


def test_convictions_of_unknown_unit_stand_apart_from_persons_and_cases(facts):
    assert facts.relation("convictions", "traffickers_convicted") == "counts something else"
    assert facts.relation("convictions", "convictions_cases") == "counts something else"
    assert "does" in facts.metric("convictions").caveat and facts.metric("convictions").unit == "convictions"


def test_the_parts_of_the_un_report_add_up(facts):
    """Female and under-18 parts never exceed their whole, in every period the report gives."""
    for part, whole in (("persons_prosecuted_female", "persons_prosecuted"),
                        ("victims_assisted_female", "victims_assisted"),
                        ("victims_assisted_under_18", "victims_assisted"),
                        ("victims_assisted_girls", "victims_assisted_under_18")):
        assert facts.metric(part).part_of == whole
        values = {(f.metric, f.period_from): f.value for f in facts.figures if f.source == UPR}
        for start in (None, datetime.date(2008, 1, 1)):
            assert values[(part, start)] <= values[(whole, start)]


def test_lawalawfirm_women_are_a_lower_bound_and_its_girls_contradict_the_committee(facts):
    (women,) = [f for f in facts.figures if f.source == LAWA and f.metric == "female_victims"]
    assert (women.value, women.bound, women.as_written, women.quote) == (21, "at-least", "At least 21", LAWA_WOMEN)
    (girls,) = [f for f in facts.figures if f.source == LAWA and f.metric == "girls_under_18"]
    assert (girls.value, girls.bound, girls.quote) == (12, None, LAWA_WOMEN)
    headline = facts.headline("girls_under_18", 2024)
    assert headline.value == 40 and [(f.source, f.value) for f in headline.contradicting] == [(LAWA, 12)]
    women_2024 = facts.headline("female_victims", 2024)
    assert (women_2024.value, women_2024.bound) == (21, "at-least")


# --- how the commands show them ------------------------------------------------------------------


def test_trend_shows_the_total_apart_and_never_as_a_year():
    document = cli_json("trend", "persons_prosecuted", "--json")
    assert [(r["period"], r["value"]) for r in document["values"]] == [(2013, 77), (2014, 31)]
    (apart,) = document["apart"]
    assert (apart["period_from"], apart["period_to"], apart["value"]) == ("2008-01-01", "2012-12-31", 231)
    assert apart["period_label"] == "2008–2012 (5 years)"


def test_trend_table_says_the_total_covers_several_years(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COLUMNS", "120")
    out = run_main("trend", "persons_prosecuted", "--details").stdout
    assert "2008–2012 (5 years)" in out
    assert "several years" in out


def test_compare_refuses_a_year_that_only_totals_cover():
    result = run_main("compare", "2012", "2013")
    assert result.returncode != 0 and "2012" in result.stderr


def test_get_has_no_value_for_a_year_inside_the_total():
    result = run_main("get", "persons_prosecuted", "--year", "2012")
    assert result.returncode != 0 and result.stdout == ""
    assert run_main("get", "persons_prosecuted", "--year", "2013").stdout == "77\n"


def test_sqlite_export_carries_the_start_and_end_of_the_total(tmp_path: Path):
    target = tmp_path / "facts.sqlite"
    assert run_main("export", str(target)).returncode == 0
    with sqlite3.connect(target) as db:
        spans = db.execute("SELECT period, period_from, period_to, value FROM claims WHERE key = ? "
                           "AND period_from IS NOT NULL", ("victims_assisted",)).fetchall()
        headline = db.execute("SELECT period, value FROM headline WHERE key = ?", ("victims_assisted",)).fetchall()
    assert spans == [(2012, "2008-01-01", "2012-12-31", 422)]
    assert headline == [(2013, 171)]


def test_json_export_holds_the_total_with_its_span(tmp_path: Path):
    target = tmp_path / "facts.json"
    assert run_main("export", str(target)).returncode == 0
    document = json.loads(target.read_text(encoding="utf-8"))
    spans = [c for c in document["claims"] if c["key"] == "cases_prosecuted"]
    assert [(c["period"], c["period_from"], c["period_to"], c["value"]) for c in spans] == [
        (2012, "2008-01-01", "2012-12-31", 177)]
    assert not [h for h in document["headline"] if h["key"] == "cases_prosecuted"]
