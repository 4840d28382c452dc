"""The one place the client reads a directory answer: typed access to a JSON object.

Every answer's JSON is read through a Reader, which checks each field's type as it is
taken and raises ShapeError naming the field by its path (`involvements[2].start_date`)
but never quoting its value: values are personal data, and an exception can reach a log.

    r = Reader(body, "session")
    token = r.text("token")
    user = r.section("user")            # a Reader for the nested object, errors say user.x
    roles = r.texts("roles")

A missing field and a null are read the same way: the directory leaves out what a viewer
may not see, so `optional_*` give None for both, and the required readers refuse both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any, TypeVar

_T = TypeVar("_T")
_E = TypeVar("_E", bound=StrEnum)


class ShapeError(ValueError):
    """A JSON body is not of the documented shape; the message names the field, not its value."""


class Reader:
    """Typed access to one JSON object called `name` in error messages."""

    def __init__(self, body: object, name: str, *, _prefix: str = "") -> None:
        if not isinstance(body, Mapping):
            raise ShapeError(f"'{name}' is not a JSON object.")
        self._body: Mapping[str, Any] = body
        self._prefix = _prefix

    def _where(self, key: str) -> str:
        return f"{self._prefix}{key}"

    def present(self, key: str) -> bool:
        return self._body.get(key) is not None

    def _value(self, key: str, kinds: tuple[type, ...], what: str) -> Any:
        value = self._body.get(key)
        # bool is an int to isinstance: true must not pass for an id, nor 1 for a flag.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise ShapeError(f"'{self._where(key)}' is missing or not {what}.")
        return value

    def fields(self) -> dict[str, Any]:
        """The whole object as sent (a shallow copy), for answers passed on as they are."""
        return dict(self._body)

    def text(self, key: str) -> str:
        value: str = self._value(key, (str,), "text")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.present(key) else None

    def number(self, key: str) -> int:
        value: int = self._value(key, (int,), "a whole number")
        return value

    def real(self, key: str) -> float:
        return float(self._value(key, (int, float), "a number"))

    def flag(self, key: str) -> bool:
        value: bool = self._value(key, (bool,), "true or false")
        return value

    def code(self, key: str, kind: type[_E]) -> _E:
        """One of the documented codes of `kind` (a StrEnum); any other text is refused."""
        try:
            return kind(self.text(key))
        except ValueError:
            raise ShapeError(f"'{self._where(key)}' is not one of the documented codes.") from None

    def texts(self, key: str) -> tuple[str, ...]:
        items = self._value(key, (list,), "a list")
        if not all(isinstance(item, str) for item in items):
            raise ShapeError(f"'{self._where(key)}' is not a list of text.")
        return tuple(items)

    def date(self, key: str) -> dt.date:
        text: str = self._value(key, (str,), "an ISO date")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ShapeError(f"'{self._where(key)}' is not an ISO date.") from None

    def optional_date(self, key: str) -> dt.date | None:
        return self.date(key) if self.present(key) else None

    def instant(self, key: str) -> dt.datetime:
        """An ISO 8601 date and time with its time zone (a naive one is refused)."""
        text: str = self._value(key, (str,), "an ISO 8601 instant")
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ShapeError(f"'{self._where(key)}' is not an ISO 8601 instant.") from None
        if value.tzinfo is None:
            raise ShapeError(f"'{self._where(key)}' has no time zone.")
        return value

    def section(self, key: str) -> Reader:
        where = self._where(key)
        return Reader(self._body.get(key), where, _prefix=f"{where}.")

    def optional_section(self, key: str, build: Callable[[Reader], _T]) -> _T | None:
        return build(self.section(key)) if self.present(key) else None

    def items(self, key: str, build: Callable[[Reader], _T]) -> tuple[_T, ...]:
        """Each object of the list `key`, read by `build`; errors say key[i].field."""
        listed = self._value(key, (list,), "a list")
        where = self._where(key)
        return tuple(
            build(Reader(item, f"{where}[{i}]", _prefix=f"{where}[{i}]."))
            for i, item in enumerate(listed)
        )

    def optional_items(self, key: str, build: Callable[[Reader], _T]) -> tuple[_T, ...] | None:
        return self.items(key, build) if self.present(key) else None
