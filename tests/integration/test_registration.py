"""Registration against a real Kamailio registrar: passwords, failures, restarts, TLS."""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import SipAccount, Transport
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig import fixtures
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.ports import free_port_both

pytestmark = pytest.mark.timeout(90)
kamailio = fixtures.kamailio
kamailio_tls = fixtures.kamailio_tls
PASSWORD = fixtures.KAMAILIO_PASSWORD


def account(kam_port: int, password: str = PASSWORD, **kw: object) -> SipAccount:
    return SipAccount(
        "agent", f"127.0.0.1:{kam_port}", password, register_timeout_s=60, retry_interval_s=3, **kw
    )  # type: ignore[arg-type]


def registered(e: m.RegistrationChanged) -> bool:
    return e.state is RegState.REGISTERED


def failed(e: m.RegistrationChanged) -> bool:
    return e.state is RegState.FAILED


@pytest.fixture
def agent() -> EngineUnderTest:
    engine = EngineUnderTest(LOOPBACK)
    engine.start()
    yield engine  # type: ignore[misc]
    engine.stop()


def test_good_password_registers_and_unregisters(
    kamailio: Kamailio, agent: EngineUnderTest
) -> None:
    agent.send(m.AddAccount("op", account(kamailio.udp_port)))
    reg = agent.wait(m.RegistrationChanged, registered)
    assert reg.code == 200 and reg.expires_s > 0
    assert kamailio.wait_for_registration("agent")
    agent.send(m.RemoveAccount("op"))
    deadline = time.monotonic() + 5
    while "agent" in kamailio.registrations() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "agent" not in kamailio.registrations()  # un-REGISTER reached the registrar


def test_wrong_password_is_a_clear_error_without_retry_storm(
    kamailio: Kamailio, agent: EngineUnderTest
) -> None:
    agent.send(m.AddAccount("op", account(kamailio.udp_port, "wrong-password")))
    reg = agent.wait(m.RegistrationChanged, failed)
    assert (reg.code, reg.failure, reg.retry_in_s) == (403, RegFailure.AUTH, 0)
    time.sleep(4)  # longer than the retry interval: nothing more may be sent
    assert kamailio.register_attempts("agent") == 2  # the challenge and one answer
    assert "agent" not in kamailio.registrations()


def test_unreachable_registrar_fails_then_registers_when_it_appears(
    tmp_path: Path, agent: EngineUnderTest
) -> None:
    port = free_port_both()
    agent.send(m.AddAccount("op", account(port, transport=Transport.TCP)))
    reg = agent.wait(m.RegistrationChanged, failed, timeout=10)
    assert reg.failure in (RegFailure.NETWORK, RegFailure.TIMEOUT) and reg.retry_in_s > 0
    with Kamailio(tmp_path / "late", PASSWORD, port=port) as kam:
        agent.wait(m.RegistrationChanged, registered, timeout=20)
        assert kam.wait_for_registration("agent")


def test_registrar_restart_over_tcp_reregisters_on_its_own(
    kamailio: Kamailio, agent: EngineUnderTest
) -> None:
    agent.send(m.AddAccount("op", account(kamailio.udp_port, transport=Transport.TCP)))
    agent.wait(m.RegistrationChanged, registered)
    accepted_before = accepted(kamailio)
    kamailio.restart()  # its location table is in memory: the agent is forgotten
    # the TCP connection dropped, so the engine registers again at once, by itself
    deadline = time.monotonic() + 30
    while accepted(kamailio) == accepted_before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert accepted(kamailio) > accepted_before
    assert kamailio.wait_for_registration("agent", timeout=5)


def accepted(kam: Kamailio) -> int:
    """REGISTERs the registrar answered 200 (its log survives restarts)."""
    return sum(1 for _, code in kam.register_outcomes("agent") if code == 200)


def test_registrar_restart_over_udp_reregisters_on_its_own(
    kamailio: Kamailio, agent: EngineUnderTest
) -> None:
    acc = replace(account(kamailio.udp_port), register_timeout_s=12)
    agent.send(m.AddAccount("op", acc))
    agent.wait(m.RegistrationChanged, registered)
    accepted_before = accepted(kamailio)
    kamailio.stop()
    time.sleep(1)
    kamailio.start()
    # UDP: nothing tells the agent; its next refresh (expiry minus a few seconds) lands on
    # the new registrar
    deadline = time.monotonic() + 30
    while accepted(kamailio) == accepted_before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert accepted(kamailio) > accepted_before
    assert kamailio.wait_for_registration("agent", timeout=5)


def test_network_change_reregisters(kamailio: Kamailio, agent: EngineUnderTest) -> None:
    agent.send(m.AddAccount("op", account(kamailio.udp_port)))
    agent.wait(m.RegistrationChanged, registered)
    before = kamailio.register_attempts("agent")
    agent.send(m.NetworkChanged())
    agent.wait(m.RegistrationChanged, registered, timeout=10)
    deadline = time.monotonic() + 5
    while kamailio.register_attempts("agent") == before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert kamailio.register_attempts("agent") > before
    agent.send(m.Ping(1))
    agent.wait(m.Pong)


def test_engine_crash_restarts_and_reregisters(kamailio: Kamailio) -> None:
    agent = EngineUnderTest(LOOPBACK, restart=True)
    try:
        ready = agent.start()
        agent.send(m.AddAccount("op", account(kamailio.udp_port)))
        agent.wait(m.RegistrationChanged, registered)
        os.kill(ready.pid, signal.SIGKILL)
        agent.wait(m.EngineStopped, timeout=2)
        agent.wait(m.EngineReady, timeout=10)
        agent.wait(m.RegistrationChanged, registered, timeout=10)  # the account was replayed
    finally:
        agent.stop()


def test_tls_registers_with_a_trusted_certificate(kamailio_tls: Kamailio) -> None:
    assert kamailio_tls.tls_port and kamailio_tls.tls_cert
    settings = replace(LOOPBACK, enable_tls=True, ca_file=str(kamailio_tls.tls_cert))
    agent = EngineUnderTest(settings)
    try:
        ready = agent.start()
        assert ready.tls_available and "tls" in ready.sip_ports
        agent.send(m.AddAccount("op", account(kamailio_tls.tls_port, transport=Transport.TLS)))
        agent.wait(m.RegistrationChanged, registered, timeout=15)
    finally:
        agent.stop()


def test_tls_refuses_an_untrusted_certificate(kamailio_tls: Kamailio) -> None:
    import certifi

    assert kamailio_tls.tls_port
    settings = replace(LOOPBACK, enable_tls=True, ca_file=certifi.where())
    agent = EngineUnderTest(settings)
    try:
        agent.start()
        agent.send(m.AddAccount("op", account(kamailio_tls.tls_port, transport=Transport.TLS)))
        reg = agent.wait(m.RegistrationChanged, failed, timeout=15)
        assert reg.failure is RegFailure.TLS, reg  # "SSL certificate verification error"
        assert "agent" not in kamailio_tls.registrations()
    finally:
        agent.stop()
