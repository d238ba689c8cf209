"""The desk window's frame: sign-in page, desk page, ringing panel, tabs and menus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from homeagent.domain.call import CallState
from homeagent.ui.desk_window import DeskParts, DeskWindow
from homeagent.ui.softphone_vm import SoftphoneViewModel
from tests.ui.conftest import Phone

HOSTILE = "<b>Bold</b><img src='http://x.invalid/a.png'>"


@pytest.fixture
def vm(phone: Phone, qtbot: QtBot) -> Iterator[SoftphoneViewModel]:
    model = SoftphoneViewModel(phone.telephony, phone.session, clock=phone.timers.now)
    yield model
    model.close()


@pytest.fixture
def desk(vm: SoftphoneViewModel, qtbot: QtBot) -> DeskWindow:
    tabs = {name: QLabel(name) for name in ("customer", "products", "history", "my_day")}
    parts = DeskParts(
        customer=tabs["customer"],
        products=tabs["products"],
        history=tabs["history"],
        my_day=tabs["my_day"],
        ticket=QLabel("ticket"),
    )
    win = DeskWindow(vm, parts)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_sign_in_page_first_then_the_desk(phone: Phone, desk: DeskWindow) -> None:
    assert desk.stack.currentWidget() is desk.sign_in_page
    assert not desk.menus["shift"].isEnabled()
    desk.set_signed_in(True, "Camille")
    assert desk.stack.currentWidget() is desk.desk_page
    assert "Camille" in desk.windowTitle()
    assert desk.menus["shift"].isEnabled()
    desk.set_signed_in(False)
    assert desk.stack.currentWidget() is desk.sign_in_page


def test_sign_in_problems_show_on_the_sign_in_page(desk: DeskWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(desk.signin.sign_in_button, Qt.MouseButton.LeftButton)
    assert desk.sign_in_message.text() == "Enter your user name and password."


def test_ringing_panel_shows_the_caller_as_plain_text(phone: Phone, desk: DeskWindow) -> None:
    desk.set_signed_in(True)
    phone.registered()
    assert not desk.ringing.isVisible()
    phone.incoming("c1")
    assert desk.ringing.isVisible()
    assert desk.ringing.customer_label.text() == "Looking up the caller…"
    desk.ringing.set_customer(HOSTILE)
    assert desk.ringing.customer_label.text() == HOSTILE
    assert desk.ringing.customer_label.textFormat() is Qt.TextFormat.PlainText
    assert desk.ringing.number_label.text() == "06 12 34 56 78"
    desk.ringing.answer_button.click()
    phone.state("c1", CallState.ACTIVE, 200)
    assert not desk.ringing.isVisible()
    phone.incoming("c2", "+33145678901", name="Lucas")
    assert desk.ringing.number_label.text() == "01 45 67 89 01 — “Lucas”"
    assert desk.ringing.title_label.text() == "Call waiting — a second call"
    assert desk.ringing.customer_label.text() == "Looking up the caller…"


def test_alt_digits_switch_tabs(desk: DeskWindow, qtbot: QtBot) -> None:
    desk.set_signed_in(True)
    for index in (2, 0, 3):
        qtbot.keyClick(desk, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.AltModifier)
        assert desk.tabs.currentIndex() == index


def test_ctrl_f_focuses_the_search_of_the_tab_in_front(
    vm: SoftphoneViewModel, qtbot: QtBot
) -> None:
    class Searchable(QLabel):
        def __init__(self) -> None:
            super().__init__()
            self.searched = 0

        def focus_search(self) -> None:
            self.searched += 1

    first, second = Searchable(), Searchable()
    win = DeskWindow(vm, DeskParts(customer=first, products=second, history=QLabel("no search")))
    qtbot.addWidget(win)
    win.set_signed_in(True)
    win.show_tab(1)
    win.focus_search()
    assert (first.searched, second.searched) == (0, 1)
    win.show_tab(0)
    win.focus_search()
    assert (first.searched, second.searched) == (1, 1)
    win.show_tab(2)
    win.focus_search()  # a tab without a search box: nothing happens


def test_tray_message_names_the_caller(phone: Phone, vm: SoftphoneViewModel, qtbot: QtBot) -> None:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QWidget

    from homeagent.ui.tray import Tray

    window = QWidget()
    qtbot.addWidget(window)
    tray = Tray(vm, window, QIcon())
    phone.registered()
    assert tray.message_for_ringing() is None
    phone.incoming("c1")
    assert tray.message_for_ringing() == ("Incoming call", "06 12 34 56 78")
    tray.set_customer(HOSTILE)
    _title, body = tray.message_for_ringing() or ("", "")
    # notification servers may read markup: the name arrives escaped, shown literally
    assert body == "&lt;b&gt;Bold&lt;/b&gt;&lt;img src='http://x.invalid/a.png'&gt;\n06 12 34 56 78"
