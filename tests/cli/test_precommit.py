"""The pre-commit hook: its entry, run as pre-commit runs it (file names appended), refuses a broken fact file."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

from conftest import FACTS, ROOT, clean_env, console_script

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def hook() -> dict[str, Any]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["laos-tip-check"]
    return hooks[0]


def run_hook(*files: Path) -> subprocess.CompletedProcess[str]:
    """As pre-commit does: the entry split like a shell would, the staged file names appended."""
    entry = shlex.split(hook()["entry"])
    assert entry[0] == "laos-tip"
    env = clean_env(PATH=f"{Path(console_script()).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([*entry, *map(str, files)], capture_output=True, text=True, env=env, timeout=60)


def test_hook_selects_fact_files_only() -> None:
    pattern = re.compile(hook()["files"])
    for name in ("facts.yaml", "data/facts.yml", "facts-2025.yaml", "sub/dir/facts_laos.yaml"):
        assert pattern.search(name), name
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "notfacts.yaml", "facts.yaml/README.md", "facts.json"):
        assert not pattern.search(name), name


def test_hook_passes_good_files_and_refuses_a_broken_one(tmp_path: Path) -> None:
    good = tmp_path / "facts.yaml"
    good.write_bytes(FACTS.read_bytes())
    other = tmp_path / "facts-copy.yml"
    other.write_bytes(FACTS.read_bytes())
    done = run_hook(good, other)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("ok: ") == 2 and f"ok: {good}:" in done.stdout and f"ok: {other}:" in done.stdout

    broken = tmp_path / "data" / "facts.yaml"
    broken.parent.mkdir()
    broken.write_text(FACTS.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 99"),
                      encoding="utf-8")
    done = run_hook(good, broken, other)
    assert done.returncode == 1
    assert f"ok: {good}:" in done.stdout and f"ok: {other}:" in done.stdout  # every file is reported
    assert f"{broken}:" in done.stdout and "schema version" in done.stdout
    assert done.stderr == f"laos-tip: error: {broken} is not a valid fact file (1 problem)\n"


def test_check_with_several_files_and_json_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([console_script(), "check", str(FACTS), str(FACTS), "--json"], capture_output=True,
                          text=True, env=clean_env(), timeout=60)
    assert done.returncode == 2 and done.stdout == "" and "--json reports one file" in done.stderr
