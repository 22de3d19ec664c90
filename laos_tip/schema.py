"""The fact-file schema, declared once, and the validator that turns YAML into a FactBase.

The same declaration drives validation (every problem collected, with the field path and
the line where it stands) and the JSON Schema printed by ``laos-tip schema``.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from laos_tip.errors import FactFileError, Problem
from laos_tip.model import (
    PARTNER_NATIONS,
    PILLARS,
    RELIABILITIES,
    TIER_PLACEMENTS,
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
from laos_tip.textsafe import REFUSED, escape
from laos_tip.yamlread import Document, Path, describe_type, load_document, shorten

SCHEMA_VERSION = 1
#: Counts above this cannot be carried exactly by JSON readers that use doubles.
MAX_COUNT = 2**53
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: A printable http(s) URL: no space, no control, bidi or other invisible format character
#: (an ESC or OSC 8 sequence in a URL could show one address and link to another).
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+$")
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS["no"] = 0


@dataclass(frozen=True)
class Kind:
    """A type of field value: how to check it and how JSON Schema describes it."""

    name: str
    json_schema: dict[str, Any]
    check: Callable[[Any], str | None]  # None when valid, else what was expected


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    return "non-empty text"


def _identifier(value: Any) -> str | None:
    if isinstance(value, str) and _ID.match(value):
        return None
    return "an identifier of lower-case letters, digits, '_', '-' or '.'"


def _count(value: Any) -> str | None:
    # bool is a subclass of int: YAML's yes/no/on/off must not pass as 1 and 0.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_COUNT:
        return f"a count no larger than {MAX_COUNT:,}"
    return "a whole number of zero or more"


def _year(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100:
        return None
    return "a year between 1900 and 2100"


def _date(value: Any) -> str | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return "a date written YYYY-MM-DD"


def _url(value: Any) -> str | None:
    if isinstance(value, str) and _URL.match(value):
        return None
    return "an http:// or https:// URL"


def _code(length: int) -> Callable[[Any], str | None]:
    pattern = re.compile(rf"^[A-Z]{{{length}}}$")

    def check(value: Any) -> str | None:
        if isinstance(value, str) and pattern.match(value):
            return None
        return f"an ISO 3166-1 alpha-{length} code ({length} capital letters)"

    return check


def _choice(choices: tuple[str, ...]) -> Kind:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        return "one of " + ", ".join(choices)

    return Kind("choice", {"type": "string", "enum": list(choices)}, check)


TEXT = Kind("text", {"type": "string", "minLength": 1}, _text)
IDENTIFIER = Kind("identifier", {"type": "string", "pattern": _ID.pattern}, _identifier)
COUNT = Kind("count", {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}, _count)
YEAR = Kind("year", {"type": "integer", "minimum": 1900, "maximum": 2100}, _year)
DATE = Kind("date", {"type": "string", "format": "date"}, _date)
URL = Kind("url", {"type": "string", "pattern": _URL.pattern}, _url)
ALPHA2 = Kind("alpha2", {"type": "string", "pattern": "^[A-Z]{2}$"}, _code(2))
ALPHA3 = Kind("alpha3", {"type": "string", "pattern": "^[A-Z]{3}$"}, _code(3))


def list_of(kind: Kind) -> Kind:
    """A non-empty list whose items are all of ``kind``."""

    def check(value: Any) -> str | None:
        if isinstance(value, list) and value and all(kind.check(item) is None for item in value):
            return None
        return f"a non-empty list, each item {kind.check(None) or kind.name}"

    return Kind(f"list of {kind.name}", {"type": "array", "minItems": 1, "items": kind.json_schema}, check)


@dataclass(frozen=True)
class Field:
    """One field of a record."""

    name: str
    kind: Kind
    description: str
    required: bool = True


@dataclass(frozen=True)
class Record:
    """A kind of entry in one of the fact file's lists."""

    name: str
    description: str
    fields: tuple[Field, ...]


SOURCE = Record("source", "A publication that states figures.", (
    Field("id", IDENTIFIER, "Short name that figures use to refer to this source."),
    Field("publisher", TEXT, "Who published it, e.g. Xinhua."),
    Field("title", TEXT, "Title as published."),
    Field("dateline", TEXT, "Dateline as published, e.g. 'VIENTIANE, Jan. 30'.", required=False),
    Field("date", DATE, "Publication date; leave it out only when the source has none, and say so in date_note.",
          required=False),
    Field("date_note", TEXT, "How the date was established, or why there is none.", required=False),
    Field("url", URL, "Where it was published."),
    Field("carried_by", list_of(URL), "Other places that carried the same text.", required=False),
    Field("authority", TEXT, "The body whose figures it reports."),
    Field("reliability", _choice(RELIABILITIES), "How far the source is trusted; the headline comes from the best."),
    Field("note", TEXT, "Anything a reader should know about the source.", required=False),
))
METRIC = Record("metric", "What one kind of figure counts, and by whom.", (
    Field("id", IDENTIFIER, "Key of the metric, used by figures and by 'laos-tip get'."),
    Field("pillar", _choice(PILLARS), "Pillar of the 4P paradigm."),
    Field("label", TEXT, "Short name for tables."),
    Field("unit", TEXT, "What is counted, e.g. cases or persons."),
    Field("description", TEXT, "What exactly is counted."),
    Field("counted_by", TEXT, "The body that counts it.", required=False),
    Field("part_of", IDENTIFIER, "Metric this one is a part of (its value can never be larger).", required=False),
    Field("breakdown", IDENTIFIER,
          "The breakdown of part_of this part belongs to, e.g. sex or nationality: parts in one breakdown do "
          "not overlap, so together they can be no larger than the whole; parts in different breakdowns may.",
          required=False),
    Field("not_comparable_with", list_of(IDENTIFIER),
          "Metrics that look alike but count something else: never compared with this one.", required=False),
    Field("caveat", TEXT, "What a reader must keep in mind about the figure.", required=False),
))
FIGURE = Record("figure", "One claim: a source states a value for a metric and a period.", (
    Field("metric", IDENTIFIER, "Id of the metric."),
    Field("period", YEAR, "Calendar year the figure covers."),
    Field("value", COUNT, "The figure, exactly as the source gives it."),
    Field("source", IDENTIFIER, "Id of the source that states it."),
    Field("quote", TEXT, "The sentence of the source that states it, verbatim."),
    Field("as_written", TEXT, "The number as the quote writes it, when not the digits of value.", required=False),
    Field("note", TEXT, "Anything a reader must know about this figure.", required=False),
))
STATEMENT = Record("statement", "A qualitative fact stated by a source.", (
    Field("id", IDENTIFIER, "Key of the statement."),
    Field("topic", TEXT, "What it is about, e.g. Modus operandi."),
    Field("period", YEAR, "Reporting period of the report that makes the statement."),
    Field("source", IDENTIFIER, "Id of the source that states it."),
    Field("summary", TEXT, "The statement in short."),
    Field("quote", TEXT, "The sentence of the source, verbatim."),
))
PARTNER = Record("partner", "A partner nation named by a source.", (
    Field("name", TEXT, "Country name."),
    Field("alpha2", ALPHA2, "ISO 3166-1 alpha-2 code."),
    Field("alpha3", ALPHA3, "ISO 3166-1 alpha-3 code."),
    Field("period", YEAR, "Period of the report that names it."),
    Field("source", IDENTIFIER, "Id of the source that names it."),
    Field("quote", TEXT, "The sentence that names it, verbatim."),
))
TIER = Record("tier", "The tier in which a US Trafficking in Persons Report places Laos.", (
    Field("report_year", YEAR, "Year of the report (it covers the government's efforts of the year before)."),
    Field("placement", _choice(TIER_PLACEMENTS), "The tier, as the report names it."),
    Field("released", DATE, "Release date of the report.", required=False),
    Field("source", IDENTIFIER, "Id of the source that states the placement."),
    Field("quote", TEXT, "The sentence that states the placement, verbatim."),
    Field("note", TEXT, "Anything a reader should know about the placement.", required=False),
))
NEIGHBOUR = Record("neighbour", "A country sharing a land border with Laos (reference data).", (
    Field("name", TEXT, "Country name."),
    Field("alpha2", ALPHA2, "ISO 3166-1 alpha-2 code."),
    Field("alpha3", ALPHA3, "ISO 3166-1 alpha-3 code."),
))
#: Top-level lists: name, record, whether required.
SECTIONS: tuple[tuple[str, Record, bool], ...] = (
    ("sources", SOURCE, True),
    ("metrics", METRIC, True),
    ("figures", FIGURE, True),
    ("statements", STATEMENT, False),
    ("partners", PARTNER, False),
    ("tiers", TIER, False),
    ("neighbours", NEIGHBOUR, False),
)
_TOP_LEVEL = ("schema_version", *(name for name, _, _ in SECTIONS))


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> list[str]:
    """The closest few of ``choices`` to a misspelt ``word``."""
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
        names = tuple(f.name for f in record.fields)
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
        for spec in record.fields:
            if spec.name not in raw:
                # A misspelt key already says "did you mean ...": one mistake, one message.
                if spec.required and spec.name not in misspelt:
                    self.add(path, "missing-field", f"missing required field {spec.name!r} ({spec.description})")
                    ok = False
                continue
            value = raw[spec.name]
            expected = spec.kind.check(value)
            if expected is not None:
                self.add((*path, spec.name), "wrong-type", f"expected {expected}, found {describe_type(value)}")
                ok = False
            else:
                clean[spec.name] = value.strip() if isinstance(value, str) else value
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
        entries = []
        for index, raw in enumerate(items):
            clean = self.record(raw, record, (name, index))
            if clean is not None:
                entries.append(((name, index), clean))
        return entries


def validate(document: Document, file: str, sha256: str) -> FactBase:
    """Check a parsed document against the schema and build the FactBase.

    Raises FactFileError listing every problem found, in file order.
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

    metrics = _unique(v, entries["metrics"], "id", "metric")
    _unique(v, entries["sources"], "id", "source")
    _unique(v, entries["statements"], "id", "statement")
    sources = v.declared.get("sources", set())
    metric_ids = v.declared.get("metrics", set())
    for path, source in entries["sources"]:
        if "date" not in source and "date_note" not in source:
            v.add(path, "missing-field", "missing 'date'; a source without one needs a 'date_note' saying why")
    reserved = {PARTNER_NATIONS, *(ratio.key for ratio in RATIOS)}
    for path, metric in entries["metrics"]:
        if metric["id"] in reserved:
            v.add((*path, "id"), "reserved-id",
                  f"{metric['id']!r} is the key of a figure laos-tip derives ('laos-tip keys'); name the metric otherwise")
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
    for name in ("figures", "statements", "partners", "tiers"):
        for path, entry in entries[name]:
            if entry["source"] not in sources:
                v.add((*path, "source"), "unknown-reference", _unknown_reference("source", entry["source"], sources))
    for path, figure in entries["figures"]:
        if figure["metric"] not in metric_ids:
            v.add((*path, "metric"), "unknown-reference", _unknown_reference("metric", figure["metric"], metric_ids))
        _check_quote(v, path, figure)
    for path, partner in entries["partners"]:
        if partner["name"] not in partner["quote"]:
            v.add((*path, "quote"), "quote-mismatch", f"the quote does not name {shorten(partner['name'])!r}")
    for path, tier in entries["tiers"]:
        # "Tier 2" must not match inside "Tier 2 Watch List".
        if not re.search(rf"{re.escape(tier['placement'])}(?! Watch List)(?!\w)", tier["quote"], re.IGNORECASE):
            v.add((*path, "quote"), "quote-mismatch", f"the quote does not state {tier['placement']!r}")
    _check_claims(v, entries["figures"], metrics)

    if v.problems:
        v.problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        raise FactFileError(file, v.problems)
    return FactBase(
        path=file,
        sha256=sha256,
        sources=tuple(
            Source(**{"date": None, **s, "carried_by": tuple(s.get("carried_by", ()))}) for _, s in entries["sources"]
        ),
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
    """Whether following part_of from ``metric_id`` comes back to a metric already passed."""
    seen = {metric_id}
    current = metrics[metric_id].get("part_of")
    while current is not None and current in metrics:
        if current in seen:
            return True
        seen.add(current)
        current = metrics[current].get("part_of")
    return False


def _unique(v: _Validator, entries: list[tuple[Path, dict[str, Any]]], key: str, what: str) -> dict[str, dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for path, entry in entries:
        if entry[key] in seen:
            v.add((*path, key), "duplicate-id", f"{what} id {shorten(entry[key])!r} is used twice")
        else:
            seen[entry[key]] = entry
    return seen


def _unknown_reference(what: str, name: str, known: set[str]) -> str:
    close = suggest(name, sorted(known))
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no {what} with id {shorten(name)!r} in this file{hint}"


def _number_in_words(text: str) -> int | None:
    digits = text.replace(",", "")
    # isascii: '²' and other scripts' digits pass isdigit() but are not what int() reads.
    if digits.isascii() and digits.isdigit():
        if len(digits.lstrip("0")) > len(str(MAX_COUNT)):
            # More digits than any count has (and int() refuses more than 4,300): never the value.
            return MAX_COUNT + 1
        return int(digits)
    return _NUMBER_WORDS.get(text.strip().lower())


def _check_quote(v: _Validator, path: Path, figure: dict[str, Any]) -> None:
    written = figure.get("as_written", str(figure["value"]))
    meaning = _number_in_words(written)
    if meaning is not None and meaning != figure["value"]:
        v.add((*path, "as_written"), "quote-mismatch", f"{shorten(written)!r} does not read as the value {figure['value']}")
    if not re.search(rf"(?<![\w,.]){re.escape(written)}(?![\w]|[,.]\d)", figure["quote"]):
        v.add((*path, "quote"), "quote-mismatch",
              f"the quote does not contain the number {shorten(written)!r}; quote the sentence that states it")


def _check_claims(v: _Validator, figures: list[tuple[Path, dict[str, Any]]], metrics: dict[str, dict[str, Any]]) -> None:
    """No source claims two values for one metric and period; no part exceeds its whole."""
    claimed: dict[tuple[str, int, str], tuple[Path, int]] = {}
    for path, figure in figures:
        key = (figure["metric"], figure["period"], figure["source"])
        if key in claimed:
            first_path, first_value = claimed[key]
            line = v.document.locate(first_path)[0]
            same = "the same value" if first_value == figure["value"] else f"{first_value} (a different value)"
            v.add(path, "duplicate-claim",
                  f"{figure['source']} already gives {figure['metric']} for {figure['period']} at line {line}, as {same}")
        else:
            claimed[key] = (path, figure["value"])
    children: dict[str, dict[str | None, list[str]]] = {}
    for metric_id, metric in metrics.items():
        whole_id = metric.get("part_of")
        if whole_id in metrics:
            children.setdefault(whole_id, {}).setdefault(metric.get("breakdown"), []).append(metric_id)
    if any(_part_of_cycle(metric_id, metrics) for metric_id in metrics):
        return  # reported in validate(); the sums below would never end

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
                def stated_below(metric_id: str) -> list[str]:
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


def load(path: str) -> FactBase:
    """Read, parse and validate the fact file at ``path``."""
    document, data = load_document(path)
    return validate(document, path, hashlib.sha256(data).hexdigest())


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a fact file, from the same declaration."""

    def record_schema(record: Record) -> dict[str, Any]:
        return {
            "type": "object",
            "description": record.description,
            "additionalProperties": False,
            "required": [f.name for f in record.fields if f.required],
            "properties": {f.name: {**f.kind.json_schema, "description": f.description} for f in record.fields},
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
