"""Views as text for machines and documents: JSON, JSON Lines, CSV, TSV and GitHub-flavoured markdown.

Plain strings, never through rich. Text from the fact file is shown, never obeyed: JSON escapes
control and invisible characters, CSV guards cells a spreadsheet would run as formulas, markdown
escapes every markup character.

The machine formats (JSON, JSON Lines, CSV, TSV) take ``fields``, the columns ``--fields`` chose:
``machine_keys`` checks them against the rows' keys.
"""

from __future__ import annotations

import io
import json

from laos_tip.core.errors import UnknownFieldError
from laos_tip.core.patterns import Lazy
from laos_tip.core.fields import cell_text
from laos_tip.core.textsafe import hidden, printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    import re
    from typing import Any

    from laos_tip.views.base import View

#: What json.dumps may leave raw with ensure_ascii=False: everything but printable ASCII. Of
#: that, ``hidden`` characters (DEL, C1 controls, bidi and other format characters, line
#: separators, lone surrogates from a file name that is not UTF-8) are escaped; JSON text holds
#: them only inside strings, where a \u escape stands for the same character.
_NOT_ASCII = Lazy(r"[^\x20-\x7e\n]")


def _json_escape(match: re.Match[str]) -> str:
    character = match.group()
    if not hidden(character):
        return character
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        # A byte of a file name that is not UTF-8 (surrogateescape): shown as the text \xff, like
        # the other formats show it, since many JSON readers refuse a lone surrogate.
        return f"\\\\x{code - 0xDC00:02x}"
    if code > 0xFFFF:  # a UTF-16 surrogate pair, as JSON spells characters beyond the BMP
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def to_json(document: dict[str, Any] | list[Any]) -> str:
    """Indented JSON with a final newline; floats at full precision, non-ASCII kept.

    Control and invisible format characters are escaped (``\\u001b``, ``\\u202e``), so the
    text is valid UTF-8 and safe on a terminal while reading back as the same strings; a byte of
    a file name that is not UTF-8 reads back as the text ``\\xff``.
    """
    return _escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"


def to_json_tables(document: dict[str, Any]) -> str:
    """JSON of a document whose lists of rows are written one row a line; otherwise as ``to_json``.

    For the export, a document of a few hundred rows: a changed row is one changed line in a diff,
    and the rows are encoded by json's C encoder, which ``indent`` turns off (the indented export
    took about 10 ms longer to write; benchmarks/README.md).
    """
    lines = []
    for key, value in document.items():
        name = json.dumps(key, ensure_ascii=False)
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            rows = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            lines.append(f"  {name}: [\n{rows}\n  ]")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return _escaped("{\n" + ",\n".join(lines) + "\n}") + "\n"


def _escaped(text: str) -> str:
    """JSON text with control and invisible format characters written as escapes (see ``to_json``)."""
    if not text.replace("\n", "").isprintable():  # rare: only then look at each character
        text = _NOT_ASCII.sub(_json_escape, text)
    return text

#: The first characters that make a spreadsheet run a cell as a formula (=HYPERLINK(...)), with their
#: full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫), which spreadsheets in East Asian locales read as the same.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20",
                  "\ufe66", "\ufe62", "\ufe63", "\ufe6b")

_NUMBER = Lazy(r"^[-+]?[0-9]+(\.[0-9]+)?$")


def to_json_rows(view: View, fields: list[str]) -> str:
    """``--format json --fields``: the document's envelope, then ``rows``, the rows CSV and JSON Lines write,
    each with only ``fields``, in that order."""
    from laos_tip.views.envelope import ENVELOPE

    keys = machine_keys(view, fields)
    shared = {key: view.document[key] for key in ENVELOPE if key in view.document}
    return to_json({**shared, "rows": [{key: row.get(key) for key in keys} for row in view.rows]})


def to_jsonl(view: View, fields: list[str] | None = None) -> str:
    """JSON Lines: each row as one JSON object on a line of its own, nothing else (no envelope, no header).

    The rows are those of CSV, each object with the keys and values of ``--json``'s rows (lists
    stay lists, null stays null), so ``sqlite-utils insert --nl``, duckdb's ``read_json`` and
    ``jq`` read them as they are. Escaped as ``to_json`` escapes: a line separator or a control
    character in the data is a ``\\u`` escape, never a line break of the file. No rows: no output.
    """
    keys = machine_keys(view, fields) if fields is not None else None
    lines = []
    for row in view.rows:
        item = row if keys is None else {key: row.get(key) for key in keys}
        lines.append(json.dumps(item, ensure_ascii=False) + "\n")
    return _escaped("".join(lines))


def to_csv(view: View, fields: list[str] | None = None) -> str:
    """RFC 4180 CSV (CRLF line ends, quoting where needed) with a header row of column keys.

    Text is shown, never run: control characters become visible escapes (line breaks and
    tabs stay, quoted), and a text cell that a spreadsheet would read as a formula gets a
    leading ``'`` (numbers, and text that is just a number such as ``-5``, are left alone).
    """
    return csv_rows(machine_keys(view, fields), view.rows)


def csv_rows(keys: list[str] | tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    """``rows`` as CSV with exactly the columns ``keys``, written as ``to_csv`` writes cells."""
    buffer = io.StringIO()
    import csv  # only this format uses it

    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_csv_cell(row.get(k)) for k in keys])
    return buffer.getvalue()


def _csv_cell(value: object) -> str:
    text = cell_text(value)
    if value is None or isinstance(value, (bool, int, float)):
        return text
    # Text, and lists (joined into one text cell), are shown, never run.
    return formula_guarded(printable(text, keep="\n\t"))


def formula_guarded(text: str) -> str:
    """``text``, with a leading ``'`` if a spreadsheet would read it as a formula (CSV and TSV cells).

    Text that is just a number (``-5``, ``+1.5``) is left alone: a spreadsheet reads it as that number.
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def to_tsv(view: View, fields: list[str] | None = None, header: bool = True) -> str:
    """Tab-separated values: no quoting at all; tabs and line breaks in cells become spaces.

    A text cell a spreadsheet would read as a formula gets a leading ``'``, as in CSV. Without
    ``header`` (``get``), the lines are the rows alone.
    """
    keys = machine_keys(view, fields)
    lines = ["\t".join(keys)] if header else []
    for row in view.rows:
        lines.append("\t".join(_tsv_cell(row.get(k)) for k in keys))
    return "".join(line + "\n" for line in lines)


def _tsv_cell(value: object) -> str:
    text = printable(_flat(cell_text(value)))
    if value is None or isinstance(value, (bool, int, float)):
        return text
    return formula_guarded(text)

#: Characters that start or end inline markup anywhere in a line (emphasis, code, links, images,
#: strikethrough, table cells, escapes): each is backslash-escaped, which GFM reads as the character.
#: An underscore between two letters or digits (girls_under_18, URLs) can neither open nor close
#: emphasis in GFM, so it stays as it is.
_MARKDOWN_INLINE = Lazy(r"[\\`*\[\]|~]|(?<![^\W_])_|_(?![^\W_])")

#: What makes a line (a list item's text) a heading, a list or a setext underline at its start.
_MARKDOWN_LINE_START = Lazy(r"^(?:([#+\-=])|(\d+)([.)]))")


#: A URL in text: a scheme and what follows up to a space, ``<``, ``>`` or ``|`` (which would end a table
#: cell before any inline markup is read).
_MARKDOWN_URL = Lazy(r"[A-Za-z][A-Za-z0-9+.-]{1,31}://[^\s<>|\x00-\x1f\x7f]+")
#: What ends a sentence after a URL rather than the URL itself, as GFM's autolinks also leave it out.
_URL_TRAILING = ".,;:!?'\""


def markdown_text(text: str, line_start: bool = False) -> str:
    """Text as GFM that renders as exactly that text: never emphasis, a link, HTML or a new cell.

    ``&``, ``<`` and ``>`` become character references (so neither raw HTML nor an entity
    from the data is ever read as such) and inline markup characters are backslash-escaped.
    A URL is written as a CommonMark autolink, ``<https://...>``: inside it nothing is an
    escape or a reference, so the link goes to the URL whole, and GitHub's own autolinking
    (which would take a backslash escape or ``&amp;`` into the address) has nothing to find.
    With ``line_start`` (text that begins a line, such as a list item's), a block marker
    (``#``, ``-``, ``1.`` ...) at its start is escaped too; in a table cell it means nothing.
    Line breaks become spaces and control characters visible escapes, as in every other format.
    """
    text = printable(_flat(text))
    parts, end = [], 0
    for match in _MARKDOWN_URL.finditer(text):
        url = _url_only(match.group())
        parts.append(_markdown_escaped(text[end:match.start()]))
        parts.append(f"<{url}>")
        end = match.start() + len(url)
    parts.append(_markdown_escaped(text[end:]))
    text = "".join(parts)
    if line_start:
        # Leading spaces would make an indented code block; a paragraph drops them anyway.
        text = _MARKDOWN_LINE_START.sub(
            lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text.lstrip(), count=1)
    return text


def _markdown_escaped(text: str) -> str:
    """Text that is no URL: references for ``& < >``, a backslash before each inline markup character."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped: str = _MARKDOWN_INLINE.sub(lambda m: "\\" + m.group(), text)
    return escaped


def _url_only(found: str) -> str:
    """A URL found in text without the punctuation that ends the sentence (a ")" it does not open)."""
    while found and (found[-1] in _URL_TRAILING or (found[-1] == ")" and found.count("(") < found.count(")"))):
        found = found[:-1]
    return found


def to_markdown(view: View) -> str:
    """A GitHub-flavoured markdown table as people read it, with notes and caption below.

    Every text from the data goes through ``markdown_text``: it is shown, never rendered as markup.
    """
    shown = [index for index, c in enumerate(view.columns) if not c.table_only]
    columns = [view.columns[index] for index in shown]
    lines = [f"**{markdown_text(view.title)}**", ""]
    lines.append("| " + " | ".join(markdown_text(c.header) for c in columns) + " |")
    lines.append("|" + "|".join("---:" if c.numeric else "---" for c in columns) + "|")
    for texts in view.cells:
        lines.append("| " + " | ".join(markdown_text(texts[index]) for index in shown) + " |")
    extra = view.notes + view.caption
    if extra:
        lines.append("")
        lines.extend(f"- {markdown_text(text, line_start=True)}" for text in extra)
    # The further tables a terminal shows after this one (a summary's statements): markdown gives everything.
    return "\n".join(lines) + "\n" + "".join("\n" + to_markdown(part) for part in view.extra if not part.picture)


def machine_keys(view: View, fields: list[str] | None = None) -> list[str]:
    """The columns of the machine formats: ``fields`` in the order given, else every key of the rows,
    the displayed columns first.

    A field that is none of those keys raises ``UnknownFieldError``, which lists them.
    """
    keys = [c.key for c in view.columns if not c.table_only]
    for row in view.rows:
        keys.extend(k for k in row if k not in keys)
    if fields is None:
        return keys
    unknown = [name for name in fields if name not in keys]
    if unknown:
        raise UnknownFieldError(unknown, keys)
    return list(dict.fromkeys(fields))


def _flat(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())
