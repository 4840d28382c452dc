"""Record your own involvement with a child (POST /v1/children/{cp_id}/involvements).

The practitioner's name and organisation come from their sign-in; the form asks only what
InvolvementRequest carries. Dates cannot be after today (the directory refuses them), CAF
dates are open only while the CAF box is ticked, and the consent basis is asked for only
where it can apply: the directory knows which services are sensitive (sexual health,
mental health, substance misuse), the client may not, so unless the caller knows, the
consent basis is an optional choice that defaults to "not a sensitive service".
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from contract.limits import MAX_EMAIL_CHARACTERS, MAX_PHONE_CHARACTERS, MAX_ROLE_CHARACTERS
from desktop import CONSENT_BASES, InvolvementDraft
from ui.action_dialog import ActionDialog
from ui.date_field import DateField
from ui.static_label import StaticLabel

TITLE = "ContactPoint — record your involvement"
NOT_SENSITIVE = "Not a sensitive service"
CONSENT_HINT = (
    "Only sexual health, mental health and substance misuse services give a consent basis."
)


class InvolvementDialog(ActionDialog[InvolvementDraft]):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        training: bool = False,
        today: dt.date | None = None,
        sensitive_service: bool | None = None,
    ) -> None:
        """`sensitive_service`: True asks for the consent basis, False hides it, None offers it."""
        super().__init__(
            title=TITLE,
            heading="Record your involvement",
            explanation=(
                "Tell other practitioners that your service is working with this child and how "
                "to reach you. Your name and organisation are added from your sign-in."
            ),
            ok_label="Record involvement",
            parent=parent,
            training=training,
        )
        self.setMinimumWidth(580)
        self._today = today or dt.date.today()
        self._sensitive = sensitive_service

        self.role = QLineEdit(self)
        self.role.setMaxLength(MAX_ROLE_CHARACTERS)
        self.role.setPlaceholderText("for example health visitor")
        self.role.setAccessibleName("Your role")
        self.form.addRow("Your &role:", self.role)

        self.phone = QLineEdit(self)
        self.phone.setMaxLength(MAX_PHONE_CHARACTERS)
        self.phone.setPlaceholderText("a number other practitioners can call")
        self.phone.setAccessibleName("Phone")
        self.form.addRow("&Phone:", self.phone)

        self.email = QLineEdit(self)
        self.email.setMaxLength(MAX_EMAIL_CHARACTERS)
        self.email.setPlaceholderText("optional")
        self.email.setAccessibleName("Email (optional)")
        self.form.addRow("&Email:", self.email)

        self.start_date = DateField(self._today, latest=self._today, parent=self)
        self.start_date.setAccessibleName("Start date")
        self.start_date.setAccessibleDescription("The day your involvement began; not after today.")
        self.form.addRow("&Started on:", self.start_date)

        self.lead = QCheckBox("You are the &lead professional for this child", self)
        self.lead.setAccessibleName("Lead professional")
        self.lead.setAccessibleDescription(self.lead.text().replace("&", ""))
        # Across both columns: a check box cannot wrap, and at 200% text (issue 12) the
        # label column's width would push its words past the dialog's edge.
        self.form.addRow(self.lead)

        self.caf = QCheckBox("A Common Assessment &Framework (CAF) is open", self)
        self.caf.setAccessibleName("CAF")
        self.caf.setAccessibleDescription(self.caf.text().replace("&", ""))
        self.form.addRow(self.caf)

        self.caf_started = DateField(self._today, latest=self._today, parent=self)
        self.caf_started.setAccessibleName("CAF started on")
        self.caf_started.setAccessibleDescription("The day the CAF was opened.")
        self.form.addRow("CAF s&tarted on:", self.caf_started)

        self.caf_done = QCheckBox("CAF co&mpleted on:", self)
        self.caf_done.setAccessibleName("CAF completed")
        self.caf_done.setAccessibleDescription("Tick when the CAF is completed, then give the day.")
        self.caf_completed = DateField(self._today, latest=self._today, parent=self)
        self.caf_completed.setAccessibleName("CAF completed on")
        self.caf_completed.setAccessibleDescription("The day the CAF was completed.")
        self.form.addRow(self.caf_done, self.caf_completed)

        self.consent = QComboBox(self)
        self.consent.setAccessibleName("Consent basis")
        self.consent.setAccessibleDescription(
            "For a sensitive service: the basis on which the child's consent was given."
        )
        if sensitive_service is None:
            self.consent.addItem(NOT_SENSITIVE, None)
        for code, label in CONSENT_BASES:
            self.consent.addItem(label, code)
        if sensitive_service:
            # A sensitive service must choose: no basis is offered for it.
            self.consent.setPlaceholderText("Choose the consent basis")
            self.consent.setCurrentIndex(-1)
        self.form.addRow("Consent &basis:", self.consent)
        self._consent_hint = StaticLabel(CONSENT_HINT, self)
        self._consent_hint.setObjectName("consentHint")
        self.form.addRow("", self._consent_hint)
        if sensitive_service is False:
            self.form.setRowVisible(self.consent, False)
            self.form.setRowVisible(self._consent_hint, False)

        for edit in (self.role, self.phone, self.email):
            edit.textChanged.connect(self.refresh)
        for date in (self.start_date, self.caf_started, self.caf_completed):
            date.dateChanged.connect(self.refresh)
        for box in (self.lead, self.caf, self.caf_done):
            box.toggled.connect(self._enable_caf)
        self.consent.currentIndexChanged.connect(self.refresh)
        self._enable_caf()
        fields: list[QWidget] = [
            self.role,
            self.phone,
            self.email,
            self.start_date,
            self.lead,
            self.caf,
            self.caf_started,
            self.caf_done,
            self.caf_completed,
        ]
        if sensitive_service is not False:
            fields.append(self.consent)
        self.finish(fields)

    def _enable_caf(self) -> None:
        caf = self.caf.isChecked()
        self.caf_started.setEnabled(caf)
        self.caf_done.setEnabled(caf)
        self.caf_completed.setEnabled(caf and self.caf_done.isChecked())
        self.refresh()

    def draft(self) -> InvolvementDraft:
        caf = self.caf.isChecked()
        completed = caf and self.caf_done.isChecked()
        consent = self._consent_basis()
        return InvolvementDraft(
            practitioner_role=self.role.text(),
            phone=self.phone.text(),
            email=self.email.text() or None,
            start_date=self.start_date.day(),
            lead_professional=self.lead.isChecked(),
            caf=caf,
            caf_started=self.caf_started.day() if caf else None,
            caf_completed=self.caf_completed.day() if completed else None,
            consent_basis=consent,
        )

    def _consent_basis(self) -> str | None:
        if self._sensitive is False:
            return None  # the row is hidden: whatever the combo holds is not the answer
        code = self.consent.currentData() if self.consent.currentIndex() >= 0 else None
        if self._sensitive and not isinstance(code, str):
            raise ValueError("Your service is sensitive: choose the consent basis.")
        return code if isinstance(code, str) else None
