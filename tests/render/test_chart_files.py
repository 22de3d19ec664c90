"""The chart files: SVG text and structure (parsed as XML), PNG size, PDF text, hostile labels, reproducible bytes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from laos_tip.core.errors import UnknownFormatError
from laos_tip.core.model import FactBase
from laos_tip.factfile.pipeline import load
from laos_tip.render.chart import chart_format, draw
from laos_tip.views.chart import Chart, chart

SVG = "{http://www.w3.org/2000/svg}"
ARRESTS_2021 = {"metric": "arrests", "period": 2021, "value": 40, "source": "xinhua-2025-01-30",
                "quote": "In 2021, 40 people were arrested."}
HOSTILE = "<script>alert(1)</script> & $x^2$ <img src=x onerror=alert(2)> ]]> {{7*7}}"


def svg_root(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def texts(root: ET.Element) -> list[str]:
    """Every text the SVG draws, one per <text> element (svg.fonttype 'none': text as text)."""
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def arrests(facts: FactBase) -> tuple[Chart, bytes]:
    drawn = chart(facts, "arrests")
    return drawn, draw(drawn, "svg")


def test_the_svg_holds_each_value_drawn_and_the_footer_as_text(arrests: tuple[Chart, bytes]) -> None:
    drawn, data = arrests
    drawn_texts = texts(svg_root(data))
    for row in drawn.rows:
        assert row["text"] in drawn_texts, row
    assert "119, 122" in drawn_texts  # the other sources' values, beside their marks
    assert "persons" in drawn_texts  # the unit, on the axis
    footer = " ".join(t for t in drawn_texts if not t.startswith("*"))
    assert drawn.source.split(";")[0] in footer and "laos-tip " in footer and "data sha256" in footer


def test_the_svg_says_what_it_shows_in_title_and_desc(arrests: tuple[Chart, bytes]) -> None:
    drawn, data = arrests
    root = svg_root(data)
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert title.text == drawn.title
    assert desc.text is not None and "2024: 95*" in desc.text and "2023: 27" in desc.text


def test_the_svg_is_reproducible_and_dateless(facts: FactBase, arrests: tuple[Chart, bytes]) -> None:
    drawn, data = arrests
    assert draw(chart(facts, "arrests"), "svg") == data
    assert b"<dc:date>" not in data


def test_a_year_without_a_figure_is_drawn_as_a_gap(facts_data: dict[str, Any],
                                                    write_facts: Callable[..., Path]) -> None:
    facts_data["figures"].append(dict(ARRESTS_2021))
    drawn = chart(load(str(write_facts(facts_data))), "arrests")
    shown = texts(svg_root(draw(drawn, "svg")))
    assert "2022" in shown  # the year stays on the axis
    assert shown.count("no figure") == 1
    values = {"40", "27", "95*", "21"}
    assert values <= set(shown) and "0" in shown  # the axis's 0, never a bar's: 2022 has no bar label
    assert shown.count("0") == 1


def test_hostile_text_shows_as_text(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    """A label with markup, an XML section end, a TeX formula and a template shows as written: no element is
    added, no formula typeset."""
    arrests = next(m for m in facts_data["metrics"] if m["id"] == "arrests")
    arrests["label"] = HOSTILE
    drawn = chart(load(str(write_facts(facts_data))), "arrests")
    data = draw(drawn, "svg")
    root = svg_root(data)
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert not tags & {"script", "img", "image", "foreignObject", "a"}
    assert root[0].text is not None and HOSTILE in root[0].text
    assert any(HOSTILE in text for text in texts(root))
    assert b"<script" not in data and b"onerror=" not in data.replace(b"onerror=alert(2)&gt;", b"")


def test_unknown_suffixes_are_refused() -> None:
    assert [chart_format(name) for name in ("a.svg", "B.PNG", "dir/c.pdf")] == ["svg", "png", "pdf"]
    for name in ("a.gif", "a", "a.svg.txt"):
        with pytest.raises(UnknownFormatError, match=r"use one of \.svg, \.png, \.pdf"):
            chart_format(name)


@pytest.mark.slow
@pytest.mark.parametrize("what", ["arrests", "tier", "pipeline"])
def test_png_is_at_least_1200_pixels_wide(facts: FactBase, what: str) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(draw(chart(facts, what), "png")))
    assert image.format == "PNG" and image.size[0] >= 1200 and image.size[1] > 600
    # Not blank: the marks take several colours.
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20


@pytest.mark.slow
@pytest.mark.parametrize("what", ["arrests", "tier", "pipeline"])
def test_pdf_holds_its_text(facts: FactBase, what: str) -> None:
    from pypdf import PdfReader

    drawn = chart(facts, what)
    data = draw(drawn, "pdf")
    assert data.startswith(b"%PDF-") and b"/CreationDate" not in data
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert drawn.title in text and "data sha256" in text
    assert draw(drawn, "pdf") == data  # reproducible


@pytest.mark.slow
@pytest.mark.parametrize("what", ["tier", "pipeline"])
def test_the_tier_and_pipeline_svgs_hold_their_values(facts: FactBase, what: str) -> None:
    drawn = chart(facts, what)
    shown = texts(svg_root(draw(drawn, "svg")))
    if what == "tier":
        assert {"Tier 1", "Tier 3"} <= set(shown) and any("Watch" in t for t in shown)
        assert [t for t in shown if t == "no report in the file"] == ["no report in the file"] * 2
        assert {str(r["year"]) for r in drawn.rows} <= set(shown)
    else:
        for row in drawn.rows:
            assert (row["text"] or "—") in shown, row


def drawn_texts(drawn: Chart) -> list[tuple[str, Any]]:
    """Every text the chart shows, with its box on the page: what ``draw`` lays out, drawn once with Agg."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from laos_tip.render.chart import WIDTH_INCHES
    from laos_tip.render.chart_draw import STYLE, draw_chart

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, 6.0))
        draw_chart(figure, drawn)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
        # Tick labels outside the axes' limits exist but are not drawn.
        hidden = set()
        for axes in figure.axes:
            low, high = sorted(axes.get_xlim())
            hidden |= {id(t) for t in axes.get_xticklabels() if not low <= t.get_position()[0] <= high}
            low, high = sorted(axes.get_ylim())
            hidden |= {id(t) for t in axes.get_yticklabels() if not low <= t.get_position()[1] <= high}
        shown = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
        return [(t.get_text(), t.get_window_extent(renderer)) for t in shown] + [("(page)", figure.bbox)]


@pytest.mark.slow
@pytest.mark.parametrize("what", ["cases", "arrests", "victims", "sez_victims_rescued", "tier", "pipeline"])
def test_no_text_overlaps_another_or_leaves_the_picture(facts: FactBase, what: str) -> None:
    *shown, (_, page) = drawn_texts(chart(facts, what))
    assert len(shown) > 10
    for index, (text, box) in enumerate(shown):
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, text
        for other, other_box in shown[index + 1:]:
            assert not box.overlaps(other_box), (text, other)


@pytest.mark.slow
def test_bars_of_sources_that_disagree_share_their_period_label(facts: FactBase) -> None:
    """January–May 2017's cases: 16 and 13, two bars under one label; the note says whose value is which."""
    drawn = chart(facts, "cases")
    shown = [text for text, _ in drawn_texts(drawn)]
    assert shown.count("January–May 2017\n(partial year)") == 1
    assert {"16*", "13*"} <= set(shown)
    assert not any("laotiantimes-2017-06-19" in text and "\n" in text for text in shown)
    assert any("16 (laotiantimes-2017-06-19); 13 (vientiane-times-ann-2017)" in line for line in drawn.footer)


@pytest.mark.slow
def test_a_chart_of_periods_apart_only_has_no_line_and_no_headline_key(facts: FactBase) -> None:
    """SEZ workers: one figure, over 13 months, and no year's headline: nothing stands left of a line."""
    drawn = chart(facts, "sez_workers_rescued")
    shown = [text for text, _ in drawn_texts(drawn)]
    assert "headline value of the year" not in shown
    assert shown.count("not one calendar year") == 1  # the key of the hatching; no line to label
    assert any(note.startswith("Hatched: May 2021 – May 2022") for note in drawn.notes)


@pytest.mark.slow
@pytest.mark.parametrize("what", ["identified_foreign_victims", "identified_other_exploitation", "identified_adult_men"])
def test_a_count_axis_has_whole_numbers_only(facts: FactBase, what: str) -> None:
    *shown, _ = drawn_texts(chart(facts, what))
    ticks = [text for text, box in shown if text.replace(",", "").replace(".", "").isdigit() and "." in text]
    assert ticks == []  # no "2.5 persons"


@pytest.mark.slow
def test_one_year_is_a_slim_bar(facts: FactBase) -> None:
    """A chart of one year draws a bar as wide as in a chart of five, not a wall of colour across the plot."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from laos_tip.render.chart import WIDTH_INCHES
    from laos_tip.render.chart_draw import STYLE, draw_chart

    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_INCHES, 6.0))
        draw_chart(figure, chart(facts, "victims"))
        (axes,) = figure.axes
        bars = [p for p in axes.patches if isinstance(p, Rectangle)]
        low, high = axes.get_xlim()
    assert len(bars) == 1 and bars[0].get_width() / (high - low) <= 0.6 / 5
