"""The public Python API: ``laos_tip.load()`` and the ``Facts`` it returns (documented in docs/api.md).

Every answer is built by the same functions as the command line's JSON (``views``), so a
record here has exactly the keys of the JSON object of the same name in docs/records.md.
Records are of the classes of ``laos_tip/rows.py``, one per record (``Headline``, ``ClaimRow`` ...):
plain dicts (``pandas.DataFrame(rows)`` takes a list of them as it is, ``json.dumps`` writes them)
whose keys can also be read as attributes, typed so that mypy catches a misspelt field.
"""

from __future__ import annotations

import os

from laos_tip.core.model import FactBase
from laos_tip.rows import (
    ClaimRow,
    Headline,
    HeadlineRow,
    Metric,
    Partner,
    Ratio,
    Row,
    SourceEntry,
    Statement,
    Tier,
    rows_of,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any, TypeVar

    from laos_tip.views.sheet import Chart

    R = TypeVar("R", bound=Row)

__all__ = ["Facts", "Row", "load"]


def _rows(items: list[dict[str, Any]], cls: type[R]) -> list[R]:
    return rows_of(cls, items)


class Facts:
    """A validated fact base, answering questions with records (a dict per record, of its class in ``laos_tip.rows``).

    Made by ``laos_tip.load()``; immutable.
    """

    def __init__(self, facts: FactBase) -> None:
        self._facts = facts

    def __repr__(self) -> str:
        return f"<laos_tip.Facts {self.path!r}: {len(self._facts.sources)} sources, {len(self._facts.figures)} figures>"

    @property
    def path(self) -> str:
        """How the fact file is named: the path given to ``load``, or ``laos_tip/facts.yaml`` for the shipped one."""
        return self._facts.path

    @property
    def sha256(self) -> str:
        """SHA-256 of the fact file's bytes: cite it with the figures to say which data you used."""
        return self._facts.sha256

    @property
    def periods(self) -> list[int]:
        """Every year with at least one figure, oldest first."""
        return self._facts.periods()

    def headline(self, key: str, year: int) -> Headline | None:
        """The headline figure of a metric in a year, with every claim for and against it; None when none.

        The value is the most reliable sources' (never an average); ``claims`` are the claims
        that give it, ``contradicted_by`` those of other values. Unknown keys raise KeyError.
        """
        from laos_tip.views import rows as views

        self._metric(key)
        headline = self._facts.headline(key, year)
        return _rows([views.headline_json(headline)], Headline)[0] if headline is not None else None

    def headlines(self, year: int | None = None) -> list[HeadlineRow]:
        """The headline table: one row per metric and year (only ``year`` when given), so sums are right."""
        from laos_tip.views import rows as views

        rows = views.headline_rows(self._facts)
        return _rows([r for r in rows if year is None or r["period"] == year], HeadlineRow)

    def claims(self, key: str | None = None, year: int | None = None) -> list[ClaimRow]:
        """Every claim (one source's statement of a figure), flat, in file order; only ``key``/``year`` when given."""
        from laos_tip.views import rows as views

        if key is not None:
            self._metric(key)
        rows = views.claim_rows(self._facts)
        return _rows([r for r in rows if (key is None or r["key"] == key)
                                   and (year is None or r["period"] == year)], ClaimRow)

    def ratios(self, year: int | None = None) -> list[Ratio]:
        """The derived ratios of ``year`` (every year when None); a ratio without a value says why in ``reason``."""
        from laos_tip.views import rows as views

        return _rows([r for r in views.ratio_rows(self._facts) if year is None or r["period"] == year], Ratio)

    def tiers(self) -> list[Tier]:
        """The tier history: each US TIP Report's placement of Laos, oldest report first."""
        from laos_tip.views import rows as views

        return _rows(views.tier_rows(self._facts), Tier)

    def partners(self, year: int | None = None) -> list[Partner]:
        """Partner nations named by the sources (for ``year`` only when given), with ISO 3166-1 codes."""
        from laos_tip.views import rows as views

        return _rows([views.partner_json(self._facts, p) for p in self._facts.partners
                                 if year is None or p.period == year], Partner)

    def metrics(self) -> list[Metric]:
        """Every metric: what it counts, its unit, pillar and caveats."""
        from laos_tip.views import rows as views

        return _rows([views.metric_json(m) for m in self._facts.metrics], Metric)

    def sources(self) -> list[SourceEntry]:
        """Every source with its plain-text citation, BibTeX and how many figures it states."""
        from laos_tip.views import rows as views

        return _rows(views.source_rows(self._facts), SourceEntry)

    def statements(self) -> list[Statement]:
        """Qualitative statements of the sources (modus operandi ...), with their quotes."""
        from laos_tip.export.tables import ROWS

        return _rows(ROWS["statements"](self._facts), Statement)

    def chart(self, what: str, format: str = "svg") -> bytes:
        """The chart ``what`` (a metric's key, "tier" or "pipeline") as the bytes of an SVG, PNG or PDF file.

        The same chart as ``laos-tip chart``. Unknown names raise KeyError, a metric without figures
        ``laos_tip.LaosTipError``, an unknown format ValueError.
        """
        from laos_tip.core.errors import UnknownFormatError, UnknownKeyError
        from laos_tip.export.chart import chart_bytes

        try:
            return chart_bytes(self._facts, what, format)
        except UnknownKeyError as problem:
            raise KeyError(str(problem)) from None
        except UnknownFormatError as problem:
            raise ValueError(str(problem)) from None

    def chart_svg(self, what: str) -> str:
        """The chart ``what`` as an ``<svg>`` element, without the XML declaration: to put inline in HTML."""
        text = self.chart(what, "svg").decode("utf-8")
        return text[text.index("<svg"):]

    def save_chart(self, what: str, path: str | os.PathLike[str], force: bool = False) -> str:
        """Write the chart ``what`` to ``path`` (.svg, .png or .pdf), atomically; return the format's name.

        An existing file is replaced only when ``force``; a file that cannot be written raises
        ``laos_tip.LaosTipError``, an unknown suffix ValueError, an unknown name KeyError.
        """
        from laos_tip.core.errors import UnknownFormatError, UnknownKeyError
        from laos_tip.export.chart import write_chart

        try:
            return write_chart(self._facts, what, path, force=force)
        except UnknownKeyError as problem:
            raise KeyError(str(problem)) from None
        except UnknownFormatError as problem:
            raise ValueError(str(problem)) from None

    def factsheet(self, year: int | None = None, charts: Iterable[tuple[str, str]] | None = None) -> str:
        """The fact sheet of ``year`` (default: the latest year with figures) as one self-contained HTML page.

        ``charts``: None for the charts of ``laos-tip factsheet`` (arrests, the tiers, the pipeline), or
        ``(title, svg_text)`` pairs, shown on the page in that order (() for none); each must be an SVG
        document with nothing that runs or loads (else ``laos_tip.LaosTipError``). Raises LaosTipError for
        a year without figures.
        """
        from laos_tip.export.sheet import factsheet_page

        return factsheet_page(self._facts, year, _charts(charts))

    def write_factsheet(self, path: str | os.PathLike[str], year: int | None = None, force: bool = False,
                        charts: Iterable[tuple[str, str]] | None = None) -> Path:
        """Write ``factsheet(year, charts)`` to ``path`` (``.html`` or ``.htm``), atomically; return the path.

        An existing file is replaced only when ``force``, as ``laos-tip factsheet`` does; every failure
        raises ``laos_tip.LaosTipError`` and leaves an existing file as it was.
        """
        from laos_tip.export.sheet import write_factsheet

        return write_factsheet(self._facts, path, year, force, _charts(charts))

    def _metric(self, key: str) -> None:
        if self._facts.metric(key) is None:
            known = ", ".join(m.id for m in self._facts.metrics)
            raise KeyError(f"no metric {key!r}; metrics: {known}")


def _charts(charts: Iterable[tuple[str, str]] | None) -> list[Chart] | None:
    from laos_tip.views.sheet import Chart

    return None if charts is None else [Chart(title, svg) for title, svg in charts]


def load(path: str | os.PathLike[str] | None = None) -> Facts:
    """Read and validate a fact file (default: the one shipped with laos-tip) and return its ``Facts``.

    Raises ``laos_tip.LaosTipError`` (a ``FactFileError`` listing every problem) for a file
    that cannot be read or is not valid.
    """
    from laos_tip.factfile.pipeline import load_chosen

    return Facts(load_chosen(None if path is None else os.fspath(path)))
