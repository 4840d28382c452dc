"""The dialogs' values: the directory's rules and shapes, and nothing secret in a repr."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from contract.limits import MIN_JUSTIFICATION_CHARACTERS, MIN_JUSTIFICATION_WORDS
from desktop.requests import (
    CONSENT_BASES,
    SHIELD_REASONS,
    CeaseDraft,
    ContactDraft,
    InvolvementDraft,
    JustificationRule,
    OverrideDraft,
    OverrideReason,
    ShieldDraft,
)
from directory.actions.override import JUSTIFICATION_RULE, check_justification
from directory.api.models import (
    CeaseInvolvementRequest,
    ContactRequestBody,
    InvolvementRequest,
    ShieldRequestBody,
)
from directory.errors import InvalidRequest
from directory.schema import CONSENT_BASES as DIRECTORY_CONSENT_BASES
from directory.schema import SHIELD_REASONS as DIRECTORY_SHIELD_REASONS

RULE = JustificationRule(JUSTIFICATION_RULE, MIN_JUSTIFICATION_CHARACTERS, MIN_JUSTIFICATION_WORDS)
DAY = dt.date(2025, 3, 3)


def involvement(**changes: object) -> InvolvementDraft:
    values: dict[str, object] = {
        "practitioner_role": "health visitor",
        "phone": "0161 496 0000",
        "email": "synthetic.visitor@example.org",
        "start_date": DAY,
    }
    values.update(changes)
    return InvolvementDraft(**values)  # type: ignore[arg-type]


# -- the justification rule -------------------------------------------------------------


def directory_accepts(text: str) -> bool:
    try:
        check_justification(text)
    except InvalidRequest:
        return False
    return True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "urgent " * 20,
        "Urgent URGENT urgent urgent urgent urgent urgent urgent",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",  # single letters are no words
        "12345 67890 12345 67890 12345 67890 12345 67890",
        "Child missing since Monday night.",  # six words, too short
        "Child missing since Monday night; police need school contact",
        "Дитина зникла з понеділка, поліції потрібні контакти школи негайно",
        "  Child   missing   since   Monday   night;   police   need   it  ",
        "Child missing since Monday night and nobody knows where she went now",
    ],
)
def test_the_rule_agrees_with_the_directory(text: str) -> None:
    assert (RULE.problems(text) == ()) == directory_accepts(text)


def test_exactly_at_the_boundary_is_enough_and_one_less_is_not() -> None:
    rule = JustificationRule("Say why.", min_characters=20, min_words=4)
    exact = "alpha beta gamma dx1"  # 20 characters, words: alpha beta gamma dx
    assert rule.characters(exact) == 20
    assert rule.words(exact) == 4
    assert rule.problems(exact) == ()
    assert rule.problems(exact[:-1]) == ("Write 1 more character.",)
    three_words = "alpha beta gamma 1234"
    assert rule.problems(three_words) == ("Use 1 more different word.",)


def test_words_are_distinct_and_case_insensitive() -> None:
    assert RULE.words("Police police POLICE need need it") == 3
    assert RULE.words("Straße STRASSE strasse") == 1  # casefold makes all three "strasse"


def test_characters_are_counted_after_whitespace_is_tidied() -> None:
    assert RULE.characters("  a \n\n  b\t c  ") == len("a b c")


def test_problems_say_how_much_is_missing() -> None:
    assert RULE.problems("") == (
        f"Write {MIN_JUSTIFICATION_CHARACTERS} more characters.",
        f"Use {MIN_JUSTIFICATION_WORDS} more different words.",
    )


def test_too_long_and_unstorable_justifications_are_problems() -> None:
    long_text = " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(400))
    assert len(long_text) > 2000
    assert RULE.problems(long_text) == ("Shorten the justification to at most 2000 characters.",)
    assert not directory_accepts(long_text)
    nul = "Child missing since Monday night; police need school\x00 contact"
    assert RULE.problems(nul) == ("The justification contains characters that cannot be stored.",)
    assert not directory_accepts(nul)


@pytest.mark.parametrize(
    ("text", "characters", "words"),
    [("", 1, 1), ("Say why.", 0, 1), ("Say why.", 1, 0), ("Say why.", 10, 1)],
)
def test_a_rule_is_checked_when_made(text: str, characters: int, words: int) -> None:
    with pytest.raises(ValueError, match="justification rule"):
        JustificationRule(text, characters, words, max_characters=5)


def test_override_reasons_need_a_code_and_a_label() -> None:
    assert OverrideReason("missing_child", "The child is missing").code == "missing_child"
    with pytest.raises(ValueError, match="code"):
        OverrideReason(" ", "The child is missing")
    with pytest.raises(ValueError, match="label"):
        OverrideReason("missing_child", "")


# -- the override draft -------------------------------------------------------------------


def test_override_draft_hides_pin_and_justification_and_wipes_the_pin() -> None:
    pin = bytearray(b"271828")
    draft = OverrideDraft("missing_child", "Synthetic justification text", pin)
    shown = repr(draft)
    assert "271828" not in shown
    assert "Synthetic justification" not in shown
    assert "missing_child" in shown
    draft.wipe()
    assert pin == bytearray(6)  # the very buffer the dialog handed over
    draft.wipe()  # idempotent
    assert draft.pin == bytearray(6)


def test_override_draft_takes_only_a_wipeable_pin() -> None:
    with pytest.raises(TypeError, match="bytearray"):
        OverrideDraft("missing_child", "text", b"1234")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reason"):
        OverrideDraft("", "text", bytearray(b"1234"))
    with pytest.raises(ValueError, match="justification"):
        OverrideDraft("missing_child", "   ", bytearray(b"1234"))
    # A PIN-pad reader takes the PIN itself: the draft carries an empty buffer.
    assert OverrideDraft("missing_child", "text", bytearray()).pin == bytearray()


def test_override_draft_is_frozen() -> None:
    draft = OverrideDraft("missing_child", "text", bytearray(b"1234"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        draft.reason_code = "other"  # type: ignore[misc]


# -- involvements -----------------------------------------------------------------------


def test_involvement_json_is_what_the_directory_model_accepts() -> None:
    draft = involvement(
        practitioner_role="  school nurse ",
        email="",
        lead_professional=True,
        caf=True,
        caf_started=dt.date(2025, 1, 6),
        caf_completed=dt.date(2025, 2, 28),
        consent_basis="significant_harm",
    )
    body = draft.as_json()
    assert body == {
        "practitioner_role": "school nurse",
        "phone": "0161 496 0000",
        "email": None,
        "start_date": "2025-03-03",
        "lead_professional": True,
        "caf": True,
        "caf_started": "2025-01-06",
        "caf_completed": "2025-02-28",
        "consent_basis": "significant_harm",
    }
    model = InvolvementRequest.model_validate(body)
    assert model.model_dump(mode="json") == body  # every field, nothing extra or renamed


def test_the_plainest_involvement_is_accepted_too() -> None:
    body = involvement().as_json()
    assert InvolvementRequest.model_validate(body).caf is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"practitioner_role": "  "}, "Give your role"),
        ({"practitioner_role": "x" * 101}, "at most 100"),
        ({"phone": ""}, "Give a phone number"),
        ({"phone": "call me"}, "6 to 20 digits"),
        ({"phone": "12345"}, "6 to 20 digits"),
        ({"email": "not-an-address"}, "email address"),
        ({"caf_started": DAY}, "only when a CAF"),
        ({"caf": True, "caf_completed": DAY}, "start date on or before"),
        (
            {"caf": True, "caf_started": DAY, "caf_completed": DAY - dt.timedelta(days=1)},
            "start date on or before",
        ),
        ({"consent_basis": "parent_said_so"}, "consent basis"),
    ],
)
def test_involvement_refuses_what_the_directory_refuses(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        involvement(**changes)


def test_involvement_repr_leaves_out_contact_details() -> None:
    shown = repr(involvement())
    assert "0161" not in shown
    assert "example.org" not in shown
    assert "health visitor" in shown


def test_consent_bases_and_shield_reasons_are_the_directorys() -> None:
    assert tuple(code for code, _ in CONSENT_BASES) == DIRECTORY_CONSENT_BASES
    assert tuple(code for code, _ in SHIELD_REASONS) == DIRECTORY_SHIELD_REASONS


# -- cease, contact, shield -------------------------------------------------------------


def test_cease_json_is_accepted() -> None:
    body = CeaseDraft(DAY).as_json()
    assert CeaseInvolvementRequest.model_validate(body).ceased_date == DAY


def test_contact_draft_is_stripped_checked_and_hidden() -> None:
    draft = ContactDraft("  Synthetic school nurse asking for contact.\n")
    assert draft.message == "Synthetic school nurse asking for contact."
    assert ContactRequestBody.model_validate(draft.as_json()).message == draft.message
    assert "Synthetic" not in repr(draft)
    with pytest.raises(ValueError, match="Write a message"):
        ContactDraft(" \n ")
    with pytest.raises(ValueError, match="at most 2000"):
        ContactDraft("x" * 2001)
    with pytest.raises(ValueError, match="cannot be stored"):
        ContactDraft("bell\x07")


@pytest.mark.parametrize(("code", "label"), SHIELD_REASONS)
def test_every_shield_reason_is_accepted(code: str, label: str) -> None:
    draft = ShieldDraft(code, "Synthetic note")
    assert draft.reason_label == label
    assert ShieldRequestBody.model_validate(draft.as_json()).reason_category == code
    assert "Synthetic note" not in repr(draft)


def test_shield_draft_refuses_an_unknown_reason_or_an_empty_note() -> None:
    with pytest.raises(ValueError, match="Choose the reason"):
        ShieldDraft("because", "note")
    with pytest.raises(ValueError, match="Write a note"):
        ShieldDraft("domestic_violence", "")
