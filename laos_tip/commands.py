"""The body of every laos-tip command, called alike by the typer app and by the fast path.

Each function is named like its command in ``spec.COMMANDS`` and takes one keyword argument per
declared parameter, already converted (years as int, formats as enums, paths as typed). A
combination of options a command refuses raises ``UsageError`` before anything is printed: the
typer app shows it as a usage error (exit 2), the fast path hands the call to the typer app.
Modules beyond ``runtime`` are imported inside the bodies, so each command loads only what it uses.
"""

from __future__ import annotations

from laos_tip.errors import UsageError
from laos_tip.runtime import ExitCode, choose_period, load_facts, note, show_check, show_values
from laos_tip.spec import Format, SourcesFormat, ValueFormat

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from collections.abc import Callable

    from laos_tip.model import FactBase
    from laos_tip.views import View


def choose_format(fmt: Format, json_output: bool) -> Format:
    """--json is --format json; asking for both json and another format is a usage error."""
    if json_output and fmt not in (Format.table, Format.json):
        raise UsageError(f"--json contradicts --format {fmt.value}", "'--json'")
    return Format.json if json_output else fmt


def _show(build: Callable[[FactBase], View], facts: str | None, fmt: Format, json_output: bool,
          details: bool) -> None:
    """The body of a command that shows one view of the fact file: check the options, load, render."""
    from laos_tip.output import render

    chosen = choose_format(fmt, json_output)
    render(build(load_facts(facts)), chosen, details)


def summary(*, facts: str | None, year: int | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(lambda fact_base: views.summary(fact_base, choose_period(fact_base, year)), facts, fmt, json_output,
          details)


def ratios(*, facts: str | None, year: int | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(lambda fact_base: views.ratios(fact_base, choose_period(fact_base, year)), facts, fmt, json_output,
          details)


def partners(*, facts: str | None, year: int | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(lambda fact_base: views.partners(fact_base, choose_period(fact_base, year)), facts, fmt, json_output,
          details)


def get(*, key: list[str], facts: str | None, year: int | None, fmt: ValueFormat, json_output: bool) -> None:
    if json_output and fmt is not ValueFormat.json and fmt is not ValueFormat.value:
        raise UsageError(f"--json contradicts --format {fmt.value}", "'--json'")
    show_values(list(key), facts, year, ValueFormat.json if json_output else fmt)


def keys(*, facts: str | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(views.keys, facts, fmt, json_output, details)


def schema() -> None:
    from laos_tip.output import to_json, write
    from laos_tip.schema import json_schema

    write(to_json(json_schema()))


def sources(*, facts: str | None, quotes: bool, bibtex: bool, fmt: SourcesFormat, json_output: bool,
            details: bool) -> None:
    from laos_tip import views
    from laos_tip.output import render, to_json, write

    if bibtex and (quotes or json_output or fmt is not SourcesFormat.table):
        raise UsageError("--bibtex prints BibTeX only; leave out --quotes, --json and --format", "'--bibtex'")
    if fmt is SourcesFormat.csl_json and (quotes or json_output):
        raise UsageError("--format csl-json prints the sources only; leave out --quotes and --json", "'--format'")
    chosen = None if fmt is SourcesFormat.csl_json else choose_format(Format(fmt.value), json_output)
    fact_base = load_facts(facts)
    if bibtex:
        write(views.bibtex(fact_base))
        return
    if chosen is None:
        write(to_json(views.csl_json(fact_base)))
        return
    render(views.sources(fact_base, quotes=quotes), chosen, details)


def export(*, path: str, facts: str | None, force: bool, datasette_metadata: bool) -> None:
    from laos_tip import export as exporting

    try:
        fmt = exporting.format_for(path)
    except exporting.UnknownFormatError as problem:
        raise UsageError(str(problem), "'PATH'") from None
    if datasette_metadata and fmt != "sqlite":
        raise UsageError("Datasette metadata goes with a SQLite export (.sqlite or .db)", "'--datasette-metadata'")
    counts = exporting.export(load_facts(facts), path, force=force, datasette_metadata=datasette_metadata)
    note(f"wrote {path} ({fmt}; {', '.join(f'{name}: {rows}' for name, rows in counts.items())})")
    if datasette_metadata:
        note(f"wrote {exporting.metadata_path(path)} (Datasette metadata)")


def trend(*, metric: str, facts: str | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(lambda fact_base: views.trend(fact_base, metric), facts, fmt, json_output, details)


def compare(*, year_a: int, year_b: int, facts: str | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views
    from laos_tip.output import render

    if year_a == year_b:
        raise UsageError(f"compare needs two different years, got {year_a} twice", "'YEAR_B'")
    chosen = choose_format(fmt, json_output)
    fact_base = load_facts(facts)
    earlier, later = choose_period(fact_base, year_a), choose_period(fact_base, year_b)
    render(views.compare(fact_base, earlier, later), chosen, details)


def tier(*, facts: str | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(views.tiers, facts, fmt, json_output, details)


def pipeline(*, facts: str | None, fmt: Format, json_output: bool, details: bool) -> None:
    from laos_tip import views

    _show(views.pipeline, facts, fmt, json_output, details)


def check(*, path: list[str] | None, facts: str | None, json_output: bool) -> ExitCode:
    if not path:
        return show_check(None, facts, json_output)
    if len(path) > 1 and json_output:
        raise UsageError("--json reports one file; check the files one at a time", "'--json'")
    # Every file is checked and reported (pre-commit passes all the changed files at once).
    return max(show_check(one, facts, json_output) for one in path)
