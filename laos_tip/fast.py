"""Console-script entry point: command lines in normal form run without importing typer.

Importing typer costs more than everything else ``laos-tip get arrests`` does (the interpreter,
PyYAML, loading and validating the fact file; see benchmarks/README.md). So this module parses
the command line itself, from the declaration in ``spec.py`` that the typer app is built from,
converts values with the same functions, and runs the command body in ``commands.py``. Whatever
it is not sure of — help, completion, ``--version``, ``--``, a repeated option, a value that does
not read, a missing or extra argument, an unknown option, options a command refuses together —
goes to the typer app, which prints its usual messages. tests/test_command_line.py feeds both
paths generated command lines and requires the same stdout, stderr and exit status.
"""

from __future__ import annotations

import os
import sys

from laos_tip.spec import BY_NAME, ENV_COMPLETE, Command, convert

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


def run(command: Command, values: dict[str, Any]) -> int | None:
    """Run a parsed command line; its exit status, or None when the command refuses it (typer's message)."""
    from laos_tip import commands
    from laos_tip.errors import UsageError
    from laos_tip.runtime import guarded

    body = getattr(commands, command.name)
    try:
        return guarded(lambda: body(**values))
    except UsageError:  # raised before any output: typer shows it as a usage error
        return None


def main(argv: list[str] | None = None) -> None:
    """``laos-tip``: the fast path when it applies, else the typer app.

    The one place where every way out of the program meets: the standard streams are made
    safe first (``runtime.prepare_streams``), and whatever the command or typer did, the
    output is flushed here, so a full disk or an encoding error is one line on stderr and
    exit 1, a reader that left early a quiet end, Ctrl-C a quiet exit 130; never a traceback.
    """
    from laos_tip.runtime import ExitCode, output_failure, prepare_streams

    args = sys.argv[1:] if argv is None else argv
    prepare_streams()
    code: object
    try:
        parsed = parse(args)
        code = run(*parsed) if parsed is not None else None
        if code is None:
            from laos_tip.cli import main as typer_main

            typer_main(args)
            code = ExitCode.OK
    except SystemExit as leaving:
        code = leaving.code
    except KeyboardInterrupt:
        code = ExitCode.INTERRUPTED
    except (OSError, UnicodeEncodeError) as problem:  # help or a usage message that could not be written
        code = output_failure(problem)
    try:
        sys.stdout.flush()
    except (OSError, UnicodeEncodeError) as problem:
        failed = output_failure(problem)
        code = code or failed
    sys.exit(code)
