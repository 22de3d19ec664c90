"""The public Python API: laos_tip.load() and the records it answers with, as docs/api.md promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import laos_tip
from conftest import FACTS, ROOT, clean_env, figure_of, run_main
from laos_tip.factfile.pipeline import load
from laos_tip.core import records as core_records
from laos_tip.export import tables as export_tables

DOCS = ROOT / "docs" / "api.md"


def test_the_documented_one_liner_prints_the_headline_value() -> None:
    done = subprocess.run([sys.executable, "-c",
                           "import laos_tip; print(laos_tip.load().headline('arrests', 2024).value)"],
                          capture_output=True, text=True, env=clean_env(), cwd="/", timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "95\n", "")


def test_import_loads_neither_yaml_nor_typer_nor_rich() -> None:
    code = ("import sys, laos_tip; print(' '.join(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('yaml', 'typer', 'rich', 'click', 'laos_tip'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60)
    assert done.stdout.split() == ["laos_tip"], done.stderr


def test_load_stays_a_function_whatever_is_imported() -> None:
    """No sub-package is named ``load``: importing the fact-file modules never hides ``laos_tip.load``."""
    code = ("import laos_tip, laos_tip.factfile.pipeline as p; a = laos_tip.load(); b = laos_tip.load(None); "
            "print(a.headline('arrests', 2024).value, b.headline('arrests', 2024).value, p.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "95 95 laos_tip.factfile.pipeline\n", "")


def test_headline_agrees_with_the_command_line_json() -> None:
    facts = laos_tip.load()
    figure = facts.headline("arrests", 2024)
    assert figure is not None and figure.value == 95 and figure["value"] == 95
    cli = json.loads(run_main("get", "arrests", "--year", "2024", "--json").stdout)
    assert figure.value == cli["value"]
    assert list(figure) == list(core_records.HEADLINE.names)
    assert figure.contradicted is True
    assert [c.source for c in figure.contradicted_by] == ["lawalawfirm-2024", "rfa-2025-01-28"]
    assert "resulting in 95 arrests" in figure.claims[0].quote
    assert facts.headline("arrests", 1999) is None


def test_unknown_metric_is_a_key_error_naming_the_metrics() -> None:
    facts = laos_tip.load()
    with pytest.raises(KeyError, match="no metric 'arests'; metrics: .*arrests"):
        facts.headline("arests", 2024)
    with pytest.raises(KeyError):
        facts.claims("arests")
    with pytest.raises(AttributeError, match="no field 'valeu'"):
        facts.headline("arrests", 2024).valeu  # noqa: B018


def test_claims_ratios_tiers_partners_are_records_of_their_tables() -> None:
    facts = laos_tip.load()
    claims = facts.claims("arrests")
    assert {c.period for c in claims} == {2017, 2023, 2024}
    # January-May 2017 is a claim of its own, marked as a part of the year and never a headline.
    partials = [c for c in claims if c.period == 2017]  # the Laotian Times and the Vientiane Times (ANN)
    assert [c.value for c in partials] == [21, 21]
    for partial in partials:
        assert (partial.period_from, partial.period_to, partial.backs_headline) == ("2017-01-01", "2017-05-31", False)
    assert sorted(c.value for c in claims if c.period == 2024) == [95, 95, 95, 95, 119, 122]
    assert all(list(c) == list(core_records.CLAIM_ROW.names) for c in claims)
    assert len(facts.claims()) == len(facts.claims(year=2024)) + len(
        [c for c in facts.claims() if c.period != 2024])
    ratios = facts.ratios(2024)
    assert {r.period for r in ratios} == {2024}
    arrests_per_case = next(r for r in ratios if r.key == "arrests_per_case")
    assert arrests_per_case.value == 95 / 46 and arrests_per_case.terms[0].key == "arrests"
    tiers = facts.tiers()
    assert [t.report_year for t in tiers] == sorted(t.report_year for t in tiers)
    years = {t.report_year for t in tiers}
    # No change is given for the first report, nor after a year without a report in the file.
    assert all((t.movement is None) == (t.report_year - 1 not in years) for t in tiers)
    partners = facts.partners(2024)
    assert partners and all(p.period == 2024 and re.fullmatch("[A-Z]{3}", p.alpha3) for p in partners)
    assert facts.periods == sorted(facts.periods) and 2024 in facts.periods
    assert len(facts.headlines(2024)) == len([h for h in facts.headlines() if h.period == 2024])
    assert [m.key for m in facts.metrics()][:1] and facts.sources()[0].bibtex.startswith("@misc{")
    exported = export_tables.tables(load(str(FACTS)))
    for name in ("sources", "metrics", "headline", "claims", "ratios", "tiers", "partners", "statements"):
        answered = facts.headlines() if name == "headline" else getattr(facts, name)()
        # The export's tables add what a table needs to link rows: the headline's source, a source's label.
        linking = {"headline": "source", "sources": "label"}.get(name)
        assert answered == [{k: v for k, v in row.items() if k != linking} for row in exported[name]], name


def test_records_are_plain_dicts_that_table_libraries_take_as_they_are() -> None:
    facts = laos_tip.load()
    for rows in (facts.headlines(), facts.claims(), facts.ratios(), facts.tiers(), facts.partners()):
        assert rows and all(isinstance(r, laos_tip.Row) and type(r).__mro__[-2:] == (dict, object) for r in rows)
        # What pandas.DataFrame(list_of_dicts) and csv.DictWriter need: mappings with one key set.
        assert len({tuple(r) for r in rows}) == 1
        # JSON-ready, nested records included: the same text as plain dicts give.
        assert json.loads(json.dumps(rows)) == [dict(r) for r in json.loads(json.dumps(rows))]


def test_another_fact_file_and_its_problems(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    cases = figure_of(facts_data["figures"], "cases", 2024)
    cases["value"] = 12345
    cases["quote"] = "There were 12345 of them."
    path = write_facts(facts_data)
    facts = laos_tip.load(path)
    assert facts.path == str(path) and len(facts.sha256) == 64
    assert 12345 in [c.value for c in facts.claims()]
    assert laos_tip.load().path == "laos_tip/facts.yaml"
    bad = path.with_name("bad.yaml")
    bad.write_text("sources: 1\n", encoding="utf-8")
    with pytest.raises(laos_tip.LaosTipError, match="bad.yaml"):
        laos_tip.load(bad)


def test_only_what_the_docs_list_is_public() -> None:
    text = DOCS.read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `laos_tip\.(\w+)", text, re.MULTILINE))
    assert documented == set(laos_tip.__all__)
    for method in ("headline", "headlines", "claims", "ratios", "tiers", "partners", "metrics", "sources",
                   "statements", "periods", "path", "sha256"):
        assert f"`.{method}" in text, method
        assert hasattr(laos_tip.Facts, method)
    public = {name for name in vars(laos_tip.Facts) if not name.startswith("_")}
    assert {m for m in public if f"`.{m}" not in text} == set()
    assert (ROOT / "laos_tip" / "py.typed").exists()
    assert FACTS.exists()
