"""What every way into laos-tip shares, without typer: exit codes, messages, streams, the fact file.

Both the typer app (``cli.py``) and the fast path (``fast.py``) run the command bodies of
``commands.py`` through ``guarded`` here, which maps errors to exit codes, and the bodies use
the shared pieces below (``load_facts``, ``choose_period``, ``show_values``, ``show_check``). Nothing here
imports typer or rich, and the modules that read and show a fact file (schema, output, views)
are imported by the functions that use them: help, completion and usage errors pass through here
and read no file.
"""

from __future__ import annotations

import enum
import errno
import io
import os
import signal
import sys
from collections.abc import Callable

from laos_tip.errors import LaosTipError, NoDataError
from laos_tip.spec import ValueFormat
from laos_tip.textsafe import printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from laos_tip.model import FactBase


class ExitCode(enum.IntEnum):
    """Exit statuses of laos-tip, as documented in the README."""

    OK = 0
    ERROR = 1  # a bad fact file, an unknown key, a year without figures
    USAGE = 2  # a wrong option or argument (Click's convention)
    INTERRUPTED = 128 + signal.SIGINT  # Ctrl-C; another signal that stops a command exits 128 + its number


# os.path, not pathlib: pathlib imports urllib.parse, a few milliseconds of every call (see benchmarks/README.md).
_HERE = os.path.dirname(os.path.realpath(__file__))
PACKAGED_FACTS = os.path.join(_HERE, "facts.yaml")  # inside an installed wheel
CHECKOUT_FACTS = os.path.join(os.path.dirname(_HERE), "facts.yaml")  # checkout or editable install
#: How output names the shipped fact file, wherever it is installed: never a local path.
SHIPPED_NAME = "laos_tip/facts.yaml"


def _say(line: str) -> None:
    """One line on stderr, control characters from the data escaped; a closed stderr loses it quietly."""
    try:
        sys.stderr.write(printable(line) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # nowhere left to report anything
        pass


def error(message: str) -> None:
    """One line on stderr, prefixed with the program name."""
    _say(f"laos-tip: error: {message}")


def warn(message: str) -> None:
    """A warning on stderr, so stdout keeps only the data asked for."""
    _say(f"laos-tip: warning: {message}")


def note(message: str) -> None:
    """What a command did, on stderr, for commands whose stdout carries no data."""
    _say(f"laos-tip: {message}")


def silence_stdout() -> None:
    """After the reader closed the pipe, send what is left to /dev/null so exit does not complain."""
    _to_devnull(sys.stdout)


class _ClosedStdout(io.TextIOBase):
    """Standard output when the shell closed it (``>&-``): every write fails, as on a closed file."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _Pacified(io.TextIOBase):
    """stdout or stderr that swallows a closed pipe: the reader has all it wanted.

    After the first EPIPE, the descriptor is pointed at /dev/null so that Python's own
    flush at exit does not fail again; the command ends with its own exit status, so
    ``check`` still fails a bad file whatever happened to its output.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    # io.TextIOBase defines these as None, so __getattr__ would never pass them on: the
    # tables choose their box characters by the stream's encoding.
    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self._stream, "encoding", None) or "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return int(self._stream.fileno())

    def isatty(self) -> bool:
        return bool(self._stream.isatty())

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            _to_devnull(self._stream)
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            _to_devnull(self._stream)


def _to_devnull(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null; a stream without one (e.g. under CliRunner) is left alone."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # not a real file (e.g. under CliRunner)
        pass


def prepare_streams() -> None:
    """Make the standard streams safe to use, whatever state the shell left them in.

    Called once by the console-script entry before anything else. A closed descriptor 0, 1
    or 2 is taken by /dev/null opened read-only, so no file the command opens can become its
    "stdout"; a closed stdout fails every write (one line on stderr, exit 1), a closed stderr
    drops messages (the data on stdout and the exit status stay as they are), and a reader
    that closes the pipe early ends the output quietly.
    """
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            try:
                spare = os.open(os.devnull, os.O_RDONLY)
                if spare != descriptor:
                    os.dup2(spare, descriptor)
                    os.close(spare)
            except OSError:
                pass
    sys.stdout = _Pacified(sys.stdout) if sys.stdout is not None else _ClosedStdout()
    sys.stderr = _Pacified(sys.stderr) if sys.stderr is not None else io.StringIO()


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
    try:
        code = action()
        sys.stdout.flush()
    except LaosTipError as problem:
        error(str(problem))
        return ExitCode.ERROR
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


def facts_path(option: Path | str | None) -> str:
    """The fact file to read: --facts or LAOS_TIP_FACTS, else the shipped one."""
    if option is not None:
        return str(option)
    if os.path.isfile(PACKAGED_FACTS):
        return PACKAGED_FACTS
    return CHECKOUT_FACTS


def facts_name(option: Path | str | None) -> str:
    """How output names the fact file: as the user gave it, or ``laos_tip/facts.yaml`` for the shipped one."""
    return str(option) if option is not None else SHIPPED_NAME


def load_facts(option: Path | str | None) -> FactBase:
    """Load and validate the chosen fact file."""
    # Here, not at the top: help, completion and usage errors come through this module and read no file.
    from laos_tip.schema import load

    return load(facts_path(option), facts_name(option))


def choose_period(facts: FactBase, year: int | None) -> int:
    """--year, or the latest period with figures; a year without figures is an error."""
    periods = facts.periods()
    if not periods:
        raise NoDataError(f"{facts.path} holds no figures")
    if year is None:
        return periods[-1]
    if year not in periods:
        raise NoDataError(f"no figures for {year}; years with figures: {', '.join(map(str, periods))}")
    return year


def show_values(keys: list[str], facts: Path | str | None, year: int | None, fmt: ValueFormat) -> None:
    """Body of ``get``: the values of ``keys`` in the order asked, on stdout; warnings on stderr.

    Every key is looked up before anything is printed, so an unknown key (or one without a
    value that year) fails the whole call with no partial output. One key with --json prints
    the key's document; several print one document whose ``values`` lists the same documents
    without the fields they share (``output_version``, ``command``, ``facts``).
    """
    from laos_tip import views
    from laos_tip.output import to_json, write

    fact_base = load_facts(facts)
    period = choose_period(fact_base, year)
    answers = [views.lookup(fact_base, key, period) for key in keys]
    for answer in answers:
        for message in answer.warnings:
            warn(message)
    if fmt is ValueFormat.json:
        if len(answers) == 1:
            write(to_json(answers[0].document))
        else:
            shared = ("output_version", "command", "facts")
            values = [{k: v for k, v in answer.document.items() if k not in shared} for answer in answers]
            write(to_json(views.envelope("get", fact_base, values=values)))
    elif fmt is ValueFormat.tsv:
        write("".join(f"{key}\t{answer.text}\n" for key, answer in zip(keys, answers, strict=False)))
    else:
        write("".join(answer.text + "\n" for answer in answers))


def show_check(path: Path | str | None, facts: Path | str | None, as_json: bool) -> ExitCode:
    """Body of ``check``: every problem on stdout (or JSON), then conflicts between sources as findings.

    A file with problems exits 1 with a verdict on stderr; conflicts between sources are
    information about the sources, not errors in the file, and leave the status 0.
    """
    from laos_tip import views
    from laos_tip.check import check_file
    from laos_tip.output import to_json, write

    chosen = path if path is not None else facts
    report = check_file(facts_path(chosen), facts_name(chosen))
    try:
        if as_json:
            write(to_json(views.check_document(report)))
        elif report.valid:
            write(printable(f"ok: {report.path}: {report.describe_counts()}") + "\n")
            write("".join(printable(f"finding: sources disagree: {views.contradiction_note(h)}") + "\n"
                          for h in report.conflicts))
        else:
            write("".join(problem.describe(report.path) + "\n" for problem in report.problems))
        sys.stdout.flush()  # the list first, then the verdict, when both go to one terminal or log
    except BrokenPipeError:  # the reader left: the verdict is still the exit status
        silence_stdout()
    if report.valid:
        return ExitCode.OK
    count = len(report.problems)
    error(f"{report.path} is not a valid fact file ({count} problem{'s' if count > 1 else ''})")
    return ExitCode.ERROR
