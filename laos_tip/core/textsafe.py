"""Making text from a fact file safe to show: every writer but JSON passes data through ``printable``.

A fact file is untrusted. Its text is shown, never obeyed: an ESC character in a label must
not clear the screen, hide text or move the cursor, an OSC 8 sequence must not link one URL
while showing another, a right-to-left override must not reorder a figure. ``printable``
turns each such character into a visible escape (``\\x1b``, ``\\u202e``) so the reader sees
that it is there, and leaves every other character as it is.

``REFUSED`` matches the characters ``check`` reports as problems of a fact file: control
characters and bidirectional overrides have no place in a label or a quote. Invisible but
legitimate characters (a zero-width space copied with a quote, a soft hyphen) load, and are
shown escaped. So are the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0): letters by category
but blank, of width 0 in Unicode's tables and 1 or 2 in terminals' (tmux 3.3 draws U+3164 two
cells wide), so a table could not align them and a reader could not see them.

Nothing here imports more than ``re``; ``unicodedata`` is loaded only for text that is not
plain printable text.
"""

from __future__ import annotations

from laos_tip.core.patterns import Lazy

#: Kept as they are: the joiners that emoji sequences and several scripts need.
_JOINERS = frozenset("\u200c\u200d")
#: Unicode categories shown escaped: controls, format characters (bidi marks and overrides,
#: zero-width and invisible characters), lone surrogates and line or paragraph separators.
_ESCAPED_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))
#: Blank letters, shown escaped although ``str.isprintable`` passes them: the Hangul fillers.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
#: What ``check`` refuses in a text field: C0 controls but tab and newline, DEL, C1 controls,
#: and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
REFUSED = Lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape(character: str) -> str:
    """The visible escape of one character: ``\\x1b``, ``\\u202e``, ``\\U000e0041``.

    A lone surrogate from a file name that is not UTF-8 (``surrogateescape``) stands for one
    byte, so it is shown as that byte, as ``bytes.decode(errors="backslashreplace")`` would.
    """
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(character, f"\\x{code:02x}")
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control, format or separator character shown as a visible escape.

    ``keep`` lists characters the caller's format carries safely as they are (a CSV cell keeps
    its line breaks and tabs inside quotes). Ordinary text, whatever its script, is unchanged.
    """
    if text.isprintable() and (text.isascii() or _BLANK_LETTERS.isdisjoint(text)):
        return text  # the common case, in C: no control, format or separator character, no blank letter
    return "".join(escape(ch) if ch not in keep and hidden(ch) else ch for ch in text)


def hidden(character: str) -> bool:
    """Whether a terminal could obey ``character``, or not show it: it must then be shown escaped."""
    if character in _BLANK_LETTERS:
        return True
    if character.isprintable() or character in _JOINERS:
        return False
    import unicodedata

    return unicodedata.category(character) in _ESCAPED_CATEGORIES
