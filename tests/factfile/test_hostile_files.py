"""Hostile and malformed fact files: every command refuses each with one clear message, exit 1.

The corpus is written by the tests themselves into tmp_path. Each entry runs through every
command that reads a fact file, once through the real console script (in an empty working
directory, which must stay empty) and once in-process through CliRunner.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import resource
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, figure_index, figure_of, figure_path, run_cli, run_main, shipped_text
from laos_tip.core.errors import FactFileError
from laos_tip.factfile.pipeline import load
from laos_tip.factfile import reader as load_reader

COMMANDS = ("summary", "ratios", "partners", "check")
MARKER = "pwned-marker"


@dataclass(frozen=True)
class Bad:
    """A hostile input: how to make it in a directory, and what the message must match."""

    name: str
    make: Callable[[Path], Path]
    message: str  # a regular expression searched for in the message


def content(data: str | bytes, name: str = "facts.yaml") -> Callable[[Path], Path]:
    """A maker writing ``data`` as is ('{marker}' in text becomes the marker file's path)."""
    def make(directory: Path) -> Path:
        path = directory / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_bytes(data.replace("{marker}", str(directory / MARKER)).encode("utf-8"))
        return path
    return make


def shipped(old: str, new: str) -> Callable[[Path], Path]:
    """A maker writing the shipped fact file with ``old`` replaced once by ``new``."""
    return content(shipped_text((old, new)))


def value(written: str) -> Callable[[Path], Path]:
    """The shipped file with the first figure's value (46) written as ``written``."""
    return shipped("    value: 46\n", f"    value: {written}\n")


def missing(directory: Path) -> Path:
    return directory / "no-such-file.yaml"


def directory_itself(directory: Path) -> Path:
    sub = directory / "a-directory.yaml"
    sub.mkdir()
    return sub


def fifo(directory: Path) -> Path:
    path = directory / "fifo.yaml"
    os.mkfifo(path)  # nobody writes to it: opening it for reading must not wait
    return path


def sparse_huge(directory: Path) -> Path:
    path = directory / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(load_reader.MAX_BYTES + 1)
    return path


def alias_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


TYPE_ERROR = r"figures\[0\]\.value: expected a whole number of zero or more, found "
CORPUS = (
    Bad("missing-path", missing, r"no-such-file\.yaml: no such file"),
    Bad("directory", directory_itself, r"is a directory, not a fact file"),
    Bad("fifo", fifo, r"fifo\.yaml: is not a regular file"),
    Bad("empty", content(""), r"facts\.yaml: is empty; a fact file is a YAML mapping"),
    Bad("only-comments", content("# nothing here\n\n"), r"is empty"),
    Bad("random-bytes", content(random.Random(4).randbytes(4096)), r":\d+:\d+: not UTF-8 text: byte 0x[0-9a-f]{2}"),
    Bad("invalid-utf8", content(b"schema_version: 1\nsources: caf\xe9\n"), r":2:13: not UTF-8 text: byte 0xe9"),
    Bad("utf16", content("schema_version: 1\n".encode("utf-16")), r":1:1: not UTF-8 text: byte 0xff"),
    Bad("nul-character", content("schema_version: 1\nsources: a\x00b\n"), r":2:11: not valid YAML: character U\+0000"),
    Bad("syntax-error", content("schema_version: 1\nsources: [a, b\nmetrics: x\n"),
        r":3:\d+: YAML syntax error: did not find expected ',' or ']'"),
    Bad("tab-indent", content("schema_version: 1\nsources:\n\t- id: x\n"), r":3:1: YAML syntax error: .*tab"),
    Bad("top-level-list", content("- sources\n- metrics\n"),
        r":1:1: the top level must be a mapping of schema_version, sources, .*; found a list"),
    Bad("top-level-text", content("hello\n"), r":1:1: the top level must be a mapping .*; found text 'hello'"),
    Bad("top-level-number", content("42\n"), r"found integer 42"),
    Bad("top-level-null", content("~\n"), r"found null"),
    Bad("several-documents", content("schema_version: 1\n---\nschema_version: 1\n"),
        r":2:1: holds several YAML documents; a fact file is one document"),
    Bad("python-apply", content('!!python/object/apply:os.system ["touch {marker}"]\n'),
        r":1:1: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a fact file"),
    Bad("python-apply-in-value", content('schema_version: 1\nx: !!python/object/apply:builtins.open ["{marker}", "w"]\n'),
        r":2:4: x: YAML tag 'tag:yaml.org,2002:python/object/apply:builtins.open' is not allowed"),
    Bad("python-new", content('!!python/object/new:subprocess.Popen [["touch", "{marker}"]]\n'),
        r"YAML tag 'tag:yaml.org,2002:python/object/new:subprocess.Popen' is not allowed"),
    Bad("python-name", content("schema_version: !!python/name:os.system ''\n"),
        r"schema_version: YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"),
    Bad("local-tag", content("schema_version: !custom 1\n"), r"YAML tag '!custom' is not allowed"),
    Bad("binary-tag", content("schema_version: !!binary aGVsbG8=\n"), r"YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
    Bad("set-tag", content("schema_version: !!set {a, b}\n"), r"YAML tag 'tag:yaml.org,2002:set' is not allowed"),
    Bad("alias-bomb", content(alias_bomb()),
        rf"expands to more than {load_reader.MAX_NODES:,} keys and values; refused"),
    Bad("undefined-alias", content("schema_version: *one\n"), r":1:17: .*alias \*one refers to no anchor before it"),
    Bad("deep-flow-nesting", content("[" * 100_000 + "]" * 100_000 + "\n"),
        rf":1:\d+: nesting deeper than {load_reader.MAX_DEPTH} levels is not allowed"),
    Bad("deep-block-nesting", content("- " * 100_000 + "x\n"),
        rf":1:\d+: .*nesting deeper than {load_reader.MAX_DEPTH} levels is not allowed"),
    Bad("larger-than-max-bytes", sparse_huge,
        rf"huge\.yaml: is {load_reader.MAX_BYTES + 1:,} bytes; fact files are limited to {load_reader.MAX_BYTES:,} bytes"),
    Bad("duplicate-top-level-key", shipped("schema_version: 1\n", "schema_version: 1\nschema_version: 1\n"),
        r":13:1: schema_version: duplicate key 'schema_version' \(first at line 12\)"),
    Bad("non-text-key", shipped("schema_version: 1\n", "schema_version: 1\n2024: x\n"),
        r":13:1: mapping keys must be text, found integer 2024"),
    Bad("key-with-line-break", shipped("schema_version: 1\n", 'schema_version: 1\n"a\\nb": 1\n'),
        r"\['a\\nb'\]: unknown field 'a\\nb'"),
    Bad("huge-key", shipped("schema_version: 1\n", "schema_version: 1\n? " + "k" * 100_000 + "\n: 1\n"),
        r"unknown field 'kkkk+\.\.\.kkkk+'"),
    Bad("value-yes", value("yes"), TYPE_ERROR + "boolean true"),
    Bad("value-no", value("no"), TYPE_ERROR + "boolean false"),
    Bad("value-on", value("on"), TYPE_ERROR + "boolean true"),
    Bad("value-float", value("46.0"), TYPE_ERROR + r"number 46\.0"),
    Bad("value-string", value('"46"'), TYPE_ERROR + "text '46'"),
    Bad("value-negative", value("-46"), TYPE_ERROR + "integer -46"),
    Bad("value-nan", value(".nan"), TYPE_ERROR + "number nan"),
    Bad("value-inf", value(".inf"), TYPE_ERROR + "number inf"),
    Bad("value-minus-inf", value("-.inf"), TYPE_ERROR + "number -inf"),
    Bad("value-null", value("~"), TYPE_ERROR + "null"),
    Bad("value-huge", value(str(10**30)),
        r"figures\[0\]\.value: expected a count no larger than 9,007,199,254,740,992, found a huge integer"),
    Bad("value-octal", value("046"), r"figures\[0\]\.value: '046' is an integer in YAML's octal, hexadecimal, base-60 "
        r"or '_' notation; write it in plain decimal digits"),
    Bad("value-hexadecimal", value("0x2E"), r"figures\[0\]\.value: '0x2E' is an integer in YAML's octal"),
    Bad("value-underscore", value("4_6"), r"figures\[0\]\.value: '4_6' is an integer in YAML's octal"),
    Bad("value-base-60", value("1:30"), r"figures\[0\]\.value: '1:30' is an integer in YAML's octal"),
    Bad("value-5000-digits", value("9" * 5000), r"figures\[0\]\.value: '9999+\.\.\.9999+' is not a valid int"),
    Bad("invalid-date", shipped("date: 2025-01-30", "date: 2025-02-30"), r"'2025-02-30' is not a valid timestamp"),
    Bad("date-as-text", shipped("date: 2025-01-30", 'date: "2025-01-30"'),
        r"sources\[0\]\.date: expected a date written YYYY-MM-DD, found text '2025-01-30'"),
    Bad("year-as-boolean", shipped("    period: 2024\n", "    period: yes\n"),
        r"figures\[0\]\.period: expected a year between 1900 and 2100, found boolean true"),
    Bad("escape-in-a-title", shipped("    title: Laos strives to combat human trafficking\n",
                                     '    title: "T \\e]0;pwned\\a\\e[2J"\n'),
        r":17:12: sources\[0\]\.title: holds the control character \\x1b at character 3"),
    Bad("right-to-left-override", shipped("    title: Laos strives to combat human trafficking\n",
                                          '    title: "Laos \\u202e46 strives"\n'),
        r":17:12: sources\[0\]\.title: holds the control character \\u202e at character 6"),
    Bad("url-with-osc-8", shipped("    url: http://china.org.cn/world/Off_the_Wire/2025-01/30/content_117691302.htm\n",
                                  '    url: "http://a.example/\\e]8;;https://evil.example\\a"\n'),
        r"sources\[0\]\.url: holds the control character \\x1b at character 18"),
    Bad("url-with-a-space", shipped("    url: http://china.org.cn/world/Off_the_Wire/2025-01/30/content_117691302.htm\n",
                                    '    url: "http://a.example/two words"\n'),
        r":20:10: sources\[0\]\.url: expected an http:// or https:// URL"),
    Bad("as-written-superscript", shipped("    value: 46\n", "    value: 46\n    as_written: \"²\"\n"),
        r"figures\[0\]\.as_written: '²' is not a number laos-tip can read"),
    Bad("as-written-5000-digits", shipped("    value: 46\n", f"    value: 46\n    as_written: \"4{'6' * 5000}\"\n"),
        r"figures\[0\]\.(quote|as_written): .*'46666+\.\.\.6666+'"),
    Bad("unclosed-flow-sequence-at-the-end", content(FACTS.read_text(encoding="utf-8") + "extra: [1, 2\n"),
        r"did not find expected ',' or '\]' \(while parsing a flow sequence that began at line \d+, column 8\)"),
)


@pytest.fixture(params=CORPUS, ids=[bad.name for bad in CORPUS])
def bad(request: pytest.FixtureRequest) -> Bad:
    return request.param


def fingerprint(path: Path) -> str | None:
    """SHA-256 of a regular file, to prove it was not changed; None for anything else."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def assert_refused(command: str, bad: Bad, returncode: int, stdout: str, stderr: str) -> None:
    assert returncode == 1, (stdout, stderr)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    assert stderr.startswith("laos-tip: error: ") and stderr.count("\n") == 1, stderr
    if command == "check":
        assert re.search(bad.message, stdout), stdout
        assert stderr.endswith(" is not a valid fact file (1 problem)\n") or " problems)\n" in stderr
    else:
        assert stdout == ""
        assert re.search(bad.message, stderr), stderr


#: The console script refuses each bad file through one command (the commands taking turns) in the
#: default run; every other pair is slow: test_in_process_refuses covers each pair in-process.
CONSOLE_CASES = [
    pytest.param(bad, command, id=f"{bad.name}-{command}",
                 marks=() if command == COMMANDS[index % len(COMMANDS)] else pytest.mark.slow)
    for index, bad in enumerate(CORPUS) for command in COMMANDS
]


@pytest.mark.parametrize(("bad", "command"), CONSOLE_CASES, indirect=["bad"])
def test_console_script_refuses(bad: Bad, command: str, tmp_path: Path) -> None:
    inputs, cwd = tmp_path / "inputs", tmp_path / "cwd"
    inputs.mkdir()
    cwd.mkdir()
    path = bad.make(inputs)
    before = fingerprint(path)
    started = children_cpu()
    result = run_cli(command, "--facts", str(path), cwd=cwd, timeout=20)
    assert children_cpu() - started < 10  # CPU seconds of the process: the machine's other work does not count
    assert_refused(command, bad, result.returncode, result.stdout, result.stderr)
    assert list(cwd.iterdir()) == [], "a command wrote into its working directory"
    assert not (inputs / MARKER).exists(), "a YAML tag ran code"
    assert fingerprint(path) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_in_process_refuses(bad: Bad, command: str, tmp_path: Path, invoke: Callable[..., Any]) -> None:
    path = bad.make(tmp_path)
    args = (command, str(path)) if command == "check" else (command, "--facts", str(path))
    result = invoke(*args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert_refused(command, bad, result.exit_code, result.stdout, result.stderr)
    assert not (tmp_path / MARKER).exists()


def test_check_json_refuses(bad: Bad, tmp_path: Path, invoke: Callable[..., Any]) -> None:
    path = bad.make(tmp_path)
    result = invoke("check", "--json", str(path))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["valid"] is False and document["problems"]
    first = document["problems"][0]
    where = "".join(f":{first[k]}" for k in ("line", "column") if first[k] is not None)
    field = f"{first['path']}: " if first["path"] else ""
    assert re.search(bad.message, f"{path}{where}: {field}{first['message']}")


# --- bounded time and memory, measured in-process -------------------------------------


def children_cpu() -> float:
    """CPU seconds (user + system) of the child processes waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(path: Path) -> tuple[FactFileError, float, int]:
    """Load ``path`` expecting a refusal; the error, CPU seconds taken and peak bytes allocated.

    CPU time, not wall time: tests run beside each other (pytest-xdist) and beside other work, which
    stretch wall time without the code doing any more.
    """
    tracemalloc.start()
    started = time.process_time()
    try:
        with pytest.raises(FactFileError) as raised:
            load(str(path))
        return raised.value, time.process_time() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_alias_bomb_refused_within_a_second_in_bounded_memory(tmp_path: Path) -> None:
    error, seconds, peak = measure(content(alias_bomb())(tmp_path))
    assert error.problems[0].code == "too-many-nodes"
    assert seconds < 1
    assert peak < 16 * 1024 * 1024


@pytest.mark.slow
def test_deep_nesting_refused_fast(tmp_path: Path) -> None:
    for index, text in enumerate(("[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x", "{a: " * 100_000)):
        error, seconds, _ = measure(content(text, f"deep-{index}.yaml")(tmp_path))
        assert error.problems[0].code == "too-deep", error.problems
        assert seconds < 1


@pytest.mark.slow
def test_deep_nesting_refused_by_the_pure_python_parser_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml PyYAML falls back to its Python parser: our depth limit still holds."""
    import yaml

    monkeypatch.setattr(load_reader, "_Loader", yaml.SafeLoader)
    error, seconds, _ = measure(content("[" * 100_000 + "]" * 100_000)(tmp_path))
    assert error.problems[0].code == "too-deep"
    assert seconds < 5


@pytest.mark.slow
def test_huge_file_refused_without_reading_it(tmp_path: Path) -> None:
    error, seconds, peak = measure(sparse_huge(tmp_path))
    assert error.problems[0].code == "too-large"
    assert seconds < 1
    assert peak < 1024 * 1024  # far less than the file: it was never read


@pytest.mark.slow
def test_file_at_the_limit_with_too_many_values_is_refused(tmp_path: Path) -> None:
    """The worst file within MAX_BYTES (tiny values) stops at MAX_NODES, in bounded time."""
    count = load_reader.MAX_NODES + 1
    path = content("[" + "1," * count + "1]\n")(tmp_path)
    assert path.stat().st_size <= load_reader.MAX_BYTES
    started = time.process_time()
    with pytest.raises(FactFileError) as raised:
        load(str(path))
    assert raised.value.problems[0].code == "too-many-nodes"
    assert "holds more than 1,000,000 keys and values" in raised.value.problems[0].message
    assert time.process_time() - started < 15


# --- input that must load -------------------------------------------------------------


def without_envelope(document: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in document.items() if key != "facts"}


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom-and-crlf"])
@pytest.mark.parametrize("command", ["summary", "ratios", "partners"])
def test_bom_and_crlf_load_fine(variant: str, command: str, write_facts: Callable[..., Path]) -> None:
    data = FACTS.read_bytes()
    if "crlf" in variant:
        data = data.replace(b"\n", b"\r\n")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    path = write_facts(data)
    expected = json.loads(run_main(command, "--json").stdout)
    result = run_main(command, "--json", "--facts", str(path))
    assert result.returncode == 0, result.stderr
    assert without_envelope(json.loads(result.stdout)) == without_envelope(expected)
    checked = run_main("check", str(path))
    shipped_facts = load(str(FACTS))
    counts = f"{len(shipped_facts.sources)} sources, {len(shipped_facts.metrics)} metrics"
    assert checked.returncode == 0 and checked.stdout.startswith(f"ok: {path}: {counts}")


def zero_cases_text(written: str) -> str:
    """The shipped file with no new cases recorded in 2024, written as ``written`` by every source.

    Several sources report the 2024 cases; each claim becomes zero, so that zero is the headline
    and the ratios divide by it. A valid file: each quote states the zero as written.
    """
    text = FACTS.read_text(encoding="utf-8")
    as_written = "" if written == "0" else f"    as_written: '{written}'\n"
    figure = re.compile(r"(  - metric: cases\n    period: 2024\n)    value: (\d+)\n(    source: [^\n]+\n    quote: >-\n)"
                        r"((?:      [^\n]*\n)+)")
    changed = 0

    def zero(match: re.Match[str]) -> str:
        nonlocal changed
        changed += 1
        number = match.group(2)
        quote, replaced = re.subn(rf"(?<![\w,.]){number}(?!\w)", written, match.group(4), count=1)
        assert replaced == 1, match.group(0)
        return f"{match.group(1)}    value: 0\n{as_written}{match.group(3)}{quote}"

    text = figure.sub(zero, text)
    shipped_claims = [f for f in load(str(FACTS)).figures if f.metric == "cases" and f.period == 2024]
    assert changed == len(shipped_claims) > 1, "every 2024 claim of cases must become zero"
    return text


def zero_cases_file(write_facts: Callable[..., Path]) -> Path:
    """The shipped file with no new cases recorded: a valid file whose ratios divide by zero."""
    return write_facts(zero_cases_text("no"))


def test_zero_denominator_is_valid_and_the_ratio_is_na(write_facts: Callable[..., Path]) -> None:
    path = zero_cases_file(write_facts)
    assert run_main("check", str(path)).returncode == 0
    result = run_main("ratios", "--json", "--facts", str(path))
    assert result.returncode == 0, result.stderr
    ratios = {r["key"]: r for r in json.loads(result.stdout)["ratios"]}
    for key in ("arrests_per_case", "victims_per_case"):
        assert ratios[key]["value"] is None and ratios[key]["bound"] is None
        assert ratios[key]["reason"] == "new trafficking cases recorded is zero in 2024; the ratio is undefined"
    assert ratios["arrests_per_victim"]["value"] == 95 / 85
    table = run_main("ratios", "--facts", str(path))
    assert table.returncode == 0
    assert "n/a" in table.stdout
    assert "Arrests per case: n/a, new trafficking cases recorded is zero in 2024" in table.stdout
    for command in ("summary", "partners"):
        other = run_main(command, "--json", "--facts", str(path))
        assert other.returncode == 0, other.stderr
    summary = json.loads(run_main("summary", "--json", "--facts", str(path)).stdout)
    cases = next(f for f in summary["figures"] if f["key"] == "cases")
    assert cases["value"] == 0 and cases["claims"][0]["as_written"] == "no"


def test_zero_written_as_a_digit_is_valid(write_facts: Callable[..., Path], invoke: Callable[..., Any]) -> None:
    result = invoke("ratios", "--json", "--facts", str(write_facts(zero_cases_text("0"))))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["ratios"][0]["value"] is None


# --- quote_states_number: as_written must denote value (the bypass of issue 14, item 3) ---

def _figure_with(facts_data: dict[str, Any], value: int, as_written: str | None, quote: str) -> dict[str, Any]:
    figure = dict(figure_of(facts_data["figures"], "cases", 2024), value=value, quote=quote)  # type: ignore[index]
    figure.pop("as_written", None)
    if as_written is not None:
        figure["as_written"] = as_written
    return figure


@pytest.mark.parametrize(("value", "as_written", "quote"), [
    (9620, None, "Police rescued 9620 individuals."),
    (9620, "9,620", "Police rescued 9,620 individuals."),
    (1234567, "1,234,567", "In all, 1,234,567 people."),
    (8, "eight", "They arrested eight suspects."),
    (18, "Eighteen", "Eighteen cases were opened."),
    (21, "twenty-one", "twenty-one victims"),
    (42, "forty two", "forty two victims"),
    (105, "one hundred and five", "one hundred and five victims"),
    (2300, "two thousand three hundred", "two thousand three hundred victims"),
    (0, "no", "There were no new cases."),
    (0, "none", "Of the victims, none was a child."),
    (0, "zero", "zero convictions"),
])
def test_as_written_that_denotes_the_value_loads(value: int, as_written: str | None, quote: str,
                                                 facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    facts_data["figures"][figure_index(facts_data["figures"], "cases", 2024)] = _figure_with(facts_data, value, as_written, quote)  # type: ignore[index]
    facts = load(str(write_facts(facts_data)))
    assert figure_of(facts.figures, "cases", 2024).value == value


@pytest.mark.parametrize(("value", "as_written", "quote", "message"), [
    # The bypass: a word that is no number, found in a quote that states another number.
    (9620, "individuals", "Police rescued 962 individuals.", "'individuals' is not a number laos-tip can read"),
    (9620, "962", "Police rescued 962 individuals.", "'962' does not read as the value 9620"),
    (1234, "1,23,4", "1,23,4 people", "'1,23,4' is not a number laos-tip can read"),
    (8, "seven", "seven suspects", "'seven' does not read as the value 8"),
    (3, "one two", "one two three", "'one two' is not a number laos-tip can read"),
    (1, "a", "a victim", "'a' is not a number laos-tip can read"),
    (46, "٤٦", "٤٦ cases", "'٤٦' is not a number laos-tip can read"),
    (0, "nil", "nil returns", "'nil' is not a number laos-tip can read"),
])
def test_as_written_that_does_not_denote_the_value_is_refused_where_it_stands(
        value: int, as_written: str, quote: str, message: str,
        facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    facts_data["figures"][figure_index(facts_data["figures"], "cases", 2024)] = _figure_with(facts_data, value, as_written, quote)  # type: ignore[index]
    path = write_facts(facts_data)
    with pytest.raises(FactFileError) as caught:
        load(str(path))
    problems = [p for p in caught.value.problems if p.code == "as-written-mismatch"]
    assert len(problems) == 1 and problems[0].path == f"{figure_path('cases', 2024)}.as_written", caught.value.problems
    assert message in problems[0].message
    line = path.read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert line.strip().startswith("as_written:")
    result = run_main("check", str(path))
    assert result.returncode == 1 and f"{figure_path('cases', 2024)}.as_written" in result.stdout and message in result.stdout
    assert run_main("summary", "--facts", str(path)).returncode == 1


def test_the_shipped_as_written_forms_all_denote_their_values() -> None:
    from laos_tip.factfile.numbers import number_in_words as _number_in_words
    from laos_tip.factfile.numbers import split_bound

    facts = load(str(FACTS))
    for figure in facts.figures:
        assert _number_in_words(split_bound(figure.as_written)[1]) == figure.value, figure
    assert run_main("check").returncode == 0
