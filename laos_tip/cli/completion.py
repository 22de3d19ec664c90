"""Shell completion of keys, metrics and years, from the fact file the command line names so far.

Runs inside the user's shell on every Tab: it loads the fact file only then, and answers nothing
rather than ever raising.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import typer



def _fact_base(ctx: typer.Context) -> Any:
    """The fact file the command line names so far (--facts, or LAOS_TIP_FACTS as Click reads it), for completion."""
    from laos_tip.factfile.pipeline import load_chosen  # only on Tab: --help and usage errors read no fact file

    return load_chosen(ctx.params.get("facts") or None)


def complete_key(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Keys starting with ``incomplete``, with their labels: ``get`` completes keys.

    Runs inside the user's shell on every Tab: it loads the fact file only then, and
    answers nothing rather than ever raising.
    """
    try:
        from laos_tip.views.rows import key_rows

        return [(row["key"], row["label"]) for row in key_rows(_fact_base(ctx))
                if row["key"].startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


def complete_metric(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Metric keys starting with ``incomplete``, with their labels: ``trend`` completes metrics."""
    try:
        return [(metric.id, metric.label) for metric in _fact_base(ctx).metrics if metric.id.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


def complete_year(ctx: typer.Context, incomplete: str) -> list[str]:
    """Years that have figures, starting with ``incomplete``: ``compare`` and ``--year`` complete them."""
    try:
        return [str(year) for year in _fact_base(ctx).periods() if str(year).startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


COMPLETERS: dict[str, Callable[..., Any]] = {"keys": complete_key, "metrics": complete_metric, "years": complete_year}

