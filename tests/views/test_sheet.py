"""The fact sheet's content (views/sheet.py): every figure of the year with its note, the notes' sources and sentences."""

from __future__ import annotations

from laos_tip.core.model import bound_sign

from laos_tip.core.model import FactBase
from laos_tip.views.sheet import sheet


def rows_by_key(facts: FactBase, period: int) -> dict[str, dict[str, object]]:
    built = sheet(facts, period)
    return {row["key"]: row for group in built.figures for row in group["rows"]}


def test_every_headline_figure_of_the_year_is_on_the_sheet_with_its_value_and_unit(facts: FactBase) -> None:
    rows = rows_by_key(facts, 2024)
    expected = {h.metric.id: h for h in facts.headlines(2024)}
    assert set(expected) <= set(rows)
    for key, headline in expected.items():
        sign = bound_sign(headline.bound)  # "At least 21" is shown as the bound it is
        assert rows[key]["value"] == (f"{sign} {headline.value:,}" if sign else f"{headline.value:,}")
        assert rows[key]["unit"] == headline.metric.unit


def test_pillars_come_in_the_order_of_the_four_ps(facts: FactBase) -> None:
    assert [group["pillar"] for group in sheet(facts, 2024).figures] == [
        "Prosecution", "Protection", "Prevention", "Partnership"]


def test_every_figure_points_to_a_note_that_quotes_each_source_and_links_it(facts: FactBase) -> None:
    built = sheet(facts, 2024)
    notes = {note.number: note for note in built.notes}
    assert sorted(notes) == list(range(1, len(notes) + 1))
    arrests = rows_by_key(facts, 2024)["arrests"]
    note = notes[arrests["note"]]  # type: ignore[index]
    headline = facts.headline("arrests", 2024)
    assert headline is not None
    quoted = {" ".join(c.quote.split()) for c in note.claims}
    for figure in (*headline.backing, *headline.contradicting):
        assert " ".join(figure.quote.split()) in quoted
        source = facts.source(figure.source)
        assert any(s.url == source.url for c in note.claims for s in c.sources)
    # The other sources' values are there, marked as disagreeing, never merged into the value shown.
    assert {c.value for c in note.claims if not c.agrees} == {f"{f.value:,} persons" for f in headline.contradicting}


def test_the_same_sentence_printed_by_two_sources_is_one_claim_naming_both(facts: FactBase) -> None:
    built = sheet(facts, 2024)
    cases = next(n for n in built.notes if n.about.startswith("New trafficking cases recorded"))
    wire = [c for c in cases.claims if c.quote.startswith("Laos recorded 46 new human trafficking cases")]
    assert len(wire) == 1 and len(wire[0].sources) == 2


def test_disagreements_name_the_value_shown_and_every_other_value(facts: FactBase) -> None:
    built = sheet(facts, 2024)
    arrests = next(d for d in built.disagreements if d["label"] == "Arrests")
    headline = facts.headline("arrests", 2024)
    assert headline is not None
    assert str(arrests["text"]).startswith(f"{headline.value} persons shown")
    for figure in headline.contradicting:
        assert f"{facts.source(figure.source).publisher} gives {figure.value:,}" in str(arrests["text"])


def test_tier_years_without_a_report_are_gaps_and_the_timeline_marks_each_report_once(facts: FactBase) -> None:
    built = sheet(facts, 2024)
    placed = {t.report_year: t.placement for t in facts.tiers}
    years = list(built.timeline_years)
    assert years == list(range(min(placed), max(placed) + 1))
    gaps = [row["year"] for row in built.tiers if row["gap"]]
    assert gaps == [year for year in years if year not in placed] and gaps
    tier_lines = [line for line in built.timeline if not line["gap"]]
    for index, year in enumerate(years):
        assert sum(line["marks"][index] for line in tier_lines) == (1 if year in placed else 0)


def test_pipeline_gaps_stay_gaps_never_zero(facts: FactBase) -> None:
    built = sheet(facts, 2024)
    for header_index, header in enumerate(built.pipeline_headers):
        for row in built.pipeline:
            cell = row["cells"][header_index]
            if cell["note"] is None:
                assert cell["value"] == "—", (header, row["year"])
            else:
                assert cell["value"] != "—"


def test_ratios_keep_their_bound_and_caveat(facts: FactBase) -> None:
    share = next(r for r in sheet(facts, 2024).ratios if r["label"] == "Share of minor victims")
    assert share["value"].startswith("≥ ") and share["bound"] == "lower bound" and share["caveat"]


def test_another_year_gets_its_own_figures(facts: FactBase) -> None:
    built = sheet(facts, 2018)
    assert built.title.endswith("2018")
    assert all(note.about for note in built.notes)
    assert {row["key"] for row in rows_by_key(facts, 2018).values()} == {h.metric.id for h in facts.headlines(2018)}


def test_ratios_without_a_value_are_one_line_each_saying_why(facts: FactBase) -> None:
    built = sheet(facts, 2018)
    assert built.no_ratio and all("(" in line and line.endswith(")") for line in built.no_ratio)
    assert all(ratio["value"] != "n/a" for ratio in built.ratios)
    with_value = sheet(facts, 2024)
    assert {r["label"] for r in with_value.ratios} >= {"Arrests per case", "Share of minor victims"}
