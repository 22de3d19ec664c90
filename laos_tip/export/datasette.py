"""What the SQLite export gives Datasette: full-text search, canned queries, facets and short column descriptions.

``SEARCH`` declares, once, which text columns of which table are searchable: the SQLite writer builds
an FTS5 table ``<table>_fts`` over them (``fts_statements``), and the metadata names it for Datasette
(``fts_table``), so ``?_search=`` works on the table page. ``datasette`` writes the metadata document
(Datasette's documented keys), with the licence of each part (``metadata.py``). Nothing here writes files.
"""

from __future__ import annotations

import base64
import re

from laos_tip.core import records
from laos_tip.core.fields import Table
from laos_tip.core.model import FactBase
from laos_tip.export import metadata

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The searchable text of the export: table -> its columns in the FTS5 table ``<table>_fts`` (quotes and titles).
SEARCH: dict[str, tuple[str, ...]] = {
    "claims": ("quote", "label", "note"),
    "sources": ("title", "publisher", "label", "note"),
    "statements": ("topic", "summary", "quote"),
    "tiers": ("placement", "quote", "note"),
    "partners": ("name", "quote"),
}
#: The facets a table page opens with.
FACETS: dict[str, tuple[str, ...]] = {
    "headline": ("key", "period", "source", "reliability"),
    "claims": ("key", "period", "source"),
    "sources": ("reliability", "publisher"),
}
#: How many values each facet lists at first (Datasette's default, 30, pushes the rows far down the page).
FACET_SIZE = 3
#: Questions a journalist asks first, as canned queries: name -> title, description, SQL.
QUERIES: dict[str, dict[str, str]] = {
    "disputed_figures": {
        "title": "Disputed figures",
        "description": "Every headline value some source contradicts, with each other value, its source and quote.",
        "sql": "SELECT h.key, h.label, h.period, h.value AS headline_value, h.source AS headline_source,\n"
               "       c.value AS other_value, c.source AS other_source, s.label AS other_source_label, c.quote\n"
               "FROM headline AS h\n"
               "JOIN claims AS c ON c.key = h.key AND c.period = h.period AND c.backs_headline = 0\n"
               "JOIN sources AS s ON s.id = c.source\n"
               "WHERE h.contradicted = 1\n"
               "ORDER BY h.period DESC, h.key, c.value",
    },
    "figures_by_source": {
        "title": "Figures by source",
        "description": "Every figure one source states (its id, e.g. xinhua-2025-01-30), and whether it gives "
                       "the headline value.",
        "sql": "SELECT c.period, c.key, c.label, c.value, c.bound, c.unit, c.backs_headline, c.quote\n"
               "FROM claims AS c\n"
               "WHERE c.source = :source\n"
               "ORDER BY c.period DESC, c.key",
    },
}
#: Longest column description shown in Datasette: one short line, so the rows stay above the fold.
SHORT = 90
_COLUMNS = {t.name: t.record.names for t in records.TABLES}
_UNKNOWN = [f"{name}.{column}" for name, columns in (*SEARCH.items(), *FACETS.items())
            for column in columns if column not in _COLUMNS.get(name, ())]
if _UNKNOWN:
    raise ImportError("search or facets on columns the export has not: " + ", ".join(_UNKNOWN))


def fts_statements(table: str) -> list[str]:
    """The SQL that builds and fills the FTS5 table of ``table`` (an external-content table: no text twice)."""
    columns = SEARCH[table]
    names = ", ".join(columns)
    return [
        f'CREATE VIRTUAL TABLE {table}_fts USING fts5({names}, content="{table}", content_rowid="rowid")',
        f"INSERT INTO {table}_fts (rowid, {names}) SELECT rowid, {names} FROM {table}",
    ]


#: Datasette lists the column descriptions above the rows, one a line; this lays them out in columns of
#: small print (Datasette's documented extra_css_urls, as a data: URL: no file to serve), so the rows show sooner.
CSS = ("dl.column-descriptions{columns:5 14em;column-gap:2em;font-size:.75em;margin:.5em 0 1em}"
       "dl.column-descriptions dt{break-after:avoid;margin-top:.3em}"
       "dl.column-descriptions dd{margin:0 0 0 .8em;break-before:avoid;break-inside:avoid}")
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e)\.")


def short(description: str) -> str:
    """A column's description cut to its first sentence or clause, at most SHORT characters."""
    text = _ABBREVIATIONS.sub(lambda m: m.group(1).replace(".", "\0") + "\0", description)
    text = text.split(". ")[0].rstrip(".").replace("\0", ".")
    if text.count("'") % 2:  # cut inside a quoted example ('VIENTIANE, Jan. 30'): leave the example out
        text = text.split(", e.g.")[0]
    for stop in (": ", "; ", " (", ", e.g."):
        if len(text) > SHORT and stop in text:
            text = text.split(stop)[0]
    if len(text) > SHORT:
        text = text[: SHORT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _table(table: Table) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "description": table.record.description,
        "columns": {f.name: short(f.description) for f in table.record.fields},
    }
    if table.name in metadata.LABEL_COLUMNS:
        entry["label_column"] = metadata.LABEL_COLUMNS[table.name]
    if table.name in SEARCH:
        entry["fts_table"] = f"{table.name}_fts"
    if table.name in FACETS:
        entry["facets"] = list(FACETS[table.name])
        entry["facet_size"] = FACET_SIZE
    if table.name in metadata.quoting_tables():
        entry["license"] = (f"{metadata.DATA_LICENSE['title']}; the {metadata.QUOTE_COLUMN} column: short "
                            "quotations, copyright of their publishers")
        entry["license_url"] = metadata.DATA_LICENSE["path"]
    return entry


def datasette(facts: FactBase, database: str) -> dict[str, Any]:
    """Datasette metadata for the SQLite export named ``database`` (its file name without suffix).

    Uses Datasette's documented keys: title, description, license, license_url, source, source_url,
    per database its canned ``queries``, and per table description, columns, label_column,
    fts_table, facets and (where it differs) license.
    """
    tables = {table.name: _table(table) for table in records.TABLES}
    tables["provenance"] = {"description": "How this file was made: tool, versions, fact file, time, licences.",
                            "columns": {"key": "What the row states.", "value": "Its value."}}
    document: dict[str, Any] = {
        "title": metadata.TITLE,
        "description": f"{metadata.DESCRIPTION} {metadata.DATA_TERMS}",
        "license": f"{metadata.DATA_LICENSE['title']} (quotes: copyright of their publishers)",
        "license_url": metadata.DATA_LICENSE["path"],
        "extra_css_urls": ["data:text/css;base64," + base64.b64encode(CSS.encode("ascii")).decode("ascii")],
        "databases": {database: {"title": metadata.TITLE, "tables": tables,
                                 "queries": {name: dict(query) for name, query in QUERIES.items()}}},
    }
    first = facts.sources[0] if facts.sources else None
    if first is not None:
        # Datasette shows one source; every source is in the sources table and in provenance.
        more = len(facts.sources) - 1
        document["source"] = f"{first.publisher}: {first.title}" + (f" and {more} more (table sources)" if more else "")
        document["source_url"] = first.url
    return document
