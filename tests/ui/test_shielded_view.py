"""The shielded view: four fields, the way to ask for contact, and override only with the right."""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desktop.identity import SignedInUser
from desktop.records import RecordModel, wording
from tests.ui.samples import (
    MANAGER,
    OVERRIDER,
    PRACTITIONER,
    SHIELD_OFFICER,
    cp_id_of,
    management_record,
    officer_record,
    shielded_record,
)
from tests.ui.texts import joined
from ui.readonly import interaction_leaks
from ui.shielded_view import ShieldedView

TODAY = dt.date(2026, 6, 15)


def _view(qtbot: QtBot, viewer: SignedInUser, record: RecordModel | None = None) -> ShieldedView:
    view = ShieldedView(record or shielded_record(), viewer, TODAY)
    qtbot.addWidget(view)
    view.resize(900, 500)
    return view


def hidden_details() -> list[str]:
    """Everything the management team sees of the shielded child that others must not."""
    full = management_record()
    assert full.address is not None and full.carers and full.school and full.gp
    assert full.responsible_authority is not None and full.involvements
    details = [
        full.address.line1,
        full.address.town,
        full.address.postcode,
        full.school.name,
        full.school.phone,
        full.gp.name,
        full.gp.phone,
        full.responsible_authority.name,
        full.responsible_authority.office_hours_phone,
        full.responsible_authority.out_of_hours_phone,
        "Current address",
    ]
    for carer in full.carers:
        details += [carer.family_name, carer.given_name, carer.phone]
    for item in full.involvements:
        details += [item.organisation.name, item.practitioner_name, item.phone]
    return [d for d in details if d]


def test_shows_the_four_fields_the_mark_and_the_directorys_explanation(qtbot: QtBot) -> None:
    record = shielded_record()
    text = joined(_view(qtbot, PRACTITIONER, record))
    for shown in (
        "TESTERSON, Beta",
        "3 Jul 2015 (age 10)",
        "Female",
        wording.cp_id(cp_id_of("beta")),
        "SHIELDED RECORD",
        "This record is shielded",
    ):
        assert shown in text
    assert record.broker_contact and record.broker_contact in text
    assert record.cp_id == cp_id_of("beta")


def test_nothing_else_about_the_child_is_anywhere_in_the_tree(qtbot: QtBot) -> None:
    text = joined(_view(qtbot, OVERRIDER))
    for detail in hidden_details():
        assert detail not in text, detail


def test_only_four_fields_even_if_a_model_held_more(qtbot: QtBot) -> None:
    # The directory never sends more at this level; the view must not rely on that.
    overfilled = dataclasses.replace(
        management_record(), level=shielded_record().level, broker_contact="Zz ask the team"
    )
    text = joined(_view(qtbot, PRACTITIONER, overfilled))
    for detail in hidden_details():
        assert detail not in text, detail


def _buttons(view: ShieldedView) -> dict[str, QPushButton]:
    return {b.accessibleName(): b for b in view.findChildren(QPushButton)}


def test_override_button_does_not_exist_without_the_right(qtbot: QtBot) -> None:
    for viewer in (PRACTITIONER, MANAGER, SHIELD_OFFICER):
        view = _view(qtbot, viewer)
        assert set(_buttons(view)) == {"Ask for contact"}
        assert view.override_button is None
        assert "Override" not in joined(view)


def test_override_button_for_the_override_right_emits_the_id(qtbot: QtBot) -> None:
    view = _view(qtbot, OVERRIDER)
    buttons = _buttons(view)
    assert set(buttons) == {"Ask for contact", "Override shield"}
    with qtbot.waitSignal(view.override_requested, timeout=1000) as signal:
        buttons["Override shield"].click()
    assert signal.args == [cp_id_of("beta")]
    assert buttons["Override shield"].accessibleDescription()


def test_ask_for_contact_emits_the_id(qtbot: QtBot) -> None:
    view = _view(qtbot, PRACTITIONER)
    with qtbot.waitSignal(view.contact_requested, timeout=1000) as signal:
        _buttons(view)["Ask for contact"].click()
    assert signal.args == [cp_id_of("beta")]
    assert view.cp_id == cp_id_of("beta")


def test_a_shield_officer_sees_the_shield_details_sent_to_them(qtbot: QtBot) -> None:
    text = joined(_view(qtbot, SHIELD_OFFICER, officer_record()))
    for shown in ("Shield details", "1 Jan 2026", "Zzofficer", "Domestic violence", "1 Jul 2026"):
        assert shown in text
    for detail in hidden_details():
        assert detail not in text, detail


def test_nothing_can_be_selected_or_given_a_menu(qtbot: QtBot) -> None:
    assert interaction_leaks(_view(qtbot, OVERRIDER)) == []


def test_read_in_order_by_name_and_words(qtbot: QtBot) -> None:
    officer = _view(qtbot, SHIELD_OFFICER, officer_record())
    names = [w.accessibleName() for w in officer.reading_order()]
    assert names == [
        "Child",
        "This record is shielded",
        "Ask for contact",
        "Shield details (shield officers)",
    ]
    details = officer.reading_order()[-1]
    assert "Next review: 1 Jul 2026" in details.accessibleDescription().splitlines()
    overrider = _view(qtbot, OVERRIDER)
    names = [w.accessibleName() for w in overrider.reading_order()]
    assert names == ["Child", "This record is shielded", "Ask for contact", "Override shield"]
    child = overrider.reading_order()[0]
    assert child.accessibleDescription().splitlines()[:2] == ["TESTERSON, Beta", "SHIELDED RECORD"]


def test_the_directorys_explanation_is_shown_as_typed(qtbot: QtBot) -> None:
    markup = '<a href="x">Zz</a> & "call" <b>us</b>'
    record = dataclasses.replace(shielded_record(), broker_contact=markup)
    view = _view(qtbot, PRACTITIONER, record)
    (label,) = [w for w in view.reading_order() if w.accessibleName() == "This record is shielded"]
    assert isinstance(label, QLabel)
    document = QTextDocument()
    document.setHtml(label.text())
    assert markup in document.toPlainText() and markup in label.accessibleDescription()
    assert not label.openExternalLinks() and "<a " not in document.toHtml()  # no link
