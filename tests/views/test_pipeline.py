"""'laos-tip pipeline': the law-enforcement stages year by year, gaps as gaps, caveats as numbered notes."""

from __future__ import annotations

import csv
import io
import json
import re

from conftest import FACTS, console_script, run_main
from laos_tip.factfile.pipeline import load
from terminals import plain, run_in_pty
from laos_tip.views import pipeline as views_pipeline

FACTBASE = load(str(FACTS))
STAGES = ["incidents_investigated", "cases_opened", "prosecutions_cases", "convictions_cases",
          "traffickers_convicted", "investigations_ongoing"]
EXPECTED = {
    2014: [None, None, None, None, 21, None],  # a copy of the 2015 report gives only the traffickers convicted
    2016: [None, None, 11, 6, None, 19],
    2017: [69, 44, 13, 8, None, 29],
    2018: [39, 26, 12, 11, 27, 18],
}


def test_the_json_gives_every_stage_and_null_for_a_gap() -> None:
    document = json.loads(run_main("pipeline", "--json").stdout)
    assert document["command"] == "pipeline" and document["output_version"] == 2
    assert [s["key"] for s in document["stages"]] == STAGES
    assert {s["key"]: s["unit"] for s in document["stages"]}["traffickers_convicted"] == "persons"
    assert {y["period"]: [y[k] for k in STAGES] for y in document["years"]} == EXPECTED
    notes_2018 = " ".join(document["years"][-1]["notes"])
    assert "In nine cases it was unclear if they met the definition of human trafficking" in notes_2018
    # The inferred 0 of the 2023 report is apart, never a year's value.
    assert [(a["key"], a["value"], a["period_inferred"]) for a in document["apart"]] == [
        ("traffickers_convicted", 0, True)]


def test_csv_has_empty_cells_for_gaps_never_zero() -> None:
    rows = list(csv.DictReader(io.StringIO(run_main("pipeline", "--format", "csv").stdout)))
    assert [r["period"] for r in rows] == ["2014", "2016", "2017", "2018"]
    assert rows[0]["traffickers_convicted"] == "21" and rows[0]["prosecutions_cases"] == ""  # 2014: one stage only
    assert rows[1]["incidents_investigated"] == "" and rows[1]["traffickers_convicted"] == ""
    assert rows[1]["prosecutions_cases"] == "11"
    tsv = run_main("pipeline", "--format", "tsv").stdout.splitlines()
    assert tsv[0].split("\t")[:3] == ["period", "incidents_investigated", "cases_opened"]
    markdown = run_main("pipeline", "--format", "markdown").stdout
    assert "| 2016 | — | — | 11 | 6 | — | 19 |" in markdown


def test_the_installed_script_at_80_columns_shows_every_stage_and_the_2018_note() -> None:
    raw = run_in_pty([console_script(), "pipeline"])
    out = plain(raw)
    lines = out.rstrip("\n").split("\n")
    assert all(len(line) <= 80 or re.fullmatch(r"\s*https?://\S+", line) for line in lines), out
    assert "Left out at this width" not in out
    for header in ("investigated", "opened", "prosecuted", "convicted", "year end"):
        assert header in out
    row_2016 = next(line for line in lines if line.startswith("2016"))
    assert [cell.strip() for cell in row_2016.split("│")[1:]] == ["—", "—", "11", "6", "—", "19"]
    assert "a gap, not 0" in " ".join(out.split())
    assert "A note on the figures of 2018; --details." in out and "[1]" not in out
    detailed = plain(run_in_pty([console_script(), "pipeline", "--details"]))
    assert next(line for line in detailed.split("\n") if line.startswith("2018")).startswith("2018 [1]")
    assert "[1] Notes:" in detailed and "forced or fraudulent marriage" in " ".join(detailed.split())


def test_typer_runner_and_the_view_agree(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("pipeline", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["years"] == views_pipeline.pipeline(FACTBASE).rows


def test_a_file_without_the_series_is_an_error_in_one_line(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    facts_data["figures"] = [f for f in facts_data["figures"] if f["metric"] not in STAGES]
    result = run_main("pipeline", "--facts", str(write_facts(facts_data)))
    assert result.returncode == 1
    assert result.stderr.startswith("laos-tip: error: no figures for the law-enforcement pipeline")
    assert "Traceback" not in result.stderr
