"""laos-tip export: JSON, CSV and SQLite files that read back, never overwritten by surprise, written atomically."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, Ran, run_main, second_source
from laos_tip.export import writers as export_writers
from laos_tip.core.ratios import RATIOS
from laos_tip.factfile.pipeline import load
from laos_tip.core import errors as core_errors
from laos_tip import export as export
from laos_tip.export import atomic as export_atomic
from laos_tip.export import formats as export_formats
from laos_tip.render import machine as render_machine

PRECIOUS = "a file the user wants to keep\n"


def export_to(path: Path, *extra: str) -> Ran:
    return run_main("export", str(path), *extra)


@pytest.mark.parametrize("name", ["laos-tip.sqlite", "laos-tip.db", "LAOS.SQLITE"])
def test_sqlite_export_reads_back_with_python(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    result = export_to(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr
    facts = load(str(FACTS))
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        searchable = {"claims", "sources", "statements", "tiers", "partners"}
        assert {t for t in tables if "_fts" not in t} == {"sources", "metrics", "headline", "claims", "ratios",
                                                          "tiers", "partners", "statements", "provenance"}
        assert {t for t in tables if t.endswith("_fts")} == {f"{t}_fts" for t in searchable}
        for table, count in export.export(facts, tmp_path / "again.json").items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count, table
        assert db.execute("SELECT count(*) FROM claims").fetchone()[0] == len(facts.figures)
        # The headline table: one row per metric and year, so the value is read, and summed, right.
        assert db.execute("SELECT value, source_count, contradicted FROM headline"
                          " WHERE key = 'arrests' AND period = 2024").fetchall() == [(95, 4, 1)]
        assert db.execute("SELECT independent_source_count, reliability FROM headline"
                          " WHERE key = 'arrests' AND period = 2024").fetchall() == [(3, "primary")]
        assert db.execute("SELECT sum(value) FROM headline WHERE key = 'arrests'").fetchone() == (27 + 95,)
        # 2024 arrests: four sources give 95 (IANS republishing Xinhua), 119 and 122 kept but not the headline.
        rows = db.execute("SELECT source, value, backs_headline, quote FROM claims WHERE key = 'arrests'"
                          " AND period = 2024 ORDER BY value, source").fetchall()
        assert [(source, value, headline) for source, value, headline, _ in rows] == [
            ("ians-lokmat-2025-08-06", 95, 1), ("laotian-times-2025-01-30", 95, 1), ("vientiane-times-2025-01", 95, 1),
            ("xinhua-2025-01-30", 95, 1), ("lawalawfirm-2024", 119, 0), ("rfa-2025-01-28", 122, 0)]
        xinhua_quote = next(quote for source, _, _, quote in rows if source == "xinhua-2025-01-30")
        assert "resulting in 95 arrests" in xinhua_quote
        assert db.execute("SELECT value FROM ratios WHERE key = 'arrests_per_case' AND period = 2024").fetchone()[0] \
            == 95 / 46
        assert db.execute("SELECT value, reason FROM ratios WHERE key = 'minor_victim_share' AND period = 2024"
                          ).fetchone() == (40 / 85, None)
        partners = [row[0] for row in db.execute("SELECT alpha3 FROM partners ORDER BY rowid")]
        assert partners == ["VNM", "CHN", "THA", "KHM"]
        assert db.execute("SELECT date FROM sources WHERE id = 'xinhua-2025-01-30'").fetchone()[0] == "2025-01-30"
        # An undated source keeps a NULL date and the note that says why.
        assert db.execute("SELECT date, date_note FROM sources WHERE id = 'lawalawfirm-2024'").fetchone() == (
            None, "The post carries no date of publication.")
        assert db.execute("SELECT placement FROM tiers WHERE report_year = 2024").fetchone() == ("Tier 2 Watch List",)
        columns = {row[1]: (row[2], row[5]) for row in db.execute("PRAGMA table_info(claims)")}
        assert columns["value"] == ("INTEGER", 0) and columns["quote"] == ("TEXT", 0)
        assert (columns["key"][1], columns["period"][1], columns["source"][1]) == (1, 2, 3)  # primary key
        links = {(row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(claims)")}
        assert links == {("key", "metrics", "key"), ("source", "sources", "id")}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sqlite_export_reads_back_with_the_sqlite3_shell(tmp_path: Path) -> None:
    path = tmp_path / "facts.db"
    assert export_to(path).returncode == 0
    query = "SELECT key, value FROM headline WHERE key IN ('arrests', 'cases') AND period = 2024 ORDER BY key"
    shell = shutil.which("sqlite3")
    if shell is not None:
        result = subprocess.run([shell, "-csv", str(path), query], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == ["arrests,95", "cases,46"]
    else:  # no sqlite3 shell on this machine: the same query through Python's sqlite3
        with sqlite3.connect(path) as db:
            assert db.execute(query).fetchall() == [("arrests", 95), ("cases", 46)]


def test_csv_export_is_the_headline_table(tmp_path: Path) -> None:
    path = tmp_path / "headline.csv"
    assert export_to(path).returncode == 0
    facts = load(str(FACTS))
    headlines = list(facts.all_headlines())
    raw = path.read_bytes()
    # CRLF only; one line per metric and year plus the header.
    assert raw.count(b"\r\n") == len(headlines) + 1 and raw.count(b"\n") == len(headlines) + 1
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [(row["key"], int(row["period"]), int(row["value"])) for row in rows] == [
        (h.metric.id, h.period, h.value) for h in headlines]
    arrests = [row for row in rows if row["key"] == "arrests"]
    assert sum(int(row["value"]) for row in arrests) == 27 + 95  # a naive sum is right
    assert [(row["period"], row["source_count"], row["contradicted"]) for row in arrests] == [
        ("2023", "1", "false"), ("2024", "4", "true")]
    assert [row["independent_source_count"] for row in arrests] == ["1", "3"]


def test_json_export_holds_the_whole_fact_base(tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    assert export_to(path).returncode == 0
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["command"] == "export"
    facts = load(str(FACTS))
    assert len(document["sources"]) == len(facts.sources) and len(document["metrics"]) == len(facts.metrics)
    assert len(document["claims"]) == len(facts.figures) and len(document["statements"]) == len(facts.statements)
    # A figure of a partial or inferred period is a claim, never a headline of its year.
    assert len(document["headline"]) == len({(f.metric, f.period) for f in facts.figures if not f.apart})
    assert len(document["tiers"]) == len(facts.tiers) and len(document["partners"]) == len(facts.partners)
    # one row per ratio and period with figures, including those without a value (reason says why)
    assert len(document["ratios"]) == len(RATIOS) * len(facts.periods())
    assert [r["value"] for r in document["ratios"] if (r["key"], r["period"]) == ("arrests_per_case", 2024)] == [95 / 46]
    assert document["sources"][0]["bibtex"].startswith("@misc{xinhua-2025-01-30,")
    undated = next(s for s in document["sources"] if s["id"] == "lawalawfirm-2024")
    assert undated["date"] is None and "year = {n.d.}" in undated["bibtex"] and "Undated:" in undated["bibtex"]


def test_json_export_writes_one_row_a_line(tmp_path: Path) -> None:
    """A changed row is one changed line in a diff; the document reads back the same as indented JSON would."""
    path = tmp_path / "facts.json"
    assert export_to(path).returncode == 0
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    lines = text.splitlines()
    for table in ("sources", "claims", "headline", "ratios", "tiers"):
        start = lines.index(f'  "{table}": [')
        rows = [json.loads(line.strip().rstrip(",")) for line in lines[start + 1:start + 1 + len(document[table])]]
        assert rows == document[table]
        assert lines[start + 1 + len(document[table])].strip() in ("]", "],")
    assert json.loads(render_machine.to_json(document)) == document


def test_export_keeps_every_claim_including_contradicted_ones(facts_data: dict[str, Any],
                                                              write_facts: Callable[..., Path],
                                                              tmp_path: Path) -> None:
    facts = write_facts(second_source(facts_data, 96))
    path = tmp_path / "all.sqlite"
    assert run_main("export", str(path), "--facts", str(facts)).returncode == 0
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT source, value, backs_headline FROM claims WHERE key = 'arrests' AND period = 2024"
                          " ORDER BY value, source").fetchall()
    assert rows == [("ians-lokmat-2025-08-06", 95, 1), ("laotian-times-2025-01-30", 95, 1),
                    ("vientiane-times-2025-01", 95, 1),
                    ("xinhua-2025-01-30", 95, 1), ("other-2025", 96, 0), ("lawalawfirm-2024", 119, 0),
                    ("rfa-2025-01-28", 122, 0)]


@pytest.mark.parametrize("name", ["out.json", "out.csv", "out.sqlite"])
def test_export_refuses_to_overwrite_without_force(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PRECIOUS)
    result = export_to(path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"laos-tip: error: {path} already exists; pass --force to replace it\n"
    assert path.read_text() == PRECIOUS
    assert os.listdir(tmp_path) == [name]
    forced = export_to(path, "--force")
    assert forced.returncode == 0, forced.stderr
    assert path.read_text(errors="replace") != PRECIOUS


def test_unknown_suffix_is_a_usage_error(tmp_path: Path) -> None:
    result = export_to(tmp_path / "facts.ods")
    assert (result.returncode, result.stdout) == (2, "")
    assert "cannot tell the format" in result.stderr
    assert os.listdir(tmp_path) == []


def test_export_to_a_directory_or_missing_directory_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.json"
    folder.mkdir()
    result = export_to(folder)
    assert result.returncode == 1 and "is a directory" in result.stderr
    result = export_to(tmp_path / "missing" / "out.json")
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_new_export_gets_an_ordinary_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    old = os.umask(0o022)
    try:
        counts = export.export(load(str(FACTS)), path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    facts = load(str(FACTS))
    assert counts == {"sources": len(facts.sources), "metrics": len(facts.metrics),
                      "headline": len(list(facts.all_headlines())), "claims": len(facts.figures),
                      "ratios": len(RATIOS) * len(facts.periods()), "tiers": len(facts.tiers),
                      "partners": len(facts.partners), "statements": len(facts.statements)}


@pytest.mark.parametrize("name", ["out.json", "out.csv", "out.sqlite"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, name: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    path.write_text(PRECIOUS)

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export_atomic.os, "fsync", full_disk)
    with pytest.raises(core_errors.ExportError, match="No space left on device"):
        export.export(load(str(FACTS)), path, force=True)
    assert path.read_text() == PRECIOUS
    assert os.listdir(tmp_path) == [name]


def test_a_crash_while_writing_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           invoke: Callable[..., Any]) -> None:
    def half_written(facts: object, temp: Path, rows: object) -> None:
        temp.write_text("{\"output_version\": 2, \"headl")
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setitem(export_writers.WRITERS, "json", half_written)
    path = tmp_path / "out.json"
    result = invoke("export", str(path))
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Input/output error" in result.stderr
    assert os.listdir(tmp_path) == []


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    temp = tmp_path / ".out.json.tmp"
    temp.write_text("new")
    target = tmp_path / "out.json"
    target.write_text(PRECIOUS)
    with pytest.raises(core_errors.ExportError, match="already exists"):
        export_atomic.move_into_place(temp, target, force=False)
    assert target.read_text() == PRECIOUS


def test_format_for_suffixes() -> None:
    assert [export_formats.format_for(p) for p in ("a.json", "b.CSV", "c.sqlite", "d.db", "e.XLSX")] == ["json", "csv", "sqlite",
                                                                                                     "sqlite", "xlsx"]
    with pytest.raises(core_errors.UnknownFormatError):
        export_formats.format_for("facts")


# --- The export and the commands agree by construction ---------------------------------------------


def _export_json(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "all.json"
    assert export_to(path).returncode == 0
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_ratio_of_every_year_is_the_one_ratios_shows(tmp_path: Path) -> None:
    document = _export_json(tmp_path)
    sqlite_path = tmp_path / "all.sqlite"
    assert export_to(sqlite_path).returncode == 0
    with sqlite3.connect(sqlite_path) as db:
        db.row_factory = sqlite3.Row
        table = {(r["key"], r["period"]): dict(r) for r in db.execute("SELECT * FROM ratios")}
    facts = load(str(FACTS))
    checked = 0
    for year in facts.periods():
        shown = json.loads(run_main("ratios", "--year", str(year), "--json").stdout)["ratios"]
        exported = [r for r in document["ratios"] if r["period"] == year]
        assert exported == shown  # every field, formula, value, terms and caveats included
        for ratio in shown:
            cell = table[(ratio["key"], year)]
            assert (cell["formula"], cell["value"], cell["bound"]) == (ratio["formula"], ratio["value"], ratio["bound"])
            assert json.loads(cell["terms"]) == ratio["terms"]
            assert (cell["caveats"] or "") == " | ".join(ratio["caveats"])
            checked += 1
    assert checked == len(RATIOS) * len(facts.periods())
    share_2021 = table[("minor_victim_share", 2021)]
    assert share_2021["formula"].startswith("(identified girls + identified boys)")
    assert share_2021["value"] == 75 / 110


def test_every_headline_is_what_get_prints(tmp_path: Path) -> None:
    document = _export_json(tmp_path)
    assert document["headline"]
    for row in document["headline"]:
        got = json.loads(run_main("get", row["key"], "--year", str(row["period"]), "--json").stdout)
        item = got["item"]
        assert got["value"] == row["value"]
        source = row.pop("source")  # the primary source: the claim get cites first
        assert {name: item[name] for name in row} == row
        assert source == item["claims"][0]["source"]


def test_temporary_files_are_new_private_and_named_like_the_target(tmp_path: Path) -> None:
    made = {export_atomic.new_temporary(tmp_path, ".facts.json.", ".tmp") for _ in range(20)}
    assert len(made) == 20
    for path in made:
        assert path.is_file() and path.stat().st_size == 0 and path.stat().st_mode & 0o077 == 0
        assert path.name.startswith(".facts.json.") and path.name.endswith(".tmp") and len(path.name) == 12 + 8 + 4
    folder = export_atomic.new_temporary(tmp_path, ".pkg.", ".old", directory=True)
    assert folder.is_dir() and folder.stat().st_mode & 0o077 == 0


def test_the_names_loaded_on_their_own_paths_still_import_from_the_package() -> None:
    """datasette, metadata and the Data Package writer load lazily, yet ``from laos_tip.export import ...`` works."""
    from laos_tip.export import datasette, metadata, package_directory, write_package
    from laos_tip.export.package import package_directory as defined_directory, write_package as defined_package

    assert datasette.SEARCH and callable(metadata.created_now)
    assert (package_directory, write_package) == (defined_directory, defined_package)
    with pytest.raises(ImportError, match="no_such_name"):
        from laos_tip.export import no_such_name  # noqa: F401
