"""The adaptive ring between two audio clocks, and the choice of bridge (no sound, no pjsua2)."""

from __future__ import annotations

import array

import pytest

from homeagent.audio import manager
from homeagent.audio.ring import BYTES_PER_MS, AdaptiveRing

FRAME = 640  # 20 ms at 16 kHz mono s16


def ramp(start: int, samples: int) -> bytes:
    return array.array("h", ((start + i) % 30000 for i in range(samples))).tobytes()


def test_silence_until_primed_then_audio_in_order() -> None:
    ring = AdaptiveRing(headroom_ms=5, prime_ms=40)
    ring.write(ramp(0, 320))
    assert ring.read(FRAME) == bytes(FRAME)  # 20 ms buffered, 40 wanted: still priming
    ring.write(ramp(320, 320))
    assert ring.read(FRAME) == ramp(0, 320)
    assert ring.read(FRAME) == ramp(320, 320)
    assert ring.underruns == 0


def test_underrun_plays_what_is_left_then_silence_and_reprimes_with_more_headroom() -> None:
    ring = AdaptiveRing(headroom_ms=5, prime_ms=20)
    ring.write(ramp(0, 480))
    assert ring.read(FRAME) == ramp(0, 320)
    out = ring.read(FRAME)
    assert out == ramp(320, 160) + bytes(320)
    assert ring.underruns == 1 and ring.priming
    assert ring.headroom == 10 * BYTES_PER_MS
    ring.write(ramp(0, 160))
    assert ring.read(FRAME) == bytes(FRAME)  # re-priming: 10 ms is not enough


def run_clocks(ring: AdaptiveRing, write_samples: int, seconds: int) -> list[float]:
    """Writer: `write_samples` per 20 ms; reader: 320 per 20 ms. Fill seen after each read."""
    levels = []
    n = 0
    for _ in range(seconds * 50):
        ring.write(ramp(n, write_samples))
        n += write_samples
        assert len(ring.read(FRAME)) == FRAME
        levels.append(ring.level_ms)
    return levels


@pytest.mark.parametrize("ppm", [1000, 3000, -1000, -3000])
def test_drift_between_the_clocks_is_absorbed_without_growing_delay(ppm: int) -> None:
    """Two crystals differ by up to ~100 ppm; 3000 ppm is far beyond any real pair. Here the
    writer delivers whole extra/missing samples (1 per 1/ppm) and the fill must stay bounded
    near the headroom for minutes, with no underrun storm."""
    ring = AdaptiveRing(headroom_ms=5, prime_ms=40)
    levels: list[float] = []
    carry = 0.0
    n = 0
    for _ in range(180 * 50):  # three minutes of 20 ms reads
        carry += 320 * (1 + ppm / 1e6)
        k = int(carry)
        carry -= k
        ring.write(ramp(n, k))
        n += k
        ring.read(FRAME)
        levels.append(ring.level_ms)
    late = levels[-50 * 60 :]  # the last minute
    assert max(late) < 5 + 20 + 20, max(late)  # headroom + one read + the jump threshold
    assert ring.underruns <= 3
    if ppm > 0:
        assert ring.dropped > 0
    else:
        assert ring.repeated > 0


def test_a_writer_that_raced_ahead_is_cut_back_at_once() -> None:
    ring = AdaptiveRing(headroom_ms=5, prime_ms=20, max_ms=500, jump_ms=20)
    ring.write(ramp(0, 320 * 15))  # 300 ms arrive at once (the reader stalled)
    levels = run_clocks(ring, 320, 3)
    assert ring.jumps >= 1
    assert levels[-1] < 30, levels[-1]


def test_overflow_keeps_only_the_newest_audio() -> None:
    ring = AdaptiveRing(headroom_ms=5, prime_ms=20, max_ms=100)
    ring.write(ramp(0, 320 * 10))  # 200 ms into a 100 ms ring
    assert ring.overflows == 1
    assert ring.level_ms == 20
    assert ring.read(FRAME) == ramp(320 * 9, 320)


def test_reset_empties_and_reprimes() -> None:
    ring = AdaptiveRing(headroom_ms=5, prime_ms=20)
    ring.write(ramp(0, 640))
    ring.read(FRAME)
    ring.reset()
    assert ring.level_ms == 0 and ring.priming
    assert ring.read(FRAME) == bytes(FRAME)


def test_bridge_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    native = object()  # stands for a loaded PJSIP C API
    monkeypatch.delenv(manager.BRIDGE_ENV, raising=False)
    assert manager.bridge_kind(native) == "device"  # type: ignore[arg-type]
    assert manager.bridge_kind(None) == "port"  # Windows: no C symbols
    monkeypatch.setenv(manager.BRIDGE_ENV, "port")
    assert manager.bridge_kind(native) == "port"  # type: ignore[arg-type]
