"""``laos_tip.views``: the rows, columns and bars the commands render."""

from __future__ import annotations



from laos_tip.views import trend as views_trend


def test_bar_is_proportional():
    assert views_trend.bar(95, 95) == "█" * views_trend.BAR_WIDTH
    assert views_trend.bar(0, 95) == ""
    assert views_trend.bar(1, 8, width=1) == "▏"
