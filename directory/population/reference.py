"""Reference data — authorities and organisations — written once and looked up after.

A second population run, or a directory whose organisations were created by other means,
must reuse what is there: organisations are matched on (kind, authority, name) and only
the missing ones are inserted, with ids after the current maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select, text

from directory import schema
from directory.database import is_postgres
from directory.population.places import AUTHORITIES, Authority, OrganisationSpec, organisations


@dataclass(frozen=True, slots=True)
class Organisation:
    id: int
    spec: OrganisationSpec


@dataclass(slots=True)
class LocalOrganisations:
    """What one authority offers a child: schools, practices and services by key."""

    primary: list[Organisation] = field(default_factory=list)
    secondary: list[Organisation] = field(default_factory=list)
    gp: list[Organisation] = field(default_factory=list)
    services: dict[str, Organisation] = field(default_factory=dict)

    def add(self, org: Organisation) -> None:
        role = org.spec.role
        if role == "primary":
            self.primary.append(org)
        elif role == "secondary":
            self.secondary.append(org)
        elif role == "gp":
            self.gp.append(org)
        else:
            self.services[role] = org


Catalogue = dict[str, LocalOrganisations]  # keyed by authority code


def ensure_reference_data(conn: Connection) -> Catalogue:
    _ensure_authorities(conn)
    existing = {
        (row.kind, row.local_authority, row.name): int(row.id)
        for row in conn.execute(
            select(
                schema.organisation.c.id,
                schema.organisation.c.kind,
                schema.organisation.c.local_authority,
                schema.organisation.c.name,
            ).order_by(schema.organisation.c.id)
        )
    }
    next_id = (
        int(conn.execute(select(func.coalesce(func.max(schema.organisation.c.id), 0))).scalar_one())
        + 1
    )
    catalogue: Catalogue = {}
    missing: list[dict[str, object]] = []
    for la in AUTHORITIES:
        local = catalogue.setdefault(la.code, LocalOrganisations())
        for spec in organisations(la):
            org_id = existing.get(spec.key)
            if org_id is None:
                org_id, next_id = next_id, next_id + 1
                missing.append(_organisation_row(org_id, spec))
            local.add(Organisation(org_id, spec))
    if missing:
        conn.execute(schema.organisation.insert(), missing)
        if is_postgres(conn.engine):
            # Ids were chosen here, so the serial's sequence must be moved past them or
            # the next organisation created through the API would collide.
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('organisation', 'id'),"
                    " (SELECT max(id) FROM organisation))"
                )
            )
    return catalogue


def _ensure_authorities(conn: Connection) -> None:
    present = set(conn.execute(select(schema.local_authority.c.code)).scalars())
    rows = [_authority_row(la) for la in AUTHORITIES if la.code not in present]
    if rows:
        conn.execute(schema.local_authority.insert(), rows)


def _authority_row(la: Authority) -> dict[str, object]:
    office, out_of_hours = la.phones.value, la.phones.value
    return {
        "code": la.code,
        "name": la.name,
        # Fixed ends inside the drama block, so the management numbers are memorable.
        "office_hours_phone": f"{office}100",
        "out_of_hours_phone": f"{out_of_hours}999",
        "postcode_area": la.postcode_area,
    }


def _organisation_row(org_id: int, spec: OrganisationSpec) -> dict[str, object]:
    return {
        "id": org_id,
        "kind": spec.kind,
        "name": spec.name,
        "local_authority": spec.local_authority,
        "phone": spec.phone,
        "email": spec.email,
        "address": spec.address,
        "postcode": spec.postcode,
        "sensitive_category": spec.sensitive_category,
    }
