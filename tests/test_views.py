"""``laos_tip.views``: the rows, columns and bars the commands render."""

from __future__ import annotations



from laos_tip import views


def test_bar_is_proportional():
    assert views.bar(95, 95) == "█" * views.BAR_WIDTH
    assert views.bar(0, 95) == ""
    assert views.bar(1, 8, width=1) == "▏"
