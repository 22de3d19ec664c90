"""``laos-tip get KEY``: one key's value for a year, with where it comes from; several keys as a table."""

from __future__ import annotations

from laos_tip.core import ratios as ratio_math
from laos_tip.core import records
from laos_tip.core.errors import NoDataError, UnknownKeyError, suggest
from laos_tip.core.fields import row
from laos_tip.core.frozen import record
from laos_tip.core.model import PARTNER_NATIONS, FactBase, Headline
from laos_tip.views.base import KEY_STYLE, Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import (
    headline_json,
    key_rows,
    partner_count,
    partner_json,
    partner_key_row,
    ratio_json,
    ratio_key_row,
    ratio_unit,
    source_json,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


@record
class Lookup:
    """The answer to ``laos-tip get``: the bare value as text, a JSON document, warnings, and its ``value row``."""

    text: str
    document: dict[str, Any]
    warnings: list[str]
    row: dict[str, Any]


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
            periods = ratio_key_row(facts, definition)["periods"]
        else:
            periods = partner_key_row(facts)["periods"]
        years = ", ".join(map(str, periods)) or "none"
        return NoDataError(f"{key} has no value for {period}: {why} (years with a value: {years})")

    if kind == "figure":
        headline = facts.headline(key, period)
        if headline is None:
            raise no_value("no source in the fact file gives this figure")
        # Only a dispute between equally trusted sources is worth a warning on every call;
        # a less reliable source's other value stays in --json, summary and check.
        warnings = _figure_warnings(facts, key, headline)
        claims_used = [*headline.backing, *headline.contradicting]
        line = row(records.VALUE_ROW, key=key, kind=kind, label=headline.metric.label, period=period,
                   value=headline.value, bound=headline.bound, unit=headline.metric.unit,
                   sources=list(dict.fromkeys(c.source for c in headline.backing)))
        return Lookup(str(headline.value), document(headline.value, headline_json(headline),
                                                    [c.source for c in claims_used]), warnings, line)
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
        line = row(records.VALUE_ROW, key=key, kind=kind, label=definition.name, period=period, value=ratio.value,
                   bound=ratio.bound, unit=ratio_unit(definition, facts), sources=list(dict.fromkeys(term_sources)))
        # repr gives the shortest text that reads back as the same float: full precision.
        return Lookup(repr(ratio.value), document(ratio.value, ratio_json(ratio), term_sources), warnings, line)
    named = facts.partners_in(period)
    if not named:
        raise no_value("no source names partner nations for this year")
    count = partner_count(facts, period)
    item = {**count, "partners": [partner_json(facts, p) for p in named]}
    line = row(records.VALUE_ROW, key=key, kind=kind, label=count["label"], period=period, value=len(named),
               bound=None, unit=count["unit"], sources=list(dict.fromkeys(p.source for p in named)))
    return Lookup(str(len(named)), document(len(named), item, [p.source for p in named]), [], line)


def values(facts: FactBase, answers: list[Lookup], period: int) -> View:
    """The answers of ``get``, one row per key in the order asked: its table, CSV, markdown and JSON Lines.

    The document is the envelope with the rows (``values``); ``get --json`` prints the fuller documents of
    ``lookup`` instead. Warnings stay on stderr, in every format.
    """
    rows = [answer.row for answer in answers]
    return View(
        title=f"Values for {period}",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("label", "Label", wrap=True, priority=2),
            Column("value", "Value", numeric=True, display=_value_text),
            Column("unit", "Unit"),
            Column("sources", "Sources", display=lambda value, line: ", ".join(value or []), wrap=True,  # type: ignore[arg-type]
                   priority=4),
        ),
        rows=rows,
        document=envelope("get", facts, period=period, values=rows),
    )


def _value_text(value: Any, line: dict[str, Any]) -> str:
    """A value as people read it: a count with thousands separated and its bound's sign, a ratio at full precision."""
    from laos_tip.core.model import bound_sign

    if isinstance(value, float):  # a ratio: full precision, a lower bound marked as a figure's at-least
        return f"{bound_sign('at-least')} {value!r}" if line.get("bound") == "lower" else repr(value)
    sign = bound_sign(line.get("bound"))
    return f"{sign} {value:,}" if sign else f"{value:,}"


def _figure_warnings(facts: FactBase, key: str, headline: Headline) -> list[str]:
    """What ``get`` says on stderr about a figure: a bound, and disputes between equally trusted sources."""
    trust = {source.id: source.reliability for source in facts.sources}
    best = trust[headline.figure.source]
    # The bare number goes to the script; that it is a bound is said here (--json: bound).
    bound = [f"{key}: {headline.bound} {headline.value}, not an exact count (--json: bound)"] if headline.bound else []
    return bound + [
        f"{key}: {claim.source} gives {claim.value}, not {headline.value}"
        for claim in headline.contradicting if trust[claim.source] == best
    ]
