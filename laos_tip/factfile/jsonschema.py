"""The JSON Schema of the fact file (``laos-tip schema``), from the record declarations."""

from __future__ import annotations

from laos_tip.core.fields import Record
from laos_tip.core.records import SCHEMA_VERSION, SECTIONS

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a fact file, from the same declaration."""

    def record_schema(record: Record) -> dict[str, Any]:
        return {
            "type": "object",
            "description": record.description,
            "additionalProperties": False,
            "required": [f.read_as for f in record.file_fields if f.required],
            "properties": {
                f.read_as: {**f.read_kind.json_schema, "description": f.description} for f in record.file_fields
            },
        }

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "laos-tip fact file",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema_version", *(section.name for section in SECTIONS if section.required)],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            **{
                section.name: {"type": "array", "items": record_schema(section.record)}
                for section in SECTIONS
            },
        },
    }
