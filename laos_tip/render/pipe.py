"""Views drawn into a pipe or a file: every column, every cell whole, every note, at full width.

Without colour (the usual pipe) a table is drawn here as plain text, in time proportional to its
cells; with colour forced, rich draws it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from laos_tip.core.glyphs import BULLET
from laos_tip.render.console import MIN_WIDTH

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import IO, Any

    from laos_tip.views.base import Column, View


def render_pipe(console: Any, view: View, safe: Callable[[str], str], style: Any) -> None:
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
        sections = [index > 0 and start for index, start in enumerate(part.starts)]  # a line between groups first
        # Within a section, the group's name is shown once, on its first row.
        cells = [[safe("" if not start and c.key == part.group else text) for c, text in zip(part.columns, texts,
                                                                                                strict=True)]
                 for texts, start in zip(part.cells, part.starts, strict=True)]
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
        printed.extend(Text(safe(BULLET + " " + line), style="dim") for line in part.notes)
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
