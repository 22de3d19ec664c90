"""Convictions per prosecution: cases by cases, with its caveat; persons never divided by cases."""

from __future__ import annotations

import json

from conftest import FACTS, run_cli
from laos_tip.core import ratios as ratio_math
from laos_tip.load.pipeline import load

FACTBASE = load(str(FACTS))
RATIO = ratio_math.definition("convictions_per_prosecution")


def test_the_values_2016_2018() -> None:
    assert RATIO is not None
    values = {year: ratio_math.compute(RATIO, FACTBASE, year).value for year in (2016, 2017, 2018)}
    assert values == {2016: 6 / 11, 2017: 8 / 13, 2018: 11 / 12}
    assert ratio_math.compute(RATIO, FACTBASE, 2024).value is None


def test_ratios_2018_shows_it_with_its_caveats() -> None:
    document = json.loads(run_cli("ratios", "--year", "2018", "--json").stdout)
    ratio = next(r for r in document["ratios"] if r["key"] == "convictions_per_prosecution")
    assert ratio["value"] == 11 / 12 and ratio["bound"] == "exact"
    assert [t["key"] for t in ratio["terms"]] == ["convictions_cases", "prosecutions_cases"]
    caveats = " ".join(ratio["caveats"])
    assert "Not a conviction rate" in caveats
    assert "In nine cases it was unclear if they met the definition of human trafficking" in caveats
    table = run_cli("ratios", "--year", "2018", "--format", "markdown").stdout
    assert "Convictions per prosecution" in table and "0.92" in table
    assert run_cli("get", "convictions_per_prosecution", "--year", "2017").stdout == f"{8 / 13!r}\n"


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
