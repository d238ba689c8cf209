"""A small dialog to add a note to an existing ticket (from the customer's history).

What is typed is a draft (kept if the dialog is closed or the app dies); "Add note" queues it
and the dialog closes once the outbox has it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.ticket_vm import TicketViewModel, _short

ERROR_STYLE = "color: #b91c1c; font-weight: bold;"


class NoteDialog(QDialog):
    def __init__(
        self,
        vm: TicketViewModel,
        ticket_id: str,
        ticket_subject: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._vm = vm
        self._ticket_id = ticket_id
        self.setObjectName("noteDialog")
        self.setWindowTitle(self.tr("Add a note to a ticket"))
        root = QVBoxLayout(self)
        self.ticket_label = QLabel()
        self.ticket_label.setObjectName("noteTicketLabel")
        self.ticket_label.setTextFormat(Qt.TextFormat.PlainText)
        self.ticket_label.setWordWrap(True)
        self.ticket_label.setAccessibleName(self.tr("Ticket"))
        self.ticket_label.setText(
            self.tr("Ticket: {subject}").format(subject=_short(ticket_subject or ticket_id))
        )
        root.addWidget(self.ticket_label)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setAccessibleName(self.tr("Note"))
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlainText(vm.note_draft(ticket_id))
        self.note_edit.textChanged.connect(self._on_note_changed)
        root.addWidget(self.note_edit, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("noteStatusLabel")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName(self.tr("Note state"))
        root.addWidget(self.status_label)
        buttons = QDialogButtonBox()
        self.add_button = QPushButton(self.tr("&Add note"))
        self.add_button.setObjectName("noteAddButton")
        self.add_button.setAccessibleName(self.tr("Add note"))
        self.add_button.setDefault(False)
        self.add_button.setAutoDefault(False)
        native = QKeySequence("Ctrl+Return").toString(QKeySequence.SequenceFormat.NativeText)
        self.add_button.setToolTip(self.tr("Add note ({keys})").format(keys=native))
        self.add_button.clicked.connect(self._on_add_clicked)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("noteCancelButton")
        cancel.setAccessibleName(self.tr("Close, keep the draft"))
        cancel.clicked.connect(self.reject)
        root.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self._on_add_clicked)
        vm.note_result.connect(self._on_vm_note_result)
        self.resize(480, 320)
        self.note_edit.setFocus()

    @Slot()
    def _on_note_changed(self) -> None:
        self._vm.save_note_draft(self._ticket_id, self.note_edit.toPlainText())

    @Slot()
    def _on_add_clicked(self) -> None:
        self.add_button.setEnabled(False)
        self._vm.add_note(self._ticket_id, self.note_edit.toPlainText())

    @Slot(str, bool, str)
    def _on_vm_note_result(self, ticket_id: str, ok: bool, text: str) -> None:
        if ticket_id != self._ticket_id:
            return
        self.status_label.setText(text)
        self.status_label.setStyleSheet("" if ok else ERROR_STYLE)
        self.add_button.setEnabled(not ok)
        if ok:
            self.accept()

    def done(self, result: int) -> None:
        self._vm.note_result.disconnect(self._on_vm_note_result)
        super().done(result)
