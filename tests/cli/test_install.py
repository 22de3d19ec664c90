"""The fact file travels with the package: wheel install, editable install, plain checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import FACTS, ROOT, clean_env, run_cli

def shipped_sha() -> str:
    import hashlib

    return hashlib.sha256(FACTS.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (offline: hatchling comes with the test extra)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, text=True)
    (built,) = out.glob("laos_tip-*.whl")
    return built


def test_wheel_carries_the_fact_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read("laos_tip/facts.yaml") == FACTS.read_bytes()
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "laos-tip = laos_tip.cli.entry:main" in archive.read(entry_points).decode()


def test_wheel_install_works_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = ("import sys; sys.argv = ['laos-tip', 'summary', '--json']; import laos_tip.cli.app as c; "
            f"assert c.__file__.startswith({str(target)!r}), c.__file__; c.main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere,
                            env=clean_env(PYTHONPATH=str(target)))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    # Read from the installed package, named without the local path.
    assert document["facts"]["path"] == "laos_tip/facts.yaml"
    assert str(target) not in result.stdout
    assert document["facts"]["sha256"] == shipped_sha()


def test_editable_install_finds_the_checkout_file(tmp_path: Path) -> None:
    # The test environment is itself an editable install of this checkout.
    document = json.loads(run_cli("summary", "--json", cwd=tmp_path).stdout)
    assert document["facts"]["path"] == "laos_tip/facts.yaml"
    assert document["facts"]["sha256"] == shipped_sha()


def test_plain_checkout_without_install(tmp_path: Path) -> None:
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.argv = ['laos-tip', 'partners', '--json']; " \
           "from laos_tip.cli.app import main; main()"
    result = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env=clean_env(PYTHONPATH=":".join(p for p in sys.path if "site-packages" in p)))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["facts"]["sha256"] == shipped_sha()


def test_wheel_metadata_names_authors_python_versions_licence_and_types(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        metadata_name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(metadata_name).decode()
        names = archive.namelist()
    assert "laos_tip/py.typed" in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert "Author: The laos-tip authors" in metadata or "Author-email: The laos-tip authors" in metadata
    assert "License-Expression: MIT" in metadata
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Classifier: Programming Language :: Python :: {version}" in metadata
    assert "Classifier: Typing :: Typed" in metadata
    assert "Keywords:" in metadata and "trafficking in persons" in metadata
    # No invented address: a Project-URL, when there is one, must be an absolute http(s) URL.
    for line in metadata.splitlines():
        if line.startswith("Project-URL:"):
            assert line.split(", ", 1)[1].startswith("https://"), line
