"""Level meters and the "you are muted" warning: pure logic fed at ~10 Hz."""

from __future__ import annotations

import math
from dataclasses import dataclass

FLOOR_DB = -60.0  # a meter shows -60..0 dBFS as 0..1


def normalise(mean_abs: float) -> float:
    """A frame's mean absolute sample (0..32768) as a 0..1 meter reading (log scale)."""
    if mean_abs <= 0:
        return 0.0
    db = 20 * math.log10(min(mean_abs, 32768.0) / 32768.0)
    return round(max(0.0, (db - FLOOR_DB) / -FLOOR_DB), 3)


@dataclass
class MutedSpeech:
    """Speech on the microphone while muted: `speaking_s` of level above `threshold` within
    a sliding second or two warns once, then not again for `cooldown_s`."""

    threshold: float = 0.35
    speaking_s: float = 0.6
    cooldown_s: float = 10.0
    _loud_since: float | None = None
    _last_loud: float = 0.0
    _warned_at: float | None = None

    def feed(self, now: float, level: float, muted: bool) -> bool:
        """True when the operator should be told now."""
        if not muted:
            self._loud_since = None
            return False
        if level >= self.threshold:
            if self._loud_since is None or now - self._last_loud > 0.5:
                self._loud_since = now  # a pause longer than half a second starts over
            self._last_loud = now
        elif self._loud_since is not None and now - self._last_loud > 0.5:
            self._loud_since = None
        if self._loud_since is None or now - self._loud_since < self.speaking_s:
            return False
        if self._warned_at is not None and now - self._warned_at < self.cooldown_s:
            return False
        self._warned_at = now
        self._loud_since = None
        return True
