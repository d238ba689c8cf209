"""CallHistoryStore on a real SQLite file (schema from db.py): merge-upserts, queries, purge."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from homeagent.domain.call import Direction
from homeagent.domain.history import CallRecord
from homeagent.domain.work import rfc3339
from homeagent.store import db
from homeagent.store.history import CallHistoryStore

T0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def rec(call_id: str, minutes: float = 0, **kw: object) -> CallRecord:
    base: dict[str, object] = {
        "call_id": call_id,
        "direction": Direction.INBOUND,
        "remote_number": "+33612345678",
        "started_at": T0 + timedelta(minutes=minutes),
        "agent": "alice",
    }
    base.update(kw)
    return CallRecord(**base)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> CallHistoryStore:
    return CallHistoryStore(tmp_path / "homeagent.db")


def test_round_trip_keeps_every_field(store: CallHistoryStore) -> None:
    full = rec(
        "c1",
        remote_name="<b>x</b><img src=y>",
        customer_id="cus-1",
        answered_at=T0 + timedelta(seconds=5),
        ended_at=T0 + timedelta(seconds=65),
        end_reason="remote_hangup",
        wrap_up_ended_at=T0 + timedelta(seconds=95),
        disposition="resolved",
        ticket_ids=("t-1", "t-2"),
        categories=("request", "complaint"),
    )
    store.upsert(full)
    assert store.recent("alice", 10) == [full]


def test_later_writes_complete_and_never_clear(store: CallHistoryStore) -> None:
    ended = rec("c1", answered_at=T0, ended_at=T0 + timedelta(seconds=60), end_reason="x")
    wrapped = rec("c1", disposition="resolved", ticket_ids=("t-9",), categories=("other",))
    store.upsert(ended)
    store.upsert(rec("c1", remote_name="Ana"))  # a late "ringing" write: clears nothing
    store.upsert(wrapped)
    [got] = store.recent("alice", 10)
    assert got.answered_at == T0 and got.ended_at == T0 + timedelta(seconds=60)
    assert (got.end_reason, got.remote_name, got.disposition) == ("x", "Ana", "resolved")
    assert (got.ticket_ids, got.categories) == (("t-9",), ("other",))


def test_recent_is_newest_first_per_agent_and_bounded(store: CallHistoryStore) -> None:
    for i in range(5):
        store.upsert(rec(f"a{i}", i))
    store.upsert(rec("b0", 10, agent="bob"))
    assert [r.call_id for r in store.recent("alice", 3)] == ["a4", "a3", "a2"]
    assert [r.call_id for r in store.recent("bob", 10)] == ["b0"]


def test_search_by_digits_or_name(store: CallHistoryStore) -> None:
    store.upsert(rec("n1", 1, remote_number="+33612345678", remote_name="Dupont"))
    store.upsert(rec("n2", 2, remote_number="+33798765432", remote_name="Martin 100%_"))
    store.upsert(rec("n3", 3, remote_number="201", remote_name=""))
    ids = lambda text: [r.call_id for r in store.search("alice", text, 50)]  # noqa: E731
    assert ids("06 12 34") == ["n1"]  # national form finds the E.164 number
    assert ids("+33 7 98") == ["n2"]
    assert ids("0033 6 12") == ["n1"]
    assert ids("dup") == ["n1"]  # case-insensitive
    assert ids("MARTIN") == ["n2"]
    assert ids("100%") == ["n2"]  # wildcards are literal
    assert ids("_") == ["n2"]
    assert ids("%") == ["n2"]
    assert ids("201") == ["n3"]
    assert ids("zzz") == []
    assert ids("  ") == ["n3", "n2", "n1"]  # empty: the most recent


def test_day_window_is_half_open_and_ordered(store: CallHistoryStore) -> None:
    for minutes in (-1, 0, 30, 24 * 60 - 1, 24 * 60):
        store.upsert(rec(f"m{minutes}", minutes))
    got = store.day("alice", T0, T0 + timedelta(days=1))
    assert [r.call_id for r in got] == ["m0", "m30", "m1439"]


def test_purge_older_than(store: CallHistoryStore) -> None:
    store.upsert(rec("old", -60 * 24 * 100))
    store.upsert(rec("new", 0))
    assert store.purge_older_than(90, now=T0) == 1
    assert [r.call_id for r in store.recent("alice", 10)] == ["new"]


def test_each_thread_uses_its_own_connection(store: CallHistoryStore) -> None:
    # (the schema is created first: db._migrate races when threads open a fresh file at once,
    # reported to the lead)
    assert store.count("alice") == 0
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.upsert(rec(f"t{n}-{i}", i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count("alice") == 80


def test_search_among_50000_calls_returns_the_right_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    rnd = random.Random(7)
    conn = db.connect(path)
    conn.execute("BEGIN")
    numbers: dict[str, str] = {}
    for i in range(50_000):
        number = f"+336{rnd.randrange(10**8):08d}"
        numbers[f"c{i}"] = number
        conn.execute(
            "INSERT INTO call_history (call_id, agent, direction, remote_number, remote_name,"
            " started_at) VALUES (?, 'alice', 'inbound', ?, ?, ?)",
            (f"c{i}", number, f"Client {i}", rfc3339(T0 + timedelta(minutes=i))),
        )
    # the needles: one old call and one recent call from a number nobody else has
    conn.execute("UPDATE call_history SET remote_number = '+33199887766' WHERE call_id = 'c17'")
    conn.execute(
        "UPDATE call_history SET remote_number = '+33199887766', remote_name = 'Zoé Needle' "
        "WHERE call_id = 'c49990'"
    )
    conn.execute("COMMIT")
    conn.close()
    store = CallHistoryStore(path)
    assert [r.call_id for r in store.search("alice", "01 99 88 77 66", 500)] == ["c49990", "c17"]
    assert [r.call_id for r in store.search("alice", "needle", 500)] == ["c49990"]
    numbers["c17"] = numbers["c49990"] = "+33199887766"
    expected = sorted(
        (cid for cid, n in numbers.items() if "4242" in n or "4242" in f"Client {cid[1:]}"),
        key=lambda c: -int(c[1:]),
    )
    got = [r.call_id for r in store.search("alice", "4242", 500)]
    assert got == expected[:500] and got
    assert len(store.recent("alice", 500)) == 500
    assert store.recent("alice", 1)[0].call_id == "c49999"
