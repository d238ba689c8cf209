"""Opening the SQLite database: WAL, full durability, migrations with a backup first.

One connection per thread (sqlite3 objects must not cross threads). `synchronous=FULL` in
WAL mode fsyncs the log at every commit: a punch the UI called "saved" survives a power cut.
"""

from __future__ import annotations

import logging
import sqlite3
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
        _wal_mode(conn)
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        conn.execute("PRAGMA foreign_keys=ON")
        # deleted rows (acknowledged outbox items, purged caches) are overwritten, not left
        # readable in free pages of a file on a shared PC
        conn.execute("PRAGMA secure_delete=ON")
        if migrate:
            _migrate(conn, path)
        return conn
    except sqlite3.Error as exc:
        raise StorageError(f"{path.name}: {exc}") from exc


def _wal_mode(conn: sqlite3.Connection, timeout_s: float = 10.0) -> None:
    """Switch to WAL. SQLite does not wait (no busy handler) when another connection holds
    the new file's lock while creating it: two threads opening a fresh database at once got
    "database is locked" about one time in ten. Retry for as long as a write would wait."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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


# ---- start-up check: a damaged database is moved aside, never deleted ---------------------

OK, CORRUPT, WAL_DAMAGED = "", "database_corrupt", "wal_damaged"


@dataclass(frozen=True)
class StartupCheck:
    """What `check_at_startup` found and did. `code` is "" when all was well."""

    code: str = OK
    moved_to: tuple[Path, ...] = ()  # where the damaged files now are (kept for IT)
    detail: str = ""  # SQLite's words

    @property
    def recovered(self) -> bool:
        return bool(self.code)


def check_at_startup(path: Path, now: Callable[[], float] = time.time) -> StartupCheck:
    """Before anything else opens the database: check it, and if it is damaged move it (and
    its WAL) aside as `<name>.corrupt-<timestamp>` and start a fresh one.

    A WAL SQLite cannot use (garbled header or a committed transaction after garbled frames)
    is moved aside too: SQLite would silently drop it, and the operator must hear that the
    last changes may be missing. Raises StorageError only if the files cannot be moved.
    """
    if not path.exists():
        return StartupCheck()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now()))
    wal = path.with_name(path.name + "-wal")
    wal_problem = _wal_problem(wal)
    problem = _database_problem(path, skip_wal=bool(wal_problem))
    if problem:
        moved = _move_aside(path, f"{path.name}.corrupt-{stamp}", with_wal=True)
        log.error("database %s is damaged (%s): moved aside to %s", path.name, problem, moved[0])
        connect(path).close()  # the fresh database, created now: a failure here is loud
        return StartupCheck(CORRUPT, moved, problem)
    if wal_problem:
        moved = _move_aside(wal, f"{path.name}.corrupt-{stamp}-wal", with_wal=False)
        shm = path.with_name(path.name + "-shm")
        moved += _move_aside(shm, f"{path.name}.corrupt-{stamp}-shm", with_wal=False)
        log.error("database log %s is damaged (%s): moved aside to %s", wal.name, wal_problem,
                  moved[0])  # fmt: skip
        return StartupCheck(WAL_DAMAGED, moved, wal_problem)
    return StartupCheck()


def _database_problem(path: Path, *, skip_wal: bool) -> str:
    """SQLite's complaint about the database file, or "" if quick_check passes. Anything but
    damage (locked, unreadable) is a StorageError: a healthy file is never moved aside."""
    # without a WAL (or with a damaged one, judged on its own) read the main file alone,
    # touching nothing (immutable); with a WAL, read both, as the app will
    alone = skip_wal or not path.with_name(path.name + "-wal").exists()
    uri = path.resolve().as_uri() + ("?immutable=1" if alone else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGED:
            return str(exc)  # "file is not a database", "database disk image is malformed"
        raise StorageError(f"{path.name}: {exc}") from exc
    if rows != [("ok",)]:
        return "; ".join(str(r[0]) for r in rows[:5])
    return ""


_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_WAL_MAGIC = (0x377F0682, 0x377F0683)
_WAL_HEADER, _FRAME_HEADER = 32, 24


def _wal_problem(wal: Path) -> str:
    """Why SQLite would throw away (part of) a committed WAL, or "" (absent, empty, valid, or
    only an uncommitted tail torn by a power cut)."""
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return str(exc)
    if not data:
        return ""
    if len(data) < _WAL_HEADER:
        return "write-ahead log shorter than its header"
    magic, _version, page_size, _ckpt, salt1, salt2, ck1, ck2 = struct.unpack(
        ">8I", data[:_WAL_HEADER]
    )
    if magic not in _WAL_MAGIC or page_size < 512 or page_size & (page_size - 1):
        return "write-ahead log header is garbled"
    big_endian = magic & 1
    s1, s2 = _wal_checksum(data[:24], 0, 0, big_endian)
    if (s1, s2) != (ck1, ck2):
        return "write-ahead log header checksum does not match"
    frame = _FRAME_HEADER + page_size
    bad_at = -1
    for i, off in enumerate(range(_WAL_HEADER, len(data) - frame + 1, frame)):
        head = data[off : off + _FRAME_HEADER]
        _page, commit, fsalt1, fsalt2, fck1, fck2 = struct.unpack(">6I", head)
        if (fsalt1, fsalt2) != (salt1, salt2):
            break  # frames of an older generation: the log ends here
        if bad_at < 0:
            s1, s2 = _wal_checksum(head[:8], s1, s2, big_endian)
            s1, s2 = _wal_checksum(data[off + _FRAME_HEADER : off + frame], s1, s2, big_endian)
            if (s1, s2) != (fck1, fck2):
                bad_at = i
        elif commit:
            return f"write-ahead log frame {bad_at} is garbled before a committed transaction"
    return ""


def _wal_checksum(data: bytes, s1: int, s2: int, big_endian: int) -> tuple[int, int]:
    """SQLite's WAL checksum (wal.c walChecksumBytes) over 8-byte steps."""
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & 0xFFFFFFFF
        s2 = (s2 + words[i + 1] + s1) & 0xFFFFFFFF
    return s1, s2


def _move_aside(path: Path, new_name: str, *, with_wal: bool) -> tuple[Path, ...]:
    """Rename `path` (and its -wal/-shm companions) to `new_name` (-wal, -shm), never
    overwriting: a suffix is added if the name is taken."""
    target = path.with_name(new_name)
    n = 1
    while target.exists():
        target = path.with_name(f"{new_name}.{n}")
        n += 1
    pairs = [(path, target)]
    if with_wal:
        for ext in ("-wal", "-shm"):
            pairs.append((path.with_name(path.name + ext), target.with_name(target.name + ext)))
    moved = []
    try:
        for src, dest in pairs:
            if src.exists():
                src.rename(dest)
                moved.append(dest)
    except OSError as exc:
        raise StorageError(f"{path.name} is damaged and cannot be moved aside: {exc}") from exc
    return tuple(moved)
