"""The API's records are typed per kind: mypy --strict rejects a misspelt field or a wrong type in a script,
every value is of its declared type, and ``dir(laos_tip)`` shows the public names only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any, Literal

import pytest

import laos_tip
from conftest import ROOT, clean_env
from laos_tip import reference, rows


def hints(cls: type) -> dict[str, Any]:
    """The field annotations of a record class, evaluated."""
    return typing.get_type_hints(cls, globalns={**vars(rows), "Literal": Literal, "Any": Any})


def conforms(value: Any, hint: Any) -> bool:
    """Whether ``value`` is of the type ``hint`` (the few forms laos_tip/rows.py uses), nested records included."""
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is Literal:
        return value in arguments
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, one) for one in arguments)
    if origin is list:
        return isinstance(value, list) and all(conforms(item, arguments[0]) for item in value)
    if hint is type(None):
        return value is None
    if isinstance(hint, type) and issubclass(hint, rows.Row):
        return type(value) is hint and list(value) == list(hints(hint)) and all(
            conforms(value[name], field) for name, field in hints(hint).items())
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


def mismatches(row: Any, cls: type) -> list[str]:
    """The fields of ``row`` whose value is not of the type ``cls`` declares (or why ``row`` is no ``cls``)."""
    if type(row) is not cls or list(row) != list(hints(cls)):
        return [f"{type(row).__name__} with {list(row)} is no {cls.__name__}"]
    return [f"{cls.__name__}.{name} = {row[name]!r}" for name, hint in hints(cls).items()
            if not conforms(row[name], hint)]


def test_every_answer_is_of_its_declared_class_and_every_value_of_its_declared_type() -> None:
    facts = laos_tip.load()
    names = {name: getattr(laos_tip, name) for name in laos_tip.__all__}
    for method in ("headline", "headlines", "claims", "ratios", "tiers", "partners", "metrics", "sources",
                   "statements"):
        declared = typing.get_type_hints(getattr(laos_tip.Facts, method), globalns=names)["return"]
        if method == "headline":
            assert declared == laos_tip.Headline | None
            answered = [facts.headline(key, year) for key in ("arrests", "cases", "victims") for year in (2023, 2024)]
            answered = [one for one in answered if one is not None]
            cls = laos_tip.Headline
        else:
            answered = getattr(facts, method)()
            assert typing.get_origin(declared) is list, method
            cls = typing.get_args(declared)[0]
        assert answered, method
        assert [m for row in answered for m in mismatches(row, cls)] == [], method
        assert conforms(answered, list[cls])  # type: ignore[valid-type]


def test_the_checker_above_can_fail() -> None:
    claim = laos_tip.load().headline("arrests", 2024).claims[0]  # type: ignore[union-attr]
    assert conforms(claim, rows.Claim)
    assert not conforms(rows.Claim({**claim, "value": "95"}), rows.Claim)
    assert not conforms(rows.Claim({**claim, "bound": "roughly"}), rows.Claim)
    assert not conforms(dict(claim), rows.Claim)


def test_the_classes_are_the_records_of_core_records() -> None:
    for record in reference.row_records():
        cls = rows.TYPES[record.name]
        assert cls.__name__ == reference.class_name(record)
        assert list(hints(cls)) == list(record.names)
    exported = set(laos_tip.__all__) - {"Facts", "LaosTipError", "Row", "__version__", "load"}
    assert exported == {cls.__name__ for cls in rows.TYPES.values()}


def test_the_classes_are_generated_fresh() -> None:
    done = subprocess.run([sys.executable, "-m", "cogapp", "--check", "laos_tip/rows.py"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"laos_tip/rows.py is stale; run: .venv/bin/cog -r laos_tip/rows.py\n{done.stderr}"


def test_dir_shows_the_public_names_only() -> None:
    code = "import laos_tip; laos_tip.load(); import laos_tip.api; print(' '.join(dir(laos_tip)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60)
    names = done.stdout.split()
    assert names == sorted(laos_tip.__all__), done.stderr
    assert {"Facts", "Row", "Headline", "ClaimRow", "LaosTipError", "load", "__version__"} <= set(names)
    assert not {"os", "TYPE_CHECKING", "api", "rows", "core", "annotations"} & set(names)
    for name in laos_tip.__all__:
        assert getattr(laos_tip, name) is not None, name
    assert laos_tip.Headline is rows.Headline and laos_tip.LaosTipError.__name__ == "LaosTipError"


GOOD = '''
    import json

    import laos_tip

    facts = laos_tip.load()
    figure = facts.headline("arrests", 2024)
    if figure is not None:
        value: int = figure.value
        sources: list[str] = [claim.source for claim in figure.claims]
        print(value, sources, figure.reliability, json.dumps(figure))
    for ratio in facts.ratios(2024):
        share: float | None = ratio.value
        print(ratio.key, share, [term.label for term in ratio.terms])
    rows: list[laos_tip.ClaimRow] = facts.claims("arrests")
    print(sum(row.value for row in rows if row.backs_headline), facts.tiers()[0].placement)
'''

BAD = '''
    import laos_tip

    facts = laos_tip.load()
    figure = facts.headline("arrests", 2024)
    assert figure is not None
    print(figure.vlaue)
    x: str = figure.value
    print(figure.claims[0].qoute)
    print(facts.ratios()[0].value + 1)
    y: int = facts.tiers()[0].placement
'''


@pytest.mark.slow
def test_mypy_strict_rejects_a_misspelt_field_and_a_wrong_type(tmp_path: Path) -> None:
    """mypy, as a user runs it on a script of their own (the installed package, py.typed), finds the five
    mistakes of the bad script, on their lines, and nothing in the good one."""
    (tmp_path / "good.py").write_text(textwrap.dedent(GOOD), encoding="utf-8")
    (tmp_path / "bad.py").write_text(textwrap.dedent(BAD), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
                           str(tmp_path / "cache"), "good.py", "bad.py"], cwd=tmp_path, capture_output=True,
                          text=True, env=clean_env(), timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert not [line for line in errors if line.startswith("good.py")], done.stdout
    lines = textwrap.dedent(BAD).splitlines()
    found = {int(line.split(":")[1]): line for line in errors if line.startswith("bad.py")}
    expected = {lines.index(text) + 1: what for text, what in (
        ("print(figure.vlaue)", '"Headline" has no attribute "vlaue"'),
        ("x: str = figure.value", 'expression has type "int", variable has type "str"'),
        ("print(figure.claims[0].qoute)", '"Claim" has no attribute "qoute"'),
        ("print(facts.ratios()[0].value + 1)", "None"),
        ("y: int = facts.tiers()[0].placement", 'variable has type "int"'),
    )}
    assert set(found) == set(expected), done.stdout
    for number, what in expected.items():
        assert what in found[number], found[number]
    assert done.returncode == 1
