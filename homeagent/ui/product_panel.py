"""The Products tab: search the catalogue, read a product and its knowledge articles.

A thin view over ProductViewModel. Descriptions and articles are shown as plain text (a
QPlainTextEdit never interprets markup); results are a plain list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.customer_panel import ElidedLabel
from homeagent.ui.product_vm import ProductViewModel

_ID_ROLE = Qt.ItemDataRole.UserRole


def _status(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _reader(name: str, accessible: str) -> QPlainTextEdit:
    text = QPlainTextEdit()
    text.setObjectName(name)
    text.setAccessibleName(accessible)
    text.setReadOnly(True)
    text.setTabChangesFocus(True)
    return text


class ProductPanel(QWidget):
    def __init__(self, vm: ProductViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("productPanel")
        self.setAccessibleName(self.tr("Products"))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("productSearch")
        self.search_edit.setAccessibleName(self.tr("Search products"))
        self.search_edit.setPlaceholderText(self.tr("Search products by name or category"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(200)
        self.search_edit.textEdited.connect(self._on_search_edit_text_edited)
        self.search_edit.returnPressed.connect(self._on_search_edit_return_pressed)
        self.status_label = _status("productStatus")
        self.results = QListWidget()
        self.results.setObjectName("productResults")
        self.results.setAccessibleName(self.tr("Products found"))
        self.results.setUniformItemSizes(True)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.currentItemChanged.connect(self._on_results_current_item_changed)
        detail = self._build_detail()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setObjectName("productSplitter")
        split.addWidget(self.results)
        split.addWidget(detail)
        split.setSizes([220, 480])
        root = QVBoxLayout(self)
        root.addWidget(self.search_edit)
        root.addWidget(self.status_label)
        root.addWidget(split, 1)
        QWidget.setTabOrder(self.search_edit, self.results)
        QWidget.setTabOrder(self.results, self.description)
        QWidget.setTabOrder(self.description, self.articles)
        QWidget.setTabOrder(self.articles, self.article_body)
        vm.changed.connect(self._on_vm_changed)
        vm.results_changed.connect(self._on_vm_results_changed)
        vm.detail_changed.connect(self._on_vm_detail_changed)
        self._on_vm_results_changed()
        self._on_vm_detail_changed()
        self._on_vm_changed()

    def _build_detail(self) -> QWidget:
        self.name_label = ElidedLabel("productName", self.tr("Product name"))
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.name_label.setFont(font)
        self.category_label = ElidedLabel("productCategory", self.tr("Category"))
        self.detail_status = _status("productDetailStatus")
        self.description = _reader("productDescription", self.tr("Product description"))
        self.articles = QListWidget()
        self.articles.setObjectName("articleList")
        self.articles.setAccessibleName(self.tr("Help articles"))
        self.articles.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.articles.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.articles.currentItemChanged.connect(self._on_articles_current_item_changed)
        self.article_body = _reader("articleBody", self.tr("Help article"))
        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.name_label)
        box.addWidget(self.category_label)
        box.addWidget(self.detail_status)
        texts = QSplitter(Qt.Orientation.Vertical)
        texts.setObjectName("productTexts")
        texts.addWidget(self.description)
        texts.addWidget(self.articles)
        texts.addWidget(self.article_body)
        texts.setSizes([120, 100, 200])
        box.addWidget(texts, 1)
        return detail

    def open_product(self, product_id: str) -> None:
        """Show one product (from the customer's card)."""
        self._vm.open(product_id)
        self._select(product_id)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._vm.ensure_loaded()

    # ---- rendering -------------------------------------------------------------------------

    @Slot()
    def _on_vm_changed(self) -> None:
        text = self._vm.status_text()
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))
        detail = self._vm.detail_status()
        self.detail_status.setText(detail)
        self.detail_status.setVisible(bool(detail))

    @Slot()
    def _on_vm_results_changed(self) -> None:
        self.results.blockSignals(True)  # refilling is not the operator picking
        self.results.clear()
        for row in self._vm.result_rows():
            item = QListWidgetItem(row.text)
            item.setData(_ID_ROLE, row.product_id)
            self.results.addItem(item)
        self.results.blockSignals(False)
        self._select(self._vm.state.product_id)

    @Slot()
    def _on_vm_detail_changed(self) -> None:
        view = self._vm.detail_view()
        self.name_label.set_full_text(view.name)
        self.category_label.set_full_text(view.category)
        self.description.setPlainText(view.description)
        self.articles.blockSignals(True)
        self.articles.clear()
        for article in view.articles:
            item = QListWidgetItem(
                self.tr("{kind}: {title}").format(kind=article.kind, title=article.title)
            )
            item.setData(_ID_ROLE, article.body)
            self.articles.addItem(item)
        self.articles.blockSignals(False)
        self.article_body.clear()
        if view.articles:
            self.articles.setCurrentRow(0)

    def _select(self, product_id: str) -> None:
        self.results.blockSignals(True)
        self.results.setCurrentRow(-1)
        for index in range(self.results.count()):
            item = self.results.item(index)
            if item.data(_ID_ROLE) == product_id:
                self.results.setCurrentItem(item)
                break
        self.results.blockSignals(False)

    # ---- operator ------------------------------------------------------------------------

    @Slot(str)
    def _on_search_edit_text_edited(self, text: str) -> None:
        self._vm.set_query(text)

    @Slot()
    def _on_search_edit_return_pressed(self) -> None:
        self._vm.search_now(self.search_edit.text())

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_results_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None:
            self._vm.open(str(current.data(_ID_ROLE)))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_articles_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self.article_body.setPlainText("" if current is None else str(current.data(_ID_ROLE)))
