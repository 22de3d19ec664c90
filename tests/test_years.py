"""More years and more sources: corroboration, conflicts, trend, compare, tiers and exact or bounded ratios."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from laos_tip import ratios, views
from laos_tip.schema import _number_in_words, json_schema, load
from conftest import FACTS, run_cli


@pytest.fixture(scope="module")
def facts():
    return load(str(FACTS))


def cli_json(*args: str) -> dict[str, Any]:
    """Run the real console script and parse its JSON output."""
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


# --- the data --------------------------------------------------------------------------


def test_every_quote_contains_its_number_as_written(facts):
    for figure in facts.figures:
        assert _number_in_words(figure.as_written) == figure.value, figure
        assert re.search(rf"(?<![\w,.]){re.escape(figure.as_written)}(?!\w)", figure.quote), figure


@pytest.mark.parametrize(("metric", "period", "value", "as_written"), [
    ("arrests", 2023, 27, "27"),
    ("foreign_arrested", 2023, 13, "13"),
    ("female_victims", 2023, 22, "22"),
    ("girls_under_18", 2023, 16, "16"),
    ("foreign_arrested", 2024, 43, "43"),
    ("identified_victims", 2021, 110, "110"),
    ("identified_adult_men", 2021, 5, "five"),
    ("identified_foreign_victims", 2021, 18, "Eighteen"),
    ("identified_foreign_victims", 2020, 0, "no"),
    ("identified_fraudulent_marriage", 2020, 66, "66"),
])
def test_new_figures_are_in_the_file_as_the_sources_write_them(facts, metric, period, value, as_written):
    headline = facts.headline(metric, period)
    assert headline is not None
    assert headline.value == value
    assert headline.figure.as_written == as_written


def test_2023_has_no_case_count_and_no_total_of_victims(facts):
    assert facts.value("cases", 2023) is None
    assert facts.value("victims", 2023) is None


def test_complete_2021_breakdown_adds_up_and_2020_forms_too(facts):
    ages = ("identified_adult_women", "identified_girls", "identified_adult_men", "identified_boys")
    assert sum(facts.value(m, 2021) for m in ages) == facts.value("identified_victims", 2021) == 110
    forms = ("identified_sex_trafficking", "identified_labor_trafficking",
             "identified_fraudulent_marriage", "identified_other_exploitation")
    assert sum(facts.value(m, 2020) for m in forms) == facts.value("identified_victims", 2020) == 142


def test_2021_figure_carries_the_marriage_caveat(facts):
    note = facts.headline("identified_victims", 2021).figure.note
    assert "fraudulent marriage" in note


def test_conflicts_lists_the_contradicted_figures(facts):
    found = {(h.metric.id, h.period): (h.value, [f.value for f in h.contradicting]) for h in facts.conflicts()}
    assert found == {("cases", 2024): (46, [96]), ("arrests", 2024): (95, [119, 122]),
                     ("foreign_arrested", 2024): (43, [81])}
    for headline in facts.conflicts():
        assert {f.source for f in headline.contradicting} <= {"lawalawfirm-2024", "rfa-2025-01-28"}


def test_police_victims_and_identified_victims_are_different_metrics(facts):
    assert facts.relation("victims", "identified_victims") == "counts something else"
    assert facts.relation("identified_victims", "victims") == "counts something else"
    assert facts.relation("victims", "female_victims") == "is a part of it"
    assert facts.relation("girls_under_18", "victims") == "is the whole it is a part of"
    assert facts.relation("arrests", "cases") is None


# --- the validator ----------------------------------------------------------------------


def _metric(data: dict[str, Any], metric_id: str) -> dict[str, Any]:
    return next(m for m in data["metrics"] if m["id"] == metric_id)


def test_parts_in_one_breakdown_cannot_exceed_their_whole(facts_data, write_facts):
    for figure in facts_data["figures"]:
        if figure["metric"] == "identified_girls":
            figure["value"] = 80
            figure["quote"] = figure["quote"].replace("62 girls", "80 girls")
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "part-exceeds-whole" not in done.stderr  # the code is for check; the message says it
    assert "larger than identified_victims (110)" in done.stderr
    assert "breakdown 'sex_and_age'" in done.stderr


def test_parts_below_a_whole_without_figure_still_count(facts_data, write_facts):
    # girls_under_18 is a part of female_victims, itself a part of victims.
    for figure in facts_data["figures"]:
        if figure["metric"] == "girls_under_18" and figure["period"] == 2024 and figure["source"] == "xinhua-2025-01-30":
            figure["value"] = 95
            figure["quote"] = figure["quote"].replace("40 girls", "95 girls")
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "female_victims (at least 95, from girls_under_18)" in done.stderr
    assert "larger than victims (85)" in done.stderr


def test_part_of_cycle_is_refused(facts_data, write_facts):
    _metric(facts_data, "victims")["part_of"] = "girls_under_18"
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "part of itself" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_not_comparable_with_is_refused(facts_data, write_facts):
    _metric(facts_data, "identified_victims")["not_comparable_with"] = ["victim"]
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "did you mean 'victims'" in done.stderr


def test_undated_source_needs_a_date_note(facts_data, write_facts):
    source = next(s for s in facts_data["sources"] if s["id"] == "lawalawfirm-2024")
    del source["date_note"]
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "date_note" in done.stderr


def test_tier_quote_must_state_the_placement(facts_data, write_facts):
    tier_2024 = next(t for t in facts_data["tiers"] if t["report_year"] == 2024)
    tier_2024["placement"] = "Tier 2"  # the quote says Tier 2 Watch List
    done = run_cli("tier", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "does not state 'Tier 2'" in done.stderr


def test_carried_by_must_be_urls(facts_data, write_facts):
    facts_data["sources"][1]["carried_by"] = ["aseanews"]
    done = run_cli("summary", "--facts", str(write_facts(facts_data)))
    assert done.returncode == 1
    assert "carried_by" in done.stderr


def test_json_schema_declares_the_new_fields():
    schema = json_schema()["properties"]
    assert "tiers" in schema
    source = schema["sources"]["items"]
    assert "date" not in source["required"]
    assert source["properties"]["carried_by"]["items"]["pattern"].startswith("^https?")
    metric = schema["metrics"]["items"]["properties"]
    assert {"breakdown", "not_comparable_with"} <= set(metric)
    tier = schema["tiers"]["items"]
    assert "Tier 2 Watch List" in tier["properties"]["placement"]["enum"]


# --- trend -------------------------------------------------------------------------------


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
    assert "█" * views.BAR_WIDTH in row_2024
    assert row_2023.count("█") == 27 * views.BAR_WIDTH // 95


def test_bar_is_proportional():
    assert views.bar(95, 95) == "█" * views.BAR_WIDTH
    assert views.bar(0, 95) == ""
    assert views.bar(1, 8, width=1) == "▏"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown"])
def test_trend_bar_is_for_the_terminal_only(fmt):
    done = run_cli("trend", "arrests", "--format", fmt)
    assert done.returncode == 0, done.stderr
    assert "█" not in done.stdout
    assert "vientiane-times-2025-01" in done.stdout


def test_trend_csv_has_one_row_per_year():
    done = run_cli("trend", "arrests", "--format", "csv")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("period,value,unit,claims,source_count,independent_source_count,contradicted_by")
    assert [line.split(",")[:2] for line in lines[1:]] == [["2023", "27"], ["2024", "95"]]


def test_trend_names_lookalike_metrics_without_mixing_them():
    document = cli_json("trend", "victims", "--json")
    assert [v["period"] for v in document["values"]] == [2024]
    assert "identified_victims" in {m["key"] for m in document["not_included"]}


def test_trend_unknown_metric_suggests(invoke):
    done = run_cli("trend", "arests")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == "laos-tip: error: unknown metric 'arests'; did you mean 'arrests'? ('laos-tip keys' lists them all)\n"
    result = invoke("trend", "arests")
    assert result.exit_code == 1


def test_trend_of_a_metric_without_figures_is_an_error():
    done = run_cli("trend", "boys_under_18")
    assert done.returncode == 1
    assert "no figures for boys_under_18" in done.stderr


# --- compare -----------------------------------------------------------------------------


def test_compare_2023_2024_compares_like_with_like():
    document = cli_json("compare", "2023", "2024", "--json")
    assert document["years"] == [2023, 2024]
    compared = {c["key"]: c for c in document["compared"]}
    assert set(compared) == {"arrests", "foreign_arrested", "girls_under_18"}
    assert (compared["arrests"]["earlier"]["value"], compared["arrests"]["later"]["value"]) == (27, 95)
    assert compared["arrests"]["change"] == 68
    assert compared["arrests"]["relative_change"] == 68 / 27
    assert compared["foreign_arrested"]["change"] == 30
    not_compared = {c["key"]: c for c in document["not_compared"]}
    assert not_compared["victims"]["period"] == 2024
    assert not_compared["female_victims"]["period"] == 2023
    assert [r["key"] for r in not_compared["victims"]["related"]] == ["female_victims"]
    assert not_compared["cases"]["reason"] == "only in 2024"


def test_compare_table_in_process_lists_one_year_metrics_apart(invoke):
    result = invoke("compare", "2024", "2023")  # any order: the change runs from earlier to later
    assert result.exit_code == 0, result.output
    arrests = next(line for line in result.output.splitlines() if "│ arrests " in line)
    assert "+68" in arrests and "+251.9%" in arrests and "compared" in arrests
    victims = next(line for line in result.output.splitlines() if "│ victims " in line)
    assert "only in 2024" in victims and "not compared" in victims


def test_compare_relative_change_is_null_from_zero():
    document = cli_json("compare", "2020", "2021", "--json")
    foreign = next(c for c in document["compared"] if c["key"] == "identified_foreign_victims")
    assert (foreign["change"], foreign["relative_change"]) == (18, None)
    done = run_cli("compare", "2020", "2021")
    row = next(line for line in done.stdout.splitlines() if "identified_foreign_victims" in line)
    assert "n/a" in row


def test_compare_police_and_tip_years_compares_nothing():
    document = cli_json("compare", "2021", "2024", "--json")
    assert document["compared"] == []
    identified = next(c for c in document["not_compared"] if c["key"] == "identified_victims")
    assert {"key": "victims", "label": "Victims in recorded cases", "period": 2024,
            "relation": "counts something else"} in identified["related"]


def test_compare_errors():
    same = run_cli("compare", "2024", "2024")
    assert same.returncode == 2
    assert "two different years" in same.stderr
    missing = run_cli("compare", "2019", "2024")
    assert missing.returncode == 1
    assert missing.stderr == "laos-tip: error: no figures for 2019; years with figures: 2016, 2017, 2018, 2020, 2021, 2023, 2024\n"


# --- ratios ------------------------------------------------------------------------------


def _minor_share(document: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in document["ratios"] if r["key"] == "minor_victim_share")


def test_minor_share_is_exact_for_2021():
    share = _minor_share(cli_json("ratios", "--year", "2021", "--json"))
    assert share["value"] == (62 + 13) / 110
    assert share["bound"] == "exact"
    assert share["denominator_value"] == 110
    assert [(t["role"], t["key"]) for t in share["terms"]] == [
        ("numerator", "identified_girls"), ("numerator", "identified_boys"), ("denominator", "identified_victims")]
    # The formula is the one of the variant used, not the main definition's.
    assert share["formula"] == "(identified girls + identified boys) / victims identified by the government"
    assert "complete" in share["caveats"][0]


def test_minor_share_is_a_lower_bound_for_2024():
    share = _minor_share(cli_json("ratios", "--year", "2024", "--json"))
    assert share["value"] == 40 / 85
    assert share["bound"] == "lower"
    assert [t["key"] for t in share["terms"] if t["role"] == "denominator"] == ["victims"]
    assert share["formula"] == "(girls under 18 + boys under 18) / victims"


def test_minor_share_table_labels_the_bound(invoke):
    exact = next(line for line in invoke("ratios", "-y", "2021").output.splitlines() if "Share of minor" in line)
    assert "68.2%" in exact and "exact" in exact and "≥" not in exact
    lower = next(line for line in invoke("ratios").output.splitlines() if "Share of minor" in line)
    assert "≥ 47.1%" in lower and "lower bound" in lower


def test_minor_share_without_figures_says_why(facts):
    share = ratios.compute(ratios.definition("minor_victim_share"), facts, 2023)
    assert share.value is None
    assert share.reason == "no figure for victims in recorded cases in 2023"


# --- summary and tiers -------------------------------------------------------------------


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


def test_tier_shows_the_2024_watch_list():
    document = cli_json("tier", "--json")
    tiers = {t["report_year"]: t for t in document["tiers"]}
    assert tiers[2024]["placement"] == "Tier 2 Watch List"
    assert tiers[2024]["movement"] == "downgraded"
    assert tiers[2024]["source"] == "ecoi-tip-2024-laos"
    assert tiers[2022]["placement"] == tiers[2023]["placement"] == "Tier 2"
    assert {s["id"] for s in document["sources"]} == {
        "refworld-tip-2016-laos", "refworld-tip-2017-laos", "usdos-tip-2018-laos", "usdos-tip-2019-laos",
        "ecoi-tip-2020-laos", "ecoi-tip-2021-laos", "usdos-tip-2022-laos", "gvnet-tip-2023-laos", "ecoi-tip-2024-laos"}


def test_tier_table_in_process(invoke):
    result = invoke("tier")
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if "│ 2024 " in line)
    assert "Tier 2 Watch List" in row and "ecoi-tip-2024-laos" in row


def test_machine_output_of_new_commands_does_not_load_rich():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from laos_tip.cli import main\n"
        "for args in (['trend', 'arrests', '--json'], ['compare', '2023', '2024', '--format', 'csv'], ['tier', '--json']):\n"
        "    sys.argv = ['laos-tip', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as end:\n"
        "        assert not end.code, end.code\n"
        "sys.stderr.write(str('rich' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "False"
