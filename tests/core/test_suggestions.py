""""Did you mean": the closest ids to a misspelt one, in time linear in the file (issue 22, part 6)."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from laos_tip.core.errors import FactFileError, Suggester, suggest
from laos_tip.core.problems import Code
from laos_tip.factfile.pipeline import load


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of choices each call of difflib.get_close_matches compares a misspelt word with."""
    calls: list[int] = []
    real = difflib.get_close_matches

    def counting(word: Any, possibilities: Any, *args: Any, **kwargs: Any) -> Any:
        possibilities = list(possibilities)
        calls.append(len(possibilities))
        return real(word, possibilities, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counting)
    return calls


def misspelt_file(facts_data: dict[str, Any], count: int, same: bool) -> dict[str, Any]:
    template = dict(facts_data["sources"][0])
    for n in range(count):
        facts_data["sources"].append(dict(template, id=f"report-{n}", title=f"Report {n}"))
        facts_data["figures"].append({
            "metric": "arrests", "period": 2024, "value": 1_000 + n, "source": "reprot-0" if same else f"reprot-{n}",
            "quote": f"Report {n} says the police arrested {1_000 + n} suspects.",
        })
    return facts_data


def problems_of(path: Path) -> list[Any]:
    with pytest.raises(FactFileError) as raised:
        load(str(path))
    return raised.value.problems


def test_a_few_choices_are_all_compared_as_difflib_does() -> None:
    choices = ["arrests", "cases", "victims", "girls_under_18"]
    assert suggest("arrestz", choices) == difflib.get_close_matches("arrestz", choices, n=3, cutoff=0.6)
    assert suggest("nothing-like-it", choices) == []


@pytest.mark.parametrize("typo", ["reprot-1234", "report-1x234", "rEport-1234", "eport-1234",
                                  "report-1234x", "report_1234"])
def test_many_choices_still_find_a_typo_a_missing_an_extra_or_a_swapped_character(typo: str) -> None:
    choices = [f"report-{n}" for n in range(1_000, 2_000)]
    assert "report-1234" in Suggester(choices).closest(typo)


def test_a_word_far_from_every_one_of_many_choices_gets_no_suggestion() -> None:
    assert Suggester([f"report-{n}" for n in range(1_000)]).closest("arrests") == []


def test_each_misspelt_id_is_compared_with_a_bounded_number_of_sources(
        facts_data: dict[str, Any], write_facts: Any, compared: list[int]) -> None:
    count = 400
    problems = problems_of(write_facts(misspelt_file(facts_data, count, same=False)))
    unknown = [p for p in problems if p.code is Code.UNKNOWN_REFERENCE]
    assert len(unknown) == count
    assert all("did you mean 'report-" in p.message for p in unknown)
    assert "did you mean 'report-399'?" in unknown[-1].message
    # Not every source for every reference (400 x 400 + ...): a bounded few for each.
    assert len(compared) == count and max(compared) <= 64, (len(compared), max(compared))


def test_an_id_misspelt_the_same_way_many_times_is_looked_up_once(
        facts_data: dict[str, Any], write_facts: Any, compared: list[int]) -> None:
    problems = problems_of(write_facts(misspelt_file(facts_data, 300, same=True)))
    assert sum(p.code is Code.UNKNOWN_REFERENCE for p in problems) == 300
    assert len(compared) == 1
