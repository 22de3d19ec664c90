"""The spreadsheet export (.xlsx, with openpyxl): one sheet per table, a README sheet, no cell ever a formula.

A newsroom opens this file in Excel or LibreOffice, so text from the fact file must never run: every
text cell is written as a string (openpyxl's data type ``s``), whatever its first character (``=``,
``+``, ``-``, ``@`` or their full-width forms), so no cell is a formula and none needs the ``'``
guard of the CSV for people. Numbers are numbers, booleans booleans, a missing value an empty cell;
source addresses are links (http and https only). Each sheet's header row is frozen and filtered,
its columns sized to their text. openpyxl is imported here, on this path only (benchmarks/README.md).
"""

from __future__ import annotations

from pathlib import Path

from laos_tip import __version__
from laos_tip.core import records
from laos_tip.core.fields import URL, Table, cell
from laos_tip.core.model import FactBase
from laos_tip.core.textsafe import printable
from laos_tip.export import metadata

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The most characters a spreadsheet cell holds (Excel's limit); longer text is cut, and says so.
CELL_LIMIT = 32_767
#: Column widths, in characters: text is never squeezed below the header, nor a column wider than this.
WIDEST = 60
NARROWEST = 6
#: The width of the README sheet's text column; longer text wraps.
README_WIDTH = 100
_CUT = " [cut: the spreadsheet cell holds no more; the JSON and SQLite exports have the whole text]"


def text_cell(value: Any) -> str:
    """A value as the text of one spreadsheet cell: control characters shown as escapes, cut to CELL_LIMIT."""
    text = printable(str(value), keep="\n\t")
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - len(_CUT)] + _CUT
    return text


def _put(sheet: Any, row: int, column: int, value: Any, link: bool = False) -> int:
    """Write one cell; return the width its text wants (its longest line)."""
    value = cell(value)
    target = sheet.cell(row=row, column=column)
    if value is None:
        return 0
    if isinstance(value, (bool, int, float)):
        target.value = value
        return len(str(value))
    text = text_cell(value)
    target.value = text
    target.data_type = "s"  # a string, never a formula, whatever its first character
    if link and text.startswith(("https://", "http://")):
        target.hyperlink = text
        target.style = "Hyperlink"
    return max((len(line) for line in text.split("\n")), default=0)


def _finish(sheet: Any, widths: list[int]) -> None:
    """Freeze and filter the header row; size each column to its text."""
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width, NARROWEST), WIDEST) + 2


def _table_sheet(book: Any, table: Table, rows: list[dict[str, Any]]) -> None:
    from openpyxl.styles import Font

    sheet = book.create_sheet(table.name)
    fields = table.record.fields
    bold = Font(bold=True)
    widths = []
    for column, f in enumerate(fields, start=1):
        widths.append(_put(sheet, 1, column, f.name))
        sheet.cell(row=1, column=column).font = bold
    for number, row in enumerate(rows, start=2):
        for column, f in enumerate(fields, start=1):
            wanted = _put(sheet, number, column, row[f.name], link=f.kind == URL)
            widths[column - 1] = max(widths[column - 1], wanted)
    _finish(sheet, widths)


def readme_rows(facts: FactBase, rows: dict[str, list[dict[str, Any]]], created: str) -> list[tuple[str, str]]:
    """The README sheet: what the file is, the licence of each part, the fact file's SHA-256, the sheets."""
    from laos_tip.views.envelope import OUTPUT_VERSION

    about = [
        ("title", metadata.TITLE),
        ("description", metadata.DESCRIPTION),
        ("licence of the data", f"{metadata.DATA_LICENSE['title']} ({metadata.DATA_LICENSE['name']})"),
        ("licence address", metadata.DATA_LICENSE["path"]),
        ("quotes", metadata.QUOTES_LICENSE["title"]),
        ("licence of the code", metadata.CODE_LICENSE["title"]),
        ("terms", metadata.DATA_TERMS),
        ("fact file", facts.path),
        ("fact file sha256", facts.sha256),
        ("laos-tip version", __version__),
        ("output_version", str(OUTPUT_VERSION)),
        ("exported at", created),
        ("", ""),
        ("sheet", "what it holds"),
    ]
    about.extend((t.name, f"{t.record.description} ({len(rows[t.name])} rows)") for t in records.TABLES)
    return about


def write_xlsx(facts: FactBase, path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write the workbook to ``path``: README first, then one sheet per table of ``records.TABLES``."""
    import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    created = metadata.created_now()
    book = Workbook()
    book.properties.creator = "laos-tip"
    book.properties.title = metadata.TITLE
    book.properties.created = datetime.datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ")
    readme = book.worksheets[0]
    readme.title = "README"
    widths = [0, 0]
    for number, (name, value) in enumerate(readme_rows(facts, rows, created), start=1):
        widths[0] = max(widths[0], _put(readme, number, 1, name or None))
        _put(readme, number, 2, value or None, link=value.startswith("https://"))
        readme.cell(row=number, column=1).font = Font(bold=True)
        readme.cell(row=number, column=1).alignment = Alignment(vertical="top")
        readme.cell(row=number, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    readme.column_dimensions["A"].width = widths[0] + 2
    readme.column_dimensions["B"].width = README_WIDTH + 2
    # Printed (or saved as PDF), the README is one page wide, landscape: label and text side by side.
    readme.page_setup.orientation = "landscape"
    readme.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    readme.page_setup.fitToWidth = 1
    readme.page_setup.fitToHeight = 0
    for number, (_, value) in enumerate(readme_rows(facts, rows, created), start=1):
        # A wrapped cell gets the height of its lines: spreadsheets do not all grow a row by themselves.
        lines = sum(-(-len(line) // README_WIDTH) or 1 for line in value.split("\n"))
        if lines > 1:
            readme.row_dimensions[number].height = 15 * lines
    for table in records.TABLES:
        _table_sheet(book, table, rows[table.name])
    book.save(path)
