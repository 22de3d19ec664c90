"""laos_tip.frozen: records behave as frozen dataclasses do, checked against dataclasses itself."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laos_tip.core import frozen
from laos_tip.core.frozen import FrozenInstanceError, field, record


@record
class Point:
    """Two required fields, a default, a factory and one field left out of equality and repr."""

    x: int
    y: int
    label: str = ""
    tags: list[str] = field(default_factory=list)
    cache: str = field(default="", repr=False, compare=False)


@record
class Indexed:
    """A field that ``__post_init__`` sets, as FactBase builds its indexes."""

    items: tuple[int, ...]
    _total: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_total", sum(self.items))


def test_arguments_by_position_or_keyword_with_defaults() -> None:
    point = Point(1, y=2)
    assert (point.x, point.y, point.label, point.tags, point.cache) == (1, 2, "", [], "")
    assert Point(1, 2, "a", ["t"]).tags == ["t"]


def test_each_instance_gets_its_own_default_from_the_factory() -> None:
    first, second = Point(1, 2), Point(1, 2)
    first.tags.append("changed")
    assert second.tags == []


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((1,), {}, "missing required argument: 'y'"),
    ((1, 2, "a", [], "c", "extra"), {}, "takes 5 positional arguments but 6 were given"),
    ((1, 2), {"z": 3}, "unexpected keyword argument 'z'"),
    ((1, 2), {"x": 3}, "multiple values for argument 'x'"),
])
def test_wrong_arguments_raise_type_error(args: tuple[Any, ...], kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Point(*args, **kwargs)


def test_assigning_or_deleting_a_field_raises_an_attribute_error() -> None:
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y  # type: ignore[misc]
    assert point.x == 1


def test_equality_and_hash_ignore_fields_left_out_of_comparison() -> None:
    assert Point(1, 2, cache="a") == Point(1, 2, cache="b")
    assert Point(1, 2) != Point(2, 1)
    assert Point(1, 2) != (1, 2)
    assert hash(Indexed((1, 2))) == hash(Indexed((1, 2)))
    assert len({Indexed((1, 2)), Indexed((1, 2)), Indexed((3,))}) == 2


def test_repr_names_the_shown_fields() -> None:
    assert repr(Point(1, 2, "a")) == "Point(x=1, y=2, label='a', tags=[])"


def test_post_init_sets_a_field_that_init_does_not_take() -> None:
    assert Indexed((1, 2, 3))._total == 6
    with pytest.raises(TypeError, match="unexpected keyword argument '_total'"):
        Indexed((1,), _total=5)  # type: ignore[call-arg]


def test_replace_copies_with_changes_and_runs_post_init_again() -> None:
    point = Point(1, 2, "a", ["t"])
    moved = frozen.replace(point, y=5)
    assert (moved.x, moved.y, moved.label, moved.tags) == (1, 5, "a", ["t"])
    assert frozen.replace(Indexed((1, 2)), items=(5,))._total == 5
    with pytest.raises(ValueError, match="_total"):
        frozen.replace(Indexed((1,)), _total=3)


def test_fields_lists_declared_fields_in_order() -> None:
    assert [spec.name for spec in frozen.fields(Point)] == ["x", "y", "label", "tags", "cache"]
    assert frozen.is_record(Point(1, 2)) and not frozen.is_record(object())
    with pytest.raises(TypeError):
        frozen.fields(object())


def test_a_required_field_after_a_default_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        @record
        class Wrong:
            a: int = 0
            b: int


# --- the same classes built by dataclasses and by record behave alike ---------------------------------------

_NAMES = ("a", "b", "c", "d", "e")
#: Per field: has a default?, compared?, shown in repr?
_FIELD = st.tuples(st.booleans(), st.booleans(), st.booleans())
_VALUE = st.one_of(st.integers(-3, 3), st.text(max_size=3), st.none())


def _twins(specs: list[tuple[bool, bool, bool]]) -> tuple[type, type]:
    """A frozen dataclass and a record with the same fields (defaults only after the required ones)."""
    specs = sorted(specs, key=lambda spec: spec[0])  # required fields first
    annotations = {name: "Any" for name, _ in zip(_NAMES, specs, strict=False)}

    def namespace(make_field: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"__annotations__": dict(annotations)}
        for name, (has_default, compare, shown) in zip(_NAMES, specs, strict=False):
            body[name] = make_field(default=0, compare=compare, repr=shown) if has_default else \
                make_field(compare=compare, repr=shown)
        return body

    standard = dataclasses.dataclass(frozen=True)(type("Twin", (), namespace(dataclasses.field)))
    ours = record(type("Twin", (), namespace(field)))
    return standard, ours


def _outcome(cls: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[str, Any]:
    try:
        made = cls(*args, **kwargs)
    except TypeError:
        return "TypeError", None
    return "made", made


@given(specs=st.lists(_FIELD, min_size=1, max_size=5), args=st.lists(_VALUE, max_size=6),
       kwargs=st.dictionaries(st.sampled_from((*_NAMES, "zz")), _VALUE, max_size=3),
       other=st.lists(_VALUE, min_size=5, max_size=5))
def test_records_behave_as_frozen_dataclasses(specs: list[tuple[bool, bool, bool]], args: list[Any],
                                              kwargs: dict[str, Any], other: list[Any]) -> None:
    standard, ours = _twins(specs)
    expected, got = _outcome(standard, tuple(args), kwargs), _outcome(ours, tuple(args), kwargs)
    assert expected[0] == got[0]
    if got[1] is None:
        return
    assert repr(got[1]) == repr(expected[1])
    names = [spec.name for spec in dataclasses.fields(standard)]
    assert [spec.name for spec in frozen.fields(ours)] == names
    assert {name: getattr(got[1], name) for name in names} == {name: getattr(expected[1], name) for name in names}
    changed = dict(zip(names, other, strict=False))
    theirs, mine = dataclasses.replace(expected[1], **changed), frozen.replace(got[1], **changed)
    assert (theirs == expected[1]) == (mine == got[1])
    assert hash(mine) == hash(theirs) and hash(got[1]) == hash(expected[1])
    with pytest.raises(AttributeError):
        setattr(mine, names[0], 1)


def test_importing_records_imports_neither_dataclasses_nor_typing() -> None:
    """What the module is for: the records of every command cost no compile and no typing import."""
    probe = ("import sys; import laos_tip.core.model, laos_tip.core.fields, laos_tip.core.records, laos_tip.cli.declaration, laos_tip.core.ratios; "
             "print(sorted({'dataclasses', 'typing', 'inspect'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_from_rows_makes_the_records_init_makes() -> None:
    from laos_tip.core.frozen import from_rows, init_names
    from laos_tip.core.model import Country, FactBase, Figure

    rows = [["arrests", 2024, 95, "s", "95 arrests", "95", None, None, None, False, None, None],
            ["cases", 2023, 7, "s", "7 cases", "seven", "n", None, None, True, "inferred", "about"]]
    assert init_names(Figure)[:3] == ("metric", "period", "value")
    made = from_rows(Figure, [list(row) for row in rows])
    assert made == [Figure(*row) for row in rows]
    assert hash(made[1]) == hash(Figure(*rows[1])) and made[1].apart
    with pytest.raises(FrozenInstanceError):
        made[0].value = 96  # type: ignore[misc]
    with pytest.raises(ValueError):
        from_rows(Country, [["Laos", "LA"]])  # a row short of a field
    base = from_rows(FactBase, [["f.yaml", "0" * 64, (), (), ()]])[0]  # __post_init__ still runs
    assert base.periods() == [] and base.path == "f.yaml"
