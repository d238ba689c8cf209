from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from homeagent.domain.errors import ApiUnavailable
from homeagent.domain.shift import PunchRecord
from homeagent.domain.work import PunchKind, rfc3339
from homeagent.services.timesheet import SheetPunch, TimesheetService, build_week, merge
from tests.unit.fakes import QueuedTasks as Tasks

PARIS = timezone(timedelta(hours=1))  # a fixed zone keeps the test independent of the machine
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # Thursday 16:00 in Paris
MONDAY = date(2026, 11, 23)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in Paris on day `day` of November 2026."""
    return datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def server_row(ident: str, kind: str, when: datetime, seq: int = 1) -> dict[str, Any]:
    return {
        "id": ident,
        "kind": kind,
        "occurred_at": rfc3339(when),
        "received_at": rfc3339(when + timedelta(seconds=2)),
        "seq": seq,
    }


class Server:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.asked: list[tuple[str, str]] = []
        self.down = False

    def punches(self, start: str, end: str) -> list[dict[str, Any]]:
        self.asked.append((start, end))
        if self.down:
            raise ApiUnavailable("network unreachable")
        return self.rows


class Local:
    def __init__(self, rows: list[PunchRecord]) -> None:
        self.rows = rows

    def since(self, start: datetime) -> list[PunchRecord]:
        return [r for r in self.rows if r.occurred_at >= start]


def test_merge_marks_what_the_server_has_not_got() -> None:
    server = [
        server_row("a", "clock_in", at(23, 8)),
        {"id": "", "kind": "clock_in", "occurred_at": rfc3339(at(23, 9))},  # no id
        {"id": "b", "kind": "nap", "occurred_at": rfc3339(at(23, 9))},  # unknown kind
        {"id": "c", "kind": "clock_out", "occurred_at": "yesterday"},  # bad time
        "garbage",
    ]
    local = [
        PunchRecord("a", PunchKind.CLOCK_IN, at(23, 8), 1, None),  # sent, receipt not yet read
        PunchRecord("d", PunchKind.BREAK_START, at(23, 10), 2, None, "break"),
        PunchRecord("e", PunchKind.BREAK_END, at(23, 10, 15), 3, at(23, 10, 16)),
    ]
    merged = merge(server, local)
    assert [(p.id, p.pending) for p in merged] == [("a", False), ("d", True), ("e", False)]
    assert merged[0].received_at == at(23, 8) + timedelta(seconds=2)


def test_days_add_up_and_a_forgotten_clock_out_is_not_worked_time() -> None:
    punches = [
        SheetPunch("1", PunchKind.CLOCK_IN, at(23, 8), None, False),
        SheetPunch("2", PunchKind.BREAK_START, at(23, 12), None, False),
        SheetPunch("3", PunchKind.BREAK_END, at(23, 13), None, False),
        SheetPunch("4", PunchKind.CLOCK_OUT, at(23, 17), None, False),
        SheetPunch("5", PunchKind.CLOCK_IN, at(24, 9), None, False),  # never clocked out
        SheetPunch("6", PunchKind.CLOCK_IN, at(26, 14), None, True),  # today, still working
    ]
    week = build_week(MONDAY, punches, NOW, PARIS)
    monday, tuesday, _, thursday, friday = week.days[:5]
    assert (monday.worked_s, monday.break_s, monday.breaks) == (8 * 3600, 3600, 1)
    assert monday.first_in and monday.first_in.id == "1"
    assert monday.last_out and monday.last_out.id == "4"
    assert tuesday.unclosed and tuesday.worked_s == 0
    assert not thursday.unclosed and thursday.worked_s == 2 * 3600  # up to now
    assert friday.punches == () and friday.worked_s == 0
    assert week.pending == 1 and week.worked_s == 10 * 3600
    assert [len(d.punches) for d in week.days] == [4, 1, 0, 1, 0, 0, 0]


def test_punches_from_two_devices_are_ordered_by_time() -> None:
    # seq is per device: the laptop's 7 comes after the desktop's 40 in time
    server = [
        server_row("x", "clock_out", at(23, 17), seq=7),
        server_row("y", "clock_in", at(23, 8), seq=40),
    ]
    week = build_week(MONDAY, merge(server, []), NOW, PARIS)
    assert week.days[0].worked_s == 9 * 3600


def test_the_week_is_asked_in_the_operators_zone_and_merged() -> None:
    server = Server([server_row("a", "clock_in", at(23, 8))])
    local = Local(
        [
            PunchRecord("a", PunchKind.CLOCK_IN, at(23, 8), 1, at(23, 8)),
            PunchRecord("b", PunchKind.CLOCK_OUT, at(23, 16), 2),
            PunchRecord("later", PunchKind.CLOCK_IN, at(30, 8), 3),  # next week: not shown
        ]
    )
    tasks = Tasks()
    svc = TimesheetService(server, local, tasks, lambda: NOW, PARIS)
    seen: list[bool] = []
    svc.changed.connect(lambda _: seen.append(svc.loading))
    svc.load()
    assert svc.loading and svc.week is None
    tasks.flush()
    assert seen == [True, False]
    assert server.asked == [("2026-11-22T23:00:00.000Z", "2026-11-29T23:00:00.000Z")]
    assert svc.week is not None and svc.week.start == MONDAY and svc.week.error == ""
    monday = svc.week.days[0]
    assert [(p.id, p.pending) for p in monday.punches] == [("a", False), ("b", True)]
    assert monday.punches[0].occurred_at.utcoffset() == timedelta(hours=1)
    assert svc.week.pending == 1


def test_without_the_server_the_local_punches_are_shown_and_it_is_said() -> None:
    server = Server([])
    server.down = True
    tasks = Tasks()
    local = Local([PunchRecord("b", PunchKind.CLOCK_IN, at(26, 8), 1)])
    svc = TimesheetService(server, local, tasks, lambda: NOW, PARIS)
    svc.load()
    tasks.flush()
    assert svc.week is not None and svc.week.error == "api_unavailable"
    assert [p.id for p in svc.week.days[3].punches] == ["b"] and svc.week.pending == 1


def test_a_late_answer_for_another_week_is_dropped() -> None:
    server = Server([server_row("old", "clock_in", at(16, 8))])
    tasks = Tasks()
    svc = TimesheetService(server, Local([]), tasks, lambda: NOW, PARIS)
    svc.load(1)
    svc.load(0)  # the operator came back before the first answer
    tasks.flush()
    assert svc.weeks_back == 0
    assert svc.week is not None and svc.week.start == MONDAY
    assert len(server.asked) == 1  # the stale chain stopped after its local read
