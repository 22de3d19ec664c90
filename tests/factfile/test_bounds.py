"""Bounded and approximate figures: "At least 21" is a lower bound, checked against its words, shown with its sign."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FACTS, cli_json, run_main
from laos_tip.core.model import BOUNDS, bound_fits, bound_sign
from laos_tip.factfile.numbers import split_bound
from laos_tip.factfile.pipeline import load
from laos_tip.factfile.report import check_file

LAWA = "lawalawfirm-2024"
QUOTE = "At least 21 of the victims were women, and 12 of them were under the age of 18."
LAWA_FIGURES = [
    {"metric": "female_victims", "period": 2024, "value": 21, "bound": "at-least", "as_written": "At least 21",
     "source": LAWA, "quote": QUOTE},
    {"metric": "girls_under_18", "period": 2024, "value": 12, "source": LAWA, "quote": QUOTE},
]


@pytest.fixture
def bounded() -> Path:
    """The shipped facts, which hold the lawalawfirm sentence as a lower bound (21) and a part of it (12)."""
    return FACTS


def _codes(path: Path) -> list[str]:
    return [p.code for p in check_file(str(path), str(path)).problems]


def _bounded(facts_data: dict[str, Any]) -> dict[str, Any]:
    """The shipped claim of at least 21 women victims, to be broken by a test."""
    return next(f for f in facts_data["figures"] if f.get("bound") == "at-least" and f["source"] == LAWA)


def test_the_lawalawfirm_sentence_is_a_lower_bound_and_a_part(bounded: Path) -> None:
    facts = load(str(bounded))
    shipped = [{k: v for k, v in f.items() if k != "note"} for f in yaml.safe_load(bounded.read_text(encoding="utf-8"))[
        "figures"] if f["source"] == LAWA and f["metric"] in {"female_victims", "girls_under_18"}]
    assert [{**f, "quote": " ".join(f["quote"].split())} for f in shipped] == LAWA_FIGURES
    (women,) = [f for f in facts.figures if f.source == LAWA and f.metric == "female_victims"]
    assert (women.value, women.bound, women.as_written, women.quote) == (21, "at-least", "At least 21", QUOTE)
    (girls,) = [f for f in facts.figures if f.source == LAWA and f.metric == "girls_under_18"]
    assert (girls.value, girls.bound, girls.quote) == (12, None, QUOTE)


@pytest.mark.parametrize("written, bound, number", [
    ("At least 21", "at-least", "21"), ("more than 1,680", "more-than", "1,680"), ("over 2,500", "more-than", "2,500"),
    ("up to 400", "up-to", "400"), ("as many as 400", "up-to", "400"), ("fewer than 2,800", "fewer-than", "2,800"),
    ("about 200", "about", "200"), ("nearly 1,000", "about", "1,000"), ("some 200", "about", "200"),
    ("21", None, "21"), ("Eighteen", None, "Eighteen"),
])
def test_split_bound(written: str, bound: str | None, number: str) -> None:
    assert split_bound(written) == (bound, number)


def test_signs_and_compatibility() -> None:
    assert [bound_sign(b) for b in BOUNDS] == ["≥", ">", "≤", "<", "≈"] and bound_sign(None) == ""
    assert bound_fits("at-least", 21, 40) and bound_fits("at-least", 21, 21) and not bound_fits("at-least", 21, 20)
    assert bound_fits("more-than", 1680, 1681) and not bound_fits("more-than", 1680, 1680)
    assert bound_fits("up-to", 400, 400) and not bound_fits("up-to", 400, 401)
    assert bound_fits("fewer-than", 2800, 2799) and not bound_fits("fewer-than", 2800, 2800)
    assert bound_fits("about", 200, 200) and not bound_fits("about", 200, 198)  # shown beside it, never hidden


def test_a_bound_without_its_word_is_refused(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    _bounded(facts_data)["as_written"] = "21"
    assert "bound-without-word" in _codes(write_facts(facts_data))


def test_another_bound_than_the_words_say_is_refused(facts_data: dict[str, Any],
                                                     write_facts: Callable[..., Path]) -> None:
    _bounded(facts_data)["bound"] = "about"
    path = write_facts(facts_data)
    assert "bound-without-word" in _codes(path)
    done = run_main("check", str(path))
    assert done.returncode == 1 and "bound 'about', but as_written 'At least 21' does not open with its words" in done.stdout


def test_a_bound_word_without_a_bound_is_refused(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    del _bounded(facts_data)["bound"]
    path = write_facts(facts_data)
    assert _codes(path) == ["word-without-bound"]
    done = run_main("summary", "--facts", str(path))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "'At least 21' says 'at least', so the value is not exact: give its bound (bound: at-least)" in done.stderr


def test_an_unknown_bound_is_refused(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    _bounded(facts_data)["bound"] = "roughly"
    problems = check_file(str(write_facts(facts_data)), "f.yaml").problems
    assert [p.path for p in problems] == [p.path for p in problems if p.path.endswith(".bound")] and problems


def test_a_bound_is_never_a_headline_as_if_exact(bounded: Path) -> None:
    facts = load(str(bounded))
    headline = facts.headline("female_victims", 2024)
    assert headline is not None and (headline.value, headline.bound) == (21, "at-least")
    # An exact figure outranks a bound, and a bound the exact value fits is no conflict:
    girls = facts.headline("girls_under_18", 2024)
    assert girls is not None and girls.bound is None and girls.value == 40
    assert [(c.source, c.value) for c in girls.contradicting] == [(LAWA, 12)]  # an exact 12 against 40


def test_every_output_shows_the_bound(bounded: Path) -> None:
    given = ("--facts", str(bounded))
    summary = run_main("summary", *given).stdout
    line = next(line for line in summary.splitlines() if "Female victims in recorded cases" in line)
    assert "≥ 21" in line
    document = cli_json("summary", "--json", *given)
    row = next(f for f in document["figures"] if f["key"] == "female_victims")
    assert (row["value"], row["bound"]) == (21, "at-least")
    assert row["claims"][0]["bound"] == "at-least" and row["claims"][0]["as_written"] == "At least 21"
    exact = next(f for f in document["figures"] if f["key"] == "victims")
    assert exact["bound"] is None
    table = list(csv.DictReader(io.StringIO(run_main("summary", "--format", "csv", *given).stdout, newline="")))
    assert next(r for r in table if r["key"] == "female_victims")["bound"] == "at-least"
    assert next(r for r in table if r["key"] == "victims")["bound"] == ""
    markdown = run_main("summary", "--format", "markdown", *given).stdout
    assert "≥ 21" in next(line for line in markdown.splitlines() if "female_victims" in line)
    done = run_main("get", "female_victims", *given)
    assert done.stdout == "21\n" and "at-least 21, not an exact count" in done.stderr
    assert json.loads(run_main("get", "female_victims", "--json", *given).stdout)["item"]["bound"] == "at-least"


def test_the_export_carries_the_bound(bounded: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    assert run_main("export", str(path), "--facts", str(bounded)).returncode == 0
    with sqlite3.connect(path) as db:
        assert db.execute("select value, bound from headline where key = 'female_victims' and period = 2024"
                          ).fetchall() == [(21, "at-least")]
        assert db.execute("select value, bound, as_written from claims where source = ? and key = 'female_victims'",
                          (LAWA,)).fetchall() == [(21, "at-least", "At least 21")]
        assert db.execute("select count(*) from claims where bound is not null and source = ?",
                          (LAWA,)).fetchone() == (1,)


def test_a_ratio_of_a_bound_is_not_computed_and_says_why(facts_data: dict[str, Any],
                                                         write_facts: Callable[..., Path]) -> None:
    # Only Xinhua gives the victims of 2024, and says "more than 85".
    facts_data["figures"] = [f for f in facts_data["figures"] if not (
        f["metric"] == "victims" and f["period"] == 2024 and f["source"] != "xinhua-2025-01-30")]
    for figure in facts_data["figures"]:
        if figure["metric"] == "victims" and figure["period"] == 2024:
            figure.update(bound="more-than", as_written="more than 85",
                          quote=figure["quote"].replace("85 victims", "more than 85 victims"))
    facts = load(str(write_facts(facts_data)))
    headline = facts.headline("victims", 2024)
    assert headline is not None and headline.bound == "more-than"
    from laos_tip.core import ratios

    shares = [ratios.compute(d, facts, 2024) for d in ratios.RATIOS
              if any("victims" in (*v.numerator, v.denominator) for v in d.variants)]
    assert shares
    for ratio in shares:
        assert ratio.value is None and ratio.reason and "is a bound, not an exact count" in ratio.reason


def test_compare_and_trend_never_treat_a_bound_as_exact(bounded: Path) -> None:
    facts = load(str(bounded))
    document = cli_json("compare", "2023", "2024", "--json", "--facts", str(bounded))
    assert "female_victims" not in {c["key"] for c in document["compared"]}
    (entry,) = [n for n in document["not_compared"] if n["key"] == "female_victims"]
    assert (entry["period"], entry["value"]) == (2024, 21)
    assert entry["reason"] == "2024 is a bound (at-least 21), not an exact count: not compared"
    from laos_tip.views import compare as views_compare
    from laos_tip.views import trend as views_trend

    view = views_compare.compare(facts, 2023, 2024)
    row = next(cells for r, cells in zip(view.rows, view.cells, strict=True) if r["key"] == "female_victims")
    assert "≥ 21" in row and "22" in row
    trend = views_trend.trend(facts, "female_victims")
    bar = next(c for c in trend.columns if c.key == "bar")
    bounded = next(r for r in trend.rows if r["period"] == 2024)
    assert bounded["bound"] == "at-least" and bar.show(bounded) == ""
    assert next(c for c in trend.columns if c.key == "value").show(bounded) == "≥ 21"
