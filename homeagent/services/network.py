"""Noticing that the machine's network changed, so the engine can re-bind and re-register.

PJSIP does not notice an address change itself. We sample the set of local addresses every
few seconds (cheap, no traffic) and also treat a long gap between samples as a resume from
sleep, after which NAT bindings and TCP connections are usually gone.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from homeagent.services.ports import TimerPort

log = logging.getLogger(__name__)


class NetworkMonitor:
    def __init__(
        self,
        sample: Callable[[], frozenset[str]],
        timers: TimerPort,
        on_change: Callable[[str], None],
        interval_s: float = 3.0,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._sample = sample
        self._timers = timers
        self._on_change = on_change
        self._interval_s = interval_s
        self._wall = wall_clock
        self._last: frozenset[str] | None = None
        self._last_wall = 0.0
        self._cancel: Callable[[], None] | None = None
        self.changes = 0

    def start(self) -> None:
        self._last = self._sample()
        self._last_wall = self._wall()
        self._schedule()

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    def _schedule(self) -> None:
        self._cancel = self._timers.call_later(self._interval_s, self._poll)

    def _poll(self) -> None:
        now = self._wall()
        gap = now - self._last_wall
        self._last_wall = now
        current = self._sample()
        reason = ""
        if current != self._last:
            reason = "addresses"
        elif gap > max(30.0, 5 * self._interval_s):
            reason = "resumed"  # the machine slept: bindings and connections are stale
        self._last = current
        if reason and current:
            self.changes += 1
            log.info("network changed (%s)", reason)
            self._on_change(reason)
        self._schedule()
