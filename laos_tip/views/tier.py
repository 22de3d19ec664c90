"""``laos-tip tier``: the tier placements of Laos, with a timeline for people."""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.model import TIER_PLACEMENTS, FactBase, Tier
from laos_tip.views.base import Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import source_json, tier_rows
from laos_tip.views.text import citation_line

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.views.base import Cell


def tier_timeline(placements: list[Tier]) -> View:
    """The placements as a chart for people: one line per tier, a mark under each report's year.

    Four cells per year ('16 and a space), so nine reports take 35 cells and the chart reads at
    60 columns; a year without a report has no mark on any line.
    """
    years = list(range(placements[0].report_year, placements[-1].report_year + 1))
    placed = {tier.report_year: tier.placement for tier in placements}

    def marks(value: Cell, row: dict[str, Cell]) -> str:
        return " ".join(f"{glyphs.TIMELINE_MARK if placed.get(year) == row['placement'] else '':^3}" for year in years)

    return View(
        title="Timeline: the tier of each report (best tier on top)",
        columns=(
            Column("placement", "Tier"),
            Column("marks", " ".join(f"'{year % 100:02d}" for year in years), display=marks),
        ),
        rows=[{"placement": placement} for placement in TIER_PLACEMENTS],
        document={},
    )


def tiers(facts: FactBase) -> View:
    """The tier in which each US Trafficking in Persons Report placed Laos, with its source."""
    placements = facts.tiers_in_order()
    rows = tier_rows(facts)
    sources = facts.sources_among(tier.source for tier in placements)
    document = envelope(
        "tier", facts,
        tiers=rows,
        sources=[source_json(s) for s in sources],
    )
    return View(
        title="US Trafficking in Persons Report: tier placements of Laos",
        columns=(
            Column("report_year", "Report"),
            Column("placement", "Placement"),
            Column("movement", "Change", priority=2),
            Column("released", "Released", priority=2),
            Column("source", "Source", priority=3),
            Column("quote", "Quote", prose=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in sources],
        extra=(tier_timeline(placements),) if placements else (),
        notes=[
            "Each report assesses the government's efforts over the reporting period before its release.",
            "Tiers, best first: " + ", ".join(TIER_PLACEMENTS) + ".",
        ],
    )
