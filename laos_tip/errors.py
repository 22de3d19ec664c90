"""Exceptions of laos-tip, and the problems found in a fact file.

The library core never prints: it raises LaosTipError and its subclasses, and
``runtime.guarded`` turns them into one line on stderr and exit 1, for the typer app and the
fast path alike. UsageError is a command line a command refuses; it is not a LaosTipError,
since the typer app shows it as a usage error (exit 2).
"""

from __future__ import annotations

from laos_tip.frozen import record
from laos_tip.textsafe import printable


@record
class Problem:
    """One thing wrong with a fact file, located as precisely as the YAML allows."""

    code: str
    message: str
    path: str = ""
    line: int | None = None
    column: int | None = None

    def describe(self, file: str) -> str:
        """One line for people: ``file:line:column: path: message``, control characters escaped."""
        where = file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f"{self.path}: " if self.path else ""
        return printable(f"{where}: {field}{self.message}")

    def as_dict(self) -> dict[str, object]:
        """The problem as a JSON-ready mapping."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
        }


class LaosTipError(Exception):
    """Base class of every error a user can cause."""


class FactFileError(LaosTipError):
    """A fact file that cannot be read or does not follow the schema.

    ``problems`` holds every problem found, in file order where lines are known.
    """

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(self.describe())

    def describe(self) -> str:
        """The first problem as one line, with a count of the others."""
        first = self.problems[0].describe(self.file)
        rest = len(self.problems) - 1
        if rest:
            first += f" (and {rest} more problem{'s' if rest > 1 else ''}; run 'laos-tip check' to list them all)"
        return first


class UnknownKeyError(LaosTipError):
    """A figure, ratio or metric key that the fact base does not know."""

    def __init__(self, key: str, suggestions: list[str], what: str = "key") -> None:
        self.key = key
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {what} {key!r}{hint} ('laos-tip keys' lists them all)")


class NoDataError(LaosTipError):
    """A well-formed request for which the fact base holds no figure."""


class UsageError(Exception):
    """A combination of arguments a command refuses, raised before anything is printed.

    ``param_hint`` names the option or argument at fault, as typer shows it (``'--json'``).
    """

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.param_hint = param_hint
