"""The single-file exports: JSON (every table), CSV (the headline table), SQLite (every table, with provenance)
and the spreadsheet (``xlsx.py``).

Each writer fills the temporary file ``atomic.write_atomically`` hands it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from laos_tip.core import records
from laos_tip.core.fields import cell, ddl
from laos_tip.core.model import FactBase
from laos_tip.export.atomic import WriteError
from laos_tip.render.machine import to_csv, to_json_tables
from laos_tip.views.base import View
from laos_tip.views.envelope import OUTPUT_VERSION, envelope

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    Rows = dict[str, list[dict[str, Any]]]


def write_json(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    document = envelope("export", facts, **rows)
    path.write_text(to_json_tables(document), encoding="utf-8")


def write_csv(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]], bom: bool = False) -> None:
    # The headline table: one row per metric and year, so sums over it are right. The
    # claims behind each value are in the JSON and SQLite exports and 'sources --quotes'.
    # newline="" keeps the CSV's own CRLF line ends (RFC 4180) as they are. This CSV is for a person's
    # spreadsheet: its cells keep the formula guard, and ``bom`` starts it with a UTF-8 byte order mark,
    # without which Excel and LibreOffice's default import read UTF-8 as another encoding ("–" garbled).
    view = View("headline", (), rows["headline"], {})
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        file.write(to_csv(view))


def write_sqlite(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    # Here, not at the top: only this format needs sqlite3 (a few milliseconds to import), the full-text
    # search of the Datasette module and the provenance of the metadata module.
    import sqlite3

    from laos_tip.export import datasette, metadata

    try:
        connection = sqlite3.connect(path)
        try:
            # No rollback journal and no syncs of SQLite's own: this is a temporary file that write_atomically syncs
            # once, whole, before one rename puts it in place (a crash leaves no half file either way).
            # The journal mode is not stored in the file: readers open it in SQLite's default mode.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            # user_version tells a reader which output_version the tables follow, without a query.
            connection.execute(f"PRAGMA user_version = {int(OUTPUT_VERSION)}")
            with connection:
                connection.execute("CREATE TABLE provenance (\n  key TEXT NOT NULL,\n  value TEXT NOT NULL\n)")
                connection.executemany("INSERT INTO provenance (key, value) VALUES (?, ?)",
                                       metadata.provenance(facts, metadata.created_now()))
                for table in records.TABLES:
                    connection.execute(ddl(table))
                    names = table.record.names
                    connection.executemany(
                        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                        [tuple(cell(row[name]) for name in names) for row in rows[table.name]],
                    )
                # Full-text search over quotes and titles (FTS5), which Datasette finds by its metadata.
                for name in datasette.SEARCH:
                    for statement in datasette.fts_statements(name):
                        connection.execute(statement)
        finally:
            connection.close()
    except sqlite3.Error as problem:  # write_atomically names the target, which this temporary file stands for
        raise WriteError(str(problem)) from None


def write_xlsx(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    # The spreadsheet writer (xlsx.py, with openpyxl) loads for a spreadsheet only.
    from laos_tip.export import xlsx

    xlsx.write_xlsx(facts, path, rows)


#: The writer of each single-file format of ``formats.EXPORT_FORMATS`` (the Data Package is ``package.py``).
WRITERS: dict[str, Callable[[FactBase, Path, Rows], None]] = {"json": write_json, "csv": write_csv,
                                                               "sqlite": write_sqlite, "xlsx": write_xlsx}
