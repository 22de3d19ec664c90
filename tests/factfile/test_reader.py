"""``laos_tip.factfile.reader``: the YAML reader that counts nodes and keeps every value's line."""

from __future__ import annotations

import pytest
import yaml

from laos_tip.factfile import reader as load_reader


def test_the_node_limit_counts_each_node_once() -> None:
    def nodes(text: str) -> int:
        builder = load_reader._Builder("x")
        for event in yaml.parse(text, Loader=load_reader._Loader):
            builder.feed(event)
        return builder.nodes

    assert nodes("[[[[[1]]]]]\n") == 6
    assert nodes("a: {b: [1, 2]}\n") == 1 + 2 + 1 + 1 + 2
    assert nodes("a: &x [1, 2, 3]\nb: *x\nc: *x\n") == 1 + 3 + (1 + 3) * 3  # an alias counts what it expands to


@pytest.mark.slow
def test_fifty_thousand_figures_fit_under_the_node_limit() -> None:
    """11 nodes a figure: 50,000 figures (550,000 nodes) are within MAX_NODES, as docs/check.md says."""
    figure = "- {metric: arrests, period: 2024, value: 95, source: s, quote: q}\n"
    text = "figures:\n" + figure * 50_000
    document = load_reader.parse(text, "x")
    assert len(document.root["figures"]) == 50_000
