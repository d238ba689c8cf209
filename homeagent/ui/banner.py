"""A plain-text banner across the window when the company server or the phone line cannot be
reached; hidden when all is well. A thin view over SyncViewModel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from homeagent.ui.sync_vm import SyncViewModel


class ConnectivityBanner(QFrame):
    def __init__(self, vm: SyncViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("connectivityBanner")
        self.setStyleSheet("#connectivityBanner { background: #fde68a; }")
        self.label = QLabel()
        self.label.setObjectName("connectivityBannerLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #000;")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        vm.banner_changed.connect(self._on_vm_banner_changed)
        self.refresh_view()

    def refresh_view(self) -> None:
        text = self._vm.banner_text()
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setVisible(bool(text))

    @Slot()
    def _on_vm_banner_changed(self) -> None:
        self.refresh_view()
