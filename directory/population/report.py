"""What a population run did, in counts only: safe to print and to log."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PopulationReport:
    children: int
    carers: int
    involvements: int
    shielded: int
    sensitive_involvements: int
    archived: int
    deceased: int
    left_england: int
    former_names: int
    search_entries: int
    seconds: float

    def summary(self) -> str:
        rate = self.children / self.seconds if self.seconds > 0 else 0.0
        return (
            f"populated {self.children:,} children ({self.carers:,} carers,"
            f" {self.involvements:,} involvements, {self.sensitive_involvements:,} sensitive)"
            f" in {self.seconds:.1f}s ({rate:,.0f} children/s);"
            f" shielded {self.shielded:,}, archived {self.archived:,},"
            f" deceased {self.deceased:,}, left England {self.left_england:,},"
            f" former names {self.former_names:,}, search entries {self.search_entries:,}"
        )
