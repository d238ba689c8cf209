"""The tray icon: a notification when a call rings while the window is hidden or behind."""

from __future__ import annotations

import html
import sys

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from homeagent.ui.softphone_vm import SoftphoneViewModel

RING_MESSAGE_MS = 10_000


def notification_text(text: str, platform: str = sys.platform) -> str:
    """Freedesktop notification servers may read the body as markup: data stays literal."""
    return html.escape(text, quote=False) if platform.startswith("linux") else text


class Tray(QObject):
    def __init__(self, vm: SoftphoneViewModel, window: QWidget, icon: QIcon) -> None:
        super().__init__(window)
        self._vm = vm
        self._window = window
        self._notified = ""
        self._customer = ""
        self.icon: QSystemTrayIcon | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return  # e.g. a desktop without a tray: the window alone has to do
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip(self.tr("HomeAgent"))
        menu = QMenu(window)
        menu.addAction(self.tr("Show HomeAgent"), self._show)
        menu.addAction(self.tr("Answer"), vm.answer)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._on_icon_activated)
        self.icon.messageClicked.connect(self._show)
        self.icon.show()
        vm.calls_changed.connect(self._on_vm_calls_changed)

    def set_customer(self, text: str) -> None:
        self._customer = text

    def message_for_ringing(self) -> tuple[str, str] | None:
        """(title, body) for the ringing call, or None when nothing rings."""
        call = self._vm.ringing_call()
        if call is None:
            return None
        body = self._vm.number_text(call)
        if self._customer:
            body = f"{self._customer}\n{body}"
        return self.tr("Incoming call"), notification_text(body)

    @Slot()
    def _on_vm_calls_changed(self) -> None:
        call = self._vm.ringing_call()
        if call is None:
            self._notified = ""
            self._customer = ""
            return
        if call.call_id == self._notified or self.icon is None:
            return
        self._notified = call.call_id
        message = self.message_for_ringing()
        if message is not None and not self._window.isActiveWindow():
            self.icon.showMessage(
                *message, QSystemTrayIcon.MessageIcon.Information, RING_MESSAGE_MS
            )

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self._show()

    def _show(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()
