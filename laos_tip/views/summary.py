"""``laos-tip summary``: the headline figures of a year by pillar, with their sources."""

from __future__ import annotations

from laos_tip.core import glyphs, records
from laos_tip.core.fields import row
from laos_tip.core.model import PILLARS, FactBase
from laos_tip.views.base import KEY_STYLE, Column, View, count
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import apart_json, headline_json, partner_count, partner_json, source_json
from laos_tip.views.text import (
    LOW_NOTE,
    apart_line,
    citation_line,
    contradiction_note,
    contradiction_text,
    brief_names,
    label_marked,
    low_note,
    period_sources,
    source_line,
    sources_text,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


def summary(facts: FactBase, period: int) -> View:
    """Headline figures of ``period`` by pillar, with the sources they come from."""
    headlines = sorted(facts.headlines(period), key=lambda h: PILLARS.index(h.metric.pillar))
    rows: list[dict[str, Any]] = [headline_json(h) for h in headlines]
    partners = facts.partners_in(period)
    if partners:
        rows.append(partner_count(facts, period))
    sources = period_sources(facts, period)
    apart = [apart_json(facts, f) for m in facts.metrics for f in facts.figures_apart(m.id) if f.period == period]
    notes = [f"{h.metric.label}: {h.metric.caveat}" for h in headlines if h.metric.caveat]
    notes += [f"{h.metric.label} ({period}): {h.figure.note}" for h in headlines if h.figure.note]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    low_notes = low_note(rows)
    notes += low_notes
    notes += [f"Not in this table: {apart_line(a)}" for a in apart]
    if partners:
        notes.append("Partner nations: " + ", ".join(p.country.name for p in partners) + " ('laos-tip partners').")
    statements = [s for s in facts.statements if s.period == period]
    statement_view = View(
        title=f"What the report says ({period})",
        columns=(Column("topic", "Topic", wrap=True), Column("summary", "Statement", prose=True)),
        rows=[row(records.STATEMENT, s) for s in statements],
        document={},
    )
    document = envelope(
        "summary", facts,
        period=period,
        figures=rows,
        apart=apart,
        partners=[partner_json(facts, p) for p in partners],
        statements=statement_view.rows,
        sources=[source_json(s) for s in sources],
    )
    return View(
        title=f"Trafficking in persons in Laos, {period}",
        columns=(
            Column("pillar", "Pillar", priority=2),
            Column("label", "Figure", wrap=True, display=label_marked),
            Column("value", "Value", numeric=True, display=count()),
            Column("unit", "Unit"),
            Column("key", "Key", style=KEY_STYLE, priority=2),
            Column("source_count", "Sources", numeric=True, priority=3, detail=True, display=sources_text),
            # Brief: a mark on the label and one line naming the disputed keys; --details: each other value.
            Column("contradicted_by", "Contradicted by", display=contradiction_text, prose=True, detail=True),
        ),
        rows=rows,
        document=document,
        group="pillar",
        caption=[citation_line(s) for s in sources],
        notes=notes,
        extra=(statement_view,) if statements else (),
        brief=([f"{glyphs.DISPUTED_MARK} Sources disagree: "
                f"{brief_names([h.metric.id for h in headlines if h.contradicting], 4)}."]
               if any(h.contradicting for h in headlines) else [])
        + ([source_line(facts, headlines)] if headlines else [])
        + ([f"{glyphs.LOW_MARK} {LOW_NOTE}."] if low_notes else [])
        + ([f"Not in this table: {len(apart)} figure{'s' if len(apart) != 1 else ''} for part of {period} "
            f"({', '.join(dict.fromkeys(str(a['period_label']) for a in apart))}), shown apart (--details)."]
           if apart else []),
    )
