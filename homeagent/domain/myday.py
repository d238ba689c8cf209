"""My day: the operator's own figures for one day, from their calls and their punches. Pure.

- handled: inbound calls answered plus outbound calls connected;
- missed: inbound calls that ended unanswered (see CallRecord.missed);
- talk time: answer to hang-up (a live call counts up to `now`);
- average handling time: (talk + wrap-up) / handled, wrap-up being hang-up to submission;
- tickets by category: from the wrap-ups' tickets;
- breaks taken and break time: from the punches (shift.totals).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from homeagent.domain.call import Direction
from homeagent.domain.history import CallRecord
from homeagent.domain.shift import PunchRecord, totals
from homeagent.domain.work import TicketCategory

HOURS = 24


@dataclass(frozen=True)
class DayStats:
    calls: int = 0  # every call of the day, whatever became of it
    handled: int = 0
    handled_inbound: int = 0
    handled_outbound: int = 0
    missed: int = 0
    talk_s: float = 0.0
    wrap_up_s: float = 0.0
    average_handling_s: float = 0.0
    tickets: int = 0
    # every TicketCategory in its order (zeros included, so a chart keeps its shape), then
    # any other code met, by name
    tickets_by_category: tuple[tuple[str, int], ...] = tuple((c.value, 0) for c in TicketCategory)
    breaks: int = 0
    break_s: float = 0.0
    worked_s: float = 0.0
    handled_per_hour: tuple[int, ...] = (0,) * HOURS  # by local hour of the call's start
    missed_per_hour: tuple[int, ...] = (0,) * HOURS

    @property
    def busiest_hour_calls(self) -> int:
        return max(h + m for h, m in zip(self.handled_per_hour, self.missed_per_hour, strict=True))


def day_stats(
    records: Sequence[CallRecord],
    punches: Sequence[PunchRecord],
    now: datetime,
    tz: tzinfo = UTC,
) -> DayStats:
    """The figures for the records and punches given (the caller picks the day's)."""
    handled_in = handled_out = missed = 0
    talk = wrap = 0.0
    handled_hours = [0] * HOURS
    missed_hours = [0] * HOURS
    categories: Counter[str] = Counter()
    seen: set[str] = set()
    for record in records:
        if record.call_id in seen:
            continue
        seen.add(record.call_id)
        hour = record.started_at.astimezone(tz).hour
        categories.update(c for c in record.categories if c)
        if record.answered:
            if record.direction is Direction.INBOUND:
                handled_in += 1
            else:
                handled_out += 1
            handled_hours[hour] += 1
            talk += record.talk_seconds(now)
            wrap += record.wrap_up_seconds()
        elif record.missed:
            missed += 1
            missed_hours[hour] += 1
    handled = handled_in + handled_out
    known = [c.value for c in TicketCategory]
    by_category = tuple(
        [(code, categories.get(code, 0)) for code in known]
        + sorted((code, n) for code, n in categories.items() if code not in known)
    )
    shift = totals(punches, now)
    return DayStats(
        calls=len(seen),
        handled=handled,
        handled_inbound=handled_in,
        handled_outbound=handled_out,
        missed=missed,
        talk_s=talk,
        wrap_up_s=wrap,
        average_handling_s=(talk + wrap) / handled if handled else 0.0,
        tickets=sum(categories.values()),
        tickets_by_category=by_category,
        breaks=shift.breaks,
        break_s=shift.break_s,
        worked_s=shift.worked_s,
        handled_per_hour=tuple(handled_hours),
        missed_per_hour=tuple(missed_hours),
    )
