"""Console-script entry point, with a fast path for the calls scripts make in loops.

Importing typer costs more than all the rest of ``laos-tip get arrests``: the interpreter,
PyYAML, loading and validating the fact file. So when the arguments are ones this module
fully understands — ``get KEY``, ``check [PATH]`` and the listing commands with ``--facts``,
``--year``, ``--format``, ``--json`` or ``--details`` — it runs the command body from ``runtime``
directly. Anything else (help, completion, other commands, an unknown option, a bad value, a repeated option)
goes to the typer app, which parses it and prints its usual messages. Both paths run the
same functions; the tests check that they print the same bytes.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

#: Commands served here: name -> (number of positional arguments, options with a value, flags).
#: ``key`` below is the positional argument: the key of ``get``, the optional PATH of ``check``.
_COMMANDS = {
    "get": (1, {"--facts", "--year", "-y"}, {"--json"}),
    "check": (-1, {"--facts"}, {"--json"}),  # -1: an optional PATH
    "summary": (0, {"--facts", "--year", "-y", "--format", "-f"}, {"--json", "--details", "-d"}),
    "ratios": (0, {"--facts", "--year", "-y", "--format", "-f"}, {"--json", "--details", "-d"}),
    "partners": (0, {"--facts", "--year", "-y", "--format", "-f"}, {"--json", "--details", "-d"}),
}
_FORMATS = ("table", "json", "csv", "tsv", "markdown")
_CANONICAL = {"-y": "--year", "-f": "--format"}
#: Flags that are one flag under two names: typer would take either twice, the fast path leaves that to typer.
_SAME = {"--details": {"--details", "-d"}, "-d": {"--details", "-d"}}


@dataclass(frozen=True)
class Request:
    """A fully understood command line."""

    command: str
    key: str | None
    facts: str | None
    year: int | None
    fmt: str
    as_json: bool
    details: bool = False


def parse(argv: list[str]) -> Request | None:
    """The request ``argv`` makes, or None when the typer app should handle it."""
    if not argv or argv[0] not in _COMMANDS:
        return None
    positional_count, valued, flags = _COMMANDS[argv[0]]
    positionals: list[str] = []
    options: dict[str, str] = {}
    seen_flags: set[str] = set()
    tokens = iter(argv[1:])
    for token in tokens:
        name, has_value, value = token.partition("=")
        if token in flags and not seen_flags & _SAME.get(token, {token}):
            seen_flags.add(token)
        elif name in valued and _CANONICAL.get(name, name) not in options:
            if not has_value:
                value = next(tokens, "")
            if not value or (value.startswith("-") and name != "--facts"):
                return None
            options[_CANONICAL.get(name, name)] = value
        elif not token.startswith("-") and len(positionals) < abs(positional_count):
            positionals.append(token)
        else:
            return None
    if positional_count >= 0 and len(positionals) != positional_count:
        return None
    year = options.get("--year")
    if year is not None and plain_year(year) is None:
        return None
    fmt = options.get("--format", "table")
    as_json = "--json" in seen_flags
    if fmt not in _FORMATS or (as_json and fmt not in ("table", "json")):
        return None
    return Request(
        command=argv[0],
        key=positionals[0] if positionals else None,
        facts=options.get("--facts") or os.environ.get("LAOS_TIP_FACTS") or None,
        year=int(year) if year is not None else None,
        fmt="json" if as_json else fmt,
        as_json=as_json,
        details=bool(seen_flags & {"--details", "-d"}),
    )


def plain_year(text: str) -> int | None:
    """A year written in plain decimal digits (at most 9), else None.

    Python's int() also reads '2_024', '+2024', ' 2024' and other scripts' digits, and
    refuses more than 4,300 digits with an error of its own: a year must read as typed.
    """
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


def run(request: Request) -> int:
    """Run a parsed request; the exit status."""
    from laos_tip.output import Format
    from laos_tip.runtime import guarded, show_check, show_listing, show_value

    if request.command == "get":
        return guarded(lambda: show_value(str(request.key), request.facts, request.year, request.as_json))
    if request.command == "check":
        return guarded(lambda: show_check(request.key, request.facts, request.as_json))
    return guarded(lambda: show_listing(request.command, request.facts, request.year, Format(request.fmt),
                                        request.details))


def main() -> None:
    """``laos-tip``: the fast path when it applies, else the typer app.

    The one place where every way out of the program meets: the standard streams are made
    safe first (``runtime.prepare_streams``), and whatever the command or typer did, the
    output is flushed here, so a full disk or an encoding error is one line on stderr and
    exit 1, a reader that left early a quiet end, Ctrl-C a quiet exit 130; never a traceback.
    """
    from laos_tip.runtime import ExitCode, output_failure, prepare_streams

    prepare_streams()
    code: object
    try:
        request = parse(sys.argv[1:])
        if request is None:
            from laos_tip.cli import main as typer_main

            typer_main()
            code = ExitCode.OK
        else:
            code = run(request)
    except SystemExit as leaving:
        code = leaving.code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except (OSError, UnicodeEncodeError) as problem:  # help or a usage message that could not be written
        code = output_failure(problem)
    try:
        sys.stdout.flush()
    except (OSError, UnicodeEncodeError) as problem:
        failed = output_failure(problem)
        code = code or failed
    sys.exit(code)
