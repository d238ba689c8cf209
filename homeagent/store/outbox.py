"""The durable outbox: everything the operator produces is committed here before the UI
says "saved", delivered in order per stream, and deleted only when the API acknowledged it.

Streams: punches (in `seq` order), agent states, each ticket with its notes, and each call
record on its own.
A parked item (refused by the API for good) leaves its stream's order but is never dropped:
it waits for the operator to retry or export it.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from homeagent.domain.errors import StorageError
from homeagent.domain.wire import to_wire
from homeagent.domain.work import (
    Interaction,
    Note,
    Punch,
    PunchKind,
    StateChange,
    Ticket,
    rfc3339,
)

PUNCHES, STATES = "punches", "state"


@dataclass(frozen=True)
class OutboxEntry:
    id: str
    stream: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    created_at: float
    parked: bool = False
    last_error: str = ""


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    parked: int


def stream_of(item: Ticket | Note) -> str:
    return f"ticket:{item.ticket_id if isinstance(item, Note) else item.id}"


class Outbox:
    """One instance per thread (it owns that thread's connection).

    `clock` is the wall clock retry times are kept in (tests move it; the sender passes its own).
    """

    def __init__(self, conn: sqlite3.Connection, clock: Callable[[], float] = time.time) -> None:
        self._conn = conn
        self._clock = clock

    # ---- writing (one transaction each: all or nothing) ---------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        try:
            yield self._conn
            self._conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR): a
            # second ROLLBACK would raise and hide the real reason ("database or disk is full")
            if self._conn.in_transaction:
                with suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StorageError(str(exc)) from exc
            raise

    def punch(
        self, kind: PunchKind, occurred_at: datetime, device_id: str, reason_code: str = ""
    ) -> Punch:
        """Record a punch with the next per-device sequence number, durably, and queue it."""
        with self._tx() as db:
            row = db.execute("SELECT value FROM counters WHERE name='punch_seq'").fetchone()
            seq = (row[0] if row else 0) + 1
            db.execute("INSERT OR REPLACE INTO counters VALUES ('punch_seq', ?)", (seq,))
            punch = Punch(str(uuid.uuid4()), kind, occurred_at, device_id, seq, reason_code)
            db.execute(
                "INSERT INTO punches (id, kind, occurred_at, seq, reason_code) VALUES (?,?,?,?,?)",
                (punch.id, kind.value, rfc3339(occurred_at), seq, reason_code),
            )
            self._insert(db, punch.id, PUNCHES, "punch", to_wire(punch))
        return punch

    def add(self, *items: StateChange | Ticket | Note | Interaction) -> None:
        """Queue items together (e.g. a ticket, its notes and the call record at wrap-up)."""
        with self._tx() as db:
            for item in items:
                if isinstance(item, StateChange):
                    self._insert(db, item.id, STATES, "state", to_wire(item))
                elif isinstance(item, Ticket):
                    self._insert(db, item.id, stream_of(item), "ticket", to_wire(item))
                elif isinstance(item, Note):
                    self._insert(db, item.id, stream_of(item), "note", to_wire(item))
                elif isinstance(item, Interaction):
                    # call records are independent of each other: one stream each, so a
                    # backlog of them drains in parallel
                    self._insert(
                        db, item.id, f"interaction:{item.id}", "interaction", to_wire(item)
                    )
                else:
                    raise TypeError(type(item).__name__)

    @staticmethod
    def _insert(
        db: sqlite3.Connection, item_id: str, stream: str, kind: str, payload: dict[str, Any]
    ) -> None:
        db.execute(
            "INSERT INTO outbox (id, stream, kind, payload, created_at) VALUES (?,?,?,?,?)",
            (item_id, stream, kind, json.dumps(payload, ensure_ascii=False), time.time()),
        )

    # ---- delivery bookkeeping (the sender thread) ---------------------------------------

    def heads(
        self,
        now: float,
        busy: frozenset[str] = frozenset(),
        limit: int = 16,
    ) -> list[OutboxEntry]:
        """The first waiting item of each stream that is due, oldest streams first."""
        rows = self._conn.execute(
            """
            SELECT o.id, o.stream, o.kind, o.payload, o.attempts, o.created_at, o.next_attempt_at
            FROM outbox o
            JOIN (SELECT stream, MIN(pos) AS first FROM outbox WHERE parked=0
                  GROUP BY stream) h ON o.pos = h.first
            ORDER BY o.pos
            """
        ).fetchall()
        out = []
        for item_id, stream, kind, payload, attempts, created, next_at in rows:
            if next_at > now or stream in busy:
                continue
            out.append(OutboxEntry(item_id, stream, kind, json.loads(payload), attempts, created))
            if len(out) >= limit:
                break
        return out

    def next_in_stream(self, stream: str, now: float) -> OutboxEntry | None:
        """The stream's next item if it is due: an index lookup, so a drain stays O(log n)."""
        row = self._conn.execute(
            "SELECT id, stream, kind, payload, attempts, created_at, next_attempt_at "
            "FROM outbox WHERE stream=? AND parked=0 ORDER BY pos LIMIT 1",
            (stream,),
        ).fetchone()
        if row is None or row[6] > now:
            return None
        return OutboxEntry(row[0], row[1], row[2], json.loads(row[3]), row[4], row[5])

    def next_due_at(self) -> float | None:
        row = self._conn.execute(
            "SELECT MIN(next_attempt_at) FROM outbox WHERE parked=0"
        ).fetchone()
        return None if row[0] is None else float(row[0])

    def acknowledge(self, item_id: str, received_at: str = "") -> None:
        self.acknowledge_many([(item_id, received_at)])

    def acknowledge_many(self, receipts: list[tuple[str, str]]) -> None:
        """Delete what the API acknowledged (one transaction, one fsync, for a batch)."""
        with self._tx() as db:
            for item_id, received_at in receipts:
                row = db.execute("SELECT kind FROM outbox WHERE id=?", (item_id,)).fetchone()
                db.execute("DELETE FROM outbox WHERE id=?", (item_id,))
                if row and row[0] == "punch" and received_at:
                    db.execute(
                        "UPDATE punches SET received_at=? WHERE id=?", (received_at, item_id)
                    )

    def retry_later(self, item_id: str, error: str, delay_s: float) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET attempts=attempts+1, next_attempt_at=?, last_error=? WHERE id=?",
                (self._clock() + delay_s, error[:500], item_id),
            )

    def park(self, item_id: str, reason: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE outbox SET parked=1, attempts=attempts+1, last_error=? WHERE id=?",
                (reason[:2000], item_id),
            )

    def unpark(self, item_id: str | None = None) -> int:
        """Give parked items (one, or all) another go, now. Returns how many."""
        with self._tx() as db:
            if item_id is None:
                cur = db.execute("UPDATE outbox SET parked=0, next_attempt_at=0 WHERE parked=1")
            else:
                cur = db.execute(
                    "UPDATE outbox SET parked=0, next_attempt_at=0 WHERE id=?", (item_id,)
                )
            return cur.rowcount

    def retry_all_now(self) -> None:
        with self._tx() as db:
            db.execute("UPDATE outbox SET next_attempt_at=0 WHERE parked=0")

    # ---- reading ----------------------------------------------------------------------

    def counts(self) -> OutboxCounts:
        pending, parked = self._conn.execute(
            "SELECT COALESCE(SUM(parked=0),0), COALESCE(SUM(parked=1),0) FROM outbox"
        ).fetchone()
        return OutboxCounts(int(pending), int(parked))

    def parked(self) -> list[OutboxEntry]:
        rows = self._conn.execute(
            "SELECT id, stream, kind, payload, attempts, created_at, last_error FROM outbox "
            "WHERE parked=1 ORDER BY pos"
        ).fetchall()
        return [
            OutboxEntry(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], True, r[6]) for r in rows
        ]

    def export_parked(self, path: Path) -> int:
        """Write parked items to a JSON file the operator can hand to a supervisor."""
        items = [
            {"id": e.id, "kind": e.kind, "payload": e.payload, "error": e.last_error}
            for e in self.parked()
        ]
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(items, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
        return len(items)

    def punches_since(self, occurred_from: str) -> list[tuple[str, str, str, int, str | None]]:
        """Local punches (id, kind, occurred_at, seq, received_at) for the receipts view."""
        return self._conn.execute(
            "SELECT id, kind, occurred_at, seq, received_at FROM punches "
            "WHERE occurred_at >= ? ORDER BY seq",
            (occurred_from,),
        ).fetchall()
