"""The validator's state: the parsed document, the problems found so far, and the field checks of one entry.

``Validator.section`` checks every entry of a top-level list against its record's declaration in
``core/records.py``; the rules across entries (``rules.py``) add their problems here too.
"""

from __future__ import annotations

from laos_tip.core.errors import Suggester, suggest
from laos_tip.core.fields import Field, Record
from laos_tip.core.problems import Code, Problem
from laos_tip.factfile.reader import Document, Path, describe_type, shorten

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


class Validator:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.declared: dict[str, set[str]] = {}
        self._suggesters: dict[str, Suggester] = {}

    def closest(self, section: str, name: str) -> list[str]:
        """The ids declared in ``section`` closest to the unknown ``name``: one index per section, one search per name."""
        if section not in self._suggesters:
            self._suggesters[section] = Suggester(self.declared.get(section, set()))
        return self._suggesters[section].closest(name)

    def add(self, path: Path, code: Code, message: str) -> None:
        self.problems.append(self.document.problem(path, code, message))

    def unknown(self, path: Path, key: str, known: tuple[str, ...]) -> None:
        close = suggest(key, known)
        hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(known)}"
        self.add((*path, key), Code.UNKNOWN_FIELD, f"unknown field {shorten(key)!r}{hint}")

    def record(self, raw: Any, record: Record, path: Path,
               shape: tuple[tuple[Field, ...], tuple[str, ...], frozenset[str]] | None = None) -> dict[str, Any] | None:
        """``raw`` checked as a ``record``: its fields, or None when one is missing or wrong (each one reported).

        ``shape``: ``record_shape(record)``, when the caller checks many entries of the same record.
        """
        if not isinstance(raw, dict):
            self.add(path, Code.WRONG_TYPE, f"expected a {record.name} (a mapping), found {describe_type(raw)}")
            return None
        fields, names, known = shape or record_shape(record)
        clean: dict[str, Any] = {}
        ok = True
        misspelt: set[str] = set()
        for key in raw:
            # An unknown field is reported but does not drop the record: its known fields
            # still take part in the cross-checks (references, claims), so one run finds all.
            if key not in known:
                self.unknown(path, key, names)
                misspelt.update(suggest(key, names)[:1])
                ok = False
        for spec in fields:
            name = spec.read_as
            if name not in raw:
                # A misspelt key already says "did you mean ...": one mistake, one message.
                if spec.required and name not in misspelt:
                    self.add(path, Code.MISSING_FIELD, f"missing required field {name!r} ({spec.description})")
                    ok = False
                continue
            value = raw[name]
            expected = spec.read_kind.check(value)
            if expected is not None:
                self.add((*path, name), Code.WRONG_TYPE, f"expected {expected}, found {describe_type(value)}")
                ok = False
            else:
                clean[name] = value.strip() if isinstance(value, str) else value
        return clean if ok else None

    def section(self, root: dict[str, Any], name: str, record: Record, required: bool) -> list[tuple[Path, dict[str, Any]]]:
        if name not in root:
            if required:
                self.add((), Code.MISSING_FIELD, f"missing required list {name!r}")
            return []
        items = root[name]
        if not isinstance(items, list):
            self.add((name,), Code.WRONG_TYPE, f"expected a list of {record.name} entries, found {describe_type(items)}")
            return []
        # Ids of entries that fail validation still count as declared, so one bad metric
        # does not also make every figure that refers to it "unknown".
        self.declared[name] = {raw["id"] for raw in items if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
        entries: list[tuple[Path, dict[str, Any]]] = []
        shape = record_shape(record)  # once per list, not once per entry: a list can hold 50,000 figures
        for index, raw in enumerate(items):
            clean = self.record(raw, record, (name, index), shape)
            if clean is not None:
                entries.append(((name, index), clean))
        return entries

if TYPE_CHECKING:
    #: Each list of the fact file: where each entry stands, and its checked fields.
    Entries = dict[str, list[tuple[Path, dict[str, Any]]]]


def record_shape(record: Record) -> tuple[tuple[Field, ...], tuple[str, ...], frozenset[str]]:
    """A record's fields in the fact file, their names as written there, in order and as a set."""
    fields = record.file_fields
    names = tuple(f.read_as for f in fields)
    return fields, names, frozenset(names)
