"""Help screens and usage errors replayed from the cache: the same bytes without importing typer and rich.

Building the typer app and rendering its help with rich costs about three times a command that reads
its snapshot (benchmarks/README.md), and gives the same bytes every time for the same inputs. So
``entry.main`` records what the typer app wrote when it ran nothing but itself (a help screen, a
usage error: no command body, no ``--version``, no completion), and the next identical call writes
it back (``replay``) without importing either.

* **Keyed by every input of those bytes**: the command line, the whole environment (but ``PWD``,
  ``OLDPWD``, ``SHLVL`` and ``_``, which the shell changes on its own), whether each standard stream is
  a terminal and its size, the output streams' encodings, the Python implementation, laos-tip's version
  and the size and modification time of every module of laos-tip, typer and rich. Another terminal
  width, ``NO_COLOR``, a terminal instead of a pipe, an upgrade: each is another key, at worst a miss.
* **Kept as the snapshots are** (``factfile/snapshot.py``): JSON whose header line holds the key and
  the checksum of the rest, in the same trusted cache directory, written atomically, at most ``KEEP``
  files; ``LAOS_TIP_NO_CACHE=1`` turns it off, and completion requests never use it.
* **Recorded, not rendered**: the streams are wrapped while typer runs; a run that reached for a
  stream's binary buffer, or ran anything of laos-tip's own (``acted``), is not kept.
"""

from __future__ import annotations

import json
import os
import sys

from laos_tip.cli.declaration import ENV_COMPLETE
from laos_tip.cli.process import Acted
from laos_tip.cli.streams import Passing
from laos_tip.core.digest import sha256_hex
from laos_tip.core import cachefiles

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

#: The layout of a help file; another layout is another number.
FORMAT = 1
#: Help files kept, beyond which the least recently written are removed.
KEEP = 64
_PREFIX, _SUFFIX = "help-", ".json"
#: Environment variables the shell changes by itself, which no help screen shows.
_VOLATILE = frozenset({"PWD", "OLDPWD", "SHLVL", "_"})
_LAOS_TIP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Packages whose code renders help: a change to any of their modules is a change of key.
_RENDERERS = ("typer", "rich")


def _stamps(folder: str) -> list[str]:
    """Size and modification time of every module under ``folder``."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(name for name in dirs if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(root, name))
                found.append(f"{os.path.relpath(root, folder)}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return found


def _package(name: str) -> str | None:
    """The directory of an installed package, found on ``sys.path`` without importing it."""
    for entry in sys.path:
        folder = os.path.join(entry or ".", name)
        if os.path.isfile(os.path.join(folder, "__init__.py")):
            return os.path.abspath(folder)
    return None


def _terminal(descriptor: int) -> str:
    try:
        if not os.isatty(descriptor):
            return "-"
        size = os.get_terminal_size(descriptor)
        return f"{size.columns}x{size.lines}"
    except OSError:
        return "?"


def key(argv: list[str]) -> str:
    """The key of what the typer app writes for ``argv`` here and now."""
    made_by: list[str] = [str(FORMAT), str(sys.modules["laos_tip"].__version__),
                          sys.implementation.cache_tag or sys.version, json.dumps([sys.argv[0], *argv])]
    made_by += [f"{name}={value}" for name, value in sorted(os.environ.items()) if name not in _VOLATILE]
    made_by += [_terminal(descriptor) for descriptor in (0, 1, 2)]
    made_by += [f"{getattr(stream, 'encoding', None)}:{getattr(stream, 'errors', None)}"
                for stream in (sys.stdout, sys.stderr)]
    made_by += _stamps(_LAOS_TIP)
    for name in _RENDERERS:
        folder = _package(name)
        made_by += [name, *(_stamps(folder) if folder else [])]
    return sha256_hex("\0".join(made_by).encode("utf-8", "surrogateescape"))


def _usable() -> bool:
    return cachefiles.cache_dir() is not None and ENV_COMPLETE not in os.environ


def replay(argv: list[str]) -> int | None:
    """Write what the typer app wrote for ``argv`` last time and return its exit status; None without it."""
    if not _usable():
        return None
    try:
        wanted = key(argv)
    except (OSError, UnicodeError):
        return None
    found = cachefiles.read_file(_PREFIX + wanted + _SUFFIX)
    if found is None:
        return None
    header, body = found
    try:
        expected = {"laos_tip_help": FORMAT, "key": wanted, "checksum": sha256_hex(body)}
        if not header.endswith(b"\n") or json.loads(header) != expected:
            return None
        recorded = json.loads(body)
        code, writes = recorded["code"], recorded["writes"]
        if type(code) is not int or not all(stream in (1, 2) and type(text) is str for stream, text in writes):
            return None
    except (ValueError, KeyError, TypeError):  # corrupt, edited or foreign: run typer, which replaces it
        return None
    for stream, text in writes:
        (sys.stdout if stream == 1 else sys.stderr).write(text)
    return code


class _Recording(Passing):
    """A standard stream that passes everything on and keeps what was written to it, in order."""

    def __init__(self, stream: Any, number: int, writes: list[list[Any]]) -> None:
        super().__init__(stream)
        self._number, self._writes = number, writes
        self.tainted = False

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # bytes written past the text layer would not be recorded
            self.tainted = True
        return getattr(self._stream, name)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(self._stream.encoding)

    def write(self, text: str) -> int:
        written = int(self._stream.write(text))
        if text:
            self._writes.append([self._number, text])
        return written

    def flush(self) -> None:
        self._stream.flush()


def record(argv: list[str], run: Any) -> None:
    """Run the typer app (``run(argv)``) with its output recorded; keep it when only typer acted.

    Whatever ``run`` raises (SystemExit with the exit status, as typer ends) is raised again.
    """
    if not _usable():
        run(argv)
        return
    writes: list[list[Any]] = []
    streams = sys.stdout, sys.stderr
    recorders = _Recording(sys.stdout, 1, writes), _Recording(sys.stderr, 2, writes)
    sys.stdout, sys.stderr = recorders
    Acted.ran = False
    code: object = None  # an exception other than SystemExit: nothing is kept
    try:
        run(argv)
        code = 0
    except SystemExit as leaving:
        code = leaving.code
        raise
    finally:
        sys.stdout, sys.stderr = streams
        if type(code) is int and not Acted.ran and not any(recorder.tainted for recorder in recorders):
            _keep(argv, code, writes)


def _keep(argv: list[str], code: int, writes: list[list[Any]]) -> None:
    try:
        wanted = key(argv)
        body = json.dumps({"code": code, "writes": writes}, ensure_ascii=False).encode("utf-8")
    except (OSError, UnicodeError):
        return
    header = json.dumps({"laos_tip_help": FORMAT, "key": wanted, "checksum": sha256_hex(body)}).encode("ascii")
    cachefiles.write_file(_PREFIX + wanted + _SUFFIX, header + b"\n" + body, _PREFIX, KEEP)
