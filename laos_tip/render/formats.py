"""The output formats of the listing commands, declared once.

``render/writer.py`` maps each one to its writer; a format without a writer fails at import.
"""

from __future__ import annotations

import enum


class Format(str, enum.Enum):
    """Output formats of the listing commands."""

    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    jsonl = "jsonl"


#: The formats whose columns ``--fields`` chooses: the machine formats, whose columns are the rows' keys.
FIELD_FORMATS: tuple[Format, ...] = (Format.json, Format.csv, Format.tsv, Format.jsonl)


class ChartFormat(str, enum.Enum):
    """File formats of ``laos-tip chart``, each chosen by its suffix (``.svg`` ...); ``render/chart.py`` draws them."""

    svg = "svg"
    png = "png"
    pdf = "pdf"
