"""The generated parts of the docs are fresh: ``cog --check`` passes on every page with cog markers.

The pages hold reference tables generated from the registries by ``laos_tip/reference.py``
(commands, help screens, exit codes, problem codes, records). After a change of a registry, run
``.venv/bin/cog -r docs/*.md``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGENERATE = ".venv/bin/cog -r docs/*.md"
MARKER = "[[[cog"
#: The pages whose reference tables are generated, and a registry each must show.
GENERATED = {"commands.md": "pipeline", "check.md": "period-after-source", "records.md": "headline"}


def pages() -> list[Path]:
    """README.md and every page of docs/ that holds cog markers."""
    candidates = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return [p for p in candidates if MARKER in p.read_text(encoding="utf-8")]


def cog_check(path: Path) -> subprocess.CompletedProcess[str]:
    """``cog --check`` on one page, run from the repository root (so ``laos_tip`` imports from the checkout)."""
    return subprocess.run([sys.executable, "-m", "cogapp", "--check", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_the_reference_pages_are_generated() -> None:
    assert {p.name for p in pages()} >= set(GENERATED)
    for name, shown in GENERATED.items():
        assert shown in (ROOT / "docs" / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_generated_docs_are_fresh(page: Path) -> None:
    done = cog_check(page)
    assert done.returncode == 0, (
        f"{page.relative_to(ROOT)} is stale (generated from the registries); run: {REGENERATE}\n"
        f"{done.stdout}{done.stderr}")


def _stale_copy(page: Path, tmp_path: Path) -> Path:
    """A copy of ``page`` with one generated line changed."""
    lines = page.read_text(encoding="utf-8").split("\n")
    opened = next(i for i, line in enumerate(lines) if MARKER in line)
    lines[opened + 1] += " (edited by hand)"
    copy = tmp_path / page.name
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_the_check_fails_on_a_stale_page(name: str, tmp_path: Path) -> None:
    page = ROOT / "docs" / name
    assert cog_check(page).returncode == 0
    done = cog_check(_stale_copy(page, tmp_path))
    assert done.returncode != 0
    assert "changed" in done.stdout + done.stderr
