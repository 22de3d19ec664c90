"""``laos-tip factsheet PATH``: one line on stderr for every outcome, the documented exit status, lazy imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import all_imported, run_cli, run_main

def test_it_writes_the_page_and_says_so_on_stderr(tmp_path: Path) -> None:
    ran = run_main("factsheet", str(tmp_path / "laos.html"), "--year", "2024")
    assert (ran.returncode, ran.stdout) == (0, "")
    assert ran.stderr == f"laos-tip: wrote {tmp_path / 'laos.html'} (fact sheet of 2024, HTML)\n"
    assert "<h1>Trafficking in persons in Laos, 2024</h1>" in (tmp_path / "laos.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("{dir}/laos.pdf",), 2, "a fact sheet is an HTML page"),
    (("{dir}/laos.html", "--year", "1999"), 1, "laos-tip: error: no figures for 1999"),
    (("{dir}/missing/laos.html",), 1, "does not exist"),
    (("{dir}/old.html",), 1, "already exists; pass --force to replace it"),
])
def test_each_refusal_is_one_clear_message_and_its_status(tmp_path: Path, args: tuple[str, ...], code: int,
                                                          message: str) -> None:
    (tmp_path / "old.html").write_text("old", encoding="utf-8")
    ran = run_main("factsheet", *(a.format(dir=tmp_path) for a in args))
    assert ran.returncode == code and ran.stdout == ""
    assert message in ran.stderr and "Traceback" not in ran.stderr
    if code == 1:
        assert ran.stderr.count("\n") == 1
    assert (tmp_path / "old.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.html"]


def test_force_replaces_an_existing_page(tmp_path: Path) -> None:
    (tmp_path / "old.html").write_text("old", encoding="utf-8")
    assert run_main("factsheet", str(tmp_path / "old.html"), "--force").returncode == 0
    assert (tmp_path / "old.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_installed_script_exits_as_documented(tmp_path: Path) -> None:
    ran = run_cli("factsheet", "laos.html", cwd=tmp_path)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "laos-tip: wrote laos.html (fact sheet of 2024, HTML)\n")
    again = run_cli("factsheet", "laos.html", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (1, "laos-tip: error: laos.html already exists; pass --force to "
                                                   "replace it\n")


@pytest.mark.slow  # a process per command
@pytest.mark.parametrize("args", [("summary", "--json"), ("summary",), ("--help",), ("factsheet", "--help"),
                                  ("get", "arrests"), ("export", "x.json")])
def test_templating_is_imported_only_by_the_fact_sheet(tmp_path: Path, args: tuple[str, ...]) -> None:
    assert not {name for name in all_imported(*args, cwd=tmp_path) if name.split(".")[0] in ("jinja2", "markupsafe")}


@pytest.mark.slow
def test_the_fact_sheet_imports_jinja2(tmp_path: Path) -> None:
    assert "jinja2" in all_imported("factsheet", "laos.html", cwd=tmp_path)


def test_the_page_holds_the_charts_of_laos_tip_chart_inline(tmp_path: Path) -> None:
    """arrests, the tiers and the pipeline, as inline SVG with their values as text; charts=() leaves them out."""
    import laos_tip

    facts = laos_tip.load()
    page = facts.factsheet()
    assert page.count("<svg") == 3 and "<img" not in page
    for title in ("Arrests by year", "Tier placements in the US TIP Report", "The law-enforcement pipeline by year"):
        assert title in page
    arrests = page[page.index("<svg"):page.index("</svg>")]
    assert ">95*<" in arrests.replace(" ", "") or "95*" in arrests
    assert facts.factsheet(charts=()).count("<svg") == 0
