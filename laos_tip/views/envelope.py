"""The JSON envelope: the fields every JSON document of laos-tip starts with, declared once.

``ENVELOPE`` names them; ``envelope`` and ``file_envelope`` fill them. ``get`` with several keys
lists documents without these shared fields.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.core.model import FactBase

#: Version of the JSON output contract (docs/json-contract.md). Raise it on any change
#: that could break a script: a key renamed, removed or given another type.
OUTPUT_VERSION = 2


def envelope(command: str, facts: FactBase, **data: Any) -> dict[str, Any]:
    """The fields every JSON document starts with, then the command's own data."""
    return file_envelope(command, facts.path, facts.sha256, **data)


def file_envelope(command: str, path: str, sha256: str | None, **data: Any) -> dict[str, Any]:
    """``envelope`` for a fact file that may not load: its path and, if it was read, its SHA-256."""
    shared = {"output_version": OUTPUT_VERSION, "command": command, "facts": {"path": path, "sha256": sha256}}
    return {**shared, **data}


#: The keys every document starts with, in order (what ``file_envelope`` writes before a command's data).
ENVELOPE: tuple[str, ...] = tuple(file_envelope("", "", None))
