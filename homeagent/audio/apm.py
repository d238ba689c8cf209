"""WebRTC audio processing (AEC3 echo canceller, noise suppressor, high-pass filter) for the
null-clock bridge, through livekit's `rtc.AudioProcessingModule` (the port bridge has no
PJSIP C API, so no PJSIP canceller: Windows).

16 kHz mono s16 in 10 ms frames (160 samples), the only size the module takes. `far(pcm)` is
fed exactly what the playback callback plays; `near(pcm)` takes the microphone and returns it
processed. Both accept any even length and chunk it into 10 ms frames in preallocated buffers:
the 5 ms capture blocks come out every other call as one 10 ms frame (up to 5 ms later).
`far` runs on the playback thread and `near` on the capture thread: WebRTC's APM is built for
exactly that (its render and capture sides lock separately).

livekit is imported lazily (`create`), so only a port bridge that wants echo cancellation
loads it; the device bridge and the GUI never do. Measured here: 70-90 us per 10 ms frame
(far + near), `import livekit.rtc` ~140 ms, a module 5 ms.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

log = logging.getLogger(__name__)

RATE = 16000
FRAME_SAMPLES = RATE // 100  # 10 ms
FRAME_BYTES = FRAME_SAMPLES * 2


class _Module(Protocol):
    def process_stream(self, data: Any) -> None: ...
    def process_reverse_stream(self, data: Any) -> None: ...
    def set_stream_delay_ms(self, delay_ms: int) -> None: ...


class Unavailable(Exception):
    """livekit is missing or its native library would not load: no echo canceller."""


class _Framer:
    """Cuts a stream of s16 bytes into 10 ms frames in one preallocated buffer; `frame` is
    the frame object the module processes in place (it wraps `buf`)."""

    def __init__(self, make_frame: Callable[[bytearray], Any]) -> None:
        self.buf = bytearray(FRAME_BYTES)
        self.view = memoryview(self.buf)
        self.frame = make_frame(self.buf)
        self.fill = 0

    def take(self, pcm: bytes | bytearray | memoryview, pos: int) -> int:
        """Copy from `pcm[pos:]` until the frame is full or `pcm` ends; returns the new pos."""
        n = min(FRAME_BYTES - self.fill, len(pcm) - pos)
        self.view[self.fill : self.fill + n] = pcm[pos : pos + n]
        self.fill += n
        return pos + n


class EchoProcessor:
    """One call's worth of WebRTC audio processing; thread-safe in the sense above (one far
    thread, one near thread). A module that raises is dropped: audio passes unprocessed from
    then on (logged once, `failed` set) rather than being lost."""

    def __init__(self, module: _Module, make_frame: Callable[[bytearray], Any]) -> None:
        self._module = module
        self._far = _Framer(make_frame)
        self._near = _Framer(make_frame)
        self.frames_far = self.frames_near = 0
        self.failed = False
        self._delay_ms = -1

    @property
    def pending(self) -> int:
        """Microphone bytes waiting for a whole frame."""
        return self._near.fill

    def far(self, pcm: bytes | bytearray | memoryview) -> None:
        """What the headset plays now (any even length)."""
        if self.failed:
            return
        framer, pos, end = self._far, 0, len(pcm)
        try:
            while pos < end:
                pos = framer.take(pcm, pos)
                if framer.fill == FRAME_BYTES:
                    framer.fill = 0
                    self._module.process_reverse_stream(framer.frame)
                    self.frames_far += 1
        except Exception:
            self._fail("far end")

    def near(self, pcm: bytes | bytearray | memoryview) -> bytes:
        """The microphone's `pcm` in, whole processed 10 ms frames out (b"" while a frame is
        still incomplete; a 5 ms block and the one before it come out together)."""
        if self.failed:
            return self.flush() + bytes(pcm)
        framer, pos, end = self._near, 0, len(pcm)
        out = b""
        try:
            while pos < end:
                pos = framer.take(pcm, pos)
                if framer.fill == FRAME_BYTES:
                    framer.fill = 0
                    self._module.process_stream(framer.frame)
                    self.frames_near += 1
                    out = bytes(framer.buf) if not out else out + framer.buf
        except Exception:
            self._fail("near end")  # pass the frame it failed on through as it is
            return out + bytes(framer.buf) + bytes(pcm[pos:])
        return out

    def flush(self) -> bytes:
        """The incomplete microphone frame, unprocessed (when processing is switched off,
        so no sound is lost)."""
        n, self._near.fill = self._near.fill, 0
        return bytes(self._near.buf[:n]) if n else b""

    def set_delay_ms(self, delay_ms: int) -> None:
        """A hint for the echo's delay (AEC3 finds it itself); only sent when it changes."""
        if delay_ms == self._delay_ms or self.failed:
            return
        self._delay_ms = delay_ms
        try:
            self._module.set_stream_delay_ms(delay_ms)
        except Exception:
            self._fail("stream delay")

    def _fail(self, where: str) -> None:
        self.failed = True
        self._near.fill = 0
        log.exception("WebRTC audio processing failed (%s): echo cancellation off", where)


def create(noise_suppression: bool = True) -> EchoProcessor:
    """A fresh processor (AEC3 + noise suppression + high-pass filter) on livekit's module.
    Raises Unavailable (with the reason) when livekit cannot be loaded or refuses."""
    try:
        from livekit import rtc
    except Exception as exc:  # ImportError, or its native library failing to load (OSError)
        raise Unavailable(f"livekit not usable: {exc!r}") from exc
    try:
        module = rtc.AudioProcessingModule(
            echo_cancellation=True,
            noise_suppression=noise_suppression,
            high_pass_filter=True,
        )
    except Exception as exc:
        raise Unavailable(f"livekit AudioProcessingModule: {exc!r}") from exc

    def make_frame(buf: bytearray) -> Any:
        return rtc.AudioFrame(buf, RATE, 1, FRAME_SAMPLES)

    return EchoProcessor(module, make_frame)
