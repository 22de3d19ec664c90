"""Long output for people through a pager, as git and gh do it: PAGER (default ``less``), LESS (default ``FRX``).

``page`` is called only for text drawn for a terminal that is taller than the window: the table
renderer decides that (``terminal.py``); a pipe, a file or ``--no-pager`` never get here. The pager
runs through the shell, as git runs it, so ``PAGER='less -S'`` works. An empty PAGER or ``cat``
means no pager; a pager that cannot be found or started leaves the text to be written as is.
Nobody can page without a keyboard, so stdin must be a terminal too.
"""

from __future__ import annotations

import os
import sys

#: The pager when PAGER is not set, and the options less gets when LESS is not set: quit when
#: the text fits one screen (F), pass colours and links through (R), leave the text on the
#: screen when it quits (X).
DEFAULT_PAGER, DEFAULT_LESS = "less", "FRX"


def pager_command() -> str | None:
    """The pager to run (a shell command line), or None when there is none to run."""
    import shlex
    import shutil

    command = os.environ.get("PAGER", DEFAULT_PAGER).strip()
    if not command or command == "cat":
        return None
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


def can_page() -> bool:
    """Whether a person is at a keyboard and a screen: stdin and stdout both terminals."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def page(text: str) -> bool:
    """Show ``text`` through the pager; False when there is none (the caller writes it as is).

    The pager owns the terminal until it exits: Ctrl-C goes to it (less ignores it, as under
    git), and a pager quit before the end of the text (a closed pipe) is a normal end.
    """
    import subprocess

    command = pager_command()
    if command is None or not can_page():
        return False
    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    env.setdefault("LV", "-c")  # lv, the pager some systems set, passes colours with -c
    sys.stdout.flush()
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)  # noqa: S602
    except OSError:
        return False
    assert process.stdin is not None
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        process.stdin.write(text.encode(encoding, errors="backslashreplace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end
        pass
    while True:
        try:
            process.wait()
            return True
        except KeyboardInterrupt:  # Ctrl-C is the pager's to handle; wait for it to end
            continue
