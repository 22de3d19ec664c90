"""Every record laos-tip reads or writes, declared once: its fields, their types and meanings.

From these declarations come, without being written again:

* the fact file's field rules and its JSON Schema (``schema.py``),
* the JSON objects of every command (``row``), hence their CSV/TSV columns (``views.py``),
* the tables of the export and their SQLite DDL (``TABLES``, ``ddl``),
* the field reference ``docs/records.md`` (``markdown``; ``python -m laos_tip.records`` prints it).

A field read from the fact file may carry another name there (a metric's ``id`` is its
``key`` everywhere laos-tip writes) or another shape (a metric's one ``caveat`` is written
as the list ``caveats``). Adding a field to the source record is one edit here, plus its data
(``model.Source.declared`` carries it); a field of another record also needs its attribute in
``model.py`` (read from the file) or its value in ``views.py`` (derived).

In table cells (CSV, TSV, SQLite) a list of plain values is one text, the items joined by
``" | "``; a list of records (the claims of a figure, the terms of a ratio) is JSON text;
booleans are ``true``/``false`` in CSV and 1/0 in SQLite; a missing value is an empty cell
or NULL. In JSON every list stays a list and a missing value is ``null``.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections.abc import Callable

from laos_tip.frozen import record
from laos_tip.model import PILLARS, RELIABILITIES, TIER_PLACEMENTS

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Counts above this cannot be carried exactly by JSON readers that use doubles.
MAX_COUNT = 2**53
#: How the items of a list are joined in one table cell (CSV, TSV, SQLite).
LIST_SEPARATOR = " | "
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
#: A printable http(s) URL: no space, no control, bidi or other invisible format character
#: (an ESC or OSC 8 sequence in a URL could show one address and link to another).
_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+$")


@record
class Kind:
    """A type of field value: how to check it in the fact file, how JSON Schema and SQLite describe it."""

    name: str
    json_schema: dict[str, Any]
    check: Callable[[Any], str | None]  # None when valid, else what was expected
    sql: str = "TEXT"
    item: Kind | None = None  # for a list: the kind of its items
    record: Record | None = None  # for a list of records: the record

    @property
    def many(self) -> bool:
        """Whether a value of this kind is a list."""
        return self.item is not None or self.record is not None


def _text(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else "non-empty text"


def _identifier(value: Any) -> str | None:
    if isinstance(value, str) and _ID.match(value):
        return None
    return "an identifier of lower-case letters, digits, '_', '-' or '.'"


def _whole(value: Any) -> bool:
    # bool is a subclass of int: YAML's yes/no/on/off must not pass as 1 and 0.
    return isinstance(value, int) and not isinstance(value, bool)


def _count(value: Any) -> str | None:
    if _whole(value) and 0 <= value <= MAX_COUNT:
        return None
    if _whole(value) and value > MAX_COUNT:
        return f"a count no larger than {MAX_COUNT:,}"
    return "a whole number of zero or more"


def _year(value: Any) -> str | None:
    return None if _whole(value) and 1900 <= value <= 2100 else "a year between 1900 and 2100"


def _date(value: Any) -> str | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return "a date written YYYY-MM-DD"


def _url(value: Any) -> str | None:
    return None if isinstance(value, str) and _URL.match(value) else "an http:// or https:// URL"


def _code(length: int) -> Callable[[Any], str | None]:
    pattern = re.compile(rf"^[A-Z]{{{length}}}$")

    def check(value: Any) -> str | None:
        if isinstance(value, str) and pattern.match(value):
            return None
        return f"an ISO 3166-1 alpha-{length} code ({length} capital letters)"

    return check


def _never(value: Any) -> str | None:  # kinds that laos-tip writes but never reads
    return "a value laos-tip derives"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def choice(choices: tuple[str, ...]) -> Kind:
    """Text that is one of ``choices``."""
    def check(value: Any) -> str | None:
        return None if isinstance(value, str) and value in choices else "one of " + ", ".join(choices)

    return Kind("choice", {"type": "string", "enum": list(choices)}, check)


def list_of(kind: Kind) -> Kind:
    """A non-empty list (in the fact file) whose items are all of ``kind``."""
    def check(value: Any) -> str | None:
        if isinstance(value, list) and value and all(kind.check(item) is None for item in value):
            return None
        return f"a non-empty list, each item {kind.check(None) or kind.name}"

    return Kind(f"list of {kind.name}", {"type": "array", "minItems": 1, "items": kind.json_schema}, check,
                item=kind)


def records_of(record: Record) -> Kind:
    """A list of records (JSON objects); JSON text in a table cell."""
    return Kind(f"list of {record.name}", {"type": "array"}, _never, record=record)


TEXT = Kind("text", {"type": "string", "minLength": 1}, _text)
IDENTIFIER = Kind("identifier", {"type": "string", "pattern": _ID.pattern}, _identifier)
COUNT = Kind("count", {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}, _count, "INTEGER")
YEAR = Kind("year", {"type": "integer", "minimum": 1900, "maximum": 2100}, _year, "INTEGER")
DATE = Kind("date", {"type": "string", "format": "date"}, _date)
URL = Kind("url", {"type": "string", "pattern": _URL.pattern}, _url)
ALPHA2 = Kind("alpha2", {"type": "string", "pattern": "^[A-Z]{2}$"}, _code(2))
ALPHA3 = Kind("alpha3", {"type": "string", "pattern": "^[A-Z]{3}$"}, _code(3))
BOOLEAN = Kind("boolean", {"type": "boolean"}, _boolean, "INTEGER")
NUMBER = Kind("number", {"type": "number"}, _never, "REAL")


@record
class Field:
    """One field of a record.

    ``required``: the fact file must give it, and output never has it null.
    ``in_file``: read from the fact file (else laos-tip derives it).
    ``file_name``/``file_kind``: its name and kind in the fact file, when they differ.
    """

    name: str
    kind: Kind
    description: str
    required: bool = True
    in_file: bool = True
    file_name: str | None = None
    file_kind: Kind | None = None

    @property
    def read_as(self) -> str:
        """The field's name in the fact file."""
        return self.file_name or self.name

    @property
    def read_kind(self) -> Kind:
        """The field's kind in the fact file."""
        return self.file_kind or self.kind

    @property
    def nullable(self) -> bool:
        """Whether its value may be null in output (a list is empty instead)."""
        return not self.required and not self.kind.many


def derived(name: str, kind: Kind, description: str, required: bool = True) -> Field:
    """A field laos-tip computes and writes, never read from the fact file."""
    return Field(name, kind, description, required=required, in_file=False)


@record
class Record:
    """A kind of record: its name, what it is, and its fields in output order."""

    name: str
    description: str
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        """The field names, in order."""
        return tuple(f.name for f in self.fields)

    @property
    def file_fields(self) -> tuple[Field, ...]:
        """The fields of the fact file's entries."""
        return tuple(f for f in self.fields if f.in_file)

    def plus(self, name: str, description: str, *fields: Field) -> Record:
        """Another record: these fields and then ``fields``."""
        return Record(name, description, (*self.fields, *fields))


# --- The records of the fact file, with what laos-tip adds to them when it writes them ---

SOURCE = Record("source", "A publication that states figures, with what is needed to cite it.", (
    Field("id", IDENTIFIER, "Short name that figures use to refer to this source."),
    Field("publisher", TEXT, "Who published it, e.g. Xinhua."),
    Field("title", TEXT, "Title as published."),
    Field("dateline", TEXT, "Dateline as published, e.g. 'VIENTIANE, Jan. 30'.", required=False),
    Field("date", DATE, "Publication date; leave it out only when the source has none, and say so in date_note.",
          required=False),
    Field("date_note", TEXT, "How the date was established, or why there is none.", required=False),
    Field("url", URL, "Where it was published."),
    Field("carried_by", list_of(URL), "Other places that carried the same text.", required=False),
    Field("republishes", IDENTIFIER,
          "Id of the source whose report this one repeats (a wire story republished, with or without "
          "edits): its claims never raise the count of independent sources of a figure.", required=False),
    Field("authority", TEXT, "The body whose figures it reports."),
    Field("reliability", choice(RELIABILITIES),
          "How far the source is trusted; the headline comes from the best."),
    Field("note", TEXT, "Anything a reader should know about the source.", required=False),
    derived("citation", TEXT, "Plain-text citation: publisher, date, title, URL."),
))
METRIC = Record("metric", "What one kind of figure counts, and by whom.", (
    Field("key", IDENTIFIER, "Key of the metric, used by figures and by 'laos-tip get' (in the fact file: id).",
          file_name="id"),
    Field("label", TEXT, "Short name for tables."),
    Field("pillar", choice(PILLARS), "Pillar of the 4P paradigm."),
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
    Field("caveats", list_of(TEXT), "What a reader must keep in mind about the figure (in the fact file: one "
          "text, caveat).", required=False, file_name="caveat", file_kind=TEXT),
))
FIGURE = Record("figure", "One claim: a source states a value for a metric and a period.", (
    Field("key", IDENTIFIER, "Key of the metric (in the fact file: metric).", file_name="metric"),
    Field("period", YEAR, "Calendar year the figure covers (the year its partial period lies in)."),
    Field("period_from", DATE, "First day of the period, when the figure covers only part of the year "
          "(with period_to).", required=False),
    Field("period_to", DATE, "Last day of the period, when the figure covers only part of the year "
          "(with period_from).", required=False),
    Field("period_inferred", BOOLEAN, "true when the source names no period and the year is inferred "
          "(period_note says how).", required=False),
    Field("period_note", TEXT, "How an inferred period was inferred, or anything else about the period.",
          required=False),
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
    derived("borders_laos", BOOLEAN, "Whether the country shares a land border with Laos."),
    Field("period", YEAR, "Period of the report that names it."),
    Field("source", IDENTIFIER, "Id of the source that names it."),
    Field("quote", TEXT, "The sentence that names it, verbatim."),
))
TIER = Record("tier", "The tier in which a US Trafficking in Persons Report places Laos.", (
    Field("report_year", YEAR, "Year of the report (it covers the government's efforts of the year before)."),
    Field("placement", choice(TIER_PLACEMENTS),
          "The tier, as the report names it."),
    derived("movement", choice(("upgraded", "downgraded", "same")),
            "Against the report before: upgraded, downgraded or same (null for the first).", required=False),
    Field("released", DATE, "Release date of the report.", required=False),
    Field("source", IDENTIFIER, "Id of the source that states the placement."),
    Field("quote", TEXT, "The sentence that states the placement, verbatim."),
    Field("note", TEXT, "Anything a reader should know about the placement.", required=False),
))
COUNTRY = Record("neighbour", "A country sharing a land border with Laos (reference data).", (
    Field("name", TEXT, "Country name."),
    Field("alpha2", ALPHA2, "ISO 3166-1 alpha-2 code."),
    Field("alpha3", ALPHA3, "ISO 3166-1 alpha-3 code."),
))
#: The fact file's top-level lists: name, record, whether required.
SECTIONS: tuple[tuple[str, Record, bool], ...] = (
    ("sources", SOURCE, True),
    ("metrics", METRIC, True),
    ("figures", FIGURE, True),
    ("statements", STATEMENT, False),
    ("partners", PARTNER, False),
    ("tiers", TIER, False),
    ("neighbours", COUNTRY, False),
)

# --- Records that laos-tip derives and writes ---

SOURCE_ENTRY = SOURCE.plus(
    "source entry", "A source as 'laos-tip sources' and the export list it.",
    derived("figure_count", COUNT, "How many figure claims the source states."),
    derived("bibtex", TEXT, "A BibTeX @misc entry keyed by the source id."),
)
CLAIM = Record("claim", "One source's statement of a figure.", tuple(
    FIGURE[name] for name in ("source", "value", "quote", "as_written", "note")
))
CLAIM_ROW = Record("claim row", "One claim, flat: one row per source and figure (the export's claims table).", (
    FIGURE["key"], METRIC["label"], METRIC["pillar"], METRIC["unit"],
    *(FIGURE[name] for name in ("period", "period_from", "period_to", "period_inferred", "period_note",
                                "value", "as_written", "source", "quote", "note")),
    derived("backs_headline", BOOLEAN, "Whether the claim gives the value shown for its metric and period."),
))
HEADLINE_ROW = Record(
    "headline row",
    "The value shown for one metric and period: one row each, so sums over rows are right.", (
        METRIC["key"], METRIC["label"], METRIC["pillar"], FIGURE["period"],
        derived("value", COUNT, "The value shown: the most reliable sources' value (never an average)."),
        METRIC["unit"],
        derived("source_count", COUNT, "How many sources state this value."),
        derived("independent_source_count", COUNT,
                "How many independent sources state this value: a source and those that republish it "
                "(republishes) count once."),
        derived("reliability", choice(RELIABILITIES),
                "The best reliability among the sources that state this value: low means only a "
                "low-reliability source gives it."),
        derived("contradicted", BOOLEAN, "Whether some source gives another value."),
        METRIC["caveats"],
        derived("notes", list_of(TEXT), "The notes of the claims that give the value (e.g. a caveat of that "
                "year), so that they travel with the figure into every table.", required=False),
    ),
)
HEADLINE = HEADLINE_ROW.plus(
    "figure", "A headline figure with its metric and every claim for and against it.",
    METRIC["description"], METRIC["counted_by"],
    derived("claims", records_of(CLAIM), "The claims that give value, most reliable source first."),
    derived("contradicted_by", records_of(CLAIM), "The claims of other values."),
)
APART = Record(
    "figure apart",
    "A figure whose period is not a calendar year (a part of one) or is inferred: shown apart, marked, "
    "never as a year's headline and never beside a full year.", (
        FIGURE["key"], METRIC["label"], METRIC["unit"],
        *(FIGURE[name] for name in ("period", "period_from", "period_to", "period_inferred", "period_note")),
        derived("period_label", TEXT, "The period as tables show it, e.g. 'January–May 2017 (partial year)'."),
        *(FIGURE[name] for name in ("value", "source", "quote", "as_written", "note")),
    ),
)
#: The stages of the law-enforcement pipeline, in order ('laos-tip pipeline'); each a metric key.
PIPELINE_STAGES = ("incidents_investigated", "cases_opened", "prosecutions_cases", "convictions_cases",
                   "traffickers_convicted", "investigations_ongoing")
PIPELINE_ROW = Record(
    "pipeline row",
    "One year of the law-enforcement pipeline: the headline value of each stage, null where no source "
    "gives one (a gap, never 0).", (
        FIGURE["period"],
        *(derived(key, COUNT, f"Headline value of {key} in the year; null when no source gives it.",
                  required=False) for key in PIPELINE_STAGES),
        derived("notes", list_of(TEXT), "The notes of the year's figures (e.g. a caveat of that year).",
                required=False),
    ),
)
TERM = Record("term", "A metric in a ratio, with its headline value for the period.", (
    derived("role", choice(("numerator", "denominator")), "Whether the metric is summed above or divides."),
    derived("key", IDENTIFIER, "Key of the metric."),
    derived("label", TEXT, "Label of the metric."),
    derived("value", COUNT, "Its headline value; null when no source gives it.", required=False),
))
RATIO = Record("ratio", "A ratio derived from headline figures for one period.", (
    derived("key", IDENTIFIER, "Key of the ratio, for 'laos-tip get'."),
    derived("label", TEXT, "Short name for tables."),
    FIGURE["period"],
    derived("formula", TEXT, "The formula of the variant used for this period."),
    derived("kind", choice(("share", "per")), "share (a part of a whole) or per (a number per unit)."),
    derived("value", NUMBER, "Full-precision value; null when it cannot be computed (reason says why).",
            required=False),
    derived("bound", choice(("exact", "lower")), "exact, or lower when parts of the numerator are missing.",
            required=False),
    derived("numerator_value", COUNT, "Sum of the reported numerator terms.", required=False),
    derived("denominator_value", COUNT, "Value of the denominator.", required=False),
    derived("terms", records_of(TERM), "The metrics of the formula, numerator first."),
    derived("caveats", list_of(TEXT), "What a reader must keep in mind about the value.", required=False),
    derived("reason", TEXT, "Why there is no value; null when there is one.", required=False),
))
UNRELATED = Record("unrelated pair", "Two metrics that count different people: no ratio may relate them.", (
    derived("numerator_key", IDENTIFIER, "Key of the metric that may not be divided."),
    derived("denominator_key", IDENTIFIER, "Key of the metric it may not be divided by."),
    derived("reason", TEXT, "Why they are unrelated."),
))
KEY_ROW = Record("key", "A key that 'laos-tip get' answers.", (
    derived("key", IDENTIFIER, "The key."),
    derived("kind", choice(("figure", "ratio", "count")), "figure, ratio or count (partner_nations)."),
    METRIC["label"],
    derived("pillar", TEXT, "Pillar of the 4P paradigm; null for a ratio.", required=False),
    METRIC["unit"],
    METRIC["description"],
    derived("periods", list_of(YEAR), "Years with a value.", required=False),
))


@record
class Table:
    """A table of the export: its record, primary key and foreign keys (column, table, column)."""

    name: str
    record: Record
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        """Column names and SQLite types."""
        return tuple((f.name, f.kind.sql) for f in self.record.fields)


#: The export's tables. JSON and SQLite carry the same rows; the CSV export is the headline table.
TABLES: tuple[Table, ...] = (
    Table("sources", SOURCE_ENTRY, ("id",)),
    Table("metrics", METRIC, ("key",), (("part_of", "metrics", "key"),)),
    Table("headline", HEADLINE_ROW, ("key", "period"), (("key", "metrics", "key"),)),
    Table("claims", CLAIM_ROW, ("key", "period", "source"), (("key", "metrics", "key"), ("source", "sources", "id"))),
    Table("ratios", RATIO, ("key", "period")),
    Table("tiers", TIER, ("report_year", "source"), (("source", "sources", "id"),)),
    Table("partners", PARTNER, (), (("source", "sources", "id"),)),
    Table("statements", STATEMENT, ("id",), (("source", "sources", "id"),)),
)


def ddl(table: Table) -> str:
    """The SQLite CREATE TABLE statement of an export table."""
    definitions = [f"{name} {sql}" for name, sql in table.columns]
    if table.primary_key:
        definitions.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    definitions.extend(f"FOREIGN KEY ({column}) REFERENCES {other}({key})" for column, other, key in table.foreign_keys)
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(definitions) + "\n)"


# --- Serialising ---

def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def row(record: Record, obj: object = None, **given: Any) -> dict[str, Any]:
    """``obj`` as the JSON object of ``record``: each field from ``given``, else the attribute of that name.

    Dates become ISO 8601 text and tuples lists; the keys are exactly the record's fields.
    """
    unknown = set(given) - set(record.names)
    if unknown:
        raise TypeError(f"{record.name} has no field {', '.join(sorted(unknown))}")
    return {
        f.name: _plain(given[f.name] if f.name in given else getattr(obj, f.name))
        for f in record.fields
    }


def cell(value: Any) -> Any:
    """A JSON value as one table cell: lists joined (records as JSON text), nothing as None."""
    if isinstance(value, list):
        if not value:
            return None
        if any(isinstance(item, dict) for item in value):
            return json.dumps(value, ensure_ascii=False)
        return LIST_SEPARATOR.join("" if item is None else str(item) for item in value)
    return value


def cell_text(value: Any) -> str:
    """A JSON value as CSV/TSV text: empty for nothing, true/false for booleans, lists as ``cell``."""
    value = cell(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- The field reference ---

def _type_name(field: Field) -> str:
    kind = field.kind
    if kind.record is not None:
        return f"list of {kind.record.name}"
    if kind.item is not None:
        return f"list of {_json_type(kind.item)}"
    return _json_type(kind)


def _json_type(kind: Kind) -> str:
    if kind.name == "date":
        return "date (ISO 8601 text)"
    if kind.name == "choice":
        return " / ".join(f"`{c}`" for c in kind.json_schema["enum"])
    return str(kind.json_schema["type"]).replace("string", "text")


def _record_table(record: Record) -> list[str]:
    lines = [f"### {record.name}", "", record.description, "",
             "| field | type | null | fact file | meaning |", "| --- | --- | --- | --- | --- |"]
    for f in record.fields:
        null = "[] when none" if f.kind.many and not f.required else ("yes" if f.nullable else "no")
        read = "derived" if not f.in_file else (f"`{f.read_as}`" + ("" if f.required else " (optional)"))
        lines.append(f"| `{f.name}` | {_type_name(f)} | {null} | {read} | {f.description} |")
    return [*lines, ""]


def markdown() -> str:
    """The field reference ``docs/records.md``, from the declarations above."""
    lines = [
        "# Records of laos-tip (generated)",
        "",
        "Generated from `laos_tip/records.py` by `python -m laos_tip.records > docs/records.md`;",
        "`tests/test_records.py` fails when it is out of date. Every JSON object laos-tip writes is one of these",
        "records, with exactly these keys.",
        "",
        "In table cells (CSV, TSV, SQLite) a list of plain values is one text, the items joined by",
        f'`"{LIST_SEPARATOR}"`; a list of records is JSON text; booleans are `true`/`false` in CSV and 1/0 in SQLite; a',
        "missing value is an empty cell (NULL in SQLite). Dates are ISO 8601 text everywhere.",
        "",
        "## Records",
        "",
    ]
    seen: set[str] = set()
    for declared in (SOURCE, SOURCE_ENTRY, METRIC, FIGURE, CLAIM, CLAIM_ROW, HEADLINE_ROW, HEADLINE, APART,
                     PIPELINE_ROW, TERM, RATIO, UNRELATED, STATEMENT, PARTNER, COUNTRY, TIER, KEY_ROW):
        if declared.name not in seen:
            seen.add(declared.name)
            lines.extend(_record_table(declared))
    lines += ["## Export tables (SQLite)", ""]
    for table in TABLES:
        lines += [f"### `{table.name}` ({table.record.name})", "", "```sql", ddl(table) + ";", "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown())
