"""Tables as people see them in a terminal of 60 to 200 columns, and as scripts get them in a pipe.

Each table command is drawn at several widths on a forced terminal (a rich Console writing
into a string) and through the installed console script under a real pseudo-terminal, and
the tests read the text a person would read: escape codes removed, then line lengths, whole
words, line budgets, links.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from conftest import FACTS, clean_env, console_script, run_main
from terminals import plain, run_in_pty
from laos_tip.render.terminal import render_table
from laos_tip.factfile.pipeline import load
from laos_tip.views.base import Column, View
from laos_tip.views import compare as views_compare
from laos_tip.views import keys as views_keys
from laos_tip.views import partners as views_partners
from laos_tip.views import pipeline as views_pipeline
from laos_tip.views import ratios as views_ratios
from laos_tip.views import sources as views_sources
from laos_tip.views import summary as views_summary
from laos_tip.views import tier as views_tier
from laos_tip.views import trend as views_trend

WIDTHS = (60, 80, 100, 120, 200)

_URL_LINE = re.compile(r"\s*https?://\S+")
_BOX = str.maketrans({c: " " for c in "│┃┏┓┗┛┣┫┳┻╋━─┡┩╇┼├┤└┘┌┐┬┴|+"})


def words(text: str) -> set[str]:
    """The words of a text, box-drawing characters and the punctuation around words set aside."""
    return {w.strip(".,;:()'\"[]") for w in text.translate(_BOX).split()} - {""}


def draw(view: View, width: int, details: bool = False, **kwargs: Any) -> str:
    buffer = io.StringIO()
    render_table(view, buffer, details=details, terminal=True, width=width, **kwargs)
    return plain(buffer.getvalue())


FACTBASE = load(str(FACTS))
COMMANDS: dict[str, Callable[[], View]] = {
    "summary": lambda: views_summary.summary(FACTBASE, 2024),
    "ratios": lambda: views_ratios.ratios(FACTBASE, 2024),
    "ratios-2021": lambda: views_ratios.ratios(FACTBASE, 2021),
    "partners": lambda: views_partners.partners(FACTBASE, 2024),
    "keys": lambda: views_keys.keys(FACTBASE),
    "trend": lambda: views_trend.trend(FACTBASE, "arrests"),
    "compare": lambda: views_compare.compare(FACTBASE, 2023, 2024),
    "tier": lambda: views_tier.tiers(FACTBASE),
    "pipeline": lambda: views_pipeline.pipeline(FACTBASE),
    "sources": lambda: views_sources.sources(FACTBASE),
    "sources-quotes": lambda: views_sources.sources(FACTBASE, quotes=True),
}


def left_out(out: str) -> set[str]:
    """The headers of the columns the output says it left out."""
    found = re.search(r"Left out at this width: (.*?) \(see a wider window", " ".join(out.split("\n")))
    return set(found.group(1).split(", ")) if found else set()


@pytest.mark.parametrize("details", [False, True], ids=["brief", "details"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_table_fits_the_width_and_breaks_no_word(command: str, width: int, details: bool) -> None:
    view = COMMANDS[command]()
    out = draw(view, width, details)
    lines = out.rstrip("\n").split("\n")
    for line in lines:
        # A URL longer than the window is the one thing printed wider: whole, alone on its line.
        assert len(line) <= width or _URL_LINE.fullmatch(line), (width, line)
        assert line == line.rstrip(), repr(line)
    seen = words(out)
    hidden = left_out(out)
    brief = not details and view.brief is not None
    for part in (view,) if brief else (view, *view.extra):
        assert part.title in out
        for column in part.columns:
            if (column.detail and not details) or (column.header or column.key) in hidden:
                continue
            for row in shown_rows(part, out) if brief else part.rows:
                for word in words(column.show(row)):
                    assert word in seen, (column.key, word)
        if not brief:
            for note in [*part.notes, *part.caption]:
                assert words(note) <= seen, note
    for line in view.brief or [] if brief else []:
        assert words(line) <= seen
    urls = [u for line in (view.brief or [] if brief else view.caption) for u in re.findall(r"https?://\S+", line)]
    for url in urls:
        assert url in [line.strip() for line in lines], url


def shown_rows(view: View, out: str) -> list[dict[str, Any]]:
    """The rows a brief view shows: all, or the latest N when it says "The latest N of M ... shown"."""
    found = re.search(r"The latest (\d+) of (\d+) ", " ".join(out.split()))
    if found is None:
        return view.rows
    assert view.brief_rows is not None and int(found.group(2)) == len(view.rows)
    return view.rows[-int(found.group(1)):]


def numbered_notes(out: str) -> dict[str, str]:
    """The numbered notes under a table, each with its wrapped lines joined: marker -> text."""
    notes: dict[str, str] = {}
    marker = None
    for line in out.split("\n"):
        found = re.match(r"(\[\d+\]) (.*)", line)
        if found:
            marker = found.group(1)
            notes[marker] = found.group(2)
        elif marker and line.startswith(" "):
            notes[marker] += " " + line.strip()
        else:
            marker = None
    return notes


@pytest.mark.parametrize("width", WIDTHS)
def test_summary_shows_every_headline_figure_as_the_json_gives_it(width: int) -> None:
    view = views_summary.summary(FACTBASE, 2024)
    out = draw(view, width)
    seen = words(out)
    document = json.loads(run_main("summary", "--json").stdout)
    for figure in document["figures"]:
        line = next(line for line in out.split("\n") if figure["label"].split()[0] in line
                    and f"{figure['value']:,}" in line.split())
        assert figure["unit"] in line, line
        assert words(figure["label"]) <= seen
        if "Key" not in left_out(out):
            assert figure["key"] in seen
        # Where sources disagree, the brief view marks the row and names the key in one line under the table.
        disputed = next((" ".join(out[out.index("* Sources disagree:"):].split("\n")[:2]).split(".")[0]
                         for _ in [1] if "* Sources disagree:" in out), "")
        assert ("*" in line) == bool(figure["contradicted_by"]), line
        if figure["contradicted_by"]:
            assert figure["key"] in disputed or " more" in disputed, disputed
    # --details says each other value: in the row, or a mark in the row points to a note that says it.
    detailed = draw(view, width, details=True)
    detailed_lines = detailed.split("\n")
    for figure in document["figures"]:
        line = next(line for line in detailed_lines if figure["label"].split()[0] in line
                    and f"{figure['value']:,}" in line.split())
        after = detailed_lines[detailed_lines.index(line) + 1]
        # A label that wraps carries its mark to the next line, which holds no value of its own.
        continued = "│" in after and not re.search(r"\d", re.sub(r"\[\d+\]", "", after))
        marks = re.findall(r"\[\d+\]", line + (after if continued else ""))
        for claim in figure["contradicted_by"]:
            said = f"{claim['source']}: {claim['value']}"
            assert said in line or any(said in note for m, note in numbered_notes(detailed).items() if m in marks), line
        if not figure["contradicted_by"]:
            assert not marks, line
    if width >= 120:
        assert "Key" not in left_out(out)
        assert {f["key"] for f in document["figures"]} <= seen
    assert "Source: Xinhua, 2025-01-30; 2 more reports agree, 2 disagree." in " ".join(out.split())


@pytest.mark.parametrize("command", ["summary", "ratios", "compare", "trend", "tier", "partners", "pipeline"])
def test_at_80_columns_each_row_takes_one_line_two_where_a_label_wraps(command: str) -> None:
    view = COMMANDS[command]()
    out = draw(view, 80)
    # A terminal table has no outer edge: its rows are the lines that hold a column rule.
    table = [line for line in out.split("\n") if "│" in line]
    starts = [line for line in table if line.split("│")[0].strip() or any(
        cell.strip() and not cell.strip().isalpha() for cell in line.split("│")[1:])]
    rows = shown_rows(view, out)
    assert len(table) <= 2 * len(rows)
    assert len(starts) >= len(rows) - len({r.get(view.group) for r in rows} if view.group else [])


def test_line_budgets_at_80_by_24() -> None:
    summary = draw(views_summary.summary(FACTBASE, 2024), 80).rstrip("\n").split("\n")
    ratios = draw(views_ratios.ratios(FACTBASE, 2024), 80).rstrip("\n").split("\n")
    assert len(summary) <= 24, "\n".join(summary)
    assert len(ratios) <= 20, "\n".join(ratios)


def test_details_show_everything_a_pipe_shows() -> None:
    """Nothing lost: every word of the piped table (today's full output) is in the detailed view at 80."""
    for command, build in COMMANDS.items():
        view = build()
        buffer = io.StringIO()
        render_table(view, buffer)
        piped = words(buffer.getvalue())
        detailed = words(draw(view, 1000, details=True))
        assert piped - detailed == set(), command


def test_brief_view_points_to_the_details() -> None:
    out = draw(views_summary.summary(FACTBASE, 2024), 80)
    assert ("--details adds: Sources column, Contradicted by, notes, citations, What the report says (2024)."
            in " ".join(out.split()))
    assert "Caveat" not in out and "What the report says" in " ".join(out.split())
    detailed = draw(views_summary.summary(FACTBASE, 2024), 80, details=True)
    assert "Arrests are not prosecutions or convictions." in detailed
    assert "Brokers and criminals use cyber scams" in detailed
    assert "https://lawalawfirm.org/post.php?id=12" in detailed.split("\n")


def test_columns_left_out_are_named_with_how_to_see_them() -> None:
    out = draw(views_keys.keys(FACTBASE), 80)
    assert left_out(out) == {"Kind", "Unit"}
    assert "(see a wider window, --format markdown, --json)." in " ".join(out.split())
    assert left_out(draw(views_keys.keys(FACTBASE), 200)) == set()


def test_urls_are_hyperlinks_whose_text_is_the_url() -> None:
    buffer = io.StringIO()
    render_table(views_sources.sources(FACTBASE), buffer, terminal=True, width=80, details=True)
    raw = buffer.getvalue()
    for source in FACTBASE.sources:
        link = re.escape(source.url)
        assert re.search(r"\x1b\]8;[^;\x1b]*;" + link + r"\x1b\\" + link + r"\x1b\]8;;\x1b\\", raw), source.url


def test_rich_never_breaks_a_word_even_when_the_window_is_too_narrow() -> None:
    long_key = "a_key_far_longer_than_any_column_could_be_in_forty"
    view = View(
        title="Synthetic",
        columns=(Column("key", "Key"), Column("label", "Label", wrap=True), Column("n", "N", numeric=True),
                 Column("why", "Why", prose=True), Column("extra", "Extra", priority=2)),
        rows=[{"key": long_key, "label": "Extraordinarily longwinded labelling vocabulary", "n": 12345,
               "why": "Because " * 20, "extra": "x"}],
        document={},
    )
    for width in (40, 60, 80, 120):
        out = draw(view, width)
        assert long_key in words(out)
        assert {"Extraordinarily", "longwinded", "labelling", "vocabulary", "12345"} <= words(out)
        assert all(len(line) <= width or long_key in line for line in out.split("\n"))


# --- into a pipe -----------------------------------------------------------------------------

def test_a_piped_table_never_drops_a_column_whatever_a_cell_holds(  # type: ignore[no-untyped-def]
        facts_data, write_facts) -> None:
    quote = "A very long sentence " + "word " * 3000  # far beyond 10,000 characters
    figure = next(f for f in facts_data["figures"] if f["metric"] == "arrests" and f["value"] == 95)
    figure["quote"] = f"{figure['quote']} {quote.strip()}"
    result = run_main("sources", "--quotes", "--facts", str(write_facts(facts_data)))
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.split("\n") if line.startswith("│") and "Sentence" not in line]
    claims = [line for line in rows if line.count("│") == 7]
    assert len(claims) == len(facts_data["figures"])
    long_row = next(line for line in claims if "word word" in line)
    assert " ".join(figure["quote"].split()) in " ".join(long_row.split())
    assert long_row.split("│")[4].strip() == "persons"  # the Unit column is still there, after the Value


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("command", [["ratios"], ["trend", "arrests"], ["summary"], ["sources", "--quotes"]])
def test_encodings_without_box_drawing_get_ascii(command: list[str], encoding: str) -> None:
    result = subprocess.run([console_script(), *command], capture_output=True, env=clean_env(PYTHONIOENCODING=encoding),
                            timeout=30)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(encoding)
    assert "Traceback" not in result.stderr.decode(encoding, "replace")
    assert "+--" in out and "━" not in out
    if command == ["ratios"]:
        assert ">= 47.1%" in out
    if command == ["trend", "arrests"]:
        assert "#" * 30 in out


@pytest.mark.parametrize("width", [60, 80])
def test_an_ascii_terminal_gets_ascii_too(width: int) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", newline="")
    render_table(views_ratios.ratios(FACTBASE, 2024), stream, terminal=True, width=width, details=True)
    stream.flush()
    out = plain(raw.getvalue().decode("ascii"))
    assert ">= 47.1%" in out and "+--" in out


@pytest.mark.parametrize("command, budget", [("summary", 24), ("ratios", 20)])
def test_the_installed_script_in_an_80_by_24_terminal(command: str, budget: int) -> None:
    raw = run_in_pty([console_script(), command])
    out = plain(raw)
    lines = out.rstrip("\n").split("\n")
    assert len(lines) <= budget, out
    assert all(len(line) <= 80 for line in lines), out
    assert "\x1b[" in raw  # a terminal: styled
    document = json.loads(run_main(command, "--json").stdout)
    labels = [f["label"] for f in document["figures"]] if command == "summary" else [
        r["label"] for r in document["ratios"]]
    for label in labels:
        assert label in out
    if command == "summary":
        assert "Source: Xinhua, 2025-01-30" in out


def test_columns_0_on_a_terminal_still_draws_the_table() -> None:
    out = plain(run_in_pty([console_script(), "partners"], COLUMNS="0"))
    assert "Vietnam" in out and "KHM" in out
    assert max(len(line) for line in out.split("\n") if not _URL_LINE.fullmatch(line)) <= 80
    # A terminal that reports no size at all: 80 columns too.
    out = plain(run_in_pty([console_script(), "summary"], columns=0, rows=0))
    assert "Counselling occasions" in out and max(len(line) for line in out.split("\n")) <= 80


@pytest.mark.parametrize("width", [60, 200])
def test_the_installed_script_at_other_widths(width: int) -> None:
    for command in (["keys"], ["compare", "2023", "2024"], ["sources", "--details"]):
        out = plain(run_in_pty([console_script(), *command], columns=width))
        assert all(len(line) <= width or _URL_LINE.fullmatch(line) for line in out.split("\n")), out
    raw = run_in_pty([console_script(), "sources", "--details"], columns=width)
    assert "\x1b]8;" in raw
    assert "https://www.ecoi.net/en/document/2111700.html" in [line.strip() for line in plain(raw).split("\n")]


@pytest.mark.parametrize(("argv", "view"), [
    (["summary", "--details"], views_summary.summary), (["ratios", "-d"], views_ratios.ratios),
    (["partners", "-d", "--year", "2024"], views_partners.partners),
], ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_details_on_the_fast_path_and_the_typer_app_print_the_same(argv: list[str], view: Callable[..., View]) -> None:
    """--details prints the same through both paths; it changes the screen exactly when the view has a
    column shown only with --details (partners has none: its table is the same either way)."""
    typer_app = [sys.executable, "-c", "import sys; from laos_tip.cli.app import main; sys.argv[0] = 'laos-tip'; main()"]
    detailed = plain(run_in_pty([console_script(), *argv]))
    assert detailed == plain(run_in_pty([*typer_app, *argv]))
    brief = plain(run_in_pty([console_script(), *[word for word in argv if word not in ("-d", "--details")]]))
    has_detail_columns = any(column.detail for column in view(load(str(FACTS)), 2024).columns)
    assert has_detail_columns == (argv[0] != "partners")
    assert (detailed != brief) == has_detail_columns


def test_details_change_nothing_in_a_pipe() -> None:
    for command in ("summary", "ratios", "partners", "keys", "tier"):
        assert run_main(command).stdout == run_main(command, "--details").stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "cp1252"])
@pytest.mark.parametrize("command", [["summary"], ["keys"]])
def test_a_character_the_encoding_lacks_is_shown_as_its_escape_never_as_a_question_mark(
        command: list[str], encoding: str, facts_data, write_facts) -> None:  # type: ignore[no-untyped-def]
    label = "Arrests ລາວ é 😀"
    next(m for m in facts_data["metrics"] if m["id"] == "arrests")["label"] = label
    result = subprocess.run([console_script(), *command, "--facts", str(write_facts(facts_data))],
                            capture_output=True, env=clean_env(PYTHONIOENCODING=encoding), timeout=30)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(encoding)
    shown = "é" if encoding != "ascii" else "\\xe9"
    assert f"Arrests \\u0ea5\\u0eb2\\u0ea7 {shown} \\U0001f600" in out
    assert "Arrests ?" not in out and "???" not in out
