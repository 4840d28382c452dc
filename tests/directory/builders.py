"""Build stored records for directory tests through the schema, one child at a time.

Names are synthetic and obviously so; each test states only the fields it is about.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from directory import cpid
from directory.handles import new_handle
from directory.indexing import NameForIndex, entries_for_child
from directory.schema import (
    carer,
    child,
    child_carer,
    former_name,
    involvement,
    local_authority,
    organisation,
    search_entry,
)

TODAY = dt.date(2026, 6, 15)


def cp_id_for(body: int) -> str:
    """The well-formed ContactPoint ID whose eleven digits are `body`, for tests that need
    a fixed ID (the directory's issuer draws them at random)."""
    return cpid.draw(lambda _: body)


LA_NORTH = "E08000035"
LA_SOUTH = "E06000023"


@dataclass
class World:
    """A small directory: two authorities, a school, a GP, two services, one sensitive."""

    engine: Engine
    school_id: int = 1
    gp_id: int = 2
    service_id: int = 3
    sensitive_service_id: int = 4
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def setup(self) -> World:
        with self.engine.begin() as conn:
            conn.execute(
                local_authority.insert(),
                [
                    {
                        "code": LA_NORTH,
                        "name": "Northtown",
                        "office_hours_phone": "0113 496 0001",
                        "out_of_hours_phone": "0113 496 0002",
                        "postcode_area": "LS",
                    },
                    {
                        "code": LA_SOUTH,
                        "name": "Southport",
                        "office_hours_phone": "0117 496 0001",
                        "out_of_hours_phone": "0117 496 0002",
                        "postcode_area": "BS",
                    },
                ],
            )
            # executemany takes its columns from the first row, so every row names
            # sensitive_category, or the clinic's would be silently dropped.
            conn.execute(
                organisation.insert(),
                [
                    {
                        "id": 1,
                        "kind": "school",
                        "name": "Zzschool Primary",
                        "local_authority": LA_NORTH,
                        "phone": "0113 496 0100",
                        "sensitive_category": None,
                    },
                    {
                        "id": 2,
                        "kind": "gp_practice",
                        "name": "Zzgp Surgery",
                        "local_authority": LA_NORTH,
                        "phone": "0113 496 0200",
                        "sensitive_category": None,
                    },
                    {
                        "id": 3,
                        "kind": "service",
                        "name": "Zzhealth Visiting",
                        "local_authority": LA_NORTH,
                        "phone": "0113 496 0300",
                        "sensitive_category": None,
                    },
                    {
                        "id": 4,
                        "kind": "service",
                        "name": "Zzsexual Health Clinic",
                        "local_authority": LA_NORTH,
                        "phone": "0113 496 0400",
                        "sensitive_category": "sexual_health",
                    },
                ],
            )
        return self

    def _next(self, conn: Connection, table: Any, column: str = "id") -> int:
        current = conn.execute(select(func.max(table.c[column]))).scalar()
        return int(current or 0) + 1

    def add_child(
        self,
        family_name: str = "Testerson",
        given_name: str = "Alpha",
        date_of_birth: dt.date = dt.date(2015, 3, 7),
        gender: str = "female",
        postcode: str | None = "LS6 2AB",
        responsible_la: str = LA_NORTH,
        shielded: bool = False,
        former: tuple[str, str] | None = None,
        date_of_death: dt.date | None = None,
        archived_on: dt.date | None = None,
        sensitive: bool = False,
        carer_name: tuple[str, str] = ("Carerson", "Pat"),
    ) -> str:
        with self.engine.begin() as conn:
            cp_id = cpid.issue(conn, TODAY)
            child_id = self._next(conn, child)
            conn.execute(
                child.insert().values(
                    id=child_id,
                    cp_id=cp_id,
                    family_name=family_name,
                    given_name=given_name,
                    date_of_birth=date_of_birth,
                    gender=gender,
                    address_line1="1 Zzaddress Street" if postcode else None,
                    town="Zztown" if postcode else None,
                    postcode=postcode,
                    address_state="current" if postcode else "no_known_address",
                    date_of_death=date_of_death,
                    responsible_la=responsible_la,
                    school_id=self.school_id,
                    school_start_date=dt.date(2020, 9, 1),
                    gp_id=self.gp_id,
                    shielded_since=dt.date(2026, 1, 1) if shielded else None,
                    shielded_by="Zzofficer" if shielded else None,
                    shield_reason="domestic_violence" if shielded else None,
                    shield_review_date=dt.date(2026, 7, 1) if shielded else None,
                    archived_on=archived_on,
                )
            )
            names = [NameForIndex(family_name, given_name, former=False)]
            if former is not None:
                conn.execute(
                    former_name.insert().values(
                        id=self._next(conn, former_name),
                        child_id=child_id,
                        family_name=former[0],
                        given_name=former[1],
                    )
                )
                names.append(NameForIndex(former[0], former[1], former=True))
            first = self._next(conn, search_entry)
            rows = entries_for_child(child_id, names, date_of_birth, gender, postcode)
            conn.execute(search_entry.insert(), [dict(r, id=first + i) for i, r in enumerate(rows)])
            carer_id = self._next(conn, carer)
            conn.execute(
                carer.insert().values(
                    id=carer_id,
                    family_name=carer_name[0],
                    given_name=carer_name[1],
                    phone="07700 900001",
                )
            )
            conn.execute(
                child_carer.insert().values(
                    child_id=child_id,
                    carer_id=carer_id,
                    relationship="mother",
                    parental_responsibility=True,
                )
            )
            inv = self._next(conn, involvement)
            conn.execute(
                involvement.insert().values(
                    id=inv,
                    handle=new_handle(),
                    child_id=child_id,
                    organisation_id=self.service_id,
                    practitioner_name="Zzhealth Visitor",
                    practitioner_role="health visitor",
                    phone="0113 496 0301",
                    start_date=dt.date(2024, 1, 1),
                    lead_professional=True,
                    caf=False,
                )
            )
            if sensitive:
                conn.execute(
                    involvement.insert().values(
                        id=inv + 1,
                        handle=new_handle(),
                        child_id=child_id,
                        organisation_id=self.sensitive_service_id,
                        practitioner_name="Zzsensitive Nurse",
                        practitioner_role="nurse",
                        phone="0113 496 0401",
                        start_date=dt.date(2025, 1, 1),
                        lead_professional=False,
                        caf=False,
                        sensitive_category="sexual_health",
                        consent_basis="child_consent",
                    )
                )
        return cp_id
