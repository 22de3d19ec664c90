"""Every command and every format, taken from the registries (never a hand list): help, rendering, envelopes."""

from __future__ import annotations

import csv
import inspect
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import FACTS, command_example, example_arguments
from laos_tip.cli import bodies
from laos_tip.cli.declaration import COMMANDS, Command
from laos_tip.factfile.pipeline import load
from laos_tip.render.formats import Format
from laos_tip.views.base import View
from laos_tip.views.envelope import ENVELOPE

WITH_VIEW = [command for command in COMMANDS if command.view]


def example(command: Command) -> list[str]:
    return command_example(command)


def test_the_registry_has_the_commands_with_views() -> None:
    assert len(WITH_VIEW) >= 8 and len(COMMANDS) > len(WITH_VIEW)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_every_command_has_help(command: Command, invoke: Callable[..., Any]) -> None:
    result = invoke(command.name, "--help")
    assert result.exit_code == 0, result.output
    assert f"laos-tip {command.name}" in result.output and "Example: laos-tip" in result.output


@pytest.mark.parametrize("fmt", list(Format), ids=lambda fmt: fmt.value)
@pytest.mark.parametrize("command", WITH_VIEW, ids=lambda command: command.name)
def test_every_command_with_a_view_renders_in_every_format(command: Command, fmt: Format,
                                                           invoke: Callable[..., Any]) -> None:
    result = invoke(*example(command), "--format", fmt.value)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and result.stdout.strip()
    if fmt is Format.json:
        assert json.loads(result.stdout)["command"] == command.name
    elif fmt.value in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(result.stdout), delimiter="," if fmt.value == "csv" else "\t"))
        assert len(rows) >= 2 and all(len(row) == len(rows[0]) for row in rows), rows


@pytest.mark.parametrize("command", WITH_VIEW, ids=lambda command: command.name)
def test_every_view_document_starts_with_the_envelope(command: Command, invoke: Callable[..., Any]) -> None:
    """The builder the command declares returns a View whose document begins with the envelope's keys,
    and it is the very document the command prints for the same arguments."""
    facts = load(str(FACTS))
    positional = example_arguments(command)
    arguments: dict[str, Any] = {param.name: int(word) if param.kind == "year" else word
                                 for param, word in zip(command.arguments, positional, strict=True)}
    if "period" in inspect.signature(bodies.builder(command)).parameters:
        arguments["period"] = facts.latest_period()
    view = bodies.builder(command)(facts, **arguments)
    assert isinstance(view, View)
    assert tuple(view.document)[: len(ENVELOPE)] == ENVELOPE
    assert view.document["command"] == command.name
    printed = json.loads(invoke(command.name, *positional, "--facts", str(FACTS), "--json").stdout)
    assert printed == json.loads(json.dumps(view.document))
