"""The body of every laos-tip command, called alike by the typer app and by the fast path.

A command declared with a ``view`` (``declaration.py``) runs ``show``: check the options, load the
fact file, build the view, render it. A command that needs more has a function of its own here,
named like the command, taking one keyword argument per declared parameter, already converted
(years as int, formats as enums, paths as typed). A combination of options a command refuses raises
``UsageError`` before anything is printed: the typer app shows it as a usage error (exit 2), the fast
path hands the call to the typer app. Modules beyond the declaration are imported inside the bodies,
so each command loads only what it uses.
"""

from __future__ import annotations

from collections.abc import Callable

from laos_tip.cli.declaration import CSL_JSON, VALUE, Command
from laos_tip.cli.exit_codes import ExitCode
from laos_tip.core.citations import FORMATS as CITATION_FORMATS
from laos_tip.core.errors import UsageError
from laos_tip.render.formats import FIELD_FORMATS, Format

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    import enum
    from typing import Any

    from laos_tip.core.model import FactBase
    from laos_tip.views.base import View

#: The options every view command shares; the rest of its parameters go to its view.
_RENDERING = ("facts", "fmt", "json_output", "fields", "details", "no_pager")
#: The commands with a body of their own (``@own_body``), by name.
BODIES: dict[str, Callable[..., ExitCode | None]] = {}


def own_body(function: Callable[..., ExitCode | None]) -> Callable[..., ExitCode | None]:
    """Register ``function`` as the body of the command of the same name."""
    BODIES[function.__name__] = function
    return function


def choose_format(fmt: Format, json_output: bool) -> Format:
    """--json is --format json; asking for both json and another format is a usage error."""
    if json_output and fmt not in (Format.table, Format.json):
        raise UsageError(f"--json contradicts --format {fmt.value}", "'--json'")
    return Format.json if json_output else fmt


def choose_fields(fields: str | None, fmt: Format) -> list[str] | None:
    """--fields as the list of field names, or None; a usage error with a format it does not apply to.

    Names are separated by commas, spaces around them ignored; whether the rows have them is known
    only once they are built (``render.machine.machine_keys``).
    """
    if fields is None:
        return None
    if fmt not in FIELD_FORMATS:
        formats = ", ".join(f.value for f in FIELD_FORMATS)
        raise UsageError(f"--fields chooses the fields of --format {formats}, not {fmt.value}", "'--fields'")
    names = [name.strip() for name in fields.split(",")]
    if not all(names):
        raise UsageError(f"--fields takes field names separated by commas, e.g. key,value; got {fields!r}",
                         "'--fields'")
    return names


class _Kept:
    """The fact base of the command last run in this process, kept until the next one replaces it.

    Freeing a large fact base object by object as its command returns cost as much as 25 ms at 50,000
    figures, for a console script that then ends at once (``entry._leave_now``); one slot, so that
    a process that runs many commands (the tests, a notebook) keeps no more than one.
    """

    facts: object = None


def load_facts(option: str | None) -> FactBase:
    """The fact file --facts names, else the shipped one (``pipeline.load_chosen``), kept to the end (``_Kept``)."""
    from laos_tip.factfile.pipeline import load_chosen

    facts = load_chosen(option)
    _Kept.facts = facts
    return facts


def builder(command: Command) -> Callable[..., View]:
    """The function that builds ``command``'s view, from its declared ``view`` ("module:function")."""
    import importlib

    assert command.view is not None, f"{command.name} declares no view"
    module, _, function = command.view.partition(":")
    built: Callable[..., View] = getattr(importlib.import_module(f"laos_tip.views.{module}"), function)
    return built


def show(command: Command, values: dict[str, Any]) -> None:
    """The body of a command that shows one view: check the options, load the fact file, build the view, render."""
    from laos_tip.render.writer import render
    from laos_tip.views.base import choose_period

    chosen = choose_format(values["fmt"], values["json_output"])
    fields = choose_fields(values["fields"], chosen)
    fact_base = load_facts(values["facts"])
    arguments = {name: value for name, value in values.items() if name not in _RENDERING}
    if "year" in arguments:
        arguments["period"] = choose_period(fact_base, arguments.pop("year"))
    render(builder(command)(fact_base, **arguments), chosen, values["details"], fields, pager=not values["no_pager"])


def body(command: Command) -> Callable[..., ExitCode | None]:
    """What runs ``command``: its own function here, else ``show`` with its view."""
    if command.name in BODIES:
        return BODIES[command.name]
    return lambda **values: show(command, values)


@own_body
def get(*, key: list[str], facts: str | None, year: int | None, fmt: enum.Enum, json_output: bool,
        fields: str | None) -> None:
    """``get``: the values of the keys in the order asked, on stdout; warnings on stderr.

    Every key is looked up before anything is printed, so an unknown key (or one without a
    value that year) fails the whole call with no partial output. One key with --json prints
    the key's document; several print one document whose ``values`` lists the same documents
    without the envelope's fields. ``value`` prints the bare values, ``tsv`` ``KEY<TAB>VALUE``
    lines (without a header; --fields chooses other columns); every other format writes the
    ``value row`` of each key, as the listings write theirs.
    """
    if json_output and fmt.value not in (Format.json.value, VALUE):
        raise UsageError(f"--json contradicts --format {fmt.value}", "'--json'")
    chosen = Format.json.value if json_output else fmt.value
    if fields is not None and chosen == VALUE:
        raise UsageError("--fields chooses the fields of a format; --format value prints bare values", "'--fields'")
    fieldnames = choose_fields(fields, Format(chosen)) if fields is not None else None
    from laos_tip.cli.streams import warn
    from laos_tip.render.machine import to_json
    from laos_tip.render.writer import write
    from laos_tip.views.base import choose_period
    from laos_tip.views.envelope import ENVELOPE, envelope
    from laos_tip.views.lookup import lookup

    fact_base = load_facts(facts)
    period = choose_period(fact_base, year)
    answers = [lookup(fact_base, one, period) for one in key]
    for answer in answers:
        for message in answer.warnings:
            warn(message)
    if chosen == VALUE:
        write("".join(answer.text + "\n" for answer in answers))
    elif chosen == Format.json.value and fieldnames is None:
        if len(answers) == 1:
            write(to_json(answers[0].document))
        else:
            values = [{k: v for k, v in answer.document.items() if k not in ENVELOPE} for answer in answers]
            write(to_json(envelope("get", fact_base, values=values)))
    else:
        from laos_tip.render.machine import to_tsv
        from laos_tip.render.writer import render
        from laos_tip.views.lookup import values as values_view

        view = values_view(fact_base, answers, period)
        if chosen == Format.tsv.value:  # lines for `while read`: no header, the key and its value unless --fields
            write(to_tsv(view, fieldnames or ["key", "value"], header=False))
        else:
            render(view, Format(chosen), fields=fieldnames)


@own_body
def schema() -> None:
    from laos_tip.factfile.jsonschema import json_schema
    from laos_tip.render.machine import to_json
    from laos_tip.render.writer import write

    write(to_json(json_schema()))


@own_body
def sources(*, facts: str | None, quotes: bool, bibtex: bool, fmt: enum.Enum, json_output: bool,
            fields: str | None, details: bool, no_pager: bool) -> None:
    if bibtex and (quotes or json_output or fields is not None or fmt.value != Format.table.value):
        raise UsageError("--bibtex prints BibTeX only; leave out --quotes, --json, --fields and --format",
                         "'--bibtex'")
    citing = "bibtex" if bibtex else fmt.value if fmt.value in CITATION_FORMATS else None
    if citing and not bibtex and (quotes or json_output or fields is not None):
        raise UsageError(f"--format {citing} prints the sources only; leave out --quotes, --json and --fields",
                         "'--format'")
    chosen = None if citing else choose_format(Format(fmt.value), json_output)
    fieldnames = choose_fields(fields, chosen) if chosen is not None else None
    from laos_tip.render.machine import to_json
    from laos_tip.render.writer import render, write
    from laos_tip.views import sources as source_views

    fact_base = load_facts(facts)
    if citing == CSL_JSON:
        write(to_json(source_views.csl_json(fact_base)))
    elif citing:
        write(source_views.citations(fact_base, citing))
    else:
        render(source_views.sources(fact_base, quotes=quotes), chosen or Format.table, details, fieldnames,
               pager=not no_pager)


@own_body
def cite(*, facts: str | None, fmt: enum.Enum) -> None:
    from laos_tip.render.machine import to_json
    from laos_tip.render.writer import write
    from laos_tip.views.sources import dataset

    citation = dataset(load_facts(facts), fmt.value)
    write(citation if isinstance(citation, str) else to_json(citation))


@own_body
def export(*, path: str, facts: str | None, force: bool, datasette_metadata: bool, bom: bool) -> None:
    from laos_tip.core.errors import UnknownFormatError
    from laos_tip.export.formats import BOM_ONLY, DATASETTE_ONLY, format_for, takes_bom, takes_datasette_metadata

    try:
        fmt = format_for(path)
    except UnknownFormatError as problem:
        raise UsageError(str(problem), "'PATH'") from None
    if datasette_metadata and not takes_datasette_metadata(fmt):
        raise UsageError(DATASETTE_ONLY, "'--datasette-metadata'")
    if bom and not takes_bom(fmt):
        raise UsageError(BOM_ONLY, "'--bom'")
    from laos_tip import export as exporting
    from laos_tip.cli.streams import note

    counts = exporting.export(load_facts(facts), path, force=force, datasette_metadata=datasette_metadata, bom=bom)
    note(f"wrote {path} ({fmt}; {', '.join(f'{name}: {rows}' for name, rows in counts.items())})")
    if datasette_metadata:
        note(f"wrote {exporting.metadata_path(path)} (Datasette metadata)")


@own_body
def chart(*, what: str, output: str, facts: str | None, force: bool) -> None:
    from laos_tip.core.errors import UnknownFormatError
    from laos_tip.render.chart import chart_format

    try:
        fmt = chart_format(output)
    except UnknownFormatError as problem:
        raise UsageError(str(problem), "'--output'") from None
    from laos_tip.cli.streams import note
    from laos_tip.export.chart import write_chart

    write_chart(load_facts(facts), what, output, force=force)
    note(f"wrote {output} ({fmt} chart of {what})")


@own_body
def factsheet(*, path: str, facts: str | None, year: int | None, force: bool) -> None:
    """``factsheet``: the fact sheet of the year chosen, written to PATH as one HTML page."""
    from laos_tip.core.errors import UnknownFormatError
    from laos_tip.export.sheet import check_suffix

    try:
        check_suffix(path)
    except UnknownFormatError as problem:
        raise UsageError(str(problem), "'PATH'") from None
    from laos_tip.cli.streams import note
    from laos_tip.export.sheet import write_factsheet
    from laos_tip.views.base import choose_period

    fact_base = load_facts(facts)
    period = choose_period(fact_base, year)
    write_factsheet(fact_base, path, period, force)
    note(f"wrote {path} (fact sheet of {period}, HTML)")


@own_body
def compare(*, year_a: int, year_b: int, facts: str | None, fmt: Format, json_output: bool, fields: str | None,
            details: bool, no_pager: bool) -> None:
    if year_a == year_b:
        raise UsageError(f"compare needs two different years, got {year_a} twice", "'YEAR_B'")
    chosen = choose_format(fmt, json_output)
    fieldnames = choose_fields(fields, chosen)
    from laos_tip.render.writer import render
    from laos_tip.views.base import choose_period
    from laos_tip.views.compare import compare as compare_view

    fact_base = load_facts(facts)
    earlier, later = choose_period(fact_base, year_a), choose_period(fact_base, year_b)
    render(compare_view(fact_base, earlier, later), chosen, details, fieldnames, pager=not no_pager)


@own_body
def check(*, path: list[str] | None, facts: str | None, json_output: bool) -> ExitCode:
    if path and len(path) > 1 and json_output:
        raise UsageError("--json reports one file; check the files one at a time", "'--json'")
    if not path:
        return _check_one(None, facts, json_output)
    # Every file is checked and reported (pre-commit passes all the changed files at once).
    return max(_check_one(one, facts, json_output) for one in path)


def _check_one(path: str | None, facts: str | None, as_json: bool) -> ExitCode:
    """One file of ``check``: every problem on stdout (or JSON), then conflicts between sources as findings.

    A file with problems exits 1 with a verdict on stderr; conflicts between sources are
    information about the sources, not errors in the file, and leave the status 0.
    """
    import sys

    from laos_tip.cli.streams import error, silence_stdout
    from laos_tip.core.textsafe import printable
    from laos_tip.factfile.location import facts_name, facts_path
    from laos_tip.factfile.report import check_file
    from laos_tip.render.machine import to_json
    from laos_tip.render.writer import write
    from laos_tip.views.check import check_document
    from laos_tip.views.text import contradiction_note

    chosen = path if path is not None else facts
    report = check_file(facts_path(chosen), facts_name(chosen))
    try:
        if as_json:
            write(to_json(check_document(report)))
        elif report.valid:
            write(printable(f"ok: {report.path}: {report.describe_counts()}") + "\n")
            write("".join(printable(f"finding: sources disagree: {contradiction_note(h)}") + "\n"
                          for h in report.conflicts))
        else:
            write("".join(problem.describe(report.path) + "\n" for problem in report.problems))
        sys.stdout.flush()  # the list first, then the verdict, when both go to one terminal or log
    except BrokenPipeError:  # the reader left: the verdict is still the exit status
        silence_stdout()
    if report.valid:
        return ExitCode.OK
    count = len(report.problems)
    error(f"{report.path} is not a valid fact file ({count} problem{'s' if count > 1 else ''})")
    return ExitCode.ERROR
