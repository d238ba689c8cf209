from datetime import UTC, date, datetime, timedelta

from homeagent.domain.shift import (
    PunchRecord,
    ShiftState,
    allowed,
    forgotten_clock_out,
    state_after,
    totals,
)
from homeagent.domain.work import PunchKind

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def rec(seq: int, kind: PunchKind, minutes: float) -> PunchRecord:
    return PunchRecord(f"p{seq}", kind, T0 + timedelta(minutes=minutes), seq)


DAY = [
    rec(1, PunchKind.CLOCK_IN, 0),
    rec(2, PunchKind.BREAK_START, 120),
    rec(3, PunchKind.BREAK_END, 135),
    rec(4, PunchKind.BREAK_START, 240),
    rec(5, PunchKind.BREAK_END, 300),
]


def test_state_and_allowed_transitions() -> None:
    assert state_after([]) is ShiftState.OFF
    assert state_after(DAY[:2]) is ShiftState.ON_BREAK
    assert state_after(DAY) is ShiftState.WORKING
    assert allowed(PunchKind.CLOCK_IN, ShiftState.OFF)
    assert not allowed(PunchKind.CLOCK_IN, ShiftState.WORKING)  # never a double clock-in
    assert not allowed(PunchKind.BREAK_END, ShiftState.WORKING)
    assert allowed(PunchKind.CLOCK_OUT, ShiftState.ON_BREAK)


def test_totals_count_open_periods_up_to_now() -> None:
    now = T0 + timedelta(minutes=330)
    t = totals(DAY, now)
    assert t.breaks == 2
    assert t.break_s == 75 * 60
    assert t.worked_s == (330 - 75) * 60
    out = totals([*DAY, rec(6, PunchKind.CLOCK_OUT, 480)], now + timedelta(hours=5))
    assert out.worked_s == (480 - 75) * 60  # nothing counts after clock-out


def test_totals_ignore_punches_that_make_no_sense() -> None:
    t = totals(
        [rec(1, PunchKind.BREAK_END, 0), rec(2, PunchKind.CLOCK_IN, 10)], T0 + timedelta(minutes=70)
    )
    assert t.worked_s == 60 * 60 and t.break_s == 0


def test_forgotten_clock_out_from_yesterday() -> None:
    today = date(2026, 11, 28)
    assert forgotten_clock_out(DAY, today) == DAY[-1]
    assert forgotten_clock_out(DAY, date(2026, 11, 27)) is None  # still today: just working
    closed = [*DAY, rec(6, PunchKind.CLOCK_OUT, 480)]
    assert forgotten_clock_out(closed, today) is None
