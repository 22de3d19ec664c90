"""The version of laos-tip, declared once: the package's ``__version__``, the wheel's (pyproject.toml reads it here).

A module of its own, so that the modules under ``laos_tip.api`` that print the version (a chart's
provenance line) need not import the package, which imports the API: an import cycle.
"""

from __future__ import annotations

__version__ = "0.1.0"
