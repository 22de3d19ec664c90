"""What a table needs to know of where it is drawn: a terminal or not, its width and height, its encoding.

``encoder`` makes the function every drawn text passes through: control and invisible characters
become visible escapes, and characters the output encoding lacks get the fallbacks of
``core/glyphs.py``.
"""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Callable

from laos_tip.core.glyphs import FALLBACKS
from laos_tip.core.textsafe import printable


def stdout_is_terminal() -> bool:
    """Whether people, not a program, read stdout."""
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


#: Terminal widths outside this range are not believed (COLUMNS=0, a pty of size 0): the width is unknown.
MIN_WIDTH, MAX_WIDTH = 20, 10_000


#: The width of a terminal whose width is unknown.
DEFAULT_WIDTH = 80


def terminal_width() -> int:
    """The width of the terminal on stdout: COLUMNS, else the terminal's own size, else 80.

    A value outside MIN_WIDTH..MAX_WIDTH (COLUMNS=0, a pseudo-terminal that reports no size)
    counts as unknown: a table drawn 0 columns wide would print nothing at all.
    """
    def sane(value: int) -> bool:
        return MIN_WIDTH <= value <= MAX_WIDTH

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isascii() and columns.isdigit() and sane(int(columns)):
        return int(columns)
    try:
        size = os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        size = 0
    return size if sane(size) else DEFAULT_WIDTH


#: The height of a terminal whose height is unknown.
DEFAULT_HEIGHT = 24
#: Terminal heights outside this range are not believed (LINES=0, a pty of size 0): the height is unknown.
MIN_HEIGHT, MAX_HEIGHT = 5, 10_000


def terminal_height() -> int:
    """The height of the terminal on stdout, in lines: LINES, else the terminal's own size, else 24."""
    lines = os.environ.get("LINES", "").strip()
    if lines.isascii() and lines.isdigit() and MIN_HEIGHT <= int(lines) <= MAX_HEIGHT:
        return int(lines)
    try:
        size = os.get_terminal_size(sys.stdout.fileno()).lines
    except (AttributeError, ValueError, OSError):
        size = 0
    return size if MIN_HEIGHT <= size <= MAX_HEIGHT else DEFAULT_HEIGHT


def encoder(encoding: str) -> tuple[Callable[[str], str], bool]:
    """A function making text safe to draw in ``encoding``, and whether box-drawing characters are.

    Every text a table prints goes through it (titles, headers, cells, notes, brief lines): data
    from the fact file is shown, never obeyed, so control and invisible characters become visible
    escapes (``printable``) before characters the encoding lacks get their ASCII fallbacks.
    """
    try:
        "━┃│─".encode(encoding)
        boxes = True
    except (UnicodeEncodeError, LookupError):
        boxes = False
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        codec = "ascii"
    missing = {}
    for char, fallback in FALLBACKS.items():
        try:
            char.encode(codec)
        except UnicodeEncodeError:
            missing[ord(char)] = fallback
    if boxes and not missing and codec.startswith("utf"):
        return printable, True

    def safe(text: str) -> str:
        # A character the encoding lacks is shown as its escape (\\u0ea5), never as "?": data is never changed to fit.
        return printable(text).translate(missing).encode(codec, errors="backslashreplace").decode(codec)

    return safe, boxes
