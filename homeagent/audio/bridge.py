"""The device-clocked bridge: the sound devices' callbacks drive PJSIP's conference.

After `setNoDev()` nothing drives the conference; here the *capture* callback does: as soon
as the microphone ring holds a whole 20 ms frame, one conference tick runs in that callback
(`pjmedia_port_get_frame` on the master port; the conference reads the microphone frame from
our own port, micport.py, in that same tick), so a microphone frame goes out the moment its
last sample arrives (measured: the old playback-driven tick kept it waiting 5-20 ms, and slot
0's delay buffer another 15 ms). The conference's output goes into a small
speaker ring that the playback callback drains at the headset's pace.

Clocks: the conference must run at the *wall clock's* rate (CLOCK_MONOTONIC, NTP-disciplined)
or the far end's jitter buffer and ours fill or drain with the devices' drift. The bridge
counts ticks against the wall clock and steers the microphone ring's drop/repeat rate from
that schedule error (a proportional controller; one sample at a time, spread evenly); the
speaker ring holds its own minimum fill near a few ms the same way. So a microphone and a
headset on different crystals (two clocks, each off the wall clock) are both absorbed, with
no margin steps and no whole-frame jumps. If the microphone stalls or dies, the playback
callback ticks the conference instead (with silence), so the call keeps its sound.

The callbacks allocate no buffers (preallocated frames, rings of ctypes memory, memmove by
pointer) and run no per-sample Python. Counters are plain attributes read by the watchdog
on the SIP thread.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

from homeagent.audio.pjnative import (
    FRAME_BYTES,
    FRAME_TYPE_AUDIO,
    SAMPLES_PER_FRAME,
    EchoCanceller,
    PjFrame,
    PjNative,
)
from homeagent.audio.ring import AdaptiveRing

if TYPE_CHECKING:
    from homeagent.audio.micport import MicPort

log = logging.getLogger(__name__)

PERIOD_MS = 20  # the conference's frame
PERIOD_ENV = "HOMEAGENT_AUDIO_PERIOD_MS"  # the playback device's callback period, ms
CAPTURE_PERIOD_ENV = "HOMEAGENT_AUDIO_CAPTURE_PERIOD_MS"  # the capture device's, ms
DEVICE_PERIOD_MS = 10  # measured: 5 ms (down) and 15 ms (up) less than 20 ms, +1 % CPU
CAPTURE_PERIOD_MS = 5  # 10: same CPU, but the frame boundary steps 10 ms (drift test: worse)


def _period(env: str, default: int) -> int:
    try:
        return max(5, min(40, int(os.environ.get(env, "") or default)))
    except ValueError:
        return default


def device_period_ms() -> int:
    """The sound server is asked for playback callbacks this often (PulseAudio sizes its
    buffers from it): shorter is less latency, more wake-ups. Conference frames stay 20 ms."""
    return _period(PERIOD_ENV, DEVICE_PERIOD_MS)


def capture_period_ms() -> int:
    """The capture callback's period: the tick runs in the callback that completes a frame,
    so a frame waits at most this long for it."""
    return _period(CAPTURE_PERIOD_ENV, CAPTURE_PERIOD_MS)


# the speaker ring's minimum fill (grows 2 ms per underrun, to 24). Measured with the other
# core saturated: 4 ms gave 3-6 underruns a minute (the capture callbacks, which tick, arrive
# late through the sound server's main thread), 10 ms none; the price is 6 ms down.
SPEAKER_TARGET_MS = 10
LEAD_MAX = 2.0  # frames the conference may run ahead of the wall clock (mic bursts: dropped)
LAG_MAX = 2.0  # frames behind before the playback callback ticks instead (mic stalled)
RESYNC_AFTER = 25  # frames behind (or ahead) at which the schedule starts afresh
DEAD_BAND = 0.25  # frames of schedule error left alone (5 ms)
SETTLE_TICKS = 100  # the schedule error is corrected over this many ticks (2 s)
EMA_TICKS = 50  # the schedule error is averaged over about this many ticks
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
        mic_port: MicPort | None = None,
    ) -> None:
        """`output`/`input`: miniaudio device ids (None: the system default). `mic_port`: the
        microphone's own conference port (no delay buffer); None: slot 0, as PJSIP's sound
        port does (15 ms later)."""

        self._native = native
        self._port = ctypes.c_void_p(master_port)
        self.echo = echo
        self.echo_on = echo_on and echo is not None
        self._pframe, self._cframe = PjFrame(), PjFrame()
        self.mic_port = mic_port
        # the microphone frame: where the conference reads it in the same tick, if we can
        self._mbuf = mic_port.buffer if mic_port else ctypes.create_string_buffer(FRAME_BYTES)
        self._obuf = ctypes.create_string_buffer(FRAME_BYTES)  # the conference's output
        self._maddr, self._oaddr = ctypes.addressof(self._mbuf), ctypes.addressof(self._obuf)
        # microphone samples wait here for the tick that completes a frame; the tick schedule
        # against the wall clock sets its drop/repeat rate (a microphone's own drift)
        self.mic = AdaptiveRing(max_ms=200, auto=False)
        # the conference's output waits here for the playback callback: its minimum fill is
        # held near a few ms (the headset's drift against the wall clock)
        self.speaker = AdaptiveRing(
            SPEAKER_TARGET_MS, max_ms=100, window=100, settle=200, step_ms=2,
            max_target_ms=24, calm_reads=2000, jump_ms=20,
        )  # fmt: skip
        self._lock = threading.Lock()  # one tick at a time (capture thread, or playback's)
        # the callbacks touch PJSIP only once armed (after setNoDev): until the streams run,
        # the null device keeps clocking the calls (the first callbacks may take ~2 s)
        self.armed = False
        self.ticks = 0
        self.caught_up = 0  # ticks run by the playback callback (the microphone stalled)
        self.skipped = 0  # microphone frames dropped (a burst after a stall)
        self.resyncs = 0
        self._anchor = 0.0  # wall-clock time of tick 0
        self._lead = 0.0  # averaged schedule error: frames ahead of the wall clock
        self.opened_at = time.monotonic()
        self.last_play = self.last_capture = 0.0
        self.play_callbacks = self.capture_callbacks = 0
        self._play_tid = self._cap_tid = 0
        self.late_play = 0  # callbacks more than 50 ms apart: an audible gap
        self.priority = ""  # what the playback thread got: realtime, nice or normal
        self.errors = 0
        self.in_level = self.out_level = 0  # loudest frame (mean |sample|) since taken
        # self-test: the microphone is recorded into `_test_buf`, then played instead of the
        # conference's output; "record" -> "play" -> "done", switched by the ticks
        self.test_phase = ""
        self._test_buf: ctypes.Array[ctypes.c_char] | None = None
        self._test_pos = 0
        self.silent_since = 0.0  # monotonic time the microphone went digitally silent, or 0
        self._silence_n = 0
        self._play, self._cap = open_devices(self._on_play, self._on_capture, output, input)
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
        """The caller has just called setNoDev(): from now on the devices clock PJSIP."""
        with self._lock:
            self.mic.reset()
            self.speaker.reset()
            self.ticks = 0
            # tick 0 is re-anchored when the microphone completes its first frame; this one
            # only matters if it never does (then the playback callback ticks)
            self._anchor = time.monotonic() + PERIOD_MS / 1000
            self._lead = 0.0
            self.armed = True
            if self.mic_port is not None:
                self.mic_port.live = True

    def close(self) -> None:
        """Stop both streams and wait for their threads: no callback runs after this."""
        if self.mic_port is not None:
            self.mic_port.live = False  # PJSIP's null clock reads silence, not our last frame
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

    @property
    def lead(self) -> float:
        """Frames the conference runs ahead of the wall clock (averaged)."""
        return self._lead

    @property
    def underruns(self) -> int:
        return self.mic.underruns + self.speaker.underruns

    @property
    def buffer_ms(self) -> float:
        return round(self.mic.level_ms + self.speaker.level_ms, 1)

    # ---- callbacks (miniaudio's threads) -------------------------------------------------------

    def _on_capture(self, data: int, frames: int) -> None:
        try:
            tid = threading.get_ident()
            if tid != self._cap_tid:
                self._native.register_thread("ha-capture")
                _raise_priority()
                self._cap_tid = tid
            now = self.last_capture = time.monotonic()
            self.capture_callbacks += 1
            if not self.armed:
                return
            mic = self.mic
            mic.write_from(data, frames * 2)
            period = PERIOD_MS / 1000
            with self._lock:
                while mic.fill >= mic.want(FRAME_BYTES):
                    if self.ticks == 0:
                        self._anchor = now
                    lead = self.ticks - (now - self._anchor) / period
                    if abs(lead) > RESYNC_AFTER:
                        self._resync(now)
                        continue
                    if lead > LEAD_MAX or (lead > -1 and mic.fill >= 3 * FRAME_BYTES):
                        # more microphone than the schedule can take (a burst after a
                        # stall): the oldest goes, or it would be delay from now on
                        mic.discard(FRAME_BYTES)
                        self.skipped += 1
                        continue
                    self._lead += (lead - self._lead) / EMA_TICKS
                    # > 0: running fast. A dead band: corrections near a block boundary
                    # moved the tick between two callbacks, back and forth (send jitter
                    # the far end's jitter buffer pays for, measured +12 ms); outside it
                    # the frame boundary moves one way only, rarely (drift)
                    off = self._lead - max(-DEAD_BAND, min(DEAD_BAND, self._lead))
                    mic.correction = max(-2.0, min(2.0, off * SAMPLES_PER_FRAME / SETTLE_TICKS))
                    self._tick()
        except Exception:
            self.errors += 1
            if self.errors == 1:
                log.exception("capture callback")

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
            behind = (now - self._anchor) * 1000 / PERIOD_MS - self.ticks
            if behind > LAG_MAX and self._lock.acquire(blocking=False):
                # the microphone stalled (or died): keep the conference, and the call's
                # sound, going from here, with what the microphone ring has (or silence)
                try:
                    if behind > RESYNC_AFTER:
                        self._resync(now)
                    while (now - self._anchor) * 1000 / PERIOD_MS - self.ticks > 1:
                        self._tick()
                        self.caught_up += 1
                finally:
                    self._lock.release()
            self.speaker.read_into(out, frames * 2)
        except Exception:
            self.errors += 1
            if self.errors == 1:
                log.exception("playback callback")

    def _resync(self, now: float) -> None:
        """Far off the schedule (a long stall of both threads): start counting afresh."""
        self._anchor = now - self.ticks * PERIOD_MS / 1000
        self._lead = 0.0
        self.mic.correction = 0.0
        self.resyncs += 1

    def _get(self, dest: int) -> bool:
        """The conference's output frame into `dest` (one tick); False: no audio."""
        f = self._pframe
        f.type = FRAME_TYPE_AUDIO
        f.buf = dest
        f.size = FRAME_BYTES
        f.bit_info = 0
        status = self._native.get_frame(self._port, ctypes.byref(f))
        return bool(status == 0 and f.type == FRAME_TYPE_AUDIO)

    def _tick(self) -> None:
        """One conference tick (lock held): the oldest microphone frame in, the speaker's
        frame out into the speaker ring."""
        native, mbuf, obuf = self._native, self._maddr, self._oaddr
        self.mic.read_into(mbuf, FRAME_BYTES)
        level = native.avg_signal(mbuf, SAMPLES_PER_FRAME)
        self.in_level = max(self.in_level, level)
        self._silence_n += 1
        if self._silence_n >= _SILENCE_CHECK_EVERY:
            self._silence_n = 0
            if level == 0:
                if not self.silent_since:
                    self.silent_since = self.last_capture
            else:
                self.silent_since = 0.0
        test = self._test_buf
        if self.test_phase == "record" and test is not None:
            ctypes.memmove(ctypes.addressof(test) + self._test_pos, mbuf, FRAME_BYTES)
            self._test_pos += FRAME_BYTES
            if self._test_pos >= len(test):
                self._test_pos = 0
                self.test_phase = "play"
        echo = self.echo
        if self.echo_on and echo is not None:
            echo.capture(mbuf)
        if self.mic_port is None:
            f = self._cframe
            f.type = FRAME_TYPE_AUDIO
            f.buf = mbuf
            f.size = FRAME_BYTES
            f.bit_info = 0
            native.put_frame(self._port, ctypes.byref(f))
        audio = self._get(obuf)
        if self.test_phase == "play" and test is not None:
            ctypes.memmove(obuf, ctypes.addressof(test) + self._test_pos, FRAME_BYTES)
            self._test_pos += FRAME_BYTES
            if self._test_pos >= len(test):
                self.test_phase = "done"
        elif not audio:
            ctypes.memset(obuf, 0, FRAME_BYTES)
        else:
            self.out_level = max(self.out_level, native.avg_signal(obuf, SAMPLES_PER_FRAME))
        if self.echo_on and echo is not None:
            echo.playback(obuf)
        self.speaker.write_from(obuf, FRAME_BYTES)
        self.ticks += 1


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


def open_devices(on_play: Any, on_capture: Any, output: Any, input: Any) -> tuple[Any, Any]:
    """The headset's playback and capture streams (mono, 16 kHz, each with its own period);
    neither is left open if the other fails."""
    from homeagent.audio.devices import backends

    kw: dict[str, Any] = {
        "nchannels": 1,
        "sample_rate": 16000,
        "backends": backends(),
        "app_name": "HomeAgent",
    }
    play = _Playback(on_play, device_id=output, buffersize_msec=device_period_ms(), **kw)
    try:
        cap = _Capture(on_capture, device_id=input, buffersize_msec=capture_period_ms(), **kw)
    except Exception:
        _close_device(play)
        raise
    return play, cap


def _close_device(dev: Any) -> None:
    """Close, and release the context pyminiaudio 1.71 leaks (one server connection each)."""
    import miniaudio

    dev.close()
    ctx = getattr(dev, "_context", None)
    if ctx is not None:
        miniaudio.lib.ma_context_uninit(ctx)
        dev._context = None
