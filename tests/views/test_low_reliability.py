"""A headline that only a low-reliability source gives is marked, with a note saying so."""

from __future__ import annotations

import json

from conftest import FACTS, run_main
from laos_tip.factfile.pipeline import load
from laos_tip.core import glyphs as core_glyphs
from laos_tip.views import summary as views_summary

FACTBASE = load(str(FACTS))


def test_the_headline_reliability() -> None:
    assert FACTBASE.headline("female_arrested", 2024).reliability == "low"
    assert FACTBASE.headline("arrests", 2024).reliability == "primary"
    assert FACTBASE.headline("victims_rescued", 2024).reliability == "secondary"


def test_summary_marks_the_row_and_says_why() -> None:
    view = views_summary.summary(FACTBASE, 2024)
    label = next(c for c in view.columns if c.key == "label")
    shown = {r["key"]: label.show(r) for r in view.rows}
    assert shown["female_arrested"] == f"Women among those arrested {core_glyphs.LOW_MARK}"
    assert shown["victims"] == "Victims in recorded cases"  # one reliable source: no mark
    assert shown["arrests"] == f"Arrests {core_glyphs.DISPUTED_MARK}"  # contradicted, by reliable sources
    assert any(n.startswith(f"{core_glyphs.LOW_MARK} only a low-reliability source gives this figure: Women among")
               for n in view.notes)
    assert f"{core_glyphs.LOW_MARK} only a low-reliability source gives this figure." in (view.brief or [])


def test_json_and_csv_carry_the_reliability() -> None:
    document = json.loads(run_main("summary", "--json").stdout)
    assert {f["key"]: f["reliability"] for f in document["figures"]}["foreign_female_arrested"] == "low"
    header = run_main("summary", "--format", "csv").stdout.splitlines()[0].split(",")
    assert "reliability" in header
