"""Validation that means what it says (issue 22, part 5): a part never larger than its whole, whichever
sources give them; a value found in its quote only as a number of its own; partner names as whole
words, compared in one normal form; country codes checked against ISO 3166-1."""

from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import cli_json, run_main
from laos_tip.core import comparing, countries
from laos_tip.core.errors import FactFileError
from laos_tip.factfile.numbers import quote_holds
from laos_tip.factfile.pipeline import load


def add_source(data: dict[str, Any], source_id: str, reliability: str = "secondary") -> None:
    data["sources"].append({
        "id": source_id, "publisher": f"Publisher {source_id}", "title": "A report", "url": "https://example.org/r",
        "date": datetime.date(2025, 2, 1), "authority": "Someone", "reliability": reliability,
    })


def add_figure(data: dict[str, Any], metric: str, period: int, value: int, source: str) -> None:
    data["figures"].append({"metric": metric, "period": period, "value": value, "source": source,
                            "quote": f"The report counted {value} for that."})


def codes_of(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(FactFileError) as raised:
        load(str(path))
    return [(p.code.value, p.path) for p in raised.value.problems]


# A part and its whole from different sources


def test_a_part_from_one_source_larger_than_its_whole_in_every_other_is_a_located_problem(
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    # 2023: the shipped file has 22 female victims, 16 of them girls (Vientiane Times), and no victims; another
    # source says 10 victims.
    add_source(facts_data, "other-2025")
    add_figure(facts_data, "victims", 2023, 10, "other-2025")
    path = write_facts(facts_data)
    problems = codes_of(path)
    assert [code for code, _ in problems] == ["part-exceeds-whole"]
    assert problems[0][1].endswith(".value")
    with pytest.raises(FactFileError) as raised:
        load(str(path))
    message = raised.value.problems[0].message
    assert message.startswith("female_victims (22, vientiane-times-2025-01) (breakdown 'sex') is larger than victims "
                              "(at most 10 in any source)")


@pytest.mark.parametrize(("bound", "refused"), [(None, True), ("at-least", False), ("up-to", True),
                                                ("about", False)])
def test_a_whole_given_as_a_bound_is_compared_for_what_it_says_at_most(
        facts_data: dict[str, Any], write_facts: Callable[..., Path], bound: str | None, refused: bool) -> None:
    add_source(facts_data, "other-2025")
    add_figure(facts_data, "victims", 2023, 10, "other-2025")
    if bound is not None:
        words = {"at-least": "At least 10", "up-to": "Up to 10", "about": "About 10"}[bound]
        facts_data["figures"][-1].update(bound=bound, as_written=words, quote=f"The report counted: {words} victims.")
    path = write_facts(facts_data)
    if refused:
        assert [code for code, _ in codes_of(path)] == ["part-exceeds-whole"]
    else:
        load(str(path))


def test_a_part_of_the_whole_year_is_not_compared_with_a_whole_of_some_months(
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    add_source(facts_data, "other-2025")
    add_figure(facts_data, "victims", 2023, 10, "other-2025")
    facts_data["figures"][-1].update(period_from=datetime.date(2023, 1, 1), period_to=datetime.date(2023, 3, 31))
    load(str(write_facts(facts_data)))


def test_a_share_is_never_over_100_percent_when_the_headlines_come_from_sources_that_disagree(
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    # Some choice of sources agrees (22 female victims of 30), so the file loads; the headline shows 10 victims.
    add_source(facts_data, "other-a", "primary")
    add_source(facts_data, "other-b", "secondary")
    add_figure(facts_data, "victims", 2023, 10, "other-a")
    add_figure(facts_data, "victims", 2023, 30, "other-b")
    path = write_facts(facts_data)
    facts = load(str(path))
    assert facts.value("victims", 2023) == 10 and facts.value("girls_under_18", 2023) == 16
    ratio = next(r for r in cli_json("ratios", "--json", "--year", "2023", "--facts", str(path))["ratios"]
                 if r["key"] == "minor_victim_share")
    assert ratio["value"] is None or ratio["value"] <= 1
    assert "disagree" in ratio["reason"] and "(16) are more than victims in recorded cases (10)" in ratio["reason"]
    table = run_main("ratios", "--year", "2023", "--facts", str(path))
    assert table.returncode == 0 and "160" not in table.stdout and "%" not in table.stdout.split("minor")[-1][:40]


# A number of its own


@pytest.mark.parametrize(("quote", "written"), [
    ("In 2024, the police arrested many people.", "2024"),
    ("Since 2019 the number has grown.", "2019"),
    ("The report (2024) counts them.", "2024"),
    ("On January 30, 2025, the police reported the cases.", "30"),
    ("On 30 January 2025 the police reported the cases.", "30"),
    ("The figures of 12 May were published.", "12"),
    ("See https://example.org/reports/12/summary for the cases.", "12"),
    ("See www.example.org/12 for the cases.", "12"),
    ("Published 2024-12-01 by the police.", "12"),
    ("Published 01/12/2024 by the police.", "12"),
    ("Between 12–15 victims were found.", "12"),
    ("The police counted 1,962 victims.", "962"),
    ("The police counted 9620 victims.", "962"),
])
def test_a_number_inside_a_year_a_date_a_url_or_a_longer_number_is_not_the_figure(quote: str, written: str) -> None:
    assert not quote_holds(quote, written)


@pytest.mark.parametrize(("quote", "written"), [
    ("The police arrested 2024 people.", "2024"),
    ("On January 30, 2025, the police reported 30 cases.", "30"),
    ("The police reported 12 cases in May.", "12"),
    ("In 2024, the police arrested 962 people (see https://example.org/962x).", "962"),
    ("The police found 13 victims; June, 13 cases.", "13"),
    ("A total of 85.", "85"),
])
def test_a_number_of_its_own_is_found(quote: str, written: str) -> None:
    assert quote_holds(quote, written)


@given(st.integers(min_value=1, max_value=31), st.sampled_from([
    "In {n}, it was said.", "On January {n}, 2025 it was said.", "On {n} March 2025 it was said.",
    "See https://example.org/{n}/a for it.", "Dated 2025-{n}-01.", "Dated {n}/01/2025.", "It was 1{n}0 people.",
]))
def test_generated_quotes_that_hold_a_number_only_inside_something_else(n: int, template: str) -> None:
    written = str(n if "In {n}" not in template else 2000 + n)
    quote = template.format(n=written)
    assert not quote_holds(quote, written)
    assert quote_holds(f"{quote} Then {written} victims.", written)


def test_a_figure_whose_quote_has_its_value_only_as_the_year_is_refused(
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    add_source(facts_data, "other-2025")
    add_figure(facts_data, "arrests", 2024, 2024, "other-2025")
    facts_data["figures"][-1]["quote"] = "In 2024, the police arrested many suspects."
    assert codes_of(write_facts(facts_data)) == [("quote-mismatch", f"figures[{len(facts_data['figures']) - 1}].quote")]


# Names compared as whole words, in one normal form


def test_a_partner_is_not_named_by_a_longer_name_that_holds_it(
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    partner = facts_data["partners"][0]
    partner.update(name="Niger", alpha2="NE", alpha3="NER", quote="Laos repatriated victims from Nigeria.")
    assert codes_of(write_facts(facts_data)) == [("quote-mismatch", "partners[0].quote")]
    partner["quote"] = "Laos repatriated victims from Niger."
    load(str(write_facts(facts_data)))


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_a_name_matches_its_quote_whichever_normal_form_either_is_typed_in(
        facts_data: dict[str, Any], write_facts: Callable[..., Path], form: str) -> None:
    name = "Côte d'Ivoire"
    other = "NFD" if form == "NFC" else "NFC"
    facts_data["partners"][0].update(name=unicodedata.normalize(form, name), alpha2="CI", alpha3="CIV",
                                      quote=unicodedata.normalize(other, f"Laos worked with {name} on two cases."))
    facts = load(str(write_facts(facts_data)))
    assert facts.partners[0].country.name == unicodedata.normalize(form, name)  # the data is never changed


def test_one_function_normalises_every_comparison() -> None:
    composed, decomposed = "é", "e\u0301"
    assert comparing.same(composed) == comparing.same(decomposed)
    assert comparing.holds_word(f"in {decomposed}tat", f"{composed}tat")
    assert not comparing.holds_word("Côte", "Cot")
    assert not comparing.holds_word("e\u0301", "e")  # a mark changes the letter: "e" is not a word of "é"
    assert quote_holds(comparing.same("12 cafe\u0301s"), "12")


# ISO 3166-1


@pytest.mark.parametrize(("change", "expected"), [
    ({"alpha2": "ZZ"}, [("unknown-country", "neighbours[0].alpha2")]),
    ({"alpha3": "ZZZ"}, [("unknown-country", "neighbours[0].alpha3")]),
    ({"alpha2": "ZZ", "alpha3": "ZZZ"}, [("unknown-country", "neighbours[0].alpha2"),
                                         ("unknown-country", "neighbours[0].alpha3")]),
    ({"alpha2": "VN", "alpha3": "THA"}, [("country-mismatch", "neighbours[0].alpha3")]),
    ({"name": "Thailand", "alpha2": "VN", "alpha3": "VNM"}, [("country-mismatch", "neighbours[0].name")]),
    ({"name": "thailand", "alpha2": "VN", "alpha3": "VNM"}, [("country-mismatch", "neighbours[0].name")]),
])
def test_codes_are_checked_against_iso_3166(facts_data: dict[str, Any], write_facts: Callable[..., Path],
                                            change: dict[str, str], expected: list[tuple[str, str]]) -> None:
    facts_data["neighbours"][0].update(change)
    assert sorted(codes_of(write_facts(facts_data))) == sorted(expected)


def test_a_name_the_standard_spells_otherwise_is_accepted_when_its_codes_agree() -> None:
    assert countries.problems("Vietnam", "VN", "VNM") == []
    assert countries.problems("Laos", "LA", "LAO") == []
    assert countries.problems("Lao People's Democratic Republic", "LA", "LAO") == []


def test_the_list_is_pycountrys() -> None:
    import pycountry

    ours = {(c.alpha2, c.alpha3, c.name) for c in countries.standard()}
    assert ours == {(c.alpha_2, c.alpha_3, c.name) for c in pycountry.countries}
    assert len(ours) >= 249


def test_check_names_the_problem_and_its_meaning(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    facts_data["neighbours"][0].update(alpha2="VN", alpha3="THA")
    result = run_main("check", str(write_facts(facts_data)))
    assert result.returncode == 1
    assert "'THA' is the alpha-3 code of Thailand, but 'VN' is Viet Nam" in result.stdout
