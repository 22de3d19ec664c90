"""Start-up budget: each command imports only what it uses (no typer on the fast path, rich only for tables)."""

from __future__ import annotations

import pytest

from conftest import all_imported

pytestmark = pytest.mark.slow  # import budgets, each a process of its own: run with pytest -m slow

#: Modules that cost start-up time and that only some commands need.
#: laos_tip.cli.app is the typer app, laos_tip.factfile.validate the validator, laos_tip.views the views package.
WATCHED = {"typer", "click", "rich", "pydantic", "shellingham", "sqlite3", "laos_tip.cli.app", "laos_tip.export",
           "laos_tip.views", "laos_tip.factfile.validate", "openpyxl", "matplotlib", "PIL", "numpy"}


def imported(*args: str) -> set[str]:
    """The watched modules (top-level package, or laos_tip module) that ``laos-tip ARGS`` imports."""
    return {name.split(".")[0] if not name.startswith("laos_tip") else name for name in all_imported(*args)} & WATCHED


SCRIPTS = {"laos_tip.views", "laos_tip.factfile.validate"}  # every command that reads figures builds views from a checked file
#: argv -> exactly the watched modules it may import.
BUDGET: list[tuple[tuple[str, ...], set[str]]] = [
    (("get", "arrests"), SCRIPTS),
    (("get", "arrests", "cases", "--format", "tsv"), SCRIPTS),
    (("get", "arrests_per_case", "--json"), SCRIPTS),
    (("ratios", "--json"), SCRIPTS),
    (("partners", "--json"), SCRIPTS),
    (("summary", "--json"), SCRIPTS),
    (("ratios", "--format", "csv"), SCRIPTS),
    (("ratios", "--format", "jsonl", "--fields", "key,value"), SCRIPTS),
    (("get", "arrests", "cases", "--format", "csv"), SCRIPTS),
    (("get", "arrests", "--format", "jsonl"), SCRIPTS),
    (("trend", "arrests", "--json"), SCRIPTS),
    (("compare", "2023", "2024", "--json"), SCRIPTS),
    (("tier", "--json"), SCRIPTS),
    (("keys", "--json"), SCRIPTS),
    (("sources", "--json"), SCRIPTS),
    (("sources", "--bibtex"), SCRIPTS),
    (("check",), SCRIPTS),
    (("check", "--json"), SCRIPTS),
    (("schema",), set()),
    (("summary",), SCRIPTS | {"rich"}),
    (("trend", "arrests"), SCRIPTS | {"rich"}),
    (("tier",), SCRIPTS | {"rich"}),
]


@pytest.mark.parametrize(("args", "allowed"), BUDGET, ids=[" ".join(a) for a, _ in BUDGET])
def test_each_command_imports_only_what_it_uses(args: tuple[str, ...], allowed: set[str]) -> None:
    assert imported(*args) == allowed


def test_export_loads_sqlite_only_for_a_sqlite_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert imported("export", str(tmp_path / "out.sqlite")) == SCRIPTS | {"laos_tip.export", "sqlite3"}
    assert imported("export", str(tmp_path / "out.json")) == SCRIPTS | {"laos_tip.export"}
    assert imported("export", str(tmp_path / "out.csv")) == SCRIPTS | {"laos_tip.export"}
    # The spreadsheet library loads for a spreadsheet only (every other command's budget above leaves it out).
    # openpyxl itself imports Pillow and NumPy when they are installed (matplotlib brings both): on this path only.
    assert imported("export", str(tmp_path / "out.xlsx")) - {"PIL", "numpy"} == SCRIPTS | {"laos_tip.export",
                                                                                        "openpyxl"}


#: The export modules that only some formats need, each loaded on its own path.
FORMAT_ONLY = {"laos_tip.export.datasette", "laos_tip.export.metadata", "laos_tip.export.package",
               "laos_tip.export.xlsx", "sqlite3", "openpyxl"}


@pytest.mark.parametrize(("name", "needed"), [
    ("out.json", set()),
    ("out.csv", set()),
    ("out.sqlite", {"sqlite3", "laos_tip.export.datasette", "laos_tip.export.metadata"}),
    ("out.xlsx", {"openpyxl", "laos_tip.export.xlsx", "laos_tip.export.metadata"}),
    ("package/datapackage.json", {"laos_tip.export.package", "laos_tip.export.metadata"}),
])
def test_each_export_format_loads_only_its_own_modules(tmp_path, name: str, needed: set[str]) -> None:  # type: ignore[no-untyped-def]
    """A JSON export imports neither the Datasette metadata module nor sqlite3 nor openpyxl (nor the Data
    Package or spreadsheet code): each loads only for the format that uses it, and the export is written."""
    names = all_imported("export", str(tmp_path / name))
    assert (tmp_path / name).exists()
    assert names & FORMAT_ONLY == needed


def test_datasette_metadata_loads_the_datasette_module(tmp_path) -> None:  # type: ignore[no-untyped-def]
    names = all_imported("export", str(tmp_path / "out.sqlite"), "--datasette-metadata")
    assert (tmp_path / "out.metadata.json").exists()
    assert names & FORMAT_ONLY == {"sqlite3", "laos_tip.export.datasette", "laos_tip.export.metadata"}


def test_only_a_chart_loads_the_plotting_library(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """summary (JSON and table), --help and every command of BUDGET never import matplotlib (WATCHED has it);
    chart does, but not to refuse a name it cannot write, before anything is drawn."""
    for args in (("summary", "--json"), ("summary",), ("--help",), ("chart", "--help")):
        assert not {"matplotlib", "PIL", "numpy"} & imported(*args), args
    assert {"matplotlib", "laos_tip.export"} <= imported("chart", "arrests", "-o", str(tmp_path / "a.svg"))
    (tmp_path / "kept.svg").write_text("kept")
    for refused in (tmp_path / "a.gif", tmp_path / "kept.svg"):
        assert "matplotlib" not in imported("chart", "arrests", "-o", str(refused))


@pytest.mark.parametrize("args", [("--help",), ("get", "--help"), ("get",), ("summary", "--year", "2_024"),
                                  ("--show-completion", "bash"), ("ratios", "--json", "--format", "csv")])
def test_help_and_usage_errors_go_to_typer(args: tuple[str, ...]) -> None:
    assert {"typer", "laos_tip.cli.app"} <= imported(*args)


@pytest.mark.parametrize("args", [("get", "arrests"), ("ratios", "--json"), ("summary", "--json"), ("check",),
                                  ("trend", "arrests", "--json"), ("ratios", "--format", "csv"),
                                  ("summary", "--format", "jsonl"), ("get", "arrests", "--format", "jsonl")])
def test_scripted_calls_skip_modules_only_other_paths_need(args: tuple[str, ...]) -> None:
    """pathlib (it imports urllib.parse), difflib (suggestions for a misspelt key), csv (CSV output, where
    not asked for), and what only type checkers need: typing, and dataclasses with inspect (laos_tip.core.frozen
    makes the records)."""
    unwanted = {"pathlib", "urllib.parse", "difflib", "typing", "dataclasses", "inspect"}
    if "csv" not in args:
        unwanted.add("csv")
    assert not all_imported(*args) & unwanted


def test_help_reads_no_fact_file_modules() -> None:
    """Help goes to typer: neither PyYAML nor the modules that read, check and show a fact file are loaded."""
    names = all_imported("--help")
    assert "typer" in names
    fact_file_modules = {name for name in names if name == "yaml" or name == "laos_tip.core.model"
                         or name.startswith(("yaml.", "laos_tip.factfile", "laos_tip.views", "laos_tip.render."))}
    # The one render module help needs: the Format enum, whose values are the choices of --format.
    assert fact_file_modules == {"laos_tip.render.formats"}
