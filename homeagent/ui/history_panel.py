"""The call history panel: a search box, the page of calls, redial and add-a-note actions.

Thin: HistoryViewModel holds the query and the page. Enter or a double-click on a call calls
the number back; the context menu (right click, Shift+F10 or the menu key) offers the same and
"Add note to ticket…" when the wrap-up of that call created tickets.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.history_vm import HistoryViewModel

_COLUMN_WIDTHS = (150, 150, 150, 220, 80)  # the last column (disposition) stretches


class HistoryPanel(QWidget):
    note_requested = Signal(str)  # a ticket id

    def __init__(self, vm: HistoryViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("historyPanel")
        root = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("historySearchEdit")
        self.search_edit.setAccessibleName(self.tr("Search the call history"))
        self.search_edit.setPlaceholderText(self.tr("Search by number or name (Ctrl+F)"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(100)
        top.addWidget(self.search_edit, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("historyStatusLabel")
        self.status_label.setAccessibleName(self.tr("Call history status"))
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the query
        top.addWidget(self.status_label)
        root.addLayout(top)

        self.table = self._build_table(vm)
        root.addWidget(self.table, 1)
        QWidget.setTabOrder(self.search_edit, self.table)

        self.redial_action = QAction(self.tr("Call back"), self)
        self.redial_action.setObjectName("historyRedialAction")
        self.redial_action.triggered.connect(self._on_redial_action_triggered)

        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.table.activated.connect(self._on_table_activated)  # Enter, double-click
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        vm.status_changed.connect(self._on_vm_status_changed)
        vm.note_requested.connect(self.note_requested)
        self.search_edit.installEventFilter(self)
        self._render_status()

    def _build_table(self, vm: HistoryViewModel) -> QTableView:
        table = QTableView()
        table.setObjectName("historyTable")
        table.setAccessibleName(self.tr("Call history"))
        table.setModel(vm.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.setTabKeyNavigation(False)
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)
        return table

    # ---- keyboard: Down from the search box goes to the list -------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self._vm.model.rowCount() > 0
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)
            return True
        return False

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    # ---- handlers ---------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_edited(self, text: str) -> None:
        self._vm.set_query(text)

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._vm.set_query(self.search_edit.text())
        self._vm.search_now()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self._vm.redial(index.row())

    @Slot()
    def _on_redial_action_triggered(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._vm.redial(index.row())

    @Slot(QPoint)
    def _on_table_context_menu_requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            index = self.table.currentIndex()  # from the keyboard: the current row
        if not index.isValid():
            return
        self.table.setCurrentIndex(index)
        menu = self.build_menu(index.row())
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def build_menu(self, row: int) -> QMenu:
        """The context menu of a row (separate so tests can look at it without exec)."""
        menu = QMenu(self)
        menu.setObjectName("historyMenu")
        menu.addAction(self.redial_action)
        tickets = self._vm.ticket_ids(row)
        if len(tickets) == 1:
            action = menu.addAction(self.tr("Add note to ticket…"))
            action.setObjectName("historyNoteAction")
            action.triggered.connect(lambda: self._vm.request_note(row, tickets[0]))
        elif tickets:
            sub = menu.addMenu(self.tr("Add note to ticket…"))
            sub.setObjectName("historyNoteMenu")
            for ticket in tickets:
                # the "&" in an id would become a mnemonic: double it
                action = sub.addAction(ticket.replace("&", "&&"))
                action.setObjectName("historyNoteAction")
                action.triggered.connect(
                    lambda _checked=False, t=ticket: self._vm.request_note(row, t)
                )
        return menu

    @Slot()
    def _on_vm_status_changed(self) -> None:
        self._render_status()

    def _render_status(self) -> None:
        self.status_label.setText(self._vm.status_text())
