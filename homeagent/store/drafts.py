"""Ticket-form drafts, saved as the operator types so a crash loses nothing.

Blocking (SQLite): called from the write pool. Each thread gets its own connection, opened
durable (synchronous=FULL): a draft the UI called "saved" survives a power cut. Each save is
one statement, so a kill at any instant leaves the previous body or the new one, never half.

A draft holds the caller's name and the operator's notes: it is deleted when the wrap-up is
submitted, and the connection overwrites deleted and replaced content (secure_delete); the
sign-out purge (`store.cache`) empties the WAL that still holds older versions.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from homeagent.domain.errors import StorageError
from homeagent.store import db
from homeagent.store.cache import secure

log = logging.getLogger(__name__)


class DraftStore:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._local = threading.local()

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = secure(db.connect(self._path))
        return conn

    def save(self, key: str, body: dict[str, Any]) -> None:
        """Insert or replace the draft under `key`, durably."""
        text = json.dumps(body, ensure_ascii=False)
        try:
            self._conn().execute(
                "INSERT INTO drafts (key, body, updated_at) VALUES (?,?,?) "
                "ON CONFLICT(key) DO UPDATE SET body=excluded.body, updated_at=excluded.updated_at",
                (key, text, time.time()),
            )
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc

    def load(self, key: str) -> dict[str, Any] | None:
        try:
            row = self._conn().execute("SELECT body FROM drafts WHERE key=?", (key,)).fetchone()
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        return None if row is None else _decode(key, row[0])

    def all(self) -> dict[str, dict[str, Any]]:
        """Every draft, oldest change first (dicts keep that order)."""
        try:
            rows = (
                self._conn()
                .execute("SELECT key, body FROM drafts ORDER BY updated_at, key")
                .fetchall()
            )
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        out: dict[str, dict[str, Any]] = {}
        for key, text in rows:
            body = _decode(key, text)
            if body is not None:
                out[key] = body
        return out

    def delete(self, key: str) -> None:
        try:
            self._conn().execute("DELETE FROM drafts WHERE key=?", (key,))
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc

    def queued(self, item_id: str) -> bool:
        """Whether the outbox (same database) still holds this item: tells a submission that
        committed just before a crash from one that did not."""
        try:
            row = self._conn().execute("SELECT 1 FROM outbox WHERE id=?", (item_id,)).fetchone()
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        return row is not None


def _decode(key: str, text: str) -> dict[str, Any] | None:
    try:
        body = json.loads(text)
    except ValueError:
        log.error("draft %s is not JSON; ignored", key.split(":", 1)[0])
        return None
    if not isinstance(body, dict):
        log.error("draft %s is not an object; ignored", key.split(":", 1)[0])
        return None
    return body
