"""The rows of every export table, each built by the same function as the command that shows it.

``ROWS`` gives each table of ``core.records.TABLES`` its builder; a table without one fails at import.
"""

from __future__ import annotations

from collections.abc import Callable

from laos_tip.core import records
from laos_tip.core.fields import row
from laos_tip.views import rows as view_rows

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.core.model import FactBase

#: Each table's rows (``sources`` with a label, ``summary``/``get`` with the primary source, ``sources --quotes``, ``ratios``, ``tier``,
#: ``partners`` build the same objects). Ratios are computed for every period that has figures; a ratio
#: without a value has ``value`` null and says why in ``reason``.
ROWS: dict[str, Callable[[FactBase], list[dict[str, Any]]]] = {
    "sources": view_rows.source_table_rows,
    "metrics": lambda facts: [view_rows.metric_json(m) for m in facts.metrics],
    "headline": view_rows.headline_table_rows,
    "claims": view_rows.claim_rows,
    "ratios": view_rows.ratio_rows,
    "tiers": view_rows.tier_rows,
    "partners": lambda facts: [view_rows.partner_json(facts, p) for p in facts.partners],
    "statements": lambda facts: [row(records.STATEMENT, s) for s in facts.statements],
}
if set(ROWS) != {table.name for table in records.TABLES}:
    raise ImportError("export tables without rows, or rows without a table: "
                      + ", ".join(sorted(set(ROWS) ^ {table.name for table in records.TABLES})))


def tables(facts: FactBase, names: tuple[str, ...] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The whole fact base as rows, one list per table of ``records.TABLES``, in table order.

    ``names``: only these tables (the CSV export holds the headline table alone).
    """
    return {table.name: ROWS[table.name](facts) for table in records.TABLES if names is None or table.name in names}
