"""What each command shows, as plain data: a table (columns and rows) and a JSON document.

Pure functions of a FactBase. Every JSON object is a record of ``records.py``, built by
``records.row``; a table's rows are those same objects, so its CSV carries every field its
JSON has. ``output.py`` turns a View into a rich table, CSV, TSV, markdown or JSON; nothing
here prints or imports rich.
"""

from __future__ import annotations

from collections.abc import Callable

from laos_tip import ratios as ratio_math
from laos_tip.check import Report
from laos_tip.errors import NoDataError, UnknownKeyError
from laos_tip import records
from laos_tip.frozen import field, record, replace
from laos_tip.model import (
    PARTNER_NATIONS,
    PILLARS,
    RELIABILITIES,
    TIER_PLACEMENTS,
    FactBase,
    Figure,
    Headline,
    Metric,
    Partner,
    Source,
    Tier,
)
from laos_tip.records import row
from laos_tip.schema import suggest
from laos_tip.textsafe import printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    #: A value of a row: JSON's scalars, or a list (of values or of records).
    Cell = str | int | float | bool | list[Any] | None

#: Version of the JSON output contract documented in the README. Raise it on any change
#: that could break a script: a key renamed, removed or given another type.
OUTPUT_VERSION = 2

#: Keys are what a user types ('laos-tip get KEY'): tables set them apart in colour.
KEY_STYLE = "cyan"


@record
class Column:
    """A column of a table: its key in each row, its header, and how people see it."""

    key: str
    header: str
    numeric: bool = False
    display: Callable[[Cell, dict[str, Cell]], str] | None = None
    table_only: bool = False  # drawn in the terminal table only (e.g. a bar chart), not in csv/tsv/markdown
    style: str | None = None  # rich style of the cells on a terminal, e.g. "cyan"
    # How a terminal shows the column (a pipe gets every column, every cell whole, whatever these say):
    priority: int = 1  # 1: always shown; when the window is too narrow, the highest numbers are left out first
    wrap: bool = False  # a label that may wrap between words; keys, numbers, years and URLs never wrap
    prose: bool = False  # sentences: never a narrow column; below the table as numbered notes the row points to
    detail: bool = False  # shown on a terminal only with --details
    aside: str | None = None  # on a terminal, the text after this separator goes to a numbered note

    def show(self, row: dict[str, Cell]) -> str:
        """The cell as people read it (tables, markdown), control characters escaped; machines get the raw value."""
        value = row.get(self.key)
        if self.display is not None:
            return printable(self.display(value, row))
        if value is None:
            return ""
        return printable(str(value))


@record
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
    # Lines under the table in a terminal's brief view, in place of notes, caption and extra tables;
    # None: the brief view shows them all, as --details does.
    brief: list[str] | None = None


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
                "key": headline.metric.id,
                "period": headline.period,
                "value": headline.value,
                "independent_source_count": headline.independent_source_count,
                "claims": [claim_json(f) for f in headline.backing],
                "contradicted_by": [claim_json(f) for f in headline.contradicting],
                "message": contradiction_note(headline),
            }
            for headline in report.conflicts
        ],
    )


def source_json(source: Source) -> dict[str, Any]:
    """A source as JSON, with its citation."""
    return row(records.SOURCE, source)


def claim_json(figure: Figure) -> dict[str, Any]:
    """Where a figure comes from: source, quote, and the number as written there."""
    return row(records.CLAIM, figure)


def _headline_values(headline: Headline) -> dict[str, Any]:
    return {"period": headline.period, "value": headline.value, "source_count": len(headline.backing),
            "independent_source_count": headline.independent_source_count, "reliability": headline.reliability,
            "contradicted": headline.contradicted, "notes": headline.notes}


def headline_json(headline: Headline) -> dict[str, Any]:
    """A headline figure with its metric and every claim for and against it."""
    return row(records.HEADLINE, headline.metric, **_headline_values(headline),
               claims=[claim_json(f) for f in headline.backing],
               contradicted_by=[claim_json(f) for f in headline.contradicting])


def headline_row(headline: Headline) -> dict[str, Any]:
    """A headline figure flat: one row per metric and period (the export's headline table)."""
    return row(records.HEADLINE_ROW, headline.metric, **_headline_values(headline))


#: The mark of a headline that only a low-reliability source gives, and its note.
LOW_MARK = "†"
LOW_NOTE = "only a low-reliability source gives this figure"


def _count(missing: str = "") -> Callable[[Cell, dict[str, Cell]], str]:
    """A Column display for counts: thousands separated, ``missing`` where there is no number."""
    return lambda value, row: f"{value:,}" if isinstance(value, int) else missing


def _label_marked(value: Cell, row: dict[str, Cell]) -> str:
    """A figure's label, marked when only a low-reliability source gives its value."""
    return f"{value} {LOW_MARK}" if row.get("reliability") == "low" else str(value)


def _low_note(rows: list[dict[str, Any]]) -> list[str]:
    low = [str(r["label"]) for r in rows if r.get("reliability") == "low"]
    return [f"{LOW_MARK} {LOW_NOTE}: {', '.join(low)}."] if low else []


def apart_json(facts: FactBase, figure: Figure) -> dict[str, Any]:
    """A figure of a partial or inferred period, with its metric's label and unit and the period as shown."""
    metric = facts.metric(figure.metric)
    assert metric is not None  # validation guarantees the reference
    return row(records.APART, figure, label=metric.label, unit=metric.unit, period_label=figure.period_label)


def apart_line(row: dict[str, Any]) -> str:
    """One line on a figure kept apart: what, how much, for which period, from whom."""
    note = f" {row['period_note']}" if row["period_note"] else ""
    kind = "not a full calendar year" if row["period_from"] is not None else "a period the source does not name"
    return (f"{row['label']} ({row['key']}), {row['period_label']}: {row['value']:,} {row['unit']}, "
            f"from {row['source']}; {kind}, shown apart.{note}")


def headline_rows(facts: FactBase) -> list[dict[str, Any]]:
    """The headline of every metric and period, metrics in file order, then oldest first."""
    return [headline_row(h) for h in facts.all_headlines()]


def citation_line(source: Source) -> str:
    """A caption line citing a source, flagging any source that is not primary."""
    trust = "" if source.reliability == "primary" else f" (reliability: {source.reliability})"
    return f"Source{trust}: {source.citation}"


def contradiction_note(headline: Headline) -> str:
    """Why a figure is marked contradicted, and which value the table keeps."""
    others = "; ".join(f"{f.source} gives {f.value}" for f in headline.contradicting)
    backers = ", ".join(f.source for f in headline.backing)
    independent = headline.independent_source_count
    counted = f" ({independent} independent)" if independent != len(headline.backing) else ""
    return (f"{headline.metric.label} ({headline.period}): {others}. Shown: {headline.value}, "
            f"as stated by {backers}{counted}; conflicting claims are listed, never merged.")


def _period_sources(facts: FactBase, period: int) -> list[Source]:
    used = {f.source for f in facts.figures if f.period == period}
    used |= {p.source for p in facts.partners if p.period == period}
    return facts.sources_among(used)


def _source_line(facts: FactBase, headlines: list[Headline]) -> str:
    """The source most figures come from, and how many other reports agree or disagree."""
    chosen = [h.figure.source for h in headlines]
    lead = max(dict.fromkeys(chosen), key=chosen.count)
    disagree = {f.source for h in headlines for f in h.contradicting} - {lead}
    agree = {f.source for h in headlines for f in h.backing} - {lead} - disagree
    # A republication of the lead source is the same report again, not another that agrees.
    agree = {source for source in agree if facts.original(source) != facts.original(lead)}
    source = next(s for s in facts.sources if s.id == lead)
    others = [f"{len(agree)} more report{'s agree' if len(agree) != 1 else ' agrees'}"] if agree else []
    others += [f"{len(disagree)} disagree{'s' if len(disagree) == 1 else ''}"] if disagree else []
    date = source.date.isoformat() if source.date else "undated"
    return f"Source: {source.publisher}, {date}" + (f"; {', '.join(others)}" if others else "") + "."


def summary(facts: FactBase, period: int) -> View:
    """Headline figures of ``period`` by pillar, with the sources they come from."""
    headlines = sorted(facts.headlines(period), key=lambda h: PILLARS.index(h.metric.pillar))
    rows: list[dict[str, Any]] = [headline_json(h) for h in headlines]
    partners = facts.partners_in(period)
    if partners:
        rows.append(partner_count(facts, period))
    sources = _period_sources(facts, period)
    apart = [apart_json(facts, f) for m in facts.metrics for f in facts.figures_apart(m.id) if f.period == period]
    notes = [f"{h.metric.label}: {h.metric.caveat}" for h in headlines if h.metric.caveat]
    notes += [f"{h.metric.label} ({period}): {h.figure.note}" for h in headlines if h.figure.note]
    notes += [contradiction_note(h) for h in headlines if h.contradicting]
    low_note = _low_note(rows)
    notes += low_note
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
            Column("label", "Figure", wrap=True, display=_label_marked),
            Column("value", "Value", numeric=True, display=_count()),
            Column("unit", "Unit"),
            Column("key", "Key", style=KEY_STYLE, priority=2),
            Column("source_count", "Sources", numeric=True, priority=3, detail=True, display=_sources_text),
            Column("contradicted_by", "Contradicted by", display=_contradiction_text, prose=True),
        ),
        rows=rows,
        document=document,
        group="pillar",
        caption=[citation_line(s) for s in sources],
        notes=notes,
        extra=(statement_view,) if statements else (),
        brief=([_source_line(facts, headlines)] if headlines else [])
        + ([f"{LOW_MARK} {LOW_NOTE}."] if low_note else [])
        + ([f"Not in this table: {len(apart)} figure{'s' if len(apart) != 1 else ''} for part of {period} "
            f"({', '.join(dict.fromkeys(str(a['period_label']) for a in apart))}), shown apart (--details)."]
           if apart else []),
    )


def _first_source(claims: Cell, row: dict[str, Any]) -> str:
    """The source of the first claim (the headline's)."""
    assert isinstance(claims, list)
    return str(claims[0]["source"])


def _years_text(periods: Cell, row: dict[str, Any]) -> str:
    """The years, separated by spaces."""
    assert isinstance(periods, list)
    return " ".join(map(str, periods))


def _sources_text(value: Cell, row: dict[str, Any]) -> str:
    """How many sources state the value, and how many of them are independent when a republication is among them."""
    independent = row.get("independent_source_count")
    if independent is None or independent == value:
        return str(value)
    return f"{value} ({independent} independent)"


def _contradiction_text(claims: Cell, row: dict[str, Any]) -> str:
    return "; ".join(f"{c['source']}: {c['value']}" for c in row.get("contradicted_by") or ())


#: What the headline row and the key row of ``partner_nations`` say about it, in one place.
_PARTNER_NATIONS = {
    "label": "Partner nations named", "pillar": "partnership", "unit": "countries",
    "description": "Number of partner nations a source names for cooperation against cross-border trafficking.",
}


def partner_count(facts: FactBase, period: int) -> dict[str, Any]:
    """The number of partner nations named for ``period``, as a figure (key ``partner_nations``).

    Its claims are empty: the sentences that name the partners are in the partner records.
    """
    partners = facts.partners_in(period)
    return row(
        records.HEADLINE, key=PARTNER_NATIONS, **_PARTNER_NATIONS, period=period,
        value=len(partners), source_count=len({p.source for p in partners}),
        independent_source_count=len({facts.original(p.source) for p in partners}),
        reliability=min((facts.source(p.source).reliability for p in partners), key=RELIABILITIES.index,
                        default="primary"),
        contradicted=False,
        counted_by=None, caveats=[], notes=[], claims=[], contradicted_by=[],
    )


def ratio_json(ratio: ratio_math.Ratio) -> dict[str, Any]:
    """A computed ratio: its formula (of the variant used), terms, full-precision value, bound, caveats, or why it has none.

    The one serialiser of ratios: ``ratios``, ``get`` and the export all use it.
    """
    terms = [("numerator", t) for t in ratio.numerator] + [("denominator", ratio.denominator)]
    return row(
        records.RATIO, key=ratio.definition.key, label=ratio.definition.name, period=ratio.period,
        formula=ratio.formula, kind=ratio.definition.kind, value=ratio.value, bound=ratio.bound,
        numerator_value=ratio.numerator_value, denominator_value=ratio.denominator.value,
        terms=[row(records.TERM, role=role, key=t.metric, label=t.label, value=t.value) for role, t in terms],
        caveats=list(ratio.caveats), reason=ratio.reason,
    )


def ratio_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every ratio of every period with figures (the export's ratios table), from ``ratio_json``."""
    return [ratio_json(r) for period in facts.periods() for r in ratio_math.compute_all(facts, period)]


def _ratio_value(value: Cell, row: dict[str, Cell]) -> str:
    if not isinstance(value, float):
        return "n/a"
    shown = f"{value:.1%}" if row["kind"] == "share" else f"{value:.2f}"
    return f"≥ {shown}" if row["bound"] == "lower" else shown


def _caveat_text(caveats: Cell, row: dict[str, Any]) -> str:
    reason = f"No value: {row['reason']}." if row["reason"] else None
    return " ".join(str(text) for text in (reason, *(row["caveats"] or ())) if text)


def _terms_text(role: str) -> Callable[[Cell, dict[str, Any]], str]:
    def show(value: Cell, row: dict[str, Any]) -> str:
        return " + ".join(
            f"{t['label']} = {t['value'] if t['value'] is not None else 'n/a'}" for t in row["terms"] if t["role"] == role
        )

    return show


ROUNDING = "Tables round: ratios to 2 decimals, shares to 1 decimal place; --json gives full precision."


def ratios(facts: FactBase, period: int) -> View:
    """Every derived ratio for ``period``, with its terms, bound and caveats."""
    computed = ratio_math.compute_all(facts, period)
    rows = [ratio_json(r) for r in computed]
    document = envelope(
        "ratios", facts,
        period=period,
        ratios=rows,
        unrelated=[row(records.UNRELATED, numerator_key=a, denominator_key=b, reason=why)
                   for a, b, why in ratio_math.UNRELATED],
    )
    unavailable = [f"{r.definition.name}: n/a, {r.reason}." for r in computed if r.reason]
    return View(
        title=f"Derived ratios, {period}",
        columns=(
            Column("label", "Ratio", wrap=True),
            Column("formula", "Formula", wrap=True, priority=4),
            Column("numerator_value", "Numerator", display=_terms_text("numerator"), wrap=True, priority=2),
            Column("denominator_value", "Denominator", display=_terms_text("denominator"), wrap=True, priority=2),
            Column("value", "Value", numeric=True, display=_ratio_value),
            Column("bound", "Bound", display=lambda v, r: {"exact": "exact", "lower": "lower bound"}.get(str(v), ""),
                   priority=3),
            Column("caveats", "Caveat", display=_caveat_text, prose=True, detail=True),
        ),
        rows=rows,
        document=document,
        caption=[ROUNDING],
        notes=[why for _, _, why in ratio_math.UNRELATED] + unavailable,
        brief=[f"{r.definition.name}: {r.caveats[0]}" for r in computed if r.bound == "lower" and r.caveats]
        + unavailable
        + ["Ratios shown to 2 decimals, shares to 1 place; --json gives full precision."],
    )


def partner_json(facts: FactBase, partner: Partner) -> dict[str, Any]:
    """A partner nation as JSON, with the sentence that names it."""
    return row(records.PARTNER, partner, borders_laos=facts.borders_laos(partner.country))


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
    return row(records.METRIC, metric)


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
    apart = [apart_json(facts, f) for f in facts.figures_apart(metric_id)]
    if not series and not apart:
        raise NoDataError(f"no figures for {metric_id} ({metric.label}) in any year")
    # Only full calendar years set the scale of the bars: a part of a year is never charted beside them.
    largest = max((h.value for h in series), default=0)
    rows = [headline_json(h) for h in series]
    with_figures = [m.id for m in facts.metrics if facts.metric_periods(m.id)]
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
    if apart:
        notes.append(f"Shown apart, below: {len(apart)} figure{'s' if len(apart) != 1 else ''} for a part of a "
                     "year or an inferred period; never charted or compared beside a full calendar year.")
    cited = _sources_of(facts, series)
    cited = facts.sources_among([*(s.id for s in cited), *(str(a["source"]) for a in apart)])
    apart_view = View(
        title="Not a full calendar year: shown apart",
        columns=(
            Column("period_label", "Period", wrap=True),
            Column("value", "Value", numeric=True, display=_count()),
            Column("unit", "Unit"),
            Column("source", "Source", priority=3),
            Column("period_note", "Note", prose=True),
        ),
        rows=apart,
        document={},
    )
    document = envelope(
        "trend", facts,
        metric=metric_json(metric),
        values=rows,
        apart=apart,
        not_included=[{"key": other.id, "label": other.label, "relation": relation} for other, relation in related],
        sources=[source_json(s) for s in cited],
    )
    return View(
        title=f"{metric.label} ({metric.id}), by year",
        columns=(
            Column("period", "Year"),
            Column("value", "Value", numeric=True, display=_count()),
            Column("bar", "", display=lambda v, r: bar(r["value"], largest) if isinstance(r["value"], int) else "",
                   table_only=True, priority=2),
            Column("unit", "Unit"),
            Column("claims", "Source", display=_first_source, priority=3),
            Column("source_count", "Sources", numeric=True, priority=4),
            Column("independent_source_count", "Independent", numeric=True, priority=3),
            Column("contradicted_by", "Contradicted by", display=_contradiction_text, prose=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in cited],
        notes=notes,
        extra=(apart_view,) if apart else (),
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
        line: dict[str, Cell] = {
            "key": metric.id,
            "label": metric.label,
            "unit": metric.unit,
            "earlier_value": first.value if first else None,
            "later_value": second.value if second else None,
            "change": None,
            "relative_change": None,
            "earlier_year": earlier,
            "later_year": later,
        }
        if first is not None and second is not None:
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
            related = _related(facts, metric.id, [m for m in present[other_year] if m not in present[year]])
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
    cited = _sources_of(facts, headlines)
    cited = facts.sources_among([*(s.id for s in cited), *(str(a["source"]) for a in apart)])
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
            Column("earlier_value", str(earlier), numeric=True, display=_count(GAP)),
            Column("later_value", str(later), numeric=True, display=_count(GAP)),
            Column("change", "Change", numeric=True, display=_change_text),
            Column("relative_change", "Relative change", numeric=True, display=_relative_text, priority=2),
            Column("comparison", "Comparison", aside="; ", priority=2),
        ),
        rows=rows,
        document=document,
        group="compared",
        caption=[citation_line(s) for s in cited],
        notes=notes,
    )


#: The pipeline's columns: each stage's metric key and its header, which names the unit counted.
PIPELINE_HEADERS = {
    "incidents_investigated": "Incidents investigated",
    "cases_opened": "Cases opened",
    "prosecutions_cases": "Cases prosecuted",
    "convictions_cases": "Cases convicted",
    "traffickers_convicted": "Persons convicted",
    "investigations_ongoing": "Open at year end",
}
GAP = "—"


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
                noted.setdefault(text, []).append(PIPELINE_HEADERS[h.metric.id])  # type: ignore[union-attr]
        notes = [f"{', '.join(stages_of)}: {text}" for text, stages_of in noted.items()]
        values = {key: (found[key].value if found.get(key) is not None else None)  # type: ignore[union-attr]
                  for key in records.PIPELINE_STAGES}
        rows.append(row(records.PIPELINE_ROW, period=year, notes=notes, **values))
    apart = [apart_json(facts, f) for metric in stages for f in facts.figures_apart(metric.id)]
    notes = ["Units: " + "; ".join(f"{PIPELINE_HEADERS[m.id]} ({m.id}) in {m.unit}" for m in stages)
             + ". Each column counts its own unit: never add or divide across them."]
    notes.append(f"{GAP} : no source gives the figure for that year (a gap, not 0). The stages are the counts of "
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

    return View(
        title="Law-enforcement pipeline of Laos, by year (US TIP Report)",
        columns=(
            # wrap: the year carries the marks of the row's numbered notes (a year itself never wraps).
            Column("period", "Year", wrap=True),
            # Every stage has priority 1: the two-line headers are sized to fit 80 columns together.
            *(Column(key, header, numeric=True, display=_count(GAP), wrap=True)
              for key, header in PIPELINE_HEADERS.items() if facts.metric(key) is not None),
            Column("notes", "Notes", display=lambda v, r: " ".join(map(str, r["notes"] if isinstance(r["notes"], list) else ())),
                   prose=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in cited],
        notes=notes,
    )


def tier_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every tier placement, oldest report first, with its movement against the report before."""
    rows = []
    previous = None
    for tier in facts.tiers_in_order():
        movement = None
        if previous is not None:
            step = TIER_PLACEMENTS.index(tier.placement) - TIER_PLACEMENTS.index(previous)
            movement = "same" if step == 0 else ("downgraded" if step > 0 else "upgraded")
        previous = tier.placement
        rows.append(row(records.TIER, tier, movement=movement))
    return rows


#: The mark of a placement in the tier timeline, one per report year.
TIMELINE_MARK = "●"


def tier_timeline(placements: list[Tier]) -> View:
    """The placements as a chart for people: one line per tier, a mark under each report's year.

    Four cells per year ('16 and a space), so nine reports take 35 cells and the chart reads at
    60 columns; a year without a report has no mark on any line.
    """
    years = list(range(placements[0].report_year, placements[-1].report_year + 1))
    placed = {tier.report_year: tier.placement for tier in placements}

    def marks(value: Cell, row: dict[str, Cell]) -> str:
        return " ".join(f"{TIMELINE_MARK if placed.get(year) == row['placement'] else '':^3}" for year in years)

    return View(
        title="Timeline: the tier of each report (best tier on top)",
        columns=(
            Column("placement", "Tier"),
            Column("marks", " ".join(f"'{year % 100:02d}" for year in years), display=marks),
        ),
        rows=[{"placement": placement} for placement in TIER_PLACEMENTS],
        document={},
    )


def tiers(facts: FactBase) -> View:
    """The tier in which each US Trafficking in Persons Report placed Laos, with its source."""
    placements = facts.tiers_in_order()
    rows = tier_rows(facts)
    sources = facts.sources_among(tier.source for tier in placements)
    document = envelope(
        "tier", facts,
        tiers=rows,
        sources=[source_json(s) for s in sources],
    )
    return View(
        title="US Trafficking in Persons Report: tier placements of Laos",
        columns=(
            Column("report_year", "Report"),
            Column("placement", "Placement"),
            Column("movement", "Change", priority=2),
            Column("released", "Released", priority=2),
            Column("source", "Source", priority=3),
            Column("quote", "Quote", prose=True),
        ),
        rows=rows,
        document=document,
        caption=[citation_line(s) for s in sources],
        extra=(tier_timeline(placements),) if placements else (),
        notes=[
            "Each report assesses the government's efforts over the reporting period before its release.",
            "Tiers, best first: " + ", ".join(TIER_PLACEMENTS) + ".",
        ],
    )


def claim_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every figure claim of the fact file, flat, in file order.

    ``backs_headline`` tells whether the claim gives the value shown for its metric and
    period; a claim that does not is contradicted by a more trusted or more common one.
    """
    rows = []
    for figure in facts.figures:
        metric = facts.metric(figure.metric)
        assert metric is not None  # validation guarantees the reference
        headline = facts.headline(figure.metric, figure.period)
        rows.append(row(records.CLAIM_ROW, figure, label=metric.label, pillar=metric.pillar, unit=metric.unit,
                        backs_headline=headline is not None and headline.value == figure.value))
    return rows


def claims(facts: FactBase) -> View:
    """Every figure claim with the sentence of its source, one row each."""
    rows = claim_rows(facts)
    return View(
        title="Figures and the sentences that state them",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("period", "Year", numeric=True),
            Column("value", "Value", numeric=True),
            Column("unit", "Unit", priority=2),
            Column("source", "Source", priority=2),
            Column("quote", "Sentence that states it", prose=True),
        ),
        rows=rows,
        document={"claims": rows},
    )


def source_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every source with its citation, BibTeX and how many figure claims it states (also the export's)."""
    stated = {source.id: 0 for source in facts.sources}
    for figure in facts.figures:
        stated[figure.source] += 1
    return [row(records.SOURCE_ENTRY, s, figure_count=stated[s.id]) for s in facts.sources]


def sources(facts: FactBase, quotes: bool = False) -> View:
    """Every source with a plain-text citation and BibTeX; with ``quotes``, each figure's sentence too."""
    source_view = View(
        title="Sources",
        columns=(
            Column("id", "Id"),
            Column("reliability", "Reliability", priority=2),
            Column("figure_count", "Figures", numeric=True, priority=3),
            Column("citation", "Citation", prose=True),
        ),
        rows=source_rows(facts),
        document={},
        caption=["BibTeX: laos-tip sources --bibtex"],
    )
    data: dict[str, Any] = {"sources": source_view.rows}
    if not quotes:
        return replace(source_view, document=envelope("sources", facts, **data))
    figure_view = claims(facts)
    data["claims"] = figure_view.rows
    # The figures and their sentences come first; the sources follow like a list of references.
    return replace(figure_view, document=envelope("sources", facts, **data), extra=(source_view,))


def bibtex(facts: FactBase) -> str:
    """Every source as a BibTeX entry, ready to save as a .bib file; control characters escaped."""
    return printable("\n".join(source.bibtex for source in facts.sources), keep="\n")


def csl_item(source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item, as Zotero, pandoc's citeproc and citeproc-py read it.

    Every source is a web publication, so its type is ``webpage``; the publisher is both
    the author (a corporate name, as ``literal``) and the publisher; ``issued`` is given only
    for a dated source, and the note says why an undated one has none.
    """
    note = f"Figures of the {source.authority}"
    if source.dateline:
        note = f"{source.dateline}. {note}"
    if source.date is None and source.date_note:
        note = f"{note}. Undated: {source.date_note}"
    item: dict[str, Any] = {
        "id": source.id,
        "type": "webpage",
        "title": " ".join(source.title.split()),
        "author": [{"literal": source.publisher}],
        "publisher": source.publisher,
        "URL": source.url,
    }
    if source.date is not None:
        item["issued"] = {"date-parts": [[source.date.year, source.date.month, source.date.day]]}
    item["note"] = " ".join(note.split())
    return item


def csl_json(facts: FactBase) -> list[dict[str, Any]]:
    """Every source as CSL-JSON items, in file order (``sources --format csl-json``)."""
    return [csl_item(source) for source in facts.sources]


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
    rows = [
        row(records.KEY_ROW, metric, kind="figure", periods=facts.metric_periods(metric.id))
        for metric in facts.metrics
    ]
    rows.extend(_ratio_key_row(facts, definition) for definition in ratio_math.RATIOS)
    rows.append(_partner_key_row(facts))
    return rows


def _ratio_key_row(facts: FactBase, definition: ratio_math.RatioDefinition) -> dict[str, Any]:
    periods = [p for p in facts.periods() if ratio_math.compute(definition, facts, p).value is not None]
    return row(records.KEY_ROW, key=definition.key, kind="ratio", label=definition.name, pillar=None,
               unit=_ratio_unit(definition, facts), description=definition.formula, periods=periods)


def _partner_key_row(facts: FactBase) -> dict[str, Any]:
    return row(records.KEY_ROW, key=PARTNER_NATIONS, kind="count", **_PARTNER_NATIONS,
               periods=sorted({p.period for p in facts.partners}))


def keys(facts: FactBase) -> View:
    """The keys of ``laos-tip get``, with what each one is, for people and for scripts."""
    rows = key_rows(facts)
    return View(
        title="Keys for 'laos-tip get KEY'",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("kind", "Kind", priority=4),
            Column("label", "Label", wrap=True),
            Column("unit", "Unit", priority=3),
            Column("periods", "Years", display=_years_text, wrap=True),
            Column("description", "Description", prose=True, detail=True),
        ),
        rows=rows,
        document=envelope("keys", facts, keys=rows),
    )


@record
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
    # One look-up for the key: the key rows of every ratio and period are built only for
    # an unknown key (to suggest one) or a missing value (to list the years that have one).
    metric = facts.metric(key)
    definition = ratio_math.definition(key)
    if metric is not None:
        kind = "figure"
    elif definition is not None:
        kind = "ratio"
    elif key == PARTNER_NATIONS:
        kind = "count"
    else:
        raise UnknownKeyError(key, suggest(key, [r["key"] for r in key_rows(facts)]))

    def document(value: Any, item: dict[str, Any], source_ids: list[str]) -> dict[str, Any]:
        return envelope("get", facts, key=key, kind=kind, period=period, value=value,
                        item=item, sources=_cited(facts, source_ids))

    def no_value(why: str) -> NoDataError:
        if metric is not None:
            periods = facts.metric_periods(key)
        elif definition is not None:
            periods = _ratio_key_row(facts, definition)["periods"]
        else:
            periods = _partner_key_row(facts)["periods"]
        years = ", ".join(map(str, periods)) or "none"
        return NoDataError(f"{key} has no value for {period}: {why} (years with a value: {years})")

    if kind == "figure":
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
    if definition is not None:
        ratio = ratio_math.compute(definition, facts, period)
        if ratio.value is None:
            raise no_value(ratio.reason or "no value")
        warnings = [f"{key}: {ratio.caveats[0]}"] if ratio.bound == "lower" else []
        term_sources: list[str] = []
        for term in (*ratio.numerator, ratio.denominator):
            headline = facts.headline(term.metric, period)
            if headline is not None:
                term_sources.extend(claim.source for claim in headline.backing)
        # repr gives the shortest text that reads back as the same float: full precision.
        return Lookup(repr(ratio.value), document(ratio.value, ratio_json(ratio), term_sources), warnings)
    named = facts.partners_in(period)
    if not named:
        raise no_value("no source names partner nations for this year")
    item = {**partner_count(facts, period), "partners": [partner_json(facts, p) for p in named]}
    return Lookup(str(len(named)), document(len(named), item, [p.source for p in named]), [])
