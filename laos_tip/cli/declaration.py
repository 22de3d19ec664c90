"""The laos-tip command line, declared once: every command, argument and option, with its help and its view.

Two parsers are built from this one declaration. ``app.py`` makes the typer app from it (help
screens, shell completion, usage errors); ``argv.py`` parses the same command lines without
importing typer, which costs more than everything else a scripted call does. Both convert values
with the functions here (``plain_year``, the format names, paths kept as the user typed them),
then hand the same keyword arguments to the same command body (``bodies.py``). A property test
feeds both the same argv and requires the same output and exit status. docs/commands.md is
generated from this declaration, and the "every command" tests are parametrized over it.

This module imports nothing but the standard library's lightest parts: the fast path loads it on
every call.

Adding a command:

1. write its view in ``laos_tip/views/NAME.py``: a function of the FactBase that takes one keyword
   argument per parameter declared below (``year`` arrives as ``period``, the year chosen), and
   returns a ``views.base.View``;
2. add a ``Command`` to ``COMMANDS`` with its ``Param`` list (reuse ``FACTS``, ``YEAR``, ``FORMAT``,
   ``JSON``, ``FIELDS``, ``DETAILS``, ``NO_PAGER``; a new option is a new ``Param``) and ``view="NAME:function"``;
3. add its tests. A command that needs more than "load, build the view, render" (a check of its
   options before anything is read, output that is not a View) has a body of its own, named like the
   command, in ``bodies.py``.

The typer app, the fast path, ``--help``, shell completion, docs/commands.md and the tests over
every command follow from the declaration.
"""

from __future__ import annotations

import enum

from laos_tip.core.citations import FORMATS as CITATION_FORMATS
from laos_tip.core.frozen import record
from laos_tip.render.formats import ChartFormat, Format

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any, Literal

#: Environment variable naming the fact file, read when --facts is not given.
ENV_FACTS = "LAOS_TIP_FACTS"
#: Environment variable that shells set to ask for completions (Click's convention for "laos-tip").
ENV_COMPLETE = "_LAOS_TIP_COMPLETE"


#: The format of ``sources`` for reference managers that is JSON; the others are text (``core/citations.py``).
CSL_JSON = "csl-json"
#: Output formats of ``sources``: those of the listings, and the citation formats. Made from ``Format`` and
#: ``citations.FORMATS`` (mypy reads no enum made this way, so code compares ``.value``).
SourcesFormat: type[enum.Enum] = enum.Enum(  # type: ignore[misc]
    "SourcesFormat", [*((f.name, f.value) for f in Format),
                      *((name.replace("-", "_"), name) for name in CITATION_FORMATS)], type=str)
#: Output formats of ``cite``: a plain-text line, or one of the citation formats.
CiteFormat: type[enum.Enum] = enum.Enum(  # type: ignore[misc]
    "CiteFormat", [("plain", "plain"), *((name.replace("-", "_"), name) for name in CITATION_FORMATS)], type=str)


#: The format of ``get`` for scripts: bare values, one per line.
VALUE = "value"
#: Output formats of ``get``: bare values, then every format of the listings (``tsv`` is ``KEY<TAB>VALUE``
#: lines without a header). Made from ``Format``, as ``SourcesFormat`` (code compares ``.value``).
ValueFormat: type[enum.Enum] = enum.Enum(  # type: ignore[misc]
    "ValueFormat", [("value", VALUE), *((f.name, f.value) for f in Format)], type=str)


class Shell(str, enum.Enum):
    """Shells whose completion script laos-tip prints or installs."""

    bash = "bash"
    zsh = "zsh"
    fish = "fish"
    powershell = "powershell"
    pwsh = "pwsh"


def plain_year(text: str) -> int | None:
    """A year written in plain decimal digits (at most 9), else None.

    Python's int() also reads '2_024', '+2024', ' 2024' and other scripts' digits, and
    refuses more than 4,300 digits with an error of its own: a year must read as typed.
    """
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return None


def year_problem(text: str) -> str:
    """The usage message for a value that is not a year."""
    shown = text if len(text) <= 20 else text[:17] + "..."
    return f"{shown!r} is not a year; write it in plain digits, e.g. 2024"


#: How each kind of value is read from its text; None when the text is not one. Usage messages
#: for values that do not read come from typer (the fast path then leaves the call to it).
ENUMS: dict[str, type[enum.Enum]] = {"format": Format, "sources_format": SourcesFormat, "value_format": ValueFormat,
                                      "shell": Shell, "cite_format": CiteFormat}


def convert(kind: str, text: str) -> Any:
    """The value of ``text`` for a parameter of ``kind``, or None when it does not read as one."""
    if kind == "year":
        return plain_year(text)
    if kind in ENUMS:
        try:
            return ENUMS[kind](text)
        except ValueError:
            return None
    return text  # "text" and "path": kept as typed, so output names a file as the user did


@record
class Param:
    """One argument or option of a command.

    ``name`` is the keyword the command body receives. An option has ``flags`` (its names, long
    first); an argument has none. ``kind`` says how the value is read: "flag" (an option without
    a value), "text", "path", "year", or one of ``ENUMS``. ``complete`` names what shell completion
    offers: "keys", "metrics", "years" or "charts" (what `chart` draws).
    """

    name: str
    help: str
    kind: str = "text"
    flags: tuple[str, ...] = ()
    metavar: str | None = None
    default: Any = None
    envvar: str | None = None
    required: bool = False
    many: bool = False
    complete: Literal["keys", "metrics", "years", "charts"] | None = None

    @property
    def is_option(self) -> bool:
        return bool(self.flags)


@record
class Command:
    """A command: its name, its help (first line, blank line, more), and its parameters in order."""

    name: str
    help: str
    params: tuple[Param, ...] = ()
    #: "module:function" in ``laos_tip.views`` that builds the command's View, or None (output that is no View).
    view: str | None = None

    @property
    def arguments(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if not p.is_option)

    @property
    def options(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.is_option)


FACTS = Param("facts", "Fact file to read instead of the one shipped with laos-tip.", kind="path",
              flags=("--facts",), metavar="PATH", envvar=ENV_FACTS)
YEAR = Param("year", "Reporting period; default: the latest year with figures.", kind="year",
             flags=("--year", "-y"), metavar="YEAR", complete="years")
FORMAT = Param("fmt", "Output format; json, jsonl, csv and tsv are for scripts.", kind="format",
               flags=("--format", "-f"), default=Format.table)
JSON = Param("json_output", "Shorthand for --format json.", kind="flag", flags=("--json",), default=False)
FIELDS = Param("fields", "Only these fields, in this order, for csv, tsv, jsonl and json, e.g. key,value.",
               flags=("--fields",), metavar="A,B,...")
DETAILS = Param("details", "In a terminal, show everything (caveats, notes, sources), not the brief view.",
                kind="flag", flags=("--details", "-d"), default=False)
NO_PAGER = Param("no_pager", "In a terminal, never page: by default output taller than the window goes through "
                 "$PAGER (less -FRX), as git does.", kind="flag", flags=("--no-pager",), default=False)
LISTING = (FACTS, YEAR, FORMAT, JSON, FIELDS, DETAILS, NO_PAGER)
TABLE = (FACTS, FORMAT, JSON, FIELDS, DETAILS, NO_PAGER)

COMMANDS: tuple[Command, ...] = (
    Command("summary", "Headline figures by pillar (prosecution, protection, prevention, partnership).\n\n"
            "Example: laos-tip summary --year 2024", LISTING, view="summary:summary"),
    Command("ratios", "Derived ratios (arrests per case, share of minor victims ...) with their caveats.\n\n"
            "Example: laos-tip ratios --json", LISTING, view="ratios:ratios"),
    Command("partners", "Partner nations against cross-border trafficking, with ISO 3166-1 codes.\n\n"
            "Example: laos-tip partners --json", LISTING, view="partners:partners"),
    Command("get", "Print figures or ratios as bare values, one per line, for scripts: n=$(laos-tip get arrests).\n\n"
            "Several keys print in the order asked; an unknown key fails the whole call before anything is printed. "
            "Ratios print at full precision; contradicting sources and lower bounds are reported on stderr.\n\n"
            "Example: laos-tip get arrests cases --year 2024", (
                Param("key", "Keys listed by 'laos-tip keys', e.g. arrests.", metavar="KEY...", required=True,
                      many=True, complete="keys"),
                FACTS, YEAR,
                Param("fmt", "value: bare values; tsv: key<TAB>value lines; json: with sources and quotes; the "
                      "others: a row per key.",
                      kind="value_format", flags=("--format", "-f"), default=ValueFormat(VALUE)),
                Param("json_output", "The values with their unit, period, sources and quotes, as JSON.",
                      kind="flag", flags=("--json",), default=False),
                FIELDS,
            )),
    Command("keys", "List every key that 'laos-tip get' answers, with its kind, unit and description.\n\n"
            "Example: laos-tip keys --format csv", TABLE, view="keys:keys"),
    Command("schema", "Print the JSON Schema of the fact file, for editors that validate YAML.\n\n"
            "Example: laos-tip schema > facts.schema.json"),
    Command("sources", "List the sources with ready-to-paste citations (plain text; BibTeX with --bibtex; "
            "biblatex, CSL-JSON or RIS with --format biblatex, csl-json or ris).\n\n"
            "Example: laos-tip sources --quotes", (
                FACTS,
                Param("quotes", "Also show, for each figure, the sentence of the source that states it.",
                      kind="flag", flags=("--quotes",), default=False),
                Param("bibtex", "Print the sources as BibTeX entries (a .bib file) instead: --format bibtex.",
                      kind="flag", flags=("--bibtex",), default=False),
                Param("fmt", "Output format; json, jsonl, csv and tsv are for scripts; bibtex (classic styles), "
                      "biblatex (biblatex, pandoc), csl-json and ris for reference managers.",
                      kind="sources_format", flags=("--format", "-f"), default=SourcesFormat("table")),
                JSON, FIELDS, DETAILS, NO_PAGER,
            ), view="sources:sources"),
    Command("cite", "Cite the data set itself: laos-tip's figures at this version, with the fact file's SHA-256.\n\n"
            "Example: laos-tip cite --format bibtex", (
                FACTS,
                Param("fmt", "Output format: plain (one line), bibtex (classic styles), biblatex (biblatex, pandoc), "
                      "csl-json or ris.", kind="cite_format", flags=("--format", "-f"), default=CiteFormat("plain")),
            )),
    Command("export", "Write the whole fact base to a JSON, CSV, SQLite or spreadsheet (.xlsx) file, or a Data "
            "Package, chosen by the name.\n\n"
            "Written next to PATH, then renamed into place: PATH is never half-written, and kept unless --force.\n\n"
            "Example: laos-tip export laos-tip.sqlite", (
                Param("path", "File to write: .json, .csv (the headline table), .sqlite or .db, .xlsx; "
                      "DIR/datapackage.json writes a Data Package (one CSV per table) into DIR.", metavar="PATH",
                      required=True),
                FACTS,
                Param("force", "Replace PATH if it exists.", kind="flag", flags=("--force",), default=False),
                Param("datasette_metadata", "With a SQLite file, also write NAME.metadata.json beside it for "
                      "Datasette.", kind="flag", flags=("--datasette-metadata",), default=False),
                Param("bom", "With a CSV file, start it with a UTF-8 byte order mark, so Excel reads its text "
                      "right.", kind="flag", flags=("--bom",), default=False),
            )),
    Command("factsheet", "Write the fact sheet of a year as one HTML page: headline figures, ratios, where sources "
            "disagree, tiers, pipeline, and a note with the source's sentence for every figure.\n\n"
            "The page loads nothing and runs no script: it opens offline, prints to A4 or Letter, and can be "
            "sent as it is. Written next to PATH, then renamed into place; an existing PATH is kept unless --force.\n\n"
            "Example: laos-tip factsheet laos-2024.html --year 2024", (
                Param("path", "File to write, ending in .html or .htm.", metavar="PATH", required=True),
                FACTS, YEAR,
                Param("force", "Replace PATH if it exists.", kind="flag", flags=("--force",), default=False),
            )),
    Command("trend", "A metric's value in every year, with its sources and a bar chart.\n\n"
            "Example: laos-tip trend arrests", (
                Param("metric", "Key of the metric, e.g. arrests.", metavar="METRIC", required=True,
                      complete="metrics"),
                *TABLE,
            ), view="trend:trend"),
    Command("compare", "Two years side by side: only figures of the same metric are compared.\n\n"
            "Example: laos-tip compare 2023 2024", (
                Param("year_a", "One year, e.g. 2023.", kind="year", metavar="YEAR_A", required=True,
                      complete="years"),
                Param("year_b", "Another year, e.g. 2024.", kind="year", metavar="YEAR_B", required=True,
                      complete="years"),
                *TABLE,
            ), view="compare:compare"),
    Command("tier", "Tier placements of Laos in the US Trafficking in Persons Report, with their sources.\n\n"
            "Example: laos-tip tier", TABLE, view="tier:tiers"),
    Command("pipeline", "Law-enforcement pipeline by year: incidents, cases opened, prosecuted, convicted; gaps stay "
            "gaps.\n\n"
            "Example: laos-tip pipeline --format csv", TABLE, view="pipeline:pipeline"),
    Command("sez", "Figures of the special economic zones (the Golden Triangle SEZ): rescues and arrests in scam "
            "compounds, over periods of their own, apart from the national series.\n\n"
            "Example: laos-tip sez --json", TABLE, view="sez:sez"),
    Command("chart", "Chart a metric by year, the tier timeline or the pipeline, to an SVG, PNG or PDF file.\n\n"
            "WHAT is a metric's key, tier or pipeline; the format follows FILE's suffix. Each value is labelled; a year without a figure is a gap, a bound is drawn as one, a part of a year "
            "stands apart, and a value other sources contradict is marked, with their values in a note. Under the "
            "chart: its sources, what it counts, and the version and sha256 of the data. Written next to FILE, then "
            "renamed into place: FILE is never half-written, and kept unless --force.\n\n"
            "Example: laos-tip chart arrests -o arrests.svg", (
                Param("what", "A metric's key (e.g. arrests; 'laos-tip keys' lists them), tier, or pipeline.",
                      metavar="WHAT", required=True, complete="charts"),
                Param("output", "File to write: " + ", ".join(f".{f.value}" for f in ChartFormat) + ".",
                      kind="path", flags=("--output", "-o"), metavar="FILE", required=True),
                FACTS,
                Param("force", "Replace FILE if it exists.", kind="flag", flags=("--force",), default=False),
            )),
    Command("check", "Validate fact files and list every problem in them, with line, column and field.\n\n"
            "Conflicts between sources are listed as findings; they are not problems of the file. "
            "Exit status: 0 when every file is valid, 1 when one has problems, 2 for a usage error.\n\n"
            "Example: laos-tip check my-facts.yaml", (
                Param("path", "Fact files to check, each reported; default: the one --facts or LAOS_TIP_FACTS "
                      "names, else the shipped one.", kind="path", metavar="[PATH]...", many=True),
                FACTS,
                Param("json_output", "The problems as a JSON document, for CI pipelines.", kind="flag",
                      flags=("--json",), default=False),
            )),
)

#: Options of laos-tip itself, before any command.
VERSION = Param("version", "Show the version and exit.", kind="flag", flags=("--version", "-V"), default=False)
SHOW_COMPLETION = Param("show_completion", "Print the completion script of SHELL, to copy it or customize it.",
                        kind="shell", flags=("--show-completion",), metavar="SHELL")
INSTALL_COMPLETION = Param("install_completion", "Install completion for SHELL (bash, zsh, fish, powershell).",
                           kind="shell", flags=("--install-completion",), metavar="SHELL")

APP_HELP = ("Official figures on trafficking in persons (TIP) in Laos: queryable, citable, scriptable.\n\n"
            "Every figure comes with the source sentence that states it.\n\n"
            "Example: laos-tip summary")

BY_NAME = {command.name: command for command in COMMANDS}
