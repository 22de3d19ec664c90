"""``laos-tip sources``: the sources with their citations; with --quotes, each figure's sentence. ``laos-tip cite``:
the data set's own citation."""

from __future__ import annotations

from laos_tip import __version__
from laos_tip.core.citations import TEXT_WRITERS, csl, csl_item, dataset_work, plain, source_work
from laos_tip.core.frozen import replace
from laos_tip.core.model import FactBase
from laos_tip.core.textsafe import printable
from laos_tip.views.base import KEY_STYLE, Column, View
from laos_tip.views.envelope import envelope
from laos_tip.views.rows import claim_rows, source_rows

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


def claims(facts: FactBase) -> View:
    """Every figure claim with the sentence of its source, one row each."""
    rows = claim_rows(facts)
    return View(
        title="Figures and the sentences that state them",
        columns=(
            Column("key", "Key", style=KEY_STYLE),
            Column("period", "Year", numeric=True),
            Column("value", "Value", numeric=True),
            Column("unit", "Unit", priority=2),
            Column("source", "Source", priority=2),
            Column("quote", "Sentence that states it", prose=True),
        ),
        rows=rows,
        document={"claims": rows},
    )


def sources(facts: FactBase, quotes: bool = False) -> View:
    """Every source with a plain-text citation and BibTeX; with ``quotes``, each figure's sentence too."""
    source_view = View(
        title="Sources",
        columns=(
            Column("id", "Id"),
            Column("reliability", "Reliability", priority=2),
            Column("figure_count", "Figures", numeric=True, priority=3),
            Column("citation", "Citation", prose=True, detail=not quotes),
        ),
        rows=source_rows(facts),
        document={},
        caption=["BibTeX, biblatex, CSL-JSON, RIS: laos-tip sources --format bibtex (biblatex, csl-json, ris)"],
        # One line a source; the citations, titles and links with --details.
        brief=None if quotes else ["BibTeX, biblatex, CSL-JSON, RIS: laos-tip sources --format bibtex (biblatex, "
                                   "csl-json, ris)"],
    )
    data: dict[str, Any] = {"sources": source_view.rows}
    if not quotes:
        return replace(source_view, document=envelope("sources", facts, **data))
    figure_view = claims(facts)
    data["claims"] = figure_view.rows
    # The figures and their sentences come first; the sources follow like a list of references.
    return replace(figure_view, document=envelope("sources", facts, **data), extra=(source_view,))


def bibtex(facts: FactBase) -> str:
    """Every source as a classic BibTeX entry, ready to save as a .bib file; control characters escaped."""
    return citations(facts, "bibtex")


def citations(facts: FactBase, fmt: str) -> str:
    """Every source in the text citation format ``fmt`` (bibtex, biblatex, ris), entries apart by a blank line."""
    writer = TEXT_WRITERS[fmt]
    return printable("\n".join(writer(source_work(source)) for source in facts.sources), keep="\n")


def dataset(facts: FactBase, fmt: str) -> str | list[dict[str, Any]]:
    """The data set itself, at this version and with the fact file's SHA-256: text, or CSL-JSON items."""
    work = dataset_work(__version__, facts.sha256, facts.path.replace("\\", "/").rsplit("/", 1)[-1])
    if fmt == "csl-json":
        return [csl(work)]
    if fmt == "plain":
        return printable(plain(work)) + "\n"
    return printable(TEXT_WRITERS[fmt](work), keep="\n")


def csl_json(facts: FactBase) -> list[dict[str, Any]]:
    """Every source as CSL-JSON items, in file order (``sources --format csl-json``)."""
    return [csl_item(source) for source in facts.sources]
