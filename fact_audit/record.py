"""A base for the plain data classes that every run creates: fields in `__slots__`, equality and repr by field.

Why not dataclasses: `@dataclass` writes and execs each class's methods when the module is imported. With the
~25 classes on the path of `fact-audit score`, that was ~7 ms of every start — a fifth of the tool's own
start-up budget (issue 8). These classes write their `__init__` by hand and inherit the rest from here. Slots
without `__getstate__` also unpickle in C, which keeps the rubric cache and process-pool hand-offs cheap.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Fields are the subclass's `__slots__`; those named in `_derived` (caches) are left out of == and repr."""

    __slots__ = ()
    _derived: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__ if name not in self._derived)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__ if name not in self._derived)
        return f"{type(self).__name__}({shown})"


class Value(Record):
    """A record that is never changed after it is built, so it can be a dict key or a set member."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._fields())
