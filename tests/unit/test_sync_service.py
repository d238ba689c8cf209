"""SyncService: counts, parked items with the server's reason, retry/unpark/export, banner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeagent.domain import sip_messages as m
from homeagent.domain.registration import RegFailure, RegState
from homeagent.services.observable import Topic
from homeagent.services.outbox_sender import SyncStatus
from homeagent.services.sync import (
    BANNER_API,
    BANNER_BOTH,
    BANNER_NONE,
    BANNER_SIP,
    ParkedItem,
    SyncNotice,
    SyncService,
)


class QueuedTasks:
    """TaskPort that holds work until `drain()` (the real one runs it on a pool)."""

    def __init__(self) -> None:
        self.queue: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        self.queue.append((fn, on_done, on_error))

    def drain(self) -> None:
        while self.queue:
            fn, on_done, on_error = self.queue.pop(0)
            try:
                result = fn()
            except Exception as exc:
                if on_error:
                    on_error(exc)
                continue
            if on_done:
                on_done(result)


@dataclass
class Entry:
    id: str
    kind: str
    last_error: str
    created_at: float


class FakeStore:
    def __init__(self) -> None:
        self.items = [Entry("t1", "ticket", "422 unknown customer: NO-SUCH", 1700000000.0)]
        self.unparked: list[str | None] = []
        self.exported: list[Path] = []
        self.fail = False

    def parked(self) -> list[Any]:
        if self.fail:
            raise OSError("disk gone")
        return list(self.items)

    def unpark(self, item_id: str | None = None) -> int:
        self.unparked.append(item_id)
        n = len(self.items) if item_id is None else 1
        self.items = [] if item_id is None else [e for e in self.items if e.id != item_id]
        return n

    def export_parked(self, path: Path) -> int:
        if self.fail:
            raise PermissionError("read-only")
        self.exported.append(path)
        return len(self.items)


class FakeSender:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def retry_now(self) -> None:
        self.calls.append("retry_now")

    def wake(self) -> None:
        self.calls.append("wake")


def make() -> tuple[SyncService, QueuedTasks, FakeStore, FakeSender, Topic[Any]]:
    tasks, store, sender = QueuedTasks(), FakeStore(), FakeSender()
    reg: Topic[m.RegistrationChanged] = Topic()
    return SyncService(tasks, sender, store, reg), tasks, store, sender, reg


def test_a_parked_count_reads_the_items_with_the_servers_reason_off_the_gui_thread() -> None:
    sync, tasks, _, _, _ = make()
    seen: list[list[ParkedItem]] = []
    sync.parked_changed.connect(seen.append)
    sync.update(SyncStatus(pending=2, parked=1, online=True))
    assert sync.status.pending == 2 and not seen  # nothing read on the GUI thread
    tasks.drain()
    assert seen == [[ParkedItem("t1", "ticket", "422 unknown customer: NO-SUCH", 1700000000.0)]]
    sync.update(SyncStatus(pending=1, parked=1, online=True))
    assert not tasks.queue  # same count, list known: no re-read during a drain


def test_a_refresh_asked_during_a_read_reads_again_afterwards() -> None:
    sync, tasks, store, _, _ = make()
    sync.refresh_parked()
    sync.refresh_parked()  # e.g. an unpark finished while the first read was running
    assert len(tasks.queue) == 1
    store.items = []
    tasks.drain()
    assert sync.parked == []


def test_unpark_then_wakes_the_sender_and_rereads() -> None:
    sync, tasks, store, sender, _ = make()
    notices: list[SyncNotice] = []
    sync.notices.connect(notices.append)
    busy: list[bool] = []
    sync.busy_changed.connect(busy.append)
    sync.unpark("t1")
    assert sync.busy and not store.unparked
    tasks.drain()
    assert store.unparked == ["t1"] and sender.calls == ["wake"]
    assert notices == [SyncNotice("unparked", 1)] and busy == [True, False]
    assert sync.parked == []


def test_retry_now_forgets_the_backoff() -> None:
    sync, _, _, sender, _ = make()
    sync.retry_now()
    assert sender.calls == ["retry_now"]


def test_export_reports_the_count_or_the_failure(tmp_path: Path) -> None:
    sync, tasks, store, _, _ = make()
    notices: list[SyncNotice] = []
    sync.notices.connect(notices.append)
    sync.export_parked(tmp_path / "out.json")
    tasks.drain()
    assert store.exported == [tmp_path / "out.json"]
    assert notices[-1] == SyncNotice("exported", 1, str(tmp_path / "out.json"))
    store.fail = True
    sync.export_parked(tmp_path / "out.json")
    tasks.drain()
    assert notices[-1].code == "export_failed" and "read-only" in notices[-1].detail
    assert not sync.busy


def test_a_store_failure_is_a_notice_not_a_crash() -> None:
    sync, tasks, store, _, _ = make()
    store.fail = True
    notices: list[SyncNotice] = []
    sync.notices.connect(notices.append)
    sync.refresh_parked()
    tasks.drain()
    assert notices == [SyncNotice("store_failed", 0, "disk gone")]
    store.fail = False
    sync.refresh_parked()  # not stuck "reading"
    tasks.drain()
    assert len(sync.parked) == 1


def reg(state: RegState, failure: RegFailure = RegFailure.NONE) -> m.RegistrationChanged:
    return m.RegistrationChanged("operator", state, 0, "", failure)


def test_banner_follows_the_api_and_the_registrar() -> None:
    sync, _, _, _, registration = make()
    codes: list[str] = []
    sync.banner.connect(codes.append)
    sync.update(SyncStatus(1, 0, online=False, last_error="network: refused"))
    registration.emit(reg(RegState.FAILED, RegFailure.TIMEOUT))
    registration.emit(reg(RegState.REGISTERING))  # a retry: still unreachable
    sync.update(SyncStatus(0, 0, online=True))
    registration.emit(reg(RegState.REGISTERED))
    assert codes == [BANNER_API, BANNER_BOTH, BANNER_SIP, BANNER_NONE]


def test_a_wrong_password_or_a_sign_out_is_not_an_unreachable_line() -> None:
    sync, _, _, _, registration = make()
    registration.emit(reg(RegState.FAILED, RegFailure.AUTH))
    assert sync.banner_code == BANNER_NONE
    registration.emit(reg(RegState.FAILED, RegFailure.NETWORK))
    assert sync.banner_code == BANNER_SIP
    registration.emit(reg(RegState.UNREGISTERED))
    assert sync.banner_code == BANNER_NONE
    sync.update(SyncStatus(3, 0, online=False, signed_out=True))
    assert sync.banner_code == BANNER_NONE  # signed out: the sender is not even trying


def test_without_a_central_api_nothing_is_attempted() -> None:
    tasks = QueuedTasks()
    sync = SyncService(tasks, None, None)
    sync.retry_now()
    sync.unpark(None)
    sync.export_parked(Path("x.json"))
    sync.refresh_parked()
    assert not tasks.queue and not sync.available
