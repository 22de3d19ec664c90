"""The fact sheet as one self-contained HTML page: Jinja2 with autoescaping, and the checks on inlined SVG.

``factsheet_html`` lays out a ``views.sheet.Sheet`` with ``templates/factsheet.html``. Every text of
the fact file is untrusted: the template engine escapes it (autoescaping is on for the whole
template), so a label holding ``<script>`` or ``<img onerror=…>`` reads as text. The only markup
put in unescaped is a chart's SVG, and only once ``inline_svg`` has checked that it is one SVG
document with nothing that runs or loads: no script, no event attribute, no foreign object, no
reference outside the document; it is written out again from the parsed tree.

The page's Content-Security-Policy (``POLICY``) forbids every fetch and every script; styles are
inline (the page's own and the SVG's presentation attributes). Jinja2 is imported here only, and
this module only on the fact sheet's path.
"""

from __future__ import annotations

from pathlib import Path

from laos_tip.core.errors import LaosTipError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from markupsafe import Markup

    from laos_tip.views.sheet import Sheet

#: Nothing may be loaded, no script run, no form sent, no base changed; inline styles only.
POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
#: The SVG elements a chart may hold: shapes, text, grouping, clipping, gradients, its own style. Nothing
#: that runs, animates, links, embeds or fetches; nothing the HTML parser reads as HTML (an HTML element
#: name, or markup inside <title>/<desc>).
ALLOWED = frozenset({
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "textPath", "title", "desc", "clipPath", "mask", "pattern", "marker", "linearGradient",
    "radialGradient", "stop", "style", "filter", "feFlood", "feOffset", "feGaussianBlur", "feBlend", "feMerge",
    "feMergeNode", "feComposite", "feColorMatrix",
})
#: Dropped before anything is checked: matplotlib's RDF metadata (tool name, date), which no reader sees.
DROPPED = frozenset({"metadata"})


class ChartError(LaosTipError):
    """A chart's text that is not a safe SVG document; the message says why."""


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _drop_metadata(element: Any) -> None:
    for child in list(element):
        if isinstance(child.tag, str) and child.tag in {f"{{{SVG_NAMESPACE}}}{name}" for name in DROPPED}:
            element.remove(child)
        else:
            _drop_metadata(child)


def _check_attributes(attributes: dict[str, str]) -> None:
    for attribute, value in attributes.items():
        local = _local(attribute)
        squeezed = "".join(value.split()).lower()
        if local.lower().startswith("on"):
            raise ChartError(f"an SVG chart may not hold the event attribute {local}")
        if local == "href" and not value.startswith("#"):
            raise ChartError("an SVG chart may refer only to its own parts (href=\"#...\")")
        if "url(" in squeezed.replace("url(#", "") or "javascript:" in squeezed or "expression(" in squeezed:
            raise ChartError("an SVG chart may refer only to its own parts (url(#...))")


def _check(root: Any) -> None:
    """ChartError unless every element of ``root`` is an allowed SVG element with harmless attributes."""
    for node in root.iter():
        if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{SVG_NAMESPACE}}}"):
            raise ChartError("an SVG chart may hold SVG elements only")
        name = _local(node.tag)
        if name not in ALLOWED:
            raise ChartError(f"an SVG chart may not hold <{name}>")
        if name in ("title", "desc") and len(node):
            raise ChartError(f"an SVG chart's <{name}> holds text only")
        if name == "style" and node.text and ("@import" in node.text or
                                               "url(" in "".join(node.text.split()).replace("url(#", "")):
            raise ChartError("an SVG chart's style may not load anything")
        _check_attributes(node.attrib)


def inline_svg(text: str) -> Markup:
    """``text`` as markup to inline in the page, once checked to be one safe SVG document.

    The text is parsed as XML, checked element by element (``ALLOWED``; no event attribute, no
    reference outside the document), and written out again from the parsed tree: what the page gets
    is exactly what was checked, with every text escaped, and without the XML declaration, document
    type, comments, CDATA sections or metadata. Raises ChartError for text that is not well-formed
    XML, a root that is not SVG, entities, or anything that could run or load.
    """
    import xml.etree.ElementTree as ElementTree

    from markupsafe import Markup

    start = text.find("<svg")
    if start < 0:
        raise ChartError("a chart must be an SVG document (no <svg> element)")
    prolog, body = text[:start], text[start:]
    if "<!ENTITY" in prolog or "[" in prolog:
        raise ChartError("an SVG chart may not declare entities")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as problem:
        raise ChartError(f"a chart is not well-formed SVG: {problem}") from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ChartError("a chart's root element must be <svg> in the SVG namespace")
    _drop_metadata(root)
    _check(root)
    return Markup("".join(_written(root, top=True)))


#: The namespaced attributes a chart may use, and how HTML writes them.
_ATTRIBUTE_PREFIXES = {XLINK_NAMESPACE: "xlink", "http://www.w3.org/XML/1998/namespace": "xml"}


def _attribute_name(name: str) -> str:
    if not name.startswith("{"):
        return name
    namespace, _, local = name[1:].partition("}")
    if namespace not in _ATTRIBUTE_PREFIXES:
        raise ChartError(f"an SVG chart may not hold the attribute {local} of {namespace}")
    return f"{_ATTRIBUTE_PREFIXES[namespace]}:{local}"


def _written(node: Any, top: bool = False) -> list[str]:
    """``node`` and its children as markup: every name checked, every text and value escaped."""
    from markupsafe import escape

    name = _local(node.tag)
    attributes = "".join(f' {_attribute_name(key)}="{escape(value)}"' for key, value in node.attrib.items())
    if top:
        attributes = f' xmlns="{SVG_NAMESPACE}" xmlns:xlink="{XLINK_NAMESPACE}"' + attributes
    parts = [f"<{name}{attributes}>", str(escape(node.text or ""))]
    for child in node:
        parts += _written(child)
        parts.append(str(escape(child.tail or "")))
    parts.append(f"</{name}>")
    return parts


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
