"""The public Python API: ``laos_tip.load()`` and the ``Facts`` it returns (documented in docs/api.md).

Every answer is built by the same functions as the command line's JSON (``views``), so a
record here has exactly the keys of the JSON object of the same name in docs/records.md.
Records are ``Row`` objects: plain dicts (``pandas.DataFrame(rows)`` takes a list of them as
it is, ``json.dumps`` writes them) whose keys can also be read as attributes.
"""

from __future__ import annotations

import os

from laos_tip.core.model import FactBase

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any

    from laos_tip.views.sheet import Chart


class Row(dict):  # type: ignore[type-arg]
    """One record: a dict of its fields, also readable as attributes (``row.value``).

    Nested records (the claims of a headline figure, the terms of a ratio) are Rows too.
    """

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"record has no field {name!r}; fields: {', '.join(self)}") from None


def _rows(items: list[dict[str, Any]]) -> list[Row]:
    return [_row(item) for item in items]


def _row(item: dict[str, Any]) -> Row:
    return Row({key: _rows(value) if isinstance(value, list) and value and isinstance(value[0], dict) else value
                for key, value in item.items()})


class Facts:
    """A validated fact base, answering questions with records (``Row``, a dict per record).

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

    def headline(self, key: str, year: int) -> Row | None:
        """The headline figure of a metric in a year, with every claim for and against it; None when none.

        The value is the most reliable sources' (never an average); ``claims`` are the claims
        that give it, ``contradicted_by`` those of other values. Unknown keys raise KeyError.
        """
        from laos_tip.views import rows as views

        self._metric(key)
        headline = self._facts.headline(key, year)
        return _row(views.headline_json(headline)) if headline is not None else None

    def headlines(self, year: int | None = None) -> list[Row]:
        """The headline table: one row per metric and year (only ``year`` when given), so sums are right."""
        from laos_tip.views import rows as views

        rows = views.headline_rows(self._facts)
        return _rows([r for r in rows if year is None or r["period"] == year])

    def claims(self, key: str | None = None, year: int | None = None) -> list[Row]:
        """Every claim (one source's statement of a figure), flat, in file order; only ``key``/``year`` when given."""
        from laos_tip.views import rows as views

        if key is not None:
            self._metric(key)
        rows = views.claim_rows(self._facts)
        return _rows([r for r in rows if (key is None or r["key"] == key) and (year is None or r["period"] == year)])

    def ratios(self, year: int | None = None) -> list[Row]:
        """The derived ratios of ``year`` (every year when None); a ratio without a value says why in ``reason``."""
        from laos_tip.views import rows as views

        return _rows([r for r in views.ratio_rows(self._facts) if year is None or r["period"] == year])

    def tiers(self) -> list[Row]:
        """The tier history: each US TIP Report's placement of Laos, oldest report first."""
        from laos_tip.views import rows as views

        return _rows(views.tier_rows(self._facts))

    def partners(self, year: int | None = None) -> list[Row]:
        """Partner nations named by the sources (for ``year`` only when given), with ISO 3166-1 codes."""
        from laos_tip.views import rows as views

        return _rows([views.partner_json(self._facts, p) for p in self._facts.partners
                      if year is None or p.period == year])

    def metrics(self) -> list[Row]:
        """Every metric: what it counts, its unit, pillar and caveats."""
        from laos_tip.views import rows as views

        return _rows([views.metric_json(m) for m in self._facts.metrics])

    def sources(self) -> list[Row]:
        """Every source with its plain-text citation, BibTeX and how many figures it states."""
        from laos_tip.views import rows as views

        return _rows(views.source_rows(self._facts))

    def statements(self) -> list[Row]:
        """Qualitative statements of the sources (modus operandi ...), with their quotes."""
        from laos_tip.export.tables import ROWS

        return _rows(ROWS["statements"](self._facts))

    def factsheet(self, year: int | None = None, charts: Iterable[tuple[str, str]] = ()) -> str:
        """The fact sheet of ``year`` (default: the latest year with figures) as one self-contained HTML page.

        ``charts`` are ``(title, svg_text)`` pairs, shown on the page in that order; each must be an SVG
        document with nothing that runs or loads (else ``laos_tip.LaosTipError``). Raises LaosTipError for
        a year without figures.
        """
        from laos_tip.export.sheet import factsheet_page

        return factsheet_page(self._facts, year, _charts(charts))

    def write_factsheet(self, path: str | os.PathLike[str], year: int | None = None, force: bool = False,
                        charts: Iterable[tuple[str, str]] = ()) -> Path:
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


def _charts(charts: Iterable[tuple[str, str]]) -> list[Chart]:
    from laos_tip.views.sheet import Chart

    return [Chart(title, svg) for title, svg in charts]


def load(path: str | os.PathLike[str] | None = None) -> Facts:
    """Read and validate a fact file (default: the one shipped with laos-tip) and return its ``Facts``.

    Raises ``laos_tip.LaosTipError`` (a ``FactFileError`` listing every problem) for a file
    that cannot be read or is not valid.
    """
    from laos_tip.factfile.pipeline import load_chosen

    return Facts(load_chosen(None if path is None else os.fspath(path)))
