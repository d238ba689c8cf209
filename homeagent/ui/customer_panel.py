"""The customer card: who is calling, their products and tickets, and how to find them.

A thin view over CustomerViewModel. Everything that comes from the API is plain text: labels
are PlainText, lists and tables are plain already, and no data goes into a tooltip. Long
fields are elided on screen; "Copy" (context menu, Ctrl+C) copies the whole text. A product
opens in the Products tab with one click or Enter (`product_requested`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.customer_vm import CustomerViewModel, TicketRow, one_line

_ID_ROLE = Qt.ItemDataRole.UserRole


class ElidedLabel(QLabel):
    """A one-line plain-text label that elides what does not fit and never widens its window.

    `full_text()` is the whole value; Copy (context menu or Ctrl+C) copies all of it.
    """

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        copy = QAction(self.tr("Copy"), self)
        copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self._on_copy_triggered)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def set_full_text(self, text: str) -> None:
        if text != self._full:
            self._full = text
            self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        line = self._full if "\n" not in self._full else one_line(self._full)
        width = self.contentsRect().width()
        if width > 0 and self.fontMetrics().horizontalAdvance(line[:400]) > width - 2:
            line = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, width - 2)
        if line != self.text():
            self.setText(line)

    @Slot()
    def _on_copy_triggered(self) -> None:
        QGuiApplication.clipboard().setText(self._full)


def _table(name: str, accessible: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, 130)
    return table


def _tree(name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setUniformRowHeights(True)
    tree.setWordWrap(False)
    tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        tree.header().resizeSection(column, 100)
    return tree


class CustomerPanel(QWidget):
    product_requested = Signal(str)  # a product id: open it in the Products tab

    def __init__(self, vm: CustomerViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("customerPanel")
        self.setAccessibleName(self.tr("Customer"))
        root = QVBoxLayout(self)
        root.addLayout(self._build_search())
        self.status_label = QLabel()
        self.status_label.setObjectName("popStatus")
        self.status_label.setAccessibleName(self.tr("Screen pop status"))
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        root.addWidget(self.status_label)
        root.addWidget(self._build_choices())
        self.card_box = self._build_card()
        root.addWidget(self.card_box, 1)
        root.addStretch(0)
        for first, second in (
            (self.search_edit, self.search_button),
            (self.search_button, self.choices_list),
            (self.choices_list, self.choose_button),
            (self.choose_button, self.unknown_button),
            (self.unknown_button, self.detail_tabs),
            (self.detail_tabs, self.products_table),
            (self.products_table, self.tickets_tree),
            (self.tickets_tree, self.history_tree),
        ):
            QWidget.setTabOrder(first, second)
        vm.changed.connect(self._on_vm_changed)
        vm.card_changed.connect(self._on_vm_card_changed)
        vm.history_changed.connect(self._on_vm_history_changed)
        vm.choices_changed.connect(self._on_vm_choices_changed)
        self._on_vm_card_changed()
        self._on_vm_history_changed()
        self._on_vm_choices_changed()
        self._on_vm_changed()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ---- building ----------------------------------------------------------------------------

    def _build_search(self) -> QHBoxLayout:
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setAccessibleName(self.tr("Search customers"))
        self.search_edit.setPlaceholderText(self.tr("Name, e-mail, account or phone number"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(200)
        self.search_edit.returnPressed.connect(self._on_search_button_clicked)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("customerSearchButton")
        self.search_button.setAccessibleName(self.tr("Search"))
        self.search_button.clicked.connect(self._on_search_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.search_edit, 1)
        row.addWidget(self.search_button)
        return row

    def _build_choices(self) -> QFrame:
        self.choices_box = QFrame()
        self.choices_box.setObjectName("choicesBox")
        self.choices_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        box = QVBoxLayout(self.choices_box)
        box.setContentsMargins(0, 0, 0, 0)
        self.choices_title = QLabel()
        self.choices_title.setObjectName("choicesTitle")
        self.choices_title.setTextFormat(Qt.TextFormat.PlainText)
        self.choices_title.setWordWrap(True)
        self.choices_list = QListWidget()
        self.choices_list.setObjectName("choicesList")
        self.choices_list.setAccessibleName(self.tr("Matching customers"))
        self.choices_list.setUniformItemSizes(True)
        self.choices_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.choices_list.setMaximumHeight(150)
        self.choices_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.choices_list.itemActivated.connect(self._on_choices_list_item_activated)
        self.choose_button = QPushButton(self.tr("Open this customer"))
        self.choose_button.setObjectName("chooseButton")
        self.choose_button.setAccessibleName(self.tr("Open this customer"))
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.unknown_button = QPushButton(self.tr("Continue as unknown"))
        self.unknown_button.setObjectName("unknownButton")
        self.unknown_button.setAccessibleName(self.tr("Continue as unknown"))
        self.unknown_button.clicked.connect(self._on_unknown_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.unknown_button)
        buttons.addStretch(1)
        box.addWidget(self.choices_title)
        box.addWidget(self.choices_list)
        box.addLayout(buttons)
        return self.choices_box

    def _build_card(self) -> QWidget:
        card = QWidget()
        card.setObjectName("customerCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(0, 0, 0, 0)
        self.name_label = ElidedLabel("customerName", self.tr("Customer name"))
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.name_label.setFont(font)
        self.vip_badge = QLabel(self.tr("VIP"))
        self.vip_badge.setObjectName("vipBadge")
        self.vip_badge.setAccessibleName(self.tr("Very important customer"))
        self.vip_badge.setStyleSheet(
            "#vipBadge { background: #b45309; color: #fff; border-radius: 4px;"
            " padding: 1px 6px; font-weight: bold; }"
        )
        head = QHBoxLayout()
        head.addWidget(self.name_label, 1)
        head.addWidget(self.vip_badge)
        box.addLayout(head)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, ElidedLabel] = {}
        for key, text in (
            ("segment", self.tr("Segment")),
            ("language", self.tr("Language")),
            ("account", self.tr("Account")),
            ("phones", self.tr("Phones")),
            ("email", self.tr("E-mail")),
            ("address", self.tr("Address")),
        ):
            label = ElidedLabel(f"customer{key.capitalize()}", text)
            self.fields[key] = label
            form.addRow(text, label)
        box.addLayout(form)
        self.detail_tabs = QTabWidget()
        self.detail_tabs.setObjectName("customerDetailTabs")
        self.detail_tabs.setAccessibleName(self.tr("Products, open tickets and history"))
        self.products_table = _table(
            "productsTable",
            self.tr("Products owned"),
            [self.tr("Product"), self.tr("Serial"), self.tr("Contract end")],
        )
        self.products_table.clicked.connect(self._on_products_table_clicked)
        self.products_table.activated.connect(self._on_products_table_clicked)
        self.tickets_tree = _tree(
            "ticketsTree",
            self.tr("Open tickets"),
            [self.tr("Subject"), self.tr("Category"), self.tr("Status"), self.tr("Opened")],
        )
        self.detail_tabs.addTab(self.products_table, "")
        self.detail_tabs.addTab(self.tickets_tree, "")
        self.detail_tabs.addTab(self._build_history(), "")
        box.addWidget(self.detail_tabs, 1)
        return card

    def _build_history(self) -> QWidget:
        self.history_tree = _tree(
            "historyTree",
            self.tr("Ticket history"),
            [self.tr("Subject"), self.tr("Category"), self.tr("Status"), self.tr("Opened")],
        )
        self.history_tree.setUniformRowHeights(True)
        self.history_tree.currentItemChanged.connect(self._on_history_tree_current_item_changed)
        self.history_status = QLabel()
        self.history_status.setObjectName("historyStatus")
        self.history_status.setTextFormat(Qt.TextFormat.PlainText)
        self.history_detail = QPlainTextEdit()
        self.history_detail.setObjectName("historyDetail")
        self.history_detail.setAccessibleName(self.tr("Selected ticket or note"))
        self.history_detail.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("historySplitter")
        split.addWidget(self.history_tree)
        split.addWidget(self.history_detail)
        split.setSizes([200, 80])
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.history_status)
        box.addWidget(split, 1)
        return page

    # ---- rendering -------------------------------------------------------------------------

    @Slot()
    def _on_vm_changed(self) -> None:
        vm = self._vm
        status = vm.status_text()
        self.status_label.setText(status)
        self.status_label.setVisible(bool(status))
        view = vm.card_view()
        self.card_box.setVisible(vm.has_customer())
        self.name_label.set_full_text(view.name)
        self.vip_badge.setVisible(view.vip)
        for key, label in self.fields.items():
            label.set_full_text(getattr(view, key))
        self.unknown_button.setVisible(vm.offers_unknown())
        self._show_choices()

    @Slot()
    def _on_vm_card_changed(self) -> None:
        rows = self._vm.product_rows()
        table = self.products_table
        table.setUpdatesEnabled(False)
        table.clearContents()
        table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            name = QTableWidgetItem(row.name)
            name.setData(_ID_ROLE, row.product_id)
            end = QTableWidgetItem(row.contract_end)
            if row.ended:
                end.setForeground(Qt.GlobalColor.darkRed)
            table.setItem(index, 0, name)
            table.setItem(index, 1, QTableWidgetItem(row.serial))
            table.setItem(index, 2, end)
        table.setUpdatesEnabled(True)
        tickets = self._vm.ticket_rows()
        self._fill_tree(self.tickets_tree, tickets, with_notes=False)
        self.detail_tabs.setTabText(0, self.tr("Products ({count})").format(count=len(rows)))
        self.detail_tabs.setTabText(1, self.tr("Open tickets ({count})").format(count=len(tickets)))

    @Slot()
    def _on_vm_history_changed(self) -> None:
        rows = self._vm.history_rows()
        self._fill_tree(self.history_tree, rows, with_notes=True)
        self.history_detail.clear()
        text = self._vm.history_text()
        self.history_status.setText(text)
        self.history_status.setVisible(bool(text))
        self.detail_tabs.setTabText(2, self.tr("History ({count})").format(count=len(rows)))

    @Slot()
    def _on_vm_choices_changed(self) -> None:
        rows = self._vm.choice_rows()
        self.choices_list.clear()
        for row in rows:
            item = QListWidgetItem(row.text)
            item.setData(_ID_ROLE, row.customer_id)
            self.choices_list.addItem(item)
        if rows:
            self.choices_list.setCurrentRow(0)
        self.choices_title.setText(self._vm.choices_title())
        self._show_choices()

    def _show_choices(self) -> None:
        has_rows = self.choices_list.count() > 0
        self.choices_list.setVisible(has_rows)
        self.choose_button.setVisible(has_rows)
        title = bool(self.choices_title.text())
        self.choices_title.setVisible(title)
        self.choices_box.setVisible(has_rows or title or self._vm.offers_unknown())

    @staticmethod
    def _fill_tree(tree: QTreeWidget, rows: list[TicketRow], *, with_notes: bool) -> None:
        tree.setUpdatesEnabled(False)
        tree.clear()
        items = []
        for row in rows:
            item = QTreeWidgetItem([row.subject, row.category, row.status, row.created])
            item.setData(0, _ID_ROLE, row.ticket_id)
            if with_notes:
                for created, body in row.notes:
                    note = QTreeWidgetItem([one_line(body)[:500], "", "", created[:10]])
                    note.setData(0, _ID_ROLE, body)
                    item.addChild(note)
            items.append(item)
        tree.addTopLevelItems(items)
        tree.setUpdatesEnabled(True)

    # ---- operator ------------------------------------------------------------------------

    @Slot()
    def _on_search_button_clicked(self) -> None:
        self._vm.search(self.search_edit.text())

    @Slot(QListWidgetItem)
    def _on_choices_list_item_activated(self, item: QListWidgetItem) -> None:
        self._vm.choose(str(item.data(_ID_ROLE)))

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        item = self.choices_list.currentItem()
        if item is not None:
            self._vm.choose(str(item.data(_ID_ROLE)))

    @Slot()
    def _on_unknown_button_clicked(self) -> None:
        self._vm.continue_unknown()

    @Slot(QModelIndex)
    def _on_products_table_clicked(self, index: QModelIndex) -> None:
        item = self.products_table.item(index.row(), 0) if index.isValid() else None
        if item is not None:
            self.product_requested.emit(str(item.data(_ID_ROLE)))

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_history_tree_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        if current is None:
            self.history_detail.clear()
        elif current.parent() is not None:  # a note: its whole body
            self.history_detail.setPlainText(str(current.data(0, _ID_ROLE)))
        else:
            self.history_detail.setPlainText(current.text(0))
