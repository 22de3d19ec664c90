"""What the exports say about themselves: Data Package descriptor, Table Schemas, provenance, licences.

Everything here is derived from ``records.TABLES`` (fields, kinds, descriptions, keys), so a
field added to a record reaches the Data Package schema, the SQLite provenance and the
Datasette column descriptions without being written again. Nothing here writes files.
"""

from __future__ import annotations

import datetime

from laos_tip import __version__
from laos_tip.core import records
from laos_tip.core.fields import LIST_SEPARATOR, Kind, Table
from laos_tip.core.model import FactBase

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

TITLE = "laos-tip: official figures on trafficking in persons (TIP) in Laos"
DESCRIPTION = (
    "Figures on trafficking in persons in Laos as official sources state them: one row per claim, "
    "the headline value of each metric and year, derived ratios, the US TIP Report tier history, "
    "partner nations and qualitative statements. Every figure carries the source sentence that states it."
)
#: The licence of the laos-tip code (LICENSE).
CODE_LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}
#: The licence of the compiled data: the selection of figures, their arrangement, the links to their sources and
#: everything laos-tip derives. CC BY 4.0 asks only that users credit laos-tip and, through it, the sources, which
#: is what a reader of these figures must do anyway; it is the licence open-data portals and statistics offices use.
DATA_LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                "path": "https://creativecommons.org/licenses/by/4.0/"}
#: The quotes are not laos-tip's to license: "other-closed" is the Open Definition's name for terms that are not open.
QUOTES_LICENSE = {"name": "other-closed",
                  "title": "The quote column: short quotations, each attributed to its source, whose copyright "
                           "stays with its publisher; not licensed by laos-tip"}
#: The column that holds quotations, in every table that has it.
QUOTE_COLUMN = "quote"
#: The terms of the data, stated in every export that has room for them.
DATA_TERMS = (
    "The compiled data (the selection of figures, their arrangement, the links to their sources and what laos-tip "
    "derives) is under the Creative Commons Attribution 4.0 International licence (CC BY 4.0): credit laos-tip "
    "and the sources. The figures are facts reported by the sources listed; the quotes are short quotations, "
    "each attributed to its source, whose copyright stays with its publisher (they are not licensed by laos-tip). "
    "The laos-tip code is under the MIT License."
)


def quoting_tables() -> tuple[str, ...]:
    """The export tables with a quote column: their licence differs from the rest in that column."""
    return tuple(t.name for t in records.TABLES if QUOTE_COLUMN in t.record.names)


#: Which column names a row of a table in Datasette's links.
LABEL_COLUMNS = {"metrics": "label", "sources": "label"}


def created_now() -> str:
    """The current time, UTC, ISO 8601 to the second (``2025-01-30T12:00:00Z``)."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _field_type(kind: Kind) -> dict[str, Any]:
    """The Table Schema type (and format details) of a field kind, as its CSV cell spells it."""
    if kind.record is not None:
        return {"type": "string", "format": "default", "_note": "JSON text: a list of objects"}
    if kind.item is not None:
        return {"type": "string", "_note": f'the items joined by "{LIST_SEPARATOR}"'}
    if kind.sql == "INTEGER" and kind.name == "boolean":
        return {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
    if kind.sql == "INTEGER":
        return {"type": "integer"}
    if kind.sql == "REAL":
        return {"type": "number"}
    if kind.name == "date":
        return {"type": "date"}
    return {"type": "string"}


def table_schema(table: Table) -> dict[str, Any]:
    """The Frictionless Table Schema of an export table: types, descriptions, constraints and keys."""
    fields = []
    for f in table.record.fields:
        spec = _field_type(f.kind)
        note = spec.pop("_note", None)
        field: dict[str, Any] = {"name": f.name, **spec,
                                 "description": f.description + (f" In this table: {note}." if note else "")}
        constraints: dict[str, Any] = {}
        if f.required and not f.kind.many:
            constraints["required"] = True
        if f.kind.name == "choice":
            constraints["enum"] = list(f.kind.json_schema["enum"])
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            # A key into the same table names the resource "" (Table Schema's self-reference).
            {"fields": [column], "reference": {"resource": "" if other == table.name else other, "fields": [key]}}
            for column, other, key in table.foreign_keys
        ]
    return schema


def _sources_list(facts: FactBase) -> list[dict[str, str]]:
    return [{"title": f"{s.publisher}: {s.title}", "path": s.url} for s in facts.sources]


def datapackage(facts: FactBase, created: str) -> dict[str, Any]:
    """The ``datapackage.json`` descriptor: one CSV resource per export table, ``<table>.csv``."""
    from laos_tip.views.envelope import OUTPUT_VERSION

    return {
        "profile": "tabular-data-package",
        "name": "laos-tip",
        "title": TITLE,
        "description": f"{DESCRIPTION} {DATA_TERMS}",
        "version": __version__,
        "created": created,
        "licenses": [DATA_LICENSE],
        "contributors": [{"title": "The laos-tip authors", "role": "author"}],
        "keywords": ["laos", "trafficking in persons", "human trafficking", "statistics"],
        "sources": _sources_list(facts),
        # Not in the Data Package standard: how this package was made, for a reader who asks.
        "laos_tip": {"output_version": OUTPUT_VERSION, "tool_version": __version__,
                     "facts": {"path": facts.path, "sha256": facts.sha256}, "terms": DATA_TERMS,
                     "code_license": CODE_LICENSE},
        "resources": [
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": table.record.name,
                "description": table.record.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
                **({"licenses": [DATA_LICENSE, QUOTES_LICENSE]} if table.name in quoting_tables() else {}),
            }
            for table in records.TABLES
        ],
    }


def provenance(facts: FactBase, created: str) -> list[tuple[str, str]]:
    """The rows of the SQLite ``provenance`` table: (key, value), one fact about the file each."""
    from laos_tip.views.envelope import OUTPUT_VERSION

    rows = [
        ("title", TITLE),
        ("tool", "laos-tip"),
        ("tool_version", __version__),
        ("output_version", str(OUTPUT_VERSION)),
        ("facts_path", facts.path),
        ("facts_sha256", facts.sha256),
        ("exported_at", created),
        ("license", DATA_LICENSE["name"]),
        ("license_title", DATA_LICENSE["title"]),
        ("license_url", DATA_LICENSE["path"]),
        ("quotes_license", QUOTES_LICENSE["title"]),
        ("quote_columns", ", ".join(f"{name}.{QUOTE_COLUMN}" for name in quoting_tables())),
        ("code_license", CODE_LICENSE["name"]),
        ("terms", DATA_TERMS),
    ]
    rows.extend(("source_url", source.url) for source in facts.sources)
    return rows
