"""The marks of each chart, drawn with matplotlib on a Figure: bars by year, the tier timeline, the pipeline.

Imported only by ``render/chart.py``'s ``draw``, inside matplotlib's rc_context. What is drawn
follows the chart's rows and nothing else: a row without a value is a gap (no bar, "no figure"
written at the base line, never a zero), a bound is an open bar with its sign, a period apart
is hatched, right of a dashed line, and a contradicted value carries a mark, the other sources'
values as open diamonds, and a note. Colours are Okabe and Ito's, for colour-blind readers, and
every series also has its own hatch or marker shape, so the chart reads in black and white.
"""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from laos_tip.views.chart import Chart, value_text

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: matplotlib settings of every chart (with ``svg.hashsalt``, set per chart).
STYLE: dict[str, Any] = {
    "svg.fonttype": "none",  # text as <text>, searchable and selectable
    "pdf.fonttype": 42,  # TrueType: text a PDF reader can copy
    "text.parse_math": False,  # a "$" in a label is a dollar sign, never TeX
    "text.usetex": False,
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#333333",
    "hatch.linewidth": 0.8,
    "path.simplify": False,
}
#: Okabe & Ito's palette, less yellow (too pale on white), and the hatch and marker of each series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9")
HATCHES = ("", "//", "..", "\\\\", "xx", "oo")
INK, GREY, FOOTER = "#222222", "#666666", "#333333"
#: The tiers' colours and markers, best first: green, blue, orange, vermilion; a circle, a square, a diamond,
#: a triangle pointing down.
TIER_PALETTE, TIER_MARKERS = ("#009E73", "#0072B2", "#E69F00", "#D55E00"), ("o", "s", "D", "v")
APART_HATCH = "////"
#: The bounds whose count lies above the value drawn, and those whose count lies below it.
UPWARD, DOWNWARD = ("at-least", "more-than"), ("up-to", "fewer-than")
#: The fewest bar widths a metric's axis spans (bars of 0.6 of one): a chart of one or two years keeps slim bars.
MIN_SLOTS = 5.0
#: Characters per footer line (8-point text across a 10-inch figure), and its line height in inches.
FOOTER_CHARS, LINE_INCHES = 150, 0.15


def draw_chart(figure: Figure, chart: Chart) -> None:
    """Draw the chart's marks, then lay out the title, the plot, the axis's labels and the footer on ``figure``."""
    axes = figure.add_axes((0.1, 0.3, 0.88, 0.6))
    {"metric": _metric, "tier": _tier, "pipeline": _pipeline}[chart.kind](axes, chart)
    footer = [line for text in chart.footer for line in textwrap.wrap(text, FOOTER_CHARS, break_on_hyphens=False)]
    # Room under the plot for the longest label of the x axis (a year turned on its side takes three lines).
    ticks = [label.get_text().count("\n") + 1 if not label.get_rotation() else 3 for label in axes.get_xticklabels()]
    plot, head, under = 3.9, 0.95, 0.3 + 0.16 * max([*ticks, 1])
    height = head + plot + under + LINE_INCHES * len(footer) + 0.2
    figure.set_size_inches(figure.get_figwidth(), height)
    figure.text(0.04, 1 - 0.3 / height, chart.title, fontsize=15, fontweight="bold", color=INK, va="center")
    axes.set_position((0.1, (0.2 + LINE_INCHES * len(footer) + under) / height, 0.88, plot / height))
    for index, line in enumerate(footer):
        figure.text(0.04, (0.2 + LINE_INCHES * (len(footer) - index - 0.5)) / height, line, fontsize=8,
                    color=FOOTER, va="center")


def _label(text: str, width: int = 14) -> str:
    """A label of the x axis on a few lines, a source's id kept whole."""
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)) or text


def _bar(axes: Axes, x: float, row: dict[str, Any], width: float, colour: str, hatch: str) -> None:
    """One value: a filled bar, an open one for a bound, hatched when its period is apart; or a gap."""
    if row["value"] is None:
        axes.text(x, 0, "no figure", ha="center", va="bottom", fontsize=8, color=GREY, style="italic")
        return
    bounded = row["bound"] is not None
    axes.bar(x, row["value"], width, facecolor="white" if bounded else colour, edgecolor=colour if bounded else INK,
             linestyle="--" if bounded else "-", linewidth=1.2 if bounded else 0.6,
             hatch=APART_HATCH if row["partial"] else hatch, zorder=2)
    rise = 3
    if row["bound"] in UPWARD or row["bound"] in DOWNWARD:
        # An arrow says which way the count lies from the bound: above "at least 21", below "up to 400".
        up = row["bound"] in UPWARD
        axes.annotate("", (x, row["value"]), xytext=(0, 16 if up else -16), textcoords="offset points",
                      arrowprops={"arrowstyle": "<-", "color": colour, "linewidth": 1.4}, zorder=4)
        rise = 18 if up else 3
    axes.annotate(row["text"], (x, row["value"]), xytext=(0, rise), textcoords="offset points", ha="center",
                  va="bottom", fontsize=9 if width > 0.3 else 7, fontweight="bold", color=INK, zorder=4)
    others = sorted(row["conflict"], key=lambda c: c["value"])
    if others:
        axes.plot([x] * len(others), [c["value"] for c in others], marker="D", markersize=6, markerfacecolor="white",
                  markeredgecolor=PALETTE[3], markeredgewidth=1.4, linestyle="none", zorder=3)
        # One label for them all, beside the highest: close values would print over each other.
        axes.annotate(", ".join(value_text(c["value"], c["bound"], []) for c in others), (x, others[-1]["value"]),
                      xytext=(7, 2), textcoords="offset points", ha="left", va="bottom", fontsize=8,
                      color=PALETTE[3], zorder=5,
                      # On white, over a bar too: a value another source gives may lie inside the drawn one's bar.
                      bbox={"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"})


def _top(rows: list[dict[str, Any]]) -> float:
    values = [r["value"] for r in rows if r["value"] is not None]
    values += [c["value"] for r in rows for c in r["conflict"]]
    return float(max([*values, 1])) * 1.2


def _separator(axes: Axes, x: float) -> None:
    axes.axvline(x, color=GREY, linestyle=":", linewidth=1, zorder=1)
    axes.text(x, 1.0, "  not one calendar year", transform=axes.get_xaxis_transform(), fontsize=8, color=GREY,
              ha="left", va="top")


def _legend(axes: Axes, rows: list[dict[str, Any]], handles: list[Any]) -> None:
    if any(r["bound"] for r in rows):
        handles.append(Patch(facecolor="white", edgecolor=INK, linestyle="--", label="a bound (≥, >, ≤, <, ≈)"))
    if any(r["partial"] for r in rows):
        handles.append(Patch(facecolor="white", edgecolor=INK, hatch=APART_HATCH, label="not one calendar year"))
    if any(r["conflict"] for r in rows):
        handles.append(Line2D([], [], marker="D", markerfacecolor="white", markeredgecolor=PALETTE[3],
                              linestyle="none", label="value another source gives (*)"))
    if handles:
        axes.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.02), ncol=min(len(handles), 4),
                    frameon=False, fontsize=8.5, borderaxespad=0, columnspacing=1.4)


def _axis(axes: Axes, unit: str, counts: bool = True) -> None:
    axes.set_ylabel(unit, color=INK)
    if counts:  # whole numbers on the axis, never "2.5 persons"
        axes.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    axes.yaxis.grid(True, color="#dddddd", linewidth=0.6, zorder=0)
    axes.set_axisbelow(True)
    axes.tick_params(colors=INK, labelsize=9)


def _metric(axes: Axes, chart: Chart) -> None:
    full = [r for r in chart.rows if not r["partial"]]
    apart = [r for r in chart.rows if r["partial"]]
    # The periods apart start right of the line after the years; with no year at all, there is no line.
    start = len(full) + 0.6 if full else 0.0
    positions = [float(i) for i in range(len(full))] + [start + i for i in range(len(apart))]
    for x, row in zip(positions, [*full, *apart], strict=True):
        _bar(axes, x, row, 0.6, PALETTE[0] if not row["partial"] else PALETTE[1], "")
    if apart and full:
        _separator(axes, len(full) - 0.2)
    ticks = {x: _label(r["label"], 14) for x, r in zip(positions, full, strict=False)}
    ticks |= _apart_ticks(positions[len(full):], apart)
    axes.set_xticks(list(ticks), list(ticks.values()))
    # A bar keeps the width of one among MIN_SLOTS, however few there are: one year is no wall of colour.
    low, high = -0.7, positions[-1] + 0.7
    spare = max(0.0, MIN_SLOTS - (high - low)) / 2
    axes.set_xlim(low - spare, high + spare)
    axes.set_ylim(0, _top(chart.rows))
    _axis(axes, chart.axis)
    handles = [Patch(facecolor=PALETTE[0], edgecolor=INK, label="headline value of the year")] if full else []
    _legend(axes, chart.rows, handles)


def _apart_ticks(positions: list[float], apart: list[dict[str, Any]]) -> dict[float, str]:
    """One label under each run of bars of the same period apart, in the run's middle: the bars of sources
    that disagree share their period's label (their values, and the note under the chart, tell them apart)."""
    runs: list[tuple[str, list[float]]] = []
    for x, row in zip(positions, apart, strict=True):
        period = row.get("period_label", row["label"])
        if runs and runs[-1][0] == period:
            runs[-1][1].append(x)
        else:
            runs.append((period, [x]))
    return {sum(xs) / len(xs): _label(period, 24) for period, xs in runs}


def _tier(axes: Axes, chart: Chart) -> None:
    levels = list(chart.levels)
    height = {level: len(levels) - 1 - index for index, level in enumerate(levels)}
    run: list[dict[str, Any]] = []
    for row in [*chart.rows, {"year": None, "placement": None}]:
        if row["placement"] is None:
            if len(run) > 1:
                axes.plot([r["year"] for r in run], [height[r["placement"]] for r in run], color="#bbbbbb",
                          linewidth=1.2, zorder=1)
            run = []
            if row["year"] is not None:
                axes.axvspan(row["year"] - 0.4, row["year"] + 0.4, color="#eeeeee", zorder=0)
                axes.text(row["year"], len(levels) - 1.5, "no report in the file", rotation=90, ha="center",
                          va="center", fontsize=8, color=GREY, style="italic")
            continue
        run.append(row)
    for index, level in enumerate(levels):
        years = [r["year"] for r in chart.rows if r["placement"] == level]
        axes.plot(years, [height[level]] * len(years), marker=TIER_MARKERS[index % 4], markersize=10,
                  linestyle="none", markerfacecolor=TIER_PALETTE[index % 4], markeredgecolor=INK, zorder=3)
    years = [r["year"] for r in chart.rows]
    axes.set_xticks(years, [str(y) for y in years], rotation=90)
    axes.set_xlim(years[0] - 0.7, years[-1] + 0.7)
    axes.set_yticks(list(height.values()), [_label(level, 10) for level in height])
    axes.set_ylim(-0.6, len(levels) - 0.4)
    _axis(axes, chart.axis, counts=False)
    axes.yaxis.grid(True, color="#eeeeee")


def _pipeline(axes: Axes, chart: Chart) -> None:
    keys = [s["key"] for s in chart.series]
    full_years = list(dict.fromkeys(r["label"] for r in chart.rows if not r["partial"]))
    # Each figure apart has a place of its own, named with its stage: it is no year's group.
    apart = [r for r in chart.rows if r["partial"]]
    slot = 0.8 / len(keys)
    ticks = {float(i): label for i, label in enumerate(full_years)}
    ticks |= {len(full_years) + 0.1 + 0.5 * i: f"{r['stage_label']}, {r['label']}" for i, r in enumerate(apart)}
    handles: list[Any] = []
    for index, stage in enumerate(chart.series):
        colour, hatch = PALETTE[index % len(PALETTE)], HATCHES[index % len(HATCHES)]
        for row in (r for r in chart.rows if r["stage"] == stage["key"] and not r["partial"]):
            x = full_years.index(row["label"]) + (index - (len(keys) - 1) / 2) * slot
            if row["value"] is None:
                axes.text(x, 0, "—", ha="center", va="bottom", fontsize=12, color=GREY, fontweight="bold")
                continue
            _bar(axes, x, row, slot * 0.9, colour, hatch)
        for i, row in enumerate(apart):
            if row["stage"] == stage["key"]:
                _bar(axes, len(full_years) + 0.1 + 0.5 * i, row, slot * 0.9, colour, hatch)
        handles.append(Patch(facecolor=colour, edgecolor=INK, hatch=hatch, label=f"{stage['label']} ({stage['unit']})"))
    if apart:
        _separator(axes, len(full_years) - 0.4)
    axes.set_xticks(list(ticks), [_label(label, 16) for label in ticks.values()])
    axes.set_xlim(-0.6, max(ticks) + 0.4)
    axes.set_ylim(0, _top(chart.rows))
    _axis(axes, chart.axis)
    _legend(axes, chart.rows, handles)
