"""``laos-tip ratios``: exact and bounded ratios over the years, in JSON and in the table."""

from __future__ import annotations

from typing import Any


from laos_tip.core import ratios
from conftest import cli_json


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
