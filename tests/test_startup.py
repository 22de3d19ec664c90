"""Start-up budget: the fast path imports neither typer, rich nor pydantic, and prints what the typer app prints."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from laos_tip import fast

from conftest import clean_env

#: Runs the console-script entry point, then reports which heavy modules were imported.
PROBE = """
import json, sys
sys.argv = ["laos-tip", *json.loads(sys.argv[1])]
from laos_tip.fast import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"typer", "rich", "pydantic", "click"})
sys.stderr.write("\\nIMPORTED:" + json.dumps(heavy) + "\\n")
"""


def imported(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                            env=clean_env())
    marker = result.stderr.rsplit("IMPORTED:", 1)
    assert len(marker) == 2, result.stderr
    return json.loads(marker[1])


@pytest.mark.parametrize("args", [("get", "arrests"), ("get", "arrests_per_case"), ("ratios", "--json"),
                                  ("partners", "--json"), ("summary", "--json"), ("ratios", "--format", "csv"),
                                  ("check",), ("check", "--json")])
def test_script_paths_import_no_heavy_module(args: tuple[str, ...]) -> None:
    assert imported(*args) == []


def test_tables_import_rich_but_not_typer() -> None:
    assert imported("summary") == ["rich"]


def test_everything_else_goes_to_typer() -> None:
    assert "typer" in imported("get", "--help")
    assert "typer" in imported("trend", "arrests", "--json")


@pytest.mark.parametrize("argv", [
    ["get", "arrests"], ["get", "arrests", "--json"], ["get", "--year", "2023", "arrests"], ["get", "arrests", "-y", "2023"],
    ["get", "arrests_per_case"], ["get", "minor_victim_share", "--year=2021"], ["get", "arests"], ["get", "cases", "--year", "2023"],
    ["summary"], ["summary", "--json"], ["summary", "--year", "2021", "--format", "markdown"],
    ["ratios", "--json"], ["ratios", "-f", "tsv"], ["ratios", "--format=csv", "--year", "2021"],
    ["partners", "--json"], ["partners"], ["partners", "--year", "1999"],
    ["summary", "--details"], ["ratios", "-d", "--year", "2021"], ["partners", "-d", "--json"],
    ["check"], ["check", "--json"], ["check", "tests/conftest.py"], ["check", "--facts", "no-such-file.yaml"],
])
def test_fast_path_prints_what_the_typer_app_prints(runner, argv: list[str]) -> None:  # type: ignore[no-untyped-def]
    from laos_tip.cli import app

    request = fast.parse(argv)
    assert request is not None, argv
    through_fast = subprocess.run([sys.executable, "-m", "laos_tip", *argv], capture_output=True, text=True,
                                  env=clean_env())
    through_typer = runner.invoke(app, argv)
    assert through_fast.returncode == through_typer.exit_code
    assert through_fast.stdout == through_typer.stdout
    assert through_fast.stderr == through_typer.stderr


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["get"], ["get", "--help"], ["get", "a", "b"], ["get", "arrests", "--year"],
    ["get", "arrests", "--year", "soon"], ["get", "arrests", "--format", "csv"], ["summary", "--json", "--format", "csv"],
    ["summary", "--year", "2024", "--year", "2023"], ["summary", "--nope"], ["ratios", "--format", "xml"],
    ["trend", "arrests"], ["get", "--", "arrests"], ["summary", "-h"], ["check", "a.yaml", "b.yaml"],
    ["check", "--year", "2024"], ["summary", "-d", "--details"], ["get", "arrests", "--details"],
])
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv) is None


def test_fast_path_reads_the_environment_like_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAOS_TIP_FACTS", "/some/file.yaml")
    assert fast.parse(["get", "arrests"]).facts == "/some/file.yaml"  # type: ignore[union-attr]
    assert fast.parse(["get", "arrests", "--facts", "x.yaml"]).facts == "x.yaml"  # type: ignore[union-attr]
    monkeypatch.setenv("LAOS_TIP_FACTS", "")
    assert fast.parse(["get", "arrests"]).facts is None  # type: ignore[union-attr]
