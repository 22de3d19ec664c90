"""The tier history 2001-2024 with each change, the years without a report, and its timeline at 80 columns."""

from __future__ import annotations

import re

from conftest import FACTS, cli_json, console_script
from laos_tip.core import glyphs as core_glyphs
from laos_tip.core.model import Tier
from laos_tip.factfile.pipeline import load
from laos_tip.views import rows as views_rows
from laos_tip.views import tier as views_tier
from terminals import plain, run_in_pty

FACTBASE = load(str(FACTS))
WL = "Tier 2 Watch List"


def test_every_report_2001_2024_with_its_change() -> None:
    rows = views_rows.tier_rows(FACTBASE)
    assert [(r["report_year"], r["placement"], r["movement"]) for r in rows] == [
        (2001, "Tier 2", None), (2002, "Tier 2", "same"), (2003, "Tier 2", "same"), (2004, WL, "downgraded"),
        (2005, "Tier 2", "upgraded"), (2006, "Tier 3", "downgraded"), (2007, "Tier 2", "upgraded"),
        # 2008 and 2010 have no report in the file: the change of the year after is not known.
        (2009, "Tier 2", None), (2011, "Tier 2", None), (2012, "Tier 2", "same"), (2013, "Tier 2", "same"),
        (2014, WL, "downgraded"), (2015, WL, "same"),
        (2016, WL, "same"), (2017, WL, "same"), (2018, "Tier 3", "downgraded"),
        (2019, WL, "upgraded"), (2020, "Tier 2", "upgraded"), (2021, "Tier 2", "same"),
        (2022, "Tier 2", "same"), (2023, "Tier 2", "same"), (2024, WL, "downgraded")]
    assert len(rows) >= 14


def test_the_years_without_a_report_are_gaps_not_skipped() -> None:
    document = cli_json("tier", "--json")
    assert document["gaps"] == [2008, 2010]
    view = views_tier.tiers(FACTBASE)
    assert [r["report_year"] for r in view.rows] == list(range(2001, 2025))
    gap = next(cells for r, cells in zip(view.rows, view.cells, strict=True) if r["report_year"] == 2008)
    assert "no report in file" in gap[1] and gap[2] == ""
    # CSV: an empty placement, never a made-up one.
    assert next(r for r in view.rows if r["report_year"] == 2010)["placement"] is None


def test_the_watch_list_run_is_counted_from_the_data() -> None:
    summary = cli_json("tier", "--json")["watch_list"]
    assert summary["latest_report"] == 2024 and summary["consecutive_years"] == 1 and summary["since"] == 2024
    runs = [(r["from"], r["to"], r["years"]) for r in summary["runs"]]
    # 2014-2017: the 2017 report's "fourth consecutive year", counted, not typed in.
    assert runs == [(2004, 2004, 1), (2014, 2017, 4), (2019, 2019, 1), (2024, 2024, 1)]


def test_a_run_next_to_a_year_without_a_report_is_at_least() -> None:
    placements = [Tier(2007, WL, "s", "Tier 2 Watch List"), Tier(2009, WL, "s", "Tier 2 Watch List"),
                  Tier(2010, WL, "s", "Tier 2 Watch List")]
    summary = views_tier.watch_list_summary(placements)
    assert summary["consecutive_years"] == 2 and summary["since"] == 2009 and summary["at_least"] is True
    assert "at least 2 consecutive years" in views_tier.watch_list_line(summary)
    assert [r["at_least"] for r in summary["runs"]] == [True, True]
    off = views_tier.watch_list_summary([Tier(2023, WL, "s", "q"), Tier(2024, "Tier 2", "s", "q")])
    assert off["consecutive_years"] == 0 and off["since"] is None
    assert views_tier.watch_list_line(off).startswith("Not on Tier 2 Watch List in the latest report (2024).")


def test_the_timeline_puts_one_mark_per_report_under_its_year() -> None:
    timeline = views_tier.tiers(FACTBASE).extra[0]
    header = timeline.columns[1].header
    even = timeline.columns[1].show(timeline.rows[0])
    # Every year's two digits, odd years in the header, even years in the first row, over its two cells.
    for index, year in enumerate(range(2001, 2025)):
        line = header if index % 2 == 0 else even
        assert line[2 * index:2 * index + 2] == f"{year % 100:02d}", year
    placed = {r["report_year"]: r["placement"] for r in views_rows.tier_rows(FACTBASE)}
    for row in timeline.rows[1:]:
        cells = timeline.columns[1].show(row)
        mark = core_glyphs.GAP if row["placement"] == views_tier.NO_REPORT else core_glyphs.TIMELINE_MARK
        marked = [2001 + i // 2 for i, char in enumerate(cells) if char == mark]
        if row["placement"] == views_tier.NO_REPORT:
            assert marked == [2008, 2010]
        else:
            assert marked == [y for y, p in placed.items() if p == row["placement"]], (row["placement"], cells)


def test_the_installed_script_at_80_by_24_shows_the_latest_reports_that_fit() -> None:
    out = plain(run_in_pty([console_script(), "tier"]))
    lines = out.rstrip("\n").split("\n")
    assert len(lines) <= 24 and all(len(line) <= 80 for line in lines), out
    shown = int(re.search(r"The latest (\d+) of 24 reports shown; --details shows all.", out).group(1))
    years = [int(line[:4]) for line in lines if re.match(r"\d{4} +│", line)]
    assert years == list(range(2025 - shown, 2025)), out
    assert "Quote" not in out.split("--details adds:")[0] and "2008, 2010" in out


def test_the_installed_script_at_80_columns_with_details() -> None:
    out = plain(run_in_pty([console_script(), "tier", "--details"]))
    lines = out.rstrip("\n").split("\n")
    assert all(len(line) <= 80 or line.strip().startswith("http") for line in lines), out
    # The quotes are numbered notes, not a squeezed column; the changes are in the table.
    assert "Quote: Although Laos meets the criteria for Tier 2 Watch List" in out
    assert any(line.startswith("2018") and "Tier 3" in line and "downgraded" in line for line in lines)
    assert any(line.startswith("2008") and "no report in file" in line for line in lines)
    assert any(line.startswith("2011") and core_glyphs.LOW_MARK in line for line in lines)
    assert "1 consecutive year (since" in out and "2014–2017 (4" in out
    timeline = lines[lines.index(next(line for line in lines if line.startswith("Timeline"))):]
    tier3 = next(line for line in timeline if line.startswith("Tier 3 "))
    header = next(line for line in timeline if line.startswith("Tier ") and " 17 " in line)
    assert tier3[header.index(" 17 ") + 3] == core_glyphs.TIMELINE_MARK  # 2018: two cells after '17
    assert tier3[header.index(" 05 ") + 3] == core_glyphs.TIMELINE_MARK  # 2006
