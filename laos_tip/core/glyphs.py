"""Every non-ASCII character laos-tip draws itself, and what it becomes where the output cannot hold it.

Views use the names here (never the characters); the terminal renderer replaces each with its
fallback when the output encoding lacks it (``PYTHONIOENCODING=ascii``, cp1252 ...). A character
drawn by a view but missing here would print as ``?`` in such an encoding: a test checks that every
glyph of every view is declared.
"""

from __future__ import annotations

AT_LEAST = "≥"  # a lower bound
AT_MOST = "≤"
LOW_MARK = "†"  # a headline only a low-reliability source gives
DISPUTED_MARK = "*"  # a headline another source contradicts
GAP = "—"  # no figure for that year
TIMELINE_MARK = "●"  # a report's tier in the timeline
BULLET = "•"  # a note under a table
FULL_BLOCK = "█"  # a trend bar; EIGHTHS end it to an eighth of a cell
EIGHTHS = " ▏▎▍▌▋▊▉"

#: Each glyph, and what an output encoding without it shows instead. Typographic characters that data
#: often holds (dashes, quotes, an ellipsis) are here too, so that a table in ASCII reads naturally.
FALLBACKS: dict[str, str] = {
    AT_LEAST: ">=", AT_MOST: "<=", FULL_BLOCK: "#", **{eighth: "" for eighth in EIGHTHS[1:]},
    BULLET: "*", GAP: "-", "–": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x",
    "→": "->", TIMELINE_MARK: "o", LOW_MARK: "+", DISPUTED_MARK: "*",
}
