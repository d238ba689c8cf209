"""The demo server's state: one SQLite file, one connection, one lock.

Requests run on a thread pool; every read and write goes through `Store.tx()`, which holds the
lock for the whole transaction, so the server is serialised at the database (fine for a demo
and for tests; the production API is another program).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE agents (
  id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, salt BLOB NOT NULL, pw_hash BLOB NOT NULL,
  display_name TEXT NOT NULL, language TEXT NOT NULL, queues TEXT NOT NULL,
  sip_username TEXT NOT NULL, sip_password TEXT NOT NULL);
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY, kind TEXT NOT NULL, agent_id TEXT NOT NULL, family TEXT NOT NULL,
  device_id TEXT NOT NULL, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0,
  revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX tokens_family ON tokens (family);
CREATE TABLE login_failures (username TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX login_failures_user ON login_failures (username);
CREATE TABLE lockouts (username TEXT PRIMARY KEY, until REAL NOT NULL);
CREATE TABLE customers (
  id TEXT PRIMARY KEY, display_name TEXT NOT NULL, sort_key TEXT NOT NULL,
  search_text TEXT NOT NULL, email TEXT NOT NULL, account_number TEXT NOT NULL,
  language TEXT NOT NULL, segment TEXT NOT NULL, address TEXT NOT NULL, vip INTEGER NOT NULL);
CREATE INDEX customers_sort ON customers (sort_key, id);
CREATE TABLE customer_phones (
  customer_id TEXT NOT NULL, phone TEXT NOT NULL, position INTEGER NOT NULL,
  PRIMARY KEY (customer_id, phone));
CREATE INDEX customer_phones_phone ON customer_phones (phone);
CREATE TABLE products (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, description TEXT NOT NULL,
  sort_key TEXT NOT NULL, search_text TEXT NOT NULL);
CREATE TABLE articles (
  id TEXT PRIMARY KEY, product_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
  body TEXT NOT NULL, position INTEGER NOT NULL);
CREATE TABLE owned_products (
  customer_id TEXT NOT NULL, product_id TEXT NOT NULL, serial TEXT NOT NULL,
  contract_end TEXT, position INTEGER NOT NULL);
CREATE TABLE tickets (
  id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, caller_number TEXT NOT NULL,
  call_id TEXT NOT NULL, category TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL,
  product_id TEXT NOT NULL, disposition TEXT NOT NULL, created_at TEXT NOT NULL,
  created_by TEXT NOT NULL);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE TABLE notes (
  id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL,
  author TEXT NOT NULL);
CREATE INDEX notes_ticket ON notes (ticket_id, created_at);
CREATE TABLE punches (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, kind TEXT NOT NULL, reason_code TEXT NOT NULL,
  occurred_at TEXT NOT NULL, occurred_ts REAL NOT NULL, device_id TEXT NOT NULL,
  seq INTEGER NOT NULL, received_at TEXT NOT NULL);
CREATE INDEX punches_agent ON punches (agent_id, occurred_ts, seq);
CREATE TABLE state_changes (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, state TEXT NOT NULL, reason_code TEXT NOT NULL,
  at TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE interactions (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL, record TEXT NOT NULL, received_at TEXT NOT NULL);
CREATE TABLE idempotency (
  kind TEXT NOT NULL, id TEXT NOT NULL, body_hash TEXT NOT NULL, response TEXT NOT NULL,
  PRIMARY KEY (kind, id));
"""

_TABLES = (
    "idempotency",
    "interactions",
    "state_changes",
    "punches",
    "notes",
    "tickets",
    "owned_products",
    "articles",
    "products",
    "customer_phones",
    "customers",
    "lockouts",
    "login_failures",
    "tokens",
    "agents",
    "meta",
)


class Store:
    """A SQLite database shared by the request threads. Use `tx()` for everything."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            str(path), check_same_thread=False, isolation_level=None, timeout=10.0
        )
        self._db.row_factory = sqlite3.Row
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock: committed on success, rolled back on any error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def is_empty(self) -> bool:
        with self.tx() as db:
            row = db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            return int(row[0]) == 0

    def create_schema(self, *, drop: bool = False) -> None:
        with self.tx() as db:
            if drop:
                for table in _TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def schema_version(self) -> int:
        with self.tx() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(row[0]) if row else 0

    def close(self) -> None:
        with self._lock:
            self._db.close()
