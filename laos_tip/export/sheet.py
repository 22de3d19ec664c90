"""Writing the fact sheet of a year to an HTML file, atomically, with the same rules as ``export``.

``factsheet_page`` builds the page as text (``views/sheet.py`` gathers it, ``render/html.py`` lays it
out); ``write_factsheet`` checks the target first (an existing file is kept unless ``force``, a
directory or a missing parent is refused), then writes the page beside it and renames it into place
(``atomic.py``). Only a name ending in ``.html`` or ``.htm`` is written: anything else is an
UnknownFormatError, raised before the fact base is read for the page.
"""

from __future__ import annotations

import os
from pathlib import Path

from laos_tip.core.errors import UnknownFormatError
from laos_tip.export.atomic import check_target, write_atomically

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from collections.abc import Iterable

    from laos_tip.core.model import FactBase
    from laos_tip.views.sheet import Chart

#: The suffixes (lower case) of a fact sheet's file.
SUFFIXES = (".html", ".htm")


def check_suffix(path: str | os.PathLike[str]) -> None:
    """UnknownFormatError unless ``path`` names an HTML file."""
    name = os.path.basename(os.fspath(path).rstrip("/" + os.sep))
    if os.path.splitext(name)[1].lower() not in SUFFIXES:
        raise UnknownFormatError(f"a fact sheet is an HTML page: give a name ending in {' or '.join(SUFFIXES)}, "
                                 f"not {os.fspath(path)!r}")


#: The charts a sheet shows unless told otherwise: what ``laos-tip chart`` draws, with the sheet's title for each.
STANDARD_CHARTS = (("arrests", "Arrests by year"), ("tier", "Tier placements in the US TIP Report"),
                   ("pipeline", "The law-enforcement pipeline by year"))


def standard_charts(facts: FactBase) -> tuple[Chart, ...]:
    """The charts of ``STANDARD_CHARTS`` as inline SVG, drawn by ``laos-tip chart``'s renderer (matplotlib)."""
    from laos_tip.core.errors import NoDataError, UnknownKeyError
    from laos_tip.export.chart import chart_bytes
    from laos_tip.views.sheet import Chart

    charts = []
    for what, title in STANDARD_CHARTS:
        try:
            text = chart_bytes(facts, what, "svg").decode("utf-8")
        except (NoDataError, UnknownKeyError):  # a fact file without that metric, or without figures for it
            continue
        charts.append(Chart(title=title, svg=text[text.index("<svg"):]))
    return tuple(charts)


def factsheet_page(facts: FactBase, year: int | None = None, charts: Iterable[Chart] | None = None) -> str:
    """The fact sheet of ``year`` (default: the latest year with figures) as one HTML page.

    ``charts``: None for the standard charts (``standard_charts``), or the charts to show, () for none.
    """
    from laos_tip.render.html import factsheet_html
    from laos_tip.views.base import choose_period
    from laos_tip.views.sheet import sheet

    period = choose_period(facts, year)
    chosen = standard_charts(facts) if charts is None else tuple(charts)
    return factsheet_html(sheet(facts, period, chosen))


def write_factsheet(facts: FactBase, path: str | os.PathLike[str], year: int | None = None, force: bool = False,
                    charts: Iterable[Chart] | None = None) -> Path:
    """Write the fact sheet of ``year`` to ``path`` (``.html``/``.htm``); return the path written.

    Refuses to replace an existing file unless ``force``. Raises UnknownFormatError for another
    suffix, NoDataError for a year without figures, ExportError for a target that cannot be
    written; in every failure an existing file at ``path`` is left as it was.
    """
    check_suffix(path)
    target = check_target(path, force)
    page = factsheet_page(facts, year, charts).encode("utf-8")

    def write(temp: Path) -> None:
        temp.write_bytes(page)

    write_atomically(target, force, write)
    return target
