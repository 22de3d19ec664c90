"""The exports in the data toolchain: a Data Package frictionless validates, a SQLite file Datasette describes."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
import sqlite3
from pathlib import Path

import frictionless
import pytest
import sqlite_utils
from datasette.app import Datasette

from conftest import FACTS, ROOT, run_main
from laos_tip import __version__
from laos_tip.factfile.pipeline import load
from laos_tip.core import records as core_records
from laos_tip.export import tables as export_tables


@pytest.fixture
def package(tmp_path: Path) -> Path:
    descriptor = tmp_path / "laos-tip-data" / "datapackage.json"
    result = run_main("export", str(descriptor))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "(datapackage; sources: " in result.stderr
    return descriptor


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_frictionless_validates_the_data_package(package: Path) -> None:
    report = frictionless.validate(str(package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = sorted(os.listdir(package.parent))
    assert names == sorted(["datapackage.json", *(f"{t.name}.csv" for t in core_records.TABLES)])
    assert [n for n in os.listdir(package.parent.parent) if n.startswith(".")] == []  # no temporary left


def test_descriptor_carries_metadata_and_schemas_from_the_records(package: Path) -> None:
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for key in ("title", "description", "licenses", "sources", "version", "contributors", "created"):
        assert descriptor[key], key
    assert descriptor["version"] == __version__
    assert [licence["name"] for licence in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert "quotes are short quotations" in descriptor["description"]
    assert descriptor["laos_tip"]["facts"]["sha256"] == hashlib.sha256(FACTS.read_bytes()).hexdigest()
    facts = load(str(FACTS))
    assert [s["path"] for s in descriptor["sources"]] == [s.url for s in facts.sources]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == [t.name for t in core_records.TABLES]
    for table in core_records.TABLES:
        schema = resources[table.name]["schema"]
        assert [f["name"] for f in schema["fields"]] == list(table.record.names)
        assert schema.get("primaryKey", []) == list(table.primary_key)
        assert len(schema.get("foreignKeys", [])) == len(table.foreign_keys)
    types = {f["name"]: f["type"] for f in resources["partners"]["schema"]["fields"]}
    assert (types["borders_laos"], types["period"], types["name"]) == ("boolean", "integer", "string")
    assert {f["name"]: f["type"] for f in resources["ratios"]["schema"]["fields"]}["value"] == "number"
    assert {f["name"]: f["type"] for f in resources["sources"]["schema"]["fields"]}["date"] == "date"
    caveats = next(f for f in resources["headline"]["schema"]["fields"] if f["name"] == "caveats")
    assert caveats["type"] == "string" and '" | "' in caveats["description"]
    assert resources["claims"]["schema"]["foreignKeys"] == [
        {"fields": ["key"], "reference": {"resource": "metrics", "fields": ["key"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}}]


def test_frictionless_reads_typed_values(package: Path) -> None:
    resource = frictionless.Package(str(package)).get_resource("partners")
    rows = resource.read_rows()
    facts = load(str(FACTS))
    expected = {p.alpha3: facts.borders_laos(p.country) for p in facts.partners}
    assert {row["alpha3"]: row["borders_laos"] for row in rows} == expected
    assert all(isinstance(row["borders_laos"], bool) for row in rows)
    headline = frictionless.Package(str(package)).get_resource("headline").read_rows()
    arrests = next(row for row in headline if row["key"] == "arrests" and row["period"] == 2024)
    assert arrests["value"] == 95 and arrests["contradicted"] is True


def test_a_dangling_foreign_key_fails_validation(package: Path) -> None:
    sources = package.parent / "sources.csv"
    rows = list(csv.reader(io.StringIO(sources.read_text(encoding="utf-8"), newline="")))
    removed = rows[1][0]
    with sources.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows([rows[0], *rows[2:]])
    report = frictionless.validate(str(package))
    assert not report.valid
    errors = report.flatten(["type", "note"])
    assert errors and {kind for kind, _ in errors} == {"foreign-key"}
    assert any(removed in note for _, note in errors)


def test_package_is_not_overwritten_without_force(package: Path) -> None:
    before = package.read_bytes()
    result = run_main("export", str(package))
    assert result.returncode == 1
    assert result.stderr == f"laos-tip: error: {package.parent} already exists; pass --force to replace it\n"
    assert package.read_bytes() == before
    (package.parent / "stray.txt").write_text("old\n")
    result = run_main("export", str(package), "--force")
    assert result.returncode == 0, result.stderr
    assert "stray.txt" not in os.listdir(package.parent)  # the directory is replaced as a whole
    assert frictionless.validate(str(package)).valid


def test_force_never_empties_a_directory_that_is_not_a_package(tmp_path: Path) -> None:
    mine = tmp_path / "my-work"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious\n")
    result = run_main("export", str(mine / "datapackage.json"), "--force")
    assert result.returncode == 1
    assert "holds no datapackage.json" in result.stderr
    assert os.listdir(mine) == ["thesis.tex"]
    for target in ("datapackage.json", "./datapackage.json"):  # the working directory itself
        result = run_main("export", target, cwd=mine)
        assert result.returncode == 1 and "directory of its own" in result.stderr, result.stderr
    assert os.listdir(mine) == ["thesis.tex"]
    result = run_main("export", str(tmp_path / "missing" / "pkg" / "datapackage.json"))
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_sqlite_export_has_provenance_and_user_version(tmp_path: Path) -> None:
    path = tmp_path / "laos-tip.sqlite"
    assert run_main("export", str(path)).returncode == 0
    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 2
    provenance: dict[str, list[str]] = {}
    for row in db["provenance"].rows:
        provenance.setdefault(row["key"], []).append(row["value"])
    assert provenance["tool_version"] == [__version__]
    assert provenance["output_version"] == ["2"]
    assert provenance["facts_sha256"] == [hashlib.sha256(FACTS.read_bytes()).hexdigest()]
    assert provenance["license"] == ["CC-BY-4.0"] and provenance["code_license"] == ["MIT"]
    assert provenance["quote_columns"] == ["claims.quote, tiers.quote, partners.quote, statements.quote"]
    assert "copyright stays with its publisher" in provenance["quotes_license"][0]
    assert provenance["exported_at"][0].endswith("Z") and provenance["exported_at"][0][:2] == "20"
    facts = load(str(FACTS))
    assert provenance["source_url"] == [s.url for s in facts.sources]
    assert db["metrics"].pks == ["key"]
    assert {fk.other_table for fk in db["claims"].foreign_keys} == {"metrics", "sources"}
    assert db["headline"].count == len(export_tables.tables(facts)["headline"])
    assert not (tmp_path / "laos-tip.metadata.json").exists()  # only when asked


def test_datasette_shows_title_licence_sources_and_metric_labels(tmp_path: Path) -> None:
    path = tmp_path / "laos-tip.sqlite"
    result = run_main("export", str(path), "--datasette-metadata")
    assert result.returncode == 0, result.stderr
    meta_path = tmp_path / "laos-tip.metadata.json"
    assert f"wrote {meta_path} (Datasette metadata)" in result.stderr
    metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    tables = metadata["databases"]["laos-tip"]["tables"]
    assert tables["metrics"]["label_column"] == "label" and tables["sources"]["label_column"] == "label"
    assert tables["claims"]["columns"]["quote"] == "The sentence of the source that states it, verbatim"

    async def browse() -> tuple[dict[str, object], str, dict[str, object]]:
        ds = Datasette([str(path)], metadata=metadata)
        served = (await ds.client.get("/-/metadata.json")).json()
        page = (await ds.client.get("/laos-tip/headline?key=arrests&period=2024")).text
        labelled = (await ds.client.get("/laos-tip/claims.json?_labels=on&_shape=array&key=arrests&period=2024"
                                        "&source=xinhua-2025-01-30")).json()
        return served, page, labelled[0]

    served, page, claim = asyncio.run(browse())
    assert served["title"].startswith("laos-tip")
    assert served["license"] == "Creative Commons Attribution 4.0 International (quotes: copyright of their publishers)"
    assert served["source_url"] == load(str(FACTS)).sources[0].url
    assert "Creative Commons Attribution 4.0" in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert claim["key"] == {"value": "arrests", "label": "Arrests"}
    assert claim["source"]["label"] == "Xinhua, 2025-01-30"
    # The file itself reads with the standard library too, with the provenance table Datasette lists.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM provenance WHERE key = 'license_url'").fetchone() == (
            "https://creativecommons.org/licenses/by/4.0/",)


def test_datasette_metadata_needs_a_sqlite_export(tmp_path: Path) -> None:
    result = run_main("export", str(tmp_path / "out.json"), "--datasette-metadata")
    assert result.returncode == 2 and "SQLite" in result.stderr
    assert os.listdir(tmp_path) == []
    (tmp_path / "x.metadata.json").write_text("{}\n")
    result = run_main("export", str(tmp_path / "x.sqlite"), "--datasette-metadata")
    assert result.returncode == 1 and "already exists" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["x.metadata.json"]  # nothing written when one target is taken


def test_readme_and_package_state_the_licence_and_the_terms_of_the_data(package: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    descriptor = json.loads(package.read_text(encoding="utf-8"))
    for page in (readme, descriptor["description"], (ROOT / "docs" / "data-package.md").read_text(encoding="utf-8")):
        text = " ".join(page.split())  # as read, whatever the line breaks
        assert "MIT License" in text and "CC BY 4.0" in text
        assert "The figures are facts" in text and "short quotations, each attributed to its source" in text
    for doc in ("api.md", "data-package.md", "citations.md", "pre-commit.md"):
        assert f"(docs/{doc})" in readme and (ROOT / "docs" / doc).is_file()
