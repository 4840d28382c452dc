"""The override flow on screen: its justification dialog opened and closed as the flow says,
and the person's answers sent back to it (issue 10).

    dialogs = OverrideDialogs(controller, window=lambda: app.window, training=False)
    dialogs.flow.full_view.connect(show_record)      # (body, alert reference)
    dialogs.flow.problem.connect(explain)            # desktop.problems.Problem
    dialogs.flow.start(cp_id)                        # the record view's "Override shield"

Every decision is the flow's (desktop.override): this module only shows and hides. Each
dialog answers for the ticket it was shown with, so a dialog left over from an earlier
question can never submit into a later one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop import JustificationRequest, OverrideController, OverrideDraft, OverrideFlow
from ui.justification_dialog import JustificationDialog


class OverrideDialogs(QObject):
    def __init__(
        self,
        controller: OverrideController,
        window: Callable[[], QWidget | None],
        *,
        training: bool,
        parent: QObject | None = None,
    ) -> None:
        """`window` gives the main window the dialog belongs to, when it is asked for."""
        super().__init__(parent)
        self.flow = OverrideFlow(controller, self)
        self._window = window
        self._training = training
        self._dialog: JustificationDialog | None = None
        self.flow.justification_wanted.connect(self._show)
        self.flow.dialog_closed.connect(self._close)

    @property
    def dialog(self) -> JustificationDialog | None:
        """The justification dialog on screen, if any."""
        return self._dialog

    @Slot(object)
    def _show(self, request: JustificationRequest) -> None:
        self._close()
        dialog = JustificationDialog.for_request(request, self._window(), training=self._training)
        ticket, flow = request.ticket, self.flow

        def submitted(draft: OverrideDraft) -> None:
            flow.submit(ticket, draft)

        dialog.submitted.connect(submitted)
        dialog.cancelled.connect(lambda: flow.cancel(ticket))
        self._dialog = dialog
        dialog.open()

    @Slot()
    def _close(self) -> None:
        dialog, self._dialog = self._dialog, None
        if dialog is not None:
            dialog.withdraw()
            dialog.deleteLater()
