"""The local call history in SQLite (`call_history`, schema 2).

Customer numbers and names: a purgeable cache. It is emptied at sign-out with the card cache
(`store.cache.CardCache.purge`) and older calls are purged after the retention period; deletes
overwrite the rows (secure_delete) and a retention purge empties the WAL that held them.

Blocking: called from the IO pool, each thread with its own connection. Writes merge: a time
or code once stored is never cleared by a later (or a late) write of the same call, so writes
arriving out of order from a pool of threads give the same row.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from homeagent.domain.call import Direction
from homeagent.domain.errors import StorageError
from homeagent.domain.history import CallRecord, search_digits, search_text
from homeagent.domain.work import parse_rfc3339, rfc3339
from homeagent.store.cache import scrub, secure
from homeagent.store.writers import _PerThread

_COLUMNS = (
    "call_id, agent, direction, remote_number, remote_name, customer_id, started_at, "
    "answered_at, ended_at, end_reason, wrap_up_ended_at, disposition, ticket_ids, categories"
)

# (S608: the SQL below is built from constants only; every value is a bound parameter)
_UPSERT = (
    "INSERT INTO call_history (" + _COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "  # noqa: S608
    "ON CONFLICT(call_id) DO UPDATE SET "
    "agent = CASE WHEN excluded.agent != '' THEN excluded.agent ELSE agent END, "
    "direction = excluded.direction, "
    "remote_number = CASE WHEN excluded.remote_number != '' "
    "  THEN excluded.remote_number ELSE remote_number END, "
    "remote_name = CASE WHEN excluded.remote_name != '' "
    "  THEN excluded.remote_name ELSE remote_name END, "
    "customer_id = CASE WHEN excluded.customer_id != '' "
    "  THEN excluded.customer_id ELSE customer_id END, "
    "started_at = min(started_at, excluded.started_at), "
    "answered_at = coalesce(excluded.answered_at, answered_at), "
    "ended_at = coalesce(excluded.ended_at, ended_at), "
    "end_reason = CASE WHEN excluded.end_reason != '' "
    "  THEN excluded.end_reason ELSE end_reason END, "
    "wrap_up_ended_at = coalesce(excluded.wrap_up_ended_at, wrap_up_ended_at), "
    "disposition = CASE WHEN excluded.disposition != '' "
    "  THEN excluded.disposition ELSE disposition END, "
    "ticket_ids = CASE WHEN excluded.ticket_ids != '' "
    "  THEN excluded.ticket_ids ELSE ticket_ids END, "
    "categories = CASE WHEN excluded.categories != '' "
    "  THEN excluded.categories ELSE categories END"
)

_SELECT = "SELECT " + _COLUMNS + " FROM call_history "  # noqa: S608
_RECENT = _SELECT + "WHERE agent = ? ORDER BY started_at DESC LIMIT ?"
_BY_NAME = (
    _SELECT + "WHERE agent = ? AND remote_name LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT ?"
)
# Telephony stores numbers clean (E.164, an extension or a SIP user: dialplan.normalise and
# number_from_uri), so a plain LIKE finds digits; replace()-ing separators doubles the scan.
_BY_NUMBER_OR_NAME = (
    _SELECT + "WHERE agent = ? AND (remote_number LIKE ? ESCAPE '\\' "
    "OR remote_name LIKE ? ESCAPE '\\') "
    "ORDER BY started_at DESC LIMIT ?"
)
_DAY = _SELECT + "WHERE agent = ? AND started_at >= ? AND started_at < ? ORDER BY started_at"


def _like(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _time(value: datetime | None) -> str | None:
    return None if value is None else rfc3339(value)


def _row(r: tuple[object, ...]) -> CallRecord:
    def t(v: object) -> datetime | None:
        return parse_rfc3339(str(v)) if v else None

    started = t(r[6])
    return CallRecord(
        call_id=str(r[0]),
        agent=str(r[1]),
        direction=Direction(str(r[2])),
        remote_number=str(r[3]),
        remote_name=str(r[4]),
        customer_id=str(r[5]),
        started_at=started if started is not None else datetime.fromtimestamp(0, UTC),
        answered_at=t(r[7]),
        ended_at=t(r[8]),
        end_reason=str(r[9]),
        wrap_up_ended_at=t(r[10]),
        disposition=str(r[11]),
        ticket_ids=tuple(str(r[12]).split()),
        categories=tuple(str(r[13]).split()),
    )


class CallHistoryStore(_PerThread):
    """Blocking; one connection per calling thread. Errors surface as StorageError."""

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = secure(super()._conn())
        return conn

    def upsert(self, record: CallRecord) -> None:
        values = (
            record.call_id,
            record.agent,
            record.direction.value,
            record.remote_number,
            record.remote_name,
            record.customer_id,
            rfc3339(record.started_at),
            _time(record.answered_at),
            _time(record.ended_at),
            record.end_reason,
            _time(record.wrap_up_ended_at),
            record.disposition,
            " ".join(t for t in record.ticket_ids if t),
            " ".join(c for c in record.categories if c),
        )
        self._execute(_UPSERT, values)

    def recent(self, agent: str, limit: int) -> list[CallRecord]:
        return self._query(_RECENT, (agent, limit))

    def search(self, agent: str, text: str, limit: int) -> list[CallRecord]:
        """The newest `limit` calls whose number contains the typed digits (separators and
        a leading 0/00 ignored) or whose name contains the text (case-insensitive, ASCII)."""
        text = search_text(text)
        if not text:
            return self.recent(agent, limit)
        digits = search_digits(text)
        if digits:
            return self._query(_BY_NUMBER_OR_NAME, (agent, _like(digits), _like(text), limit))
        return self._query(_BY_NAME, (agent, _like(text), limit))

    def day(self, agent: str, start: datetime, end: datetime) -> list[CallRecord]:
        """Calls started in [start, end), oldest first."""
        return self._query(_DAY, (agent, rfc3339(start), rfc3339(end)))

    def purge_older_than(self, days: float, now: datetime | None = None) -> int:
        """Forget calls started more than `days` ago; returns how many went."""
        cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
        cursor = self._execute("DELETE FROM call_history WHERE started_at < ?", (rfc3339(cutoff),))
        if cursor.rowcount > 0:
            scrub(self._conn(), vacuum=False)  # the rows are zeroed; their old pages in the WAL go
        return cursor.rowcount

    def count(self, agent: str) -> int:
        try:
            row = (
                self._conn()
                .execute("SELECT count(*) FROM call_history WHERE agent = ?", (agent,))
                .fetchone()
            )
        except sqlite3.Error as exc:
            raise StorageError(f"call history: {exc}") from exc
        return int(row[0])

    def _execute(self, sql: str, values: tuple[object, ...]) -> sqlite3.Cursor:
        try:
            return self._conn().execute(sql, values)
        except sqlite3.Error as exc:
            raise StorageError(f"call history: {exc}") from exc

    def _query(self, sql: str, values: tuple[object, ...]) -> list[CallRecord]:
        try:
            rows = self._conn().execute(sql, values).fetchall()
        except sqlite3.Error as exc:
            raise StorageError(f"call history: {exc}") from exc
        return [_row(r) for r in rows]
