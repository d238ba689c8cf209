"""An adaptive FIFO of 16-bit mono samples between two clocks (unit-tested without sound).

Storage is one preallocated ctypes buffer used circularly: reads and writes are `memmove`s
(into or out of a device's own buffer by pointer, or from/to `bytes`), so the audio callbacks
allocate nothing and never loop over samples in Python.

Clock drift is absorbed by dropping or repeating single samples, spread evenly: the wanted
correction is a *rate* (samples per read, fractional, accumulated), at most two samples per
read (12500 ppm at 10 ms reads, 6250 at 20 ms), so a real 20-100 ppm offset costs one sample
every half second or more. Who sets the rate:

- `auto=True` (default): the ring itself holds its *minimum* fill over a window of reads near
  `target_ms` (a fill that never drops to zero means the reader never starved; whatever stays
  above the target is pure latency). A proportional-integral controller turns the window's
  error into the next window's rate; an excess of more than `jump_ms` (a stall let the writer race
  ahead) is cut at once. Reading starts once `target + prime_ms` (the writer's block: then
  the first minimum is the target) or `target + one read` is buffered; an underrun
  plays what is left and silence (re-priming only with `reprime`: a longer gap, but one
  gap per burst of a bursty reader instead of several) and raises the target
  by `step_ms`; a calm spell of `calm_reads` gives 1 ms back. Small steps: a bursty device
  must not ratchet the latency up.
- `auto=False`: the owner sets `correction` (the device-clocked bridge steers it from the
  conference's schedule against the wall clock) and reads only what is there.
"""

from __future__ import annotations

import ctypes
import threading

from homeagent.audio.pjnative import CLOCK_RATE

BYTES_PER_MS = CLOCK_RATE * 2 // 1000
SAMPLES_PER_MS = CLOCK_RATE // 1000
MAX_STEP = 2  # samples dropped or repeated per read at most


class AdaptiveRing:
    """A FIFO of 16-bit mono samples between two clocks (one writer, one reader thread).

    `target_ms`: the fill kept in reserve at the reader's worst moment (auto mode);
    `prime_ms`: the writer's usual block; `max_ms`: above this the oldest audio is discarded
    (a stalled reader must not turn into seconds of delay); `window`: reads between
    controller decisions; `settle`: reads over which a measured error is corrected
    (proportional gain 1/settle, integral 1/(8 settle) per window).
    """

    def __init__(
        self,
        target_ms: float = 10,
        max_ms: int = 200,
        *,
        auto: bool = True,
        window: int = 50,
        settle: int = 100,
        step_ms: float = 2,
        max_target_ms: float = 30,
        calm_reads: int = 1000,
        jump_ms: float = 20,
        prime_ms: float = 20,
        reprime: bool = False,
    ) -> None:
        self.cap = int(max_ms * BYTES_PER_MS) + 4 * 1024  # room for one write above `max`
        self._store = ctypes.create_string_buffer(self.cap)
        self._base = ctypes.addressof(self._store)
        self._out = ctypes.create_string_buffer(self.cap)  # `read()`'s result buffer
        self._lock = threading.Lock()
        self._r = self._w = 0  # absolute byte counts read / written (fill = w - r)
        self.auto = auto
        self.target = self.min_target = _even(target_ms * BYTES_PER_MS)
        self.max_target = _even(max_target_ms * BYTES_PER_MS)
        self.step = _even(step_ms * BYTES_PER_MS)
        self.max = _even(max_ms * BYTES_PER_MS)
        self.jump = _even(jump_ms * BYTES_PER_MS)
        self.prime = _even(prime_ms * BYTES_PER_MS)
        self.reprime = reprime
        self.window, self.settle, self.calm_reads = window, settle, calm_reads
        self.correction = 0.0  # samples per read: > 0 drop, < 0 repeat
        self._acc = self._integral = 0.0
        self.priming = auto
        self._window_min = self.last_min = -1
        self._reads = 0
        self._calm = 0
        self.underruns = self.overflows = self.dropped = self.repeated = self.jumps = 0
        self.reads = self.writes = 0

    # ---- state -------------------------------------------------------------------------------

    @property
    def fill(self) -> int:
        """Bytes buffered."""
        return self._w - self._r

    @property
    def level_ms(self) -> float:
        return (self._w - self._r) / BYTES_PER_MS

    def reset(self) -> None:
        """Empty (and re-prime in auto mode): a stream pair opens, nothing stale may play."""
        with self._lock:
            self._r = self._w
            self.priming = self.auto
            self.correction = self._acc = self._integral = 0.0
            self._window_min, self._reads = -1, 0

    def discard(self, n: int) -> int:
        """Drop up to `n` of the oldest bytes; returns how many went."""
        with self._lock:
            n = min(n, self._w - self._r) & ~1
            self._r += n
            return n

    # ---- writer ------------------------------------------------------------------------------

    def write_from(self, src: int | bytes, n: int) -> None:
        """Append `n` bytes from address `src` (or a bytes object)."""
        with self._lock:
            self.writes += 1
            if n > self.cap:
                return
            if self._w - self._r + n > self.max:
                self.overflows += 1
                self._r = self._w + n - (min(self.max, self.max // 2 + n) & ~1)  # keep the newest
            pos = self._w % self.cap
            first = min(n, self.cap - pos)
            ctypes.memmove(self._base + pos, src, first)
            if first < n:
                rest = src + first if isinstance(src, int) else src[first:]
                ctypes.memmove(self._base, rest, n - first)
            self._w += n

    def write(self, data: bytes) -> None:
        self.write_from(data, len(data))

    # ---- reader ------------------------------------------------------------------------------

    def read_into(self, dest: int, n: int) -> bool:
        """Exactly `n` bytes (`n` even) into address `dest`: audio (True), or what is left
        followed by silence while starved or priming (False)."""
        with self._lock:
            self.reads += 1
            fill = self._w - self._r
            if self.priming:
                if fill < self.target + max(n, self.prime):
                    ctypes.memset(dest, 0, n)
                    return False
                self.priming = False
                self._window_min, self._reads = -1, 0
            acc = self._acc + self.correction
            k = max(-MAX_STEP, min(MAX_STEP, int(acc)))
            if k > 0 and fill < n + 2 * k:
                k = 0  # no sample to spare yet: the drop waits in the accumulator
            need = n + 2 * k  # a drop consumes more, a repeat less
            if fill < need:
                self._copy_out(dest, fill)
                ctypes.memset(dest + fill, 0, n - fill)
                self._r = self._w
                self.underruns += 1
                if self.auto:  # more margin; re-prime only if asked (a longer gap)
                    self.target = min(self.max_target, self.target + self.step)
                    self._calm = 0
                    self.priming = self.reprime
                    self._track(0)
                return False
            self._acc = acc - k
            if k > 0:  # drop k samples after this read
                self._copy_out(dest, n)
                self._r += 2 * k
                self.dropped += k
            elif k < 0:  # repeat the last sample -k times: the read consumes less
                k = -k
                take = n - 2 * k
                self._copy_out(dest, take)
                for i in range(k):
                    ctypes.memmove(dest + take + 2 * i, dest + take - 2, 2)
                self.repeated += k
            else:
                self._copy_out(dest, n)
            if self.auto:
                self._track(self._w - self._r)
            return True

    def want(self, n: int) -> int:
        """Bytes the next `read_into(dest, n)` consumes with the pending correction: a
        reader that may wait for data (the device bridge's ticks) waits for this many."""
        k = max(-MAX_STEP, min(MAX_STEP, int(self._acc + self.correction)))
        return n + 2 * k

    def read(self, n: int) -> bytes:
        """`read_into` a buffer of the ring's own, returned as bytes (for pjsua2's ByteVector)."""
        self.read_into(ctypes.addressof(self._out), n)
        return self._out.raw[:n]

    def _copy_out(self, dest: int, n: int) -> None:
        """Copy `n` bytes from the read position to `dest` and advance (lock held)."""
        pos = self._r % self.cap
        first = min(n, self.cap - pos)
        ctypes.memmove(dest, self._base + pos, first)
        if first < n:
            ctypes.memmove(dest + first, self._base, n - first)
        self._r += n

    def _track(self, level: int) -> None:
        """Auto mode: the window's minimum fill against the target sets the next rate."""
        self._calm += 1
        if self._calm >= self.calm_reads and self.target > self.min_target:
            self._calm = 0  # a long quiet spell: give back a millisecond of margin
            self.target = max(self.min_target, self.target - BYTES_PER_MS)
        if self._window_min < 0 or level < self._window_min:
            self._window_min = level
        self._reads += 1
        if self._reads < self.window:
            return
        excess = self._window_min - self.target
        self.last_min = self._window_min
        self._reads, self._window_min = 0, -1
        if excess > self.jump:  # a stall let the writer run ahead: cut it at once
            self._r += excess & ~1
            self.jumps += 1
            self.correction = self._acc = 0.0
            return
        samples = excess / 2
        # proportional + a slow integral (a steady drift leaves no steady offset)
        self._integral = max(-MAX_STEP, min(MAX_STEP, self._integral + samples / (8 * self.settle)))
        self.correction = max(-MAX_STEP, min(MAX_STEP, samples / self.settle + self._integral))

    def stats(self) -> dict[str, float]:
        return {
            "level_ms": round(self.level_ms, 1),
            "target_ms": self.target / BYTES_PER_MS,
            "min_ms": self.last_min / BYTES_PER_MS,
            "correction": round(self.correction, 3),
            "underruns": self.underruns,
            "overflows": self.overflows,
            "dropped": self.dropped,
            "repeated": self.repeated,
            "jumps": self.jumps,
        }


def _even(x: float) -> int:
    return int(x) & ~1
