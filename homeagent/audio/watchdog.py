"""The stream watchdog: pure logic, fed with callback times, telling the engine what to do.

A stream is dead when its callbacks stop (a pulled headset: miniaudio's callbacks simply stop,
its stop callback is unreliable) or never start. The first callback may come late (an idle
PulseAudio null sink stalls ~1.8 s, sometimes after a first burst of callbacks), so a fresh
stream gets `start_grace_s` in which it is never judged dead. A dead stream is
reopened at once, then with backoff; a stream that ran `stable_s` resets the backoff.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    OK = "ok"
    STARTING = "starting"
    DEAD = "dead"


@dataclass
class Watchdog:
    start_grace_s: float = 3.0
    stall_s: float = 0.5
    stable_s: float = 10.0
    backoff_s: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
    failures: int = 0
    opened_at: float = 0.0
    retry_at: float | None = None
    running_since: float | None = None

    def opened(self, now: float) -> None:
        self.opened_at = now
        self.retry_at = None
        self.running_since = None

    def check(self, now: float, last_play: float, last_capture: float) -> Verdict:
        """Judge an open stream pair from the monotonic times of their last callbacks."""
        started = last_play > self.opened_at and last_capture > self.opened_at
        if not started or now - min(last_play, last_capture) > self.stall_s:
            # within the grace it is still the start, even after a first burst of callbacks:
            # a null sink takes its prebuffer, then stalls ~2 s (seen: three false reopens)
            return Verdict.DEAD if now - self.opened_at > self.start_grace_s else Verdict.STARTING
        if self.running_since is None:
            self.running_since = now
        elif self.failures and now - self.running_since > self.stable_s:
            self.failures = 0
        return Verdict.OK

    def failed(self, now: float) -> float:
        """A stream died or would not open: when to try again (monotonic)."""
        delay = self.backoff_s[min(self.failures, len(self.backoff_s) - 1)]
        self.failures += 1
        self.running_since = None
        self.retry_at = now + delay
        return self.retry_at

    def due(self, now: float) -> bool:
        return self.retry_at is not None and now >= self.retry_at

    def reset(self) -> None:
        self.failures = 0
        self.retry_at = None
        self.running_since = None
