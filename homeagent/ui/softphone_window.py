"""The compact softphone window (SIP only, no central API): sign-in, line status and calls.

A thin view over SoftphoneViewModel. No logic, no blocking, plain text. The desk window
(`desk_window.py`) is the full agent desktop built from the same parts.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMainWindow, QVBoxLayout, QWidget

from homeagent.ui.call_panel import CallPanel
from homeagent.ui.sign_in_box import SignInBox
from homeagent.ui.softphone_vm import SoftphoneViewModel
from homeagent.ui.widgets import button, plain_label


class LineBanner(QFrame):
    """What is wrong with the phone line, with a Retry now button; hidden when all is well."""

    def __init__(self, vm: SoftphoneViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("banner")
        self.setStyleSheet("#banner { background: #fecaca; }")
        self.label = plain_label("bannerLabel", self.tr("Problem with the phone line"))
        self.label.setStyleSheet("color: #000;")
        self.retry_button = button(
            self.tr("Retry now"), self._on_retry_button_clicked, name="retryButton"
        )
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.retry_button)
        vm.registration_changed.connect(self._on_vm_registration_changed)
        self.refresh()

    def refresh(self) -> None:
        text = self._vm.banner_text()
        self.label.setText(text)
        self.setVisible(bool(text))
        self.retry_button.setEnabled(self._vm.controls().retry)

    @Slot()
    def _on_vm_registration_changed(self) -> None:
        self.refresh()

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self._vm.retry_registration()


def bring_to_front(window: QWidget) -> None:
    """Show, un-minimise and raise a window (another launch handed over to us)."""
    state = window.windowState() & ~Qt.WindowState.WindowMinimized
    window.setWindowState(state | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


class SoftphoneWindow(QMainWindow):
    def __init__(self, vm: SoftphoneViewModel) -> None:
        super().__init__()
        self._vm = vm
        title = self.tr("HomeAgent")
        self.setWindowTitle(self.tr("{title} — DEMO").format(title=title) if vm.demo else title)
        central = QWidget(self)
        root = QVBoxLayout(central)
        self.setCentralWidget(central)
        self.demo_label = plain_label("demoLabel", self.tr("Demo mode"))
        self.demo_label.setText(self.tr("DEMO — simulated phone line, no real calls are made."))
        self.demo_label.setStyleSheet("background: #fde68a; color: #000; padding: 4px;")
        self.demo_label.setVisible(vm.demo)
        root.addWidget(self.demo_label)
        self.banner = LineBanner(vm)
        root.addWidget(self.banner)
        self.signin = SignInBox(vm)
        root.addWidget(self.signin)
        self.registration_label = plain_label("registrationLabel", self.tr("Line status"))
        root.addWidget(self.registration_label)
        self.calls = CallPanel(vm)
        self.calls.dtmf_shown.connect(self._on_calls_dtmf_shown)
        root.addWidget(self.calls, 1)
        order = [self.banner.retry_button, *self.signin.tab_chain(), *self.calls.tab_chain()]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        vm.registration_changed.connect(self._on_vm_registration_changed)
        self._on_vm_registration_changed()

    def bring_to_front(self) -> None:
        bring_to_front(self)

    @Slot()
    def _on_vm_registration_changed(self) -> None:
        self.registration_label.setText(self._vm.registration_text())

    @Slot(str)
    def _on_calls_dtmf_shown(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)
