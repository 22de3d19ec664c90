"""What every way into laos-tip shares, without typer: exit codes, messages, the fact file, the command bodies.

Both the typer app (``cli.py``) and the fast path for scripts (``fast.py``) run commands
through these functions, so the two can never print different things for the same request.
Nothing here imports typer or rich.
"""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path

from laos_tip.errors import LaosTipError, NoDataError
from laos_tip.model import FactBase
from laos_tip.output import Format, render, to_json, write
from laos_tip.schema import load


class ExitCode(enum.IntEnum):
    """Exit statuses of laos-tip, as documented in the README."""

    OK = 0
    ERROR = 1  # a bad fact file, an unknown key, a year without figures
    USAGE = 2  # a wrong option or argument (Click's convention)


ENV_FACTS = "LAOS_TIP_FACTS"
PACKAGED_FACTS = Path(__file__).resolve().parent / "facts.yaml"  # inside an installed wheel
CHECKOUT_FACTS = Path(__file__).resolve().parent.parent / "facts.yaml"  # checkout or editable install
#: How output names the shipped fact file, wherever it is installed: never a local path.
SHIPPED_NAME = "laos_tip/facts.yaml"
#: Listing commands that take --facts, --year and --format, by name.
LISTINGS = ("summary", "ratios", "partners")


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    sys.stderr.write(f"laos-tip: error: {message}\n")


def warn(message: str) -> None:
    """A warning on stderr, so stdout keeps only the data asked for."""
    sys.stderr.write(f"laos-tip: warning: {message}\n")


def note(message: str) -> None:
    """What a command did, on stderr, for commands whose stdout carries no data."""
    sys.stderr.write(f"laos-tip: {message}\n")


def silence_stdout() -> None:
    """After the reader closed the pipe, send what is left to /dev/null so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. under CliRunner)
        pass


def guarded(action: Callable[[], ExitCode | None]) -> ExitCode:
    """Run a command body: LaosTipError becomes one line on stderr and exit 1, a closed pipe a quiet exit 0.

    The one place that maps the library's errors to exit codes, for the typer app and the fast path alike.
    """
    try:
        code = action()
        sys.stdout.flush()
    except LaosTipError as problem:
        error(str(problem))
        return ExitCode.ERROR
    except BrokenPipeError:
        silence_stdout()
        return ExitCode.OK
    return code or ExitCode.OK


def facts_path(option: Path | str | None) -> str:
    """The fact file to read: --facts or LAOS_TIP_FACTS, else the shipped one."""
    if option is not None:
        return str(option)
    if PACKAGED_FACTS.is_file():
        return str(PACKAGED_FACTS)
    return str(CHECKOUT_FACTS)


def facts_name(option: Path | str | None) -> str:
    """How output names the fact file: as the user gave it, or ``laos_tip/facts.yaml`` for the shipped one."""
    return str(option) if option is not None else SHIPPED_NAME


def load_facts(option: Path | str | None) -> FactBase:
    """Load and validate the chosen fact file."""
    return load(facts_path(option), facts_name(option))


def choose_period(facts: FactBase, year: int | None) -> int:
    """--year, or the latest period with figures; a year without figures is an error."""
    periods = facts.periods()
    if not periods:
        raise NoDataError(f"{facts.path} holds no figures")
    if year is None:
        return periods[-1]
    if year not in periods:
        raise NoDataError(f"no figures for {year}; years with figures: {', '.join(map(str, periods))}")
    return year


def show_listing(command: str, facts: Path | str | None, year: int | None, fmt: Format,
                 details: bool = False) -> None:
    """Body of ``summary``, ``ratios`` and ``partners``: load, pick the year, render."""
    from laos_tip import views

    fact_base = load_facts(facts)
    builders = {"summary": views.summary, "ratios": views.ratios, "partners": views.partners}
    render(builders[command](fact_base, choose_period(fact_base, year)), fmt, details)


def show_value(key: str, facts: Path | str | None, year: int | None, as_json: bool) -> None:
    """Body of ``get``: the bare value (or JSON) on stdout, warnings on stderr."""
    from laos_tip import views

    fact_base = load_facts(facts)
    answer = views.lookup(fact_base, key, choose_period(fact_base, year))
    for message in answer.warnings:
        warn(message)
    write(to_json(answer.document) if as_json else answer.text + "\n")


def show_check(path: Path | str | None, facts: Path | str | None, as_json: bool) -> ExitCode:
    """Body of ``check``: every problem on stdout (or JSON), then conflicts between sources as findings.

    A file with problems exits 1 with a verdict on stderr; conflicts between sources are
    information about the sources, not errors in the file, and leave the status 0.
    """
    from laos_tip import views
    from laos_tip.check import check_file

    chosen = path if path is not None else facts
    report = check_file(facts_path(chosen), facts_name(chosen))
    if as_json:
        write(to_json(views.check_document(report)))
    elif report.valid:
        write(f"ok: {report.path}: {report.describe_counts()}\n")
        write("".join(f"finding: sources disagree: {views.contradiction_note(h)}\n" for h in report.conflicts))
    else:
        write("".join(problem.describe(report.path) + "\n" for problem in report.problems))
    if report.valid:
        return ExitCode.OK
    sys.stdout.flush()  # the list first, then the verdict, when both go to one terminal or log
    count = len(report.problems)
    error(f"{report.path} is not a valid fact file ({count} problem{'s' if count > 1 else ''})")
    return ExitCode.ERROR
