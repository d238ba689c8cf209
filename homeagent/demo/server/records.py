"""Write side: state changes, punches, tickets, notes and call records, each exactly once.

Every write carries a client-generated UUID. The first time the server sees (kind, id) it
applies the write and stores the response with a hash of the canonical body (the validated
body as sorted JSON, plus the agent and, for notes, the ticket); a replay with the same hash gets
the stored response again, a different hash gets 409. Every check (400, then 422/404) comes
before the id is looked up, and a refused write stores nothing, so the client may fix the body
and reuse the id.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from homeagent.demo.server.accounts import Caller
from homeagent.demo.server.problems import conflict, not_found, unprocessable
from homeagent.demo.server.sample_data import DISPOSITIONS, NOT_READY_REASONS
from homeagent.demo.server.schemas import InteractionIn, NoteIn, PunchIn, StateChangeIn, TicketIn
from homeagent.demo.server.store import Store
from homeagent.domain.agent import AgentState
from homeagent.domain.work import rfc3339

Json = dict[str, Any]


def _now() -> str:
    return rfc3339(datetime.now(UTC))


TECH_REASON = re.compile(r"tech:[a-z0-9_]{1,40}")


def _check_reason(code: str) -> None:
    if code and code not in NOT_READY_REASONS:
        raise unprocessable(f"reason_code {code!r} is not one of the profile's not_ready_reasons")


def _check_disposition(code: str) -> None:
    if code and code not in DISPOSITIONS:
        raise unprocessable(f"disposition {code!r} is not one of the profile's dispositions")


def _check_exists(db: sqlite3.Connection, table: str, field: str, value: str) -> None:
    query = f"SELECT 1 FROM {table} WHERE id = ?"  # noqa: S608 - table names are ours
    if value and db.execute(query, (value,)).fetchone() is None:
        raise unprocessable(f"{field} {value!r} does not exist")


class Records:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _once(
        self,
        kind: str,
        caller: Caller,
        body: Any,
        apply: Callable[[sqlite3.Connection], Json],
        *,
        scope: str = "",
        check: Callable[[sqlite3.Connection], None] | None = None,
    ) -> tuple[bool, Json]:
        """(created, response): apply the write unless this (kind, id) was seen before.

        `check` (references to other rows: 404/422) runs first, in the same transaction.
        """
        canonical = json.dumps(
            {"agent": caller.agent_id, "scope": scope, "body": body.model_dump(mode="json")},
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=True,
        )
        digest = hashlib.sha256(canonical.encode("ascii")).hexdigest()
        with self._store.tx() as db:
            if check is not None:
                check(db)
            row = db.execute(
                "SELECT body_hash, response FROM idempotency WHERE kind = ? AND id = ?",
                (kind, body.id),
            ).fetchone()
            if row is not None:
                if row["body_hash"] != digest:
                    raise conflict(kind, body.id)
                stored: Json = json.loads(row["response"])
                return False, stored
            try:
                response = apply(db)
            except sqlite3.IntegrityError:  # the id belongs to a row made another way
                raise conflict(kind, body.id) from None
            db.execute(
                "INSERT INTO idempotency (kind, id, body_hash, response) VALUES (?, ?, ?, ?)",
                (kind, body.id, digest, json.dumps(response)),
            )
            return True, response

    def put_state(self, caller: Caller, body: StateChangeIn) -> Json:
        if body.reason_code and body.state != AgentState.NOT_READY:
            raise unprocessable("reason_code is only allowed with state not_ready")
        if not TECH_REASON.fullmatch(body.reason_code):  # the client's own diagnosis
            _check_reason(body.reason_code)

        def apply(db: sqlite3.Connection) -> Json:
            received = _now()
            db.execute(
                "INSERT INTO state_changes (id, agent_id, state, reason_code, at, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    body.id,
                    caller.agent_id,
                    body.state.value,
                    body.reason_code,
                    rfc3339(body.at),
                    received,
                ),
            )
            return {"id": body.id, "received_at": received}

        return self._once("state", caller, body, apply)[1]

    def add_punch(self, caller: Caller, body: PunchIn) -> tuple[bool, Json]:
        _check_reason(body.reason_code)

        def apply(db: sqlite3.Connection) -> Json:
            received = _now()
            db.execute(
                "INSERT INTO punches (id, agent_id, kind, reason_code, occurred_at, occurred_ts,"
                " device_id, seq, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    body.id,
                    caller.agent_id,
                    body.kind.value,
                    body.reason_code,
                    rfc3339(body.occurred_at),
                    body.occurred_at.timestamp(),
                    body.device_id,
                    body.seq,
                    received,
                ),
            )
            return {"id": body.id, "received_at": received}

        return self._once("punch", caller, body, apply)

    def list_punches(
        self, caller: Caller, start: datetime | None, end: datetime | None
    ) -> list[Json]:
        low = start.timestamp() if start else float("-inf")
        high = end.timestamp() if end else float("inf")
        with self._store.tx() as db:
            rows = db.execute(
                "SELECT id, kind, reason_code, occurred_at, device_id, seq, received_at "
                "FROM punches WHERE agent_id = ? AND occurred_ts >= ? AND occurred_ts < ? "
                "ORDER BY occurred_ts, seq, id",
                (caller.agent_id, low, high),
            ).fetchall()
        return [dict(row) for row in rows]

    def add_ticket(self, caller: Caller, body: TicketIn) -> tuple[bool, Json]:
        _check_disposition(body.disposition)

        def check(db: sqlite3.Connection) -> None:
            _check_exists(db, "customers", "customer_id", body.customer_id)
            _check_exists(db, "products", "product_id", body.product_id)

        def apply(db: sqlite3.Connection) -> Json:
            created = _now()
            db.execute(
                "INSERT INTO tickets (id, customer_id, caller_number, call_id, category, subject,"
                " status, product_id, disposition, created_at, created_by)"
                " VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
                (
                    body.id,
                    body.customer_id,
                    body.caller_number,
                    body.call_id,
                    body.category.value,
                    body.subject,
                    body.product_id,
                    body.disposition,
                    created,
                    caller.agent_id,
                ),
            )
            return {"id": body.id, "created_at": created}

        return self._once("ticket", caller, body, apply, check=check)

    def add_note(self, caller: Caller, ticket_id: str, body: NoteIn) -> tuple[bool, Json]:

        def check(db: sqlite3.Connection) -> None:
            if db.execute("SELECT 1 FROM tickets WHERE id = ?", (ticket_id,)).fetchone() is None:
                raise not_found(f"no ticket {ticket_id!r}")

        def apply(db: sqlite3.Connection) -> Json:
            created = rfc3339(body.created_at)
            db.execute(
                "INSERT INTO notes (id, ticket_id, body, created_at, author)"
                " VALUES (?, ?, ?, ?, ?)",
                (body.id, ticket_id, body.body, created, caller.agent_id),
            )
            return {"id": body.id, "created_at": created}

        return self._once("note", caller, body, apply, scope=ticket_id, check=check)

    def add_interaction(self, caller: Caller, body: InteractionIn) -> tuple[bool, Json]:
        _check_disposition(body.disposition)
        if body.ended_at < body.started_at:
            raise unprocessable("ended_at is before started_at")
        if body.answered_at and not body.started_at <= body.answered_at <= body.ended_at:
            raise unprocessable("answered_at is not between started_at and ended_at")
        if body.wrap_up_ended_at and body.wrap_up_ended_at < body.ended_at:
            raise unprocessable("wrap_up_ended_at is before ended_at")

        def check(db: sqlite3.Connection) -> None:
            _check_exists(db, "customers", "customer_id", body.customer_id)

        def apply(db: sqlite3.Connection) -> Json:
            received = _now()
            db.execute(
                "INSERT INTO interactions (id, agent_id, record, received_at) VALUES (?, ?, ?, ?)",
                (body.id, caller.agent_id, body.model_dump_json(), received),
            )
            return {"id": body.id, "received_at": received}

        return self._once("interaction", caller, body, apply, check=check)
