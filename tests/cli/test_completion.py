"""Shell completion, asked of the installed script as the shells ask it, whatever shell runs laos-tip.

The environment variables are those of the scripts that ``--show-completion`` prints (typer's
protocol): ``_LAOS_TIP_COMPLETE=complete_bash`` with COMP_WORDS and COMP_CWORD for bash,
``_TYPER_COMPLETE_ARGS`` for zsh, fish and PowerShell. Nothing here depends on the parent shell:
the test runner may have none.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import clean_env, console_script, run_cli


def bash_complete(line: str) -> list[str]:
    """What bash offers for ``line`` (the word under the cursor is the last, maybe empty)."""
    words = line.split(" ")
    result = run_cli(env=clean_env(_LAOS_TIP_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1)))
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_trend_completes_metric_keys() -> None:
    offered = bash_complete("laos-tip trend ar")
    assert "arrests" in offered
    assert "arrests_per_case" not in offered  # a ratio, not a metric: trend shows metrics only


def test_compare_and_year_complete_the_years_that_have_figures() -> None:
    years = bash_complete("laos-tip compare ")
    assert "2024" in years and "2023" in years and "2019" not in years
    assert bash_complete("laos-tip compare 2023 202") == [y for y in years if y.startswith("202")]
    assert bash_complete("laos-tip summary --year 201") == [y for y in years if y.startswith("201")]


def test_get_completes_keys_with_their_labels_in_zsh_and_fish() -> None:
    zsh = run_cli(env=clean_env(_LAOS_TIP_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="laos-tip get arrests_per"))
    assert '"arrests_per_case":"Arrests per case"' in zsh.stdout
    fish = run_cli(env=clean_env(_LAOS_TIP_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS="laos-tip get arr",
                                 _TYPER_COMPLETE_FISH_ACTION="get-args"))
    assert "arrests\tArrests\n" in fish.stdout


@pytest.mark.parametrize(("shell", "marker"), [("bash", "COMP_WORDS"), ("zsh", "#compdef laos-tip"),
                                               ("fish", "complete --command laos-tip"),
                                               ("powershell", "Register-ArgumentCompleter")])
def test_show_completion_prints_the_script_of_the_shell_named(shell: str, marker: str) -> None:
    # Run from sh, and with SHELL naming another shell: only the argument counts.
    runner = shutil.which("sh")
    assert runner
    result = subprocess.run([runner, "-c", f"'{console_script()}' --show-completion {shell}"], capture_output=True,
                            text=True, env=clean_env(SHELL="/bin/tcsh"))
    assert result.returncode == 0, result.stderr
    assert marker in result.stdout
    assert "_LAOS_TIP_COMPLETE" in result.stdout and f"complete_{shell}" in result.stdout


def test_install_completion_writes_the_named_shell_s_file(tmp_path: Path) -> None:
    result = run_cli("--install-completion", "bash", env=clean_env(HOME=str(tmp_path), SHELL="/usr/bin/fish"))
    assert result.returncode == 0, result.stderr
    assert "bash completion installed" in result.stdout
    assert "COMP_WORDS" in (tmp_path / ".bash_completions" / "laos-tip.sh").read_text(encoding="utf-8")
    assert ".bash_completions/laos-tip.sh" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_an_unknown_shell_is_a_usage_error() -> None:
    result = run_cli("--show-completion", "tcsh")
    assert result.returncode == 2
    assert "'tcsh' is not one of" in result.stderr
