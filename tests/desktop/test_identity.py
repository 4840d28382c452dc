"""What every screen says about the signed-in user and the directory."""

from __future__ import annotations

from desktop.identity import DirectoryStatus, SignedInUser


def _user(*roles: str) -> SignedInUser:
    return SignedInUser("Zz Worker", "Zz Social Care", roles, None)


def test_roles_in_words_and_the_override_right_said_once() -> None:
    assert _user("practitioner").role_label == "Practitioner"
    assert _user("practitioner", "override").role_label == "Practitioner (shield override)"
    assert _user("management").role_label == "Management team"
    assert _user().role_label == "No role"


def test_what_the_client_offers_follows_the_roles() -> None:
    assert _user("practitioner", "override").may_override
    assert not _user("practitioner").may_override
    assert not _user("helpdesk").reads_children and _user("shield_officer").reads_children
    assert _user("practitioner").records_involvements
    assert not _user("management").records_involvements


def test_the_directory_state_in_words() -> None:
    assert DirectoryStatus(True).label == "Directory: online"
    assert DirectoryStatus(False, "the certificate is not trusted").label == (
        "Directory unreachable: the certificate is not trusted"
    )
    assert DirectoryStatus(False).label == "Directory unreachable: no answer"
