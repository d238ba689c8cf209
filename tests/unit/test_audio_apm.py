"""The WebRTC processor's wrapper (homeagent/audio/apm.py): 10 ms framing of any block size,
in-place processing, falling back to unprocessed sound, lazy import. A fake module stands in
for livekit's."""

from __future__ import annotations

import array
import subprocess
import sys
from typing import Any

import pytest

from homeagent.audio import apm
from homeagent.audio.apm import FRAME_BYTES, FRAME_SAMPLES, EchoProcessor


class _Frame:
    def __init__(self, buf: bytearray) -> None:
        self.buf = buf


class FakeModule:
    """Records what it is given; the near end comes back with every sample + 1."""

    def __init__(self, fail_after: int = -1) -> None:
        self.far: list[bytes] = []
        self.near: list[bytes] = []
        self.delays: list[int] = []
        self.fail_after = fail_after

    def process_reverse_stream(self, data: Any) -> None:
        assert len(data.buf) == FRAME_BYTES
        self.far.append(bytes(data.buf))

    def process_stream(self, data: Any) -> None:
        assert len(data.buf) == FRAME_BYTES
        if len(self.near) == self.fail_after:
            raise RuntimeError("apm broke")
        self.near.append(bytes(data.buf))
        samples = array.array("h", data.buf)
        data.buf[:] = array.array("h", (s + 1 for s in samples)).tobytes()

    def set_stream_delay_ms(self, delay_ms: int) -> None:
        self.delays.append(delay_ms)


def ramp(n: int, start: int = 0) -> bytes:
    return array.array("h", range(start, start + n)).tobytes()


def plus_one(pcm: bytes) -> bytes:
    return array.array("h", (s + 1 for s in array.array("h", pcm))).tobytes()


def make(module: FakeModule) -> EchoProcessor:
    return EchoProcessor(module, _Frame)


def test_five_ms_capture_blocks_come_out_as_whole_processed_frames() -> None:
    fake = FakeModule()
    proc = make(fake)
    half = FRAME_SAMPLES // 2
    first, second = ramp(half), ramp(half, half)
    assert proc.near(first) == b""
    assert proc.pending == len(first)
    out = proc.near(second)
    assert fake.near == [first + second]
    assert out == plus_one(first + second)
    assert proc.pending == 0 and proc.frames_near == 1


def test_any_block_size_is_cut_into_10_ms_frames_in_order() -> None:
    fake = FakeModule()
    proc = make(fake)
    stream = ramp(7 * FRAME_SAMPLES + 50)
    out = b""
    for i in range(0, len(stream), 224):  # 7 ms blocks
        out += proc.near(stream[i : i + 224])
        proc.far(stream[i : i + 224])
    whole = 7 * FRAME_BYTES
    assert b"".join(fake.near) == stream[:whole] == b"".join(fake.far)
    assert out == plus_one(stream[:whole])
    assert proc.pending == len(stream) - whole
    assert proc.flush() == stream[whole:]
    assert proc.pending == 0 and proc.flush() == b""


def test_a_20_ms_block_gives_two_frames_at_once() -> None:
    fake = FakeModule()
    proc = make(fake)
    block = ramp(2 * FRAME_SAMPLES)
    proc.far(block)
    assert len(fake.far) == 2
    assert proc.near(block) == plus_one(block)
    assert len(fake.near) == 2


def test_a_failing_module_passes_sound_through_unprocessed_from_then_on() -> None:
    fake = FakeModule(fail_after=1)
    proc = make(fake)
    one, two, three = ramp(FRAME_SAMPLES), ramp(FRAME_SAMPLES, 500), ramp(80, 900)
    assert proc.near(one) == plus_one(one)
    assert proc.near(two) == two  # the frame it failed on, as it was
    assert proc.failed
    assert proc.near(three) == three
    proc.far(one)  # ignored, no exception
    assert len(fake.far) == 0


def test_the_delay_hint_is_sent_only_when_it_changes() -> None:
    fake = FakeModule()
    proc = make(fake)
    for d in (20, 20, 30):
        proc.set_delay_ms(d)
    assert fake.delays == [20, 30]


def test_create_says_unavailable_when_livekit_cannot_be_imported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "livekit", None)  # import raises ImportError
    with pytest.raises(apm.Unavailable, match="livekit"):
        apm.create()


def test_the_audio_package_does_not_import_livekit_until_asked() -> None:
    code = (
        "import sys, homeagent.audio.manager, homeagent.audio.portbridge, homeagent.audio.apm;"
        "print('livekit' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_engine_does_not_load_numpy_through_miniaudio() -> None:
    """pyminiaudio imports numpy if it is installed (livekit brings it): 11 MB in the engine."""
    code = (
        "import importlib.util, sys, homeagent.audio.manager, miniaudio;"
        "print(importlib.util.find_spec('numpy') is not None, 'numpy' in sys.modules,"
        " miniaudio.numpy is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    installed, loaded, hidden = out.stdout.split()
    assert (loaded, hidden) == ("False", "True"), out.stdout
    if installed == "False":
        pytest.skip("numpy is not installed here: nothing to keep out")
