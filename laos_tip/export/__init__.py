"""Writing the whole fact base to a JSON, CSV, SQLite or spreadsheet file, or a Data Package, atomically.

The format follows the file's suffix; a path whose name is ``datapackage.json`` names a
Frictionless Data Package: that directory, holding the descriptor and one CSV per table.
The SQLite file carries a ``provenance`` table and ``PRAGMA user_version`` (the
output_version), and on request Datasette metadata in ``NAME.metadata.json`` beside it.

Each file is first written in full to a temporary file in the same directory, flushed to disk,
and only then moved into place with one rename (``atomic.py``; a Data Package: a temporary
directory, renamed as a whole, ``package.py``), so a crash, a full disk, Ctrl-C, SIGTERM or SIGHUP
never leaves a half-written file where a good one was, nor a temporary file beside it. An existing file is replaced
only when asked to (a read-only one too, keeping its mode). Every target that cannot be
written is refused with one message. Nothing here prints: failures are raised as
ExportError, which ``cli.process.guarded`` reports; ``cli.bodies.export`` runs it.

Each export imports only what its format needs (benchmarks/README.md): the Data Package code, the
Datasette metadata, SQLite and the spreadsheet library load on their own paths; ``__getattr__`` keeps
the names this package always offered (``datasette``, ``metadata``, ``write_package`` ...) importable.
"""

from __future__ import annotations

import os
from pathlib import Path

from laos_tip.core.errors import ExportError
from laos_tip.export.atomic import check_target, write_atomically
from laos_tip.export.formats import BOM_ONLY, DATASETTE_ONLY, format_for, takes_bom, takes_datasette_metadata
from laos_tip.export.tables import tables as table_rows
from laos_tip.export.writers import WRITERS, write_csv
from laos_tip.render.machine import to_json

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.core.model import FactBase
    from laos_tip.export import datasette as datasette, metadata as metadata
    from laos_tip.export.package import package_directory as package_directory, write_package as write_package

#: Names this package offers that only some formats need: name -> the module that defines them, loaded on first use.
_LAZY = {"datasette": "laos_tip.export.datasette", "metadata": "laos_tip.export.metadata",
         "package_directory": "laos_tip.export.package", "write_package": "laos_tip.export.package"}


def __getattr__(name: str) -> object:
    """A name of ``_LAZY``, imported when first asked for (``from laos_tip.export import write_package``)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name])
    return module if module.__name__.endswith(f".{name}") else getattr(module, name)


def metadata_path(path: str | os.PathLike[str]) -> Path:
    """Where ``--datasette-metadata`` writes the metadata of the SQLite file ``path``: NAME.metadata.json."""
    target = Path(path)
    return target.with_name(f"{target.stem}.metadata.json")


def export(facts: FactBase, path: str | os.PathLike[str], force: bool = False,
           datasette_metadata: bool = False, bom: bool = False) -> dict[str, int]:
    """Write the whole fact base to ``path`` in the format its suffix names.

    Returns how many rows of each table the file holds (the CSV holds the headline table only).
    ``datasette_metadata`` (SQLite only) also writes ``metadata_path(path)`` for Datasette; ``bom``
    (CSV only) starts the file with a UTF-8 byte order mark, for Excel.

    Refuses to replace an existing file unless ``force``. Raises UnknownFormatError for an
    unknown suffix and ExportError for anything that stops the write; in every failure
    the temporary file is removed and an existing file at ``path`` is left as it was.
    """
    fmt = format_for(path)
    if datasette_metadata and not takes_datasette_metadata(fmt):
        raise ExportError(DATASETTE_ONLY)
    if bom and not takes_bom(fmt):
        raise ExportError(BOM_ONLY)
    # Every target is checked before any row is built: a refusal costs nothing.
    if fmt == "datapackage":
        from laos_tip.export import metadata
        from laos_tip.export.package import package_directory, write_package

        directory = package_directory(path, force)
        rows = table_rows(facts)
        write_package(facts, directory, force, rows, metadata.created_now())
        return {name: len(table) for name, table in rows.items()}
    target = check_target(path, force)
    extra: Path | None = None
    if datasette_metadata:
        extra = check_target(metadata_path(path), force)
    rows = table_rows(facts, ("headline",) if fmt == "csv" else None)
    if bom:
        write_atomically(target, force, lambda temp: write_csv(facts, temp, rows, bom=True))
    else:
        write_atomically(target, force, lambda temp: WRITERS[fmt](facts, temp, rows))
    if extra is not None:
        from laos_tip.export import datasette

        document = datasette.datasette(facts, target.stem)

        def write_metadata(temp: Path) -> None:
            temp.write_text(to_json(document), encoding="utf-8")

        write_atomically(extra, force, write_metadata)
    written = {"headline": rows["headline"]} if fmt == "csv" else rows
    return {name: len(table) for name, table in written.items()}
