"""``laos-tip trend METRIC``: one metric over the years, with a bar chart for people."""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.errors import NoDataError, UnknownKeyError, suggest
from laos_tip.core.model import FactBase
from laos_tip.views.base import Column, View, count
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import apart_json, headline_json, metric_json, source_json
from laos_tip.views.text import (
    brief_names,
    brief_source_line,
    citation_line,
    contradiction_note,
    contradiction_text,
    first_source,
    related_metrics,
    sources_of,
)

#: Width of the longest bar of a trend chart, in terminal cells.
BAR_WIDTH = 30


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of block characters, ``width`` cells long for ``largest``, to 1/8 cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / largest)
    full, rest = divmod(eighths, 8)
    return glyphs.FULL_BLOCK * full + (glyphs.EIGHTHS[rest] if rest else "")


def missing_years(years: list[int]) -> list[int]:
    """The years between the first and the last of ``years`` that are not among them."""
    return sorted(set(range(min(years), max(years) + 1)) - set(years)) if years else []


def year_ranges(years: list[int]) -> str:
    """Sorted years as people write them: '2012, 2014–2023'."""
    spans: list[list[int]] = []
    for year in years:
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def trend(facts: FactBase, metric: str) -> View:
    """A metric's headline value in every period, with its sources and a bar chart for people.

    Only figures of this one metric appear: figures of metrics that look alike (another
    counting body, a part, a whole) are named in the notes, never mixed in.
    Raises UnknownKeyError for an unknown metric and NoDataError for one without figures.
    """
    metric_id = metric
    found = facts.metric(metric_id)
    if found is None:
        raise UnknownKeyError(metric_id, suggest(metric_id, [m.id for m in facts.metrics]), what="metric")
    series = facts.series(metric_id)
    apart = [apart_json(facts, f) for f in facts.figures_apart(metric_id)]
    if not series and not apart:
        raise NoDataError(f"no figures for {metric_id} ({found.label}) in any year")
    # Only full calendar years set the scale of the bars: a part of a year is never charted beside them.
    largest = max((h.value for h in series), default=0)
    rows = [headline_json(h) for h in series]
    with_figures = [m.id for m in facts.metrics if facts.metric_periods(m.id)]
    related = related_metrics(facts, metric_id, with_figures)
    notes = [f"{found.label}: {found.description}" + (f" Counted by: {found.counted_by}." if found.counted_by else "")]
    if found.caveat:
        notes.append(f"Caveat: {found.caveat}")
    gaps = missing_years([h.period for h in series])
    if gaps:
        notes.append(f"No figure for {year_ranges(gaps)}: no source in the file gives one (a gap, not 0).")
    notes += [f"{h.period}: {h.figure.note}" for h in series if h.figure.note]
    notes += [contradiction_note(h) for h in series if h.contradicting]
    notes += [
        f"Not included: {other.label} ({other.id}) {relation}, a different metric; see 'laos-tip trend {other.id}'."
        for other, relation in related
    ]
    if apart:
        notes.append(f"Shown apart, below: {len(apart)} figure{'s' if len(apart) != 1 else ''} for a part of a "
                     "year, several years or an inferred period; never charted or compared beside a full "
                     "calendar year.")
    cited = sources_of(facts, series)
    cited = facts.sources_among([*(s.id for s in cited), *(str(a["source"]) for a in apart)])
    apart_view = View(
        title="Not a full calendar year: shown apart",
        columns=(
            Column("period_label", "Period", wrap=True),
            Column("value", "Value", numeric=True, display=count()),
            Column("unit", "Unit"),
            Column("source", "Source", priority=3),
            Column("period_note", "Note", prose=True),
        ),
        rows=apart,
        document={},
    )
    brief = [f"Caveat: {found.caveat}"] if found.caveat else []
    noted = [str(h.period) for h in series if h.figure.note]
    if noted:
        brief.append(f"{'Notes on the figures' if len(noted) > 1 else 'A note on the figure'} of {brief_names(noted)}; "
                     "--details.")
    if related:
        brief.append(f"Not the same metric, not included: {brief_names([other.id for other, _ in related], 3)}; "
                     "see 'laos-tip trend METRIC'.")
    if apart:
        periods = brief_names(list(dict.fromkeys(str(a["period_label"]) for a in apart)), 2)
        brief.append(f"Shown apart: {len(apart)} figure{'s' if len(apart) != 1 else ''} for part of a year or an "
                     f"inferred period: {periods}; --details.")
    brief.append(brief_source_line(facts, cited, [h.figure.source for h in series]))
    document = envelope(
        "trend", facts,
        metric=metric_json(found),
        values=rows,
        years_without_figure=gaps,
        apart=apart,
        not_included=[{"key": other.id, "label": other.label, "relation": relation} for other, relation in related],
        sources=[source_json(s) for s in cited],
    )
    return View(
        title=f"{found.label} ({found.id}), by year",
        columns=(
            Column("period", "Year"),
            Column("value", "Value", numeric=True, display=count()),
            # A bound gets no bar: drawn, it would pass for an exact count.
            Column("bar", "", display=lambda v, r: bar(r["value"], largest)
                   if isinstance(r["value"], int) and r.get("bound") is None else "",
                   table_only=True, priority=2),
            Column("unit", "Unit"),
            Column("claims", "Source", display=first_source, priority=3),
            Column("source_count", "Sources", numeric=True, priority=4),
            Column("independent_source_count", "Independent", numeric=True, priority=3),
            Column("contradicted_by", "Contradicted by", display=contradiction_text, prose=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in cited],
        notes=notes,
        extra=(apart_view,) if apart else (),
        brief=brief,
        brief_rows="years",
    )
