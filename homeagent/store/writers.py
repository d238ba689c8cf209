"""The services' ways into the outbox: punches (read back with receipts) and other work.

Blocking (SQLite): called from the write pool. Each thread gets its own connection.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from homeagent.domain.shift import PunchRecord
from homeagent.domain.work import (
    Interaction,
    Note,
    PunchKind,
    StateChange,
    Ticket,
    parse_rfc3339,
    rfc3339,
)
from homeagent.store import db
from homeagent.store.outbox import Outbox, OutboxEntry


class _PerThread:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = db.connect(self._path)
        return conn


class OutboxWriter(_PerThread):
    """Agent states, tickets, notes, call records: queued together, durably."""

    def record(self, *items: StateChange | Ticket | Note | Interaction) -> None:
        Outbox(self._conn()).add(*items)


class PunchLedger(_PerThread):
    def __init__(self, path: Path, device_id: str) -> None:
        super().__init__(path)
        self._device_id = device_id

    def record(self, kind: PunchKind, occurred_at: datetime, reason_code: str) -> PunchRecord:
        punch = Outbox(self._conn()).punch(kind, occurred_at, self._device_id, reason_code)
        return PunchRecord(punch.id, kind, occurred_at, punch.seq, None, reason_code)

    def since(self, start: datetime) -> list[PunchRecord]:
        rows = (
            self._conn()
            .execute(
                "SELECT id, kind, occurred_at, seq, received_at, reason_code FROM punches "
                "WHERE occurred_at >= ? ORDER BY seq",
                (rfc3339(start),),
            )
            .fetchall()
        )
        return [
            PunchRecord(
                r[0],
                PunchKind(r[1]),
                parse_rfc3339(r[2]),
                r[3],
                parse_rfc3339(r[4]) if r[4] else None,
                r[5],
            )
            for r in rows
        ]


class ParkedItems(_PerThread):
    """The outbox items the API refused for good, for the sync dialog (IO pool)."""

    def parked(self) -> list[OutboxEntry]:
        return Outbox(self._conn()).parked()

    def unpark(self, item_id: str | None = None) -> int:
        return Outbox(self._conn()).unpark(item_id)

    def export_parked(self, path: Path) -> int:
        return Outbox(self._conn()).export_parked(path)
