"""Terminal layout of long text is linear in its length (issue 22, part 6)."""

from __future__ import annotations

import io
import random
import time

import pytest
from rich.cells import cell_len

from laos_tip.render import layout
from laos_tip.render.terminal import render_table
from laos_tip.views import summary as views_summary


def two_lines_by_definition(text: str) -> int:
    """The narrowest two-line width, tried at every cut (quadratic: for checking short texts only)."""
    words = text.split()
    if not words:
        return 0
    widths = [max(cell_len(" ".join(words[:cut])), cell_len(" ".join(words[cut:]))) for cut in range(1, len(words))]
    return max(min([cell_len(" ".join(words)), *widths]), *(cell_len(w) for w in words))


@pytest.mark.parametrize("seed", range(30))
def test_two_line_width_is_the_narrowest_width_of_two_lines(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = ["a", "bb", "ຄ", "中文", "e\u0301", "👩‍👩‍👧", " ", "  ", "\t"]
    text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
    assert layout.two_line_width(text) == two_lines_by_definition(text)


def label_of(words: int) -> str:
    return " ".join(f"w{n % 97}" for n in range(words))


def cpu(function: object, *args: object) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        function(*args)  # type: ignore[operator]
        best = min(best, time.process_time() - start)
    return best


def test_two_line_width_grows_linearly() -> None:
    small, large = cpu(layout.two_line_width, label_of(4_000)), cpu(layout.two_line_width, label_of(32_000))
    # Eight times the words: about eight times the time (a quadratic search would take 64 times).
    assert large < max(small, 1e-3) * 20, (small, large)


@pytest.mark.slow
def test_a_32000_word_label_is_laid_out_on_a_terminal_in_linear_time(facts_data: dict, write_facts) -> None:  # type: ignore[type-arg, no-untyped-def]
    from laos_tip.factfile.pipeline import load

    def draw(words: int) -> float:
        data = {**facts_data, "metrics": [dict(m) for m in facts_data["metrics"]]}
        next(m for m in data["metrics"] if m["id"] == "arrests")["label"] = label_of(words)
        view = views_summary.summary(load(str(write_facts(data))), 2024)

        def render() -> None:
            buffer = io.StringIO()
            render_table(view, buffer, terminal=True, width=80)
            assert "w96" in buffer.getvalue()

        return cpu(render)

    small, large = draw(4_000), draw(32_000)
    assert large < max(small, 0.01) * 20, (small, large)
    assert large < 2.0
