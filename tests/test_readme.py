"""The docs show real output: every ``$ laos-tip ...`` example of README.md and docs/*.md prints what the file
says, as an installed user sees it (export included, run in a temporary directory; checksums masked).

Refresh the examples after a change with ``.venv/bin/python tests/readme_examples.py --write``.
"""

from __future__ import annotations

import re

import pytest

from laos_tip.cli.declaration import COMMANDS
from readme_examples import INPUTS, MASK, README, ROOT, Example, all_examples, documents, examples, inputs_of, \
    is_example, replay_example

EXAMPLES = all_examples()
_FENCE = re.compile(r"^```")


def test_the_readme_has_examples_of_the_main_commands() -> None:
    names = {example.name for example in EXAMPLES if example.path == README}
    assert {"summary", "get", "ratios", "trend", "export"} <= names


def test_every_command_has_an_example_in_its_help_and_so_in_the_docs() -> None:
    """Each command's declared help ends with an example of itself; docs/commands.md shows every help screen
    (generated, and checked by tests/docs), so a new command's example reaches the docs without a hand edit."""
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert re.search(rf"^Example: laos-tip {command.name}\b", command.help, re.M), command.name
        assert f"Example: laos-tip {command.name}" in page, f"docs/commands.md lacks the help of {command.name}"


def test_every_markdown_file_in_docs_is_replayed() -> None:
    assert set(documents()) == {README, *(ROOT / "docs").glob("*.md")}


def test_every_laos_tip_line_of_a_code_block_is_an_example() -> None:
    """No ``$ laos-tip`` line is left out of the replay, outside the parts cog generates (checked by cog)."""
    for path in documents():
        text = path.read_text(encoding="utf-8")
        replayed = {e.start - 1 for e in examples(text, path)}
        in_block = in_cog = False
        for number, line in enumerate(text.split("\n")):
            in_cog = (in_cog or "[[[cog" in line) and "[[[end]]]" not in line
            if _FENCE.match(line):
                in_block = not in_block
            elif in_block and not in_cog and line.startswith("$ ") and "laos-tip " in line:
                assert is_example(line[2:]) and number in replayed, f"{path.name}:{number + 1}: {line}"


def test_every_input_file_an_example_names_is_made_by_the_replayer() -> None:
    for example in EXAMPLES:
        assert set(inputs_of(example.command)) <= set(INPUTS), (example.path.name, example.command)


def test_examples_show_the_shipped_file_as_an_installed_user_sees_it() -> None:
    shown = "\n".join(example.shown for example in EXAMPLES)
    assert '"path": "laos_tip/facts.yaml"' in shown
    assert '"path": "facts.yaml"' not in shown


def test_checksums_are_masked_in_the_docs() -> None:
    for path in documents():
        text = path.read_text(encoding="utf-8")
        assert not any(len(word) == 64 and set(word) <= set("0123456789abcdef")
                       for word in text.replace('"', " ").split()), path
    assert any(MASK in example.shown for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"{e.path.name}:{e.start}:{e.command}")
def test_doc_example_is_real_output(example: Example) -> None:
    assert example.expected(replay_example(example)) == example.shown, (
        f"{example.path.name} example is stale; run: .venv/bin/python tests/readme_examples.py --write"
    )
