"""PJSIP's exported C functions, through ctypes, for the device-clocked bridge.

The Linux (and macOS) pjsua2 extension exports the pj* symbols; the Windows .pyd exports only
PyInit, so `load()` returns None there and the engine uses the null-clock bridge instead.
Only functions with a fixed, simple ABI are bound. Rules learnt the hard way (DESIGN-NOTES.md):
a frame handed to the conference must be exactly 640 bytes (16 kHz mono 20 ms) or a C
assertion aborts the process; nothing may be called after `libDestroy`; every thread that
calls in must be registered once (`register_thread`). `CDLL` (not `PyDLL`) releases the GIL
for the whole conference tick.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from ctypes import POINTER, byref, c_char_p, c_int, c_size_t, c_uint, c_uint32, c_uint64, c_void_p

log = logging.getLogger(__name__)

CLOCK_RATE = 16000
SAMPLES_PER_FRAME = 320  # 20 ms
FRAME_BYTES = SAMPLES_PER_FRAME * 2
FRAME_TYPE_AUDIO = 1

# pjmedia_echo_flag
ECHO_WEBRTC = 3
ECHO_SPEEX = 1
ECHO_USE_NOISE_SUPPRESSOR = 128


class PjFrame(ctypes.Structure):
    """pjmedia_frame (x86_64 and arm64 layout)."""

    _fields_ = (
        ("type", c_int),
        ("buf", c_void_p),
        ("size", c_size_t),
        ("timestamp", c_uint64),
        ("bit_info", c_uint32),
    )


class PjNative:
    """The bound functions of one loaded pjsua2 library."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        self.get_frame = lib.pjmedia_port_get_frame
        self.put_frame = lib.pjmedia_port_put_frame
        for fn in (self.get_frame, self.put_frame):
            fn.argtypes = (c_void_p, POINTER(PjFrame))
            fn.restype = c_int
        self.avg_signal = lib.pjmedia_calc_avg_signal
        self.avg_signal.argtypes = (c_void_p, c_size_t)
        self.avg_signal.restype = ctypes.c_int32
        lib.pj_thread_is_registered.argtypes = ()
        lib.pj_thread_is_registered.restype = c_int
        lib.pj_thread_register.argtypes = (c_char_p, c_void_p, POINTER(c_void_p))
        lib.pj_thread_register.restype = c_int
        # a conference port of our own (micport.py)
        lib.pjmedia_null_port_create.argtypes = (
            c_void_p, c_uint, c_uint, c_uint, c_uint, POINTER(c_void_p),
        )  # fmt: skip
        lib.pjmedia_null_port_create.restype = c_int
        lib.pjmedia_port_destroy.argtypes = (c_void_p,)
        lib.pjmedia_port_destroy.restype = c_int
        lib.pjsua_conf_add_port.argtypes = (c_void_p, c_void_p, POINTER(c_int))
        lib.pjsua_conf_add_port.restype = c_int
        lib.pjsua_conf_remove_port.argtypes = (c_int,)
        lib.pjsua_conf_remove_port.restype = c_int
        lib.pjsua_pool_create.argtypes = (c_char_p, c_size_t, c_size_t)
        lib.pjsua_pool_create.restype = c_void_p
        lib.pj_pool_release.argtypes = (c_void_p,)
        lib.pj_pool_release.restype = None
        lib.pjmedia_echo_create2.argtypes = (
            c_void_p, c_uint, c_uint, c_uint, c_uint, c_uint, c_uint, POINTER(c_void_p),
        )  # fmt: skip
        lib.pjmedia_echo_create2.restype = c_int
        for name in ("pjmedia_echo_destroy", "pjmedia_echo_reset"):
            getattr(lib, name).argtypes = (c_void_p,)
            getattr(lib, name).restype = c_int
        lib.pjmedia_echo_playback.argtypes = (c_void_p, c_void_p)
        lib.pjmedia_echo_playback.restype = c_int
        lib.pjmedia_echo_capture.argtypes = (c_void_p, c_void_p, c_uint)
        lib.pjmedia_echo_capture.restype = c_int
        lib.pjmedia_echo_cancel.argtypes = (c_void_p, c_void_p, c_void_p, c_uint, c_void_p)
        lib.pjmedia_echo_cancel.restype = c_int
        self.echo_playback = lib.pjmedia_echo_playback
        self.echo_capture = lib.pjmedia_echo_capture
        self.echo_cancel = lib.pjmedia_echo_cancel
        self._descs: dict[int, tuple[ctypes.Array[ctypes.c_long], c_void_p]] = {}
        self._lock = threading.Lock()

    def register_thread(self, name: str) -> None:
        """Register the calling thread with pjlib (once; the descriptor lives as long as we do)."""
        if self.lib.pj_thread_is_registered():
            return
        desc = (ctypes.c_long * 256)()
        handle = c_void_p()
        status = self.lib.pj_thread_register(name.encode()[:30], ctypes.addressof(desc),
                                             byref(handle))  # fmt: skip
        if status != 0:
            raise OSError(f"pj_thread_register failed: {status}")
        with self._lock:
            self._descs[threading.get_ident()] = (desc, handle)

    def pool(self, name: str) -> int:
        pool = self.lib.pjsua_pool_create(name.encode(), 4096, 4096)
        if not pool:
            raise MemoryError("pjsua_pool_create")
        return int(pool)

    def release_pool(self, pool: int) -> None:
        self.lib.pj_pool_release(pool)


def load(extension_path: str) -> PjNative | None:
    """Bind the already-loaded pjsua2 extension at `extension_path`; None if it exports no C API."""
    try:
        lib = ctypes.CDLL(extension_path)
        return PjNative(lib)
    except (OSError, AttributeError) as exc:
        log.info("device-clocked bridge unavailable (no PJSIP C symbols): %s", exc)
        return None


class EchoCanceller:
    """PJSIP's own echo canceller (WebRTC AEC + noise suppressor; speex as a fallback).

    `playback(ptr)` with each 20 ms frame sent to the speaker and `capture(ptr)` with each
    20 ms frame from the microphone (cancelled in place); pjmedia's delay buffer between the
    two absorbs the two device threads' jitter. Must be created on a registered thread after
    the library started, and destroyed before `libDestroy`.
    """

    def __init__(self, native: PjNative, tail_ms: int = 200, latency_ms: int = 40) -> None:
        self._native = native
        self._pool = native.pool("aec")
        ec = c_void_p()
        status = -1
        for algo in (ECHO_SPEEX, ECHO_WEBRTC):
            status = native.lib.pjmedia_echo_create2(
                self._pool, CLOCK_RATE, 1, SAMPLES_PER_FRAME, tail_ms, latency_ms,
                algo | ECHO_USE_NOISE_SUPPRESSOR, byref(ec),
            )  # fmt: skip
            if status == 0:
                self.algorithm = "webrtc" if algo == ECHO_WEBRTC else "speex"
                break
        if status != 0 or not ec.value:
            native.release_pool(self._pool)
            raise OSError(f"pjmedia_echo_create2 failed: {status}")
        self.handle: int = ec.value

    def playback(self, frame_ptr: int) -> None:
        self._native.echo_playback(self.handle, frame_ptr)

    def capture(self, frame_ptr: int) -> None:
        self._native.echo_capture(self.handle, frame_ptr, 0)

    def cancel(self, rec_ptr: int, play_ptr: int) -> None:
        """Both frames at once (the synchronous API, for tests and offline use)."""
        self._native.echo_cancel(self.handle, rec_ptr, play_ptr, 0, None)

    def reset(self) -> None:
        self._native.lib.pjmedia_echo_reset(self.handle)

    def close(self) -> None:
        if self.handle:
            self._native.lib.pjmedia_echo_destroy(self.handle)
            self._native.release_pool(self._pool)
            self.handle = 0
