"""Exceptions of laos-tip, and the "did you mean" suggestions of the errors that name an unknown word.

The library core never prints: it raises LaosTipError and its subclasses, and
``cli.process.guarded`` turns them into one line on stderr and exit 1, for the typer app and the
fast path alike. UsageError is a command line a command refuses; it is not a LaosTipError,
since the typer app shows it as a usage error (exit 2).
"""

from __future__ import annotations

from laos_tip.core.problems import Problem


class LaosTipError(Exception):
    """Base class of every error a user can cause."""

    #: Whether the command line is at fault (exit 2, as a usage error) rather than the data or the system (exit 1).
    usage = False


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


class ExportError(LaosTipError):
    """The export file cannot be written, or would replace a file without --force."""


class UnknownFormatError(LaosTipError):
    """An export path whose suffix names no format laos-tip writes; the message says which do."""


class UnknownFieldError(LaosTipError):
    """``--fields`` names a field the rows do not have: one line listing the fields they have, exit 2.

    Known only once the rows are built, so it is told as one line by ``cli.process.guarded``, not
    by typer's usage screen.
    """

    usage = True

    def __init__(self, unknown: list[str], fields: list[str]) -> None:
        self.unknown = unknown
        self.fields = fields
        hints = [s for word in unknown for s in suggest(word, fields)]
        hint = f" (did you mean {' or '.join(repr(s) for s in dict.fromkeys(hints))}?)" if hints else ""
        names = ", ".join(repr(word) for word in unknown)
        super().__init__(f"--fields: no field {names}{hint}; fields: {','.join(fields)}")


class UsageError(Exception):
    """A combination of arguments a command refuses, raised before anything is printed.

    ``param_hint`` names the option or argument at fault, as typer shows it (``'--json'``).
    """

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.param_hint = param_hint


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> list[str]:
    """The closest few of ``choices`` to a misspelt ``word``."""
    return Suggester(choices).closest(word)


#: Up to this many choices, every one is compared with a misspelt word; above it, only those an index finds.
_COMPARE_ALL = 64
#: The most candidates from the index that are compared with one misspelt word.
_MOST_COMPARED = 64


class Suggester:
    """"Did you mean" for many misspelt words against one set of choices, in time linear in the input.

    Built once per set of choices; each distinct word is looked up once (a file that cites one
    misspelt id a thousand times asks once). Against a few choices every one is compared, as
    ``difflib.get_close_matches`` does; against many, only those that share a one-character
    deletion with the word (the index of symmetric deletions: a typo, a missing, extra or swapped
    character), at most ``_MOST_COMPARED`` of them, so that N misspelt ids against N sources take
    time in N, not N².
    """

    def __init__(self, choices: list[str] | tuple[str, ...] | set[str]) -> None:
        self.choices = sorted(set(choices))
        self._found: dict[str, list[str]] = {}
        self._index: dict[str, list[str]] | None = None

    def closest(self, word: str) -> list[str]:
        """The closest few choices to ``word`` (at most three, best first), or none."""
        if word not in self._found:
            self._found[word] = self._closest(word)
        return self._found[word]

    def _closest(self, word: str) -> list[str]:
        import difflib  # only for a word that is not known: every other call skips its import

        if len(self.choices) <= _COMPARE_ALL:
            return difflib.get_close_matches(word, self.choices, n=3, cutoff=0.6)
        if self._index is None:
            self._index = {}
            for choice in self.choices:
                for key in _deletions(choice):
                    self._index.setdefault(key, []).append(choice)
        candidates: dict[str, None] = {}
        for key in _deletions(word):
            for choice in self._index.get(key, ()):
                candidates.setdefault(choice)
            if len(candidates) >= _MOST_COMPARED:
                break
        return difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)


def _deletions(word: str) -> set[str]:
    """``word`` and every text made by deleting one of its characters (of the first 64 only: ids are short)."""
    head = word[:64]
    return {word, *(head[:i] + head[i + 1:] for i in range(len(head)))}
