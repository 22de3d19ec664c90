"""Writing a chart to a file, atomically, as ``export`` writes: the format from the suffix, kept unless forced.

The chart is built (``views.chart``) and its target checked before anything is drawn, so an
unknown name or a file that may not be replaced costs no plotting; then it is drawn
(``render.chart``) and written with ``atomic.write_atomically``.
"""

from __future__ import annotations

import os

from laos_tip.export.atomic import check_target, write_atomically
from laos_tip.render.chart import chart_format, draw
from laos_tip.views.chart import chart

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from pathlib import Path

    from laos_tip.core.model import FactBase


def chart_bytes(facts: FactBase, what: str, fmt: str) -> bytes:
    """The chart ``what`` (a metric's key, "tier" or "pipeline") as the bytes of a ``fmt`` file."""
    from laos_tip.core.errors import UnknownFormatError
    from laos_tip.render.formats import ChartFormat

    if fmt not in {f.value for f in ChartFormat}:
        raise UnknownFormatError(f"unknown chart format {fmt!r}; use one of {', '.join(f.value for f in ChartFormat)}")
    return draw(chart(facts, what), fmt)


def write_chart(facts: FactBase, what: str, path: str | os.PathLike[str], force: bool = False) -> str:
    """Write the chart ``what`` to ``path`` in the format its suffix names; return the format's name.

    Raises UnknownFormatError for an unknown suffix, UnknownKeyError for an unknown name, NoDataError
    for a metric without figures and ExportError for a target that cannot be written or exists
    (unless ``force``); in every failure an existing file at ``path`` is left as it was.
    """
    fmt = chart_format(path)
    drawn = chart(facts, what)
    target: Path = check_target(path, force, example=f"{what}.{fmt}")
    data = draw(drawn, fmt)

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    write_atomically(target, force, write)
    return fmt
