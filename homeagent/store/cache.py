"""A short cache of customer and product cards: instant screen pop, ETag revalidation.

Customer data here is personal data: it lives only as long as needed (`max_age_s`) and is
purged at sign-out, together with the other purgeable cache of customer data in the same
database, the call history. A purge also scrubs the file: deleted rows must not linger in
SQLite's free pages or its write-ahead log (see `scrub`).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeagent.domain.errors import StorageError
from homeagent.store import db

log = logging.getLogger(__name__)

# the tables that are caches of customer data: emptied at sign-out
PURGEABLE = ("cache", "call_history")


def secure(conn: sqlite3.Connection) -> sqlite3.Connection:
    """Deletes on this connection overwrite the deleted content with zeros."""
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def scrub(conn: sqlite3.Connection, *, vacuum: bool = True) -> bool:
    """Make deleted rows unrecoverable from the files: VACUUM rewrites every page (so rows
    deleted by any connection, with secure_delete or without, are gone from the main file),
    then a TRUNCATE checkpoint copies the log into the file and empties the WAL, which held
    the older versions of the pages. Returns False if a reader kept the WAL from emptying
    (the next scrub or checkpoint finishes it)."""
    try:
        if vacuum:
            conn.execute("VACUUM")
        for _ in range(40):
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if not busy:
                return True
            time.sleep(0.05)  # a reader is on an older snapshot: it finishes in milliseconds
    except sqlite3.Error as exc:
        raise StorageError(f"scrubbing the database: {exc}") from exc
    log.warning("database scrub: the write-ahead log is still in use; emptied later")
    return False


@dataclass(frozen=True)
class CachedBody:
    body: Any
    etag: str
    age_s: float


class CardCache:
    def __init__(self, conn: sqlite3.Connection, max_age_s: float = 8 * 3600) -> None:
        self._conn = conn
        self._max_age_s = max_age_s

    def get(self, key: str) -> CachedBody | None:
        try:
            row = self._conn.execute(
                "SELECT body, etag, fetched_at FROM cache WHERE key=?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        if row is None:
            return None
        age = time.time() - row[2]
        if age > self._max_age_s:
            self.delete(key)
            return None
        return CachedBody(json.loads(row[0]), row[1], age)

    def put(self, key: str, body: Any, etag: str = "") -> None:
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO cache (key, etag, body, fetched_at) VALUES (?,?,?,?)",
                (key, etag, json.dumps(body, ensure_ascii=False), time.time()),
            )
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc

    def touch(self, key: str) -> None:
        """A 304 said the cached body is still right."""
        self._conn.execute("UPDATE cache SET fetched_at=? WHERE key=?", (time.time(), key))

    def delete(self, key: str) -> None:
        self._conn.execute("DELETE FROM cache WHERE key=?", (key,))

    def purge(self) -> int:
        """Sign-out: no customer data stays behind. The card cache and the call history are
        emptied in one transaction, then the file and its WAL scrubbed; returns how many
        cached cards went."""
        conn = secure(self._conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                counts = [conn.execute(f"DELETE FROM {t}").rowcount for t in PURGEABLE]  # noqa: S608
                conn.execute("COMMIT")
            except sqlite3.Error:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StorageError(f"purging cached customer data: {exc}") from exc
        scrub(conn)
        return counts[0]


class ThreadCardCache:
    """A CardCache per calling thread (the IO pool). A cache needs no fsync per write."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()

    def _cache(self) -> CardCache:
        cache: CardCache | None = getattr(self._local, "cache", None)
        if cache is None:
            conn = secure(db.connect(self._path, durable=False))
            cache = self._local.cache = CardCache(conn)
        return cache

    def get(self, key: str) -> CachedBody | None:
        return self._cache().get(key)

    def put(self, key: str, body: Any, etag: str = "") -> None:
        self._cache().put(key, body, etag)

    def touch(self, key: str) -> None:
        self._cache().touch(key)

    def purge(self) -> int:
        return self._cache().purge()
