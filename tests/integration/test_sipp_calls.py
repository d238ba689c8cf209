"""Calls between the engine (registered at Kamailio) and SIPp peers playing customers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, EndReason
from homeagent.domain.registration import RegState
from homeagent.domain.sip_account import SipAccount
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig import fixtures
from tests.integration.rig.garbage import GARBAGE, send_garbage
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.sipp import SippProcess, scenario_path

pytestmark = pytest.mark.timeout(90)
kamailio = fixtures.kamailio
sipp_peers = fixtures.sipp_peers
Peers = Callable[..., SippProcess]


@pytest.fixture
def agent(kamailio: Kamailio) -> Iterator[EngineUnderTest]:
    engine = EngineUnderTest(LOOPBACK)
    engine.start()
    engine.send(
        m.AddAccount(
            "op", SipAccount("agent", f"127.0.0.1:{kamailio.udp_port}", fixtures.KAMAILIO_PASSWORD)
        )
    )
    engine.wait(m.RegistrationChanged, lambda e: e.state is RegState.REGISTERED)
    yield engine
    engine.stop()


def customer_calls(peers: Peers, kam: Kamailio, scenario: str, **kw: Any) -> SippProcess:
    return peers(
        scenario_path(scenario),
        f"127.0.0.1:{kam.udp_port}",
        service="agent",
        timeout_s=kw.pop("timeout_s", 20),
        **kw,
    )


def events(result: Any, name: str) -> list[dict[str, str]]:
    return [e for e in result.events() if e["event"] == name]


def test_customer_calls_agent_answers_customer_hangs_up(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    sipp = customer_calls(
        sipp_peers,
        kamailio,
        "uac_caller_hangs_up",
        variables={"talk_ms": "1500", "caller": "+33612345678", "caller_name": "Camille"},
    )
    incoming = agent.wait(m.IncomingCall)
    assert incoming.remote_number == "+33612345678"
    assert incoming.display_name == "Camille"
    agent.send(m.Answer(incoming.call_id))
    agent.wait_state(incoming.call_id, CallState.ACTIVE)
    ended = agent.wait_state(incoming.call_id, CallState.ENDED)
    result = sipp.wait(15)
    assert result.ok, result.describe()
    assert ended.code == 200
    assert [x.status for x in result.received() if x.status][-1] == 200  # BYE answered


def test_agent_holds_resumes_sends_info_dtmf_and_hangs_up(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    sipp = customer_calls(sipp_peers, kamailio, "uac_agent_hangs_up")
    incoming = agent.wait(m.IncomingCall)
    agent.send(m.Answer(incoming.call_id))
    agent.wait_state(incoming.call_id, CallState.ACTIVE)
    agent.wait(m.CallMediaChanged)
    agent.forget()
    agent.send(m.Hold(incoming.call_id))
    agent.wait(m.CallMediaChanged, lambda e: e.local_hold)
    agent.send(m.Resume(incoming.call_id))
    agent.wait(m.CallMediaChanged, lambda e: not e.local_hold)
    agent.send(m.SendDtmf(incoming.call_id, "5", method="info"))
    agent.drain(0.5)
    agent.send(m.Hangup(incoming.call_id))
    agent.wait_state(incoming.call_id, CallState.ENDED)
    result = sipp.wait(15)
    assert result.ok, result.describe()
    directions = [e["dir"] for e in events(result, "reinvite")]
    assert directions[:2] == ["sendonly", "sendrecv"]
    assert [e["signal"] for e in events(result, "info")] == ["5"]
    assert events(result, "bye")


def test_agent_calls_out_and_the_customer_answers(
    agent: EngineUnderTest, sipp_peers: Peers
) -> None:
    uas = sipp_peers(scenario_path("uas_answer"), None, timeout_s=20)
    agent.send(m.MakeCall("out1", "op", f"sip:0123456789@127.0.0.1:{uas.local_port}"))
    agent.wait_state("out1", CallState.RINGING)
    agent.wait_state("out1", CallState.ACTIVE)
    media = agent.wait(m.CallMediaChanged, lambda e: e.call_id == "out1")
    assert media.codec == "PCMA"  # the only codec SIPp offered back
    agent.send(m.SendDtmf("out1", "7", method="info"))
    agent.drain(0.3)
    agent.send(m.Hangup("out1"))
    agent.wait_state("out1", CallState.ENDED)
    result = uas.wait(10)
    assert result.ok, result.describe()
    assert [e["signal"] for e in events(result, "info")] == ["7"]


def test_customer_hangs_up_while_ringing(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    sipp = customer_calls(sipp_peers, kamailio, "uac_cancel_while_ringing")
    incoming = agent.wait(m.IncomingCall)
    ended = agent.wait_state(incoming.call_id, CallState.ENDED)
    assert ended.code == 487  # Request Terminated: a missed call, not a failure
    result = sipp.wait(10)
    assert result.ok, result.describe()


def test_agent_rejects_busy(agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers) -> None:
    sipp = customer_calls(sipp_peers, kamailio, "uac_rejected")
    incoming = agent.wait(m.IncomingCall)
    agent.send(m.Hangup(incoming.call_id, 486))
    agent.wait_state(incoming.call_id, CallState.ENDED)
    result = sipp.wait(10)
    assert result.ok, result.describe()
    assert events(result, "final")[0]["code"] == "486"


def test_outgoing_call_to_a_busy_customer(agent: EngineUnderTest, sipp_peers: Peers) -> None:
    uas = sipp_peers(scenario_path("uas_busy"), None, timeout_s=10)
    agent.send(m.MakeCall("out1", "op", f"sip:0123456789@127.0.0.1:{uas.local_port}"))
    ended = agent.wait_state("out1", CallState.ENDED)
    assert ended.code == 486
    assert uas.wait(10).ok


def test_blind_transfer_by_refer(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    sipp = customer_calls(sipp_peers, kamailio, "uac_refer")
    incoming = agent.wait(m.IncomingCall)
    agent.send(m.Answer(incoming.call_id))
    agent.wait_state(incoming.call_id, CallState.ACTIVE)
    agent.send(m.BlindTransfer(incoming.call_id, "sip:supervisor@127.0.0.1"))
    final = agent.wait(m.TransferProgress, lambda e: e.final)
    assert final.code == 200
    ended = agent.wait_state(incoming.call_id, CallState.ENDED)
    assert ended.reason == EndReason.TRANSFERRED
    result = sipp.wait(15)
    assert result.ok, result.describe()
    assert events(result, "refer")[0]["refer_to"].strip("<>") == "sip:supervisor@127.0.0.1"


def test_second_call_while_on_one(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    first = customer_calls(
        sipp_peers, kamailio, "uac_agent_hangs_up", variables={"caller": "+33611111111"}
    )
    call1 = agent.wait(m.IncomingCall)
    agent.send(m.Answer(call1.call_id))
    agent.wait_state(call1.call_id, CallState.ACTIVE)
    second = customer_calls(
        sipp_peers, kamailio, "uac_agent_hangs_up", variables={"caller": "+33622222222"}
    )
    call2 = agent.wait(m.IncomingCall)
    assert call2.remote_number == "+33622222222"
    agent.send(m.Hold(call1.call_id))  # call waiting: the first caller is put on hold
    agent.wait(m.CallMediaChanged, lambda e: e.call_id == call1.call_id and e.local_hold)
    agent.send(m.Answer(call2.call_id))
    agent.wait_state(call2.call_id, CallState.ACTIVE)
    agent.send(m.Hangup(call2.call_id))
    agent.wait_state(call2.call_id, CallState.ENDED)
    agent.forget()  # the media events of the call's start must not answer the next wait
    agent.send(m.Resume(call1.call_id))  # back to the first caller
    agent.wait(m.CallMediaChanged, lambda e: e.call_id == call1.call_id and not e.local_hold)
    agent.send(m.Hangup(call1.call_id))
    agent.wait_state(call1.call_id, CallState.ENDED)
    r1, r2 = first.wait(10), second.wait(10)
    assert r1.ok and r2.ok, r1.describe() + r2.describe()
    assert [e["dir"] for e in events(r1, "reinvite")][:2] == ["sendonly", "sendrecv"]


def test_malformed_messages_leave_the_engine_sane(
    agent: EngineUnderTest, kamailio: Kamailio, sipp_peers: Peers
) -> None:
    outcomes = send_garbage("127.0.0.1", agent.udp_port, names=list(GARBAGE))
    assert len(outcomes) == len(GARBAGE)
    agent.drain(0.5)
    assert not [e for e in agent.seen if isinstance(e, m.IncomingCall)]
    agent.send(m.Ping(42))
    assert agent.wait(m.Pong).token == 42
    # a broken-SDP INVITE must not leave a half call behind; a real call still works
    sipp = customer_calls(sipp_peers, kamailio, "uac_caller_hangs_up", variables={"talk_ms": "500"})
    incoming = agent.wait(m.IncomingCall)
    agent.send(m.Answer(incoming.call_id))
    agent.wait_state(incoming.call_id, CallState.ENDED)
    assert sipp.wait(10).ok


def test_wrong_number_is_a_clear_error(agent: EngineUnderTest, kamailio: Kamailio) -> None:
    agent.send(m.MakeCall("out1", "op", f"sip:nobody@127.0.0.1:{kamailio.udp_port}"))
    ended = agent.wait_state("out1", CallState.ENDED)
    assert ended.code == 404
