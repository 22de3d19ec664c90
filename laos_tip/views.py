"""What each command shows, as plain data: a table (columns and rows) and a JSON document.

Pure functions of a FactBase. ``output.py`` turns a View into a rich table, CSV, TSV,
markdown or JSON; nothing here prints or imports rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from laos_tip import ratios as ratio_math
from laos_tip.check import Report
from laos_tip.model import PILLARS, FactBase, Figure, Headline, Source

#: Version of the JSON output contract documented in the README. Raise it on any change
#: that could break a script: a key renamed, removed or given another type.
OUTPUT_VERSION = 1

Cell = str | int | float | None


@dataclass(frozen=True)
class Column:
    """A column of a table: its key in each row, its header, and how people see it."""

    key: str
    header: str
    numeric: bool = False
    display: Callable[[Cell, dict[str, Cell]], str] | None = None

    def show(self, row: dict[str, Cell]) -> str:
        """The cell as people read it (tables, markdown); machines get the raw value."""
        value = row.get(self.key)
        if self.display is not None:
            return self.display(value, row)
        if value is None:
            return ""
        return str(value)


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
    """The JSON document of ``laos-tip check``: validity, entry counts and every problem."""
    return file_envelope(
        "check", report.path, report.sha256,
        valid=report.valid,
        counts=report.counts if report.valid else None,
        problems=[problem.as_dict() for problem in report.problems],
    )


def source_json(source: Source) -> dict[str, Any]:
    """A source as JSON, with its citation."""
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "dateline": source.dateline,
        "date": source.date.isoformat(),
        "url": source.url,
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


def _period_sources(facts: FactBase, period: int) -> list[Source]:
    used = {f.source for f in facts.figures if f.period == period}
    used |= {p.source for p in facts.partners if p.period == period}
    return [source for source in facts.sources if source.id in used]


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
            "key": "partner_nations",
            "figure": "Partner nations named",
            "value": len(partners),
            "unit": "countries",
            "period": period,
            "sources": len({p.source for p in partners}),
            "contradicted_by": None,
        })
    sources = _period_sources(facts, period)
    notes = [f"{h.metric.label}: {h.metric.caveat}" for h in headlines if h.metric.caveat]
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
            Column("key", "Key"),
            Column("sources", "Sources", numeric=True),
            Column("contradicted_by", "Contradicted by"),
        ),
        rows=rows,
        document=document,
        group="pillar",
        caption=["Source: " + s.citation for s in sources],
        notes=notes,
        extra=(statement_view,) if statements else (),
    )


def _ratio_value(value: Cell, row: dict[str, Cell]) -> str:
    if not isinstance(value, float):
        return "n/a"
    shown = f"{value:.1%}" if row["kind"] == "share" else f"{value:.2f}"
    return f"≥ {shown}" if row["bound"] == "lower" else shown


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
            "formula": definition.formula,
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
        ratios=[
            {
                "key": r.definition.key,
                "name": r.definition.name,
                "formula": r.definition.formula,
                "kind": r.definition.kind,
                "period": period,
                "numerator": {
                    "value": r.numerator_value,
                    "terms": [{"key": t.metric, "label": t.label, "value": t.value} for t in r.numerator],
                },
                "denominator": {
                    "key": r.denominator.metric, "label": r.denominator.label, "value": r.denominator.value,
                },
                "value": r.value,
                "bound": r.bound,
                "caveats": list(r.caveats),
                "reason": r.reason,
            }
            for r in computed
        ],
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
            Column("caveat", "Caveat", display=lambda v, r: str(v or r["reason"] or "")),
        ),
        rows=rows,
        document=document,
        caption=["Tables round: ratios to 2 decimals, shares to 1 decimal place; --json gives full precision."],
        notes=[why for _, _, why in ratio_math.UNRELATED] + [
            f"{r.definition.name}: n/a, {r.reason}." for r in computed if r.reason
        ],
    )


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
        partners=[
            {
                "name": p.country.name,
                "alpha2": p.country.alpha2,
                "alpha3": p.country.alpha3,
                "borders_laos": facts.borders_laos(p.country),
                "source": p.source,
                "quote": p.quote,
            }
            for p in named
        ],
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
        caption=["Source: " + s.citation for s in facts.sources if s.id in sources],
        notes=notes,
    )
