"""Parsing a command line without typer, from the declaration the typer app is built from.

Importing typer costs more than everything else ``laos-tip get arrests`` does (the interpreter,
PyYAML, loading and validating the fact file; see benchmarks/README.md). So ``parse`` reads the
command line itself, from ``declaration.py``, and converts values with the same functions.
Whatever it is not sure of — help, completion, ``--version``, ``--``, a repeated option, a value
that does not read, a missing or extra argument, an unknown option — it leaves to the typer app
(``parse`` returns None), which prints its usual messages. A property test feeds both paths
generated command lines and requires the same stdout, stderr and exit status.
"""

from __future__ import annotations

import os

from laos_tip.cli.declaration import BY_NAME, ENV_COMPLETE, Command, convert

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


def parse(argv: list[str]) -> tuple[Command, dict[str, Any]] | None:
    """The command ``argv`` names and the keyword arguments of its body, or None for the typer app."""
    if not argv or argv[0] not in BY_NAME or ENV_COMPLETE in os.environ:
        return None
    command = BY_NAME[argv[0]]
    read = _options(command, argv[1:])
    if read is None:
        return None
    values, positionals = read
    if not _arguments(command, positionals, values):
        return None
    for param in command.options:
        if param.name not in values and param.required:
            return None  # a required option left out: typer's message
        if param.name not in values:
            values[param.name] = (os.environ.get(param.envvar) or None if param.envvar else None) or param.default
    return command, values


def _options(command: Command, tokens: list[str]) -> tuple[dict[str, Any], list[str]] | None:
    """The options' values and the positional arguments, or None for anything typer should say."""
    by_flag = {flag: param for param in command.options for flag in param.flags}
    values: dict[str, Any] = {}
    positionals: list[str] = []
    rest = iter(tokens)
    for token in rest:
        if not (token == "--" or (token.startswith("-") and token != "-")):
            positionals.append(token)
            continue
        # Click reads "--name=value" for long options only; "-yVALUE" and "-y=VALUE" go to typer.
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        param = by_flag.get(name)
        if param is None or param.name in values or (param.kind == "flag" and equals):
            return None
        if param.kind == "flag":
            values[param.name] = True
            continue
        text = attached if equals else next(rest, None)
        value = convert(param.kind, text) if text else None  # a missing or empty value: typer's message
        if value is None:
            return None
        values[param.name] = value
    return values, positionals


def _arguments(command: Command, positionals: list[str], values: dict[str, Any]) -> bool:
    """Put the positional arguments into ``values``; False when they do not read (typer's message)."""
    for param in command.arguments:
        if param.many:
            taken, positionals = positionals, []
        else:
            taken, positionals = positionals[:1], positionals[1:]
        if not taken:
            if param.required:
                return False
            values[param.name] = param.default
            continue
        converted = [convert(param.kind, text) for text in taken]
        if any(value is None for value in converted):
            return False
        values[param.name] = converted if param.many else converted[0]
    return not positionals
