"""How a command ends: errors become one line on stderr and an exit status, for the typer app and the fast path alike.

Both the typer app (``app.py``) and the fast path (``entry.py``) run the command bodies of
``bodies.py`` through ``guarded`` here. Nothing here imports typer or rich, or reads a fact file.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable

from laos_tip.cli.exit_codes import ExitCode
from laos_tip.cli.streams import error, silence_stdout
from laos_tip.core.errors import LaosTipError


class Acted:
    """Whether this process ran something of laos-tip's own (a command body, ``--version``, completion).

    Set by ``guarded`` and the typer app's eager options; ``helpcache`` keeps what the typer app
    wrote only when it is still False, that is when typer did nothing but its help or a usage error.
    """

    ran = False


def output_failure(problem: OSError | UnicodeEncodeError) -> ExitCode:
    """stdout cannot take the output (full disk, closed descriptor): one line on stderr, exit 1."""
    silence_stdout()  # what is still buffered must not fail again when Python exits
    if isinstance(problem, UnicodeEncodeError):
        character = problem.object[problem.start:problem.start + 1]
        encoding = getattr(sys.stdout, "encoding", None) or problem.encoding
        error(f"cannot write U+{ord(character):04X} in the output encoding {encoding}; "
              "set PYTHONIOENCODING=utf-8 or use a UTF-8 locale")
    else:
        error(f"cannot write the output: {getattr(problem, 'strerror', None) or problem}")
    return ExitCode.ERROR


def guarded(action: Callable[[], ExitCode | None]) -> int:
    """Run a command body: LaosTipError becomes one line on stderr and exit 1, a closed pipe a quiet exit 0.

    The one place that maps the library's errors to exit codes, for the typer app and the fast path alike:
    an output that cannot be written (full disk, closed stdout, an encoding without a character of the
    output) is one line on stderr and exit 1; Ctrl-C is a quiet exit 130 (128 + the signal's number for
    SIGTERM and SIGHUP during an export).
    """
    Acted.ran = True
    try:
        code = action()
        sys.stdout.flush()
    except LaosTipError as problem:
        error(str(problem))
        return ExitCode.USAGE if problem.usage else ExitCode.ERROR
    except BrokenPipeError:
        silence_stdout()
        return ExitCode.OK
    except UnicodeEncodeError as problem:
        return output_failure(problem)
    except OSError as problem:
        return output_failure(problem)
    except KeyboardInterrupt as stop:
        silence_stdout()
        return 128 + int(getattr(stop, "signum", signal.SIGINT))
    return code or ExitCode.OK
