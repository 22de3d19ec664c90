"""Records declared once (``laos_tip/records.py``): every format derives its fields from the one declaration.

Also: the validation rules one by one, the generated field reference, and no local path in any output.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, ROOT, dump_yaml, figure_of, run_main
from laos_tip.core import ratios as ratio_math
from laos_tip.factfile.reader import parse
from laos_tip.core import fields as core_fields
from laos_tip.core import records as core_records
from laos_tip.factfile import pipeline as load_pipeline
from laos_tip.factfile import rules as load_rules
from laos_tip.factfile import validator as load_validator
from laos_tip.views import lookup as views_lookup
from laos_tip.views import ratios as views_ratios
from laos_tip.views import summary as views_summary

def test_a_source_has_the_declared_fields_in_json_csv_sqlite_and_the_schema(tmp_path: Path) -> None:
    declared = set(core_records.SOURCE_ENTRY.names)
    listed = json.loads(run_main("sources", "--json").stdout)["sources"]
    assert all(set(source) == declared for source in listed)
    header = run_main("sources", "--format", "csv").stdout.splitlines()[0].split(",")
    assert set(header) == declared and len(header) == len(declared)
    path = tmp_path / "x.sqlite"
    assert run_main("export", str(path)).returncode == 0
    with sqlite3.connect(path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(sources)")]
    assert columns == list(core_records.SOURCE_TABLE_ROW.names) == [*core_records.SOURCE_ENTRY.names, "label"]
    # The fact file's fields are the declared ones that are read; the rest laos-tip derives.
    properties = json.loads(run_main("schema").stdout)["properties"]["sources"]["items"]["properties"]
    assert set(properties) == {f.read_as for f in core_records.SOURCE.file_fields}
    assert declared - set(properties) == {"citation", "figure_count", "bibtex"}
    # Every other command writes the source record itself.
    cited = json.loads(run_main("get", "arrests", "--json").stdout)["sources"]
    assert all(list(source) == list(core_records.SOURCE.names) for source in cited)


@pytest.mark.parametrize("table", core_records.TABLES, ids=lambda t: t.name)
def test_export_tables_are_their_records(table: core_fields.Table, tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    assert run_main("export", str(path)).returncode == 0
    with sqlite3.connect(path) as db:
        info = [(row[1], row[2]) for row in db.execute(f"PRAGMA table_info({table.name})")]
    assert info == list(table.columns)
    assert run_main("export", str(tmp_path / "x.json")).returncode == 0
    document = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert all(list(row) == list(table.record.names) for row in document[table.name])


def test_row_refuses_a_field_the_record_does_not_declare() -> None:
    with pytest.raises(TypeError, match="no field colour"):
        core_fields.row(core_records.UNRELATED, numerator_key="a", denominator_key="b", reason="c", colour="red")


def test_cells_join_lists_and_keep_records_as_json() -> None:
    assert core_fields.cell_text(["a", "b"]) == "a | b"
    assert core_fields.cell_text([]) == ""
    assert core_fields.cell_text(None) == ""
    assert (core_fields.cell_text(True), core_fields.cell_text(False)) == ("true", "false")
    assert json.loads(core_fields.cell_text([{"key": "x", "value": None}])) == [{"key": "x", "value": None}]


def test_every_csv_carries_every_field_of_its_json_rows() -> None:
    for args, rows_of in ((("summary",), "figures"), (("ratios",), "ratios"), (("partners",), "partners"),
                          (("tier",), "tiers"), (("keys",), "keys"), (("trend", "arrests"), "values")):
        document = json.loads(run_main(*args, "--json").stdout)
        table = list(csv.DictReader(io.StringIO(run_main(*args, "--format", "csv").stdout, newline="")))
        expected = document[rows_of]
        if rows_of == "tiers":  # a year without a report is a row of empty cells (JSON: gaps), never skipped
            empty = dict.fromkeys(expected[0])
            expected = sorted(expected + [{**empty, "report_year": year} for year in document["gaps"]],
                              key=lambda r: r["report_year"])
        assert len(table) == len(expected), args
        for row, cells in zip(expected, table, strict=True):
            assert set(cells) == set(row), args
            assert all(cells[name] == core_fields.cell_text(value) for name, value in row.items()), args


def test_no_output_holds_the_local_path_of_the_shipped_file(tmp_path: Path) -> None:
    local = (str(FACTS), str(FACTS.resolve()), str(ROOT))
    commands = [
        ("summary", "--json"), ("summary",), ("summary", "--format", "csv"), ("ratios", "--json"),
        ("partners", "--json"), ("get", "arrests", "--json"), ("get", "partner_nations", "--json"),
        ("keys", "--json"), ("trend", "arrests", "--json"), ("compare", "2023", "2024", "--json"), ("tier", "--json"),
        ("sources", "--json"), ("sources", "--quotes", "--json"), ("check",), ("check", "--json"),
        ("export", str(tmp_path / "x.json")), ("get", "nope"), ("summary", "--year", "1999"),
    ]
    for args in commands:
        done = run_main(*args)
        assert not any(path in done.stdout + done.stderr for path in local), args
    assert not any(path in (tmp_path / "x.json").read_text(encoding="utf-8") for path in local)
    assert json.loads(run_main("check", "--json").stdout)["facts"]["path"] == "laos_tip/facts.yaml"


def test_a_fact_file_given_by_the_user_is_shown_as_given(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_bytes(FACTS.read_bytes())
    document = json.loads(run_main("summary", "--json", "--facts", "mine.yaml", cwd=tmp_path).stdout)
    assert document["facts"]["path"] == "mine.yaml"
    assert run_main("check", "mine.yaml", cwd=tmp_path).stdout.startswith("ok: mine.yaml: ")


def test_get_of_a_figure_computes_no_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    """``get KEY`` is a look-up in the indexes: it never builds the rows of every key and ratio."""
    facts = load_pipeline.load(str(FACTS))

    def forbidden(*args: object) -> None:
        raise AssertionError("get of a figure computed a ratio")

    monkeypatch.setattr(ratio_math, "compute", forbidden)
    assert views_lookup.lookup(facts, "arrests", 2024).text == "95"
    assert views_lookup.lookup(facts, "partner_nations", 2024).text == "4"


def test_headlines_are_computed_once_per_metric_and_period(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = load_pipeline.load(str(FACTS))
    calls: list[tuple[str, int]] = []
    original = type(facts)._headline

    def counted(self: Any, metric_id: str, period: int) -> Any:
        calls.append((metric_id, period))
        return original(self, metric_id, period)

    monkeypatch.setattr(type(facts), "_headline", counted)
    for _ in range(3):
        views_summary.summary(facts, 2024)
        views_ratios.ratios(facts, 2024)
    assert len(calls) == len(set(calls))


# --- Validation rules, one by one ---------------------------------------------------------------

def _rule_codes(rule: Callable[..., None], data: dict[str, Any]) -> list[str]:
    """The problem codes ``rule`` alone reports on ``data``."""
    text = dump_yaml(data)
    document = parse(text, "facts.yaml")
    v = load_validator.Validator(document)
    entries = {s.name: v.section(document.root, s.name, s.record, s.required)
               for s in core_records.SECTIONS}
    v.problems.clear()
    rule(v, entries)
    return [problem.code for problem in v.problems]


def _figure(data: dict[str, Any], metric: str) -> dict[str, Any]:
    return next(f for f in data["figures"] if f["metric"] == metric and f["period"] == 2024
                and f["source"] == "xinhua-2025-01-30")


def _break_unique_ids(data: dict[str, Any]) -> None:
    data["sources"].append(dict(data["sources"][0]))


def _break_dated_sources(data: dict[str, Any]) -> None:
    data["sources"][0].pop("date")


def _break_issued_within_date(data: dict[str, Any]) -> None:
    vientiane_times = next(s for s in data["sources"] if s["id"] == "vientiane-times-2025-01")
    vientiane_times["issued"] = "2024-12"  # its date is 2025-01-30


def _break_reserved_keys(data: dict[str, Any]) -> None:
    data["metrics"][0]["id"] = "arrests_per_case"


def _break_metric_references(data: dict[str, Any]) -> None:
    data["metrics"][0]["part_of"] = "no-such-metric"


def _break_source_references(data: dict[str, Any]) -> None:
    data["statements"][0]["source"] = "no-such-source"


def _break_figure_metrics(data: dict[str, Any]) -> None:
    figure_of(data["figures"], "cases", 2024)["metric"] = "no-such-metric"


def _break_quote_states_number(data: dict[str, Any]) -> None:
    _figure(data, "cases")["value"] = 47


def _break_quote_names_partner(data: dict[str, Any]) -> None:
    data["partners"][0]["quote"] = "Laos works with its neighbours."


def _break_country_codes(data: dict[str, Any]) -> None:
    data["neighbours"][0]["alpha2"] = "ZZ"


def _break_quote_states_placement(data: dict[str, Any]) -> None:
    data["tiers"][0]["placement"] = "Tier 3"


def _break_one_claim_per_source(data: dict[str, Any]) -> None:
    data["figures"].append(dict(_figure(data, "cases")))


def _break_part_within_whole(data: dict[str, Any]) -> None:
    girls = _figure(data, "girls_under_18")
    girls.update(value=90, as_written="40")


def _break_figure_periods(data: dict[str, Any]) -> None:
    partial = next(f for f in data["figures"] if "period_from" in f)
    del partial["period_to"]


def _break_period_before_source(data: dict[str, Any]) -> None:
    _figure(data, "cases")["period"] = 2025  # Xinhua, 2025-01-30, cannot report all of 2025


def _break_republished_sources(data: dict[str, Any]) -> None:
    xinhua = next(s for s in data["sources"] if s["id"] == "xinhua-2025-01-30")
    xinhua["republishes"] = "xinhua-2025-01-30"


BREAKS = {
    "unique_ids": (_break_unique_ids, "duplicate-id"),
    "dated_sources": (_break_dated_sources, "missing-field"),
    "issued_within_date": (_break_issued_within_date, "issued-mismatch"),
    "reserved_keys": (_break_reserved_keys, "reserved-id"),
    "metric_references": (_break_metric_references, "unknown-reference"),
    "source_references": (_break_source_references, "unknown-reference"),
    "figure_metrics": (_break_figure_metrics, "unknown-reference"),
    "quote_states_number": (_break_quote_states_number, "quote-mismatch"),
    "quote_names_partner": (_break_quote_names_partner, "quote-mismatch"),
    "quote_states_placement": (_break_quote_states_placement, "quote-mismatch"),
    "country_codes": (_break_country_codes, "unknown-country"),
    "one_claim_per_source": (_break_one_claim_per_source, "duplicate-claim"),
    "part_within_whole": (_break_part_within_whole, "part-exceeds-whole"),
    "figure_periods": (_break_figure_periods, "bad-period"),
    "period_before_source": (_break_period_before_source, "period-after-source"),
    "republished_sources": (_break_republished_sources, "bad-reference"),
}


def test_every_rule_has_its_test() -> None:
    assert [rule.__name__ for rule in load_rules.RULES] == list(BREAKS)


@pytest.mark.parametrize("rule", load_rules.RULES, ids=lambda rule: rule.__name__)
def test_rule_finds_its_problem_and_nothing_in_the_shipped_file(rule: Callable[..., None],
                                                               facts_data: dict[str, Any]) -> None:
    assert _rule_codes(rule, facts_data) == []
    breaking, code = BREAKS[rule.__name__]
    breaking(facts_data)
    assert _rule_codes(rule, facts_data) == [code]


def test_a_field_added_to_the_source_declaration_is_one_edit(tmp_path: Path) -> None:
    """Copy the package, add one Field to core_records.SOURCE (the only edit) and a value to one source of a
    copy of the fact file: the field is validated, in the JSON Schema, in JSON, CSV and the SQLite export."""
    import shutil

    import laos_tip

    package = tmp_path / "laos_tip"
    shutil.copytree(Path(laos_tip.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    declaration = package / "core" / "records.py"
    text = declaration.read_text(encoding="utf-8")
    anchor = '    Field("note", TEXT, "Anything a reader should know about the source.", required=False),\n'
    assert text.count(anchor) == 1
    declaration.write_text(text.replace(anchor, anchor + '    Field("language", TEXT, "Language of the text.", '
                                        'required=False),\n'), encoding="utf-8")
    facts = tmp_path / "facts.yaml"
    original = FACTS.read_text(encoding="utf-8")
    assert original.count("    reliability: primary\n") >= 1
    facts.write_text(original.replace("    reliability: primary\n", "    reliability: primary\n    language: English\n", 1),
                     encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    env.pop("LAOS_TIP_FACTS", None)

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "laos_tip", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    first = json.loads(run("sources", "--json", "--facts", str(facts)))["sources"][0]
    assert first["language"] == "English"
    assert run("sources", "--format", "csv", "--facts", str(facts)).splitlines()[0].split(",").count("language") == 1
    schema = json.loads(run("schema"))
    assert "language" in schema["properties"]["sources"]["items"]["properties"]
    run("export", str(tmp_path / "out.sqlite"), "--facts", str(facts))
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        assert db.execute("SELECT language FROM sources WHERE language IS NOT NULL").fetchall() == [("English",)]
    facts.write_text(original.replace("    reliability: primary\n", "    reliability: primary\n    language: 3\n", 1),
                     encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "laos_tip", "check", str(facts)], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=60)
    assert refused.returncode == 1 and "language" in refused.stdout
