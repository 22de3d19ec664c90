"""Machine exports hold the data as the fact file has it; the headline is traceable; each part states its licence."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, run_main
from laos_tip.core import records
from laos_tip.export import metadata
from laos_tip.factfile.pipeline import load

#: Text a spreadsheet would run, and what a careless writer would mangle: kept as it is by every machine export.
HOSTILE = "=HYPERLINK(\"http://x.test\",\"click\") +1 -2 @SUM ＝1"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped fact file as a Data Package and a SQLite file."""
    root = tmp_path_factory.mktemp("exact")
    descriptor, database = root / "pkg" / "datapackage.json", root / "laos-tip.sqlite"
    for target in (descriptor, database):
        result = run_main("export", str(target))
        assert result.returncode == 0, result.stderr
    return descriptor, database


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def as_csv_text(value: Any, kind: str) -> str:
    """A SQLite value as the Data Package's CSV spells it (booleans true/false, NULL empty)."""
    if value is None:
        return ""
    if kind == "boolean":
        return {1: "true", 0: "false"}[value]
    return repr(value) if isinstance(value, float) else str(value)


def test_every_data_package_cell_equals_the_sqlite_value(exported: tuple[Path, Path]) -> None:
    descriptor, database = exported
    with sqlite3.connect(database) as db:
        for table in records.TABLES:
            kinds = {f.name: f.kind.name for f in table.record.fields}
            names = list(table.record.names)
            stored = db.execute(f"SELECT {', '.join(names)} FROM {table.name} ORDER BY rowid").fetchall()
            rows = read_csv(descriptor.parent / f"{table.name}.csv")
            assert len(rows) == len(stored) > 0, table.name
            for number, (written, values) in enumerate(zip(rows, stored, strict=True)):
                assert list(written) == names
                for name, value in zip(names, values, strict=True):
                    assert written[name] == as_csv_text(value, kinds[name]), (table.name, number, name)


def test_no_formula_guard_in_the_data_package(exported: tuple[Path, Path]) -> None:
    descriptor, database = exported
    sources = read_csv(descriptor.parent / "sources.csv")
    assert sources and all(row["bibtex"].startswith("@misc{") for row in sources)
    with sqlite3.connect(database) as db:
        assert [r["bibtex"] for r in sources] == [b for (b,) in db.execute("SELECT bibtex FROM sources ORDER BY rowid")]


def test_hostile_text_is_kept_in_machine_exports_and_guarded_in_the_csv_for_people(
        facts_data: dict[str, Any], write_facts: Callable[..., Path], tmp_path: Path) -> None:
    facts_data["figures"][0]["note"] = HOSTILE
    facts_data["sources"][0]["note"] = "@" + HOSTILE
    path = write_facts(facts_data)
    key, period = facts_data["figures"][0]["metric"], facts_data["figures"][0]["period"]
    for name in ("out.sqlite", "out.json", "pkg/datapackage.json", "headline.csv"):
        result = run_main("export", str(tmp_path / name), "--facts", str(path))
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        assert db.execute("SELECT note FROM claims WHERE note = ?", (HOSTILE,)).fetchone() == (HOSTILE,)
        assert db.execute("SELECT note FROM sources WHERE rowid = 1").fetchone() == ("@" + HOSTILE,)
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert HOSTILE in [claim["note"] for claim in document["claims"]]
    assert HOSTILE in [row["note"] for row in read_csv(tmp_path / "pkg" / "claims.csv")]
    assert read_csv(tmp_path / "pkg" / "sources.csv")[0]["note"] == "@" + HOSTILE
    headline = next(row for row in read_csv(tmp_path / "headline.csv")
                    if row["key"] == key and row["period"] == str(period))
    assert headline["notes"] == "'" + HOSTILE  # the CSV for people: guarded


def test_headline_names_its_primary_source_and_reaches_every_claim(exported: tuple[Path, Path]) -> None:
    descriptor, database = exported
    facts = load(str(FACTS))
    with sqlite3.connect(database) as db:
        links = {(row[3], row[2], row[4]) for row in db.execute("PRAGMA foreign_key_list(headline)")}
        assert links == {("key", "metrics", "key"), ("source", "sources", "id")}
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        headline = db.execute("SELECT key, period, value, source, source_count FROM headline").fetchall()
        assert headline
        for key, period, value, source, count in headline:
            shown = facts.headline(key, period)
            assert shown is not None and source == shown.figure.source
            backing = db.execute("SELECT source, value FROM claims WHERE key = ? AND period = ? AND backs_headline",
                                 (key, period)).fetchall()
            assert len(backing) == count and (source, value) in backing, (key, period)
        assert db.execute("SELECT source FROM headline WHERE key = 'arrests' AND period = 2024").fetchone() == (
            "xinhua-2025-01-30",)
    schema = next(r for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
                  if r["name"] == "headline")["schema"]
    assert {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}} in schema["foreignKeys"]


def test_sources_have_a_readable_label(exported: tuple[Path, Path]) -> None:
    _, database = exported
    with sqlite3.connect(database) as db:
        labels = dict(db.execute("SELECT id, label FROM sources").fetchall())
    assert labels["xinhua-2025-01-30"] == "Xinhua, 2025-01-30"
    # No date in the file: none is made up; the id tells the source apart.
    assert labels["rfa-2025-01-28"] == "Radio Free Asia, undated (rfa-2025-01-28)"
    assert all("title not shown" not in label for label in labels.values())


def test_each_part_states_its_licence(exported: tuple[Path, Path], tmp_path: Path) -> None:
    descriptor, database = exported
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert package["licenses"] == [metadata.DATA_LICENSE]
    assert package["laos_tip"]["code_license"]["name"] == "MIT"
    quoting = {r["name"]: r.get("licenses") for r in package["resources"]}
    assert [name for name, licences in quoting.items() if licences] == ["claims", "tiers", "partners", "statements"]
    assert quoting["claims"] == [metadata.DATA_LICENSE, metadata.QUOTES_LICENSE]
    assert "copyright stays with its publisher" in metadata.QUOTES_LICENSE["title"]
    result = run_main("export", str(tmp_path / "d.sqlite"), "--datasette-metadata")
    assert result.returncode == 0, result.stderr
    tables = json.loads((tmp_path / "d.metadata.json").read_text(encoding="utf-8"))["databases"]["d"]["tables"]
    assert "copyright of their publishers" in tables["claims"]["license"] and "license" not in tables["metrics"]


def test_full_text_search_is_found_by_sqlite_utils(exported: tuple[Path, Path]) -> None:
    """The FTS5 tables follow the convention sqlite-utils and Datasette look for (content="table")."""
    import sqlite_utils

    from laos_tip.export.datasette import SEARCH

    db = sqlite_utils.Database(exported[1])
    for name in SEARCH:
        assert db[name].detect_fts() == f"{name}_fts", name
    found = list(db["claims"].search("rescued", columns=["key", "source"]))
    with sqlite3.connect(exported[1]) as plain:
        saying = set(plain.execute("SELECT key, source FROM claims WHERE quote LIKE '%rescued%' "
                                     "OR label LIKE '%rescued%' OR note LIKE '%rescued%'").fetchall())
    assert found and {(row["key"], row["source"]) for row in found} == saying
    assert ("victims_rescued", "rfa-2025-01-28") in saying
    with sqlite3.connect(exported[1]) as plain:
        texts = plain.execute("SELECT quote, label, note FROM claims WHERE rowid IN "
                              "(SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'rescued')").fetchall()
    assert len(texts) == len(found) and all("rescued" in " ".join(t or "" for t in row).lower() for row in texts)
