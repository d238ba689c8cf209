"""Small widget factories shared by the windows: plain-text labels, named edits and buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton


def plain_label(name: str, accessible: str) -> QLabel:
    """A label that may show data: never interpreted as rich text."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    return label


def line_edit(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    return edit


def button(
    text: str, slot: Callable[[], None], keys: str = "", checkable: bool = False, name: str = ""
) -> QPushButton:
    """A push button whose tooltip shows its shortcut in the platform's notation."""
    widget = QPushButton(text)
    if name:
        widget.setObjectName(name)
    widget.setAccessibleName(text.replace("&", "").rstrip("…"))
    widget.setCheckable(checkable)
    if keys:
        native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        widget.setToolTip(
            QCoreApplication.translate("Shortcut", "{action} ({keys})").format(
                action=text.replace("&", ""), keys=native
            )
        )
    widget.clicked.connect(slot)
    return widget
