"""The null-clock bridge (design (b)): for pjsua2 builds without PJSIP's C symbols (Windows).

PJSIP's null device keeps driving the conference on its own clock thread; one long-lived
`AudioMediaPort` stands for the headset (created once, connected per call: destroying a port
while the clock runs crashed). Two adaptive rings sit between the two clocks: the port writes
what the call says into the speaker ring and takes the microphone ring's oldest 20 ms; the
miniaudio callbacks drain and fill them at the devices' own pace.

The rings (ring.AdaptiveRing) hold their minimum fill near a small headroom and absorb the
drift between PJSIP's clock and the devices'.

Selected with `HOMEAGENT_AUDIO_BRIDGE=port` on Linux (so it is tested there), and always
where `pjnative.load` finds no C API. Costs Python work on PJSIP's clock thread every 20 ms
(the GIL), which the device-clocked bridge avoids.

Echo cancellation (no PJSIP canceller without its C API): WebRTC's audio processing
(apm.EchoProcessor, livekit) inside the device callbacks: what the playback callback plays is
its far end, the capture callback's microphone goes through it before the microphone ring.
"""

from __future__ import annotations

import array
import ctypes
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from homeagent.audio.bridge import (
    PERIOD_MS,
    _close_device,
    _Idle,
    _raise_priority,
    open_devices,
)
from homeagent.audio.pjnative import CLOCK_RATE, FRAME_BYTES
from homeagent.audio.ring import AdaptiveRing

if TYPE_CHECKING:
    from homeagent.audio.apm import EchoProcessor  # livekit stays unimported until wanted

log = logging.getLogger(__name__)

PORT_TARGET_MS = 10

# ---- the AudioMediaPort (pjsua2's clock thread) -------------------------------------------


def _vector_reader(pj: Any) -> Any:
    """bytes of a pjsua2 ByteVector in ~1 us (std::vector {begin, end} read directly) when the
    layout checks out on this build, else `bytes(vec)` (0.3-3 ms with the GIL held)."""

    def fast(vec: Any) -> bytes:
        p = int(vec.this)
        begin = ctypes.c_void_p.from_address(p).value
        end = ctypes.c_void_p.from_address(p + ctypes.sizeof(ctypes.c_void_p)).value
        if not begin or not end:
            return b""
        return ctypes.string_at(begin, end - begin)

    try:
        probe = bytes(range(7, 107))
        if fast(pj.ByteVector(probe)) == probe and fast(pj.ByteVector(b"")) == b"":
            return fast
    except Exception as exc:  # any surprise means: use the slow, safe path
        log.info("ByteVector fast read unavailable: %s", exc)
    return bytes


class HeadsetPort:
    """The long-lived conference port and its two rings; `port` is the pjsua2 AudioMedia that
    calls, tones and volumes use. Create and destroy on the SIP thread; destroy only after
    `setNoDev()` (no clock may call into a port being destroyed)."""

    def __init__(self, pj: Any) -> None:
        # PJSIP's clock thread (Python, the GIL) is the jittery side: 10 ms of margin, 5 more
        # per underrun, re-primed (as before; tried 6 ms / +2 without: 44 underruns in 30 s
        # on the paced-pipe rig and a slow settling)
        self.speaker = AdaptiveRing(PORT_TARGET_MS, step_ms=5, prime_ms=30, reprime=True)
        self.mic = AdaptiveRing(PORT_TARGET_MS, step_ms=5, prime_ms=30, reprime=True)
        self.frames_in = self.frames_out = 0
        self.errors = 0
        read = _vector_reader(pj)
        audio_type = pj.PJMEDIA_FRAME_TYPE_AUDIO
        owner = self

        class _Port(pj.AudioMediaPort):  # type: ignore[misc]
            def onFrameRequested(self, frame: Any) -> None:  # noqa: N802 - pjsua2's name
                try:
                    data = owner.mic.read(FRAME_BYTES)
                    frame.type = audio_type
                    frame.buf = pj.ByteVector(data)
                    frame.size = FRAME_BYTES
                    owner.frames_out += 1
                except Exception:
                    owner._error("onFrameRequested")

            def onFrameReceived(self, frame: Any) -> None:  # noqa: N802
                try:
                    data = read(frame.buf) if frame.type == audio_type else b""
                    if len(data) != FRAME_BYTES:
                        data = bytes(FRAME_BYTES)
                    owner.speaker.write(data)
                    owner.frames_in += 1
                except Exception:
                    owner._error("onFrameReceived")

        fmt = pj.MediaFormatAudio()
        fmt.type = pj.PJMEDIA_TYPE_AUDIO
        fmt.init(pj.PJMEDIA_FORMAT_PCM, CLOCK_RATE, 1, PERIOD_MS * 1000, 16)
        self.port = _Port()
        self.port.createPort("headset", fmt)

    def _error(self, where: str) -> None:
        self.errors += 1
        if self.errors == 1:
            log.exception("%s", where)


# ---- the device streams (miniaudio's threads) ---------------------------------------------


class PortBridge:
    """One open pair of streams feeding a HeadsetPort's rings; the same counters and hooks as
    DeviceClockedBridge (the manager and watchdog treat both alike)."""

    def __init__(
        self,
        headset: HeadsetPort,
        output: Any,
        input: Any,
        echo: EchoProcessor | None = None,
        echo_on: bool = False,
    ) -> None:
        self.headset = headset
        # set `echo` before `echo_on` (SIP thread; the callbacks read them without a lock)
        self.echo = echo
        self.echo_on = echo_on and echo is not None
        self.opened_at = time.monotonic()
        self.last_play = self.last_capture = 0.0
        self.play_callbacks = self.capture_callbacks = 0
        self.late_play = 0
        self.priority = ""
        self.errors = 0
        self.in_level = self.out_level = 0
        self.silent_since = 0.0
        self.test_phase = ""
        self._test: bytearray | None = None
        self._test_len = 0
        self._play_tid = self._cap_tid = 0
        self._play, self._cap = open_devices(self._on_play, self._on_capture, output, input)
        self.backend = str(self._play.backend)

    def start(self) -> None:
        self.opened_at = time.monotonic()
        self.headset.speaker.reset()
        self.headset.mic.reset()
        try:
            self._play.start(_Idle())
            self._cap.start(_Idle())
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        for dev in (self._cap, self._play):
            _close_device(dev)

    def start_self_test(self, seconds: float) -> None:
        self._test = bytearray()
        self._test_len = int(seconds * 1000 / PERIOD_MS) * FRAME_BYTES
        self.test_phase = "record"

    def take_levels(self) -> tuple[int, int]:
        levels = (self.in_level, self.out_level)
        self.in_level = self.out_level = 0
        return levels

    @property
    def mic(self) -> AdaptiveRing:
        return self.headset.mic

    @property
    def speaker(self) -> AdaptiveRing:
        return self.headset.speaker

    def stats(self) -> dict[str, Any]:
        return {"speaker": self.headset.speaker.stats(), "mic": self.headset.mic.stats()}

    def _on_play(self, out: int, frames: int) -> None:
        try:
            now = time.monotonic()
            if threading.get_ident() != self._play_tid:
                self._play_tid = threading.get_ident()
                self.priority = _raise_priority()
            elif now - self.last_play > 2.5 * PERIOD_MS / 1000:
                self.late_play += 1
            self.last_play = now
            self.play_callbacks += 1
            n = frames * 2
            data = self.headset.speaker.read(n)
            if self.test_phase == "play" and self._test is not None:
                data = bytes(self._test[:n]).ljust(n, b"\0")
                del self._test[:n]
                if not self._test:
                    self.test_phase = "done"
            else:
                self.out_level = max(self.out_level, _mean_abs(data))
            ctypes.memmove(out, data, n)
            echo = self.echo
            if self.echo_on and echo is not None:
                echo.far(data)  # exactly what the headset plays
        except Exception:
            self._error("playback callback")

    def _on_capture(self, data: int, frames: int) -> None:
        try:
            if threading.get_ident() != self._cap_tid:
                self._cap_tid = threading.get_ident()
                _raise_priority()
            self.last_capture = time.monotonic()
            self.capture_callbacks += 1
            pcm = ctypes.string_at(data, frames * 2)
            level = _mean_abs(pcm)
            self.in_level = max(self.in_level, level)
            if level:
                self.silent_since = 0.0
            elif not self.silent_since:
                self.silent_since = self.last_capture
            if self.test_phase == "record" and self._test is not None:
                self._test += pcm
                if len(self._test) >= self._test_len:
                    self.test_phase = "play"
            echo = self.echo
            if echo is not None:
                if self.echo_on:
                    pcm = echo.near(pcm)  # whole 10 ms frames: b"" every other 5 ms block
                elif echo.pending:
                    pcm = echo.flush() + pcm  # switched off mid-frame: lose nothing
            if pcm:
                self.headset.mic.write(pcm)
        except Exception:
            self._error("capture callback")

    def _error(self, where: str) -> None:
        self.errors += 1
        if self.errors == 1:
            log.exception("%s", where)


def _mean_abs(pcm: bytes) -> int:
    """Mean |sample| of every 4th sample (what pjmedia_calc_avg_signal gives, cheaply)."""
    samples = array.array("h", pcm)[::4]
    return sum(map(abs, samples)) // len(samples) if samples else 0
