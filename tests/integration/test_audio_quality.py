"""Sound quality through the real path: bounded latency between really different clocks, echo
cancellation against a real acoustic echo path, the ringer on its own device, the self-test."""

from __future__ import annotations

import array
import math
import random
import statistics
import time
from collections.abc import Callable, Iterator, Sequence

import pytest

from homeagent.domain import sip_messages as m
from tests.integration.rig import pulse
from tests.integration.rig.pulse import (
    RATE,
    PulseRig,
    power,
    present_fraction,
    rms,
    to_samples,
    tone,
)
from tests.integration.test_audio_path import AGENT_DEVICES, SINKS, call, engine_on

pytestmark = pytest.mark.skipif(not pulse.available(), reason="pulseaudio not installed")


@pytest.fixture
def rig() -> Iterator[PulseRig]:
    with pulse.pulse((*SINKS, ("speakers", "Speakers"))) as r:
        yield r


def bursts(freq: float, seconds: int, on_s: float = 0.2) -> bytes:
    """`on_s` of tone at the start of every second."""
    one = tone(freq, on_s) + bytes(int((1 - on_s) * RATE) * 2)
    return one * seconds


def onsets(samples: Sequence[int], freq: float, window: int = 160) -> list[int]:
    """Sample positions where `freq` starts after at least 100 ms without it."""
    found: list[int] = []
    quiet = 0
    for i in range(0, len(samples) - window, window):
        on = power(samples[i : i + window], freq) > 1e-3
        if on and quiet >= 10:
            found.append(i)
        quiet = 0 if on else quiet + 1
    return found


def speech_like(seconds: float, seed: int = 7) -> bytes:
    """Noise through a resonator, switched on and off like syllables (what an AEC learns on)."""
    rnd = random.Random(seed)
    y1 = y2 = 0.0
    a1, a2 = 2 * 0.95 * math.cos(2 * math.pi * 900 / RATE), -0.95 * 0.95
    out = array.array("h")
    for i in range(int(seconds * RATE)):
        y = rnd.gauss(0, 1) + a1 * y1 + a2 * y2
        y2, y1 = y1, y
        on = math.sin(2 * math.pi * 3 * i / RATE) > -0.2
        out.append(max(-32000, min(32000, int(y * 900))) if on else 0)
    return out.tobytes()


def burst_pcm(freq: float) -> Callable[[int, int], bytes]:
    """200 ms of `freq` at the start of every RATE samples, for PacedPipe."""
    one = tone(freq, 0.2) + bytes(int(0.8 * RATE) * 2)

    def pcm(first: int, count: int) -> bytes:
        start = (first % RATE) * 2
        out = bytearray()
        while len(out) < count * 2:
            out += one[start:]
            start = 0
        return bytes(out[: count * 2])

    return pcm


def phase_drift_ms(samples: Sequence[int], freq: float, period_s: float) -> tuple[float, int]:
    """How much later bursts sent every `period_s` (by the sender's clock) arrive at the end
    of the recording than at its start (ms, least-squares trend: the rings' sawtooth and single
    steps average out), and how many were found."""
    found = onsets(samples, freq)
    phase = [(pos / RATE) % period_s * 1000 for pos in found]
    phase = [p if p > min(phase, default=0) - 500 else p + period_s * 1000 for p in phase]
    if len(phase) < 10:
        return (float("inf"), len(phase))
    t = [pos / RATE for pos in found]
    t_mean, p_mean = statistics.fmean(t), statistics.fmean(phase)
    slope = sum((a - t_mean) * (b - p_mean) for a, b in zip(t, phase, strict=True)) / sum(
        (a - t_mean) ** 2 for a in t
    )
    return (slope * (t[-1] - t[0]), len(phase))


DRIFT_PPM = 1500  # real crystals differ by < 100 ppm: this makes half a minute's drift plain


@pytest.mark.parametrize("bridge", ["device", "port"])
def test_real_clock_drift_between_headset_and_microphone_is_absorbed(
    rig: PulseRig, bridge: str
) -> None:
    """The microphone runs 1500 ppm fast and the headset 1500 ppm slow against everything
    else (FIFO-backed devices paced by our own clock: really different clocks, not two null
    sinks on one timer). Over 30 s that is 45 ms each way: the delay must not grow by it,
    in either direction, and sound must keep flowing."""
    mic_fifo = rig.add_pipe_source("drift_mic", "Drift mic")
    out_fifo = rig.add_pipe_sink("drift_out", "Drift speaker")
    mic = pulse.PacedPipe(mic_fifo, DRIFT_PPM, burst_pcm(600))
    speaker = pulse.PacedPipe(out_fifo, -DRIFT_PPM)
    mic.start()
    speaker.start()
    rig.play("peer_in", bursts(1000, 60))
    devices = m.SetAudioDevices("pulseaudio:Drift mic", "pulseaudio:Drift speaker", "")
    try:
        with call(rig, agent_devices=devices, bridge=bridge) as (agent, _peer):
            time.sleep(4)  # start-up, then the steady state
            start = len(speaker.received)
            said = rig.record("peer_out.monitor", 30.0)
            heard = to_samples(bytes(speaker.received[start:]))
            stats = agent.wait(m.AudioStats, lambda e: e.seconds > 30)
    finally:
        mic.stop()
        speaker.stop()
    # heard: the peer's 1 s bursts, counted in the slow headset's samples
    down, n_down = phase_drift_ms(heard, 1000, 1 - DRIFT_PPM / 1e6)
    # said: the fast microphone's bursts (1 s of its samples), on the system clock
    up, n_up = phase_drift_ms(said, 600, 1 / (1 + DRIFT_PPM / 1e6))
    print(f"{bridge}: growth down {down:.1f} ms ({n_down} bursts), up {up:.1f} ms ({n_up}); "
          f"{stats}")  # fmt: skip
    assert n_down >= 25 and n_up >= 25
    assert abs(down) < 30 and abs(up) < 30  # unabsorbed, each would be ~45 ms
    assert stats.bridge == bridge and stats.reopens == 0


@pytest.mark.parametrize("bridge", ["device", "port"])
def test_echo_canceller_attenuates_a_real_echo_path(rig: PulseRig, bridge: str) -> None:
    """Laptop speakers: what the agent plays leaks back into its microphone (PulseAudio's
    loopback from the headset to the mic sink, 40 ms). With the canceller on, far less of
    it reaches the customer. Measured here as echo return loss enhancement (ERLE). The
    device bridge uses PJSIP's canceller, the port bridge WebRTC's (livekit)."""
    rig.pactl("load-module", "module-loopback", "source=headset.monitor", "sink=mic",
              "latency_msec=40")  # fmt: skip
    rig.play("peer_in", speech_like(40))
    with call(rig, bridge=bridge) as (agent, _peer):
        time.sleep(4)
        echo_off = rms(rig.record("peer_out.monitor", 4.0))
        agent.send(m.SetEchoCancellation("on"))
        agent.wait(m.AudioDevicesChanged, lambda e: e.echo_cancellation)
        time.sleep(4)  # convergence
        echo_on = rms(rig.record("peer_out.monitor", 4.0))
        stats = agent.wait(m.AudioStats, lambda e: e.echo_cancellation)
    assert echo_off > 0.005, "no echo path: the test would prove nothing"
    erle = 20 * math.log10(echo_off / max(echo_on, 1e-6))
    print(f"{bridge}: ERLE {erle:.1f} dB (echo rms {echo_off:.4f} -> {echo_on:.5f})")
    assert erle > 10
    assert stats.bridge == bridge


def test_ringer_on_its_own_device_and_self_test(rig: PulseRig) -> None:
    agent = engine_on(rig)
    try:
        agent.start()
        agent.send(m.SetAudioDevices(AGENT_DEVICES.input_key, AGENT_DEVICES.output_key,
                                     "pulseaudio:Speakers"))  # fmt: skip
        agent.wait(m.AudioDevicesChanged, lambda e: e.active_ringer == "pulseaudio:Speakers")
        agent.send(m.PlayRinger(True))
        time.sleep(2)  # start-up stall of an idle null sink
        ringing = rig.record("speakers.monitor", 3.2)
        assert present_fraction(ringing, 400) > 0.15
        assert power(rig.record("headset.monitor", 1.0), 400) < 1e-6  # not in the headset
        agent.send(m.PlayRinger(False))
        time.sleep(0.5)
        assert rms(rig.record("speakers.monitor", 1.0)) < 1e-3

        rig.play("mic", tone(600, 15))
        agent.send(m.StartAudioSelfTest(2.0))
        played_back = rig.record("headset.monitor", 7.0)
        done = agent.wait(m.AudioSelfTestDone, timeout=10)
        assert done.ok and done.code == "ok" and done.input_peak > 0.5
        assert present_fraction(played_back, 600) > 0.15
    finally:
        agent.stop()
