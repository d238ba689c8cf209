"""Sync status view-model: outbox counts, failed items with the server's reason, the banner.

Runs on the GUI thread; every sentence is made here through `self.tr()`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from homeagent.services.outbox_sender import SyncStatus
from homeagent.services.sync import (
    BANNER_API,
    BANNER_BOTH,
    BANNER_SIP,
    ParkedItem,
    SyncNotice,
    SyncService,
)

OK, WAITING, FAILED, OFFLINE = "ok", "waiting", "failed", "offline"


@dataclass(frozen=True)
class ParkedRow:
    item_id: str
    kind: str
    reason: str  # the server's words: plain text only
    created: str


class SyncViewModel(QObject):
    changed = Signal()
    parked_changed = Signal()
    banner_changed = Signal()
    busy_changed = Signal()
    notice_raised = Signal(str)

    def __init__(self, sync: SyncService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sync = sync
        sync.status_changed.connect(self._on_sync_status_changed)
        sync.parked_changed.connect(self._on_sync_parked_changed)
        sync.banner.connect(self._on_sync_banner)
        sync.notices.connect(self._on_sync_notice)
        sync.busy_changed.connect(self._on_sync_busy_changed)

    # ---- state as text -------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        return self._sync.status

    @property
    def busy(self) -> bool:
        return self._sync.busy

    def level(self) -> str:
        s = self._sync.status
        if s.parked:
            return FAILED
        if s.pending and (not s.online or s.signed_out):
            return OFFLINE
        return WAITING if s.pending else OK

    def summary_text(self) -> str:
        s = self._sync.status
        if not self._sync.available:
            return self.tr("Not syncing")
        parts = []
        if s.parked:
            parts.append(self.tr("%n failed", "", s.parked))
        if s.pending:
            parts.append(self.tr("%n waiting", "", s.pending))
        return " · ".join(parts) if parts else self.tr("All sent")

    def detail_text(self) -> str:
        s = self._sync.status
        if s.signed_out:
            return self.tr("Signed out: items will be sent after you sign in again.")
        if s.pending and not s.online:
            return self.tr("The company server cannot be reached: items are kept and sent later.")
        if s.parked:
            return self.tr("The server refused some items. Retry them, or export them for IT.")
        if s.pending:
            return self.tr("Sending…")
        return self.tr("Everything has been sent.")

    def rows(self) -> list[ParkedRow]:
        return [self._row(item) for item in self._sync.parked]

    def kind_text(self, kind: str) -> str:
        names = {
            "punch": self.tr("Punch"),
            "state": self.tr("Status change"),
            "ticket": self.tr("Ticket"),
            "note": self.tr("Ticket note"),
            "interaction": self.tr("Call record"),
        }
        return names.get(kind, kind[:40])

    def banner_text(self) -> str:
        code = self._sync.banner_code
        if code == BANNER_BOTH:
            return self.tr(
                "No connection to the company server or the phone line. "
                "Your work is kept on this computer and sent when the connection is back."
            )
        if code == BANNER_API:
            return self.tr(
                "The company server cannot be reached. Your work is kept on this computer "
                "and sent when the connection is back."
            )
        if code == BANNER_SIP:
            return self.tr("The phone line cannot be reached: calls cannot come in right now.")
        return ""

    def default_export_name(self) -> str:
        return time.strftime("homeagent-failed-items-%Y%m%d-%H%M.json")

    # ---- intents -------------------------------------------------------------------------

    def refresh(self) -> None:
        self._sync.refresh_parked()

    def retry_now(self) -> None:
        self._sync.retry_now()

    def retry_failed(self, item_id: str | None = None) -> None:
        self._sync.unpark(item_id)

    def export(self, path: str) -> None:
        if path:
            self._sync.export_parked(Path(path))

    # ---- service events ------------------------------------------------------------------

    def _row(self, item: ParkedItem) -> ParkedRow:
        created = (
            time.strftime("%Y-%m-%d %H:%M", time.localtime(item.created)) if item.created else ""
        )
        return ParkedRow(item.id, self.kind_text(item.kind), item.reason, created)

    def notice_text(self, notice: SyncNotice) -> str:
        if notice.code == "exported":
            return self.tr("%n item(s) exported to {path}", "", notice.count).format(
                path=notice.detail
            )
        if notice.code == "export_failed":
            return self.tr("The export failed: {detail}").format(detail=notice.detail)
        if notice.code == "unparked":
            return self.tr("%n item(s) will be sent again", "", notice.count)
        if notice.code == "database_corrupt":
            return self.tr(
                "The local database was damaged. It was set aside for IT ({path}) and a new "
                "one started; anything not yet sent may be missing."
            ).format(path=notice.detail)
        if notice.code == "wal_damaged":
            return self.tr(
                "The last changes saved on this computer could not be read; the file was set "
                "aside for IT ({path})."
            ).format(path=notice.detail)
        return self.tr("The waiting items could not be read: {detail}").format(detail=notice.detail)

    def _on_sync_status_changed(self, _status: SyncStatus) -> None:
        self.changed.emit()

    def _on_sync_parked_changed(self, _items: list[ParkedItem]) -> None:
        self.parked_changed.emit()

    def _on_sync_banner(self, _code: str) -> None:
        self.banner_changed.emit()

    def _on_sync_notice(self, notice: SyncNotice) -> None:
        self.notice_raised.emit(self.notice_text(notice))

    def _on_sync_busy_changed(self, _busy: bool) -> None:
        self.busy_changed.emit()
