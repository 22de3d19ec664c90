"""Independent sources: a republication (republishes) backs a value but never raises the independent count."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import FACTS, run_main
from laos_tip.factfile.report import check_file
from laos_tip.export import export
from laos_tip.factfile.pipeline import load
from laos_tip.views import summary as views_summary

FACTBASE = load(str(FACTS))
IANS = "ians-lokmat-2025-08-06"


def test_ians_republishes_xinhua_with_its_own_sentences() -> None:
    source = FACTBASE.source(IANS)
    assert source.republishes == "xinhua-2025-01-30"
    assert source.date == datetime.date(2025, 8, 6)
    claims = {f.metric: f for f in FACTBASE.figures if f.source == IANS}
    assert {k: f.value for k, f in claims.items()} == {
        "cases": 46, "arrests": 95, "victims": 85, "girls_under_18": 40, "counselled_at_centres": 127,
        "females_reunited": 104, "at_risk_counselled": 962, "counselling_occasions": 54}
    # The page's own spelling, not Xinhua's "centers".
    assert "at protection centres established" in claims["counselled_at_centres"].quote
    assert claims["at_risk_counselled"].quote == (
        "Additionally, 962 individuals at potential risk of human trafficking received both face-to-face and "
        "hotline counseling on 54 occasions.")


def test_arrests_2024_three_conflicting_reports_and_the_independent_count() -> None:
    headline = FACTBASE.headline("arrests", 2024)
    assert headline is not None and headline.value == 95
    assert sorted(c.value for c in headline.contradicting) == [119, 122]
    assert len(headline.backing) == 4
    assert headline.independent_source_count == 3  # IANS counts with Xinhua


def test_a_republication_never_raises_the_count(facts_data: dict[str, Any],
                                                write_facts: Callable[..., Path]) -> None:
    for source in facts_data["sources"]:
        if source["id"] == IANS:
            del source["republishes"]
    assert load(str(write_facts(facts_data))).headline("arrests", 2024).independent_source_count == 4


def test_every_output_carries_the_independent_count() -> None:
    summary = json.loads(run_main("summary", "--json").stdout)
    arrests = next(f for f in summary["figures"] if f["key"] == "arrests")
    assert (arrests["source_count"], arrests["independent_source_count"]) == (4, 3)
    got = json.loads(run_main("get", "arrests", "--json").stdout)
    assert got["item"]["independent_source_count"] == 3
    trend = json.loads(run_main("trend", "arrests", "--json").stdout)
    assert trend["values"][-1]["independent_source_count"] == 3
    check = json.loads(run_main("check", "--json").stdout)
    finding = next(f for f in check["findings"] if f["key"] == "arrests")
    assert finding["independent_source_count"] == 3
    assert "(3 independent)" in run_main("check").stdout
    csv = run_main("summary", "--format", "csv").stdout.splitlines()
    assert "independent_source_count" in csv[0].split(",")
    row = views_summary.summary(FACTBASE, 2024).rows[1]
    column = next(c for c in views_summary.summary(FACTBASE, 2024).columns if c.key == "source_count")
    assert column.show(row) == "4 (3 independent)"


def test_the_export_headline_table_has_the_count(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    export(FACTBASE, str(path))
    document = json.loads(path.read_text(encoding="utf-8"))
    table = document["headline"] if "headline" in document else document["tables"]["headline"]
    arrests = next(r for r in table if r["key"] == "arrests" and r["period"] == 2024)
    assert arrests["independent_source_count"] == 3


def test_republishes_must_name_a_source_and_never_loop(facts_data: dict[str, Any],
                                                       write_facts: Callable[..., Path]) -> None:
    ians = next(s for s in facts_data["sources"] if s["id"] == IANS)
    ians["republishes"] = "xinhua-2025-01-3"
    problems = check_file(str(write_facts(facts_data)), "f").problems
    assert [p.code for p in problems] == ["unknown-reference"] and "xinhua-2025-01-30" in problems[0].message
    ians["republishes"] = "xinhua-2025-01-30"
    next(s for s in facts_data["sources"] if s["id"] == "xinhua-2025-01-30")["republishes"] = IANS
    problems = check_file(str(write_facts(facts_data)), "f").problems
    assert [p.code for p in problems] == ["bad-reference", "bad-reference"]
    assert all("republishing itself" in p.message for p in problems)
