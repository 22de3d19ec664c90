"""Records as JSON objects: the serialisers every view and the export share, and the export's row lists.

Each function builds one record of ``core/records.py`` with ``fields.row``, so a table's rows, its
CSV and its JSON carry the same fields, and the export writes the same objects the commands show.
"""

from __future__ import annotations

from laos_tip.core import ratios as ratio_math
from laos_tip.core import records
from laos_tip.core.fields import row
from laos_tip.core.model import (
    PARTNER_NATIONS,
    RELIABILITIES,
    TIER_PLACEMENTS,
    FactBase,
    Figure,
    Headline,
    Metric,
    Partner,
    Source,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


def source_json(source: Source) -> dict[str, Any]:
    """A source as JSON, with its citation."""
    return row(records.SOURCE, source)


def claim_json(figure: Figure) -> dict[str, Any]:
    """Where a figure comes from: source, quote, and the number as written there."""
    return row(records.CLAIM, figure)


def _headline_values(headline: Headline) -> dict[str, Any]:
    return {"period": headline.period, "value": headline.value, "bound": headline.bound,
            "source_count": len(headline.backing),
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


def headline_rows(facts: FactBase) -> list[dict[str, Any]]:
    """The headline of every metric and period, metrics in file order, then oldest first."""
    return [headline_row(h) for h in facts.all_headlines()]


def headline_table_rows(facts: FactBase) -> list[dict[str, Any]]:
    """The export's headline table: ``headline_rows`` with each value's primary source (the claim cited first)."""
    return [row(records.HEADLINE_TABLE_ROW, h.metric, **_headline_values(h), source=h.figure.source)
            for h in facts.all_headlines()]


def apart_json(facts: FactBase, figure: Figure) -> dict[str, Any]:
    """A figure of a partial or inferred period, with its metric's label and unit and the period as shown."""
    metric = facts.metric(figure.metric)
    assert metric is not None  # validation guarantees the reference
    return row(records.APART, figure, label=metric.label, unit=metric.unit, period_label=figure.period_label)

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
        value=len(partners), bound=None, source_count=len({p.source for p in partners}),
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


def partner_json(facts: FactBase, partner: Partner) -> dict[str, Any]:
    """A partner nation as JSON, with the sentence that names it."""
    return row(records.PARTNER, partner, borders_laos=facts.borders_laos(partner.country))


def metric_json(metric: Metric) -> dict[str, Any]:
    """What a metric counts and by whom."""
    return row(records.METRIC, metric)


def tier_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every tier placement, oldest report first, with its movement against the report before.

    The movement is null for the first report, and for a report whose year before has no report in
    the file: what happened in between is not known.
    """
    rows = []
    previous = None
    for tier in facts.tiers_in_order():
        movement = None
        if previous is not None and previous.report_year == tier.report_year - 1:
            step = TIER_PLACEMENTS.index(tier.placement) - TIER_PLACEMENTS.index(previous.placement)
            movement = "same" if step == 0 else ("downgraded" if step > 0 else "upgraded")
        previous = tier
        rows.append(row(records.TIER, tier, movement=movement))
    return rows


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


def source_rows(facts: FactBase) -> list[dict[str, Any]]:
    """Every source with its citation, BibTeX and how many figure claims it states (also the export's)."""
    stated = {source.id: 0 for source in facts.sources}
    for figure in facts.figures:
        stated[figure.source] += 1
    return [row(records.SOURCE_ENTRY, s, figure_count=stated[s.id]) for s in facts.sources]


def source_label(source: Source) -> str:
    """How a table names a source: 'Radio Free Asia, 2025-01-28'; without a date, 'undated' and the id."""
    if source.date is not None:
        return f"{source.publisher}, {source.date.isoformat()}"
    return f"{source.publisher}, undated ({source.id})"


def source_table_rows(facts: FactBase) -> list[dict[str, Any]]:
    """The export's sources table: ``source_rows`` with each source's label."""
    by_id = {s.id: s for s in facts.sources}
    return [{**entry, "label": source_label(by_id[entry["id"]])} for entry in source_rows(facts)]


def ratio_unit(definition: ratio_math.RatioDefinition, facts: FactBase) -> str:
    """What a ratio's value is in: a fraction for a share, else its units (e.g. 'persons / cases')."""
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
    rows.extend(ratio_key_row(facts, definition) for definition in ratio_math.RATIOS)
    rows.append(partner_key_row(facts))
    return rows


def ratio_key_row(facts: FactBase, definition: ratio_math.RatioDefinition) -> dict[str, Any]:
    periods = [p for p in facts.periods() if ratio_math.compute(definition, facts, p).value is not None]
    return row(records.KEY_ROW, key=definition.key, kind="ratio", label=definition.name, pillar=None,
               unit=ratio_unit(definition, facts), description=definition.formula, periods=periods)


def partner_key_row(facts: FactBase) -> dict[str, Any]:
    return row(records.KEY_ROW, key=PARTNER_NATIONS, kind="count", **_PARTNER_NATIONS,
               periods=sorted({p.period for p in facts.partners}))
