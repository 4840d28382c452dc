"""What an end-to-end session may leave on disk: the users' encrypted caches, which do not
open without the token, and no synthetic value of the training scenarios anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def personal_data(manifest: dict[str, Any]) -> set[str]:
    """Every synthetic name, date of birth, postcode and carer of the scenario children."""
    found: set[str] = set()
    for child in _children(manifest["scenarios"]):
        found.update((child["family_name"], child["given_name"], child["date_of_birth"]))
        found.update(child["carers"])
        if child["postcode"]:
            found.add(child["postcode"])
    return {value for value in found if len(value) >= 4}


def forbidden_in_reports(manifest: dict[str, Any]) -> set[str]:
    """What no report or log may hold: personal_data, each date of birth also as typed,
    each ContactPoint ID plain and as shown (grouped), and every training PIN."""
    values = personal_data(manifest)
    for child in _children(manifest["scenarios"]):
        year, month, day = child["date_of_birth"].split("-")
        cp_id = child["cp_id"]
        values |= {f"{day}/{month}/{year}", cp_id, f"{cp_id[:4]} {cp_id[4:8]} {cp_id[8:]}"}
    return values | {user["pin"] for user in manifest["users"]}


def _children(scenarios: dict[str, Any]) -> list[dict[str, Any]]:
    children: list[dict[str, Any]] = []
    for value in scenarios.values():
        children.extend(value if isinstance(value, list) else [value])
    return children


def assert_no_personal_data(files: list[Path], values: set[str]) -> None:
    leaks = []
    for path in files:
        content = path.read_bytes()
        lowered = content.lower()
        wide = content.decode("utf-16-le", errors="ignore").lower()
        for value in values:
            needle = value.lower()
            if needle.encode() in lowered or needle in wide:
                leaks.append(f"{path.name}: a synthetic value of the scenarios")
    assert not leaks, leaks


def assert_unreadable_without_the_token(cache: Path) -> None:
    import sqlite3

    import sqlcipher3

    with pytest.raises(sqlite3.DatabaseError):
        plain = sqlite3.connect(cache)
        try:
            plain.execute("SELECT count(*) FROM sqlite_master").fetchall()
        finally:
            plain.close()
    keyless = sqlcipher3.connect(str(cache))
    try:
        with pytest.raises(sqlcipher3.DatabaseError):
            keyless.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        keyless.close()
