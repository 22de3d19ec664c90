"""Sentences and cell texts that several views share: citations, contradictions, figures kept apart, marks."""

from __future__ import annotations

from laos_tip.core import glyphs
from laos_tip.core.model import FactBase, Headline, Metric, Source

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.views.base import Cell

LOW_NOTE = "only a low-reliability source gives this figure"


def label_marked(value: Cell, row: dict[str, Cell]) -> str:
    """A figure's label, marked when another source contradicts it, and when only a low-reliability source gives it."""
    marks = (glyphs.DISPUTED_MARK if row.get("contradicted") else "") + (
        glyphs.LOW_MARK if row.get("reliability") == "low" else "")
    return f"{value} {marks}" if marks else str(value)


def low_note(rows: list[dict[str, Any]]) -> list[str]:
    low = [str(r["label"]) for r in rows if r.get("reliability") == "low"]
    return [f"{glyphs.LOW_MARK} {LOW_NOTE}: {', '.join(low)}."] if low else []


def apart_line(row: dict[str, Any]) -> str:
    """One line on a figure kept apart: what, how much, for which period, from whom."""
    note = f" {row['period_note']}" if row["period_note"] else ""
    if row["period_from"] is None:
        kind = "a period the source does not name"
    elif str(row["period_from"])[:4] != str(row["period"]):
        kind = "a total over several years, not one year's figure"
    else:
        kind = "not a full calendar year"
    return (f"{row['label']} ({row['key']}), {row['period_label']}: {row['value']:,} {row['unit']}, "
            f"from {row['source']}; {kind}, shown apart.{note}")


def citation_line(source: Source) -> str:
    """A caption line citing a source, flagging any source that is not primary."""
    trust = "" if source.reliability == "primary" else f" (reliability: {source.reliability})"
    return f"Source{trust}: {source.citation}"


def contradiction_note(headline: Headline) -> str:
    """Why a figure is marked contradicted, and which value the table keeps."""
    others = "; ".join(f"{f.source} gives {f.value}" for f in headline.contradicting)
    backers = ", ".join(f.source for f in headline.backing)
    independent = headline.independent_source_count
    counted = f" ({independent} independent)" if independent != len(headline.backing) else ""
    return (f"{headline.metric.label} ({headline.figure.period_label}): {others}. Shown: {headline.value}, "
            f"as stated by {backers}{counted}; conflicting claims are listed, never merged.")


def period_sources(facts: FactBase, period: int) -> list[Source]:
    used = {f.source for f in facts.figures if f.period == period}
    used |= {p.source for p in facts.partners if p.period == period}
    return facts.sources_among(used)


def source_line(facts: FactBase, headlines: list[Headline]) -> str:
    """The source most figures come from, and how many other reports agree or disagree."""
    chosen = [h.figure.source for h in headlines]
    lead = max(dict.fromkeys(chosen), key=chosen.count)
    disagree = {f.source for h in headlines for f in h.contradicting} - {lead}
    agree = {f.source for h in headlines for f in h.backing} - {lead} - disagree
    # A republication of the lead source is the same report again, not another that agrees.
    agree = {source for source in agree if facts.original(source) != facts.original(lead)}
    source = next(s for s in facts.sources if s.id == lead)
    others = [f"{len(agree)} more report{'s agree' if len(agree) != 1 else ' agrees'}"] if agree else []
    others += [f"{len(disagree)} disagree{'s' if len(disagree) == 1 else ''}"] if disagree else []
    date = source.date.isoformat() if source.date else "undated"
    return f"Source: {source.publisher}, {date}" + (f"; {', '.join(others)}" if others else "") + "."


def first_source(claims: Cell, row: dict[str, Any]) -> str:
    """The source of the first claim (the headline's)."""
    assert isinstance(claims, list)
    return str(claims[0]["source"])


def years_text(periods: Cell, row: dict[str, Any]) -> str:
    """The years, separated by spaces."""
    assert isinstance(periods, list)
    return " ".join(map(str, periods))


def sources_text(value: Cell, row: dict[str, Any]) -> str:
    """How many sources state the value, and how many of them are independent when a republication is among them."""
    independent = row.get("independent_source_count")
    if independent is None or independent == value:
        return str(value)
    return f"{value} ({independent} independent)"


def contradiction_text(claims: Cell, row: dict[str, Any]) -> str:
    return "; ".join(f"{c['source']}: {c['value']}" for c in row.get("contradicted_by") or ())


def related_metrics(facts: FactBase, metric_id: str, candidates: list[str]) -> list[tuple[Metric, str]]:
    """The candidates that look like ``metric_id`` but are other metrics, with how they relate."""
    found = []
    for other_id in candidates:
        relation = facts.relation(metric_id, other_id)
        other = facts.metric(other_id)
        if relation is not None and other is not None:
            found.append((other, relation))
    return found


def sources_of(facts: FactBase, headlines: list[Headline]) -> list[Source]:
    return facts.sources_among(f.source for h in headlines for f in (*h.backing, *h.contradicting))


def brief_source_line(facts: FactBase, cited: list[Source], chosen: list[str]) -> str:
    """The one line of a brief view on its sources: the one most of ``chosen`` (source ids) come from, and how
    many more reports there are; --details lists them all with their links."""
    if not cited:
        return ""
    ids = [one for one in chosen if any(s.id == one for s in cited)]
    # On a tie, the source of the latest figure: ``chosen`` runs from the earliest.
    lead_id = max(reversed(dict.fromkeys(ids)), key=ids.count) if ids else cited[0].id
    lead = next(s for s in cited if s.id == lead_id)
    date = lead.date.isoformat() if lead.date else "undated"
    more = len(cited) - 1
    others = f", and {more} more report{'s' if more != 1 else ''}" if more else ""
    return f"Source: {lead.publisher}, {date}{others}; --details."


def brief_names(names: list[str], most: int = 4) -> str:
    """Names for one line: the first ``most``, then how many more ("a, b, c, d and 2 more")."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most} more"
