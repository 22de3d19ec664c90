"""The fact sheet as one self-contained HTML page: Jinja2 with autoescaping, and the checks on inlined SVG.

``factsheet_html`` lays out a ``views.sheet.Sheet`` with ``templates/factsheet.html``. Every text of
the fact file is untrusted: the template engine escapes it (autoescaping is on for the whole
template), so a label holding ``<script>`` or ``<img onerror=…>`` reads as text. The only markup
put in unescaped is a chart's SVG, and only once ``inline_svg`` has checked that it is one SVG
document with nothing that runs or loads: no script, no event attribute, no foreign object, no
reference outside the document.

The page's Content-Security-Policy (``POLICY``) forbids every fetch and every script; styles are
inline (the page's own and the SVG's presentation attributes). Jinja2 is imported here only, and
this module only on the fact sheet's path.
"""

from __future__ import annotations

from pathlib import Path

from laos_tip.core.errors import LaosTipError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from markupsafe import Markup

    from laos_tip.views.sheet import Sheet

#: Nothing may be loaded, no script run, no form sent, no base changed; inline styles only.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
#: Elements that run code, embed other documents or fetch: never inlined.
_REFUSED = {"script", "foreignObject", "iframe", "object", "embed", "image", "audio", "video", "animate", "set",
            "animateMotion", "animateTransform", "handler", "listener", "a"}


class ChartError(LaosTipError):
    """A chart's text that is not a safe SVG document; the message says why."""


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _check_element(element: object) -> None:
    import xml.etree.ElementTree as ElementTree

    assert isinstance(element, ElementTree.Element)
    for node in element.iter():
        if not isinstance(node.tag, str):
            continue
        name = _local(node.tag)
        if name in _REFUSED:
            raise ChartError(f"an SVG chart may not hold <{name}>")
        for attribute, value in node.attrib.items():
            local = _local(attribute)
            if local.lower().startswith("on"):
                raise ChartError(f"an SVG chart may not hold the event attribute {local}")
            if local == "href" and not value.startswith("#"):
                raise ChartError("an SVG chart may refer only to its own parts (href=\"#...\")")
            if "url(" in value.replace(" ", "") and "url(#" not in value.replace(" ", ""):
                raise ChartError("an SVG chart may refer only to its own parts (url(#...))")
        if name == "style" and node.text and ("@import" in node.text or "url(" in node.text.replace("url(#", "")):
            raise ChartError("an SVG chart's style may not load anything")


def inline_svg(text: str) -> Markup:
    """``text`` as markup to inline in the page, once checked to be one safe SVG document.

    The XML declaration, document type and comments before the ``<svg>`` element are dropped (an
    HTML page takes the element alone). Raises ChartError for anything else: text that is not
    well-formed XML, a root that is not SVG, entities, or anything that could run or load.
    """
    import xml.etree.ElementTree as ElementTree

    from markupsafe import Markup

    start = text.find("<svg")
    if start < 0:
        raise ChartError("a chart must be an SVG document (no <svg> element)")
    prolog, body = text[:start], text[start:].rstrip()
    if "<!ENTITY" in prolog or "[" in prolog:
        raise ChartError("an SVG chart may not declare entities")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as problem:
        raise ChartError(f"a chart is not well-formed SVG: {problem}") from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ChartError("a chart's root element must be <svg> in the SVG namespace")
    _check_element(root)
    return Markup(body)


def factsheet_html(sheet: Sheet) -> str:
    """The whole page of ``sheet``, as text; raises ChartError for a chart that cannot be inlined."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # every value, whatever the template's name
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    environment.tests["safe_url"] = safe_url
    charts = [{"title": chart.title, "svg": inline_svg(chart.svg)} for chart in sheet.charts]
    return environment.get_template("factsheet.html").render(sheet=sheet, charts=charts, policy=POLICY)


def safe_url(url: object) -> bool:
    """Whether ``url`` may be a link: http or https only (never javascript:, data: or a relative path)."""
    return isinstance(url, str) and url.lower().startswith(("https://", "http://")) and not any(
        ch.isspace() or ord(ch) < 32 for ch in url)
