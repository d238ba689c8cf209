"""Opening the SQLite database: WAL, full durability, migrations with a backup first.

One connection per thread (sqlite3 objects must not cross threads). `synchronous=FULL` in
WAL mode fsyncs the log at every commit: a punch the UI called "saved" survives a power cut.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from homeagent.domain.errors import StorageError

log = logging.getLogger(__name__)

# Each entry moves the schema one version forward. Never edit a released entry: add one.
MIGRATIONS: Sequence[str] = (
    # 1: the durable outbox, local punches (for receipts), and the card cache
    """
    CREATE TABLE outbox (
        pos INTEGER PRIMARY KEY AUTOINCREMENT,  -- enqueue order, never reused
        id TEXT NOT NULL UNIQUE,         -- the item's UUID: its idempotency key at the API
        stream TEXT NOT NULL,            -- items of one stream are delivered in order
        kind TEXT NOT NULL,              -- punch | state | ticket | note | interaction
        payload TEXT NOT NULL,           -- the JSON body, exactly as it will be sent
        created_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        parked INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX outbox_stream_order ON outbox (stream, parked, pos);
    CREATE TABLE punches (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        reason_code TEXT NOT NULL DEFAULT '',
        received_at TEXT                 -- the server's receipt; NULL until acknowledged
    );
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    CREATE TABLE cache (
        key TEXT PRIMARY KEY,            -- e.g. customer:<id>, product:<id>, lookup:<phone>
        etag TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        fetched_at REAL NOT NULL
    );
    """,
    # 2: the operator's desk: ticket drafts saved as they type, and the local call history
    """
    CREATE TABLE drafts (
        key TEXT PRIMARY KEY,            -- call:<call_id> | ticket:<ticket_id> (a note) | free
        body TEXT NOT NULL,              -- the form as JSON
        updated_at REAL NOT NULL
    );
    CREATE TABLE call_history (
        call_id TEXT PRIMARY KEY,        -- the GUI's call id
        agent TEXT NOT NULL DEFAULT '',  -- whose history (a shared PC has several operators)
        direction TEXT NOT NULL,         -- inbound | outbound
        remote_number TEXT NOT NULL,     -- E.164 when known, else as dialled / received
        remote_name TEXT NOT NULL DEFAULT '',
        customer_id TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,        -- RFC 3339 UTC
        answered_at TEXT,
        ended_at TEXT,
        end_reason TEXT NOT NULL DEFAULT '',
        wrap_up_ended_at TEXT,
        disposition TEXT NOT NULL DEFAULT '',
        ticket_ids TEXT NOT NULL DEFAULT '',  -- space separated
        categories TEXT NOT NULL DEFAULT ''   -- space separated ticket categories
    );
    CREATE INDEX call_history_started ON call_history (agent, started_at);
    """,
)


def connect(path: Path, *, migrate: bool = True, durable: bool = True) -> sqlite3.Connection:
    """A connection for the calling thread, the schema brought up to date.

    `durable=False` (synchronous=NORMAL) is for the outbox sender only: after a power cut it
    may forget its last acknowledgements, which costs a re-send the API drops by id, and it
    saves an fsync per delivery batch. Anything the operator produces is written durably.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys=ON")
        if migrate:
            _migrate(conn, path)
        return conn
    except sqlite3.Error as exc:
        raise StorageError(f"{path.name}: {exc}") from exc


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    target = len(MIGRATIONS)
    if version > target:
        raise StorageError(f"{path.name} is from a newer HomeAgent (schema {version})")
    if version == target:
        return
    if version > 0:
        backup = path.with_name(f"{path.name}.bak-v{version}-{int(time.time())}")
        with sqlite3.connect(backup) as dest:
            conn.backup(dest)
        log.info("database backed up to %s before migrating %d -> %d", backup.name, version, target)
    for number in range(version, target):
        conn.execute("BEGIN IMMEDIATE")
        # another thread or process may have migrated while we waited for the write lock
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) > number:
            conn.execute("COMMIT")
            continue
        try:
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number + 1}")
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (sqlite3 cannot run a script in a tx)."""
    out, buf = [], ""
    for line in script.splitlines():
        buf += line.split("--", 1)[0] + "\n"
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    return out
