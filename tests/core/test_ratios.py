"""Derived ratios: hand calculations, caveats, bounds and missing values (laos_tip.core.ratios),
convictions per prosecution (cases by cases, never persons by cases), and ``laos-tip ratios``
(exact and bounded ratios over the years, in JSON and in the table)."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest

from conftest import FACTS, cli_json, run_main
from laos_tip.core import ratios
from laos_tip.core import ratios as ratio_math
from laos_tip.factfile.pipeline import load


#: (key, numerator, denominator) worked out by hand from the article.
HAND = [
    ("arrests_per_case", 95, 46),
    ("victims_per_case", 85, 46),
    ("minor_victim_share", 40, 85),
    ("arrests_per_victim", 95, 85),
    ("counselled_per_occasion", 962, 54),
]


@pytest.fixture(scope="module")
def computed() -> dict[str, ratios.Ratio]:
    facts = load(str(FACTS))
    return {r.definition.key: r for r in ratios.compute_all(facts, 2024)}


@pytest.mark.parametrize(("key", "numerator", "denominator"), HAND)
def test_ratio_matches_hand_calculation(computed: dict[str, ratios.Ratio], key: str, numerator: int,
                                        denominator: int) -> None:
    ratio = computed[key]
    assert ratio.numerator_value == numerator
    assert ratio.denominator.value == denominator
    assert ratio.value == numerator / denominator  # full precision, no rounding
    assert Fraction(ratio.value).limit_denominator(1000) == Fraction(numerator, denominator)


def test_hand_values_to_the_digits_people_read(computed: dict[str, ratios.Ratio]) -> None:
    assert f"{computed['arrests_per_case'].value:.2f}" == "2.07"
    assert f"{computed['victims_per_case'].value:.2f}" == "1.85"
    assert f"{computed['minor_victim_share'].value:.1%}" == "47.1%"
    assert f"{computed['arrests_per_victim'].value:.2f}" == "1.12"
    assert f"{computed['counselled_per_occasion'].value:.2f}" == "17.81"


def test_minor_share_is_a_lower_bound_because_boys_are_not_reported(computed: dict[str, ratios.Ratio]) -> None:
    share = computed["minor_victim_share"]
    assert share.bound == "lower"
    assert "girls under 18 only" in share.caveats[0]
    assert "boys under 18" in share.caveats[0]
    assert [t.value for t in share.numerator] == [40, None]


def test_arrests_per_case_says_it_is_not_a_rate(computed: dict[str, ratios.Ratio]) -> None:
    caveat = " ".join(computed["arrests_per_case"].caveats)
    assert "not a rate" in caveat
    assert "not prosecutions or convictions" in caveat
    assert computed["arrests_per_case"].bound == "exact"


def test_no_ratio_divides_separate_counts_by_the_victims() -> None:
    for definition in ratios.RATIOS:
        for numerator in definition.numerator:
            for first, second, _ in ratios.UNRELATED:
                assert {numerator, definition.denominator} != {first, second}, definition.key


def test_ratio_keys_are_unique() -> None:
    keys = [d.key for d in ratios.RATIOS]
    assert len(keys) == len(set(keys))


def _with_value(facts_data: dict, metric: str, value: int) -> dict:  # type: ignore[type-arg]
    for figure in facts_data["figures"]:
        if figure["metric"] == metric:
            figure["value"] = value
            figure["quote"] = f"There were {value} of them."
    return facts_data


def test_zero_denominator_gives_no_value_and_a_reason(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts = load(str(write_facts(_with_value(facts_data, "cases", 0))))
    per_case = {r.definition.key: r for r in ratios.compute_all(facts, 2024)}["arrests_per_case"]
    assert per_case.value is None and per_case.bound is None
    assert "zero" in (per_case.reason or "")


def test_missing_denominator_gives_no_value_and_a_reason(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts_data["figures"] = [f for f in facts_data["figures"] if f["metric"] != "counselling_occasions"]
    facts = load(str(write_facts(facts_data)))
    per_occasion = {r.definition.key: r for r in ratios.compute_all(facts, 2024)}["counselled_per_occasion"]
    assert per_occasion.value is None
    assert per_occasion.reason == "no figure for counselling occasions in 2024"


# --- convictions per prosecution -----------------------------------------------------------

FACTBASE = load(str(FACTS))
RATIO = ratio_math.definition("convictions_per_prosecution")


def test_the_values_2016_2018() -> None:
    assert RATIO.key == "convictions_per_prosecution"  # type: ignore[union-attr]
    values = {year: ratio_math.compute(RATIO, FACTBASE, year).value for year in (2016, 2017, 2018)}
    assert values == {2016: 6 / 11, 2017: 8 / 13, 2018: 11 / 12}
    assert ratio_math.compute(RATIO, FACTBASE, 2024).value is None


def test_ratios_2018_shows_it_with_its_caveats() -> None:
    document = json.loads(run_main("ratios", "--year", "2018", "--json").stdout)
    ratio = next(r for r in document["ratios"] if r["key"] == "convictions_per_prosecution")
    assert ratio["value"] == 11 / 12 and ratio["bound"] == "exact"
    assert [t["key"] for t in ratio["terms"]] == ["convictions_cases", "prosecutions_cases"]
    caveats = " ".join(ratio["caveats"])
    assert "Not a conviction rate" in caveats
    assert "In nine cases it was unclear if they met the definition of human trafficking" in caveats
    table = run_main("ratios", "--year", "2018", "--format", "markdown").stdout
    assert "Convictions per prosecution" in table and "0.92" in table
    assert run_main("get", "convictions_per_prosecution", "--year", "2017").stdout == f"{8 / 13!r}\n"


def test_no_ratio_divides_persons_by_cases_or_the_series_by_police_counts() -> None:
    pairs = {(a, b) for a, b, _ in ratio_math.UNRELATED}
    assert {("traffickers_convicted", "prosecutions_cases"), ("convictions_cases", "cases"),
            ("prosecutions_cases", "arrests")} <= pairs
    for definition in ratio_math.RATIOS:
        for variant in definition.variants:
            for numerator in variant.numerator:
                assert (numerator, variant.denominator) not in pairs, definition.key
                units = {FACTBASE.metric(numerator).unit, FACTBASE.metric(variant.denominator).unit}
                if definition.key == "convictions_per_prosecution":
                    assert units == {"cases"}


# --- laos-tip ratios ------------------------------------------------------------------------


def _minor_share(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["ratios"] if r["key"] == "minor_victim_share")


def test_minor_share_is_exact_for_2021():
    share = _minor_share(cli_json("ratios", "--year", "2021", "--json"))
    assert share["value"] == (62 + 13) / 110
    assert share["bound"] == "exact"
    assert share["denominator_value"] == 110
    assert [(t["role"], t["key"]) for t in share["terms"]] == [
        ("numerator", "identified_girls"), ("numerator", "identified_boys"), ("denominator", "identified_victims")]
    # The formula is the one of the variant used, not the main definition's.
    assert share["formula"] == "(identified girls + identified boys) / victims identified by the government"
    assert "complete" in share["caveats"][0]


def test_minor_share_is_a_lower_bound_for_2024():
    share = _minor_share(cli_json("ratios", "--year", "2024", "--json"))
    assert share["value"] == 40 / 85
    assert share["bound"] == "lower"
    assert [t["key"] for t in share["terms"] if t["role"] == "denominator"] == ["victims"]
    assert share["formula"] == "(girls under 18 + boys under 18) / victims"


def test_minor_share_table_labels_the_bound(invoke):
    exact = next(line for line in invoke("ratios", "-y", "2021").output.splitlines() if "Share of minor" in line)
    assert "68.2%" in exact and "exact" in exact and "≥" not in exact
    lower = next(line for line in invoke("ratios").output.splitlines() if "Share of minor" in line)
    assert "≥ 47.1%" in lower and "lower bound" in lower


def test_minor_share_without_figures_says_why(facts):
    share = ratios.compute(ratios.definition("minor_victim_share"), facts, 2023)
    assert share.value is None
    assert share.reason == "no figure for victims in recorded cases in 2023"
