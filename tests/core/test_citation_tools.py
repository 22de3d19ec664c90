"""The citations in the tools people typeset them with: pandoc's citeproc, classic BibTeX, biblatex + biber.

Each tool gets the real output of ``laos-tip sources`` in a temporary directory and must render every
source with its URL once, warn of nothing, state no day a source does not, and name the US Department
of State as the author of its reports. .ci/run installs the tools (Debian's pandoc, texlive-binaries,
texlive-base, biber, texlive-bibtex-extra, texlive-latex-base, texlive-latex-recommended, poppler-utils).
The CSL styles are the citation-style-language repository's (CC BY-SA 3.0), in tests/data/csl.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, ROOT, run_main
from laos_tip.core.citations import issued
from laos_tip.factfile.pipeline import load

pytestmark = pytest.mark.slow  # each runs a TeX engine or pandoc: seconds, not milliseconds
STATE = "US Department of State"
CSL_STYLES = ROOT / "tests" / "data" / "csl"
FACT_BASE = load(str(FACTS))
CLASSIC_STYLES = ("plain", "alpha", "apalike", "ieeetr")


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (.ci/run installs it)")
    return found


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
                          stdin=subprocess.DEVNULL)


def write_output(directory: Path, name: str, *args: str) -> Path:
    result = run_main(*args)
    assert result.returncode == 0, result.stderr
    path = directory / name
    path.write_text(result.stdout, encoding="utf-8")
    return path


def expected_url_counts(text: str) -> dict[str, int]:
    """How often each source's URL should appear in ``text``: once for each source whose URL holds it."""
    urls = [s.url for s in FACT_BASE.sources]
    return {url: sum(url in other for other in urls) for url in set(urls)}


def squeezed(text: str) -> str:
    """The text without white space, hyphens, page numbers (lines of digits alone) or page breaks: a URL broken over
    lines or pages reads whole (pdftotext drops the hyphen where a line ends in one)."""
    lines = [line for line in text.replace("\f", "\n").splitlines() if not line.strip().isdigit()]
    return re.sub(r"[\s-]+", "", "".join(lines))


def assert_each_url_once(text: str) -> None:
    flat = squeezed(text)
    counts = {url: flat.count(squeezed(url)) for url in {s.url for s in FACT_BASE.sources}}
    assert counts == expected_url_counts(text)


# --- pandoc --citeproc -----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["apa", "chicago-author-date"])
@pytest.mark.parametrize("fmt, name", [("csl-json", "laos-tip.json"), ("biblatex", "laos-tip.bib")])
def test_pandoc_citeproc_renders_every_source_once_with_its_url_once(tmp_path: Path, style: str, fmt: str,
                                                                     name: str) -> None:
    bibliography = write_output(tmp_path, name, "sources", "--format", fmt)
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    result = run([tool("pandoc"), "doc.md", "--citeproc", "--bibliography", bibliography.name,
                  "--csl", str(CSL_STYLES / f"{style}.csl"), "-t", "plain", "--wrap=none"], tmp_path)
    assert result.returncode == 0 and result.stderr == "", result.stderr  # pandoc warns on stderr
    entries = [e for e in result.stdout.split("\n\n") if e.strip()]
    assert len(entries) == len(FACT_BASE.sources)
    assert_each_url_once(result.stdout)
    for source in FACT_BASE.sources:
        title = " ".join(source.title.split()).lower().replace("\u2019", "'")
        [entry] = [e for e in entries if source.url in e and title in e.lower().replace("\u2019", "'")]
        if source.author == STATE:
            assert entry.startswith(STATE), entry
        assert entry.replace(source.url, "").count(source.publisher) <= 1, entry  # no doubled publisher
        if len(issued(source)) < 3 and source.date is not None:  # the day it does not state is nowhere
            assert f" {source.date.day}" not in entry.split("http")[0], entry
    vientiane_times = next(e for e in entries if "vientianetimes.org.la" in e)
    assert "2025, January)" in vientiane_times or "2025." in vientiane_times
    ecoi = next(e for e in entries if "2036301" in e)
    assert ecoi.startswith(STATE) and "ecoi.net." in ecoi.lower()
    if fmt == "csl-json":  # pandoc reads no case protection in a .bib's organization: Chicago writes "Ecoi.net"
        assert "Ecoi" not in ecoi  # the site's name as it writes it
    rfa = next(e for e in entries if "radiofreeasia" in e)
    assert "[title not shown in the copy read: article on human trafficking in Laos]" in rfa  # case as written


# --- classic BibTeX --------------------------------------------------------------------------------


def latex_document(directory: Path, preamble: str, bibliography: str) -> Path:
    tex = directory / "doc.tex"
    tex.write_text("\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n" + preamble
                   + "\n\\begin{document}\n\\nocite{*}\n" + bibliography + "\n\\end{document}\n", encoding="utf-8")
    return tex


def pdflatex(directory: Path) -> str:
    result = run([tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], directory)
    assert result.returncode == 0, result.stdout[-3000:]
    return (directory / "doc.log").read_text(encoding="utf-8", errors="replace")


def pdf_text(directory: Path) -> str:
    result = run([tool("pdftotext"), "-enc", "UTF-8", "doc.pdf", "-"], directory)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("style", CLASSIC_STYLES)
def test_classic_bibtex_styles_print_every_url_once_and_warn_of_nothing(tmp_path: Path, style: str) -> None:
    write_output(tmp_path, "laos-tip.bib", "sources", "--format", "bibtex")
    # A text width a URL of 85 characters fits in: \url breaks at slashes only, and what runs past the page's
    # edge is not in the PDF's text.
    latex_document(tmp_path, "\\usepackage{url}\n\\setlength{\\textwidth}{6.8in}\\setlength{\\oddsidemargin}{-0.3in}",
                   f"\\bibliographystyle{{{style}}}\n\\bibliography{{laos-tip}}")
    pdflatex(tmp_path)
    result = run([tool("bibtex"), "doc"], tmp_path)
    log = (tmp_path / "doc.blg").read_text(encoding="utf-8")
    assert result.returncode == 0 and "Warning" not in log and "error" not in log, log
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\bibitem") == len(FACT_BASE.sources)
    pdflatex(tmp_path)
    final = pdflatex(tmp_path)
    assert "Citation" not in final and "undefined" not in final, final[-2000:]
    text = pdf_text(tmp_path)
    assert_each_url_once(text)
    assert squeezed(text).count(squeezed(STATE)) >= sum(s.author == STATE for s in FACT_BASE.sources)


# --- biblatex + biber ------------------------------------------------------------------------------


def bbl_entries(bbl: str) -> dict[str, str]:
    return dict(re.findall(r"\\entry\{([^}]+)\}\{\w+\}\{[^}]*\}(.*?)\\endentry", bbl, re.DOTALL))


def test_biblatex_and_biber_print_every_url_once_and_warn_of_nothing(tmp_path: Path) -> None:
    write_output(tmp_path, "laos-tip.bib", "sources", "--format", "biblatex")
    latex_document(tmp_path, "\\usepackage[style=authoryear,backend=biber]{biblatex}\n"
                             "\\addbibresource{laos-tip.bib}", "\\printbibliography")
    pdflatex(tmp_path)
    result = run([tool("biber"), "doc"], tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "WARN" not in result.stdout and "ERROR" not in result.stdout, result.stdout
    entries = bbl_entries((tmp_path / "doc.bbl").read_text(encoding="utf-8"))
    assert sorted(entries) == sorted(s.id for s in FACT_BASE.sources)
    for source in FACT_BASE.sources:
        entry = entries[source.id]
        assert ("\\field{day}" in entry) == (len(issued(source)) == 3), source.id  # no day it does not state
        assert ("\\field{year}" in entry) == bool(issued(source)), source.id
        if source.author == STATE:
            assert f"{{{STATE}}}" in entry, source.id
    pdflatex(tmp_path)
    final = pdflatex(tmp_path)
    warnings = [line for line in final.splitlines() if "Warning" in line and "infwarerr" not in line]
    assert warnings == [], warnings
    assert_each_url_once(pdf_text(tmp_path))


def test_the_tests_see_every_source(tmp_path: Any) -> None:
    """The URL counts above are not vacuous: the shipped file has twins (one address, two versions)."""
    counts = Counter(s.url for s in FACT_BASE.sources)
    assert counts["http://gvnet.com/humantrafficking/Laos-2.htm"] == 2
    assert expected_url_counts("")["http://gvnet.com/humantrafficking/Laos-2.htm"] == 2
