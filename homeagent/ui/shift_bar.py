"""The shift bar at the top of the desk: punches, today's totals, the agent status, and one line
for the last punch's receipt and the shift's messages. A thin view over ShiftViewModel."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from homeagent.domain.agent import Reason
from homeagent.ui.shift_vm import ShiftViewModel

CLOCK_IN_KEYS = "Ctrl+Shift+I"
CLOCK_OUT_KEYS = "Ctrl+Shift+O"
BREAK_KEYS = "Ctrl+Shift+B"


def _label(name: str, accessible: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(accessible)
    return label


class ShiftBar(QWidget):
    timesheet_requested = Signal()

    def __init__(
        self, vm: ShiftViewModel, parent: QWidget | None = None, *, shortcuts: bool = True
    ) -> None:
        """`shortcuts=False` when the window's Shift menu carries them (see menu_actions):
        the same keys bound twice in one window would be ambiguous and do nothing."""
        super().__init__(parent)
        self.setObjectName("shiftBar")
        self._vm = vm
        self._menu_reasons: tuple[Reason, ...] | None = None
        self._build_punches()
        self._build_status()
        self._build_layout()
        for _, _, keys, slot in self.menu_actions() if shortcuts else ():
            if keys:
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
        vm.changed.connect(self._on_vm_changed)
        vm.ticked.connect(self._on_vm_ticked)
        vm.message_changed.connect(self._on_vm_message_changed)
        self._render()
        self._on_vm_ticked()
        self._on_vm_message_changed(vm.message)

    def _build_punches(self) -> None:
        vm = self._vm
        self.state_label = _label("shiftStateLabel", self.tr("Shift"))
        self.clock_in_button = self._button("clockInButton", self.tr("Clock in"), CLOCK_IN_KEYS)
        self.clock_in_button.clicked.connect(vm.clock_in)
        self.break_button = QToolButton()
        self.break_button.setObjectName("startBreakButton")
        self.break_button.setText(self.tr("Start break"))
        self.break_button.setAccessibleName(self.tr("Start break"))
        self.break_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.break_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.break_button.setToolTip(
            self.tr("Start a break ({keys}); the arrow picks the reason").format(
                keys=self._native(BREAK_KEYS)
            )
        )
        self.break_button.clicked.connect(self._on_break_button_clicked)
        self.break_menu = QMenu(self.break_button)
        self.break_menu.setObjectName("breakReasonMenu")
        self.end_break_button = self._button("endBreakButton", self.tr("End break"), BREAK_KEYS)
        self.end_break_button.clicked.connect(vm.end_break)
        self.clock_out_button = self._button("clockOutButton", self.tr("Clock out"), CLOCK_OUT_KEYS)
        self.clock_out_button.clicked.connect(vm.clock_out)
        self.worked_label = _label("workedLabel", self.tr("Worked today"))
        self.break_time_label = _label("breakTimeLabel", self.tr("Break time today"))
        self.receipt_label = _label("receiptLabel", self.tr("Last punch"))
        self.message_label = _label("shiftMessageLabel", self.tr("Shift message"))
        self.message_label.setWordWrap(True)

    def _build_status(self) -> None:
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.setAccessibleName(self.tr("Agent status"))
        self.status_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status_combo.setMinimumContentsLength(24)
        self.status_combo.activated.connect(self._on_status_combo_activated)
        self.timesheet_button = QPushButton(self.tr("Timesheet…"))
        self.timesheet_button.setObjectName("timesheetButton")
        self.timesheet_button.setAccessibleName(self.tr("Timesheet of the week"))
        self.timesheet_button.clicked.connect(self.timesheet_requested)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        for widget in (
            self.state_label,
            self.clock_in_button,
            self.break_button,
            self.end_break_button,
            self.clock_out_button,
        ):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.worked_label)
        top.addWidget(self.break_time_label)
        top.addStretch(1)
        top.addWidget(self.status_combo)
        top.addWidget(self.timesheet_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.receipt_label)
        bottom.addWidget(self.message_label, 1)
        root = QVBoxLayout(self)
        root.setContentsMargins(4, 4, 4, 4)
        root.addLayout(top)
        root.addLayout(bottom)
        order: list[QWidget] = [
            self.clock_in_button,
            self.break_button,
            self.end_break_button,
            self.clock_out_button,
            self.status_combo,
            self.timesheet_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def menu_actions(self) -> list[tuple[str, str, str, Callable[[], None]]]:
        """(menu, text, keys, handler) for the desk window's Shift menu."""
        vm = self._vm
        return [
            ("shift", self.tr("Clock &in"), CLOCK_IN_KEYS, vm.clock_in),
            ("shift", self.tr("Start or end a &break"), BREAK_KEYS, vm.toggle_break),
            ("shift", self.tr("Clock &out"), CLOCK_OUT_KEYS, vm.clock_out),
            ("shift", self.tr("&Timesheet…"), "", self.timesheet_requested.emit),
        ]

    def _button(self, name: str, text: str, keys: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        button.setToolTip(self.tr("{action} ({keys})").format(action=text, keys=self._native(keys)))
        return button

    @staticmethod
    def _native(keys: str) -> str:
        return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)

    def _render(self) -> None:
        vm = self._vm
        controls = vm.controls
        self.state_label.setText(vm.state_text)
        self.clock_in_button.setEnabled(controls.clock_in)
        self.break_button.setEnabled(controls.start_break)
        self.end_break_button.setEnabled(controls.end_break)
        self.clock_out_button.setEnabled(controls.clock_out)
        self.receipt_label.setText(vm.receipt_text)
        self._render_break_menu()
        items = vm.status_items
        combo = self.status_combo
        combo.blockSignals(True)
        if [combo.itemText(i) for i in range(combo.count())] != items:
            combo.clear()
            combo.addItems(items)
        combo.setCurrentIndex(vm.status_index)
        combo.blockSignals(False)
        combo.setEnabled(vm.status_selectable)
        combo.setToolTip(self.tr("Agent status: {status}").format(status=vm.status_text))

    def _render_break_menu(self) -> None:
        reasons = self._vm.break_reasons
        if reasons == self._menu_reasons:
            return
        self._menu_reasons = reasons
        self.break_menu.clear()
        for reason in reasons:
            action = QAction(reason.label.replace("&", "&&"), self.break_menu)
            action.triggered.connect(lambda _=False, code=reason.code: self._vm.start_break(code))
            self.break_menu.addAction(action)
        # one reason (or none): the button alone does it
        menu = self.break_menu if len(reasons) > 1 else None
        self.break_button.setMenu(menu)  # type: ignore[arg-type]  # None detaches (stubs say no)

    @Slot()
    def _on_break_button_clicked(self) -> None:
        self._vm.start_break()

    @Slot(int)
    def _on_status_combo_activated(self, index: int) -> None:
        self._vm.choose_status(index)

    @Slot()
    def _on_vm_changed(self) -> None:
        self._render()

    @Slot()
    def _on_vm_ticked(self) -> None:
        self.worked_label.setText(self._vm.worked_text)
        self.break_time_label.setText(self._vm.break_text)

    @Slot(str)
    def _on_vm_message_changed(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))
