"""The ``laos-tip`` command line: the one place that prints messages and chooses exit codes.

Commands load the fact file, ask ``views`` for what to show, and hand it to ``output``.
Errors a user can cause arrive here as LaosTipError and leave as one line on stderr.
"""

from __future__ import annotations

import enum
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from laos_tip import __version__
from laos_tip.errors import LaosTipError, NoDataError
from laos_tip.model import FactBase
from laos_tip.output import Format, render
from laos_tip.schema import load


class ExitCode(enum.IntEnum):
    """Exit statuses of laos-tip, as documented in the README."""

    OK = 0
    ERROR = 1  # a bad fact file, an unknown key, a year without figures
    USAGE = 2  # a wrong option or argument (Click's convention)


ENV_FACTS = "LAOS_TIP_FACTS"
PACKAGED_FACTS = Path(__file__).resolve().parent / "facts.yaml"  # inside an installed wheel
CHECKOUT_FACTS = Path(__file__).resolve().parent.parent / "facts.yaml"  # checkout or editable install

app = typer.Typer(
    name="laos-tip",
    help=(
        "Official figures on trafficking in persons (TIP) in Laos: queryable, citable, scriptable.\n\n"
        "Every figure comes with the source sentence that states it. Example: laos-tip summary"
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

FactsOption = Annotated[
    Optional[Path],
    typer.Option(
        "--facts", metavar="PATH", envvar=ENV_FACTS, show_envvar=True,
        help="Fact file to read instead of the one shipped with laos-tip.",
    ),
]
FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="Output format; json, csv and tsv are for scripts.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
YearOption = Annotated[
    Optional[int],
    typer.Option("--year", "-y", metavar="YEAR", help="Reporting period; default: the latest year with figures."),
]

F = TypeVar("F", bound=Callable[..., Any])


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    sys.stderr.write(f"laos-tip: error: {message}\n")


def reports_errors(command: F) -> F:
    """Turn LaosTipError into one line on stderr and exit 1; a closed stdout pipe into a quiet end."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            result = command(*args, **kwargs)
            sys.stdout.flush()
            return result
        except LaosTipError as problem:
            error(str(problem))
            raise typer.Exit(ExitCode.ERROR) from None
        except BrokenPipeError:
            _silence_stdout()
            raise typer.Exit(ExitCode.OK) from None

    return run  # type: ignore[return-value]


def _silence_stdout() -> None:
    """After the reader closed the pipe, send what is left to /dev/null so exit does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. under CliRunner)
        pass


def facts_path(option: Path | None) -> str:
    """The fact file to read: --facts or LAOS_TIP_FACTS, else the shipped one."""
    if option is not None:
        return str(option)
    if PACKAGED_FACTS.is_file():
        return str(PACKAGED_FACTS)
    return str(CHECKOUT_FACTS)


def load_facts(option: Path | None) -> FactBase:
    """Load and validate the chosen fact file."""
    return load(facts_path(option))


def choose_format(fmt: Format, json_flag: bool) -> Format:
    """--json is --format json; asking for both json and another format is a usage error."""
    if json_flag and fmt not in (Format.table, Format.json):
        raise typer.BadParameter(f"--json contradicts --format {fmt.value}", param_hint="'--json'")
    return Format.json if json_flag else fmt


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


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"laos-tip {__version__}\n")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Official figures on trafficking in persons (TIP) in Laos: queryable, citable, scriptable.

    Every figure comes with the source sentence that states it.

    Example: laos-tip summary
    """


@app.command()
@reports_errors
def summary(
    facts: FactsOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
) -> None:
    """Headline figures by pillar (prosecution, protection, prevention, partnership).

    Example: laos-tip summary --year 2024
    """
    from laos_tip import views

    fact_base = load_facts(facts)
    render(views.summary(fact_base, choose_period(fact_base, year)), choose_format(fmt, json_output))


@app.command()
@reports_errors
def ratios(
    facts: FactsOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
) -> None:
    """Derived ratios (arrests per case, share of minor victims ...) with their caveats.

    Example: laos-tip ratios --json
    """
    from laos_tip import views

    fact_base = load_facts(facts)
    render(views.ratios(fact_base, choose_period(fact_base, year)), choose_format(fmt, json_output))


@app.command()
@reports_errors
def partners(
    facts: FactsOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
) -> None:
    """Partner nations against cross-border trafficking, with ISO 3166-1 codes.

    Example: laos-tip partners --json
    """
    from laos_tip import views

    fact_base = load_facts(facts)
    render(views.partners(fact_base, choose_period(fact_base, year)), choose_format(fmt, json_output))


@app.command()
@reports_errors
def check(
    path: Annotated[
        Optional[Path],
        typer.Argument(
            metavar="[PATH]", show_default=False,
            help="Fact file to check; default: the one --facts or LAOS_TIP_FACTS names, else the shipped one.",
        ),
    ] = None,
    facts: FactsOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="The problems as a JSON document, for CI pipelines.")
    ] = False,
) -> None:
    """Validate a fact file and list every problem in it, with line, column and field.

    Exit status: 0 when the file is valid, 1 when it has problems, 2 for a usage error.

    Example: laos-tip check my-facts.yaml
    """
    from laos_tip import views
    from laos_tip.check import check_file
    from laos_tip.output import to_json, write

    report = check_file(str(path) if path is not None else facts_path(facts))
    if json_output:
        write(to_json(views.check_document(report)))
    elif report.valid:
        write(f"ok: {report.path}: {report.describe_counts()}\n")
    else:
        write("".join(problem.describe(report.path) + "\n" for problem in report.problems))
    if not report.valid:
        sys.stdout.flush()  # the list first, then the verdict, when both go to one terminal or log
        count = len(report.problems)
        error(f"{report.path} is not a valid fact file ({count} problem{'s' if count > 1 else ''})")
        raise typer.Exit(ExitCode.ERROR)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="laos-tip")
