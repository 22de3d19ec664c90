"""Writing a file or a directory atomically: a private temporary beside the target, synced, then one rename.

A crash, a full disk, Ctrl-C, SIGTERM or SIGHUP never leaves a half-written file where a good one
was, nor a temporary file beside it. An existing file is replaced only when asked to (a read-only
one too, keeping its mode). Every target that cannot be written is refused with one message.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

from laos_tip.core.errors import ExportError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from typing import Any

    Rows = dict[str, list[dict[str, Any]]]


def write_atomically(target: Path, force: bool, write: Callable[[Path], None]) -> None:
    """Write a file with ``write(temporary path)``, then move it onto ``target`` in one rename."""
    directory = target.parent
    temp: Path | None = None
    # SIGTERM and SIGHUP clean up like Ctrl-C: the handlers are ours only while a temporary file exists.
    with signals_interrupt():
        try:
            with signals_held():  # a signal now would leave a file that ``temp`` does not name yet
                temp = new_temporary(directory, temp_prefix(target.name), ".tmp")
            write(temp)
            sync(temp)
            # The temporary file is private (0600) while it is written; the export gets the mode of
            # the file it replaces, or what the user's umask gives a new file. Set last, so a
            # read-only file is replaced the same way by root and by its owner.
            os.chmod(temp, mode_for(target))
            move_into_place(temp, target, force)
            sync_directory(directory)
        except OSError as problem:
            raise ExportError(f"cannot write {target}: {problem.strerror or problem}") from None
        except WriteError as problem:
            raise ExportError(f"cannot write {target}: {problem}") from None
        finally:
            with signals_held():  # the clean-up runs to its end; a signal is acted on after it
                if temp is not None:
                    for leftover in (temp, Path(f"{temp}-journal")):
                        with contextlib.suppress(OSError):
                            leftover.unlink()

#: Longest file name most file systems take, in bytes.
NAME_MAX = 255

#: What a temporary name adds to the target's: '.' before, '.' + 8 random characters + '.tmp'
#: after, and SQLite's '-journal' beside it.
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".tmp") + len("-journal")


def new_temporary(parent: Path, prefix: str, suffix: str, directory: bool = False) -> Path:
    """A new empty file (or directory) in ``parent`` that only its owner can read, under a random name.

    What ``tempfile.mkstemp`` and ``mkdtemp`` do, with 8 random characters as they use; importing
    tempfile (with shutil, random and the compression modules it brings) took longer than writing
    the whole JSON export (benchmarks/README.md).
    """
    for _ in range(100):
        candidate = parent / f"{prefix}{os.urandom(4).hex()}{suffix}"
        try:
            if directory:
                os.mkdir(candidate, 0o700)
            else:
                os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(parent / f"{prefix}*{suffix}"))


def temp_prefix(name: str) -> str:
    """``.NAME.``, with NAME cut so the temporary file and its journal stay within NAME_MAX bytes."""
    encoded = os.fsencode(name)[: NAME_MAX - _TEMP_EXTRA]
    return f".{os.fsdecode(encoded)}."


def check_target(path: str | os.PathLike[str], force: bool, example: str = "laos-tip.sqlite") -> Path:
    """``path`` as a Path, or ExportError when it can never be the file written (``example``: a name to suggest).

    Every question asked of the file system here can itself fail (a directory the user
    cannot search, a name too long, a path through a regular file): each is one message.
    """
    raw = os.fspath(path)
    target = Path(raw)
    # Path("x.json/") is Path("x.json"): a name that ends with a separator (or "." or "..")
    # names a directory, and must not become a file.
    if raw.endswith(("/", os.sep)) or os.path.basename(raw) in (".", ".."):
        raise ExportError(f"{shown(raw)} names a directory; give a file name such as "
                          f"{shown(str(target / example))}")
    try:
        if target.is_dir():
            raise ExportError(f"{shown(raw)} is a directory; give a file name such as "
                              f"{shown(str(target / example))}")
        if not force and (target.exists() or target.is_symlink()):
            raise ExportError(f"{shown(raw)} already exists; pass --force to replace it")
        directory = target.parent
        if not directory.is_dir():
            why = "is not a directory" if directory.exists() else "does not exist"
            raise ExportError(f"cannot write {shown(raw)}: {shown(str(directory))} {why}")
    except OSError as problem:
        raise ExportError(f"cannot write {shown(raw)}: {problem.strerror or problem}") from None
    except ValueError:  # a NUL character in the path
        raise ExportError(f"cannot write {shown(raw)}: the path holds a NUL character") from None
    return target


def shown(path: str) -> str:
    """A path for a message: cut in the middle when very long (a 5,000-character path stays readable)."""
    return path if len(path) <= 200 else f"{path[:98]}...{path[-99:]}"


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived during an export; ``signum`` says which (exit 128 + signum)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

_STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP back while the block runs; they arrive when it ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def signals_interrupt() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise Interrupted, as SIGINT raises KeyboardInterrupt.

    The block's ``finally`` then removes its temporary files. The previous handlers are put
    back afterwards; outside the main thread, where Python allows no handler, nothing changes.
    """
    def interrupt(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous: dict[int, Any] = {}
    try:
        for number in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
            if number is not None:
                previous[number] = signal.signal(number, interrupt)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~umask()


class WriteError(Exception):
    """A writer's failure that is not an OSError (SQLite's own errors)."""


def sync(path: Path) -> None:
    """Flush the file's data to the disk, so the rename never publishes an empty file."""
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def move_into_place(temp: Path, target: Path, force: bool) -> None:
    if force:
        os.replace(temp, target)
        return
    # A hard link fails if the target appeared since the check above, so a file created
    # meanwhile is never replaced; file systems without hard links fall back to rename.
    try:
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(f"{target} already exists; pass --force to replace it") from None
    except OSError:
        if target.exists():
            raise ExportError(f"{target} already exists; pass --force to replace it") from None
        os.replace(temp, target)


def sync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every platform can open a directory."""
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
