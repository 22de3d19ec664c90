"""What each command shows, as plain data: a table (columns and rows) and a JSON document.

Pure functions of a FactBase. ``output.py`` turns a View into a rich table, CSV, TSV,
markdown or JSON; nothing here prints or imports rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from laos_tip import ratios as ratio_math
from laos_tip.check import Report
from laos_tip.errors import NoDataError, UnknownKeyError
from laos_tip.model import PARTNER_NATIONS, PILLARS, TIER_PLACEMENTS, FactBase, Figure, Headline, Metric, Partner, Source
from laos_tip.schema import suggest
from laos_tip.textsafe import printable

#: Version of the JSON output contract documented in the README. Raise it on any change
#: that could break a script: a key renamed, removed or given another type.
OUTPUT_VERSION = 1

Cell = str | int | float | None

#: Keys are what a user types ('laos-tip get KEY'): tables set them apart in colour.
KEY_STYLE = "cyan"


@dataclass(frozen=True)
class Column:
    """A column of a table: its key in each row, its header, and how people see it."""

    key: str
    header: str
    numeric: bool = False
    display: Callable[[Cell, dict[str, Cell]], str] | None = None
    table_only: bool = False  # drawn in the terminal table only (e.g. a bar chart), not in csv/tsv/markdown
    style: str | None = None  # rich style of the cells on a terminal, e.g. "cyan"

    def show(self, row: dict[str, Cell]) -> str:
        """The cell as people read it (tables, markdown), control characters escaped; machines get the raw value."""
        value = row.get(self.key)
        if self.display is not None:
            return printable(self.display(value, row))
        if value is None:
            return ""
        return printable(str(value))


@dataclass(frozen=True)
class View:
    """One command's output: a table for people and formats, and a JSON document."""

    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Cell]]
    document: dict[str, Any]
    group: str | None = None  # rows with the same value here form one section of the table
    caption: list[str] = field(default_factory=list)  # lines under the table
    notes: list[str] = field(default_factory=list)  # caveats and remarks after the table
    extra: tuple[View, ...] = ()  # further tables shown after this one (people only)


def envelope(command: str, facts: FactBase, **data: Any) -> dict[str, Any]:
    """The fields every JSON document starts with, then the command's own data."""
    return file_envelope(command, facts.path, facts.sha256, **data)


def file_envelope(command: str, path: str, sha256: str | None, **data: Any) -> dict[str, Any]:
    """``envelope`` for a fact file that may not load: its path and, if it was read, its SHA-256."""
    return {
        "output_version": OUTPUT_VERSION,
        "command": command,
        "facts": {"path": path, "sha256": sha256},
        **data,
    }


def check_document(report: Report) -> dict[str, Any]:
    """The JSON document of ``laos-tip check``: validity, entry counts, every problem, and conflicts between sources."""
    return file_envelope(
        "check", report.path, report.sha256,
        valid=report.valid,
        counts=report.counts if report.valid else None,
        problems=[problem.as_dict() for problem in report.problems],
        findings=[
            {
                "code": "source-conflict",
                "metric": headline.metric.id,
                "period": headline.period,
                "value": headline.value,
                "sources": [claim_json(f) for f in headline.backing],
                "contradicted_by": [claim_json(f) for f in headline.contradicting],
                "message": contradiction_note(headline),
            }
            for headline in report.conflicts
        ],
    )


def source_json(source: Source) -> dict[str, Any]:
    """A source as JSON, with its citation."""
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "dateline": source.dateline,
        "date": source.date.isoformat() if source.date else None,
        "date_note": source.date_note,
        "url": source.url,
        "carried_by": list(source.carried_by),
        "authority": source.authority,
        "reliability": source.reliability,
        "citation": source.citation,
    }


def claim_json(figure: Figure) -> dict[str, Any]:
    """Where a figure comes from: source, quote, and the number as written there."""
    return {
        "source": figure.source,
        "value": figure.value,
        "quote": figure.quote,
        "as_written": figure.as_written,
        "note": figure.note,
    }


def headline_json(headline: Headline) -> dict[str, Any]:
    """A headline figure with its metric and every claim for and against it."""
    metric = headline.metric
    return {
        "key": metric.id,
        "label": metric.label,
        "pillar": metric.pillar,
        "period": headline.period,
        "value": headline.value,
        "unit": metric.unit,
        "description": metric.description,
        "counted_by": metric.counted_by,
        "caveat": metric.caveat,
        "sources": [claim_json(f) for f in headline.backing],
        "contradicted_by": [claim_json(f) for f in headline.contradicting],
    }


def citation_line(source: Source) -> str:
    """A caption line citing a source, flagging any source that is not primary."""
    trust = "" if source.reliability == "primary" else f" (reliability: {source.reliability})"
    return f"Source{trust}: {source.citation}"


def contradiction_note(headline: Headline) -> str:
    """Why a figure is marked contradicted, and which value the table keeps."""
    others = "; ".join(f"{f.source} gives {f.value}" for f in headline.contradicting)
    backers = ", ".join(f.source for f in headline.backing)
    return (f"{headline.metric.label} ({headline.period}): {others}. Shown: {headline.value}, "
            f"as stated by {backers}; conflicting claims are listed, never merged.")


def _period_sources(facts: FactBase, period: int) -> list[Source]:
    used = {f.source for f in facts.figures if f.period == period}
    used |= {p.source for p in facts.partners if p.period == period}
    return facts.sources_among(used)


def summary(facts: FactBase, period: int) -> View:
    """Headline figures of ``period`` by pillar, with the sources they come from."""
    headlines = sorted(facts.headlines(period), key=lambda h: PILLARS.index(h.metric.pillar))
    rows: list[dict[str, Cell]] = [
        {
            "pillar": h.metric.pillar,
            "key": h.metric.id,
            "figure": h.metric.label,
            "value": h.value,
            "unit": h.metric.unit,
            "period": period,
            "sources": len(h.backing),
            "contradicted_by": "; ".join(f"{f.source}: {f.value}" for f in h.contradicting) or None,
        }
        for h in headlines
    ]
    partners = facts.partners_in(period)
    if partners:
        rows.append({
            "pillar": "partnership",
            "key": PARTNER_NATIONS,
            "figure": "Partner nations named",
            "value": len(partners),
            "unit": "countries",
            "period": period,
            "sources": len({p.source for p in partners}),
            "contradicted_by": None,
        })
    sources = _period_sources(facts, period)
    notes = [f"{h.metric.label}: {h.metric.caveat}" for h in headlines if h.metric.caveat]
    notes += [f"{h.metric.label} ({period}): {h.figure.note}" for h in headlines if h.figure.note]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    if partners:
        notes.append("Partner nations: " + ", ".join(p.country.name for p in partners) + " ('laos-tip partners').")
    statements = [s for s in facts.statements if s.period == period]
    statement_view = View(
        title=f"What the report says ({period})",
        columns=(Column("topic", "Topic"), Column("summary", "Statement")),
        rows=[{"topic": s.topic, "summary": s.summary} for s in statements],
        document={},
    )
    document = envelope(
        "summary", facts,
        period=period,
        figures=[headline_json(h) for h in headlines],
        partners=[p.country.name for p in partners],
        statements=[
            {"id": s.id, "topic": s.topic, "summary": s.summary, "source": s.source, "quote": s.quote}
            for s in statements
        ],
        sources=[source_json(s) for s in sources],
    )
    return View(
        title=f"Trafficking in persons in Laos, {period}",
        columns=(
            Column("pillar", "Pillar"),
            Column("figure", "Figure"),
            Column("value", "Value", numeric=True, display=lambda v, r: f"{v:,}" if isinstance(v, int) else ""),
            Column("unit", "Unit"),
            Column("key", "Key", style=KEY_STYLE),
            Column("sources", "Sources", numeric=True),
            Column("contradicted_by", "Contradicted by"),
        ),
        rows=rows,
        document=document,
        group="pillar",
        caption=[citation_line(s) for s in sources],
        notes=notes,
        extra=(statement_view,) if statements else (),
    )


def ratio_json(ratio: ratio_math.Ratio) -> dict[str, Any]:
    """A computed ratio as JSON: its terms, full-precision value, bound, caveats, or why it has none."""
    return {
        "key": ratio.definition.key,
        "name": ratio.definition.name,
        "formula": ratio.formula,
        "kind": ratio.definition.kind,
        "period": ratio.period,
        "numerator": {
            "value": ratio.numerator_value,
            "terms": [{"key": t.metric, "label": t.label, "value": t.value} for t in ratio.numerator],
        },
        "denominator": {
            "key": ratio.denominator.metric, "label": ratio.denominator.label, "value": ratio.denominator.value,
        },
        "value": ratio.value,
        "bound": ratio.bound,
        "caveats": list(ratio.caveats),
        "reason": ratio.reason,
    }


def _ratio_value(value: Cell, row: dict[str, Cell]) -> str:
    if not isinstance(value, float):
        return "n/a"
    shown = f"{value:.1%}" if row["kind"] == "share" else f"{value:.2f}"
    return f"≥ {shown}" if row["bound"] == "lower" else shown


def _caveat_text(caveat: Cell, row: dict[str, Cell]) -> str:
    reason = f"No value: {row['reason']}." if row["reason"] else None
    return " ".join(str(text) for text in (reason, caveat) if text)


def _term_text(label: str, value: int | None) -> str:
    return f"{label} = {value if value is not None else 'n/a'}"


def ratios(facts: FactBase, period: int) -> View:
    """Every derived ratio for ``period``, with its terms, bound and caveats."""
    computed = ratio_math.compute_all(facts, period)
    rows: list[dict[str, Cell]] = []
    for ratio in computed:
        definition = ratio.definition
        rows.append({
            "key": definition.key,
            "name": definition.name,
            "formula": ratio.formula,
            "numerator": ratio.numerator_value,
            "numerator_terms": " + ".join(_term_text(t.label, t.value) for t in ratio.numerator),
            "denominator": ratio.denominator.value,
            "denominator_term": _term_text(ratio.denominator.label, ratio.denominator.value),
            "value": ratio.value,
            "kind": definition.kind,
            "bound": ratio.bound,
            "caveat": " ".join(ratio.caveats) or None,
            "reason": ratio.reason,
        })
    document = envelope(
        "ratios", facts,
        period=period,
        ratios=[ratio_json(r) for r in computed],
        unrelated=[{"numerator": a, "denominator": b, "reason": why} for a, b, why in ratio_math.UNRELATED],
    )
    return View(
        title=f"Derived ratios, {period}",
        columns=(
            Column("name", "Ratio"),
            Column("formula", "Formula"),
            Column("numerator_terms", "Numerator"),
            Column("denominator_term", "Denominator"),
            Column("value", "Value", numeric=True, display=_ratio_value),
            Column("bound", "Bound", display=lambda v, r: {"exact": "exact", "lower": "lower bound"}.get(str(v), "")),
            Column("caveat", "Caveat", display=_caveat_text),
        ),
        rows=rows,
        document=document,
        caption=["Tables round: ratios to 2 decimals, shares to 1 decimal place; --json gives full precision."],
        notes=[why for _, _, why in ratio_math.UNRELATED] + [
            f"{r.definition.name}: n/a, {r.reason}." for r in computed if r.reason
        ],
    )


def partner_json(facts: FactBase, partner: Partner) -> dict[str, Any]:
    """A partner nation as JSON, with the sentence that names it."""
    return {
        "name": partner.country.name,
        "alpha2": partner.country.alpha2,
        "alpha3": partner.country.alpha3,
        "borders_laos": facts.borders_laos(partner.country),
        "source": partner.source,
        "quote": partner.quote,
    }


def partners(facts: FactBase, period: int) -> View:
    """Partner nations named for ``period``, and the neighbours of Laos left unnamed."""
    named = facts.partners_in(period)
    named_codes = {p.country.alpha2 for p in named}
    unnamed = [n for n in facts.neighbours if n.alpha2 not in named_codes]
    rows: list[dict[str, Cell]] = [
        {
            "name": p.country.name,
            "alpha2": p.country.alpha2,
            "alpha3": p.country.alpha3,
            "borders_laos": "yes" if facts.borders_laos(p.country) else "no",
            "source": p.source,
        }
        for p in named
    ]
    notes = []
    if unnamed and facts.neighbours:
        names = ", ".join(f"{n.name} ({n.alpha2}/{n.alpha3})" for n in unnamed)
        notes.append(
            f"Laos has {len(facts.neighbours)} land neighbours; not named as partners for {period}: {names}."
        )
    document = envelope(
        "partners", facts,
        period=period,
        partners=[partner_json(facts, p) for p in named],
        neighbours_not_named=[{"name": n.name, "alpha2": n.alpha2, "alpha3": n.alpha3} for n in unnamed],
    )
    sources = {p.source for p in named}
    return View(
        title=f"Partner nations against cross-border trafficking, {period}",
        columns=(
            Column("name", "Country"),
            Column("alpha2", "ISO alpha-2"),
            Column("alpha3", "ISO alpha-3"),
            Column("borders_laos", "Borders Laos"),
            Column("source", "Source"),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in facts.sources_among(sources)],
        notes=notes,
    )


#: Width of the longest bar of a trend chart, in terminal cells.
BAR_WIDTH = 30
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of block characters, ``width`` cells long for ``largest``, to 1/8 cell."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = round(value * width * 8 / largest)
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest] if rest else "")


def metric_json(metric: Metric) -> dict[str, Any]:
    """What a metric counts and by whom."""
    return {
        "key": metric.id,
        "label": metric.label,
        "pillar": metric.pillar,
        "unit": metric.unit,
        "description": metric.description,
        "counted_by": metric.counted_by,
        "part_of": metric.part_of,
        "breakdown": metric.breakdown,
        "caveat": metric.caveat,
    }


def _related(facts: FactBase, metric_id: str, candidates: list[str]) -> list[tuple[Metric, str]]:
    """The candidates that look like ``metric_id`` but are other metrics, with how they relate."""
    found = []
    for other_id in candidates:
        relation = facts.relation(metric_id, other_id)
        other = facts.metric(other_id)
        if relation is not None and other is not None:
            found.append((other, relation))
    return found


def _sources_of(facts: FactBase, headlines: list[Headline]) -> list[Source]:
    return facts.sources_among(f.source for h in headlines for f in (*h.backing, *h.contradicting))


def trend(facts: FactBase, metric_id: str) -> View:
    """A metric's headline value in every period, with its sources and a bar chart for people.

    Only figures of this one metric appear: figures of metrics that look alike (another
    counting body, a part, a whole) are named in the notes, never mixed in.
    Raises UnknownKeyError for an unknown metric and NoDataError for one without figures.
    """
    metric = facts.metric(metric_id)
    if metric is None:
        raise UnknownKeyError(metric_id, suggest(metric_id, [m.id for m in facts.metrics]), what="metric")
    series = facts.series(metric_id)
    if not series:
        raise NoDataError(f"no figures for {metric_id} ({metric.label}) in any year")
    largest = max(h.value for h in series)
    rows: list[dict[str, Cell]] = [
        {
            "period": h.period,
            "value": h.value,
            "unit": metric.unit,
            "source": h.figure.source,
            "sources": len(h.backing),
            "backed_by": "; ".join(f.source for f in h.backing),
            "contradicted_by": "; ".join(f"{f.source}: {f.value}" for f in h.contradicting) or None,
            "quote": h.figure.quote,
        }
        for h in series
    ]
    stated = {f.metric for f in facts.figures}
    with_figures = [m.id for m in facts.metrics if m.id in stated]
    related = _related(facts, metric_id, with_figures)
    notes = [f"{metric.label}: {metric.description}" + (f" Counted by: {metric.counted_by}." if metric.counted_by else "")]
    if metric.caveat:
        notes.append(f"Caveat: {metric.caveat}")
    notes += [f"{h.period}: {h.figure.note}" for h in series if h.figure.note]
    notes += [contradiction_note(h) for h in series if h.contradicting]
    notes += [
        f"Not included: {other.label} ({other.id}) {relation}, a different metric; see 'laos-tip trend {other.id}'."
        for other, relation in related
    ]
    cited = _sources_of(facts, series)
    document = envelope(
        "trend", facts,
        metric=metric_json(metric),
        values=[headline_json(h) for h in series],
        not_included=[{"key": other.id, "label": other.label, "relation": relation} for other, relation in related],
        sources=[source_json(s) for s in cited],
    )
    return View(
        title=f"{metric.label} ({metric.id}), by year",
        columns=(
            Column("period", "Year"),
            Column("value", "Value", numeric=True, display=lambda v, r: f"{v:,}" if isinstance(v, int) else ""),
            Column("bar", "", display=lambda v, r: bar(r["value"], largest) if isinstance(r["value"], int) else "",
                   table_only=True),
            Column("unit", "Unit"),
            Column("source", "Source"),
            Column("sources", "Sources", numeric=True),
            Column("contradicted_by", "Contradicted by"),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in cited],
        notes=notes,
    )


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
        row: dict[str, Cell] = {
            "key": metric.id,
            "figure": metric.label,
            "unit": metric.unit,
            "earlier": first.value if first else None,
            "later": second.value if second else None,
            "change": None,
            "relative_change": None,
            "earlier_year": earlier,
            "later_year": later,
        }
        if first is not None and second is not None:
            change = second.value - first.value
            relative = change / first.value if first.value else None
            row.update(change=change, relative_change=relative, compared="yes", comparison="compared")
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
            related = _related(facts, metric.id, [m for m in present[other_year] if m not in present[year]])
            reason = f"only in {year}"
            if related:
                reason += f"; {other_year} has " + "; ".join(
                    f"{other.label} ({other.id}), which {relation}" for other, relation in related
                ) + ": a different metric, not compared"
            row.update(compared="no", comparison=reason)
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
        rows.append(row)
    rows.sort(key=lambda r: r["compared"] != "yes")
    headlines = [*present[earlier].values(), *present[later].values()]
    notes = [
        "Figures are compared only when they measure the same metric; a metric present in one year only "
        "is listed, not compared.",
        "Relative change is n/a when the earlier value is 0.",
    ]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    notes += [f"{h.metric.label} ({h.period}): {h.figure.note}" for h in headlines if h.figure.note]
    cited = _sources_of(facts, headlines)
    document = envelope(
        "compare", facts,
        years=[earlier, later],
        compared=compared,
        not_compared=not_compared,
        sources=[source_json(s) for s in cited],
    )

    def value_text(value: Cell, row: dict[str, Cell]) -> str:
        return f"{value:,}" if isinstance(value, int) else "—"

    return View(
        title=f"Trafficking in persons in Laos, {earlier} and {later} compared",
        columns=(
            Column("figure", "Figure"),
            Column("key", "Key"),
            Column("earlier", str(earlier), numeric=True, display=value_text),
            Column("later", str(later), numeric=True, display=value_text),
            Column("change", "Change", numeric=True, display=_change_text),
            Column("relative_change", "Relative change", numeric=True, display=_relative_text),
            Column("comparison", "Comparison"),
        ),
        rows=rows,
        document=document,
        group="compared",
        caption=[citation_line(s) for s in cited],
        notes=notes,
    )


def tiers(facts: FactBase) -> View:
    """The tier in which each US Trafficking in Persons Report placed Laos, with its source."""
    placements = facts.tiers_in_order()
    rows: list[dict[str, Cell]] = []
    previous = None
    for tier in placements:
        change = None
        if previous is not None:
            step = TIER_PLACEMENTS.index(tier.placement) - TIER_PLACEMENTS.index(previous)
            change = "same" if step == 0 else ("downgraded" if step > 0 else "upgraded")
        previous = tier.placement
        rows.append({
            "report_year": tier.report_year,
            "placement": tier.placement,
            "change": change,
            "released": tier.released.isoformat() if tier.released else None,
            "source": tier.source,
            "quote": tier.quote,
        })
    sources = facts.sources_among(tier.source for tier in placements)
    document = envelope(
        "tier", facts,
        tiers=[
            {**row, "note": tier.note} for row, tier in zip(rows, placements)
        ],
        sources=[source_json(s) for s in sources],
    )
    return View(
        title="US Trafficking in Persons Report: tier placements of Laos",
        columns=(
            Column("report_year", "Report"),
            Column("placement", "Placement"),
            Column("change", "Change"),
            Column("released", "Released"),
            Column("source", "Source"),
            Column("quote", "Quote"),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in sources],
        notes=[
            "Each report assesses the government's efforts over the reporting period before its release.",
            "Tiers, best first: " + ", ".join(TIER_PLACEMENTS) + ".",
        ],
    )


def figure_rows(facts: FactBase) -> list[dict[str, Cell]]:
    """Every figure claim of the fact file, flat, in file order.

    ``headline`` tells whether the claim agrees with the value shown for its metric and
    period; a claim that does not is contradicted by a more trusted or more common one.
    """
    rows: list[dict[str, Cell]] = []
    for figure in facts.figures:
        metric = facts.metric(figure.metric)
        assert metric is not None  # validation guarantees the reference
        headline = facts.headline(figure.metric, figure.period)
        rows.append({
            "metric": figure.metric,
            "label": metric.label,
            "pillar": metric.pillar,
            "unit": metric.unit,
            "period": figure.period,
            "value": figure.value,
            "as_written": figure.as_written,
            "source": figure.source,
            "quote": figure.quote,
            "note": figure.note,
            "headline": headline is not None and headline.value == figure.value,
        })
    return rows


def claims(facts: FactBase) -> View:
    """Every figure claim with the sentence of its source, one row each (also the CSV export)."""
    rows = figure_rows(facts)
    return View(
        title="Figures and the sentences that state them",
        columns=(
            Column("metric", "Key", style=KEY_STYLE),
            Column("period", "Year", numeric=True),
            Column("value", "Value", numeric=True),
            Column("unit", "Unit"),
            Column("source", "Source"),
            Column("quote", "Sentence that states it"),
        ),
        rows=rows,
        document={"figures": rows},
    )


def sources(facts: FactBase, quotes: bool = False) -> View:
    """Every source with a plain-text citation and BibTeX; with ``quotes``, each figure's sentence too."""
    stated = {source.id: 0 for source in facts.sources}
    for figure in facts.figures:
        stated[figure.source] += 1
    source_view = View(
        title="Sources",
        columns=(
            Column("id", "Id"),
            Column("reliability", "Reliability"),
            Column("figures", "Figures", numeric=True),
            Column("citation", "Citation"),
        ),
        rows=[
            {
                "id": s.id,
                "publisher": s.publisher,
                "date": s.date.isoformat() if s.date else None,
                "title": s.title,
                "dateline": s.dateline,
                "url": s.url,
                "authority": s.authority,
                "reliability": s.reliability,
                "figures": stated[s.id],
                "citation": s.citation,
            }
            for s in facts.sources
        ],
        document={},
        caption=["BibTeX: laos-tip sources --bibtex"],
    )
    data: dict[str, Any] = {
        "sources": [{**source_json(s), "figures": stated[s.id], "bibtex": s.bibtex} for s in facts.sources],
    }
    if not quotes:
        return replace(source_view, document=envelope("sources", facts, **data))
    figure_view = claims(facts)
    data["quotes"] = figure_view.rows
    # The figures and their sentences come first; the sources follow like a list of references.
    return replace(figure_view, document=envelope("sources", facts, **data), extra=(source_view,))


def bibtex(facts: FactBase) -> str:
    """Every source as a BibTeX entry, ready to save as a .bib file; control characters escaped."""
    return printable("\n".join(source.bibtex for source in facts.sources), keep="\n")


def _ratio_unit(definition: ratio_math.RatioDefinition, facts: FactBase) -> str:
    if definition.kind == "share":
        return "fraction"
    units = []
    for metric_id in (definition.numerator[0], definition.denominator):
        metric = facts.metric(metric_id)
        units.append(metric.unit if metric else metric_id)
    return " / ".join(units)


def key_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every key ``laos-tip get`` answers: metrics, then ratios, then the partner count.

    Validation keeps metric ids apart from the ratio keys and ``partner_nations``, so
    every key names one thing.
    """
    periods = facts.periods()
    rows: list[dict[str, Any]] = [
        {
            "key": metric.id, "kind": "figure", "label": metric.label, "pillar": metric.pillar,
            "unit": metric.unit, "description": metric.description,
            "periods": sorted({f.period for f in facts.figures if f.metric == metric.id}),
        }
        for metric in facts.metrics
    ]
    rows.extend(
        {
            "key": definition.key, "kind": "ratio", "label": definition.name, "pillar": None,
            "unit": _ratio_unit(definition, facts), "description": definition.formula,
            "periods": [p for p in periods if ratio_math.compute(definition, facts, p).value is not None],
        }
        for definition in ratio_math.RATIOS
    )
    rows.append({
        "key": PARTNER_NATIONS, "kind": "count", "label": "Partner nations named", "pillar": "partnership",
        "unit": "countries",
        "description": "Number of partner nations a source names for cooperation against cross-border trafficking.",
        "periods": sorted({p.period for p in facts.partners}),
    })
    return rows


def keys(facts: FactBase) -> View:
    """The keys of ``laos-tip get``, with what each one is, for people and for scripts."""
    rows = key_rows(facts)
    return View(
        title="Keys for 'laos-tip get KEY'",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("kind", "Kind"),
            Column("label", "Label"),
            Column("unit", "Unit"),
            Column("periods", "Years"),
            Column("description", "Description"),
        ),
        rows=[{**row, "periods": " ".join(map(str, row["periods"]))} for row in rows],
        document=envelope("keys", facts, keys=rows),
    )


@dataclass(frozen=True)
class Lookup:
    """The answer to ``laos-tip get``: the bare value as text, a JSON document, and warnings."""

    text: str
    document: dict[str, Any]
    warnings: list[str]


def _cited(facts: FactBase, source_ids: list[str]) -> list[dict[str, Any]]:
    return [source_json(s) for s in facts.sources_among(source_ids)]


def lookup(facts: FactBase, key: str, period: int) -> Lookup:
    """One key's value for ``period``, with where it comes from.

    Raises UnknownKeyError (with suggestions) for a key ``keys`` does not list, and
    NoDataError when the key has no value in ``period``.
    """
    rows = {row["key"]: row for row in key_rows(facts)}
    row = rows.get(key)
    if row is None:
        raise UnknownKeyError(key, suggest(key, list(rows)))

    def document(value: Any, item: dict[str, Any], source_ids: list[str]) -> dict[str, Any]:
        return envelope("get", facts, key=key, kind=row["kind"], period=period, value=value,
                        item=item, sources=_cited(facts, source_ids))

    def no_value(why: str) -> NoDataError:
        years = ", ".join(map(str, row["periods"])) or "none"
        return NoDataError(f"{key} has no value for {period}: {why} (years with a value: {years})")

    if row["kind"] == "figure":
        headline = facts.headline(key, period)
        if headline is None:
            raise no_value("no source in the fact file gives this figure")
        # Only a dispute between equally trusted sources is worth a warning on every call;
        # a less reliable source's other value stays in --json, summary and check.
        trust = {source.id: source.reliability for source in facts.sources}
        best = trust[headline.figure.source]
        warnings = [
            f"{key}: {claim.source} gives {claim.value}, not {headline.value}"
            for claim in headline.contradicting if trust[claim.source] == best
        ]
        claims_used = [*headline.backing, *headline.contradicting]
        return Lookup(str(headline.value), document(headline.value, headline_json(headline),
                                                    [c.source for c in claims_used]), warnings)
    if row["kind"] == "ratio":
        definition = ratio_math.definition(key)
        assert definition is not None
        ratio = ratio_math.compute(definition, facts, period)
        if ratio.value is None:
            raise no_value(ratio.reason or "no value")
        warnings = [f"{key}: {ratio.caveats[0]}"] if ratio.bound == "lower" else []
        term_sources = []
        for term in (*ratio.numerator, ratio.denominator):
            headline = facts.headline(term.metric, period)
            if headline is not None:
                term_sources.extend(claim.source for claim in headline.backing)
        # repr gives the shortest text that reads back as the same float: full precision.
        return Lookup(repr(ratio.value), document(ratio.value, ratio_json(ratio), term_sources), warnings)
    named = facts.partners_in(period)
    if not named:
        raise no_value("no source names partner nations for this year")
    item = {
        "key": key, "label": row["label"], "pillar": row["pillar"], "period": period, "value": len(named),
        "unit": row["unit"], "description": row["description"],
        "partners": [partner_json(facts, p) for p in named],
    }
    return Lookup(str(len(named)), document(len(named), item, [p.source for p in named]), [])
