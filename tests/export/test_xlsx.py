"""The spreadsheet export: one sheet per table, as openpyxl reads it back; text is never a formula."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import FACTS, run_main
from laos_tip.core import records
from laos_tip.core.fields import URL, cell
from laos_tip.export import metadata, xlsx
from laos_tip.export.tables import tables
from laos_tip.factfile.pipeline import load

#: Each starts a formula in some spreadsheet: ASCII, full-width and small forms, and a tab.
HOSTILE = ["=HYPERLINK(\"http://x.test\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "＝1+1", "＋1", "－1", "＠A1",
           "﹦1", "=cmd|' /C calc'!A0"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "laos-tip.xlsx"
    result = run_main("export", str(path))
    assert result.returncode == 0, result.stderr
    assert "(xlsx; sources: " in result.stderr
    return path


def test_one_sheet_per_table_with_the_rows_of_the_export(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["README", *(t.name for t in records.TABLES)]
    rows = tables(load(str(FACTS)))
    for table in records.TABLES:
        sheet = book[table.name]
        assert [c.value for c in sheet[1]] == list(table.record.names)
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == len(rows[table.name]) + 1
        for number, row in enumerate(rows[table.name], start=2):
            for column, name in enumerate(table.record.names, start=1):
                value = cell(row[name])
                got = sheet.cell(row=number, column=column)
                expected = value if value is None or isinstance(value, (bool, int, float)) else xlsx.text_cell(value)
                if type(value) is float:  # openpyxl writes 16 significant digits (spreadsheets show 15)
                    expected = float(f"{value:.16g}")
                assert got.value == expected, (table.name, number, name)
                assert type(got.value) is type(expected), (table.name, number, name)


def test_numbers_are_numbers_text_is_text_and_urls_are_links(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    headline = book["headline"]
    names = [c.value for c in headline[1]]
    arrests = next(r for r in headline.iter_rows(min_row=2, values_only=True)
                   if r[names.index("key")] == "arrests" and r[names.index("period")] == 2024)
    assert arrests[names.index("value")] == 95 and arrests[names.index("contradicted")] is True
    ratios = book["ratios"]
    ratio_names = [c.value for c in ratios[1]]
    values = [r[ratio_names.index("value")] for r in ratios.iter_rows(min_row=2, values_only=True)]
    assert float(f"{95 / 46:.16g}") in values  # a number to 16 significant digits, not a rounded text
    sources = book["sources"]
    source_names = [c.value for c in sources[1]]
    url_column = source_names.index("url") + 1
    assert records.SOURCE_TABLE_ROW["url"].kind == URL
    for number in range(2, sources.max_row + 1):
        link = sources.cell(row=number, column=url_column)
        assert link.hyperlink is not None and link.hyperlink.target == link.value and link.value.startswith("http")
    bibtex = sources.cell(row=2, column=source_names.index("bibtex") + 1)
    assert bibtex.data_type == "s" and bibtex.value.startswith("@misc{")  # a string: no guard needed
    for sheet in book.worksheets[1:]:
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(xlsx.NARROWEST + 2 <= w <= xlsx.WIDEST + 2 for w in widths), sheet.title


def test_the_readme_sheet_states_licences_and_checksum(workbook: Path) -> None:
    readme = dict(openpyxl.load_workbook(workbook)["README"].iter_rows(values_only=True))
    assert readme["fact file sha256"] == hashlib.sha256(FACTS.read_bytes()).hexdigest()
    assert metadata.DATA_LICENSE["title"] in readme["licence of the data"]
    assert "copyright stays with its publisher" in readme["quotes"]
    assert readme["licence of the code"] == "MIT License"
    assert readme["claims"].endswith(f"({len(load(str(FACTS)).figures)} rows)")


def test_no_cell_is_ever_a_formula(facts_data: dict[str, Any], write_facts: Callable[..., Path],
                                   tmp_path: Path) -> None:
    for figure, text in zip(facts_data["figures"], HOSTILE, strict=False):
        figure["note"] = text
    facts_data["sources"][0]["note"] = HOSTILE[0]
    path = tmp_path / "hostile.xlsx"
    result = run_main("export", str(path), "--facts", str(write_facts(facts_data)))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    book = openpyxl.load_workbook(path)
    claims = book["claims"]
    notes = {c.value: c for c in claims[claims[1][[h.value for h in claims[1]].index("note")].column_letter][1:]}
    for text in HOSTILE:
        assert notes[text].data_type == "s", text  # the text as it is, a string, no leading '
    sources = book["sources"]
    (note,) = [cell.column_letter for cell in sources[1] if cell.value == "note"]
    assert sources[f"{note}2"].value == HOSTILE[0] and sources[f"{note}2"].data_type == "s"


def test_text_too_long_for_a_cell_is_cut_and_says_so() -> None:
    text = xlsx.text_cell("x" * (xlsx.CELL_LIMIT + 10))
    assert len(text) == xlsx.CELL_LIMIT and text.endswith("whole text]")
    assert xlsx.text_cell("a\x1b[31mb") == "a\\x1b[31mb"  # a control character shown, never written raw


def test_csv_for_people_keeps_its_guard_and_takes_a_bom(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.csv", tmp_path / "bom.csv"
    assert run_main("export", str(plain)).returncode == 0
    result = run_main("export", str(marked), "--bom")
    assert result.returncode == 0, result.stderr
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    for name in ("x.json", "x.sqlite", "x.xlsx", "pkg/datapackage.json"):
        refused = run_main("export", str(tmp_path / name), "--bom")
        assert refused.returncode == 2 and "--bom goes with a CSV export (.csv)" in refused.stderr, name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bom.csv", "plain.csv"]
