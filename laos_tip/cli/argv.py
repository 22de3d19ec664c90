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
    by_flag = {flag: param for param in command.options for flag in param.flags}
    values: dict[str, Any] = {}
    positionals: list[str] = []
    tokens = iter(argv[1:])
    for token in tokens:
        if token == "--" or (token.startswith("-") and token != "-"):
            # Click reads "--name=value" for long options only; "-yVALUE" and "-y=VALUE" go to typer.
            name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
            param = by_flag.get(name)
            if param is None or param.name in values:
                return None
            if param.kind == "flag":
                if equals:
                    return None
                values[param.name] = True
                continue
            text = attached if equals else next(tokens, None)
            if not text:  # a missing or empty value: typer's message
                return None
            value = convert(param.kind, text)
            if value is None:
                return None
            values[param.name] = value
        else:
            positionals.append(token)
    for param in command.arguments:
        if param.many:
            taken, positionals = positionals, []
        else:
            taken, positionals = positionals[:1], positionals[1:]
        if not taken:
            if param.required:
                return None
            values[param.name] = param.default
            continue
        converted = [convert(param.kind, text) for text in taken]
        if any(value is None for value in converted):
            return None
        values[param.name] = converted if param.many else converted[0]
    if positionals:
        return None
    for param in command.options:
        if param.name not in values:
            values[param.name] = (os.environ.get(param.envvar) or None if param.envvar else None) or param.default
    return command, values
