"""The verified snapshot of a fact base: the same FactBase back, and never a wrong one (``factfile/snapshot.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FACTS, clean_env, console_script, run_main
from laos_tip.core.model import FactBase
from laos_tip.factfile import pipeline, snapshot
from laos_tip.factfile import validate as load_validate


def _only_snapshot(cache: Path) -> Path:
    found = sorted(cache.glob("facts-*.json"))
    assert len(found) == 1, found
    return found[0]


def _validated() -> FactBase:
    return pipeline.load(str(FACTS), "laos_tip/facts.yaml")


def test_a_snapshot_gives_back_the_validated_fact_base(snapshot_cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first = pipeline.load(str(FACTS), "laos_tip/facts.yaml", snapshot=True)
    assert first == _validated()
    written = _only_snapshot(snapshot_cache)
    assert oct(written.stat().st_mode & 0o777) == "0o600" and oct(snapshot_cache.stat().st_mode & 0o777) == "0o700"

    def no_validation(*_: object) -> None:
        raise AssertionError("validated although the snapshot is valid")

    monkeypatch.setattr(load_validate, "validate", no_validation)
    again = pipeline.load(str(FACTS), "my name.yaml", snapshot=True)
    assert again.path == "my name.yaml" and again.sha256 == first.sha256
    assert again.figures == first.figures and again.sources == first.sources and again.tiers == first.tiers
    assert again.headline("arrests", 2024) == first.headline("arrests", 2024)


def test_the_snapshot_equals_the_validated_file_field_for_field(snapshot_cache: Path) -> None:
    validated = pipeline.load(str(FACTS), "laos_tip/facts.yaml")
    assert snapshot.store(validated)
    kept = snapshot.fetch(validated.sha256, "laos_tip/facts.yaml")
    assert kept is not None and kept is not validated
    assert kept == validated
    dated = [f for f in kept.figures if f.period_from is not None]
    assert dated and all(type(f.period_from).__name__ == "date" for f in dated)
    assert all(type(m.not_comparable_with) is tuple for m in kept.metrics)


def test_without_a_cache_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LAOS_TIP_NO_CACHE", "1")
    assert snapshot.cache_dir() is None
    assert run_main("get", "arrests").stdout == "95\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("xdg", ["", "relative/cache", "/abs/cache"])
def test_the_cache_directory_is_platformdirs_own(xdg: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("LAOS_TIP_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", "/home/someone")
    assert snapshot.cache_dir() == platformdirs.user_cache_dir("laos-tip", appauthor=False)


@pytest.mark.parametrize("damage", ["one value", "truncated", "empty", "garbage", "foreign format", "other key",
                                    "no header"])
def test_a_damaged_snapshot_is_ignored_and_rebuilt(damage: str, snapshot_cache: Path) -> None:
    assert run_main("get", "arrests").stdout == "95\n"
    path = _only_snapshot(snapshot_cache)
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    if damage == "one value":  # the key and the checksum kept: the checksum no longer fits the body
        assert b",95," in body
        damaged = header + b"\n" + body.replace(b",95,", b",96,", 1)
    elif damage == "truncated":
        damaged = data[: len(data) // 2]
    elif damage == "empty":
        damaged = b""
    elif damage == "garbage":
        damaged = b"\xff\xfe not json at all \x00"
    elif damage == "foreign format":
        fields = json.loads(header)
        damaged = json.dumps({**fields, "laos_tip_snapshot": 999}).encode() + b"\n" + body
    elif damage == "other key":
        fields = json.loads(header)
        damaged = json.dumps({**fields, "key": "0" * 64}).encode() + b"\n" + body
    else:
        damaged = body
    path.write_bytes(damaged)
    facts = pipeline.load_chosen(None)
    assert facts == _validated()
    assert facts.value("arrests", 2024) == 95
    assert run_main("get", "arrests").stdout == "95\n"
    assert path.read_bytes() == data  # validated again and written again, whole


def test_the_checksum_finds_mistakes_not_forgeries(snapshot_cache: Path) -> None:
    """Only a snapshot whose checksum fits its body is read: an edit that keeps the key and the checksum
    is refused (above). One whose checksum was made to fit reads as what it says: which is why only a
    directory of the user's own, that no one else may write, is trusted (below)."""
    import hashlib

    run_main("get", "arrests")
    path = _only_snapshot(snapshot_cache)
    header, _, body = path.read_bytes().partition(b"\n")
    content = json.loads(body)
    metric, period, value = content["figures"][:3]  # a section is written as the columns of its fields
    rows = [index for index, row in enumerate(zip(metric, period, value, strict=True)) if row == ("arrests", 2024, 95)]
    assert rows
    for index in rows:
        value[index] = 96
    edited = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    fields = {**json.loads(header), "checksum": hashlib.sha256(edited).hexdigest()}
    path.write_bytes(json.dumps(fields, separators=(",", ":")).encode() + b"\n" + edited)
    assert run_main("get", "arrests").stdout == "96\n"


def test_an_edit_of_the_fact_file_is_seen(snapshot_cache: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_bytes(FACTS.read_bytes())
    assert run_main("get", "arrests", "--facts", str(mine)).stdout == "95\n"
    text = FACTS.read_text(encoding="utf-8")
    mine.write_text(text + "\n# an edit that changes no figure\n", encoding="utf-8")
    assert run_main("get", "arrests", "--facts", str(mine)).stdout == "95\n"
    assert len(list(snapshot_cache.glob("facts-*.json"))) == 2
    broken = text.replace("schema_version: 1", "schema_version: 2", 1)
    assert broken != text
    mine.write_text(broken, encoding="utf-8")
    failed = run_main("get", "arrests", "--facts", str(mine))
    assert failed.returncode == 1 and "schema version" in failed.stderr


def test_another_laos_tip_version_does_not_read_the_snapshot(snapshot_cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    run_main("get", "arrests")
    before = _only_snapshot(snapshot_cache)
    import laos_tip

    monkeypatch.setattr(laos_tip, "__version__", "99.0.0")
    facts = pipeline.load_chosen(None)
    assert snapshot.fetch(facts.sha256, facts.path) is not None
    assert len(list(snapshot_cache.glob("facts-*.json"))) == 2 and before.exists()


def _valid_snapshot(cache: Path) -> None:
    assert run_main("get", "arrests").stdout == "95\n"
    _only_snapshot(cache)


def test_a_world_writable_cache_directory_is_not_trusted(snapshot_cache: Path) -> None:
    _valid_snapshot(snapshot_cache)
    facts = _validated()
    snapshot_cache.chmod(0o777)
    assert snapshot.fetch(facts.sha256, "x") is None
    assert not snapshot.store(facts)
    assert run_main("get", "arrests").stdout == "95\n"
    snapshot_cache.chmod(0o720)  # group-writable is no better
    assert snapshot.fetch(facts.sha256, "x") is None
    snapshot_cache.chmod(0o700)
    assert snapshot.fetch(facts.sha256, "x") is not None


def test_a_cache_directory_of_another_user_is_not_trusted(snapshot_cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _valid_snapshot(snapshot_cache)
    facts = _validated()
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as another user sees the directory and its files
    assert snapshot.fetch(facts.sha256, "x") is None
    assert not snapshot.store(facts)
    assert run_main("get", "arrests").stdout == "95\n"


def test_a_writable_snapshot_file_is_not_trusted(snapshot_cache: Path) -> None:
    _valid_snapshot(snapshot_cache)
    facts = _validated()
    _only_snapshot(snapshot_cache).chmod(0o666)
    assert snapshot.fetch(facts.sha256, "x") is None


def test_a_cache_that_cannot_be_made_or_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LAOS_TIP_NO_CACHE", raising=False)
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    ran = run_main("get", "arrests")
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "95\n", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def read_only(*_: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    ran = run_main("summary", "--json")
    assert ran.returncode == 0 and ran.stderr == "" and json.loads(ran.stdout)["command"] == "summary"
    assert [p.name for p in (tmp_path / "cache" / "laos-tip").iterdir()] == []  # no temporary file left


def test_old_snapshots_are_removed_beyond_keep(snapshot_cache: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "KEEP", 3)
    text = FACTS.read_text(encoding="utf-8")
    for n in range(5):
        mine = tmp_path / f"f{n}.yaml"
        mine.write_text(text + f"\n# copy {n}\n", encoding="utf-8")
        assert run_main("get", "arrests", "--facts", str(mine)).stdout == "95\n"
        for older in snapshot_cache.glob("facts-*.json"):  # distinct modification times, oldest first
            stamp = older.stat().st_mtime - 10
            os.utime(older, (stamp, stamp))
    assert len(list(snapshot_cache.glob("facts-*.json"))) == 3


def test_check_never_reads_a_snapshot(snapshot_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _valid_snapshot(snapshot_cache)

    def refused(*_: object) -> None:
        raise AssertionError("check read a snapshot")

    monkeypatch.setattr(snapshot, "fetch", refused)
    ran = run_main("check")
    assert ran.returncode == 0 and "laos_tip/facts.yaml" in ran.stdout


@pytest.mark.slow  # five processes on a 1,500-figure file
def test_processes_that_build_the_same_snapshot_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("scaling", Path(__file__).parents[2] / "benchmarks" / "scaling.py")
    assert spec is not None and spec.loader is not None
    scaling = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scaling)
    big = tmp_path / "big.yaml"
    big.write_text(scaling.many_facts(1_500), encoding="utf-8")  # long enough to write for the runs to overlap
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("LAOS_TIP_NO_CACHE", None)
    argv = [console_script(), "get", "arrests", "--json", "--facts", str(big)]
    alone = subprocess.run(argv, capture_output=True, env={**env, "LAOS_TIP_NO_CACHE": "1"}, timeout=120)
    assert alone.returncode == 0
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert all(result == (alone.stdout, alone.stderr, 0) for result in results)
    cache = tmp_path / "cache" / "laos-tip"
    assert [p.name for p in cache.iterdir() if not p.name.startswith("facts-")] == []  # no temporary file left
    path = _only_snapshot(cache)
    code = ("import sys; from laos_tip.factfile import pipeline, snapshot; "
            f"f = pipeline.load({str(big)!r}); k = snapshot.fetch(f.sha256, f.path); "
            "sys.exit(0 if k == f else 1)")
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=120).returncode == 0, path


_HOT = ["get arrests", "get arrests --json", "summary --json", "summary", "ratios --format csv", "sources --bibtex",
        "trend arrests", "keys --json", "tier", "export {out}"]


@pytest.mark.parametrize("words", _HOT)
def test_a_command_whose_snapshot_is_valid_imports_neither_pyyaml_nor_the_validator(words: str,
                                                                                   tmp_path: Path) -> None:
    env = clean_env(XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("LAOS_TIP_NO_CACHE", None)
    argv = words.format(out=tmp_path / "out.json").split() + (["--force"] if words.startswith("export") else [])
    code = ("import sys\nfrom laos_tip.cli.entry import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    code = e.code\n"
            "bad = sorted(m for m in sys.modules if m == 'yaml' or m.startswith(('yaml.', "
            "'laos_tip.factfile.validat', 'laos_tip.factfile.reader', 'laos_tip.factfile.rules')))\n"
            "sys.stderr.write(repr(bad))\nsys.exit(code)\n")
    first = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=60)
    assert first.returncode == 0 and "'yaml'" in first.stderr  # the first run validates and writes the snapshot
    again = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, env=env, timeout=60)
    assert again.returncode == 0 and again.stdout == first.stdout
    assert again.stderr.endswith("[]"), again.stderr
