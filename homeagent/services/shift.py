"""The shift: clock in/out and breaks, each a durable punch with the server's receipt.

A punch is never doubled: the buttons offer only what the shift allows, and while one punch
is being written no other can start. It is never lost: it is committed to the outbox before
the operator is told it is saved, and shows the server's time once acknowledged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from homeagent.domain.shift import (
    DayTotals,
    PunchRecord,
    ShiftState,
    allowed,
    forgotten_clock_out,
    state_after,
    totals,
)
from homeagent.domain.work import PunchKind
from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort
from homeagent.services.telephony import Notice

log = logging.getLogger(__name__)


class PunchPort(Protocol):
    """Blocking; run on the write pool."""

    def record(self, kind: PunchKind, occurred_at: datetime, reason_code: str) -> PunchRecord: ...

    def since(self, start: datetime) -> list[PunchRecord]: ...


class ShiftService:
    def __init__(
        self,
        punches: PunchPort,
        tasks: TaskPort,
        now: Callable[[], datetime],
        day_start: Callable[[], datetime],
        monotonic: Callable[[], float] | None = None,
    ) -> None:
        """`monotonic` (e.g. time.monotonic): durations of this run's punches are measured on
        it, so the worked time does not jump when the system clock is moved; without it, on
        `now`. Punches always carry `now`: the server judges it against its receipt."""
        self._punches = punches
        self._tasks = tasks
        self._now = now
        self._day_start = day_start
        self._monotonic = monotonic
        self._steady: dict[str, float] = {}  # punch id -> monotonic reading when it was made
        self.records: list[PunchRecord] = []
        self.saving = False
        self.clock_out_pending = False
        self.changed: Topic[None] = Topic()
        self.notices: Topic[Notice] = Topic()

    # ---- queries ----------------------------------------------------------------------

    @property
    def state(self) -> ShiftState:
        return state_after(self.records)

    def can(self, kind: PunchKind) -> bool:
        return not self.saving and allowed(kind, self.state)

    def totals(self) -> DayTotals:
        start = self._day_start()
        today = [r for r in self.records if r.occurred_at >= start]
        if self._monotonic is None:
            return totals(today, self._now())
        return totals(today, self._now(), self._steady, self._monotonic())

    def today(self) -> list[PunchRecord]:
        start = self._day_start()
        return [r for r in self.records if r.occurred_at >= start]

    # ---- intents ----------------------------------------------------------------------

    def load(self, lookback_start: datetime) -> None:
        """Read local punches (with receipts) off the GUI thread; warn of a forgotten
        clock-out from an earlier day."""

        def loaded(records: Sequence[PunchRecord]) -> None:
            self.records = sorted(records, key=lambda r: r.seq)
            stale = forgotten_clock_out(self.records, self._now().date())
            if stale is not None:
                self.notices.emit(Notice("forgotten_clock_out", stale.occurred_at.isoformat()))
            self.changed.emit(None)

        self._tasks.run(lambda: self._punches.since(lookback_start), loaded, self._failed)

    def refresh_receipts(self) -> None:
        """The outbox delivered something: pick up the server's receipts."""
        if self.records:
            first = self.records[0].occurred_at
            self._tasks.run(lambda: self._punches.since(first), self._replace, self._failed)

    def punch(self, kind: PunchKind, reason_code: str = "", *, calls_busy: bool = False) -> None:
        if self.saving:
            return  # a double click: the first punch is still being written
        if not allowed(kind, self.state):
            self.notices.emit(Notice("punch_not_allowed", kind.value))
            return
        if kind is PunchKind.CLOCK_OUT and calls_busy:
            # the call and its wrap-up end first; then the clock-out happens by itself
            self.clock_out_pending = True
            self.notices.emit(Notice("clock_out_after_call"))
            self.changed.emit(None)
            return
        self.saving = True
        self.changed.emit(None)
        occurred_at = self._now()  # the operator's true time, even if sent hours later
        steady = self._monotonic() if self._monotonic is not None else None

        def saved(record: PunchRecord) -> None:
            self.saving = False
            if steady is not None:
                self._steady[record.id] = steady
            self.records.append(record)
            self.changed.emit(None)

        def failed(exc: Exception) -> None:
            self.saving = False
            self._failed(exc)
            self.notices.emit(Notice("punch_not_saved", str(exc)))
            self.changed.emit(None)

        self._tasks.run(lambda: self._punches.record(kind, occurred_at, reason_code), saved, failed)

    def calls_idle(self) -> None:
        """Calls and wrap-up are over: carry out a clock-out the operator asked for."""
        if self.clock_out_pending:
            self.clock_out_pending = False
            self.punch(PunchKind.CLOCK_OUT)

    def _replace(self, records: Sequence[PunchRecord]) -> None:
        known = {r.id for r in records}
        # keep anything added meanwhile that the read did not include
        self.records = sorted(
            [*records, *[r for r in self.records if r.id not in known]], key=lambda r: r.seq
        )
        self.changed.emit(None)

    def _failed(self, exc: Exception) -> None:
        log.error("punch storage: %s", exc)
