"""BENCHMARKS.md is written a section at a time: `--only NAME` rewrites one, keeps the rest."""

from __future__ import annotations


def replace_section(document: str, heading: str, section: list[str]) -> str:
    """`document` with the section under `heading` replaced by `section` (or added at the
    end); the section runs to the next heading of the same level."""
    before, _, rest = document.partition(heading)
    after = ""
    if rest:
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
    return before.rstrip("\n") + "\n\n" + "\n".join(section) + ("\n" + after if after else "")
