"""Safe, bounded reading of a YAML fact file into plain Python values.

PyYAML's loaders are not enough for untrusted files: ``SafeLoader`` silently keeps the
last of two duplicate keys, expands alias bombs without limit, recurses on deep nesting,
and reads whole files of any size. This module builds the document from the parser's
event stream instead, one event at a time with an explicit stack, so that it can:

* refuse files above ``MAX_BYTES`` before reading them, and files that are not UTF-8;
* refuse duplicate keys, non-text keys, tags other than YAML's own scalar, sequence and
  mapping tags (so ``!!python/object`` never builds anything), several documents;
* stop at ``MAX_DEPTH`` levels of nesting and at ``MAX_NODES`` nodes counted *after*
  alias expansion (so a "billion laughs" file is refused at once, not expanded);
* remember where each value stands (line and column) for error messages.
"""

from __future__ import annotations

import datetime
import os
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from laos_tip.errors import FactFileError, Problem

#: Largest fact file read, in bytes (16 MiB: about 40,000 figures with their quotes).
MAX_BYTES = 16 * 1024 * 1024
#: Deepest nesting of sequences and mappings accepted; a fact file needs four.
MAX_DEPTH = 64
#: Most nodes a document may hold once aliases are expanded.
MAX_NODES = 2_000_000

try:  # The C parser is several times faster; PyYAML built without libyaml lacks it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", f"{_YAML}seq", f"{_YAML}map"}
_resolver = Resolver()
_constructor = SafeConstructor()


def format_path(path: Path) -> str:
    """``("figures", 3, "value")`` -> ``figures[3].value``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass
class Document:
    """A parsed YAML document: its root value and where each value stands."""

    root: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path``, or of its nearest ancestor."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None, None
            path = path[:-1]

    def problem(self, path: Path, code: str, message: str) -> Problem:
        """A problem located at ``path``."""
        line, column = self.locate(path)
        return Problem(code=code, message=message, path=format_path(path), line=line, column=column)


def read_bytes(path: str) -> bytes:
    """Read a fact file, refusing what is not a regular file or is too large."""
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise _fail(path, "not-a-file", "is a directory, not a fact file")
            if not stat.S_ISREG(info.st_mode):
                raise _fail(path, "not-a-file", "is not a regular file")
            if info.st_size > MAX_BYTES:
                raise _fail(path, "too-large", f"is {info.st_size:,} bytes; fact files are limited to {MAX_BYTES:,} bytes")
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(path, "not-found", "no such file") from None
    except IsADirectoryError:
        raise _fail(path, "not-a-file", "is a directory, not a fact file") from None
    except PermissionError:
        raise _fail(path, "unreadable", "permission denied") from None
    except OSError as error:
        raise _fail(path, "unreadable", error.strerror or str(error)) from None
    if len(data) > MAX_BYTES:  # the file grew while we read it
        raise _fail(path, "too-large", f"is over {MAX_BYTES:,} bytes; fact files are limited to that")
    return data


def decode(data: bytes, path: str) -> str:
    """UTF-8 text without a byte-order mark; CRLF line ends are left to the parser."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        raise FactFileError(
            path,
            [Problem("not-utf8", f"not UTF-8 text: byte 0x{byte:02x} cannot be decoded", line=line, column=column)],
        ) from None


def parse(text: str, path: str) -> Document:
    """Build the one YAML document in ``text`` within the limits of this module."""
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        raise FactFileError(path, [_syntax_problem(error)]) from None
    except yaml.YAMLError as error:  # reader errors: characters YAML does not allow
        raise FactFileError(path, [Problem("yaml-syntax", f"not valid YAML: {_one_line(str(error))}")]) from None
    if not builder.has_root:
        raise _fail(path, "empty", "is empty; a fact file is a YAML mapping of sources, metrics and figures")
    return Document(builder.root, builder.positions)


def load_document(path: str) -> tuple[Document, bytes]:
    """Read, decode and parse ``path``; return the document and the raw bytes read."""
    data = read_bytes(path)
    return parse(decode(data, path), path), data


def _fail(path: str, code: str, message: str) -> FactFileError:
    return FactFileError(path, [Problem(code, message)])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_problem(error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = "YAML syntax error: " + (error.problem or "")
    if error.context:
        message += f" ({error.context})"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    return Problem("yaml-syntax", _one_line(message), line=line, column=column)


@dataclass
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path
    mark: tuple[int, int]
    anchor: str | None
    size: int = 1
    key: Any = None
    has_key: bool = False
    key_mark: tuple[int, int] = (0, 0)
    key_lines: dict[str, int] = field(default_factory=dict)


class _Builder:
    """Turns parser events into Python values, enforcing this module's limits."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.positions: dict[Path, tuple[int, int]] = {}
        self.root: Any = None
        self.has_root = False
        self.documents = 0
        self.nodes = 0

    def fail(self, mark: tuple[int, int], code: str, message: str, at: Path | None = None) -> FactFileError:
        path = at if at is not None else (self.stack[-1].path if self.stack else ())
        return FactFileError(
            self.path, [Problem(code, message, path=format_path(path), line=mark[0], column=mark[1])]
        )

    def feed(self, event: yaml.Event) -> None:
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            self.attach(self.scalar(event, mark), mark, 1, event.anchor)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in _COLLECTION_TAGS:
                raise self.fail(mark, "yaml-tag", f"YAML tag {event.tag!r} is not allowed in a fact file")
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(mark, "too-deep", f"nesting deeper than {MAX_DEPTH} levels is not allowed")
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame(container, self.child_path(), mark, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self.attach(frame.container, frame.mark, frame.size, frame.anchor, frame.path)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self.fail(mark, "yaml-alias", f"alias *{event.anchor} refers to no anchor before it")
            value, size = self.anchors[event.anchor]
            self.attach(value, mark, size, None)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(mark, "several-documents", "holds several YAML documents; a fact file is one document")

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key) if top.has_key else top.path

    def scalar(self, event: yaml.ScalarEvent, mark: tuple[int, int]) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolver.resolve(ScalarNode, event.value, event.implicit)
        if tag == f"{_YAML}str":
            return event.value
        if tag not in _SCALAR_TAGS:
            raise self.fail(mark, "yaml-tag", f"YAML tag {tag!r} is not allowed in a fact file", self.child_path())
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as error:
            raise self.fail(mark, "yaml-value", f"{event.value!r} is not a valid {tag[len(_YAML):]}", self.child_path()) from None

    def attach(self, value: Any, mark: tuple[int, int], size: int, anchor: str | None, path: Path | None = None) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self.fail(
                mark, "too-many-nodes",
                f"expands to more than {MAX_NODES:,} values (nested aliases?); refused",
            )
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        if not self.stack:
            self.root, self.has_root = value, True
            self.positions[()] = mark
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.container, list):
            self.positions[path if path is not None else (*top.path, len(top.container))] = mark
            top.container.append(value)
        elif not top.has_key:
            if not isinstance(value, str):
                raise self.fail(mark, "bad-key", f"mapping keys must be text, found {describe_type(value)}")
            if value in top.key_lines:
                raise self.fail(
                    mark, "duplicate-key",
                    f"duplicate key {value!r} (first at line {top.key_lines[value]})",
                    (*top.path, value),
                )
            top.key_lines[value] = mark[0]
            top.key, top.has_key, top.key_mark = value, True, mark
        else:
            assert isinstance(top.container, dict)
            self.positions[path if path is not None else (*top.path, top.key)] = mark
            top.container[top.key] = value
            top.has_key = False


def describe_type(value: object) -> str:
    """How a YAML value reads to a person: ``boolean true``, ``text '95'`` ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}" if abs(value) < 10**21 else "a huge integer"
    if isinstance(value, float):
        return f"number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, datetime.datetime):
        return f"timestamp {value.isoformat()}"
    if isinstance(value, datetime.date):
        return f"date {value.isoformat()}"
    return type(value).__name__
