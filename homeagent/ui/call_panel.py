"""The calls part of a window: dialler, live calls, call buttons, transfer and keypad.

A thin view over SoftphoneViewModel, shared by the desk and the compact softphone window.
Its shortcuts live on the window that holds it (Qt.WindowShortcut), so they work from any
field of the desk: answer Ctrl+Return, hang up Ctrl+D, hold Ctrl+H, mute Ctrl+M, transfer Ctrl+T.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.softphone_vm import DTMF_KEYS, CallRow, SoftphoneViewModel
from homeagent.ui.widgets import button, line_edit, plain_label

NOTICE_SHOWN_MS = 15_000

SHORTCUTS = (
    ("Ctrl+Return", "answer"),
    ("Ctrl+Enter", "answer"),
    ("Ctrl+D", "hangup"),
    ("Ctrl+H", "hold"),
    ("Ctrl+M", "mute"),
    ("Ctrl+T", "transfer"),
)


class CallPanel(QWidget):
    dtmf_shown = Signal(str)  # the caller pressed a key: the window's status bar shows it

    def __init__(self, vm: SoftphoneViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callPanel")
        self._vm = vm
        self._items: list[QTreeWidgetItem] = []
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addLayout(self._build_dialer())
        self.calls_tree = QTreeWidget()
        self.calls_tree.setObjectName("callsTree")
        self.calls_tree.setAccessibleName(self.tr("Calls"))
        self.calls_tree.setRootIsDecorated(False)
        self.calls_tree.setHeaderLabels(
            [self.tr("Caller"), self.tr("State"), self.tr("Time"), self.tr("Quality")]
        )
        root.addWidget(self.calls_tree, 1)
        self.current_label = plain_label("currentLabel", self.tr("Current call"))
        root.addWidget(self.current_label)
        root.addLayout(self._build_call_buttons())
        root.addWidget(self._build_transfer_panel())
        root.addLayout(self._build_keypad())
        self.notice_label = plain_label("noticeLabel", self.tr("Last message"))
        root.addWidget(self.notice_label)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_SHOWN_MS)
        self._notice_timer.timeout.connect(self._on_notice_timer_timeout)
        self._build_shortcuts()
        vm.registration_changed.connect(self._on_vm_registration_changed)
        vm.calls_changed.connect(self._on_vm_calls_changed)
        vm.timers_ticked.connect(self._on_vm_timers_ticked)
        vm.notice_raised.connect(self._on_vm_notice_raised)
        vm.dtmf_received.connect(self._on_vm_dtmf_received)
        vm.dial_proposed.connect(self._on_vm_dial_proposed)
        self.refresh()

    def tab_chain(self) -> list[QWidget]:
        return [
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

    def _build_dialer(self) -> QHBoxLayout:
        self.number_edit = line_edit("numberEdit", self.tr("Number to call"))
        self.number_edit.setPlaceholderText(self.tr("Number, extension or SIP address"))
        self.number_edit.returnPressed.connect(self._on_call_button_clicked)
        self.call_button = button(self.tr("Call"), self._on_call_button_clicked, name="callButton")
        row = QHBoxLayout()
        row.addWidget(self.number_edit, 1)
        row.addWidget(self.call_button)
        return row

    def _build_call_buttons(self) -> QGridLayout:
        self.answer_button = button(
            self.tr("Answer"), self._on_answer_button_clicked, "Ctrl+Return", name="answerButton"
        )
        self.decline_button = button(
            self.tr("Decline"), self._on_decline_button_clicked, name="declineButton"
        )
        self.hangup_button = button(
            self.tr("Hang up"), self._on_hangup_button_clicked, "Ctrl+D", name="hangupButton"
        )
        self.hold_button = button(
            self.tr("Hold"), self._on_hold_button_clicked, "Ctrl+H", True, name="holdButton"
        )
        self.mute_button = button(
            self.tr("Mute"), self._on_mute_button_clicked, "Ctrl+M", True, name="muteButton"
        )
        self.transfer_button = button(
            self.tr("Transfer…"), self._on_transfer_button_clicked, "Ctrl+T", name="transferButton"
        )
        self.complete_button = button(
            self.tr("Complete transfer"), self._on_complete_button_clicked, name="completeButton"
        )
        self.swap_button = button(self.tr("Swap"), self._on_swap_button_clicked, name="swapButton")
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
        for i, widget in enumerate(self._call_buttons):
            grid.addWidget(widget, i // 4, i % 4)
        return grid

    def _build_transfer_panel(self) -> QFrame:
        self.transfer_panel = QFrame()
        self.transfer_panel.setObjectName("transferPanel")
        self.transfer_edit = line_edit("transferEdit", self.tr("Transfer target"))
        self.transfer_edit.setPlaceholderText(self.tr("Transfer to: number or extension"))
        self.transfer_edit.returnPressed.connect(self._on_blind_button_clicked)
        self.blind_button = button(self.tr("Transfer now"), self._on_blind_button_clicked)
        self.consult_button = button(self.tr("Consult…"), self._on_consult_button_clicked)
        self.cancel_transfer_button = button(
            self.tr("Cancel"), self._on_cancel_transfer_button_clicked
        )
        row = QHBoxLayout(self.transfer_panel)
        row.addWidget(self.transfer_edit, 1)
        for widget in (self.blind_button, self.consult_button, self.cancel_transfer_button):
            row.addWidget(widget)
        self.transfer_panel.hide()
        return self.transfer_panel

    def _build_keypad(self) -> QGridLayout:
        keypad = QGridLayout()
        self.keypad: dict[str, QPushButton] = {}
        for i, key in enumerate(DTMF_KEYS):
            widget = button(key, self._on_keypad_button_clicked, name=f"key{i}")
            widget.setAccessibleName(self.tr("Key {key}").format(key=key))
            widget.setShortcut(QKeySequence(key))  # digits typed while a call is up
            widget.setProperty("dtmf", key)
            keypad.addWidget(widget, i // 3, i % 3)
            self.keypad[key] = widget
        return keypad

    def _build_shortcuts(self) -> None:
        handlers = {
            "answer": self._on_answer_shortcut_activated,
            "hangup": self._on_hangup_button_clicked,
            "hold": self._on_hold_button_clicked,
            "mute": self._on_mute_button_clicked,
            "transfer": self._on_transfer_button_clicked,
        }
        for keys, action in SHORTCUTS:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(handlers[action])

    # ---- rendering -----------------------------------------------------------------------

    def refresh(self) -> None:
        self._render_calls()

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
        self.render_controls()

    def _fill_item(self, item: QTreeWidgetItem, row: CallRow) -> None:
        for column, text in enumerate((row.remote, row.state, row.timer, row.quality)):
            item.setText(column, text)  # item views draw plain text

    def render_controls(self) -> None:
        c = self._vm.controls()
        for widget, enabled in (
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
        self.render_controls()

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
        self.dtmf_shown.emit(self.tr("The caller pressed {key}").format(key=digit))

    @Slot()
    def _on_notice_timer_timeout(self) -> None:
        self.notice_label.clear()

    # ---- widget signals ------------------------------------------------------------------

    @Slot()
    def _on_call_button_clicked(self) -> None:
        if self._vm.dial(self.number_edit.text()):
            self.number_edit.clear()

    @Slot()
    def _on_answer_shortcut_activated(self) -> None:
        if self._vm.controls().answer:
            self._vm.answer()
        elif self.number_edit.hasFocus():
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
        self.render_controls()  # the button shows the real state until the engine confirms

    @Slot()
    def _on_mute_button_clicked(self) -> None:
        self._vm.toggle_mute()
        self.render_controls()

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
