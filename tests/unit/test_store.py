import json
import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from homeagent.domain.agent import AgentState
from homeagent.domain.errors import StorageError
from homeagent.domain.work import Note, PunchKind, StateChange, Ticket, TicketCategory
from homeagent.store import db as storedb
from homeagent.store.cache import CardCache
from homeagent.store.outbox import Outbox

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(storedb.connect(tmp_path / "h.db"))


def test_punches_get_increasing_seq_and_survive_reopen(tmp_path: Path) -> None:
    box = Outbox(storedb.connect(tmp_path / "h.db"))
    first = box.punch(PunchKind.CLOCK_IN, NOW, "dev1")
    second = box.punch(PunchKind.BREAK_START, NOW, "dev1", "lunch")
    assert (first.seq, second.seq) == (1, 2)
    again = Outbox(storedb.connect(tmp_path / "h.db"))  # as after a crash
    assert again.punch(PunchKind.BREAK_END, NOW, "dev1").seq == 3
    heads = again.heads(now=1e12)
    assert [h.id for h in heads] == [first.id]  # one stream: only its head is due
    assert heads[0].payload == {
        "id": first.id,
        "kind": "clock_in",
        "occurred_at": "2026-11-27T08:00:00.000Z",
        "device_id": "dev1",
        "seq": 1,
    }


def test_streams_are_independent_and_ordered(outbox: Outbox) -> None:
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.COMPLAINT, "Box down")
    note = Note(str(uuid.uuid4()), ticket.id, "Rebooted twice", NOW)
    state = StateChange(str(uuid.uuid4()), AgentState.AVAILABLE, NOW)
    outbox.add(ticket, note, state)
    heads = outbox.heads(now=1e12)
    assert {h.kind for h in heads} == {"ticket", "state"}  # the note waits for its ticket
    outbox.acknowledge(ticket.id)
    assert {h.kind for h in outbox.heads(now=1e12)} == {"note", "state"}
    assert outbox.heads(now=1e12, busy=frozenset({f"ticket:{ticket.id}"}))[0].kind == "state"


def test_ack_records_the_receipt_and_retry_backs_off(outbox: Outbox) -> None:
    punch = outbox.punch(PunchKind.CLOCK_IN, NOW, "dev1")
    outbox.retry_later(punch.id, "503", delay_s=60)
    assert outbox.heads(now=0) == []
    assert outbox.counts().pending == 1
    outbox.retry_all_now()
    assert outbox.heads(now=0)[0].attempts == 1
    outbox.acknowledge(punch.id, "2026-11-27T08:00:01.000Z")
    assert outbox.counts().pending == 0
    rows = outbox.punches_since("2026-11-27")
    assert rows == [
        (punch.id, "clock_in", "2026-11-27T08:00:00.000Z", 1, "2026-11-27T08:00:01.000Z")
    ]


def test_parked_items_leave_the_order_but_stay(outbox: Outbox, tmp_path: Path) -> None:
    a = outbox.punch(PunchKind.CLOCK_IN, NOW, "dev1")
    b = outbox.punch(PunchKind.CLOCK_OUT, NOW, "dev1")
    outbox.park(a.id, "422 occurred_at in the future")
    assert [h.id for h in outbox.heads(now=1e12)] == [b.id]
    assert outbox.counts().parked == 1
    assert outbox.parked()[0].last_error == "422 occurred_at in the future"
    assert outbox.export_parked(tmp_path / "parked.json") == 1
    assert json.loads((tmp_path / "parked.json").read_text())[0]["id"] == a.id
    assert outbox.unpark() == 1
    assert [h.id for h in outbox.heads(now=1e12)] == [a.id]


def test_a_failed_transaction_leaves_nothing_half_written(outbox: Outbox) -> None:
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "x")
    with pytest.raises(StorageError):
        outbox.add(ticket, ticket)  # the same id twice: the whole batch is refused
    assert outbox.counts().pending == 0


def test_newer_schema_is_refused_and_upgrades_are_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StorageError, match="newer"):
        storedb.connect(path)
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA user_version=0")
    conn.close()
    storedb.connect(old)
    assert not list(tmp_path.glob("old.db.bak-*"))  # nothing to keep from an empty file


def test_cache_revalidates_expires_and_purges(tmp_path: Path) -> None:
    conn = storedb.connect(tmp_path / "h.db")
    cache = CardCache(conn, max_age_s=3600)
    cache.put("customer:1", {"id": "1", "display_name": "Camille"}, 'W/"a"')
    hit = cache.get("customer:1")
    assert hit is not None and hit.etag == 'W/"a"' and hit.body["display_name"] == "Camille"
    conn.execute("UPDATE cache SET fetched_at = fetched_at - 7200")
    assert cache.get("customer:1") is None  # too old: gone, not shown
    cache.put("customer:2", {"id": "2"})
    assert cache.purge() == 1
    assert cache.get("customer:2") is None


def test_punch_ledger_round_trip_with_receipts(tmp_path: Path) -> None:
    from homeagent.store.writers import PunchLedger

    ledger = PunchLedger(tmp_path / "h.db", "dev1")
    rec = ledger.record(PunchKind.CLOCK_IN, NOW, "")
    assert rec.seq == 1 and not rec.acknowledged
    Outbox(storedb.connect(tmp_path / "h.db")).acknowledge(rec.id, "2026-11-27T08:00:02.000Z")
    (back,) = ledger.since(NOW)
    assert back.id == rec.id and back.occurred_at == NOW and back.acknowledged
    assert ledger.since(NOW.replace(hour=9)) == []


def test_threads_opening_a_new_database_at_once_all_succeed(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "race.db"
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def open_it() -> None:
        barrier.wait()
        try:
            storedb.connect(path).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
