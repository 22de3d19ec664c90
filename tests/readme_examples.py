"""The documentation's examples, re-run: every ``$ laos-tip ...`` line must print what follows it.

    .venv/bin/python tests/readme_examples.py           # list the examples that differ
    .venv/bin/python tests/readme_examples.py --write   # rewrite them with the current output

The examples are those of README.md and of every markdown file in docs/, outside the parts that
cog generates (``tests/docs/test_docs_fresh.py`` checks those). Every code-block line
``$ laos-tip ...`` is an example (and ``$ set -o pipefail; laos-tip ...``); a ``  # comment`` at its
end is a note for the reader, not part of the command. The output shown is what an installed
user sees: each example runs in an empty temporary directory, with no ``LAOS_TIP_FACTS``, so the
shipped fact file prints as ``laos_tip/facts.yaml``. The input files an example names
(``my-facts.yaml``, ``empty.yaml`` ...) are made there first by ``INPUTS``: the shipped
facts.yaml with named edits, or the few bytes a hostile-input example needs; a file no entry of
``INPUTS`` makes is an error. ``export`` runs after the ``export`` examples above it in the same
code block (so a second export to the same file shows the refusal). A command with pipes or other
shell syntax runs under ``bash -o pipefail`` with ``laos-tip`` on PATH. A line ``$ echo $?`` right
after an example is part of it: it shows the example's exit status. A line that runs a program of
``READERS`` (``sqlite3``, ``head``) on what an export wrote is an example too, when an ``export``
example stands above it in the same code block: it runs under bash after those exports.

stdout and stderr are shown together, as in a terminal, with trailing spaces removed. A SHA-256
(64 hex digits) is shown as ``<sha256>``, so an edit of the data does not change the docs. A table
for people (a table command without --json, --format or --bibtex) is drawn as in a terminal of 80
columns: under a pseudo-terminal of 80x24, escape codes removed. An example whose output ends in a
line ``...`` shows only the lines before it, which must be the first lines of the output.
``tests/test_readme.py`` fails when one differs.
"""

from __future__ import annotations

import os
import random
import re
import shlex
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FACTS = ROOT / "facts.yaml"
#: SHA-256 checksums (of the fact file, in JSON envelopes), shown masked in the docs.
_SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
MASK = "<sha256>"
_FENCE = re.compile(r"^```")
_SHELL = re.compile(r"[|<>;&`]|\$\(|\$\?")
_COMMENT = re.compile(r"\s+#\s.*$")
_PIPEFAIL = "set -o pipefail; "
#: Where a command line calls laos-tip: at its start, or after a shell operator.
_LAOS_TIP = re.compile(r"(?:^|[;&|(]\s*)(?P<call>)laos-tip\s")
_COG_START, _COG_END = "[[[cog", "[[[end]]]"
STATUS = "$ echo $?"
#: Programs that read what an export wrote: in a code block after an export, a line that runs one is an example.
READERS = ("sqlite3", "head")
_NOISE = ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
          "CLICOLOR_FORCE", "COLUMNS", "LINES", "TERM", "LAOS_TIP_FACTS", "TERMINAL_WIDTH", "TYPER_USE_RICH")


# The input files of the examples: the shipped fact file with named edits, or hostile bytes.

def _edited(*edits: tuple[str, str]) -> Callable[[Path], None]:
    """The shipped facts.yaml with each ``(old, new)`` edit made once (``old`` must occur in it)."""
    def make(path: Path) -> None:
        text = FACTS.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, f"{path.name}: the edit's text is not in facts.yaml: {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    return make


def _text(data: str | bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # nobody writes to it


def _huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: refused from its size alone
        handle.truncate(17 * 1024 * 1024)


def _alias_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


_XINHUA = "    source: xinhua-2025-01-30\n"
_XINHUA_QUOTE = ("      Laos recorded 46 new human trafficking cases in 2024, resulting in 95 arrests and\n"
                 "      85 victims, including 40 girls under the age of 18.\n")
#: The input files examples name, by name: how each is made in the example's directory.
INPUTS: dict[str, Callable[[Path], None]] = {
    # Eight mistakes in a copy of the shipped file (docs/check.md).
    "my-facts.yaml": _edited(
        ("  - metric: cases\n    period: 2024\n    value: 46\n",  # an unknown field
         "  - metric: cases\n    period: 2024\n    colour: red\n    value: 46\n"),
        ("  - metric: arrests\n    period: 2024\n    value: 95\n", "  - metric: arrests\n    period: 2024\n    value: '95'\n"),
        ("  - metric: girls_under_18\n    period: 2024\n    value: 40\n",  # more girls than victims, as written 40
         "  - metric: girls_under_18\n    period: 2024\n    value: 90\n    as_written: '40'\n"),
        ("    value: 127\n" + _XINHUA, "    value: 127\n    source: xinhua-2025-01-31\n"),  # no such source
        ("    value: 104\n" + _XINHUA + "    quote: >-\n      In 2024, 127 people attended counseling sessions at "
         "protection centers established\n      to assist women and children, while 104",  # the quote loses its number
         "    value: 104\n" + _XINHUA + "    quote: >-\n      In 2024, 127 people attended counseling sessions at "
         "protection centers established\n      to assist women and children, while 105"),
        ("  - metric: counselling_occasions\n    period: 2024\n",  # a key given twice
         "  - metric: counselling_occasions\n    period: 2024\n    period: 2024\n"),
        ("\n  # Corroborating reports of the 2024 figures",  # one source, two values for one claim
         "  - metric: victims\n    period: 2024\n    value: 86\n" + _XINHUA
         + "    quote: Laos counted 86 victims of trafficking in 2024.\n"
         + "\n  # Corroborating reports of the 2024 figures"),
    ),
    "broken-syntax.yaml": _text("schema_version: 1\nsources: [a, b\nmetrics: x\n"),
    "syntax.yaml": _text("schema_version: 1\nsources: [a, b\nmetrics: x\n"),
    "empty.yaml": _text(""),
    "fifo.yaml": _fifo,
    "rand.bin": _text(random.Random(4).randbytes(4096)),
    "badutf.yaml": _text(b"schema_version: 1\nx: \xff\n"),
    "nul.yaml": _text("x: a\x00b\n"),
    "tab.yaml": _text("schema_version: 1\nsources:\n\t- id: x\n"),
    "list.yaml": _text("- sources\n- metrics\n"),
    "scalar.yaml": _text("hello\n"),
    "multi.yaml": _text("schema_version: 1\n---\nschema_version: 1\n"),
    "pyobj2.yaml": _text('schema_version: 1\nx: !!python/object/apply:os.system ["touch /tmp/pwned"]\n'),
    "bomb.yaml": _text(_alias_bomb()),
    "deepblock.yaml": _text("- " * 100_000 + "x\n"),
    "huge.yaml": _huge,
    "yes.yaml": _edited(("  - metric: cases\n    period: 2024\n    value: 46\n",
                         "  - metric: cases\n    period: 2024\n    value: yes\n")),
    "big-int.yaml": _edited(("  - metric: cases\n    period: 2024\n    value: 46\n",
                             "  - metric: cases\n    period: 2024\n    value: 1000000000000000000000000000000\n")),
    # No new cases in 2024: a zero, with a quote that says so.
    "zero.yaml": _edited(
        ("  - metric: cases\n    period: 2024\n    value: 46\n" + _XINHUA + "    quote: >-\n" + _XINHUA_QUOTE,
         "  - metric: cases\n    period: 2024\n    value: 0\n    as_written: 'no'\n" + _XINHUA
         + "    quote: Laos recorded no new human trafficking cases in 2024.\n"),
        ("  - metric: cases\n    period: 2024\n    value: 46\n    source: vientiane-times-2025-01\n",
         "  - metric: cases\n    period: 2023\n    value: 46\n    source: vientiane-times-2025-01\n"),
    ),
}
#: Files of the examples that laos-tip writes or that do not exist on purpose.
_NOT_INPUTS = ("missing.yaml", "facts.schema.json")


def inputs_of(command: str) -> list[str]:
    """The input files a command names (``*.yaml``, ``*.json``, ``*.bin`` words that are no output of it)."""
    words = shlex.split(_COMMENT.sub("", command).replace(";", " ; ").replace("|", " | "))
    if len(words) > 1 and words[1] == "export":
        return []
    return [w for w in words if re.search(r"\.(ya?ml|bin)$", w) and w not in _NOT_INPUTS]


@dataclass(frozen=True)
class Example:
    """A command of a markdown file and the output written under it (lines [start, end))."""

    command: str
    start: int
    end: int
    shown: str
    #: The ``export`` commands above this one in its code block, replayed first in the same directory.
    setup: tuple[str, ...] = ()
    path: Path = README

    @property
    def cut(self) -> bool:
        """Whether the docs show only the first lines of the output."""
        return self.shown.endswith("\n...")

    @property
    def reader(self) -> bool:
        """Whether the example runs a program of READERS on files an export wrote, not laos-tip."""
        return is_reader(self.command)

    @property
    def words(self) -> list[str]:
        """The (first) laos-tip call of the command line, shell syntax and comment left out (a reader: its words)."""
        if self.reader:
            return shlex.split(self.shell)
        call = self.shell[_LAOS_TIP.search(self.shell).end("call"):]  # type: ignore[union-attr]
        return shlex.split(re.split(r"[|;&)]", call)[0])

    @property
    def shell(self) -> str:
        """The command as the shell runs it: without its trailing comment."""
        return _COMMENT.sub("", self.command)

    @property
    def needs_shell(self) -> bool:
        return bool(_SHELL.search(self.shell))

    @property
    def name(self) -> str:
        """The laos-tip command run, e.g. ``summary`` (``--help`` and other options for none; a reader: its name)."""
        return self.words[0] if self.reader else self.words[1]

    @property
    def status(self) -> bool:
        """Whether the example shows its exit status (a ``$ echo $?`` line after its output)."""
        return f"\n{STATUS}\n" in f"\n{self.shown}"

    def expected(self, output: str) -> str:
        """What the docs should show for ``output``."""
        if not self.cut:
            return output
        kept = self.shown.count("\n")  # the lines before "..."
        return "\n".join(output.split("\n")[:kept]) + "\n..."


def is_example(command: str) -> bool:
    """Whether a ``$ `` line of a code block runs laos-tip (alone, or in a shell command line)."""
    return _LAOS_TIP.search(_COMMENT.sub("", command)) is not None


def is_reader(command: str) -> bool:
    """Whether a ``$ `` line runs a program of READERS (and not laos-tip)."""
    words = _COMMENT.sub("", command).split()
    return bool(words) and words[0] in READERS and not is_example(command)


def examples(text: str, path: Path = README) -> list[Example]:
    """Every example of a markdown text, outside the parts cog generates."""
    lines = text.split("\n")
    found: list[Example] = []
    in_block = in_cog = False
    current: tuple[str, int] | None = None
    exports: list[str] = []  # the export commands seen so far in this code block

    def close(end: int) -> None:
        nonlocal current
        if current is not None:
            command, start = current
            exporting = Example(command, 0, 0, "").name == "export"
            setup = tuple(exports) if exporting or is_reader(command) else ()
            found.append(Example(command, start, end, "\n".join(lines[start:end]), setup, path))
            if exporting:
                exports.append(command)
        current = None

    for number, line in enumerate(lines):
        if _COG_START in line:
            in_cog = True
        elif _COG_END in line:
            in_cog = False
        if in_cog:
            continue
        if _FENCE.match(line):
            if in_block:
                close(number)
            in_block = not in_block
            exports = []
        elif in_block and line == STATUS and current is not None:
            continue  # part of the example above: its exit status
        elif in_block and line.startswith("$ "):
            close(number)
            if is_example(line[2:]) or (exports and is_reader(line[2:])):
                current = (line[2:], number + 1)
    return found


def documents() -> list[Path]:
    """README.md and every markdown file in docs/."""
    return [README, *sorted((ROOT / "docs").glob("*.md"))]


def all_examples() -> list[Example]:
    """Every example of README.md and docs/*.md, in order."""
    return [e for path in documents() for e in examples(path.read_text(encoding="utf-8"), path)]


#: Commands that draw tables for people; the docs show them as an 80-column terminal does.
TABLE_COMMANDS = ("summary", "ratios", "partners", "keys", "trend", "compare", "tier", "pipeline", "sources")
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(?:\x1b\\|\x07)")


def is_table(words: list[str]) -> bool:
    """Whether the command prints a table for people (so its look depends on the terminal)."""
    machine = any(w in ("--json", "--bibtex", "--help", "-h") or w.startswith(("--format", "-f")) for w in words)
    return len(words) > 1 and words[1] in TABLE_COMMANDS and not machine


def in_terminal(argv: list[str], env: dict[str, str], columns: int = 80, rows: int = 24, cwd: Path = ROOT) -> tuple[str, int]:
    """What ``argv`` prints on a pseudo-terminal of ``columns`` x ``rows``, escape codes removed, and its status."""
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
    status = process.wait(timeout=60)
    return _ESCAPES.sub("", b"".join(chunks).decode("utf-8")).replace("\r", ""), status


def _shim(directory: Path) -> Path:
    """A directory holding a ``laos-tip`` that runs this checkout's laos_tip, for commands run by a shell."""
    bin_dir = directory / "bin"
    bin_dir.mkdir()
    script = bin_dir / "laos-tip"
    script.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m laos_tip "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return bin_dir


def _run(example: Example | str, env: dict[str, str], cwd: Path) -> tuple[str, int]:
    if isinstance(example, str):
        example = Example(example, 0, 0, "")
    words = example.words
    if example.needs_shell or example.reader:
        shell_env = {**env, "PATH": os.pathsep.join([str(_shim(cwd.parent)), env.get("PATH", "")])}
        argv = ["bash", "-o", "pipefail", "-c", example.shell.removeprefix(_PIPEFAIL)]
        if is_table(words):
            return in_terminal(argv, shell_env, cwd=cwd)
        done = subprocess.run(argv, cwd=cwd, env=shell_env, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=120)
        return done.stdout, done.returncode
    argv = [sys.executable, "-m", "laos_tip", *words[1:]]
    if is_table(words):
        return in_terminal(argv, env, cwd=cwd)
    done = subprocess.run(argv, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120)
    return done.stdout, done.returncode


def replay_example(example: Example) -> str:
    """What the example prints now, as the docs show it."""
    env = {k: v for k, v in os.environ.items() if k not in _NOISE}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as top:
        directory = Path(top) / "work"
        directory.mkdir()
        for name in inputs_of(example.command):
            if name not in INPUTS:
                raise KeyError(f"{example.path.name}: no input file {name!r} in readme_examples.INPUTS")
            INPUTS[name](directory / name)
        for before in example.setup:
            _run(before, env, directory)
        output, status = _run(example, env, directory)
    output = _SHA256.sub(MASK, output)
    shown = "\n".join(line.rstrip() for line in output.rstrip("\n").split("\n"))
    if example.status:
        shown = f"{shown}\n{STATUS}\n{status}" if shown else f"{STATUS}\n{status}"
    return shown


def replay(command: str, setup: tuple[str, ...] = ()) -> str:
    """What ``command`` prints now, as the docs show it (``setup``: export commands run before it)."""
    return replay_example(Example(command, 0, 0, "", setup))


def main() -> None:
    """List the examples that differ, or rewrite them with --write."""
    rewritten = 0
    for path in documents():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        stale = [(e, e.expected(replay_example(e))) for e in examples(text, path)]
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
