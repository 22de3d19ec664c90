"""Validating a parsed fact file: every problem in one pass, then the FactBase built from what passed.

The fields of each entry are declared once, in ``core/records.py``: the same declaration drives
the field checks (``validator.py``: every problem collected, with the field path and the line where
it stands) and the JSON Schema printed by ``laos-tip schema`` (``jsonschema.py``). The checks across
entries are ``rules.RULES``.
"""

from __future__ import annotations

from laos_tip.core import frozen
from laos_tip.core.errors import FactFileError
from laos_tip.core.model import Country, FactBase, Figure, Metric, Partner, Source, Statement, Tier
from laos_tip.core.problems import Code
from laos_tip.core.records import SCHEMA_VERSION, SECTIONS, SOURCE
from laos_tip.core.textsafe import REFUSED, escape
from laos_tip.factfile.reader import Document, Path, describe_type
from laos_tip.factfile.rules import RULES
from laos_tip.factfile.validator import Validator

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.factfile.validator import Entries


_TOP_LEVEL = ("schema_version", *(section.name for section in SECTIONS))


def validate(document: Document, file: str, sha256: str) -> FactBase:
    """Check a parsed document against the schema and build the FactBase.

    The entries' fields are checked first (``Validator.section``), then every rule of
    ``RULES`` runs on the entries that passed. Raises FactFileError listing every problem
    found, in file order.
    """
    v = Validator(document)
    v.problems.extend(document.problems)  # duplicate and non-text keys, found while parsing
    _control_characters(v, document.root, ())
    root = document.root
    if not isinstance(root, dict):
        v.add((), Code.WRONG_TYPE, f"the top level must be a mapping of {', '.join(_TOP_LEVEL)}; found {describe_type(root)}")
        raise FactFileError(file, v.problems)
    for key in root:
        if key not in _TOP_LEVEL:
            v.unknown((), key, _TOP_LEVEL)
    if "schema_version" not in root:
        v.add((), Code.MISSING_FIELD, f"missing 'schema_version' (this laos-tip reads version {SCHEMA_VERSION})")
    elif root["schema_version"] != SCHEMA_VERSION or isinstance(root["schema_version"], bool):
        v.add(("schema_version",), Code.SCHEMA_VERSION,
              f"this laos-tip reads schema version {SCHEMA_VERSION}, found {describe_type(root['schema_version'])}")
    entries = {section.name: v.section(root, section.name, section.record, section.required) for section in SECTIONS}
    for rule in RULES:
        rule(v, entries)
    if v.problems:
        v.problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
        raise FactFileError(file, v.problems)
    return build(entries, file, sha256)


def build(entries: Entries, file: str, sha256: str) -> FactBase:
    """The FactBase of entries that passed every check."""
    return FactBase(
        path=file,
        sha256=sha256,
        sources=tuple(_source(s) for _, s in entries["sources"]),
        metrics=tuple(
            Metric(**{**m, "not_comparable_with": tuple(m.get("not_comparable_with", ()))})
            for _, m in entries["metrics"]
        ),
        figures=tuple(
            Figure(**{**f, "as_written": f.get("as_written", str(f["value"]))}) for _, f in entries["figures"]
        ),
        statements=tuple(Statement(**s) for _, s in entries["statements"]),
        partners=tuple(
            Partner(Country(p["name"], p["alpha2"], p["alpha3"]), p["period"], p["source"], p["quote"])
            for _, p in entries["partners"]
        ),
        neighbours=tuple(Country(**n) for _, n in entries["neighbours"]),
        tiers=tuple(Tier(**t) for _, t in entries["tiers"]),
    )


def _source(entry: dict[str, Any]) -> Source:
    """A source entry as a Source; a declared field the class has no attribute for goes to ``declared``."""
    attributes = {f.name for f in frozen.fields(Source)}
    known = {name: value for name, value in entry.items() if name in attributes}
    declared = tuple(
        (f.name, entry.get(f.read_as)) for f in SOURCE.fields if f.in_file and f.name not in attributes
    )
    return Source(**{"date": None, **known, "carried_by": tuple(entry.get("carried_by", ())), "declared": declared})


def _control_characters(v: Validator, value: Any, path: Path) -> None:
    """Every text value holding a control character or a bidi override is a problem, where it stands.

    Such characters have no place in a label, a title or a quote, and on a terminal they
    could hide or rewrite what is shown; a tab or a line break is text.
    """
    if isinstance(value, str):
        found = REFUSED.search(value)
        if found:
            v.add(path, Code.CONTROL_CHARACTER,
                  f"holds the control character {escape(found.group())} at character {found.start() + 1}; "
                  "text in a fact file may not hold control characters or bidirectional overrides")
    elif isinstance(value, dict):
        for key, item in value.items():
            _control_characters(v, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _control_characters(v, item, (*path, index))
