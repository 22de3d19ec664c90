"""The README shows real output: every replayable ``$ laos-tip ...`` example prints what the README says.

Refresh the examples after a change with ``.venv/bin/python tests/readme_examples.py --write``.
"""

from __future__ import annotations

import pytest

from readme_examples import README, examples, replay

EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_of_the_main_commands() -> None:
    commands = {example.command.split()[1] for example in EXAMPLES}
    assert {"summary", "ratios", "partners", "get", "keys", "trend", "compare", "tier", "sources", "check"} <= commands


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"line{e.start}:{e.command}")
def test_readme_example_is_real_output(example) -> None:  # type: ignore[no-untyped-def]
    assert example.expected(replay(example.command)) == example.shown, (
        "README example is stale; run: .venv/bin/python tests/readme_examples.py --write"
    )
