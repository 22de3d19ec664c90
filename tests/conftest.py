"""Shared fixtures: a colour-neutral environment, the real console script, and fact-file builders."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from typer.testing import CliRunner

from laos_tip.cli.app import app
from laos_tip.core.model import FactBase

# CI runs every property test on the same examples (a failure there is reproducible); a run by
# hand explores new ones. HYPOTHESIS_PROFILE=ci chooses the CI profile anywhere.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT / "facts.yaml"
ARTICLE = ROOT / "sources" / "xinhua-2025-01-30.txt"
#: Variables that make typer/rich force or drop colour, or pick another fact file.
ENV_NOISE = ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
             "CLICOLOR_FORCE", "COLUMNS", "LINES", "LAOS_TIP_FACTS", "TERM")


@pytest.fixture(scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def neutral_env(monkeypatch: pytest.MonkeyPatch, _session_cache: Path) -> None:
    """Tests see the same environment on a laptop, in CI and under GitHub Actions.

    Snapshots of fact files (``factfile/snapshot.py``) are on, as users have them, in a cache directory
    of the test session's (each xdist worker's own), so no test reads or writes the user's cache, and a
    fact file validated once is read back from its snapshot: most tests load the shipped file, which
    costs its parse and validation once per worker instead of once per test. That both ways print the
    same is tested command by command (tests/cli/test_snapshot_outputs.py); ``no_snapshots`` turns them
    off, and the ``snapshot_cache`` fixture gives a test a cache directory of its own.
    """
    for name in (*ENV_NOISE, "LAOS_TIP_NO_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_session_cache))


@pytest.fixture
def no_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots off (``LAOS_TIP_NO_CACHE=1``): every load parses and validates the file."""
    monkeypatch.setenv("LAOS_TIP_NO_CACHE", "1")


@pytest.fixture
def snapshot_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Snapshots on, in ``tmp_path/cache`` (XDG_CACHE_HOME); laos-tip's own directory in it is returned."""
    monkeypatch.delenv("LAOS_TIP_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "laos-tip"


def clean_env(**extra: str) -> dict[str, str]:
    """The current environment without colour or fact-file settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_NOISE}
    env.update(extra)
    return env


#: Runs the console script's entry point with the words given, then reports which modules were imported.
_IMPORT_PROBE = """
import json, sys
sys.argv = ["laos-tip", *json.loads(sys.argv[1])]
from laos_tip.cli.entry import main
try:
    main(sys.argv[1:])  # given argv, main ends with sys.exit, not os._exit: the probe reports after it
except SystemExit:
    pass
sys.stderr.write("\\nIMPORTED:" + json.dumps(sorted(sys.modules)) + "\\n")
"""


def all_imported(*args: str, cwd: Path | None = None) -> set[str]:
    """Every module that ``laos-tip ARGS`` imports in a fresh interpreter, reading the fact file itself.

    No snapshot: that is the most a command imports, and the same whatever ran before; what a command
    imports when it reads a snapshot instead is tested in tests/factfile/test_snapshot.py.
    """
    result = subprocess.run([sys.executable, "-c", _IMPORT_PROBE, json.dumps(args)], capture_output=True,
                            text=True, env=clean_env(LAOS_TIP_NO_CACHE="1"), cwd=cwd, timeout=120)
    marker = result.stderr.rsplit("IMPORTED:", 1)
    assert len(marker) == 2, result.stderr
    return set(json.loads(marker[1]))


def console_script() -> str:
    """Path of the installed ``laos-tip`` script (next to this interpreter first)."""
    beside = Path(sys.executable).parent / "laos-tip"
    if beside.exists():
        return str(beside)
    found = shutil.which("laos-tip")
    assert found, "the laos-tip console script is not installed; run: pip install -e '.[test]'"
    return found


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
            input: str | None = None, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run the real console script with stdout and stderr captured (so not a terminal)."""
    return subprocess.run(
        [console_script(), *args], capture_output=True, text=True, env=env if env is not None else clean_env(),
        cwd=cwd, input=input, timeout=timeout,
    )


@dataclasses.dataclass
class Ran:
    """What ``main`` left: the fields of run_cli's CompletedProcess, and stdout's bytes as written."""

    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes
    stderr_bytes: bytes


def _as_subprocess_text(data: bytes) -> str:
    """Bytes decoded as subprocess.run(text=True) decodes a pipe: the locale's encoding, universal newlines."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _working_directory(path: Path | None) -> Iterator[None]:
    """``path`` as the working directory for the block (contextlib.chdir is Python 3.11+)."""
    if path is None:
        yield
        return
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_main(*args: str, input: str | None = None, cwd: Path | None = None) -> Ran:
    """The console script's entry (``laos_tip.cli.entry.main``: fast path, else the typer app), in this process.

    stdout and stderr are pipes as the process sees them under run_cli (UTF-8, not terminals,
    stdout with surrogateescape and stderr with backslashreplace, as in a process started in
    the C.UTF-8 locale), stdin holds ``input`` (else nothing), and SystemExit becomes the exit
    status, so for piped output this gives the bytes and the status of the real console script
    (test_cli.py::test_in_process_entry_equals_the_console_script checks it for every command).
    The environment is the test's own (``neutral_env``): a test of what a variable does at
    start-up runs the process.
    """
    from laos_tip.cli.entry import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="surrogateescape", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    saved = sys.stdin, sys.stdout, sys.stderr
    code: object = 0
    with _working_directory(cwd):
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(input or ""), stdout, stderr
        try:
            main(list(args))
        except SystemExit as leaving:
            code = leaving.code
        finally:
            with contextlib.suppress(ValueError, OSError):
                stdout.flush()
                stderr.flush()
            sys.stdin, sys.stdout, sys.stderr = saved
    if code is None:
        code = 0
    elif not isinstance(code, int):  # as the interpreter does with sys.exit("message")
        err.write(f"{code}\n".encode())
        code = 1
    return Ran(code, _as_subprocess_text(out.getvalue()), _as_subprocess_text(err.getvalue()),
               out.getvalue(), err.getvalue())


@pytest.fixture
def runner() -> CliRunner:
    """Typer's in-process runner."""
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Callable[..., object]:
    """Invoke the app in-process: ``invoke("summary", "--json")``."""
    def call(*args: str, **kwargs: object) -> object:
        return runner.invoke(app, list(args), **kwargs)  # type: ignore[arg-type]
    return call


#: PyYAML's C emitter where it is built (it is in every wheel): the pure-Python one takes a sixth of a
#: second for the shipped file, and tests dump altered copies of it hundreds of times. Same text out.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_yaml(data: object) -> str:
    """``data`` as fact-file YAML: keys in the order given, text as written (not \\u-escaped)."""
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)


@functools.cache
def _shipped_data() -> dict[str, Any]:
    """The shipped fact file as plain data, parsed once (PyYAML's pure-Python safe_load takes a quarter of a
    second); never altered: facts_data hands out deep copies."""
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture
def facts_data() -> dict[str, object]:
    """The shipped fact file as plain data (a fresh deep copy for each test), to be altered by a test."""
    return copy.deepcopy(_shipped_data())


@pytest.fixture
def write_facts(tmp_path: Path) -> Callable[..., Path]:
    """Write data (dumped as YAML) or raw text/bytes to a fact file in tmp_path."""
    counter = iter(range(10_000))

    def write(content: object, name: str | None = None) -> Path:
        path = tmp_path / (name or f"facts-{next(counter)}.yaml")
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(dump_yaml(content), encoding="utf-8")
        return path

    return write


def second_source(data: dict[str, Any], arrests: int) -> dict[str, Any]:
    """``data`` with a less reliable source that claims another number of arrests for 2024."""
    data["sources"].append({
        "id": "other-2025", "publisher": "Other Wire", "title": "Another report", "date": datetime.date(2025, 2, 1),
        "url": "https://example.org/report", "authority": "Someone else", "reliability": "secondary",
    })
    data["figures"].append({
        "metric": "arrests", "period": 2024, "value": arrests, "source": "other-2025",
        "quote": f"Police made {arrests} arrests in 2024.",
    })
    return data


@pytest.fixture(scope="module")
def facts() -> FactBase:
    """The shipped fact file, loaded once per test module."""
    from laos_tip.factfile.pipeline import load

    return load(str(FACTS))


def cli_json(*args: str) -> dict[str, Any]:
    """Run the console script's entry in-process (run_main) and parse its JSON output (which must come with
    nothing on stderr)."""
    done = run_main(*args)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def line_of(text: str, fragment: str) -> int:
    """1-based line on which ``fragment`` starts in ``text``."""
    return text[: text.index(fragment)].count("\n") + 1


def shipped_text(*replacements: tuple[str, str]) -> str:
    """The shipped fact file with each ``old`` replaced (once) by ``new``; ``old`` must be there."""
    text = FACTS.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, f"the shipped facts.yaml no longer holds {old!r}"
        text = text.replace(old, new, 1)
    return text


# --- figures by what they are, never by where they stand in the file ---------------------------

#: The article most of the 2024 figures come from.
XINHUA = "xinhua-2025-01-30"


def _key(figure: Any) -> tuple[Any, Any, Any]:
    if isinstance(figure, dict):
        return figure["metric"], figure["period"], figure["source"]
    return figure.metric, figure.period, figure.source


def figure_index(figures: Any, metric: str, period: int, source: str = XINHUA) -> int:
    """Index of the one figure (a dict of fact-file data or a Figure record) of ``metric``, ``period``, ``source``."""
    found = [i for i, figure in enumerate(figures) if _key(figure) == (metric, period, source)]
    assert len(found) == 1, f"{len(found)} figures of {metric} {period} from {source}"
    return found[0]


def figure_of(figures: Any, metric: str, period: int, source: str = XINHUA) -> Any:
    """The one figure of ``metric``, ``period``, ``source`` in ``figures`` (fact-file dicts or Figure records)."""
    return figures[figure_index(figures, metric, period, source)]


def figure_path(metric: str, period: int, source: str = XINHUA) -> str:
    """The problem path (``figures[N]``) of that figure in the shipped fact file."""
    return f"figures[{figure_index(_shipped_data()['figures'], metric, period, source)}]"


# --- every command, from the registry -----------------------------------------------------------

def command_example(command: Any) -> list[str]:
    """The words after ``laos-tip`` of the example in a command's help, without output options."""
    import re
    import shlex

    found = re.findall(r"Example: laos-tip ([^\n>]*)", command.help)
    assert found, f"{command.name} has no example in its help"
    kept: list[str] = []
    skip = False
    for word in shlex.split(found[0]):
        if skip:
            skip = False
        elif word in ("--json", "--format", "-f"):
            skip = word != "--json"
        else:
            kept.append(word)
    return kept


def example_arguments(command: Any) -> list[str]:
    """The arguments (no options, no option values) of the example in a command's help."""
    takes_value = {flag for option in command.options if option.kind != "flag" for flag in option.flags}
    positional: list[str] = []
    words = iter(command_example(command)[1:])
    for word in words:
        if word in takes_value:
            next(words, None)
        elif not word.startswith("-"):
            positional.append(word)
    return positional


def every_view(facts: FactBase, period: int | None = None) -> list[tuple[str, Any]]:
    """(name, View) of every command that declares a view, built as its help's example asks (the latest
    period, or ``period``), and once more with each of its flags that the builder takes switched on."""
    import inspect

    from laos_tip.cli import bodies
    from laos_tip.cli.declaration import COMMANDS

    views = []
    for command in COMMANDS:
        if not command.view:
            continue
        build = bodies.builder(command)
        taken = inspect.signature(build).parameters
        positional = example_arguments(command)
        arguments: dict[str, Any] = {param.name: int(word) if param.kind == "year" else word
                                     for param, word in zip(command.arguments, positional, strict=True)}
        if "period" in taken:
            arguments["period"] = facts.latest_period() if period is None else period
        views.append((command.name, build(facts, **arguments)))
        for flag in command.options:
            if flag.kind == "flag" and flag.name in taken:
                views.append((f"{command.name} {flag.flags[0]}", build(facts, **arguments, **{flag.name: True})))
    return views
