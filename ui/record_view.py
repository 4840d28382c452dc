"""The record view: one child's record at the level the directory sent, and what to do next.

A shielded record is shown by ShieldedView (four fields, ask for contact, override for
those with the right); every other level by FullRecord. An override view carries a banner
saying that the shield is overridden for this view only and which alert went to the
management team; a management view says it is one. A watermark with the viewer and the time
covers the whole view (DESIGN.md 4), and nothing in it can be selected, dragged or copied.

The buttons only ask: each emits a signal with the ContactPoint ID and the controller runs
the dialog and the directory call. `clear()` takes every widget that holds the child's data
out of the widget tree at once and deletes it (the lock screen and sign-out call it), so no
text about the child is left in the view.

`show_record` builds the whole record at once (all its text is in the tree from the start)
but shows only the first blocks; the rest come a turn of the event loop each
(ui.record_reveal), so that no turn stalls the loop for long (issue 12). `complete` and
`completed` say when all of it is on show. Tab goes through the notices, the record's
blocks and buttons in reading order, then the team's steps and the bar.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop import RecordLevel, RecordModel, SignedInUser, wording
from ui.flow_layout import FlowLayout
from ui.full_record import FullRecord
from ui.readonly import lock_down
from ui.record_reveal import Reveal, warm_up
from ui.record_team_bar import TeamBar
from ui.record_text import plain, scaled
from ui.shield_steps import record_steps
from ui.shielded_view import ShieldedView
from ui.watermark import Watermark, watermark_text

NO_RECORD = "No record is open. Search for a child to see their record."
_OVERRIDE_STYLE = (
    "QFrame#banner { background: #fff1c2; border: 2px solid #b26a00; border-radius: 4px; }"
    " QLabel { color: #3d2600; }"
)
_OFFLINE_STYLE = (
    "QFrame#offline_banner { background: #e8eef7; border: 2px solid #34507a; border-radius: 4px; }"
)
_MANAGEMENT_STYLE = (
    "QFrame#banner { background: #e9e4f5; border: 1px solid #5b2a86; border-radius: 4px; }"
)


def override_banner_text(alert_reference: str | None) -> str:
    alert = f"Alert {alert_reference} has" if alert_reference else "An alert has"
    return f"Shield overridden for this view only. {alert} been sent to the management team."


def management_banner_text(record: RecordModel) -> str:
    text = "Management team view: the whole record, including the shield and sensitive services."
    if record.archived_on is not None:
        text += (
            f" Archived on {wording.date(record.archived_on)}: only the management team "
            "can see this record."
        )
    return text


def _local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class RecordView(QWidget):
    closed = Signal()
    involvement_requested = Signal(str)  # cp_id
    cease_requested = Signal(str, str)  # cp_id, involvement id (its handle)
    shield_requested = Signal(str)  # cp_id
    contact_requested = Signal(str)  # cp_id
    override_requested = Signal(str)  # cp_id
    shield_step_requested = Signal(str, object, bool, object)  # ui.record_team_bar.TeamBar
    history_requested = Signal(str)  # cp_id
    completed = Signal()  # the whole record is on show (see `complete`)

    def __init__(
        self,
        viewer: SignedInUser,
        clock: Callable[[], dt.datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("record_view")
        self.setAccessibleName("Child's record")
        self._viewer = viewer
        self._clock = clock or _local_now
        self._cp_id: str | None = None
        self._level: RecordLevel | None = None
        self._read_only = False
        self._page: QWidget | None = None
        self._reveal: Reveal | None = None
        self._content_buttons: list[QPushButton] = []

        self._empty = plain(NO_RECORD, self, name="no_record")
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.involvement_button = self._button(
            "Record my in&volvement…", "record_involvement", "Record my involvement"
        )
        self.involvement_button.setAccessibleDescription(
            "Record that your service works with this child, so others can find you"
        )
        self.involvement_button.clicked.connect(self._ask(self.involvement_requested))
        self.shield_button = self._button(
            "Ask for a &shield…", "ask_for_shield", "Ask for a shield"
        )
        self.shield_button.setAccessibleDescription(
            "Ask the management team to shield this child, with your reason"
        )
        self.shield_button.clicked.connect(self._ask(self.shield_requested))
        self.close_button = self._button("C&lose record", "close_record", "Close record")
        self.close_button.setToolTip("Close record (Escape)")
        self.close_button.clicked.connect(self._close)
        # The shield officers' and team's steps, on a row of their own above the others.
        self.team_bar = TeamBar(self)
        self.team_bar.shield_step_requested.connect(self.shield_step_requested)
        self.team_bar.history_requested.connect(self.history_requested)
        # The two requests wrap onto a second line rather than be squeezed (large text);
        # Close stays at the right.
        requests = QWidget(self)
        flow = FlowLayout(requests)
        flow.addWidget(self.involvement_button)
        flow.addWidget(self.shield_button)
        bar = QHBoxLayout()
        bar.addWidget(requests, 1)
        bar.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._empty, 1)
        self._layout.addWidget(self.team_bar)
        self._layout.addLayout(bar)
        # Created last so that it starts above everything; it raises itself above later ones.
        self.watermark = Watermark(self)
        lock_down(self)
        warm_up()
        self._update_actions(None)

    def _button(self, text: str, name: str, accessible: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        # Never narrower than its words (large text): the record beside it gives way.
        button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        return button

    def _ask(self, signal: SignalInstance) -> Callable[[], None]:
        def emit() -> None:
            if self._cp_id is not None:
                signal.emit(self._cp_id)

        return emit

    @property
    def cp_id(self) -> str | None:
        """The ContactPoint ID of the record on show, or None."""
        return self._cp_id

    @property
    def level(self) -> RecordLevel | None:
        """The level the directory sent the record on show at, or None."""
        return self._level

    def buttons(self) -> list[QPushButton]:
        """Every visible button, in tab order."""
        return [*self._content_buttons, *self._outside_buttons()]

    def _outside_buttons(self) -> list[QPushButton]:
        """The team's steps and the bar's buttons on show, in tab order."""
        bar = (self.involvement_button, self.shield_button, self.close_button)
        team = self.team_bar.buttons() if not self.team_bar.isHidden() else []
        return [*team, *(b for b in bar if not b.isHidden())]

    def show_record(
        self,
        record: RecordModel,
        alert_reference: str | None = None,
        *,
        cached_at: dt.datetime | None = None,
    ) -> None:
        """Show `record`, replacing whatever was on show; `alert_reference` for an override.

        `cached_at` marks a copy from the encrypted cache shown while the directory cannot
        be reached: it is shown read-only, with its age, and offers no action.
        """
        self.clear()
        now = self._clock()
        page = QWidget(self)
        page.setObjectName("record_page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        notices = [n for n in (_banner(record, alert_reference, page),) if n is not None]
        if cached_at is not None:
            notices.append(_offline_banner(cached_at, now, page))
        for notice in notices:
            layout.addWidget(notice)
        body: ShieldedView | FullRecord
        if record.level is RecordLevel.SHIELDED:
            body = ShieldedView(record, self._viewer, now.date())
            body.contact_requested.connect(self.contact_requested)
            body.override_requested.connect(self.override_requested)
        else:
            body = FullRecord(record, self._viewer, now.date())
            cp_id = record.cp_id
            body.cease_requested.connect(lambda item: self.cease_requested.emit(cp_id, item))
        scroll = QScrollArea(page)
        scroll.setObjectName("record_scroll")
        scroll.setAccessibleName("Record details")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys and Page Down scroll
        self._reveal = Reveal(body.later_blocks(), page)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self._page = page
        self._cp_id = record.cp_id
        self._level = record.level
        self._content_buttons = body.buttons()
        self._read_only = cached_at is not None
        if self._read_only:
            # Nothing can be asked of a directory that cannot be reached.
            for button in self._content_buttons:
                button.hide()
            self._content_buttons = []
        self._empty.hide()
        self._layout.insertWidget(0, page, 1)
        page.show()  # now, with its first blocks, not on a later turn as a layout would
        lock_down(page)
        self.watermark.set_text(watermark_text(self._viewer, now))
        self.watermark.raise_()
        self._update_actions(record)
        # The notices first, then the record's blocks and buttons as they are read, then
        # the steps and the bar: Tab follows the reading order. (A hidden button of a
        # read-only copy, or a block not shown yet, is skipped by Tab.)
        first: list[QWidget] = [t for n in notices if (t := n.findChild(QLabel)) is not None]
        self._chain_tab_order([*first, scroll, *body.reading_order()])
        self._reveal.finished.connect(self.completed)
        self._reveal.start()

    @property
    def complete(self) -> bool:
        """A record is on show, all of it (its later blocks come a turn each)."""
        return self._page is not None and self._reveal is not None and self._reveal.done

    def clear(self) -> None:
        """Remove and delete everything that shows the child; the view is empty after."""
        page, self._page = self._page, None
        if self._reveal is not None:
            self._reveal.stop()
            self._reveal = None
        self._cp_id = None
        self._level = None
        self._read_only = False
        self._content_buttons = []
        if page is not None:
            self._layout.removeWidget(page)
            page.hide()
            # Out of the tree now, so nothing can reach its labels; deleted by the event loop
            # (or at once, when the last Python reference goes).
            page.setParent(None)
            page.deleteLater()
        self.watermark.set_text("")
        self._empty.show()
        self._update_actions(None)

    def _close(self) -> None:
        self.clear()
        self.closed.emit()

    def _update_actions(self, record: RecordModel | None) -> None:
        shown = record is not None and not self._read_only
        self.involvement_button.setVisible(shown and self._viewer.records_involvements)
        self.shield_button.setVisible(shown and record is not None and not record.shielded)
        self.close_button.setVisible(record is not None)
        if record is None or not shown:
            self.team_bar.show_for(None, (), history=False)
            return
        self.team_bar.show_for(
            record.cp_id,
            record_steps(record, self._viewer),
            history=self._viewer.manages and record.level is RecordLevel.MANAGEMENT,
            phase=None if record.shield is None else record.shield.state,
        )

    def _chain_tab_order(self, content: list[QWidget]) -> None:
        chain: list[QWidget] = [*content, *self._outside_buttons()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)


def offline_banner_text(cached_at: dt.datetime, now: dt.datetime) -> str:
    age = wording.as_of(cached_at, now)
    # Past tense: the banner stays while the copy is on screen, and the directory may be
    # back by then (the header says whether it is); the copy is still only a copy.
    return (
        f"The directory could not be reached, so this is your saved copy, {age}: it may be "
        "out of date, and nothing can be changed in it. Open the record again once the "
        "directory is back."
    )


def _offline_banner(cached_at: dt.datetime, now: dt.datetime, parent: QWidget) -> QFrame:
    frame = QFrame(parent)
    frame.setObjectName("offline_banner")
    frame.setStyleSheet(_OFFLINE_STYLE)
    frame.setAccessibleName("Offline copy")
    text = offline_banner_text(cached_at, now)
    label = scaled(plain(text, frame, name="offline_text"), 1.05, bold=True)
    label.setAccessibleName(text)
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    QVBoxLayout(frame).addWidget(label)
    return frame


def _banner(record: RecordModel, alert_reference: str | None, parent: QWidget) -> QFrame | None:
    if record.level is RecordLevel.OVERRIDE:
        text, style = override_banner_text(alert_reference), _OVERRIDE_STYLE
    elif record.level is RecordLevel.MANAGEMENT:
        text, style = management_banner_text(record), _MANAGEMENT_STYLE
    else:
        return None
    frame = QFrame(parent)
    frame.setObjectName("banner")
    frame.setStyleSheet(style)
    frame.setAccessibleName("Notice")
    frame.setAccessibleDescription(text)
    layout = QVBoxLayout(frame)
    label = plain(text, frame, name="banner_text")
    if record.level is RecordLevel.OVERRIDE:
        scaled(label, 1.15, bold=True)
    label.setAccessibleName(text)
    label.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # read first: what kind of view this is
    layout.addWidget(label)
    return frame
