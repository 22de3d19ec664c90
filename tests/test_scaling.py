"""Large inputs stay fast: the targets of ``benchmarks/scaling.py`` on its biggest generated files.

Each file is generated once per module. Time is the CPU time of the whole process (user +
system, from ``os.wait4``), which the machine's other work does not inflate the way it does
wall time; memory is the process's peak resident size.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, clean_env, console_script
from laos_tip.render import pipe as render_pipe
from laos_tip.factfile.numbers import quote_holds
from laos_tip.factfile.pipeline import load
from laos_tip.render import terminal as render_terminal
from laos_tip.views import base as views_base
from laos_tip.views import compare as views_compare
from laos_tip.views import keys as views_keys
from laos_tip.views import partners as views_partners
from laos_tip.views import ratios as views_ratios
from laos_tip.views import sources as views_sources
from laos_tip.views import summary as views_summary
from laos_tip.views import tier as views_tier
from laos_tip.views import trend as views_trend

pytestmark = pytest.mark.slow  # budgets and timings: run with pytest -m slow

_spec = importlib.util.spec_from_file_location("scaling", ROOT / "benchmarks" / "scaling.py")
if _spec is None or _spec.loader is None:
    raise ImportError("benchmarks/scaling.py is missing")
scaling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scaling)


def measure(*args: str, budget: float = float("inf")) -> tuple[float, float, int, str]:
    """CPU seconds, peak MiB, exit status and stderr of the installed console script.

    A run over ``budget`` is repeated, up to three runs in all, and the fastest counts, as in
    ``benchmarks/scaling.py``: CPU time too grows when another process shares the core's caches
    (pytest-xdist runs tests side by side), though far less than wall time.
    """
    _, cpu, mib, status, errors = scaling.measure(list(args))
    for _ in range(2):
        if cpu < budget or status != 0:
            break
        _, again, more, status, errors = scaling.measure(list(args))
        cpu, mib = min(cpu, again), max(mib, more)
    return cpu, mib, status, errors


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scaling") / "conflicts.yaml"
    path.write_text(scaling.conflicting_facts(1_000), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def twenty_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scaling") / "figures.yaml"
    path.write_text(scaling.many_facts(20_000), encoding="utf-8")
    return path


def test_a_thousand_sources_disagreeing_on_one_figure_every_command_under_two_seconds(conflicts: Path) -> None:
    slow = []
    for name, argv in scaling.commands(str(conflicts), str(conflicts.parent)):
        cpu, _, status, errors = measure(*argv, budget=scaling.CONFLICT_SECONDS)
        assert status == 0, (name, errors)
        if cpu >= scaling.CONFLICT_SECONDS:
            slow.append((name, round(cpu, 2)))
    assert not slow
    # Every claim is there: one headline with 1,000 contradicting claims.
    document = json.loads((conflicts.parent / "x.json").read_text(encoding="utf-8"))
    arrests = [row for row in document["headline"] if row["key"] == "arrests" and row["period"] == 2024]
    assert len(arrests) == 1 and arrests[0]["contradicted"] is True


#: The commands timed on 20,000 figures: each kind of work once (every command is in the benchmark).
HEAVY = ("check --json", "summary", "ratios", "get arrests_per_case", "keys", "sources --quotes",
         "trend arrests", "compare", "export json", "export csv", "export sqlite")


def test_twenty_thousand_figures_every_kind_of_command_under_five_seconds_and_200_mib(twenty_thousand: Path) -> None:
    over = []
    for name, argv in scaling.commands(str(twenty_thousand), str(twenty_thousand.parent)):
        if name not in HEAVY:
            continue
        if name == "compare":
            argv = ["compare", "2000", "2001", "--facts", str(twenty_thousand)]
        cpu, mib, status, errors = measure(*argv, budget=scaling.FIGURES_SECONDS)
        assert status == 0, (name, errors)
        if cpu >= scaling.FIGURES_SECONDS or mib >= scaling.FIGURES_MIB:
            over.append((name, round(cpu, 2), round(mib, 1)))
    assert not over


def test_load_time_per_figure_is_about_constant(tmp_path: Path) -> None:
    def cpu_per_figure(count: int) -> float:
        path = tmp_path / f"{count}.yaml"
        path.write_text(scaling.many_facts(count), encoding="utf-8")
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            facts = load(str(path))
            for period in facts.periods():
                list(facts.headlines(period))
            facts.conflicts()
            best = min(best, time.process_time() - start)
        return best / count

    small, large = cpu_per_figure(1_000), cpu_per_figure(8_000)
    # Linear: eight times the figures, about eight times the time (a quadratic step would be 8x per figure).
    assert large < small * 2, (small, large)


def test_the_quote_check_is_fast_on_a_long_repetitive_quote(tmp_path: Path) -> None:
    valid = tmp_path / "quote.yaml"
    valid.write_text(scaling.pathological_quote(), encoding="utf-8")
    cpu, _, status, errors = measure("check", str(valid))
    assert status == 0, errors
    assert cpu < scaling.QUOTE_SECONDS
    # A long as_written that is no number is refused at once, without searching the quote for it.
    refused = tmp_path / "refused.yaml"
    refused.write_text(scaling.pathological_quote(as_written="1,1 " * 2_000), encoding="utf-8")
    result = subprocess.run([console_script(), "check", str(refused)], capture_output=True, text=True,
                            env=clean_env(), timeout=20)
    assert result.returncode == 1 and "as_written: '1,1 1,1" in result.stdout
    assert "is not a number laos-tip can read" in result.stdout


@pytest.mark.parametrize("written", ["1", "1,111,111", "one hundred and one", "11"])
def test_quote_holds_is_linear_in_the_quote(written: str) -> None:
    # Occurrences everywhere, each one inside a longer number: the worst case for a search.
    quote = "1,111,111,1" * 90_000 + "1" * 90_000
    start = time.process_time()
    assert not quote_holds(quote, written)
    assert time.process_time() - start < 1.0
    assert quote_holds(quote + f" and {written}.", written)


def test_piped_tables_are_drawn_as_rich_draws_them(conflicts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast writer of piped tables gives rich's very bytes, in UTF-8 and in ASCII."""
    import io

    facts = load(str(conflicts))
    shown = [views_summary.summary(facts, 2024), views_ratios.ratios(facts, 2024), views_partners.partners(facts, 2024),
             views_trend.trend(facts, "arrests"), views_compare.compare(facts, 2023, 2024), views_tier.tiers(facts),
             views_keys.keys(facts), views_sources.sources(facts, quotes=True)]

    def draw(view: views_base.View, encoding: str, plain: bool) -> bytes:
        monkeypatch.setattr(render_pipe, "_draws_plain", lambda console: plain)
        buffer = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
        render_terminal.render_table(view, buffer)
        buffer.flush()
        return buffer.buffer.getvalue()

    for view in shown:
        for encoding in ("utf-8", "ascii"):
            assert draw(view, encoding, plain=True) == draw(view, encoding, plain=False), (view.title, encoding)


def test_two_thousand_misspelt_references_are_checked_under_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "misspelt.yaml"
    path.write_text(scaling.misspelt_references(), encoding="utf-8")
    _, cpu, _, status, errors = scaling.measure(["check", str(path)])
    assert status == 1, errors
    assert cpu < scaling.MISSPELT_SECONDS


def test_a_32000_word_label_is_drawn_on_a_terminal_under_two_seconds(tmp_path: Path) -> None:
    path = tmp_path / "label.yaml"
    path.write_text(scaling.long_label(), encoding="utf-8")
    for argv in (["summary", "--facts", str(path)], ["get", "arrests", "--facts", str(path)]):
        _, cpu, _, status, errors = scaling.measure_terminal(argv)
        assert status == 0, errors
        assert cpu < scaling.LABEL_SECONDS, argv
