"""The softphone window: a thin view over SoftphoneViewModel. No logic, no blocking, plain text."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.softphone_vm import DTMF_KEYS, CallRow, SoftphoneViewModel

NOTICE_SHOWN_MS = 15_000


def _plain_label(name: str, accessible: str) -> QLabel:
    """A label that may show data: never interpreted as rich text."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    return label


def _line_edit(name: str, accessible: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    return edit


class SoftphoneWindow(QMainWindow):
    def __init__(self, vm: SoftphoneViewModel) -> None:
        super().__init__()
        self._vm = vm
        self._items: list[QTreeWidgetItem] = []
        title = self.tr("HomeAgent")
        self.setWindowTitle(self.tr("{title} — DEMO").format(title=title) if vm.demo else title)
        central = QWidget(self)
        root = QVBoxLayout(central)
        self.setCentralWidget(central)
        self.demo_label = _plain_label("demoLabel", self.tr("Demo mode"))
        self.demo_label.setText(self.tr("DEMO — simulated phone line, no real calls are made."))
        self.demo_label.setStyleSheet("background: #fde68a; color: #000; padding: 4px;")
        self.demo_label.setVisible(vm.demo)
        root.addWidget(self.demo_label)
        root.addWidget(self._build_banner())
        root.addWidget(self._build_sign_in())
        self.registration_label = _plain_label("registrationLabel", self.tr("Line status"))
        root.addWidget(self.registration_label)
        root.addLayout(self._build_dialer())
        self.calls_tree = QTreeWidget()
        self.calls_tree.setObjectName("callsTree")
        self.calls_tree.setAccessibleName(self.tr("Calls"))
        self.calls_tree.setRootIsDecorated(False)
        self.calls_tree.setHeaderLabels(
            [self.tr("Caller"), self.tr("State"), self.tr("Time"), self.tr("Quality")]
        )
        root.addWidget(self.calls_tree, 1)
        self.current_label = _plain_label("currentLabel", self.tr("Current call"))
        root.addWidget(self.current_label)
        root.addLayout(self._build_call_buttons())
        root.addWidget(self._build_transfer_panel())
        root.addLayout(self._build_keypad())
        self.notice_label = _plain_label("noticeLabel", self.tr("Last message"))
        root.addWidget(self.notice_label)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_SHOWN_MS)
        self._notice_timer.timeout.connect(self._on_notice_timer_timeout)
        self._build_shortcuts()
        order: list[QWidget] = [
            self.retry_button,
            self.username_edit,
            self.password_edit,
            self.remember_check,
            self.sign_in_button,
            self.sign_out_button,
            self.number_edit,
            self.call_button,
            self.calls_tree,
            *self._call_buttons,
            self.transfer_edit,
            self.blind_button,
            self.consult_button,
            self.cancel_transfer_button,
            *self.keypad.values(),
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        vm.registration_changed.connect(self._on_vm_registration_changed)
        vm.calls_changed.connect(self._on_vm_calls_changed)
        vm.timers_ticked.connect(self._on_vm_timers_ticked)
        vm.notice_raised.connect(self._on_vm_notice_raised)
        vm.dtmf_received.connect(self._on_vm_dtmf_received)
        vm.dial_proposed.connect(self._on_vm_dial_proposed)
        self._render_registration()
        self._render_calls()

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: #fecaca; }")
        self.banner_label = _plain_label("bannerLabel", self.tr("Problem with the phone line"))
        self.banner_label.setStyleSheet("color: #000;")
        self.retry_button = self._button(self.tr("Retry now"), self._on_retry_button_clicked)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_label, 1)
        row.addWidget(self.retry_button)
        return self.banner

    def _build_sign_in(self) -> QGroupBox:
        group = QGroupBox(self.tr("Sign in"))
        form = QFormLayout(group)
        self.username_edit = _line_edit("usernameEdit", self.tr("User name"))
        self.password_edit = _line_edit("passwordEdit", self.tr("Password"))
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self._on_sign_in_button_clicked)
        self.remember_check = QCheckBox(self.tr("Remember password"))
        self.remember_check.setAccessibleName(self.tr("Remember password"))
        self.sign_in_button = self._button(self.tr("Sign in"), self._on_sign_in_button_clicked)
        self.sign_out_button = self._button(self.tr("Sign out"), self._on_sign_out_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.sign_out_button)
        for text, edit in (
            (self.tr("&User name"), self.username_edit),
            (self.tr("&Password"), self.password_edit),
        ):
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setBuddy(edit)
            form.addRow(label, edit)
        form.addRow(self.remember_check)
        form.addRow(buttons)
        return group

    def _build_dialer(self) -> QHBoxLayout:
        self.number_edit = _line_edit("numberEdit", self.tr("Number to call"))
        self.number_edit.setPlaceholderText(self.tr("Number, extension or SIP address"))
        self.number_edit.returnPressed.connect(self._on_call_button_clicked)
        self.call_button = self._button(self.tr("Call"), self._on_call_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.number_edit, 1)
        row.addWidget(self.call_button)
        return row

    def _build_call_buttons(self) -> QGridLayout:
        b = self._button
        self.answer_button = b(self.tr("Answer"), self._on_answer_button_clicked, "Ctrl+Return")
        self.decline_button = b(self.tr("Decline"), self._on_decline_button_clicked)
        self.hangup_button = b(self.tr("Hang up"), self._on_hangup_button_clicked, "Ctrl+D")
        self.hold_button = b(self.tr("Hold"), self._on_hold_button_clicked, "Ctrl+H", True)
        self.mute_button = b(self.tr("Mute"), self._on_mute_button_clicked, "Ctrl+M", True)
        self.transfer_button = b(self.tr("Transfer…"), self._on_transfer_button_clicked, "Ctrl+T")
        self.complete_button = b(self.tr("Complete transfer"), self._on_complete_button_clicked)
        self.swap_button = b(self.tr("Swap"), self._on_swap_button_clicked)
        self._call_buttons = [
            self.answer_button,
            self.decline_button,
            self.hangup_button,
            self.hold_button,
            self.mute_button,
            self.transfer_button,
            self.complete_button,
            self.swap_button,
        ]
        grid = QGridLayout()
        for i, button in enumerate(self._call_buttons):
            grid.addWidget(button, i // 4, i % 4)
        return grid

    def _build_transfer_panel(self) -> QFrame:
        self.transfer_panel = QFrame()
        self.transfer_panel.setObjectName("transferPanel")
        self.transfer_edit = _line_edit("transferEdit", self.tr("Transfer target"))
        self.transfer_edit.setPlaceholderText(self.tr("Transfer to: number or extension"))
        self.transfer_edit.returnPressed.connect(self._on_blind_button_clicked)
        self.blind_button = self._button(self.tr("Transfer now"), self._on_blind_button_clicked)
        self.consult_button = self._button(self.tr("Consult…"), self._on_consult_button_clicked)
        self.cancel_transfer_button = self._button(
            self.tr("Cancel"), self._on_cancel_transfer_button_clicked
        )
        row = QHBoxLayout(self.transfer_panel)
        row.addWidget(self.transfer_edit, 1)
        for button in (self.blind_button, self.consult_button, self.cancel_transfer_button):
            row.addWidget(button)
        self.transfer_panel.hide()
        return self.transfer_panel

    def _build_keypad(self) -> QGridLayout:
        keypad = QGridLayout()
        self.keypad: dict[str, QPushButton] = {}
        for i, key in enumerate(DTMF_KEYS):
            button = self._button(key, self._on_keypad_button_clicked)
            button.setAccessibleName(self.tr("Key {key}").format(key=key))
            button.setShortcut(QKeySequence(key))  # digits typed while a call is up
            button.setProperty("dtmf", key)
            keypad.addWidget(button, i // 3, i % 3)
            self.keypad[key] = button
        return keypad

    def _build_shortcuts(self) -> None:
        for keys, handler in (
            ("Ctrl+Return", self._on_answer_shortcut_activated),
            ("Ctrl+Enter", self._on_answer_shortcut_activated),
            ("Ctrl+D", self._on_hangup_button_clicked),
            ("Ctrl+H", self._on_hold_button_clicked),
            ("Ctrl+M", self._on_mute_button_clicked),
            ("Ctrl+T", self._on_transfer_button_clicked),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(handler)

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (another launch handed over to us)."""
        state = self.windowState() & ~Qt.WindowState.WindowMinimized
        self.setWindowState(state | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()

    def _button(
        self, text: str, slot: Callable[[], None], keys: str = "", checkable: bool = False
    ) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.setCheckable(checkable)
        if keys:
            native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(self.tr("{action} ({keys})").format(action=text, keys=native))
        button.clicked.connect(slot)
        return button

    # ---- rendering -----------------------------------------------------------------------

    def _render_registration(self) -> None:
        vm = self._vm
        self.registration_label.setText(vm.registration_text())
        banner = vm.banner_text()
        self.banner_label.setText(banner)
        self.banner.setVisible(bool(banner))
        self._render_controls()

    def _render_calls(self) -> None:
        rows = self._vm.call_rows()
        ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in self._items]
        if ids != [row.call_id for row in rows]:
            self.calls_tree.clear()
            self._items = []
            for row in rows:
                item = QTreeWidgetItem()
                item.setData(0, Qt.ItemDataRole.UserRole, row.call_id)
                self._items.append(item)
            self.calls_tree.addTopLevelItems(self._items)
        for item, row in zip(self._items, rows, strict=True):
            self._fill_item(item, row)
        self.current_label.setText(self._vm.current_remote())
        self._render_controls()

    def _fill_item(self, item: QTreeWidgetItem, row: CallRow) -> None:
        for column, text in enumerate((row.remote, row.state, row.timer, row.quality)):
            item.setText(column, text)  # item views draw plain text

    def _render_controls(self) -> None:
        c = self._vm.controls()
        for widget, enabled in (
            (self.retry_button, c.retry),
            (self.sign_in_button, c.sign_in),
            (self.username_edit, c.sign_in),
            (self.password_edit, c.sign_in),
            (self.remember_check, c.sign_in),
            (self.sign_out_button, c.sign_out),
            (self.call_button, c.dial),
            (self.answer_button, c.answer),
            (self.decline_button, c.decline),
            (self.hangup_button, c.hangup),
            (self.hold_button, c.hold),
            (self.mute_button, c.mute),
            (self.transfer_button, c.transfer),
            (self.complete_button, c.complete_transfer),
            (self.swap_button, c.swap),
            (self.blind_button, c.transfer),
            (self.consult_button, c.consult),
            *((k, c.dtmf) for k in self.keypad.values()),
        ):
            widget.setEnabled(enabled)
        self.hold_button.setChecked(c.held)
        self.hold_button.setText(self.tr("Resume") if c.held else self.tr("Hold"))
        self.mute_button.setChecked(c.muted)
        self.mute_button.setText(self.tr("Unmute") if c.muted else self.tr("Mute"))
        if not c.transfer and not c.complete_transfer:
            self.transfer_panel.hide()

    # ---- view-model signals --------------------------------------------------------------

    @Slot()
    def _on_vm_registration_changed(self) -> None:
        self._render_registration()

    @Slot()
    def _on_vm_calls_changed(self) -> None:
        self._render_calls()

    @Slot()
    def _on_vm_timers_ticked(self) -> None:
        rows = self._vm.call_rows()
        if [row.call_id for row in rows] != [
            i.data(0, Qt.ItemDataRole.UserRole) for i in self._items
        ]:
            self._render_calls()
            return
        for item, row in zip(self._items, rows, strict=True):
            self._fill_item(item, row)

    @Slot(str)
    def _on_vm_notice_raised(self, text: str) -> None:
        self.notice_label.setText(text)
        self._notice_timer.start()

    @Slot(str)
    def _on_vm_dial_proposed(self, text: str) -> None:
        self.number_edit.setText(text)
        self.number_edit.setFocus()
        self.number_edit.selectAll()

    @Slot(str)
    def _on_vm_dtmf_received(self, digit: str) -> None:
        self.statusBar().showMessage(self.tr("The caller pressed {key}").format(key=digit), 5000)

    @Slot()
    def _on_notice_timer_timeout(self) -> None:
        self.notice_label.clear()

    # ---- widget signals ------------------------------------------------------------------

    @Slot()
    def _on_retry_button_clicked(self) -> None:
        self._vm.retry_registration()

    @Slot()
    def _on_sign_in_button_clicked(self) -> None:
        if not self._vm.controls().sign_in:
            return
        self._vm.sign_in(
            self.username_edit.text(), self.password_edit.text(), self.remember_check.isChecked()
        )
        self.password_edit.clear()

    @Slot()
    def _on_sign_out_button_clicked(self) -> None:
        self._vm.sign_out()

    @Slot()
    def _on_call_button_clicked(self) -> None:
        if self._vm.dial(self.number_edit.text()):
            self.number_edit.clear()

    @Slot()
    def _on_answer_shortcut_activated(self) -> None:
        if self._vm.controls().answer:
            self._vm.answer()
        else:
            self._on_call_button_clicked()

    @Slot()
    def _on_answer_button_clicked(self) -> None:
        self._vm.answer()

    @Slot()
    def _on_decline_button_clicked(self) -> None:
        self._vm.decline()

    @Slot()
    def _on_hangup_button_clicked(self) -> None:
        self._vm.hangup()

    @Slot()
    def _on_hold_button_clicked(self) -> None:
        self._vm.toggle_hold()
        self._render_controls()  # the button shows the real state until the engine confirms

    @Slot()
    def _on_mute_button_clicked(self) -> None:
        self._vm.toggle_mute()
        self._render_controls()

    @Slot()
    def _on_transfer_button_clicked(self) -> None:
        if self._vm.controls().transfer:
            self.transfer_panel.show()
            self.transfer_edit.setFocus()

    @Slot()
    def _on_blind_button_clicked(self) -> None:
        self._vm.blind_transfer(self.transfer_edit.text())
        self._close_transfer_panel()

    @Slot()
    def _on_consult_button_clicked(self) -> None:
        if self._vm.start_attended_transfer(self.transfer_edit.text()):
            self._close_transfer_panel()

    @Slot()
    def _on_cancel_transfer_button_clicked(self) -> None:
        self._close_transfer_panel()

    @Slot()
    def _on_complete_button_clicked(self) -> None:
        self._vm.complete_attended_transfer()

    @Slot()
    def _on_swap_button_clicked(self) -> None:
        self._vm.swap()

    @Slot()
    def _on_keypad_button_clicked(self) -> None:
        sender = self.sender()
        if isinstance(sender, QAbstractButton):
            self._vm.send_dtmf(str(sender.property("dtmf")))

    def _close_transfer_panel(self) -> None:
        self.transfer_edit.clear()
        self.transfer_panel.hide()
