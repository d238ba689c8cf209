"""Status-bar item for the outbox ("All sent", "3 waiting", "1 failed") and its dialog of
failed items with the server's reason, Retry now, Retry failed and Export…. Thin views."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from homeagent.ui.sync_vm import FAILED, OFFLINE, WAITING, SyncViewModel

ChoosePath = Callable[[QWidget, str], str]  # (parent, suggested name) -> path or ""
_COLOURS = {FAILED: "#b91c1c", OFFLINE: "#b45309", WAITING: "#1d4ed8"}


def _plain(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _button(text: str, name: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(text.replace("…", ""))
    button.clicked.connect(slot)
    return button


class SyncDialog(QDialog):
    def __init__(
        self, vm: SyncViewModel, choose_path: ChoosePath, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._vm = vm
        self._choose_path = choose_path
        self.setObjectName("syncDialog")
        self.setWindowTitle(self.tr("Items waiting to be sent"))
        self.resize(640, 420)
        self._build_list()
        self._build_buttons()
        vm.changed.connect(self._on_vm_changed)
        vm.parked_changed.connect(self._on_vm_parked_changed)
        vm.busy_changed.connect(self._on_vm_changed)
        vm.notice_raised.connect(self._on_vm_notice_raised)
        self.refresh_items()

    def _build_list(self) -> None:
        self.summary_label = _plain("syncSummaryLabel")
        self.detail_label = _plain("syncDetailLabel")
        self.detail_label.setWordWrap(True)
        self.items = QTreeWidget()
        self.items.setObjectName("parkedList")
        self.items.setAccessibleName(self.tr("Failed items"))
        self.items.setHeaderLabels([self.tr("Item"), self.tr("Server's reason"), self.tr("Saved")])
        self.items.setRootIsDecorated(False)
        self.items.setUniformRowHeights(True)
        self.items.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.items.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.items.currentItemChanged.connect(self._on_items_current_item_changed)
        self.reason_view = QPlainTextEdit()  # plain text: the server's words stay literal
        self.reason_view.setObjectName("reasonDetail")
        self.reason_view.setAccessibleName(self.tr("Server's reason for the selected item"))
        self.reason_view.setReadOnly(True)
        self.reason_view.setMaximumHeight(90)

    def _build_buttons(self) -> None:
        vm = self._vm
        self.busy_label = _plain("syncBusyLabel", self.tr("Working…"))
        self.notice_label = _plain("syncNoticeLabel")
        self.notice_label.setWordWrap(True)
        self.retry_now_button = _button(self.tr("Retry now"), "retryNowButton", vm.retry_now)
        self.retry_failed_button = _button(
            self.tr("Retry failed"), "retryFailedButton", self._on_retry_failed_clicked
        )
        self.export_button = _button(self.tr("Export…"), "exportButton", self._on_export_clicked)
        self.close_button = _button(self.tr("Close"), "closeButton", self.close)
        buttons = QHBoxLayout()
        for b in (self.retry_now_button, self.retry_failed_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        root = QVBoxLayout(self)
        root.addWidget(self.summary_label)
        root.addWidget(self.detail_label)
        root.addWidget(self.items, 1)
        root.addWidget(self.reason_view)
        root.addWidget(self.busy_label)
        root.addWidget(self.notice_label)
        root.addLayout(buttons)
        order = [
            self.items,
            self.reason_view,
            self.retry_now_button,
            self.retry_failed_button,
            self.export_button,
            self.close_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def refresh_view(self) -> None:
        self.summary_label.setText(self._vm.summary_text())
        self.detail_label.setText(self._vm.detail_text())
        status = self._vm.status
        busy = self._vm.busy
        self.busy_label.setVisible(busy)
        self.retry_now_button.setEnabled(status.pending > 0)
        self.retry_failed_button.setEnabled(status.parked > 0 and not busy)
        self.export_button.setEnabled(status.parked > 0 and not busy)

    def refresh_items(self) -> None:
        selected = self.selected_id()
        self.items.clear()
        for row in self._vm.rows():
            reason_line = " ".join(row.reason.split())[:300]  # one line in the list
            item = QTreeWidgetItem([row.kind, reason_line, row.created])
            item.setData(0, Qt.ItemDataRole.UserRole, row.item_id)
            item.setData(1, Qt.ItemDataRole.UserRole, row.reason)
            self.items.addTopLevelItem(item)
            if row.item_id == selected:
                self.items.setCurrentItem(item)
        first = self.items.topLevelItem(0)
        if self.items.currentItem() is None and first is not None:
            self.items.setCurrentItem(first)
        if not self.items.topLevelItemCount():
            self.reason_view.setPlainText("")
        self.refresh_view()

    def selected_id(self) -> str | None:
        item = self.items.currentItem()
        return None if item is None else str(item.data(0, Qt.ItemDataRole.UserRole))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self._vm.refresh()
        super().showEvent(event)

    @Slot()
    def _on_vm_changed(self) -> None:
        self.refresh_view()

    @Slot()
    def _on_vm_parked_changed(self) -> None:
        self.refresh_items()

    @Slot(str)
    def _on_vm_notice_raised(self, text: str) -> None:
        self.notice_label.setText(text)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_items_current_item_changed(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        reason = "" if current is None else str(current.data(1, Qt.ItemDataRole.UserRole))
        self.reason_view.setPlainText(reason)

    @Slot()
    def _on_retry_failed_clicked(self) -> None:
        self._vm.retry_failed(None)

    @Slot()
    def _on_export_clicked(self) -> None:
        path = self._choose_path(self, self._vm.default_export_name())
        self._vm.export(path)


def choose_export_path(parent: QWidget, suggested: str) -> str:
    path, _ = QFileDialog.getSaveFileName(
        parent,
        QCoreApplication.translate("SyncDialog", "Export failed items"),
        suggested,
        QCoreApplication.translate("SyncDialog", "JSON files (*.json)"),
    )
    return path


class SyncStatusWidget(QWidget):
    """The status-bar item: a flat button with the summary; click for the dialog."""

    def __init__(
        self,
        vm: SyncViewModel,
        parent: QWidget | None = None,
        choose_path: ChoosePath = choose_export_path,
    ) -> None:
        super().__init__(parent)
        self._vm = vm
        self._choose_path = choose_path
        self.dialog: SyncDialog | None = None
        self.button = QToolButton()
        self.button.setObjectName("syncStatusButton")
        self.button.setAutoRaise(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.button.clicked.connect(self._on_button_clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        vm.changed.connect(self._on_vm_changed)
        self.refresh_view()

    def refresh_view(self) -> None:
        text = self._vm.summary_text()
        self.button.setText(text)
        self.button.setAccessibleName(self.tr("Sync status: {summary}").format(summary=text))
        self.button.setToolTip(self._vm.detail_text())  # our own sentence: no server data
        colour = _COLOURS.get(self._vm.level())
        sheet = f"QToolButton {{ color: {colour}; }}" if colour else ""
        if sheet != self.button.styleSheet():  # restyling costs a re-polish: only on change
            self.button.setStyleSheet(sheet)

    def open_dialog(self) -> SyncDialog:
        if self.dialog is None:
            self.dialog = SyncDialog(self._vm, self._choose_path, self.window())
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    @Slot()
    def _on_vm_changed(self) -> None:
        self.refresh_view()

    @Slot()
    def _on_button_clicked(self) -> None:
        self.open_dialog()


def show_storage_alert(parent: QWidget, text: str) -> QMessageBox:
    """A damaged local database was set aside: a warning the operator acknowledges (not a
    status-bar line that scrolls away), shown without blocking the event loop."""
    title = QCoreApplication.translate("SyncDialog", "HomeAgent")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("storageAlert")
    box.setTextFormat(Qt.TextFormat.PlainText)  # the path is ours, but never rich text
    box.open()
    return box
