"""Sync status bar item, its dialog of failed items, and the connectivity banner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from homeagent.domain import sip_messages as m
from homeagent.domain.registration import RegFailure, RegState
from homeagent.services.outbox_sender import SyncStatus
from homeagent.services.sync import SyncService
from homeagent.ui.banner import ConnectivityBanner
from homeagent.ui.sync_status import SyncStatusWidget
from homeagent.ui.sync_vm import SyncViewModel
from tests.ui.conftest import InlineTasks, Phone

HOSTILE = "<b>x</b><img src=http://evil/>" + "y" * 5000


@dataclass
class Entry:
    id: str
    kind: str
    last_error: str
    created_at: float


class Store:
    def __init__(self) -> None:
        self.items = [
            Entry("t1", "ticket", f"422 Unprocessable: {HOSTILE}", 1.7e9),
            Entry("p1", "punch", "409 duplicate sequence", 1.7e9),
        ]
        self.unparked: list[str | None] = []
        self.exported: list[Path] = []

    def parked(self) -> list[Any]:
        return list(self.items)

    def unpark(self, item_id: str | None = None) -> int:
        self.unparked.append(item_id)
        count = len(self.items)
        self.items = []
        return count

    def export_parked(self, path: Path) -> int:
        self.exported.append(path)
        return len(self.items)


class Sender:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def retry_now(self) -> None:
        self.calls.append("retry_now")

    def wake(self) -> None:
        self.calls.append("wake")


def make(qtbot: QtBot, tmp_path: Path) -> tuple[SyncService, SyncStatusWidget, Store, Sender]:
    store, sender = Store(), Sender()
    sync = SyncService(InlineTasks(), sender, store)
    vm = SyncViewModel(sync)
    widget = SyncStatusWidget(vm, choose_path=lambda _parent, name: str(tmp_path / name))
    qtbot.addWidget(widget)
    return sync, widget, store, sender


def test_the_summary_follows_the_counts(qtbot: QtBot, tmp_path: Path) -> None:
    sync, widget, _, _ = make(qtbot, tmp_path)
    assert widget.button.text() == "All sent"
    sync.update(SyncStatus(pending=3, parked=0, online=True))
    assert widget.button.text() == "3 waiting"
    sync.update(SyncStatus(pending=0, parked=1, online=True))
    assert widget.button.text() == "1 failed"
    sync.update(SyncStatus(pending=2, parked=1, online=False))
    assert widget.button.text() == "1 failed · 2 waiting"
    assert "Sync status" in widget.button.accessibleName()


def test_the_dialog_lists_failed_items_with_the_servers_reason_as_plain_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    sync, widget, _, _ = make(qtbot, tmp_path)
    sync.update(SyncStatus(pending=0, parked=2, online=True))
    dialog = widget.open_dialog()
    tree = dialog.findChild(QTreeWidget, "parkedList")
    assert tree is not None and tree.topLevelItemCount() == 2
    first = tree.topLevelItem(0)
    assert first is not None and first.text(0) == "Ticket"
    assert first.text(1).startswith("422 Unprocessable: <b>x</b><img")
    assert len(first.text(1)) <= 300  # one line; the whole reason is in the detail pane
    assert dialog.reason_view.toPlainText() == f"422 Unprocessable: {HOSTILE}"
    tree.setCurrentItem(tree.topLevelItem(1))
    assert dialog.reason_view.toPlainText() == "409 duplicate sequence"
    for label in dialog.findChildren(QLabel):
        if label.objectName():
            assert label.textFormat() is Qt.TextFormat.PlainText


def test_retry_failed_and_retry_now(qtbot: QtBot, tmp_path: Path) -> None:
    sync, widget, store, sender = make(qtbot, tmp_path)
    sync.update(SyncStatus(pending=1, parked=2, online=True))
    dialog = widget.open_dialog()
    assert dialog.retry_now_button.isEnabled()
    qtbot.mouseClick(dialog.retry_now_button, Qt.MouseButton.LeftButton)
    assert sender.calls == ["retry_now"]
    qtbot.mouseClick(dialog.retry_failed_button, Qt.MouseButton.LeftButton)
    assert store.unparked == [None] and sender.calls[-1] == "wake"
    assert dialog.items.topLevelItemCount() == 0
    assert "2 item(s) will be sent again" in dialog.notice_label.text()
    sync.update(SyncStatus(pending=3, parked=0, online=True))
    assert not dialog.retry_failed_button.isEnabled() and not dialog.export_button.isEnabled()


def test_export_writes_where_the_operator_chose(qtbot: QtBot, tmp_path: Path) -> None:
    sync, widget, store, _ = make(qtbot, tmp_path)
    sync.update(SyncStatus(pending=0, parked=2, online=True))
    dialog = widget.open_dialog()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    (path,) = store.exported
    assert path.parent == tmp_path and path.name.startswith("homeagent-failed-items-")
    assert "2 item(s) exported to" in dialog.notice_label.text()


def test_the_banner_says_what_cannot_be_reached(qtbot: QtBot, phone: Phone) -> None:
    sync = SyncService(InlineTasks(), Sender(), Store(), phone.telephony.registration_changed)
    window = QWidget()
    qtbot.addWidget(window)
    banner = ConnectivityBanner(SyncViewModel(sync), window)
    window.show()
    assert banner.isHidden()
    sync.update(SyncStatus(pending=1, parked=0, online=False))
    assert banner.isVisible() and "company server" in banner.label.text()
    phone.registered()
    phone.feed(m.RegistrationChanged("operator", RegState.FAILED, 408, "", RegFailure.TIMEOUT))
    assert "phone line" in banner.label.text() and "company server" in banner.label.text()
    sync.update(SyncStatus(pending=0, parked=0, online=True))
    assert banner.label.text().startswith("The phone line cannot be reached")
    phone.feed(m.RegistrationChanged("operator", RegState.REGISTERED, 200, "OK"))
    assert banner.isHidden()
    assert banner.label.textFormat() is Qt.TextFormat.PlainText
