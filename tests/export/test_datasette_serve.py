"""The SQLite export in a real Datasette: full-text search, canned queries, facets, labels and licences.

The server is the one people run (``datasette serve``, as docs/data-package.md says), on 127.0.0.1 with a port
the system chooses, stopped after the test.
"""

from __future__ import annotations

import json
import re
import queue
import shlex
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTS, ROOT, run_main
from laos_tip.export import datasette as meta
from laos_tip.factfile.pipeline import load

pytestmark = pytest.mark.slow  # a server process of its own: a few seconds

_RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")


def documented_command() -> list[str]:
    """The ``datasette`` line of docs/data-package.md, as words."""
    page = (ROOT / "docs" / "data-package.md").read_text(encoding="utf-8")
    lines = [line for line in page.split("\n") if line.startswith("datasette ")]
    assert len(lines) == 1, lines
    return shlex.split(lines[0])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Datasette serving the export made as the docs say, in its own directory; its base URL."""
    directory = tmp_path_factory.mktemp("datasette")
    result = run_main("export", "laos-tip.sqlite", "--datasette-metadata", cwd=directory)
    assert result.returncode == 0, result.stderr
    words = documented_command()
    program = Path(sys.executable).parent / words[0]
    process = subprocess.Popen([str(program), "serve", *words[1:], "--host", "127.0.0.1", "--port", "0"],
                               cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    # A thread reads stderr line by line: select() on a buffered text stream misses lines already read
    # into its buffer, so the "running on" line could sit there unseen until the deadline.
    # It goes on reading after start-up, so the server's request log never fills the pipe.
    lines: queue.Queue[str] = queue.Queue()
    stderr = process.stderr
    assert stderr is not None

    def read_lines() -> None:
        for line in stderr:
            lines.put(line)

    threading.Thread(target=read_lines, daemon=True).start()
    try:
        seen, deadline, base = [], time.monotonic() + 60, None
        while base is None and time.monotonic() < deadline and process.poll() is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            found = _RUNNING.search(line)
            base = found.group(1) if found else None
        assert base is not None, "".join(seen)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def get(base: str, path: str, **query: str) -> Any:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read().decode("utf-8")
    return json.loads(body) if ".json" in path else body


def test_full_text_search_over_quotes_and_titles(server: str) -> None:
    claims = get(server, "/laos-tip/claims.json", _search="arrests", _shape="array")
    assert len(claims) >= 5
    assert all("arrest" in " ".join(str(c[n] or "") for n in meta.SEARCH["claims"]).lower() for c in claims)
    assert {c["source"] for c in claims} >= {"xinhua-2025-01-30", "rfa-2025-01-28"}
    sources = get(server, "/laos-tip/sources.json", _search="Refworld", _shape="array")
    assert sources and all("Refworld" in s["publisher"] + s["title"] + s["label"] for s in sources)
    page = get(server, "/laos-tip/claims", _search="arrests")
    assert 'name="_search"' in page  # the search box a journalist types into


def test_canned_queries_answer_the_first_questions(server: str) -> None:
    disputed = get(server, "/laos-tip/disputed_figures.json", _shape="array")
    arrests = sorted(r["other_value"] for r in disputed if r["key"] == "arrests" and r["period"] == 2024)
    assert arrests == [119, 122]
    assert all(r["headline_value"] != r["other_value"] for r in disputed)
    rfa = get(server, "/laos-tip/figures_by_source.json", source="rfa-2025-01-28", _shape="array")
    stated = sorted((f.metric, f.period, f.value) for f in load(str(FACTS)).figures if f.source == "rfa-2025-01-28")
    assert sorted((r["key"], r["period"], r["value"]) for r in rfa) == stated and stated
    listed = get(server, "/laos-tip.json")
    assert {q["name"] for q in listed["queries"]} == set(meta.QUERIES)


def test_default_facets_labels_and_licence(server: str) -> None:
    headline = get(server, "/laos-tip/headline.json")
    assert set(headline["facet_results"]) == set(meta.FACETS["headline"])
    labelled = get(server, "/laos-tip/headline.json", key="arrests", period="2024", _labels="on", _shape="array")
    assert labelled[0]["source"] == {"value": "xinhua-2025-01-30", "label": "Xinhua, 2025-01-30"}
    page = get(server, "/laos-tip/claims")
    assert "Creative Commons Attribution 4.0" in page and "copyright of their publishers" in page
    assert meta.short("The sentence of the source that states it, verbatim.") in page  # a column's description
