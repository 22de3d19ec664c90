"""The shipped data of 2020-2024: each figure as its source writes it, partial years, complete breakdowns and conflicts."""

from __future__ import annotations

import re

import pytest

from laos_tip.factfile.numbers import number_in_words as _number_in_words
from laos_tip.factfile.numbers import split_bound


# --- the data --------------------------------------------------------------------------


def test_every_quote_contains_its_number_as_written(facts):
    for figure in facts.figures:
        written = split_bound(figure.as_written)[1]  # "At least 21": the bound's words, then the number
        assert _number_in_words(written) == figure.value, figure
        assert re.search(rf"(?<![\w,.]){re.escape(figure.as_written)}(?!\w)", figure.quote), figure


@pytest.mark.parametrize(("metric", "period", "value", "as_written"), [
    ("arrests", 2023, 27, "27"),
    ("foreign_arrested", 2023, 13, "13"),
    ("female_victims", 2023, 22, "22"),
    ("girls_under_18", 2023, 16, "16"),
    ("foreign_arrested", 2024, 43, "43"),
    ("identified_victims", 2021, 110, "110"),
    ("identified_adult_men", 2021, 5, "five"),
    ("identified_foreign_victims", 2021, 18, "Eighteen"),
    ("identified_foreign_victims", 2020, 0, "no"),
    ("identified_fraudulent_marriage", 2020, 66, "66"),
])
def test_new_figures_are_in_the_file_as_the_sources_write_them(facts, metric, period, value, as_written):
    headline = facts.headline(metric, period)
    assert (headline.value, headline.figure.as_written) == (value, as_written)  # type: ignore[union-attr]


def test_2023_has_no_case_count_and_no_total_of_victims(facts):
    assert facts.value("cases", 2023) is None
    assert facts.value("victims", 2023) is None


def test_complete_2021_breakdown_adds_up_and_2020_forms_too(facts):
    ages = ("identified_adult_women", "identified_girls", "identified_adult_men", "identified_boys")
    assert sum(facts.value(m, 2021) for m in ages) == facts.value("identified_victims", 2021) == 110
    forms = ("identified_sex_trafficking", "identified_labor_trafficking",
             "identified_fraudulent_marriage", "identified_other_exploitation")
    assert sum(facts.value(m, 2020) for m in forms) == facts.value("identified_victims", 2020) == 142


def test_2021_figure_carries_the_marriage_caveat(facts):
    note = facts.headline("identified_victims", 2021).figure.note
    assert "fraudulent marriage" in note


def test_conflicts_lists_the_contradicted_figures(facts):
    found = {(h.metric.id, h.period): (h.value, [f.value for f in h.contradicting]) for h in facts.conflicts()}
    assert found == {("cases", 2024): (46, [96]), ("arrests", 2024): (95, [119, 122]),
                     ("foreign_arrested", 2024): (43, [81]),
                     # The post's "12 of them" (of at least 21 women) against the Committee's 40 girls.
                     ("girls_under_18", 2024): (40, [12]),
                     # January-May 2017, kept apart: the Laotian Times' 16 cases against the Vientiane Times' 13.
                     ("cases", 2017): (13, [16])}
    for headline in facts.conflicts():
        assert {f.source for f in headline.contradicting} <= {"lawalawfirm-2024", "rfa-2025-01-28",
                                                              "laotiantimes-2017-06-19"}
    (partial,) = [h for h in facts.conflicts() if h.period == 2017]
    assert all(f.apart for f in (*partial.backing, *partial.contradicting))


def test_police_victims_and_identified_victims_are_different_metrics(facts):
    assert facts.relation("victims", "identified_victims") == "counts something else"
    assert facts.relation("identified_victims", "victims") == "counts something else"
    assert facts.relation("victims", "female_victims") == "is a part of it"
    assert facts.relation("girls_under_18", "victims") == "is the whole it is a part of"
    assert facts.relation("arrests", "cases") is None


# --- the validator ----------------------------------------------------------------------


# --- trend -------------------------------------------------------------------------------


# --- compare -----------------------------------------------------------------------------


# --- ratios ------------------------------------------------------------------------------


# --- summary and tiers -------------------------------------------------------------------


