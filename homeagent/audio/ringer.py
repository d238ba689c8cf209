"""The ringtone on its own device (ring on the speakers, talk on the headset).

A separate miniaudio playback stream, opened only while a call rings: it never touches the
conference, so it cannot disturb a call in progress. The WAV is decoded once to 16 kHz mono
and looped; the volume is applied to the samples when it changes, not per callback.
"""

from __future__ import annotations

import array
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

RATE = 16000


def load(path: Path) -> array.array[int]:
    import miniaudio

    decoded = miniaudio.decode_file(
        str(path), output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=RATE
    )
    samples = array.array("h")
    samples.frombytes(decoded.samples.tobytes())
    return samples


def scaled(samples: array.array[int], volume: float) -> bytes:
    v = max(0.0, min(1.0, volume))
    if v >= 0.999:
        return samples.tobytes()
    return array.array("h", (int(s * v) for s in samples)).tobytes()


class Ringer:
    def __init__(self, samples: array.array[int], volume: float = 1.0) -> None:
        self._samples = samples
        self._pcm = scaled(samples, volume)
        self._pos = 0
        self._device: Any = None
        self.last_callback = 0.0

    @property
    def playing(self) -> bool:
        return self._device is not None

    def set_volume(self, volume: float) -> None:
        self._pcm = scaled(self._samples, volume)  # one attribute swap: the callback sees either

    def start(self, device_id: Any) -> None:
        import miniaudio

        from homeagent.audio.bridge import _close_device
        from homeagent.audio.devices import backends

        self.stop()
        self._pos = 0
        dev = miniaudio.PlaybackDevice(
            miniaudio.SampleFormat.SIGNED16, 1, RATE, buffersize_msec=40, device_id=device_id,
            backends=backends(), app_name="HomeAgent ringer",
        )  # fmt: skip
        gen = self._generate()
        next(gen)
        try:
            dev.start(gen)
        except Exception:
            _close_device(dev)
            raise
        self._device = dev

    def stop(self) -> None:
        from homeagent.audio.bridge import _close_device

        dev, self._device = self._device, None
        if dev is not None:
            _close_device(dev)

    def _generate(self) -> Any:
        frames = yield b""
        while True:
            pcm = self._pcm
            need = frames * 2
            if not pcm:
                frames = yield bytes(need)
                continue
            out = bytearray()
            while len(out) < need:
                take = min(need - len(out), len(pcm) - self._pos)
                out += pcm[self._pos : self._pos + take]
                self._pos = (self._pos + take) % len(pcm)
            frames = yield out
