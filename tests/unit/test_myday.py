"""My day figures and the history record's derived facts (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from homeagent.domain.call import CallSession, CallState, Direction, EndReason
from homeagent.domain.history import (
    CallRecord,
    from_session,
    merge,
    search_digits,
    search_text,
)
from homeagent.domain.myday import DayStats, day_stats
from homeagent.domain.shift import PunchRecord
from homeagent.domain.work import PunchKind

T0 = datetime(2025, 3, 14, 8, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def call(
    cid: str,
    at: timedelta,
    *,
    direction: Direction = Direction.INBOUND,
    talk: float | None = None,
    ring: float = 5,
    wrap: float | None = None,
    categories: tuple[str, ...] = (),
    live: bool = False,
) -> CallRecord:
    start = T0 + at
    answered = None if talk is None else start + ring * S
    ended = None if live else (answered or start + ring * S) + (talk or 0) * S
    return CallRecord(
        call_id=cid,
        direction=direction,
        remote_number="+33612345678",
        started_at=start,
        answered_at=answered,
        ended_at=ended,
        wrap_up_ended_at=None if wrap is None or ended is None else ended + wrap * S,
        categories=categories,
    )


def punch(seq: int, kind: PunchKind, at: timedelta) -> PunchRecord:
    return PunchRecord(f"p{seq}", kind, T0 + at, seq)


H = timedelta(hours=1)
M = timedelta(minutes=1)


def test_empty_day_is_all_zeros() -> None:
    stats = day_stats([], [], T0)
    assert stats == DayStats()
    assert stats.busiest_hour_calls == 0
    assert [c for c, _ in stats.tickets_by_category] == [
        "request",
        "complaint",
        "information",
        "other",
    ]


def test_a_day_of_calls_and_breaks() -> None:
    records = [
        call("a", 0 * H, talk=60, wrap=30, categories=("request",)),  # 08:00
        call("b", 0 * H + 10 * M, talk=120, wrap=0, categories=("complaint", "request")),
        call("c", 1 * H, direction=Direction.OUTBOUND, talk=30),  # 09:00, no wrap-up yet
        call("d", 1 * H + 5 * M),  # inbound, never answered: missed
        call("e", 2 * H, direction=Direction.OUTBOUND),  # outbound, never connected: neither
        call("a", 0 * H, talk=60, wrap=30, categories=("request",)),  # a duplicate row
    ]
    punches = [
        punch(1, PunchKind.CLOCK_IN, 0 * H),
        punch(2, PunchKind.BREAK_START, 2 * H),
        punch(3, PunchKind.BREAK_END, 2 * H + 15 * M),
        punch(4, PunchKind.BREAK_START, 3 * H),
    ]
    now = T0 + 3 * H + 5 * M
    stats = day_stats(records, punches, now)
    assert (stats.calls, stats.handled, stats.missed) == (5, 3, 1)
    assert (stats.handled_inbound, stats.handled_outbound) == (2, 1)
    assert stats.talk_s == 210
    assert stats.wrap_up_s == 30
    assert stats.average_handling_s == 80  # (210 + 30) / 3
    assert stats.tickets == 3
    assert dict(stats.tickets_by_category) == {
        "request": 2,
        "complaint": 1,
        "information": 0,
        "other": 0,
    }
    assert stats.breaks == 2
    assert stats.break_s == 15 * 60 + 5 * 60  # the open break counts up to now
    assert stats.worked_s == 2 * 3600 + 45 * 60
    assert stats.handled_per_hour[8:10] == (2, 1)
    assert stats.missed_per_hour[9] == 1
    assert stats.busiest_hour_calls == 2


def test_a_live_call_counts_its_talk_so_far() -> None:
    live = call("x", 0 * H, talk=0, live=True)
    stats = day_stats([live], [], T0 + 65 * S)
    assert stats.handled == 1 and stats.talk_s == 60


def test_hours_follow_the_operators_zone_and_unknown_categories_are_kept() -> None:
    paris = timezone(timedelta(hours=1))
    stats = day_stats([call("a", 0 * H, talk=1, categories=("legacy",))], [], T0, paris)
    assert stats.handled_per_hour[9] == 1
    assert stats.tickets_by_category[-1] == ("legacy", 1)


def test_record_facts() -> None:
    missed = call("m", 0 * H)
    assert missed.missed and not missed.answered and missed.talk_seconds() == 0
    out = call("o", 0 * H, direction=Direction.OUTBOUND)
    assert not out.missed
    done = call("d", 0 * H, talk=100, wrap=20)
    assert (done.talk_seconds(), done.wrap_up_seconds(), done.handling_seconds()) == (100, 20, 120)
    assert not call("t", 0 * H, talk=1).transferred


def test_merge_never_forgets() -> None:
    full = call("a", 0 * H, talk=60, wrap=10, categories=("other",))
    ringing = CallRecord("a", Direction.INBOUND, "", T0 + 1 * S, remote_name="Ana")
    merged = merge(full, ringing)
    assert merged.answered_at == full.answered_at and merged.ended_at == full.ended_at
    assert merged.remote_number == full.remote_number and merged.remote_name == "Ana"
    assert merged.started_at == T0 and merged.categories == ("other",)


def test_from_session_converts_monotonic_times() -> None:
    session = CallSession("c1", Direction.INBOUND, "sip:x@y", "+33612345678", "Ana")
    session.started_at = 100.0
    session.apply(CallState.ACTIVE, 200, 103.0)
    session.apply(CallState.ENDED, 200, 163.0)
    record = from_session(session, "alice", lambda t: T0 + t * S)
    assert record.started_at == T0 + 100 * S
    assert record.answered_at == T0 + 103 * S and record.ended_at == T0 + 163 * S
    assert record.end_reason == EndReason.REMOTE_HANGUP
    assert (record.agent, record.remote_name) == ("alice", "Ana")
    anonymous = CallSession("c2", Direction.INBOUND, "sip:anonymous@y")
    assert from_session(anonymous, "", lambda t: T0).remote_number == "sip:anonymous@y"


def test_search_digits() -> None:
    assert search_digits("06 12 34") == "61234"
    assert search_digits("+33 6 12") == "33612"
    assert search_digits("0033-6.12") == "33612"
    assert search_digits("201") == "201"
    assert search_digits("000") == "000"
    assert search_digits("Dupont") == ""
    assert search_digits("  ") == ""
    assert search_text("  Jean   Dupont ") == "Jean Dupont"
    assert len(search_text("x" * 5000)) == 100
