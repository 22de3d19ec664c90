"""The ``laos-tip`` command line: the one place that prints messages and chooses exit codes.

Commands load the fact file, ask ``views`` for what to show, and hand it to ``output``.
Errors a user can cause arrive here as LaosTipError and leave as one line on stderr.
"""

from __future__ import annotations

import enum
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

import typer

from laos_tip import __version__
from laos_tip.fast import plain_year
from laos_tip.output import Format, render, to_json, write
from laos_tip.runtime import (
    ENV_FACTS,
    ExitCode,
    choose_period,
    guarded,
    load_facts,
    note,
    show_check,
    show_listing,
    show_value,
)


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
DetailsOption = Annotated[
    bool,
    typer.Option("--details", "-d",
                 help="In a terminal, show everything (caveats, notes, sources), not the brief view."),
]


def parse_year(text: str) -> int:
    """--year, YEAR_A and YEAR_B: plain decimal digits, as the fact file's loader reads years too."""
    year = plain_year(text)
    if year is None:
        shown = text if len(text) <= 20 else text[:17] + "..."
        raise typer.BadParameter(f"{shown!r} is not a year; write it in plain digits, e.g. 2024")
    return year


YearOption = Annotated[
    Optional[int],
    typer.Option("--year", "-y", metavar="YEAR", parser=parse_year,
                 help="Reporting period; default: the latest year with figures."),
]

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Run a command through ``runtime.guarded``: its exit code leaves as typer.Exit."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        code = guarded(lambda: command(*args, **kwargs))
        if code:
            raise typer.Exit(code)

    return run  # type: ignore[return-value]


def choose_format(fmt: Format, json_flag: bool) -> Format:
    """--json is --format json; asking for both json and another format is a usage error."""
    if json_flag and fmt not in (Format.table, Format.json):
        raise typer.BadParameter(f"--json contradicts --format {fmt.value}", param_hint="'--json'")
    return Format.json if json_flag else fmt


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
    details: DetailsOption = False,
) -> None:
    """Headline figures by pillar (prosecution, protection, prevention, partnership).

    Example: laos-tip summary --year 2024
    """
    show_listing("summary", facts, year, choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def ratios(
    facts: FactsOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """Derived ratios (arrests per case, share of minor victims ...) with their caveats.

    Example: laos-tip ratios --json
    """
    show_listing("ratios", facts, year, choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def partners(
    facts: FactsOption = None,
    year: YearOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """Partner nations against cross-border trafficking, with ISO 3166-1 codes.

    Example: laos-tip partners --json
    """
    show_listing("partners", facts, year, choose_format(fmt, json_output), details)


def complete_key(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Keys starting with ``incomplete``, with their labels, for shell completion of ``get``.

    Runs inside the user's shell on every Tab: it loads the fact file only then, and
    answers nothing rather than ever raising.
    """
    try:
        from laos_tip import views

        fact_base = load_facts(ctx.params.get("facts"))
        return [(row["key"], row["label"]) for row in views.key_rows(fact_base) if row["key"].startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


@app.command()
@reports_errors
def get(
    key: Annotated[
        str,
        typer.Argument(metavar="KEY", help="A key listed by 'laos-tip keys', e.g. arrests.",
                       autocompletion=complete_key, show_default=False),
    ],
    facts: FactsOption = None,
    year: YearOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="The value with its unit, period, sources and quotes, as JSON.")
    ] = False,
) -> None:
    """Print one figure or ratio as a bare value, for scripts: n=$(laos-tip get arrests).

    Ratios print at full precision; contradicting sources and lower bounds are reported on stderr.

    Example: laos-tip get arrests --year 2024
    """
    show_value(key, facts, year, json_output)


@app.command()
@reports_errors
def keys(
    facts: FactsOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """List every key that 'laos-tip get' answers, with its kind, unit and description.

    Example: laos-tip keys --format csv
    """
    from laos_tip import views

    render(views.keys(load_facts(facts)), choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the fact file, for editors that validate YAML.

    Example: laos-tip schema > facts.schema.json
    """
    from laos_tip.schema import json_schema

    write(to_json(json_schema()))


class SourcesFormat(str, enum.Enum):
    """Output formats of ``sources``: those of the listings, and CSL-JSON for reference managers."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    csl_json = "csl-json"


@app.command()
@reports_errors
def sources(
    facts: FactsOption = None,
    quotes: Annotated[
        bool, typer.Option("--quotes", help="Also show, for each figure, the sentence of the source that states it.")
    ] = False,
    bibtex: Annotated[
        bool, typer.Option("--bibtex", help="Print the sources as BibTeX entries (a .bib file) instead.")
    ] = False,
    fmt: Annotated[
        SourcesFormat,
        typer.Option("--format", "-f",
                     help="Output format; json, csv and tsv are for scripts, csl-json for reference managers."),
    ] = SourcesFormat.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """List the sources with ready-to-paste citations (plain text; BibTeX with --bibtex; CSL-JSON).

    Example: laos-tip sources --quotes
    """
    from laos_tip import views

    if bibtex and (quotes or json_output or fmt is not SourcesFormat.table):
        raise typer.BadParameter("--bibtex prints BibTeX only; leave out --quotes, --json and --format",
                                 param_hint="'--bibtex'")
    if fmt is SourcesFormat.csl_json and (quotes or json_output):
        raise typer.BadParameter("--format csl-json prints the sources only; leave out --quotes and --json",
                                 param_hint="'--format'")
    fact_base = load_facts(facts)
    if bibtex:
        write(views.bibtex(fact_base))
        return
    if fmt is SourcesFormat.csl_json:
        write(to_json(views.csl_json(fact_base)))
        return
    render(views.sources(fact_base, quotes=quotes), choose_format(Format(fmt.value), json_output), details)


@app.command()
@reports_errors
def export(
    path: Annotated[
        str,  # not Path: Path("x.json/") drops the slash that says "a directory"
        typer.Argument(metavar="PATH", help="File to write: .json, .csv (the headline table), .sqlite or .db; "
                       "DIR/datapackage.json writes a Data Package (one CSV per table) into DIR.",
                       show_default=False),
    ],
    facts: FactsOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    datasette_metadata: Annotated[
        bool, typer.Option("--datasette-metadata",
                           help="With a SQLite file, also write NAME.metadata.json beside it for Datasette.")
    ] = False,
) -> None:
    """Write the whole fact base to a JSON, CSV or SQLite file, or a Data Package, chosen by the name.

    Written next to PATH, then renamed into place: PATH is never half-written, and kept unless --force.

    Example: laos-tip export laos-tip.sqlite
    """
    from laos_tip import export as exporting

    try:
        fmt = exporting.format_for(path)
    except exporting.UnknownFormatError as problem:
        raise typer.BadParameter(str(problem), param_hint="'PATH'") from None
    if datasette_metadata and fmt != "sqlite":
        raise typer.BadParameter("Datasette metadata goes with a SQLite export (.sqlite or .db)",
                                 param_hint="'--datasette-metadata'")
    counts = exporting.export(load_facts(facts), path, force=force, datasette_metadata=datasette_metadata)
    note(f"wrote {path} ({fmt}; {', '.join(f'{name}: {rows}' for name, rows in counts.items())})")
    if datasette_metadata:
        note(f"wrote {exporting.metadata_path(path)} (Datasette metadata)")


MetricArgument = Annotated[str, typer.Argument(metavar="METRIC", help="Key of the metric, e.g. arrests.")]


@app.command()
@reports_errors
def trend(
    metric: MetricArgument,
    facts: FactsOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """A metric's value in every year, with its sources and a bar chart.

    Example: laos-tip trend arrests
    """
    from laos_tip import views

    render(views.trend(load_facts(facts), metric), choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def compare(
    year_a: Annotated[int, typer.Argument(metavar="YEAR_A", parser=parse_year, help="One year, e.g. 2023.")],
    year_b: Annotated[int, typer.Argument(metavar="YEAR_B", parser=parse_year, help="Another year, e.g. 2024.")],
    facts: FactsOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """Two years side by side: only figures of the same metric are compared.

    Example: laos-tip compare 2023 2024
    """
    from laos_tip import views

    if year_a == year_b:
        raise typer.BadParameter(f"compare needs two different years, got {year_a} twice", param_hint="'YEAR_B'")
    fact_base = load_facts(facts)
    earlier, later = choose_period(fact_base, year_a), choose_period(fact_base, year_b)
    render(views.compare(fact_base, earlier, later), choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def tier(
    facts: FactsOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """Tier placements of Laos in the US Trafficking in Persons Report, with their sources.

    Example: laos-tip tier
    """
    from laos_tip import views

    render(views.tiers(load_facts(facts)), choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def pipeline(
    facts: FactsOption = None,
    fmt: FormatOption = Format.table,
    json_output: JsonOption = False,
    details: DetailsOption = False,
) -> None:
    """Law-enforcement pipeline by year: incidents, cases opened, prosecuted, convicted; gaps stay gaps.

    Example: laos-tip pipeline --format csv
    """
    from laos_tip import views

    render(views.pipeline(load_facts(facts)), choose_format(fmt, json_output), details)


@app.command()
@reports_errors
def check(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(
            metavar="[PATH]...", show_default=False,
            help="Fact files to check, each reported; default: the one --facts or LAOS_TIP_FACTS names, "
                 "else the shipped one.",
        ),
    ] = None,
    facts: FactsOption = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="The problems as a JSON document, for CI pipelines.")
    ] = False,
) -> ExitCode:
    """Validate fact files and list every problem in them, with line, column and field.

    Conflicts between sources are listed as findings; they are not problems of the file.
    Exit status: 0 when every file is valid, 1 when one has problems, 2 for a usage error.

    Example: laos-tip check my-facts.yaml
    """
    if not paths:
        return show_check(None, facts, json_output)
    if len(paths) > 1 and json_output:
        raise typer.BadParameter("--json reports one file; check the files one at a time", param_hint="'--json'")
    # Every file is checked and reported (pre-commit passes all the changed files at once).
    return max(show_check(path, facts, json_output) for path in paths)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="laos-tip")
