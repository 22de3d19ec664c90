"""laos-tip's cache directory and its files: where it is, whether it is trusted, atomic writes and pruning.

Shared by the snapshots of fact files (``factfile/snapshot.py``) and the replayed help screens
(``cli/helpcache.py``), so that a help screen costs none of the fact file's modules.

* **Where**: ``laos-tip`` in the platform's cache directory (``cache_dir``); ``LAOS_TIP_NO_CACHE=1``
  turns every cache off, and deleting the directory clears it.
* **Trusted only in a safe place**: the directory must belong to the user running laos-tip and be
  writable by no one else; a file must be a regular file of the same owner. Otherwise, and when the
  directory is missing, read-only or cannot be made, there is no cached file: never an error.
* **Written atomically** (a temporary file in the same directory, then ``os.replace``), so two
  processes writing the same file leave one whole file; at most ``keep`` files of a kind are kept.
"""

from __future__ import annotations

import datetime
import os
import stat
import sys

#: Environment variable that turns snapshots off: any value but "" and "0".
ENV_NO_CACHE = "LAOS_TIP_NO_CACHE"
#: laos-tip's directory in the user's cache directory (platformdirs' ``user_cache_dir`` rules).
APP_NAME = "laos-tip"
#: Largest cached file read, in bytes: a snapshot is about as large as its fact file (at most 8 MiB).
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
#: Every cached file's name ends so; its first line (the header) is at most this long.
SUFFIX, _HEADER_BYTES = ".json", 1024  # a snapshot's header line is about 250 bytes
_STALE_SECONDS = 3600  # a temporary file older than this was left by a process that died


def cache_dir() -> str | None:
    """laos-tip's cache directory (it may not exist yet); None when ``LAOS_TIP_NO_CACHE`` turns snapshots off.

    On Linux the XDG rule is applied here (``$XDG_CACHE_HOME`` when it is an absolute path, else
    ``~/.cache``), as platformdirs applies it (a test holds the two equal), because importing
    platformdirs costs more than a whole command that reads its snapshot; elsewhere platformdirs says.
    """
    if os.environ.get(ENV_NO_CACHE, "") not in ("", "0"):
        return None
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        path = os.path.join(base, APP_NAME)
    else:  # pragma: no cover - depends on the platform
        import platformdirs

        path = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    return path if os.path.isabs(path) else None


def read_file(name: str) -> tuple[bytes, bytes] | None:
    """The header line and the rest of the file ``name`` in the cache directory, when it is there and trusted.

    None when snapshots are off, the directory or the file is not trusted (``_trusted``), the file is
    not a regular file, is larger than ``MAX_SNAPSHOT_BYTES``, or cannot be read: never an error.
    """
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if not _trusted(os.stat(folder)):
            return None
        descriptor = os.open(os.path.join(folder, name),
                             os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _trusted(info) or info.st_size > MAX_SNAPSHOT_BYTES:
                return None
            return handle.readline(_HEADER_BYTES), handle.read(MAX_SNAPSHOT_BYTES + 1)
    except (OSError, ValueError):  # none yet, unreadable, or a path that cannot be opened: no snapshot
        return None


def write_file(name: str, data: bytes, prefix: str, keep: int) -> bool:
    """``data`` as the file ``name`` of the cache directory, atomically; then at most ``keep`` files of ``prefix``.

    False when there is no place for it (snapshots off, a directory not trusted, read-only, full or
    gone); never raises.
    """
    folder = cache_dir()
    if folder is None:
        return False
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if not _trusted(os.stat(folder)):
            return False
        _write(folder, name, data)
    except OSError:  # read-only, full, or gone: the next command validates the file again
        return False
    _prune(folder, prefix, keep)
    return True


def _trusted(info: os.stat_result) -> bool:
    """Whether a cache directory or snapshot belongs to this user and no one else may write it."""
    uid = getattr(os, "getuid", None)
    if uid is not None and info.st_uid != uid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _write(folder: str, name: str, data: bytes) -> None:
    """``data`` as ``folder/name``, through a temporary file renamed into place: readers see all or nothing."""
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with open(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, os.path.join(folder, name))
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _prune(folder: str, prefix: str, keep: int) -> None:
    """Remove the files of ``prefix`` beyond ``keep``, least recently written first, and temporary files left behind."""
    try:
        with os.scandir(folder) as entries:
            found = [(entry.stat().st_mtime, entry.path, entry.name) for entry in entries if entry.is_file()]
        now = datetime.datetime.now().timestamp()
        snapshots = sorted(item for item in found if item[2].startswith(prefix) and item[2].endswith(SUFFIX))
        doomed = [path for _, path, _ in snapshots[:-keep]]
        doomed += [path for mtime, path, name in found if name.endswith(".tmp") and now - mtime > _STALE_SECONDS]
        for path in doomed:
            os.unlink(path)
    except OSError:  # another process pruned first, or the directory went read-only
        pass
