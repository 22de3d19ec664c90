"""The building blocks of record declarations: kinds of value, fields, records, export tables, and rows.

``core/records.py`` declares every record with these; this module says what a kind, a field and a
record are, how a record becomes a JSON object (``row``) and a table cell (``cell``, ``cell_text``),
and how an export table becomes SQLite DDL (``ddl``).

In table cells (CSV, TSV, SQLite) a list of plain values is one text, the items joined by
``" | "``; a list of records (the claims of a figure, the terms of a ratio) is JSON text;
booleans are ``true``/``false`` in CSV and 1/0 in SQLite; a missing value is an empty cell
or NULL. In JSON every list stays a list and a missing value is ``null``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

from laos_tip.core.frozen import record
from laos_tip.core.patterns import Lazy

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Counts above this cannot be carried exactly by JSON readers that use doubles.
MAX_COUNT = 2**53

#: How the items of a list are joined in one table cell (CSV, TSV, SQLite).
LIST_SEPARATOR = " | "

_ID = Lazy(r"^[a-z0-9][a-z0-9_.-]*$")

#: A printable http(s) URL: no space, no control, bidi or other invisible format character
#: (an ESC or OSC 8 sequence in a URL could show one address and link to another).
_URL = Lazy(r"^https?://[^\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+$")


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
    if isinstance(value, str) and _ID.fullmatch(value):  # fullmatch: "$" would let a final newline in
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


_PARTIAL_DATE = Lazy(r"^(19|20)[0-9]{2}(-(0[1-9]|1[0-2]))?$")


def _partial_date(value: Any) -> str | None:
    if (_whole(value) and 1900 <= value <= 2099) or (isinstance(value, str) and _PARTIAL_DATE.fullmatch(value)):
        return None
    return "a year (2009) or a year and month written YYYY-MM ('2009-06')"


def _url(value: Any) -> str | None:
    return None if isinstance(value, str) and _URL.fullmatch(value) else "an http:// or https:// URL"


def _code(length: int) -> Callable[[Any], str | None]:
    pattern = Lazy(rf"^[A-Z]{{{length}}}$")

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

#: A date known only to the year or the month: what a source states when it gives no day.
PARTIAL_DATE = Kind("partial date", {"type": ["integer", "string"], "minimum": 1900, "maximum": 2099,
                                     "pattern": _PARTIAL_DATE.pattern}, _partial_date)

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


def ddl(table: Table) -> str:
    """The SQLite CREATE TABLE statement of an export table."""
    definitions = [f"{name} {sql}" for name, sql in table.columns]
    if table.primary_key:
        definitions.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    definitions.extend(f"FOREIGN KEY ({column}) REFERENCES {other}({key})" for column, other, key in table.foreign_keys)
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(definitions) + "\n)"


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
    if given:  # checked only when there is something to check: this runs for every row of an export
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
