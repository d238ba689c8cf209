"""pytest-qt fixtures: a real TelephonyService driven by recorded commands and fed events."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt module creates an app

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.registration import RegFailure, RegState
from homeagent.services.session import AccountTemplate, SipSessionService
from homeagent.services.telephony import ACCOUNT_ID, TelephonyService
from tests.unit.fakes import InlineTasks

DOMAIN = "pbx.example.test"


class RecordingEngine:
    """SipEnginePort that remembers what it was told."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, command: Any) -> None:
        self.sent.append(command)

    def of(self, kind: type) -> list[Any]:
        return [c for c in self.sent if isinstance(c, kind)]


class FakeTimers:
    """TimerPort on a hand-moved clock."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.pending: list[tuple[float, Callable[[], None]]] = []

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]:
        entry = (self.t + delay_s, fn)
        self.pending.append(entry)
        return lambda: self.pending.remove(entry) if entry in self.pending else None

    def now(self) -> float:
        return self.t


class MemorySecrets:
    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, secret: str) -> None:
        self.data[key] = secret

    def delete(self, key: str) -> None:
        self.data.pop(key, None)


@dataclass
class Phone:
    """Everything a UI test needs: services, fakes and a way to play engine events."""

    engine: RecordingEngine
    timers: FakeTimers
    telephony: TelephonyService
    session: SipSessionService
    secrets: MemorySecrets = field(default_factory=MemorySecrets)

    def feed(self, *events: Any) -> None:
        for event in events:
            self.telephony.on_engine_event(event)

    def ready(self) -> None:
        self.feed(m.EngineReady("2.15", 4242, True, True, ("PCMA/8000",)))

    def registered(self, user: str = "alice") -> None:
        self.session.sign_in(user, "secret", remember=False)
        self.feed(
            m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200, "OK", RegFailure.NONE, 300)
        )
        self.engine.sent.clear()

    def incoming(self, call_id: str, number: str = "+33612345678", name: str = "") -> None:
        self.feed(m.IncomingCall(call_id, ACCOUNT_ID, f"sip:{number}@{DOMAIN}", number, name))

    def state(self, call_id: str, state: Any, code: int = 0, reason: str = "") -> None:
        self.feed(m.CallStateChanged(call_id, state, code, reason))

    def media(self, call_id: str, *, hold: bool = False, muted: bool = False) -> None:
        self.feed(m.CallMediaChanged(call_id, hold, False, muted, "PCMA"))


@pytest.fixture
def phone() -> Iterator[Phone]:
    engine = RecordingEngine()
    timers = FakeTimers()
    telephony = TelephonyService(engine, timers, DialPlan(country="FR"))
    secrets = MemorySecrets()
    session = SipSessionService(telephony, secrets, InlineTasks(), AccountTemplate(DOMAIN))
    p = Phone(engine, timers, telephony, session, secrets)
    p.ready()
    yield p
