"""Measure, in a fresh process, how late a microphone frame reaches a conference listener.

Run as a script (pjsua2 may be initialised once per process). It ramps samples into the
conference the old way (put_frame on the master port, slot 0) and through MicPort, one tick
at a time with no devices, and prints JSON: the delay in samples of each path, and whether
MicPort joined the conference.
"""

from __future__ import annotations

import array
import ctypes
import json
import sys
from typing import Any

import pjsua2 as pj

from homeagent.audio import pjnative
from homeagent.audio.micport import MicPort
from homeagent.audio.pjnative import FRAME_BYTES, SAMPLES_PER_FRAME, PjFrame

TICKS = 12


class Sink(pj.AudioMediaPort):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__()
        self.frames: list[bytes] = []

    def onFrameReceived(self, frame: Any) -> None:
        self.frames.append(bytes(frame.buf))

    def onFrameRequested(self, frame: Any) -> None:
        frame.type = pj.PJMEDIA_FRAME_TYPE_NONE


def delay_samples(frames: list[bytes]) -> int | None:
    """The ramp's sample n carries the value n + 1: its first one tells the delay."""
    for i, value in enumerate(array.array("h", b"".join(frames))):
        if value > 0:
            return i - (value - 1)
    return None


def main() -> None:
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
    cfg.medConfig.clockRate = cfg.medConfig.sndClockRate = 16000
    ep.libInit(cfg)
    adm = ep.audDevManager()
    master = ctypes.c_void_p(int(adm.setNoDev()))
    ep.libStart()
    native = pjnative.load(sys.modules["pjsua2._pjsua2"].__file__ or "")
    assert native is not None
    native.register_thread("delay-test")
    mic = MicPort(native)
    fmt = pj.MediaFormatAudio()
    fmt.init(pj.PJMEDIA_FORMAT_PCM, 16000, 1, 20000, 16)
    sink = Sink()
    sink.createPort("sink", fmt)
    out = ctypes.create_string_buffer(FRAME_BYTES)

    def run(sink: Sink, source: Any, through_slot0: bool) -> int | None:
        sink.frames.clear()
        source.startTransmit(sink)
        frame_in = ctypes.create_string_buffer(FRAME_BYTES)
        for tick in range(TICKS):
            first = tick * SAMPLES_PER_FRAME + 1
            ramp = array.array("h", range(first, first + SAMPLES_PER_FRAME)).tobytes()
            if through_slot0:
                ctypes.memmove(frame_in, ramp, FRAME_BYTES)
                f = PjFrame(type=1, buf=ctypes.addressof(frame_in), size=FRAME_BYTES)
                native.put_frame(master, ctypes.byref(f))
            else:
                ctypes.memmove(mic.buffer, ramp, FRAME_BYTES)
                mic.live = True
            f = PjFrame(type=1, buf=ctypes.addressof(out), size=FRAME_BYTES)
            native.get_frame(master, ctypes.byref(f))
        source.stopTransmit(sink)
        mic.live = False
        return delay_samples(sink.frames)

    result = {
        "slot": mic.slot,
        "slot0_delay": run(sink, adm.getCaptureDevMedia(), True),
        "micport_delay": run(sink, mic.media(ep), False),
        "reads": mic.reads,
    }
    adm.setNoDev()
    mic.close()
    del sink
    ep.libDestroy()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
