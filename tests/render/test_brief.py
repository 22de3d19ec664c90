"""The brief view at 80×24: every table command fits the window, --details still shows all, long output is paged.

The limits are checked in-process on a forced terminal of 80 columns and 24 lines, and once through
the installed console script under a real pseudo-terminal. What --details must carry (every URL,
every note) is read from the views themselves, not from a list written here. The pager is tried
with a stand-in PAGER that records what it was given.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import clean_env, console_script, run_main
from terminals import plain, run_in_pty
from laos_tip.render import pager
from laos_tip.views.base import Column, View
from test_terminal import COMMANDS, draw, words

#: The commands that must fit 80×24 by default, as the views they draw.
FIT = ("trend", "compare", "tier", "pipeline", "partners", "ratios", "summary")
#: The same commands as typed.
TYPED = {"trend": ["trend", "arrests"], "compare": ["compare", "2023", "2024"], "tier": ["tier"],
         "pipeline": ["pipeline"], "partners": ["partners"], "ratios": ["ratios"], "summary": ["summary"]}
_URL_LINE = re.compile(r"\s*https?://\S+")


def within(out: str, width: int, height: int) -> list[str]:
    lines = out.rstrip("\n").split("\n")
    assert len(lines) <= height, f"{len(lines)} lines\n{out}"
    for line in lines:
        assert len(line) <= width or _URL_LINE.fullmatch(line), (len(line), line)
    return lines


@pytest.mark.parametrize("command", FIT)
def test_each_table_command_fits_80_by_24_by_default(command: str) -> None:
    view = COMMANDS[command]()
    out = draw(view, 80, height=24)
    within(out, 80, 24)
    assert view.title in out
    # The brief view says what --details adds, or shows everything there is (partners).
    assert "--details adds:" in out or (view.brief is None and not view.extra)


@pytest.mark.parametrize("command", ["trend", "compare", "tier", "pipeline", "summary"])
def test_the_brief_view_names_its_source_in_one_line(command: str) -> None:
    out = draw(COMMANDS[command](), 80, height=24)
    said = [line for line in out.split("\n") if line.startswith("Source:")]
    assert len(said) == 1, out
    assert not re.search(r"https?://", out), out  # the links are --details'
    if command != "summary":  # summary says which reports agree and which disagree instead
        cited = len(COMMANDS[command]().document["sources"])
        more = f", and {cited - 1} more report" if cited > 1 else ""
        assert more in said[0] and said[0].endswith("; --details."), said


@pytest.mark.parametrize("command", ["keys", "sources"])
@pytest.mark.parametrize("width", [80, 120])
def test_lists_show_one_line_per_entry(command: str, width: int) -> None:
    view = COMMANDS[command]()
    out = draw(view, width, height=24)
    lines = within(out, width, 10 ** 6)
    rows = [line for line in lines if "│" in line]
    assert len(rows) == len(view.rows), out
    first = view.columns[0]
    assert [line.split("│")[0].strip() for line in rows] == [first.show(r) for r in view.rows]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_details_carry_every_url_and_every_note(command: str) -> None:
    """Every URL of the sources the command's JSON names, and every note of every table, at 80 columns."""
    view = COMMANDS[command]()
    out = draw(view, 80, details=True, height=24)
    lines = [line.strip() for line in out.split("\n")]
    document = view.document
    urls = [s["url"] for s in document.get("sources", []) if s.get("url")]
    assert urls or command in ("keys", "ratios", "ratios-2021", "partners")
    for url in urls:
        assert url in lines, url
    seen = words(out)
    for part in (view, *view.extra):
        for note in [*part.notes, *part.caption]:
            assert words(note) <= seen, note
        for column in part.columns:
            if column.prose:  # numbered notes, or a column when it fits
                for row in part.rows:
                    assert words(column.show(row)) <= seen, (column.key, row)


def test_details_show_the_tables_of_today_that_the_brief_view_leaves_out() -> None:
    for command, build in COMMANDS.items():
        view = build()
        detailed = draw(view, 80, details=True, height=24)
        for part in view.extra:
            assert part.title in detailed, (command, part.title)
        for column in view.columns:
            if column.prose and view.rows and any(column.show(r) for r in view.rows):
                assert f"{column.header}:" in detailed or column.header in detailed, (command, column.header)


def years_view(count: int) -> View:
    """A view of ``count`` years, as a trend of a metric with many years of data would be."""
    rows: list[dict[str, Any]] = [{"period": 2000 + i, "value": 10 + i, "why": "a caveat" if i == 3 else ""}
                                  for i in range(count)]
    return View(title="Many years", columns=(Column("period", "Year"), Column("value", "Value", numeric=True),
                                             Column("why", "Why", prose=True)),
                rows=rows, document={}, notes=["A note for --details."],
                brief=["Source: Somewhere, 2025-01-01, and 3 more reports; --details."], brief_rows="years")


@pytest.mark.parametrize("count", [15, 24, 40])
@pytest.mark.parametrize("height", [24, 12])
def test_a_view_of_many_years_shows_the_latest_that_fit_and_says_so(count: int, height: int) -> None:
    out = draw(years_view(count), 80, height=height)
    lines = within(out, 80, height)
    shown = [int(line.split()[0]) for line in lines if re.match(r"\d{4} ", line)]
    assert shown == list(range(2000 + count - len(shown), 2000 + count))  # the latest, in order
    if len(shown) == count:
        assert "The latest" not in out
    else:
        assert f"The latest {len(shown)} of {count} years shown; --details shows all." in " ".join(out.split())
        assert len(lines) + 1 > height  # as many as fit: one more row would not
    detailed = draw(years_view(count), 80, details=True, height=height)
    assert all(str(2000 + i) in detailed for i in range(count)) and "The latest" not in detailed


def test_a_short_view_is_not_cut() -> None:
    out = draw(years_view(5), 80, height=24)
    assert "The latest" not in out and all(str(2000 + i) in out for i in range(5))


def test_a_trend_of_many_years_from_a_fact_file_stays_brief(facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    """A metric with 20 years of figures, as more years of data would give: 24 lines, the latest years."""
    template = next(f for f in facts_data["figures"] if f["metric"] == "arrests" and f["value"] == 27)
    years = {f["period"] for f in facts_data["figures"] if f["metric"] == "arrests"}
    for year in range(2003, 2023):
        if year not in years:
            facts_data["figures"].append({**template, "period": year})
    path = str(write_facts(facts_data))
    from laos_tip.factfile.pipeline import load
    from laos_tip.views.trend import trend

    view = trend(load(path), "arrests")
    assert len(view.rows) >= 20
    out = draw(view, 80, height=24)
    within(out, 80, 24)
    found = re.search(r"The latest (\d+) of (\d+) years shown", " ".join(out.split()))
    assert found and int(found.group(2)) == len(view.rows), out
    assert "2024" in out and "2003 " not in out


# --- the pager ---------------------------------------------------------------------------------

FAKE_PAGER = """\
import os, sys
record = sys.argv[1]
data = sys.stdin.buffer.read()
with open(record, "wb") as out:
    out.write(data)
with open(record + ".env", "w") as out:
    out.write(os.environ.get("LESS", "<unset>"))
"""


def run_with_pager(argv: list[str], tmp_path: Path, **extra: str) -> tuple[str, str | None, str | None]:
    """Run ``argv`` with stdin and stdout on an 80×24 pseudo-terminal and a stand-in pager.

    What the terminal got, what the pager got (None if it never ran), and LESS as the pager saw it.
    """
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    record = tmp_path / "paged.txt"
    shown = run_in_pty(argv, stdin_tty=True, **{"PAGER": f"{sys.executable} {script} {record}", **extra})
    paged = record.read_text(encoding="utf-8") if record.exists() else None
    less = (tmp_path / "paged.txt.env").read_text(encoding="utf-8") if paged is not None else None
    return plain(shown), (plain(paged) if paged is not None else None), less


def test_long_details_go_through_the_pager_with_less_options(tmp_path: Path) -> None:
    shown, paged, less = run_with_pager([console_script(), "tier", "--details"], tmp_path)
    assert paged is not None, shown
    assert less == "FRX"
    assert "Quote: Although Laos meets the criteria" in paged and "Timeline 2001" in paged
    document = json.loads(run_main("tier", "--json").stdout)
    for source in document["sources"]:
        assert source["url"] in [line.strip() for line in paged.split("\n")]
    assert "Quote:" not in shown  # the text went to the pager, not around it
    assert len(paged.rstrip("\n").split("\n")) > 24


@pytest.mark.slow
def test_the_pager_honours_less_and_no_pager_and_short_output(tmp_path: Path) -> None:
    _, paged, less = run_with_pager([console_script(), "trend", "arrests", "--details"], tmp_path, LESS="-S")
    assert paged is not None and less == "-S"
    (tmp_path / "paged.txt").unlink()
    shown, paged, _ = run_with_pager([console_script(), "tier", "--details", "--no-pager"], tmp_path)
    assert paged is None and "Quote: Although Laos meets the criteria" in shown
    # Output that fits the window is printed, not paged; so is the brief view.
    shown, paged, _ = run_with_pager([console_script(), "partners", "--details"], tmp_path)
    assert paged is None and "Vietnam" in shown
    shown, paged, _ = run_with_pager([console_script(), "tier"], tmp_path)
    assert paged is None and "The latest" in shown
    # PAGER=cat (or empty) means no pager.
    shown, paged, _ = run_with_pager([console_script(), "tier", "--details"], tmp_path, PAGER="cat")
    assert paged is None and "Quote: Although Laos meets the criteria" in shown


def test_never_a_pager_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    record = tmp_path / "paged.txt"
    result = subprocess.run([console_script(), "tier", "--details"], capture_output=True, timeout=30,
                            env=clean_env(PAGER=f"{sys.executable} {script} {record}"))
    assert result.returncode == 0 and not record.exists()
    assert "Quote" in result.stdout.decode("utf-8")


def test_the_pager_command_follows_pager(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGER", "")
    assert pager.pager_command() is None
    monkeypatch.setenv("PAGER", "cat")
    assert pager.pager_command() is None
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere -R")
    assert pager.pager_command() is None
    monkeypatch.setenv("PAGER", f"{sys.executable} -c pass")
    assert pager.pager_command() == f"{sys.executable} -c pass"
    monkeypatch.delenv("PAGER")
    assert pager.pager_command() in ("less", None)  # less, where it is installed


def test_no_pager_is_declared_once_for_every_table_command() -> None:
    from laos_tip.cli.declaration import COMMANDS as DECLARED
    from laos_tip.cli.declaration import DETAILS, NO_PAGER

    for command in DECLARED:
        assert (DETAILS in command.params) == (NO_PAGER in command.params), command.name
    assert run_main("tier", "--no-pager").stdout == run_main("tier").stdout


@pytest.mark.slow
def test_the_installed_script_at_80_by_24() -> None:
    for command in FIT:
        out = plain(run_in_pty([console_script(), *TYPED[command]]))
        within(out, 80, 24)
