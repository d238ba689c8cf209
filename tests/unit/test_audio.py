"""Pure audio rules: device picking and identity, the watchdog, meters, tones."""

from __future__ import annotations

import io
import wave

import pytest

from homeagent.audio import devices, tones
from homeagent.audio.devices import Listing, echo_cancellation_wanted, looks_like_headset, pick
from homeagent.audio.levels import MutedSpeech, normalise
from homeagent.audio.watchdog import Verdict, Watchdog
from homeagent.domain.sip_messages import AudioDevice

PA = "pulseaudio"
BUILTIN = AudioDevice("Built-in Audio Analog Stereo", PA, "output", is_default=True)
JABRA = AudioDevice("Jabra Evolve2 40", PA, "output")
MONITOR = AudioDevice("Monitor of Built-in Audio", PA, "input")
MIC = AudioDevice("Built-in Audio Mic", PA, "input")


def test_the_chosen_device_is_found_by_its_key_wherever_it_is_listed() -> None:
    assert pick([BUILTIN, JABRA], JABRA.key) is JABRA
    assert pick([JABRA, BUILTIN], JABRA.key) is JABRA


def test_a_missing_choice_falls_back_to_the_default_then_a_real_device() -> None:
    assert pick([JABRA, BUILTIN], "pulseaudio:Gone headset") is BUILTIN
    assert pick([MONITOR, MIC], "") is MIC  # never a monitor when a real input exists
    assert pick([MONITOR], "") is MONITOR
    assert pick([], JABRA.key) is None


def test_the_same_name_under_another_host_api_is_the_same_device() -> None:
    pipewire_jabra = AudioDevice(JABRA.name, "pipewire", "output")
    assert pick([BUILTIN, pipewire_jabra], JABRA.key) is pipewire_jabra


def test_hot_plug_changes_by_identity() -> None:
    before = Listing(PA, (MIC,), (BUILTIN,))
    after = Listing(PA, (MIC,), (BUILTIN, JABRA))
    assert devices.changes(before, after) == (frozenset({JABRA.key}), frozenset())
    assert devices.changes(after, before) == (frozenset(), frozenset({JABRA.key}))


@pytest.mark.parametrize(
    ("name", "headset"),
    [
        ("Jabra Evolve2 40", True),
        ("Plantronics Blackwire 3220", True),
        ("USB Headset Analog Stereo", True),
        ("WH-1000XM4 (HFP)", True),
        ("Built-in Audio Analog Stereo", False),
        ("Speakers (Realtek High Definition Audio)", False),
        ("HDMI / DisplayPort 2", False),
    ],
)
def test_headset_recognised_by_name(name: str, headset: bool) -> None:
    assert looks_like_headset(name) is headset


def test_echo_cancellation_on_by_default_only_without_a_headset() -> None:
    assert echo_cancellation_wanted("auto", "Built-in Audio Analog Stereo")
    assert not echo_cancellation_wanted("auto", "Jabra Evolve2 40")
    assert echo_cancellation_wanted("on", "Jabra Evolve2 40")
    assert not echo_cancellation_wanted("off", "Built-in Audio Analog Stereo")


def test_watchdog_allows_a_slow_start_then_catches_a_stall() -> None:
    w = Watchdog(start_grace_s=3.0, stall_s=0.5)
    w.opened(10.0)
    assert w.check(11.0, 0.0, 0.0) is Verdict.STARTING
    assert w.check(12.0, 11.9, 11.95) is Verdict.OK
    # a pause in the first seconds (a null sink's stall after its prebuffer) is still the start
    assert w.check(12.8, 12.0, 12.79) is Verdict.STARTING
    assert w.check(13.4, 13.39, 13.38) is Verdict.OK
    assert w.check(14.0, 13.4, 13.99) is Verdict.DEAD  # playback stopped (headset pulled)


def test_watchdog_gives_up_on_a_stream_that_never_starts() -> None:
    w = Watchdog(start_grace_s=3.0)
    w.opened(10.0)
    assert w.check(12.9, 10.5, 0.0) is Verdict.STARTING
    assert w.check(13.1, 13.0, 0.0) is Verdict.DEAD


def test_watchdog_reopens_at_once_then_backs_off_and_resets_when_stable() -> None:
    w = Watchdog(backoff_s=(0.0, 1.0, 2.0, 4.0), stable_s=10.0)
    assert w.failed(100.0) == 100.0
    assert w.due(100.0)
    assert w.failed(100.0) == 101.0
    assert w.failed(101.0) == 103.0
    assert w.failed(103.0) == 107.0
    assert w.failed(107.0) == 111.0  # capped at the last step
    assert not w.due(110.0)
    w.opened(111.0)
    assert w.check(112.0, 111.9, 111.9) is Verdict.OK
    w.check(123.0, 122.9, 122.9)
    assert w.failures == 0 and w.failed(130.0) == 130.0


def test_meter_is_logarithmic_from_minus_60_dbfs() -> None:
    assert normalise(0) == 0.0
    assert normalise(32768) == 1.0
    assert normalise(32.768) == 0.0  # -60 dBFS
    assert normalise(1036) == pytest.approx(0.5, abs=0.01)  # -30 dBFS


def test_muted_speech_warns_after_sustained_speech_then_cools_down() -> None:
    d = MutedSpeech(threshold=0.35, speaking_s=0.6, cooldown_s=10.0)
    t = 0.0
    warned = []
    for _ in range(20):  # 2 s of speech at 10 Hz
        t += 0.1
        if d.feed(t, 0.6, muted=True):
            warned.append(round(t, 1))
    assert warned == [0.7]
    for _ in range(100):  # keeps speaking for 10 s more: one more warning only
        t += 0.1
        if d.feed(t, 0.6, muted=True):
            warned.append(round(t, 1))
    assert len(warned) == 2 and warned[1] >= 10.7


def test_muted_speech_ignores_unmuted_calls_and_short_noises() -> None:
    d = MutedSpeech()
    assert not any(d.feed(i / 10, 0.9, muted=False) for i in range(30))
    blips = [d.feed(i / 10, 0.9 if i % 10 == 0 else 0.0, muted=True) for i in range(50)]
    assert not any(blips)


@pytest.mark.parametrize("kind", tones.KINDS)
def test_tones_are_16k_mono_wavs_without_clipping(kind: str) -> None:
    samples = tones.pcm(kind)
    assert 0.1 < len(samples) / tones.RATE < 4
    assert max(abs(s) for s in samples) < 0.4 * 32768
    with wave.open(io.BytesIO(tones.wav_bytes(samples))) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)


def test_shipped_sounds_are_found_and_missing_ones_generated(tmp_path: object) -> None:
    files = tones.sound_files()
    assert set(files) == set(tones.KINDS)
    assert all(p.is_file() for p in files.values())
