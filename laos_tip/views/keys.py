"""``laos-tip keys``: every key that ``laos-tip get`` answers."""

from __future__ import annotations

from laos_tip.core.model import FactBase
from laos_tip.views.base import KEY_STYLE, Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import key_rows
from laos_tip.views.text import years_text


def keys(facts: FactBase) -> View:
    """The keys of ``laos-tip get``, with what each one is, for people and for scripts."""
    rows = key_rows(facts)
    return View(
        title="Keys for 'laos-tip get KEY'",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("kind", "Kind", priority=4),
            Column("label", "Label", wrap=True),
            Column("unit", "Unit", priority=3),
            # One line a key by default: the years (a list that grows) and the description with --details.
            Column("periods", "Years", display=years_text, wrap=True, detail=True),
            Column("description", "Description", prose=True, detail=True),
        ),
        rows=rows,
        document=envelope("keys", facts, keys=rows),
        brief=[],
    )
