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


def desk_shortcuts() -> list[tuple[str, str]]:
    """(keys, what it does), in the order an operator meets them.

    Each text is a literal in its own translate() call so that lupdate can see it.
    """
    return [
        (
            "Ctrl+Return",
            QCoreApplication.translate(
                "Shortcuts", "Answer the ringing call (or call the number typed)"
            ),
        ),
        ("Ctrl+D", QCoreApplication.translate("Shortcuts", "Hang up")),
        ("Ctrl+H", QCoreApplication.translate("Shortcuts", "Hold / resume")),
        ("Ctrl+M", QCoreApplication.translate("Shortcuts", "Mute / unmute")),
        ("Ctrl+T", QCoreApplication.translate("Shortcuts", "Transfer")),
        ("0-9 * #", QCoreApplication.translate("Shortcuts", "Keypad tones during a call")),
        ("Ctrl+Shift+I", QCoreApplication.translate("Shortcuts", "Clock in")),
        ("Ctrl+Shift+B", QCoreApplication.translate("Shortcuts", "Start / end a break")),
        ("Ctrl+Shift+O", QCoreApplication.translate("Shortcuts", "Clock out")),
        ("Ctrl+N", QCoreApplication.translate("Shortcuts", "Go to the ticket notes")),
        ("Ctrl+S", QCoreApplication.translate("Shortcuts", "Submit the ticket and wrap-up")),
        (
            "Alt+1 … Alt+4",
            QCoreApplication.translate("Shortcuts", "Customer, Products, History, My day"),
        ),
        (
            "Ctrl+F",
            QCoreApplication.translate(
                "Shortcuts", "Search in the tab in front (customers, products, history)"
            ),
        ),
        ("F1", QCoreApplication.translate("Shortcuts", "This sheet")),
        ("Ctrl+Q", QCoreApplication.translate("Shortcuts", "Quit")),
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
