"""Running the console script on a pseudo-terminal, and reading what it drew as a person would.

Shared by the tests of terminal output (tests/render, tests/views): a table's layout depends on
the terminal's size, which only a real pseudo-terminal gives the process.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import termios
import time

from conftest import clean_env

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")


def run_in_pty(argv: list[str], columns: int = 80, rows: int = 24, stdin_tty: bool = False, **extra: str) -> str:
    """Run ``argv`` with stdout on a pseudo-terminal of the given size; what it wrote, escapes kept.

    ``stdin_tty``: stdin on the terminal too, as in an interactive shell (a pager runs only then).
    """
    env = clean_env(TERM="xterm-256color", **extra)
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(argv, stdin=secondary if stdin_tty else subprocess.DEVNULL, stdout=secondary,
                               stderr=secondary, env=env, close_fds=True)
    os.close(secondary)
    chunks = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 1)
        if ready:
            try:
                data = os.read(primary, 65536)
            except OSError:  # the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(primary)
    assert process.wait(timeout=30) == 0
    return codecs.decode(b"".join(chunks), "utf-8")


def plain(text: str) -> str:
    """What a person reads: no colour, style or hyperlink escapes, no carriage returns."""
    return _ESCAPES.sub("", text).replace("\r", "")


