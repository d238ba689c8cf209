"""An adaptive FIFO of 16-bit mono samples between two clocks (pure Python, unit-tested).

It keeps its *minimum* fill (over about a second of reads) near a small headroom: a fill that
never drops to zero means the reader never starved, and whatever stays above the headroom is
pure latency. Above it one sample is dropped per read, below it one is repeated (two while
more than 4 ms off: up to 6250 ppm of correction at 20 ms reads, far more than two crystals
differ, even a fast microphone against a slow headset); more than `jump_ms` above it (a stall
let the writer race ahead, or priming overshot) the excess is discarded at once. An underrun
plays silence, waits for `prime_ms` of data (re-prime) and raises the headroom 5 ms; 30 s
without one gives 1 ms back: robustness first, then latency.
"""

from __future__ import annotations

import threading

from homeagent.audio.pjnative import CLOCK_RATE

BYTES_PER_MS = CLOCK_RATE * 2 // 1000
WINDOW_READS = 50  # ~1 s of 20 ms reads between drift decisions
CALM_READS = 1500  # ~30 s of 20 ms reads without an underrun


class AdaptiveRing:
    """A byte FIFO of 16-bit mono samples between two clocks (thread-safe, one writer/reader).

    `headroom_ms`: the fill kept in reserve at the reader's worst moment; `prime_ms`: what
    must be buffered before reading resumes after an underrun; `max_ms`: above this the
    oldest audio is discarded (a stalled reader must not turn into seconds of delay).
    """

    def __init__(
        self,
        headroom_ms: int = 10,
        prime_ms: int = 40,
        max_ms: int = 200,
        max_headroom_ms: int = 60,
        jump_ms: int = 20,
    ) -> None:
        self._buf = bytearray()
        self._lock = threading.Lock()
        self.headroom = self.min_headroom = headroom_ms * BYTES_PER_MS
        self._calm = 0  # reads since the last underrun
        self.prime = prime_ms * BYTES_PER_MS
        self.max = max_ms * BYTES_PER_MS
        self.max_headroom = max_headroom_ms * BYTES_PER_MS
        self.jump = jump_ms * BYTES_PER_MS  # excess cut at once (one click) instead of slowly
        self.priming = True
        self._window_min = -1
        self._reads = 0
        self._adjust = 0  # -1: drop a sample per read, +1: repeat one, 0: leave
        self._budget = 0  # bytes still to drop (or add) in this window
        self.underruns = self.overflows = self.dropped = self.repeated = self.jumps = 0
        self.reads = self.writes = 0

    def spare(self, n: int) -> bool:
        """True when `n` bytes can be read without eating into the headroom."""
        return not self.priming and len(self._buf) >= n + self.headroom

    def reset(self) -> None:
        """Empty and re-prime (a stream pair opens: nothing stale may be played)."""
        with self._lock:
            self._buf.clear()
            self.priming = True
            self._adjust = self._budget = 0

    @property
    def level_ms(self) -> float:
        return len(self._buf) / BYTES_PER_MS

    def write(self, data: bytes) -> None:
        with self._lock:
            self.writes += 1
            buf = self._buf
            buf += data
            if len(buf) > self.max:
                self.overflows += 1
                del buf[: len(buf) - self.prime]

    def read(self, n: int) -> bytes:
        """Exactly `n` bytes (`n` even): audio, or silence while starved or priming."""
        with self._lock:
            self.reads += 1
            buf = self._buf
            if self.priming:
                if len(buf) < max(self.prime, n):
                    return bytes(n)
                self.priming = False
                self._window_min = -1
                self._reads = 0
            if len(buf) < n:
                out = bytes(buf) + bytes(n - len(buf))
                buf.clear()
                self.underruns += 1
                self.priming = True
                self.headroom = min(self.max_headroom, self.headroom + 5 * BYTES_PER_MS)
                self._calm = 0
                self._adjust = self._budget = 0
                return out
            # one sample per read, two while far off: up to 6250 ppm at 20 ms reads
            step = 4 if self._budget > 4 * BYTES_PER_MS else 2
            if self._adjust < 0 and self._budget > 0 and len(buf) >= n + step:
                out = bytes(buf[:n])
                del buf[: n + step]  # a sample or two less: the reader catches up
                self._budget -= step
                self.dropped += 1
            elif self._adjust > 0 and self._budget > 0:
                last = bytes(buf[n - step - 2 : n - step])
                out = bytes(buf[: n - step]) + last * (step // 2)  # the last sample repeated
                del buf[: n - step]
                self._budget -= step
                self.repeated += 1
            else:
                out = bytes(buf[:n])
                del buf[:n]
            self._track(len(buf))
            return out

    def _track(self, level: int) -> None:
        self._calm += 1
        if self._calm >= CALM_READS and self.headroom > self.min_headroom:
            self._calm = 0  # a long quiet spell: give back a millisecond of the extra margin
            self.headroom -= BYTES_PER_MS
        if self._window_min < 0 or level < self._window_min:
            self._window_min = level
        self._reads += 1
        if self._reads < WINDOW_READS:
            return
        excess = self._window_min - self.headroom
        self._reads, self._window_min = 0, -1
        if excess > self.jump:  # a stall let the writer run ahead: cut it at once
            del self._buf[:excess]
            self.jumps += 1
            self._adjust = self._budget = 0
        elif excess > 2 * BYTES_PER_MS:
            self._adjust, self._budget = -1, excess
        elif excess < -2 * BYTES_PER_MS:
            self._adjust, self._budget = 1, -excess
        else:
            self._adjust = self._budget = 0

    def stats(self) -> dict[str, float]:
        return {
            "level_ms": round(self.level_ms, 1),
            "headroom_ms": self.headroom / BYTES_PER_MS,
            "underruns": self.underruns,
            "overflows": self.overflows,
            "dropped": self.dropped,
            "repeated": self.repeated,
            "jumps": self.jumps,
        }
