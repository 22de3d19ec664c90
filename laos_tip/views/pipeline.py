"""``laos-tip pipeline``: the law-enforcement series year by year; a gap stays a gap."""

from __future__ import annotations

from laos_tip.core import glyphs, records
from laos_tip.core.errors import NoDataError
from laos_tip.core.fields import row
from laos_tip.core.model import FactBase, Headline
from laos_tip.views.base import Column, View, count
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import apart_json, metric_json, source_json
from laos_tip.views.text import apart_line, brief_names, brief_source_line, citation_line, contradiction_note


def pipeline(facts: FactBase) -> View:
    """The law-enforcement pipeline year by year: incidents investigated, cases opened, prosecuted and
    convicted, persons convicted, and the investigations still open at year end.

    Each value is the stage's headline for the year; a stage without a figure is a gap (null,
    shown as a dash), never 0. A figure of a partial or inferred period stays out of the table
    and is named in the notes.
    """
    stages = [metric for metric in (facts.metric(key) for key in records.PIPELINE_STAGES) if metric is not None]
    years = sorted({period for metric in stages for period in facts.metric_periods(metric.id)})
    if not years:
        raise NoDataError("no figures for the law-enforcement pipeline (" + ", ".join(records.PIPELINE_STAGES) + ")")
    rows = []
    headlines: list[Headline] = []
    for year in years:
        found = {metric.id: facts.headline(metric.id, year) for metric in stages}
        headlines += [h for h in found.values() if h is not None]
        # One note per text, with every stage it belongs to (the 2018 caveat is on two).
        noted: dict[str, list[str]] = {}
        for h in found.values():
            for text in h.notes if h else ():
                noted.setdefault(text, []).append(records.PIPELINE_STAGES[h.metric.id])  # type: ignore[union-attr]
        notes = [f"{', '.join(stages_of)}: {text}" for text, stages_of in noted.items()]
        values = {key: (found[key].value if found.get(key) is not None else None)  # type: ignore[union-attr]
                  for key in records.PIPELINE_STAGES}
        rows.append(row(records.PIPELINE_ROW, period=year, notes=notes, **values))
    apart = [apart_json(facts, f) for metric in stages for f in facts.figures_apart(metric.id)]
    notes = ["Units: " + "; ".join(f"{records.PIPELINE_STAGES[m.id]} ({m.id}) in {m.unit}" for m in stages)
             + ". Each column counts its own unit: never add or divide across them."]
    notes.append(f"{glyphs.GAP} : no source gives the figure for that year (a gap, not 0). The stages are the counts of "
                 "one year each, not the same cases followed through: a case prosecuted in one year may be "
                 "convicted in another. Ongoing investigations are a count on the last day of the year.")
    notes += [f"{m.label}: {m.caveat}" for m in stages if m.caveat]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    notes += [f"Not in this table: {apart_line(a)}" for a in apart]
    cited = facts.sources_among([*(c.source for h in headlines for c in (*h.backing, *h.contradicting)),
                                 *(str(a["source"]) for a in apart)])
    document = envelope(
        "pipeline", facts,
        stages=[metric_json(m) for m in stages],
        years=rows,
        apart=apart,
        sources=[source_json(s) for s in cited],
    )

    units = list(dict.fromkeys(m.unit for m in stages))
    brief = [f"Each column counts its own unit ({', '.join(units)}): never add or divide across them. "
             f"{glyphs.GAP} : no figure for that year (a gap, not 0)."]
    noted_years = [str(r["period"]) for r in rows if r["notes"]]
    if noted_years:
        brief.append(f"{'Notes on the figures' if len(noted_years) > 1 else 'A note on the figures'} of "
                     f"{brief_names(noted_years)}; --details.")
    if apart:
        shown = brief_names([f"{a['key']} {a['period_label']}" for a in apart], 2)
        brief.append(f"Not in this table: {len(apart)} figure{'s' if len(apart) != 1 else ''} for part of a year or "
                     f"an inferred period: {shown}; --details.")
    brief.append(brief_source_line(facts, cited, [h.figure.source for h in headlines]))
    return View(
        title="Law-enforcement pipeline of Laos, by year (US TIP Report)",
        columns=(
            # wrap: the year carries the marks of the row's numbered notes (a year itself never wraps).
            Column("period", "Year", wrap=True),
            # Every stage has priority 1: the two-line headers are sized to fit 80 columns together.
            *(Column(key, header, numeric=True, display=count(glyphs.GAP), wrap=True)
              for key, header in records.PIPELINE_STAGES.items() if facts.metric(key) is not None),
            Column("notes", "Notes", display=lambda v, r: " ".join(map(str, r["notes"] if isinstance(r["notes"], list) else ())),
                   prose=True, detail=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in cited],
        notes=notes,
        brief=brief,
        brief_rows="years",
    )
