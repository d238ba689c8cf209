"""The Training dialog (modeless): pick a scenario, read its brief, Start; during the call the
brief and the caller's words stay in view; afterwards the debrief, ✓/✗ per expectation.

Thin: all text comes from the TrainingViewModel; every label is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from homeagent.domain.training import Verdict
from homeagent.ui.training_vm import TrainingViewModel

_COLOURS = {Verdict.MET: "#15803d", Verdict.MISSED: "#b91c1c"}
ID_ROLE = Qt.ItemDataRole.UserRole


def _label(name: str, *, wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class TrainingPanel(QDialog):
    def __init__(self, vm: TrainingViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("trainingDialog")
        self.setWindowTitle(self.tr("Training"))
        self.setModal(False)
        self.resize(820, 560)

        self.scenario_list = QListWidget()
        self.scenario_list.setObjectName("trainingScenarioList")
        self.scenario_list.setAccessibleName(self.tr("Training scenarios"))
        self.scenario_list.currentItemChanged.connect(self._on_list_current_changed)

        self.title_label = _label("trainingTitleLabel")
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.brief_label = _label("trainingBriefLabel")
        self.steps_label = _label("trainingStepsLabel")
        self.caller_label = _label("trainingCallerLabel")
        self.status_label = _label("trainingStatusLabel")
        self.status_label.setAccessibleName(self.tr("Training status"))
        self.errors_label = _label("trainingErrorsLabel")
        self.debrief_list = QListWidget()
        self.debrief_list.setObjectName("trainingDebriefList")
        self.debrief_list.setAccessibleName(self.tr("Debrief"))
        self.debrief_list.setWordWrap(True)
        self.debrief_list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self._build_buttons()
        self._lay_out()
        vm.changed.connect(self._on_vm_changed)
        self._rows: list[str] = []
        self._refresh()

    def _lay_out(self) -> None:
        text = QWidget()
        text_box = QVBoxLayout(text)
        for widget in (self.title_label, self.brief_label, self.steps_label, self.caller_label):
            text_box.addWidget(widget)
        text_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("trainingBriefArea")
        scroll.setWidgetResizable(True)
        scroll.setWidget(text)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(0, 0, 0, 0)
        right_box.addWidget(scroll, 3)
        right_box.addWidget(self.status_label)
        right_box.addWidget(self.debrief_list, 2)
        row = QHBoxLayout()
        for button in (self.start_button, self.finish_button, self.back_button):
            row.addWidget(button)
        row.addStretch(1)
        right_box.addLayout(row)
        splitter = QSplitter()
        splitter.addWidget(self.scenario_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.scenario_list, self.start_button)
        QWidget.setTabOrder(self.start_button, self.finish_button)
        QWidget.setTabOrder(self.finish_button, self.back_button)
        QWidget.setTabOrder(self.back_button, self.debrief_list)
        QWidget.setTabOrder(self.debrief_list, self.close_button)

    def _build_buttons(self) -> None:
        self.start_button = QPushButton(self.tr("&Start"))
        self.start_button.setObjectName("trainingStartButton")
        self.start_button.setAccessibleName(self.tr("Start the scenario"))
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.finish_button = QPushButton(self.tr("&Finish now"))
        self.finish_button.setObjectName("trainingFinishButton")
        self.finish_button.setAccessibleName(self.tr("Finish now and see the debrief"))
        self.finish_button.clicked.connect(self._on_finish_clicked)
        self.back_button = QPushButton(self.tr("&Back to the scenarios"))
        self.back_button.setObjectName("trainingBackButton")
        self.back_button.setAccessibleName(self.tr("Back to the scenarios"))
        self.back_button.clicked.connect(self._on_back_clicked)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("trainingCloseButton")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.buttons.rejected.connect(self.hide)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._vm.load()
        super().showEvent(event)

    # ---- slots -------------------------------------------------------------------------------

    @Slot()
    def _on_vm_changed(self) -> None:
        self._refresh()

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_list_current_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self._vm.select(str(current.data(ID_ROLE)))

    @Slot()
    def _on_start_clicked(self) -> None:
        self._vm.start()

    @Slot()
    def _on_finish_clicked(self) -> None:
        self._vm.finish()

    @Slot()
    def _on_back_clicked(self) -> None:
        self._vm.back()

    # ---- painting ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        vm = self._vm
        self._fill_list()
        self.scenario_list.setEnabled(not vm.state.running)
        self.title_label.setText(vm.title_text())
        self.brief_label.setText(vm.brief_text())
        steps = vm.steps_text()
        self.steps_label.setText(steps)
        self.steps_label.setVisible(bool(steps))
        caller = vm.caller_text()
        self.caller_label.setText(caller)
        self.caller_label.setVisible(bool(caller))
        self.status_label.setText(vm.status_text())
        errors = vm.load_errors_text()
        self.errors_label.setText(errors)
        self.errors_label.setVisible(bool(errors))
        self.start_button.setEnabled(vm.can_start())
        self.finish_button.setEnabled(vm.can_finish())
        self.back_button.setEnabled(vm.can_go_back() and not vm.can_finish())
        self.debrief_list.clear()
        lines = vm.debrief_lines()
        for line in lines:
            item = QListWidgetItem(line.text)
            colour = _COLOURS.get(line.verdict)
            if colour is not None:
                item.setForeground(QBrush(QColor(colour)))
            self.debrief_list.addItem(item)
        self.debrief_list.setVisible(bool(lines))

    def _fill_list(self) -> None:
        rows = self._vm.rows()
        ids = [r.scenario_id for r in rows]
        if ids != self._rows:
            self._rows = ids
            self.scenario_list.blockSignals(True)
            self.scenario_list.clear()
            for row in rows:
                item = QListWidgetItem(row.title)
                item.setData(ID_ROLE, row.scenario_id)
                self.scenario_list.addItem(item)
            self.scenario_list.blockSignals(False)
        shown = self._vm.shown_id()
        if shown in ids and self.scenario_list.currentRow() != ids.index(shown):
            self.scenario_list.blockSignals(True)
            self.scenario_list.setCurrentRow(ids.index(shown))
            self.scenario_list.blockSignals(False)
