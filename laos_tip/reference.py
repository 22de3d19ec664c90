"""The reference tables of docs/, generated from the registries: records, commands, problem codes, exit codes.

``python -m laos_tip.reference NAME`` prints one (``records``, ``commands``, ``problems``,
``exit-codes``); the docs pages hold them between cog markers, and a test fails when a page is
stale (``cog --check``). Nothing here is imported by a command.
"""

from __future__ import annotations

import sys

from laos_tip.core.fields import LIST_SEPARATOR, Field, Kind, Record, ddl
from laos_tip.core.records import RECORDS, TABLES


def _type_name(field: Field) -> str:
    kind = field.kind
    if kind.record is not None:
        return f"list of {kind.record.name}"
    if kind.item is not None:
        return f"list of {_json_type(kind.item)}"
    return _json_type(kind)


def _json_type(kind: Kind) -> str:
    if kind.name == "date":
        return "date (ISO 8601 text)"
    if kind.name == "choice":
        return " / ".join(f"`{c}`" for c in kind.json_schema["enum"])
    return str(kind.json_schema["type"]).replace("string", "text")


def _record_table(record: Record) -> list[str]:
    lines = [f"### {record.name}", "", record.description, "",
             "| field | type | null | fact file | meaning |", "| --- | --- | --- | --- | --- |"]
    for f in record.fields:
        null = "[] when none" if f.kind.many and not f.required else ("yes" if f.nullable else "no")
        read = "derived" if not f.in_file else (f"`{f.read_as}`" + ("" if f.required else " (optional)"))
        lines.append(f"| `{f.name}` | {_type_name(f)} | {null} | {read} | {f.description} |")
    return [*lines, ""]


def records_markdown() -> str:
    """The field reference ``docs/records.md``, from the declarations above."""
    lines = [
        "# Records of laos-tip (generated)",
        "",
        "Generated from `laos_tip/core/records.py` by `python -m laos_tip.reference records > docs/records.md`;",
        "a test fails when it is out of date. Every JSON object laos-tip writes is one of these",
        "records, with exactly these keys.",
        "",
        "In table cells (CSV, TSV, SQLite) a list of plain values is one text, the items joined by",
        f'`"{LIST_SEPARATOR}"`; a list of records is JSON text; booleans are `true`/`false` in CSV and 1/0 in SQLite; a',
        "missing value is an empty cell (NULL in SQLite). Dates are ISO 8601 text everywhere.",
        "",
        "## Records",
        "",
    ]
    for declared in RECORDS:
        lines.extend(_record_table(declared))
    lines += ["## Export tables (SQLite)", ""]
    for table in TABLES:
        lines += [f"### `{table.name}` ({table.record.name})", "", "```sql", ddl(table) + ";", "```", ""]
    return "\n".join(lines)



REFERENCES = {"records": records_markdown}

if __name__ == "__main__":
    sys.stdout.write(REFERENCES[sys.argv[1]]())
