"""Help screens and usage errors replayed from the cache are the bytes typer writes, and only those are kept.

``cli/helpcache.py``: the first call records what the typer app wrote, the next identical one writes it
back without typer; anything else (another width, a command that ran, an edited file) is typer's again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, console_script, run_main
from laos_tip.cli import helpcache
from terminals import run_in_pty

_WORDS = [["--help"], ["get", "--help"], ["get", "--bogus"], ["compare", "2023"], []]


def _help_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("help-*.json")) if cache.is_dir() else []


@pytest.mark.parametrize("width", ["80", "60"])
@pytest.mark.parametrize("words", _WORDS, ids=lambda words: " ".join(words) or "no-args")
def test_a_replayed_help_or_usage_error_is_typers_byte_for_byte(words: list[str], width: str, snapshot_cache: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", width)
    monkeypatch.setenv("LAOS_TIP_NO_CACHE", "1")
    typer_ran = run_main(*words)
    monkeypatch.delenv("LAOS_TIP_NO_CACHE")
    recorded = run_main(*words)
    assert len(_help_files(snapshot_cache)) == 1
    replayed = run_main(*words)
    for ran in (recorded, replayed):
        assert (ran.returncode, ran.stdout_bytes, ran.stderr_bytes) == (
            typer_ran.returncode, typer_ran.stdout_bytes, typer_ran.stderr_bytes)
    assert typer_ran.stdout_bytes + typer_ran.stderr_bytes


def test_another_width_or_environment_is_another_entry(snapshot_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    wide = run_main("get", "--help")
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run_main("get", "--help")
    monkeypatch.setenv("NO_COLOR", "1")
    run_main("get", "--help")
    assert wide.stdout != narrow.stdout
    assert len(_help_files(snapshot_cache)) == 3


@pytest.mark.parametrize("words", [["--version"], ["get", "--", "arrests"], ["get", "-y2024", "arrests"]],
                         ids=" ".join)
def test_what_runs_more_than_typer_is_never_kept(words: list[str], snapshot_cache: Path) -> None:
    ran = run_main(*words)
    assert ran.returncode == 0 and ran.stdout
    assert _help_files(snapshot_cache) == []


def test_an_edited_entry_is_ignored_and_replaced(snapshot_cache: Path) -> None:
    first = run_main("get", "--help")
    (kept,) = _help_files(snapshot_cache)
    header, _, body = kept.read_bytes().partition(b"\n")
    recorded = json.loads(body)
    recorded["writes"][0][1] = "rm -rf ~\n"
    kept.write_bytes(header + b"\n" + json.dumps(recorded).encode())
    again = run_main("get", "--help")
    assert again.stdout_bytes == first.stdout_bytes
    assert b"rm -rf" not in kept.read_bytes()


def test_a_world_writable_cache_directory_is_not_used(snapshot_cache: Path) -> None:
    first = run_main("--help")
    (kept,) = _help_files(snapshot_cache)
    header, _, _ = kept.read_bytes().partition(b"\n")
    fields = json.loads(header)
    planted = b'{"code":0,"writes":[[1,"planted\\n"]]}'
    fields["checksum"] = helpcache.sha256_hex(planted)
    kept.write_bytes(json.dumps(fields).encode() + b"\n" + planted)
    snapshot_cache.chmod(0o777)
    try:
        assert run_main("--help").stdout_bytes == first.stdout_bytes
    finally:
        snapshot_cache.chmod(0o700)
    assert run_main("--help").stdout == "planted\n"  # the same entry, trusted again: what makes the test real


def test_nothing_is_kept_when_the_cache_is_off(snapshot_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAOS_TIP_NO_CACHE", "1")
    assert run_main("--help").returncode == 0
    assert _help_files(snapshot_cache) == []


_PROBE = ("import sys\nfrom laos_tip.cli.entry import main\ntry:\n    main(sys.argv[1:])\n"
          "except SystemExit as e:\n    code = e.code\n"
          "sys.stderr.write('\\n' + repr(sorted(m for m in ('typer', 'rich', 'yaml') if m in sys.modules)))\n"
          "sys.exit(code)\n")


@pytest.mark.slow
def test_a_replayed_help_imports_neither_typer_nor_rich(tmp_path: Path) -> None:
    env = {k: v for k, v in clean_env(XDG_CACHE_HOME=str(tmp_path)).items() if k != "LAOS_TIP_NO_CACHE"}
    runs = [subprocess.run([sys.executable, "-c", _PROBE, "get", "--bogus"], capture_output=True, text=True,
                           env=env, timeout=60) for _ in range(2)]
    (first_err, first_modules), (second_err, second_modules) = (ran.stderr.rpartition("\n")[::2] for ran in runs)
    assert [ran.returncode for ran in runs] == [2, 2]
    assert runs[0].stdout == runs[1].stdout and first_err == second_err and "--bogus" in first_err
    assert "typer" in first_modules and second_modules == "[]"


@pytest.mark.slow
@pytest.mark.parametrize("columns", [80, 60])
def test_a_terminal_gets_typers_colours_from_the_cache(columns: int, tmp_path: Path) -> None:
    script = [console_script(), "get", "--help"]
    typer_ran = run_in_pty(script, columns=columns, LAOS_TIP_NO_CACHE="1")
    env = {"XDG_CACHE_HOME": str(tmp_path), "LAOS_TIP_NO_CACHE": ""}
    recorded, replayed = (run_in_pty(script, columns=columns, **env) for _ in range(2))
    assert "\x1b[" in typer_ran
    assert recorded == typer_ran and replayed == typer_ran
    assert len(list((tmp_path / "laos-tip").glob("help-*.json"))) == 1
