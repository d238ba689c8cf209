"""The device-clocked bridge: the headset's own clock drives PJSIP's conference.

After `setNoDev()` nothing drives the conference; here miniaudio's playback callback pulls
each 20 ms frame with `pjmedia_port_get_frame` straight into the device's buffer, and the
capture callback pushes each microphone frame with `pjmedia_port_put_frame` (PJSIP's own sound
port does the same). Separate capture and playback streams may run on different devices: the
conference's port-0 delay buffer absorbs the two clocks' drift (measured: +-1000 ppm bounded).

The callbacks allocate nothing in the common case (miniaudio hands 320-frame blocks at 20 ms):
preallocated frames and buffers, no per-sample Python. Odd block sizes go through a small FIFO.
Counters are plain attributes read by the watchdog on the SIP thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import os
import threading
import time
from typing import Any

from homeagent.audio.pjnative import (
    FRAME_BYTES,
    FRAME_TYPE_AUDIO,
    SAMPLES_PER_FRAME,
    EchoCanceller,
    PjFrame,
    PjNative,
)
from homeagent.audio.ring import AdaptiveRing

log = logging.getLogger(__name__)

PERIOD_MS = 20  # the conference's frame
PERIOD_ENV = "HOMEAGENT_AUDIO_PERIOD_MS"  # the devices' callback period, ms
DEVICE_PERIOD_MS = 10  # measured: 5 ms (down) and 15 ms (up) less than 20 ms, +1 % CPU


def device_period_ms() -> int:
    """The sound server is asked for callbacks this often (PulseAudio sizes its buffers from
    it): shorter is less latency, more wake-ups. Conference frames stay 20 ms (a FIFO)."""
    try:
        return max(5, min(40, int(os.environ.get(PERIOD_ENV, "") or DEVICE_PERIOD_MS)))
    except ValueError:
        return DEVICE_PERIOD_MS


CATCH_UP_AFTER = 3  # frames the conference may fall behind the wall clock before catching up
CATCH_UP_MAX = 25  # extra ticks at most per callback (500 ms)
_SILENCE_CHECK_EVERY = 25  # frames: twice a second
_AUDIO_NICE = -11  # what PulseAudio itself runs at; needs CAP_SYS_NICE or rtkit
_AUDIO_RT_PRIORITY = 10  # SCHED_FIFO, below PulseAudio/PipeWire's own threads (20 / 88)
PRIORITY_ENV = "HOMEAGENT_AUDIO_PRIORITY"  # "normal": leave the threads' priority alone


def _raise_priority() -> str:
    """Best effort, for the calling audio thread: real-time (SCHED_FIFO) where permitted
    (root, CAP_SYS_NICE, an RLIMIT_RTPRIO grant), else nice -11, else nothing. A busy second
    core must not starve the audio threads (measured). Returns what it got."""
    if os.environ.get(PRIORITY_ENV, "") == "normal":
        return "normal"
    tid = threading.get_native_id()
    if hasattr(os, "sched_setscheduler"):
        try:
            os.sched_setscheduler(tid, os.SCHED_FIFO, os.sched_param(_AUDIO_RT_PRIORITY))
            return "realtime"
        except OSError:
            pass
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, tid, _AUDIO_NICE)
            return "nice"
    return "normal"


class DeviceClockedBridge:
    """One open pair of streams bound to the conference's master port."""

    def __init__(
        self,
        native: PjNative,
        master_port: int,
        output: Any,
        input: Any,
        *,
        echo: EchoCanceller | None = None,
        echo_on: bool = False,
    ) -> None:
        """`output`/`input`: miniaudio device ids (None: the system default)."""
        import miniaudio

        from homeagent.audio.devices import backends

        self._ffi = miniaudio.ffi
        self._native = native
        self._port = ctypes.c_void_p(master_port)
        self.echo = echo
        self.echo_on = echo_on and echo is not None
        self._pframe, self._cframe = PjFrame(), PjFrame()
        self._pfifo, self._cfifo = bytearray(), bytearray()
        self._scratch = ctypes.create_string_buffer(FRAME_BYTES)
        self._cbuf = ctypes.create_string_buffer(FRAME_BYTES)
        self._mbuf = ctypes.create_string_buffer(FRAME_BYTES)
        # microphone frames wait here until the playback callback ticks the conference: its
        # minimum fill is held near 5 ms (the conference's own port-0 buffer kept ~60 ms)
        self.mic = AdaptiveRing(headroom_ms=2, prime_ms=20, max_ms=200)
        # the callbacks touch PJSIP only once armed (after setNoDev): until the streams run,
        # the null device keeps clocking the calls (the first callbacks may take ~2 s)
        self.armed = False
        self.ticks = 0
        self.caught_up = 0  # conference ticks added after a stall (their sound is dropped)
        self._anchor = 0.0
        self._zero = bytes(FRAME_BYTES)
        self._play_tid = self._cap_tid = 0
        self.opened_at = time.monotonic()
        self.last_play = self.last_capture = 0.0
        self.play_callbacks = self.capture_callbacks = 0
        self.late_play = 0  # callbacks more than 50 ms apart: an audible gap
        self.priority = ""  # what the playback thread got: realtime, nice or normal
        self.errors = 0
        self.in_level = self.out_level = 0  # loudest frame (mean |sample|) since taken
        # self-test: the microphone is recorded into `_test_buf`, then played instead of the
        # conference's output; "record" -> "play" -> "done", switched by the callbacks
        self.test_phase = ""
        self._test_buf: ctypes.Array[ctypes.c_char] | None = None
        self._test_pos = 0
        self.silent_since = 0.0  # monotonic time the microphone went digitally silent, or 0
        self._silence_n = 0
        kw: dict[str, Any] = {
            "nchannels": 1,
            "sample_rate": 16000,
            "buffersize_msec": device_period_ms(),
            "backends": backends(),
            "app_name": "HomeAgent",
        }
        self._play = _Playback(self._on_play, device_id=output, **kw)
        try:
            self._cap = _Capture(self._on_capture, device_id=input, **kw)
        except Exception:
            _close_device(self._play)
            raise
        self.backend = str(self._play.backend)

    # ---- control (SIP thread) -----------------------------------------------------------------

    def start(self) -> None:
        self.opened_at = time.monotonic()
        try:
            self._play.start(_Idle())
            self._cap.start(_Idle())
        except Exception:
            self.close()
            raise

    @property
    def flowing(self) -> bool:
        """Both streams have called back: time to hand them the conference."""
        return self.play_callbacks > 0 and self.capture_callbacks > 0

    def arm(self) -> None:
        """The caller has just called setNoDev(): from now on the headset clocks PJSIP."""
        self.mic.reset()
        self.ticks = 0
        self._anchor = time.monotonic()
        self.armed = True

    def close(self) -> None:
        """Stop both streams and wait for their threads: no callback runs after this."""
        for dev in (self._cap, self._play):
            _close_device(dev)

    def start_self_test(self, seconds: float) -> None:
        frames = max(1, int(seconds * 1000 / PERIOD_MS))
        self._test_buf = ctypes.create_string_buffer(frames * FRAME_BYTES)
        self._test_pos = 0
        self.test_phase = "record"

    def take_levels(self) -> tuple[int, int]:
        """(microphone, speaker) loudest mean |sample| since the last call, and reset."""
        levels = (self.in_level, self.out_level)
        self.in_level = self.out_level = 0
        return levels

    # ---- callbacks (miniaudio's threads) -------------------------------------------------------

    def _on_play(self, out: int, frames: int) -> None:
        try:
            now = time.monotonic()
            tid = threading.get_ident()
            if tid != self._play_tid:
                self._native.register_thread("ha-play")
                self.priority = _raise_priority()
                self._play_tid = tid
            elif now - self.last_play > 2.5 * PERIOD_MS / 1000:
                self.late_play += 1
            self.last_play = now
            self.play_callbacks += 1
            if not self.armed:
                ctypes.memset(out, 0, frames * 2)
                return
            if frames == SAMPLES_PER_FRAME:
                self._pull(out)
            else:
                need = frames * 2
                fifo = self._pfifo
                while len(fifo) < need:
                    self._pull(ctypes.addressof(self._scratch))
                    fifo += self._scratch.raw
                ctypes.memmove(out, bytes(fifo[:need]), need)
                del fifo[:need]
            self._catch_up(now)
        except Exception:
            self.errors += 1
            if self.errors == 1:
                log.exception("playback callback")

    def _catch_up(self, now: float) -> None:
        """After a stall (the thread starved, the sound server skipped us) the conference has
        missed ticks: RTP piled up in the jitter buffer and stays there as added delay (seen:
        +150-400 ms, shed at 50 ms/s). Tick it up to the wall clock at once instead; the sound
        of those ticks is dropped, the microphone's waiting frames are sent."""
        period = PERIOD_MS / 1000
        behind = (now - self._anchor) / period - self.ticks
        if behind < 0:  # a device clock a little fast, or a burst: follow it
            self._anchor = now - self.ticks * period
        elif behind > CATCH_UP_AFTER:
            extra = min(int(behind) - 1, CATCH_UP_MAX)
            scratch = ctypes.addressof(self._scratch)
            for _ in range(extra):
                self._tick(scratch, catching_up=True)
            self.caught_up += extra
            if extra == CATCH_UP_MAX:  # too far behind to catch up: start counting afresh
                self._anchor = now - self.ticks * period

    def _tick(self, dest: int, catching_up: bool = False) -> bool:
        """One conference tick: the oldest microphone frame in, the speaker's frame out
        (when catching up, only microphone frames to spare: the ring must not run dry)."""
        self.ticks += 1
        if catching_up and not self.mic.spare(FRAME_BYTES):
            ctypes.memset(self._mbuf, 0, FRAME_BYTES)
        else:
            ctypes.memmove(self._mbuf, self.mic.read(FRAME_BYTES), FRAME_BYTES)
        f = self._cframe
        f.type = FRAME_TYPE_AUDIO
        f.buf = ctypes.addressof(self._mbuf)
        f.size = FRAME_BYTES
        f.bit_info = 0
        self._native.put_frame(self._port, ctypes.byref(f))
        f = self._pframe
        f.type = FRAME_TYPE_AUDIO
        f.buf = dest
        f.size = FRAME_BYTES
        f.bit_info = 0
        status = self._native.get_frame(self._port, ctypes.byref(f))
        return bool(status == 0 and f.type == FRAME_TYPE_AUDIO)

    def _pull(self, dest: int) -> None:
        audio = self._tick(dest)
        if self.test_phase == "play" and self._test_buf is not None:
            ctypes.memmove(dest, ctypes.addressof(self._test_buf) + self._test_pos, FRAME_BYTES)
            self._test_pos += FRAME_BYTES
            if self._test_pos >= len(self._test_buf):
                self.test_phase = "done"
        elif not audio:
            ctypes.memset(dest, 0, FRAME_BYTES)
        else:
            level = self._native.avg_signal(dest, SAMPLES_PER_FRAME)
            self.out_level = max(self.out_level, level)
        echo = self.echo
        if self.echo_on and echo is not None:
            echo.playback(dest)

    def _on_capture(self, data: int, frames: int) -> None:
        try:
            tid = threading.get_ident()
            if tid != self._cap_tid:
                self._native.register_thread("ha-capture")
                _raise_priority()
                self._cap_tid = tid
            self.last_capture = time.monotonic()
            self.capture_callbacks += 1
            if not self.armed:
                return
            if frames == SAMPLES_PER_FRAME:
                ctypes.memmove(self._cbuf, data, FRAME_BYTES)
                self._push()
                return
            fifo = self._cfifo
            fifo += ctypes.string_at(data, frames * 2)
            while len(fifo) >= FRAME_BYTES:
                ctypes.memmove(self._cbuf, bytes(fifo[:FRAME_BYTES]), FRAME_BYTES)
                del fifo[:FRAME_BYTES]
                self._push()
        except Exception:
            self.errors += 1
            if self.errors == 1:
                log.exception("capture callback")

    def _push(self) -> None:
        buf = ctypes.addressof(self._cbuf)
        level = self._native.avg_signal(buf, SAMPLES_PER_FRAME)
        self.in_level = max(self.in_level, level)
        self._silence_n += 1
        if self._silence_n >= _SILENCE_CHECK_EVERY:
            self._silence_n = 0
            if self._cbuf.raw == self._zero:
                if not self.silent_since:
                    self.silent_since = self.last_capture
            else:
                self.silent_since = 0.0
        if self.test_phase == "record" and self._test_buf is not None:
            ctypes.memmove(ctypes.addressof(self._test_buf) + self._test_pos, buf, FRAME_BYTES)
            self._test_pos += FRAME_BYTES
            if self._test_pos >= len(self._test_buf):
                self._test_pos = 0
                self.test_phase = "play"
        echo = self.echo
        if self.echo_on and echo is not None:
            echo.capture(buf)
        self.mic.write(self._cbuf.raw)


class _Idle:
    """miniaudio wants a generator to be 'started'; our callbacks bypass it."""

    def send(self, _value: Any) -> None:
        return None


@functools.cache
def _subclass(base: Any, direction: str) -> Any:
    import miniaudio

    ffi = miniaudio.ffi

    class Device(base):  # type: ignore[misc]
        def __init__(self, handler: Any, **kw: Any) -> None:
            self._handler = handler
            super().__init__(**kw)

        def _data_callback(self, device: Any, output: Any, input: Any, frames: int) -> None:
            if self.callback_generator is not None:
                ptr = output if direction == "out" else input
                self._handler(int(ffi.cast("uintptr_t", ptr)), frames)

    return Device


def _Playback(handler: Any, **kw: Any) -> Any:  # noqa: N802
    import miniaudio

    return _subclass(miniaudio.PlaybackDevice, "out")(handler, **kw)


def _Capture(handler: Any, **kw: Any) -> Any:  # noqa: N802
    import miniaudio

    return _subclass(miniaudio.CaptureDevice, "in")(handler, **kw)


def _close_device(dev: Any) -> None:
    """Close, and release the context pyminiaudio 1.71 leaks (one server connection each)."""
    import miniaudio

    dev.close()
    ctx = getattr(dev, "_context", None)
    if ctx is not None:
        miniaudio.lib.ma_context_uninit(ctx)
        dev._context = None
