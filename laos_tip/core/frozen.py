"""Frozen records: immutable classes declared by their annotated fields, as with frozen dataclasses.

Every laos-tip command builds its records (sources, figures, ratios, parameters ...) at start-up.
The standard ``dataclasses`` decorator writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and ``__setattr__`` as source text and compiles it, about 1 ms a class on the project's
2-core machine, and importing it imports ``inspect`` (with ``ast``, ``dis`` and ``tokenize``): for the
two dozen classes here, about 30 ms of every call, as much as loading the whole fact file
(benchmarks/README.md). ``record`` gives the same classes without compiling anything: their methods
are shared functions that read the class's list of fields.

What it supports is what laos-tip uses: arguments by position or keyword in declaration order;
defaults and ``field(default_factory=...)``; ``field(init=False)`` for an attribute that
``__post_init__`` sets; ``repr=False`` and ``compare=False``; equality and hashing over the compared
fields; ``replace`` and ``fields``. Assigning an attribute raises ``FrozenInstanceError``, an
``AttributeError``, as on a frozen dataclass. mypy reads ``record`` as a frozen dataclass
(``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (benchmarks/README.md)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform

    _T = TypeVar("_T")
else:
    def dataclass_transform(**_options):  # for mypy only: nothing to do at run time
        return lambda decorator: decorator


class FrozenInstanceError(AttributeError):
    """An attempt to assign or delete an attribute of a record."""


_MISSING: Any = object()


class Field:
    """One declared field of a record: its name, default, and whether ``__init__``, repr and equality use it."""

    __slots__ = ("name", "default", "default_factory", "init", "repr", "compare")

    def __init__(self, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None,
                 init: bool = True, repr: bool = True, compare: bool = True) -> None:
        if default is not _MISSING and default_factory is not None:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.compare = compare

    @property
    def has_default(self) -> bool:
        return self.default is not _MISSING or self.default_factory is not None

    def default_value(self) -> Any:
        return self.default_factory() if self.default_factory is not None else self.default

    def __repr__(self) -> str:
        return f"Field(name={self.name!r})"


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None, init: bool = True,
          repr: bool = True, compare: bool = True) -> Any:
    """Declare a field with options, as ``dataclasses.field`` does (same names, same meaning)."""
    return Field(default, default_factory, init, repr, compare)


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: type[_T]) -> type[_T]:
    """Make ``cls`` a frozen record of the fields its own annotations declare (see the module's docstring)."""
    own = set(cls.__dict__)
    declared: list[Field] = list(getattr(cls, "__record_fields__", ()))  # a base record's fields come first
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.startswith(("ClassVar", "typing.ClassVar")):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, Field) else Field(default=value)
        spec.name = name
        if spec.default is not _MISSING:
            setattr(cls, name, spec.default)  # as dataclasses: the class attribute is the default
        elif name in cls.__dict__:
            delattr(cls, name)
        declared = [known for known in declared if known.name != name] + [spec]
    accepted = [spec for spec in declared if spec.init]
    for before, after in zip(accepted, accepted[1:], strict=False):
        if before.has_default and not after.has_default:
            raise TypeError(f"non-default argument {after.name!r} follows default argument in {cls.__name__}")
    made: Any = cls
    made.__record_fields__ = tuple(declared)
    made.__record_init__ = tuple((spec.name, spec.default, spec.default_factory) for spec in accepted)
    made.__record_later__ = tuple(spec for spec in declared if not spec.init and spec.has_default)
    made.__record_compared__ = tuple(spec.name for spec in declared if spec.compare)
    made.__record_shown__ = tuple(spec.name for spec in declared if spec.repr)
    made.__record_post_init__ = getattr(cls, "__post_init__", None)
    for name, method in (("__init__", _init), ("__repr__", _repr), ("__eq__", _eq), ("__hash__", _hash),
                         ("__setattr__", _setattr), ("__delattr__", _delattr)):
        # As dataclasses: a method the class writes itself is kept; a class with its own
        # equality keeps its own hashing (or none).
        if name not in own and not (name == "__hash__" and "__eq__" in own):
            setattr(cls, name, method)
    return cls


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    accepted = cls.__record_init__
    if len(args) > len(accepted):
        raise TypeError(f"{cls.__name__}() takes {len(accepted)} positional arguments but {len(args)} were given")
    values = self.__dict__
    for (name, _default, _factory), value in zip(accepted, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{cls.__name__}() got multiple values for argument {name!r}")
        values[name] = value
    taken = len(args)
    for name, default, factory in accepted[taken:]:
        if name in kwargs:
            values[name] = kwargs[name]
            taken += 1
        elif default is not _MISSING:
            values[name] = default
        elif factory is not None:
            values[name] = factory()
        else:
            raise TypeError(f"{cls.__name__}() missing required argument: {name!r}")
    if taken != len(args) + len(kwargs):
        unknown = sorted(set(kwargs) - {name for name, _, _ in accepted})
        raise TypeError(f"{cls.__name__}() got an unexpected keyword argument {unknown[0]!r}")
    for spec in cls.__record_later__:
        values[spec.name] = spec.default_value()
    post_init = cls.__record_post_init__
    if post_init is not None:
        post_init(self)


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _key(self: Any) -> tuple[Any, ...]:
    return tuple(getattr(self, name) for name in type(self).__record_compared__)


def _eq(self: Any, other: object) -> object:  # bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash(_key(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def init_names(cls: type) -> tuple[str, ...]:
    """The names of the fields ``__init__`` takes, in order: the columns ``from_rows`` reads."""
    return tuple(name for name, _, _ in cls.__record_init__)  # type: ignore[attr-defined]


def from_rows(cls: type[_T], rows: Iterable[Sequence[Any]]) -> list[_T]:
    """Records of ``cls`` made from rows of their ``init_names`` values, as ``cls(*row)`` makes them.

    For rows a record wrote itself (``factfile/snapshot.py``): a row must hold every field, in order; it
    is not checked as ``__init__`` checks its arguments. A class that sets fields after ``__init__`` or
    has ``__post_init__`` is made through ``__init__``, so its own steps still run.
    """
    made: Any = cls
    if made.__record_later__ or made.__record_post_init__ is not None:
        return [cls(*row) for row in rows]
    names = init_names(cls)
    new = object.__new__
    built: list[_T] = []
    append = built.append
    for row in rows:
        item: Any = new(cls)
        item.__dict__.update(zip(names, row, strict=True))  # a row too short or too long: ValueError
        append(item)
    return built


def fields(record_or_class: Any) -> tuple[Field, ...]:
    """The declared fields of a record or record class, in declaration order."""
    declared: tuple[Field, ...] | None = getattr(record_or_class, "__record_fields__", None)
    if declared is None:
        raise TypeError(f"{record_or_class!r} is not a record")
    return declared


def is_record(value: object) -> bool:
    """Whether ``value`` is a record or a record class."""
    return hasattr(value, "__record_fields__")


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of the record ``obj`` with the fields named in ``changes`` set to new values."""
    for spec in fields(obj):
        if not spec.init:
            if spec.name in changes:
                raise ValueError(f"field {spec.name!r} is set by the record itself and cannot be replaced")
            continue
        if spec.name not in changes:
            changes[spec.name] = getattr(obj, spec.name)
    return type(obj)(**changes)
