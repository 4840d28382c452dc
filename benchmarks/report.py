"""BENCHMARKS.md in sections: `--only NAME` rewrites its own section and keeps the rest."""

from __future__ import annotations


def replace_section(document: str, heading: str, section: list[str]) -> str:
    """The document with the section under `heading` (a "## " line, up to the next one)
    replaced by `section`, or `section` added at the end."""
    before, _, rest = document.partition(heading)
    after = ""
    if rest:
        following = rest.find("\n## ")
        after = rest[following + 1 :] if following >= 0 else ""
    return before.rstrip("\n") + "\n\n" + "\n".join(section) + ("\n" + after if after else "")
