"""The record view on what the directory really sends at each level (tests/ui/samples.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop.identity import SignedInUser
from desktop.records import RecordModel, wording
from tests.ui.render import render
from tests.ui.samples import (
    ALERT_REFERENCE,
    CLINICIAN,
    MANAGER,
    OVERRIDER,
    PRACTITIONER,
    archived_record,
    clinic_record,
    cp_id_of,
    left_england_record,
    management_record,
    override_record,
    record_json,
    shielded_record,
    standard_record,
)
from tests.ui.texts import all_texts, joined
from ui.readonly import interaction_leaks
from ui.record_view import NO_RECORD, RecordView

NOW = dt.datetime(2026, 6, 15, 10, 5, tzinfo=dt.UTC)
# Works somewhere that appears in no record, so the watermark's text cannot mask a leak.
OUTSIDER = SignedInUser("Zz Outsider", "Zzelsewhere Team", ("practitioner", "override"), None)


MakeView = Callable[..., RecordView]
RecordSample = Callable[[], RecordModel]


@pytest.fixture
def make_view(qtbot: QtBot) -> MakeView:
    def make(viewer: SignedInUser = PRACTITIONER) -> RecordView:
        view = RecordView(viewer, clock=lambda: NOW)
        qtbot.addWidget(view)
        view.resize(1100, 900)
        return view

    return make


def _shown(view: RecordView, record: RecordModel, alert: str | None = None) -> str:
    view.show_record(record, alert)
    return joined(view)


def _complete(qtbot: QtBot, view: RecordView) -> None:
    """Wait for the record's later blocks, which are shown a turn of the event loop each."""
    qtbot.waitUntil(lambda: view.complete, timeout=5000)


def _document(label: QLabel) -> QTextDocument:
    """What a rich-text label draws."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document


def _words(text: str) -> list[str]:
    return text.replace("\N{NO-BREAK SPACE}", " ").replace(":", " ").split()


def _rich_labels(view: QWidget) -> list[QLabel]:
    return [w for w in view.findChildren(QLabel) if w.textFormat() == Qt.TextFormat.RichText]


def _button(view: RecordView, name: str) -> QPushButton:
    found = [b for b in view.findChildren(QPushButton) if b.accessibleName() == name]
    assert len(found) == 1, name
    return found[0]


def _visible_buttons(view: RecordView) -> set[str]:
    return {b.accessibleName() for b in view.findChildren(QPushButton) if not b.isHidden()}


def _child_strings(record: RecordModel) -> list[str]:
    """Every string the record holds about the child, raw and as the views write it."""
    strings = [
        record.cp_id,
        " ".join(record.cp_id[i : i + 4] for i in (0, 4, 8)),
        record.family_name,
        record.family_name.upper(),
        record.given_name,
        record.date_of_birth.isoformat(),
        f"{record.date_of_birth.day} ",
    ]
    if record.address is not None:
        strings += [s for s in (record.address.line1, record.address.postcode) if s]
    for carer in record.carers or ():
        strings += [carer.family_name.upper(), carer.given_name]
    if record.school is not None:
        strings.append(record.school.name)
    return strings


def test_standard_record_shows_every_section(make_view: MakeView) -> None:
    text = _shown(make_view(), standard_record())
    for shown in (
        "TESTERSON, Alpha Zeta",
        "7 Mar 2015 (age 11)",
        "Female",
        wording.cp_id(cp_id_of("alpha")),  # grouped for reading aloud
        "Former name",
        "OLDNAMESON, Alpha",
        "Who to contact",
        "Address",
        "Current address",
        "1 Zzaddress Street",
        "Zzdistrict",
        "Zztown",
        "LS6 2AB",
        "Parents and carers",
        "CARERSON, Pat",
        "Mother · Parental responsibility",
        "07700 900001",
        "Educational setting",
        "Zzschool Primary",
        "Started 1 Sep 2020",
        "GP practice",
        "Zzgp Surgery",
        "Northtown ContactPoint management team (E08000035)",
        "Office hours",
        "0113 496 0001",
        "Out of hours",
        "0113 496 0002",
        "Involvements (2 active, 1 ceased)",
    ):
        assert shown in text, shown


def _section(view: RecordView, title: str) -> QWidget:
    (frame,) = [w for w in view.findChildren(QWidget, "section") if w.accessibleName() == title]
    return frame


def test_who_to_contact_comes_first_with_the_lead_professional(
    make_view: MakeView, qtbot: QtBot
) -> None:
    view = make_view()
    view.show_record(standard_record())
    view.show()
    _complete(qtbot, view)
    contact = _section(view, "Who to contact")
    involvements = _section(view, "Involvements (2 active, 1 ceased)")
    assert (
        contact.mapTo(view, contact.rect().topLeft()).y()
        < involvements.mapTo(view, involvements.rect().topLeft()).y()
    )
    text = joined(contact)
    assert "LEAD PROFESSIONAL" in text
    assert "zz-practitioner, school nurse — Zzhealth Visiting" in text
    assert "0113 496 0311   zz.nurse@example.org" in text
    assert "0113 496 0001" in text and "0113 496 0002" in text
    assert "Zzhealth Visitor" not in text  # the ceased lead is history, not who to call


def test_involvements_are_marked_in_words(make_view: MakeView) -> None:
    view = make_view()
    view.show_record(standard_record())
    rows = [label.accessibleDescription() for label in view.findChildren(QLabel, "involvement")]
    marks = ("LEAD PROFESSIONAL", "WAS LEAD PROFESSIONAL", "CAF", "CEASED", "SENSITIVE SERVICE")
    # Active lead first, then the other active one, then the ceased one.
    assert [[line for line in row.splitlines() if line in marks] for row in rows] == [
        ["LEAD PROFESSIONAL", "CAF"],
        [],
        ["CEASED", "WAS LEAD PROFESSIONAL"],
    ]
    assert "CAF started 10 Feb 2025, completed 1 Apr 2025" in rows[0].splitlines()
    assert [[line for line in row.splitlines() if "ed " in line[:8]] for row in rows] == [
        ["Started 1 Feb 2025"],
        ["Started 1 Sep 2025"],
        ["Started 1 Jan 2024 · Ceased 31 Jan 2025"],
    ]
    names = [label.accessibleName() for label in view.findChildren(QLabel, "involvement")]
    assert names == ["Involvement 1 of 3", "Involvement 2 of 3", "Involvement 3 of 3"]


def test_a_sensitive_service_is_marked_for_the_service_itself(make_view: MakeView) -> None:
    text = _shown(make_view(CLINICIAN), clinic_record())
    assert "SENSITIVE SERVICE: SEXUAL HEALTH" in text
    assert "Consent basis: the child's consent" in text
    assert "Zzsexual Health Clinic" in text


def test_an_ordinary_viewer_sees_no_trace_of_a_sensitive_service(make_view: MakeView) -> None:
    text = _shown(make_view(), standard_record())
    assert "SENSITIVE" not in text and "Zzsexual" not in text and "Consent" not in text


def test_address_state_is_said_in_words(make_view: MakeView) -> None:
    view = make_view()
    text = _shown(view, left_england_record())
    assert "Left England: intends to return within 3 years" in text
    address = _section(view, "Address")
    assert isinstance(address, QLabel)
    state = "Left England: intends to return within 3 years"
    assert address.accessibleDescription().splitlines()[0] == state
    document = _document(address)  # kept: the cursor points into it
    found = document.find(state)
    assert found.charFormat().fontWeight() >= QFont.Weight.DemiBold  # said first, in bold
    assert "Gender" in text and "Not specified" in text


def test_override_view_has_the_banner_with_the_alert(make_view: MakeView) -> None:
    view = make_view(OVERRIDER)
    text = _shown(view, override_record(), ALERT_REFERENCE)
    banner = view.findChild(QLabel, "banner_text")
    assert banner is not None
    assert banner.text() == (
        "Shield overridden for this view only. Alert OVR-7K3MQ-9XDA2 has been sent to the "
        "management team."
    )
    assert "SHIELDED" in text and "1 Zzaddress Street" in text
    assert "Ask for a shield" not in _visible_buttons(view)  # it is shielded already
    view.show_record(override_record())
    banner = view.findChild(QLabel, "banner_text")
    assert banner is not None and banner.text().startswith("Shield overridden for this view only.")


def test_standard_view_has_no_banner(make_view: MakeView) -> None:
    view = make_view()
    view.show_record(standard_record())
    assert view.findChild(QLabel, "banner_text") is None


def test_management_view_shows_the_shield_and_says_what_it_is(make_view: MakeView) -> None:
    view = make_view(MANAGER)
    text = _shown(view, management_record())
    banner = view.findChild(QLabel, "banner_text")
    assert banner is not None and banner.text().startswith("Management team view")
    shield = joined(_section(view, "Shield"))
    for shown in ("1 Jan 2026", "Zzofficer", "Domestic violence", "Next review", "1 Jul 2026"):
        assert shown in shield
    assert "SENSITIVE SERVICE: SEXUAL HEALTH" in text
    assert "Record my involvement" not in _visible_buttons(view)  # not a service


def test_archived_and_deceased(make_view: MakeView) -> None:
    view = make_view(MANAGER)
    text = _shown(view, archived_record())
    assert "DIED 1 MAR 2025" in text and "ARCHIVED" in text
    assert "Date of death" in text and "Archived on" in text and "1 Mar 2026" in text
    assert "1 May 2012" in text and "(age" not in text
    assert "No known address" in text
    banner = view.findChild(QLabel, "banner_text")
    assert banner is not None and "Archived on 1 Mar 2026" in banner.text()


def test_a_shielded_record_is_the_shielded_view_and_nothing_more(make_view: MakeView) -> None:
    view = make_view(OUTSIDER)
    text = _shown(view, shielded_record())
    assert "SHIELDED RECORD" in text and "TESTERSON, Beta" in text
    full = management_record()
    assert full.address is not None and full.school is not None and full.carers
    for hidden in (
        full.address.line1,
        full.address.postcode,
        full.school.name,
        full.carers[0].family_name.upper(),
        "Who to contact",
        "Involvements",
        "Northtown",
    ):
        assert hidden is not None and hidden not in text, hidden
    assert _visible_buttons(view) == {
        "Ask for contact",
        "Override shield",
        "Record my involvement",
        "Close record",
    }


def test_shielded_view_signals_come_out_of_the_record_view(
    make_view: MakeView, qtbot: QtBot
) -> None:
    view = make_view(OVERRIDER)
    view.show_record(shielded_record())
    for name, signal in (
        ("Ask for contact", view.contact_requested),
        ("Override shield", view.override_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000) as caught:
            _button(view, name).click()
        assert caught.args == [cp_id_of("beta")]


def test_no_override_button_without_the_right(make_view: MakeView) -> None:
    view = make_view(PRACTITIONER)
    view.show_record(shielded_record())
    assert "Override shield" not in {b.accessibleName() for b in view.findChildren(QPushButton)}


def test_mark_ceased_only_on_the_viewers_own_active_involvements(
    make_view: MakeView, qtbot: QtBot
) -> None:
    record = standard_record()
    assert record.involvements is not None
    (nurse,) = [i for i in record.involvements if i.practitioner_role == "school nurse"]
    view = make_view(PRACTITIONER)
    view.show_record(record)
    (cease,) = [b for b in view.findChildren(QPushButton) if b.text() == "Mark &ceased…"]
    assert cease.accessibleName() == "Mark ceased: school nurse, Zzhealth Visiting"
    with qtbot.waitSignal(view.cease_requested, timeout=1000) as caught:
        cease.click()
    assert caught.args == [cp_id_of("alpha"), nurse.id]
    # Another organisation's viewer, or one who records no involvements, gets none.
    for viewer in (CLINICIAN, MANAGER):
        other = make_view(viewer)
        other.show_record(record)
        assert not [b for b in other.findChildren(QPushButton) if "ceased" in b.text()]


def test_the_action_buttons_ask_with_the_records_id(make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view(PRACTITIONER)
    view.show_record(standard_record())
    assert _visible_buttons(view) >= {"Record my involvement", "Ask for a shield", "Close record"}
    for name, signal in (
        ("Record my involvement", view.involvement_requested),
        ("Ask for a shield", view.shield_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000) as caught:
            _button(view, name).click()
        assert caught.args == [cp_id_of("alpha")]
    assert view.cp_id == cp_id_of("alpha")


def test_close_clears_the_view_and_says_so(make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view()
    view.show_record(standard_record())
    with qtbot.waitSignal(view.closed, timeout=1000):
        _button(view, "Close record").click()
    assert view.cp_id is None
    assert "TESTERSON" not in joined(view)


@pytest.mark.parametrize(
    ("viewer", "kind"),
    [
        (PRACTITIONER, "standard"),
        (OVERRIDER, "override"),
        (MANAGER, "management"),
        (OVERRIDER, "shielded"),
        (CLINICIAN, "clinic"),
    ],
)
def test_clear_leaves_no_child_text_anywhere(
    make_view: MakeView, viewer: SignedInUser, kind: str
) -> None:
    record = RecordModel.from_json(record_json(kind))
    view = make_view(viewer)
    before = _shown(view, record, ALERT_REFERENCE)
    strings = _child_strings(record)
    # The control: the formatted ID and the name were on show.
    assert strings[1] in before and strings[3] in before
    view.clear()
    texts = all_texts(view)
    for text in texts:
        for secret in strings:
            assert secret not in text, secret
    assert view.cp_id is None
    assert not view.findChildren(QScrollArea)
    assert view.watermark.text() == ""
    assert [label.text() for label in view.findChildren(QLabel) if label.isVisibleTo(view)] == [
        NO_RECORD
    ]
    assert _visible_buttons(view) == set()


def test_showing_another_record_replaces_the_first(make_view: MakeView) -> None:
    view = make_view(OVERRIDER)
    view.show_record(standard_record())
    text = _shown(view, shielded_record())
    assert "Alpha" not in text and "LS6 2AB" not in text
    assert len(view.findChildren(QScrollArea)) == 1


def test_nothing_can_be_selected_dragged_or_given_a_menu(make_view: MakeView) -> None:
    for viewer, record in (
        (PRACTITIONER, standard_record()),
        (MANAGER, management_record()),
        (OVERRIDER, shielded_record()),
    ):
        view = make_view(viewer)
        view.show_record(record)
        assert interaction_leaks(view) == []
        for label in view.findChildren(QLabel):
            assert label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
            assert label.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
            assert not label.openExternalLinks()
            # Never Qt's guess: plain text, or rich text the view wrote and escaped.
            assert label.textFormat() in (Qt.TextFormat.PlainText, Qt.TextFormat.RichText)


# Synthetic names a careless view would take for markup.
MARKUP = '<b>Zz</b><img src="x"> & "Zzquote" O\'Zz'


def test_data_that_looks_like_markup_is_shown_as_typed(make_view: MakeView) -> None:
    base = standard_record()
    assert base.address is not None and base.carers and base.school is not None
    record = dataclasses.replace(
        base,
        given_name=MARKUP,
        address=dataclasses.replace(base.address, line1=f"1 {MARKUP} Street"),
        carers=[dataclasses.replace(base.carers[0], given_name=MARKUP), *base.carers[1:]],
        school=dataclasses.replace(base.school, name=f"{MARKUP} School"),
    )
    view = make_view()
    view.show_record(record)
    shown = {label.accessibleName(): label for label in _rich_labels(view)}
    for title in ("Child", "Address", "Parents and carers", "Educational setting"):
        drawn = _document(shown[title]).toPlainText()
        assert MARKUP in drawn, title  # drawn as typed: nothing became bold or an image
        assert MARKUP in shown[title].accessibleDescription(), title
        assert "<img" not in _document(shown[title]).toHtml()


def test_what_is_drawn_is_what_a_screen_reader_is_told(make_view: MakeView) -> None:
    for viewer, record in (
        (PRACTITIONER, standard_record()),
        (MANAGER, management_record()),
        (OVERRIDER, shielded_record()),
        (CLINICIAN, clinic_record()),
    ):
        view = make_view(viewer)
        view.show_record(record)
        labels = _rich_labels(view)
        assert len(labels) >= 2
        for label in labels:
            assert label.accessibleName() and label.accessibleDescription()
            drawn = _words(_document(label).toPlainText())
            told = _words(label.accessibleDescription())
            title = _words(label.accessibleName())
            # The section's heading is its accessible name; the rest is its description.
            assert drawn in (told, title + told), label.accessibleName()


def test_colour_is_never_the_only_sign(make_view: MakeView) -> None:
    """Every coloured mark (shielded, lead professional, sensitive ...) is a word."""
    coloured: list[str] = []
    for viewer, record in ((MANAGER, management_record()), (PRACTITIONER, standard_record())):
        view = make_view(viewer)
        view.show_record(record)
        for label in _rich_labels(view):
            document = _document(label)  # kept: its blocks point into it
            block = document.begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    fragment = it.fragment()
                    if fragment.charFormat().background().style() != Qt.BrushStyle.NoBrush:
                        word = fragment.text().strip("\N{NO-BREAK SPACE} ")
                        assert word.isupper() and word in label.accessibleDescription()
                        coloured.append(word)
                    it += 1
                block = block.next()
    for expected in ("SHIELDED", "LEAD PROFESSIONAL", "SENSITIVE SERVICE: SEXUAL HEALTH"):
        assert expected in coloured


def test_watermark_names_viewer_and_time_and_covers_the_view(make_view: MakeView) -> None:
    view = make_view()
    view.show()
    view.show_record(standard_record())
    assert view.watermark.text() == "Zz Practitioner · Zzhealth Visiting · 15 Jun 2026 10:05"
    assert view.watermark.geometry() == view.rect()
    assert [w for w in view.children() if isinstance(w, QWidget)][-1] is view.watermark


def _tab_chain(qtbot: QtBot, view: RecordView) -> list[QWidget]:
    view.show()
    qtbot.waitExposed(view)
    _complete(qtbot, view)
    view.activateWindow()
    start = view.findChild(QScrollArea)
    assert start is not None
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=1000)
    seen: list[QWidget] = []
    for _ in range(40):
        current = QApplication.focusWidget()
        assert current is not None
        qtbot.keyClick(current, Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        assert focused is not None
        if focused is start:
            break
        seen.append(focused)
    return seen


@pytest.mark.parametrize(
    ("viewer", "record"),
    [(PRACTITIONER, standard_record), (OVERRIDER, shielded_record), (MANAGER, management_record)],
)
def test_tab_reaches_every_button_in_order(
    make_view: MakeView, qtbot: QtBot, viewer: SignedInUser, record: RecordSample
) -> None:
    view = make_view(viewer)
    view.show_record(record())
    buttons = view.buttons()
    assert buttons and buttons[-1] is view.close_button
    chain = _tab_chain(qtbot, view)
    assert [w for w in chain if isinstance(w, QPushButton)] == buttons
    for button in buttons:
        assert button.accessibleName()


def test_tab_reads_the_record_in_the_order_it_is_drawn(make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view(PRACTITIONER)
    view.show_record(standard_record())
    chain = [w.accessibleName() for w in _tab_chain(qtbot, view)]
    assert chain[: chain.index("Close record") + 1] == [
        "Child",
        "Who to contact",
        "Involvement 1 of 3",
        "Mark ceased: school nurse, Zzhealth Visiting",
        "Involvement 2 of 3",
        "Involvement 3 of 3",
        "Address",
        "Parents and carers",
        "Educational setting",
        "GP practice",
        "Record my involvement",
        "Ask for a shield",
        "Close record",
    ]
    # Every block Tab reaches has words for a screen reader.
    for widget in _tab_chain(qtbot, view):
        assert widget.accessibleName()
        if isinstance(widget, QLabel):
            assert widget.accessibleDescription()


def test_an_override_banner_is_read_before_the_record(make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view(OVERRIDER)
    view.show_record(override_record(), ALERT_REFERENCE)
    chain = [w.accessibleName() for w in _tab_chain(qtbot, view)]
    # Tab from the details wraps round to the banner, which comes before them.
    banner = next(n for n in chain if n.startswith("Shield overridden"))
    assert chain.index("Child") < chain.index("Close record") < chain.index(banner)


def test_the_first_blocks_are_on_show_at_once_and_the_rest_follow(
    make_view: MakeView, qtbot: QtBot
) -> None:
    view = make_view()
    view.show()
    view.show_record(standard_record())
    # Who the child is and who to contact at once; every word is in the tree already.
    assert _section(view, "Who to contact").isVisible()
    assert "Zzgp Surgery" in joined(view)
    assert not view.complete
    with qtbot.waitSignal(view.completed, timeout=5000):
        pass
    assert view.complete
    assert all(label.isVisible() for label in view.findChildren(QLabel, "section"))


def test_a_record_replaced_before_it_is_all_shown_leaves_nothing_behind(
    make_view: MakeView, qtbot: QtBot
) -> None:
    view = make_view(OVERRIDER)
    view.show()
    view.show_record(standard_record())
    view.show_record(shielded_record())
    _complete(qtbot, view)
    assert "LS6 2AB" not in joined(view) and len(view.findChildren(QScrollArea)) == 1
    view.show_record(standard_record())
    view.clear()
    assert not view.complete and "TESTERSON" not in joined(view)


def test_keyboard_alone_closes_the_record(make_view: MakeView, qtbot: QtBot) -> None:
    view = make_view()
    view.show_record(standard_record())
    view.show()
    qtbot.waitExposed(view)
    view.close_button.setFocus()
    with qtbot.waitSignal(view.closed, timeout=1000):
        qtbot.keyClick(view.close_button, Qt.Key.Key_Space)


@pytest.mark.parametrize(
    ("name", "viewer", "record", "alert"),
    [
        ("record", PRACTITIONER, standard_record, None),
        ("record_override", OVERRIDER, override_record, ALERT_REFERENCE),
        ("record_management", MANAGER, management_record, None),
        ("record_archived", MANAGER, archived_record, None),
        ("shielded_record", PRACTITIONER, shielded_record, None),
        ("shielded_record_override_right", OVERRIDER, shielded_record, None),
    ],
)
def test_render(
    make_view: MakeView,
    qtbot: QtBot,
    name: str,
    viewer: SignedInUser,
    record: RecordSample,
    alert: str | None,
) -> None:
    view = make_view(viewer)
    view.show()
    view.show_record(record(), alert)
    _complete(qtbot, view)
    assert render(view, name).stat().st_size > 0


def test_a_cached_copy_shows_its_age_read_only_with_no_actions(qtbot: QtBot) -> None:
    import datetime as dt

    fetched = dt.datetime(2026, 6, 15, 9, 12, tzinfo=dt.UTC).astimezone()
    now = fetched + dt.timedelta(hours=3, minutes=5)
    view = RecordView(PRACTITIONER, clock=lambda: now)
    qtbot.addWidget(view)
    view.show()
    view.show_record(standard_record(), cached_at=fetched)
    shown = joined(view)
    assert f"as of {fetched.strftime('%H:%M')}, 3 hours ago" in shown
    assert "could not be reached, so this is your saved copy" in shown
    visible = [b.text() for b in view.buttons()]
    assert visible == [view.close_button.text()]
    render(view, "record_offline")
    # The next record from the directory is live again.
    view.show_record(standard_record())
    assert "saved copy" not in joined(view)
    assert view.involvement_button.isVisible()
