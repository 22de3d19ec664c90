"""Turning a View into text: a rich table for people, or JSON, CSV, TSV, markdown for machines.

Machine formats are plain strings written with ``sys.stdout.write``; rich is imported
only by ``render_table``, so the JSON and CSV paths never pay for it.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator

from laos_tip.records import cell_text
from laos_tip.spec import Format
from laos_tip.textsafe import hidden, printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:  # views is imported by the commands that use it, not by every importer of output
    from typing import IO, Any
    from laos_tip.views import Column, View


__all__ = ["Format", "render", "to_csv", "to_json", "to_tsv", "to_markdown", "write"]


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


def to_json(document: dict[str, Any] | list[Any]) -> str:
    """Indented JSON with a final newline; floats at full precision, non-ASCII kept.

    Control and invisible format characters are escaped (``\\u001b``, ``\\u202e``), so the
    text is valid UTF-8 and safe on a terminal while reading back as the same strings; a byte of
    a file name that is not UTF-8 reads back as the text ``\\xff``.
    """
    return _escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def to_json_tables(document: dict[str, Any]) -> str:
    """JSON of a document whose lists of rows are written one row a line; otherwise as ``to_json``.

    For the export, a document of a few hundred rows: a changed row is one changed line in a diff,
    and the rows are encoded by json's C encoder, which ``indent`` turns off (the indented export
    took about 10 ms longer to write; benchmarks/README.md).
    """
    lines = []
    for key, value in document.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            rows = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{rows}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return _escaped("{\n" + ",\n".join(lines) + "\n}") + "\n"


def _escaped(text: str) -> str:
    """JSON text with control and invisible format characters written as escapes (see ``to_json``)."""
    if not text.replace("\n", "").isprintable():  # rare: only then look at each character
        text = _NOT_ASCII.sub(_json_escape, text)
    return text


#: The first characters that make a spreadsheet run a cell as a formula (=HYPERLINK(...)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[-+]?[0-9]+(\.[0-9]+)?$")


def to_csv(view: View) -> str:
    """RFC 4180 CSV (CRLF line ends, quoting where needed) with a header row of column keys.

    Text is shown, never run: control characters become visible escapes (line breaks and
    tabs stay, quoted), and a text cell that a spreadsheet would read as a formula gets a
    leading ``'`` (numbers, and text that is just a number such as ``-5``, are left alone).
    """
    return csv_rows(_machine_keys(view), view.rows)


def csv_rows(keys: list[str] | tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """``rows`` as CSV with exactly the columns ``keys``, written as ``to_csv`` writes cells."""
    buffer = io.StringIO()
    import csv  # only this format uses it

    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_csv_cell(row.get(k)) for k in keys])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    text = cell_text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return text
    # Text, and lists (joined into one text cell), are shown, never run.
    text = printable(text, keep="\n\t")
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def to_tsv(view: View) -> str:
    """Tab-separated values: no quoting at all; tabs and line breaks in cells become spaces."""
    keys = _machine_keys(view)
    lines = ["\t".join(keys)]
    for row in view.rows:
        lines.append("\t".join(printable(_flat(cell_text(row.get(k)))) for k in keys))
    return "\n".join(lines) + "\n"


#: Characters that start or end inline markup anywhere in a line (emphasis, code, links, images,
#: strikethrough, table cells, escapes): each is backslash-escaped, which GFM reads as the character.
#: An underscore between two letters or digits (girls_under_18, URLs) can neither open nor close
#: emphasis in GFM, so it stays as it is.
_MARKDOWN_INLINE = re.compile(r"[\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])")
#: What makes a line (a list item's text) a heading, a list or a setext underline at its start.
_MARKDOWN_LINE_START = re.compile(r"^(?:([#+\-=])|(\d+)([.)]))")


def markdown_text(text: str, line_start: bool = False) -> str:
    """Text as GFM that renders as exactly that text: never emphasis, a link, HTML or a new cell.

    ``&``, ``<`` and ``>`` become character references (so neither raw HTML nor an entity
    from the data is ever read as such) and inline markup characters are backslash-escaped.
    With ``line_start`` (text that begins a line, such as a list item's), a block marker
    (``#``, ``-``, ``1.`` ...) at its start is escaped too; in a table cell it means nothing.
    Line breaks become spaces and control characters visible escapes, as in every other format.
    """
    text = printable(_flat(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), text)
    if line_start:
        # Leading spaces would make an indented code block; a paragraph drops them anyway.
        text = _MARKDOWN_LINE_START.sub(
            lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text.lstrip(), count=1)
    return text


def to_markdown(view: View) -> str:
    """A GitHub-flavoured markdown table as people read it, with notes and caption below.

    Every text from the data goes through ``markdown_text``: it is shown, never rendered as markup.
    """
    columns = [c for c in view.columns if not c.table_only]
    lines = [f"**{markdown_text(view.title)}**", ""]
    lines.append("| " + " | ".join(markdown_text(c.header) for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|")
    for row in view.rows:
        lines.append("| " + " | ".join(markdown_text(c.show(row)) for c in columns) + " |")
    extra = view.notes + view.caption
    if extra:
        lines.append("")
        lines.extend(f"- {markdown_text(text, line_start=True)}" for text in extra)
    return "\n".join(lines) + "\n"


def _machine_keys(view: View) -> list[str]:
    """Every key of the rows, the displayed columns first."""
    keys = [c.key for c in view.columns if not c.table_only]
    for row in view.rows:
        keys.extend(k for k in row if k not in keys)
    return keys


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def stdout_is_terminal() -> bool:
    """Whether people, not a program, read stdout."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


#: Terminal widths outside this range are not believed (COLUMNS=0, a pty of size 0): the width is unknown.
MIN_WIDTH, MAX_WIDTH = 20, 10_000
#: The width of a terminal whose width is unknown.
DEFAULT_WIDTH = 80
#: What a table writes for characters its output encoding cannot hold (PYTHONIOENCODING=ascii, cp1252, ...).
ASCII_FALLBACK = {
    "≥": ">=", "≤": "<=", "█": "#", "▏": "", "▎": "", "▍": "", "▌": "", "▋": "", "▊": "", "▉": "",
    "•": "*", "—": "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x",
    "→": "->", "●": "o", "†": "+",
}
_URL = re.compile(r"https?://\S+")


def terminal_width() -> int:
    """The width of the terminal on stdout: COLUMNS, else the terminal's own size, else 80.

    A value outside MIN_WIDTH..MAX_WIDTH (COLUMNS=0, a pseudo-terminal that reports no size)
    counts as unknown: a table drawn 0 columns wide would print nothing at all.
    """
    def sane(value: int) -> bool:
        return MIN_WIDTH <= value <= MAX_WIDTH

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and sane(int(columns)):
        return int(columns)
    try:
        size = os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        size = 0
    return size if sane(size) else DEFAULT_WIDTH


def _encoder(encoding: str) -> tuple[Callable[[str], str], bool]:
    """A function making text safe to draw in ``encoding``, and whether box-drawing characters are.

    Every text a table prints goes through it (titles, headers, cells, notes, brief lines): data
    from the fact file is shown, never obeyed, so control and invisible characters become visible
    escapes (``printable``) before characters the encoding lacks get their ASCII fallbacks.
    """
    try:
        "━┃│─".encode(encoding)
        boxes = True
    except (UnicodeEncodeError, LookupError):
        boxes = False
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        codec = "ascii"
    missing = {}
    for char, fallback in ASCII_FALLBACK.items():
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            missing[ord(char)] = fallback
    if boxes and not missing and codec.startswith("utf"):
        return printable, True

    def safe(text: str) -> str:
        return printable(text).translate(missing).encode(codec, errors="replace").decode(codec)

    return safe, boxes


def render_table(view: View, file: IO[str] | None = None, *, details: bool = False,
                 terminal: bool | None = None, width: int | None = None) -> None:
    """Print a View for people: rich tables with their notes and caption.

    On a terminal the layout fits the window (see ``_terminal_part``): columns of low priority
    are left out rather than squeezed, prose goes below the table as numbered notes, no word,
    key, number or URL is broken, and unless ``details`` a View with a ``brief`` shows only
    that. Into a pipe or file, a table is never cut to a width: every column and every note,
    every cell whole, whatever ``details`` says. ``terminal`` and ``width`` let tests draw a
    terminal's layout into ``file``. Colour follows rich: off when not a terminal or when
    NO_COLOR is set, on with FORCE_COLOR. An output encoding without box-drawing characters
    gets ASCII boxes and ASCII stand-ins ("≥" becomes ">=").
    """
    from rich import box
    from rich.console import Console

    class PipeAwareConsole(Console):
        """rich ends the program with exit 1 on a closed pipe; the CLI treats that as a quiet end."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    target = file or sys.stdout
    if terminal is None:
        terminal = stdout_is_terminal() if file is None else False
    safe, boxes = _encoder(getattr(target, "encoding", None) or "utf-8")
    style = box.HEAVY_HEAD if boxes else box.ASCII
    if terminal:
        console = PipeAwareConsole(file=target, width=width or terminal_width(), highlight=False, emoji=False,
                                   force_terminal=True if file is not None else None)
        _render_terminal(console, view, details, safe, style)
    else:
        console = PipeAwareConsole(file=target, width=MAX_WIDTH, highlight=False, emoji=False)
        _render_pipe(console, view, safe, style)


def _render_pipe(console: Any, view: View, safe: Callable[[str], str], style: Any) -> None:
    """Every part of the View at full width: all columns, every cell and note on one line."""
    from rich.measure import Measurement
    from rich.table import Table
    from rich.text import Text

    # Without colour (the usual pipe), tables are drawn by ``_plain_table``: the same characters
    # rich draws, in a time that stays proportional to the cells (rich needs about 100 us a cell,
    # 25 s for the quotes of 20,000 figures). With colour forced, rich draws them.
    plain = _draws_plain(console)
    printed: list[Any] = []
    for index, part in enumerate((view, *view.extra)):
        if index:
            printed.append(Text(""))
        # The title is a line of its own, not the table's: rich pads a table title with
        # spaces to the table's width, and a script reading the first line wants the title.
        printed.append(Text(safe(part.title), style="italic"))
        headers = [safe(column.header) for column in part.columns]
        starts = _group_starts(part)
        sections = [index > 0 and start for index, start in enumerate(starts)]  # a line between groups first
        # Within a section, the group's name is shown once, on its first row.
        cells = [[safe("" if not start and c.key == part.group else c.show(row)) for c in part.columns]
                 for row, start in zip(part.rows, starts, strict=True)]
        if plain:
            printed.append(_PlainTable(part.columns, headers, cells, sections, style))
        else:
            table = Table(show_lines=False, box=style)
            for column, header in zip(part.columns, headers, strict=False):
                table.add_column(header, justify="right" if column.numeric else "left",
                                 overflow="fold", no_wrap=True, style=column.style)
            for line, section in zip(cells, sections, strict=False):
                if section:
                    table.add_section()
                table.add_row(*(Text(cell) for cell in line))
            printed.append(table)
        printed.extend(Text(safe("• " + line), style="dim") for line in part.notes)
        printed.extend(Text(safe(line), style="italic") for line in part.caption)
    # As wide as the widest line, so that no cell and no note is ever wrapped, however long.
    options = console.options.update(width=1 << 30)
    console.width = max(MIN_WIDTH, *(item.width if isinstance(item, _PlainTable)
                                     else Measurement.get(console, options, item).maximum for item in printed))
    for item in printed:
        if isinstance(item, _PlainTable):
            item.write(console.file)
        else:
            console.print(item)


def _draws_plain(console: Any) -> bool:
    """Whether ``_plain_table`` draws the tables: when no colour is wanted."""
    return console.color_system is None


class _PlainTable:
    """A table drawn as text by ``_plain_table``, line by line as it is written, and its width.

    The lines are made as they are written, never all held at once: every line of a piped
    table is as wide as its widest row, so one long quote makes every line long.
    """

    def __init__(self, columns: tuple[Column, ...], headers: list[str], cells: list[list[str]],
                 sections: list[bool], style: Any) -> None:
        self.lines = _plain_table(columns, headers, cells, sections, style)
        self.width: int = next(self.lines)  # the first value is the table's width, then come the lines

    def write(self, file: IO[str]) -> None:
        for line in self.lines:
            file.write(line + "\n")


def _plain_table(columns: tuple[Column, ...], headers: list[str], cells: list[list[str]],
                 sections: list[bool], style: Any) -> Iterator[Any]:
    """The table's width, then the lines rich draws for a table of unwrapped cells, one space of padding.

    Every column is as wide as its widest cell or header; numbers are right-aligned, as in
    the rich table drawn with colour. ``tests/test_scaling.py`` holds the two to the same bytes.
    """
    from rich.cells import cell_len

    header_cells = [" ".join(header.splitlines()) for header in headers]
    widths = [cell_len(header) for header in header_cells]
    for line in cells:
        widths = [max(width, cell_len(cell)) for width, cell in zip(widths, line, strict=False)]

    def draw(line: list[str], left: str, middle: str, right: str) -> str:
        drawn = []
        for cell, width, column in zip(line, widths, columns, strict=False):
            gap = " " * (width - cell_len(cell))
            drawn.append(f" {gap}{cell} " if column.numeric else f" {cell}{gap} ")
        return left + middle.join(drawn) + right

    padded = [width + 2 for width in widths]
    yield sum(padded) + len(padded) + 1
    yield style.get_top(padded)
    yield draw(header_cells, style.head_left, style.head_vertical, style.head_right)
    yield style.get_row(padded, "head")
    for line, section in zip(cells, sections, strict=False):
        if section:
            yield style.get_row(padded, "row")
        yield draw(line, style.mid_left, style.mid_vertical, style.mid_right)
    yield style.get_bottom(padded)


def _group_starts(part: View) -> list[bool]:
    """For each row, whether it begins a group: the first row, then each row whose group differs from the one before.

    Without a group column only the first row begins one. A group's name is shown on its first
    row only, and tables may draw a line before each group but the first.
    """
    groups = [row.get(part.group) if part.group else None for row in part.rows]
    return [index == 0 or group != groups[index - 1] for index, group in enumerate(groups)]


def _two_line_width(text: str) -> int:
    """The narrowest width at which ``text`` wraps between words into at most two lines."""
    from rich.cells import cell_len

    words = text.split()
    if not words:
        return 0
    best = cell_len(" ".join(words))
    for cut in range(1, len(words)):
        best = min(best, max(cell_len(" ".join(words[:cut])), cell_len(" ".join(words[cut:]))))
    return max(best, *(cell_len(word) for word in words))


def _split_urls(text: str) -> tuple[str, list[str]]:
    """The text without its URLs, and the URLs, each whole."""
    urls = [match.rstrip(".,;:") for match in _URL.findall(text)]
    for url in urls:
        text = text.replace(url, "")
    return " ".join(text.split()), urls


def _render_terminal(console: Any, view: View, details: bool, safe: Callable[[str], str], style: Any) -> None:
    brief = not details and view.brief is not None
    parts = (view,) if brief else (view, *view.extra)
    hidden: list[str] = []
    for index, part in enumerate(parts):
        if index:
            console.print()
        # The brief view saves the lines between groups; the group's name on its first row still marks it.
        hidden += _terminal_part(console, part, details, safe, style, sections=not brief)
        if brief:
            for line in view.brief or []:
                _print_text(console, safe(line))
        else:
            for line in part.notes:
                _print_text(console, safe(line), bullet="•" if safe("•") == "•" else "*", style="dim")
            for line in part.caption:
                _print_text(console, safe(line), style="italic")
    more = []
    if brief:
        more = [c.header if c.prose else f"{c.header} column" for c in view.columns if c.detail]
        more += ["notes"] if view.notes else []
        more += ["citations"] if view.caption else []
        more += [part.title for part in view.extra]
    if hidden:
        _print_text(console, safe(f"Left out at this width: {', '.join(dict.fromkeys(hidden))} "
                                  "(see a wider window, --format markdown, --json)."), style="dim")
    if more:
        _print_text(console, safe(f"--details adds: {', '.join(more)}."), style="dim")


def _print_text(console: Any, text: str, *, bullet: str | None = None, style: str | None = None) -> None:
    """A note under a table: wrapped between words, with a hanging indent after a bullet or marker;
    each URL whole on a line of its own, as a hyperlink where the terminal supports it."""
    from rich.cells import cell_len
    from rich.style import Style
    from rich.text import Text

    body, urls = _split_urls(text)
    indent = cell_len(bullet) + 1 if bullet else 0
    if body:
        # Wrapped here rather than in a grid, which would pad every line with spaces to the window's width.
        lines = Text(body, style=style or "").wrap(console, max(console.width - indent, 1), overflow="fold")
        for number, line in enumerate(lines):
            lead = (bullet + " " if number == 0 else " " * indent) if bullet else ""
            line.rstrip()
            console.print(Text(lead, style=style or "") + line, no_wrap=True, crop=False, overflow="ignore")
    for url in urls:
        pad = " " * indent if indent + cell_len(url) <= console.width else ""
        # Never wrapped or cropped: a URL longer than the window is left to the terminal to wrap softly.
        console.print(Text(pad) + Text(url, style=Style(link=url)), no_wrap=True, crop=False, overflow="ignore")


def _terminal_part(console: Any, part: View, details: bool, safe: Callable[[str], str], style: Any,
                   sections: bool = True) -> list[str]:
    """Print one table laid out for the console's width, then its numbered notes; the columns left out.

    The columns of priority 1 are always shown; the others are taken in order of priority
    while the whole table still fits with every cell on one line, so a column is left out
    rather than squeezed. When the columns of priority 1 alone are too wide, the ones that
    may wrap (labels) wrap between words, at a width that keeps each cell to two lines where
    the words allow. Prose columns become numbered notes, unless they fit whole, on one line,
    in the room left over. A table whose columns of priority 1 cannot fit even so is shown
    as one block of "header: value" lines per row.
    """
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    console.print(Text(safe(part.title), style="italic"))
    columns = [c for c in part.columns if details or not c.detail]
    starts = _group_starts(part)
    cells = [{c.key: safe("" if not start and c.key == part.group else c.show(row)) for c in columns}
             for row, start in zip(part.rows, starts, strict=True)]
    host = next((c for c in columns if c.wrap and c.priority == 1), None)

    def layout(inline: set[str]) -> tuple[list[dict[str, str]], list[tuple[str, str]]]:
        """Cells with note markers, and the numbered notes, when the prose columns not in ``inline`` move out."""
        notes: dict[str, int] = {}
        shown = []
        for row_cells in cells:
            row_cells = dict(row_cells)
            marks = []
            for column in columns:
                text = row_cells[column.key]
                moved = ""
                if column.prose and column.key not in inline:
                    moved, row_cells[column.key] = text, ""
                elif column.aside and column.aside in text:
                    row_cells[column.key], _, moved = text.partition(column.aside)
                if moved:
                    note = f"{column.header}: {moved}"
                    marks.append(f"[{notes.setdefault(note, len(notes) + 1)}]")
            mark = "".join(marks)
            if host is not None and mark:
                row_cells[host.key] = f"{row_cells[host.key]} {mark}".strip()
            row_cells["\0mark"] = mark
            shown.append(row_cells)
        return shown, [(f"[{n}]", text) for text, n in notes.items()]

    def needed(column: Column, shown: list[dict[str, str]], lines: int = 2) -> tuple[int, int]:
        """(minimum, natural) width of a column; the minimum wraps cells into ``lines`` lines (0: any number)."""
        texts = [safe(column.header), *(r[column.key] for r in shown)]
        natural = max(cell_len(t) for t in texts)
        if not column.wrap:
            return natural, natural
        if lines == 0:
            return max(cell_len(word) for t in texts for word in t.split() or [""]), natural
        return max(_two_line_width(t) for t in texts), natural

    def fits(chosen: list[Column], sizes: dict[str, tuple[int, int]], extra: int = 0, wrapped: bool = False) -> bool:
        """Whether the columns fit whole (each cell on one line) or, with ``wrapped``, at their minimum."""
        total = sum(sizes[c.key][0 if wrapped else 1] for c in chosen) + 3 * len(chosen) - 3 + extra
        return bool(total <= console.width)

    prose = [c for c in columns if c.prose]
    plain = [c for c in columns if not c.prose]
    if prose and len(plain) == 1 and not any(needed(c, cells)[1] + needed(plain[0], cells)[1] + 7 <= console.width
                                             for c in prose):
        # A label and its sentences: a list reads better than a one-column table of note markers.
        for row_cells in cells:
            text = "; ".join(row_cells[c.key] for c in prose if row_cells[c.key])
            _print_text(console, f"{row_cells[plain[0].key]}: {text}" if text else row_cells[plain[0].key],
                        bullet="•" if safe("•") == "•" else "*")
        return []
    from laos_tip.views import Column

    shown, notes = layout(set())
    mark_column = Column("\0mark", "Note") if host is None and notes else None
    candidates = [c for c in columns if not c.prose] + ([mark_column] if mark_column else [])
    sizes = {c.key: needed(c, shown) for c in candidates}
    kept = [c for c in candidates if c.priority == 1]
    left_out = []
    if not fits(kept, sizes, wrapped=True):
        # Too narrow for labels in two lines: they wrap into as many as they need, words still whole.
        sizes = {c.key: needed(c, shown, lines=0) for c in candidates}
    if not fits(kept, sizes, wrapped=True):
        _print_records(console, candidates, shown, safe)
        _print_numbered(console, notes)
        return []
    for column in sorted((c for c in candidates if c.priority > 1), key=lambda c: c.priority):
        if fits([*kept, column], sizes):
            kept.append(column)
        else:
            left_out.append(column.header or column.key)
    # A prose column stays a column only when its every cell fits whole on one line in the room left.
    inline: set[str] = set()
    for column in prose:
        size = needed(column, cells)[1]
        if fits(kept, sizes, extra=sum(needed(c, cells)[1] + 3 for c in prose if c.key in inline) + size + 3):
            inline.add(column.key)
    if inline:
        shown, notes = layout(inline)
        if mark_column is not None and not notes:
            kept.remove(mark_column)
        sizes = {c.key: needed(c, shown) for c in candidates}
        kept += [c for c in prose if c.key in inline]
        sizes.update({c.key: needed(c, shown) for c in prose})
    order = {c.key: i for i, c in enumerate([*columns, *([mark_column] if mark_column else [])])}
    kept.sort(key=lambda c: order[c.key])
    # Each column gets its minimum; the room left goes to the columns that wrap, up to their natural width.
    widths = {c.key: sizes[c.key][0] for c in kept}
    room = console.width - (sum(widths.values()) + 3 * len(kept) - 3)
    # The columns nearest their natural width first, so a short one (years) is not left wrapping for a long one.
    for column in sorted(kept, key=lambda c: sizes[c.key][1] - widths[c.key]):
        if column.wrap and room > 0:
            grow = min(room, sizes[column.key][1] - widths[column.key])
            widths[column.key] += grow
            room -= grow
    table = Table(show_lines=False, box=style, show_edge=False, pad_edge=False)
    for column in kept:
        table.add_column(safe(column.header), justify="right" if column.numeric else "left", width=widths[column.key],
                         no_wrap=not column.wrap, overflow="fold" if column.wrap else "ellipsis", style=column.style)
    for index, (start, row_cells) in enumerate(zip(starts, shown, strict=True)):
        if sections and index and start:
            table.add_section()
        table.add_row(*(Text(row_cells[c.key]) for c in kept))
    _print_trimmed(console, table)
    _print_numbered(console, notes)
    return left_out


def _print_trimmed(console: Any, table: Any) -> None:
    """Print a table line by line without the spaces that pad its last column (a table without edges)."""
    from rich.segment import Segment, Segments

    trimmed: list[Segment] = []
    for line in console.render_lines(table, console.options, pad=False, new_lines=False):
        while line and not line[-1].control and not line[-1].text.strip():
            line.pop()
        if line and not line[-1].control:
            last = line.pop()
            line.append(Segment(last.text.rstrip(), last.style))
        trimmed += [*line, Segment.line()]
    console.print(Segments(trimmed), end="", no_wrap=True, crop=False, overflow="ignore")


def _print_numbered(console: Any, notes: list[tuple[str, str]]) -> None:
    for marker, text in notes:
        _print_text(console, text, bullet=marker)


def _print_records(console: Any, columns: list[Column], shown: list[dict[str, str]],
                   safe: Callable[[str], str]) -> None:
    """A window too narrow for the table: each row as "header: value" lines, rows apart."""
    from rich.cells import cell_len
    from rich.text import Text

    names = {c.key: safe(c.header or c.key) + ":" for c in columns}
    wide = max(cell_len(name) for name in names.values())
    for index, row_cells in enumerate(shown):
        if index:
            console.print()
        for column in columns:
            text = row_cells[column.key]
            if column.wrap and text:
                _print_text(console, text, bullet=names[column.key].ljust(wide))
            elif text:
                # A key or a number is never broken, even when it is wider than the window.
                console.print(Text(names[column.key].ljust(wide) + " ") + Text(text, style=column.style or ""),
                              no_wrap=True, crop=False, overflow="ignore")


def write(text: str) -> None:
    """Write machine output to stdout, as is."""
    sys.stdout.write(text)


def render(view: View, fmt: Format, details: bool = False) -> None:
    """Write a View to stdout in the chosen format; ``details`` shows a terminal everything, not the brief view."""
    if fmt is Format.table:
        render_table(view, details=details)
    elif fmt is Format.json:
        write(to_json(view.document))
    elif fmt is Format.csv:
        write(to_csv(view))
    elif fmt is Format.tsv:
        write(to_tsv(view))
    else:
        write(to_markdown(view))
