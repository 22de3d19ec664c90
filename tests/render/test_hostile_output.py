"""Hostile text and broken streams: data is shown, never obeyed; every output failure is one line and a status.

Text from a fact file reaches the terminal only as visible escapes (JSON escapes it its own
way); control characters and bidi overrides are problems of the file; rich markup in data is
printed as written; spreadsheet formulas in CSV are neutralised. A closed stdout or stderr, a
full disk, an encoding without a character, a reader that leaves early, Ctrl-C, SIGTERM during
an export: each ends in one line on stderr (or none) and the documented exit status, never a
traceback. The cases about the process (its streams closed, full or in another encoding, signals, a
pseudo-terminal, variables read at start-up, another user) run the installed console script; the
others run its entry in-process (run_main), which writes the same bytes into a pipe.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import (FACTS, clean_env, console_script, every_view, figure_of, figure_path, run_cli, run_main,
                      second_source)
from laos_tip.export import writers as export_writers
from laos_tip.core import frozen
from laos_tip.factfile.report import check_file
from laos_tip.core.model import FactBase
from laos_tip.factfile.pipeline import load
from laos_tip.core.textsafe import REFUSED, printable
from laos_tip import export as export
from laos_tip.export import atomic as export_atomic
from laos_tip.render import machine as render_machine
from laos_tip.render import terminal as render_terminal
from laos_tip.views import base as views_base
from laos_tip.views import sources as views_sources
from laos_tip.views import text as views_text

#: Characters a writer may leave raw: line breaks and tabs (flattened where a format needs it),
#: and the joiners that emoji and several scripts need.
ALLOWED_RAW = set("\n\t\u200c\u200d")
ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def raw_controls(text: str, allowed: set[str] = ALLOWED_RAW) -> list[str]:
    """Every control, format, surrogate or separator character of ``text`` that should have been escaped."""
    # Each distinct character is looked up once: outputs are long, their alphabets short.
    bad = {ch for ch in set(text) if ch not in allowed and unicodedata.category(ch) in ESCAPED_CATEGORIES}
    return [ch for ch in text if ch in bad] if bad else []


#: What rich itself writes to a terminal: colours and styles (SGR) and hyperlinks (OSC 8, ended by ST).
_RICH_SEQUENCES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b\x07]*\x1b\\")


def raw_controls_on_screen(text: str) -> list[str]:
    """``raw_controls`` of terminal output, after the styles and links rich draws itself."""
    return raw_controls(_RICH_SEQUENCES.sub("", text))


def raw_controls_in_csv(text: str) -> list[str]:
    return raw_controls(text.replace("\r\n", "\n"))


# --- the one function ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("Arrests\x1b[8m HIDDEN\x1b[28m", "Arrests\\x1b[8m HIDDEN\\x1b[28m"),
    ("T \x1b]0;pwned\x07\x1b[2J", "T \\x1b]0;pwned\\x07\\x1b[2J"),
    ("a\u202eb\u2066c\u2069", "a\\u202eb\\u2066c\\u2069"),
    ("nul\x00 bs\x08 cr\r del\x7f csi\x9b", "nul\\x00 bs\\x08 cr\\r del\\x7f csi\\x9b"),
    ("zero\u200bwidth soft\u00adhyphen bom\ufeff tag\U000e0041", "zero\\u200bwidth soft\\xadhyphen bom\\ufeff tag\\U000e0041"),
    ("line\u2028sep", "line\\u2028sep"),
    ("file\udcff.yaml", "file\\xff.yaml"),  # a byte of a file name that is not UTF-8
    ("Vientiane ວຽງຈັນ, 46 ≥ 40 — “quoted”, café", "Vientiane ວຽງຈັນ, 46 ≥ 40 — “quoted”, café"),
    ("emoji 👩\u200d👩\u200d👧 and\u00a0nbsp", "emoji 👩\u200d👩\u200d👧 and\u00a0nbsp"),
])
def test_printable_shows_control_characters_as_visible_escapes(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert raw_controls(printable(text)) == []


def test_printable_keeps_what_the_format_carries_and_nothing_else() -> None:
    assert printable("a\nb\tc\rd", keep="\n\t") == "a\nb\tc\\rd"
    assert printable("a\nb\tc") == "a\\nb\\tc"


def test_refused_characters_are_controls_and_bidi_overrides_but_not_text() -> None:
    assert [REFUSED.findall(text) for text in ("x\x1by", "x\u202ey", "x\x85y", "x\u2066y")] == [
        ["\x1b"], ["\u202e"], ["\x85"], ["\u2066"]]
    assert REFUSED.search("a\nb\tc ວຽງຈັນ \u200b \u200d") is None


# --- check refuses control characters, with their place ----------------------------------


@pytest.mark.parametrize("character", ["\x1b", "\x07", "\x00", "\r", "\x08", "\x7f", "\x9b", "\u202e", "\u2066"])
def test_check_reports_a_control_character_where_it_stands(character: str, write_facts: Callable[..., Path],
                                                            facts_data: dict[str, Any]) -> None:
    facts_data["metrics"][1]["label"] = f"Arrests{character}[8m HIDDEN"
    path = write_facts(facts_data)
    result = run_main("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(line for line in result.stdout.splitlines() if "control-character" in line or "control character" in line)
    assert f"metrics[1].label: holds the control character {printable(character)} at character 8" in line
    assert raw_controls(result.stdout + result.stderr) == []
    located = next(p for p in check_file(str(path)).problems if p.code == "control-character")
    assert (located.path, located.line) == ("metrics[1].label", _line_of(path, "Arrests"))
    document = json.loads(run_main("check", str(path), "--json").stdout)
    assert any(p["code"] == "control-character" and p["path"] == "metrics[1].label" for p in document["problems"])
    # Every other command refuses the file with one line that shows the character escaped.
    other = run_main("summary", "--facts", str(path))
    assert other.returncode == 1 and other.stdout == ""
    assert other.stderr.count("\n") == 1 and raw_controls(other.stderr) == []


def _line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_a_url_with_an_escape_or_a_space_is_refused(write_facts: Callable[..., Path],
                                                    facts_data: dict[str, Any]) -> None:
    facts_data["sources"][0]["url"] = "https://a.example/\x1b]8;;https://evil.example\x07x"
    facts_data["sources"][1]["url"] = "https://a.example/two words"
    facts_data["sources"][2]["url"] = "https://a.example/\u202eevil"
    result = run_main("check", str(write_facts(facts_data)))
    assert result.returncode == 1
    for index in range(3):
        assert f"sources[{index}].url: expected an http:// or https:// URL" in result.stdout
    assert raw_controls(result.stdout) == []


# --- text that loads is escaped in every format ------------------------------------------


INVISIBLE = "\u200b\u2028\u00ad\ufeff\u200e\U000e0041"  # load fine (not controls), must show escaped


def _every_text_field_with(data: dict[str, Any], suffix: str) -> dict[str, Any]:
    """``data`` with ``suffix`` added to each free-text field that the outputs show."""
    fields = {
        "sources": ("publisher", "title", "dateline", "authority", "note", "date_note"),
        "metrics": ("label", "unit", "description", "counted_by", "caveat"),
        "figures": ("quote", "note"),
        "statements": ("topic", "summary", "quote"),
        "tiers": ("quote", "note"),
    }
    for section, names in fields.items():
        for entry in data.get(section, []):
            for name in names:
                if name in entry:
                    entry[name] = f"{entry[name]}{suffix}"
    return data


LISTINGS = [
    ["summary"], ["ratios"], ["partners"], ["keys"], ["trend", "arrests"], ["compare", "2023", "2024"], ["tier"],
    ["sources"], ["sources", "--quotes"],
]


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "markdown", "json"])
@pytest.mark.parametrize("command", LISTINGS, ids=" ".join)
def test_invisible_characters_reach_no_output_raw(command: list[str], fmt: str, write_facts: Callable[..., Path],
                                                  facts_data: dict[str, Any]) -> None:
    path = write_facts(_every_text_field_with(facts_data, f" {INVISIBLE}"))
    result = run_main(*command, "--facts", str(path), "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert raw_controls_in_csv(result.stdout) == [], fmt
    if fmt == "json":
        json.loads(result.stdout)  # still valid JSON, reading back as the original text
    if command != ["partners"] or fmt in ("table", "markdown"):  # partner rows hold no free text
        assert "\\u200b" in result.stdout


def test_bibtex_citations_check_findings_and_warnings_escape_too(write_facts: Callable[..., Path],
                                                                 facts_data: dict[str, Any]) -> None:
    data = _every_text_field_with(facts_data, f" {INVISIBLE}")
    path = write_facts(data)
    for args in (["sources", "--bibtex"], ["check", str(path)], ["get", "arrests", "--year", "2024"],
                 ["get", "minor_victim_share"]):
        result = run_main(*args, "--facts", str(path))
        assert result.returncode == 0, (args, result.stderr)
        assert raw_controls(result.stdout + result.stderr) == [], args
    assert "\\u200b" in run_main("sources", "--bibtex", "--facts", str(path)).stdout
    assert "\\u200b" in run_main("check", str(path)).stdout  # the findings quote the labels


def test_json_keeps_the_characters_escaped_and_reads_them_back(write_facts: Callable[..., Path],
                                                               facts_data: dict[str, Any]) -> None:
    path = write_facts(_every_text_field_with(facts_data, f" {INVISIBLE}"))
    result = run_main("summary", "--facts", str(path), "--json")
    for character in INVISIBLE:
        assert character not in result.stdout
    document = json.loads(result.stdout)
    assert next(row for row in document["figures"] if row["key"] == "cases")["label"].endswith(INVISIBLE)


def _facts_with(text: str) -> FactBase:
    """The shipped facts with ``text`` added to every free-text field of every record (not ids or keys)."""
    facts = load(str(FACTS))
    keep = {"id", "source", "metric", "part_of", "breakdown", "pillar", "reliability", "placement", "url"}

    def poison(record: Any) -> Any:
        changes = {}
        for spec in frozen.fields(record):
            value = getattr(record, spec.name)
            if isinstance(value, str) and spec.name not in keep:
                changes[spec.name] = value + text
            elif frozen.is_record(value):
                changes[spec.name] = poison(value)
        return frozen.replace(record, **changes)

    return frozen.replace(
        facts,
        path=facts.path + text,
        sources=tuple(poison(s) for s in facts.sources), metrics=tuple(poison(m) for m in facts.metrics),
        figures=tuple(poison(f) for f in facts.figures), statements=tuple(poison(s) for s in facts.statements),
        partners=tuple(poison(p) for p in facts.partners), tiers=tuple(poison(t) for t in facts.tiers),
    )


def _every_view(facts: FactBase) -> list[views_base.View]:
    """Every command's view, from the registry (COMMANDS with a view), for 2024."""
    return [view for _, view in every_view(facts, 2024)]


def _as_json_reads(value: Any) -> Any:
    """``value`` as laos-tip's JSON gives it back: a byte of surrogateescape (U+DC80..U+DCFF) as the text
    ``\\xNN`` (documented in render.machine.to_json), a high and a low surrogate side by side as one character."""
    if isinstance(value, str):
        value = "".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else c for c in value)
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    if isinstance(value, dict):
        return {_as_json_reads(k): _as_json_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_reads(v) for v in value]
    return value


HOSTILE_TEXT = st.lists(
    st.one_of(
        st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp"]),
        st.sampled_from(["\x1b[2J", "\x1b]8;;https://evil.example\x07", "\x1b]0;pwned\x07", "[bold red]x[/]", "="]),
    ),
    min_size=1, max_size=8,
).map("".join)


@pytest.mark.slow  # 40 generated texts through every view and format (~20 s); the cases above run by default
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE_TEXT)
def test_generated_control_characters_in_every_text_field_through_every_format(text: str) -> None:
    facts = _facts_with(text)
    for view in _every_view(facts):
        assert raw_controls(render_machine.to_tsv(view)) == []
        assert raw_controls(render_machine.to_markdown(view)) == []
        assert raw_controls_in_csv(render_machine.to_csv(view)) == []
        table = io.StringIO()
        render_terminal.render_table(view, file=table)
        assert raw_controls(table.getvalue()) == []
        for details in (False, True):  # a terminal's layout: brief lines, notes moved out of the table
            screen = io.StringIO()
            render_terminal.render_table(view, file=screen, terminal=True, width=80, details=details)
            assert raw_controls_on_screen(screen.getvalue()) == []
        rendered = render_machine.to_json(view.document)
        assert raw_controls(rendered.replace("\n", "")) == []
        rendered.encode("utf-8")  # valid UTF-8, even with lone surrogates in the data
        assert json.loads(rendered) == _as_json_reads(view.document)  # reads back as the strings of the data
    assert raw_controls(views_sources.bibtex(facts)) == []
    for headline in facts.conflicts():
        assert raw_controls(printable(views_text.contradiction_note(headline))) == []


# --- rich markup in data is printed as written --------------------------------------------


def test_rich_markup_in_data_is_never_interpreted(write_facts: Callable[..., Path],
                                                  facts_data: dict[str, Any]) -> None:
    facts_data["metrics"][1]["label"] = "[bold red]Arrests[/]"
    facts_data["sources"][0]["title"] = "[link=https://evil.example]Laos strives[/link]"
    path = write_facts(facts_data)
    for result in (run_main("summary", "--facts", str(path)),
                   run_cli("summary", "--facts", str(path), env=clean_env(FORCE_COLOR="1"))):  # read by the process
        assert result.returncode == 0
        assert "[bold red]Arrests[/]" in result.stdout
        assert "[link=https://evil.example]Laos strives[/link]" in result.stdout
        assert "\x1b]8;" not in result.stdout  # no hyperlink escape


def test_on_a_terminal_escapes_in_data_are_shown_not_run(write_facts: Callable[..., Path],
                                                         facts_data: dict[str, Any]) -> None:
    import pty

    facts_data["metrics"][1]["label"] = "Arrests\u200b[link=https://evil.example]x[/link]"
    path = write_facts(facts_data)
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.environ.update({"COLUMNS": "200", "TERM": "xterm-256color"})
        os.execv(console_script(), [console_script(), "summary", "--facts", str(path)])
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    shown = b"".join(chunks).decode("utf-8")
    assert os.waitstatus_to_exitcode(status) == 0
    assert "Arrests\\u200b[link=https://evil.example]x[/link]" in shown
    assert "\x1b]8;" not in shown


# --- CSV formula injection ----------------------------------------------------------------


FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"Arrests\")", "+1+1", "-2+3", "@SUM(A1)"]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(write_facts: Callable[..., Path],
                                                           facts_data: dict[str, Any], tmp_path: Path) -> None:
    for metric, label in zip(facts_data["metrics"], FORMULAS, strict=False):
        metric["label"] = label
    path = write_facts(facts_data)
    stdout = run_main("summary", "--facts", str(path), "--format", "csv").stdout
    exported = tmp_path / "figures.csv"
    assert run_main("export", str(exported), "--facts", str(path)).returncode == 0
    for text in (stdout, exported.read_text(encoding="utf-8")):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        for label in FORMULAS:
            assert "'" + label in cells
            assert label not in cells
        assert not any(cell.startswith(("=", "+", "@", "\t")) for cell in cells)


#: The full-width and small forms of = + - @, which spreadsheets in East Asian locales read as the ASCII ones.
WIDE_FORMULAS = ["\uff1dHYPERLINK(\"https://evil.example\")", "\uff0b1+1", "\uff0d2+3", "\uff20SUM(A1)",
                 "\ufe661+1", "\ufe621", "\ufe632", "\ufe6bSUM(A1)"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_cells_a_spreadsheet_would_run_are_neutralised_alike(
        fmt: str, write_facts: Callable[..., Path], facts_data: dict[str, Any]) -> None:
    labels = FORMULAS + WIDE_FORMULAS
    for metric, label in zip(facts_data["metrics"], labels, strict=False):
        metric["label"] = label
    result = run_cli("keys", "--facts", str(write_facts(facts_data)), "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    else:
        cells = [cell for line in result.stdout.splitlines() for cell in line.split("\t")]
    for label in labels:
        assert "'" + label in cells, label
        assert label not in cells
    starts = ("=", "+", "@", *(label[0] for label in WIDE_FORMULAS))
    assert not any(cell.startswith(starts) for cell in cells)


def test_tsv_leaves_numbers_alone_as_csv_does() -> None:
    view = views_base.View(title="t", columns=(views_base.Column("n", "N"), views_base.Column("s", "S")),
                           rows=[{"n": -5, "s": "-5"}, {"n": -0.5, "s": "+3.25"}, {"n": 1, "s": "=1+1"},
                                 {"n": 2, "s": "\uff0d5"}], document={})
    assert render_machine.to_tsv(view).split("\n")[1:] == ["-5\t-5", "-0.5\t+3.25", "1\t'=1+1", "2\t'\uff0d5", ""]


def test_numbers_are_not_neutralised_and_tabs_or_returns_first_are() -> None:
    view = views_base.View(title="t", columns=(views_base.Column("n", "N"), views_base.Column("s", "S")),
                      rows=[{"n": -5, "s": "-5"}, {"n": -0.5, "s": "+3.25"}, {"n": 1, "s": "\t=1+1"},
                            {"n": 2, "s": "\r=1+1"}], document={})
    # (the loader strips leading tabs from fact-file text; other callers of to_csv may not)
    assert render_machine.to_csv(view).split("\r\n")[1:] == ["-5,-5", "-0.5,+3.25", "1,'\t=1+1", "2,\\r=1+1", ""]


# --- output failures ----------------------------------------------------------------------


def shell(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in bash with ``laos-tip`` being the installed console script."""
    return subprocess.run(["bash", "-c", script.replace("laos-tip", console_script())], capture_output=True,
                          text=True, env=clean_env(**env), timeout=60)


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["summary", "summary --format csv", "keys", "get arrests", "check"])
def test_closed_stdout_is_one_line_and_exit_1(command: str) -> None:
    result = shell(f"laos-tip {command} >&-")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == "laos-tip: error: cannot write the output: standard output is closed\n"


def test_closed_stdout_does_not_fail_an_export(tmp_path: Path) -> None:
    result = shell(f"laos-tip export {tmp_path / 'out.json'} >&-")
    assert_no_traceback(result)
    assert result.returncode == 0 and result.stderr.startswith("laos-tip: wrote ")
    assert json.loads((tmp_path / "out.json").read_text())["command"] == "export"


@pytest.mark.parametrize(("command", "stdout"), [
    ("get minor_victim_share", "0.47058823529411764\n"),  # it warns: a lower bound
    ("get arrests", "95\n"),
    ("get nosuchkey", ""),
])
def test_closed_stderr_keeps_the_data_and_the_status(command: str, stdout: str) -> None:
    result = shell(f"laos-tip {command} 2>&-")
    assert result.stdout == stdout
    assert result.returncode == (1 if "nosuchkey" in command else 0)


@pytest.mark.parametrize("command", ["summary", "summary --format csv", "keys --format markdown", "sources --bibtex",
                                     "check", "--help"])
def test_a_full_disk_is_one_line_and_exit_1(command: str) -> None:
    result = shell(f"laos-tip {command} > /dev/full")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr == "laos-tip: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("command", ["ratios --format markdown", "compare 2023 2024 --format markdown",
                                     "summary --format csv --facts {facts}", "keys --format tsv --facts {facts}",
                                     "sources --bibtex --facts {facts}", "check {facts}"])
def test_an_encoding_without_a_character_is_one_line_and_exit_1(command: str, write_facts: Callable[..., Path],
                                                                facts_data: dict[str, Any]) -> None:
    facts_data["metrics"][1]["label"] = "Arrests (ວຽງຈັນ)"
    facts_data["sources"][0]["publisher"] = "Xinhua ວຽງຈັນ"
    second_source(facts_data, 96)
    facts_data["sources"][-1]["title"] = "Arrests (ວຽງຈັນ)"
    path = write_facts(facts_data)
    result = shell(f"laos-tip {command.format(facts=path)}", PYTHONIOENCODING="ascii")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.startswith("laos-tip: error: cannot write U+")
    assert "in the output encoding ascii; set PYTHONIOENCODING=utf-8" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["get arrests", "check", "summary --json", "ratios --json"])
def test_ascii_output_that_fits_is_written(command: str) -> None:
    result = shell(f"laos-tip {command}", PYTHONIOENCODING="ascii")
    assert_no_traceback(result)
    # JSON escapes nothing beyond controls: a ≥ in the data is an encoding failure, not a silent change.
    assert result.returncode in (0, 1)
    if result.returncode:
        assert result.stderr.startswith("laos-tip: error: cannot write U+")
    else:
        assert result.stdout and result.stderr == ""


def test_check_fails_a_bad_file_even_when_its_reader_leaves(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nsources: []\n")
    result = shell(f"set -o pipefail; laos-tip check {bad} | (exec 0<&-; sleep 1)")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert result.stderr.endswith("is not a valid fact file (2 problems)\n")
    result = shell(f"set -o pipefail; laos-tip check {bad} --json | (exec 0<&-; sleep 1)")
    assert result.returncode == 1


def test_check_of_a_valid_file_into_a_closed_pipe_exits_0_quietly() -> None:
    result = shell("set -o pipefail; laos-tip check | (exec 0<&-; sleep 1)")
    assert result.returncode == 0 and result.stderr == ""


@pytest.mark.parametrize("command", ["--help", "summary --help", "export --help", "--version"])
def test_help_into_a_closed_pipe_exits_0_quietly(command: str) -> None:
    result = shell(f"set -o pipefail; laos-tip {command} | (exec 0<&-; sleep 1)")
    assert result.returncode == 0 and result.stderr == ""


def _huge_text_facts(write_facts: Callable[..., Path], facts_data: dict[str, Any]) -> Path:
    """Facts whose output is far larger than a pipe holds, so a writer blocks until it is read."""
    facts_data["metrics"][1]["description"] = "very long " * 50_000
    facts_data["metrics"][1]["label"] = "Arrests " + "long " * 50_000
    return write_facts(facts_data)


@pytest.mark.parametrize("command", [["keys", "--format", "csv"], ["summary", "--format", "csv"],
                                     ["summary"]], ids=" ".join)
def test_ctrl_c_exits_130_quietly(command: list[str], write_facts: Callable[..., Path],
                                  facts_data: dict[str, Any]) -> None:
    path = _huge_text_facts(write_facts, facts_data)
    # A shell that starts a job in the background (CI may) leaves SIGINT ignored, and a child
    # inherits that; a terminal's Ctrl-C reaches a process whose SIGINT is at its default.
    process = subprocess.Popen([console_script(), *command, "--facts", str(path)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=clean_env(),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert isinstance(process.stdout, io.BufferedReader) and isinstance(process.stderr, io.BufferedReader)
    process.stdout.read(1)  # it is writing now, and blocks on the full pipe: it cannot have finished
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    stderr = process.stderr.read().decode()
    process.stdout.close()
    assert process.wait(timeout=30) == 130
    assert stderr == ""


# --- exports ------------------------------------------------------------------------------


def test_export_through_a_regular_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    result = run_main("export", str(tmp_path / "notes.txt" / "x.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == f"laos-tip: error: cannot write {tmp_path}/notes.txt/x.json: " \
                            f"{tmp_path}/notes.txt is not a directory\n"


def test_export_to_a_5000_character_path_is_refused(tmp_path: Path) -> None:
    result = run_main("export", str(tmp_path / ("a" * 5000 + ".json")))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.endswith(": File name too long\n") and result.stderr.count("\n") == 1
    assert len(result.stderr) < 400  # the path is cut in the middle
    assert os.listdir(tmp_path) == []


def as_ordinary_user() -> list[str]:
    """A command prefix that drops root's privileges (root may search and write anything), or nothing."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "running the tests as root needs setpriv (util-linux) to try an ordinary user"
    return [setpriv, "--reuid", "65534", "--regid", "65534", "--clear-groups"]


@pytest.fixture
def open_dir() -> Any:
    """A directory every user can reach and write (pytest's tmp_path is private to root)."""
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="laos-tip-test-", dir="/tmp"))
    path.chmod(0o777)
    yield path
    for child in path.rglob("*"):
        child.chmod(0o777) if child.is_dir() else None
    shutil.rmtree(path)


def test_export_into_a_directory_that_cannot_be_searched_is_refused(open_dir: Path) -> None:
    locked = open_dir / "locked"
    locked.mkdir()
    locked.chmod(0)
    beside = subprocess.run([*as_ordinary_user(), console_script(), "export", str(open_dir / "beside.json")],
                            capture_output=True, text=True, env=clean_env(), cwd="/", timeout=30)
    assert beside.returncode == 0, beside.stderr  # the same user can write next to it
    try:
        for target in (locked / "x.json", locked / "sub" / "x.sqlite"):
            result = subprocess.run([*as_ordinary_user(), console_script(), "export", str(target)],
                                    capture_output=True, text=True, env=clean_env(), cwd="/", timeout=30)
            assert result.returncode == 1, result.stderr
            assert result.stderr == f"laos-tip: error: cannot write {target}: Permission denied\n"
    finally:
        locked.chmod(0o755)
    assert os.listdir(locked) == []


def test_export_to_a_name_ending_in_a_slash_writes_nothing(tmp_path: Path, invoke: Callable[..., Any]) -> None:
    for target in (f"{tmp_path}/x.json/", f"{tmp_path}/x.json/."):
        result = run_main("export", target)
        assert result.returncode == 1, result.stderr
        assert result.stderr == f"laos-tip: error: {target} names a directory; give a file name such as " \
                                f"{tmp_path}/x.json/laos-tip.sqlite\n"
    assert run_main("export", f"{tmp_path}/x.json/..").returncode == 2  # no suffix: a usage error
    assert invoke("export", f"{tmp_path}/y.csv/").exit_code == 1
    assert os.listdir(tmp_path) == []


def test_export_to_and_from_paths_that_are_not_utf8(tmp_path: Path) -> None:
    weird = os.fsdecode(b"facts-\xff.yaml")
    facts = tmp_path / weird
    facts.write_bytes(FACTS.read_bytes())
    target = tmp_path / os.fsdecode(b"out-\xfe.json")
    for env in (clean_env(), clean_env(LC_ALL="C.UTF-8"), clean_env(LC_ALL="C")):
        results = [
            subprocess.run([console_script(), *args], capture_output=True, env=env, timeout=30)
            for args in (["export", str(target), "--force", "--facts", str(facts)], ["check", str(facts)],
                         ["check", str(facts), "--json"], ["summary", "--facts", str(facts), "--json"],
                         ["summary", "--facts", str(facts), "--format", "csv"])
        ]
        for result in results:
            assert result.returncode == 0, result.stderr
            result.stdout.decode("utf-8")  # valid UTF-8 on both streams
            result.stderr.decode("utf-8")
        assert b"out-\\xfe.json" in results[0].stderr
        for result in results[1:4]:  # the path is shown with its byte escaped
            assert b"facts-\\xff.yaml" in result.stdout.replace(b"\\\\", b"\\")  # JSON doubles the backslash
        exported = json.loads(target.read_text(encoding="utf-8"))
        assert exported["facts"]["path"].endswith("facts-\\xff.yaml")


def test_force_replaces_a_read_only_file_and_keeps_its_mode(open_dir: Path) -> None:
    tmp_path = open_dir
    target = tmp_path / "out.csv"
    for prefix in {(), tuple(as_ordinary_user())}:  # the same for root and for an ordinary user
        target.unlink(missing_ok=True)
        target.write_text("old")
        if prefix:
            os.chown(target, 65534, 65534)
        target.chmod(0o444)
        result = subprocess.run([*prefix, console_script(), "export", str(target), "--force"], capture_output=True,
                                text=True, env=clean_env(), cwd="/", timeout=30)
        assert result.returncode == 0, result.stderr
        assert target.read_text(encoding="utf-8").startswith("key,label,pillar,period,value")
        assert target.stat().st_mode & 0o777 == 0o444
        assert sorted(os.listdir(tmp_path)) == ["out.csv"]


def test_temporary_names_fit_a_250_byte_file_name(tmp_path: Path) -> None:
    for name in ("n" * 245 + ".sqlite", "é" * 121 + ".json", "c" * 251 + ".csv"):
        assert len(os.fsencode(name)) <= 255
        prefix = export_atomic.temp_prefix(name)
        assert len(os.fsencode(prefix)) + 8 + len(".tmp") + len("-journal") <= 255
        result = run_main("export", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
    assert len(os.listdir(tmp_path)) == 3


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_during_an_export_removes_the_temporary_files(signum: signal.Signals, tmp_path: Path) -> None:
    """Stop the export while its temporary file exists, send the signal, let it go on: nothing is left."""
    caught = 0
    for attempt in range(40):
        directory = tmp_path / f"run-{attempt}"
        directory.mkdir()
        process = subprocess.Popen([console_script(), "export", str(directory / "out.sqlite")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env(),
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        stopped = False
        while process.poll() is None:
            if any(name.endswith(".tmp") for name in os.listdir(directory)):
                process.send_signal(signal.SIGSTOP)
                stopped = True
                break
        if stopped and any(".tmp" in name for name in os.listdir(directory)):
            process.send_signal(signum)
            process.send_signal(signal.SIGCONT)
            code = process.wait(timeout=30)
            assert isinstance(process.stderr, io.BufferedReader)
            stderr = process.stderr.read().decode()
            assert "Traceback" not in stderr
            # Caught while writing: 128 + signal after the clean-up; a signal that lands just after the
            # handlers were put back ends the process as the signal's default does, with nothing to clean.
            if code == 128 + signum:
                caught += 1
                assert stderr == ""
        else:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)
            process.wait(timeout=30)
        assert [name for name in os.listdir(directory) if name.startswith(".")] == []
        if caught >= 3:
            break
    assert caught >= 1, "no export was caught while it wrote"


def test_sigterm_in_process_cleans_up_and_restores_the_handler(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    original = export_writers.WRITERS["sqlite"]

    def killed_while_writing(facts: object, temp: Path, rows: Any) -> None:
        original(facts, temp, rows)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler raises before this ends

    monkeypatch.setitem(export_writers.WRITERS, "sqlite", killed_while_writing)
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(export_atomic.Interrupted) as raised:
        export.export(load(str(FACTS)), tmp_path / "out.sqlite")
    assert raised.value.signum == signal.SIGTERM
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == before


# --- small ones ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2_024", "+2024", "٢٠٢٤", "9" * 5000, " 2024"])
@pytest.mark.parametrize("command", [["summary"], ["get", "arrests"], ["ratios", "--json"]], ids=" ".join)
def test_a_year_not_in_plain_digits_is_a_usage_error(year: str, command: list[str],
                                                     invoke: Callable[..., Any]) -> None:
    result = run_main(*command, "--year", year)
    assert result.returncode == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert "is not a year; write it in plain digits, e.g. 2024" in " ".join(re.sub("[│╭╮╰╯─]", " ", result.stderr).split())
    assert len(result.stderr) < 2000
    assert invoke(*command, "--year", year).exit_code == 2


def test_compare_years_are_read_like_year_options() -> None:
    result = run_main("compare", "2_023", "2024")
    assert result.returncode == 2 and "'2_023' is not a year;" in result.stderr
    assert run_main("compare", "2023", "2024", "--format", "csv").returncode == 0


@pytest.mark.parametrize("written", ["²", "4" + "6" * 5000, "٤٦"])
def test_odd_as_written_is_a_problem_not_a_crash(written: str, write_facts: Callable[..., Path],
                                                 facts_data: dict[str, Any]) -> None:
    figure_of(facts_data["figures"], "cases", 2024)["as_written"] = written
    result = run_main("check", str(write_facts(facts_data)))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert figure_path("cases", 2024) in result.stdout


def test_a_syntax_error_names_where_the_unclosed_construct_began(write_facts: Callable[..., Path]) -> None:
    text = FACTS.read_text(encoding="utf-8").splitlines(keepends=True)
    text[-1] = text[-1].rstrip("\n") + "\n"
    unclosed_list = write_facts("".join(text) + "extra: [1, 2\n")
    result = run_main("check", str(unclosed_list))
    assert f"(while parsing a flow sequence that began at line {len(text) + 1}, column 8)" in result.stdout
    result = run_main("check", str(write_facts("".join(text) + 'extra: "unclosed\n\n\n')))
    assert result.returncode == 1
    assert f":{len(text) + 4}:1: YAML syntax error: found unexpected end of stream (while scanning a quoted " \
           f"scalar that began at line {len(text) + 1}, column 8)" in result.stdout




def test_data_package_descriptor_escapes_hostile_text(tmp_path: Path) -> None:
    facts = _facts_with("\u202e\x85\x1b[2J")
    target = tmp_path / "pkg" / "datapackage.json"
    export.export(facts, target)
    text = target.read_text(encoding="utf-8")
    assert "\\u202e" in text  # the data's text is there, written as an escape
    assert raw_controls(text.replace("\n", "")) == []


@pytest.mark.parametrize(("script", "status"), [
    ("set -o pipefail; laos-tip sources --quotes | head -1", "OK"),  # the reader left early
    ("laos-tip summary 2>&-", "OK"),  # the warnings are lost, not the data
    ("laos-tip summary >&-", "ERROR"),
    ("laos-tip summary > /dev/full", "ERROR"),
    ("PYTHONIOENCODING=ascii laos-tip keys --facts {facts}", "OK"),  # a table shows an escape
    ("PYTHONIOENCODING=ascii laos-tip keys --format markdown --facts {facts}", "ERROR"),  # a machine format stops
])
def test_stream_failures_exit_as_the_exit_code_table_says(script: str, status: str, write_facts: Callable[..., Path],
                                                          facts_data: dict[str, Any]) -> None:
    from laos_tip.cli.exit_codes import ExitCode

    facts_data["metrics"][1]["label"] = "Arrests (ວຽງຈັນ)"
    result = shell(script.format(facts=write_facts(facts_data)))
    assert_no_traceback(result)
    assert result.returncode == ExitCode[status], result.stderr
    assert result.stderr.count("\n") == (1 if status == "ERROR" else 0), result.stderr
