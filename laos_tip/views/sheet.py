"""``laos-tip factsheet``: what the one-page fact sheet of a year says, as finished text, before any HTML.

``sheet`` gathers from the other views what the page shows: the headline figures with units, the
ratios with their bounds and caveats, where sources disagree, the tier placements and their timeline,
the law-enforcement pipeline, and a numbered note for every figure with the sentence of each source
that states it and the source's address. Every text is finished here (numbers separated, bounds
signed, gaps drawn), so the HTML renderer (``render/html.py``) only lays it out and escapes it.

Charts arrive from their own renderer as ``Chart`` (a title and an SVG document); the sheet carries
them as given and the renderer decides whether each may be inlined.
"""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.frozen import record
from laos_tip.core.model import PILLARS, FactBase, Figure, Headline, Source
from laos_tip.views.base import count
from laos_tip.views.pipeline import pipeline as pipeline_view
from laos_tip.views.ratios import ratios as ratios_view
from laos_tip.views.tier import NO_REPORT, NO_REPORT_NOTE, SHORT
from laos_tip.views.tier import tiers as tier_view

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


@record
class Chart:
    """A chart to show on the sheet: its title (a sentence) and its SVG document, as its renderer wrote it."""

    title: str
    svg: str


@record
class Cited:
    """A source as a note names it: publisher and date (and reliability when not primary), title, address."""

    name: str
    title: str
    url: str


@record
class Claim:
    """A statement of a figure, for a note: the value, the sentence, and every source that prints this sentence."""

    value: str  # the value the sentence gives, as shown
    quote: str
    agrees: bool  # False: the sentence gives another value than the one shown
    sources: tuple[Cited, ...]


@record
class Note:
    """A numbered note: the figure it is about and every claim for and against the value shown."""

    number: int
    about: str
    claims: tuple[Claim, ...]
    remarks: tuple[str, ...] = ()


@record
class Sheet:
    """Everything the fact sheet of one year shows, as text; ``rows`` of each table are dicts of cell texts."""

    title: str
    period: int
    figures: tuple[dict[str, Any], ...]  # one group per pillar: {"pillar": name, "rows": [...]}
    ratios: tuple[dict[str, Any], ...]
    no_ratio: tuple[str, ...]  # each ratio without a value this year, with why
    disagreements: tuple[dict[str, Any], ...]
    tiers: tuple[dict[str, Any], ...]
    tier_lines: tuple[str, ...]
    timeline: tuple[dict[str, Any], ...]  # one row per tier, best on top: its label and a mark per year
    timeline_years: tuple[int, ...]
    pipeline_headers: tuple[str, ...]
    pipeline: tuple[dict[str, Any], ...]
    pipeline_lines: tuple[str, ...]
    notes: tuple[Note, ...]
    cite: str
    version: str
    path: str
    sha256: str
    charts: tuple[Chart, ...] = ()


class _Notes:
    """The sheet's notes in order of first mention: ``add`` gives each new note the next number."""

    def __init__(self, facts: FactBase) -> None:
        self.facts = facts
        self.notes: list[Note] = []

    def add(self, about: str, backing: tuple[Figure, ...] | list[Figure], against: tuple[Figure, ...] = (),
            unit: str = "", remarks: tuple[str, ...] = ()) -> int:
        """A note on a figure: its claims, those for the value shown first; sources of the same sentence together."""
        said: dict[tuple[str, str, bool], list[Cited]] = {}
        for agrees, figures in ((True, backing), (False, against)):
            for figure in figures:
                shown = f"{count()(figure.value, {'bound': figure.bound})} {unit}".strip()
                said.setdefault((shown, " ".join(figure.quote.split()), agrees), []).append(self.cited(figure.source))
        claims = tuple(Claim(value, quote, agrees, tuple(sources)) for (value, quote, agrees), sources in said.items())
        return self.append(about, claims, remarks)

    def append(self, about: str, claims: tuple[Claim, ...], remarks: tuple[str, ...] = ()) -> int:
        self.notes.append(Note(len(self.notes) + 1, about, claims, remarks))
        return len(self.notes)

    def cited(self, source_id: str) -> Cited:
        source = self.facts.source(source_id)
        return Cited(_source_name(source), source.title, source.url)

    def tier(self, report_year: int, placement: str, source_id: str, quote: str) -> int:
        claim = Claim(placement, quote, True, (self.cited(source_id),))
        return self.append(f"Tier placement in the {report_year} report: {placement}", (claim,))


def _source_name(source: Source) -> str:
    date = source.date.isoformat() if source.date else "undated"
    trust = "" if source.reliability == "primary" else f", reliability: {source.reliability}"
    return f"{source.publisher}, {date}{trust}"


def _figures(facts: FactBase, period: int, notes: _Notes) -> list[dict[str, Any]]:
    """The headline figures of ``period`` in pillar order: one group per pillar, each row with its note's number."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for headline in _year_headlines(facts, period):
        metric = headline.metric
        value = count()(headline.value, {"bound": headline.bound})
        remarks = tuple(dict.fromkeys((*metric.caveats, *headline.notes)))
        number = notes.add(f"{metric.label}, {period}: {value} {metric.unit}", headline.backing,
                           headline.contradicting, metric.unit, remarks)
        groups.setdefault(metric.pillar, []).append(
            {"label": metric.label, "value": value, "unit": metric.unit, "key": metric.id, "note": number,
             "contradicted": headline.contradicted, "low": headline.reliability == "low",
             "caveat": metric.caveat or ""})
    partners = facts.partners_in(period)
    if partners:
        names = ", ".join(p.name for p in partners)
        said: dict[str, list[Cited]] = {}
        for partner in partners:
            cited = notes.cited(partner.source)
            if cited not in said.setdefault(" ".join(partner.quote.split()), []):
                said[" ".join(partner.quote.split())].append(cited)
        number = notes.append(f"Partner nations named, {period}: {names}",
                              tuple(Claim(names, quote, True, tuple(sources)) for quote, sources in said.items()))
        groups.setdefault("partnership", []).append(
            {"label": "Partner nations named", "value": f"{len(partners):,}", "unit": "countries",
             "key": "partner_nations", "note": number, "contradicted": False, "low": False, "caveat": names})
    return [{"pillar": pillar.capitalize(), "rows": groups[pillar]} for pillar in PILLARS if pillar in groups]


def _disagreements(facts: FactBase, figures: list[dict[str, Any]], period: int) -> list[dict[str, Any]]:
    """Each contradicted figure of ``period``: the value shown and who states it, the other values and who gives them."""
    notes = {row["key"]: row["note"] for group in figures for row in group["rows"]}
    found = []
    for headline in _year_headlines(facts, period):
        if not headline.contradicting:
            continue
        unit = headline.metric.unit
        backers = ", ".join(dict.fromkeys(facts.source(f.source).publisher for f in headline.backing))
        others = "; ".join(f"{facts.source(f.source).publisher} gives {count()(f.value, {'bound': f.bound})}"
                           for f in headline.contradicting)
        found.append({"label": headline.metric.label, "note": notes.get(headline.metric.id),
                      "text": f"{count()(headline.value, {'bound': headline.bound})} {unit} shown, as stated by {backers}; "
                              f"{others}. Conflicting claims are listed, never merged."})
    return found


def _year_headlines(facts: FactBase, period: int) -> list[Headline]:
    return sorted(facts.headlines(period), key=lambda h: PILLARS.index(h.metric.pillar))


def _ratios(facts: FactBase, period: int) -> tuple[list[dict[str, Any]], list[str]]:
    """The ratios with a value (their texts as ``laos-tip ratios`` shows them), and one line per ratio without."""
    view = ratios_view(facts, period)
    shown = {column.key: index for index, column in enumerate(view.columns)}
    rows, missing = [], []
    for row, cells in zip(view.rows, view.cells, strict=True):
        if row["value"] is None:
            missing.append(f"{cells[shown['label']]} ({row['reason']})")
            continue
        rows.append({"label": cells[shown["label"]], "formula": cells[shown["formula"]],
                     "terms": f"{cells[shown['numerator_value']]}; {cells[shown['denominator_value']]}",
                     "value": cells[shown["value"]], "bound": cells[shown["bound"]],
                     "caveat": " ".join(str(c) for c in row["caveats"] or ())})  # type: ignore[union-attr]
    return rows, missing


def _tiers(facts: FactBase, notes: _Notes) -> tuple[list[dict[str, Any]], list[str]]:
    view = tier_view(facts)
    low = {source.id for source in facts.sources if source.reliability == "low"}
    rows = []
    for row in view.rows:
        year = int(row["report_year"])  # type: ignore[arg-type]
        if row["placement"] is None:
            rows.append({"year": year, "placement": f"{glyphs.GAP} no report in the file", "change": "",
                         "note": None, "gap": True, "low": False})
            continue
        number = notes.tier(year, str(row["placement"]), str(row["source"]), str(row["quote"]))
        rows.append({"year": year, "placement": str(row["placement"]), "change": str(row["movement"] or ""),
                     "note": number, "gap": False, "low": row["source"] in low})
    lines = list(view.notes)
    return rows, [line.replace(NO_REPORT_NOTE, "no report of this year in the file") for line in lines]


def _timeline(tiers: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[int]]:
    from laos_tip.core.model import TIER_PLACEMENTS

    years = [row["year"] for row in tiers]
    placed = {row["year"]: row["placement"] for row in tiers if not row["gap"]}
    rows = [{"tier": SHORT.get(tier, tier), "gap": False, "marks": [placed.get(year) == tier for year in years]}
            for tier in TIER_PLACEMENTS]
    if len(placed) < len(years):
        rows.append({"tier": NO_REPORT, "gap": True, "marks": [year not in placed for year in years]})
    return rows, years


def _pipeline(facts: FactBase, notes: _Notes) -> tuple[list[str], list[dict[str, Any]], list[str]]:
    from laos_tip.core import records

    view = pipeline_view(facts)
    stages = [key for key in records.PIPELINE_STAGES if facts.metric(key) is not None]
    headers = [records.PIPELINE_STAGES[key] for key in stages]
    rows = []
    for row in view.rows:
        year = int(row["period"])  # type: ignore[arg-type]
        cells: list[dict[str, Any]] = []
        for key in stages:
            headline = facts.headline(key, year)
            if headline is None:
                cells.append({"value": glyphs.GAP, "note": None})
                continue
            metric = headline.metric
            value = count()(headline.value, {"bound": headline.bound})
            number = notes.add(f"{metric.label}, {year}: {value} {metric.unit}", headline.backing,
                               headline.contradicting, metric.unit, tuple(headline.notes))
            cells.append({"value": value, "note": number})
        rows.append({"year": year, "cells": cells})
    gap = f"{glyphs.GAP} : "
    lines = [f"A dash ({glyphs.GAP}): {line.removeprefix(gap)}" if line.startswith(gap) else line
             for line in view.notes[:2]]
    return headers, rows, lines


def version() -> str:
    """laos-tip's version. The package is loaded before any of its modules, so it is read, not imported: an
    import here would close a cycle (laos_tip -> api -> export.sheet -> views.sheet -> laos_tip)."""
    import sys

    return str(sys.modules["laos_tip"].__version__)


def cite_text(facts: FactBase, period: int) -> str:
    """How to cite the sheet: the tool's version, the data's SHA-256, and that each figure cites its source."""
    return (f"laos-tip {version()}, fact sheet \"Trafficking in persons in Laos, {period}\", data file "
            f"{facts.path} (SHA-256 {facts.sha256}). Cite each figure with the source its note names.")


def sheet(facts: FactBase, period: int, charts: tuple[Chart, ...] | list[Chart] = ()) -> Sheet:
    """The fact sheet of ``period``: headline figures, ratios, disagreements, tiers, pipeline and notes."""
    notes = _Notes(facts)
    figures = _figures(facts, period, notes)
    ratios, no_ratio = _ratios(facts, period)
    tiers, tier_lines = _tiers(facts, notes) if facts.tiers else ([], [])
    timeline, years = _timeline(tiers) if tiers else ([], [])
    has_pipeline = any(facts.metric_periods(key) for key in _pipeline_keys(facts))
    headers, pipeline, pipeline_lines = _pipeline(facts, notes) if has_pipeline else ([], [], [])
    return Sheet(
        title=f"Trafficking in persons in Laos, {period}",
        period=period,
        figures=tuple(figures),
        ratios=tuple(ratios),
        no_ratio=tuple(no_ratio),
        disagreements=tuple(_disagreements(facts, figures, period)),
        tiers=tuple(tiers),
        tier_lines=tuple(tier_lines),
        timeline=tuple(timeline),
        timeline_years=tuple(years),
        pipeline_headers=tuple(headers),
        pipeline=tuple(pipeline),
        pipeline_lines=tuple(pipeline_lines),
        notes=tuple(notes.notes),
        cite=cite_text(facts, period),
        version=version(),
        path=facts.path,
        sha256=facts.sha256,
        charts=tuple(charts),
    )


def _pipeline_keys(facts: FactBase) -> list[str]:
    from laos_tip.core import records

    return [key for key in records.PIPELINE_STAGES if facts.metric(key) is not None]

