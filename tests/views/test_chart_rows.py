"""What a chart draws, as rows: taken from the trend, tier and pipeline views; gaps, bounds, periods apart, conflicts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from laos_tip import __version__
from laos_tip.core.errors import NoDataError, UnknownKeyError
from laos_tip.core.model import FactBase
from laos_tip.factfile.pipeline import load
from laos_tip.views.chart import chart, names
from laos_tip.views.pipeline import pipeline
from laos_tip.views.tier import tiers
from laos_tip.views.trend import trend

#: A year of arrests two years before the shipped ones: 2022 is then a gap.
ARRESTS_2021 = {"metric": "arrests", "period": 2021, "value": 40, "source": "xinhua-2025-01-30",
                "quote": "In 2021, 40 people were arrested."}



def with_figures(facts_data: dict[str, Any], write_facts: Callable[..., Path], *figures: dict[str, Any]) -> FactBase:
    facts_data["figures"].extend(dict(f) for f in figures)
    return load(str(write_facts(facts_data)))


def by_label(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["label"]: row for row in rows}


def test_a_metric_chart_has_the_trend_values_and_the_figures_apart_on_their_own(facts: FactBase) -> None:
    drawn = chart(facts, "arrests")
    document = trend(facts, "arrests").document
    full = [r for r in drawn.rows if not r["partial"]]
    assert [(r["year"], r["value"]) for r in full] == [(v["period"], v["value"]) for v in document["values"]]
    apart = [r for r in drawn.rows if r["partial"]]
    # The two reports of January–May 2017 give the same 21: one mark, both sources.
    assert [(r["label"], r["value"]) for r in apart] == [("January–May 2017 (partial year)", 21)]
    assert sorted(apart[0]["sources"]) == sorted(a["source"] for a in document["apart"])
    assert any("not one calendar year" in note for note in drawn.notes)


def test_a_contradicted_value_is_marked_and_its_note_names_the_other_values(facts: FactBase) -> None:
    row = by_label(chart(facts, "arrests").rows)["2024"]
    assert row["text"] == "95*"
    assert sorted(c["value"] for c in row["conflict"]) == [119, 122]
    (note,) = [n for n in chart(facts, "arrests").notes if n.startswith("* 2024")]
    assert "119 (lawalawfirm-2024)" in note and "122 (rfa-2025-01-28)" in note and "drawn: 95" in note


def test_a_year_without_a_figure_is_a_gap(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    drawn = chart(with_figures(facts_data, write_facts, ARRESTS_2021), "arrests")
    rows = by_label(drawn.rows)
    assert [r["year"] for r in drawn.rows if not r["partial"]] == [2021, 2022, 2023, 2024]
    assert rows["2022"]["value"] is None and rows["2022"]["text"] == ""  # never 0
    assert rows["2021"]["text"] == "40"
    assert "No figure for 2022: a gap, not zero." in drawn.notes


def test_a_bound_is_kept_as_a_bound(facts: FactBase) -> None:
    drawn = chart(facts, "female_victims")  # the shipped "At least 21 of the victims were women" (2024)
    row = by_label(drawn.rows)["2024"]
    assert (row["value"], row["bound"], row["text"]) == (21, "at-least", "≥ 21")
    assert "Open bars are bounds, not counts: 2024 at least 21." in drawn.notes


def test_the_tier_chart_has_every_report_year_and_its_gaps(facts: FactBase) -> None:
    drawn = chart(facts, "tier")
    document = tiers(facts).document
    placed = {t["report_year"]: t["placement"] for t in document["tiers"]}
    assert [r["year"] for r in drawn.rows] == list(range(min(placed), max(placed) + 1))
    assert {r["year"]: r["placement"] for r in drawn.rows if r["placement"]} == placed
    assert [r["year"] for r in drawn.rows if r["placement"] is None] == document["gaps"]
    assert drawn.levels[0] == "Tier 1"


def test_the_pipeline_chart_has_every_stage_of_every_year(facts: FactBase) -> None:
    drawn = chart(facts, "pipeline")
    years = pipeline(facts).document["years"]
    for year in years:
        for stage in drawn.series:
            (row,) = [r for r in drawn.rows if r["stage"] == stage["key"] and r["label"] == str(year["period"])]
            assert row["value"] == year[stage["key"]]
    # 2016 has no incidents figure: a gap, and the note says a dash is not zero.
    assert by_label([r for r in drawn.rows if r["stage"] == "incidents_investigated"])["2016"]["value"] is None
    assert any("a gap, not zero" in note for note in drawn.notes)
    assert [r["label"] for r in drawn.rows if r["partial"]] == ["2022 (period inferred)"]


def test_a_year_of_the_pipeline_without_any_stage_is_a_gap(facts: FactBase) -> None:
    """The pipeline view has no 2015 (no stage has a figure): the chart still draws the year, every stage a dash."""
    drawn = chart(facts, "pipeline")
    given = {year["period"] for year in pipeline(facts).document["years"]}
    full = [r for r in drawn.rows if not r["partial"]]
    assert sorted({r["year"] for r in full}) == list(range(min(given), max(given) + 1))
    missing = sorted(set(range(min(given), max(given) + 1)) - given)
    assert missing == [2015]
    assert {r["value"] for r in full if r["year"] == 2015} == {None} and len([r for r in full if r["year"] == 2015]) \
        == len(drawn.series)
    assert "No figure of any stage for 2015: a gap, not zero." in drawn.notes


@pytest.mark.parametrize("what", ["arrests", "tier", "pipeline"])
def test_under_every_chart_the_sources_the_definition_and_the_data(facts: FactBase, what: str) -> None:
    footer = chart(facts, what).footer
    assert footer[-3].startswith("Source: ")
    assert footer[-1] == f"laos-tip {__version__}, data sha256 {facts.sha256}"
    assert footer[-2]


def test_the_source_line_names_the_sources_of_the_values_drawn(facts: FactBase) -> None:
    line = chart(facts, "arrests").source
    publishers = {s.publisher for s in facts.sources_among(s["id"] for s in trend(facts, "arrests").document["sources"])}
    assert all(publisher in line for publisher in publishers)


def test_unknown_names_and_metrics_without_figures_are_refused(facts: FactBase) -> None:
    with pytest.raises(UnknownKeyError, match="did you mean 'arrests'"):
        chart(facts, "arests")
    with pytest.raises(NoDataError, match="no figures for boys_under_18"):
        chart(facts, "boys_under_18")
    assert "boys_under_18" not in names(facts) and {"arrests", "tier", "pipeline"} <= set(names(facts))


def test_figures_apart_that_disagree_are_each_drawn_and_named(facts: FactBase) -> None:
    """No source outranks another for January–May 2017's cases: 16 and 13 are both drawn, each with its source."""
    drawn = chart(facts, "cases")
    apart = [r for r in drawn.rows if r["partial"]]
    assert sorted((r["value"], r["text"], tuple(r["sources"])) for r in apart) == [
        (13, "13*", ("vientiane-times-ann-2017",)), (16, "16*", ("laotiantimes-2017-06-19",))]
    assert all(r["label"].endswith(r["sources"][0]) for r in apart)
    assert ("* January–May 2017 (partial year): the sources disagree, each value is drawn: "
            "16 (laotiantimes-2017-06-19); 13 (vientiane-times-ann-2017).") in drawn.notes
