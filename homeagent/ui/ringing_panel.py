"""The incoming-call panel: who is calling (number, customer when known), Answer / Decline.

It appears above the calls list while a call rings, so the operator sees the customer's name
before saying "Bonjour". The name comes from the screen pop; everything is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from homeagent.ui.softphone_vm import SoftphoneViewModel
from homeagent.ui.widgets import button, plain_label


class RingingPanel(QFrame):
    def __init__(self, vm: SoftphoneViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("ringingPanel")
        self.setAccessibleName(self.tr("Incoming call"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#ringingPanel { background: #dbeafe; border: 2px solid #2563eb; border-radius: 6px; }"
            "#ringingPanel QLabel { color: #0f172a; }"
        )
        self.title_label = plain_label("ringingTitle", self.tr("Incoming call"))
        self.number_label = plain_label("ringingNumber", self.tr("Caller number"))
        font = self.number_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.number_label.setFont(font)
        self.customer_label = plain_label("ringingCustomer", self.tr("Caller"))
        self.customer_label.setFont(font)
        self.answer_button = button(
            self.tr("Answer"), self._on_answer_button_clicked, "Ctrl+Return", name="ringAnswer"
        )
        self.decline_button = button(
            self.tr("Decline"), self._on_decline_button_clicked, name="ringDecline"
        )
        text = QVBoxLayout()
        text.addWidget(self.title_label)
        text.addWidget(self.customer_label)
        text.addWidget(self.number_label)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.answer_button)
        row.addWidget(self.decline_button)
        self._customer = ""
        vm.calls_changed.connect(self._on_vm_calls_changed)
        self.refresh()

    def set_customer(self, text: str) -> None:
        """The screen pop's answer: a name, "several customers", "unknown"…"""
        self._customer = text
        self.refresh()

    def refresh(self) -> None:
        ringing = self._vm.ringing_call()
        self.setVisible(ringing is not None)
        if ringing is None:
            self._customer = ""
            return
        self.title_label.setText(
            self.tr("Call waiting — a second call")
            if self._vm.call_waiting()
            else self.tr("Incoming call")
        )
        self.number_label.setText(self._vm.number_text(ringing))
        self.customer_label.setText(self._customer or self.tr("Looking up the caller…"))

    @Slot()
    def _on_vm_calls_changed(self) -> None:
        self.refresh()

    @Slot()
    def _on_answer_button_clicked(self) -> None:
        self._vm.answer()

    @Slot()
    def _on_decline_button_clicked(self) -> None:
        self._vm.decline()
