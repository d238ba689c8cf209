"""The palette follows the colour scheme, live."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from homeagent.ui import palette


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    before, style = qapp.palette(), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(before)


def window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_then_light_scheme_switches_the_palette(app: QApplication, qtbot: QtBot) -> None:
    palette.apply(app)
    assert window_lightness(app) > 180  # no scheme known (offscreen): light
    # the platform announces a change (offscreen Qt cannot switch its own scheme)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert window_lightness(app) < 80
    text = app.palette().color(QPalette.ColorRole.WindowText).lightness()
    assert text > 200  # light text on the dark window
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert window_lightness(app) > 180
