"""Citations of a source: the BibTeX entry and the CSL-JSON item, with the note both carry.

Pure text from a ``model.Source``; ``views/sources.py`` puts them together for ``laos-tip sources``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.core.model import Source

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: Characters that TeX or BibTeX reads as syntax; each becomes its literal form. BibTeX counts
#: every brace, escaped or not (``\\{`` opens a group to it), so a brace becomes a command with a
#: balanced ``{}``: a fact file's text can neither close a field or an entry early nor leave one
#: open to swallow the next. ``@`` (where BibTeX and its parsers look for an entry) is a
#: ``\\symbol``, so no text from a fact file reads as ``@misc{`` or ``@comment{``.
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "&": r"\&", "%": r"\%",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "@": r"\symbol{64}",
}


def _bibtex_text(text: str) -> str:
    return "".join(_TEX_SPECIALS.get(char, char) for char in " ".join(text.split()))


def citation_note(source: Source) -> str:
    """The note of a citation: the dateline, whose figures the source reports, and why an undated one has no date."""
    note = f"Figures of the {source.authority}"
    if source.dateline:
        note = f"{source.dateline}. {note}"
    if source.date is None and source.date_note:
        note = f"{note}. Undated: {source.date_note}"
    return note


def bibtex_entry(source: Source) -> str:
    """A BibTeX ``@misc`` entry keyed by the source id, readable by BibTeX and biblatex.

    The publisher is braced as one corporate name so BibTeX never splits it into
    first and last names; the URL is left verbatim, as the url package expects. The
    classic styles (plain, unsrt, alpha, abbrv, apalike, ieeetr) ignore ``url`` and
    ``date``, so the URL is also in ``howpublished`` (as ``\\url{...}``) and an undated
    source has the year ``n.d.`` (no date), which they print instead of an empty year.
    """
    # month is BibTeX's own macro (jan, feb ...), so it stays unbraced; braces in a
    # URL would end the field, and a backslash before one would hide it from \url, so
    # they are percent-encoded.
    dated: tuple[tuple[str, str], ...] = ()
    if source.date is not None:
        dated = (
            ("year", "{" + str(source.date.year) + "}"),
            ("month", _MONTHS[source.date.month - 1]),
            ("date", "{" + source.date.isoformat() + "}"),
        )
    else:
        dated = (("year", "{n.d.}"),)
    url = source.url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    fields = (
        ("author", "{{" + _bibtex_text(source.publisher) + "}}"),
        ("title", "{{" + _bibtex_text(source.title) + "}}"),
        ("howpublished", "{\\url{" + url + "}}"),
        *dated,
        ("url", "{" + url + "}"),
        ("note", "{" + _bibtex_text(citation_note(source)) + "}"),
    )
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@misc{{{source.id},\n{body}\n}}\n"


def csl_item(source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item, as Zotero, pandoc's citeproc and citeproc-py read it.

    Every source is a web publication, so its type is ``webpage``; the publisher is both
    the author (a corporate name, as ``literal``) and the publisher; ``issued`` is given only
    for a dated source, and the note says why an undated one has none.
    """
    item: dict[str, Any] = {
        "id": source.id,
        "type": "webpage",
        "title": " ".join(source.title.split()),
        "author": [{"literal": source.publisher}],
        "publisher": source.publisher,
        "URL": source.url,
    }
    if source.date is not None:
        item["issued"] = {"date-parts": [[source.date.year, source.date.month, source.date.day]]}
    item["note"] = " ".join(citation_note(source).split())
    return item
