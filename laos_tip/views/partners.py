"""``laos-tip partners``: the partner nations named for a year, and the neighbours left unnamed."""

from __future__ import annotations

from laos_tip.core import records
from laos_tip.core.fields import row
from laos_tip.core.model import FactBase
from laos_tip.views.base import Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import partner_json
from laos_tip.views.text import citation_line


def partners(facts: FactBase, period: int) -> View:
    """Partner nations named for ``period``, and the neighbours of Laos left unnamed."""
    named = facts.partners_in(period)
    named_codes = {p.country.alpha2 for p in named}
    unnamed = [n for n in facts.neighbours if n.alpha2 not in named_codes]
    rows = [partner_json(facts, p) for p in named]
    notes = []
    if unnamed and facts.neighbours:
        names = ", ".join(f"{n.name} ({n.alpha2}/{n.alpha3})" for n in unnamed)
        notes.append(
            f"Laos has {len(facts.neighbours)} land neighbours; not named as partners for {period}: {names}."
        )
    document = envelope(
        "partners", facts,
        period=period,
        partners=rows,
        neighbours_not_named=[row(records.COUNTRY, n) for n in unnamed],
    )
    sources = {p.source for p in named}
    return View(
        title=f"Partner nations against cross-border trafficking, {period}",
        columns=(
            Column("name", "Country"),
            Column("alpha2", "ISO alpha-2"),
            Column("alpha3", "ISO alpha-3"),
            Column("borders_laos", "Borders Laos", display=lambda v, r: "yes" if v else "no", priority=2),
            Column("source", "Source", priority=3),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in facts.sources_among(sources)],
        notes=notes,
    )
