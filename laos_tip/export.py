"""Writing the whole fact base to a JSON, CSV or SQLite file, or a Data Package, atomically.

The format follows the file's suffix; a path whose name is ``datapackage.json`` names a
Frictionless Data Package: that directory, holding the descriptor and one CSV per table.
The SQLite file carries a ``provenance`` table and ``PRAGMA user_version`` (the
output_version), and on request Datasette metadata in ``NAME.metadata.json`` beside it.

Each file is first written in full to a temporary
file in the same directory, flushed to disk, and only then moved into place with one
rename (a Data Package: a temporary directory, renamed as a whole), so a crash, a full disk, Ctrl-C, SIGTERM or SIGHUP never leaves a half-written
file where a good one was, nor a temporary file beside it. An existing file is replaced
only when asked to (a read-only one too, keeping its mode). Every target that cannot be
written is refused with one message. Nothing here prints: failures are raised as
ExportError, which ``runtime.guarded`` reports; ``commands.export`` runs it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

from laos_tip import metadata, records, views
from laos_tip.errors import LaosTipError
from laos_tip.model import FactBase
from laos_tip.output import csv_rows, to_csv, to_json, to_json_tables

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Suffix (lower case) -> format name.
SUFFIXES = {".json": "json", ".csv": "csv", ".sqlite": "sqlite", ".db": "sqlite"}
#: A path with this name (case-insensitive) is a Data Package: its directory, with this descriptor in it.
DESCRIPTOR = "datapackage.json"


class ExportError(LaosTipError):
    """The export file cannot be written, or would replace a file without --force."""


class UnknownFormatError(LaosTipError):
    """The export path has a suffix that names no format laos-tip writes."""

    def __init__(self, path: str) -> None:
        suffixes = ", ".join(SUFFIXES)
        super().__init__(f"cannot tell the format of {path!r} from its suffix; use one of {suffixes}, "
                         f"or DIR/{DESCRIPTOR} for a Data Package")


def format_for(path: str | os.PathLike[str]) -> str:
    """The export format named by the path's suffix (case-insensitive), or UnknownFormatError.

    A path named ``datapackage.json`` is the format ``datapackage``.
    """
    if Path(path).name.lower() == DESCRIPTOR:
        return "datapackage"
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise UnknownFormatError(str(path))
    return fmt


def tables(facts: FactBase) -> dict[str, list[dict[str, Any]]]:
    """The whole fact base as rows, one list per table of ``records.TABLES``, in table order.

    Every row is built by the same function as the command that shows it (``sources``,
    ``summary``/``get``, ``sources --quotes``, ``ratios``, ``tier``, ``partners``), so the
    export and the commands agree by construction. Ratios are computed for every period
    that has figures; a ratio without a value has ``value`` null and says why in ``reason``.
    """
    data: dict[str, list[dict[str, Any]]] = {
        "sources": views.source_rows(facts),
        "metrics": [views.metric_json(m) for m in facts.metrics],
        "headline": views.headline_rows(facts),
        "claims": views.claim_rows(facts),
        "ratios": views.ratio_rows(facts),
        "tiers": views.tier_rows(facts),
        "partners": [views.partner_json(facts, p) for p in facts.partners],
        "statements": [records.row(records.STATEMENT, s) for s in facts.statements],
    }
    return {table.name: data[table.name] for table in records.TABLES}


def metadata_path(path: str | os.PathLike[str]) -> Path:
    """Where ``--datasette-metadata`` writes the metadata of the SQLite file ``path``: NAME.metadata.json."""
    target = Path(path)
    return target.with_name(f"{target.stem}.metadata.json")


def export(facts: FactBase, path: str | os.PathLike[str], force: bool = False,
           datasette_metadata: bool = False) -> dict[str, int]:
    """Write the whole fact base to ``path`` in the format its suffix names.

    Returns how many rows of each table the file holds (the CSV holds the headline table only).
    ``datasette_metadata`` (SQLite only) also writes ``metadata_path(path)`` for Datasette.

    Refuses to replace an existing file unless ``force``. Raises UnknownFormatError for an
    unknown suffix and ExportError for anything that stops the write; in every failure
    the temporary file is removed and an existing file at ``path`` is left as it was.
    """
    fmt = format_for(path)
    if datasette_metadata and fmt != "sqlite":
        raise ExportError("Datasette metadata goes with a SQLite export (.sqlite or .db)")
    # Every target is checked before any row is built: a refusal costs nothing.
    if fmt == "datapackage":
        directory = _package_directory(path, force)
        rows = tables(facts)
        _export_package(facts, directory, force, rows, metadata.created_now())
        return {name: len(table) for name, table in rows.items()}
    target = _check_target(path, force)
    extra: Path | None = None
    if datasette_metadata:
        extra = _check_target(metadata_path(path), force)
    rows = tables(facts)
    writers: dict[str, Callable[[FactBase, Path, dict[str, list[dict[str, Any]]]], None]] = {
        "json": _write_json, "csv": _write_csv,
        "sqlite": _write_sqlite,
    }
    _atomic(target, force, lambda temp: writers[fmt](facts, temp, rows))
    if extra is not None:
        document = metadata.datasette(facts, target.stem)

        def write_metadata(temp: Path) -> None:
            temp.write_text(to_json(document), encoding="utf-8")

        _atomic(extra, force, write_metadata)
    written = {"headline": rows["headline"]} if fmt == "csv" else rows
    return {name: len(table) for name, table in written.items()}


def _atomic(target: Path, force: bool, write: Callable[[Path], None]) -> None:
    """Write a file with ``write(temporary path)``, then move it onto ``target`` in one rename."""
    directory = target.parent
    temp: Path | None = None
    # SIGTERM and SIGHUP clean up like Ctrl-C: the handlers are ours only while a temporary file exists.
    with _signals_interrupt():
        try:
            with _signals_held():  # a signal now would leave a file that ``temp`` does not name yet
                temp = _new_temporary(directory, _temp_prefix(target.name), ".tmp")
            write(temp)
            _sync(temp)
            # The temporary file is private (0600) while it is written; the export gets the mode of
            # the file it replaces, or what the user's umask gives a new file. Set last, so a
            # read-only file is replaced the same way by root and by its owner.
            os.chmod(temp, _mode_for(target))
            _move_into_place(temp, target, force)
            _sync_directory(directory)
        except OSError as problem:
            raise ExportError(f"cannot write {target}: {problem.strerror or problem}") from None
        except _WriteError as problem:
            raise ExportError(f"cannot write {target}: {problem}") from None
        finally:
            with _signals_held():  # the clean-up runs to its end; a signal is acted on after it
                if temp is not None:
                    for leftover in (temp, Path(f"{temp}-journal")):
                        with contextlib.suppress(OSError):
                            leftover.unlink()


def _package_directory(path: str | os.PathLike[str], force: bool) -> Path:
    """The directory of a Data Package export, or ExportError when it can never be written.

    The package owns its directory: a new one is created; an existing one is replaced (with
    --force) only when it already holds a ``datapackage.json``, so no other directory is ever emptied.
    """
    raw = os.fspath(path)
    directory = Path(raw).parent
    example = _shown(str(Path("laos-tip-data") / DESCRIPTOR))
    if os.path.basename(os.path.normpath(raw)) != os.path.basename(raw) or \
            os.path.basename(os.path.normpath(str(directory))) in ("", ".", "..") or str(directory) in (".", os.sep):
        raise ExportError(f"a Data Package is written into a directory of its own; give a path such as {example}")
    try:
        if not directory.parent.is_dir():
            why = "is not a directory" if directory.parent.exists() else "does not exist"
            raise ExportError(f"cannot write {_shown(raw)}: {_shown(str(directory.parent))} {why}")
        if directory.exists() or directory.is_symlink():
            if directory.is_symlink() or not directory.is_dir():
                raise ExportError(f"cannot write {_shown(raw)}: {_shown(str(directory))} is not a directory")
            if not force:
                raise ExportError(f"{_shown(str(directory))} already exists; pass --force to replace it")
            if not (directory / DESCRIPTOR).is_file():
                raise ExportError(f"{_shown(str(directory))} holds no {DESCRIPTOR}: only a Data Package "
                                  "directory is replaced; give a new directory")
    except OSError as problem:
        raise ExportError(f"cannot write {_shown(raw)}: {problem.strerror or problem}") from None
    except ValueError:  # a NUL character in the path
        raise ExportError(f"cannot write {_shown(raw)}: the path holds a NUL character") from None
    return directory


def _export_package(facts: FactBase, directory: Path, force: bool,
                    rows: dict[str, list[dict[str, Any]]], created: str) -> None:
    """Write the Data Package into a temporary directory beside its own, then rename it into place."""
    import shutil  # only a Data Package removes a directory

    parent = directory.parent
    temp: Path | None = None
    aside: Path | None = None
    with _signals_interrupt():
        try:
            with _signals_held():
                temp = _new_temporary(parent, _temp_prefix(directory.name), ".tmp", directory=True)
            for table in records.TABLES:
                file = temp / f"{table.name}.csv"
                with file.open("w", encoding="utf-8", newline="") as handle:
                    handle.write(csv_rows(table.record.names, rows[table.name]))
            descriptor = metadata.datapackage(facts, created)
            (temp / DESCRIPTOR).write_text(to_json(descriptor), encoding="utf-8")
            for file in temp.iterdir():
                _sync(file)
                os.chmod(file, _mode_for(directory / file.name))
            # The temporary directory is private (0700); the package gets what a new directory gets.
            os.chmod(temp, _mode_for(directory) if directory.exists() else 0o777 & ~_umask())
            with _signals_held():  # the old package leaves and the new one arrives, or neither
                if directory.exists():
                    if not force:
                        raise ExportError(f"{directory} already exists; pass --force to replace it")
                    aside = _new_temporary(parent, _temp_prefix(directory.name), ".old", directory=True)
                    os.replace(directory, aside)
                try:
                    os.rename(temp, directory)
                except OSError:
                    if aside is not None:
                        os.replace(aside, directory)
                        aside = None
                    raise
                temp = None
            _sync_directory(parent)
        except OSError as problem:
            raise ExportError(f"cannot write {directory}: {problem.strerror or problem}") from None
        finally:
            with _signals_held():
                for leftover in (temp, aside):
                    if leftover is not None:
                        shutil.rmtree(leftover, ignore_errors=True)


#: Longest file name most file systems take, in bytes.
NAME_MAX = 255
#: What a temporary name adds to the target's: '.' before, '.' + 8 random characters + '.tmp'
#: after, and SQLite's '-journal' beside it.
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".tmp") + len("-journal")


def _new_temporary(parent: Path, prefix: str, suffix: str, directory: bool = False) -> Path:
    """A new empty file (or directory) in ``parent`` that only its owner can read, under a random name.

    What ``tempfile.mkstemp`` and ``mkdtemp`` do, with 8 random characters as they use; importing
    tempfile (with shutil, random and the compression modules it brings) took longer than writing
    the whole JSON export (benchmarks/README.md).
    """
    for _ in range(100):
        candidate = parent / f"{prefix}{os.urandom(4).hex()}{suffix}"
        try:
            if directory:
                os.mkdir(candidate, 0o700)
            else:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(parent / f"{prefix}*{suffix}"))


def _temp_prefix(name: str) -> str:
    """``.NAME.``, with NAME cut so the temporary file and its journal stay within NAME_MAX bytes."""
    encoded = os.fsencode(name)[: NAME_MAX - _TEMP_EXTRA]
    return f".{os.fsdecode(encoded)}."


def _check_target(path: str | os.PathLike[str], force: bool) -> Path:
    """``path`` as a Path, or ExportError when it can never be the file written.

    Every question asked of the file system here can itself fail (a directory the user
    cannot search, a name too long, a path through a regular file): each is one message.
    """
    raw = os.fspath(path)
    target = Path(raw)
    # Path("x.json/") is Path("x.json"): a name that ends with a separator (or "." or "..")
    # names a directory, and must not become a file.
    if raw.endswith(("/", os.sep)) or os.path.basename(raw) in (".", ".."):
        raise ExportError(f"{_shown(raw)} names a directory; give a file name such as "
                          f"{_shown(str(target / 'laos-tip.sqlite'))}")
    try:
        if target.is_dir():
            raise ExportError(f"{_shown(raw)} is a directory; give a file name such as "
                              f"{_shown(str(target / 'laos-tip.sqlite'))}")
        if not force and (target.exists() or target.is_symlink()):
            raise ExportError(f"{_shown(raw)} already exists; pass --force to replace it")
        directory = target.parent
        if not directory.is_dir():
            why = "is not a directory" if directory.exists() else "does not exist"
            raise ExportError(f"cannot write {_shown(raw)}: {_shown(str(directory))} {why}")
    except OSError as problem:
        raise ExportError(f"cannot write {_shown(raw)}: {problem.strerror or problem}") from None
    except ValueError:  # a NUL character in the path
        raise ExportError(f"cannot write {_shown(raw)}: the path holds a NUL character") from None
    return target


def _shown(path: str) -> str:
    """A path for a message: cut in the middle when very long (a 5,000-character path stays readable)."""
    return path if len(path) <= 200 else f"{path[:98]}...{path[-99:]}"


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived during an export; ``signum`` says which (exit 128 + signum)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back while the block runs; they arrive when it ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def _signals_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise Interrupted, as SIGINT raises KeyboardInterrupt.

    The block's ``finally`` then removes its temporary files. The previous handlers are put
    back afterwards; outside the main thread, where Python allows no handler, nothing changes.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous: dict[int, Any] = {}
    try:
        for number in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
            if number is not None:
                previous[number] = signal.signal(number, interrupt)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _write_json(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    document = views.envelope("export", facts, **rows)
    path.write_text(to_json_tables(document), encoding="utf-8")


def _write_csv(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    # The headline table: one row per metric and year, so sums over it are right. The
    # claims behind each value are in the JSON and SQLite exports and 'sources --quotes'.
    # newline="" keeps the CSV's own CRLF line ends (RFC 4180) as they are.
    view = views.View("headline", (), rows["headline"], {})
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(to_csv(view))


class _WriteError(Exception):
    """A writer's failure that is not an OSError (SQLite's own errors)."""


def _write_sqlite(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    # Here, not at the top: only this format needs sqlite3 (a few milliseconds to import).
    import sqlite3

    try:
        connection = sqlite3.connect(path)
        try:
            # No rollback journal and no syncs of SQLite's own: this is a temporary file that _atomic syncs
            # once, whole, before one rename puts it in place (a crash leaves no half file either way).
            # The journal mode is not stored in the file: readers open it in SQLite's default mode.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            # user_version tells a reader which output_version the tables follow, without a query.
            connection.execute(f"PRAGMA user_version = {int(views.OUTPUT_VERSION)}")
            with connection:
                connection.execute("CREATE TABLE provenance (\n  key TEXT NOT NULL,\n  value TEXT NOT NULL\n)")
                connection.executemany("INSERT INTO provenance (key, value) VALUES (?, ?)",
                                       metadata.provenance(facts, metadata.created_now()))
                for table in records.TABLES:
                    connection.execute(records.ddl(table))
                    names = table.record.names
                    connection.executemany(
                        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                        [tuple(records.cell(row[name]) for name in names) for row in rows[table.name]],
                    )
        finally:
            connection.close()
    except sqlite3.Error as problem:  # _atomic names the target, which this temporary file stands for
        raise _WriteError(str(problem)) from None


def _sync(path: Path) -> None:
    """Flush the file's data to the disk, so the rename never publishes an empty file."""
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _move_into_place(temp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temp, target)
        return
    # A hard link fails if the target appeared since the check above, so a file created
    # meanwhile is never replaced; file systems without hard links fall back to rename.
    try:
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(f"{target} already exists; pass --force to replace it") from None
    except OSError:
        if target.exists():
            raise ExportError(f"{target} already exists; pass --force to replace it") from None
        os.replace(temp, target)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
