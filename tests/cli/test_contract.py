"""The JSON output contract (output_version 2), pinned key by key.

These sets are written out literally, not derived from the code: a change to a JSON shape
fails here, so it is made on purpose, with the contract in docs/json-contract.md and, for a
change that can break a script, a new OUTPUT_VERSION.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, run_main

ENVELOPE = {"output_version", "command", "facts"}
#: date is null only for an undated source, which then says why in date_note (null otherwise allowed);
#: carried_by lists the URLs of other sites that carried the source ([] when none).
#: issued is the date to the precision the source states when it gives no day (a year, or "YYYY-MM"); author is the
#: body that wrote a text read from a copy (null: the publisher); accessed is when the copy was read (null: not recorded).
SOURCE = {"id", "publisher", "title", "dateline", "date", "date_note", "issued", "url", "carried_by", "republishes",
          "authority", "author", "accessed", "reliability", "note", "citation"}
#: note is null unless the fact file annotates that claim.
CLAIM = {"source", "value", "bound", "quote", "as_written", "note"}
HEADLINE_ROW = {"key", "label", "pillar", "period", "value", "bound", "unit", "source_count", "independent_source_count",
                "reliability", "contradicted", "caveats", "notes"}
HEADLINE = HEADLINE_ROW | {"description", "counted_by", "claims", "contradicted_by"}
RATIO = {"key", "label", "period", "formula", "kind", "value", "bound", "numerator_value", "denominator_value", "terms",
         "caveats", "reason"}
TERM = {"role", "key", "label", "value"}
PARTNER = {"name", "alpha2", "alpha3", "borders_laos", "period", "source", "quote"}
COUNTRY = {"name", "alpha2", "alpha3"}
METRIC = {"key", "label", "pillar", "unit", "description", "counted_by", "part_of", "breakdown", "not_comparable_with",
          "caveats", "area"}
CLAIM_ROW = {"key", "label", "pillar", "unit", "period", "period_from", "period_to", "period_inferred", "period_note",
             "value", "bound", "as_written", "source", "quote", "note", "backs_headline"}
TIER = {"report_year", "placement", "movement", "released", "source", "quote", "note"}
STATEMENT = {"id", "topic", "period", "source", "summary", "quote"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def document(*args: str) -> dict[str, Any]:
    result = run_main(*args)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert isinstance(parsed, dict)
    return parsed


def check_envelope(doc: dict[str, Any], command: str, top: set[str]) -> None:
    assert set(doc) == ENVELOPE | top
    assert doc["output_version"] == 2
    assert doc["command"] == command
    assert set(doc["facts"]) == {"path", "sha256"}
    assert doc["facts"]["sha256"] == hashlib.sha256(FACTS.read_bytes()).hexdigest()
    # The shipped file is named as the package holds it: never a local, absolute path.
    assert doc["facts"]["path"] == "laos_tip/facts.yaml"


def check_sources(sources: list[dict[str, Any]], extra: frozenset[str] = frozenset()) -> None:
    assert sources
    for source in sources:
        assert set(source) == SOURCE | extra
        if source["date"] is None:  # an undated source must say so
            assert source["date_note"], source["id"]
        else:
            assert ISO_DATE.match(source["date"])
        assert source["date_note"] is None or isinstance(source["date_note"], str)
        assert isinstance(source["carried_by"], list)
        assert all(url.startswith(("http://", "https://")) for url in source["carried_by"])


def test_the_shipped_sources_exercise_every_optional_field() -> None:
    """The shapes above are checked against real values: an undated source and a carried one."""
    sources = {s["id"]: s for s in document("sources", "--json")["sources"]}
    undated = sources["lawalawfirm-2024"]
    assert (undated["date"], undated["date_note"]) == (None, "The post carries no date of publication.")
    assert "undated" in undated["citation"]
    assert sources["vientiane-times-2025-01"]["carried_by"] == [
        "https://aseanews.net/2025/01/30/aseanews-human-rights-vientiane-cases-of-human-trafficking-rise-in-2024"]
    assert sources["xinhua-2025-01-30"]["carried_by"] == []


def test_summary_contract() -> None:
    doc = document("summary", "--json")
    check_envelope(doc, "summary", {"period", "figures", "apart", "partners", "statements", "sources"})
    for figure in doc["figures"]:
        assert set(figure) == HEADLINE
        assert isinstance(figure["caveats"], list) and isinstance(figure["contradicted"], bool)
        if figure["key"] == "partner_nations":  # the partners' sentences are in .partners
            assert figure["value"] == len(doc["partners"]) and figure["claims"] == []
            continue
        assert len(figure["claims"]) == figure["source_count"] > 0, figure["key"]  # every figure says where from
        for claim in figure["claims"]:
            assert set(claim) == CLAIM
            assert claim["as_written"] in claim["quote"]
    # The same rows as the table: partner_nations included.
    assert [f["key"] for f in doc["figures"]][-1] == "partner_nations"
    assert [p["name"] for p in doc["partners"]] == ["Vietnam", "China", "Thailand", "Cambodia"]
    assert all(set(p) == PARTNER for p in doc["partners"])
    for statement in doc["statements"]:
        assert set(statement) == STATEMENT
    check_sources(doc["sources"])


def test_ratios_contract() -> None:
    doc = document("ratios", "--json")
    check_envelope(doc, "ratios", {"period", "ratios", "unrelated"})
    for ratio in doc["ratios"]:
        assert set(ratio) == RATIO
        assert isinstance(ratio["caveats"], list)
        for term in ratio["terms"]:
            assert set(term) == TERM
        assert [t["role"] for t in ratio["terms"]][-1] == "denominator"
    for pair in doc["unrelated"]:
        assert set(pair) == {"numerator_key", "denominator_key", "reason"}


def test_partners_contract() -> None:
    doc = document("partners", "--json")
    check_envelope(doc, "partners", {"period", "partners", "neighbours_not_named"})
    assert all(set(p) == PARTNER for p in doc["partners"])
    assert [set(n) for n in doc["neighbours_not_named"]] == [COUNTRY]


GET_TOP = {"key", "kind", "period", "value", "item", "sources"}


@pytest.mark.parametrize("key, kind, item_keys", [
    ("arrests", "figure", HEADLINE),
    ("arrests_per_case", "ratio", RATIO),
    ("partner_nations", "count", HEADLINE | {"partners"}),
])
def test_get_contract(key: str, kind: str, item_keys: set[str]) -> None:
    doc = document("get", key, "--json")
    check_envelope(doc, "get", GET_TOP)
    assert (doc["key"], doc["kind"], doc["period"]) == (key, kind, 2024)
    assert set(doc["item"]) == item_keys
    assert doc["item"]["value"] == doc["value"]
    check_sources(doc["sources"])
    if kind == "figure":
        assert all(set(claim) == CLAIM for claim in doc["item"]["claims"])
    if kind == "count":
        assert all(set(p) == PARTNER for p in doc["item"]["partners"])


def test_keys_contract() -> None:
    doc = document("keys", "--json")
    check_envelope(doc, "keys", {"keys"})
    for key in doc["keys"]:
        assert set(key) == {"key", "kind", "label", "pillar", "unit", "description", "periods"}
        assert key["kind"] in {"figure", "ratio", "count"}
        assert all(isinstance(year, int) for year in key["periods"])


def test_sources_contract() -> None:
    doc = document("sources", "--json")
    check_envelope(doc, "sources", {"sources"})
    check_sources(doc["sources"], {"figure_count", "bibtex"})
    quoted = document("sources", "--quotes", "--json")
    check_envelope(quoted, "sources", {"sources", "claims"})
    assert quoted["sources"] == doc["sources"]
    assert all(set(row) == CLAIM_ROW for row in quoted["claims"])


def test_export_contract(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    assert run_main("export", str(path)).returncode == 0
    doc = json.loads(path.read_text(encoding="utf-8"))
    check_envelope(doc, "export", {"sources", "metrics", "headline", "claims", "ratios", "tiers", "partners",
                                   "statements"})
    # The export's tables add what links rows: a source's label, the headline's primary source.
    check_sources(doc["sources"], frozenset({"figure_count", "bibtex", "label"}))
    assert all(set(m) == METRIC for m in doc["metrics"])
    assert all(set(h) == HEADLINE_ROW | {"source"} for h in doc["headline"])
    assert all(set(c) == CLAIM_ROW for c in doc["claims"])
    assert all(set(t) == TIER for t in doc["tiers"])
    assert all(set(r) == RATIO for r in doc["ratios"])
    assert all(set(p) == PARTNER for p in doc["partners"])
    assert all(set(s) == STATEMENT for s in doc["statements"])


@pytest.mark.parametrize("args, header", [
    (("keys", "--format", "csv"), "key,kind,label,unit,periods,description,pillar"),
    (("sources", "--format", "csv"),
     "id,reliability,figure_count,citation,publisher,title,dateline,date,date_note,issued,url,carried_by,republishes,"
     "authority,author,accessed,note,bibtex"),
    (("sources", "--quotes", "--format", "csv"),
     "key,period,value,unit,source,quote,label,pillar,period_from,period_to,period_inferred,period_note,bound,as_written,"
     "note,backs_headline"),
    (("partners", "--format", "csv"), "name,alpha2,alpha3,borders_laos,source,period,quote"),
    (("summary", "--format", "csv"),
     "pillar,label,value,unit,key,source_count,contradicted_by,period,bound,independent_source_count,reliability,"
     "contradicted,caveats,notes,description,counted_by,claims"),
])
def test_csv_headers(args: tuple[str, ...], header: str) -> None:
    assert run_main(*args).stdout.splitlines()[0] == header


def test_csv_export_is_the_headline_table(tmp_path: Path) -> None:
    path = tmp_path / "headline.csv"
    assert run_main("export", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "key,label,pillar,period,value,bound,unit,source_count,independent_source_count,reliability,contradicted,caveats,notes,"
        "source"
    )


def test_json_keeps_full_precision_and_exact_counts() -> None:
    ratios = {r["key"]: r["value"] for r in document("ratios", "--json")["ratios"]}
    assert ratios["counselled_per_occasion"] == 962 / 54
    figures = {f["key"]: f["value"] for f in document("summary", "--json")["figures"]}
    assert figures["at_risk_counselled"] == 962 and isinstance(figures["at_risk_counselled"], int)


def test_trend_contract() -> None:
    doc = document("trend", "arrests", "--json")
    check_envelope(doc, "trend", {"metric", "values", "years_without_figure", "apart", "not_included", "sources"})
    assert doc["years_without_figure"] == []  # 2023 and 2024: no year between them is missing
    assert [(v["period"], v["value"]) for v in doc["values"]] == [(2023, 27), (2024, 95)]
    for value in doc["values"]:
        assert set(value) == HEADLINE
    assert set(doc["metric"]) == METRIC
    for other in doc["not_included"]:
        assert set(other) == {"key", "label", "relation"}
    check_sources(doc["sources"])


def test_compare_contract() -> None:
    doc = document("compare", "2023", "2024", "--json")
    check_envelope(doc, "compare", {"years", "compared", "not_compared", "apart", "sources"})
    for row in doc["compared"]:
        assert set(row) == {"key", "label", "unit", "earlier", "later", "change", "relative_change"}
    for row in doc["not_compared"]:
        assert set(row) == {"key", "label", "period", "value", "reason", "related"}
    check_sources(doc["sources"])


def test_tier_contract() -> None:
    doc = document("tier", "--json")
    check_envelope(doc, "tier", {"tiers", "gaps", "watch_list", "sources"})
    for tier in doc["tiers"]:
        assert set(tier) == TIER
        assert tier["released"] is None or ISO_DATE.match(tier["released"])
    years = {tier["report_year"] for tier in doc["tiers"]}
    assert doc["gaps"] == [y for y in range(min(years), max(years) + 1) if y not in years]
    assert set(doc["watch_list"]) == {"latest_report", "consecutive_years", "since", "at_least", "runs"}
    assert all(set(run) == {"from", "to", "years", "at_least"} for run in doc["watch_list"]["runs"])
    check_sources(doc["sources"])


def test_check_contract() -> None:
    doc = document("check", "--json")
    check_envelope(doc, "check", {"valid", "counts", "problems", "findings"})
    assert doc["valid"] is True and doc["problems"] == []
    assert set(doc["counts"]) == {"sources", "metrics", "figures", "statements", "partners", "neighbours", "tiers"}
    for finding in doc["findings"]:
        assert set(finding) == {"code", "key", "period", "period_from", "period_to", "period_label", "value",
                                "independent_source_count", "claims", "contradicted_by", "message"}
        assert all(set(claim) == CLAIM for claim in finding["claims"] + finding["contradicted_by"])
