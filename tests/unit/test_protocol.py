import json

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.errors import ProtocolError
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import EngineSettings, SipAccount, SrtpPolicy, Transport
from homeagent.sip import protocol


def test_commands_round_trip_with_nested_and_enum_fields() -> None:
    acc = SipAccount(
        "agent", "example.com", "pw", transport=Transport.TLS, srtp=SrtpPolicy.MANDATORY
    )
    for cmd in (
        m.Configure(EngineSettings(stun_servers=("stun.example.com",))),
        m.AddAccount("a", acc),
        m.MakeCall("c1", "a", "sip:1@x"),
        m.Hangup("c1", 486),
        m.SendDtmf("c1", "12#"),
        m.Shutdown(),
    ):
        assert protocol.decode_command(protocol.encode(cmd)) == cmd


def test_events_round_trip() -> None:
    for event in (
        m.EngineReady("2.15", 1, True, True, ("G722/16000/1",), {"udp": 5060}),
        m.RegistrationChanged("a", RegState.FAILED, 403, "Forbidden", RegFailure.AUTH),
        m.CallStateChanged("c", CallState.ACTIVE, 200, "OK"),
        m.CallStats("c", 1.5, 0.0, 20.0, 4.4, "PCMA", 10, 11),
    ):
        assert protocol.decode_event(protocol.encode(event)) == event


def test_password_is_not_in_repr_but_crosses_the_pipe() -> None:
    cmd = m.AddAccount("a", SipAccount("agent", "example.com", "hunter2-secret"))
    assert "hunter2" not in repr(cmd)
    assert protocol.decode_command(protocol.encode(cmd)).account.password == "hunter2-secret"


@pytest.mark.parametrize(
    "line",
    [
        b"not json",
        b"[]",
        b'{"v": 99, "t": "Ping", "d": {"token": 1}}',
        b'{"v": 1, "t": "os.system", "d": {}}',
        b'{"v": 1, "t": "Ping", "d": {}}',
        b'{"v": 1, "t": "Ping", "d": {"token": "1"}}',
        b'{"v": 1, "t": "Ping", "d": {"token": true}}',
        b'{"v": 1, "t": "Hangup", "d": {"call_id": 5}}',
        b'{"v": 1, "t": "AddAccount", "d": {"account_id": "a", "account": 3}}',
        b'{"v": 1, "t": "AddAccount", "d": {"account_id": "a", "account": {"username": "u",'
        b' "domain": "d", "password": "p", "transport": "carrier-pigeon"}}}',
        b"\xff\xfe",
    ],
)
def test_malformed_messages_are_protocol_errors(line: bytes) -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_command(line)


def test_oversized_message_refused() -> None:
    line = json.dumps({"v": 1, "t": "Ping", "d": {"token": 1}, "pad": "x" * (2 << 20)})
    with pytest.raises(ProtocolError, match="too large"):
        protocol.decode_command(line.encode())


def test_events_are_not_commands() -> None:
    with pytest.raises(ProtocolError):
        protocol.decode_command(protocol.encode(m.Pong(1)))
