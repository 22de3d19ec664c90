"""Derived ratios against hand calculations, and their caveats, bounds and missing values."""

from __future__ import annotations

from fractions import Fraction

import pytest

from laos_tip.core import ratios
from laos_tip.load.pipeline import load

from conftest import FACTS

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
