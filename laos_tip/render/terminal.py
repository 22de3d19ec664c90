"""Views drawn for people: the console, its width and encoding, and what a terminal shows under a table.

``render_table`` draws a View with rich: on a terminal laid out for the window (``layout.py``), into a
pipe at full width (``pipe.py``). On a terminal, the brief view of a table of years taller than the
window keeps the latest rows that fit, and output taller than the window may go through the pager
(``pager.py``). Every text drawn passes through the encoder made here, which escapes control
characters and puts the fallbacks of ``core/glyphs.py`` in for characters the output lacks.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable

from laos_tip.core.glyphs import BULLET, FALLBACKS
from laos_tip.core.frozen import replace
from laos_tip.render.console import MAX_WIDTH, encoder, stdout_is_terminal, terminal_height, terminal_width

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import IO, Any

    from laos_tip.views.base import Column, View


_URL = re.compile(r"https?://\S+")


def render_table(view: View, file: IO[str] | None = None, *, details: bool = False,
                 terminal: bool | None = None, width: int | None = None, height: int | None = None,
                 pager: bool = False) -> None:
    """Print a View for people: rich tables with their notes and caption.

    On a terminal the layout fits the window (see ``_terminal_part``): columns of low priority
    are left out rather than squeezed, prose goes below the table as numbered notes, no word,
    key, number or URL is broken, and unless ``details`` a View with a ``brief`` shows only
    that; a brief View that names its rows (``brief_rows``) shows its latest rows that fit the
    window's ``height``, and says so. With ``pager``, output taller than the window goes through
    the pager (``pager.py``) when stdout and stdin are terminals. Into a pipe or file, a table
    is never cut to a width: every column and every note, every cell whole, whatever ``details``
    says. ``terminal``, ``width`` and ``height`` let tests draw a terminal's layout into
    ``file``. Colour follows rich: off when not a terminal or when NO_COLOR is set, on with
    FORCE_COLOR. An output encoding without box-drawing characters gets ASCII boxes and ASCII
    stand-ins ("≥" becomes ">=").
    """
    from rich import box

    target = file or sys.stdout
    if terminal is None:
        terminal = stdout_is_terminal() if file is None else False
    safe, boxes = encoder(getattr(target, "encoding", None) or "utf-8")
    style = box.HEAVY_HEAD if boxes else box.ASCII
    if terminal:
        rows = height or terminal_height()
        text = _terminal_text(view, details, safe, style, width or terminal_width(), rows)
        if pager and file is None and text.count("\n") > rows:
            from laos_tip.render.pager import page

            if page(text):
                return
        target.write(text)
    else:
        console = _console(target, MAX_WIDTH)
        from laos_tip.render.pipe import render_pipe

        render_pipe(console, view, safe, style)


def _console(target: IO[str], width: int, terminal: bool | None = None) -> Any:
    """A rich Console writing to ``target``; a closed pipe raises BrokenPipeError (rich would exit 1)."""
    from rich.console import Console

    class PipeAwareConsole(Console):
        """rich ends the program with exit 1 on a closed pipe; the CLI treats that as a quiet end."""

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeAwareConsole(file=target, width=width, highlight=False, emoji=False, force_terminal=terminal)


def _terminal_text(view: View, details: bool, safe: Callable[[str], str], style: Any, width: int,
                   height: int) -> str:
    """The terminal's text of ``view``, escapes included; a brief view with ``brief_rows`` cut to ``height``."""
    def drawn(part: View) -> str:
        buffer = io.StringIO()
        _render_terminal(_console(buffer, width, terminal=True), part, details, safe, style)
        return buffer.getvalue()

    text = drawn(view)
    if details or view.brief is None or view.brief_rows is None:
        return text
    total = len(view.rows)
    excess = text.count("\n") - height
    if excess <= 0 or total < 2:
        return text
    # A row takes a line at least, and one more line says how many are shown: start there, then fewer.
    shown = max(1, total - excess - 1)
    while True:
        said = f"The latest {shown} of {total} {view.brief_rows} shown; --details shows all."
        text = drawn(replace(view, rows=view.rows[-shown:], brief=[*view.brief, said]))
        if text.count("\n") <= height or shown == 1:
            return text
        shown -= 1


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
                _print_text(console, safe(line), bullet=_bullet(safe), style="dim")
            for line in part.caption:
                _print_text(console, safe(line), style="italic")
    more = []
    if brief:
        more = [c.header if c.prose else f"{c.header} column" for c in view.columns if c.detail]
        more += ["notes"] if view.notes else []
        more += ["citations"] if set(view.caption) - set(view.brief or []) else []
        more += [part.title for part in view.extra]
    if hidden:
        _print_text(console, safe(f"Left out at this width: {', '.join(dict.fromkeys(hidden))} "
                                  "(see a wider window, --format markdown, --json)."), style="dim")
    if more:
        # A prose column named "Notes" and the notes under the table are said once.
        said = {item.lower(): item for item in reversed(more)}
        _print_text(console, safe(f"--details adds: {', '.join(reversed(said.values()))}."), style="dim")


def _print_text(console: Any, text: str, *, bullet: str | None = None, style: str | None = None) -> None:
    """A note under a table: wrapped between words, with a hanging indent after a bullet or marker;
    the URLs that end it each whole on a line of its own, as a hyperlink where the terminal supports
    it; a URL inside a sentence (a quote's) stays where it stands, whole and linked too."""
    from rich.cells import cell_len
    from rich.style import Style
    from rich.text import Text

    body, urls = _split_urls(text)
    indent = cell_len(bullet) + 1 if bullet else 0
    if body:
        line_text = Text(body, style=style or "")
        inline = list(_URL.finditer(body))
        for match in inline:
            url = match.group().rstrip(".,;:")
            line_text.stylize(Style(link=url), match.start(), match.start() + len(url))
        # Wrapped here rather than in a grid, which would pad every line with spaces to the window's width.
        # A URL in the sentence is never folded: one longer than the window is left to the terminal to wrap.
        lines = line_text.wrap(console, max(console.width - indent, 1), overflow="ignore" if inline else "fold")
        for number, line in enumerate(lines):
            lead = (bullet + " " if number == 0 else " " * indent) if bullet else ""
            line.rstrip()
            console.print(Text(lead, style=style or "") + line, no_wrap=True, crop=False, overflow="ignore")
    for url in urls:
        pad = " " * indent if indent + cell_len(url) <= console.width else ""
        # Never wrapped or cropped: a URL longer than the window is left to the terminal to wrap softly.
        console.print(Text(pad) + Text(url, style=Style(link=url)), no_wrap=True, crop=False, overflow="ignore")


def _split_urls(text: str) -> tuple[str, list[str]]:
    """The text without the URLs that end it, and those URLs, each whole.

    Only the URLs after the last word are lifted out (a citation's address); a URL with words
    after it belongs to its sentence ("Police said https://... was wrong") and stays in place.
    """
    urls: list[str] = []
    rest = text.rstrip()
    while True:
        found = list(_URL.finditer(rest))
        last = found[-1] if found else None
        if last is None or rest[last.end():].strip(" .,;:"):
            break
        urls.insert(0, last.group().rstrip(".,;:"))
        rest = rest[:last.start()].rstrip()
    return " ".join(rest.split()), urls


def _terminal_part(console: Any, part: View, details: bool, safe: Callable[[str], str], style: Any,
                   sections: bool = True) -> list[str]:
    """Print one table laid out for the console's width (``layout.plan``), then its numbered notes; the columns left out."""
    from rich.table import Table
    from rich.text import Text

    from laos_tip.render.layout import plan

    console.print(Text(safe(part.title), style="italic"))
    laid = plan(part, details, safe, console.width)
    if laid.kind == "list":
        label, *prose = laid.kept
        for row_cells in laid.shown:
            text = "; ".join(row_cells[c.key] for c in prose if row_cells[c.key])
            _print_text(console, f"{row_cells[label.key]}: {text}" if text else row_cells[label.key],
                        bullet=_bullet(safe))
        return []
    if laid.kind == "records":
        _print_records(console, laid.kept, laid.shown, safe)
        _print_numbered(console, laid.notes)
        return []
    table = Table(show_lines=False, box=style, show_edge=False, pad_edge=False)
    for column in laid.kept:
        table.add_column(safe(column.header), justify="right" if column.numeric else "left",
                         width=laid.widths[column.key], no_wrap=not column.wrap,
                         overflow="fold" if column.wrap else "ellipsis", style=column.style)
    for index, (start, row_cells) in enumerate(zip(part.starts, laid.shown, strict=True)):
        if sections and index and start:
            table.add_section()
        table.add_row(*(Text(row_cells[c.key]) for c in laid.kept))
    _print_trimmed(console, table)
    _print_numbered(console, laid.notes)
    return laid.left_out


def _bullet(safe: Callable[[str], str]) -> str:
    """The bullet of a note: the glyph where the output can draw it, else its fallback."""
    return BULLET if safe(BULLET) == BULLET else FALLBACKS[BULLET]


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
