from datetime import UTC, datetime, timedelta

from homeagent.domain.errors import StorageError
from homeagent.domain.shift import PunchRecord, ShiftState
from homeagent.domain.work import PunchKind
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import Notice
from tests.unit.fakes import QueuedTasks as Tasks

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


class Punches:
    def __init__(self) -> None:
        self.rows: list[PunchRecord] = []
        self.fail = False

    def record(self, kind: PunchKind, occurred_at: datetime, reason_code: str) -> PunchRecord:
        if self.fail:
            raise StorageError("database or disk is full")
        rec = PunchRecord(
            f"p{len(self.rows) + 1}", kind, occurred_at, len(self.rows) + 1, reason_code=reason_code
        )
        self.rows.append(rec)
        return rec

    def since(self, start: datetime) -> list[PunchRecord]:
        return [r for r in self.rows if r.occurred_at >= start]


def make(now: list[datetime]) -> tuple[ShiftService, Punches, Tasks, list[Notice]]:
    punches, tasks = Punches(), Tasks()
    svc = ShiftService(punches, tasks, lambda: now[0], lambda: now[0].replace(hour=0, minute=0))
    notices: list[Notice] = []
    svc.notices.connect(notices.append)
    return svc, punches, tasks, notices


def test_a_double_click_makes_one_punch() -> None:
    now = [T0]
    svc, punches, tasks, _ = make(now)
    svc.punch(PunchKind.CLOCK_IN)
    assert svc.saving and not svc.can(PunchKind.CLOCK_IN)
    svc.punch(PunchKind.CLOCK_IN)  # the second click while the first is being written
    tasks.flush()
    assert len(punches.rows) == 1 and svc.state is ShiftState.WORKING
    svc.punch(PunchKind.CLOCK_IN)  # and once saved, clocking in again is not allowed
    assert len(tasks.queued) == 0


def test_clock_out_waits_for_the_call() -> None:
    now = [T0]
    svc, punches, tasks, notices = make(now)
    svc.punch(PunchKind.CLOCK_IN)
    tasks.flush()
    svc.punch(PunchKind.CLOCK_OUT, calls_busy=True)
    tasks.flush()
    assert svc.state is ShiftState.WORKING and svc.clock_out_pending
    assert notices[-1].code == "clock_out_after_call"
    now[0] = T0 + timedelta(hours=8)
    svc.calls_idle()
    tasks.flush()
    assert svc.state is ShiftState.OFF
    assert punches.rows[-1].occurred_at == now[0]


def test_a_failed_write_is_said_and_nothing_is_claimed() -> None:
    now = [T0]
    svc, punches, tasks, notices = make(now)
    punches.fail = True
    svc.punch(PunchKind.CLOCK_IN)
    tasks.flush()
    assert svc.records == [] and not svc.saving
    assert notices[-1].code == "punch_not_saved" and "full" in notices[-1].detail


def test_forgotten_clock_out_is_surfaced_at_start() -> None:
    now = [T0 + timedelta(days=1)]
    svc, punches, tasks, notices = make(now)
    punches.rows.append(PunchRecord("p1", PunchKind.CLOCK_IN, T0, 1))
    svc.load(T0 - timedelta(days=7))
    tasks.flush()
    assert notices and notices[0].code == "forgotten_clock_out"
    assert svc.state is ShiftState.WORKING
    assert svc.totals().worked_s == 0  # yesterday's open shift is not today's time


def test_receipts_arrive_later() -> None:
    now = [T0]
    svc, punches, tasks, _ = make(now)
    svc.punch(PunchKind.CLOCK_IN)
    tasks.flush()
    assert not svc.records[0].acknowledged
    punches.rows[0] = PunchRecord(
        "p1", PunchKind.CLOCK_IN, T0, 1, received_at=T0 + timedelta(seconds=1)
    )
    svc.refresh_receipts()
    tasks.flush()
    assert svc.records[0].acknowledged
