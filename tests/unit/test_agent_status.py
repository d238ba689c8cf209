from datetime import UTC, datetime
from typing import Any

from homeagent.domain import sip_messages as m
from homeagent.domain.agent import AgentState
from homeagent.domain.call import CallState
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.shift import ShiftState
from homeagent.domain.sip_account import SipAccount
from homeagent.domain.status import Status, StatusInputs, derive
from homeagent.domain.work import StateChange
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.telephony import ACCOUNT_ID, TelephonyService
from tests.unit.fakes import FakeTimers, RecordingEngine

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def test_derivation_precedence() -> None:
    working = StatusInputs(ShiftState.WORKING, chosen=AgentState.AVAILABLE)
    assert derive(working) == Status(AgentState.AVAILABLE)
    assert derive(StatusInputs(ShiftState.OFF, on_call=True)).state is AgentState.OFFLINE
    assert (
        derive(StatusInputs(ShiftState.WORKING, on_call=True, fault="x")).state
        is AgentState.ON_CALL
    )
    assert derive(StatusInputs(ShiftState.WORKING, wrap_up=True)).state is AgentState.WRAP_UP
    tech = derive(
        StatusInputs(ShiftState.WORKING, fault="engine_down", chosen=AgentState.AVAILABLE)
    )
    assert tech == Status(AgentState.NOT_READY, "tech:engine_down") and not tech.takes_calls
    assert derive(StatusInputs(ShiftState.ON_BREAK, chosen=AgentState.AVAILABLE)) == Status(
        AgentState.NOT_READY, "break"
    )


class Sink:
    def __init__(self) -> None:
        self.changes: list[StateChange] = []

    def record(self, change: StateChange) -> None:
        self.changes.append(change)


class Now:
    def run(self, fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        result = fn()
        if on_done:
            on_done(result)


def test_status_follows_shift_calls_and_faults() -> None:
    engine = RecordingEngine()
    tel = TelephonyService(engine, FakeTimers(), DialPlan())
    sink = Sink()
    svc = AgentStatusService(tel, sink, Now(), lambda: NOW)
    assert svc.status.state is AgentState.OFFLINE and not tel.accepting_calls
    tel.on_engine_event(m.EngineReady("2.15", 1, False, True, ()))
    tel.sign_in(SipAccount("agent", "pbx", "pw"))
    tel.on_engine_event(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200))
    svc.set_shift(ShiftState.WORKING)
    svc.choose(AgentState.AVAILABLE)
    assert svc.status.state is AgentState.AVAILABLE and tel.accepting_calls
    tel.on_engine_event(m.IncomingCall("in-1", ACCOUNT_ID, "<sip:1@x>", "1", ""))
    tel.answer("in-1")
    tel.on_engine_event(m.CallStateChanged("in-1", CallState.ACTIVE, 200))
    assert svc.status.state is AgentState.ON_CALL
    svc.set_wrap_up(True)
    tel.on_engine_event(m.CallStateChanged("in-1", CallState.ENDED, 200))
    assert svc.status.state is AgentState.WRAP_UP and not tel.accepting_calls
    svc.set_wrap_up(False)
    assert svc.status.state is AgentState.AVAILABLE
    tel.on_engine_event(
        m.RegistrationChanged(ACCOUNT_ID, RegState.FAILED, 408, "Timeout", RegFailure.TIMEOUT)
    )
    assert svc.status == Status(AgentState.NOT_READY, "tech:not_registered")
    tel.on_engine_event(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200))
    assert svc.status.state is AgentState.AVAILABLE  # recovers when the fault clears
    states = [c.state for c in sink.changes]
    assert states == [
        AgentState.NOT_READY,
        AgentState.AVAILABLE,
        AgentState.ON_CALL,
        AgentState.WRAP_UP,
        AgentState.AVAILABLE,
        AgentState.NOT_READY,
        AgentState.AVAILABLE,
    ]
    assert len({c.id for c in sink.changes}) == len(sink.changes)
