"""The microphone's own conference port, for the device-clocked bridge.

Why: a frame put into the conference's master port (slot 0) goes through a `pjmedia_delay_buf`
whose WSOLA hands each frame back `hist_size` late: 15 ms on every microphone frame, measured
in every run (DESIGN-NOTES.md §10.2). A port of our own is read by the conference in the same
tick, with no buffer in between.

How: this wheel exports no memory-player, so the port is a `pjmedia_null_port` whose
`get_frame` pointer is replaced by a ctypes callback that copies the bridge's current
microphone frame. The struct layout (pjmedia_port, pjproject 2.15, 64-bit) is checked on the
live object before it is patched, and the patched port must answer one `get_frame` through the
callback before it joins the conference; anything unexpected leaves the microphone on slot 0,
as before. One Python callback per 20 ms tick, no allocation (a memmove from the bridge's own
buffer).
"""

from __future__ import annotations

import ctypes
import logging
from ctypes import CFUNCTYPE, POINTER, byref, c_int, c_void_p

from homeagent.audio.pjnative import (
    CLOCK_RATE,
    FRAME_BYTES,
    FRAME_TYPE_AUDIO,
    SAMPLES_PER_FRAME,
    PjFrame,
    PjNative,
)

log = logging.getLogger(__name__)

# pjmedia_port (pjmedia/port.h, 2.15, LP64): info (64 bytes), port_data (16), grp_lock (8),
# then the function pointers get_clock_src, put_frame, get_frame, on_destroy.
_GET_CLOCK_SRC, _PUT_FRAME, _GET_FRAME, _ON_DESTROY = 88, 96, 104, 112
_CODE_RANGE = 256 << 20  # a pointer into the library's code lies within this of a known symbol

_GetFrame = CFUNCTYPE(c_int, c_void_p, POINTER(PjFrame))


class MicPort:
    """A conference source that plays whatever `source` points at, while `live`.

    The bridge writes each microphone frame into `buffer` and ticks the conference; the
    conference reads this port in that tick. While not live (no device stream armed, PJSIP's
    null clock ticking) it gives silence.
    """

    def __init__(self, native: PjNative) -> None:
        lib = native.lib
        self._lib = lib
        self.buffer = ctypes.create_string_buffer(FRAME_BYTES)
        self._addr = ctypes.addressof(self.buffer)
        self.live = False
        self.reads = 0
        self._callback = _GetFrame(self._get_frame)  # kept alive as long as the port
        self._pool = native.pool("micport")
        self.slot = -1
        self._port = c_void_p()
        try:
            self._create(native)
        except Exception:
            native.release_pool(self._pool)
            raise
        self._native = native

    def _create(self, native: PjNative) -> None:
        lib = self._lib
        status = lib.pjmedia_null_port_create(
            self._pool, CLOCK_RATE, 1, SAMPLES_PER_FRAME, 16, byref(self._port)
        )
        if status != 0 or not self._port.value:
            raise OSError(f"pjmedia_null_port_create failed: {status}")
        base = self._port.value
        words = (ctypes.c_uint64 * 15).from_address(base)
        anchor = ctypes.cast(lib.pjmedia_null_port_create, c_void_p).value or 0
        code = [words[off // 8] for off in (_PUT_FRAME, _GET_FRAME, _ON_DESTROY)]
        if words[_GET_CLOCK_SRC // 8] != 0 or not all(
            abs(ptr - anchor) < _CODE_RANGE for ptr in code
        ):
            raise OSError("unexpected pjmedia_port layout: the microphone stays on slot 0")
        words[_GET_FRAME // 8] = ctypes.cast(self._callback, c_void_p).value or 0
        # the patched port must answer through us before the conference may read it
        probe = ctypes.create_string_buffer(FRAME_BYTES)
        ctypes.memset(self._addr, 0x5A, FRAME_BYTES)
        self.live = True
        frame = PjFrame(type=0, buf=ctypes.addressof(probe), size=FRAME_BYTES)
        status = native.get_frame(self._port, byref(frame))
        self.live = False
        ctypes.memset(self._addr, 0, FRAME_BYTES)
        if status != 0 or frame.type != FRAME_TYPE_AUDIO or probe.raw != b"\x5a" * FRAME_BYTES:
            words[_GET_FRAME // 8] = code[1]
            raise OSError("the patched microphone port did not answer: it stays on slot 0")
        slot = c_int(-1)
        status = lib.pjsua_conf_add_port(self._pool, self._port, byref(slot))
        if status != 0:
            words[_GET_FRAME // 8] = code[1]
            raise OSError(f"pjsua_conf_add_port failed: {status}")
        self.slot = slot.value

    def _get_frame(self, _port: int, frame_p: ctypes._Pointer[PjFrame]) -> int:
        # the conference's tick (the capture thread, or PJSIP's null clock while unarmed)
        frame = frame_p.contents
        if self.live:
            ctypes.memmove(frame.buf, self._addr, FRAME_BYTES)
        else:
            ctypes.memset(frame.buf, 0, FRAME_BYTES)
        frame.type = FRAME_TYPE_AUDIO
        frame.size = FRAME_BYTES
        self.reads += 1
        return 0

    def media(self, ep: object) -> object:
        """The pjsua2 AudioMedia for this slot (startTransmit, adjustRxLevel work on it)."""
        for media in ep.mediaEnumPorts2():  # type: ignore[attr-defined]
            if media.getPortId() == self.slot:
                return media
        raise LookupError(f"conference slot {self.slot} not found")

    def close(self) -> None:
        """Out of the conference and freed. Call with no clock running (after setNoDev)."""
        if self.slot >= 0:
            self._lib.pjsua_conf_remove_port(self.slot)
            self.slot = -1
        if self._port.value:
            self._lib.pjmedia_port_destroy(self._port)
            self._port = c_void_p()
            self._native.release_pool(self._pool)
