"""Self-test of the real-peer rig: Kamailio, SIPp scenarios and the garbage sender (no agent)."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.rig import fixtures
from tests.integration.rig.garbage import GARBAGE, send_garbage
from tests.integration.rig.kamailio import Kamailio, sip_options_probe
from tests.integration.rig.ports import LOOPBACK
from tests.integration.rig.sipp import SippProcess, run_sipp, scenario_path

pytestmark = [pytest.mark.integration, pytest.mark.timeout(30)]

kamailio = fixtures.kamailio
kamailio_tls = fixtures.kamailio_tls
sipp_peers = fixtures.sipp_peers
KAMAILIO_PASSWORD = fixtures.KAMAILIO_PASSWORD


def test_register_with_the_right_password_is_accepted(kamailio: Kamailio, tmp_path: Path) -> None:
    result = run_sipp(
        scenario_path("uac_register"), f"{LOOPBACK}:{kamailio.udp_port}",
        service="alice", auth=("alice", KAMAILIO_PASSWORD), timeout_s=5, workdir=tmp_path / "sipp",
    )  # fmt: skip

    assert result.ok, result.describe()
    assert [m.status for m in result.received()] == [401, 200]
    assert kamailio.register_outcomes("alice") == [("alice", 401), ("alice", 200)]
    assert kamailio.registrations()["alice"] == [
        f"sip:alice@{LOOPBACK}:{result.local_port};transport=UDP"
    ]


def test_register_with_a_wrong_password_gets_403_and_fails(
    kamailio: Kamailio, tmp_path: Path
) -> None:
    result = run_sipp(
        scenario_path("uac_register"), f"{LOOPBACK}:{kamailio.udp_port}",
        service="bob", auth=("bob", "not-the-password"), timeout_s=5, workdir=tmp_path / "sipp",
    )  # fmt: skip

    assert not result.ok and result.failed == 1, result.describe()
    assert [m.status for m in result.received()] == [401, 403]
    assert kamailio.register_attempts("bob") == 2
    assert kamailio.register_outcomes("bob")[-1] == ("bob", 403)
    assert "bob" not in kamailio.registrations()


def test_kamailio_restart_keeps_ports_and_kill_silences_it(kamailio: Kamailio) -> None:
    port = kamailio.udp_port
    kamailio.restart()
    assert kamailio.udp_port == port
    assert sip_options_probe(LOOPBACK, port) == "SIP/2.0 200 OK"

    kamailio.kill()
    assert not kamailio.running
    assert sip_options_probe(LOOPBACK, port, timeout=0.3) is None


def test_sipp_caller_against_builtin_uas(
    sipp_peers: Callable[..., SippProcess], tmp_path: Path
) -> None:
    uas = sipp_peers("uas", calls=1, timeout_s=10)
    caller = run_sipp(
        scenario_path("uac_caller_hangs_up"), f"{LOOPBACK}:{uas.local_port}",
        variables={"talk_ms": "300"}, service="agent", timeout_s=10, workdir=tmp_path / "uac",
    )  # fmt: skip
    answerer = uas.wait(8)  # the built-in uas lingers 4 s in timewait

    assert caller.ok, caller.describe()
    assert answerer.ok, answerer.describe()
    sent = [m for m in caller.messages() if m.direction == "sent"]
    assert [m.method for m in sent] == ["INVITE", "ACK", "BYE"]
    assert [m.status for m in caller.received()] == [180, 200, 200]
    for codec in ("PCMA/8000", "PCMU/8000", "G722/8000", "telephone-event/8000"):
        assert codec in sent[0].text
    assert [e["event"] for e in caller.events()] == ["answered", "bye_answered"]
    assert caller.elapsed_s >= 0.3  # the talk pause really happened


def test_call_through_kamailio_reaches_the_registered_peer(
    kamailio: Kamailio, sipp_peers: Callable[..., SippProcess], tmp_path: Path
) -> None:
    registrar = f"{LOOPBACK}:{kamailio.udp_port}"
    # Register "agent" from one port, then put an answering peer on that same port.
    reg = run_sipp(
        scenario_path("uac_register"), registrar, service="agent",
        auth=("agent", KAMAILIO_PASSWORD), timeout_s=5, workdir=tmp_path / "reg",
    )  # fmt: skip
    assert reg.ok, reg.describe()
    uas = sipp_peers(scenario_path("uas_answer"), local_port=reg.local_port, timeout_s=10)

    caller = run_sipp(
        scenario_path("uac_caller_hangs_up"), registrar, service="agent",
        variables={"talk_ms": "200"}, timeout_s=10, workdir=tmp_path / "uac",
    )  # fmt: skip
    answerer = uas.wait(5)

    assert caller.ok, caller.describe()
    assert answerer.ok, answerer.describe()
    assert [e["event"] for e in answerer.events()] == ["invite", "established", "bye"]
    # Record-routed: the in-dialog BYE went through Kamailio with a Route header.
    bye = next(m for m in caller.messages() if m.method == "BYE")
    assert f"{LOOPBACK}:{kamailio.udp_port};lr" in (bye.header("Route") or "")
    nobody = run_sipp(
        scenario_path("uac_rejected"), registrar, service="nobody",
        timeout_s=5, workdir=tmp_path / "nobody",
    )  # fmt: skip
    assert nobody.ok and nobody.events() == [{"event": "final", "code": "404"}]


def test_garbage_against_sipp_uas_does_not_hang(
    sipp_peers: Callable[..., SippProcess],
) -> None:
    uas = sipp_peers("uas", calls=1, timeout_s=10)

    started = time.monotonic()
    outcomes = send_garbage(LOOPBACK, uas.local_port, wait_s=0.5)
    elapsed = time.monotonic() - started
    result = uas.wait(6)

    assert elapsed < 3
    assert [o.name for o in outcomes] == list(GARBAGE)
    assert all(o.error is None and o.sent_bytes > 0 for o in outcomes)
    # SIPp treats the junk as failed calls and ends on its own (its -m 1 is used up).
    assert not result.timed_out, result.describe()
    assert result.failed >= 1


def test_kamailio_survives_garbage(kamailio: Kamailio) -> None:
    outcomes = {o.name: o for o in send_garbage(LOOPBACK, kamailio.udp_port, wait_s=0.5)}

    assert outcomes["binary_junk"].replies == ()
    assert outcomes["missing_call_id"].replies == ()
    assert outcomes["bye_unknown_dialog"].status_codes == [404]
    assert outcomes["broken_sdp_invite"].status_codes == [404]  # nobody is registered
    assert kamailio.running
    assert sip_options_probe(LOOPBACK, kamailio.udp_port) == "SIP/2.0 200 OK"


def test_kamailio_tls_listener_answers_with_its_certificate(kamailio_tls: Kamailio) -> None:
    assert kamailio_tls.tls_port is not None and kamailio_tls.tls_cert is not None
    context = ssl.create_default_context(cafile=str(kamailio_tls.tls_cert))  # verifies IP SAN
    with (
        socket.create_connection((LOOPBACK, kamailio_tls.tls_port), timeout=3) as raw,
        context.wrap_socket(raw, server_hostname=LOOPBACK) as tls,
    ):
        port = tls.getsockname()[1]
        tls.sendall(
            (
                f"OPTIONS sip:{LOOPBACK}:{kamailio_tls.tls_port};transport=tls SIP/2.0\r\n"
                f"Via: SIP/2.0/TLS {LOOPBACK}:{port};branch=z9hG4bK-rig-tls\r\n"
                f"From: <sip:probe@{LOOPBACK}>;tag=rig\r\nTo: <sip:{LOOPBACK}>\r\n"
                "Call-ID: rig-tls-probe\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                "Content-Length: 0\r\n\r\n"
            ).encode()
        )
        reply = tls.recv(4096).decode()
    assert reply.startswith("SIP/2.0 200 OK"), reply
