"""Light and dark palettes that follow the system's colour scheme, live.

Fusion draws the same on every platform and takes a palette faithfully; the dark one keeps
the contrast of text on controls at WCAG AA levels. Banners keep their own fixed colours.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup

_DARK = {
    Role.Window: "#1f2329",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#16191d",
    Role.AlternateBase: "#252a31",
    Role.ToolTipBase: "#2b3038",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#8b949e",
    Role.Text: "#e6e6e6",
    Role.Button: "#2b3038",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff6b6b",
    Role.Link: "#6cb6ff",
    Role.Highlight: "#2f6fd6",
    Role.HighlightedText: "#ffffff",
}
_DARK_DISABLED = {
    Role.WindowText: "#7d8590",
    Role.Text: "#7d8590",
    Role.ButtonText: "#7d8590",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role, colour in _DARK_DISABLED.items():
        palette.setColor(Group.Disabled, role, QColor(colour))
    return palette


def palette_for(app: QApplication, scheme: Qt.ColorScheme) -> QPalette:
    return dark_palette() if scheme is Qt.ColorScheme.Dark else app.style().standardPalette()


def apply(app: QApplication) -> None:
    """Fusion with the palette of the system's scheme, and again whenever it changes."""
    app.setStyle("Fusion")
    hints = app.styleHints()

    def follow(scheme: Qt.ColorScheme) -> None:
        app.setPalette(palette_for(app, scheme))

    follow(hints.colorScheme())
    hints.colorSchemeChanged.connect(follow)
