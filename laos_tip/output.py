"""Turning a View into text: a rich table for people, or JSON, CSV, TSV, markdown for machines.

Machine formats are plain strings written with ``sys.stdout.write``; rich is imported
only by ``render_table``, so the JSON and CSV paths never pay for it.
"""

from __future__ import annotations

import csv
import enum
import io
import json
import re
import sys
from dataclasses import replace
from typing import IO, Any

from laos_tip.textsafe import hidden, printable
from laos_tip.views import View


class Format(str, enum.Enum):
    """Output formats of the listing commands."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


#: What json.dumps may leave raw with ensure_ascii=False: everything but printable ASCII. Of
#: that, ``hidden`` characters (DEL, C1 controls, bidi and other format characters, line
#: separators, lone surrogates from a file name that is not UTF-8) are escaped; JSON text holds
#: them only inside strings, where a \u escape stands for the same character.
_NOT_ASCII = re.compile(r"[^\x20-\x7e\n]")


def _json_escape(match: re.Match[str]) -> str:
    character = match.group()
    if not hidden(character):
        return character
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        # A byte of a file name that is not UTF-8 (surrogateescape): shown as the text \xff, like
        # the other formats show it, since many JSON readers refuse a lone surrogate.
        return f"\\\\x{code - 0xDC00:02x}"
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def to_json(document: dict[str, Any]) -> str:
    """Indented JSON with a final newline; floats at full precision, non-ASCII kept.

    Control and invisible format characters are escaped (``\\u001b``, ``\\u202e``), so the
    text is valid UTF-8 and safe on a terminal while reading back as the same strings; a byte of
    a file name that is not UTF-8 reads back as the text ``\\xff``.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if not text.replace("\n", "").isprintable():  # rare: only then look at each character
        text = _NOT_ASCII.sub(_json_escape, text)
    return text + "\n"


#: The first characters that make a spreadsheet run a cell as a formula (=HYPERLINK(...)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")


def to_csv(view: View) -> str:
    """RFC 4180 CSV (CRLF line ends, quoting where needed) with a header row of column keys.

    Text is shown, never run: control characters become visible escapes (line breaks and
    tabs stay, quoted), and a text cell that a spreadsheet would read as a formula gets a
    leading ``'`` (numbers, and text that is just a number such as ``-5``, are left alone).
    """
    buffer = io.StringIO()
    keys = _machine_keys(view)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for row in view.rows:
        writer.writerow([_csv_cell(row.get(k)) for k in keys])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    text = _cell_text(value)
    if not isinstance(value, str):
        return text
    text = printable(text, keep="\n\t")
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def to_tsv(view: View) -> str:
    """Tab-separated values: no quoting at all; tabs and line breaks in cells become spaces."""
    keys = _machine_keys(view)
    lines = ["\t".join(keys)]
    for row in view.rows:
        lines.append("\t".join(printable(_flat(_cell_text(row.get(k)))) for k in keys))
    return "\n".join(lines) + "\n"


def to_markdown(view: View) -> str:
    """A GitHub-flavoured markdown table as people read it, with notes and caption below."""
    def cell(text: str) -> str:
        return printable(_flat(text)).replace("|", "\\|")

    columns = [c for c in view.columns if not c.table_only]
    lines = [f"**{cell(view.title)}**", ""]
    lines.append("| " + " | ".join(cell(c.header) for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|")
    for row in view.rows:
        lines.append("| " + " | ".join(cell(c.show(row)) for c in columns) + " |")
    extra = view.notes + view.caption
    if extra:
        lines.append("")
        lines.extend(f"- {cell(text)}" for text in extra)
    return "\n".join(lines) + "\n"


def _machine_keys(view: View) -> list[str]:
    """Every key of the rows, the displayed columns first."""
    keys = [c.key for c in view.columns if not c.table_only]
    for row in view.rows:
        keys.extend(k for k in row if k not in keys)
    return keys


def _cell_text(value: object) -> str:
    """A raw cell for CSV and TSV: empty for no value, JSON's spelling for booleans, floats in full."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def stdout_is_terminal() -> bool:
    """Whether people, not a program, read stdout."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def render_table(view: View, file: IO[str] | None = None) -> None:
    """Print a View as rich tables, with its notes and caption.

    On a terminal the console takes the terminal's width; when stdout is a pipe or file
    it is made wide enough that no table is ever wrapped, truncated or cut at 80 columns.
    Colour follows rich: off when not a terminal or when NO_COLOR is set, on with FORCE_COLOR.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    class PipeAwareConsole(Console):
        """rich ends the program with exit 1 on a closed pipe; the CLI treats that as a quiet end."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    target = file or sys.stdout
    terminal = stdout_is_terminal() if file is None else False
    console = PipeAwareConsole(file=target, width=None if terminal else 10_000, highlight=False, emoji=False)

    for index, part in enumerate((view, *view.extra)):
        if index:
            console.print()
        # The title is a line of its own, not the table's: rich pads a table title with
        # spaces to the table's width, and a script reading the first line wants the title.
        console.print(Text(part.title, style="italic"))
        table = Table(show_lines=False)
        for column in part.columns:
            table.add_column(column.header, justify="right" if column.numeric else "left",
                             overflow="fold", no_wrap=not terminal, style=column.style)
        previous = None
        for row in part.rows:
            group = row.get(part.group) if part.group else None
            if table.row_count and group != previous:
                table.add_section()
            repeated = bool(table.row_count) and group == previous
            previous = group
            # Within a section, the group's name is shown once, on its first row.
            table.add_row(*(Text("" if repeated and c.key == part.group else c.show(row)) for c in part.columns))
        console.print(table)
        for line in part.notes:
            console.print(Text("• " + line, style="dim"))
        for line in part.caption:
            console.print(Text(line, style="italic"))


def _shown(view: View) -> View:
    """``view`` with its title, notes and caption made printable (cells are, by Column.show)."""
    return replace(
        view,
        title=printable(view.title),
        notes=[printable(line) for line in view.notes],
        caption=[printable(line) for line in view.caption],
        extra=tuple(_shown(part) for part in view.extra),
    )


def write(text: str) -> None:
    """Write machine output to stdout, as is."""
    sys.stdout.write(text)


def render(view: View, fmt: Format) -> None:
    """Write a View to stdout in the chosen format."""
    if fmt is Format.table:
        render_table(_shown(view))
    elif fmt is Format.json:
        write(to_json(view.document))
    elif fmt is Format.csv:
        write(to_csv(view))
    elif fmt is Format.tsv:
        write(to_tsv(view))
    else:
        write(to_markdown(view))
