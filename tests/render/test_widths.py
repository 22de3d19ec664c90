"""Widths that match what terminals draw (issue 22, part 9): every table line as wide as its border, for
combining marks, emoji sequences, skin tones, variation selectors, wide and Indic scripts.

The reference is wcwidth (Unicode's East Asian Width and emoji tables, by grapheme), which rich's own
cell widths follow; the Hangul fillers, blank letters whose width terminals disagree on, are shown escaped.
"""

from __future__ import annotations

import io
import re

import pytest
import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from conftest import FACTS
from laos_tip.core import frozen
from laos_tip.core.textsafe import printable
from laos_tip.factfile.pipeline import load
from laos_tip.render import layout
from laos_tip.render.terminal import render_table
from laos_tip.views import keys as views_keys
from laos_tip.views import summary as views_summary

#: Graphemes whose width is easy to get wrong, each with the cells Unicode gives it.
HOSTILE = {
    "नमस्ते": 4,  # Devanagari: a virama and a vowel sign take no cell
    "क्षि": 2,
    "e\u0301": 1,  # a combining acute accent
    "a\u0300\u0301\u0302": 1,  # several marks on one letter
    "👍🏽": 2,  # a skin-tone modifier
    "👨🏽\u200d💻": 2,  # a ZWJ sequence with a modifier
    "👩\u200d👩\u200d👧": 2,  # a ZWJ family
    "🏳️\u200d🌈": 2,
    "☺️": 2,  # a variation selector making an emoji of a text character
    "❤️": 2,
    "#️⃣": 2,  # a keycap
    "🇱🇦": 2,  # a flag
    "한국": 4,  # Hangul
    "中文": 4,
    "ສະບາຍດີ": 6,  # Lao, with its vowel marks
    "ຄຳ": 2,
    "ஸ்ரீ": 2,  # Tamil
    "A\ufe0f": 1,
}


@pytest.mark.parametrize("text", list(HOSTILE))
def test_rich_and_wcwidth_agree_on_every_hostile_grapheme(text: str) -> None:
    assert cell_len(text) == wcwidth.wcswidth(text) == HOSTILE[text]


@pytest.mark.parametrize("filler", ["\u115f", "\u1160", "\u3164", "\uffa0"])
def test_a_hangul_filler_is_shown_as_its_escape(filler: str) -> None:
    assert printable(f"a{filler}b") == f"a\\u{ord(filler):04x}b"


FACTBASE = load(str(FACTS))
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")
_RULES = "│┃╇╈┿╋┼"


def tables(text: str) -> list[list[str]]:
    """Each table of a drawing: a run of lines that hold a column rule."""
    found: list[list[str]] = []
    current: list[str] = []
    for line in [*_ESCAPES.sub("", text).replace("\r", "").splitlines(), ""]:
        if any(rule in line for rule in _RULES):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def separators(line: str) -> list[int]:
    """The cells at which a line's column rules stand, as a terminal following wcwidth draws it."""
    found, column = [], 0
    for grapheme in _graphemes(line):
        if grapheme in _RULES:
            found.append(column)
        column += max(wcwidth.wcswidth(grapheme), 0)
    return found


def _graphemes(text: str) -> list[str]:
    return list(wcwidth.iter_graphemes(text)) if hasattr(wcwidth, "iter_graphemes") else list(text)


def labelled(label: str) -> object:
    metrics = tuple(frozen.replace(m, label=label) if m.id == "arrests" else m for m in FACTBASE.metrics)
    return frozen.replace(FACTBASE, metrics=metrics)


@pytest.mark.slow  # about 4 s: 20 drawings of two tables
@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from([*HOSTILE, "word", "of", "police"]), min_size=1, max_size=14),
       st.sampled_from([60, 80]))
def test_every_line_of_a_terminal_table_is_as_wide_as_its_border(words: list[str], width: int) -> None:
    label = " ".join(words)
    facts = labelled(label)
    for view in (views_summary.summary(facts, 2024), views_keys.keys(facts)):  # type: ignore[arg-type]
        buffer = io.StringIO()
        render_table(view, buffer, terminal=True, width=width)
        drawn = tables(buffer.getvalue())
        assert drawn, buffer.getvalue()
        for table in drawn:
            rules = [separators(line) for line in table]
            assert all(row == rules[0] for row in rules), (label, table)
            assert all(wcwidth.wcswidth(line) <= width for line in table), (label, table)


def test_the_check_sees_a_rule_one_cell_out_of_place() -> None:
    drawn = tables("a    │ b\nक्षि   │ c\n👍🏽 x │ d\n")
    assert [separators(line) for line in drawn[0]] == [[5], [5], [5]]
    assert separators("👍🏽  │") != separators("ab │")


def test_the_layout_measures_hostile_text_as_wcwidth_does() -> None:
    text = " ".join(HOSTILE)
    assert layout.two_line_width(text) >= max(HOSTILE.values())
    words = text.split()
    assert layout.two_line_width(text) <= wcwidth.wcswidth(text)
    assert sum(wcwidth.wcswidth(w) for w in words) == sum(cell_len(w) for w in words)
