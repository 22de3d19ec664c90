"""The terminal layout of one table: which columns fit the window, what wraps, what moves to numbered notes.

The columns of priority 1 are always shown; the others are taken in order of priority while the
whole table still fits with every cell on one line, so a column is left out rather than squeezed.
When the columns of priority 1 alone are too wide, the ones that may wrap (labels) wrap between
words, at a width that keeps each cell to two lines where the words allow. Prose columns become
numbered notes, unless they fit whole, on one line, in the room left over. A table whose columns
of priority 1 cannot fit even so is shown as one block of "header: value" lines per row.

``plan`` decides all of that from the View's finished cells and the window's width, and returns a
``Plan``; ``terminal.py`` draws it.
"""

from __future__ import annotations

from collections.abc import Callable

from laos_tip.core.frozen import field, record
from laos_tip.views.base import Column

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.views.base import View

    #: A row's cells by column key; "\0mark" holds the row's note markers.
    Cells = dict[str, str]
    Sizes = dict[str, tuple[int, int]]

#: The key of the column that carries a row's note markers when no label column can.
MARK = "\0mark"


@record
class Plan:
    """How one table is shown at a width.

    ``kind`` is "table" (``kept`` columns at ``widths``), "list" (a label and its sentences, one
    bullet a row) or "records" (a window too narrow: "header: value" lines per row). ``shown`` holds
    each row's cells with their note markers, ``notes`` the numbered notes, ``left_out`` the headers
    of the columns the width could not hold.
    """

    kind: str
    shown: list[Cells]
    notes: list[tuple[str, str]] = field(default_factory=list)
    kept: list[Column] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)


def two_line_width(text: str) -> int:
    """The narrowest width at which ``text`` wraps between words into at most two lines.

    Linear in the length of ``text``: each word's width is measured once, and the width of the
    first line at every cut is a running sum (a label of 32,000 words takes milliseconds).
    """
    from rich.cells import cell_len

    sizes = [cell_len(word) for word in text.split()]
    if not sizes:
        return 0
    total = sum(sizes) + len(sizes) - 1  # the words joined by single spaces
    best = total
    first = -1  # the width of the first line: the words before the cut and the spaces between them
    for size in sizes[:-1]:
        first += size + 1
        best = min(best, max(first, total - first - 1))
    return max(best, *sizes)


def finished_cells(part: View, columns: list[Column], safe: Callable[[str], str]) -> list[Cells]:
    """Each row's text by column key, made safe to draw; a group's name only on its first row."""
    index = {c.key: i for i, c in enumerate(part.columns)}
    return [{c.key: safe("" if not start and c.key == part.group else texts[index[c.key]]) for c in columns}
            for texts, start in zip(part.cells, part.starts, strict=True)]


def with_notes(cells: list[Cells], columns: list[Column], host: Column | None,
               inline: set[str]) -> tuple[list[Cells], list[tuple[str, str]]]:
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
        row_cells[MARK] = mark
        shown.append(row_cells)
    return shown, [(f"[{n}]", text) for text, n in notes.items()]


def needed(column: Column, shown: list[Cells], safe: Callable[[str], str], lines: int = 2) -> tuple[int, int]:
    """(minimum, natural) width of a column; the minimum wraps cells into ``lines`` lines (0: any number)."""
    from rich.cells import cell_len

    texts = [safe(column.header), *(r[column.key] for r in shown)]
    natural = max(cell_len(t) for t in texts)
    if not column.wrap:
        return natural, natural
    if lines == 0:
        return max(cell_len(word) for t in texts for word in t.split() or [""]), natural
    return max(two_line_width(t) for t in texts), natural


def fits(chosen: list[Column], sizes: Sizes, width: int, extra: int = 0, wrapped: bool = False) -> bool:
    """Whether the columns fit whole (each cell on one line) or, with ``wrapped``, at their minimum."""
    total = sum(sizes[c.key][0 if wrapped else 1] for c in chosen) + 3 * len(chosen) - 3 + extra
    return bool(total <= width)


def as_list(cells: list[Cells], plain: Column, prose: list[Column], safe: Callable[[str], str],
            width: int) -> bool:
    """Whether a label and its sentences read better as a list: no sentence fits beside the label."""
    return not any(needed(c, cells, safe)[1] + needed(plain, cells, safe)[1] + 7 <= width for c in prose)


def plan(part: View, details: bool, safe: Callable[[str], str], width: int) -> Plan:
    """The layout of ``part`` at ``width`` (see the module's docstring)."""
    columns = [c for c in part.columns if details or not c.detail]
    cells = finished_cells(part, columns, safe)
    prose = [c for c in columns if c.prose]
    plain = [c for c in columns if not c.prose]
    if prose and len(plain) == 1 and as_list(cells, plain[0], prose, safe, width):
        return Plan("list", cells, kept=[plain[0], *prose])
    host = next((c for c in columns if c.wrap and c.priority == 1), None)
    shown, notes = with_notes(cells, columns, host, set())
    mark_column = Column(MARK, "Note") if host is None and notes else None
    candidates = plain + ([mark_column] if mark_column else [])
    sizes = {c.key: needed(c, shown, safe) for c in candidates}
    kept = [c for c in candidates if c.priority == 1]
    if not fits(kept, sizes, width, wrapped=True):
        # Too narrow for labels in two lines: they wrap into as many as they need, words still whole.
        sizes = {c.key: needed(c, shown, safe, lines=0) for c in candidates}
    if not fits(kept, sizes, width, wrapped=True):
        return Plan("records", shown, notes, kept=candidates)
    left_out = _add_by_priority(kept, candidates, sizes, width)
    inline = _inline_prose(prose, kept, sizes, cells, safe, width)
    if inline:
        shown, notes = with_notes(cells, columns, host, inline)
        if mark_column is not None and not notes:
            kept.remove(mark_column)
        sizes = {c.key: needed(c, shown, safe) for c in [*candidates, *prose]}
        kept += [c for c in prose if c.key in inline]
    order = {c.key: i for i, c in enumerate([*columns, *([mark_column] if mark_column else [])])}
    kept.sort(key=lambda c: order[c.key])
    return Plan("table", shown, notes, kept, _widths(kept, sizes, width), left_out)


def _add_by_priority(kept: list[Column], candidates: list[Column], sizes: Sizes, width: int) -> list[str]:
    """Add the columns of priority above 1 that fit, lowest number first; the headers of those left out."""
    left_out = []
    for column in sorted((c for c in candidates if c.priority > 1), key=lambda c: c.priority):
        if fits([*kept, column], sizes, width):
            kept.append(column)
        else:
            left_out.append(column.header or column.key)
    return left_out


def _inline_prose(prose: list[Column], kept: list[Column], sizes: Sizes, cells: list[Cells],
                  safe: Callable[[str], str], width: int) -> set[str]:
    """The prose columns that stay columns: those whose every cell fits whole, on one line, in the room left."""
    inline: set[str] = set()
    for column in prose:
        size = needed(column, cells, safe)[1]
        taken = sum(needed(c, cells, safe)[1] + 3 for c in prose if c.key in inline)
        if fits(kept, sizes, width, extra=taken + size + 3):
            inline.add(column.key)
    return inline


def _widths(kept: list[Column], sizes: Sizes, width: int) -> dict[str, int]:
    """Each column gets its minimum; the room left goes to the columns that wrap, up to their natural width."""
    widths = {c.key: sizes[c.key][0] for c in kept}
    room = width - (sum(widths.values()) + 3 * len(kept) - 3)
    # The columns nearest their natural width first, so a short one (years) is not left wrapping for a long one.
    for column in sorted(kept, key=lambda c: sizes[c.key][1] - widths[c.key]):
        if column.wrap and room > 0:
            grow = min(room, sizes[column.key][1] - widths[column.key])
            widths[column.key] += grow
            room -= grow
    return widths
