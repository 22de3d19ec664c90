"""``laos-tip trend``: one metric over the years, its bar, and the look-alike metrics it leaves out."""

from __future__ import annotations


import pytest

from conftest import cli_json, run_main
from laos_tip.views import trend as views_trend


def test_trend_arrests_json_through_the_console_script():
    document = cli_json("trend", "arrests", "--json")
    assert document["command"] == "trend"
    values = {v["period"]: v for v in document["values"]}
    assert values[2023]["value"] == 27
    assert [c["source"] for c in values[2023]["claims"]] == ["vientiane-times-2025-01"]
    assert values[2024]["value"] == 95
    assert values[2024]["source_count"] == 4 and values[2024]["contradicted"] is True
    assert values[2024]["independent_source_count"] == 3
    assert {c["source"] for c in values[2024]["claims"]} == {
        "xinhua-2025-01-30", "vientiane-times-2025-01", "laotian-times-2025-01-30", "ians-lokmat-2025-08-06"}
    assert [(c["source"], c["value"]) for c in values[2024]["contradicted_by"]] == [
        ("lawalawfirm-2024", 119), ("rfa-2025-01-28", 122)]


def test_trend_arrests_table_in_process(invoke):
    result = invoke("trend", "arrests")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    row_2023 = next(line for line in lines if "│ 2023 " in line)
    row_2024 = next(line for line in lines if "│ 2024 " in line)
    assert " 27 " in row_2023 and "vientiane-times-2025-01" in row_2023
    assert " 95 " in row_2024 and "xinhua-2025-01-30" in row_2024 and "lawalawfirm-2024: 119" in row_2024
    # The bar of the largest value is the full width; 27 gets a proportionally shorter one.
    assert "█" * views_trend.BAR_WIDTH in row_2024
    assert row_2023.count("█") == 27 * views_trend.BAR_WIDTH // 95


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown"])
def test_trend_bar_is_for_the_terminal_only(fmt):
    done = run_main("trend", "arrests", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert "█" not in done.stdout
    assert "vientiane-times-2025-01" in done.stdout


def test_trend_csv_has_one_row_per_year():
    done = run_main("trend", "arrests", "--format", "csv")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("period,value,unit,claims,source_count,independent_source_count,contradicted_by")
    assert [line.split(",")[:2] for line in lines[1:]] == [["2023", "27"], ["2024", "95"]]


def test_trend_names_lookalike_metrics_without_mixing_them():
    document = cli_json("trend", "victims", "--json")
    assert [v["period"] for v in document["values"]] == [2024]
    assert "identified_victims" in {m["key"] for m in document["not_included"]}


def test_trend_unknown_metric_suggests(invoke):
    done = run_main("trend", "arests")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "laos-tip: error: unknown metric 'arests'; did you mean 'arrests'? ('laos-tip keys' lists them all)\n"
    result = invoke("trend", "arests")
    assert result.exit_code == 1


def test_trend_of_a_metric_without_figures_is_an_error():
    done = run_main("trend", "boys_under_18")
    assert done.returncode == 1
    assert "no figures for boys_under_18" in done.stderr
