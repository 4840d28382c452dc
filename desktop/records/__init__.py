"""What the record and result views show, built from the directory's answers as sent."""

from __future__ import annotations

from desktop.records.results import ResultRow, SearchOutcome

__all__ = ["ResultRow", "SearchOutcome"]
