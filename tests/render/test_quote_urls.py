"""On a terminal, a URL inside a quote stays where it stands; only the URLs that end a note get lines
of their own (issue 22, part 4)."""

from __future__ import annotations

import io
import re

import pytest

from laos_tip.render.terminal import render_table
from laos_tip.views.base import Column, View

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
URL = "https://example.org/reports/2024/laos-police-figures"


def drawn(quote: str, width: int) -> str:
    view = View("Quotes", (Column("key", "Key"), Column("quote", "Quote", prose=True)),
                [{"key": "arrests", "quote": quote}], {}, notes=[quote])
    buffer = io.StringIO()
    render_table(view, buffer, terminal=True, width=width)
    return _ESCAPES.sub("", buffer.getvalue())


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_url_inside_a_sentence_stays_in_the_sentence(width: int) -> None:
    quote = f"Police said {URL} was wrong about 46 cases."
    text = " ".join(drawn(quote, width).split())
    assert f"Police said {URL} was wrong about 46 cases." in text
    assert "Police said was wrong" not in text


def test_a_url_that_ends_a_note_gets_its_own_line_whole() -> None:
    lines = drawn(f"Source: a report of the police. {URL}", 60).splitlines()
    assert any(line.strip() == URL for line in lines)
    assert any(line.rstrip().endswith("a report of the police.") for line in lines)


def test_a_url_in_a_sentence_is_never_broken_and_is_a_hyperlink() -> None:
    long_url = "https://example.org/" + "x" * 90
    buffer = io.StringIO()
    view = View("Q", (Column("key", "Key"),), [{"key": "k"}], {}, notes=[f"It said {long_url} was right."])
    render_table(view, buffer, terminal=True, width=60)
    raw = buffer.getvalue()
    assert long_url in _ESCAPES.sub("", raw)  # on one line, whole, though longer than the window
    targets = re.findall(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]+)", raw)
    assert targets == [long_url]
