"""Writing a file or a directory atomically: a private temporary beside the target, synced, then one rename.

A crash, a full disk, Ctrl-C, SIGTERM or SIGHUP never leaves a half-written file where a good one
was, nor a temporary file beside it. An existing file is replaced only when asked to (a read-only
one too, keeping its mode). Every target that cannot be written is refused with one message.

A kill that no handler sees (SIGKILL, a power cut) can still leave a temporary ``.NAME.xxxxxxxx.tmp``
beside the target. Each export holds an advisory lock (``flock``) on its temporaries while it
runs, so the next export to the same place knows the ones no process holds are leftovers of a run
that died, and removes them first (``remove_leftovers``). A run still writing keeps its own.

A directory (a Data Package) is replaced by exchanging it with the new one in one system call,
``renameat2(RENAME_EXCHANGE)`` (Linux 3.15 and later, on the file systems that support it): a
reader, or a kill at any instant, sees the old package or the new one, whole. Where that call is
missing, the old directory is renamed aside and the new one renamed in: a kill between the two
renames leaves no package at the target, the old one under ``.NAME.xxxxxxxx.old`` and the new one
under ``.NAME.xxxxxxxx.tmp``, both removed by the next export there.
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
    held: list[int] = []
    # SIGTERM and SIGHUP clean up like Ctrl-C: the handlers are ours only while a temporary file exists.
    with signals_interrupt():
        try:
            remove_leftovers(directory, target.name)
            with signals_held():  # a signal now would leave a file that ``temp`` does not name yet
                temp = new_temporary(directory, temp_prefix(target.name), ".tmp", held=held)
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
                release(held)

#: Longest file name most file systems take, in bytes.
NAME_MAX = 255

#: What a temporary name adds to the target's: '.' before, '.' + 8 random characters + '.tmp'
#: after, and SQLite's '-journal' beside it.
_TEMP_EXTRA = len(".") + len(".") + 8 + len(".tmp") + len("-journal")


def new_temporary(parent: Path, prefix: str, suffix: str, directory: bool = False,
                  held: list[int] | None = None) -> Path:
    """A new empty file (or directory) in ``parent`` that only its owner can read, under a random name.

    What ``tempfile.mkstemp`` and ``mkdtemp`` do, with 8 random characters as they use; importing
    tempfile (with shutil, random and the compression modules it brings) took longer than writing
    the whole JSON export (benchmarks/README.md). With ``held``, the new file stays open and locked
    (``flock``) until ``release(held)``: the mark of a run that is still using it.
    """
    for _ in range(100):
        candidate = parent / f"{prefix}{os.urandom(4).hex()}{suffix}"
        try:
            if directory:
                os.mkdir(candidate, 0o700)
                handle = os.open(candidate, os.O_RDONLY) if held is not None else -1
            else:
                handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            continue
        if held is not None:
            held.append(handle)
            _lock(handle, wait=True)
        elif handle >= 0:
            os.close(handle)
        return candidate
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(parent / f"{prefix}*{suffix}"))


def hold(path: Path, held: list[int]) -> None:
    """Open and lock ``path`` (a file or a directory) until ``release(held)``."""
    handle = os.open(path, os.O_RDONLY)
    held.append(handle)
    _lock(handle, wait=True)


def release(held: list[int]) -> None:
    """Close (and so unlock) the temporaries ``new_temporary`` holds."""
    while held:
        with contextlib.suppress(OSError):
            os.close(held.pop())


def _lock(handle: int, wait: bool) -> bool:
    """Take the exclusive advisory lock on an open file; False when another process holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no leftover is ever taken for dead
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        return False
    return True


def remove_leftovers(parent: Path, name: str) -> list[str]:
    """Remove the temporaries of exports to ``parent / name`` that died (no process holds them); their names.

    Only names this module makes for that target are considered (``.NAME.`` + 8 hex digits +
    ``.tmp``, ``.old`` or ``.tmp-journal``); one that a running export holds locked is kept.
    Nothing is raised: a leftover that cannot be removed stays for a later run.
    """
    import re

    prefix = temp_prefix(name)
    pattern = re.compile(re.escape(prefix) + r"[0-9a-f]{8}\.(?:tmp|old)(-journal)?")
    try:
        names = [entry for entry in os.listdir(parent) if entry.startswith(prefix) and pattern.fullmatch(entry)]
    except OSError:
        return []
    removed = []
    for entry in sorted(names, key=lambda n: n.endswith("-journal")):  # a journal after its file
        path = parent / entry
        if entry.endswith("-journal"):
            if os.path.lexists(path.with_name(entry[: -len("-journal")])):
                continue  # its file's run decides
        elif not _unheld(path):
            continue
        if _remove(path):
            removed.append(entry)
    return removed


def _unheld(path: Path) -> bool:
    """Whether no process holds the lock on ``path`` (a file, or a directory not followed through a link)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        return _lock(handle, wait=False)
    finally:
        os.close(handle)


def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            import shutil

            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        return False
    return True


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step (``renameat2(RENAME_EXCHANGE)``); False where it is not available.

    An OSError of the swap itself (a permission, a path that left) is raised; only "this system or
    file system cannot exchange" gives False, for the caller's two-rename fallback.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or none found
        return False
    at_fdcwd, rename_exchange = -100, 2
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    renameat2.restype = ctypes.c_int
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


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
