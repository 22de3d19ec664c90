"""Markdown output shows the data as text: a GFM parser finds in every cell exactly the text of the data."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import every_view, run_main
from laos_tip.render.machine import markdown_text, to_markdown
from laos_tip.factfile.pipeline import load
from laos_tip.core.textsafe import printable
from laos_tip.views.base import View

HOSTILE = ("*x*", "_y_", "<b>bold</b>", "[a](javascript:alert(1))", "`code`", "~~gone~~", "a|b", "back\\slash",
           "&amp; &#60;", "![img](http://x/y.png)", "<script>alert(1)</script>", "**strong**")
MARKUP = {"em_open", "strong_open", "link_open", "image", "html_inline", "html_block", "code_inline", "s_open",
          "heading_open", "bullet_list_open", "ordered_list_open", "blockquote_open", "code_block", "fence"}


def parser() -> MarkdownIt:
    """CommonMark with GitHub's tables, strikethrough and its autolinking of bare URLs (linkify)."""
    return MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token; markup is a failure, but for a link that is the URL it shows."""
    assert isinstance(token.children, list), token
    children = token.children
    shown = []
    for index, child in enumerate(children):
        if child.type == "link_open":
            # Only a URL of the data, linked whole: the link's text is its address, exactly.
            text, close = children[index + 1], children[index + 2]
            assert text.type == "text" and close.type == "link_close", children
            # A bare domain (www.example.org) links as http://, as GitHub does; the text is still the data's.
            bare = "://" not in text.content
            assert child.attrGet("href") == normalised_url(("http://" if bare else "") + text.content), \
                (child.attrs, text.content)
            continue
        assert child.type not in MARKUP, (child.type, token.content)
        if child.type == "text":
            shown.append(child.content)
    return "".join(shown)


def normalised_url(url: str) -> str:
    """The href a renderer gives a URL: what is not allowed in an address is percent-encoded."""
    from markdown_it.common.normalize_url import normalizeLink

    return normalizeLink(url)


def hostile_facts(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> Path:
    text = " ".join(HOSTILE)
    metric = facts_data["metrics"][0]
    metric.update(label=f"Cases {text}", description=f"What {text}", caveat=f"{text} caveat")
    source = facts_data["sources"][0]
    source.update(title=f"# Title {text}", publisher=f"- Publisher {text}", note=f"1. {text}")
    for figure in facts_data["figures"]:
        if figure["metric"] == metric["id"]:
            figure["note"] = f"+ note {text}"
    facts_data["tiers"][0]["note"] = f"> {text}"
    return write_facts(facts_data)


def all_views(path: Path) -> list[tuple[str, View]]:
    """Every command's view (from the registry) of the fact file at ``path``."""
    return every_view(load(str(path)))


def expected(text: str) -> str:
    return printable(" ".join(text.replace("\t", " ").splitlines())).strip()


def test_every_markdown_cell_reads_back_as_the_data(facts_data: dict[str, Any],
                                                    write_facts: Callable[..., Path]) -> None:
    path = hostile_facts(facts_data, write_facts)
    seen_hostile = 0
    for name, view in all_views(path):
        tokens = parser().parse(to_markdown(view))
        # Markdown gives everything: the further tables too (a summary's statements), but a picture (a timeline).
        parts = [view, *(part for part in view.extra if not part.picture)]
        cells = [inline_text(t) for t, before in zip(tokens[1:], tokens, strict=False) if t.type == "inline"
                 and before.type in ("th_open", "td_open")]
        wanted = []
        for part in parts:
            columns = [c for c in part.columns if not c.table_only]
            wanted += [expected(c.header) for c in columns] + [expected(c.show(row)) for row in part.rows
                                                               for c in columns]
        assert cells == wanted, name
        items = [inline_text(t) for t, before in zip(tokens[1:], tokens, strict=False) if t.type == "inline"
                 and before.type == "paragraph_open" and t.level == 3]
        assert items == [expected(text) for part in parts for text in part.notes + part.caption], name
        title = tokens[1]
        assert title.children is not None and "strong_open" in [c.type for c in title.children]
        assert "".join(c.content for c in title.children if c.type == "text") == expected(view.title)
        seen_hostile += sum(text.count("<b>bold</b>") for text in cells + items)
    assert seen_hostile >= 10  # the hostile text did reach tables and notes


@pytest.mark.parametrize("text", [*HOSTILE, "# heading", "- item", "+ item", "1. first", "2) second", "= x",
                                  "> quote", "    indented", "&copy;", "a\u202eb", "<!-- c -->",
                                  "girls_under_18", "x__y__z", "_a_b_", "mp_/x_"])
def test_markdown_text_renders_as_itself_in_a_cell_and_a_list_item(text: str) -> None:
    table = parser().parse(f"| h |\n|---|\n| {markdown_text(text)} |\n")
    cells = [inline_text(t) for t, before in zip(table[1:], table, strict=False) if before.type == "td_open"]
    assert cells == [expected(text)]
    item = parser().parse(f"- {markdown_text(text, line_start=True)}\n")
    assert [t.type for t in item][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert inline_text(next(t for t in item if t.type == "inline")) == expected(text)


def test_markdown_carries_the_statements_and_the_tier_notes(facts: Any) -> None:
    """Every field the docs say an output carries: the statements a summary table shows, a tier's note."""
    summary = run_main("summary", "--format", "markdown", "--year", "2024")
    assert summary.returncode == 0
    for statement in (s for s in facts.statements if s.period == 2024):
        assert markdown_text(statement.summary) in summary.stdout
    tier = run_main("tier", "--format", "markdown")
    assert tier.returncode == 0 and "| Note |" in tier.stdout and "granted a waiver" in tier.stdout
    assert "Timeline" not in tier.stdout  # a drawing whose spaces a markdown cell would collapse
    from laos_tip.render.terminal import render_table
    from laos_tip.views import tier as views_tier

    for details in (False, True):  # on a terminal: the note with --details
        drawn = io.StringIO()
        render_table(views_tier.tiers(facts), drawn, terminal=True, width=80, details=details)
        assert ("granted a waiver" in " ".join(drawn.getvalue().split())) is details


def test_the_console_script_writes_escaped_markdown(facts_data: dict[str, Any],
                                                    write_facts: Callable[..., Path]) -> None:
    path = hostile_facts(facts_data, write_facts)
    result = run_main("keys", "--format", "markdown", "--facts", str(path))
    assert result.returncode == 0, result.stderr
    assert "<b>" not in result.stdout and "&lt;b&gt;bold&lt;/b&gt;" in result.stdout
    html = parser().render(result.stdout)
    assert "<b>" not in html and "<em>" not in html and "&lt;b&gt;bold" in html
    assert "javascript:" not in "".join(html.split('href="')[1:]).split('"')[0]


def test_markup_free_text_stays_readable() -> None:
    # An underscore between letters or digits never makes emphasis: keys are left as they are; a URL is an
    # autolink, as it is written.
    for text in ("girls_under_18", "Arrests 2024: 95"):
        assert markdown_text(text) == text
    url = "http://china.org.cn/world/Off_the_Wire/x.htm"
    assert markdown_text(url) == f"<{url}>"


#: URLs whose markdown once linked elsewhere (a backslash escape or a reference inside the address).
HOSTILE_URLS = ("https://www.refworld.org/docid/mp_/x_", "https://example.org/a?x=1&y=2", "https://example.org/*a*",
                "https://example.org/~x~", "https://example.org/a_b_(c)", "https://example.org/[x]",
                "https://example.org/`x`", "https://example.org/a\\b", "https://example.org/&amp;x",
                "http://x.org/é", "https://example.org/a_")


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("around", ["{}", "See {}.", "({})", "Source: {}, then *more*", "a|b {} | c"])
def test_every_url_renders_whole_and_clickable_and_the_text_as_it_is(url: str, around: str) -> None:
    text = around.format(url)
    for markdown in (f"| h |\n|---|\n| {markdown_text(text)} |\n", f"- {markdown_text(text, line_start=True)}\n"):
        tokens = parser().parse(markdown)
        inline = next(t for t in tokens if t.type == "inline" and t.content != "h")
        assert inline_text(inline) == expected(text)
        assert inline.children is not None
        links = [c.attrGet("href") for c in inline.children if c.type == "link_open"]
        assert links == [normalised_url(url)], (markdown, links)


@given(st.text(alphabet="ab_*~&<>|()[]`\\/.:?=#é ", max_size=30))
def test_generated_text_around_a_url_renders_back_as_itself(text: str) -> None:
    whole = f"{text} https://example.org/x_{text.strip()[:5].replace(' ', '')} {text}"
    tokens = parser().parse(f"| h |\n|---|\n| {markdown_text(whole)} |\n")
    cells = [inline_text(t) for t, before in zip(tokens[1:], tokens, strict=False) if before.type == "td_open"]
    assert cells == [expected(whole)]
