"""The standard streams of the command line: made safe at start, messages on stderr, a closed pipe kept quiet.

Nothing here imports typer or rich.
"""

from __future__ import annotations

import errno
import io
import os
import sys

from laos_tip.core.textsafe import printable

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any


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


class Passing(io.TextIOBase):
    """A standard stream that passes everything on to the one it wraps; subclasses change what they must."""

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
        return int(self._stream.write(text))


class _Pacified(Passing):
    """stdout or stderr that swallows a closed pipe: the reader has all it wanted.

    After the first EPIPE, the descriptor is pointed at /dev/null so that Python's own
    flush at exit does not fail again; the command ends with its own exit status, so
    ``check`` still fails a bad file whatever happened to its output.
    """

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
