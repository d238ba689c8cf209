"""What the services need from the outside world, as Protocols the adapters satisfy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class SipEnginePort(Protocol):
    """The engine proxy: queue a command, never wait for it."""

    def send(self, command: Any) -> None: ...


class TimerPort(Protocol):
    """One-shot timers on the GUI thread (QTimer in the app, a fake clock in unit tests)."""

    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]:
        """Run `fn` after `delay_s`; returns a function that cancels it."""
        ...

    def now(self) -> float:
        """Monotonic seconds."""
        ...
