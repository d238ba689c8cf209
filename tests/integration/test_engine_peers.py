"""The engine against second (and third) pjsua2 processes: media, DTMF, hold, SRTP, transfer."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, EndReason
from homeagent.domain.sip_account import SrtpPolicy
from tests.integration.engines import LOOPBACK, EngineUnderTest, engines


def _connect(agent: EngineUnderTest, peer: EngineUnderTest, call_id: str = "c1") -> str:
    """Agent calls peer, peer answers; returns the peer's call id."""
    agent.send(m.MakeCall(call_id, "acc", peer.uri("peer")))
    incoming = peer.wait(m.IncomingCall)
    peer.send(m.Answer(incoming.call_id))
    agent.wait_state(call_id, CallState.ACTIVE)
    peer.wait_state(incoming.call_id, CallState.ACTIVE)
    return incoming.call_id


def test_call_answer_dtmf_hold_and_hangup() -> None:
    with engines(2) as (agent, peer):
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        peer_call = _connect(agent, peer)
        media = agent.wait(m.CallMediaChanged, lambda e: e.call_id == "c1")
        assert media.codec == "G722"  # our codec order won over speex

        agent.send(m.SendDtmf("c1", "1*9#"))
        digits = [peer.wait(m.DtmfReceived).digit for _ in range(4)]
        assert digits == ["1", "*", "9", "#"]

        agent.send(m.Hold("c1"))
        assert agent.wait(m.CallMediaChanged, lambda e: e.local_hold).call_id == "c1"
        assert peer.wait(m.CallMediaChanged, lambda e: e.remote_hold).call_id == peer_call
        agent.send(m.Resume("c1"))
        agent.wait(m.CallMediaChanged, lambda e: not e.local_hold)
        peer.wait(m.CallMediaChanged, lambda e: not e.remote_hold)

        stats = agent.wait(m.CallStats, lambda e: e.rx_packets > 0)
        assert stats.mos > 4.0 and stats.loss_pct == 0

        peer.send(m.Hangup(peer_call))
        ended = agent.wait_state("c1", CallState.ENDED)
        assert ended.code == 200


def test_dtmf_by_sip_info() -> None:
    with engines(2) as (agent, peer):
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        _connect(agent, peer)
        agent.send(m.SendDtmf("c1", "5", method="info"))
        got = peer.wait(m.DtmfReceived)
        assert (got.digit, got.method) == ("5", "info")


def test_srtp_mandatory_both_sides_is_encrypted() -> None:
    with engines(2) as (agent, peer):
        agent.add_local_account("agent", srtp=SrtpPolicy.MANDATORY)
        peer.add_local_account("peer", srtp=SrtpPolicy.OPTIONAL)
        _connect(agent, peer)
        media = agent.wait(m.CallMediaChanged, lambda e: e.call_id == "c1")
        assert media.srtp


def test_srtp_mandatory_refuses_a_peer_without_srtp() -> None:
    with engines(2) as (agent, peer):
        agent.add_local_account("agent", srtp=SrtpPolicy.MANDATORY)
        peer.add_local_account("peer", srtp=SrtpPolicy.OFF)
        agent.send(m.MakeCall("c1", "acc", peer.uri("peer")))
        ended = agent.wait_state("c1", CallState.ENDED)
        assert ended.code in (488, 406)  # Not Acceptable Here: no common (secure) media


def test_attended_transfer_with_replaces() -> None:
    """Agent talks to a customer, consults a supervisor, then joins them and drops out."""
    with engines(3) as (agent, customer, supervisor):
        agent.add_local_account("agent")
        customer.add_local_account("customer")
        supervisor.add_local_account("supervisor")
        cust_call = _connect(agent, customer, "c1")
        agent.send(m.Hold("c1"))
        agent.wait(m.CallMediaChanged, lambda e: e.call_id == "c1" and e.local_hold)
        sup_call = _connect(agent, supervisor, "c2")

        agent.send(m.AttendedTransfer("c1", "c2"))
        # the customer is told to call the supervisor with Replaces: a new call on each side
        new_on_customer = customer.wait(
            m.CallStateChanged, lambda e: e.reason.startswith("referred:"), timeout=10
        )
        replacing = supervisor.wait(m.IncomingCall, lambda e: e.replaces_call_id == sup_call)
        customer.wait_state(new_on_customer.call_id, CallState.ACTIVE)
        supervisor.wait_state(replacing.call_id, CallState.ACTIVE)
        # and the agent's two legs are gone
        ended_1 = agent.wait_state("c1", CallState.ENDED, timeout=10)
        agent.wait_state("c2", CallState.ENDED, timeout=10)
        assert ended_1.reason == EndReason.TRANSFERRED or ended_1.code in (200, 0)
        customer.wait_state(cust_call, CallState.ENDED)


def test_peer_killed_mid_call_ends_by_media_timeout_and_next_call_works() -> None:
    settings = replace(LOOPBACK, media_timeout_s=2.0)
    agent = EngineUnderTest(settings)
    peer = EngineUnderTest(settings)
    other = EngineUnderTest(settings)
    try:
        for e in (agent, peer, other):
            e.start()
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        other.add_local_account("peer")
        _connect(agent, peer)
        agent.wait(m.CallStats, lambda e: e.rx_packets > 10)
        pid = peer.client.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        ended = agent.wait_state("c1", CallState.ENDED, timeout=10)
        assert ended.reason == EndReason.MEDIA_TIMEOUT
        _connect(agent, other, "c2")  # the agent can take the next call
    finally:
        for e in (agent, peer, other):
            e.stop()


def test_engine_killed_is_reported_restarted_and_reconfigured() -> None:
    agent = EngineUnderTest(LOOPBACK, restart=True)
    try:
        first = agent.start()
        agent.add_local_account("agent")
        os.kill(first.pid, signal.SIGKILL)
        t0 = time.monotonic()
        stopped = agent.wait(m.EngineStopped, timeout=2)
        noticed = time.monotonic() - t0
        assert not stopped.expected and stopped.restarting
        assert noticed < 1.0  # the GUI can show it within a second
        second = agent.wait(m.EngineReady, timeout=10)
        assert second.pid != first.pid
        assert agent.client.starts == 2
    finally:
        assert agent.stop() == 0


def test_shutdown_mid_call_is_orderly() -> None:
    with engines(2) as (agent, peer):
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        peer_call = _connect(agent, peer)
        assert agent.stop() == 0  # no abort (exit code 134) from the wheel's assertions
        ended = peer.wait_state(peer_call, CallState.ENDED)
        assert ended.code == 200


def test_unknown_call_and_bad_uri_are_clear_errors() -> None:
    with engines(1) as (agent,):
        agent.add_local_account("agent")
        agent.send(m.Hangup("nope"))
        failed = agent.wait(m.CommandFailed)
        assert (failed.command, failed.code) == ("Hangup", "unknown_call")
        agent.send(m.MakeCall("c1", "acc", "not a uri"))
        failed = agent.wait(m.CommandFailed, lambda e: e.command == "MakeCall")
        assert failed.code == "sip_error" and failed.call_id == "c1"
        agent.send(m.Ping(7))
        assert agent.wait(m.Pong).token == 7  # still alive


def test_one_account_too_many_is_refused_not_fatal() -> None:
    from homeagent.domain.sip_account import SipAccount

    engine = EngineUnderTest(LOOPBACK)
    engine.start()
    try:
        for i in range(8):
            engine.send(m.AddAccount(f"a{i}", SipAccount(f"u{i}", "127.0.0.1", "", register=False)))
            engine.wait(m.AccountAdded, lambda e, i=i: e.account_id == f"a{i}")
        engine.send(m.AddAccount("a8", SipAccount("u8", "127.0.0.1", "", register=False)))
        failed = engine.wait(m.CommandFailed)
        assert (failed.command, failed.code) == ("AddAccount", "too_many_accounts")
        engine.send(m.RemoveAccount("a0"))  # the engine lives on and takes commands
        engine.send(m.AddAccount("a8", SipAccount("u8", "127.0.0.1", "", register=False)))
        engine.wait(m.AccountAdded, lambda e: e.account_id == "a8")
    finally:
        assert engine.stop() == 0
