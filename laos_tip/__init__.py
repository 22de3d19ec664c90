"""laos-tip: the official figures on trafficking in persons in Laos, queryable, citable and scriptable.

The public Python API is what ``__all__`` lists (and ``dir(laos_tip)`` shows), documented in docs/api.md::

    import laos_tip
    facts = laos_tip.load()
    facts.headline("arrests", 2024).value  # 95

Importing the package loads nothing else: the API's modules (and PyYAML) are imported on
first use, so ``import laos_tip`` stays cheap for the command line and for notebooks.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)

#: The public names. Beside Facts, load and the error class: ``Row`` and the class of each record the API
#: answers with (laos_tip/rows.py; a test keeps this list and those classes in step). Written out, since type
#: checkers read only a literal list.
__all__ = [
    "Claim", "ClaimRow", "Facts", "Headline", "HeadlineRow", "LaosTipError", "Metric", "Partner", "Ratio", "Row",
    "SourceEntry", "Statement", "Term", "Tier", "__version__", "load",
]

if TYPE_CHECKING:
    import os
    from typing import Any

    from laos_tip.api import Facts
    from laos_tip.core.errors import LaosTipError
    from laos_tip.rows import (
        Claim,
        ClaimRow,
        Headline,
        HeadlineRow,
        Metric,
        Partner,
        Ratio,
        Row,
        SourceEntry,
        Statement,
        Term,
        Tier,
    )
    from laos_tip.core.version import __version__


def load(path: str | os.PathLike[str] | None = None) -> Facts:
    """Read and validate a fact file (default: the one shipped with laos-tip); see docs/api.md."""
    from laos_tip.api import load as load_facts

    return load_facts(path)


def __getattr__(name: str) -> Any:
    if name == "Facts":
        from laos_tip.api import Facts

        return Facts
    if name == "__version__":  # declared in core/version.py, which the wheel's metadata also reads
        from laos_tip.core.version import __version__

        return __version__
    if name in __all__ and name != "LaosTipError":  # Row and the record classes
        from laos_tip import rows

        return getattr(rows, name)
    if name == "LaosTipError":
        from laos_tip.core.errors import LaosTipError

        return LaosTipError
    raise AttributeError(f"module 'laos_tip' has no attribute {name!r}")


def __dir__() -> list[str]:
    """The public names only (``__all__``): not the modules and helpers a session has imported."""
    return sorted(__all__)
