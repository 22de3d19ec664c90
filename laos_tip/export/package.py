"""The Frictionless Data Package export: a directory of its own, the descriptor and one CSV per table.

Written into a fresh temporary directory beside its own, then put in place as a whole: an existing
package is exchanged with the new one in one step (``atomic.exchange``), so a reader or a kill at
any instant finds the old package or the new one at the target, never neither and never a mix.
Leftovers of runs that died are removed first (``atomic.remove_leftovers``).
The CSV files are
data for programs (frictionless, pandas, a database's loader): each cell holds the value byte for byte as
the fact file has it, with no formula guard and no escapes, as the SQLite and JSON exports do. The CSV
written for a person (``laos-tip export out.csv``, ``--format csv``) keeps its guard.
"""

from __future__ import annotations

import os
from pathlib import Path

from laos_tip.core import records
from laos_tip.core.errors import ExportError
from laos_tip.core.model import FactBase
from laos_tip.export import metadata
from laos_tip.export.atomic import (
    exchange,
    hold,
    mode_for,
    new_temporary,
    release,
    remove_leftovers,
    shown,
    signals_held,
    signals_interrupt,
    sync,
    sync_directory,
    temp_prefix,
    umask,
)
from laos_tip.export.formats import DESCRIPTOR
from laos_tip.core.fields import cell_text
from laos_tip.render.machine import to_json

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    Rows = dict[str, list[dict[str, Any]]]


def exact_csv(keys: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV of ``rows`` with the columns ``keys``, each cell exactly its value (``fields.cell_text``)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    writer.writerows([cell_text(row.get(key)) for key in keys] for row in rows)
    return buffer.getvalue()


def package_directory(path: str | os.PathLike[str], force: bool) -> Path:
    """The directory of a Data Package export, or ExportError when it can never be written.

    The package owns its directory: a new one is created; an existing one is replaced (with
    --force) only when it already holds a ``datapackage.json``, so no other directory is ever emptied.
    """
    raw = os.fspath(path)
    directory = Path(raw).parent
    example = shown(str(Path("laos-tip-data") / DESCRIPTOR))
    if os.path.basename(os.path.normpath(raw)) != os.path.basename(raw) or \
            os.path.basename(os.path.normpath(str(directory))) in ("", ".", "..") or str(directory) in (".", os.sep):
        raise ExportError(f"a Data Package is written into a directory of its own; give a path such as {example}")
    try:
        if not directory.parent.is_dir():
            why = "is not a directory" if directory.parent.exists() else "does not exist"
            raise ExportError(f"cannot write {shown(raw)}: {shown(str(directory.parent))} {why}")
        if directory.exists() or directory.is_symlink():
            if directory.is_symlink() or not directory.is_dir():
                raise ExportError(f"cannot write {shown(raw)}: {shown(str(directory))} is not a directory")
            if not force:
                raise ExportError(f"{shown(str(directory))} already exists; pass --force to replace it")
            if not (directory / DESCRIPTOR).is_file():
                raise ExportError(f"{shown(str(directory))} holds no {DESCRIPTOR}: only a Data Package "
                                  "directory is replaced; give a new directory")
    except OSError as problem:
        raise ExportError(f"cannot write {shown(raw)}: {problem.strerror or problem}") from None
    except ValueError:  # a NUL character in the path
        raise ExportError(f"cannot write {shown(raw)}: the path holds a NUL character") from None
    return directory


def write_package(facts: FactBase, directory: Path, force: bool,
                    rows: dict[str, list[dict[str, Any]]], created: str) -> None:
    """Write the Data Package into a temporary directory beside its own, then swap or rename it into place."""
    import shutil  # only a Data Package removes a directory

    parent = directory.parent
    temp: Path | None = None
    aside: Path | None = None
    held: list[int] = []
    with signals_interrupt():
        try:
            remove_leftovers(parent, directory.name)
            with signals_held():
                temp = new_temporary(parent, temp_prefix(directory.name), ".tmp", directory=True, held=held)
            for table in records.TABLES:
                file = temp / f"{table.name}.csv"
                with file.open("w", encoding="utf-8", newline="") as handle:
                    handle.write(exact_csv(table.record.names, rows[table.name]))
            descriptor = metadata.datapackage(facts, created)
            (temp / DESCRIPTOR).write_text(to_json(descriptor), encoding="utf-8")
            for file in temp.iterdir():
                sync(file)
                os.chmod(file, mode_for(directory / file.name))
            # The temporary directory is private (0700); the package gets what a new directory gets.
            os.chmod(temp, mode_for(directory) if directory.exists() else 0o777 & ~umask())
            sync_directory(temp)
            with signals_held():  # the old package leaves and the new one arrives, or neither
                if directory.exists():
                    if not force:
                        raise ExportError(f"{directory} already exists; pass --force to replace it")
                    if exchange(temp, directory):
                        aside, temp = temp, None  # the old package, now under the temporary name
                    else:
                        aside = _rename_aside(directory, parent, held)
                if temp is not None:
                    try:
                        os.rename(temp, directory)
                    except OSError:
                        if aside is not None:
                            os.replace(aside, directory)
                            aside = None
                        raise
                    temp = None
            sync_directory(parent)
        except OSError as problem:
            raise ExportError(f"cannot write {directory}: {problem.strerror or problem}") from None
        finally:
            with signals_held():
                for leftover in (temp, aside):
                    if leftover is not None:
                        shutil.rmtree(leftover, ignore_errors=True)
                release(held)


def _rename_aside(directory: Path, parent: Path, held: list[int]) -> Path:
    """The fallback without an exchange: the old package moved to a held ``.old`` name, which is returned.

    A kill before the new package is renamed in leaves no package at the target; the next export
    there removes both temporaries (atomic.py's docstring).
    """
    aside = new_temporary(parent, temp_prefix(directory.name), ".old", directory=True)
    os.replace(directory, aside)
    hold(aside, held)  # the old package under its new name is this run's until it ends
    return aside
