"""The TIP Report's law-enforcement series (2016-2018), the tier history 2016-2024 and every report
of the 2024 figures: each value, period, source and sentence pinned, and how the commands show them.

The sentences below are copied from the sources; a test fails if the fact file changes one of them.
"""

from __future__ import annotations

import csv
import datetime
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import cli_json, run_main

TIP_2019 = "usdos-tip-2019-laos"
RFA = "rfa-2025-01-28"
LAWA = "lawalawfirm-2024"
VT = "vientiane-times-2025-01"

INCIDENTS = ("In 2018, the Anti-Trafficking Department (ATD) within the Ministry of Public Security (MOPS) reported "
             "investigating 39 incidents (69 in 2017), culminating in the opening of 26 trafficking cases (44 in 2017).")
ONGOING = "At the end of the year, there were 18 ongoing investigations (29 in 2017, 19 in 2016)."
COURTS = ("Authorities initiated prosecutions in 12 cases against an unknown number of suspected traffickers "
          "(13 cases in 2017, 11 in 2016) and secured convictions against 27 traffickers in 11 cases (convictions "
          "in eight cases in 2017, six in 2016).")
CAVEAT_2018 = ("In nine cases it was unclear if they met the definition of human trafficking; eight of these cases "
               "involved potential forced or fraudulent marriage of Lao women to Chinese men.")
# Each dash is a space, a hyphen-minus, an en dash (U+2013) and a space, as in the source.
RFA_RESCUED = ("The news of the rescue came as the government announced that a total of 107 human trafficking "
               "victims -\u2013 including 59 under the age of 18 -\u2013 were rescued in 2024.")
RFA_ARRESTS = ("The figures were announced Monday by the Lao National Committee of Anti-Human Trafficking, which "
               "also said that 122 people were arrested on trafficking charges last year, about half of whom were "
               "from Vietnam or China.")
VT_RETURNED = ("In 2024, 127 people attended counselling sessions at protection centres set up to assist women and "
               "children, while 104 females returned to their families")
LAWA_SUSPECTS = ("According to the Lao Security News, officers from the Police Department for the Prevention and "
                 "Combating of Human Trafficking received 96 reports and complaints related to human trafficking "
                 "that involved 119 suspects, 29 of whom were women, and 81 foreign nationals, including 10 women.")

#: metric, period, value, source, number as the sentence writes it, sentence.
NEW_FIGURES = [
    ("incidents_investigated", 2018, 39, TIP_2019, "39", INCIDENTS),
    ("incidents_investigated", 2017, 69, TIP_2019, "69", INCIDENTS),
    ("cases_opened", 2018, 26, TIP_2019, "26", INCIDENTS),
    ("cases_opened", 2017, 44, TIP_2019, "44", INCIDENTS),
    ("investigations_ongoing", 2018, 18, TIP_2019, "18", ONGOING),
    ("investigations_ongoing", 2017, 29, TIP_2019, "29", ONGOING),
    ("investigations_ongoing", 2016, 19, TIP_2019, "19", ONGOING),
    ("prosecutions_cases", 2018, 12, TIP_2019, "12", COURTS),
    ("prosecutions_cases", 2017, 13, TIP_2019, "13", COURTS),
    ("prosecutions_cases", 2016, 11, TIP_2019, "11", COURTS),
    ("convictions_cases", 2018, 11, TIP_2019, "11", COURTS),
    ("convictions_cases", 2017, 8, TIP_2019, "eight", COURTS),
    ("convictions_cases", 2016, 6, TIP_2019, "six", COURTS),
    ("traffickers_convicted", 2018, 27, TIP_2019, "27", COURTS),
    ("arrests", 2024, 122, RFA, "122", RFA_ARRESTS),
    ("victims_rescued", 2024, 107, RFA, "107", RFA_RESCUED),
    ("victims_rescued_under_18", 2024, 59, RFA, "59", RFA_RESCUED),
    ("females_reunited", 2024, 104, VT, "104", VT_RETURNED),
    ("foreign_arrested", 2024, 81, LAWA, "81", LAWA_SUSPECTS),
    ("female_arrested", 2024, 29, LAWA, "29", LAWA_SUSPECTS),
    ("foreign_female_arrested", 2024, 10, LAWA, "10", LAWA_SUSPECTS),
]

LAW_ENFORCEMENT = {  # metric: unit, the police metrics of 2023-2024 it must never be compared with
    "incidents_investigated": ("incidents", {"cases"}),
    "cases_opened": ("cases", {"cases"}),
    "investigations_ongoing": ("investigations", {"cases", "incidents_investigated"}),
    "prosecutions_cases": ("cases", {"cases", "arrests"}),
    "convictions_cases": ("cases", {"cases", "arrests", "traffickers_convicted"}),
    "traffickers_convicted": ("persons", {"arrests", "convictions_cases"}),
}

#: report year: placement, source, the sentence (or heading) that states it, release date shown by the source.
TIERS = {
    # 2001-2015: the verified research of issue 20 (the report's heading where no sentence names the tier).
    2001: ("Tier 2", "refworld-tip-2001-laos", "Laos (Tier 2)", None),
    2002: ("Tier 2", "refworld-tip-2002-laos", "Laos (Tier 2)", datetime.date(2002, 6, 5)),
    2003: ("Tier 2", "refworld-tip-2003-laos", "Laos (Tier 2)", datetime.date(2003, 6, 11)),
    2004: ("Tier 2 Watch List", "refworld-tip-2004-laos",
           "Laos' placement on Tier 2 Watch List reflects the lack of evidence of increasing Lao government efforts "
           "to prosecute traffickers and to provide adequate protection for victims.", datetime.date(2004, 6, 14)),
    2005: ("Tier 2", "refworld-tip-2005-laos", "Laos (Tier 2)", datetime.date(2005, 6, 3)),
    2006: ("Tier 3", "refworld-tip-2006-laos", "Laos (Tier 3)", None),
    2007: ("Tier 2", "refworld-tip-2007-laos",
           "The Government of Laos is placed on Tier 2 because of its improved efforts over the past year and its "
           "greater transparency in regard to its anti-trafficking law enforcement efforts.", None),
    2009: ("Tier 2", "gvnet-tip-2009-laos",
           "LAOS (TIER 2)   [Extracted from U.S. State Dept Trafficking in Persons Report, June 2009]", None),
    2011: ("Tier 2", "khampoua-tip-2011-laos", "Trafficking in Persons Report 2011- LAOS (Tier 2)", None),
    2012: ("Tier 2", "refworld-tip-2012-laos", "LAOS (Tier 2)", datetime.date(2012, 6, 19)),
    2013: ("Tier 2", "refworld-tip-2013-laos", "LAOS (Tier 2)", None),
    2014: ("Tier 2 Watch List", "refworld-tip-2014-laos", "LAOS (Tier 2 Watch List)", datetime.date(2014, 6, 20)),
    2015: ("Tier 2 Watch List", "refworld-tip-2015-laos", "LAOS: Tier 2 Watch List", None),
    2016: ("Tier 2 Watch List", "refworld-tip-2016-laos", "LAOS: Tier 2 Watch List", datetime.date(2016, 6, 30)),
    2017: ("Tier 2 Watch List", "refworld-tip-2017-laos",
           "Therefore, Laos remained on Tier 2 Watch List for the fourth consecutive year.", datetime.date(2017, 6, 27)),
    2018: ("Tier 3", "usdos-tip-2018-laos",
           "Although Laos meets the criteria for Tier 2 Watch List, because it has been on Tier 2 Watch List for four "
           "consecutive years, it is no longer eligible for that ranking and was therefore downgraded to Tier 3.", None),
    2019: ("Tier 2 Watch List", TIP_2019,
           "The government made key achievements during the reporting period; therefore Laos was upgraded to Tier 2 "
           "Watch List.", None),
    2020: ("Tier 2", "ecoi-tip-2020-laos",
           "The government demonstrated overall increasing efforts compared to the previous reporting period; "
           "therefore Laos was upgraded to Tier 2.", None),
    2021: ("Tier 2", "ecoi-tip-2021-laos",
           "The government demonstrated overall increasing efforts compared to the previous reporting period, "
           "considering the impact of the COVID-19 pandemic, if any, on its anti-trafficking capacity; therefore Laos "
           "remained on Tier 2.", None),
    2022: ("Tier 2", "usdos-tip-2022-laos",
           "The government demonstrated overall increasing efforts compared to the previous reporting period, "
           "considering the impact of the COVID-19 pandemic on its anti-trafficking capacity; therefore Laos "
           "remained on Tier 2.", datetime.date(2022, 7, 19)),
    2023: ("Tier 2", "gvnet-tip-2023-laos", "therefore Laos remained on Tier 2", None),
    2024: ("Tier 2 Watch List", "ecoi-tip-2024-laos", "Therefore Laos was downgraded to Tier 2 Watch List.",
           datetime.date(2024, 6, 24)),
}
#: The change of each report against the year before; None for the first and after a year without a report.
CHANGES = [None, "same", "same", "downgraded", "upgraded", "downgraded", "upgraded", None, None, "same", "same",
           "downgraded", "same",
           "same", "same", "downgraded", "upgraded", "upgraded", "same", "same", "same", "downgraded"]

#: source id: url, date shown by the page (None: the page shows none), reliability.
NEW_SOURCES = {
    TIP_2019: ("https://www.state.gov/reports/2019-trafficking-in-persons-report-2/laos/", None, "primary"),
    "usdos-tip-2018-laos": ("https://www.state.gov/reports/2018-trafficking-in-persons-report/laos/", None, "primary"),
    "refworld-tip-2017-laos": (
        "https://webarchive.archive.unhcr.org/20191026173202mp_/https://www.refworld.org/publisher,USDOS,,LAO,"
        "5959eca4a,0.html", datetime.date(2017, 6, 27), "secondary"),
    "refworld-tip-2016-laos": (
        "https://webarchive.archive.unhcr.org/20230525095250mp_/https://www.refworld.org/docid/577f95e715.html",
        datetime.date(2016, 6, 30), "secondary"),
    "ecoi-tip-2020-laos": ("https://www.ecoi.net/en/document/2036301.html", None, "secondary"),
    "ecoi-tip-2021-laos": ("https://www.ecoi.net/de/dokument/2055219.html", None, "secondary"),
    RFA: ("https://radiofreeasia-radio-free-asia-prod.web.arc-cdn.net/english/laos/2025/01/28/laos-human-trafficking",
          None, "secondary"),
}


# --- the data ------------------------------------------------------------------------------


@pytest.mark.parametrize(("metric", "period", "value", "source", "as_written", "quote"), NEW_FIGURES)
def test_new_figure_is_pinned(facts, metric, period, value, source, as_written, quote):
    found = [f for f in facts.figures if (f.metric, f.period, f.source) == (metric, period, source)]
    assert len(found) == 1
    figure = found[0]
    assert (figure.value, figure.as_written, figure.quote) == (value, as_written, quote)


def test_the_2019_report_gives_exactly_the_series(facts):
    claimed = {(f.metric, f.period, f.value) for f in facts.figures if f.source == TIP_2019}
    assert claimed == {(m, p, v) for m, p, v, s, _, _ in NEW_FIGURES if s == TIP_2019}


@pytest.mark.parametrize("metric_id", sorted(LAW_ENFORCEMENT))
def test_law_enforcement_metric_says_its_unit_and_what_it_is_not(facts, metric_id):
    unit, apart = LAW_ENFORCEMENT[metric_id]
    metric = facts.metric(metric_id)
    assert (metric.pillar, metric.unit) == ("prosecution", unit)
    assert set(metric.not_comparable_with) == apart
    assert "TIP Report" in metric.description
    assert f"Counted in {unit}" in metric.description
    for other in apart:
        assert facts.relation(metric_id, other) == "counts something else"


def test_prosecutions_are_counted_in_cases_with_defendants_unknown(facts):
    metric = facts.metric("prosecutions_cases")
    assert "an unknown number of suspected traffickers" in metric.description
    assert facts.metric("convictions_cases").unit == "cases" and facts.metric("traffickers_convicted").unit == "persons"


@pytest.mark.parametrize("metric_id", ["convictions_cases", "traffickers_convicted"])
def test_the_2018_conviction_caveat_travels_with_the_figure(facts, metric_id):
    note = facts.headline(metric_id, 2018).figure.note
    assert f'"{CAVEAT_2018}"' in note
    assert "nine cases" in facts.metric(metric_id).caveat
    # 2016 and 2017 carry no such sentence: the report says it of 2018 only.
    assert all(f.note is None for f in facts.figures if f.metric == metric_id and f.period != 2018)


@pytest.mark.parametrize("source_id", sorted(NEW_SOURCES))
def test_new_source_is_pinned(facts, source_id):
    url, date, reliability = NEW_SOURCES[source_id]
    source = facts.source(source_id)
    assert (source.url, source.date, source.reliability) == (url, date, reliability)
    assert source.date_note  # how the date was established, or why there is none


def test_no_date_is_taken_from_an_address(facts):
    """A date that only the URL shows is not a date the page states."""
    for source_id in (RFA, TIP_2019, "usdos-tip-2018-laos", "ecoi-tip-2020-laos", "ecoi-tip-2021-laos"):
        source = facts.source(source_id)
        assert source.date is None and "undated" in source.citation


def test_rfa_dashes_are_the_source_characters():
    assert RFA_RESCUED.count(" -\u2013 ") == 2


def test_rescued_is_a_metric_of_its_own(facts):
    rescued, under_18 = facts.metric("victims_rescued"), facts.metric("victims_rescued_under_18")
    assert "victims" in rescued.not_comparable_with
    assert '"the rescue"' in rescued.description and "no count of cases" in rescued.description
    assert (under_18.part_of, under_18.breakdown) == ("victims_rescued", "age")
    assert facts.relation("victims_rescued", "victims") == "counts something else"
    assert facts.relation("victims_rescued_under_18", "girls_under_18") == "counts something else"
    assert facts.value("victims", 2024) == 85  # the 107 never replaces the victims in recorded cases


def test_returned_and_reunited_are_one_metric(facts):
    metric = facts.metric("females_reunited")
    assert "reunited with their families" in metric.description and "returned to" in metric.description
    headline = facts.headline("females_reunited", 2024)
    assert headline.value == 104 and not headline.contradicting
    assert {f.source for f in headline.backing} == {"xinhua-2025-01-30", VT, "ians-lokmat-2025-08-06"}
    assert headline.independent_source_count == 2  # IANS republishes Xinhua


def test_lawalawfirm_parts_belong_to_its_own_whole(facts):
    assert (facts.metric("female_arrested").part_of, facts.metric("female_arrested").breakdown) == ("arrests", "sex")
    assert facts.metric("foreign_female_arrested").part_of == "foreign_arrested"
    for metric_id, whole in (("female_arrested", "119"), ("foreign_female_arrested", "81")):
        assert whole in facts.headline(metric_id, 2024).figure.note


@pytest.mark.parametrize("year", sorted(TIERS))
def test_tier_of_each_report_is_pinned(facts, year):
    placement, source, quote, released = TIERS[year]
    (tier,) = [t for t in facts.tiers if t.report_year == year]
    assert (tier.placement, tier.source, tier.quote, tier.released) == (placement, source, quote, released)


def test_the_2017_waiver_and_the_2022_copy_are_noted(facts):
    notes = {t.report_year: t.note for t in facts.tiers}
    assert ("Laos was granted a waiver per the Trafficking Victims Protection Act from an otherwise required "
            "downgrade to Tier 3.") in notes[2017]
    assert "ecoi-tip-2022-laos" in notes[2022]


# --- what the commands show ----------------------------------------------------------------


def test_trend_of_prosecutions_shows_2016_to_2018(invoke):
    document = cli_json("trend", "prosecutions_cases", "--json")
    assert [(v["period"], v["value"], v["unit"]) for v in document["values"]] == [
        (2016, 11, "cases"), (2017, 13, "cases"), (2018, 12, "cases")]
    assert all(v["claims"][0]["quote"] == COURTS for v in document["values"])
    assert {n["key"] for n in document["not_included"]} == {"cases", "arrests", "persons_prosecuted"}
    result = invoke("trend", "prosecutions_cases")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("│ 201")]
    assert [row.split("│")[1].strip() for row in rows] == ["2016", "2017", "2018"]
    assert [row.split("│")[2].strip() for row in rows] == ["11", "13", "12"]


def test_trend_of_convictions_carries_the_caveat():
    done = run_main("trend", "convictions_cases")
    assert done.returncode == 0, done.stderr
    assert CAVEAT_2018 in " ".join(done.stdout.split())
    document = cli_json("trend", "convictions_cases", "--json")
    assert [(v["period"], v["value"]) for v in document["values"]] == [(2016, 6), (2017, 8), (2018, 11)]
    assert [v["claims"][0]["as_written"] for v in document["values"]] == ["six", "eight", "11"]
    assert CAVEAT_2018 in document["values"][2]["claims"][0]["note"]


def test_summary_2018_shows_the_series_and_the_caveat():
    document = cli_json("summary", "--year", "2018", "--json")
    figures = {f["key"]: (f["value"], f["unit"]) for f in document["figures"]}
    assert figures == {"incidents_investigated": (39, "incidents"), "cases_opened": (26, "cases"),
                       "investigations_ongoing": (18, "investigations"), "prosecutions_cases": (12, "cases"),
                       "convictions_cases": (11, "cases"), "traffickers_convicted": (27, "persons")}
    assert [s["id"] for s in document["sources"]] == [TIP_2019]
    table = run_main("summary", "--year", "2018")
    assert table.returncode == 0
    flat = " ".join(table.stdout.split())
    assert f"Convictions (cases) (2018): The report follows the 2018 convictions with: \"{CAVEAT_2018}\"" in flat
    assert f"Traffickers convicted (persons) (2018): The report follows the 2018 convictions with: \"{CAVEAT_2018}\"" in flat


def test_get_json_carries_the_caveat():
    for key, value in (("convictions_cases", 11), ("traffickers_convicted", 27)):
        document = cli_json("get", key, "--year", "2018", "--json")
        assert document["value"] == value
        assert CAVEAT_2018 in document["item"]["claims"][0]["note"]
    bare = run_main("get", "convictions_cases", "--year", "2017")
    assert (bare.returncode, bare.stdout, bare.stderr) == (0, "8\n", "")


def test_export_carries_the_caveat(tmp_path: Path):
    for name in ("out.json", "out.csv", "out.sqlite"):
        assert run_main("export", str(tmp_path / name)).returncode == 0
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    notes = {(c["key"], c["period"]): c["note"] for c in document["claims"] if c["source"] == TIP_2019}
    assert CAVEAT_2018 in notes[("convictions_cases", 2018)] and CAVEAT_2018 in notes[("traffickers_convicted", 2018)]
    # The headline rows (the CSV export, and the headline table) carry the year's note and the metric's caveat.
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["key"] == "traffickers_convicted"]
    assert [(r["period"], r["value"]) for r in rows] == [("2014", "21"), ("2018", "27")]
    assert CAVEAT_2018 in rows[-1]["notes"] and CAVEAT_2018 not in rows[0]["notes"]
    with sqlite3.connect(tmp_path / "out.sqlite") as db:
        note, = db.execute("SELECT note FROM claims WHERE key = 'convictions_cases' AND period = 2018").fetchone()
        headline_notes, caveats = db.execute(
            "SELECT notes, caveats FROM headline WHERE key = 'convictions_cases' AND period = 2018").fetchone()
    assert CAVEAT_2018 in note and CAVEAT_2018 in headline_notes
    assert "nine cases" in caveats


def test_tier_shows_every_report_and_each_change():
    document = cli_json("tier", "--json")
    rows = document["tiers"]
    assert [t["report_year"] for t in rows] == sorted(TIERS)
    assert [t["movement"] for t in rows] == CHANGES
    assert [t["placement"] for t in rows] == [TIERS[t["report_year"]][0] for t in rows]
    table = run_main("tier")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    for year in (2008, 2010):
        assert "no report in file" in next(line for line in lines if line.startswith(f"│ {year} "))
    for year, change in zip(sorted(TIERS), CHANGES, strict=True):
        row = next(line for line in lines if line.startswith(f"│ {year} "))
        assert TIERS[year][1] in row
        if change:
            assert f" {change} " in row


def test_compare_2017_2018_compares_like_with_like():
    document = cli_json("compare", "2017", "2018", "--json")
    compared = {c["key"]: (c["earlier"]["value"], c["later"]["value"], c["unit"], c["change"]) for c in document["compared"]}
    assert compared == {
        "incidents_investigated": (69, 39, "incidents", -30),
        "cases_opened": (44, 26, "cases", -18),
        "investigations_ongoing": (29, 18, "investigations", -11),
        "prosecutions_cases": (13, 12, "cases", -1),
        "convictions_cases": (8, 11, "cases", 3),
    }
    # Persons convicted are given for 2018 only: listed, never set against the cases of 2017.
    assert [(c["key"], c["period"]) for c in document["not_compared"]] == [("traffickers_convicted", 2018)]
    assert not {"cases", "arrests"} & set(compared)
    table = run_main("compare", "2017", "2018")
    assert table.returncode == 0
    assert CAVEAT_2018 in " ".join(table.stdout.split())


def test_the_2024_arrests_show_three_conflicting_values():
    document = cli_json("get", "arrests", "--json")
    item = document["item"]
    assert document["value"] == 95
    assert [(c["source"], c["value"]) for c in item["claims"]] == [
        ("xinhua-2025-01-30", 95), (VT, 95), ("laotian-times-2025-01-30", 95), ("ians-lokmat-2025-08-06", 95)]
    assert (item["source_count"], item["independent_source_count"]) == (4, 3)
    assert [(c["source"], c["value"]) for c in item["contradicted_by"]] == [(LAWA, 119), (RFA, 122)]
    assert {95, 119, 122} == {c["value"] for c in item["claims"] + item["contradicted_by"]}
    check = cli_json("check", "--json")
    (finding,) = [f for f in check["findings"] if (f["key"], f["period"]) == ("arrests", 2024)]
    assert finding["value"] == 95
    assert [(c["source"], c["value"]) for c in finding["contradicted_by"]] == [(LAWA, 119), (RFA, 122)]
    assert "lawalawfirm-2024 gives 119; rfa-2025-01-28 gives 122. Shown: 95" in finding["message"]


def test_the_check_still_proves_every_quote():
    done = run_main("check")
    assert done.returncode == 0 and done.stdout.startswith("ok: ")
    counts = cli_json("check", "--json")["counts"]
    assert (counts["sources"], counts["tiers"]) == (38, 22)
