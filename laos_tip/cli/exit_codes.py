"""The exit statuses of laos-tip, each with its meaning; docs/commands.md's table is generated from them."""

from __future__ import annotations

import enum
import signal


class ExitCode(enum.IntEnum):
    """Exit statuses of laos-tip."""

    meaning: str

    def __new__(cls, status: int, meaning: str) -> ExitCode:
        member = int.__new__(cls, status)
        member._value_ = status
        member.meaning = meaning
        return member

    OK = (0, "success; for `check`, every file is valid (conflicts between sources are findings, not errors). "
             "Also when the reader closes the pipe early (`| head`), except for `check` with a bad file, and "
             "when stderr is closed or full (`2>&-`, `2>/dev/full`: the warnings are lost, not the data)")
    ERROR = (1, "a bad or unreadable fact file, an unknown key or metric, a year without figures, an export that "
                "cannot be written, or output that cannot be written (a full disk, a closed stdout, an encoding "
                "without a character of the output in a machine format; a table shows it as an escape such as "
                "`\\u0ea5`)")
    USAGE = (2, "a wrong option or argument, or options a command refuses together (Click's convention); also "
                "a field `--fields` names that the rows do not have (one line listing those they have)")
    INTERRUPTED = (128 + signal.SIGINT, "Ctrl-C; another signal that stops a command (SIGTERM, SIGHUP during an "
                                        "export) exits 128 + its number")
