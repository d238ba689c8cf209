from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from homeagent.domain import sip_messages as m
from homeagent.domain.agent import AgentProfile, AgentState, Reason
from homeagent.domain.call import CallState
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.registration import RegState
from homeagent.domain.shift import PunchRecord, ShiftState
from homeagent.domain.sip_account import SipAccount
from homeagent.domain.status import Status
from homeagent.domain.work import PunchKind, StateChange
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.observable import Topic
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import ACCOUNT_ID, TelephonyService
from homeagent.services.workday import Workday, break_reasons, status_reasons
from tests.unit.fakes import FakeTimers, RecordingEngine

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


class Inline:
    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        result = fn()
        if on_done:
            on_done(result)


class Punches:
    def __init__(self) -> None:
        self.rows: list[PunchRecord] = []

    def record(self, kind: PunchKind, occurred_at: datetime, reason_code: str) -> PunchRecord:
        rec = PunchRecord(
            f"p{len(self.rows)}", kind, occurred_at, len(self.rows), None, reason_code
        )
        self.rows.append(rec)
        return rec

    def since(self, start: datetime) -> list[PunchRecord]:
        return list(self.rows)


class Sink:
    def __init__(self) -> None:
        self.changes: list[StateChange] = []

    def record(self, change: StateChange) -> None:
        self.changes.append(change)


class WrapUp:
    """A wrap-up that opens when a call ends, as the ticket form's does."""

    def __init__(self) -> None:
        self.active = False
        self.active_changed: Topic[bool] = Topic()

    def follow(self, telephony: TelephonyService) -> None:
        telephony.calls_changed.connect(self._on_call)

    def _on_call(self, call: Any) -> None:
        if call.state is CallState.ENDED:
            self.set(True)

    def set(self, active: bool) -> None:
        self.active = active
        self.active_changed.emit(active)


class Desk:
    def __init__(self) -> None:
        self.now = [T0]
        self.timers = FakeTimers()
        self.tel = TelephonyService(RecordingEngine(), self.timers, DialPlan())
        self.tel.on_engine_event(m.EngineReady("2.15", 1, False, True, ()))
        self.tel.sign_in(SipAccount("agent", "pbx", "pw"))
        self.tel.on_engine_event(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200))
        self.punches = Punches()
        self.shift = ShiftService(self.punches, Inline(), lambda: self.now[0], lambda: T0)
        self.sink = Sink()
        self.status = AgentStatusService(self.tel, self.sink, Inline(), lambda: self.now[0])
        self.wrap_up = WrapUp()
        self.workday = Workday(self.shift, self.status, self.tel, self.timers, self.wrap_up)
        # subscribed after the workday: it hears of a hang-up after the workday does
        self.wrap_up.follow(self.tel)

    def call(self, call_id: str, state: CallState) -> None:
        if call_id not in self.tel.calls:
            self.tel.on_engine_event(m.IncomingCall(call_id, ACCOUNT_ID, "<sip:1@x>", "1", ""))
        self.tel.on_engine_event(m.CallStateChanged(call_id, state, 200))


def test_the_status_follows_the_shift() -> None:
    d = Desk()
    assert d.status.status.state is AgentState.OFFLINE
    d.workday.punch(PunchKind.CLOCK_IN)
    assert d.status.status == Status(AgentState.NOT_READY)  # until the operator says so
    d.status.choose(AgentState.AVAILABLE)
    assert d.tel.accepting_calls
    d.workday.punch(PunchKind.BREAK_START, "lunch")
    assert d.status.status == Status(AgentState.NOT_READY, "break")
    assert not d.tel.accepting_calls
    d.workday.punch(PunchKind.BREAK_END)
    assert d.status.status.state is AgentState.AVAILABLE
    d.workday.punch(PunchKind.CLOCK_OUT)
    assert d.status.status.state is AgentState.OFFLINE
    assert [r.kind for r in d.punches.rows][-1] is PunchKind.CLOCK_OUT


def test_clock_out_waits_for_the_call_and_its_wrap_up() -> None:
    d = Desk()
    d.workday.punch(PunchKind.CLOCK_IN)
    d.status.choose(AgentState.AVAILABLE)
    d.call("c1", CallState.ACTIVE)
    assert d.workday.calls_busy
    d.workday.punch(PunchKind.CLOCK_OUT)
    assert d.shift.clock_out_pending and d.shift.state is ShiftState.WORKING
    d.call("c1", CallState.ENDED)  # the wrap-up opens on the same event, after the workday
    d.timers.advance(0)
    assert d.shift.state is ShiftState.WORKING, "clocked out before the wrap-up"
    assert d.status.status.state is AgentState.WRAP_UP
    d.now[0] = T0 + timedelta(hours=8)
    d.wrap_up.set(False)
    d.timers.advance(0)
    assert d.shift.state is ShiftState.OFF and not d.shift.clock_out_pending
    assert d.punches.rows[-1].occurred_at == d.now[0]  # the time the work really ended
    assert d.status.status.state is AgentState.OFFLINE


def test_clock_out_while_idle_is_at_once() -> None:
    d = Desk()
    d.workday.punch(PunchKind.CLOCK_IN)
    d.workday.punch(PunchKind.CLOCK_OUT)
    assert d.shift.state is ShiftState.OFF
    assert d.timers.pending == []


def test_no_pending_clock_out_no_punch_when_calls_end() -> None:
    d = Desk()
    d.workday.punch(PunchKind.CLOCK_IN)
    d.status.choose(AgentState.AVAILABLE)
    d.call("c1", CallState.ACTIVE)
    d.call("c1", CallState.ENDED)
    d.wrap_up.set(False)
    d.timers.advance(0)
    assert d.shift.state is ShiftState.WORKING and len(d.punches.rows) == 1


def test_reasons_split_into_breaks_and_not_ready() -> None:
    profile = AgentProfile(
        "a1",
        "Agent",
        not_ready_reasons=(
            Reason("training", "Training"),
            Reason("lunch", "Lunch"),
            Reason("break", "Break"),
            Reason("admin", "Paperwork"),
        ),
    )
    assert [r.code for r in break_reasons(profile)] == ["break", "lunch"]
    assert [r.code for r in status_reasons(profile)] == ["training", "admin"]
    assert break_reasons(None) == () and status_reasons(None) == ()
