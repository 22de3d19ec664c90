"""The checks across entries of a fact file, each a small named function that finds one kind of problem.

``RULES`` runs them in order on the entries whose fields passed (``validator.Validator.section``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from laos_tip.core.comparing import holds_word, same
from laos_tip.core.model import PARTNER_NATIONS
from laos_tip.core.problems import Code
from laos_tip.core.ratios import RATIOS
from laos_tip.factfile.numbers import NUMBER_FORMS, bound_word_in, number_in_words, quote_holds, split_bound
from laos_tip.factfile.reader import Path, shorten

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.factfile.validator import Entries, Validator


def unique_ids(v: Validator, entries: Entries) -> None:
    """No two sources, metrics or statements share an id."""
    for name, what in (("metrics", "metric"), ("sources", "source"), ("statements", "statement")):
        _unique(v, entries[name], what)


def dated_sources(v: Validator, entries: Entries) -> None:
    """A source without a date says why, in date_note."""
    for path, source in entries["sources"]:
        if "date" not in source and "date_note" not in source:
            v.add(path, Code.MISSING_FIELD, "missing 'date'; a source without one needs a 'date_note' saying why")


def issued_within_date(v: Validator, entries: Entries) -> None:
    """A source's issued (its date to the precision stated) is the year, or year and month, of its date."""
    for path, source in entries["sources"]:
        if "issued" in source and "date" in source:
            stated, date = str(source["issued"]), source["date"].isoformat()
            if not date.startswith(stated + "-"):
                v.add((*path, "issued"), Code.ISSUED_MISMATCH,
                      f"issued {stated} is not the year or month of the date {date}")


def reserved_keys(v: Validator, entries: Entries) -> None:
    """No metric takes a key laos-tip derives (a ratio's, partner_nations)."""
    reserved = {PARTNER_NATIONS, *(ratio.key for ratio in RATIOS)}
    for path, metric in entries["metrics"]:
        if metric["id"] in reserved:
            v.add((*path, "id"), Code.RESERVED_ID,
                  f"{metric['id']!r} is the key of a figure laos-tip derives ('laos-tip keys'); name the metric otherwise")


def metric_references(v: Validator, entries: Entries) -> None:
    """part_of and not_comparable_with name metrics of the file; part_of never loops; a breakdown has a whole."""
    metric_ids = v.declared.get("metrics", set())
    metrics = _by_id(entries["metrics"])
    for path, metric in entries["metrics"]:
        part_of = metric.get("part_of")
        if part_of is not None and part_of not in metric_ids:
            v.add((*path, "part_of"), Code.UNKNOWN_REFERENCE, _unknown_reference(v, "metric", part_of))
        elif part_of == metric["id"]:
            v.add((*path, "part_of"), Code.BAD_REFERENCE, "a metric cannot be a part of itself")
        elif part_of is not None and _part_of_cycle(metric["id"], metrics):
            v.add((*path, "part_of"), Code.BAD_REFERENCE, f"{metric['id']!r} ends up being a part of itself")
        if "breakdown" in metric and part_of is None:
            v.add((*path, "breakdown"), Code.BAD_REFERENCE, "a breakdown needs 'part_of' (the whole it breaks down)")
        for index, other in enumerate(metric.get("not_comparable_with", ())):
            if other not in metric_ids:
                v.add((*path, "not_comparable_with", index), Code.UNKNOWN_REFERENCE,
                      _unknown_reference(v, "metric", other))


def source_references(v: Validator, entries: Entries) -> None:
    """Every figure, statement, partner and tier names a source of the file."""
    sources = v.declared.get("sources", set())
    for name in ("figures", "statements", "partners", "tiers"):
        for path, entry in entries[name]:
            if entry["source"] not in sources:
                v.add((*path, "source"), Code.UNKNOWN_REFERENCE, _unknown_reference(v, "source", entry["source"]))


def figure_metrics(v: Validator, entries: Entries) -> None:
    """Every figure names a metric of the file."""
    metric_ids = v.declared.get("metrics", set())
    for path, figure in entries["figures"]:
        if figure["metric"] not in metric_ids:
            v.add((*path, "metric"), Code.UNKNOWN_REFERENCE, _unknown_reference(v, "metric", figure["metric"]))


def quote_states_number(v: Validator, entries: Entries) -> None:
    """A figure's quote holds its number as written, and as_written reads as the value."""
    for path, figure in entries["figures"]:
        _check_quote(v, path, figure)


def quote_names_partner(v: Validator, entries: Entries) -> None:
    """A partner's quote names the country, as whole words ("Niger" is not named by "Nigeria")."""
    for path, partner in entries["partners"]:
        if not holds_word(partner["quote"], partner["name"]):
            v.add((*path, "quote"), Code.QUOTE_MISMATCH, f"the quote does not name {shorten(partner['name'])!r}")


def quote_states_placement(v: Validator, entries: Entries) -> None:
    """A tier's quote states the placement ("Tier 2" does not match inside "Tier 2 Watch List")."""
    for path, tier in entries["tiers"]:
        if not re.search(rf"(?<!\w){re.escape(tier['placement'])}(?! Watch List)(?!\w)", same(tier["quote"]),
                         re.IGNORECASE):
            v.add((*path, "quote"), Code.QUOTE_MISMATCH, f"the quote does not state {tier['placement']!r}")


def country_codes(v: Validator, entries: Entries) -> None:
    """A partner's or neighbour's codes are ISO 3166-1's, and its alpha-2, alpha-3 and name are one country."""
    from laos_tip.core import countries

    for section in ("partners", "neighbours"):
        for path, country in entries[section]:
            for field, kind, message in countries.problems(country["name"], country["alpha2"], country["alpha3"]):
                code = Code.UNKNOWN_COUNTRY if kind == "unknown" else Code.COUNTRY_MISMATCH
                v.add((*path, field), code, shorten(message, 300))


def one_claim_per_source(v: Validator, entries: Entries) -> None:
    """No source gives two values (or one value twice) for one metric and period."""
    _claimed(v, entries["figures"], report=True)


def part_within_whole(v: Validator, entries: Entries) -> None:
    """The parts of one breakdown add up to no more than their whole: in each source and period, and
    whichever sources are taken (40 girls in one source are more than 30 victims in every other)."""
    metrics = _by_id(entries["metrics"])
    reported = _check_parts(v, _claimed(v, entries["figures"], report=False), metrics)
    if not any(_part_of_cycle(metric_id, metrics) for metric_id in metrics):
        _check_parts_across_sources(v, entries["figures"], metrics, reported)


def figure_periods(v: Validator, entries: Entries) -> None:
    """A partial period has both ends, in order, and ends in its year (period); an inferred period says how.

    A period may start in an earlier year (a total for 2008–2012 is period 2012, period_from
    2008-01-01): it is then a period of several years, shown apart as partial years are. It may not
    end outside its year, so a claim never reads as one year while it covers others.
    """
    for path, figure in entries["figures"]:
        start, end = figure.get("period_from"), figure.get("period_to")
        if (start is None) != (end is None):
            given, missing = ("period_from", "period_to") if end is None else ("period_to", "period_from")
            v.add((*path, given), Code.BAD_PERIOD, f"a partial period needs both ends: {missing!r} is missing")
        elif start is not None and end is not None:
            if start > end:
                v.add((*path, "period_to"), Code.BAD_PERIOD, f"the period ends ({end}) before it starts ({start})")
            if end.year != figure["period"]:
                v.add((*path, "period_to"), Code.BAD_PERIOD,
                      f"{end} is not in the year {figure['period']} (period): period is the year the period ends in")
            elif start.year > figure["period"]:
                v.add((*path, "period_from"), Code.BAD_PERIOD, f"{start} is after the year {figure['period']} (period)")
        if figure.get("period_inferred") and "period_note" not in figure:
            v.add((*path, "period_inferred"), Code.MISSING_FIELD,
                  "an inferred period needs a 'period_note' saying how it was inferred")


def period_before_source(v: Validator, entries: Entries) -> None:
    """A figure's period ends no later than its source's date (an undated source is not checked)."""
    dates = {source["id"]: source["date"] for _, source in entries["sources"] if "date" in source}
    for path, figure in entries["figures"]:
        published = dates.get(figure["source"])
        if published is None:
            continue
        end = figure.get("period_to") or datetime.date(figure["period"], 12, 31)
        if end > published:
            v.add((*path, "period_to" if "period_to" in figure else "period"), Code.PERIOD_AFTER_SOURCE,
                  f"the period ends {end}, after its source {figure['source']} was published ({published}); "
                  "a source cannot report a period that has not ended: give the part of the year it covers "
                  "(period_from, period_to)")


def republished_sources(v: Validator, entries: Entries) -> None:
    """republishes names another source of the file, and following it never comes back."""
    sources = v.declared.get("sources", set())
    republishes = {source["id"]: source["republishes"] for _, source in entries["sources"] if "republishes" in source}
    for path, source in entries["sources"]:
        other = source.get("republishes")
        if other is None:
            continue
        if other not in sources:
            v.add((*path, "republishes"), Code.UNKNOWN_REFERENCE, _unknown_reference(v, "source", other))
        elif other == source["id"]:
            v.add((*path, "republishes"), Code.BAD_REFERENCE, "a source cannot republish itself")
        else:
            seen, current = {source["id"]}, other
            while current in republishes and current not in seen:
                seen.add(current)
                current = republishes[current]
            if current == source["id"]:  # a loop that another source only leads into is reported on its own
                v.add((*path, "republishes"), Code.BAD_REFERENCE,
                      f"{source['id']!r} ends up republishing itself (republishes loops back)")

#: The checks across entries, in the order they run.
RULES: tuple[Callable[[Validator, Entries], None], ...] = (
    unique_ids, dated_sources, issued_within_date, reserved_keys, metric_references, source_references, figure_metrics,
    quote_states_number, quote_names_partner, quote_states_placement, country_codes, one_claim_per_source,
    part_within_whole,
    figure_periods, period_before_source, republished_sources,
)


def _by_id(entries: list[tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for _, entry in entries:
        found.setdefault(entry["id"], entry)
    return found


def _part_of_cycle(metric_id: str, metrics: dict[str, dict[str, Any]]) -> bool:
    """Whether following part_of from ``metric_id`` comes back to it (a metric that only leads into a loop is not in it)."""
    seen = {metric_id}
    current = metrics[metric_id].get("part_of")
    while current is not None and current in metrics and current not in seen:
        seen.add(current)
        current = metrics[current].get("part_of")
    return current == metric_id


def _unique(v: Validator, entries: list[tuple[Path, dict[str, Any]]], what: str) -> None:
    seen: set[str] = set()
    for path, entry in entries:
        if entry["id"] in seen:
            v.add((*path, "id"), Code.DUPLICATE_ID, f"{what} id {shorten(entry['id'])!r} is used twice")
        seen.add(entry["id"])


def _unknown_reference(v: Validator, what: str, name: str) -> str:
    close = v.closest(f"{what}s", name)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no {what} with id {shorten(name)!r} in this file{hint}"


def _check_quote(v: Validator, path: Path, figure: dict[str, Any]) -> None:
    value = figure["value"]
    written = figure.get("as_written", str(value))
    bound, number = split_bound(written)
    declared = figure.get("bound")
    if declared is not None and declared != bound:
        v.add((*path, "bound"), Code.BOUND_WITHOUT_WORD,
              f"bound {declared!r}, but as_written {shorten(written)!r} does not open with its words; write the "
              "number as the quote does, e.g. as_written: At least 21")
    elif declared is None and (bound is not None or bound_word_in(written)):
        word = bound_word_in(written)
        v.add((*path, "as_written"), Code.WORD_WITHOUT_BOUND,
              f"{shorten(written)!r} says {word!r}, so the value is not exact: give its bound "
              f"({'bound: ' + bound if bound else 'at-least, more-than, up-to, fewer-than or about'})")
    meaning = number_in_words(number)
    if meaning is None:
        # Not a number at all: that is the problem; whether the quote holds the text proves nothing.
        v.add((*path, "as_written"), Code.AS_WRITTEN_MISMATCH,
              f"{shorten(written)!r} is not a number laos-tip can read, so it cannot show that the quote states "
              f"{value}; write the number as the quote does, in one of these forms: {'; '.join(NUMBER_FORMS)}")
        return
    if meaning != value:
        v.add((*path, "as_written"), Code.AS_WRITTEN_MISMATCH, f"{shorten(written)!r} does not read as the value {value}")
    if not quote_holds(same(figure["quote"]), same(written)):
        v.add((*path, "quote"), Code.QUOTE_MISMATCH,
              f"the quote does not contain the number {shorten(written)!r}; quote the sentence that states it")

Claimed = dict[tuple[str, int, str], tuple[Path, int]]
#: A figure's period: the year, and the first and last day of a partial one (None for the whole year).
Span = tuple[int, "datetime.date | None", "datetime.date | None"]


def _claimed(v: Validator, figures: list[tuple[Path, dict[str, Any]]], report: bool) -> Claimed:
    """The first claim of each source for each metric and period; with ``report``, the repeated ones as problems."""
    claimed: Claimed = {}
    for path, figure in figures:
        key = (figure["metric"], figure["period"], figure["source"])
        if key in claimed:
            if report:
                first_path, first_value = claimed[key]
                line = v.document.locate(first_path)[0]
                same = "the same value" if first_value == figure["value"] else f"{first_value} (a different value)"
                v.add(path, Code.DUPLICATE_CLAIM,
                      f"{figure['source']} already gives {figure['metric']} for {figure['period']} at line {line}, "
                      f"as {same}")
        else:
            claimed[key] = (path, figure["value"])
    return claimed


def _check_parts(v: Validator, claimed: Claimed, metrics: dict[str, dict[str, Any]]) -> set[tuple[str, int]]:
    """No part exceeds its whole, counting the parts a source states below each part too; the wholes
    and periods reported."""
    reported: set[tuple[str, int]] = set()
    children: dict[str, dict[str | None, list[str]]] = {}
    for metric_id, metric in metrics.items():
        whole_id = metric.get("part_of")
        if whole_id in metrics:
            children.setdefault(whole_id, {}).setdefault(metric.get("breakdown"), []).append(metric_id)
    if any(_part_of_cycle(metric_id, metrics) for metric_id in metrics):
        return reported  # reported by metric_references; the sums below would never end

    def known(metric_id: str, period: int, source: str) -> int:
        """The value claimed, else the most that the claimed parts below it add up to."""
        if (metric_id, period, source) in claimed:
            return claimed[(metric_id, period, source)][1]
        return max((sum(known(part, period, source) for part in group)
                    for group in children.get(metric_id, {}).values()), default=0)

    for (whole_id, period, source), (whole_path, whole) in claimed.items():
        for breakdown, group in children.get(whole_id, {}).items():
            members = [(part, known(part, period, source)) for part in group]
            members = [(part, value) for part, value in members if value]
            total = sum(value for _, value in members)
            if total > whole:
                # period and source bound now: the function is called only in this iteration.
                def stated_below(metric_id: str, period: int = period, source: str = source) -> list[str]:
                    if (metric_id, period, source) in claimed:
                        return [metric_id]
                    return [d for group in children.get(metric_id, {}).values() for p in group
                            for d in stated_below(p)]

                names = " + ".join(
                    f"{part} ({value})" if (part, period, source) in claimed
                    else f"{part} (at least {value}, from {', '.join(stated_below(part))})"
                    for part, value in members
                )
                within = f" (breakdown {breakdown!r})" if breakdown else ""
                # Point at the last part the source states, where the fix most likely is.
                stated = [claimed[(d, period, source)][0] for part, _ in members for d in stated_below(part)]
                v.add((*(stated[-1] if stated else whole_path), "value"), Code.PART_EXCEEDS_WHOLE,
                      f"{names}{within} is larger than {whole_id} ({whole}), of which it is a part, "
                      f"for {period} in {source}")
                reported.add((whole_id, period))
    return reported


#: The least and the most a figure's value can be, by its bound: "more than 40" is at least 41.
_LEAST = {None: 0, "at-least": 0, "more-than": 1}
_MOST = {None: 0, "up-to": 0, "fewer-than": -1}


def _check_parts_across_sources(v: Validator, figures: list[tuple[Path, dict[str, Any]]],
                                metrics: dict[str, dict[str, Any]], reported: set[tuple[str, int]]) -> None:
    """The parts a breakdown has at the least, whichever source says so, are no more than the most its whole is.

    For each part the smallest value any source gives (a lower bound counts; "up to" and "about"
    say nothing of the least), against the largest value any source gives the whole (an upper bound
    counts; a whole given only as "at least" or "about" cannot be exceeded). When even these exceed
    it, no choice of sources agrees: one figure is wrong. A whole and period already found wrong in
    one source (``_check_parts``) is not reported twice.
    """
    least: dict[tuple[str, Span], tuple[int, Path, str]] = {}
    most: dict[tuple[str, Span], int | None] = {}
    for path, figure in figures:
        # A part of the whole year is not compared with a whole of some months: the span is part of the key.
        span = (figure["period"], figure.get("period_from"), figure.get("period_to"))
        key, bound = (figure["metric"], span), figure.get("bound")
        if bound in _LEAST and (key not in least or figure["value"] + _LEAST[bound] < least[key][0]):
            least[key] = (figure["value"] + _LEAST[bound], path, figure["source"])
        if bound not in _MOST:
            most[key] = None  # this whole may be any size
        elif most.get(key, 0) is not None:
            most[key] = max(most.get(key) or 0, figure["value"] + _MOST[bound])
    children: dict[str, dict[str | None, list[str]]] = {}
    for metric_id, metric in metrics.items():
        if metric.get("part_of") in metrics:
            children.setdefault(metric["part_of"], {}).setdefault(metric.get("breakdown"), []).append(metric_id)

    def at_least(metric_id: str, span: Span) -> list[tuple[str, int, Path, str]]:
        """The parts that give ``metric_id`` its least value: itself when a source states it, else its parts."""
        if (metric_id, span) in least:
            value, path, source = least[(metric_id, span)]
            return [(metric_id, value, path, source)]
        groups = [[t for part in group for t in at_least(part, span)] for group in children.get(metric_id, {}).values()]
        return max(groups, key=lambda terms: sum(t[1] for t in terms), default=[])

    for (whole_id, span), whole in most.items():
        period = span[0]
        if whole is None or (whole_id, period) in reported:
            continue
        for breakdown, group in children.get(whole_id, {}).items():
            terms = [t for part in group for t in at_least(part, span) if t[1]]
            total = sum(t[1] for t in terms)
            if total > whole:
                names = " + ".join(f"{metric_id} ({value}, {source})" for metric_id, value, _, source in terms)
                within = f" (breakdown {breakdown!r})" if breakdown else ""
                v.add((*terms[-1][2], "value"), Code.PART_EXCEEDS_WHOLE,
                      f"{names}{within} is larger than {whole_id} (at most {whole} in any source), of which it is "
                      f"a part, for {period}: whichever sources are taken, the parts exceed the whole")
                break
