"""How much of a child's record the directory let a viewer see (DESIGN.md 3.3).

The directory's projection (directory.projection) decides the level; the client shows the
record accordingly. Sent as the `level` of every child view.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    STANDARD = "standard"
    SHIELDED = "shielded"  # the four identifying fields only
    OVERRIDE = "override"  # everything, for this one view, after a justification
    MANAGEMENT = "management"  # everything, for the responsible authority's team
