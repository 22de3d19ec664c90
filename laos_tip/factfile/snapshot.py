"""The verified snapshot of a validated fact base, read instead of the YAML while the fact file is unchanged.

Most of a command's time on an unchanged fact file went to importing PyYAML, parsing and validating
what it had read and checked the time before (benchmarks/README.md). After a fact file validates,
``store`` writes its FactBase as JSON into laos-tip's cache directory; the next command that reads
the same bytes gets it back from ``fetch`` without importing the parser or the validator.

* **Keyed by what made it**: the SHA-256 of the fact file's bytes, the laos-tip version, the Python
  implementation, this module's ``FORMAT`` and the size and modification time of every module of
  ``core`` and ``factfile`` (the code that reads and validates, so a changed checkout is seen too).
  An edit, a copy, a ``touch`` that changes nothing, an upgrade: each is seen, at worst as a miss.
* **JSON**, which runs no code when read (never pickle or marshal); each list of records is written as
  the columns of their fields (one JSON list per field, which reads faster than one per record) and
  made into records by ``frozen.from_rows``; dates as ISO text; a value it cannot write exactly means
  no snapshot.
* **Checked when read**: the first line holds the key and the SHA-256 of the rest, so a truncated,
  corrupt, hand-edited or foreign snapshot is ignored (and replaced when the file is next validated).
  The checksum finds mistakes, not an attacker: that is what the checks on the directory are for.
* **Trusted only in a safe place** (``core/cachefiles.py``, which also writes them): the directory must
  belong to the user running laos-tip and be writable by no one else; the file must be a regular file of
  the same owner. Otherwise, and when
  the directory is missing, read-only or cannot be made, there is simply no snapshot: never an error.
* **Written atomically** (a temporary file in the same directory, then ``os.replace``), so two
  processes writing the same snapshot leave one whole file; at most ``KEEP`` snapshots are kept.

``LAOS_TIP_NO_CACHE=1`` turns snapshots off; ``cachefiles.cache_dir()`` is where they are (``laos-tip`` in the
platform's cache directory: ``$XDG_CACHE_HOME/laos-tip``, else ``~/.cache/laos-tip`` on Linux), and
deleting that directory clears them. ``laos-tip check`` never reads a snapshot: it validates the file.
"""

from __future__ import annotations

import datetime
import json
import operator
import os
import sys

from laos_tip.core import frozen, model
from laos_tip.core.cachefiles import SUFFIX, cache_dir, read_file, write_file
from laos_tip.core.digest import sha256_hex
from laos_tip.core.model import FactBase

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The layout of a snapshot file; another layout is another number, so old snapshots are never misread.
FORMAT = 2
#: Snapshots kept (one per fact file content seen); the least recently written beyond these are removed.
KEEP = 16
_PREFIX, _SUFFIX = "facts-", SUFFIX
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Modules whose code decides what a valid fact file's FactBase is.
_CODE_DIRS = ("core", "factfile")


def key(sha256: str) -> str:
    """The key of the snapshot of fact file bytes whose SHA-256 is ``sha256``, for this laos-tip."""
    # laos_tip.__version__, read where the package is (always imported before its modules): importing
    # the package from here would make a cycle through laos_tip.api.
    version = str(sys.modules["laos_tip"].__version__)
    made_by = [str(FORMAT), version, sys.implementation.cache_tag or sys.version, sha256]
    for folder in _CODE_DIRS:
        with os.scandir(os.path.join(_PACKAGE, folder)) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    made_by.append(f"{folder}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return sha256_hex("\0".join(made_by).encode())


def fetch(sha256: str, name: str) -> FactBase | None:
    """The FactBase of the fact file with this SHA-256, named ``name``, from its snapshot; None without one."""
    if cache_dir() is None:
        return None
    try:
        wanted = key(sha256)
    except OSError:
        return None
    found = read_file(_PREFIX + wanted + _SUFFIX)
    if found is None:
        return None
    header, body = found
    try:
        content = _content(header, body, wanted, sha256)
        del body, found  # the records keep what they need of it: peak memory stays that of the records
        return _build(content, sha256, name)
    except Exception:  # truncated, corrupt, edited or foreign: ignored, and replaced on the next store
        return None


def store(facts: FactBase) -> bool:
    """Write the snapshot of a validated FactBase, atomically; False when there is no place for it (never raises)."""
    if cache_dir() is None:
        return False
    try:
        made = key(facts.sha256)
        data = encode(facts, made)
    except (TypeError, ValueError, UnicodeError, OSError):  # a value this module cannot write exactly
        return False
    return write_file(_PREFIX + made + _SUFFIX, data, _PREFIX, KEEP)


# --- the JSON layout: a header line, then the body ---------------------------------------------------------

_DATE, _TUPLE, _ANY, _PLAIN = "date", "tuple", "any", "plain"
_NATIVE = (str, int, bool, float, type(None))


def _kind(annotation: str) -> Any:
    """How a field of this annotation is written: a date, a tuple of text, any value, a record, or as it is."""
    if annotation.startswith("datetime.date"):
        return _DATE
    if annotation.startswith("tuple[tuple["):
        return _ANY  # Source.declared: (name, value) pairs of fields the class has no attribute for
    if annotation.startswith("tuple["):
        return _TUPLE
    named = getattr(model, annotation.split(" ")[0], None)
    return named if frozen.is_record(named) else _PLAIN


def _columns(cls: type) -> list[tuple[str, Any]]:
    """The fields of a record class that a row holds, in ``__init__`` order, with how each is written."""
    if cls not in _COLUMNS:
        annotations: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            annotations.update(klass.__dict__.get("__annotations__", {}))
        _COLUMNS[cls] = [(name, _kind(annotations[name])) for name in frozen.init_names(cls)]
    return _COLUMNS[cls]


_COLUMNS: dict[type, list[tuple[str, Any]]] = {}  # worked out once per class and process


def _sections() -> list[tuple[str, type]]:
    """The FactBase's lists of records, with the class of each: what a snapshot holds besides the fingerprint."""
    found = []
    for spec in frozen.fields(FactBase):
        annotation = FactBase.__annotations__[spec.name]
        if spec.init and annotation.startswith("tuple[") and annotation.endswith(", ...]"):
            found.append((spec.name, getattr(model, annotation[len("tuple["):-len(", ...]")])))
    return found


def encode(facts: FactBase, snapshot_key: str) -> bytes:
    """The snapshot of ``facts``: a header line (format, key, checksum of the body), then the body, as JSON."""
    body = json.dumps({name: _written_columns(cls, getattr(facts, name)) for name, cls in _sections()},
                      ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    header = {"laos_tip_snapshot": FORMAT, "key": snapshot_key, "sha256": facts.sha256,
              "checksum": sha256_hex(body)}
    return json.dumps(header, separators=(",", ":")).encode("ascii") + b"\n" + body


def decode(data: bytes, snapshot_key: str, sha256: str, name: str) -> FactBase:
    """The FactBase a snapshot holds, named ``name``; raises (ValueError, KeyError ...) for any other bytes."""
    first, newline, body = data.partition(b"\n")
    return _build(_content(first + newline, body, snapshot_key, sha256), sha256, name)


def _content(header: bytes, body: bytes, snapshot_key: str, sha256: str) -> dict[str, Any]:
    """The body of a snapshot, read, when its header line is the one for this key and fits the body."""
    expected = {"laos_tip_snapshot": FORMAT, "key": snapshot_key, "sha256": sha256,
                "checksum": sha256_hex(body)}
    if not header.endswith(b"\n") or json.loads(header) != expected:
        raise ValueError("not the snapshot of this fact file")
    content: dict[str, Any] = json.loads(body)
    return content


def _build(content: dict[str, Any], sha256: str, name: str) -> FactBase:
    """The FactBase of a snapshot's body; each section's columns are let go once its records are made."""
    lists = {section: tuple(_from_columns(cls, content.pop(section))) for section, cls in _sections()}
    return FactBase(path=name, sha256=sha256, **lists)


def _row(item: Any) -> list[Any]:
    """A record as the row of its fields' values.

    A field of text, a number or a flag is written as it is: json refuses any other type but lists
    and tuples, which validation never puts there (``test_snapshot`` holds the snapshot equal to the
    validated FactBase). Dates, tuples and records are written by kind and read back by kind.
    """
    cls = type(item)
    row = list(_getters(cls)(item))
    for index, kind in _converted(cls):
        value = row[index]
        if kind is _DATE:
            row[index] = value if value is None else _date(value).isoformat()
        elif kind is _TUPLE:
            row[index] = _texts(value, _columns(cls)[index][0])
        elif kind is _ANY:
            row[index] = _wrap(value)
        else:
            row[index] = _row(value)
    return row


def _written_columns(cls: type, items: tuple[Any, ...]) -> list[list[Any]]:
    """A section's records as the columns of their fields' values, each value written as ``_row`` writes it.

    Made column by column from the records, without a row per record: the first run on a large file
    holds no more than the records, the columns and the JSON text.
    """
    columns = [list(map(operator.attrgetter(name), items)) for name, _ in _columns(cls)]
    for index, kind in _converted(cls):
        column, name = columns[index], _columns(cls)[index][0]
        if kind is _DATE:
            columns[index] = [None if value is None else _date(value).isoformat() for value in column]
        elif kind is _TUPLE:
            columns[index] = [_texts(value, name) for value in column]
        elif kind is _ANY:
            columns[index] = [_wrap(value) for value in column]
        else:  # records within records (a partner's country) are written as rows
            columns[index] = [_row(value) for value in column]
    return columns


def _texts(value: Any, name: str) -> list[str]:
    if type(value) is not tuple or not all(type(text) is str for text in value):
        raise TypeError(f"{name}: not a tuple of text")
    return list(value)


def _getters(cls: type) -> Any:
    if cls not in _GETTERS:
        names = [name for name, _ in _columns(cls)]
        _GETTERS[cls] = operator.attrgetter(*names) if len(names) > 1 else (lambda item: (getattr(item, names[0]),))
    return _GETTERS[cls]


def _converted(cls: type) -> list[tuple[int, Any]]:
    """The columns of a class that are not written as they are: (index, kind)."""
    return [(index, kind) for index, (_, kind) in enumerate(_columns(cls)) if kind is not _PLAIN]


_GETTERS: dict[type, Any] = {}


def _date(value: Any) -> datetime.date:
    if type(value) is not datetime.date:
        raise TypeError("not a date")
    return value


def _as_columns(cls: type, rows: list[list[Any]]) -> list[list[Any]]:
    """Rows of records (``_row``) as the columns of their fields, one list per field."""
    return [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in _columns(cls)]


def _from_columns(cls: type, columns: list[list[Any]]) -> list[Any]:
    """The records of ``cls`` whose fields' values ``_written_columns`` wrote, converted column by column."""
    if type(columns) is not list or len(columns) != len(_columns(cls)):
        raise ValueError(f"not the columns of {cls.__name__}")
    for index, kind in _converted(cls):
        column = columns[index]
        if kind is _DATE:
            read_date = datetime.date.fromisoformat
            columns[index] = [None if value is None else read_date(value) for value in column]
        elif kind is _TUPLE:
            columns[index] = [tuple(value) for value in column]
        elif kind is _ANY:
            columns[index] = [_unwrap(value) for value in column]
        else:  # records within records (a partner's country) are written as rows
            columns[index] = _from_columns(kind, _as_columns(kind, column))
    return frozen.from_rows(cls, zip(*columns, strict=True))  # columns of unequal length: ValueError


def _wrap(value: Any) -> Any:
    """Any value YAML gives, as JSON that says its type: lists, tuples, dicts and dates are tagged."""
    if type(value) in _NATIVE:
        return value
    if type(value) is datetime.date:
        return {"date": value.isoformat()}
    if type(value) is datetime.datetime:
        return {"datetime": value.isoformat()}
    if type(value) in (list, tuple):
        return {type(value).__name__: [_wrap(item) for item in value]}
    if type(value) is dict:
        return {"dict": [[_wrap(k), _wrap(v)] for k, v in value.items()]}
    raise TypeError(f"{type(value).__name__} is not written")


def _unwrap(value: Any) -> Any:
    """A value ``_wrap`` wrote, as it was."""
    if not isinstance(value, dict):
        return value
    ((tag, inner),) = value.items()
    if tag == "date":
        return datetime.date.fromisoformat(inner)
    if tag == "datetime":
        return datetime.datetime.fromisoformat(inner)
    if tag == "list":
        return [_unwrap(item) for item in inner]
    if tag == "tuple":
        return tuple(_unwrap(item) for item in inner)
    if tag == "dict":
        return {_unwrap(k): _unwrap(v) for k, v in inner}
    raise ValueError(f"unknown tag {tag!r}")
