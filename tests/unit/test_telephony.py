from __future__ import annotations

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, EndReason
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import SipAccount
from homeagent.services.telephony import ACCOUNT_ID, CallPolicy, Notice, TelephonyService
from tests.unit.fakes import FakeTimers, RecordingEngine

Rig = tuple[TelephonyService, RecordingEngine, FakeTimers, list[Notice]]


@pytest.fixture
def rig() -> Rig:
    engine, timers = RecordingEngine(), FakeTimers()
    svc = TelephonyService(engine, timers, DialPlan(country="FR"))
    notices: list[Notice] = []
    svc.notices.connect(notices.append)
    svc.sign_in(SipAccount("agent", "pbx.example.com", "pw"))
    svc.on_engine_event(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200))
    return svc, engine, timers, notices


def ring(svc: TelephonyService, call_id: str = "in-1") -> None:
    svc.on_engine_event(
        m.IncomingCall(call_id, ACCOUNT_ID, "<sip:0123456789@x>", "+33123456789", "")
    )


def connect(svc: TelephonyService, call_id: str) -> None:
    svc.on_engine_event(m.CallStateChanged(call_id, CallState.ACTIVE, 200))


def test_dial_normalises_with_the_account_domain(rig: Rig) -> None:
    svc, engine, _, _ = rig
    call = svc.dial("01 23 45 67 89")
    assert call is not None and call.remote_number == "+33123456789"
    (make,) = engine.of(m.MakeCall)
    assert make.target_uri == "sip:+33123456789@pbx.example.com"


def test_bad_number_is_a_notice_and_nothing_is_sent(rig: Rig) -> None:
    svc, engine, _, notices = rig
    assert svc.dial("hello") is None
    assert notices == [Notice("bad_number", "not_a_number")]
    assert not engine.of(m.MakeCall)


def test_answering_a_second_call_holds_the_first(rig: Rig) -> None:
    svc, engine, _, _ = rig
    ring(svc, "in-1")
    svc.answer("in-1")
    connect(svc, "in-1")
    ring(svc, "in-2")
    svc.answer("in-2")
    assert [c.call_id for c in engine.of(m.Hold)] == ["in-1"]
    assert [c.call_id for c in engine.of(m.Answer)] == ["in-1", "in-2"]
    svc.on_engine_event(m.CallMediaChanged("in-1", True, False, False))
    connect(svc, "in-2")
    svc.swap()  # resumes in-1, holding in-2
    assert [c.call_id for c in engine.of(m.Resume)] == ["in-1"]
    assert [c.call_id for c in engine.of(m.Hold)] == ["in-1", "in-2"]


def test_not_ready_rejects_with_480(rig: Rig) -> None:
    svc, engine, _, _ = rig
    svc.accepting_calls = False
    ring(svc)
    assert engine.of(m.Hangup) == [m.Hangup("in-1", 480)]


def test_auto_answer_after_delay_and_cancelled_by_hangup(rig: Rig) -> None:
    svc, engine, timers, _ = rig
    svc.policy = CallPolicy(auto_answer_after_s=3)
    ring(svc, "in-1")
    timers.advance(2.9)
    assert not engine.of(m.Answer)
    timers.advance(0.2)
    assert engine.of(m.Answer) == [m.Answer("in-1")]
    ring(svc, "in-2")  # a second call is never auto-answered over the first
    second = svc.calls["in-2"]
    svc.on_engine_event(m.CallStateChanged("in-2", CallState.ENDED, 487))
    timers.advance(10)
    assert engine.of(m.Answer) == [m.Answer("in-1")]
    assert second.end_reason is EndReason.CANCELLED
    assert "in-2" not in svc.calls  # ended calls are not kept in memory


def test_engine_crash_ends_calls_and_reports(rig: Rig) -> None:
    svc, _, _, notices = rig
    ring(svc)
    svc.answer("in-1")
    connect(svc, "in-1")
    call = svc.calls["in-1"]
    svc.on_engine_event(m.EngineStopped(False, -9, "boom", restarting=True))
    assert call.end_reason is EndReason.ENGINE_LOST
    assert svc.registration.state is RegState.FAILED
    assert notices[-1].code == "engine_crashed"
    svc.on_engine_event(m.EngineReady("2.15", 2, False, True, ()))
    assert svc.registration.state is RegState.REGISTERING


def test_failed_make_call_ends_the_call(rig: Rig) -> None:
    svc, _, _, notices = rig
    call = svc.dial("1234")
    assert call is not None
    svc.on_engine_event(m.CommandFailed("MakeCall", call.call_id, "sip_error", "bad uri"))
    assert call.state is CallState.ENDED and call.end_reason is EndReason.FAILED
    assert notices[-1].code == "command_failed:sip_error"


def test_registration_failure_is_published(rig: Rig) -> None:
    svc, _, _, _ = rig
    seen: list[m.RegistrationChanged] = []
    svc.registration_changed.connect(seen.append)
    svc.on_engine_event(
        m.RegistrationChanged(ACCOUNT_ID, RegState.FAILED, 403, "Forbidden", RegFailure.AUTH)
    )
    assert seen[-1].failure is RegFailure.AUTH


def test_too_many_calls(rig: Rig) -> None:
    svc, engine, _, notices = rig
    svc.dial("1001")
    svc.dial("1002")
    assert svc.dial("1003") is None
    assert notices[-1].code == "too_many_calls"
    assert len(engine.of(m.MakeCall)) == 2


def test_transferred_leg_created_by_engine(rig: Rig) -> None:
    svc, _, _, _ = rig
    svc.on_engine_event(m.CallStateChanged("xfer-1", CallState.DIALING, 0, "referred:in-1"))
    assert "xfer-1" in svc.calls


def test_network_monitor_reports_address_change_and_resume() -> None:
    from homeagent.services.network import NetworkMonitor

    timers = FakeTimers()
    addresses = {"a": frozenset({"192.168.1.10"})}
    wall = {"t": 1000.0}
    changes: list[str] = []
    mon = NetworkMonitor(
        lambda: addresses["a"], timers, changes.append, interval_s=3, wall_clock=lambda: wall["t"]
    )
    mon.start()
    wall["t"] += 3
    timers.advance(3)
    assert changes == []
    addresses["a"] = frozenset({"10.8.0.2", "192.168.1.10"})  # VPN came up
    wall["t"] += 3
    timers.advance(3)
    assert changes == ["addresses"]
    wall["t"] += 3600  # laptop lid closed for an hour
    timers.advance(3)
    assert changes == ["addresses", "resumed"]
    addresses["a"] = frozenset()  # no network at all: nothing to re-register with yet
    wall["t"] += 3
    timers.advance(3)
    assert changes == ["addresses", "resumed"]
    mon.stop()
    assert timers.pending == []
