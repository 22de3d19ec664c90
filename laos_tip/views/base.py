"""The shapes every view has: a Column, a View (rows for machines, finished text for people), and helpers.

A view is built by a pure function of a FactBase (one module per command in this package). It
carries its rows as plain data, for JSON, CSV and TSV, and, computed when it is made, the text of
every cell as people read it (``View.cells``), so the renderers in ``render/`` only lay text out:
they never call back into view code.
"""

from __future__ import annotations

from collections.abc import Callable

from laos_tip.core.errors import NoDataError
from laos_tip.core.frozen import field, record
from laos_tip.core.textsafe import printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.core.model import FactBase

    #: A value of a row: JSON's scalars, or a list (of values or of records).
    Cell = str | int | float | bool | list[Any] | None

#: Keys are what a user types ('laos-tip get KEY'): tables set them apart in colour.
KEY_STYLE = "cyan"


@record
class Column:
    """A column of a table: its key in each row, its header, and how people see it."""

    key: str
    header: str
    numeric: bool = False
    display: Callable[[Cell, dict[str, Cell]], str] | None = None
    table_only: bool = False  # drawn in the terminal table only (e.g. a bar chart), not in csv/tsv/markdown
    style: str | None = None  # rich style of the cells on a terminal, e.g. "cyan"
    # How a terminal shows the column (a pipe gets every column, every cell whole, whatever these say):
    priority: int = 1  # 1: always shown; when the window is too narrow, the highest numbers are left out first
    wrap: bool = False  # a label that may wrap between words; keys, numbers, years and URLs never wrap
    prose: bool = False  # sentences: never a narrow column; below the table as numbered notes the row points to
    detail: bool = False  # shown on a terminal only with --details
    aside: str | None = None  # on a terminal, the text after this separator goes to a numbered note

    def show(self, row: dict[str, Cell]) -> str:
        """The cell as people read it (tables, markdown), control characters escaped; machines get the raw value."""
        value = row.get(self.key)
        if self.display is not None:
            return printable(self.display(value, row))
        if value is None:
            return ""
        return printable(str(value))


@record
class View:
    """One command's output: a table for people and formats, and a JSON document.

    ``cells`` holds, for each row, the text of each column as people read it, and ``starts``
    whether the row begins a group (the first row, then each row whose ``group`` value differs
    from the one before): both are made here, once, from the columns' displays.
    """

    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Cell]]
    document: dict[str, Any]
    group: str | None = None  # rows with the same value here form one section of the table
    caption: list[str] = field(default_factory=list)  # lines under the table
    notes: list[str] = field(default_factory=list)  # caveats and remarks after the table
    extra: tuple[View, ...] = ()  # further tables shown after this one (people only)
    # Lines under the table in a terminal's brief view, in place of notes, caption and extra tables;
    # None: the brief view shows them all, as --details does.
    brief: list[str] | None = None
    # What the rows are ("years", "reports"): a brief view taller than the window shows the latest rows
    # that fit and says how many of how many; None: every row, however many (a list of keys).
    brief_rows: str | None = None
    # A drawing of data shown elsewhere (a timeline): markdown, whose cells collapse spaces, leaves it out.
    picture: bool = False
    cells: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)
    starts: tuple[bool, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(tuple(c.show(row) for c in self.columns) for row in self.rows))
        groups = [row.get(self.group) if self.group else None for row in self.rows]
        object.__setattr__(self, "starts", tuple(index == 0 or group != groups[index - 1]
                                                 for index, group in enumerate(groups)))


def count(missing: str = "") -> Callable[[Cell, dict[str, Cell]], str]:
    """A Column display for counts: thousands separated, ``missing`` where there is no number.

    A bounded value keeps its sign, from the row's ``bound``: "≥ 21", "> 1,680", "≈ 200", "< 2,800".
    """
    from laos_tip.core.model import bound_sign

    def show(value: Cell, row: dict[str, Cell]) -> str:
        if not isinstance(value, int):
            return missing
        sign = bound_sign(row.get("bound") if isinstance(row.get("bound"), str) else None)  # type: ignore[arg-type]
        return f"{sign} {value:,}" if sign else f"{value:,}"

    return show


def choose_period(facts: FactBase, year: int | None) -> int:
    """--year, or the latest period with figures; a year without figures is an error."""
    periods = facts.periods()
    if not periods:
        raise NoDataError(f"{facts.path} holds no figures")
    if year is None:
        return periods[-1]
    if year not in periods:
        raise NoDataError(f"no figures for {year}; years with figures: {', '.join(map(str, periods))}")
    return year
