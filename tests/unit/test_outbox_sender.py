import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from homeagent.domain.errors import ApiConflict, ApiRejected, ApiUnavailable
from homeagent.domain.work import Note, PunchKind, Ticket, TicketCategory
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


class Server:
    """A scripted API: records what arrived; fails the items it is told to."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.fail: dict[str, list[BaseException]] = {}
        self.lock = threading.Lock()

    def deliver(self, kind: str, payload: dict[str, Any]) -> tuple[str, str]:
        with self.lock:
            errors = self.fail.get(payload["id"])
            if errors:
                raise errors.pop(0)
            self.received.append((kind, payload))
        return payload["id"], "2026-11-27T08:00:00.500Z"


def run_until(
    sender: OutboxSender, statuses: list[SyncStatus], done: Any, timeout: float = 5
) -> None:
    sender.start()
    end = time.monotonic() + timeout
    while time.monotonic() < end and not (statuses and done(statuses[-1])):
        time.sleep(0.01)
    sender.stop()


def test_delivers_in_order_per_stream_and_records_receipts(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    box = Outbox(storedb.connect(path))
    for kind in (PunchKind.CLOCK_IN, PunchKind.BREAK_START, PunchKind.BREAK_END):
        box.punch(kind, NOW, "d")
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "x")
    box.add(
        ticket,
        Note(str(uuid.uuid4()), ticket.id, "n1", NOW),
        Note(str(uuid.uuid4()), ticket.id, "n2", NOW),
    )
    server, statuses = Server(), []
    sender = OutboxSender(lambda: Outbox(storedb.connect(path)), server.deliver, statuses.append)
    run_until(sender, statuses, lambda s: s.pending == 0)
    seqs = [p["seq"] for k, p in server.received if k == "punch"]
    assert seqs == [1, 2, 3]
    ticket_stream = [k for k, _ in server.received if k in ("ticket", "note")]
    assert ticket_stream == ["ticket", "note", "note"]
    assert [p.get("body") for k, p in server.received if k == "note"] == ["n1", "n2"]
    assert all(r[4] for r in box.punches_since("2026"))  # every punch has its receipt
    assert statuses[-1].delivered == 6


def test_transient_failures_retry_permanent_ones_park(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr("homeagent.services.outbox_sender.backoff_s", lambda *a: 0.01)
    path = tmp_path / "h.db"
    box = Outbox(storedb.connect(path))
    good = box.punch(PunchKind.CLOCK_IN, NOW, "d")
    refused = box.punch(PunchKind.CLOCK_OUT, NOW, "d")
    server, statuses = Server(), []
    server.fail[good.id] = [ApiUnavailable("server error 503", 503)] * 3
    server.fail[refused.id] = [ApiRejected("rejected 422", 422, "occurred_at in the future")]
    sender = OutboxSender(lambda: Outbox(storedb.connect(path)), server.deliver, statuses.append)
    run_until(sender, statuses, lambda s: s.pending == 0)
    assert [p["id"] for _, p in server.received] == [good.id]
    assert box.counts().parked == 1
    assert "occurred_at in the future" in box.parked()[0].last_error
    assert box.parked()[0].attempts == 1


def test_conflict_is_parked_as_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    box = Outbox(storedb.connect(path))
    punch = box.punch(PunchKind.CLOCK_IN, NOW, "d")
    server, statuses = Server(), []
    server.fail[punch.id] = [ApiConflict("conflict", 409)]
    sender = OutboxSender(lambda: Outbox(storedb.connect(path)), server.deliver, statuses.append)
    run_until(sender, statuses, lambda s: s.parked == 1)
    assert box.counts().parked == 1 and server.received == []
