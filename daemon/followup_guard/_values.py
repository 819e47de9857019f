"""Dataclasses without the start-up cost of generating their methods.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and
(frozen) ``__setattr__`` as source text and compiles it when the module is imported: about
0.5 ms a class, and a cold ``followup-guard check`` imports some twenty of them. Here
``__init__`` is written out in the class and the other methods are shared, with the same
behaviour as the generated ones; the classes stay dataclasses (``fields``, ``replace``,
``asdict`` work), compare and hash alike, and pickle the same way.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, fields
from typing import Any, ClassVar, TypeVar

T = TypeVar("T")


class _Factory:
    """Default of a field with a default factory (the factory runs in ``__init__``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()


class _Base:
    __slots__ = ()
    _field_names: ClassVar[tuple[str, ...]] = ()

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__qualname__}("
            + ", ".join(f"{n}={getattr(self, n)!r}" for n in self._field_names)
            + ")"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            names = self._field_names
            return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
        return NotImplemented


class Value(_Base):
    """Base of a (mutable) ``@dataclass``: eq and repr; unhashable."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]


class FrozenValue(_Base):
    """Base of a ``@dataclass(frozen=True)``: eq, hash and repr; assignments raise."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self._field_names))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def assign(obj: _Base, values: dict[str, Any]) -> None:
    """Set every field of a value object from its ``__init__``'s ``locals()`` in one step
    (frozen ones too: this writes the instance dict, as dataclasses' own frozen init does)."""
    obj.__dict__.update({n: values[n] for n in obj._field_names})


def value(cls: type[T]) -> type[T]:
    """Make ``cls`` (a Value or FrozenValue with its own ``__init__``) a dataclass."""
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    cls._field_names = tuple(f.name for f in fields(cls))  # type: ignore[attr-defined]
    return cls
