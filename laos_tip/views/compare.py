"""``laos-tip compare YEAR_A YEAR_B``: two years side by side, like with like."""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.model import FactBase
from laos_tip.views.base import Column, View, count
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import apart_json, headline_json, source_json
from laos_tip.views.text import (
    apart_line,
    brief_names,
    brief_source_line,
    citation_line,
    contradiction_note,
    related_metrics,
    sources_of,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.views.base import Cell


def _change_text(value: Cell, row: dict[str, Cell]) -> str:
    return f"{value:+,}" if isinstance(value, int) else ""


def _relative_text(value: Cell, row: dict[str, Cell]) -> str:
    if isinstance(value, float):
        return f"{value:+.1%}"
    return "n/a" if row["comparison"] == "compared" else ""


def compare(facts: FactBase, year_a: int, year_b: int) -> View:
    """Two years side by side: metrics present in both, with absolute and relative change.

    The years are put in order, so the change runs from the earlier to the later year.
    Metrics present in one year only are listed as such, with any look-alike metric of
    the other year named, and never compared. The relative change is None when the
    earlier value is zero.
    """
    earlier, later = sorted((year_a, year_b))
    present = {
        year: {h.metric.id: h for h in facts.headlines(year)} for year in (earlier, later)
    }
    rows: list[dict[str, Cell]] = []
    compared: list[dict[str, Any]] = []
    not_compared: list[dict[str, Any]] = []
    for metric in facts.metrics:
        first, second = present[earlier].get(metric.id), present[later].get(metric.id)
        if first is None and second is None:
            continue
        line: dict[str, Cell] = {
            "key": metric.id,
            "label": metric.label,
            "unit": metric.unit,
            "earlier_value": first.value if first else None,
            "later_value": second.value if second else None,
            "earlier_bound": first.bound if first else None,
            "later_bound": second.bound if second else None,
            "change": None,
            "relative_change": None,
            "earlier_year": earlier,
            "later_year": later,
        }
        bounded = [h for h in (first, second) if h is not None and h.bound is not None]
        if first is not None and second is not None and bounded:
            # A bound is not a count: a difference with it would pass for exact.
            reason = "; ".join(f"{h.period} is a bound ({h.bound} {h.value:,}), not an exact count" for h in bounded)
            reason += ": not compared"
            line.update(compared=False, comparison=reason)
            not_compared.append({"key": metric.id, "label": metric.label, "period": bounded[0].period,
                                 "value": bounded[0].value, "reason": reason, "related": []})
        elif first is not None and second is not None:
            change = second.value - first.value
            relative = change / first.value if first.value else None
            line.update(change=change, relative_change=relative, compared=True, comparison="compared")
            compared.append({
                "key": metric.id,
                "label": metric.label,
                "unit": metric.unit,
                "earlier": headline_json(first),
                "later": headline_json(second),
                "change": change,
                "relative_change": relative,
            })
        else:
            only = first or second
            assert only is not None
            year, other_year = (earlier, later) if first else (later, earlier)
            # Only the other year's own metrics explain the gap; one present in both years is compared anyway.
            related = related_metrics(facts, metric.id, [m for m in present[other_year] if m not in present[year]])
            reason = f"only in {year}"
            if related:
                reason += f"; {other_year} has " + "; ".join(
                    f"{other.label} ({other.id}), which {relation}" for other, relation in related
                ) + ": a different metric, not compared"
            line.update(compared=False, comparison=reason)
            not_compared.append({
                "key": metric.id,
                "label": metric.label,
                "period": year,
                "value": only.value,
                "reason": reason,
                "related": [
                    {"key": other.id, "label": other.label, "period": other_year, "relation": relation}
                    for other, relation in related
                ],
            })
        rows.append(line)
    rows.sort(key=lambda r: r["compared"] is not True)
    headlines = [*present[earlier].values(), *present[later].values()]
    notes = [
        "Figures are compared only when they measure the same metric; a metric present in one year only "
        "is listed, not compared.",
        "Relative change is n/a when the earlier value is 0.",
    ]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    notes += [f"{h.metric.label} ({h.period}): {h.figure.note}" for h in headlines if h.figure.note]
    apart = [apart_json(facts, f) for m in facts.metrics for f in facts.figures_apart(m.id)
             if f.period in (earlier, later)]
    notes += [f"Not compared: {apart_line(a)}" for a in apart]
    cited = sources_of(facts, headlines)
    cited = facts.sources_among([*(s.id for s in cited), *(str(a["source"]) for a in apart)])
    disputed: dict[int, list[str]] = {}
    for h in headlines:
        if h.contradicting:
            disputed.setdefault(h.period, []).append(h.metric.id)
    brief = [f"Compared only where both years have the same metric; {glyphs.GAP} : no figure that year."]
    if disputed:
        brief.append("Sources disagree on " + "; ".join(f"{period}: {brief_names(ids, 3)}"
                                                         for period, ids in disputed.items()) + "; --details.")
    kin = [f"{r['key']} ({r['period']})" for r in not_compared if r["related"]]
    if kin:
        brief.append(f"Related metrics, not compared: {brief_names(kin, 3)}; --details.")
    bounds = [f"{r['key']} ({r['period']})" for r in not_compared if r["value"] is not None and "bound" in r["reason"]]
    if bounds:
        brief.append(f"A bound is not an exact count, not compared: {brief_names(bounds, 3)}.")
    if apart:
        brief.append(f"Not compared: {len(apart)} figure{'s' if len(apart) != 1 else ''} for part of a year or an "
                     "inferred period; --details.")
    brief.append(brief_source_line(facts, cited, [h.figure.source for h in headlines]))
    document = envelope(
        "compare", facts,
        years=[earlier, later],
        compared=compared,
        not_compared=not_compared,
        apart=apart,
        sources=[source_json(s) for s in cited],
    )

    return View(
        title=f"Trafficking in persons in Laos, {earlier} and {later} compared",
        columns=(
            Column("label", "Figure", wrap=True),
            Column("key", "Key", priority=3),
            Column("earlier_value", str(earlier), numeric=True,
                   display=lambda v, r: count(glyphs.GAP)(v, {"bound": r.get("earlier_bound")})),
            Column("later_value", str(later), numeric=True,
                   display=lambda v, r: count(glyphs.GAP)(v, {"bound": r.get("later_bound")})),
            Column("change", "Change", numeric=True, display=_change_text),
            Column("relative_change", "Relative change", numeric=True, display=_relative_text, priority=2),
            Column("comparison", "Comparison", aside="; ", priority=2, detail=True),
        ),
        rows=rows,
        document=document,
        group="compared",
        caption=[citation_line(s) for s in cited],
        notes=notes,
        brief=brief,
    )
