"""``laos-tip compare``: two years compared like with like."""

from __future__ import annotations



from conftest import FACTS, cli_json, run_main
from laos_tip.factfile.pipeline import load


def test_compare_2023_2024_compares_like_with_like():
    document = cli_json("compare", "2023", "2024", "--json")
    assert document["years"] == [2023, 2024]
    compared = {c["key"]: c for c in document["compared"]}
    assert set(compared) == {"arrests", "foreign_arrested", "girls_under_18"}
    assert (compared["arrests"]["earlier"]["value"], compared["arrests"]["later"]["value"]) == (27, 95)
    assert compared["arrests"]["change"] == 68
    assert compared["arrests"]["relative_change"] == 68 / 27
    assert compared["foreign_arrested"]["change"] == 30
    not_compared = {c["key"]: c for c in document["not_compared"]}
    assert not_compared["victims"]["period"] == 2024
    # 22 women victimised in 2023 against "at least 21" in 2024: a bound is not compared with a count.
    assert not_compared["female_victims"]["period"] == 2024
    assert not_compared["female_victims"]["reason"] == "2024 is a bound (at-least 21), not an exact count: not compared"
    # female_victims is in both years now, so no look-alike stands in for victims in 2023.
    assert not_compared["victims"]["related"] == []
    assert not_compared["cases"]["reason"] == "only in 2024"


def test_compare_table_in_process_lists_one_year_metrics_apart(invoke):
    result = invoke("compare", "2024", "2023")  # any order: the change runs from earlier to later
    assert result.exit_code == 0, result.output
    arrests = next(line for line in result.output.splitlines() if "│ arrests " in line)
    assert "+68" in arrests and "+251.9%" in arrests and "compared" in arrests
    victims = next(line for line in result.output.splitlines() if "│ victims " in line)
    assert "only in 2024" in victims
    women = next(line for line in result.output.splitlines() if "│ female_victims " in line)
    assert "22" in women and "≥ 21" in women and "not compared" in women


def test_compare_relative_change_is_null_from_zero():
    document = cli_json("compare", "2020", "2021", "--json")
    foreign = next(c for c in document["compared"] if c["key"] == "identified_foreign_victims")
    assert (foreign["change"], foreign["relative_change"]) == (18, None)
    done = run_main("compare", "2020", "2021")
    row = next(line for line in done.stdout.splitlines() if "identified_foreign_victims" in line)
    assert "n/a" in row


def test_compare_police_and_tip_years_compares_nothing():
    document = cli_json("compare", "2021", "2024", "--json")
    assert document["compared"] == []
    identified = next(c for c in document["not_compared"] if c["key"] == "identified_victims")
    assert {"key": "victims", "label": "Victims in recorded cases", "period": 2024,
            "relation": "counts something else"} in identified["related"]


def test_compare_errors():
    same = run_main("compare", "2024", "2024")
    assert same.returncode == 2
    assert "two different years" in same.stderr
    missing = run_main("compare", "2019", "2024")
    assert missing.returncode == 1
    years = ", ".join(map(str, load(str(FACTS)).periods()))
    assert missing.stderr == f"laos-tip: error: no figures for 2019; years with figures: {years}\n"
