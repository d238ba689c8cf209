"""The shift as punches describe it: where the operator stands, what may come next, and how
long they worked and rested. Pay and lateness depend on these rules, so they live here, pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from homeagent.domain.work import PunchKind


class ShiftState(StrEnum):
    OFF = "off"  # not clocked in
    WORKING = "working"
    ON_BREAK = "on_break"


@dataclass(frozen=True)
class PunchRecord:
    """A punch as the operator sees it: its true time, and the server's receipt when it came."""

    id: str
    kind: PunchKind
    occurred_at: datetime
    seq: int
    received_at: datetime | None = None
    reason_code: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.received_at is not None


_NEXT: dict[ShiftState, dict[PunchKind, ShiftState]] = {
    ShiftState.OFF: {PunchKind.CLOCK_IN: ShiftState.WORKING},
    ShiftState.WORKING: {
        PunchKind.BREAK_START: ShiftState.ON_BREAK,
        PunchKind.CLOCK_OUT: ShiftState.OFF,
    },
    ShiftState.ON_BREAK: {
        PunchKind.BREAK_END: ShiftState.WORKING,
        # clocking out from a break ends the break too
        PunchKind.CLOCK_OUT: ShiftState.OFF,
    },
}


def state_after(punches: Sequence[PunchRecord]) -> ShiftState:
    state = ShiftState.OFF
    for punch in sorted(punches, key=lambda p: p.seq):
        state = _NEXT[state].get(punch.kind, state)
    return state


def allowed(kind: PunchKind, state: ShiftState) -> bool:
    """Whether `kind` makes sense now (the buttons offer only these; no double punches)."""
    return kind in _NEXT[state]


@dataclass(frozen=True)
class DayTotals:
    worked_s: float
    break_s: float
    breaks: int


def totals(
    punches: Sequence[PunchRecord],
    now: datetime,
    steady: Mapping[str, float] | None = None,
    steady_now: float | None = None,
) -> DayTotals:
    """Worked and break time from the punches given (an open period counts up to `now`).

    `steady` maps the ids of punches made in this run to a monotonic reading taken with them,
    and `steady_now` is that clock now: a period between two such punches (or from one to now)
    is measured on it, so moving the system clock neither adds an hour nor takes one away.
    """
    steady = steady or {}
    worked = rest = 0.0
    breaks = 0
    state = ShiftState.OFF
    since: PunchRecord | None = None
    for punch in sorted(punches, key=lambda p: p.seq):
        new = _NEXT[state].get(punch.kind)
        if new is None:
            continue
        if since is not None:
            if since.id in steady and punch.id in steady:
                span = max(0.0, steady[punch.id] - steady[since.id])
            else:
                span = max(0.0, (punch.occurred_at - since.occurred_at).total_seconds())
            if state is ShiftState.WORKING:
                worked += span
            elif state is ShiftState.ON_BREAK:
                rest += span
        if new is ShiftState.ON_BREAK:
            breaks += 1
        state, since = new, punch
    if since is not None:
        if since.id in steady and steady_now is not None:
            span = max(0.0, steady_now - steady[since.id])
        else:
            span = max(0.0, (now - since.occurred_at).total_seconds())
        if state is ShiftState.WORKING:
            worked += span
        elif state is ShiftState.ON_BREAK:
            rest += span
    return DayTotals(worked, rest, breaks)


def forgotten_clock_out(punches: Sequence[PunchRecord], today: date) -> PunchRecord | None:
    """The last punch, if the operator is still clocked in from an earlier day."""
    if not punches:
        return None
    last = max(punches, key=lambda p: p.seq)
    if state_after(punches) is ShiftState.OFF:
        return None
    return last if last.occurred_at.date() < today else None


def day_window(day: date, tz_offset: timedelta) -> tuple[datetime, datetime]:
    """The operator's local day as a UTC interval [start, end)."""
    from datetime import UTC

    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - tz_offset
    return start, start + timedelta(days=1)
