"""HistoryService with a real TelephonyService, a fake store and tasks run when told."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, Direction
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.errors import StorageError
from homeagent.domain.history import CallRecord, merge
from homeagent.domain.registration import RegState
from homeagent.domain.sip_account import SipAccount
from homeagent.services.history import DayRecords, HistoryResults, HistoryService
from homeagent.services.telephony import ACCOUNT_ID, Notice, TelephonyService
from tests.unit.fakes import FakeTimers, RecordingEngine

WALL0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


class Tasks:
    """Runs nothing until told, so a test can reorder or interleave completions."""

    def __init__(self) -> None:
        self.queued: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        self.queued.append((fn, on_done, on_error))

    def step(self, index: int = 0) -> None:
        fn, done, error = self.queued.pop(index)
        try:
            result = fn()
        except Exception as exc:
            if error:
                error(exc)
            return
        if done:
            done(result)

    def flush(self) -> None:
        while self.queued:
            self.step()


class Store:
    """A HistoryPort in memory with the store's merge rule; remembers every write."""

    def __init__(self) -> None:
        self.rows: dict[str, CallRecord] = {}
        self.writes: list[CallRecord] = []
        self.fail = False

    def upsert(self, record: CallRecord) -> None:
        if self.fail:
            raise StorageError("disk full")
        self.writes.append(record)
        old = self.rows.get(record.call_id)
        self.rows[record.call_id] = record if old is None else merge(old, record)

    def recent(self, agent: str, limit: int) -> list[CallRecord]:
        mine = [r for r in self.rows.values() if r.agent == agent]
        return sorted(mine, key=lambda r: r.started_at, reverse=True)[:limit]

    def search(self, agent: str, text: str, limit: int) -> list[CallRecord]:
        return [r for r in self.recent(agent, 10**9) if text in r.remote_number][:limit]

    def day(self, agent: str, start: datetime, end: datetime) -> list[CallRecord]:
        return [r for r in self.recent(agent, 10**9) if start <= r.started_at < end][::-1]

    def purge_older_than(self, days: float, now: datetime | None = None) -> int:
        return 0


@dataclass
class Rig:
    svc: HistoryService
    tel: TelephonyService
    engine: RecordingEngine
    timers: FakeTimers
    store: Store
    tasks: Tasks
    wall: list[datetime]
    notices: list[Notice] = field(default_factory=list)

    def advance(self, seconds: float) -> None:
        self.timers.advance(seconds)
        self.wall[0] += timedelta(seconds=seconds)

    def ring(self, call_id: str = "in-1", number: str = "+33612345678", name: str = "") -> None:
        self.tel.on_engine_event(
            m.IncomingCall(call_id, ACCOUNT_ID, f"<sip:{number}@x>", number, name)
        )

    def state(self, call_id: str, state: CallState, code: int = 200) -> None:
        self.tel.on_engine_event(m.CallStateChanged(call_id, state, code))


@pytest.fixture
def rig() -> Rig:
    engine, timers = RecordingEngine(), FakeTimers()
    tel = TelephonyService(engine, timers, DialPlan(country="FR"))
    tel.sign_in(SipAccount("agent", "pbx.example.com", "pw"))
    tel.on_engine_event(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200))
    engine.sent.clear()
    store, tasks, wall = Store(), Tasks(), [WALL0]
    svc = HistoryService(store, tasks, tel, timers, lambda: wall[0])
    svc.set_agent("alice")
    r = Rig(svc, tel, engine, timers, store, tasks, wall)
    svc.notices.connect(r.notices.append)
    return r


def test_a_call_is_written_at_ring_answer_and_end(rig: Rig) -> None:
    saved: list[CallRecord] = []
    rig.svc.saved.connect(saved.append)
    rig.ring(name="Ana")
    rig.tasks.flush()
    rig.advance(4)
    rig.tel.answer("in-1")
    rig.state("in-1", CallState.ACTIVE)
    rig.tel.on_engine_event(m.CallMediaChanged("in-1", True, False, False, "PCMA"))  # no write
    rig.tel.on_engine_event(m.CallStats("in-1", 1.0, 0.0, 20.0, 4.3, "PCMA", 100, 100))  # no write
    rig.tasks.flush()
    rig.advance(60)
    rig.state("in-1", CallState.ENDED)
    rig.tasks.flush()
    assert [(w.answered_at is not None, w.ended_at is not None) for w in rig.store.writes] == [
        (False, False),
        (True, False),
        (True, True),
    ]
    [row] = rig.store.rows.values()
    assert row.agent == "alice" and row.direction is Direction.INBOUND
    assert (row.remote_number, row.remote_name) == ("+33612345678", "Ana")
    assert row.started_at == WALL0
    assert row.answered_at == WALL0 + timedelta(seconds=4)
    assert row.ended_at == WALL0 + timedelta(seconds=64)
    assert row.end_reason == "remote_hangup"
    assert saved[-1] == row


def test_writes_go_one_at_a_time_and_a_waiting_one_takes_the_newest_state(rig: Rig) -> None:
    rig.ring()
    rig.state("in-1", CallState.ACTIVE)
    rig.state("in-1", CallState.ENDED)
    assert len(rig.tasks.queued) == 1  # one write in flight; the others wait, merged
    rig.tasks.flush()
    assert len(rig.store.writes) == 2
    assert rig.store.writes[-1].ended_at is not None


def test_screen_pop_and_wrap_up_complete_the_record(rig: Rig) -> None:
    rig.ring()
    rig.svc.set_customer("in-1", "cus-7", "<b>Zoé</b>")
    rig.state("in-1", CallState.ACTIVE)
    rig.advance(30)
    rig.state("in-1", CallState.ENDED)
    rig.advance(45)
    rig.svc.wrap_up_done("in-1", "resolved", ["request", ""], ["t-1"])
    rig.tasks.flush()
    row = rig.store.rows["in-1"]
    assert (row.customer_id, row.remote_name) == ("cus-7", "<b>Zoé</b>")
    assert row.disposition == "resolved"
    assert (row.categories, row.ticket_ids) == (("request",), ("t-1",))
    assert row.wrap_up_seconds() == 45
    rig.svc.wrap_up_done("nope", "x", [], [])  # an unknown call: nothing written
    rig.svc.set_customer("nope", "c", "n")
    assert rig.tasks.queued == []


def test_an_outbound_call_and_redial(rig: Rig) -> None:
    call = rig.tel.dial("06 12 34 56 78")
    assert call is not None
    rig.state(call.call_id, CallState.RINGING, 180)  # not worth a write
    rig.state(call.call_id, CallState.ENDED, 486)
    rig.tasks.flush()
    assert len(rig.store.writes) == 2
    row = rig.store.rows[call.call_id]
    assert row.direction is Direction.OUTBOUND and row.end_reason == "busy"
    rig.engine.sent.clear()
    assert rig.svc.redial(row)
    [make] = rig.engine.of(m.MakeCall)
    assert make.target_uri == "sip:+33612345678@pbx.example.com"


def test_redial_a_sip_user_and_an_empty_number(rig: Rig) -> None:
    user = CallRecord("x", Direction.INBOUND, "bob", WALL0)
    assert rig.svc.redial(user)
    assert rig.engine.of(m.MakeCall)[-1].target_uri == "sip:bob@pbx.example.com"
    notices: list[Notice] = []
    rig.tel.notices.connect(notices.append)
    assert not rig.svc.redial(CallRecord("y", Direction.INBOUND, "", WALL0))
    assert notices and notices[0].code == "bad_number"


def test_search_results_arrive_and_stale_ones_are_dropped(rig: Rig) -> None:
    rig.store.upsert(CallRecord("a", Direction.INBOUND, "+33611111111", WALL0, agent="alice"))
    rig.store.upsert(CallRecord("b", Direction.INBOUND, "+33622222222", WALL0, agent="alice"))
    rig.store.upsert(CallRecord("c", Direction.INBOUND, "+33622222222", WALL0, agent="bob"))
    got: list[HistoryResults] = []
    busy: list[bool] = []
    rig.svc.results.connect(got.append)
    rig.svc.busy_changed.connect(busy.append)
    rig.svc.search("111")
    rig.svc.search("222")
    rig.tasks.step(1)  # the newer answers first
    rig.tasks.step(0)  # the older one is stale
    assert [(r.text, [x.call_id for x in r.records]) for r in got] == [("222", ["b"])]
    assert busy == [True, False]
    rig.svc.recent(limit=1)
    rig.tasks.flush()
    assert got[-1].text == "" and got[-1].truncated


def test_load_day_and_storage_failure(rig: Rig) -> None:
    rig.store.upsert(CallRecord("a", Direction.INBOUND, "1", WALL0, agent="alice"))
    days: list[DayRecords] = []
    rig.svc.day_loaded.connect(days.append)
    rig.svc.load_day(WALL0, WALL0 + timedelta(days=1))
    rig.tasks.flush()
    assert [r.call_id for r in days[0].records] == ["a"]
    rig.store.fail = True
    rig.ring("in-9")
    rig.tasks.flush()
    assert [n.code for n in rig.notices] == ["history_storage_failed"]
    rig.store.fail = False
    rig.state("in-9", CallState.ENDED, 487)  # the next write still goes
    rig.tasks.flush()
    assert rig.store.rows["in-9"].missed


def test_engine_lost_ends_live_calls_in_history(rig: Rig) -> None:
    rig.ring()
    rig.state("in-1", CallState.ACTIVE)
    rig.tel.on_engine_event(m.EngineStopped(False, "crash"))
    rig.tasks.flush()
    assert rig.store.rows["in-1"].end_reason == "engine_lost"
    rig.svc.close()
    rig.ring("in-2")
    assert "in-2" not in rig.store.rows and rig.tasks.queued == []
