"""The docs show real output: every replayable ``$ laos-tip ...`` example of README.md and docs/*.md prints what
the file says (export included, run in a temporary directory; checksums masked).

Refresh the examples after a change with ``.venv/bin/python tests/readme_examples.py --write``.
"""

from __future__ import annotations

import pytest

from readme_examples import MASK, README, ROOT, Example, all_examples, documents, replay

EXAMPLES = all_examples()


def test_the_readme_has_examples_of_the_main_commands() -> None:
    commands = {example.command.split()[1] for example in EXAMPLES if example.path == README}
    assert {"summary", "get", "ratios", "trend", "export"} <= commands


def test_the_docs_have_examples_of_every_command() -> None:
    commands = {example.command.split()[1] for example in EXAMPLES}
    assert {"summary", "ratios", "partners", "get", "keys", "trend", "compare", "tier", "sources", "check",
            "export"} <= commands


def test_every_markdown_file_in_docs_is_replayed() -> None:
    assert set(documents()) == {README, *(ROOT / "docs").glob("*.md")}


def test_checksums_are_masked_in_the_docs() -> None:
    for path in documents():
        text = path.read_text(encoding="utf-8")
        assert not any(len(word) == 64 and set(word) <= set("0123456789abcdef")
                       for word in text.replace('"', " ").split()), path
    assert any(MASK in example.shown for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.path.name}:{e.start}:{e.command}")
def test_doc_example_is_real_output(example: Example) -> None:
    assert example.expected(replay(example.command, example.setup)) == example.shown, (
        f"{example.path.name} example is stale; run: .venv/bin/python tests/readme_examples.py --write"
    )
