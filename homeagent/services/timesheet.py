"""The week's timesheet: the server's punches merged with this computer's, so a punch still
waiting in the outbox shows (marked) and nothing is counted twice.

Both reads block (SQLite, then HTTP) and run through the TaskPort. When the server cannot be
asked, the sheet shows this computer's punches and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol

from homeagent.domain.errors import HomeAgentError
from homeagent.domain.shift import PunchRecord, ShiftState, state_after, totals
from homeagent.domain.work import PunchKind, parse_rfc3339, rfc3339
from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)


class ServerPunchesPort(Protocol):
    """GET /v1/punches (blocking): dicts with id, kind, occurred_at, received_at, seq."""

    def punches(self, start: str, end: str) -> list[dict[str, Any]]: ...


class LocalPunchesPort(Protocol):
    """This computer's punches with their receipts (blocking: SQLite)."""

    def since(self, start: datetime) -> list[PunchRecord]: ...


@dataclass(frozen=True)
class SheetPunch:
    id: str
    kind: PunchKind
    occurred_at: datetime  # in the operator's time zone (in a Week)
    received_at: datetime | None  # the server's receipt, likewise
    pending: bool  # on this computer only, waiting to be sent


@dataclass(frozen=True)
class SheetDay:
    day: date
    punches: tuple[SheetPunch, ...]
    worked_s: float
    break_s: float
    breaks: int
    unclosed: bool  # the day is over and it ends clocked in (a forgotten clock-out)

    @property
    def first_in(self) -> SheetPunch | None:
        return next((p for p in self.punches if p.kind is PunchKind.CLOCK_IN), None)

    @property
    def last_out(self) -> SheetPunch | None:
        outs = [p for p in self.punches if p.kind is PunchKind.CLOCK_OUT]
        return outs[-1] if outs else None


@dataclass(frozen=True)
class Week:
    start: date  # a Monday
    days: tuple[SheetDay, ...]
    error: str = ""  # an error code: the server was not reached, only local punches shown

    @property
    def pending(self) -> int:
        return sum(p.pending for d in self.days for p in d.punches)

    @property
    def worked_s(self) -> float:
        return sum(d.worked_s for d in self.days)


def local_midnight(day: date, tz: tzinfo | None) -> datetime:
    """Midnight starting `day` in `tz` (None: the system's zone, daylight saving included)."""
    naive = datetime.combine(day, time())
    return naive.astimezone() if tz is None else naive.replace(tzinfo=tz)


def decode_server_punch(item: Any) -> SheetPunch | None:
    """One row of the server's list, checked; None (logged) when it cannot be trusted."""
    try:
        if not isinstance(item, dict):
            raise TypeError(type(item).__name__)
        ident = item["id"]
        if not isinstance(ident, str) or not ident:
            raise ValueError("id")
        received = item.get("received_at")
        return SheetPunch(
            ident,
            PunchKind(item["kind"]),
            parse_rfc3339(str(item["occurred_at"])),
            parse_rfc3339(str(received)) if received else None,
            pending=False,
        )
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("timesheet: skipped a punch the server sent: %r", exc)
        return None


def merge(server: Sequence[Any], local: Sequence[PunchRecord]) -> list[SheetPunch]:
    """The server's punches plus the local ones it does not have yet, by time."""
    merged = {p.id: p for p in map(decode_server_punch, server) if p is not None}
    for record in local:
        if record.id not in merged:
            merged[record.id] = SheetPunch(
                record.id,
                record.kind,
                record.occurred_at,
                record.received_at,
                pending=not record.acknowledged,
            )
    return sorted(merged.values(), key=lambda p: p.occurred_at)


def build_week(
    start: date, punches: Sequence[SheetPunch], now: datetime, tz: tzinfo | None, error: str = ""
) -> Week:
    days: list[SheetDay] = []
    for offset in range(7):
        day = start + timedelta(days=offset)
        begin, end = local_midnight(day, tz), local_midnight(day + timedelta(days=1), tz)
        mine = tuple(
            SheetPunch(
                p.id,
                p.kind,
                p.occurred_at.astimezone(tz),
                p.received_at.astimezone(tz) if p.received_at else None,
                p.pending,
            )
            for p in punches
            if begin <= p.occurred_at < end
        )
        # renumber by time: punches from several devices have unrelated seq numbers
        records = [PunchRecord(p.id, p.kind, p.occurred_at, i) for i, p in enumerate(mine)]
        unclosed = end <= now and state_after(records) is not ShiftState.OFF
        # a forgotten clock-out does not turn the rest of a past day into worked time
        until = records[-1].occurred_at if unclosed else min(now, end)
        day_totals = totals(records, until)
        days.append(
            SheetDay(
                day, mine, day_totals.worked_s, day_totals.break_s, day_totals.breaks, unclosed
            )
        )
    return Week(start, tuple(days), error)


class TimesheetService:
    def __init__(
        self,
        server: ServerPunchesPort,
        local: LocalPunchesPort,
        tasks: TaskPort,
        now: Callable[[], datetime],
        tz: tzinfo | None = None,
    ) -> None:
        self._server = server
        self._local = local
        self._tasks = tasks
        self._now = now
        self._tz = tz
        self._generation = 0
        self.weeks_back = 0
        self.loading = False
        self.week: Week | None = None
        self.changed: Topic[None] = Topic()

    def week_start(self, weeks_back: int = 0) -> date:
        today = self._now().astimezone(self._tz).date()
        return today - timedelta(days=today.weekday(), weeks=weeks_back)

    def load(self, weeks_back: int = 0) -> None:
        """Read the week `weeks_back` weeks ago (0: this week): local first, then the server."""
        self._generation += 1
        generation = self._generation
        self.weeks_back = max(0, weeks_back)
        start = self.week_start(self.weeks_back)
        begin = local_midnight(start, self._tz)
        end = local_midnight(start + timedelta(days=7), self._tz)
        self.loading = True
        self.changed.emit(None)

        def current() -> bool:
            return generation == self._generation

        def finish(server: Sequence[Any], local: Sequence[PunchRecord], error: str) -> None:
            if not current():
                return  # the operator moved to another week meanwhile
            mine = [r for r in local if r.occurred_at < end]
            self.week = build_week(start, merge(server, mine), self._now(), self._tz, error)
            self.loading = False
            self.changed.emit(None)

        def ask_server(local: Sequence[PunchRecord], local_error: str = "") -> None:
            if not current():
                return
            self._tasks.run(
                lambda: self._server.punches(rfc3339(begin), rfc3339(end)),
                lambda rows: finish(rows, local, local_error),
                lambda exc: finish([], local, _code(exc)),
            )

        self._tasks.run(
            lambda: self._local.since(begin),
            ask_server,
            lambda exc: ask_server([], _code(exc)),
        )

    def refresh(self) -> None:
        self.load(self.weeks_back)


def _code(exc: Exception) -> str:
    if isinstance(exc, HomeAgentError):
        return exc.code
    log.error("timesheet: unexpected failure: %r", exc)
    return "error"
