"""What each command shows, as plain data: a table (columns and rows) and a JSON document.

Pure functions of a FactBase. ``output.py`` turns a View into a rich table, CSV, TSV,
markdown or JSON; nothing here prints or imports rich.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from laos_tip import ratios as ratio_math
from laos_tip.errors import NoDataError, UnknownKeyError
from laos_tip.model import PARTNER_NATIONS, PILLARS, FactBase, Figure, Headline, Partner, Source
from laos_tip.schema import suggest

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
    style: str | None = None  # rich style of the cells on a terminal, e.g. "cyan"

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
    return {
        "output_version": OUTPUT_VERSION,
        "command": command,
        "facts": {"path": facts.path, "sha256": facts.sha256},
        **data,
    }


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
        caption=["Source: " + s.citation for s in sources],
        notes=notes,
        extra=(statement_view,) if statements else (),
    )


def ratio_json(ratio: ratio_math.Ratio) -> dict[str, Any]:
    """A computed ratio as JSON: its terms, full-precision value, bound, caveats, or why it has none."""
    return {
        "key": ratio.definition.key,
        "name": ratio.definition.name,
        "formula": ratio.definition.formula,
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
            Column("caveat", "Caveat", display=lambda v, r: str(v or r["reason"] or "")),
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
        caption=["Source: " + s.citation for s in facts.sources if s.id in sources],
        notes=notes,
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
                "date": s.date.isoformat(),
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
    """Every source as a BibTeX entry, ready to save as a .bib file."""
    return "\n".join(source.bibtex for source in facts.sources)


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
    return [source_json(s) for s in facts.sources if s.id in set(source_ids)]


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
        warnings = [
            f"{key}: {claim.source} gives {claim.value}, not {headline.value}" for claim in headline.contradicting
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
