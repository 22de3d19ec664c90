"""What the exports say about themselves: Data Package descriptor, Table Schemas, provenance, Datasette metadata.

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
#: The licence of the code and of the structure of the exports.
LICENSE = {"name": "MIT", "title": "MIT License", "path": "https://opensource.org/license/mit"}
#: The terms of the data, stated in every export that has room for them.
DATA_TERMS = (
    "The laos-tip code and the structure of this data are under the MIT License. The figures are facts "
    "reported by the sources listed; the quotes are short quotations, each attributed to its source, "
    "whose copyright stays with its publisher."
)
#: Which column names a row of a table in Datasette's links.
LABEL_COLUMNS = {"metrics": "label", "sources": "title"}


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
        "licenses": [LICENSE],
        "contributors": [{"title": "The laos-tip authors", "role": "author"}],
        "keywords": ["laos", "trafficking in persons", "human trafficking", "statistics"],
        "sources": _sources_list(facts),
        # Not in the Data Package standard: how this package was made, for a reader who asks.
        "laos_tip": {"output_version": OUTPUT_VERSION, "tool_version": __version__,
                     "facts": {"path": facts.path, "sha256": facts.sha256}, "terms": DATA_TERMS},
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
        ("license", LICENSE["name"]),
        ("license_url", LICENSE["path"]),
        ("terms", DATA_TERMS),
    ]
    rows.extend(("source_url", source.url) for source in facts.sources)
    return rows


def datasette(facts: FactBase, database: str) -> dict[str, Any]:
    """Datasette metadata for the SQLite export named ``database`` (its file name without suffix).

    Uses Datasette's documented keys: title, description, license, license_url, source,
    source_url, and per table description, columns and label_column.
    """
    first = facts.sources[0] if facts.sources else None
    tables: dict[str, Any] = {}
    for table in records.TABLES:
        entry: dict[str, Any] = {
            "description": table.record.description,
            "columns": {f.name: f.description for f in table.record.fields},
        }
        if table.name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table.name]
        tables[table.name] = entry
    tables["provenance"] = {"description": "How this file was made: tool, versions, fact file, time, licence.",
                            "columns": {"key": "What the row states.", "value": "Its value."}}
    metadata: dict[str, Any] = {
        "title": TITLE,
        "description": f"{DESCRIPTION} {DATA_TERMS}",
        "license": LICENSE["title"],
        "license_url": LICENSE["path"],
        "databases": {database: {"title": TITLE, "tables": tables}},
    }
    if first is not None:
        # Datasette shows one source; every source is in the sources table and in provenance.
        more = len(facts.sources) - 1
        metadata["source"] = f"{first.publisher}: {first.title}" + (f" and {more} more (table sources)" if more else "")
        metadata["source_url"] = first.url
    return metadata
