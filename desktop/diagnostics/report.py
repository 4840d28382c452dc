"""The support report's shape: sections of named values, as text or as JSON.

Each section says whether what it found needs the helpdesk's eye (`ok`), so that the
text can mark it and a script reading the JSON can find it without parsing sentences.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[tuple[str, str], ...]
    ok: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    sections: tuple[Section, ...]
    made_at: dt.datetime

    @property
    def ok(self) -> bool:
        return all(section.ok for section in self.sections)

    def text(self) -> str:
        lines = [f"ContactPoint support report, {self.made_at.isoformat(timespec='seconds')}"]
        for section in self.sections:
            mark = "" if section.ok else "  [look here]"
            lines += ["", f"== {section.title}{mark}"]
            width = max((len(name) for name, _ in section.items), default=0)
            lines += [f"  {name:<{width}}  {value}" for name, value in section.items]
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data: dict[str, Any] = {
            "made_at": self.made_at.isoformat(timespec="seconds"),
            "ok": self.ok,
            "sections": [
                {"title": s.title, "ok": s.ok, "items": [list(item) for item in s.items]}
                for s in self.sections
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
