"""Derived ratios: their definitions, the pairs no ratio may relate, and the arithmetic.

A ratio's numerator is a sum of one or more metrics (the parts of a breakdown). When some
parts are reported and others are not, the ratio is a lower bound and says so; when the
denominator is missing or zero, there is no value and the reason is given instead.

A ratio may be formed in more than one way (its variants: e.g. the share of minors among
police-case victims, or among the victims the government identified). For each period the
first variant that gives an exact value is used, else the first that gives a lower bound.
"""

from __future__ import annotations

from laos_tip.core.frozen import record
from laos_tip.core.model import FactBase


@record
class Variant:
    """Another way to form a ratio, from other metrics that count the same kind of thing."""

    formula: str
    numerator: tuple[str, ...]
    denominator: str
    caveat: str | None = None


@record
class RatioDefinition:
    """How a ratio is formed from metrics, and what a reader must know about it."""

    key: str
    name: str
    formula: str
    numerator: tuple[str, ...]
    denominator: str
    kind: str  # "share" (a part of a whole, shown as a percentage) or "per" (shown as a number)
    caveat: str | None = None
    alternatives: tuple[Variant, ...] = ()  # tried after the main formula, in order
    with_notes: bool = False  # the notes of the terms' figures (a caveat of that year) join the caveats

    @property
    def variants(self) -> tuple[Variant, ...]:
        """Every way to form the ratio, the main formula first."""
        return (Variant(self.formula, self.numerator, self.denominator, self.caveat), *self.alternatives)


RATIOS: tuple[RatioDefinition, ...] = (
    RatioDefinition(
        "arrests_per_case", "Arrests per case", "persons arrested / cases recorded",
        ("arrests",), "cases", "per",
        "Persons arrested per recorded case, not a rate; arrests are not prosecutions or convictions.",
    ),
    RatioDefinition(
        "victims_per_case", "Victims per case", "victims in recorded cases / cases recorded",
        ("victims",), "cases", "per",
        "An average over recorded cases; one case can involve many victims and another none.",
    ),
    RatioDefinition(
        "minor_victim_share", "Share of minor victims", "(girls under 18 + boys under 18) / victims",
        ("girls_under_18", "boys_under_18"), "victims", "share",
        alternatives=(
            Variant(
                "(identified girls + identified boys) / victims identified by the government",
                ("identified_girls", "identified_boys"), "identified_victims",
                "Among the victims the government identified (US TIP Report), not the victims in police cases.",
            ),
        ),
    ),
    RatioDefinition(
        "arrests_per_victim", "Arrests per victim", "persons arrested / victims in recorded cases",
        ("arrests",), "victims", "per",
        "Not a clearance or conviction rate; arrests are not prosecutions or convictions.",
    ),
    RatioDefinition(
        "counselled_per_occasion", "People counselled per occasion",
        "people at risk counselled / counselling occasions",
        ("at_risk_counselled",), "counselling_occasions", "per",
        "Face-to-face and hotline counselling together; the source does not split them.",
    ),
    RatioDefinition(
        "convictions_per_prosecution", "Convictions per prosecution",
        "cases with convictions / cases in which prosecutions were initiated",
        ("convictions_cases",), "prosecutions_cases", "per",
        "Not a conviction rate: the prosecutions initiated in a year and the convictions secured in it are "
        "not the same cases. Both counted in cases (US TIP Report).",
        with_notes=True,
    ),
)

#: Metric pairs that count different people: no ratio may divide one by the other.
UNRELATED: tuple[tuple[str, str, str], ...] = (
    ("traffickers_convicted", "prosecutions_cases",
     "Traffickers convicted are persons, prosecutions are counted in cases: never divided one by the other."),
    ("convictions_cases", "cases",
     "The TIP Report's convictions and the police's new cases recorded are counts of different bodies and "
     "definitions: never divided one by the other."),
    ("prosecutions_cases", "arrests",
     "Prosecutions (in cases, TIP Report) and arrests (persons, police) are different units and sources."),
    ("females_reunited", "victims",
     "The females reunited with their families are a separate count, not a subset of the victims in recorded cases."),
    ("counselled_at_centres", "victims",
     "The people counselled at protection centres are a separate count, not a subset of the victims in recorded cases."),
)


@record
class Term:
    """A metric in a ratio, with its headline value for the period (None when not reported)."""

    metric: str
    label: str
    value: int | None


@record
class Ratio:
    """A ratio computed for one period."""

    definition: RatioDefinition
    period: int
    numerator: tuple[Term, ...]
    denominator: Term
    value: float | None
    bound: str | None  # "exact", "lower" or None when there is no value
    caveats: tuple[str, ...]
    reason: str | None  # why there is no value
    formula: str = ""  # the variant used; the definition's main formula when there is no value

    @property
    def numerator_value(self) -> int | None:
        """Sum of the reported parts of the numerator, or None when none is reported."""
        reported = [term.value for term in self.numerator if term.value is not None]
        return sum(reported) if reported else None


def _term(facts: FactBase, metric_id: str, period: int) -> Term:
    metric = facts.metric(metric_id)
    label = metric.label if metric else metric_id.replace("_", " ")
    return Term(metric_id, label, facts.value(metric_id, period))


def compute(definition: RatioDefinition, facts: FactBase, period: int) -> Ratio:
    """One ratio for one period from its best variant; never raises for missing or zero figures.

    The first variant with an exact value wins, else the first with a lower bound; with
    no value at all, the main formula and its reason are reported.
    """
    results = [_compute_variant(definition, variant, facts, period) for variant in definition.variants]
    for wanted in ("exact", "lower"):
        for result in results:
            if result.bound == wanted:
                return result
    return results[0]


def _compute_variant(definition: RatioDefinition, variant: Variant, facts: FactBase, period: int) -> Ratio:
    numerator = tuple(_term(facts, metric, period) for metric in variant.numerator)
    denominator = _term(facts, variant.denominator, period)
    caveats = [variant.caveat] if variant.caveat else []
    missing = [term for term in numerator if term.value is None]
    reported = [term for term in numerator if term.value is not None]

    reason = None
    bounded = [term for term in (*numerator, denominator) if term.value is not None
               and getattr(facts.headline(term.metric, period), "bound", None) is not None]
    if bounded:
        # A bound divided is not a count divided: the ratio would pass for exact. Not computed, and said why.
        reason = (f"{' and '.join(t.label.lower() for t in bounded)} in {period} is a bound, not an exact count; "
                  "the ratio is not computed")
    elif not reported:
        reason = f"no figure for {' or '.join(t.label.lower() for t in missing)} in {period}"
    elif denominator.value is None:
        reason = f"no figure for {denominator.label.lower()} in {period}"
    elif denominator.value == 0:
        reason = f"{denominator.label.lower()} is zero in {period}; the ratio is undefined"
    elif definition.kind == "share" and sum(t.value for t in reported if t.value is not None) > denominator.value:
        # The parts and the whole shown come from sources that disagree: a share over 100% is never shown.
        parts = sum(t.value for t in reported if t.value is not None)
        reason = (f"{_join([t.label.lower() for t in reported])} ({parts}) are more than "
                  f"{denominator.label.lower()} ({denominator.value}) in {period}: the sources of the part and of "
                  "the whole disagree ('laos-tip check' lists the claims); no share is computed")
    if reason is not None:
        return Ratio(definition, period, numerator, denominator, None, None, tuple(caveats), reason, variant.formula)

    assert denominator.value is not None
    if definition.with_notes:
        for metric_id in (*variant.numerator, variant.denominator):
            headline = facts.headline(metric_id, period)
            for note in headline.notes if headline else ():
                if f"{period}: {note}" not in caveats:
                    caveats.append(f"{period}: {note}")
    value = sum(t.value for t in reported if t.value is not None) / denominator.value
    bound = "exact"
    if not missing and definition.kind == "share":
        caveats.insert(0, _exact_because(facts, variant, period, denominator.value))
    if missing:
        bound = "lower"
        caveats.insert(0, (
            f"Lower bound: the source counts {_join([t.label.lower() for t in reported])} only "
            f"and gives no figure for {_join([t.label.lower() for t in missing])}."
        ))
    return Ratio(definition, period, numerator, denominator, value, bound, tuple(caveats), None, variant.formula)


def _exact_because(facts: FactBase, variant: Variant, period: int, whole: int) -> str:
    """Why an exact share is exact: every part it needs is reported, ideally in a complete breakdown."""
    metrics = [facts.metric(metric_id) for metric_id in variant.numerator]
    breakdowns = {(m.part_of, m.breakdown) for m in metrics if m is not None}
    if len(breakdowns) == 1 and None not in metrics:
        whole_id, breakdown = breakdowns.pop()
        parts = [m for m in facts.metrics if m.part_of == whole_id and m.breakdown == breakdown]
        values = [facts.value(m.id, period) for m in parts]
        if whole_id == variant.denominator and None not in values and sum(v for v in values if v is not None) == whole:
            terms = " + ".join(f"{m.label.lower()} {v}" for m, v in zip(parts, values, strict=True))
            return f"Exact: the breakdown is complete ({terms} = {whole})."
    return "Exact: every part of the numerator is reported."


def compute_all(facts: FactBase, period: int) -> list[Ratio]:
    """Every defined ratio for ``period``."""
    return [compute(definition, facts, period) for definition in RATIOS]


def definition(key: str) -> RatioDefinition | None:
    """The ratio definition with this key, or None."""
    return next((d for d in RATIOS if d.key == key), None)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
