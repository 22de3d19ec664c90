"""Checking a fact file: every problem it has, in one report (``laos-tip check``).

Loading a fact file for a command stops at its problems; checking it returns them as
data instead, with the file's fingerprint and, for a valid file, how many entries each
list holds. Nothing here prints; ``cli.bodies.check`` shows the report for both
the typer app and the fast path.
"""

from __future__ import annotations

from laos_tip.core.errors import FactFileError
from laos_tip.core.frozen import field, fields, record
from laos_tip.core.model import FactBase, Headline
from laos_tip.core.problems import Problem
from laos_tip.core.records import SECTIONS
from laos_tip.factfile.pipeline import read
from laos_tip.factfile.reader import decode, parse
from laos_tip.factfile.validate import validate


@record
class Report:
    """What checking one fact file found."""

    path: str
    sha256: str | None  # None when the file could not be read
    problems: tuple[Problem, ...]
    counts: dict[str, int] = field(default_factory=dict)  # entries per list, for a valid file
    # Metrics and years where sources disagree: information about the sources, not an error.
    conflicts: tuple[Headline, ...] = ()

    @property
    def valid(self) -> bool:
        """Whether the file has no problem at all."""
        return not self.problems

    def describe_counts(self) -> str:
        """``1 source, 9 metrics, 8 figures ...``: the lists of a valid file and their sizes."""
        return ", ".join(f"{count} {_singular(name) if count == 1 else name}" for name, count in self.counts.items())


def check_file(path: str, name: str | None = None) -> Report:
    """Read, parse and validate ``path``; return every problem found rather than raising.

    The steps are those of ``pipeline.load``; ``name`` (default: ``path``) is how the file is
    shown. Syntax-level problems (unreadable file, not UTF-8, invalid YAML, limits exceeded)
    stop the check with that one problem; schema-level problems are all collected.
    """
    shown = path if name is None else name
    try:
        data, sha256 = read(path, shown)
    except FactFileError as error:
        return Report(shown, None, tuple(error.problems))
    try:
        facts = validate(parse(decode(data, shown), shown), shown, sha256)
    except FactFileError as error:
        return Report(shown, sha256, tuple(error.problems))
    return Report(shown, sha256, (), entry_counts(facts), tuple(facts.conflicts()))


def entry_counts(facts: FactBase) -> dict[str, int]:
    """How many entries each list of the fact base holds, in the order the FactBase declares its lists."""
    sections = {section.name for section in SECTIONS}
    return {f.name: len(getattr(facts, f.name)) for f in fields(facts) if f.name in sections}


def _singular(name: str) -> str:
    return name[:-1]
