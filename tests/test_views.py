"""``laos_tip.views``: the rows, columns and bars the commands render."""

from __future__ import annotations

import json
from typing import Any

import pytest

from laos_tip import views
from laos_tip.schema import load
from conftest import FACTS, run_cli


@pytest.fixture(scope="module")
def facts():
    return load(str(FACTS))


def cli_json(*args: str) -> dict[str, Any]:
    """Run the real console script and parse its JSON output."""
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def test_bar_is_proportional():
    assert views.bar(95, 95) == "█" * views.BAR_WIDTH
    assert views.bar(0, 95) == ""
    assert views.bar(1, 8, width=1) == "▏"
