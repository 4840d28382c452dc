"""What a viewer observes of a response, normalised so that two worlds' answers compare.

An Observation is a response's status, the headers that carry meaning and the JSON body,
with three things taken out, each for a stated reason:

* correlation ids (the X-Correlation-ID header and the body's "correlation_id") are fresh
  random values per request, chosen before the request is read;
* instants (ISO 8601 date-times with a time of day) come from the clock, which the tests
  fix anyway; dates without a time are data (dates of birth, start dates) and stay;
* opaque random handles (22 characters of URL-safe base64, `secrets.token_urlsafe(16)`)
  and request references ("CON-7K3MQ-9XDA2", directory.actions.references) are renamed, in
  the order they first appear over the whole request sequence of one world, to
  <handle 1>, <handle 2>, ... and <reference 1>, ...; the renaming is consistent within a
  world, so two worlds compare equal only if their handles correspond one to one.

Renaming handles is sound because a random handle carries no information but its identity:
it is drawn independently of everything stored, so any one-to-one relabelling of the handles
of a run is an equally likely run. What a viewer can learn from a handle is only whether two
occurrences name the same thing, and consistent renaming keeps exactly that. Integers (and
every other value, including a ContactPoint ID) are compared as they are: an integer id is
allocated in order, so its value says how many rows were allocated before it, which is
precisely the leak (an involvement id gap) this comparison must see. Renaming integers would
erase it.

Renaming is done on substrings too, so a handle or reference quoted in a sentence or a
header is renamed where it stands. Anything else of 22 URL-safe characters would be renamed
as well; the test data has no such names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

# Headers that differ by design (correlation id, server clock) or follow the body (length).
IGNORED_HEADERS = frozenset({"x-correlation-id", "date", "content-length"})
_BASE64URL = "A-Za-z0-9_-"
HANDLE = re.compile(rf"(?<![{_BASE64URL}])[{_BASE64URL}]{{22}}(?![{_BASE64URL}])")
REFERENCE = re.compile(r"\b[A-Z]{3}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}\b")
INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
CORRELATION_ID = "<correlation id>"
TIME = "<time>"


@dataclass(frozen=True)
class Observation:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: Any


@dataclass
class Renaming:
    """One world's renaming of random values, in order of first appearance."""

    names: dict[str, str] = field(default_factory=dict)

    def _rename(self, kind: str, value: str) -> str:
        if value not in self.names:
            count = sum(1 for name in self.names.values() if name.startswith(f"<{kind} "))
            self.names[value] = f"<{kind} {count + 1}>"
        return self.names[value]

    def text(self, value: str) -> str:
        value = INSTANT.sub(TIME, value)
        value = REFERENCE.sub(lambda m: self._rename("reference", m.group()), value)
        return HANDLE.sub(lambda m: self._rename("handle", m.group()), value)

    def value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: CORRELATION_ID if k == "correlation_id" else self.value(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def observe(self, response: httpx.Response) -> Observation:
        headers = tuple(
            sorted(
                (name.lower(), self.text(value))
                for name, value in response.headers.items()
                if name.lower() not in IGNORED_HEADERS
            )
        )
        try:
            body: Any = response.json()
        except json.JSONDecodeError:
            body = response.text
        return Observation(response.status_code, headers, self.value(body))


def first_difference(
    steps: list[str], left: list[Observation], right: list[Observation]
) -> str | None:
    """The first step whose observations differ, described for a person; None if none."""
    for index, (step, a, b) in enumerate(zip(steps, left, right, strict=True)):
        if a != b:
            return (
                f"step {index + 1}, {step}:\n"
                f"  world A: {a.status} {dict(a.headers)} {json.dumps(a.body)}\n"
                f"  world B: {b.status} {dict(b.headers)} {json.dumps(b.body)}"
            )
    return None
