"""``laos-tip ratios``: the derived ratios of a year, with their terms, bounds and caveats."""

from __future__ import annotations

from collections.abc import Callable

from laos_tip.core import ratios as ratio_math
from laos_tip.core import records
from laos_tip.core.fields import row
from laos_tip.core.model import FactBase
from laos_tip.views.base import Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import ratio_json

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.views.base import Cell


def _ratio_value(value: Cell, row: dict[str, Cell]) -> str:
    if not isinstance(value, float):
        return "n/a"
    shown = f"{value:.1%}" if row["kind"] == "share" else f"{value:.2f}"
    return f"≥ {shown}" if row["bound"] == "lower" else shown


def _caveat_text(caveats: Cell, row: dict[str, Any]) -> str:
    reason = f"No value: {row['reason']}." if row["reason"] else None
    return " ".join(str(text) for text in (reason, *(row["caveats"] or ())) if text)


def _terms_text(role: str) -> Callable[[Cell, dict[str, Any]], str]:
    def show(value: Cell, row: dict[str, Any]) -> str:
        return " + ".join(
            f"{t['label']} = {t['value'] if t['value'] is not None else 'n/a'}" for t in row["terms"] if t["role"] == role
        )

    return show

ROUNDING = "Tables round: ratios to 2 decimals, shares to 1 decimal place; --json gives full precision."


def ratios(facts: FactBase, period: int) -> View:
    """Every derived ratio for ``period``, with its terms, bound and caveats."""
    computed = ratio_math.compute_all(facts, period)
    rows = [ratio_json(r) for r in computed]
    document = envelope(
        "ratios", facts,
        period=period,
        ratios=rows,
        unrelated=[row(records.UNRELATED, numerator_key=a, denominator_key=b, reason=why)
                   for a, b, why in ratio_math.UNRELATED],
    )
    unavailable = [f"{r.definition.name}: n/a, {r.reason}." for r in computed if r.reason]
    return View(
        title=f"Derived ratios, {period}",
        columns=(
            Column("label", "Ratio", wrap=True),
            Column("formula", "Formula", wrap=True, priority=4),
            Column("numerator_value", "Numerator", display=_terms_text("numerator"), wrap=True, priority=2),
            Column("denominator_value", "Denominator", display=_terms_text("denominator"), wrap=True, priority=2),
            Column("value", "Value", numeric=True, display=_ratio_value),
            Column("bound", "Bound", display=lambda v, r: {"exact": "exact", "lower": "lower bound"}.get(str(v), ""),
                   priority=3),
            Column("caveats", "Caveat", display=_caveat_text, prose=True, detail=True),
        ),
        rows=rows,
        document=document,
        caption=[ROUNDING],
        notes=[why for _, _, why in ratio_math.UNRELATED] + unavailable,
        brief=[f"{r.definition.name}: {r.caveats[0]}" for r in computed if r.bound == "lower" and r.caveats]
        + unavailable
        + ["Ratios shown to 2 decimals, shares to 1 place; --json gives full precision."],
    )
