"""The records of the Python API, typed per kind: ``Row``, and a class of each record ``laos_tip.Facts`` answers with.

A record is a ``dict`` of its fields (``pandas.DataFrame(rows)`` and ``json.dumps`` take it as it is) whose
fields can also be read as attributes (``figure.value``). Each class below declares its fields with their
types, so that ``mypy --strict`` on a script rejects a misspelt field (``figure.vlaue``) or a wrong type
(``x: str = figure.value``); at run time the attributes are the dict's items. The classes are generated
from ``core/records.py`` (``laos_tip/reference.py``; ``.venv/bin/cog -r laos_tip/rows.py``), and a test
fails when they are stale.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any, Literal, TypeVar

    R = TypeVar("R", bound="Row")


class Row(dict):  # type: ignore[type-arg]
    """One record: a dict of its fields, also readable as attributes (``row.value``).

    Reading a field the record does not have raises ``AttributeError`` naming its fields. The
    attributes are typed on the classes of each record (``Headline``, ``ClaimRow`` ...); nested
    records (a headline's ``claims``, a ratio's ``terms``) are of their own classes too.
    """

    __slots__ = ()

    if not TYPE_CHECKING:  # type checkers see the fields each class declares, and no others

        def __getattr__(self, name: str) -> Any:
            try:
                return self[name]
            except KeyError:
                raise AttributeError(f"record has no field {name!r}; fields: {', '.join(self)}") from None

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self})


def rows_of(cls: type[R], items: list[dict[str, Any]]) -> list[R]:
    """``items``, JSON objects of the record whose class is ``cls``, as ``cls``, their nested records too."""
    record = next(name for name, known in TYPES.items() if known is cls)
    return [cls(_fields(record, item)) for item in items]


def _fields(record: str, item: dict[str, Any]) -> dict[str, Any]:
    nested = _NESTED.get(record, {})
    return {key: [TYPES[nested[key]](_fields(nested[key], one)) for one in value] if key in nested else value
            for key, value in item.items()}


# The classes below are generated from core/records.py: edit the records there, then run
# .venv/bin/cog -r laos_tip/rows.py
# [[[cog import laos_tip.reference as r; r.cog("row-types") ]]]
class Claim(Row):
    """One source's statement of a figure.

    The record ``claim`` of docs/records.md.
    """

    source: str
    value: int
    bound: Literal["at-least", "more-than", "up-to", "fewer-than", "about"] | None
    quote: str
    as_written: str | None
    note: str | None


class Headline(Row):
    """A headline figure with its metric and every claim for and against it.

    The record ``headline`` of docs/records.md.
    """

    key: str
    label: str
    pillar: Literal["prosecution", "protection", "prevention", "partnership"]
    period: int
    value: int
    bound: Literal["at-least", "more-than", "up-to", "fewer-than", "about"] | None
    unit: str
    source_count: int
    independent_source_count: int
    reliability: Literal["primary", "secondary", "low"]
    contradicted: bool
    caveats: list[str]
    notes: list[str]
    description: str
    counted_by: str | None
    claims: list[Claim]
    contradicted_by: list[Claim]


class HeadlineRow(Row):
    """The value shown for one metric and period: one row each, so sums over rows are right.

    The record ``headline row`` of docs/records.md.
    """

    key: str
    label: str
    pillar: Literal["prosecution", "protection", "prevention", "partnership"]
    period: int
    value: int
    bound: Literal["at-least", "more-than", "up-to", "fewer-than", "about"] | None
    unit: str
    source_count: int
    independent_source_count: int
    reliability: Literal["primary", "secondary", "low"]
    contradicted: bool
    caveats: list[str]
    notes: list[str]


class ClaimRow(Row):
    """One claim, flat: one row per source and figure (the export's claims table).

    The record ``claim row`` of docs/records.md.
    """

    key: str
    label: str
    pillar: Literal["prosecution", "protection", "prevention", "partnership"]
    unit: str
    period: int
    period_from: str | None
    period_to: str | None
    period_inferred: bool | None
    period_note: str | None
    value: int
    bound: Literal["at-least", "more-than", "up-to", "fewer-than", "about"] | None
    as_written: str | None
    source: str
    quote: str
    note: str | None
    backs_headline: bool


class Term(Row):
    """A metric in a ratio, with its headline value for the period.

    The record ``term`` of docs/records.md.
    """

    role: Literal["numerator", "denominator"]
    key: str
    label: str
    value: int | None


class Ratio(Row):
    """A ratio derived from headline figures for one period.

    The record ``ratio`` of docs/records.md.
    """

    key: str
    label: str
    period: int
    formula: str
    kind: Literal["share", "per"]
    value: float | None
    bound: Literal["exact", "lower"] | None
    numerator_value: int | None
    denominator_value: int | None
    terms: list[Term]
    caveats: list[str]
    reason: str | None


class Tier(Row):
    """The tier in which a US Trafficking in Persons Report places Laos.

    The record ``tier`` of docs/records.md.
    """

    report_year: int
    placement: Literal["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]
    movement: Literal["upgraded", "downgraded", "same"] | None
    released: str | None
    source: str
    quote: str
    note: str | None


class Partner(Row):
    """A partner nation named by a source.

    The record ``partner`` of docs/records.md.
    """

    name: str
    alpha2: str
    alpha3: str
    borders_laos: bool
    period: int
    source: str
    quote: str


class Metric(Row):
    """What one kind of figure counts, and by whom.

    The record ``metric`` of docs/records.md.
    """

    key: str
    label: str
    pillar: Literal["prosecution", "protection", "prevention", "partnership"]
    unit: str
    description: str
    counted_by: str | None
    part_of: str | None
    breakdown: str | None
    not_comparable_with: list[str]
    caveats: list[str]
    area: str | None


class SourceEntry(Row):
    """A source as 'laos-tip sources' and the export list it.

    The record ``source entry`` of docs/records.md.
    """

    id: str
    publisher: str
    title: str
    dateline: str | None
    date: str | None
    date_note: str | None
    issued: int | str | None
    url: str
    carried_by: list[str]
    republishes: str | None
    authority: str
    author: str | None
    accessed: str | None
    reliability: Literal["primary", "secondary", "low"]
    note: str | None
    citation: str
    figure_count: int
    bibtex: str


class Statement(Row):
    """A qualitative fact stated by a source.

    The record ``statement`` of docs/records.md.
    """

    id: str
    topic: str
    period: int
    source: str
    summary: str
    quote: str


#: The class of each record of the API, by the record's name (core/records.py).
TYPES: dict[str, type[Row]] = {
    "claim": Claim,
    "headline": Headline,
    "headline row": HeadlineRow,
    "claim row": ClaimRow,
    "term": Term,
    "ratio": Ratio,
    "tier": Tier,
    "partner": Partner,
    "metric": Metric,
    "source entry": SourceEntry,
    "statement": Statement,
}
#: The fields of each record that hold records, and the name of those records.
_NESTED: dict[str, dict[str, str]] = {
    "headline": {"claims": "claim", "contradicted_by": "claim"},
    "ratio": {"terms": "term"},
}
# [[[end]]]
