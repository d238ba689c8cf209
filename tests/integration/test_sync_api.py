"""Sync status against the reference server: a refused item shows as failed with the server's
reason, exports, and goes through once unparked when the server can take it."""

from __future__ import annotations

import contextlib
import functools
import json
import queue
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.domain.work import Note, PunchKind, Ticket, TicketCategory
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.services.sync import SyncNotice, SyncService
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox

pytestmark = pytest.mark.timeout(120)


class GuiLoop:
    """The GUI thread of the test: pool work posts its callbacks here; `pump` runs them."""

    def __init__(self) -> None:
        self.posted: queue.Queue[Callable[[], None]] = queue.Queue()
        self.pool = ThreadPoolExecutor(2, thread_name_prefix="io")

    def post(self, fn: Callable[[], None]) -> None:
        self.posted.put(fn)

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        def work() -> None:
            try:
                result = fn()
            except Exception as exc:
                if on_error is not None:
                    self.post(functools.partial(on_error, exc))
                return
            if on_done is not None:
                self.post(lambda: on_done(result))

        self.pool.submit(work)

    def pump_until(self, done: Callable[[], bool], timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while not done():
            if time.monotonic() > end:
                raise AssertionError("condition not reached")
            with contextlib.suppress(queue.Empty):
                self.posted.get(timeout=0.05)()


class OutboxStore:
    """ParkedStorePort over the real SQLite outbox: a connection per call, on the pool."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def _box(self) -> contextlib.closing[Any]:
        return contextlib.closing(storedb.connect(self._path))

    def parked(self) -> list[Any]:
        with self._box() as conn:
            return Outbox(conn).parked()

    def unpark(self, item_id: str | None = None) -> int:
        with self._box() as conn:
            return Outbox(conn).unpark(item_id)

    def export_parked(self, path: Path) -> int:
        with self._box() as conn:
            return Outbox(conn).export_parked(path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "api.db", seed=True) as srv:
        yield srv


def test_refused_items_show_as_failed_with_the_servers_reason_and_retry_works(
    server: ServerProcess, tmp_path: Path
) -> None:
    db = tmp_path / "agent.db"
    box = Outbox(storedb.connect(db))
    bad = Ticket(str(uuid.uuid4()), TicketCategory.COMPLAINT, "x", customer_id="NO-SUCH")
    later = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "printer on fire")
    early_note = Note(str(uuid.uuid4()), later.id, "called back", datetime.now(UTC))
    box.add(bad)
    box.add(early_note)  # its ticket does not exist on the server yet: refused
    box.punch(PunchKind.CLOCK_IN, datetime.now(UTC), "dev-1")

    api = ApiClient(Http(server.base_url, timeout=(0.5, 2.0)), device_id="dev-1", retries=1)
    api.login("agent", "demo")
    loop = GuiLoop()
    sender = OutboxSender(
        lambda: Outbox(storedb.connect(db)),
        api.deliver,
        lambda status: loop.post(lambda: sync.update(status)),  # as app.py's call_on_gui
    )
    sync = SyncService(loop, sender, OutboxStore(db))
    statuses: list[SyncStatus] = []
    sync.status_changed.connect(statuses.append)
    notices: list[SyncNotice] = []
    sync.notices.connect(notices.append)
    sender.start()
    try:
        loop.pump_until(lambda: sync.status.pending == 0 and len(sync.parked) == 2)
        assert sync.status.parked == 2 and sync.status.online and sync.banner_code == ""
        by_id = {item.id: item for item in sync.parked}
        assert by_id[bad.id].kind == "ticket" and by_id[bad.id].reason.startswith("422")
        assert "NO-SUCH" in by_id[bad.id].reason or "customer" in by_id[bad.id].reason.lower()
        assert by_id[early_note.id].kind == "note" and by_id[early_note.id].reason.startswith("404")

        out = tmp_path / "failed.json"
        sync.export_parked(out)
        loop.pump_until(lambda: bool(notices))
        assert notices[-1] == SyncNotice("exported", 2, str(out))
        exported = {e["id"]: e for e in json.loads(out.read_text(encoding="utf-8"))}
        assert exported[bad.id]["error"].startswith("422")

        box.add(later)  # the ticket reaches the server now
        sender.wake()
        loop.pump_until(lambda: sync.status.pending == 0 and sync.status.delivered >= 2)
        sync.unpark(early_note.id)  # the operator's "retry": now the server takes it
        loop.pump_until(
            lambda: sync.status.parked == 1 and sync.status.pending == 0
            and [i.id for i in sync.parked] == [bad.id]
        )  # fmt: skip
        assert SyncNotice("unparked", 1) in notices
        assert [e.id for e in box.parked()] == [bad.id]  # the note was acknowledged
        assert sync.status.delivered == 3  # punch, ticket, note: each once

        seen = len(statuses)
        sync.unpark(None)  # "retry failed" on an item the server still refuses
        loop.pump_until(lambda: any(s.parked == 0 for s in statuses[seen:]))
        loop.pump_until(lambda: statuses[-1].parked == 1 and len(sync.parked) == 1)
        assert sync.parked[0].id == bad.id and sync.parked[0].reason.startswith("422")
    finally:
        sender.stop()
        loop.pool.shutdown()
