"""contract.codes is what the directory uses: its errors, refusals, lists and statuses."""

from __future__ import annotations

from contract.codes import (
    AlertStatus,
    ConsentBasis,
    ContactRequestStatus,
    ErrorCode,
    OverrideReason,
    ShieldReason,
    ShieldRequestStatus,
    SignInRefusal,
)
from directory import errors, schema, team_schema
from directory.actions import OVERRIDE_REASONS
from directory.api.errors import STATUS_BY_CODE
from directory.auth.refusals import told


def _subclasses(kind: type) -> set[type]:
    found = set(kind.__subclasses__())
    return found.union(*(_subclasses(sub) for sub in found))


def test_every_directory_error_answers_with_a_contract_code_and_a_status() -> None:
    for kind in _subclasses(errors.DirectoryError) - {errors.SignInRefused}:
        assert kind.code in set(ErrorCode), kind
        assert kind.code in STATUS_BY_CODE, kind
    assert all(STATUS_BY_CODE[code] == 401 for code in SignInRefusal)


def test_sign_in_refusals_are_the_contracts() -> None:
    assert tuple(SignInRefusal) == errors.SIGN_IN_REFUSALS
    for reason in ("unknown_certificate", "suspended", "locked", "key_usage", "anything else"):
        assert told(reason).code in set(SignInRefusal)


def test_the_published_lists_and_stored_statuses_are_the_contracts() -> None:
    assert tuple(reason.code for reason in OVERRIDE_REASONS) == tuple(OverrideReason)
    assert tuple(ShieldReason) == schema.SHIELD_REASONS
    assert tuple(ConsentBasis) == schema.CONSENT_BASES
    assert tuple(AlertStatus) == team_schema.ALERT_STATUSES
    assert tuple(ContactRequestStatus) == team_schema.CONTACT_REQUEST_STATUSES
    assert tuple(ShieldRequestStatus) == team_schema.SHIELD_REQUEST_STATUSES
