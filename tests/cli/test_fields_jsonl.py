"""--format jsonl and --fields on every listing command, and get in every format, read back by the tools
people pipe them into: the csv module, sqlite-utils insert --nl, duckdb's read_json and jq."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, command_example, console_script, every_view, run_cli, run_main
from laos_tip.cli.declaration import BY_NAME, COMMANDS, FIELDS, ValueFormat
from laos_tip.core.model import FactBase
from laos_tip.render.formats import FIELD_FORMATS, Format

WITH_VIEW = [command for command in COMMANDS if command.view]
TAKES_FIELDS = [command for command in COMMANDS if FIELDS in command.params]


def example(name: str) -> list[str]:
    return [*command_example(BY_NAME[name]), "--facts", str(FACTS)]


def jsonl(text: str) -> list[dict[str, Any]]:
    """JSON Lines as its readers take it: every line one JSON object, nothing else."""
    assert text == "" or text.endswith("\n")
    lines = text.splitlines()
    assert all(line.startswith("{") and line.endswith("}") for line in lines), text[:200]
    return [json.loads(line) for line in lines]


def test_every_command_with_a_view_and_get_take_fields() -> None:
    assert set(TAKES_FIELDS) == {*WITH_VIEW, BY_NAME["get"]}


def test_jsonl_is_the_rows_of_every_view_one_object_a_line(facts: FactBase) -> None:
    """For each command with a view (and each of its flags), JSON Lines are exactly the view's rows, as JSON
    writes them: the rows CSV writes, each object with --json's keys and values (lists stay lists)."""
    from laos_tip.render.machine import to_jsonl

    for name, view in every_view(facts):
        assert view.rows, name
        assert jsonl(to_jsonl(view)) == json.loads(json.dumps(view.rows)), name


@pytest.mark.parametrize("command", WITH_VIEW, ids=lambda command: command.name)
def test_every_listing_command_prints_jsonl_with_as_many_rows_as_csv(command: Any) -> None:
    args = example(command.name)
    rows = jsonl(run_main(*args, "--format", "jsonl").stdout)
    table = list(csv.DictReader(io.StringIO(run_main(*args, "--format", "csv").stdout)))
    assert len(rows) == len(table) >= 1
    assert [set(row) for row in rows] == [set(line) for line in table]


@pytest.mark.parametrize("fmt", FIELD_FORMATS, ids=lambda fmt: fmt.value)
@pytest.mark.parametrize("command", WITH_VIEW, ids=lambda command: command.name)
def test_fields_choose_the_columns_in_the_order_asked(command: Any, fmt: Format) -> None:
    args = example(command.name)
    header = next(csv.reader(io.StringIO(run_main(*args, "--format", "csv").stdout)))
    chosen = [header[-1], header[0]]  # the last and the first, in that order
    ran = run_main(*args, "--format", fmt.value, "--fields", ",".join(chosen))
    assert ran.returncode == 0 and ran.stderr == "", ran.stderr
    if fmt is Format.csv:
        read = list(csv.reader(io.StringIO(ran.stdout)))
        assert read[0] == chosen and all(len(line) == 2 for line in read)
    elif fmt is Format.tsv:
        assert ran.stdout.splitlines()[0] == "\t".join(chosen)
    elif fmt is Format.jsonl:
        assert all(list(row) == chosen for row in jsonl(ran.stdout))
    else:
        document = json.loads(ran.stdout)
        assert list(document) == ["output_version", "command", "facts", "rows"]
        assert document["command"] == command.name and document["rows"]
        assert all(list(row) == chosen for row in document["rows"])


def test_json_fields_rows_are_the_jsonl_rows_narrowed() -> None:
    args = example("ratios")
    full = jsonl(run_main(*args, "--format", "jsonl").stdout)
    narrowed = json.loads(run_main(*args, "--json", "--fields", "value, key").stdout)["rows"]
    assert narrowed == [{"value": row["value"], "key": row["key"]} for row in full]


def test_csv_with_fields_reads_back_with_the_csv_module() -> None:
    """ratios at full precision and counts as digits, read back as the csv module reads them."""
    ran = run_main("ratios", "--facts", str(FACTS), "--year", "2024", "--format", "csv",
                   "--fields", "key,numerator_value,denominator_value,value")
    rows = list(csv.DictReader(io.StringIO(ran.stdout)))
    expected = json.loads(run_main("ratios", "--facts", str(FACTS), "--year", "2024", "--json").stdout)["ratios"]
    assert [r["key"] for r in rows] == [r["key"] for r in expected]
    for line, ratio in zip(rows, expected, strict=True):
        assert list(line) == ["key", "numerator_value", "denominator_value", "value"]
        if ratio["value"] is None:
            assert line["value"] == ""
        else:
            assert float(line["value"]) == ratio["value"] and line["value"] == repr(ratio["value"])
            assert int(line["denominator_value"]) == ratio["denominator_value"]


@pytest.mark.parametrize("args", [
    ["summary", "--format", "csv", "--fields", "key,vlaue"],  # the fast path
    ["summary", "-fcsv", "--fields", "key,vlaue"],  # typer's parser (the fast path leaves "-fcsv" to it)
])
def test_an_unknown_field_is_one_line_naming_the_fields_and_exit_2(args: list[str]) -> None:
    ran = run_cli(*args, "--facts", str(FACTS))
    assert ran.returncode == 2
    assert ran.stdout == ""
    lines = ran.stderr.splitlines()
    assert len(lines) == 1, ran.stderr
    assert lines[0].startswith("laos-tip: error: --fields: no field 'vlaue'")
    assert "did you mean 'value'" in lines[0]
    header = next(csv.reader(io.StringIO(run_main("summary", "--facts", str(FACTS), "-f", "csv").stdout)))
    assert lines[0].endswith("fields: " + ",".join(header))


@pytest.mark.parametrize("args", [
    ["summary", "--fields", "key"],  # a table has no fields to choose
    ["summary", "--format", "markdown", "--fields", "key"],
    ["summary", "--format", "csv", "--fields", "key,,value"],
    ["summary", "--format", "csv", "--fields", ""],
    ["get", "arrests", "--fields", "value"],  # bare values
    ["sources", "--bibtex", "--fields", "id"],
    ["sources", "--format", "csl-json", "--fields", "id"],
])
def test_fields_where_they_choose_nothing_are_a_usage_error(args: list[str]) -> None:
    ran = run_main(*args, "--facts", str(FACTS))
    assert ran.returncode == 2 and ran.stdout == ""
    assert "--fields" in ran.stderr


def test_get_takes_every_format_of_the_listings_and_its_own() -> None:
    assert [f.value for f in ValueFormat] == ["value", *(f.value for f in Format)]
    for fmt in ValueFormat:
        ran = run_main("get", "arrests", "arrests_per_case", "--facts", str(FACTS), "--year", "2024",
                       "--format", fmt.value)
        assert ran.returncode == 0, (fmt, ran.stderr)
        assert "95" in ran.stdout and "2.0652173913043477" in ran.stdout, fmt


def test_get_csv_and_jsonl_are_one_value_row_per_key_in_the_order_asked() -> None:
    args = ["get", "arrests_per_case", "arrests", "partner_nations", "--facts", str(FACTS), "--year", "2024"]
    rows = list(csv.DictReader(io.StringIO(run_main(*args, "--format", "csv").stdout)))
    lines = jsonl(run_main(*args, "--format", "jsonl").stdout)
    bare = run_main(*args).stdout.split()
    assert [r["key"] for r in rows] == [r["key"] for r in lines] == ["arrests_per_case", "arrests", "partner_nations"]
    assert [r["value"] for r in rows] == bare
    assert [r["kind"] for r in lines] == ["ratio", "figure", "count"]
    arrests = json.loads(run_main("get", "arrests", "--facts", str(FACTS), "--year", "2024", "--json").stdout)
    assert lines[1]["value"] == arrests["value"] and lines[1]["unit"] == arrests["item"]["unit"]
    assert lines[1]["sources"] == list(dict.fromkeys(c["source"] for c in arrests["item"]["claims"]))
    assert isinstance(lines[0]["value"], float) and isinstance(lines[1]["value"], int)


def test_get_tsv_stays_key_tab_value_lines_and_fields_choose_other_columns() -> None:
    args = ["get", "arrests", "cases", "--facts", str(FACTS), "--year", "2024", "--format", "tsv"]
    assert run_main(*args).stdout == "arrests\t95\ncases\t46\n"
    assert run_main(*args, "--fields", "value,unit").stdout == "95\tpersons\n46\tcases\n"


def test_get_json_with_fields_is_the_envelope_and_the_rows() -> None:
    ran = run_main("get", "arrests", "--facts", str(FACTS), "--year", "2024", "--json", "--fields", "key,value")
    document = json.loads(ran.stdout)
    assert document["command"] == "get" and document["rows"] == [{"key": "arrests", "value": 95}]


def test_jsonl_keeps_every_row_on_its_own_line_whatever_the_text(write_facts: Any, facts_data: Any) -> None:
    """A note with line breaks, quotes and Lao text (the validator refuses control characters and line
    separators) is still one line a row, and reads back as the same text."""
    note = 'Line one\nline "two"\n\n{"ບ້ານ": "ລາວ"}, 2024'
    facts_data["tiers"][0]["note"] = note
    path = write_facts(facts_data)
    ran = run_main("tier", "--facts", str(path), "--format", "jsonl")
    assert ran.returncode == 0, ran.stderr
    rows = jsonl(ran.stdout)
    assert len(rows) == len(ran.stdout.split("\n")) - 1
    assert note in [row["note"] for row in rows]


# --- the tools people pipe JSON Lines into ---


def _pipe(args: list[str], tool: list[str]) -> subprocess.CompletedProcess[str]:
    """``laos-tip ARGS | TOOL``, both real processes."""
    producer = subprocess.Popen([console_script(), *args], stdout=subprocess.PIPE)
    try:
        return subprocess.run(tool, stdin=producer.stdout, capture_output=True, text=True, timeout=60)
    finally:
        assert producer.stdout is not None
        producer.stdout.close()
        assert producer.wait(timeout=30) == 0


def _sqlite_utils() -> str:
    beside = Path(sys.executable).parent / "sqlite-utils"
    return str(beside) if beside.exists() else "sqlite-utils"


@pytest.mark.slow
def test_sqlite_utils_inserts_the_jsonl_of_claims_and_keys(tmp_path: Path) -> None:
    database = tmp_path / "tip.db"
    for table, args in (("keys", ["keys"]), ("figures", ["summary", "--year", "2024"])):
        ran = _pipe([*args, "--facts", str(FACTS), "--format", "jsonl"],
                    [_sqlite_utils(), "insert", str(database), table, "-", "--nl"])
        assert ran.returncode == 0, ran.stderr
    expected_keys = jsonl(run_main("keys", "--facts", str(FACTS), "--format", "jsonl").stdout)
    figures = jsonl(run_main("summary", "--facts", str(FACTS), "--year", "2024", "--format", "jsonl").stdout)
    with sqlite3.connect(database) as connection:
        keys = connection.execute("SELECT key, kind, periods FROM keys").fetchall()
        arrests = connection.execute("SELECT value, unit, claims FROM figures WHERE key = 'arrests'").fetchone()
    connection.close()
    assert [(k, kind) for k, kind, _ in keys] == [(r["key"], r["kind"]) for r in expected_keys]
    # A list stays a list: sqlite-utils stores it as JSON text.
    assert [json.loads(periods) for _, _, periods in keys] == [r["periods"] for r in expected_keys]
    row = next(r for r in figures if r["key"] == "arrests")
    assert arrests[:2] == (row["value"], row["unit"]) and json.loads(arrests[2]) == row["claims"]


@pytest.mark.slow
def test_duckdb_reads_the_jsonl_of_ratios_and_claims(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    ratios = tmp_path / "ratios.jsonl"
    ratios.write_text(run_main("ratios", "--facts", str(FACTS), "--year", "2024", "--format", "jsonl").stdout,
                      encoding="utf-8")
    expected = jsonl(ratios.read_text(encoding="utf-8"))
    connection = duckdb.connect()
    try:
        relation = connection.read_json(str(ratios), format="newline_delimited")
        read = relation.fetchall()
        columns = relation.columns
        counted = connection.execute(
            f"SELECT count(*) FROM read_json('{ratios}', format = 'newline_delimited') WHERE value IS NULL"
        ).fetchone()
    finally:
        connection.close()
    assert len(read) == len(expected) and columns == list(expected[0])
    by_key = {row[columns.index("key")]: row for row in read}
    for ratio in expected:
        assert by_key[ratio["key"]][columns.index("value")] == ratio["value"]  # full precision survives
    assert counted == (sum(r["value"] is None for r in expected),)


@pytest.mark.slow
def test_jq_reads_jsonl_row_by_row() -> None:
    jq = shutil.which("jq")
    assert jq, "jq is installed by .ci/run (apt-get install jq)"
    ran = _pipe(["ratios", "--facts", str(FACTS), "--year", "2024", "--format", "jsonl", "--fields", "key,value"],
                [jq, "-r", "select(.value != null) | \"\\(.key)=\\(.value)\""])
    assert ran.returncode == 0, ran.stderr
    expected = jsonl(run_main("ratios", "--facts", str(FACTS), "--year", "2024", "--format", "jsonl").stdout)
    read = [line.split("=") for line in ran.stdout.splitlines()]
    assert [(key, float(value)) for key, value in read] == [(r["key"], r["value"]) for r in expected
                                                              if r["value"] is not None]
