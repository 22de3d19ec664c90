"""Writing the fact sheet (export/sheet.py, ``Facts.factsheet``): the rules of ``export`` for the target, atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import laos_tip
from laos_tip.core.errors import ExportError, NoDataError, UnknownFormatError
from laos_tip.core.model import FactBase
from laos_tip.export.sheet import factsheet_page, write_factsheet


def test_the_page_is_written_whole_and_nothing_is_left_beside_it(facts: FactBase, tmp_path: Path) -> None:
    target = tmp_path / "laos.html"
    assert write_factsheet(facts, target) == target
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page == factsheet_page(facts)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laos.html"]


def test_the_latest_year_is_the_default(facts: FactBase) -> None:
    latest = facts.latest_period()
    assert f"Trafficking in persons in Laos, {latest}</title>" in factsheet_page(facts)
    assert "Trafficking in persons in Laos, 2018</title>" in factsheet_page(facts, 2018)


def test_an_existing_file_is_kept_unless_forced(facts: FactBase, tmp_path: Path) -> None:
    target = tmp_path / "laos.htm"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists; pass --force"):
        write_factsheet(facts, target)
    assert target.read_text(encoding="utf-8") == "mine"
    write_factsheet(facts, target, force=True)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["laos.pdf", "laos", "laos.html.txt", "laos.json"])
def test_a_name_that_is_not_html_is_refused_before_anything_is_written(facts: FactBase, tmp_path: Path,
                                                                      name: str) -> None:
    with pytest.raises(UnknownFormatError, match=r"\.html or \.htm"):
        write_factsheet(facts, tmp_path / name)
    assert not list(tmp_path.iterdir())


def test_a_year_without_figures_and_a_target_that_cannot_be_written_are_one_error_each(facts: FactBase,
                                                                                       tmp_path: Path) -> None:
    with pytest.raises(NoDataError, match="no figures for 1999"):
        write_factsheet(facts, tmp_path / "x.html", 1999)
    with pytest.raises(ExportError, match="does not exist"):
        write_factsheet(facts, tmp_path / "missing" / "x.html")
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        write_factsheet(facts, tmp_path / "dir.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.html"]


def test_a_failed_write_leaves_the_old_page_and_no_temporary_file(facts: FactBase, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "laos.html"
    target.write_text("old", encoding="utf-8")

    def full_disk(self: Path, data: bytes) -> int:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(ExportError, match="No space left"):
        write_factsheet(facts, target, force=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laos.html"]


def test_the_library_returns_the_page_or_writes_it(tmp_path: Path) -> None:
    facts = laos_tip.load()
    page = facts.factsheet(2024)
    assert "<h1>Trafficking in persons in Laos, 2024</h1>" in page
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>95</text></svg>'
    with_chart = facts.factsheet(2024, charts=[("Arrests", svg)])
    assert 'viewBox="0 0 10 10"><text>95</text></svg>' in with_chart
    assert "<figcaption>Arrests</figcaption>" in with_chart
    written = facts.write_factsheet(tmp_path / "laos.html", 2024)
    assert written.read_text(encoding="utf-8") == page
    with pytest.raises(laos_tip.LaosTipError):
        facts.write_factsheet(tmp_path / "laos.html")
    with pytest.raises(laos_tip.LaosTipError):
        facts.factsheet(charts=[("x", "<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>")])
