"""Safe, bounded reading of a YAML fact file into plain Python values.

PyYAML's loaders are not enough for untrusted files: ``SafeLoader`` silently keeps the
last of two duplicate keys, expands alias bombs without limit, recurses on deep nesting,
and reads whole files of any size. This module builds the document from the parser's
event stream instead, one event at a time with an explicit stack, so that it can:

* refuse files above ``MAX_BYTES`` before reading them, and files that are not UTF-8;
* refuse tags other than YAML's own scalar, sequence and mapping tags (so
  ``!!python/object`` never builds anything), and several documents;
* report duplicate and non-text keys as problems of the document (``Document.problems``)
  and carry on, so that ``laos-tip check`` lists them with every other problem;
* stop at ``MAX_DEPTH`` levels of nesting and at ``MAX_NODES`` nodes counted *after*
  alias expansion (so a "billion laughs" file is refused at once, not expanded);
* remember where each value stands (line and column) for error messages.
"""

from __future__ import annotations

import datetime
import math
import re

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from laos_tip.core.errors import FactFileError
from laos_tip.core.problems import Code, Problem
from laos_tip.factfile.filebytes import MAX_BYTES, read_bytes  # noqa: F401 (MAX_BYTES, read_bytes: as before)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Deepest nesting of sequences and mappings accepted; a fact file needs four.
MAX_DEPTH = 64
#: Most nodes a document may hold, each key, value, list and mapping counted once and an
#: alias as what it expands to. A figure takes 11 to 15, so real figures fill MAX_BYTES long
#: before this (55,000 short figures hold about 610,000 nodes); it bounds the time and memory
#: of the worst file within the limits (one-character values) and of alias bombs.
MAX_NODES = 1_000_000

try:  # The C parser is several times faster; PyYAML built without libyaml lacks it.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {None, "!", f"{_YAML}seq", f"{_YAML}map"}
_STR = f"{_YAML}str"
_INT = f"{_YAML}int"
#: How a whole number must be written: no leading zeros (octal), no 0x, 0o, 0b or "_".
_DECIMAL = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
#: How each scalar type must be written, whatever its tag: PyYAML's constructors assume the text
#: its resolver matched, and raise KeyError, IndexError or AttributeError on any other text.
_FORMS = {
    f"{_YAML}{name}": pattern for name, pattern in (
        ("bool", re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")),
        ("null", re.compile(r"^(?:~|null|Null|NULL|)$")),
        # PyYAML's own float forms, digits required; '_' separators as YAML 1.1 allows them.
        ("float", re.compile(r"^(?:[-+]?(?=[0-9_.]*[0-9])[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|"
                             r"\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$")),
        ("int", re.compile(r"^[-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*)$")),
        ("timestamp", re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                                 r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                                 r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$")),
    )
}
_resolver = Resolver()
_constructor = SafeConstructor()
#: Longest field path or value shown in a message; longer ones are cut in the middle.
_SHOWN = 80
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]*$")


def format_path(path: Path) -> str:
    """``("figures", 3, "value")`` -> ``figures[3].value``.

    Keys that are not plain words are quoted (``figures[0]["a b"]``), so that a hostile
    key cannot break a message over lines; very long paths are cut in the middle.
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            text += f".{part}" if text else part
        else:
            text += f"[{shorten(part)!r}]"
    return shorten(text)


def shorten(text: str, limit: int = _SHOWN) -> str:
    """``text``, or its start and end around '...' when it is longer than ``limit``."""
    if len(text) <= limit:
        return text
    half = (limit - 3) // 2
    return text[:half] + "..." + text[-half:]


class Document:
    """A parsed YAML document: its root value and where each value stands."""

    __slots__ = ("root", "positions", "problems")

    def __init__(self, root: Any, positions: dict[Path, tuple[int, int]] | None = None,
                 problems: list[Problem] | None = None) -> None:
        self.root = root
        self.positions = {} if positions is None else positions
        #: Problems found while building (duplicate or non-text keys); the value was skipped.
        self.problems = [] if problems is None else problems

    def locate(self, path: Path) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the value at ``path``, or of its nearest ancestor."""
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None, None
            path = path[:-1]

    def problem(self, path: Path, code: Code, message: str) -> Problem:
        """A problem located at ``path``."""
        line, column = self.locate(path)
        return Problem(code=code, message=message, path=format_path(path), line=line, column=column)


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
            [Problem(Code.NOT_UTF8, f"not UTF-8 text: byte 0x{byte:02x} cannot be decoded", line=line, column=column)],
        ) from None


def parse(text: str, path: str) -> Document:
    """Build the one YAML document in ``text`` within the limits of this module."""
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            builder.feed(event)
    except yaml.MarkedYAMLError as error:
        raise FactFileError(path, [_syntax_problem(error, text)]) from None
    except yaml.reader.ReaderError as error:  # characters YAML does not allow
        raise FactFileError(path, [_reader_problem(error, text)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - every YAMLError the parser raises is one of the above
        raise FactFileError(path, [Problem(Code.YAML_SYNTAX, f"not valid YAML: {_one_line(str(error))}")]) from None
    if not builder.has_root:
        raise _fail(path, Code.EMPTY, "is empty; a fact file is a YAML mapping of sources, metrics and figures")
    return Document(builder.root, builder.positions, builder.problems)


def _fail(path: str, code: Code, message: str) -> FactFileError:
    return FactFileError(path, [Problem(code, message)])


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _syntax_problem(error: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if mark and _character_at(text, mark.line, mark.column) == "\t":
        # libyaml only says "found character that cannot start any token".
        return Problem(Code.YAML_SYNTAX, "YAML syntax error: a tab character; YAML indents with spaces only",
                       line=line, column=column)
    if "maximum nesting depth" in (error.problem or ""):
        # libyaml's own limit (1,000 levels) can strike before ours, as its scanner reads ahead.
        return Problem(Code.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels is not allowed", line=line, column=column)
    message = "YAML syntax error: " + (error.problem or "")
    began = error.context_mark
    moved = began is not None and mark is not None and (began.line, began.column) != (mark.line, mark.column)
    if error.context and moved:
        # An unclosed '[' or '"' is noticed lines later, often at the end of the file: say where it began.
        assert began is not None
        message += f" ({error.context} that began at line {began.line + 1}, column {began.column + 1})"
    elif error.context:
        message += f" ({error.context})"
    return Problem(Code.YAML_SYNTAX, _one_line(message), line=line, column=column)


def _character_at(text: str, line: int, column: int) -> str:
    """The character at 0-based ``line`` and ``column`` of ``text``, or '' past its end."""
    start = 0
    for _ in range(line):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    return text[start + column: start + column + 1]


def _reader_problem(error: yaml.reader.ReaderError, text: str) -> Problem:
    position = error.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = error.character
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return Problem(Code.YAML_SYNTAX, f"not valid YAML: character {shown} is not allowed ({error.reason})",
                   line=line, column=column)


class _Frame:
    """A mapping or sequence being built, with what its next event needs."""

    __slots__ = ("container", "path", "mark", "anchor", "size", "key", "has_key", "skip_value", "key_lines")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path, mark: tuple[int, int],
                 anchor: str | None) -> None:
        self.container = container
        self.path = path
        self.mark = mark
        self.anchor = anchor
        self.size = 1
        self.key: Any = None
        self.has_key = False
        self.skip_value = False  # the key was refused: build its value but do not keep it
        self.key_lines: dict[str, int] = {}


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
        self.problems: list[Problem] = []
        #: The tag of each plain scalar's text seen so far (at most one entry per node, as MAX_NODES bounds).
        self.tags: dict[tuple[str, Any], str] = {}

    def fail(self, mark: tuple[int, int], code: Code, message: str, at: Path | None = None) -> FactFileError:
        path = at if at is not None else (self.stack[-1].path if self.stack else ())
        return FactFileError(
            self.path, [Problem(code, message, path=format_path(path), line=mark[0], column=mark[1])]
        )

    def feed(self, event: yaml.Event) -> None:
        start = event.start_mark
        assert start is not None  # the parsers mark every event they emit
        mark = (start.line + 1, start.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            self.attach(self.scalar(event, mark), mark, 1, event.anchor)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.tag not in _COLLECTION_TAGS:
                raise self.fail(mark, Code.YAML_TAG, f"YAML tag {event.tag!r} is not allowed in a fact file",
                                self.child_path())
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(mark, Code.TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels is not allowed",
                                self.child_path())
            self.count(1, mark)  # the collection itself, once; its members count as they come
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame(container, self.child_path(), mark, event.anchor))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            self.attach(frame.container, frame.mark, frame.size, frame.anchor, frame.path, counted=True)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise self.fail(mark, Code.YAML_ALIAS, f"alias *{event.anchor} refers to no anchor before it")
            value, size = self.anchors[event.anchor]
            self.attach(value, mark, size, None)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(mark, Code.SEVERAL_DOCUMENTS, "holds several YAML documents; a fact file is one document")

    def child_path(self) -> Path:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return (*top.path, top.key) if top.has_key else top.path

    def scalar(self, event: yaml.ScalarEvent, mark: tuple[int, int]) -> Any:
        tag = event.tag
        if tag == "!":  # YAML's non-specific tag: text, whatever it looks like (libyaml marks it as plain)
            tag = _STR
        elif tag is None:
            # A fact file repeats its keys and many values thousands of times: resolve each text once.
            seen = (event.value, event.implicit)
            tag = self.tags.get(seen)
            if tag is None:
                tag = self.tags[seen] = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _STR:
            return event.value
        if (tag == _INT and event.value.isascii() and event.value.isdecimal() and event.value[0] != "0"
                and len(event.value) < 16):
            return int(event.value)  # the common case, without building a node (a leading 0 is octal)
        if tag not in _SCALAR_TAGS:
            raise self.fail(mark, Code.YAML_TAG, f"YAML tag {tag!r} is not allowed in a fact file", self.child_path())
        if tag == _INT and not _DECIMAL.match(event.value) and _FORMS[_INT].match(event.value):
            # YAML 1.1 reads 010 as 8, 0x2E as 46 and 4_6 as 46: a figure must read as it is written.
            raise self.fail(
                mark, Code.YAML_VALUE,
                f"{shorten(event.value)!r} is an integer in YAML's octal, hexadecimal, base-60 or '_' notation; "
                "write it in plain decimal digits", self.child_path(),
            )
        invalid = self.fail(
            mark, Code.YAML_VALUE, f"{shorten(event.value)!r} is not a valid {tag[len(_YAML):]}", self.child_path()
        )
        # An explicit tag reaches the constructor with any text: it must be written as its type is.
        form = _FORMS.get(tag)
        if form is not None and not form.fullmatch(event.value):
            raise invalid
        # The C parser's marks are its own class; the stubs name only the pure-Python one.
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)  # type: ignore[arg-type]
        try:
            # The constructor function itself, not construct_object: that one would keep
            # every node it ever built in the shared constructor's cache.
            value = _constructor.yaml_constructors[tag](_constructor, node)
        except (ConstructorError, ValueError, OverflowError):
            raise invalid from None
        if isinstance(value, float) and math.isinf(value) and "inf" not in event.value.lower():
            raise self.fail(mark, Code.YAML_VALUE, f"{shorten(event.value)!r} is too large for a number; "
                            "it would read as infinity", self.child_path())
        return value

    def count(self, nodes: int, mark: tuple[int, int]) -> None:
        """Count ``nodes`` more nodes of the document; past MAX_NODES the file is refused."""
        self.nodes += nodes
        if self.nodes > MAX_NODES:
            how = "expands to" if self.anchors else "holds"
            raise self.fail(mark, Code.TOO_MANY_NODES, f"{how} more than {MAX_NODES:,} keys and values; refused")

    def attach(self, value: Any, mark: tuple[int, int], size: int, anchor: str | None, path: Path | None = None,
               counted: bool = False) -> None:
        """Put a built value into its parent; ``size`` is its node count, already counted for a collection.

        A scalar counts 1 and an alias the whole value it stands for (what it expands to);
        a collection was counted when it began, each member as it was attached.
        """
        if not counted:
            self.count(size, mark)
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
            self.take_key(top, value, mark)
        else:
            assert isinstance(top.container, dict)
            # setdefault: the value of a refused duplicate key must not move the first one.
            self.positions.setdefault(path if path is not None else (*top.path, top.key), mark)
            if not top.skip_value:
                top.container[top.key] = value
            top.has_key = top.skip_value = False

    def take_key(self, top: _Frame, key: Any, mark: tuple[int, int]) -> None:
        """Accept a mapping key, or note why not and skip the value that follows it."""
        top.has_key = True
        if not isinstance(key, str):
            self.problems.append(Problem(
                Code.BAD_KEY, f"mapping keys must be text, found {describe_type(key)}",
                format_path(top.path), mark[0], mark[1],
            ))
            # A text stand-in keeps the paths of the skipped value hashable.
            top.key, top.skip_value = f"<{describe_type(key)}>", True
        elif key in top.key_lines:
            self.problems.append(Problem(
                Code.DUPLICATE_KEY, f"duplicate key {shorten(key)!r} (first at line {top.key_lines[key]})",
                format_path((*top.path, key)), mark[0], mark[1],
            ))
            top.key, top.skip_value = key, True
        else:
            top.key_lines[key] = mark[0]
            top.key = key


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
