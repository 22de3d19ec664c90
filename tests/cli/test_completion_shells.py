"""Completion in the real shells: Tab after ``laos-tip get --facts FILE `` runs nothing the fact file says.

Each test starts bash, zsh or fish in a pseudo-terminal (a tmux session of its own), with HOME in
tmp_path, this venv's ``laos-tip`` first on PATH and the script that ``laos-tip --show-completion
SHELL`` prints sourced, as a user who installed it would. It types the command line, presses Tab,
reads the screen, and checks that no payload of a hostile label ran and that the menu shows the keys
(and, in zsh and fish, their labels reduced to inert text). .ci/run installs the shells and tmux.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import clean_env, console_script, run_cli

#: Hostile labels, on the metrics that sort first and last (so a 30-row screen shows some in either shell),
#: each trying to run ``touch`` with a file name of its own. The label as the menu must show it, when it does.
PAYLOADS: dict[str, tuple[str, str]] = {
    "arrests": ("A \\$(touch pwned-1) B", "A touch pwned-1 B"),
    "at_risk_counselled": ("A $(touch pwned-2) B `touch pwned-3`", "A touch pwned-2 B touch pwned-3"),
    "boys_under_18": ('x\\"; touch pwned-4; "\\" [bold]y[/]', "x touch pwned-4 bold y"),
    "cases": ("x'; touch pwned-5; ' \" ) ) ; touch pwned-6 ; : ( (", "x touch pwned-5 touch pwned-6 :"),
    "victims": ("a\n(touch pwned-7)\n; touch pwned-8 && echo |cat > pwned-9", "a touch pwned-7 touch pwned-8 echo cat pwned-9"),
    "victims_rescued": ("{touch,pwned-10} %F{red}x ${(e):-$(touch pwned-11)}", "touch,pwned-10 F red x e :- touch pwned-11"),
    "victims_rescued_under_18": ("Rescued: under 18 \\\\$(touch pwned-12)", "Rescued: under 18 touch pwned-12"),
    "traffickers_convicted": ("ລາວ ຖືກ\tຈັບ\u200b[2J <touch pwned-13>", "ລາວ ຖືກ ຈັບ 2J touch pwned-13"),
}


@pytest.fixture
def hostile_facts(facts_data: dict[str, Any], write_facts: Callable[..., Path]) -> Path:
    """The shipped fact file with the hostile labels; it must pass ``check`` for the test to mean anything."""
    for metric in facts_data["metrics"]:
        if metric["id"] in PAYLOADS:
            metric["label"] = PAYLOADS[metric["id"]][0]
    path = write_facts(facts_data, name="hostile.yaml")
    checked = run_cli("check", "--facts", str(path))
    assert checked.returncode == 0, checked.stderr + checked.stdout
    return path


class Terminal:
    """One shell in a tmux session of its own (its own server socket), 120 x 30."""

    def __init__(self, tmp_path: Path, argv: list[str], env: dict[str, str]) -> None:
        self.socket = str(tmp_path / "tmux.sock")
        self.env = env
        self.tmux = shutil.which("tmux")
        assert self.tmux, "tmux is not installed (.ci/run installs it)"
        self._run("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "30", "-c", str(tmp_path),
                  "--", *argv)

    def _run(self, *args: str) -> str:
        assert self.tmux
        done = subprocess.run([self.tmux, "-S", self.socket, *args], capture_output=True, text=True,
                              env=self.env, timeout=20)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-S", "-200")  # with what scrolled off the top

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown or time.monotonic() > deadline:
                return shown
            time.sleep(0.1)

    def type(self, text: str) -> None:
        self._run("send-keys", "-l", text)

    def press(self, key: str) -> None:
        self._run("send-keys", key)

    def close(self) -> None:
        subprocess.run([self.tmux or "tmux", "-S", self.socket, "kill-server"], capture_output=True, env=self.env,
                       timeout=20)


def shell_setup(shell: str, home: Path) -> list[str]:
    """Write the shell's start-up file (the completion script sourced, a known prompt); the command to start it."""
    script = run_cli("--show-completion", shell)
    assert script.returncode == 0, script.stderr
    (home / f"laos-tip.{shell}").write_text(script.stdout, encoding="utf-8")
    found = shutil.which(shell)
    if found is None:
        pytest.fail(f"{shell} is not installed (.ci/run installs bash, zsh, fish and tmux)")
    if shell == "zsh":
        (home / ".zshrc").write_text(
            "autoload -Uz compinit && compinit -u -d ~/.zcompdump\nsource ~/laos-tip.zsh\nPS1='READY> '\n",
            encoding="utf-8")
        return [found]
    if shell == "bash":
        (home / ".bashrc").write_text("source ~/laos-tip.bash\nPS1='READY> '\n", encoding="utf-8")
        return [found, "--noprofile", "--rcfile", str(home / ".bashrc"), "-i"]
    config = home / ".config" / "fish"
    config.mkdir(parents=True)
    (config / "config.fish").write_text(
        "set -g fish_greeting ''\nfunction fish_prompt; echo -n 'READY> '; end\nsource ~/laos-tip.fish\n",
        encoding="utf-8")
    return [found, "--interactive"]


def press_tab(shell: str, tmp_path: Path, facts: Path) -> str:
    """The screen after typing ``laos-tip get --facts FACTS `` and Tab (twice in bash, which lists on the second)."""
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = str(Path(console_script()).parent)
    env = clean_env(HOME=str(home), ZDOTDIR=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                    XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CACHE_HOME=str(home / ".cache"),
                    PATH=f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", TERM="xterm-256color", SHELL=shell)
    env.pop("TMUX", None)
    terminal = Terminal(tmp_path, shell_setup(shell, home), env)
    try:
        assert "READY>" in terminal.wait_for("READY>"), terminal.screen()
        terminal.type(f"laos-tip get --facts {facts.name} ")
        terminal.press("Tab")
        if shell == "bash":
            time.sleep(1)
            terminal.press("Tab")
        return terminal.wait_for("arrests_per_case")  # a key every menu lists
    finally:
        terminal.close()


def ran_anything(tmp_path: Path) -> list[str]:
    """The files a payload created, wherever it ran (the shell starts in tmp_path; HOME is under it)."""
    return sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("pwned*"))


@pytest.mark.slow  # a shell in a terminal: 1-2 s each here, more on a loaded machine
@pytest.mark.parametrize("shell", ["zsh", "bash", "fish"])
def test_tab_runs_nothing_a_label_says_and_the_menu_shows_the_keys(
        shell: str, tmp_path: Path, hostile_facts: Path) -> None:
    screen = press_tab(shell, tmp_path, hostile_facts)
    assert ran_anything(tmp_path) == []
    assert "arrests_per_case" in screen, screen  # the first keys (fish pages the menu from the top)
    if shell != "fish":
        assert "victims_per_case" in screen, screen  # and the last (zsh and bash list them all)
    if shell == "bash":  # bash lists values only
        return
    shown = [label for _raw, label in PAYLOADS.values() if label in screen]
    assert shown, screen  # some of the hostile labels are on the screen, as inert text
    assert "Arrests per case" in screen, screen  # and the ordinary labels as they are


def test_the_hostile_labels_ran_nothing_in_a_direct_call_either(tmp_path: Path, hostile_facts: Path) -> None:
    # What zsh evaluates, without a terminal: the check above does not depend on what the screen shows.
    zsh = run_cli(env=clean_env(_LAOS_TIP_COMPLETE="complete_zsh",
                                _TYPER_COMPLETE_ARGS=f"laos-tip get --facts {hostile_facts} "), cwd=tmp_path)
    assert zsh.returncode == 0, zsh.stderr
    for _raw, label in PAYLOADS.values():
        assert label.replace(":", "\\\\:") in zsh.stdout
