"""``laos-tip sez``: the Golden Triangle SEZ's figures, every claim listed, none of them in the national series."""

from __future__ import annotations

import datetime
import json

from conftest import cli_json, run_main

#: metric, value, bound, period_from, period_to, source: every claim of the zone, as read.
CLAIMS = {
    ("sez_victims_rescued", 1680, "more-than", datetime.date(2007, 1, 1), datetime.date(2022, 8, 31),
     "rfa-amn-2022-12"),
    ("sez_victims_rescued", 1680, "about", datetime.date(2007, 1, 1), datetime.date(2022, 8, 31),
     "ucanews-2022-12-23"),
    ("sez_workers_rescued", 477, None, datetime.date(2021, 5, 1), datetime.date(2022, 5, 31), "rfa-jclao-2022-06"),
    ("sez_women_victims_rescued", 200, "about", datetime.date(2021, 5, 1), datetime.date(2022, 5, 31),
     "rfa-jclao-2022-06"),
    ("sez_fraud_suspects_arrested", 2800, "about", datetime.date(2023, 1, 1), datetime.date(2026, 2, 3),
     "laotiantimes-2026-02-06"),
}


def test_the_zone_figures_are_pinned(facts):
    zone = {m.id for m in facts.metrics if m.area}
    claimed = {(f.metric, f.value, f.bound, f.period_from, f.period_to, f.source)
               for f in facts.figures if f.metric in zone}
    assert claimed == CLAIMS
    assert {facts.metric(k).area for k in zone} == {"Golden Triangle Special Economic Zone (Bokeo)"}


def test_every_quote_says_its_bound_in_its_own_words(facts):
    for figure in facts.figures:
        if figure.metric.startswith("sez_") and figure.bound:
            assert figure.as_written in figure.quote
            assert figure.as_written.split()[0].lower() in {"more", "about", "nearly"}


def test_sez_lists_every_claim_of_the_zone_and_why_it_stands_apart(facts):
    document = cli_json("sez", "--json")
    rows = {(r["key"], r["value"], r["bound"], r["period_from"], r["period_to"], r["source"])
            for r in document["figures"]}
    assert rows == {(k, v, b, f.isoformat(), t.isoformat(), s) for k, v, b, f, t, s in CLAIMS}
    assert "never added to" in document["why_apart"]
    assert {m["key"] for m in document["metrics"]} == {c[0] for c in CLAIMS}
    assert all(m["area"] for m in document["metrics"])


def test_no_zone_figure_is_a_headline_or_in_the_summary(facts):
    for key in {c[0] for c in CLAIMS}:
        assert all(facts.headline(key, year) is None for year in range(2000, 2030))
    summary = run_main("summary", "--json").stdout
    assert "sez_" not in summary


def test_the_zone_rescues_are_not_the_national_victims(facts):
    for key in ("victims", "victims_rescued"):
        assert facts.relation("sez_victims_rescued", key) == "counts something else"
    assert facts.relation("sez_fraud_suspects_arrested", "arrests") == "counts something else"


def test_trend_of_a_zone_metric_shows_its_totals_apart():
    document = cli_json("trend", "sez_victims_rescued", "--json")
    assert document["values"] == []
    assert sorted(a["source"] for a in document["apart"]) == ["rfa-amn-2022-12", "ucanews-2022-12-23"]
    assert {a["period_label"] for a in document["apart"]} == {
        "January 2007 – August 2022 (15 years 8 months)",
        "January 2007 – August 2022 (15 years 8 months, period inferred)"}


def test_sez_csv_carries_periods_and_bounds():
    lines = run_main("sez", "--format", "csv").stdout.splitlines()
    header = lines[0].split(",")
    assert {"period_from", "period_to", "bound", "value", "area"} <= set(header)
    assert len(lines) == 1 + len(CLAIMS)


def test_sez_table_marks_bounds_with_their_signs(monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    out = run_main("sez", "--details").stdout
    for shown in ("> 1,680", "≈ 1,680", "≈ 200", "≈ 2,800", "477"):
        assert shown in out
    assert "Counted in and around the zone's scam compounds" in out
    json.loads(run_main("sez", "--json").stdout)  # and the JSON document is whole
