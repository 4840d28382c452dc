"""The codes both programs send and compare: errors, refusals, reasons and statuses.

Codes are stable machine names on the wire; the words a person reads for them live with
each program (the directory's messages, the client's wording), never here.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """The `error` of every refusal {"error", "message", "correlation_id"} (DESIGN.md 3.6)."""

    INVALID_CRITERIA = "invalid_criteria"  # 400: the message says what to add
    INVALID_IDENTIFIER = "invalid_identifier"  # 400: a malformed ContactPoint or correlation id
    INVALID_VALUE = "invalid_value"  # 400: a value the directory cannot store
    INVALID_BODY = "invalid_body"  # 400 / 422: not JSON, or not of the documented shape
    INVALID_REQUEST = "invalid_request"  # 422: well formed, refused by the rules
    INVALID_ENROLMENT = "invalid_enrolment"  # 422
    AUTHENTICATION_FAILED = "authentication_failed"  # 401: no session, or a login refused
    PASSWORD_REQUIRED = "password_required"  # noqa: S105 - 401: the card signed; give the password
    NOT_ALLOWED = "not_allowed"  # 403
    NOT_FOUND = "not_found"  # 404: unknown, or not visible (one answer for both)
    METHOD_NOT_ALLOWED = "method_not_allowed"  # 405
    CONFLICT = "conflict"  # 409
    POLICY_VIOLATION = "policy_violation"  # 409
    TOO_LARGE = "too_large"  # 413: the request body
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # 415: the body is not application/json
    RATE_LIMITED = "rate_limited"  # 429
    INTERNAL_ERROR = "internal_error"  # 500: the correlation id lets the helpdesk trace it
    AUDIT_FAILURE = "audit_failure"  # 503: not done, because it could not be audited
    DATABASE_UNAVAILABLE = "database_unavailable"  # 503
    NOT_READY = "not_ready"  # 503, from /readyz


class SignInRefusal(StrEnum):
    """Why a sign-in is refused, each 401, told only once the card has signed the challenge.

    Before the signature every refusal looks like success, so these tell nothing to anyone
    who has not just proved they hold the card.
    """

    NOT_ENROLLED = "not_enrolled"
    ACCOUNT_SUSPENDED = "account_suspended"
    ACCOUNT_LOCKED = "account_locked"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
    CERTIFICATE_REVOKED = "certificate_revoked"
    CERTIFICATE_UNTRUSTED = "certificate_untrusted"


class OverrideReason(StrEnum):
    """The codes of the published override reasons (GET /v1/reference/override-reasons).

    The client shows the labels the directory publishes with them; adding a reason is a
    policy decision, as it changes what auditors see.
    """

    IMMEDIATE_RISK_OF_HARM = "immediate_risk_of_harm"
    CHILD_PROTECTION_ENQUIRY = "child_protection_enquiry"
    POLICE_INVESTIGATION = "police_investigation"
    MEDICAL_EMERGENCY = "medical_emergency"
    MISSING_CHILD = "missing_child"


class ShieldReason(StrEnum):
    """Why a record is (or is asked to be) shielded."""

    DOMESTIC_VIOLENCE = "domestic_violence"
    WITNESS_PROTECTION = "witness_protection"
    ADOPTION_PLACEMENT = "adoption_placement"
    RISK_OF_ABDUCTION = "risk_of_abduction"
    OTHER_SERIOUS_RISK = "other_serious_risk"


class ConsentBasis(StrEnum):
    """Why a sensitive service may record its involvement (DESIGN.md 3.1)."""

    CHILD_CONSENT = "child_consent"
    SIGNIFICANT_HARM = "significant_harm"


class AlertStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    ESCALATED = "escalated"
    CLOSED = "closed"


class AlertOutcome(StrEnum):
    """What the team found when it closed an alert (DESIGN.md 3.6.1)."""

    JUSTIFIED = "justified"
    NOT_JUSTIFIED = "not_justified"
    REFERRED = "referred"


class ContactRequestStatus(StrEnum):
    OPEN = "open"
    BROKERED = "brokered"
    DECLINED = "declined"


class ShieldRequestStatus(StrEnum):
    OPEN = "open"
    GRANTED = "granted"
    DECLINED = "declined"


class ShieldPhase(StrEnum):
    """Where a shield is in its life (DESIGN.md 3.6.1); `state` in a shield's status."""

    UNSHIELDED = "unshielded"
    UNCONFIRMED = "unconfirmed"  # placed, in force, awaiting a second shield officer
    CONFIRMED = "confirmed"
    LIFT_PENDING_UNCONFIRMED = "lift_pending_unconfirmed"
    LIFT_PENDING = "lift_pending"  # a lift proposed; the shield holds until the team confirms


class ShieldDue(StrEnum):
    """Why a shield is on the reviews list (`due` in a shield's status)."""

    UNCONFIRMED = "unconfirmed"
    LIFT_PENDING = "lift_pending"
    DUE = "due"  # the review falls within 30 days
    OVERDUE = "overdue"


class ReviewDecision(StrEnum):
    """POST .../shield/reviews `decision`."""

    RENEW = "renew"
    LIFT = "lift"  # propose the lift


class ShieldEvent(StrEnum):
    """A step in a shield's life (contract.shield_machine's table; the audit's `event`)."""

    PLACE = "place"
    GRANT = "grant"  # place, on a practitioner's shield request
    CONFIRM = "confirm"  # a second shield officer
    PROPOSE_LIFT = "propose_lift"
    CONFIRM_LIFT = "confirm_lift"  # the management team, not the proposer
    RENEW = "renew"
