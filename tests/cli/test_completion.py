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


def test_a_description_keeps_letters_digits_marks_and_plain_punctuation_only() -> None:
    from laos_tip.cli.completion import MAX_DESCRIPTION, inert_description

    assert inert_description("Victims rescued: under 18") == "Victims rescued: under 18"
    assert inert_description("ລາວ ສຶກສາ") == "ລາວ ສຶກສາ"  # Lao letters and their vowel marks (Mn)
    assert inert_description('a \\$(touch x) `y` "q" \'r\' ; | & < > [b] {c}\n\td') == "a touch x y q r b c d"
    assert inert_description("a\u202eb\x00c") == "a b c"
    long = inert_description("word " * 40)
    assert len(long) == MAX_DESCRIPTION and long.endswith("...")
    assert inert_description(None) == inert_description("") == ""


def test_a_long_label_is_one_line_in_fish_whatever_the_terminal_width() -> None:
    # typer renders descriptions with rich, which wraps them at the terminal's width: fish then reads the
    # second half of a label as one more candidate.
    fish = run_cli(env=clean_env(COLUMNS="25", _LAOS_TIP_COMPLETE="complete_fish", _TYPER_COMPLETE_FISH_ACTION="get-args",
                                 _TYPER_COMPLETE_ARGS="laos-tip get investigations"))
    assert fish.returncode == 0, fish.stderr
    assert fish.stdout.splitlines() == ["investigations_ongoing\tInvestigations ongoing at year end TIP Report"]


def test_a_value_that_is_not_an_id_is_not_offered() -> None:
    from laos_tip.cli.completion import safe_value

    assert safe_value("arrests_per_case") and safe_value("2024") and safe_value("--facts")
    assert not safe_value("a b") and not safe_value("a\\") and not safe_value("x$(y)") and not safe_value("")
    assert not safe_value("arrests\n")
