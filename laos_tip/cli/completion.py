"""Shell completion of keys, metrics and years, from the fact file the command line names so far.

Runs inside the user's shell on every Tab: it loads the fact file only then, and answers nothing
rather than ever raising.

What a completion prints is read by the user's shell, and zsh evaluates it: a fact file's text
must reach the menu inert. So laos-tip formats the answers itself (``install_completion_classes``
puts its own classes in place of typer's, which escape too little for zsh, render rich markup and
wrap long descriptions at the terminal's width, which cuts a fish line in two):

- a value (a key, a year, a command or option name) is offered only if it is made of
  ``SAFE_VALUE`` characters: the fact file's ids already are (validation), so this drops nothing
  real;
- a description (a metric's label) keeps only letters, digits, combining marks, spaces and
  ``. , : - / + _``; every other run of characters (quotes, backslashes, ``$``, backquotes, ``;``
  ``|`` ``&`` ``<`` ``>``, brackets, parentheses, braces, control characters, line breaks) becomes
  one space, and it is cut to ``MAX_DESCRIPTION`` characters. The label itself is unchanged
  everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import typer

#: What a completed value may hold: every id, year, command, option and choice name does.
SAFE_VALUE = re.compile(r"[A-Za-z0-9_.,/+=@%-]+")
#: Punctuation a description keeps (with letters, digits, combining marks and spaces).
_KEPT_PUNCTUATION = frozenset(" .,:-/+_")
#: The longest description offered; a longer one ends with "...".
MAX_DESCRIPTION = 60


def inert_description(text: str | None) -> str:
    """``text`` reduced to characters no shell reads as syntax, one line, at most MAX_DESCRIPTION long."""
    if not text:
        return ""
    import unicodedata

    kept = "".join(
        ch if ch in _KEPT_PUNCTUATION or ch.isalnum() or unicodedata.category(ch).startswith("M") else " "
        for ch in text
    )
    words = " ".join(kept.split())
    if len(words) > MAX_DESCRIPTION:
        words = words[: MAX_DESCRIPTION - 3].rstrip() + "..."
    return words


def safe_value(value: Any) -> bool:
    """Whether a completion value can be offered to any shell as it is."""
    return isinstance(value, str) and SAFE_VALUE.fullmatch(value) is not None


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
                if safe_value(row["key"]) and row["key"].startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


def complete_metric(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Metric keys starting with ``incomplete``, with their labels: ``trend`` completes metrics."""
    try:
        return [(metric.id, metric.label) for metric in _fact_base(ctx).metrics
                if safe_value(metric.id) and metric.id.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


def complete_chart(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """What ``chart`` draws, starting with ``incomplete``: the metrics with figures, tier and pipeline."""
    try:
        from laos_tip.views.chart import PIPELINE, TIER, names

        facts = _fact_base(ctx)
        labels = {metric.id: metric.label for metric in facts.metrics}
        labels |= {TIER: "Tier placements by report year", PIPELINE: "Law-enforcement pipeline by year"}
        return [(name, labels[name]) for name in names(facts) if safe_value(name) and name.startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


def complete_year(ctx: typer.Context, incomplete: str) -> list[str]:
    """Years that have figures, starting with ``incomplete``: ``compare`` and ``--year`` complete them."""
    try:
        return [str(year) for year in _fact_base(ctx).periods() if str(year).startswith(incomplete)]
    except Exception:  # noqa: BLE001 - a traceback would be pasted into the command line
        return []


COMPLETERS: dict[str, Callable[..., Any]] = {"keys": complete_key, "metrics": complete_metric, "years": complete_year,
                                             "charts": complete_chart}


def install_completion_classes() -> None:
    """Register typer's completion classes (the scripts' protocol), then laos-tip's inert formats over them."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import (
        BashComplete,
        FishComplete,
        PowerShellComplete,
        ZshComplete,
        completion_init,
    )

    completion_init()

    def offered(items: list[CompletionItem]) -> list[CompletionItem]:
        return [item for item in items if safe_value(item.value)]

    class InertBash(BashComplete):
        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            return "\n".join(item.value for item in offered(self.get_completions(args, incomplete)))

    class InertZsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            # Inside '...' that zsh evaluates, then _arguments reads: a colon needs its backslashes.
            described = inert_description(item.help).replace(":", r"\\:")
            return f'"{item.value}":"{described}"' if described else f'"{item.value}"'

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return offered(super().get_completions(args, incomplete))

    class InertFish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            described = inert_description(item.help)
            return f"{item.value}\t{described}" if described else f"{item.value}"

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return offered(super().get_completions(args, incomplete))

    class InertPowerShell(PowerShellComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}:::{inert_description(item.help) or ' '}"

        def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
            return offered(super().get_completions(args, incomplete))

    for cls, name in ((InertBash, "bash"), (InertZsh, "zsh"), (InertFish, "fish"),
                      (InertPowerShell, "powershell"), (InertPowerShell, "pwsh")):
        add_completion_class(cls, name)
