"""Writing a View to stdout in a chosen format: one writer per format, in one table.

``WRITERS`` maps every ``Format`` to the function that writes it; a format without a writer is an
error when this module is imported, never a silent fallback to another format.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from laos_tip.render.formats import FIELD_FORMATS, Format
from laos_tip.render.machine import to_csv, to_json, to_json_rows, to_jsonl, to_markdown, to_tsv

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.views.base import View


def write(text: str) -> None:
    """Write machine output to stdout, as is."""
    sys.stdout.write(text)


def _table(view: View, details: bool, fields: list[str] | None, pager: bool = True) -> None:
    from laos_tip.render.terminal import render_table  # rich only for people

    render_table(view, details=details, pager=pager)


def _json(view: View, details: bool, fields: list[str] | None) -> None:
    write(to_json(view.document) if fields is None else to_json_rows(view, fields))


#: Each format's writer: the View, whether --details was given, and the fields --fields chose (None: all);
#: only the formats of ``FIELD_FORMATS`` are given fields.
WRITERS: dict[Format, Callable[[View, bool, list[str] | None], None]] = {
    Format.table: _table,
    Format.json: _json,
    Format.csv: lambda view, details, fields: write(to_csv(view, fields)),
    Format.tsv: lambda view, details, fields: write(to_tsv(view, fields)),
    Format.markdown: lambda view, details, fields: write(to_markdown(view)),
    Format.jsonl: lambda view, details, fields: write(to_jsonl(view, fields)),
}
_unwritten = set(Format) - set(WRITERS)
if _unwritten:
    raise ImportError(f"no writer for the format(s) {', '.join(sorted(f.value for f in _unwritten))}")


def render(view: View, fmt: Format, details: bool = False, fields: list[str] | None = None,
           pager: bool = True) -> None:
    """Write a View to stdout in the chosen format; ``details`` shows a terminal everything, not the brief view.

    ``fields`` (``--fields``) chooses the columns of a format of ``FIELD_FORMATS``; the CLI refuses it
    with the others before anything is read. ``pager``: a table for a terminal taller than the window
    goes through the pager (``pager.py``).
    """
    if fields is not None and fmt not in FIELD_FORMATS:
        raise ValueError(f"--fields does not apply to --format {fmt.value}")
    if fmt is Format.table:
        _table(view, details, None, pager)
        return
    WRITERS[fmt](view, details, fields)
