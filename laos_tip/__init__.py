"""laos-tip: the official figures on trafficking in persons in Laos, queryable, citable and scriptable.

The public Python API is what ``__all__`` lists, documented in docs/api.md::

    import laos_tip
    facts = laos_tip.load()
    facts.headline("arrests", 2024).value  # 95

Importing the package loads nothing else: the API's modules (and PyYAML) are imported on
first use, so ``import laos_tip`` stays cheap for the command line and for notebooks.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)

__all__ = ["Facts", "LaosTipError", "Row", "__version__", "load"]

if TYPE_CHECKING:
    from typing import Any

    from laos_tip.api import Facts, Row
    from laos_tip.core.errors import LaosTipError
    from laos_tip.core.version import __version__


def load(path: str | os.PathLike[str] | None = None) -> Facts:
    """Read and validate a fact file (default: the one shipped with laos-tip); see docs/api.md."""
    from laos_tip.api import load as load_facts

    return load_facts(path)


def __getattr__(name: str) -> Any:
    if name in ("Facts", "Row"):
        from laos_tip import api

        return getattr(api, name)
    if name == "__version__":  # declared in core/version.py, which the wheel's metadata also reads
        from laos_tip.core.version import __version__

        return __version__
    if name == "LaosTipError":
        from laos_tip.core.errors import LaosTipError

        return LaosTipError
    raise AttributeError(f"module 'laos_tip' has no attribute {name!r}")
