"""The console script ``laos-tip``: the fast path when the command line is in normal form, else the typer app.

``argv.parse`` reads command lines in normal form without typer; whatever it leaves, and every
command a body refuses (``UsageError``), goes to the typer app (``app.py``). A help screen or a
usage error the typer app wrote before for the same command line, environment and terminal is
written again from the cache without importing typer (``helpcache.py``).
"""

from __future__ import annotations

import os
import sys

from laos_tip.cli.argv import parse

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    from laos_tip.cli.declaration import Command


def run(command: Command, values: dict[str, Any]) -> int | None:
    """Run a parsed command line; its exit status, or None when the command refuses it (typer's message)."""
    from laos_tip.cli.bodies import body
    from laos_tip.cli.process import guarded
    from laos_tip.core.errors import UsageError

    run_command = body(command)
    try:
        return guarded(lambda: run_command(**values))
    except UsageError:  # raised before any output: typer shows it as a usage error
        return None


def main(argv: list[str] | None = None) -> None:
    """``laos-tip``: the fast path when it applies, else the typer app.

    The one place where every way out of the program meets: the standard streams are made
    safe first (``streams.prepare_streams``), and whatever the command or typer did, the
    output is flushed here, so a full disk or an encoding error is one line on stderr and
    exit 1, a reader that left early a quiet end, Ctrl-C a quiet exit 130; never a traceback.
    """
    from laos_tip.cli.exit_codes import ExitCode
    from laos_tip.cli.process import output_failure
    from laos_tip.cli.streams import prepare_streams

    args = sys.argv[1:] if argv is None else argv
    prepare_streams()
    code: object
    parsed = None
    try:
        parsed = parse(args)
        code = run(*parsed) if parsed is not None else None
        if code is None and parsed is None:  # help or a usage error, as typer wrote it last time
            from laos_tip.cli.helpcache import replay

            code = replay(args)
        if code is None:
            from laos_tip.cli.helpcache import record
            from laos_tip.cli.lighthelp import defer_unused_rich

            defer_unused_rich()
            from laos_tip.cli.app import main as typer_main

            record(args, typer_main)
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
    if argv is None and parsed is not None and isinstance(code, int):
        _leave_now(code)
    sys.exit(code)


def _leave_now(code: int) -> None:
    """End the console script at once once a command has printed all it had, skipping the interpreter's teardown.

    Freeing every object one by one at exit cost 7 ms of a 55 ms ``get`` and 25 ms on 50,000 figures
    (benchmarks/README.md), and 12 ms of an export, for a process about to end. Only for a command of the
    fast path, once it has returned: a file it wrote is closed, synced and renamed into place by then
    (``export.atomic``), a temporary one removed; stdout is flushed above and stderr here. Only when
    nothing asked to run at exit (``atexit``); otherwise, and when called from Python (``main(argv)``),
    the usual ``sys.exit``.
    """
    import atexit

    pending = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere the usual exit
    if pending is None or pending() != 0:
        return
    try:
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed stderr loses nothing the exit status does not say
        pass
    os._exit(int(code))
