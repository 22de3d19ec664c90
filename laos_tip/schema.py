"""The validator that turns a parsed fact file into a FactBase, and the fact file's JSON Schema.

The fields of each entry are declared once, in ``records.py``: the same declaration drives
the field checks here (every problem collected, with the field path and the line where it
stands) and the JSON Schema printed by ``laos-tip schema``. The checks across entries are
``RULES``: small named functions, each finding one kind of problem.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable

from laos_tip import frozen
from laos_tip.errors import FactFileError, Problem
from laos_tip.model import (
    PARTNER_NATIONS,
    Country,
    FactBase,
    Figure,
    Metric,
    Partner,
    Source,
    Statement,
    Tier,
)
from laos_tip.ratios import RATIOS
from laos_tip.records import MAX_COUNT, SECTIONS, SOURCE, Record
from laos_tip.textsafe import REFUSED, escape
from laos_tip.yamlread import Document, Path, decode, describe_type, parse, read_bytes, shorten

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1
#: The forms of ``as_written`` that laos-tip reads as a number, declared once: the check, its
#: messages and the README's list come from here. Words are read without regard to case.
# "did not convict any": a negation that states zero, as the TIP Report writes it
# ("Courts did not convict any traffickers.").
ZERO_WORDS = ("no", "none", "zero", "did not convict any")
_UNITS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {word: 10 * n for n, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = (("million", 10**6), ("thousand", 10**3))
#: Digits, plain or grouped by three with commas (1234, 1,234); ASCII only: other scripts'
#: digits and superscripts pass ``str.isdigit`` but are no count's digits.
_DIGITS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+")
#: Longer than any form above can be ("seven hundred and seventy-seven million ..."): a longer
#: as_written is never read as a number.
_LONGEST_NUMBER = 160
NUMBER_FORMS = ("digits, plain or grouped by three with commas (1234, 1,234)",
                "number words, any case (eight, Eighteen, twenty-one, forty two, one hundred and five, "
                "two thousand three hundred)",
                f"{', '.join(repr(w) for w in ZERO_WORDS)} for 0")
_TOP_LEVEL = ("schema_version", *(name for name, _, _ in SECTIONS))


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> list[str]:
    """The closest few of ``choices`` to a misspelt ``word``."""
    import difflib  # only for a word that is not known: every other call skips its import

    return difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)


class _Validator:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.declared: dict[str, set[str]] = {}

    def add(self, path: Path, code: str, message: str) -> None:
        self.problems.append(self.document.problem(path, code, message))

    def unknown(self, path: Path, key: str, known: tuple[str, ...]) -> None:
        close = suggest(key, known)
        hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(known)}"
        self.add((*path, key), "unknown-field", f"unknown field {shorten(key)!r}{hint}")

    def record(self, raw: Any, record: Record, path: Path) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add(path, "wrong-type", f"expected a {record.name} (a mapping), found {describe_type(raw)}")
            return None
        fields = record.file_fields
        names = tuple(f.read_as for f in fields)
        clean: dict[str, Any] = {}
        ok = True
        misspelt: set[str] = set()
        for key in raw:
            # An unknown field is reported but does not drop the record: its known fields
            # still take part in the cross-checks (references, claims), so one run finds all.
            if key not in names:
                self.unknown(path, key, names)
                misspelt.update(suggest(key, names)[:1])
                ok = False
        for spec in fields:
            name = spec.read_as
            if name not in raw:
                # A misspelt key already says "did you mean ...": one mistake, one message.
                if spec.required and name not in misspelt:
                    self.add(path, "missing-field", f"missing required field {name!r} ({spec.description})")
                    ok = False
                continue
            value = raw[name]
            expected = spec.read_kind.check(value)
            if expected is not None:
                self.add((*path, name), "wrong-type", f"expected {expected}, found {describe_type(value)}")
                ok = False
            else:
                clean[name] = value.strip() if isinstance(value, str) else value
        return clean if ok else None

    def section(self, root: dict[str, Any], name: str, record: Record, required: bool) -> list[tuple[Path, dict[str, Any]]]:
        if name not in root:
            if required:
                self.add((), "missing-field", f"missing required list {name!r}")
            return []
        items = root[name]
        if not isinstance(items, list):
            self.add((name,), "wrong-type", f"expected a list of {record.name} entries, found {describe_type(items)}")
            return []
        # Ids of entries that fail validation still count as declared, so one bad metric
        # does not also make every figure that refers to it "unknown".
        self.declared[name] = {raw["id"] for raw in items if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
        entries: list[tuple[Path, dict[str, Any]]] = []
        for index, raw in enumerate(items):
            clean = self.record(raw, record, (name, index))
            if clean is not None:
                entries.append(((name, index), clean))
        return entries


if TYPE_CHECKING:
    #: Each list of the fact file: where each entry stands, and its checked fields.
    Entries = dict[str, list[tuple[Path, dict[str, Any]]]]


def validate(document: Document, file: str, sha256: str) -> FactBase:
    """Check a parsed document against the schema and build the FactBase.

    The entries' fields are checked first (``_Validator.section``), then every rule of
    ``RULES`` runs on the entries that passed. Raises FactFileError listing every problem
    found, in file order.
    """
    v = _Validator(document)
    v.problems.extend(document.problems)  # duplicate and non-text keys, found while parsing
    _control_characters(v, document.root, ())
    root = document.root
    if not isinstance(root, dict):
        v.add((), "wrong-type", f"the top level must be a mapping of {', '.join(_TOP_LEVEL)}; found {describe_type(root)}")
        raise FactFileError(file, v.problems)
    for key in root:
        if key not in _TOP_LEVEL:
            v.unknown((), key, _TOP_LEVEL)
    if "schema_version" not in root:
        v.add((), "missing-field", f"missing 'schema_version' (this laos-tip reads version {SCHEMA_VERSION})")
    elif root["schema_version"] != SCHEMA_VERSION or isinstance(root["schema_version"], bool):
        v.add(("schema_version",), "schema-version",
              f"this laos-tip reads schema version {SCHEMA_VERSION}, found {describe_type(root['schema_version'])}")
    entries = {name: v.section(root, name, record, required) for name, record, required in SECTIONS}
    for rule in RULES:
        rule(v, entries)
    if v.problems:
        v.problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        raise FactFileError(file, v.problems)
    return build(entries, file, sha256)


def build(entries: Entries, file: str, sha256: str) -> FactBase:
    """The FactBase of entries that passed every check."""
    return FactBase(
        path=file,
        sha256=sha256,
        sources=tuple(_source(s) for _, s in entries["sources"]),
        metrics=tuple(
            Metric(**{**m, "not_comparable_with": tuple(m.get("not_comparable_with", ()))})
            for _, m in entries["metrics"]
        ),
        figures=tuple(
            Figure(**{**f, "as_written": f.get("as_written", str(f["value"]))}) for _, f in entries["figures"]
        ),
        statements=tuple(Statement(**s) for _, s in entries["statements"]),
        partners=tuple(
            Partner(Country(p["name"], p["alpha2"], p["alpha3"]), p["period"], p["source"], p["quote"])
            for _, p in entries["partners"]
        ),
        neighbours=tuple(Country(**n) for _, n in entries["neighbours"]),
        tiers=tuple(Tier(**t) for _, t in entries["tiers"]),
    )


def _source(entry: dict[str, Any]) -> Source:
    """A source entry as a Source; a declared field the class has no attribute for goes to ``declared``."""
    attributes = {f.name for f in frozen.fields(Source)}
    known = {name: value for name, value in entry.items() if name in attributes}
    declared = tuple(
        (f.name, entry.get(f.read_as)) for f in SOURCE.fields if f.in_file and f.name not in attributes
    )
    return Source(**{"date": None, **known, "carried_by": tuple(entry.get("carried_by", ())), "declared": declared})


# --- Rules: each finds one kind of problem across entries; each has its own test ---

def unique_ids(v: _Validator, entries: Entries) -> None:
    """No two sources, metrics or statements share an id."""
    for name, what in (("metrics", "metric"), ("sources", "source"), ("statements", "statement")):
        _unique(v, entries[name], what)


def dated_sources(v: _Validator, entries: Entries) -> None:
    """A source without a date says why, in date_note."""
    for path, source in entries["sources"]:
        if "date" not in source and "date_note" not in source:
            v.add(path, "missing-field", "missing 'date'; a source without one needs a 'date_note' saying why")


def reserved_keys(v: _Validator, entries: Entries) -> None:
    """No metric takes a key laos-tip derives (a ratio's, partner_nations)."""
    reserved = {PARTNER_NATIONS, *(ratio.key for ratio in RATIOS)}
    for path, metric in entries["metrics"]:
        if metric["id"] in reserved:
            v.add((*path, "id"), "reserved-id",
                  f"{metric['id']!r} is the key of a figure laos-tip derives ('laos-tip keys'); name the metric otherwise")


def metric_references(v: _Validator, entries: Entries) -> None:
    """part_of and not_comparable_with name metrics of the file; part_of never loops; a breakdown has a whole."""
    metric_ids = v.declared.get("metrics", set())
    metrics = _by_id(entries["metrics"])
    for path, metric in entries["metrics"]:
        part_of = metric.get("part_of")
        if part_of is not None and part_of not in metric_ids:
            v.add((*path, "part_of"), "unknown-reference", _unknown_reference("metric", part_of, metric_ids))
        elif part_of == metric["id"]:
            v.add((*path, "part_of"), "bad-reference", "a metric cannot be a part of itself")
        elif part_of is not None and _part_of_cycle(metric["id"], metrics):
            v.add((*path, "part_of"), "bad-reference", f"{metric['id']!r} ends up being a part of itself")
        if "breakdown" in metric and part_of is None:
            v.add((*path, "breakdown"), "bad-reference", "a breakdown needs 'part_of' (the whole it breaks down)")
        for index, other in enumerate(metric.get("not_comparable_with", ())):
            if other not in metric_ids:
                v.add((*path, "not_comparable_with", index), "unknown-reference",
                      _unknown_reference("metric", other, metric_ids))


def source_references(v: _Validator, entries: Entries) -> None:
    """Every figure, statement, partner and tier names a source of the file."""
    sources = v.declared.get("sources", set())
    for name in ("figures", "statements", "partners", "tiers"):
        for path, entry in entries[name]:
            if entry["source"] not in sources:
                v.add((*path, "source"), "unknown-reference", _unknown_reference("source", entry["source"], sources))


def figure_metrics(v: _Validator, entries: Entries) -> None:
    """Every figure names a metric of the file."""
    metric_ids = v.declared.get("metrics", set())
    for path, figure in entries["figures"]:
        if figure["metric"] not in metric_ids:
            v.add((*path, "metric"), "unknown-reference", _unknown_reference("metric", figure["metric"], metric_ids))


def quote_states_number(v: _Validator, entries: Entries) -> None:
    """A figure's quote holds its number as written, and as_written reads as the value."""
    for path, figure in entries["figures"]:
        _check_quote(v, path, figure)


def quote_names_partner(v: _Validator, entries: Entries) -> None:
    """A partner's quote names the country."""
    for path, partner in entries["partners"]:
        if partner["name"] not in partner["quote"]:
            v.add((*path, "quote"), "quote-mismatch", f"the quote does not name {shorten(partner['name'])!r}")


def quote_states_placement(v: _Validator, entries: Entries) -> None:
    """A tier's quote states the placement ("Tier 2" does not match inside "Tier 2 Watch List")."""
    for path, tier in entries["tiers"]:
        if not re.search(rf"{re.escape(tier['placement'])}(?! Watch List)(?!\w)", tier["quote"], re.IGNORECASE):
            v.add((*path, "quote"), "quote-mismatch", f"the quote does not state {tier['placement']!r}")


def one_claim_per_source(v: _Validator, entries: Entries) -> None:
    """No source gives two values (or one value twice) for one metric and period."""
    _claimed(v, entries["figures"], report=True)


def part_within_whole(v: _Validator, entries: Entries) -> None:
    """In each source and period, the parts of one breakdown add up to no more than their whole."""
    _check_parts(v, _claimed(v, entries["figures"], report=False), _by_id(entries["metrics"]))


def figure_periods(v: _Validator, entries: Entries) -> None:
    """A partial period has both ends, in order, inside its year; an inferred period says how (period_note)."""
    for path, figure in entries["figures"]:
        start, end = figure.get("period_from"), figure.get("period_to")
        if (start is None) != (end is None):
            given, missing = ("period_from", "period_to") if end is None else ("period_to", "period_from")
            v.add((*path, given), "bad-period", f"a partial period needs both ends: {missing!r} is missing")
        elif start is not None and end is not None:
            if start > end:
                v.add((*path, "period_to"), "bad-period", f"the period ends ({end}) before it starts ({start})")
            for name, day in (("period_from", start), ("period_to", end)):
                if day.year != figure["period"]:
                    v.add((*path, name), "bad-period", f"{day} is not in the year {figure['period']} (period)")
        if figure.get("period_inferred") and "period_note" not in figure:
            v.add((*path, "period_inferred"), "missing-field",
                  "an inferred period needs a 'period_note' saying how it was inferred")


def period_before_source(v: _Validator, entries: Entries) -> None:
    """A figure's period ends no later than its source's date (an undated source is not checked)."""
    dates = {source["id"]: source["date"] for _, source in entries["sources"] if "date" in source}
    for path, figure in entries["figures"]:
        published = dates.get(figure["source"])
        if published is None:
            continue
        end = figure.get("period_to") or datetime.date(figure["period"], 12, 31)
        if end > published:
            v.add((*path, "period_to" if "period_to" in figure else "period"), "period-after-source",
                  f"the period ends {end}, after its source {figure['source']} was published ({published}); "
                  "a source cannot report a period that has not ended: give the part of the year it covers "
                  "(period_from, period_to)")


def republished_sources(v: _Validator, entries: Entries) -> None:
    """republishes names another source of the file, and following it never comes back."""
    sources = v.declared.get("sources", set())
    republishes = {source["id"]: source["republishes"] for _, source in entries["sources"] if "republishes" in source}
    for path, source in entries["sources"]:
        other = source.get("republishes")
        if other is None:
            continue
        if other not in sources:
            v.add((*path, "republishes"), "unknown-reference", _unknown_reference("source", other, sources))
        elif other == source["id"]:
            v.add((*path, "republishes"), "bad-reference", "a source cannot republish itself")
        else:
            seen, current = {source["id"]}, other
            while current in republishes and current not in seen:
                seen.add(current)
                current = republishes[current]
            if current == source["id"]:  # a loop that another source only leads into is reported on its own
                v.add((*path, "republishes"), "bad-reference",
                      f"{source['id']!r} ends up republishing itself (republishes loops back)")


#: The checks across entries, in the order they run.
RULES: tuple[Callable[[_Validator, Entries], None], ...] = (
    unique_ids, dated_sources, reserved_keys, metric_references, source_references, figure_metrics,
    quote_states_number, quote_names_partner, quote_states_placement, one_claim_per_source, part_within_whole,
    figure_periods, period_before_source, republished_sources,
)


def _by_id(entries: list[tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for _, entry in entries:
        found.setdefault(entry["id"], entry)
    return found
def _control_characters(v: _Validator, value: Any, path: Path) -> None:
    """Every text value holding a control character or a bidi override is a problem, where it stands.

    Such characters have no place in a label, a title or a quote, and on a terminal they
    could hide or rewrite what is shown; a tab or a line break is text.
    """
    if isinstance(value, str):
        found = REFUSED.search(value)
        if found:
            v.add(path, "control-character",
                  f"holds the control character {escape(found.group())} at character {found.start() + 1}; "
                  "text in a fact file may not hold control characters or bidirectional overrides")
    elif isinstance(value, dict):
        for key, item in value.items():
            _control_characters(v, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _control_characters(v, item, (*path, index))


def _part_of_cycle(metric_id: str, metrics: dict[str, dict[str, Any]]) -> bool:
    """Whether following part_of from ``metric_id`` comes back to it (a metric that only leads into a loop is not in it)."""
    seen = {metric_id}
    current = metrics[metric_id].get("part_of")
    while current is not None and current in metrics and current not in seen:
        seen.add(current)
        current = metrics[current].get("part_of")
    return current == metric_id


def _unique(v: _Validator, entries: list[tuple[Path, dict[str, Any]]], what: str) -> None:
    seen: set[str] = set()
    for path, entry in entries:
        if entry["id"] in seen:
            v.add((*path, "id"), "duplicate-id", f"{what} id {shorten(entry['id'])!r} is used twice")
        seen.add(entry["id"])


def _unknown_reference(what: str, name: str, known: set[str]) -> str:
    close = suggest(name, sorted(known))
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no {what} with id {shorten(name)!r} in this file{hint}"


def _number_in_words(text: str) -> int | None:
    """The number ``text`` denotes in one of ``NUMBER_FORMS``, or None when it is none of them."""
    text = text.strip()
    if len(text) > _LONGEST_NUMBER:
        return None
    if _DIGITS.fullmatch(text):
        digits = text.replace(",", "").lstrip("0") or "0"
        # More digits than any count has can never be the value (and int() refuses 4,300).
        return MAX_COUNT + 1 if len(digits) > len(str(MAX_COUNT)) else int(digits)
    words = text.lower()
    if words in ZERO_WORDS:
        return 0
    tokens = words.replace("-", " ").split()
    return _words(tokens, _SCALES) if tokens else None


def _words(tokens: list[str], scales: tuple[tuple[str, int], ...]) -> int | None:
    """The number of ``tokens`` (already lower-case, split at spaces and hyphens), or None."""
    if not scales:
        return _below_thousand(tokens)
    (word, factor), smaller = scales[0], scales[1:]
    if word not in tokens:
        return _words(tokens, smaller)
    at = tokens.index(word)
    head = _below_thousand(tokens[:at])
    rest = tokens[at + 1:]
    if rest[:1] == ["and"]:
        rest = rest[1:]
        if not rest:
            return None
    if not head:
        return None
    if not rest:
        return head * factor
    tail = _words(rest, smaller)
    return head * factor + tail if tail and tail < factor else None


def _below_thousand(tokens: list[str]) -> int | None:
    if len(tokens) >= 2 and tokens[1] == "hundred":
        hundreds = _UNITS.get(tokens[0])
        rest = tokens[2:]
        if rest[:1] == ["and"]:
            rest = rest[1:]
            if not rest:
                return None
        if not hundreds or hundreds > 9:
            return None
        if not rest:
            return hundreds * 100
        tail = _below_hundred(rest)
        return hundreds * 100 + tail if tail else None
    return _below_hundred(tokens)


def _below_hundred(tokens: list[str]) -> int | None:
    if len(tokens) == 1:
        return _UNITS.get(tokens[0], _TENS.get(tokens[0]))
    if len(tokens) == 2 and tokens[0] in _TENS and _UNITS.get(tokens[1], 0) in range(1, 10):
        return _TENS[tokens[0]] + _UNITS[tokens[1]]
    return None


def quote_holds(quote: str, written: str) -> bool:
    """Whether ``quote`` holds ``written`` as a whole number: not inside a longer number or word.

    "962" is in "962 individuals" and "of 962." but not in "1,962", "9620", "962,5" or "A962":
    an occurrence counts when the character before it is not a word character (``\\w``: a letter,
    digit or ``_``), a comma or a full stop, and what follows is neither a word character nor a
    comma or full stop before a digit. The same test as the regular expression
    ``(?<![\\w,.])WRITTEN(?![\\w]|[,.]\\d)``, written out with ``str.find``: compiling that
    expression for every figure's number took about 6 ms of every command (benchmarks/README.md).
    The time is at most the quote's length times that of ``written``.
    """
    if not written:
        return False
    size = len(written)
    start = quote.find(written)
    while start != -1:
        before = quote[start - 1] if start else ""
        after = quote[start + size:start + size + 2]
        if not (before and (_is_word(before) or before in ",.")) and not (
            after and (_is_word(after[0]) or (after[0] in ",." and after[1:].isdecimal()))
        ):
            return True
        start = quote.find(written, start + 1)
    return False


def _is_word(character: str) -> bool:
    """Whether ``character`` is what ``\\w`` matches in a regular expression: a letter, a digit or ``_``."""
    return character.isalnum() or character == "_"


def _check_quote(v: _Validator, path: Path, figure: dict[str, Any]) -> None:
    value = figure["value"]
    written = figure.get("as_written", str(value))
    meaning = _number_in_words(written)
    if meaning is None:
        # Not a number at all: that is the problem; whether the quote holds the text proves nothing.
        v.add((*path, "as_written"), "as-written-mismatch",
              f"{shorten(written)!r} is not a number laos-tip can read, so it cannot show that the quote states "
              f"{value}; write the number as the quote does, in one of these forms: {'; '.join(NUMBER_FORMS)}")
        return
    if meaning != value:
        v.add((*path, "as_written"), "as-written-mismatch", f"{shorten(written)!r} does not read as the value {value}")
    if not quote_holds(figure["quote"], written):
        v.add((*path, "quote"), "quote-mismatch",
              f"the quote does not contain the number {shorten(written)!r}; quote the sentence that states it")


Claimed = dict[tuple[str, int, str], tuple[Path, int]]


def _claimed(v: _Validator, figures: list[tuple[Path, dict[str, Any]]], report: bool) -> Claimed:
    """The first claim of each source for each metric and period; with ``report``, the repeated ones as problems."""
    claimed: Claimed = {}
    for path, figure in figures:
        key = (figure["metric"], figure["period"], figure["source"])
        if key in claimed:
            if report:
                first_path, first_value = claimed[key]
                line = v.document.locate(first_path)[0]
                same = "the same value" if first_value == figure["value"] else f"{first_value} (a different value)"
                v.add(path, "duplicate-claim",
                      f"{figure['source']} already gives {figure['metric']} for {figure['period']} at line {line}, "
                      f"as {same}")
        else:
            claimed[key] = (path, figure["value"])
    return claimed


def _check_parts(v: _Validator, claimed: Claimed, metrics: dict[str, dict[str, Any]]) -> None:
    """No part exceeds its whole, counting the parts a source states below each part too."""
    children: dict[str, dict[str | None, list[str]]] = {}
    for metric_id, metric in metrics.items():
        whole_id = metric.get("part_of")
        if whole_id in metrics:
            children.setdefault(whole_id, {}).setdefault(metric.get("breakdown"), []).append(metric_id)
    if any(_part_of_cycle(metric_id, metrics) for metric_id in metrics):
        return  # reported by metric_references; the sums below would never end

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
                v.add((*(stated[-1] if stated else whole_path), "value"), "part-exceeds-whole",
                      f"{names}{within} is larger than {whole_id} ({whole}), of which it is a part, "
                      f"for {period} in {source}")


def read(path: str, name: str | None = None) -> tuple[bytes, str]:
    """The bytes of the fact file at ``path`` and their SHA-256; ``name`` is how messages call the file."""
    data = read_bytes(path, name)
    return data, hashlib.sha256(data).hexdigest()


def load(path: str, name: str | None = None) -> FactBase:
    """Read, parse and validate the fact file at ``path``; ``name`` (default: ``path``) is how it is shown.

    ``check.check_file`` runs the very same steps, keeping the problems instead of raising.
    """
    shown = path if name is None else name
    data, sha256 = read(path, shown)
    return validate(parse(decode(data, shown), shown), shown, sha256)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a fact file, from the same declaration."""

    def record_schema(record: Record) -> dict[str, Any]:
        return {
            "type": "object",
            "description": record.description,
            "additionalProperties": False,
            "required": [f.read_as for f in record.file_fields if f.required],
            "properties": {
                f.read_as: {**f.read_kind.json_schema, "description": f.description} for f in record.file_fields
            },
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "laos-tip fact file",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", *(name for name, _, required in SECTIONS if required)],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            **{
                name: {"type": "array", "items": record_schema(record)}
                for name, record, _ in SECTIONS
            },
        },
    }
