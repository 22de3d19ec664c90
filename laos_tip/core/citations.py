"""Citations of a source or of the data set: plain text, CSL-JSON, BibTeX, biblatex and RIS, from one ``Work``.

Pure text from a ``model.Source`` (or the data set's version and sha256); ``views/sources.py`` and
``views/cite.py`` put them together for ``laos-tip sources`` and ``laos-tip cite``. Every format says only
what the source says: the date to the precision the source states (``issued``), the body that wrote
the text as its author and the site a copy was read from as its container, an access date only where
the fact file records one. docs/citations.md shows what each format gives, and which tools read it.
"""

from __future__ import annotations

from laos_tip.core.frozen import record

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    import datetime
    from typing import Any

    from laos_tip.core.model import Source

#: The citation formats, declared once, each with what reads it (``sources --format``, ``cite --format``).
FORMATS: dict[str, str] = {
    "csl-json": "CSL-JSON, for Zotero, pandoc's citeproc, citeproc-js and citeproc-py",
    "bibtex": "BibTeX for the classic styles (plain, alpha, apalike, ieeetr ...): the URL in howpublished",
    "biblatex": "BibTeX for biblatex + biber, pandoc, pybtex, Zotero and JabRef: url, urldate and date",
    "ris": "RIS, for EndNote, Zotero, Mendeley and other reference managers",
}
#: The author of the data set itself, as LICENSE and CITATION.cff name it.
DATA_AUTHOR = "The laos-tip authors"
DATA_TITLE = "laos-tip: official figures on trafficking in persons (TIP) in Laos"

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


@record
class Work:
    """What a citation names, in every format alike: a source as read, or the data set."""

    key: str
    author: str  # one corporate name: the body that wrote the text
    title: str
    note: str
    issued: tuple[int, ...] = ()  # (year,), (year, month) or (year, month, day): what the work states
    url: str | None = None
    container: str | None = None  # the site a copy was read from, when it is not the author's
    accessed: datetime.date | None = None  # when the copy was read, where the fact file records it
    placeholder: bool = False  # a description in [brackets], not a title: styles must not change its case
    dataset: bool = False
    version: str | None = None
    dateline: str | None = None  # as published, shown in the plain citation


def _one_line(text: str) -> str:
    return " ".join(text.split())


def is_placeholder(title: str) -> bool:
    """Whether a title is a description of an untitled work, written in [square brackets] as APA has it."""
    title = title.strip()
    return title.startswith("[") and title.endswith("]")


def issued(source: Source) -> tuple[int, ...]:
    """The date of publication to the precision the source states: ``issued`` if given, else ``date``."""
    stated = getattr(source, "issued", None)
    if stated is not None:
        return tuple(int(part) for part in str(stated).split("-"))
    if source.date is not None:
        return (source.date.year, source.date.month, source.date.day)
    return ()


def issued_text(parts: tuple[int, ...]) -> str | None:
    """``2025-01-30``, ``2025-01`` or ``2025``; None when undated."""
    if not parts:
        return None
    return "-".join([str(parts[0]), *(f"{part:02d}" for part in parts[1:])])


def citation_note(source: Source) -> str:
    """The note of a citation: the dateline, whose figures the source reports, and how its date was established.

    The date note is given whenever the citation has no day: it says why (an undated page, a date only
    an address shows), and an inferred date stays here, never in the date fields.
    """
    note = f"Figures of the {source.authority}"
    if source.dateline:
        note = f"{source.dateline}. {note}"
    if source.date_note and len(issued(source)) < 3:
        prefix = "Undated" if not issued(source) else "Date"
        note = f"{note}. {prefix}: {source.date_note}"
    return _one_line(note)


def source_work(source: Source) -> Work:
    """A source as a citable work: the body that wrote it as author, the copy's site as container."""
    author = getattr(source, "author", None) or source.publisher
    return Work(
        key=source.id,
        author=_one_line(author),
        title=_one_line(source.title),
        note=citation_note(source),
        issued=issued(source),
        url=source.url,
        container=_one_line(source.publisher) if author != source.publisher else None,
        accessed=getattr(source, "accessed", None),
        placeholder=is_placeholder(source.title),
        dateline=_one_line(source.dateline) if source.dateline else None,
    )


def dataset_work(version: str, sha256: str, facts_name: str = "facts.yaml") -> Work:
    """The data set itself: laos-tip's fact file at this version, identified by its SHA-256."""
    return Work(
        key=f"laos-tip-{version}",
        author=DATA_AUTHOR,
        title=DATA_TITLE,
        note=f"Data version {version}; {facts_name} SHA-256 {sha256}",
        dataset=True,
        version=version,
    )


# --- plain text ------------------------------------------------------------------------------------


def plain(work: Work) -> str:
    """One line: author, date as stated, dateline, title, where it was read (``Xinhua, 2025-01-30 (...): "..." URL``).

    The data set has no date of its own: its line names its version and SHA-256 instead.
    """
    if work.dataset:
        return f'{work.author}: "{work.title}". {work.note}.'
    when = issued_text(work.issued) or "undated"
    if work.dateline:
        when = f"{when} ({work.dateline})"
    where = f"{work.container}, {work.url}" if work.container and work.url else work.url or ""
    text = f'{work.author}, {when}: "{work.title}". {where}'.rstrip()
    if work.accessed:
        text = f"{text} Accessed {work.accessed.isoformat()}."
    return text


# --- CSL-JSON --------------------------------------------------------------------------------------


def csl(work: Work) -> dict[str, Any]:
    """A work as a CSL-JSON item, as Zotero, pandoc's citeproc and citeproc-py read it.

    ``author`` is one corporate name (``literal``); the site a copy was read from is the
    ``container-title`` (a web page's site name), never also its publisher, so no style prints it
    twice; a placeholder title is wrapped in ``<span class="nocase">`` (CSL's rich text) so that
    styles leave its case alone.
    """
    title = work.title
    if work.placeholder:
        title = f'<span class="nocase">{_html(title)}</span>'
    item: dict[str, Any] = {
        "id": work.key,
        "type": "dataset" if work.dataset else "webpage",
        "title": title,
        "author": [{"literal": work.author}],
    }
    if work.container:  # a site's name as it writes it: "ecoi.net" is never "Ecoi.net"
        item["container-title"] = work.container
        if work.container[:1].islower():
            item["container-title"] = f'<span class="nocase">{_html(work.container)}</span>'
    if work.url:
        item["URL"] = work.url
    if work.issued:
        item["issued"] = {"date-parts": [list(work.issued)]}
    if work.accessed:
        item["accessed"] = {"date-parts": [[work.accessed.year, work.accessed.month, work.accessed.day]]}
    if work.version:
        item["version"] = work.version
    item["note"] = work.note
    return item


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- BibTeX and biblatex ---------------------------------------------------------------------------


def _tex(text: str) -> str:
    return "".join(_TEX_SPECIALS.get(char, char) for char in _one_line(text))


def _url(url: str) -> str:
    # Braces in a URL would end the field, and a backslash before one would hide it from \url,
    # so they are percent-encoded.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _year_month(parts: tuple[int, ...]) -> list[tuple[str, str]]:
    # month is BibTeX's own macro (jan, feb ...), so it stays unbraced.
    fields = [("year", "{" + str(parts[0]) + "}")]
    if len(parts) > 1:
        fields.append(("month", _MONTHS[parts[1] - 1]))
    return fields


def bibtex(work: Work) -> str:
    """A ``@misc`` entry for the classic BibTeX styles (plain, unsrt, alpha, abbrv, apalike, ieeetr).

    They print author, title, howpublished, month, year and note, and ignore ``url``: the URL is in
    ``howpublished`` (``\\url{...}``, after the site a copy was read from) and nowhere else, so a tool
    that does read ``url`` still prints it once. The author is braced as one corporate name so BibTeX
    never splits it; an undated work has the year ``n.d.``, which the styles print instead of
    warning of an empty year. An access date goes into the note.
    """
    fields = [("author", "{{" + _tex(work.author) + "}}"), ("title", "{{" + _tex(work.title) + "}}")]
    published = [_tex(work.container)] if work.container else []
    if work.url:
        published.append("\\url{" + _url(work.url) + "}")
    if published:
        fields.append(("howpublished", "{" + ", ".join(published) + "}"))
    fields.extend(_year_month(work.issued) if work.issued else [("year", "{n.d.}")])
    note = work.note
    if work.version and not work.dataset:
        note = f"Version {work.version}. {note}"
    if work.accessed:
        note = f"{note}. Accessed {work.accessed.isoformat()}"
    fields.append(("note", "{" + _tex(note) + "}"))
    return _entry("misc", work.key, fields)


def biblatex(work: Work) -> str:
    """An ``@online`` (``@dataset``) entry for biblatex + biber, pandoc, pybtex and reference managers.

    ``url`` and ``urldate`` hold the address and the access date; the container is ``organization``,
    which biblatex and pandoc print (``howpublished`` too would make pandoc print it twice). ``date``
    is ISO 8601 to the precision stated (``2025-01``); ``year`` and ``month`` repeat it for pybtex,
    which reads no ``date`` (biber takes ``date`` and does not warn). An undated work has no date
    fields: biblatex and the CSL styles print "n.d." themselves.
    """
    fields = [("author", "{{" + _tex(work.author) + "}}"), ("title", "{{" + _tex(work.title) + "}}")]
    if work.container:
        fields.append(("organization", "{{" + _tex(work.container) + "}}"))  # braced: its case as written
    if work.issued:
        fields.append(("date", "{" + str(issued_text(work.issued)) + "}"))
        fields.extend(_year_month(work.issued))
    if work.version:
        fields.append(("version", "{" + _tex(work.version) + "}"))
    if work.url:
        fields.append(("url", "{" + _url(work.url) + "}"))
    if work.accessed:
        fields.append(("urldate", "{" + work.accessed.isoformat() + "}"))
    fields.append(("note", "{" + _tex(work.note) + "}"))
    return _entry("dataset" if work.dataset else "online", work.key, fields)


# --- RIS -------------------------------------------------------------------------------------------


def ris(work: Work) -> str:
    """A RIS record (``TY  - ELEC`` ... ``ER  -``), the tagged format of EndNote and most reference managers.

    The author ends with a comma, RIS's mark of a corporate name (no first name to split off); the
    container is ``T2`` (the site's name); ``DA`` is ``YYYY/MM/DD/`` with the parts not stated left
    empty; ``Y2`` is the access date.
    """
    lines = [("TY", "DATA" if work.dataset else "ELEC"), ("ID", work.key), ("AU", work.author + ","),
             ("TI", work.title)]
    if work.container:
        lines.append(("T2", work.container))
    if work.issued:
        parts = [str(work.issued[0]), *(f"{part:02d}" for part in work.issued[1:])]
        lines.append(("PY", parts[0]))
        lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
    if work.version:
        lines.append(("ET", work.version))
    if work.url:
        lines.append(("UR", work.url))
    if work.accessed:
        lines.append(("Y2", work.accessed.strftime("%Y/%m/%d")))
    lines.append(("N1", work.note))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}\n" for tag, value in lines)


#: Each text format's writer, by the name in ``FORMATS`` (CSL-JSON is JSON: ``csl``).
TEXT_WRITERS = {"bibtex": bibtex, "biblatex": biblatex, "ris": ris}


def bibtex_entry(source: Source) -> str:
    """A source's classic BibTeX ``@misc`` entry, keyed by its id (the export's ``bibtex`` column)."""
    return bibtex(source_work(source))


def csl_item(source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item."""
    return csl(source_work(source))
