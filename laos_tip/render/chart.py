"""Charts as files: a ``views.chart.Chart`` drawn with matplotlib, as SVG, PNG or PDF bytes.

The chart formats are ``render.formats.ChartFormat``, each chosen by its suffix (``chart_format``).
matplotlib is imported inside ``draw`` only: this module itself costs nothing to import, so a
command checks a file name before any plotting library loads, and no other command loads one.

Every chart is drawn without a display (matplotlib's Agg, SVG and PDF renderers, no pyplot),
inside ``matplotlib.rc_context``, so a notebook's own settings are neither used nor changed.
Output is reproducible: no creation date in SVG or PDF, SVG ids salted with the chart's name.
Text stays text (SVG ``svg.fonttype = 'none'``, PDF TrueType fonts), and no text from the fact
file is read as markup: mathtext is off, and the SVG writer escapes what it writes. The marks
themselves are drawn by ``render/chart_draw.py``.
"""

from __future__ import annotations

import os

from laos_tip.core.errors import UnknownFormatError
from laos_tip.render.formats import ChartFormat

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.views.chart import Chart


#: The width of a chart, in inches, and the resolution of a PNG: 10 × 150 = 1,500 pixels.
WIDTH_INCHES, PNG_DPI = 10.0, 150


def chart_format(path: str | os.PathLike[str]) -> str:
    """The chart format named by the path's suffix (case-insensitive), or UnknownFormatError."""
    suffix = os.path.splitext(os.fspath(path).rstrip("/" + os.sep))[1].lower()
    for fmt in ChartFormat:
        if suffix == f".{fmt.value}":
            return fmt.value
    raise UnknownFormatError(f"cannot tell the chart format of {os.fspath(path)!r} from its suffix; use one of "
                             + ", ".join(f".{f.value}" for f in ChartFormat))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def with_title(svg: str, title: str, description: str) -> str:
    """The SVG document with a ``<title>`` and a ``<desc>`` as the first children of its root."""
    start = svg.index("<svg")
    end = svg.index(">", start) + 1
    return (svg[:end] + f"\n <title>{_escape(title)}</title>\n <desc>{_escape(description)}</desc>" + svg[end:])


def draw(chart: Chart, fmt: str) -> bytes:
    """The chart as the bytes of a file of format ``fmt`` ("svg", "png" or "pdf")."""
    import io

    import matplotlib
    from matplotlib.figure import Figure

    from laos_tip.render.chart_draw import STYLE, draw_chart

    style: Any = {**STYLE, "svg.hashsalt": f"laos-tip-{chart.name}"}
    with matplotlib.rc_context(style):
        figure = Figure(figsize=(WIDTH_INCHES, 6.0))
        draw_chart(figure, chart)
        buffer = io.BytesIO()
        metadata: dict[str, str | None]
        if fmt == "svg":
            metadata = {"Date": None, "Title": chart.title, "Description": chart.description}
        elif fmt == "pdf":
            metadata = {"CreationDate": None, "Title": chart.title, "Subject": chart.definition}
        else:
            metadata = {"Title": chart.title, "Description": chart.description}
        figure.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata)
    data = buffer.getvalue()
    if fmt == "svg":
        return with_title(data.decode("utf-8"), chart.title, chart.description).encode("utf-8")
    return data
