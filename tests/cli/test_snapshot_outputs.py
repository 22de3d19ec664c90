"""Every command in every format prints the same bytes with and without the fact file's snapshot.

The command lines come from the declaration (``cli/declaration.py``): each command's help example, then
the example with each value of each of its format options and with each of its flags. Each runs three
times, in a directory of its own: with snapshots off, with an empty cache (validated, snapshot written)
and again (read from the snapshot, the validator made to fail if it is called), on the shipped fact
file and on generated ones.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT, command_example, run_main
from laos_tip.cli.declaration import COMMANDS, ENUMS, Command
from laos_tip.factfile import validate as load_validate

_spec = importlib.util.spec_from_file_location("scaling", ROOT / "benchmarks" / "scaling.py")
assert _spec is not None and _spec.loader is not None
scaling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scaling)


def command_lines(command: Command) -> Iterator[list[str]]:
    """The example of a command, then with each value of each format option and each flag added."""
    example = command_example(command)
    yield example
    for option in command.options:
        if option.kind in ENUMS:
            for value in ENUMS[option.kind]:
                yield [*example, option.flags[0], value.value]
        elif option.kind == "flag":
            yield [*example, option.flags[0]]


LINES = [(command.name, line) for command in COMMANDS for line in command_lines(command)]
#: Fact files besides the shipped one: many sources disagreeing, and many years of every metric.
GENERATED = {"conflicts": lambda: scaling.conflicting_facts(40), "years": lambda: scaling.many_facts(400)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("generated")
    files = {}
    for name, make in GENERATED.items():
        files[name] = folder / f"{name}.yaml"
        files[name].write_text(make(), encoding="utf-8")
    return files


def _run(words: list[str], folder: Path) -> tuple[int, bytes, bytes, dict[str, bytes]]:
    """Exit status, stdout, stderr and the files written, of one run in ``folder`` (made here)."""
    folder.mkdir()
    ran = run_main(*words, cwd=folder)
    written = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    return ran.returncode, ran.stdout_bytes, ran.stderr_bytes, written


def _never(*_: object) -> None:
    raise AssertionError("validated although the fact file's snapshot is valid")


@pytest.mark.parametrize("facts", ["shipped", *(pytest.param(name, marks=pytest.mark.slow) for name in GENERATED)])
@pytest.mark.parametrize(("name", "words"), LINES, ids=[" ".join(words) for _, words in LINES])
def test_every_command_prints_the_same_with_and_without_the_snapshot(
        name: str, words: list[str], facts: str, generated: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    argv = [*words] if facts == "shipped" else [*words, "--facts", str(generated[facts])]
    from laos_tip.export import metadata

    monkeypatch.setattr(metadata, "created_now", lambda: "2025-01-30T00:00:00Z")  # an export's own time aside
    without = _run(argv, tmp_path / "without")
    monkeypatch.delenv("LAOS_TIP_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = _run(argv, tmp_path / "first")
    snapshots = list((tmp_path / "cache" / "laos-tip").glob("facts-*.json"))
    if name not in ("schema", "check") and without[0] == 0:
        assert len(snapshots) == 1  # the command read the fact file, so it wrote its snapshot
    monkeypatch.setattr(load_validate, "validate", _never)
    warm = _run(argv, tmp_path / "warm")
    assert first == without
    assert warm == without


def test_the_command_lines_cover_every_command_and_every_format() -> None:
    assert {name for name, _ in LINES} == {command.name for command in COMMANDS}
    formats = {words[-1] for _, words in LINES if words[-2:-1] == ["--format"]}
    assert formats >= {"table", "json", "csv", "tsv", "value", "csl-json"}
