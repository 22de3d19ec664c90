"""The registries every layer reads: a format without a writer, a table without rows or a glyph without a
fallback is an error, never a silent default."""

from __future__ import annotations

import enum
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from laos_tip.core import glyphs, records
from laos_tip.core.problems import Code
from laos_tip.render import formats, writer
from laos_tip.render.formats import Format

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture
def restore_writer() -> Iterator[None]:
    yield
    importlib.reload(formats)
    importlib.reload(writer)


def test_every_format_has_its_own_writer() -> None:
    assert set(writer.WRITERS) == set(Format)
    assert len({id(w) for w in writer.WRITERS.values()}) == len(Format)


def test_a_format_without_a_writer_fails_at_import(monkeypatch: pytest.MonkeyPatch, restore_writer: None) -> None:
    extended = enum.Enum("Format", [*((f.name, f.value) for f in Format), ("yaml", "yaml")], type=str)
    monkeypatch.setattr(formats, "Format", extended)
    with pytest.raises(ImportError, match="no writer for the format.*yaml"):
        importlib.reload(writer)


def test_a_table_without_rows_fails_at_import(monkeypatch: pytest.MonkeyPatch) -> None:
    from laos_tip.core.fields import Table
    from laos_tip.export import tables

    monkeypatch.setattr(records, "TABLES", (*records.TABLES, Table("extra", records.TIER)))
    with pytest.raises(ImportError, match="extra"):
        importlib.reload(tables)
    monkeypatch.undo()
    importlib.reload(tables)
    assert set(tables.ROWS) == {t.name for t in records.TABLES}


def test_every_glyph_has_a_fallback() -> None:
    drawn = [value for name, value in vars(glyphs).items() if name.isupper() and isinstance(value, str)
             and name != "EIGHTHS"]
    drawn += list(glyphs.EIGHTHS.strip())
    assert drawn and all(glyph in glyphs.FALLBACKS for glyph in drawn)
    assert all(fallback.isascii() for fallback in glyphs.FALLBACKS.values())


def test_record_names_are_unique_and_each_has_its_section_in_the_reference() -> None:
    names = [r.name for r in records.RECORDS]
    assert len(set(names)) == len(names)
    page = (DOCS / "records.md").read_text(encoding="utf-8")
    assert [line[4:] for line in page.splitlines() if line.startswith("### ") and "`" not in line] == names


def test_problem_codes_are_unique_words_with_meanings() -> None:
    assert len({c.value for c in Code}) == len(Code)
    for code in Code:
        assert code.value == code.value.lower() and " " not in code.value
        assert code.meaning and code.meaning[0].islower() and not code.meaning.endswith(".")
