"""The tier history 2016-2024 with each change, and its timeline at 80 columns."""

from __future__ import annotations

from conftest import FACTS, console_script
from laos_tip.factfile.pipeline import load
from test_terminal import plain, run_in_pty
from laos_tip.core import glyphs as core_glyphs
from laos_tip.views import rows as views_rows
from laos_tip.views import tier as views_tier

FACTBASE = load(str(FACTS))


def test_every_report_2016_2024_with_its_change() -> None:
    rows = views_rows.tier_rows(FACTBASE)
    assert [(r["report_year"], r["placement"], r["movement"]) for r in rows] == [
        (2016, "Tier 2 Watch List", None), (2017, "Tier 2 Watch List", "same"), (2018, "Tier 3", "downgraded"),
        (2019, "Tier 2 Watch List", "upgraded"), (2020, "Tier 2", "upgraded"), (2021, "Tier 2", "same"),
        (2022, "Tier 2", "same"), (2023, "Tier 2", "same"), (2024, "Tier 2 Watch List", "downgraded")]


def test_the_timeline_puts_one_mark_per_report_under_its_year() -> None:
    timeline = views_tier.tiers(FACTBASE).extra[0]
    header = timeline.columns[1].header
    assert header.split() == [f"'{y % 100:02d}" for y in range(2016, 2025)]
    for row in timeline.rows:
        cells = timeline.columns[1].show(row)
        marked = [2016 + i // 4 for i, char in enumerate(cells) if char == core_glyphs.TIMELINE_MARK]
        expected = [r["report_year"] for r in views_rows.tier_rows(FACTBASE) if r["placement"] == row["placement"]]
        assert marked == expected, (row["placement"], cells)


def test_the_installed_script_at_80_columns() -> None:
    out = plain(run_in_pty([console_script(), "tier"]))
    lines = out.rstrip("\n").split("\n")
    assert all(len(line) <= 80 or line.strip().startswith("http") for line in lines), out
    # The quotes are numbered notes, not a squeezed column; the changes are in the table.
    assert "[3] Quote: Although Laos meets the criteria for Tier 2 Watch List" in out
    assert any(line.startswith("2018") and "Tier 3" in line and "downgraded" in line for line in lines)
    timeline = lines[lines.index(next(line for line in lines if line.startswith("Timeline"))):]
    tier3 = next(line for line in timeline if line.startswith("Tier 3 "))
    header = next(line for line in timeline if "'16" in line)
    assert tier3[header.index("'18") + 1] == core_glyphs.TIMELINE_MARK
