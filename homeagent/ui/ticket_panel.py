"""The ticket and wrap-up panel: a thin view over TicketViewModel. Plain text, no logic.

Keys: Ctrl+S submits (focus anywhere in the panel; the desk gives Ctrl+Return to "answer",
see shortcuts_dialog), Ctrl+N puts the cursor in the notes (anywhere in the window). Both can
be changed by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from homeagent.domain.ticket_form import SUBJECT_MAX
from homeagent.ui.ticket_vm import TicketViewModel

SUBMIT_KEYS = ("Ctrl+S",)
FOCUS_NOTES_KEYS = "Ctrl+N"
ERROR_STYLE = "color: #b91c1c; font-weight: bold;"


def _label(name: str, accessible: str) -> QLabel:
    """A label that may show customer data: never rich text."""
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    return label


def _keys_tip(action: str, keys: str) -> str:
    native = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return QCoreApplication.translate("Shortcut", "{action} ({keys})").format(
        action=action, keys=native
    )


def _fill(combo: QComboBox, items: list[tuple[str, str]], current: str) -> None:
    """Replace a combo's (code, label) items only when they changed; select `current`."""
    combo.blockSignals(True)
    try:
        now = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
        if now != items:
            combo.clear()
            for code, label in items:
                combo.addItem(label, code)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
    finally:
        combo.blockSignals(False)


class TicketPanel(QWidget):
    def __init__(
        self,
        vm: TicketViewModel,
        parent: QWidget | None = None,
        *,
        submit_keys: Sequence[str] = SUBMIT_KEYS,
        focus_notes_keys: str = FOCUS_NOTES_KEYS,
    ) -> None:
        super().__init__(parent)
        self._vm = vm
        self._submit_keys = tuple(submit_keys)
        self._focus_notes_keys = focus_notes_keys
        self.setObjectName("ticketPanel")
        root = QVBoxLayout(self)
        self.call_label = _label("ticketCallLabel", self.tr("Call"))
        self.customer_label = _label("ticketCustomerLabel", self.tr("Customer"))
        self.countdown_label = _label("wrapUpCountdownLabel", self.tr("Wrap-up time"))
        for label in (self.call_label, self.customer_label, self.countdown_label):
            root.addWidget(label)
        root.addLayout(self._build_form())
        bottom = QHBoxLayout()
        self.submit_button = QPushButton(self.tr("&Submit"))
        self.submit_button.setObjectName("ticketSubmitButton")
        self.submit_button.setAccessibleName(self.tr("Submit"))
        if self._submit_keys:
            self.submit_button.setToolTip(_keys_tip(self.tr("Submit"), self._submit_keys[0]))
        self.submit_button.clicked.connect(self._on_submit_clicked)
        bottom.addWidget(self.submit_button)
        self.problem_label = _label("ticketProblemLabel", self.tr("What is missing"))
        bottom.addWidget(self.problem_label, 1)
        root.addLayout(bottom)
        self.status_label = _label("ticketStatusLabel", self.tr("Ticket state"))
        self.status_label.setAccessibleDescription(self.tr("Draft and queue state"))
        root.addWidget(self.status_label)
        self.waiting_label = _label("ticketWaitingLabel", self.tr("Calls waiting for wrap-up"))
        root.addWidget(self.waiting_label)
        self._shortcuts()
        self.setTabOrder(self.category_combo, self.subject_edit)
        self.setTabOrder(self.subject_edit, self.product_combo)
        self.setTabOrder(self.product_combo, self.notes_edit)
        self.setTabOrder(self.notes_edit, self.phrases_button)
        self.setTabOrder(self.phrases_button, self.disposition_combo)
        self.setTabOrder(self.disposition_combo, self.submit_button)
        vm.changed.connect(self._on_vm_changed)
        vm.status_changed.connect(self._on_vm_status_changed)
        vm.countdown_changed.connect(self._on_vm_countdown_changed)
        self._on_vm_changed()
        self._on_vm_status_changed()
        self._on_vm_countdown_changed()

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("ticketCategoryCombo")
        self.category_combo.setAccessibleName(self.tr("Category"))
        self.category_combo.currentIndexChanged.connect(self._on_category_changed)
        form.addRow(self.tr("&Category"), self.category_combo)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("ticketSubjectEdit")
        self.subject_edit.setAccessibleName(self.tr("Subject"))
        self.subject_edit.setMaxLength(SUBJECT_MAX)
        self.subject_edit.setPlaceholderText(self.tr("First line of the notes if left empty"))
        self.subject_edit.textEdited.connect(self._vm.set_subject)
        form.addRow(self.tr("S&ubject"), self.subject_edit)
        self.product_combo = QComboBox()
        self.product_combo.setObjectName("ticketProductCombo")
        self.product_combo.setAccessibleName(self.tr("Product"))
        self.product_combo.setEditable(True)
        self.product_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.product_combo.setMinimumContentsLength(16)
        completer = QCompleter(self.product_combo.model(), self.product_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.product_combo.setCompleter(completer)
        self.product_combo.currentTextChanged.connect(self._on_product_text_changed)
        form.addRow(self.tr("&Product"), self.product_combo)
        self._build_notes(form)
        self.disposition_combo = QComboBox()
        self.disposition_combo.setObjectName("dispositionCombo")
        self.disposition_combo.setAccessibleName(self.tr("Disposition"))
        self.disposition_combo.currentIndexChanged.connect(self._on_disposition_changed)
        form.addRow(self.tr("&Disposition"), self.disposition_combo)
        return form

    def _build_notes(self, form: QFormLayout) -> None:
        notes_row = QVBoxLayout()
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("ticketNotesEdit")
        self.notes_edit.setAccessibleName(self.tr("Notes"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setToolTip(_keys_tip(self.tr("Focus notes"), self._focus_notes_keys))
        self.notes_edit.textChanged.connect(self._on_notes_changed)
        notes_row.addWidget(self.notes_edit, 1)
        self.phrases_button = QToolButton()
        self.phrases_button.setObjectName("cannedPhrasesButton")
        self.phrases_button.setText(self.tr("Phrases"))
        self.phrases_button.setAccessibleName(self.tr("Insert a canned phrase"))
        self.phrases_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.phrases_menu = QMenu(self.phrases_button)
        self.phrases_menu.setObjectName("cannedPhrasesMenu")
        self.phrases_menu.aboutToShow.connect(self._on_phrases_menu_about_to_show)
        self.phrases_button.setMenu(self.phrases_menu)
        notes_row.addWidget(self.phrases_button, 0, Qt.AlignmentFlag.AlignLeft)
        notes_label = QLabel(self.tr("&Notes"))
        notes_label.setBuddy(self.notes_edit)  # a row of a layout gets no buddy by itself
        form.addRow(notes_label, notes_row)

    def _shortcuts(self) -> None:
        for keys in self._submit_keys:
            submit = QShortcut(QKeySequence(keys), self)
            submit.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            submit.activated.connect(self._on_submit_clicked)
        focus = QShortcut(QKeySequence(self._focus_notes_keys), self)
        focus.setContext(Qt.ShortcutContext.WindowShortcut)
        focus.activated.connect(self.focus_notes)

    # ---- intents ----------------------------------------------------------------------------

    @Slot()
    def focus_notes(self) -> None:
        self.notes_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def insert_phrase(self, phrase: str) -> None:
        cursor = self.notes_edit.textCursor()
        before = self.notes_edit.toPlainText()[: cursor.position()]
        cursor.insertText((" " if before and not before[-1].isspace() else "") + phrase)
        self.notes_edit.setTextCursor(cursor)
        self.notes_edit.setFocus()

    @Slot()
    def _on_submit_clicked(self) -> None:
        self._vm.submit()

    @Slot(int)
    def _on_category_changed(self, _index: int) -> None:
        self._vm.set_category(str(self.category_combo.currentData() or ""))

    @Slot(int)
    def _on_disposition_changed(self, _index: int) -> None:
        self._vm.set_disposition(str(self.disposition_combo.currentData() or ""))

    @Slot(str)
    def _on_product_text_changed(self, text: str) -> None:
        self._vm.set_product_text(text)
        self._refresh_problem()

    @Slot()
    def _on_notes_changed(self) -> None:
        self._vm.set_notes(self.notes_edit.toPlainText())

    @Slot()
    def _on_phrases_menu_about_to_show(self) -> None:
        self.phrases_menu.clear()
        phrases = self._vm.phrases()
        for phrase in phrases:
            label = phrase if len(phrase) <= 80 else phrase[:79] + "…"
            action = self.phrases_menu.addAction(label.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, p=phrase: self.insert_phrase(p))
        if not phrases:
            self.phrases_menu.addAction(self.tr("No canned phrases")).setEnabled(False)

    # ---- view-model -> widgets ----------------------------------------------------------------

    @Slot()
    def _on_vm_changed(self) -> None:
        vm, form = self._vm, self._vm.form
        self.call_label.setText(vm.call_text())
        self.customer_label.setText(vm.customer_text())
        _fill(self.category_combo, vm.category_items(), form.category)
        _fill(self.disposition_combo, vm.disposition_items(), form.disposition)
        if self.subject_edit.text() != form.subject:
            self.subject_edit.setText(form.subject)
        if self.notes_edit.toPlainText() != form.notes:
            self.notes_edit.blockSignals(True)
            self.notes_edit.setPlainText(form.notes)
            self.notes_edit.blockSignals(False)
        self.product_combo.blockSignals(True)
        items = vm.product_items()
        now = [
            (self.product_combo.itemData(i), self.product_combo.itemText(i))
            for i in range(self.product_combo.count())
        ]
        if now != items:
            self.product_combo.clear()
            for pid, name in items:
                self.product_combo.addItem(name, pid)
        if self.product_combo.currentText() != vm.product_text:
            self.product_combo.setEditText(vm.product_text)
        self.product_combo.blockSignals(False)
        self.subject_edit.setReadOnly(vm.submitting)  # read-only keeps the focus
        self.notes_edit.setReadOnly(vm.submitting)
        self.waiting_label.setText(vm.waiting_text())
        self.waiting_label.setVisible(bool(vm.waiting_text()))
        self._refresh_problem()

    def _refresh_problem(self) -> None:
        self.submit_button.setEnabled(self._vm.can_submit)
        self.problem_label.setText(self._vm.problem_text())

    @Slot()
    def _on_vm_status_changed(self) -> None:
        self.status_label.setText(self._vm.status_text)
        self.status_label.setStyleSheet(ERROR_STYLE if self._vm.status_error else "")

    @Slot()
    def _on_vm_countdown_changed(self) -> None:
        text = self._vm.countdown_text()
        self.countdown_label.setText(text)
        self.countdown_label.setVisible(bool(text))
        self.countdown_label.setStyleSheet(ERROR_STYLE if self._vm.overdue else "")
