"""``laos-tip sez``: the figures of the special economic zones, apart from the national series.

Reports on the Golden Triangle Special Economic Zone (Bokeo) count other things than the national
police series: trapped workers rescued, fraud suspects arrested in scam compounds, victims rescued
over fifteen years. Their metrics name the zone (``area``), and their periods are spans of their
own (a year to May, "since 2023", 2007 to August 2022), so this view lists every claim of them,
period by period, and says why none of them is added to the national figures.
"""

from __future__ import annotations

from laos_tip.core.model import FactBase
from laos_tip.views.base import Column, View, count
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import apart_json, metric_json
from laos_tip.views.text import citation_line

#: Why the zone's figures stand apart, said once for the table and the JSON document.
WHY_APART = ("Counted in and around the zone's scam compounds, over periods of their own: never added to, "
             "compared with or charted beside the national series of cases, arrests and victims.")


def sez(facts: FactBase) -> View:
    """Every claim of a metric limited to a zone, oldest period first, each with its metric and source."""
    metrics = [m for m in facts.metrics if m.area is not None]
    keys = {m.id for m in metrics}
    figures = sorted((f for f in facts.figures if f.metric in keys),
                     key=lambda f: (f.period_end, f.metric, f.source))
    rows = []
    for figure in figures:
        metric = facts.metric(figure.metric)
        assert metric is not None  # validation guarantees the reference
        rows.append({**apart_json(facts, figure), "area": metric.area})
    notes = [f"{m.label} ({m.id}): {m.description}" + (f" Caveat: {m.caveat}" if m.caveat else "")
             for m in metrics if any(r["key"] == m.id for r in rows)]
    notes += [f"{r['label']}, {r['period_label']}: {r['period_note']}" for r in rows if r["period_note"]]
    document = envelope("sez", facts, why_apart=WHY_APART,
                        metrics=[{**metric_json(m), "area": m.area} for m in metrics], figures=rows)
    areas = sorted({str(m.area) for m in metrics})
    return View(
        title="Special economic zones: " + "; ".join(areas) if areas else "Special economic zones",
        columns=(
            Column("label", "Figure", wrap=True),
            Column("period_label", "Period", wrap=True),
            Column("value", "Value", numeric=True, display=count()),
            Column("unit", "Unit", priority=2),
            Column("source", "Source", priority=3),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in facts.sources_among({str(r["source"]) for r in rows})],
        notes=[WHY_APART, *notes],
        brief=[WHY_APART, f"Sources: {len({r['source'] for r in rows})} reports, each named with --details."],
    )
