"""The fact sheet's HTML (render/html.py): escaped data, a policy that loads nothing, and only safe SVG inlined."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from laos_tip.core.errors import LaosTipError
from laos_tip.core.model import FactBase
from laos_tip.factfile.pipeline import load
from laos_tip.render.html import POLICY, ChartError, factsheet_html, inline_svg, safe_url
from laos_tip.views.sheet import Chart, sheet

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
SVG = ('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
       '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50" '
       'viewBox="0 0 100 50"><title>Arrests by year</title><defs><clipPath id="c"><rect width="9" height="9"/>'
       '</clipPath></defs><g clip-path="url(#c)"><use xlink:href="#c"/><text x="1" y="20">{label}</text></g></svg>\n')


class Elements(HTMLParser):
    """Every start tag of a page, with its attributes, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(page)
    return parser.tags


def text_of(page: str) -> str:
    """The page's text as a browser shows it: character references read, tags left out."""
    parser = Elements()
    parser.feed(page)
    return "".join(parser.text)


@pytest.fixture
def hostile(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> FactBase:
    """The shipped facts with hostile HTML in a metric's label, a quote and a source's title."""
    arrests = next(m for m in facts_data["metrics"] if m["id"] == "arrests")
    arrests["label"] = f"Arrests {HOSTILE}"
    figure = next(f for f in facts_data["figures"] if f["metric"] == "arrests" and f["period"] == 2024)
    figure["quote"] = f"{figure['quote']} {HOSTILE}"
    source = next(s for s in facts_data["sources"] if s["id"] == figure["source"])
    source["title"] = f"{source['title']} {HOSTILE}"
    return load(str(write_facts(facts_data)))


def test_the_page_declares_a_policy_that_loads_nothing_and_has_no_script(facts: FactBase) -> None:
    page = factsheet_html(sheet(facts, 2024))
    tags = elements(page)
    policy = [attrs["content"] for tag, attrs in tags if tag == "meta" and attrs.get("http-equiv") ==
              "Content-Security-Policy"]
    assert policy == [POLICY]
    assert "default-src 'none'" in POLICY and "script-src" not in POLICY
    assert not [tag for tag, _ in tags if tag in ("script", "link", "img", "iframe", "object", "embed", "base")]
    # Every attribute that could fetch: only links to the sources, over http(s), and anchors within the page.
    for tag, attrs in tags:
        for name in ("src", "srcset", "poster", "data", "action", "background"):
            assert name not in attrs, (tag, attrs)
        if "href" in attrs:
            assert tag == "a" and re.match(r"(https?://|#)", attrs["href"] or ""), attrs
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)


def test_the_page_says_the_data_version_and_sha256_and_how_to_cite(facts: FactBase) -> None:
    from laos_tip import __version__

    page = factsheet_html(sheet(facts, 2024))
    assert facts.sha256 in page and f"laos-tip {__version__}" in page
    assert 'id="cite"' in page and "How to cite" in page


def test_every_note_a_row_points_to_exists(facts: FactBase) -> None:
    page = factsheet_html(sheet(facts, 2024))
    targets = set(re.findall(r'href="#([^"]+)"', page))
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert targets and targets <= ids


def test_hostile_text_is_escaped_everywhere(hostile: FactBase) -> None:
    page = factsheet_html(sheet(hostile, 2024))
    assert HOSTILE not in page
    assert not [tag for tag, _ in elements(page) if tag in ("script", "img")]
    # The label (table, disagreements, note), the quote and the source's title: each reads as written.
    assert text_of(page).count(HOSTILE) >= 4


def test_a_source_address_that_is_not_http_is_shown_as_text_never_linked() -> None:
    assert safe_url("https://example.org/a") and safe_url("http://example.org/")
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "/etc/passwd", "//evil.example",
                "https://exa mple.org", "vbscript:x", None):
        assert not safe_url(bad), bad


def test_a_chart_is_inlined_as_svg_without_its_prolog_with_its_hostile_label_as_text(facts: FactBase) -> None:
    label = html.escape(HOSTILE)  # a chart renderer escapes its labels as XML
    page = factsheet_html(sheet(facts, 2024, [Chart("Arrests by year <b>", SVG.format(label=label))]))
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "<title>Arrests by year</title>" in page
    assert HOSTILE in text_of(page)
    assert "Arrests by year &lt;b&gt;" in page  # the title is text
    assert not [tag for tag, _ in elements(page) if tag in ("script", "img")]


def test_the_page_reads_without_charts(facts: FactBase) -> None:
    page = factsheet_html(sheet(facts, 2024))
    assert 'id="charts"' not in page and "<svg" not in page


#: A bar chart as matplotlib 3.11 writes it (svg.fonttype "none": text as text), its title holding markup.
MATPLOTLIB = Path(__file__).with_name("matplotlib-bars.svg")


def test_a_chart_as_matplotlib_writes_it_is_inlined_whole() -> None:
    svg = MATPLOTLIB.read_text(encoding="utf-8")
    inlined = str(inline_svg(svg))
    assert "<metadata" in svg and "<metadata" not in inlined
    assert "Arrests &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in inlined
    # Every drawn element of the file is still there.
    for name in ("path", "g", "text", "use", "clipPath", "rect", "style"):
        assert inlined.count(f"<{name} ") + inlined.count(f"<{name}>") == svg.count(f"<{name} ") + svg.count(
            f"<{name}>"), name


def test_what_is_inlined_is_the_checked_tree_written_again() -> None:
    """Comments, CDATA sections, the prolog and matplotlib's metadata are gone; text is escaped again."""
    svg = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
           '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
           '<!-- <script>alert(1)</script> --><style><![CDATA[</style><script>alert(1)</script>]]></style>'
           '<use xlink:href="#a"/><text id="a">a &lt;b&gt; &amp; c</text></svg>')
    inlined = str(inline_svg(svg))
    assert inlined.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<script" not in inlined and "<!--" not in inlined and "CDATA" not in inlined and "metadata" not in inlined
    assert "&lt;/style&gt;&lt;script&gt;" in inlined and "a &lt;b&gt; &amp; c" in inlined
    assert 'xlink:href="#a"' in inlined


@pytest.mark.parametrize(("svg", "why"), [
    ("<html><body>x</body></html>", "no <svg>"),
    ("<svg><text>x</text></svg>", "SVG namespace"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><g onload="alert(1)"/></svg>', "event attribute"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event attribute"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>', "foreignObject"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>', "<image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
     '<use xlink:href="https://example.org/x.svg#a"/></svg>', "own parts"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://example.org/x)"/></svg>', "own parts"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://example.org/x.css);</style></svg>',
     "may not load"),
    ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "entities"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><text>x</svg>', "well-formed"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://example.org"><text>x</text></a></svg>', "<a>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><p>breaks out of the SVG in HTML</p></svg>', "<p>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><title><tspan>x</tspan></title></svg>', "text only"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><h:p xmlns:h="http://www.w3.org/1999/xhtml">x</h:p></svg>',
     "SVG elements only"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>',
     "<animate>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: URL( https://example.org/x )"/></svg>', "own parts"),
])
def test_a_chart_that_could_run_or_load_anything_is_refused(svg: str, why: str) -> None:
    with pytest.raises(ChartError, match=re.escape(why)):
        inline_svg(svg)


def test_a_refused_chart_is_an_error_of_laos_tip_not_a_crash(facts: FactBase) -> None:
    with pytest.raises(LaosTipError):
        factsheet_html(sheet(facts, 2024, [Chart("x", "<svg><script/></svg>")]))
