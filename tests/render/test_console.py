"""``laos_tip.output``: how wide a table is drawn when the terminal gives an absurd width."""

from __future__ import annotations

import io
import sys

import pytest

from laos_tip.render.console import terminal_width


@pytest.mark.parametrize("columns, expected", [("0", 80), ("-3", 80), ("abc", 80), ("5", 80), ("", 80),
                                               ("99999", 80), ("100", 100), ("60", 60)])
def test_an_absurd_width_counts_as_unknown(monkeypatch: pytest.MonkeyPatch, columns: str, expected: int) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # no terminal to ask: as in a pty of size 0
    assert terminal_width() == expected
