"""Typed, immutable objects for a validated fact base, and the queries on them.

Every figure is a *claim*: one source says one value for one metric and period. Several
sources may back the same value, and sources may disagree; ``FactBase.headline`` picks
the value to show first and keeps the others visible as backing or contradicting claims.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from laos_tip.core.frozen import field, record
from laos_tip.core.periods import period_label

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The "4P" paradigm of the US Trafficking in Persons Report, in its usual order.
PILLARS = ("prosecution", "protection", "prevention", "partnership")
#: Key of the number of partner nations named for a period; no metric may take it.
PARTNER_NATIONS = "partner_nations"
#: How much a source is trusted, best first; the headline value comes from the best.
RELIABILITIES = ("primary", "secondary", "low")
#: How a figure's value stands to the number it counts, declared once (``bound`` of a figure), each with the
#: words of ``as_written`` that say so, the sign tables show, and whether a value ``other`` fits the bound.
BOUNDS: dict[str, tuple[tuple[str, ...], str]] = {
    "at-least": (("at least", "no fewer than", "no less than"), "≥"),
    "more-than": (("more than", "over"), ">"),
    "up-to": (("up to", "as many as", "at most"), "≤"),
    "fewer-than": (("fewer than", "less than"), "<"),
    "about": (("about", "nearly", "almost", "around", "approximately", "some"), "≈"),
}


def bound_fits(bound: str | None, value: int, other: int) -> bool:
    """Whether an exact ``other`` fits ``value`` stated with ``bound`` (None: exact).

    "about" fits only the same value: how far it reaches is not stated, so another value is shown beside it.
    """
    if bound == "at-least":
        return other >= value
    if bound == "more-than":
        return other > value
    if bound == "up-to":
        return other <= value
    if bound == "fewer-than":
        return other < value
    return other == value


def bound_sign(bound: str | None) -> str:
    """The sign a table puts before a bounded value ("≥ 21"); empty for an exact one."""
    return BOUNDS[bound][1] if bound in BOUNDS else ""


#: The placements of the US Trafficking in Persons Report, best first.
TIER_PLACEMENTS = ("Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3")


@record
class Source:
    """A publication that states figures, with what is needed to cite it."""

    id: str
    publisher: str
    title: str
    date: datetime.date | None  # None only for an undated source; date_note says so
    url: str
    authority: str
    reliability: str
    dateline: str | None = None
    note: str | None = None
    date_note: str | None = None
    carried_by: tuple[str, ...] = ()
    republishes: str | None = None  # the source whose report this one repeats
    #: Fields declared in ``records.SOURCE`` that this class names no attribute for, as (name, value):
    #: a field added to the declaration reaches the schema and every output without an edit here.
    declared: tuple[tuple[str, Any], ...] = field(default=(), repr=False)

    def __getattr__(self, name: str) -> Any:
        for key, value in self.__dict__.get("declared", ()):
            if key == name:
                return value
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def citation(self) -> str:
        """A plain-text citation: author, date as stated, dateline, title, the copy's site and URL."""
        from laos_tip.core.citations import plain, source_work

        return plain(source_work(self))

    @property
    def bibtex(self) -> str:
        """A classic BibTeX ``@misc`` entry keyed by the source id (``core/citations.py``)."""
        from laos_tip.core.citations import bibtex_entry

        return bibtex_entry(self)


@record
class Metric:
    """What one kind of figure counts, and by whom; defined once, used by every figure."""

    id: str
    pillar: str
    label: str
    unit: str
    description: str
    counted_by: str | None = None
    part_of: str | None = None
    caveat: str | None = None
    breakdown: str | None = None
    not_comparable_with: tuple[str, ...] = ()
    area: str | None = None  # None: all of Laos; else the zone the count is limited to

    @property
    def key(self) -> str:
        """The metric's id, as every command and export names it."""
        return self.id

    @property
    def caveats(self) -> tuple[str, ...]:
        """The caveat as a list, as every command and export writes caveats."""
        return (self.caveat,) if self.caveat else ()


@record
class Figure:
    """One claim: ``source`` states ``value`` for ``metric`` in ``period``, in ``quote``."""

    metric: str
    period: int
    value: int
    source: str
    quote: str
    as_written: str
    note: str | None = None
    period_from: datetime.date | None = None  # with period_to: part of the year, or years up to period
    period_to: datetime.date | None = None
    period_inferred: bool = False  # the source names no period; period_note says how it was inferred
    period_note: str | None = None
    bound: str | None = None  # None: exact; else a key of BOUNDS, as as_written says ("At least 21")

    @property
    def key(self) -> str:
        """The key of the figure's metric."""
        return self.metric

    @property
    def apart(self) -> bool:
        """Whether the period is not a whole calendar year, or is inferred: never a year's headline."""
        return self.period_from is not None or self.period_inferred

    @property
    def several_years(self) -> bool:
        """Whether the period runs over more than one calendar year (a total for 2008–2012, say)."""
        return self.period_from is not None and self.period_from.year != self.period

    @property
    def period_end(self) -> datetime.date:
        """The last day the figure covers."""
        return self.period_to or datetime.date(self.period, 12, 31)

    @property
    def period_label(self) -> str:
        """The period as tables show it: '2017', 'January–May 2017 (partial year)', '2022 (period inferred)'."""
        return period_label(self.period, self.period_from, self.period_to, self.period_inferred)


@record
class Statement:
    """A qualitative fact of a source: what it says, in its own words and in short."""

    id: str
    topic: str
    period: int
    source: str
    summary: str
    quote: str


@record
class Country:
    """A country by name and ISO 3166-1 codes."""

    name: str
    alpha2: str
    alpha3: str


@record
class Partner:
    """A partner nation named by a source for a period."""

    country: Country
    period: int
    source: str
    quote: str

    @property
    def name(self) -> str:
        """The country's name."""
        return self.country.name

    @property
    def alpha2(self) -> str:
        """The country's ISO 3166-1 alpha-2 code."""
        return self.country.alpha2

    @property
    def alpha3(self) -> str:
        """The country's ISO 3166-1 alpha-3 code."""
        return self.country.alpha3


@record
class Tier:
    """The tier in which one US Trafficking in Persons Report places Laos."""

    report_year: int
    placement: str
    source: str
    quote: str
    released: datetime.date | None = None
    note: str | None = None


@record
class Headline:
    """The value shown for a metric and period, with every claim for and against it."""

    metric: Metric
    period: int
    value: int
    backing: tuple[Figure, ...]
    contradicting: tuple[Figure, ...]
    independent_source_count: int  # a source and those that republish it count once
    reliability: str  # the best reliability among the backing sources

    @property
    def figure(self) -> Figure:
        """The claim whose quote and source are cited first."""
        return self.backing[0]

    @property
    def bound(self) -> str | None:
        """None when the value shown is exact; else its bound: a headline only bounded claims give."""
        return self.backing[0].bound

    @property
    def contradicted(self) -> bool:
        """Whether some source claims another value."""
        return bool(self.contradicting)

    @property
    def notes(self) -> list[str]:
        """The notes of the backing claims, each text once, in claim order."""
        return list(dict.fromkeys(claim.note for claim in self.backing if claim.note))


@record
class FactBase:
    """A whole validated fact file, with indexes built once so that every query is a look-up.

    ``path`` is the file's name as shown to people and written in JSON: the shipped file
    is ``laos_tip/facts.yaml``, another file the path as the user gave it.
    """

    path: str
    sha256: str
    sources: tuple[Source, ...]
    metrics: tuple[Metric, ...]
    figures: tuple[Figure, ...]
    statements: tuple[Statement, ...] = ()
    partners: tuple[Partner, ...] = ()
    neighbours: tuple[Country, ...] = ()
    tiers: tuple[Tier, ...] = ()
    _index: _Index = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    def source(self, source_id: str) -> Source:
        """The source with this id (validation guarantees every reference exists)."""
        return self._index.sources[source_id]

    def sources_among(self, source_ids: Iterable[str]) -> list[Source]:
        """The sources with these ids, once each, in file order (for citations under a table)."""
        wanted = set(source_ids)
        return [source for source in self.sources if source.id in wanted]

    def metric(self, metric_id: str) -> Metric | None:
        """The metric with this id, or None."""
        return self._index.metrics.get(metric_id)

    def periods(self) -> list[int]:
        """Every period that has at least one figure, in order."""
        return list(self._index.periods)

    def latest_period(self) -> int | None:
        """The most recent period with figures, or None for a file without figures."""
        periods = self.periods()
        return periods[-1] if periods else None

    def claims(self, metric_id: str, period: int) -> list[Figure]:
        """Every figure for ``metric_id`` in ``period``, in file order."""
        return list(self._index.claims.get((metric_id, period), ()))

    def headline(self, metric_id: str, period: int) -> Headline | None:
        """The value to show for a metric and period, or None when no source gives one.

        The value claimed by the most reliable source wins; among equally reliable
        sources, the value more of them claim; then the one that comes first in the file.
        Claims of other values are kept as ``contradicting``, never merged or averaged.
        Computed once per metric and period, then kept.
        """
        cache = self._index.headlines
        key = (metric_id, period)
        if key not in cache:
            cache[key] = self._headline(metric_id, period)
        return cache[key]

    def _headline(self, metric_id: str, period: int) -> Headline | None:
        return self._rank(metric_id, period, self._index.claims.get((metric_id, period)))

    def _rank(self, metric_id: str, period: int, claims: list[Figure] | None) -> Headline | None:
        """The claims of one metric and period weighed: the value to show, its backers, the others."""
        metric = self.metric(metric_id)
        if metric is None or not claims:
            return None
        rank = self._index.rank
        # An exact claim always outranks a bounded one: a bound is the headline only when no source
        # gives an exact value, and it keeps its bound there ("≥ 21"), never shown as exact.
        exact = [claim for claim in claims if claim.bound is None]
        weighed = exact or claims
        first: dict[tuple[int, str | None], int] = {}
        backers: dict[tuple[int, str | None], list[Figure]] = {}
        for position, claim in enumerate(weighed):
            first.setdefault((claim.value, claim.bound), position)
            backers.setdefault((claim.value, claim.bound), []).append(claim)

        def strength(key: tuple[int, str | None]) -> tuple[int, int, int]:
            return (min(rank[claim.source] for claim in backers[key]), -len(backers[key]), first[key])

        chosen = min(backers, key=strength)
        value = chosen[0]
        backing = tuple(sorted(backers[chosen], key=lambda c: rank[c.source]))
        # By identity: equal claims share a value and bound, so they back or contradict alike, and comparing
        # records field by field made this quadratic in the claims of one figure (benchmarks/scaling.py).
        backing_ids = {id(claim) for claim in backing}
        # A bounded claim that the exact value fits is no conflict ("at least 21" and 40); among bounds
        # only, a claim is a conflict when it states another value or bound.
        contradicting = tuple(
            c for c in claims if id(c) not in backing_ids
            and not (exact and c.bound is not None and bound_fits(c.bound, c.value, value))
            and not (not exact and (c.value, c.bound) == chosen))
        independent = len({self.original(claim.source) for claim in backing})
        return Headline(metric, period, value, backing, contradicting, independent,
                        RELIABILITIES[rank[backing[0].source]])

    def original(self, source_id: str) -> str:
        """The source that ``source_id`` republishes, followed to the first one (itself when it republishes none)."""
        return self._index.originals.get(source_id, source_id)

    def figures_apart(self, metric_id: str) -> list[Figure]:
        """The figures of a metric whose period is partial or inferred, oldest first: never a headline."""
        return sorted(self._index.apart.get(metric_id, ()), key=lambda f: (f.period, f.period_end))

    def headlines(self, period: int) -> Iterator[Headline]:
        """The headline of every metric that has a figure in ``period``, in metric order."""
        for metric in self.metrics:
            if (metric.id, period) in self._index.claims:
                headline = self.headline(metric.id, period)
                if headline is not None:
                    yield headline

    def all_headlines(self) -> Iterator[Headline]:
        """The headline of every metric and period with a figure: metrics in file order, then oldest first."""
        for metric in self.metrics:
            yield from self.series(metric.id)

    def value(self, metric_id: str, period: int) -> int | None:
        """The headline value of a metric in a period, or None."""
        headline = self.headline(metric_id, period)
        return headline.value if headline else None

    def metric_periods(self, metric_id: str) -> list[int]:
        """The periods with a figure for the metric, oldest first."""
        return list(self._index.metric_periods.get(metric_id, ()))

    def series(self, metric_id: str) -> list[Headline]:
        """The headline of a metric in every period that has a figure for it, oldest first."""
        return [h for h in (self.headline(metric_id, p) for p in self.metric_periods(metric_id)) if h is not None]

    def conflicts(self) -> list[Headline]:
        """Every metric and period where sources disagree: the headline with the contradicting claims.

        A conflict between sources is information about the sources, not an error in the file.
        """
        return [headline for headline in self.all_headlines() if headline.contradicting] + self.apart_conflicts()

    def apart_conflicts(self) -> list[Headline]:
        """Figures kept apart (a partial or inferred period) on which sources disagree, for the same span.

        Weighed as a year's claims are, so that ``check`` shows the disagreement; such a Headline
        is never a year's headline: its figures' ``period_label`` names the span.
        """
        groups: dict[tuple[str, int, datetime.date | None, datetime.date | None, bool], list[Figure]] = {}
        for figures in self._index.apart.values():
            for figure in figures:
                key = (figure.metric, figure.period, figure.period_from, figure.period_to, figure.period_inferred)
                groups.setdefault(key, []).append(figure)
        found = (self._rank(key[0], key[1], claims) for key, claims in groups.items())
        return [headline for headline in found if headline is not None and headline.contradicting]

    def wholes(self, metric_id: str) -> list[str]:
        """The metrics ``metric_id`` is a part of, nearest first (following part_of)."""
        found: list[str] = []
        metric = self.metric(metric_id)
        while metric is not None and metric.part_of is not None and metric.part_of not in found:
            found.append(metric.part_of)
            metric = self.metric(metric.part_of)
        return found

    def relation(self, metric_id: str, other_id: str) -> str | None:
        """How ``other_id`` relates to ``metric_id`` ("is a part of it" ...), or None when nothing links them.

        Figures are comparable only when they share a metric; this says why two metrics
        that look alike are still not the same thing.
        """
        metric, other = self.metric(metric_id), self.metric(other_id)
        if metric is None or other is None or metric_id == other_id:
            return None
        if other_id in metric.not_comparable_with or metric_id in other.not_comparable_with:
            return "counts something else"
        if other_id in self.wholes(metric_id):
            return "is the whole it is a part of"
        if metric_id in self.wholes(other_id):
            return "is a part of it"
        return None

    def tiers_in_order(self) -> list[Tier]:
        """TIP Report tier placements, oldest report first."""
        return sorted(self.tiers, key=lambda tier: tier.report_year)

    def partners_in(self, period: int) -> list[Partner]:
        """Partner nations named for ``period``, one per country, in file order."""
        seen: set[str] = set()
        partners = []
        for partner in self.partners:
            if partner.period == period and partner.country.alpha2 not in seen:
                seen.add(partner.country.alpha2)
                partners.append(partner)
        return partners

    def borders_laos(self, country: Country) -> bool:
        """Whether the country is among the neighbours listed in the fact file."""
        return any(n.alpha2 == country.alpha2 for n in self.neighbours)


class _Index:
    """Look-up tables of a FactBase, built in one pass over its lists."""

    def __init__(self, facts: FactBase) -> None:
        self.sources = {source.id: source for source in facts.sources}
        self.metrics = {metric.id: metric for metric in facts.metrics}
        self.rank = {source.id: RELIABILITIES.index(source.reliability) for source in facts.sources}
        self.claims: dict[tuple[str, int], list[Figure]] = {}
        # A figure of a partial or inferred period is kept apart: it is never a year's headline.
        self.apart: dict[str, list[Figure]] = {}
        claims, apart = self.claims, self.apart
        for figure in facts.figures:  # one pass over what may be 50,000 figures: Figure.apart, inlined
            if figure.period_from is not None or figure.period_inferred:
                apart.setdefault(figure.metric, []).append(figure)
            else:
                key = (figure.metric, figure.period)
                group = claims.get(key)
                if group is None:
                    claims[key] = [figure]
                else:
                    group.append(figure)
        republished = {source.id: source.republishes for source in facts.sources if source.republishes}
        self.originals: dict[str, str] = {}
        for source_id in republished:
            seen, current = {source_id}, republished[source_id]
            while current in republished and current not in seen:  # validation refuses loops; never hang
                seen.add(current)
                current = republished[current]
            self.originals[source_id] = current
        by_metric: dict[str, set[int]] = {}
        for metric_id, period in self.claims:
            by_metric.setdefault(metric_id, set()).add(period)
        self.metric_periods = {metric_id: sorted(periods) for metric_id, periods in by_metric.items()}
        self.periods = sorted({period for _, period in self.claims})
        self.headlines: dict[tuple[str, int], Headline | None] = {}
