"""A practitioner records their own involvement with a child, and marks it ceased.

"Own" is the organisation on the practitioner's account (Viewer.organisation_id): an
involvement is added for that organisation and named after the signed-in user, whatever the
body says, and only an involvement of that organisation can be ceased. Involvements are
named by their opaque handle (directory.handles), never their row id. Another
organisation's involvement, an involvement of another child, one the viewer's projection
does not show (any involvement of a child shielded from them, a sensitive one of another
service) and a malformed handle all answer 404, exactly like one that does not exist, and
whatever the body says: the dates are compared with the involvement only once it is known
to be visible, so that no answer confirms an involvement, or its start date, that the
viewer cannot see (issue 9, item 6).

Involvements can be added to a shielded child — the practitioner is working with the child
whether or not they may see the details — but the answers are built only from what the
practitioner sent, never from the record. Adding an involvement for an organisation that is
already involved is allowed for the same reason: refusing it would confirm the other one.

The organisation's sensitivity (DESIGN.md 3.1) comes from its stored row, not the request,
and a sensitive service must give the consent basis. Involvements are not searchable, so
search_entry is not touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text, update

from contract.identity import user_name
from contract.limits import EMAIL, MAX_EMAIL_CHARACTERS, MAX_ROLE_CHARACTERS, PHONE
from directory import audit, cpid, handles
from directory.actions.lookup import Found, visible_child
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth.instants import utc
from directory.errors import Conflict, DirectoryError, InvalidRequest, NotAllowed, NotFound
from directory.schema import CONSENT_BASES, involvement, organisation
from directory.viewer import Role, Viewer

# Service practitioners. Management, shield officers, helpdesk and administrators do not
# work with children as a service, so they record no involvements.
INVOLVED_ROLES = frozenset({Role.PRACTITIONER, Role.OVERRIDE})
ADD, CEASE = "involvement_add", "involvement_cease"
# An arbitrary constant naming "involvement ids" among PostgreSQL advisory locks: ids are
# allocated as max + 1 (the bulk loader assigns them the same way), so two writers must not
# read the same maximum. SQLite's BEGIN IMMEDIATE already serialises writers.
_ADVISORY_KEY = 0x0C0A_1270


@dataclass(frozen=True, slots=True)
class NewInvolvement:
    """What the practitioner says about their work; who and which organisation are known."""

    practitioner_role: str
    phone: str
    start_date: dt.date
    email: str | None = None
    lead_professional: bool = False
    caf: bool = False
    caf_started: dt.date | None = None
    caf_completed: dt.date | None = None
    consent_basis: str | None = None


@dataclass(frozen=True, slots=True)
class RecordedInvolvement:
    id: str  # the handle
    organisation_id: int
    practitioner_name: str
    item: NewInvolvement
    sensitive_category: str | None

    def as_json(self) -> dict[str, Any]:
        """Only what the practitioner sent and who they are: nothing from the record."""
        item = self.item
        return {
            "id": self.id,
            "organisation_id": self.organisation_id,
            "practitioner_name": self.practitioner_name,
            "practitioner_role": item.practitioner_role,
            "phone": item.phone,
            "email": item.email,
            "start_date": item.start_date.isoformat(),
            "ceased_date": None,
            "lead_professional": item.lead_professional,
            "caf": item.caf,
            "caf_started": None if item.caf_started is None else item.caf_started.isoformat(),
            "caf_completed": None if item.caf_completed is None else item.caf_completed.isoformat(),
            "sensitive_category": self.sensitive_category,
            "consent_basis": item.consent_basis,
        }


@dataclass(frozen=True, slots=True)
class CeasedInvolvement:
    id: str  # the handle
    ceased_date: dt.date

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "ceased_date": self.ceased_date.isoformat()}


def _organisation_of(viewer: Viewer) -> int:
    if not viewer.roles & INVOLVED_ROLES:
        raise NotAllowed("Your role does not include recording involvements with children.")
    if viewer.organisation_id is None:
        raise NotAllowed(
            "Your account is not linked to an organisation, so it cannot record an "
            "involvement; ask your administrator."
        )
    return viewer.organisation_id


def _checked(item: NewInvolvement, sensitive: str | None, today: dt.date) -> NewInvolvement:
    role = free_text(item.practitioner_role, "practitioner role", MAX_ROLE_CHARACTERS)
    phone = item.phone.strip()
    if not PHONE.match(phone):
        raise InvalidRequest("The phone number must be 6 to 20 digits, spaces or + ( ) -.")
    email = None if item.email is None or not item.email.strip() else item.email.strip()
    if email is not None and (len(email) > MAX_EMAIL_CHARACTERS or not EMAIL.match(email)):
        raise InvalidRequest("The email address is not valid.")
    if item.start_date > today:
        raise InvalidRequest("The start date cannot be in the future.")
    if not item.caf and (item.caf_started or item.caf_completed):
        raise InvalidRequest("CAF dates are given only when the CAF indicator is set.")
    if item.caf_completed and (item.caf_started is None or item.caf_completed < item.caf_started):
        raise InvalidRequest("A completed CAF needs a start date on or before its completion.")
    if any(d is not None and d > today for d in (item.caf_started, item.caf_completed)):
        raise InvalidRequest("CAF dates cannot be in the future.")
    if sensitive is not None and item.consent_basis not in CONSENT_BASES:
        raise InvalidRequest(
            f"Your service is sensitive: give the consent basis ({', '.join(CONSENT_BASES)})."
        )
    if sensitive is None and item.consent_basis is not None:
        raise InvalidRequest("A consent basis is recorded only by sensitive services.")
    return NewInvolvement(
        practitioner_role=role,
        phone=phone,
        start_date=item.start_date,
        email=email,
        lead_professional=item.lead_professional,
        caf=item.caf,
        caf_started=item.caf_started,
        caf_completed=item.caf_completed,
        consent_basis=item.consent_basis,
    )


def _sensitivity(conn: Connection, organisation_id: int) -> str | None:
    row = conn.execute(
        select(organisation.c.sensitive_category).where(organisation.c.id == organisation_id)
    ).first()
    if row is None:
        raise NotAllowed("Your organisation is not known to the directory; ask your administrator.")
    category: str | None = row.sensitive_category
    return category


def _next_id(conn: Connection) -> int:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _ADVISORY_KEY})
    current = conn.scalar(select(func.max(involvement.c.id)))
    return int(current or 0) + 1


def add_involvement(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    item: NewInvolvement,
    *,
    now: dt.datetime,
    correlation_id: str,
) -> RecordedInvolvement:
    today = utc(now).date()
    record_id: str | None = None
    try:
        organisation_id = _organisation_of(viewer)
        record_id = cpid.normalise(cp_id)
    except DirectoryError as exc:
        raise refused(engine, viewer, ADD, exc, correlation_id, cp_id=record_id) from None

    with engine.begin() as conn:
        try:
            found = visible_child(conn, viewer, record_id, today)
            if found is None:
                raise NotFound("No record with that ContactPoint ID is available to you.")
            sensitive = _sensitivity(conn, organisation_id)
            checked = _checked(item, sensitive, today)
        except DirectoryError as exc:
            append_refusal(conn, viewer, ADD, exc, correlation_id, cp_id=record_id)
            refusal = exc
        else:
            new_id = _next_id(conn)
            handle = handles.new_handle()
            name = practitioner_name(viewer)
            conn.execute(
                involvement.insert().values(
                    id=new_id,
                    handle=handle,
                    child_id=found.child_id,
                    organisation_id=organisation_id,
                    practitioner_name=name,
                    practitioner_role=checked.practitioner_role,
                    phone=checked.phone,
                    email=checked.email,
                    start_date=checked.start_date,
                    ceased_date=None,
                    lead_professional=checked.lead_professional,
                    caf=checked.caf,
                    caf_started=checked.caf_started,
                    caf_completed=checked.caf_completed,
                    sensitive_category=sensitive,
                    consent_basis=checked.consent_basis,
                )
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=ADD,
                detail={
                    "cp_id": record_id,
                    "involvement": handle,
                    "organisation_id": organisation_id,
                    "sensitive": sensitive is not None,
                },
                correlation_id=correlation_id,
            )
            return RecordedInvolvement(handle, organisation_id, name, checked, sensitive)
    raise refusal


def practitioner_name(viewer: Viewer) -> str:
    """The signed-in user's unique name (Viewer.user_id is "user:" + name)."""
    return user_name(viewer.user_id)[:200]


def _shown(found: Found | None, handle: str | None) -> bool:
    """Does the viewer's own projection of the child show this involvement?"""
    if found is None or handle is None or found.view.involvements is None:
        return False
    return any(item.id == handle for item in found.view.involvements)


def cease_involvement(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    involvement_id: str,
    ceased_date: dt.date,
    *,
    now: dt.datetime,
    correlation_id: str,
) -> CeasedInvolvement:
    """`involvement_id` is the handle from the record view, as the path gave it."""
    today = utc(now).date()
    record_id: str | None = None
    handle = handles.parse(involvement_id)
    try:
        organisation_id = _organisation_of(viewer)
        record_id = cpid.normalise(cp_id)
        # Depends only on the body and the clock: the same answer for every involvement.
        if ceased_date > today:
            raise InvalidRequest("The ceased date cannot be in the future.")
    except DirectoryError as exc:
        raise refused(
            engine, viewer, CEASE, exc, correlation_id, cp_id=record_id, involvement=handle
        ) from None

    with engine.begin() as conn:
        try:
            found = visible_child(conn, viewer, record_id, today)
            row = None
            if found is not None and _shown(found, handle):
                row = conn.execute(
                    select(involvement.c.id, involvement.c.start_date, involvement.c.ceased_date)
                    .where(
                        involvement.c.handle == handle,
                        involvement.c.child_id == found.child_id,
                        involvement.c.organisation_id == organisation_id,
                    )
                    .with_for_update()
                ).first()
            if row is None:
                raise NotFound("Your organisation has no involvement with that id for this child.")
            # Only now, with the involvement visible and the organisation's own, may the
            # answer depend on what is stored about it.
            if row.ceased_date is not None:
                raise Conflict("That involvement is already marked as ceased.")
            if ceased_date < row.start_date:
                raise InvalidRequest("The ceased date cannot be before the involvement started.")
        except DirectoryError as exc:
            append_refusal(
                conn, viewer, CEASE, exc, correlation_id, cp_id=record_id, involvement=handle
            )
            refusal = exc
        else:
            conn.execute(
                update(involvement)
                .where(involvement.c.id == row.id)
                .values(ceased_date=ceased_date)
            )
            audit.append(
                conn,
                actor=viewer.user_id,
                action=CEASE,
                detail={"cp_id": record_id, "involvement": handle},
                correlation_id=correlation_id,
            )
            assert handle is not None  # _shown was true
            return CeasedInvolvement(handle, ceased_date)
    raise refusal
