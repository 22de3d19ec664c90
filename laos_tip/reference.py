"""The reference tables of docs/, generated from the registries: records, commands, problem codes, exit codes.

``python -m laos_tip.reference NAME`` prints one (``python -m laos_tip.reference`` lists the names).
The docs pages hold them between cog markers::

    <!-- [[[cog import laos_tip.reference as r; r.cog("problems") ]]] -->
    ...generated text...
    <!-- [[[end]]] -->

``.venv/bin/cog -r docs/*.md`` regenerates every page, and ``tests/docs/test_docs_fresh.py`` fails
when one is stale (``cog --check``). Nothing here is imported by a command.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from laos_tip.core.fields import LIST_SEPARATOR, Field, Kind, Record, ddl
from laos_tip.core.records import (
    CLAIM_ROW,
    HEADLINE,
    HEADLINE_ROW,
    METRIC,
    PARTNER,
    RATIO,
    RECORDS,
    SOURCE_ENTRY,
    STATEMENT,
    TABLES,
    TIER,
)


def _type_name(field: Field) -> str:
    kind = field.kind
    if kind.record is not None:
        return f"list of {kind.record.name}"
    if kind.item is not None:
        return f"list of {_json_type(kind.item)}"
    return _json_type(kind)


def _json_type(kind: Kind) -> str:
    if kind.name == "date":
        return "date (ISO 8601 text)"
    if kind.name == "choice":
        return " / ".join(f"`{c}`" for c in kind.json_schema["enum"])
    return str(kind.json_schema["type"]).replace("string", "text")


def _record_table(record: Record) -> list[str]:
    lines = [f"### {record.name}", "", record.description, "",
             "| field | type | null | fact file | meaning |", "| --- | --- | --- | --- | --- |"]
    for f in record.fields:
        null = "[] when none" if f.kind.many and not f.required else ("yes" if f.nullable else "no")
        read = "derived" if not f.in_file else (f"`{f.read_as}`" + ("" if f.required else " (optional)"))
        lines.append(f"| `{f.name}` | {_type_name(f)} | {null} | {read} | {f.description} |")
    return [*lines, ""]


def records_markdown() -> str:
    """The field reference ``docs/records.md``, from the declarations above."""
    lines = [
        "# Records of laos-tip (generated)",
        "",
        "Generated from `laos_tip/core/records.py` (`python -m laos_tip.reference records`; the page is",
        "refreshed with `.venv/bin/cog -r docs/*.md`, and a test fails when it is out of date). Every JSON object",
        "laos-tip writes is one of these records, with exactly these keys.",
        "",
        "In table cells (CSV, TSV, SQLite) a list of plain values is one text, the items joined by",
        f'`"{LIST_SEPARATOR}"`; a list of records is JSON text; booleans are `true`/`false` in CSV and 1/0 in SQLite; a',
        "missing value is an empty cell (NULL in SQLite). Dates are ISO 8601 text everywhere.",
        "",
        "## Records",
        "",
    ]
    for declared in RECORDS:
        lines.extend(_record_table(declared))
    lines += ["## Export tables (SQLite)", ""]
    for table in TABLES:
        lines += [f"### `{table.name}` ({table.record.name})", "", "```sql", ddl(table) + ";", "```", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for one cell of a markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


#: The environment help is rendered in: an 80-column terminal without colour, whatever the caller's.
HELP_ENV = {"COLUMNS": "80", "LINES": "24", "TERM": "dumb", "NO_COLOR": "1"}
#: Variables that change how typer and rich draw help; unset while it is rendered.
HELP_NOISE = ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "TERMINAL_WIDTH", "_TYPER_FORCE_DISABLE_TERMINAL",
              "TTY_COMPATIBLE", "TTY_INTERACTIVE", "CLICOLOR_FORCE", "TYPER_USE_RICH", "LAOS_TIP_FACTS")


@contextmanager
def _help_terminal() -> Iterator[None]:
    """typer's rich help settings as an 80-column terminal without colour has them (they are read at import)."""
    from typer import core, rich_utils

    if not core.DEFAULT_MARKUP_MODE:
        raise RuntimeError("typer was imported with TYPER_USE_RICH off; render the help in a fresh process")

    saved = (core.HAS_RICH, rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM)
    core.HAS_RICH, rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = True, 80, False, None
    try:
        yield
    finally:
        core.HAS_RICH, rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL, rich_utils.COLOR_SYSTEM = saved


def help_text(*args: str) -> str:
    """What ``laos-tip ARGS --help`` prints in an 80-column terminal, trailing spaces removed."""
    if "typer" not in sys.modules:
        os.environ.pop("TYPER_USE_RICH", None)  # read once, when typer is imported: help as users see it
    from typer.testing import CliRunner

    from laos_tip.cli.app import app

    env: dict[str, str | None] = {name: None for name in HELP_NOISE}
    env.update(HELP_ENV)
    with _help_terminal():
        result = CliRunner().invoke(app, [*args, "--help"], env=env, prog_name="laos-tip", color=False)
    if result.exit_code != 0:
        raise RuntimeError(f"laos-tip {' '.join(args)} --help exited {result.exit_code}: {result.output}")
    lines = [line.rstrip() for line in result.output.split("\n")]
    return "\n".join(lines).strip("\n")


def commands_markdown() -> str:
    """The command table: every command of the declaration with the first line of its help."""
    from laos_tip.cli.declaration import COMMANDS

    lines = ["| command | what it does |", "| --- | --- |"]
    for command in COMMANDS:
        usage = " ".join([command.name, *(p.metavar or p.name.upper() for p in command.arguments)])
        lines.append(f"| [`laos-tip {usage}`](#laos-tip-{command.name}---help) | {_cell(command.help.split(chr(10))[0])} |")
    return "\n".join(lines) + "\n"


def help_markdown() -> str:
    """``laos-tip --help`` and every command's ``--help``, each under a heading of its own."""
    from laos_tip.cli.declaration import COMMANDS

    lines = ["### `laos-tip --help`", "", "```text", "$ laos-tip --help", help_text(), "```", ""]
    for command in COMMANDS:
        lines += [f"### `laos-tip {command.name} --help`", "", "```text", f"$ laos-tip {command.name} --help",
                  help_text(command.name), "```", ""]
    return "\n".join(lines)


def exit_codes_markdown() -> str:
    """The exit-code table, from ``ExitCode``."""
    from laos_tip.cli.exit_codes import ExitCode

    lines = ["| status | name | meaning |", "| ---: | --- | --- |"]
    lines += [f"| {code.value} | `{code.name}` | {_cell(code.meaning)} |" for code in ExitCode]
    return "\n".join(lines) + "\n"


def problems_markdown() -> str:
    """The table of problem codes of ``check``, from ``Code``, and the code of its findings."""
    from laos_tip.core.problems import SOURCE_CONFLICT, Code

    lines = ["| code | meaning |", "| --- | --- |"]
    lines += [f"| `{code.value}` | {_cell(code.meaning)} |" for code in Code]
    lines.append(f"| `{SOURCE_CONFLICT}` | a finding, not a problem: sources disagree on a figure (the file stays valid) |")
    return "\n".join(lines) + "\n"


#: The records ``laos_tip.Facts`` answers with; ``laos_tip/rows.py`` holds a class of each, and of the records
#: nested in them, generated by ``row_types_python``.
API_RECORDS: tuple[Record, ...] = (HEADLINE, HEADLINE_ROW, CLAIM_ROW, RATIO, TIER, PARTNER, METRIC, SOURCE_ENTRY,
                                   STATEMENT)

#: The Python type of a field's values, by the name of its kind (a choice is a Literal of its choices).
_PYTHON_TYPES = {"text": "str", "identifier": "str", "url": "str", "date": "str", "alpha2": "str", "alpha3": "str",
                 "count": "int", "year": "int", "number": "float", "boolean": "bool", "partial date": "int | str"}


def class_name(record: Record) -> str:
    """The name of a record's class in ``laos_tip.rows``: "claim row" is ``ClaimRow``."""
    return "".join(word.capitalize() for word in record.name.split())


def _python_type(kind: Kind) -> str:
    if kind.record is not None:
        return f"list[{class_name(kind.record)}]"
    if kind.item is not None:
        return f"list[{_python_type(kind.item)}]"
    if kind.name == "choice":
        return "Literal[" + ", ".join(json.dumps(choice) for choice in kind.json_schema["enum"]) + "]"
    return _PYTHON_TYPES[kind.name]


def row_records() -> list[Record]:
    """The records of ``API_RECORDS`` with those nested in them, each after the records it holds."""
    ordered: list[Record] = []

    def add(record: Record) -> None:
        for f in record.fields:
            if f.kind.record is not None:
                add(f.kind.record)
        if record not in ordered:
            ordered.append(record)

    for record in API_RECORDS:
        add(record)
    return ordered


def row_types_python() -> str:
    """The classes of ``laos_tip/rows.py``: one per record of the API, a typed attribute per field."""
    lines: list[str] = []
    for record in row_records():
        lines += ["", "", f"class {class_name(record)}(Row):", f'    """{record.description}', "",
                  f'    The record ``{record.name}`` of docs/records.md.', '    """', ""]
        for f in record.fields:
            annotation = _python_type(f.kind) + (" | None" if f.nullable else "")
            lines.append(f"    {f.name}: {annotation}")
    lines += ["", "", "#: The class of each record of the API, by the record's name (core/records.py).",
              "TYPES: dict[str, type[Row]] = {"]
    lines += [f'    "{record.name}": {class_name(record)},' for record in row_records()]
    lines += ["}", "#: The fields of each record that hold records, and the name of those records.",
              "_NESTED: dict[str, dict[str, str]] = {"]
    for record in row_records():
        nested = [f'"{f.name}": "{f.kind.record.name}"' for f in record.fields if f.kind.record is not None]
        if nested:
            lines.append(f'    "{record.name}": {{{", ".join(nested)}}},')
    lines += ["}"]
    return "\n".join(lines[2:])


def row_types_markdown() -> str:
    """The record classes of the API for docs/api.md: one heading each, pointing to the record's fields."""
    lines: list[str] = []
    for record in row_records():
        anchor = record.name.replace(" ", "-")
        lines += [f"### `laos_tip.{class_name(record)}`", "",
                  f"A [`{record.name}`](records.md#{anchor}) record: {record.description[0].lower()}"
                  f"{record.description[1:]}", ""]
    return "\n".join(lines)


#: The sources docs/citations.md shows in every format: one dated to the month, one report read from a copy.
CITED_EXAMPLES = ("vientiane-times-2025-01", "ecoi-tip-2020-laos")


def citations_markdown() -> str:
    """The citation formats, from ``citations.FORMATS``, and two shipped sources in each of them."""
    from laos_tip.core.citations import FORMATS, TEXT_WRITERS, csl, plain, source_work
    from laos_tip.factfile.pipeline import load_chosen
    from laos_tip.render.machine import to_json

    lines = ["| `--format` | for |", "| --- | --- |"]
    lines += [f"| `{name}` | {_cell(meaning)} |" for name, meaning in FORMATS.items()]
    facts = load_chosen(None)
    works = [source_work(facts.source(key)) for key in CITED_EXAMPLES]
    lines += ["", "Two of the shipped sources, as `laos-tip sources` gives them:", "", "```text"]
    lines += [plain(work) for work in works] + ["```"]
    for name in FORMATS:
        if name == "csl-json":
            text = to_json([csl(work) for work in works])
        else:
            text = "\n".join(TEXT_WRITERS[name](work) for work in works)
        fence = "json" if name == "csl-json" else "text"
        lines += ["", f"`laos-tip sources --format {name}`:", "", f"```{fence}", text.rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


REFERENCES: dict[str, Callable[[], str]] = {
    "records": records_markdown,
    "commands": commands_markdown,
    "help": help_markdown,
    "exit-codes": exit_codes_markdown,
    "problems": problems_markdown,
    "row-types": row_types_python,
    "api-row-types": row_types_markdown,
    "citations": citations_markdown,
}


def cog(name: str) -> None:
    """Write the reference ``name`` into the page cog is processing (called from the pages' cog markers)."""
    import cog as cogapp  # type: ignore[import-not-found,unused-ignore]  # only inside cog

    text = REFERENCES[name]()
    cogapp.out(text if text.endswith("\n") else text + "\n")


def main(argv: list[str]) -> int:
    """Print the reference named by ``argv[0]``, or list the names."""
    if len(argv) != 1 or argv[0] not in REFERENCES:
        sys.stderr.write(f"usage: python -m laos_tip.reference {{{','.join(REFERENCES)}}}\n")
        return 2
    sys.stdout.write(REFERENCES[argv[0]]())
    return 0


if __name__ == "__main__":
    os.environ.pop("LAOS_TIP_FACTS", None)
    sys.exit(main(sys.argv[1:]))
