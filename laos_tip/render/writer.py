"""Writing a View to stdout in a chosen format: one writer per format, in one table.

``WRITERS`` maps every ``Format`` to the function that writes it; a format without a writer is an
error when this module is imported, never a silent fallback to another format.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from laos_tip.render.formats import Format
from laos_tip.render.machine import to_csv, to_json, to_markdown, to_tsv

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from laos_tip.views.base import View


def write(text: str) -> None:
    """Write machine output to stdout, as is."""
    sys.stdout.write(text)


def _table(view: View, details: bool, pager: bool = True) -> None:
    from laos_tip.render.terminal import render_table  # rich only for people

    render_table(view, details=details, pager=pager)


#: Each format's writer: the View and whether --details was given.
WRITERS: dict[Format, Callable[[View, bool], None]] = {
    Format.table: _table,
    Format.json: lambda view, details: write(to_json(view.document)),
    Format.csv: lambda view, details: write(to_csv(view)),
    Format.tsv: lambda view, details: write(to_tsv(view)),
    Format.markdown: lambda view, details: write(to_markdown(view)),
}
_unwritten = set(Format) - set(WRITERS)
if _unwritten:
    raise ImportError(f"no writer for the format(s) {', '.join(sorted(f.value for f in _unwritten))}")


def render(view: View, fmt: Format, details: bool = False, pager: bool = True) -> None:
    """Write a View to stdout in the chosen format; ``details`` shows a terminal everything, not the brief view.

    ``pager``: a table for a terminal taller than the window goes through the pager (``pager.py``).
    """
    if fmt is Format.table:
        _table(view, details, pager)
        return
    WRITERS[fmt](view, details)
