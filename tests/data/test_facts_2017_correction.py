"""Issue 20: the January-May 2017 figures in two reports (16 cases or 13?), and the caveats of the TIP figures.

The sentences below are copied from the verified research of issue 20; a test fails if the fact file changes one.
"""

from __future__ import annotations

import datetime

from conftest import cli_json, run_main

ANN = "vientiane-times-ann-2017"
LT = "laotiantimes-2017-06-19"
ANN_FIGURES = ("According to the General Police Department under the Ministry of Public Security from January 1 to "
               "the start of June, 13 human trafficking case were recorded which involved the arrest of 21 people "
               "including nine women.")
ANN_VICTIMS = "Of the victims, 16 were female mostly under the age of 18."


def test_the_vientiane_times_gives_four_figures_for_january_to_may(facts) -> None:  # type: ignore[no-untyped-def]
    got = {(f.metric, f.value, f.as_written, f.quote) for f in facts.figures if f.source == ANN}
    assert got == {("cases", 13, "13", ANN_FIGURES), ("arrests", 21, "21", ANN_FIGURES),
                   ("female_arrested", 9, "nine", ANN_FIGURES), ("female_victims", 16, "16", ANN_VICTIMS)}
    for figure in (f for f in facts.figures if f.source == ANN):
        assert (figure.period, figure.period_from, figure.period_to) == (
            2017, datetime.date(2017, 1, 1), datetime.date(2017, 5, 31))
        assert figure.apart and "the start of June" in (figure.period_note or "")
    # Never a year's headline: no source gives these metrics for the whole of 2017.
    assert all(facts.headline(metric, 2017) is None
               for metric in ("cases", "arrests", "female_arrested", "female_victims"))


def test_the_laotian_times_claim_stays_as_recorded_with_its_likely_misreading(facts) -> None:  # type: ignore[no-untyped-def]
    (claim,) = [f for f in facts.figures if f.source == LT and f.metric == "cases"]
    assert claim.value == 16 and "16 human trafficking cases were reported" in claim.quote
    assert claim.note and "misreading" in claim.note and ANN in claim.note


def test_check_shows_the_contradiction_for_the_partial_period() -> None:
    findings = [f for f in cli_json("check", "--json")["findings"] if f["period"] == 2017]
    assert [(f["key"], f["value"], f["period_from"], f["period_to"]) for f in findings] == [
        ("cases", 13, "2017-01-01", "2017-05-31")]
    (finding,) = findings
    assert [c["source"] for c in finding["claims"]] == [ANN]
    assert [(c["source"], c["value"]) for c in finding["contradicted_by"]] == [(LT, 16)]
    assert finding["period_label"] == "January–May 2017 (partial year)"
    text = run_main("check").stdout
    assert ("finding: sources disagree: New trafficking cases recorded (January–May 2017 (partial year)): "
            f"{LT} gives 16. Shown: 13, as stated by {ANN}") in text
    # The arrests and the women among them agree: no finding.
    assert not [f for f in findings if f["key"] in {"arrests", "female_arrested"}]


def test_the_2020_identified_victims_are_not_like_with_like_2021(facts) -> None:  # type: ignore[no-untyped-def]
    metric = facts.metric("identified_victims")
    assert metric is not None and isinstance(metric.caveat, str)
    for words in ("66 victims of fraudulent marriage", '16\nof "other forms of exploitation"'.replace("\n", " "),
                  "only 60 were victims of sex or labor trafficking", "not like with like"):
        assert words in metric.caveat, words
    (claim_2020,) = facts.claims("identified_victims", 2020)
    assert claim_2020.note and "60\n(21 + 39)".replace("\n", " ") in claim_2020.note
    trend = run_main("trend", "identified_victims", "--details").stdout
    assert "not like with like" in " ".join(trend.split())


def test_the_tip_sources_do_not_equate_the_calendar_year_with_the_reporting_period(facts) -> None:  # type: ignore[no-untyped-def]
    for source_id in ("usdos-tip-2019-laos", "usdos-tip-2022-laos"):
        note = facts.source(source_id).note or ""
        assert "(the reporting period)" not in note
        assert "need not be the calendar year" in note
