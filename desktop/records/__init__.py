"""What the record and result views show, built from the directory's answers as sent."""

from __future__ import annotations

from contract.levels import Level as RecordLevel  # the contract's levels, as the views name them
from desktop.records.model import (
    Address,
    Authority,
    Carer,
    FormerName,
    Involvement,
    Organisation,
    RecordModel,
    Shield,
)
from desktop.records.results import ResultRow, SearchOutcome

__all__ = [
    "Address",
    "Authority",
    "Carer",
    "FormerName",
    "Involvement",
    "Organisation",
    "RecordLevel",
    "RecordModel",
    "ResultRow",
    "SearchOutcome",
    "Shield",
]
