"""Signing in against the reference server: SIP account from the API, secrets in the keyring
port only, clear notices for every failure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.domain import sip_messages as m
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.sip_account import SrtpPolicy, Transport
from homeagent.services.signin import SignInService, SipOverrides, refresh_key, sip_key
from homeagent.services.telephony import Notice, TelephonyService
from tests.unit.fakes import FakeTimers, RecordingEngine

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "api.db", seed=True) as srv:
        yield srv


class Secrets:
    """A dict keyring (the real keyring has its own tests)."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.kept.get(key)

    def set(self, key: str, secret: str) -> None:
        self.kept[key] = secret

    def delete(self, key: str) -> None:
        self.kept.pop(key, None)


class Inline:
    def run(self, fn: Any, on_done: Any = None, on_error: Any = None) -> None:
        try:
            result = fn()
        except Exception as exc:
            if on_error:
                on_error(exc)
            return
        if on_done:
            on_done(result)


def rig(
    base_url: str, now: datetime | None = None, overrides: SipOverrides | None = None
) -> tuple[SignInService, RecordingEngine, Secrets, list[Notice]]:
    engine, secrets = RecordingEngine(), Secrets()
    tel = TelephonyService(engine, FakeTimers(), DialPlan())
    svc = SignInService(
        ApiClient(Http(base_url), "dev-1"),
        secrets,
        Inline(),
        tel,
        overrides=overrides or SipOverrides(domain="127.0.0.1:5999"),
        now=(lambda: now) if now else (lambda: datetime.now(UTC)),
    )
    notices: list[Notice] = []
    svc.notices.connect(notices.append)
    return svc, engine, secrets, notices


def test_sign_in_registers_with_the_api_sip_account(server: ServerProcess) -> None:
    svc, engine, secrets, notices = rig(server.base_url)
    svc.sign_in("agent", "demo", remember=True)
    assert notices == [] and svc.current is not None
    assert svc.current.profile.display_name == "Agent Démo"
    (add,) = engine.of(m.AddAccount)
    assert add.account.domain == "127.0.0.1:5999"  # provisioning overrides the API
    assert add.account.password == secrets.kept[sip_key("agent")]
    assert secrets.kept[refresh_key("agent")]
    # next start: "remember me" signs in with the refresh token alone
    again, engine2, _, notices2 = rig(server.base_url)
    again._secrets = secrets
    again.resume("agent")
    assert notices2 == [] and engine2.of(m.AddAccount)
    svc.sign_out()
    assert refresh_key("agent") not in secrets.kept


def test_provisioning_is_a_floor_the_api_cannot_lower(server: ServerProcess) -> None:
    """A compromised API must not turn a TLS + SRTP deployment into plain UDP."""
    floor = SipOverrides(require_tls=True, srtp_floor=SrtpPolicy.MANDATORY)
    svc, engine, _, notices = rig(server.base_url, overrides=floor)
    svc.sign_in("agent", "demo", remember=False)
    (add,) = engine.of(m.AddAccount)
    assert notices == []
    assert add.account.transport is Transport.TLS
    assert add.account.srtp is SrtpPolicy.MANDATORY
    # without a floor the API's own choice stands (the reference server's account is UDP)
    svc2, engine2, _, _ = rig(server.base_url)
    svc2.sign_in("agent", "demo", remember=False)
    (plain,) = engine2.of(m.AddAccount)
    assert plain.account.transport is not Transport.TLS
    assert plain.account.srtp is not SrtpPolicy.MANDATORY


@pytest.mark.parametrize(
    ("user", "password", "code"),
    [
        ("agent", "wrong", "wrong_credentials"),
        ("", "x", "credentials_missing"),
    ],
)
def test_failures_are_notices(server: ServerProcess, user: str, password: str, code: str) -> None:
    svc, engine, _, notices = rig(server.base_url)
    svc.sign_in(user, password, remember=False)
    assert [n.code for n in notices] == [code] and not engine.of(m.AddAccount)


def test_unreachable_server_and_clock_skew() -> None:
    svc, _, _, notices = rig("http://127.0.0.1:9")
    svc.sign_in("agent", "demo", remember=False)
    assert notices[-1].code == "server_unreachable"


def test_clock_skew_is_reported(server: ServerProcess) -> None:
    svc, _, _, notices = rig(server.base_url, now=datetime.now(UTC) - timedelta(minutes=10))
    svc.sign_in("agent", "demo", remember=False)
    assert notices[-1].code == "clock_skew" and notices[-1].detail.startswith("+")
