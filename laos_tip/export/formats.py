"""The export formats, declared once: each format's name, the suffixes that choose it, and what it writes.

``format_for`` reads a path's suffix; the ``export`` command's help and docs/export.md name the
same formats. A Data Package is chosen by the name ``datapackage.json``, not a suffix.
"""

from __future__ import annotations

import os

from laos_tip.core.errors import UnknownFormatError
from laos_tip.core.frozen import record


@record
class ExportFormat:
    """A format of ``laos-tip export``: its name, the suffixes (lower case) that choose it, what it holds."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    datasette: bool = False  # whether --datasette-metadata may go with it
    bom: bool = False  # whether --bom may go with it (text for a spreadsheet to open)


#: A path with this name (case-insensitive) is a Data Package: its directory, with this descriptor in it.
DESCRIPTOR = "datapackage.json"

EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("json", (".json",), "every table, one row a line"),
    ExportFormat("csv", (".csv",), "the headline table", bom=True),
    ExportFormat("sqlite", (".sqlite", ".db"), "every table, with a provenance table", datasette=True),
    ExportFormat("xlsx", (".xlsx",), "a spreadsheet: one sheet per table and a README sheet"),
    ExportFormat("datapackage", (), f"a Frictionless Data Package: DIR/{DESCRIPTOR} and one CSV per table"),
)
#: Suffix (lower case) -> format name.
SUFFIXES = {suffix: fmt.name for fmt in EXPORT_FORMATS for suffix in fmt.suffixes}
#: Why --datasette-metadata is refused with any other format (the command and the library say the same).
DATASETTE_ONLY = "Datasette metadata goes with a SQLite export (" + " or ".join(
    suffix for fmt in EXPORT_FORMATS if fmt.datasette for suffix in fmt.suffixes) + ")"

#: Why --bom is refused with any other format.
BOM_ONLY = "--bom goes with a CSV export (" + " or ".join(
    suffix for fmt in EXPORT_FORMATS if fmt.bom for suffix in fmt.suffixes) + ")"


def format_for(path: str | os.PathLike[str]) -> str:
    """The export format named by the path's suffix (case-insensitive), or UnknownFormatError.

    A path named ``datapackage.json`` is the format ``datapackage``.
    """
    # The last component as pathlib names it: trailing slashes and "." components do not count, so
    # "x.json/" is still a JSON path (refused later as naming a directory), not a usage error.
    text = os.fspath(path)
    for separator in (os.sep, os.altsep):
        if separator and separator != "/":
            text = text.replace(separator, "/")
    parts = [part for part in text.split("/") if part not in ("", ".")]
    name = parts[-1] if parts else ""
    if name.lower() == DESCRIPTOR:
        return "datapackage"
    fmt = SUFFIXES.get(os.path.splitext(name)[1].lower())
    if fmt is None:
        raise UnknownFormatError(f"cannot tell the format of {str(path)!r} from its suffix; use one of "
                                 f"{', '.join(SUFFIXES)}, or DIR/{DESCRIPTOR} for a Data Package")
    return fmt


def takes_datasette_metadata(fmt: str) -> bool:
    """Whether --datasette-metadata may go with the export format ``fmt``."""
    return any(f.datasette for f in EXPORT_FORMATS if f.name == fmt)


def takes_bom(fmt: str) -> bool:
    """Whether --bom (a UTF-8 byte order mark first, for Excel) may go with the export format ``fmt``."""
    return any(f.bom for f in EXPORT_FORMATS if f.name == fmt)
