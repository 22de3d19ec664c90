"""Help screens and usage errors without the parts of rich that typer imports and laos-tip never uses.

``typer.rich_utils`` imports ``rich.markdown`` (with markdown-it) for apps whose help is Markdown and
``rich.traceback`` (with rich.pretty and rich.syntax) for pretty exceptions. laos-tip's help is rich
markup and its app has pretty exceptions off, so neither is ever used; importing them was about a third
of every ``--help`` (benchmarks/README.md). ``defer_unused_rich`` lets typer import stand-ins instead,
which import the real class on first use; help looks the same, byte for byte (tests/cli/test_help_cost.py).
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: Module and class of each part of rich that typer imports for features laos-tip turns off.
DEFERRED = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


class _Deferred(type):
    """The class of a stand-in: any class attribute (``Traceback.from_exception``) is the real class's."""

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls.real(), name)


def _stand_in(module: str, attribute: str) -> type:
    """A class that makes instances of ``module.attribute``, importing it only then."""

    def real(_: type | None = None) -> Any:
        return getattr(importlib.import_module(module), attribute)

    def new(_: type, *args: Any, **kwargs: Any) -> Any:
        return real()(*args, **kwargs)

    return _Deferred(attribute, (), {"__new__": new, "real": staticmethod(real), "__module__": module})


def defer_unused_rich() -> None:
    """Import ``typer.rich_utils`` with stand-ins for the rich modules of ``DEFERRED`` not imported yet.

    The stand-ins are in ``sys.modules`` only while typer is imported: any later import of those
    modules gets the real ones.
    """
    if "typer.rich_utils" in sys.modules:
        return
    placed = {}
    for module, attribute in DEFERRED:
        if module not in sys.modules:
            placeholder = types.ModuleType(module, f"stand-in for {module} (laos_tip.cli.lighthelp)")
            setattr(placeholder, attribute, _stand_in(module, attribute))
            sys.modules[module] = placed[module] = placeholder
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module, placeholder in placed.items():
            if sys.modules.get(module) is placeholder:
                del sys.modules[module]
