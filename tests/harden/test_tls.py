"""TLS is verified, always: the central API (requests under the real ApiClient) and SIP-TLS
(PJSIP in the real engine process, against Kamailio) refuse a certificate for another name and
a certificate nobody trusts, and accept one a trusted CA signed for the right name.

Already covered elsewhere, not repeated here:
- SIP-TLS with an untrusted (self-signed) certificate:
  tests/integration/test_registration.py::test_tls_refuses_an_untrusted_certificate;
- SRTP mandatory refuses a peer without SRTP: tests/integration/test_engine_peers.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from homeagent import app, config
from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.domain import sip_messages as m
from homeagent.domain.errors import ApiUnavailable, ConfigError
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import SipAccount, Transport
from tests.harden import tls_rig
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig.kamailio import Kamailio, tls_available

pytestmark = pytest.mark.timeout(90)
SIP_PASSWORD = "tls-test-sip-secret"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> tls_rig.Certificates:
    return tls_rig.certificates(tmp_path_factory.mktemp("certs"))


def client(base_url: str, verify: bool | str = True) -> ApiClient:
    return ApiClient(Http(base_url, verify=verify), "device-1", retries=1)


# ---- the central API ---------------------------------------------------------------------


def test_api_accepts_a_ca_signed_certificate_for_its_name(certs: tls_rig.Certificates) -> None:
    with tls_rig.https_server(certs.good) as server:
        assert client(server.base_url, str(certs.ca.cert)).health().year >= 2024
        assert server.seen == ["GET /v1/health"]


@pytest.mark.parametrize(
    ("served", "trust", "host", "reason"),
    [
        # signed by the trusted CA, for wrong.example.net
        ("wrong_name", "ca", "localhost", "Hostname mismatch"),
        ("wrong_name", "ca", "127.0.0.1", "IP address mismatch"),
        # self-signed for the right name, not by the CA we trust / nor by a public CA
        ("untrusted", "ca", "127.0.0.1", "self-signed certificate"),
        ("untrusted", "default", "localhost", "self-signed certificate"),
    ],
)
def test_api_refuses_a_wrong_name_or_untrusted_certificate_before_sending_anything(
    certs: tls_rig.Certificates, served: str, trust: str, host: str, reason: str
) -> None:
    verify: bool | str = str(certs.ca.cert) if trust == "ca" else True
    with tls_rig.https_server(getattr(certs, served)) as server:
        api = client(server.base_url.replace("127.0.0.1", host), verify)
        with pytest.raises(ApiUnavailable) as health:
            api.health()
        with pytest.raises(ApiUnavailable) as login:
            api.login("agent", "PwMark-not-for-a-mitm")
        for refused in (health.value, login.value):
            # a clear error: TLS named, the kind sign-in and sync report ("tls"), and the
            # verification failure (not a network error) underneath
            assert refused.detail == "tls" and str(refused).startswith("TLS"), refused
            assert reason in repr(refused.__context__), refused.__context__
        assert server.seen == []  # no request, no password: the handshake was refused


def test_api_accepts_the_right_dns_name_too(certs: tls_rig.Certificates) -> None:
    with tls_rig.https_server(certs.good) as server:
        api = client(server.base_url.replace("127.0.0.1", "localhost"), str(certs.ca.cert))
        assert api.health().year >= 2024


def test_tls_verification_cannot_be_switched_off(tmp_path: Path) -> None:
    """Not by code (Http refuses verify=False), nor by provisioning (no such setting exists,
    and an unknown setting is an error), nor for the SIP engine (always verifyServer)."""
    with pytest.raises(ValueError, match="verification"):
        Http("https://api.example.net", verify=False)
    attempts = {
        "api": ["verify = false", "tls_verify = false", "insecure = true", "ca_file = ''"],
        "sip": ["tls_verify_server = false", "verify_server = false", "insecure = true"],
        "tls": ["verify = false"],
    }
    for section, lines in attempts.items():
        for line in lines:
            path = tmp_path / "provisioning.toml"
            path.write_text(f"[{section}]\n{line}\n", encoding="utf-8")
            with pytest.raises(ConfigError, match=r"unknown setting|must be a"):
                config.read_provisioning(path)
    # plain HTTP is refused for anything but this machine
    for url in ("http://api.example.net", "ftp://api.example.net", "HTTP://api.example.net"):
        path = tmp_path / "provisioning.toml"
        path.write_text(f'[api]\nurl = "{url}"\n', encoding="utf-8")
        with pytest.raises(ConfigError, match="https"):
            config.read_provisioning(path)
    # whatever was provisioned, the engine verifies the SIP server's certificate
    path = tmp_path / "provisioning.toml"
    path.write_text('[sip]\ntransport = "tls"\nsrtp = "mandatory"\n', encoding="utf-8")
    cfg = config.load(path)
    assert app.engine_settings(cfg).tls_verify_server is True


def test_plain_http_is_allowed_for_this_machine_only(tmp_path: Path) -> None:
    path = tmp_path / "provisioning.toml"
    path.write_text('[api]\nurl = "http://127.0.0.1.attacker.example"\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        config.read_provisioning(path)


# ---- SIP over TLS ------------------------------------------------------------------------


@pytest.fixture
def kamailio_with(tmp_path: Path) -> Iterator[object]:
    if not tls_available():
        pytest.skip("Kamailio TLS module missing (apt-get install kamailio-tls-modules)")
    started: list[Kamailio] = []

    def start(cert: tls_rig.Cert) -> Kamailio:
        kam = Kamailio(
            tmp_path / f"kamailio-{len(started)}",
            SIP_PASSWORD,
            tls_cert=cert.cert,
            tls_key=cert.key,
        )
        kam.start()
        started.append(kam)
        return kam

    yield start
    for kam in started:
        kam.stop()


def _register_over_tls(kam: Kamailio, ca_file: Path) -> m.RegistrationChanged:
    assert kam.tls_port
    agent = EngineUnderTest(replace(LOOPBACK, enable_tls=True, ca_file=str(ca_file)))
    try:
        ready = agent.start()
        assert ready.tls_available
        account = SipAccount(
            "agent",
            f"127.0.0.1:{kam.tls_port}",
            SIP_PASSWORD,
            transport=Transport.TLS,
            register_timeout_s=60,
            retry_interval_s=30,
        )
        agent.send(m.AddAccount("op", account))
        return agent.wait(
            m.RegistrationChanged,
            lambda e: e.state in (RegState.REGISTERED, RegState.FAILED),
            timeout=15,
        )
    finally:
        agent.stop()


def test_sip_tls_registers_with_a_ca_signed_certificate_for_its_name(
    certs: tls_rig.Certificates, kamailio_with: object
) -> None:
    """The control for the next test: same CA, same rig, the right name."""
    kam = kamailio_with(certs.good)  # type: ignore[operator]
    reg = _register_over_tls(kam, certs.ca.cert)
    assert reg.state is RegState.REGISTERED, reg


def test_sip_tls_refuses_a_certificate_for_another_name(
    certs: tls_rig.Certificates, kamailio_with: object
) -> None:
    """Kamailio presents a certificate our CA signed, for wrong.example.net: PJSIP's
    verifyServer checks the name against the registrar's host and refuses it."""
    kam = kamailio_with(certs.wrong_name)  # type: ignore[operator]
    reg = _register_over_tls(kam, certs.ca.cert)
    assert reg.state is RegState.FAILED and reg.failure is RegFailure.TLS, reg
    assert "agent" not in kam.registrations()


def test_sign_in_over_a_refused_certificate_says_so_not_check_your_internet(
    certs: tls_rig.Certificates,
) -> None:
    """The operator and IT must hear "certificate refused", not "no internet": the first may
    be an interception, the second sends them to reboot the router."""
    from tests.integration.test_signin import rig

    with tls_rig.https_server(certs.wrong_name) as server:
        svc, engine, secrets, notices = rig(server.base_url)
        svc.sign_in("agent", "PwMark-not-for-a-mitm", remember=True)
        assert [n.code for n in notices] == ["certificate_refused"]
        assert server.seen == [] and not engine.of(m.AddAccount) and not secrets.kept
