"""Sync status: what waits in the outbox, what the API refused (and why), and whether the API
and the phone line can be reached. Runs on the GUI thread; the outbox is read on the pool.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_messages import RegistrationChanged
from homeagent.services.observable import Topic
from homeagent.services.outbox_sender import SyncStatus
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)

# banner codes (the UI turns them into sentences)
BANNER_NONE = ""
BANNER_API = "api_unreachable"
BANNER_SIP = "sip_unreachable"
BANNER_BOTH = "api_and_sip_unreachable"


class SenderPort(Protocol):
    """The outbox sender: look again at once, forgetting backoff or not."""

    def retry_now(self) -> None: ...
    def wake(self) -> None: ...


class ParkedStorePort(Protocol):
    """The outbox's parked items. Blocking (SQLite): called on the pool only."""

    def parked(self) -> list[Any]: ...  # entries with id, kind, last_error, created_at
    def unpark(self, item_id: str | None = None) -> int: ...
    def export_parked(self, path: Path) -> int: ...


@dataclass(frozen=True)
class ParkedItem:
    id: str
    kind: str  # punch, state, ticket, note, interaction
    reason: str  # the server's words, as received (plain text)
    created: float  # epoch seconds


@dataclass(frozen=True)
class SyncNotice:
    """An outcome the operator should see; `code` is translated by the UI."""

    code: str  # exported, export_failed, store_failed, unparked, database_corrupt, wal_damaged
    count: int = 0
    detail: str = ""


def banner_code(api_down: bool, sip_down: bool) -> str:
    if api_down and sip_down:
        return BANNER_BOTH
    if api_down:
        return BANNER_API
    return BANNER_SIP if sip_down else BANNER_NONE


class SyncService:
    def __init__(
        self,
        tasks: TaskPort,
        sender: SenderPort | None,
        store: ParkedStorePort | None,
        registration: Topic[RegistrationChanged] | None = None,
    ) -> None:
        self._tasks = tasks
        self._sender = sender
        self._store = store
        self.status = SyncStatus(pending=0, parked=0, online=True)
        self.parked: list[ParkedItem] = []
        self.api_down = False
        self.sip_down = False
        self.busy = False  # a store operation is running
        self._reading = False
        self._reread = False  # asked again while a read was in flight
        self.status_changed: Topic[SyncStatus] = Topic()
        self.parked_changed: Topic[list[ParkedItem]] = Topic()
        self.banner: Topic[str] = Topic()
        self.notices: Topic[SyncNotice] = Topic()
        self.busy_changed: Topic[bool] = Topic()
        self.storage_notice: SyncNotice | None = None  # the start-up check's finding, kept
        if registration is not None:
            registration.connect(self.on_registration)

    @property
    def banner_code(self) -> str:
        return banner_code(self.api_down, self.sip_down)

    @property
    def available(self) -> bool:
        """False without a central API (SIP-only mode): nothing to sync."""
        return self._sender is not None

    # ---- inputs ----------------------------------------------------------------------------

    def update(self, status: SyncStatus) -> None:
        """The sender's latest counts (its on_status, brought to the GUI thread)."""
        before = self.status
        self.status = status
        self.status_changed.emit(status)
        self._set_down(api=not status.online and not status.signed_out)
        if status.parked != len(self.parked) or status.parked != before.parked:
            self.refresh_parked()

    def on_registration(self, event: RegistrationChanged) -> None:
        if event.state is RegState.REGISTERED or event.state is RegState.UNREGISTERED:
            self._set_down(sip=False)
        elif event.state is RegState.FAILED:
            self._set_down(sip=event.failure in (RegFailure.NETWORK, RegFailure.TIMEOUT))
        # REGISTERING: a retry is under way; keep saying what we last knew

    def storage_checked(self, code: str, moved_to: str = "") -> None:
        """The start-up check of the local database (store.db.check_at_startup): when it was
        damaged and moved aside (`code` database_corrupt or wal_damaged), tell the operator,
        and keep the notice for views made later."""
        if code:
            self.storage_notice = SyncNotice(code, 0, moved_to)
            self.notices.emit(self.storage_notice)

    # ---- operator intents ------------------------------------------------------------------

    def refresh_parked(self) -> None:
        if self._store is None:
            return
        if self._reading:
            self._reread = True
            return
        store = self._store
        self._reading = True
        self._tasks.run(store.parked, self._on_parked_read, self._on_store_failed)

    def retry_now(self) -> None:
        """Send what is waiting now, without waiting out the backoff."""
        if self._sender is not None:
            self._sender.retry_now()

    def unpark(self, item_id: str | None = None) -> None:
        """Give one failed item (or all of them) another go."""
        if self._store is None:
            return
        store = self._store
        self._set_busy(True)

        def done(count: int) -> None:
            self._set_busy(False)
            self.notices.emit(SyncNotice("unparked", count))
            if self._sender is not None:
                self._sender.wake()
            self.refresh_parked()

        self._tasks.run(lambda: store.unpark(item_id), done, self._on_store_failed)

    def export_parked(self, path: Path) -> None:
        """Write the failed items to a JSON file for a supervisor."""
        if self._store is None:
            return
        store = self._store
        self._set_busy(True)

        def done(count: int) -> None:
            self._set_busy(False)
            self.notices.emit(SyncNotice("exported", count, str(path)))

        def failed(exc: Exception) -> None:
            self._set_busy(False)
            log.warning("export of parked items to %s failed: %s", path, exc)
            self.notices.emit(SyncNotice("export_failed", 0, str(exc)))

        self._tasks.run(lambda: store.export_parked(path), done, failed)

    # ---- internals -------------------------------------------------------------------------

    def _on_parked_read(self, entries: list[Any]) -> None:
        self._reading = False
        items = []
        for entry in entries:
            items.append(
                ParkedItem(
                    id=str(getattr(entry, "id", "")),
                    kind=str(getattr(entry, "kind", "")),
                    reason=str(getattr(entry, "last_error", "")),
                    created=float(getattr(entry, "created_at", 0.0) or 0.0),
                )
            )
        self.parked = items
        self.parked_changed.emit(list(items))
        if self._reread:
            self._reread = False
            self.refresh_parked()

    def _on_store_failed(self, exc: Exception) -> None:
        self._reading = False
        self._set_busy(False)
        log.warning("outbox store: %s", exc)
        self.notices.emit(SyncNotice("store_failed", 0, str(exc)))

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _set_down(self, *, api: bool | None = None, sip: bool | None = None) -> None:
        before = self.banner_code
        if api is not None:
            self.api_down = api
        if sip is not None:
            self.sip_down = sip
        if self.banner_code != before:
            self.banner.emit(self.banner_code)
