"""Two directories that differ only in what one viewer may not see, built the same way.

A `Population` is what both worlds hold; `Hidden` is what world B holds besides: archived
children, involvements the viewer may not see (a sensitive service's, or any on a shielded
or archived child), and different hidden fields of a shielded child (its postcode, carer and
shield reason). Each hidden item carries the place in the build at which it is written, so
that a hidden row can land between two visible ones, as it does in the real directory.

Children are written here, through the schema, with the ContactPoint ID their spec names:
an ID is something a viewer may know, so a visible child has the same one in both worlds
(World.add_child in builders.py draws the next serial, and would give it another).
Involvements are written through directory.actions.add_involvement, the code path the API
uses, by practitioners of the organisations below; the viewer then signs in over HTTP.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TypeVar

from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, func, select, update

from contract.messages import login_message
from directory import Role, Viewer, actions, cpid
from directory.api import ApiSettings, create_app
from directory.database import connect, migrate
from directory.indexing import NameForIndex, entries_for_child
from directory.schema import carer, child, child_carer, issued_id, organisation, search_entry
from tests.conftest import temporary_postgres_database
from tests.directory.builders import LA_NORTH, TODAY, World
from tests.directory.pki import NOW, ORIGIN, TestCA, enrol

Backend = Literal["sqlite", "postgres"]
Side = Literal["A", "B"]

# Organisations 1-4 come from builders.World (4 is the sexual health clinic); two more: a
# service that is not sensitive, and a second sensitive service, so that a viewer can work
# for a sensitive service that is not the one whose involvements are hidden.
YOUTH_SERVICE, MENTAL_HEALTH = 5, 6
SENSITIVE_ORGANISATIONS = {4: "sexual_health", MENTAL_HEALTH: "mental_health"}
AUTHORS = {
    "colleague": Viewer("user:zz-colleague", frozenset({Role.PRACTITIONER}), organisation_id=3),
    "youth": Viewer("user:zz-youth", frozenset({Role.PRACTITIONER}), organisation_id=5),
    "clinic": Viewer("user:zz-clinic", frozenset({Role.PRACTITIONER}), organisation_id=4),
    "therapist": Viewer("user:zz-therapist", frozenset({Role.PRACTITIONER}), organisation_id=6),
}
# The viewers whose requests are compared: (roles, organisation).
VIEWERS = {
    "practitioner": ("practitioner", 3),
    "sensitive_service": ("practitioner", MENTAL_HEALTH),
    "override": ("practitioner,override", 3),
}
ARCHIVED_ON = TODAY - dt.timedelta(days=30)
T = TypeVar("T")


@dataclass(frozen=True)
class Kid:
    serial: int  # names the child's ContactPoint ID (cp_id) and its issued_id row
    family_name: str
    given_name: str
    date_of_birth: dt.date
    gender: str
    postcode: str
    shielded: bool = False
    carer: str = "Carerson"
    shield_reason: str = "domestic_violence"

    @property
    def cp_id(self) -> str:
        return cp_id_for(self.serial)


@dataclass(frozen=True)
class Work:
    """An involvement, written by one of AUTHORS on a child (an index into all_children)."""

    author: str
    child: int
    start_date: dt.date
    lead: bool = False


@dataclass(frozen=True)
class Secret:
    """World B's hidden fields of shielded child `child` (a base child's index)."""

    child: int
    postcode: str
    carer: str
    shield_reason: str


@dataclass(frozen=True)
class Population:
    children: tuple[Kid, ...]
    work: tuple[Work, ...]


@dataclass(frozen=True)
class Hidden:
    """World B's extras; each position counts the base items written before it."""

    children: tuple[tuple[int, Kid], ...]  # archived once everything is written
    work: tuple[tuple[int, Work], ...]
    secrets: tuple[Secret, ...]


def cp_id_for(body: int) -> str:
    """The well-formed ContactPoint ID whose eleven digits are `body`: a fixed ID, the same
    in both worlds (the directory's issuer is not what is compared here)."""
    digits = f"{body:011d}"
    return digits + cpid.check_digit(digits)


def all_children(population: Population, hidden: Hidden) -> tuple[Kid, ...]:
    """Base children, then hidden ones: the indices Work.child and requests refer to."""
    return population.children + tuple(kid for _, kid in hidden.children)


def hidden_from(viewer: str, work: Work, population: Population) -> bool:
    """Whether `viewer` may not see `work` (so that it may be one of world B's extras)."""
    if work.child >= len(population.children) or population.children[work.child].shielded:
        return True
    organisation_id = AUTHORS[work.author].organisation_id
    return organisation_id in SENSITIVE_ORGANISATIONS and organisation_id != VIEWERS[viewer][1]


def merged(base: tuple[T, ...], extras: tuple[tuple[int, T], ...]) -> list[T]:
    """`base` with each extra written before the base item at its position, in order."""
    out: list[T] = []
    pending = sorted(enumerate(extras), key=lambda e: (e[1][0], e[0]))
    for index, item in enumerate(base):
        while pending and pending[0][1][0] <= index:
            out.append(pending.pop(0)[1][1])
        out.append(item)
    out.extend(extra for _, (_, extra) in pending)
    return out


@dataclass
class Served:
    """One world, served in-process, with the viewer signed in."""

    engine: Engine
    client: TestClient
    headers: dict[str, str]


def _next_id(conn: Connection, column: object) -> int:
    return int(conn.scalar(select(func.max(column))) or 0) + 1  # type: ignore[arg-type]


def _insert_child(conn: Connection, kid: Kid) -> None:
    child_id = _next_id(conn, child.c.id)
    conn.execute(issued_id.insert().values(serial=kid.serial, cp_id=kid.cp_id, issued_on=TODAY))
    conn.execute(
        child.insert().values(
            id=child_id,
            cp_id=kid.cp_id,
            family_name=kid.family_name,
            given_name=kid.given_name,
            date_of_birth=kid.date_of_birth,
            gender=kid.gender,
            address_line1="1 Zzaddress Street",
            town="Zztown",
            postcode=kid.postcode,
            address_state="current",
            responsible_la=LA_NORTH,
            school_id=1,
            school_start_date=dt.date(2020, 9, 1),
            gp_id=2,
            shielded_since=dt.date(2026, 1, 1) if kid.shielded else None,
            shielded_by="Zzofficer" if kid.shielded else None,
            shield_reason=kid.shield_reason if kid.shielded else None,
            shield_review_date=dt.date(2026, 7, 1) if kid.shielded else None,
        )
    )
    names = [NameForIndex(kid.family_name, kid.given_name, former=False)]
    first = _next_id(conn, search_entry.c.id)
    rows = entries_for_child(child_id, names, kid.date_of_birth, kid.gender, kid.postcode)
    conn.execute(search_entry.insert(), [dict(r, id=first + i) for i, r in enumerate(rows)])
    carer_id = _next_id(conn, carer.c.id)
    conn.execute(
        carer.insert().values(
            id=carer_id, family_name=kid.carer, given_name="Pat", phone="07700 900001"
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


def _write_work(engine: Engine, work: Work, kids: tuple[Kid, ...]) -> None:
    author = AUTHORS[work.author]
    sensitive = author.organisation_id in SENSITIVE_ORGANISATIONS
    actions.add_involvement(
        engine,
        author,
        kids[work.child].cp_id,
        actions.NewInvolvement(
            practitioner_role="key worker",
            phone="0113 496 0500",
            start_date=work.start_date,
            lead_professional=work.lead,
            consent_basis="child_consent" if sensitive else None,
        ),
        now=NOW,
        correlation_id="build",
    )


def _with_secrets(population: Population, secrets: tuple[Secret, ...]) -> tuple[Kid, ...]:
    kids = list(population.children)
    for secret in secrets:
        kids[secret.child] = replace(
            kids[secret.child],
            postcode=secret.postcode,
            carer=secret.carer,
            shield_reason=secret.shield_reason,
        )
    return tuple(kids)


def build(engine: Engine, side: Side, population: Population, hidden: Hidden) -> None:
    """Write one world: A holds the population, B the population and the hidden extras."""
    World(engine).setup()
    with engine.begin() as conn:
        conn.execute(
            organisation.insert(),
            [
                {
                    "id": org_id,
                    "kind": "service",
                    "name": name,
                    "local_authority": LA_NORTH,
                    "phone": "0113 496 0600",
                    "sensitive_category": SENSITIVE_ORGANISATIONS.get(org_id),
                }
                for org_id, name in ((5, "Zzyouth Service"), (6, "Zzmental Health Team"))
            ],
        )
    extras = hidden if side == "B" else Hidden((), (), ())
    base = _with_secrets(population, extras.secrets)
    kids = base + tuple(kid for _, kid in extras.children)
    with engine.begin() as conn:
        for kid in merged(base, extras.children):
            _insert_child(conn, kid)
    for work in merged(population.work, extras.work):
        _write_work(engine, work, kids)
    archived = [kid.cp_id for _, kid in extras.children]
    if archived:
        with engine.begin() as conn:
            conn.execute(
                update(child).where(child.c.cp_id.in_(archived)).values(archived_on=ARCHIVED_ON)
            )


@contextlib.contextmanager
def database(backend: Backend) -> Iterator[Engine]:
    """A fresh, migrated, empty directory, dropped on exit."""
    with contextlib.ExitStack() as stack:
        if backend == "sqlite":
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{Path(folder) / 'directory.db'}"
        else:
            url = stack.enter_context(temporary_postgres_database())
        engine = connect(url)
        stack.callback(engine.dispose)
        migrate(engine)
        yield engine


@contextlib.contextmanager
def served(
    backend: Backend, side: Side, population: Population, hidden: Hidden, viewer: str
) -> Iterator[Served]:
    """World `side`, built and served, with `viewer` signed in over HTTP."""
    with contextlib.ExitStack() as stack:
        engine = stack.enter_context(database(backend))
        build(engine, side, population, hidden)
        ca = TestCA.create()
        card = ca.issue(name=f"zz-{viewer}")
        roles, organisation_id = VIEWERS[viewer]
        enrol(engine, ca, card, name=f"zz-{viewer}", roles=roles, organisation_id=organisation_id)
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (folder / "ca.pem").write_bytes(ca.pem)
        settings = ApiSettings(
            origin=ORIGIN, trusted_ca_files=(str(folder / "ca.pem"),), clock=lambda: NOW
        )
        client = stack.enter_context(TestClient(create_app(engine, settings), base_url=ORIGIN))
        issued = client.post(
            "/v1/auth/challenges", json={"certificate": base64.b64encode(card.der).decode()}
        )
        assert issued.status_code == 201, issued.text
        body = issued.json()
        signature = card.sign(login_message(ORIGIN, body["challenge_id"], body["nonce"]))
        opened = client.post(
            "/v1/auth/sessions",
            json={
                "challenge_id": body["challenge_id"],
                "signature": base64.b64encode(signature).decode(),
            },
        )
        assert opened.status_code == 201, opened.text
        yield Served(engine, client, {"Authorization": f"Bearer {opened.json()['token']}"})
