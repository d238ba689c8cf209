"""Rig for the data-side fault tests: a simulated clock the services share, the outbox sender
wired as app.py wires it (but on that clock), and reads of the reference server's database.

The GUI thread is `GuiLoop` from tests/integration/test_sync_api.py (pool work posts its
callbacks; `pump_until` runs them).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox

DEVICE = "harden-dev"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the sync view-model needs a QApplication


class SimClock:
    """A wall clock and a monotonic clock that move only when told. `advance` is time
    passing (both move); `jump` is the system time being set (the wall clock alone)."""

    def __init__(self, start: float) -> None:
        self._lock = threading.Lock()
        self._wall = start
        self._mono = 1000.0

    def wall(self) -> float:
        with self._lock:
            return self._wall

    def mono(self) -> float:
        with self._lock:
            return self._mono

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.wall(), UTC)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._wall += seconds
            self._mono += seconds

    def jump(self, seconds: float) -> None:
        with self._lock:
            self._wall += seconds


def api_client(url: str) -> ApiClient:
    api = ApiClient(Http(url, timeout=(0.5, 2.0)), device_id=DEVICE, retries=1)
    api.login("agent", "demo")
    return api


@dataclass
class Attempt:
    at: float  # simulated wall time
    item_id: str
    kind: str
    ok: bool


@dataclass
class SenderRig:
    """An OutboxSender on `clock`, every delivery attempt logged (simulated time, item, ok)."""

    sender: OutboxSender
    statuses: list[SyncStatus]
    attempts: list[Attempt] = field(default_factory=list)

    def last(self) -> SyncStatus | None:
        return self.statuses[-1] if self.statuses else None

    def attempts_for(self, item_id: str) -> list[Attempt]:
        return [a for a in list(self.attempts) if a.item_id == item_id]


def start_sender(
    db: Path,
    deliver: Callable[[str, dict[str, Any]], tuple[str, str]],
    clock: SimClock | None = None,
    on_status: Callable[[SyncStatus], None] | None = None,
) -> SenderRig:
    statuses: list[SyncStatus] = []
    rig: SenderRig

    def logged(kind: str, payload: dict[str, Any]) -> tuple[str, str]:
        at = clock.wall() if clock is not None else time.time()
        try:
            receipt = deliver(kind, payload)
        except BaseException:
            rig.attempts.append(Attempt(at, str(payload["id"]), kind, False))
            raise
        rig.attempts.append(Attempt(at, str(payload["id"]), kind, True))
        return receipt

    def status(s: SyncStatus) -> None:
        statuses.append(s)
        if on_status is not None:
            on_status(s)

    if clock is None:
        sender = OutboxSender(lambda: Outbox(storedb.connect(db, durable=False)), logged, status)
    else:
        sender = OutboxSender(
            lambda: Outbox(storedb.connect(db, durable=False), clock=clock.wall),
            logged,
            status,
            clock=clock.wall,
            monotonic=clock.mono,
        )
    rig = SenderRig(sender, statuses)
    sender.start()
    return rig


def wait_for(cond: Callable[[], object], timeout: float = 30, what: str = "") -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what or cond}")
        time.sleep(0.02)


def settle(rig: SenderRig, quiet_s: float = 0.08) -> None:
    """Let the sender act on what is due now: wake it, then wait until no new attempt has
    started for `quiet_s` (attempts against a down API fail in about a millisecond)."""
    rig.sender.wake()
    seen = -1
    while seen != len(rig.attempts):
        seen = len(rig.attempts)
        time.sleep(quiet_s)


def server_rows(api_db: Path, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    """Read the reference server's own database (what the company received)."""
    conn = sqlite3.connect(f"file:{api_db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def outbox_rows(db: Path) -> list[tuple[Any, ...]]:
    """(id, kind, attempts, next_attempt_at, parked, last_error) in enqueue order."""
    conn = storedb.connect(db)
    try:
        return conn.execute(
            "SELECT id, kind, attempts, next_attempt_at, parked, last_error FROM outbox "
            "ORDER BY pos"
        ).fetchall()
    finally:
        conn.close()
