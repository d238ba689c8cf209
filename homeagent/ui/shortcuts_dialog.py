"""Help > Keyboard shortcuts: every shortcut of the desk on one sheet."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def _t(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


def desk_shortcuts() -> list[tuple[str, str]]:
    """(keys, what it does), in the order an operator meets them."""
    return [
        ("Ctrl+Return", _t("Answer the ringing call (or call the number typed)")),
        ("Ctrl+D", _t("Hang up")),
        ("Ctrl+H", _t("Hold / resume")),
        ("Ctrl+M", _t("Mute / unmute")),
        ("Ctrl+T", _t("Transfer")),
        ("0-9 * #", _t("Keypad tones during a call")),
        ("Ctrl+Shift+I", _t("Clock in")),
        ("Ctrl+Shift+B", _t("Start / end a break")),
        ("Ctrl+Shift+O", _t("Clock out")),
        ("Ctrl+N", _t("Go to the ticket notes")),
        ("Ctrl+S", _t("Submit the ticket and wrap-up")),
        ("Alt+1 … Alt+4", _t("Customer, Products, History, My day")),
        ("Ctrl+F", _t("Search in the tab in front (customers, products, history)")),
        ("F1", _t("This sheet")),
        ("Ctrl+Q", _t("Quit")),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = desk_shortcuts()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, text) in enumerate(rows):
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText) or keys
            self.table.setItem(row, 0, QTableWidgetItem(native if "…" not in keys else keys))
            self.table.setItem(row, 1, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(buttons)
        self.resize(560, 480)
