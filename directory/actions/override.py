"""Shield override (DESIGN.md 3.3, 3.7; issue 3 "Shield override").

A user with the override right may see a shielded record in full for ONE view, after:

* a reason code from the published list OVERRIDE_REASONS (served at
  GET /v1/reference/override-reasons, so clients never hard-code it);
* a written justification by the contract's rule (contract.limits): at least
  MIN_JUSTIFICATION_CHARACTERS characters and MIN_JUSTIFICATION_WORDS different words, so
  that "x" or "urgent urgent urgent" is refused;
* a re-authentication: an `override` challenge naming this record, signed by the token
  (directory.auth.verify_reauth), proving the card is present now, not only at login.

The order is: right, request, card, limits, record. The card is checked before the record
is looked at, so nobody learns anything about the record from this endpoint without it; an
override view counts against the per-user limits on record views like any other view
(directory.actions.fishing), checked before the record is looked up.

On success, in ONE transaction: the record is projected at Level.OVERRIDE (never cacheable),
the audit row `override` is written with the reason, the justification (the audit log is
where such statements are kept) and the alert's reference, and an alert is put on the
worklist of the child's responsible authority's management team. If any of that fails,
nothing is shown (fail closed). Nothing is remembered: the next view of the record is
shielded again and needs a new override.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from contract.codes import OverrideReason as Code
from contract.levels import Level
from contract.limits import (
    MAX_JUSTIFICATION_CHARACTERS,
    MIN_JUSTIFICATION_CHARACTERS,
    MIN_JUSTIFICATION_WORDS,
    justification_words,
    tidy_justification,
)
from directory import audit, cpid, handles
from directory.actions.fishing import view_refusal
from directory.actions.lookup import Found, visible_child
from directory.actions.references import OVERRIDE_ALERT, new_reference
from directory.actions.refusals import append_refusal, refused
from directory.actions.texts import free_text
from directory.auth import Policy, verify_reauth
from directory.auth.instants import utc
from directory.errors import (
    AuthenticationFailed,
    Conflict,
    DirectoryError,
    InvalidRequest,
    NotAllowed,
    NotFound,
)
from directory.projection import ChildView, project
from directory.team_schema import alert
from directory.usage_limits import DEFAULT_LIMITS, UsageLimits
from directory.viewer import Role, Viewer

ACTION = "override"


@dataclass(frozen=True, slots=True)
class OverrideReason:
    code: str
    label: str


# The published list. Adding a reason is a policy decision: it changes what auditors see.
OVERRIDE_REASONS: tuple[OverrideReason, ...] = (
    OverrideReason(
        Code.IMMEDIATE_RISK_OF_HARM, "The child is at immediate risk of significant harm"
    ),
    OverrideReason(
        Code.CHILD_PROTECTION_ENQUIRY, "A child protection enquiry (Children Act 1989, section 47)"
    ),
    OverrideReason(Code.POLICE_INVESTIGATION, "A police investigation that concerns the child"),
    OverrideReason(
        Code.MEDICAL_EMERGENCY, "A medical emergency: treatment needs these details now"
    ),
    OverrideReason(Code.MISSING_CHILD, "The child is missing"),
)
_REASONS = {reason.code: reason for reason in OVERRIDE_REASONS}

JUSTIFICATION_RULE = (
    f"Write a justification of at least {MIN_JUSTIFICATION_CHARACTERS} characters and "
    f"{MIN_JUSTIFICATION_WORDS} different words, saying why you need this child's details now."
)


@dataclass(frozen=True, slots=True)
class Reauth:
    challenge_id: str
    signature: str  # base64 of the token's signature over the override message


@dataclass(frozen=True, slots=True)
class Overridden:
    view: ChildView  # Level.OVERRIDE, cacheable False
    alert_reference: str


def reason_for(code: str) -> OverrideReason:
    reason = _REASONS.get(code)
    if reason is None:
        known = ", ".join(_REASONS)
        raise InvalidRequest(f"The reason code is not on the published list ({known}).")
    return reason


def check_justification(text: str) -> str:
    """The justification with its whitespace tidied, or InvalidRequest saying what is needed."""
    cleaned = tidy_justification(free_text(text, "justification", MAX_JUSTIFICATION_CHARACTERS))
    if (
        len(cleaned) < MIN_JUSTIFICATION_CHARACTERS
        or justification_words(cleaned) < MIN_JUSTIFICATION_WORDS
    ):
        raise InvalidRequest(JUSTIFICATION_RULE)
    return cleaned


def _signature(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise AuthenticationFailed(
            "The re-authentication signature must be base64.", "malformed"
        ) from None


def override(
    engine: Engine,
    viewer: Viewer,
    cp_id: str,
    *,
    reason_code: str,
    justification: str,
    reauth: Reauth,
    origin: str,
    policy: Policy,
    now: dt.datetime,
    correlation_id: str,
    limits: UsageLimits = DEFAULT_LIMITS,
) -> Overridden:
    """The whole shielded record for this one view, or a refusal (audited)."""
    moment = utc(now)
    record_id: str | None = None
    try:
        if Role.OVERRIDE not in viewer.roles:
            raise NotAllowed("Your role does not include overriding a shield.")
        record_id = cpid.normalise(cp_id)
        reason = reason_for(reason_code)
        text = check_justification(justification)
        signature = _signature(reauth.signature)
    except DirectoryError as exc:
        raise refused(engine, viewer, ACTION, exc, correlation_id, cp_id=record_id) from None

    try:
        # Audits `reauth` or `reauth_failed` itself, and spends the challenge either way.
        verify_reauth(
            engine,
            viewer.user_id,
            reauth.challenge_id,
            signature,
            origin,
            record_id,
            moment,
            policy,
            correlation_id=correlation_id,
        )
    except AuthenticationFailed as exc:
        raise refused(
            engine, viewer, ACTION, exc, correlation_id, cp_id=record_id, reason_code=reason.code
        ) from None

    with engine.begin() as conn:
        try:
            limited = view_refusal(conn, viewer, limits, moment, correlation_id)
            if limited is not None:
                raise limited
            found = _overridable(visible_child(conn, viewer, record_id, moment.date()))
        except DirectoryError as exc:
            append_refusal(
                conn,
                viewer,
                ACTION,
                exc,
                correlation_id,
                at=moment,
                cp_id=record_id,
                reason_code=reason.code,
            )
            refusal = exc
        else:
            return record_override(conn, viewer, found, reason, text, moment, correlation_id)
    # The refusal's audit row is committed; only now is the caller told.
    raise refusal


def record_override(
    conn: Connection,
    viewer: Viewer,
    found: Found,
    reason: OverrideReason,
    justification: str,
    moment: dt.datetime,
    correlation_id: str,
) -> Overridden:
    """The override itself, in the caller's transaction, once everything before it has been
    checked (the right, the reason, `check_justification`, the card, the limits, and that
    `found` is shielded from `viewer`): the view at Level.OVERRIDE, the alert on the
    authority's worklist and the `override` audit row. Training's `prepare` calls it too,
    so that its first alert is the rows an override writes (it has no card to present)."""
    record_id = found.view.cp_id
    view = project(found.record, dataclasses.replace(viewer, override_for=record_id), moment.date())
    if view is None or view.level is not Level.OVERRIDE:
        # Cannot happen while the projection honours Viewer.override_for; if it ever
        # did, refusing (and rolling back) is the only safe answer.
        raise NotAllowed("The shield could not be overridden.")
    reference = new_reference(OVERRIDE_ALERT)
    conn.execute(
        alert.insert().values(
            handle=handles.new_handle(),
            reference=reference,
            local_authority=found.authority,
            kind="override",
            cp_id=record_id,
            user_id=viewer.user_id,
            reason_code=reason.code,
            created_at=moment,
            status="open",
        )
    )
    audit.append(
        conn,
        actor=viewer.user_id,
        action=ACTION,
        detail={
            "cp_id": record_id,
            "level": view.level.value,
            "reason_code": reason.code,
            "justification": justification,
            "justification_length": len(justification),
            "alert": reference,
        },
        correlation_id=correlation_id,
        at=moment,
    )
    return Overridden(view, reference)


def _overridable(found: Found | None) -> Found:
    if found is None:
        raise NotFound("No record with that ContactPoint ID is available to you.")
    if found.view.level is not Level.SHIELDED:
        raise Conflict(
            "This record is not shielded from you: open it in the ordinary way. "
            "No override was made."
        )
    return found
