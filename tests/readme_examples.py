"""The documentation's examples, re-run: every ``$ laos-tip ...`` line that can be replayed must print what follows it.

    .venv/bin/python tests/readme_examples.py           # list the examples that differ
    .venv/bin/python tests/readme_examples.py --write   # rewrite them with the current output

The examples are those of README.md and of every markdown file in docs/. An example is
replayed when it is one plain ``laos-tip`` call (no pipe, redirection, comment or shell
variable) and reads only files that exist in the repository. It runs from the repository root
with ``LAOS_TIP_FACTS=facts.yaml``, so paths print as ``facts.yaml``; stdout and stderr are
shown together, as in a terminal, with trailing spaces removed. ``export`` runs in a temporary
directory holding a copy of facts.yaml, after the ``export`` examples above it in the same code
block (so a second export to the same file shows the refusal), and shows what it prints.
A SHA-256 (64 hex digits) is shown as ``<sha256>``, so an edit of the data does not change the
docs. A table for people (a table command without --json, --format or --bibtex) is drawn as in
a terminal of 80 columns: under a pseudo-terminal of 80x24, escape codes removed.
An example whose output ends in a line ``...`` shows only the lines before it,
which must be the first lines of the output. ``tests/test_readme.py`` fails when one differs.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: SHA-256 checksums (of the fact file, in JSON envelopes), shown masked in the docs.
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
MASK = "<sha256>"
_FENCE = re.compile(r"^```")
_SHELL = re.compile(r"[|<>;&#`]|\$\(")
_NOISE = ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
          "CLICOLOR_FORCE", "COLUMNS", "LINES", "TERM")


@dataclass(frozen=True)
class Example:
    """A replayable command of a markdown file and the output written under it (lines [start, end))."""

    command: str
    start: int
    end: int
    shown: str
    #: The ``export`` commands above this one in its code block, replayed first in the same directory.
    setup: tuple[str, ...] = ()
    path: Path = README

    @property
    def cut(self) -> bool:
        """Whether the README shows only the first lines of the output."""
        return self.shown.endswith("\n...")

    def expected(self, output: str) -> str:
        """What the README should show for ``output``."""
        if not self.cut:
            return output
        kept = self.shown.count("\n")  # the lines before "..."
        return "\n".join(output.split("\n")[:kept]) + "\n..."


def _replayable(command: str) -> bool:
    if _SHELL.search(command):
        return False
    words = shlex.split(command)
    if len(words) < 2 or words[0] != "laos-tip":
        return False
    if words[1] == "export":
        return True  # it runs in a temporary directory
    files = [w for w in words[2:] if re.search(r"\.(ya?ml|json|csv|sqlite|db|bin)$", w)]
    return all((ROOT / f).is_file() for f in files)


def examples(text: str, path: Path = README) -> list[Example]:
    """Every replayable example of a markdown text."""
    lines = text.split("\n")
    found: list[Example] = []
    in_block = False
    current: tuple[str, int] | None = None
    exports: list[str] = []  # the export commands seen so far in this code block

    def close(end: int) -> None:
        nonlocal current
        if current is not None:
            command, start = current
            exporting = shlex.split(command)[1] == "export"
            setup = tuple(exports) if exporting else ()
            found.append(Example(command, start, end, "\n".join(lines[start:end]), setup, path))
            if exporting:
                exports.append(command)
        current = None

    for number, line in enumerate(lines):
        if _FENCE.match(line):
            if in_block:
                close(number)
            in_block = not in_block
            exports = []
        elif in_block and line.startswith("$ "):
            close(number)
            command = line[2:]
            if _replayable(command):
                current = (command, number + 1)
    return found


def documents() -> list[Path]:
    """README.md and every markdown file in docs/."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def all_examples() -> list[Example]:
    """Every replayable example of README.md and docs/*.md, in order."""
    return [e for path in documents() for e in examples(path.read_text(encoding="utf-8"), path)]


#: Commands that draw tables for people; the README shows them as an 80-column terminal does.
TABLE_COMMANDS = ("summary", "ratios", "partners", "keys", "trend", "compare", "tier", "sources")
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")


def is_table(words: list[str]) -> bool:
    """Whether the command prints a table for people (so its look depends on the terminal)."""
    machine = any(w in ("--json", "--bibtex", "--help", "-h") or w.startswith(("--format", "-f")) for w in words)
    return words[1] in TABLE_COMMANDS and not machine


def in_terminal(argv: list[str], env: dict[str, str], columns: int = 80, rows: int = 24, cwd: Path = ROOT) -> str:
    """What ``argv`` prints on a pseudo-terminal of ``columns`` x ``rows``, escape codes removed."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(argv, cwd=cwd, env={**env, "TERM": "xterm"}, stdin=subprocess.DEVNULL,
                               stdout=secondary, stderr=secondary, close_fds=True)
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 60)
        try:
            data = os.read(primary, 65536) if ready else b""
        except OSError:  # the child closed its end
            data = b""
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    process.wait(timeout=60)
    return _ESCAPES.sub("", b"".join(chunks).decode("utf-8")).replace("\r", "")


def _run(words: list[str], env: dict[str, str], cwd: Path) -> str:
    argv = [sys.executable, "-m", "laos_tip", *words[1:]]
    if is_table(words):
        return in_terminal(argv, env, cwd=cwd)
    return subprocess.run(argv, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=60).stdout


def replay(command: str, setup: tuple[str, ...] = ()) -> str:
    """What the command prints now, as the docs show it (``setup``: export commands run before it)."""
    env = {k: v for k, v in os.environ.items() if k not in _NOISE}
    env["LAOS_TIP_FACTS"] = "facts.yaml"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    words = shlex.split(command)
    if words[1] == "export":
        with tempfile.TemporaryDirectory() as directory:
            shutil.copyfile(ROOT / "facts.yaml", Path(directory) / "facts.yaml")
            for before in setup:
                _run(shlex.split(before), env, Path(directory))
            output = _run(words, env, Path(directory))
    else:
        output = _run(words, env, ROOT)
    output = _SHA256.sub(MASK, output)
    return "\n".join(line.rstrip() for line in output.rstrip("\n").split("\n"))


def main() -> None:
    """List the examples that differ, or rewrite them with --write."""
    rewritten = 0
    for path in documents():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        stale = [(e, e.expected(replay(e.command, e.setup))) for e in examples(text, path)]
        stale = [(e, now) for e, now in stale if now != e.shown]
        for example, _ in stale:
            print(f"{path.relative_to(ROOT)}:{example.start}: $ {example.command}")
        if "--write" in sys.argv[1:] and stale:
            for example, now in reversed(stale):
                lines[example.start:example.end] = now.split("\n")
            path.write_text("\n".join(lines), encoding="utf-8")
            rewritten += len(stale)
    if "--write" in sys.argv[1:]:
        print(f"rewrote {rewritten} example(s)")


if __name__ == "__main__":
    main()
