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


class InlineTasks:
    """TaskPort that runs the work at once, in the caller's thread (the real one uses a pool)."""

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        try:
            result = fn()
        except Exception as exc:
            if on_error is not None:
                on_error(exc)
            return
        if on_done is not None:
            on_done(result)


class QueuedTasks:
    """TaskPort whose work waits for `flush()`: a test sees the in-between state."""

    def __init__(self) -> None:
        self.queued: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        self.queued.append((fn, on_done, on_error))

    def flush(self) -> None:
        while self.queued:
            fn, done, error = self.queued.pop(0)
            try:
                result = fn()
            except Exception as exc:
                if error is not None:
                    error(exc)
                continue
            if done is not None:
                done(result)
