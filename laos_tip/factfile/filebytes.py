"""Reading a fact file's bytes within the limits: a regular file, at most ``MAX_BYTES``, never a hang.

Apart from ``reader.py`` (which imports PyYAML) so that a command whose snapshot is valid
(``snapshot.py``) reads the file and checks its fingerprint without importing the parser.
"""

from __future__ import annotations

import os
import stat

from laos_tip.core.errors import FactFileError
from laos_tip.core.problems import Code, Problem

#: Largest fact file read, in bytes (8 MiB: about 30,000 figures with a quoted sentence each,
#: like the shipped ones at 280 bytes a figure; 55,000 with short quotes of 150 bytes).
#: Larger files are refused from their size alone, before a byte is read.
MAX_BYTES = 8 * 1024 * 1024


def read_bytes(path: str, name: str | None = None) -> bytes:
    """Read a fact file, refusing what is not a regular file or is too large.

    The size is judged from ``fstat`` before reading, so a huge file costs nothing; the
    file is opened non-blocking so that a named pipe with no writer cannot hang us.
    Messages call the file ``name`` (default: ``path``).
    """
    shown = path if name is None else name
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise _fail(shown, Code.NOT_A_FILE, "is a directory, not a fact file")
            if not stat.S_ISREG(info.st_mode):
                raise _fail(shown, Code.NOT_A_FILE, "is not a regular file")
            if info.st_size > MAX_BYTES:
                raise _fail(shown, Code.TOO_LARGE, f"is {info.st_size:,} bytes; fact files are limited to {MAX_BYTES:,} bytes")
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(shown, Code.NOT_FOUND, "no such file") from None
    except IsADirectoryError:
        raise _fail(shown, Code.NOT_A_FILE, "is a directory, not a fact file") from None
    except PermissionError:
        raise _fail(shown, Code.UNREADABLE, "permission denied") from None
    except OSError as error:
        raise _fail(shown, Code.UNREADABLE, error.strerror or str(error)) from None
    except ValueError:  # a path with a NUL character in it
        raise _fail(shown, Code.NOT_FOUND, "no such file (the path holds a NUL character)") from None
    if len(data) > MAX_BYTES:  # the file grew while we read it
        raise _fail(shown, Code.TOO_LARGE, f"is over {MAX_BYTES:,} bytes; fact files are limited to that")
    return data


def _fail(path: str, code: Code, message: str) -> FactFileError:
    return FactFileError(path, [Problem(code, message)])
