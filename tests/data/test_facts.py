"""The shipped fact file against the article it comes from: every figure, every quote."""

from __future__ import annotations


import pytest

from laos_tip.core.model import PILLARS
from laos_tip.factfile.pipeline import load

from conftest import ARTICLE, FACTS

SOURCE_ID = "xinhua-2025-01-30"
#: The article's figures for 2024, read off the article by hand.
ARTICLE_FIGURES = {
    "cases": 46,
    "arrests": 95,
    "victims": 85,
    "girls_under_18": 40,
    "counselled_at_centres": 127,
    "females_reunited": 104,
    "at_risk_counselled": 962,
    "counselling_occasions": 54,
}
PILLAR_OF = {
    "cases": "prosecution", "arrests": "prosecution",
    "victims": "protection", "girls_under_18": "protection", "counselled_at_centres": "protection",
    "females_reunited": "protection",
    "at_risk_counselled": "prevention", "counselling_occasions": "prevention",
}


def normalise(text: str) -> str:
    """Collapse white space, so that a folded YAML quote compares with the article's line."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def facts():  # type: ignore[no-untyped-def]
    return load(str(FACTS))


@pytest.fixture(scope="module")
def article() -> str:
    return normalise(ARTICLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("metric", "value"), ARTICLE_FIGURES.items())
def test_every_article_figure_is_in_the_fact_file(facts, metric: str, value: int) -> None:  # type: ignore[no-untyped-def]
    claims = [f for f in facts.claims(metric, 2024) if f.source == SOURCE_ID]
    assert [c.value for c in claims] == [value]
    assert facts.value(metric, 2024) == value


@pytest.mark.parametrize(("metric", "pillar"), PILLAR_OF.items())
def test_figures_follow_the_4p_pillars(facts, metric: str, pillar: str) -> None:  # type: ignore[no-untyped-def]
    assert facts.metric(metric).pillar == pillar
    assert pillar in PILLARS


def test_every_quote_is_verbatim_in_the_article(facts, article: str) -> None:  # type: ignore[no-untyped-def]
    quoted = [f.quote for f in facts.figures if f.source == SOURCE_ID]
    quoted += [s.quote for s in facts.statements if s.source == SOURCE_ID]
    quoted += [p.quote for p in facts.partners if p.source == SOURCE_ID]
    assert quoted
    for quote in quoted:
        assert normalise(quote) in article, quote


def test_the_source_is_cited_in_full(facts) -> None:  # type: ignore[no-untyped-def]
    source = facts.source(SOURCE_ID)
    assert source.publisher == "Xinhua"
    assert source.title == "Laos strives to combat human trafficking"
    assert source.dateline == "VIENTIANE, Jan. 30"
    assert source.date.isoformat() == "2025-01-30"
    assert source.url == "http://china.org.cn/world/Off_the_Wire/2025-01/30/content_117691302.htm"
    assert source.authority == "Lao Ministry of Public Security"
    assert source.title in ARTICLE.read_text(encoding="utf-8")


def test_partner_nations_with_iso_codes(facts) -> None:  # type: ignore[no-untyped-def]
    partners = [(p.country.name, p.country.alpha2, p.country.alpha3) for p in facts.partners_in(2024)]
    assert partners == [("Vietnam", "VN", "VNM"), ("China", "CN", "CHN"), ("Thailand", "TH", "THA"),
                        ("Cambodia", "KH", "KHM")]
    assert all(facts.borders_laos(p.country) for p in facts.partners_in(2024))
    assert {n.alpha2 for n in facts.neighbours} - {p[1] for p in partners} == {"MM"}


@pytest.mark.parametrize(("statement", "words"), [
    ("modus_operandi", ("cyber scams", "call-center scams", "Lao girls")),
    ("priorities_2025", ("high-risk groups", "stricter laws", "reduce vulnerabilities")),
    ("national_plan", ("national plan", "central and local levels")),
    ("measures", ("legislation has been strengthened", "manuals published", "training sessions and seminars")),
    ("signed_documents", ("international organizations", "signed documents")),
])
def test_qualitative_facts_are_recorded(facts, statement: str, words: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    found = [s for s in facts.statements if s.id == statement]
    assert len(found) == 1
    for word in words:
        assert word in normalise(found[0].quote)


def test_girls_under_18_are_part_of_the_victims(facts) -> None:  # type: ignore[no-untyped-def]
    whole, chain = "girls_under_18", []
    while whole is not None:
        chain.append(whole)
        whole = facts.metric(whole).part_of
    assert chain[-1] == "victims"
    assert facts.value("girls_under_18", 2024) <= facts.value("victims", 2024)
