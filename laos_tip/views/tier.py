"""``laos-tip tier``: the tier placements of Laos, with the years without a report and a timeline for people."""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.model import TIER_PLACEMENTS, FactBase, Tier
from laos_tip.views.base import Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import source_json, tier_rows
from laos_tip.views.text import brief_source_line, citation_line

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.views.base import Cell

WATCH_LIST = "Tier 2 Watch List"
#: The timeline's row of the years without a report in the file.
NO_REPORT = "No report"
#: The timeline's names of the tiers: short, so that 24 years fit 60 columns.
SHORT = {WATCH_LIST: "Tier 2 WL"}
NO_REPORT_NOTE = "no report of this year in the file (a gap, not a placement)"
LOW_TIER_NOTE = "only a low-reliability source gives this placement"


def gaps(placements: list[Tier]) -> list[int]:
    """The report years between the first and the last report that have no report in the file."""
    if not placements:
        return []
    placed = {tier.report_year for tier in placements}
    return [year for year in range(placements[0].report_year, placements[-1].report_year + 1) if year not in placed]


def watch_list_runs(placements: list[Tier]) -> list[dict[str, Any]]:
    """Every run of consecutive report years on Tier 2 Watch List, oldest first, counted from the data.

    A run stops at a year without a report in the file; ``open_before`` / ``open_after`` say that the
    year next to it has no report in the file, so the run may be longer than counted.
    """
    placed = {tier.report_year: tier.placement for tier in placements}
    first, last = (placements[0].report_year, placements[-1].report_year) if placements else (0, -1)
    runs: list[dict[str, Any]] = []
    for year in range(first, last + 1):
        if placed.get(year) != WATCH_LIST:
            continue
        if runs and runs[-1]["to"] == year - 1:
            runs[-1]["to"] = year
            runs[-1]["years"] += 1
        else:
            runs.append({"from": year, "to": year, "years": 1, "open_before": year > first and year - 1 not in placed})
    for run in runs:
        run["open_after"] = run["to"] < last and run["to"] + 1 not in placed
    return runs


def watch_list_summary(placements: list[Tier]) -> dict[str, Any]:
    """The Watch List in numbers: consecutive years up to the latest report, and every run."""
    runs = watch_list_runs(placements)
    latest = placements[-1].report_year if placements else None
    current = runs[-1] if runs and runs[-1]["to"] == latest else None
    return {
        "latest_report": latest,
        "consecutive_years": current["years"] if current else 0,
        "since": current["from"] if current else None,
        "at_least": bool(current and current["open_before"]),
        "runs": [{key: run[key] for key in ("from", "to", "years")} | {"at_least": run["open_before"] or run["open_after"]}
                 for run in runs],
    }


def _span(run: dict[str, Any]) -> str:
    years = f"{run['from']}" if run["from"] == run["to"] else f"{run['from']}–{run['to']}"
    count = f"{'at least ' if run['at_least'] else ''}{run['years']} year{'s' if run['years'] != 1 else ''}"
    return f"{years} ({count})"


def watch_list_head(summary: dict[str, Any]) -> str:
    """Whether the latest report places Laos on the Watch List, and for how long, from ``watch_list_summary``."""
    latest = summary["latest_report"]
    if summary["consecutive_years"]:
        years = summary["consecutive_years"]
        return (f"On Tier 2 Watch List in the latest report ({latest}): {'at least ' if summary['at_least'] else ''}"
                f"{years} consecutive year{'s' if years != 1 else ''} (since the {summary['since']} report).")
    return f"Not on Tier 2 Watch List in the latest report ({latest})."


def watch_list_line(summary: dict[str, Any]) -> str:
    """One sentence on the Watch List, and its runs, from ``watch_list_summary``."""
    head = watch_list_head(summary)
    runs = summary["runs"]
    return head + (" Years on it in a row, by run: " + "; ".join(_span(run) for run in runs) + "." if runs else "")


def tier_timeline(placements: list[Tier]) -> View:
    """The placements as a chart for people: one line per tier, a mark under each report's year.

    Two cells per year, so 24 reports take 48 cells and the chart reads at 60 columns. Each year is
    labelled by its last two digits: odd years in the header, even years in the first row, each label
    exactly over its year's two cells; the mark stands under the label's first digit. The years
    without a report in the file are marked on a line of their own, never on a tier's.
    """
    years = list(range(placements[0].report_year, placements[-1].report_year + 1))
    placed = {tier.report_year: tier.placement for tier in placements}

    def labels(parity: int) -> str:
        return "".join(f"{year % 100:02d}" if index % 2 == parity else "  " for index, year in enumerate(years))

    def marks(value: Cell, row: dict[str, Cell]) -> str:
        if row["placement"] == "":
            return labels(1)
        if row["placement"] == NO_REPORT:
            return "".join(f"{glyphs.GAP if year not in placed else '':2}" for year in years).rstrip()
        return "".join(f"{glyphs.TIMELINE_MARK if placed.get(year) == row['placement'] else '':2}"
                       for year in years).rstrip()

    return View(
        title=f"Timeline {years[0]}–{years[-1]} (WL: Watch List; best tier on top)",
        picture=True,
        columns=(
            Column("placement", "Tier", display=lambda value, row: SHORT.get(str(value), str(value))),
            Column("marks", labels(0).rstrip(), display=marks),
        ),
        rows=[{"placement": tier} for tier in ("", *TIER_PLACEMENTS, NO_REPORT)
              if tier != NO_REPORT or len(placed) < len(years)],
        document={},
    )


def tiers(facts: FactBase) -> View:
    """The tier in which each US Trafficking in Persons Report placed Laos, with its source.

    The table has a row for every report year from the first to the last, a year without a report in
    the file included (its placement empty, shown as a gap): it is never skipped silently. The JSON
    lists the placements (``tiers``), the years without one (``gaps``) and the runs on the Watch List
    (``watch_list``), all derived from the file.
    """
    placements = facts.tiers_in_order()
    rows = tier_rows(facts)
    missing = gaps(placements)
    low = {source.id for source in facts.sources if source.reliability == "low"}
    # A year without a report is a row of its own, every field but the year empty (CSV: empty cells).
    table: list[dict[str, Any]] = sorted(
        [*rows, *({**{key: None for key in rows[0]}, "report_year": year} for year in missing)],
        key=lambda r: int(r["report_year"]),
    ) if rows else []
    lows = [r["report_year"] for r in table if r["source"] in low]
    summary = watch_list_summary(placements)
    sources = facts.sources_among(tier.source for tier in placements)
    document = envelope(
        "tier", facts,
        tiers=rows,
        gaps=missing,
        watch_list=summary,
        sources=[source_json(s) for s in sources],
    )

    def placement(value: Cell, row: dict[str, Cell]) -> str:
        if value is None:
            return f"{glyphs.GAP} no report in file"
        return f"{value} {glyphs.LOW_MARK}" if row["source"] in low else str(value)

    notes = [
        "Each report assesses the government's efforts over the reporting period before its release.",
        "Tiers, best first: " + ", ".join(TIER_PLACEMENTS) + ".",
    ]
    if placements:
        notes.append(watch_list_line(summary))
    if missing:
        notes.append(f"{glyphs.GAP} {NO_REPORT_NOTE}: {', '.join(map(str, missing))}. Change is left empty after "
                     "such a year.")
    if lows:
        notes.append(f"{glyphs.LOW_MARK} {LOW_TIER_NOTE}: {', '.join(map(str, lows))}.")
    brief = ["Tiers, best first: " + ", ".join(TIER_PLACEMENTS) + "."]
    brief += [watch_list_head(summary)] if placements else []
    brief += [f"{glyphs.GAP} {NO_REPORT_NOTE}: {', '.join(map(str, missing))}."] if missing else []
    brief += [f"{glyphs.LOW_MARK} {LOW_TIER_NOTE}: {', '.join(map(str, lows))}."] if lows else []
    brief.append(brief_source_line(facts, sources, [str(r["source"]) for r in rows]))
    return View(
        title="US Trafficking in Persons Report: tier placements of Laos",
        columns=(
            Column("report_year", "Report"),
            Column("placement", "Placement", display=placement),
            Column("movement", "Change", priority=2),
            Column("released", "Released", priority=2),
            Column("source", "Source", priority=3),
            Column("quote", "Quote", prose=True, detail=True),
            # The note says what a reader must know of a placement (the 2017 waiver): in --details and markdown.
            Column("note", "Note", prose=True, detail=True),
        ),
        rows=table,
        document=document,
        caption=[citation_line(s) for s in sources],
        extra=(tier_timeline(placements),) if placements else (),
        notes=notes,
        brief=brief,
        brief_rows="reports",
    )
