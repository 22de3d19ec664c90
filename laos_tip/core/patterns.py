"""Regular expressions compiled when first used, not when their module is imported.

A command imports the modules of every check and escape it might need (fields, textsafe, the machine
writers), and compiling their dozen expressions took about 3 ms of every call on the project's 2-core
machine (benchmarks/README.md), though most calls use none of them. ``Lazy`` keeps the pattern's
text; the first method called compiles it and puts the compiled pattern's methods on the instance, so
every later call is the compiled pattern's own method, with no cost added.
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The methods of a compiled pattern that ``Lazy`` passes on.
METHODS = ("match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split")


class Lazy:
    """A regular expression (``re.compile(pattern)``), compiled on first use; ``pattern`` is its text."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __getattr__(self, name: str) -> Any:  # only for what the instance does not have yet
        if name not in METHODS:
            raise AttributeError(name)
        import re

        compiled = re.compile(self.pattern)
        for method in METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Lazy({self.pattern!r})"
