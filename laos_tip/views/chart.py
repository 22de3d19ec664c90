"""``laos-tip chart WHAT``: what a chart draws, as plain rows and finished sentences, built from the table views.

A metric's chart takes its rows from ``trend``, the tier timeline from ``tier``, the pipeline from
``pipeline`` (and, for each stage's bounds and conflicts, ``trend`` of that stage): nothing is
computed here that those views compute. Each row says what one mark shows: ``year``, ``value``
(None: no figure, a gap), ``bound``, ``partial`` (a part of a year or an inferred period, drawn
apart), ``conflict`` (the other sources' values) and ``sources``. The renderer
(``render/chart.py``) only draws what a ``Chart`` holds; the footer lines, the marks' labels and
the notes are written here.
"""

from __future__ import annotations

from laos_tip.core import records
from laos_tip.core.errors import NoDataError, UnknownKeyError, suggest
from laos_tip.core.frozen import field, record
from laos_tip.core.model import TIER_PLACEMENTS, FactBase, bound_sign
from laos_tip.core.version import __version__

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The charts that are not a metric's, by the name ``chart`` takes.
TIER, PIPELINE = "tier", "pipeline"
SPECIAL = (TIER, PIPELINE)
#: The mark after a value that another source contradicts; its note names the other values.
CONFLICT_MARK = "*"
#: What a value's bound means, said under the chart.
BOUND_WORDS = {"at-least": "at least", "more-than": "more than", "up-to": "up to", "fewer-than": "fewer than",
               "about": "about"}


@record
class Chart:
    """One chart: its marks as plain rows, and every text drawn with them.

    ``kind`` is "metric" (``rows``: one per year from the first to the last, and one per period
    drawn apart), "tier" (``rows``: one per report year, ``placement`` None for a year without a
    report) or "pipeline" (``rows``: one per stage and year, ``stage`` naming the stage;
    ``series`` the stages in order).
    """

    kind: str
    name: str
    title: str
    axis: str  # the unit on the value axis
    rows: list[dict[str, Any]]
    source: str  # "Source: ..." naming the sources of the values drawn
    definition: str  # what is drawn, in one line
    provenance: str  # "laos-tip VERSION, data sha256 ..."
    notes: list[str] = field(default_factory=list)  # conflicts, bounds, periods drawn apart, gaps
    series: list[dict[str, Any]] = field(default_factory=list)
    levels: tuple[str, ...] = ()  # a tier chart's placements, best first

    @property
    def footer(self) -> list[str]:
        """The lines under the chart: notes, the source, the definition, the provenance."""
        return [*self.notes, self.source, self.definition, self.provenance]

    @property
    def description(self) -> str:
        """What the chart shows, in sentences, for a reader who cannot see it (SVG ``<desc>``)."""
        if self.kind == "tier":
            shown = "; ".join(f"{r['year']}: {r['placement'] or 'no report'}" for r in self.rows)
        else:
            shown = "; ".join(f"{r.get('stage_label', '') and r['stage_label'] + ', '}{r['label']}: "
                              f"{r['text'] or 'no figure'}" for r in self.rows)
        return f"{self.title}. {shown}. {' '.join(self.footer)}"


def names(facts: FactBase) -> list[str]:
    """What ``chart`` draws: every metric with figures, then the tier timeline and the pipeline."""
    return [*(m.id for m in facts.metrics if facts.metric_periods(m.id) or facts.figures_apart(m.id)), *SPECIAL]


def chart(facts: FactBase, what: str) -> Chart:
    """The chart named ``what``: "tier", "pipeline", or a metric's key.

    Raises UnknownKeyError for a name that is none of them and NoDataError for a metric without figures.
    """
    if what == TIER:
        return tier_chart(facts)
    if what == PIPELINE:
        return pipeline_chart(facts)
    if facts.metric(what) is None:
        raise UnknownKeyError(what, suggest(what, [m.id for m in facts.metrics] + list(SPECIAL)), what="chart")
    return metric_chart(facts, what)


def provenance(facts: FactBase) -> str:
    return f"laos-tip {__version__}, data sha256 {facts.sha256}"


def source_line(sources: list[dict[str, Any]]) -> str:
    """"Source: ..." naming each publisher once, with its report's date, or how many reports when several."""
    by_publisher: dict[str, list[dict[str, Any]]] = {}
    for source in sources:
        by_publisher.setdefault(str(source["publisher"]), []).append(source)
    parts = []
    for publisher, items in by_publisher.items():
        if len(items) == 1:
            parts.append(f"{publisher}, {items[0]['date'] or 'undated'}")
        else:
            parts.append(f"{publisher} ({len(items)} reports)")
    return "Source: " + "; ".join(parts) + "."


def value_text(value: int | None, bound: str | None, conflict: list[dict[str, Any]]) -> str:
    """A mark's label: "95", "≥ 21", "95*" (contradicted); empty for a gap."""
    if value is None:
        return ""
    sign = bound_sign(bound)
    return (f"{sign} {value:,}" if sign else f"{value:,}") + (CONFLICT_MARK if conflict else "")


def conflict_note(label: str, row: dict[str, Any]) -> str:
    others = ", ".join(f"{value_text(c['value'], c['bound'], [])} ({c['source']})" for c in row["conflict"])
    return (f"{CONFLICT_MARK} {label}{row['label']}: other sources give {others}; "
            f"drawn: {value_text(row['value'], row['bound'], [])} ({', '.join(row['sources'])}).")


def disputed_note(period: str, given: list[dict[str, Any]]) -> str:
    """The note on figures of a period apart whose sources disagree: every value with its sources."""
    given_text = "; ".join(f"{value_text(r['value'], r['bound'], [])} ({', '.join(r['sources'])})" for r in given)
    return f"{CONFLICT_MARK} {period}: the sources disagree, each value is drawn: {given_text}."


def _headline_row(value: dict[str, Any]) -> dict[str, Any]:
    conflict = [{"source": c["source"], "value": c["value"], "bound": c["bound"]} for c in value["contradicted_by"]]
    return {"year": value["period"], "label": str(value["period"]), "value": value["value"], "bound": value["bound"],
            "partial": False, "conflict": conflict, "sources": [c["source"] for c in value["claims"]],
            "text": value_text(value["value"], value["bound"], conflict)}


def _apart_rows(apart: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures of a part of a year or an inferred period, one row for each period, value and bound."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in apart:
        key = (item["period_label"], item["value"], item["bound"])
        if key in merged:
            merged[key]["sources"].append(item["source"])
            continue
        merged[key] = {"year": item["period"], "label": item["period_label"], "value": item["value"],
                       "bound": item["bound"], "partial": True, "conflict": [], "sources": [item["source"]],
                       "text": value_text(item["value"], item["bound"], [])}
    rows = list(merged.values())
    # No source outranks another for a period apart: when they disagree, each value is drawn, named by its source.
    for row in rows:
        row["period_label"] = row["label"]
    for row in rows:
        given = [{"value": r["value"], "bound": r["bound"], "sources": r["sources"]} for r in rows
                 if r["period_label"] == row["period_label"]]
        row["disputed"] = given if len(given) > 1 else []
    for row in rows:
        if row["disputed"]:
            row["text"] += CONFLICT_MARK
            row["label"] = f"{row['label']}, {', '.join(row['sources'])}"
    return rows


def _with_gaps(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with a row of no value for each year between the first and the last that has none."""
    if not rows:
        return []
    by_year = {r["year"]: r for r in rows}
    return [by_year.get(year) or {"year": year, "label": str(year), "value": None, "bound": None, "partial": False,
                                  "conflict": [], "sources": [], "text": ""}
            for year in range(min(by_year), max(by_year) + 1)]


def _notes(rows: list[dict[str, Any]], label: str = "") -> list[str]:
    """The notes every chart of values carries: conflicts, bounds, gaps, periods drawn apart."""
    notes = [conflict_note(label, r) for r in rows if r["conflict"]]
    notes += list(dict.fromkeys(disputed_note(r["period_label"], r["disputed"]) for r in rows if r.get("disputed")))
    bounded = [f"{r['label']} {BOUND_WORDS[r['bound']]} {r['value']:,}" for r in rows if r["bound"]]
    if bounded:
        notes.append(f"Open bars are bounds, not counts: {'; '.join(bounded)}.")
    gaps = [r["label"] for r in rows if r["value"] is None]
    if gaps:
        notes.append(f"No figure for {', '.join(dict.fromkeys(gaps))}: a gap, not zero.")
    apart = [r["period_label"] for r in rows if r["partial"]]
    if apart:
        where = "Hatched, right of the line" if any(not r["partial"] for r in rows) else "Hatched"
        notes.append(f"{where}: {'; '.join(dict.fromkeys(apart))}: not one calendar year, "
                     "never compared with one.")
    return notes


def metric_chart(facts: FactBase, metric: str) -> Chart:
    """A metric's headline value in every year from ``trend``, a gap where none, periods apart on their own."""
    from laos_tip.views.trend import trend

    document = trend(facts, metric).document
    found = document["metric"]
    rows = _with_gaps([_headline_row(v) for v in document["values"]]) + _apart_rows(document["apart"])
    if not any(r["value"] is not None for r in rows):
        raise NoDataError(f"no figures for {metric} ({found['label']}) in any year")
    definition = f"{found['label']}: {found['description']}"
    if found["counted_by"]:
        definition += f" Counted by: {found['counted_by']}."
    return Chart(kind="metric", name=metric, title=f"{found['label']} in Laos, by year", axis=found["unit"],
                 rows=rows, source=source_line(document["sources"]), definition=definition,
                 provenance=provenance(facts), notes=_notes(rows))


def tier_chart(facts: FactBase) -> Chart:
    """The tier of every US TIP Report from ``tier``, a year without a report in the file as a gap."""
    from laos_tip.views.tier import tiers

    document = tiers(facts).document
    if not document["tiers"]:
        raise NoDataError("no tier placements in the fact file")
    placed = {t["report_year"]: t for t in document["tiers"]}
    rows = [{"year": year, "label": str(year), "placement": placed[year]["placement"] if year in placed else None,
             "sources": [placed[year]["source"]] if year in placed else []}
            for year in range(min(placed), max(placed) + 1)]
    notes = []
    if document["gaps"]:
        notes.append(f"No report in the file for {', '.join(map(str, document['gaps']))}: a gap, not a placement.")
    return Chart(kind="tier", name=TIER, title="Laos in the US Trafficking in Persons Report: tier by report year",
                 axis="Tier placement (best on top)", rows=rows, source=source_line(document["sources"]),
                 definition="Tier: the US Department of State's yearly rating of a government's efforts against "
                            "trafficking, over the reporting period before each report; Tier 1 is best.",
                 provenance=provenance(facts), notes=notes, levels=TIER_PLACEMENTS)


def pipeline_chart(facts: FactBase) -> Chart:
    """The law-enforcement stages by year from ``pipeline``, each stage's bounds and conflicts from ``trend``."""
    from laos_tip.views.pipeline import pipeline
    from laos_tip.views.trend import trend

    document = pipeline(facts).document
    series = [{"key": s["key"], "label": records.PIPELINE_STAGES[s["key"]], "unit": s["unit"]}
              for s in document["stages"]]
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    # Every year from the first to the last: one without any stage's figure is a gap, as in a metric's chart.
    given = {year["period"]: year for year in document["years"]}
    years = list(range(min(given), max(given) + 1)) if given else []
    for stage in series:
        values = {v["period"]: _headline_row(v) for v in trend(facts, stage["key"]).document["values"]} \
            if facts.metric_periods(stage["key"]) else {}
        stage_rows = []
        for period in years:
            found = values.get(period) or {"year": period, "label": str(period), "value": None, "bound": None,
                                           "partial": False, "conflict": [], "sources": [], "text": ""}
            assert found["value"] == given.get(period, {}).get(stage["key"]), "the pipeline and trend views disagree"
            stage_rows.append(found)
        stage_rows += _apart_rows([a for a in document["apart"] if a["key"] == stage["key"]])
        rows += [{**r, "stage": stage["key"], "stage_label": stage["label"]} for r in stage_rows]
        notes += [conflict_note(f"{stage['label']}, ", r) for r in stage_rows if r["conflict"]]
        notes += list(dict.fromkeys(disputed_note(f"{stage['label']}, {r['period_label']}", r["disputed"])
                                    for r in stage_rows if r.get("disputed")))
    bounded = [f"{r['stage_label']} {r['label']} {BOUND_WORDS[r['bound']]} {r['value']:,}" for r in rows if r["bound"]]
    if bounded:
        notes.append(f"Open bars are bounds, not counts: {'; '.join(bounded)}.")
    empty = [str(year) for year in years if year not in given]
    if empty:
        notes.append(f"No figure of any stage for {', '.join(empty)}: a gap, not zero.")
    notes.append("A dash marks a stage without a figure that year: a gap, not zero. Each stage counts its own unit "
                 "in its own year: not the same cases followed through.")
    apart = [f"{r['stage_label']}, {r['period_label']}" for r in rows if r["partial"]]
    if apart:
        notes.append(f"Hatched, right of the line: {'; '.join(apart)}: not one calendar year, never compared "
                     "with one.")
    return Chart(kind="pipeline", name=PIPELINE, title="Law-enforcement pipeline of Laos, by year",
                 axis="Count, in each stage's own unit", rows=rows, source=source_line(document["sources"]),
                 definition="Pipeline: " + "; ".join(f"{s['label']} in {s['unit']}" for s in series)
                 + "; from the US TIP Report.", provenance=provenance(facts), notes=notes, series=series)
