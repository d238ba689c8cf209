"""Fakes for pure unit tests of services (integration tests use the real engine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class RecordingEngine:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, command: Any) -> None:
        self.sent.append(command)

    def of(self, cls: type) -> list[Any]:
        return [c for c in self.sent if isinstance(c, cls)]


class FakeTimers:
    def __init__(self) -> None:
        self.t = 100.0
        self.pending: list[tuple[float, Callable[[], None]]] = []

    def now(self) -> float:
        return self.t

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]:
        entry = (self.t + delay_s, fn)
        self.pending.append(entry)
        return lambda: self.pending.remove(entry) if entry in self.pending else None

    def advance(self, seconds: float) -> None:
        self.t += seconds
        due = [e for e in self.pending if e[0] <= self.t]
        for entry in due:
            self.pending.remove(entry)
            entry[1]()
