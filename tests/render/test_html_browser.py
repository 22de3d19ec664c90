"""The fact sheet in a real browser: headless Chromium opens it, and the tests read the rendered page.

Chromium is driven over the DevTools protocol on a pipe (tests/chromium.py): the page's requests are
recorded from the browser's own Network events, the layout is measured in the page, and the
screenshots and PDFs are the browser's. Debian's ``chromium`` package; .ci/run installs it.
"""

from __future__ import annotations

import http.server
import io
import threading
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from chromium import A4, LETTER, Browser, pdf_pages, png_size
from laos_tip.core.model import FactBase
from laos_tip.export.sheet import STANDARD_CHARTS, factsheet_page
from laos_tip.factfile.pipeline import load
from laos_tip.render.html import factsheet_html
from laos_tip.views.chart import chart
from laos_tip.views.sheet import Chart, sheet

pytestmark = pytest.mark.slow  # a browser per module; without chromium each test fails, naming the package

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
#: What the page may ask for: itself, and nothing else.
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with Browser(tmp_path_factory.mktemp("profile")) as running:
        yield running


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, facts: FactBase) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "laos.html"
    path.write_text(factsheet_html(sheet(facts, 2024)), encoding="utf-8")
    return path


def requests_of(browser: Browser, path: Path, width: int) -> list[str]:
    before = len(browser.requests())
    browser.open(path, width)
    return browser.requests()[before:]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_asks_for_nothing_but_itself_and_fits_the_width(browser: Browser, page: Path, width: int,
                                                                  tmp_path: Path) -> None:
    asked = requests_of(browser, page, width)
    assert asked and set(asked) == {page.resolve().as_uri()}
    assert browser.evaluate("document.documentElement.scrollWidth") == width
    # No element reaches past the right edge either (a table could overflow its own box).
    widest = browser.evaluate("Math.max(...[...document.querySelectorAll('body *')]"
                              ".filter(e => !e.closest('.scroll')).map(e => e.getBoundingClientRect().right))")
    assert widest <= width
    shot = browser.screenshot(tmp_path / f"sheet-{width}.png")
    shot_width, shot_height = png_size(shot)
    assert shot_width == width and shot_height > 2000  # the whole page, not an empty window
    assert len(set(shot[100:])) > 200 and len(shot) > 50_000  # a blank page compresses to almost nothing


def test_the_headline_values_are_in_the_rendered_text(browser: Browser, page: Path, facts: FactBase) -> None:
    browser.open(page, 1280)
    text = browser.evaluate("document.body.innerText")
    for headline in facts.headlines(2024):
        assert f"{headline.metric.label}" in text
        assert f"{headline.value:,}" in text
    assert "Trafficking in persons in Laos, 2024" in text and facts.sha256 in text
    assert browser.evaluate("document.scripts.length") == 0


def test_the_page_prints_to_a4_and_letter_with_every_note(browser: Browser, page: Path, tmp_path: Path) -> None:
    browser.open(page, 1280)
    notes = browser.evaluate("document.querySelectorAll('ol.notes > li').length")
    for paper, name in ((A4, "a4"), (LETTER, "letter")):
        pages = pdf_pages(browser.pdf(tmp_path / f"sheet-{name}.pdf", paper))
        assert 3 <= pages <= MOST_PAGES[name], (name, pages)
    assert notes > 20


#: The most pages the whole sheet (charts included) prints to: two charts to a page, the notes from a page of their own.
MOST_PAGES = {"a4": 10, "letter": 12}


@pytest.fixture(scope="module")
def printed(browser: Browser, tmp_path_factory: pytest.TempPathFactory, facts: FactBase) -> dict[str, list[str]]:
    """The text of each page of the sheet with its standard charts, printed on A4 and on Letter."""
    from pypdf import PdfReader

    path = tmp_path_factory.mktemp("charted") / "laos.html"
    path.write_text(factsheet_page(facts), encoding="utf-8")
    browser.open(path, 1280)
    pages = {}
    for paper, name in ((A4, "a4"), (LETTER, "letter")):
        reader = PdfReader(io.BytesIO(browser.pdf(path.with_name(f"{name}.pdf"), paper)))
        # NFKC: the PDF's text keeps the font's ligatures ("ﬃ" for "ffi").
        pages[name] = [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in reader.pages]
    return pages


@pytest.mark.parametrize("paper", list(MOST_PAGES))
def test_the_printed_sheet_has_two_charts_to_a_page_and_the_notes_last(printed: dict[str, list[str]],
                                                                       facts: FactBase, paper: str) -> None:
    pages = printed[paper]
    assert len(pages) <= MOST_PAGES[paper]

    def on(text: str) -> list[int]:
        return [index for index, page in enumerate(pages) if text in page]

    where = []
    for what, caption in STANDARD_CHARTS:
        # A chart whole on one page: its own title (the top of the picture) and its caption (under it) together.
        assert len(on(caption)) == 1 and on(caption) == on(chart(facts, what).title), (paper, caption)
        where.append(on(caption)[0])
    assert where[0] == where[1]  # the first two charts share a page
    notes = on("Notes: every figure and the sentence that states it")
    assert len(notes) == 1 and on("How to cite")[0] < notes[0]
    assert all("Notes: every figure" not in page for page in pages[: notes[0]])
    # Every link to a source prints its address after it.
    assert all("<https://" in page or "<http://" in page for page in pages[notes[0]:])


def test_hostile_text_renders_as_text_and_runs_nothing(browser: Browser, facts_data: dict[str, Any],
                                                       write_facts: Callable[..., Path], tmp_path: Path) -> None:
    arrests = next(m for m in facts_data["metrics"] if m["id"] == "arrests")
    arrests["label"] = f"Arrests {HOSTILE}"
    hostile = load(str(write_facts(facts_data)))
    label = HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A label as a chart renderer escapes it, and markup that an HTML parser reads otherwise than XML does.
    chart = Chart("Arrests", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 20">'
                  '<style><![CDATA[</style><script>document.title="pwned"</script>]]></style>'
                  '<!-- <script>document.title="pwned"</script> -->'
                  f'<text x="0" y="15">{label}</text></svg>')
    path = tmp_path / "hostile.html"
    bars = Chart("Arrests by year", (Path(__file__).with_name("matplotlib-bars.svg")).read_text(encoding="utf-8"))
    path.write_text(factsheet_html(sheet(hostile, 2024, [chart, bars])), encoding="utf-8")
    asked = requests_of(browser, path, 390)
    assert browser.evaluate("document.documentElement.scrollWidth") == 390  # a 576 px chart is scaled to fit
    assert browser.evaluate("[...document.querySelectorAll('figure svg')].map(s => s.getBoundingClientRect().width)"
                            ".every(w => w > 300 && w <= 390)")
    assert set(asked) == {path.resolve().as_uri()}  # the <img src=x> was never an element, so never fetched
    assert browser.evaluate("document.title") == "Trafficking in persons in Laos, 2024"
    assert browser.evaluate("document.scripts.length + document.images.length") == 0
    assert HOSTILE in browser.evaluate("document.body.innerText")
    assert browser.evaluate("document.querySelector('svg text').textContent") == HOSTILE


class Counting(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"x")

    def log_message(self, *args: object) -> None:
        pass


def test_the_policy_itself_stops_a_page_that_was_tampered_with(browser: Browser, page: Path, tmp_path: Path) -> None:
    """Markup put into the file afterwards (a script, an image, a style sheet from a server) loads and runs nothing."""
    Counting.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        tampered = page.read_text(encoding="utf-8").replace(
            "</main>", f'<img src="{address}/img"><link rel="stylesheet" href="{address}/css">'
                       f'<script src="{address}/js"></script><script>document.title = "ran"</script></main>')
        path = tmp_path / "tampered.html"
        path.write_text(tampered, encoding="utf-8")
        browser.open(path, 1280)
        assert browser.evaluate("document.images.length") == 1  # the element is there; the policy refused its load
        assert browser.evaluate("document.title") != "ran"
    finally:
        server.shutdown()
        server.server_close()
    assert Counting.hits == []
