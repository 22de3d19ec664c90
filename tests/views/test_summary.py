"""``laos-tip summary``: headline figures, the sources behind them and the conflicts between them."""

from __future__ import annotations


import pytest

from conftest import cli_json


def test_summary_2024_shows_backing_and_flags_the_conflict():
    document = cli_json("summary", "--json")
    assert document["period"] == 2024
    figures = {f["key"]: f for f in document["figures"]}
    assert figures["cases"]["value"] == 46
    assert len(figures["cases"]["claims"]) == 4 and figures["cases"]["source_count"] == 4
    assert figures["cases"]["independent_source_count"] == 3
    assert [(c["source"], c["value"]) for c in figures["cases"]["contradicted_by"]] == [("lawalawfirm-2024", 96)]
    assert [c["value"] for c in figures["arrests"]["contradicted_by"]] == [119, 122]


def test_summary_table_shows_three_sources_and_96(invoke):
    result = invoke("summary")
    assert result.exit_code == 0
    cases = next(line for line in result.output.splitlines() if "│ cases " in line)
    cells = [cell.strip() for cell in cases.split("│")]
    assert cells[3] == "46" and cells[6] == "4 (3 independent)" and cells[7] == "lawalawfirm-2024: 96"
    assert "Source (reliability: low): lawalawfirm.org, undated" in result.output


@pytest.mark.parametrize("command", ["summary", "ratios", "partners"])
def test_default_year_stays_2024(command):
    assert cli_json(command, "--json")["period"] == 2024
