"""laos-tip in scripts: get, keys, schema, sources, formats, colour, closed pipes, help and completion.

Most tests run the console script's entry in-process with stdout as a pipe (run_main: so not a
terminal), the way a shell script or a notebook calls it; the tests of the process itself (a shell,
closed pipes, environment variables read at start-up, completion, what gets imported) run the real
console script.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import FACTS, clean_env, console_script, figure_of, run_cli, run_main, second_source
from laos_tip.render import writer as render_writer
from laos_tip.core.ratios import RATIOS
from laos_tip.factfile.pipeline import load

ANSI = "\x1b["
CYAN = "\x1b[36m"  # the colour of the Key column


# --- get -------------------------------------------------------------------------------------

def test_get_prints_the_bare_value_and_a_newline() -> None:
    result = run_main("get", "arrests")
    assert (result.returncode, result.stdout, result.stderr) == (0, "95\n", "")


def test_get_works_inside_command_substitution() -> None:
    script = f'n=$("{console_script()}" get arrests) && test "$n" -eq 95 && echo "arrests=$n"'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=clean_env(), timeout=30)
    assert (result.returncode, result.stdout, result.stderr) == (0, "arrests=95\n", "")


def test_get_ratio_prints_full_precision() -> None:
    result = run_main("get", "arrests_per_case")
    assert result.returncode == 0
    assert result.stdout == "2.0652173913043477\n"
    assert float(result.stdout) == 95 / 46


def test_get_lower_bound_ratio_warns_on_stderr_only() -> None:
    result = run_main("get", "minor_victim_share")
    assert result.returncode == 0
    assert float(result.stdout) == 40 / 85
    assert result.stderr.startswith("laos-tip: warning: minor_victim_share: Lower bound")


def test_get_partner_nations() -> None:
    result = run_main("get", "partner_nations")
    assert (result.returncode, result.stdout) == (0, "4\n")


def test_get_unknown_key_suggests_and_prints_nothing() -> None:
    result = run_main("get", "arests")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "did you mean 'arrests'" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_get_metric_without_a_figure_in_the_year_is_an_error() -> None:
    result = run_main("get", "boys_under_18")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "boys_under_18 has no value for 2024" in result.stderr


def test_get_year_without_figures_is_an_error() -> None:
    result = run_main("get", "arrests", "--year", "2019")
    assert (result.returncode, result.stdout) == (1, "")
    assert "no figures for 2019" in result.stderr


def test_get_ratio_without_value_prints_reason_on_stderr(facts_data: dict[str, Any],
                                                         write_facts: Callable[..., Path]) -> None:
    facts_data["figures"] = [f for f in facts_data["figures"] if f["metric"] != "cases"]  # type: ignore[index]
    result = run_main("get", "arrests_per_case", "--facts", str(write_facts(facts_data)))
    assert (result.returncode, result.stdout) == (1, "")
    assert "no figure for new trafficking cases recorded in 2024" in result.stderr


def test_get_reports_an_equally_reliable_contradicting_source_on_stderr(facts_data: dict[str, Any],
                                                                         write_facts: Callable[..., Path]) -> None:
    data = second_source(facts_data, 96)
    data["sources"][-1]["reliability"] = "primary"  # as trusted as the sources of the headline
    result = run_main("get", "arrests", "--facts", str(write_facts(data)))
    assert (result.returncode, result.stdout) == (0, "95\n")  # two primary sources give 95, one gives 96
    assert result.stderr == "laos-tip: warning: arrests: other-2025 gives 96, not 95\n"


def test_get_keeps_a_less_reliable_contradiction_off_stderr(facts_data: dict[str, Any],
                                                            write_facts: Callable[..., Path]) -> None:
    path = write_facts(second_source(facts_data, 96))  # a secondary source
    result = run_main("get", "arrests", "--facts", str(path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "95\n", "")
    contradicted = json.loads(run_main("get", "arrests", "--json", "--facts", str(path)).stdout)["item"]["contradicted_by"]
    assert {(c["source"], c["value"]) for c in contradicted} == {
        ("other-2025", 96), ("lawalawfirm-2024", 119), ("rfa-2025-01-28", 122)}


def test_get_is_silent_about_the_shipped_low_reliability_post() -> None:
    """lawalawfirm-2024 (low) says 119 arrests and 96 cases, Radio Free Asia (secondary) 122 arrests:
    the JSON keeps them, stderr does not (the headline comes from primary sources)."""
    for key, value, others in (("arrests", 95, ["lawalawfirm-2024", "rfa-2025-01-28"]),
                               ("cases", 46, ["lawalawfirm-2024"])):
        result = run_main("get", key)
        assert (result.returncode, result.stdout, result.stderr) == (0, f"{value}\n", "")
        item = json.loads(run_main("get", key, "--json").stdout)["item"]
        assert [c["source"] for c in item["contradicted_by"]] == others


def test_get_json_carries_unit_period_and_quotes() -> None:
    document = json.loads(run_main("get", "arrests", "--json").stdout)
    assert (document["key"], document["kind"], document["period"], document["value"]) == ("arrests", "figure", 2024, 95)
    assert document["item"]["unit"] == "persons"
    claim = document["item"]["claims"][0]
    assert claim["source"] == "xinhua-2025-01-30"
    assert "resulting in 95 arrests" in claim["quote"]
    assert document["sources"][0]["citation"].startswith("Xinhua, 2025-01-30")


def test_get_json_of_a_ratio_is_the_object_of_ratios_json() -> None:
    got = json.loads(run_main("get", "victims_per_case", "--json").stdout)
    listed = json.loads(run_main("ratios", "--json").stdout)["ratios"]
    assert got["item"] == next(r for r in listed if r["key"] == "victims_per_case")
    assert got["value"] == 85 / 46


def test_get_in_process(invoke: Callable[..., Any]) -> None:
    result = invoke("get", "cases")
    assert (result.exit_code, result.stdout) == (0, "46\n")
    assert invoke("get", "nope").exit_code == 1


@pytest.mark.parametrize("args", [("get", "arrests"), ("get", "arrests", "--json"), ("summary", "--json"),
                                  ("keys", "--format", "csv"), ("export", "{tmp}/x.json")])
def test_machine_paths_never_import_rich(args: tuple[str, ...], tmp_path: Path) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    probe = (
        "import sys\n"
        f"sys.argv = ['laos-tip', *{argv!r}]\n"
        "from laos_tip.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as end:\n    code = end.code\n"
        "sys.stderr.write('RICH=%s\\n' % any(m == 'rich' or m.startswith('rich.') for m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(), timeout=30)
    assert "RICH=False" in result.stderr, result.stderr


# --- keys ------------------------------------------------------------------------------------

def test_keys_lists_metrics_ratios_and_partner_count() -> None:
    rows = list(csv.DictReader(io.StringIO(run_main("keys", "--format", "csv").stdout)))
    kinds = {row["key"]: row["kind"] for row in rows}
    assert kinds["arrests"] == "figure"
    assert all(kinds[ratio.key] == "ratio" for ratio in RATIOS)
    assert kinds["partner_nations"] == "count"
    assert all(row["description"] and row["unit"] for row in rows)


def test_every_listed_key_is_gettable_or_says_why_not(invoke: Callable[..., Any]) -> None:
    latest = load(str(FACTS)).latest_period()
    keys = json.loads(invoke("keys", "--json").stdout)["keys"]
    for key in keys:
        result = invoke("get", key["key"])
        if latest in key["periods"]:
            assert result.exit_code == 0 and result.stdout.strip(), key
        else:  # no value in the latest year: an error that names the years that have one
            assert result.exit_code == 1 and result.stdout == "", key
            years = ", ".join(map(str, key["periods"])) or "none"
            assert f"(years with a value: {years})" in result.stderr, key
        for year in key["periods"]:
            assert invoke("get", key["key"], "--year", str(year)).exit_code == 0, (key, year)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "markdown"])
def test_keys_in_every_format(fmt: str) -> None:
    result = run_main("keys", "--format", fmt)
    assert result.returncode == 0 and result.stderr == ""
    assert "arrests_per_case" in result.stdout


# --- schema ----------------------------------------------------------------------------------

def _as_json_data(value: Any) -> Any:
    """YAML as an editor's YAML 1.2 parser sees it: dates stay strings."""
    if isinstance(value, dict):
        return {k: _as_json_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json_data(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_schema_is_valid_json_schema_that_accepts_the_shipped_facts() -> None:
    result = run_main("schema")
    assert result.returncode == 0 and result.stderr == ""
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    data = _as_json_data(yaml.safe_load(FACTS.read_text(encoding="utf-8")))
    assert list(validator.iter_errors(data)) == []
    figure_of(data["figures"], "arrests", 2024)["value"] = "ninety-five"
    data["sources"][0]["colour"] = "blue"
    assert len(list(validator.iter_errors(data))) == 2


def test_a_metric_cannot_take_a_derived_key(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    facts_data["metrics"][0]["id"] = "arrests_per_case"  # type: ignore[index]
    result = run_main("keys", "--facts", str(write_facts(facts_data)))
    assert result.returncode == 1
    assert "'arrests_per_case' is the key of a figure laos-tip derives" in result.stderr


# --- sources ---------------------------------------------------------------------------------

def test_sources_table_shows_a_plain_text_citation() -> None:
    result = run_main("sources")
    assert result.returncode == 0
    assert ('Xinhua, 2025-01-30 (VIENTIANE, Jan. 30): "Laos strives to combat human trafficking". '
            "http://china.org.cn/world/Off_the_Wire/2025-01/30/content_117691302.htm") in result.stdout


def test_sources_bibtex_is_a_bib_file() -> None:
    result = run_main("sources", "--bibtex")
    assert result.returncode == 0
    assert result.stdout.startswith("@misc{xinhua-2025-01-30,\n  author = {{Xinhua}},\n")
    assert "  month = jan,\n" in result.stdout
    assert result.stdout.count("{") == result.stdout.count("}")


def test_bibtex_escapes_tex_specials(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> None:
    facts_data["sources"][0]["title"] = "Cases & victims: 50% up_today #1"  # type: ignore[index]
    result = run_main("sources", "--bibtex", "--facts", str(write_facts(facts_data)))
    assert r"title = {{Cases \& victims: 50\% up\_today \#1}}" in result.stdout


def test_sources_bibtex_with_another_format_is_a_usage_error() -> None:
    result = run_main("sources", "--bibtex", "--json")
    assert (result.returncode, result.stdout) == (2, "")


def test_sources_quotes_give_each_figure_its_sentence() -> None:
    rows = list(csv.DictReader(io.StringIO(run_main("sources", "--quotes", "--format", "csv").stdout)))
    facts = load(str(FACTS))
    assert [(r["key"], int(r["period"]), r["source"], r["quote"]) for r in rows] == [
        (f.metric, f.period, f.source, f.quote) for f in facts.figures]
    by_key = {row["key"]: row for row in rows if row["period"] == "2024" and row["source"] == "xinhua-2025-01-30"}
    assert by_key["at_risk_counselled"]["value"] == "962"
    assert by_key["at_risk_counselled"]["quote"].startswith("Additionally, 962 individuals")
    table = run_main("sources", "--quotes").stdout
    assert "Additionally, 962 individuals at potential risk of human trafficking" in table
    assert "Sources" in table and "Citation" in table


# --- formats, terminals, colour --------------------------------------------------------------

def test_csv_is_rfc_4180_with_header() -> None:
    raw = run_main("summary", "--format", "csv").stdout_bytes
    out = raw.decode("utf-8")  # bytes: text mode would turn the CRLF line ends into LF
    assert out.startswith("pillar,label,value,unit,key,")
    assert out.endswith("\r\n") and "\n" not in out.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {row["key"]: row["value"] for row in rows}["arrests"] == "95"


def test_tsv_has_no_quoting() -> None:
    out = run_main("sources", "--quotes", "--format", "tsv").stdout
    lines = out.splitlines()
    assert all(line.count("\t") == lines[0].count("\t") for line in lines)
    header = lines[0].split("\t")
    cells = [(line.split("\t")[header.index("quote")], line.split("\t")[header.index("note")]) for line in lines[1:]]
    # Text that holds double quotes comes out as written: never wrapped or doubled as in CSV.
    # Line breaks and tabs become spaces; other spacing is the source's own ("May,  16" in a quote).
    expected = [(" ".join(f.quote.replace("\t", " ").splitlines()), " ".join((f.note or "").replace("\t", " ").splitlines()))
                for f in load(str(FACTS)).figures]
    assert cells == expected
    assert any('"' in quote + note for quote, note in cells)  # the shipped data does exercise this


def test_markdown_is_a_pasteable_table() -> None:
    out = run_main("ratios", "--format", "markdown").stdout
    assert "| Ratio | Formula |" in out
    assert "|---|---|" in out


def test_json_flag_and_other_format_contradict() -> None:
    result = run_main("keys", "--json", "--format", "csv")
    assert (result.returncode, result.stdout) == (2, "")


@pytest.mark.parametrize("command", [["summary"], ["ratios"], ["partners"], ["keys"], ["sources", "--quotes"]])
def test_piped_tables_have_no_ansi_and_are_never_cut_at_80_columns(command: list[str]) -> None:
    result = run_main(*command)
    assert result.returncode == 0 and result.stderr == ""
    assert ANSI not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) > 80
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_a_long_row_stays_on_one_line() -> None:
    out = run_main("keys").stdout
    row = next(line for line in out.splitlines() if "boys_under_18" in line)
    assert len(row) > 80
    assert "No source in this file reports it for 2024, so the share of minor victims is a lower bound." in row


def test_force_color_forces_colour_codes() -> None:
    out = run_cli("keys", env=clean_env(FORCE_COLOR="1")).stdout
    assert CYAN in out


def test_no_color_is_honoured() -> None:
    assert ANSI not in run_cli("keys", env=clean_env(NO_COLOR="1")).stdout
    # With both, rich forces styles (bold, italic) but drops every colour.
    out = run_cli("keys", env=clean_env(NO_COLOR="1", FORCE_COLOR="1")).stdout
    assert ANSI in out and CYAN not in out


def test_errors_go_to_stderr_only(write_facts: Callable[..., Path]) -> None:
    result = run_main("summary", "--json", "--facts", str(write_facts("schema_version: 1\n")))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("laos-tip: error: ")


# --- closed pipes ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["summary"], ["partners", "--json"], ["sources", "--quotes"], ["keys", "--format", "csv"], ["get", "arrests"],
])
def test_closed_pipe_ends_quietly(command: list[str]) -> None:
    """The reader is gone before laos-tip writes a byte, so every write meets a closed pipe."""
    process = subprocess.Popen([console_script(), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=clean_env())
    assert isinstance(process.stdout, io.BufferedReader) and isinstance(process.stderr, io.BufferedReader)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=30) == 0
    assert stderr == "", stderr


@pytest.mark.parametrize("pipeline, expected", [
    ("partners --json | head -c 1", "{"),
    ("summary | head -1", "Trafficking in persons in Laos, 2024\n"),
    ("sources --quotes --format tsv | head -1", "key\tperiod\tvalue\tunit\tsource\tquote\t"),
])
def test_head_closing_the_pipe_in_a_shell(pipeline: str, expected: str) -> None:
    script = f'set -o pipefail; "{console_script()}" {pipeline}'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=clean_env(), timeout=30)
    assert result.returncode == 0
    assert result.stdout.startswith(expected)
    for noise in ("BrokenPipeError", "Exception ignored", "Traceback"):
        assert noise not in result.stderr


def test_broken_pipe_in_process_is_a_quiet_success(invoke: Callable[..., Any],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(text: str) -> None:
        raise BrokenPipeError

    monkeypatch.setattr(render_writer, "write", closed)
    result = invoke("ratios", "--json")
    assert (result.exit_code, result.stderr) == (0, "")


# --- help and completion ---------------------------------------------------------------------

def test_no_arguments_shows_help_and_exits_2() -> None:
    result = run_main()
    assert result.returncode == 2
    assert "Usage: laos-tip" in result.stdout and "summary" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("command", ["summary", "ratios", "partners", "get", "keys", "schema", "sources", "export"])
def test_every_command_help_has_a_summary_and_an_example(command: str) -> None:
    result = run_main(command, "--help")
    assert result.returncode == 0
    assert f"Example: laos-tip {command}" in result.stdout
    listing = run_main("--help").stdout
    line = next(line for line in listing.splitlines() if line.startswith(f"│ {command} "))
    assert len(line.split(command, 1)[1].strip()) > 10  # a one-line summary beside the name


def test_show_completion() -> None:
    result = run_main("--show-completion", "bash")
    assert result.returncode == 0
    assert "_LAOS_TIP_COMPLETE=complete_bash" in result.stdout


def test_install_completion(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # read when the completion is installed, not at start-up
    result = run_main("--install-completion", "bash")
    assert result.returncode == 0, result.stderr
    assert "laos-tip" in (tmp_path / ".bashrc").read_text()


def _complete(words: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(_LAOS_TIP_COMPLETE="complete_bash", COMP_WORDS=words,
                    COMP_CWORD=str(len(words.split()) - 1), **extra)
    return subprocess.run([console_script()], capture_output=True, text=True, env=env, timeout=30)


def test_get_completes_keys() -> None:
    result = _complete("laos-tip get arr")
    assert result.returncode == 0
    assert result.stdout.split() == ["arrests", "arrests_per_case", "arrests_per_victim"]


def test_get_completion_reads_the_chosen_fact_file(facts_data: dict[str, Any],
                                                   write_facts: Callable[..., Path]) -> None:
    for metric in facts_data["metrics"]:  # type: ignore[union-attr]
        if metric["id"] == "arrests":
            metric["id"] = "arrested_people"
        if metric.get("part_of") == "arrests":  # foreign_arrested is part of arrests
            metric["part_of"] = "arrested_people"
        if "arrests" in metric.get("not_comparable_with", ()):  # e.g. prosecutions_cases
            metric["not_comparable_with"] = [
                "arrested_people" if other == "arrests" else other for other in metric["not_comparable_with"]]
    for figure in facts_data["figures"]:  # type: ignore[union-attr]
        if figure["metric"] == "arrests":
            figure["metric"] = "arrested_people"
    path = write_facts(facts_data)
    assert "arrested_people" in _complete(f"laos-tip get --facts {path} arr").stdout.split()
    assert "arrested_people" in _complete("laos-tip get arr", LAOS_TIP_FACTS=str(path)).stdout.split()


def test_get_completion_never_raises(write_facts: Callable[..., Path]) -> None:
    broken = write_facts("not: [a fact file")
    for words in (f"laos-tip get --facts {broken} a", "laos-tip get --facts /no/such/file a"):
        result = _complete(words)
        assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")
