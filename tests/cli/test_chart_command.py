"""laos-tip chart: a file chosen by its name, written atomically; every bad input one line and its exit status."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cli, run_main
from laos_tip.cli.exit_codes import ExitCode

PRECIOUS = b"a chart the user wants to keep\n"


def test_the_console_script_writes_an_svg_and_says_so(tmp_path: Path) -> None:
    done = run_cli("chart", "arrests", "-o", "arrests.svg", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr == "laos-tip: wrote arrests.svg (svg chart of arrests)\n"
    data = (tmp_path / "arrests.svg").read_bytes()
    assert data.startswith(b"<?xml") and b"<title>Arrests in Laos, by year</title>" in data
    assert [p.name for p in tmp_path.iterdir()] == ["arrests.svg"]  # no temporary file left


@pytest.mark.parametrize(("args", "status", "message"), [
    (("chart", "arests", "-o", "x.svg"), ExitCode.ERROR, "laos-tip: error: unknown chart 'arests'; did you mean "
                                                         "'arrests'?"),
    (("chart", "boys_under_18", "-o", "x.svg"), ExitCode.ERROR, "laos-tip: error: no figures for boys_under_18 "
                                                                "(Boys under 18) in any year"),
    (("chart", "arrests", "-o", "missing/x.png"), ExitCode.ERROR, "laos-tip: error: cannot write missing/x.png: "
                                                                  "missing does not exist"),
    (("chart", "arrests", "-o", "kept.svg/x.svg"), ExitCode.ERROR, "laos-tip: error: cannot write kept.svg/x.svg: "
                                                                   "kept.svg is not a directory"),
    (("chart", "arrests", "-o", "kept.svg"), ExitCode.ERROR, "laos-tip: error: kept.svg already exists; pass --force "
                                                             "to replace it"),
    (("chart", "arrests", "-o", "."), ExitCode.USAGE, "cannot tell the chart format of '.' from its suffix"),
    (("chart", "arrests", "-o", "x.gif"), ExitCode.USAGE, "use one of .svg, .png, .pdf"),
    (("chart", "arrests"), ExitCode.USAGE, "Missing option '--output'"),
], ids=["unknown", "no-figures", "no-directory", "through-a-file", "exists", "directory", "suffix", "no-output"])
def test_bad_input_is_one_message_and_its_status(args: tuple[str, ...], status: int, message: str,
                                                 tmp_path: Path) -> None:
    (tmp_path / "kept.svg").write_bytes(PRECIOUS)
    done = run_cli(*args, cwd=tmp_path)
    assert done.returncode == status and done.stdout == ""
    assert "Traceback" not in done.stderr
    if status == ExitCode.ERROR:
        assert done.stderr.startswith(message) and done.stderr.count("\n") == 1
    else:
        assert message in " ".join(done.stderr.replace("│", " ").split())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.svg"]
    assert (tmp_path / "kept.svg").read_bytes() == PRECIOUS


def test_force_replaces_the_file_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "kept.pdf"
    target.write_bytes(PRECIOUS)
    os.chmod(target, 0o640)
    done = run_main("chart", "tier", "--output", str(target), "--force")
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.pdf"]


def test_the_library_writes_and_returns_the_same_chart(tmp_path: Path) -> None:
    import laos_tip

    facts = laos_tip.load()
    data = facts.chart("arrests")
    assert facts.save_chart("arrests", tmp_path / "a.svg") == "svg"
    assert (tmp_path / "a.svg").read_bytes() == data
    inline = facts.chart_svg("arrests")
    assert inline.startswith("<svg") and inline == data.decode("utf-8")[data.index(b"<svg"):]
    with pytest.raises(laos_tip.LaosTipError, match="already exists; pass --force"):
        facts.save_chart("arrests", tmp_path / "a.svg")
    with pytest.raises(KeyError, match="unknown chart 'nope'"):
        facts.chart("nope")
    with pytest.raises(ValueError, match="unknown chart format 'gif'"):
        facts.chart("arrests", "gif")
    with pytest.raises(ValueError, match="from its suffix"):
        facts.save_chart("arrests", tmp_path / "a.gif")


def test_a_chart_of_another_fact_file(facts_data: dict[str, Any], write_facts: Callable[..., Path],
                                      tmp_path: Path) -> None:
    next(m for m in facts_data["metrics"] if m["id"] == "arrests")["label"] = "Persons arrested"
    path = write_facts(facts_data)
    done = run_main("chart", "arrests", "-o", str(tmp_path / "a.svg"), "--facts", str(path))
    assert done.returncode == 0, done.stderr
    assert b"<title>Persons arrested in Laos, by year</title>" in (tmp_path / "a.svg").read_bytes()


def test_bash_completes_what_chart_draws() -> None:
    from test_completion import bash_complete

    offered = bash_complete("laos-tip chart ")
    assert {"arrests", "tier", "pipeline"} <= set(offered)
    assert "boys_under_18" not in offered  # a metric without figures draws no chart
    assert bash_complete("laos-tip chart ti") == ["tier"]
