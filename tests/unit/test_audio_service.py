"""AudioService: the operator's choice, the ringer and tones that follow calls, faults."""

from __future__ import annotations

from dataclasses import replace

from homeagent.domain import sip_messages as m
from homeagent.domain.audio_prefs import AudioPrefs
from homeagent.domain.call import CallSession, CallState, Direction
from homeagent.services.audio import AudioDevices, AudioService, Levels
from tests.unit.fakes import RecordingEngine


class MemoryPrefs:
    def __init__(self, prefs: AudioPrefs | None = None) -> None:
        self.prefs = prefs or AudioPrefs()
        self.saved: list[AudioPrefs] = []

    def load(self) -> AudioPrefs:
        return self.prefs

    def save(self, prefs: AudioPrefs) -> None:
        self.saved.append(prefs)
        self.prefs = prefs


READY = m.EngineReady("2.15", 1, False, True, ("G722",))
HEADSET = m.AudioDevice("Jabra Evolve2 40", "pulseaudio", "output")
SPEAKERS = m.AudioDevice("Built-in Audio", "pulseaudio", "output", True)
MIC = m.AudioDevice("Jabra Evolve2 40 Mono", "pulseaudio", "input")


def incoming(call_id: str = "in-1") -> CallSession:
    return CallSession(call_id, Direction.INBOUND, "sip:c@x", state=CallState.INCOMING)


def test_choice_is_saved_sent_and_given_again_to_a_restarted_engine() -> None:
    engine, prefs = RecordingEngine(), MemoryPrefs()
    audio = AudioService(engine, prefs)
    audio.choose(MIC.key, HEADSET.key, SPEAKERS.key)
    audio.set_volume("ringer", 0.4)
    audio.set_echo_cancellation(False)
    assert prefs.prefs == AudioPrefs(MIC.key, HEADSET.key, SPEAKERS.key, False, {"ringer": 0.4})
    assert engine.of(m.SetAudioDevices) == [m.SetAudioDevices(MIC.key, HEADSET.key, SPEAKERS.key)]
    engine.sent.clear()

    restarted = AudioService(engine, prefs)  # next start of the app
    restarted.on_engine_event(READY)
    assert engine.sent == [
        m.SetAudioDevices(MIC.key, HEADSET.key, SPEAKERS.key),
        m.SetEchoCancellation("off"),
        m.SetAudioVolume("ringer", 0.4),
    ]


def test_nothing_chosen_sends_nothing_on_engine_ready() -> None:
    engine = RecordingEngine()
    AudioService(engine).on_engine_event(READY)
    assert engine.sent == []


def test_device_list_fault_levels_and_warnings_are_published() -> None:
    audio = AudioService(RecordingEngine())
    seen: dict[str, list[object]] = {"devices": [], "fault": [], "levels": [], "muted": []}
    audio.devices_changed.connect(seen["devices"].append)
    audio.fault_changed.connect(seen["fault"].append)
    audio.levels_changed.connect(seen["levels"].append)
    audio.muted_speaking.connect(seen["muted"].append)
    audio.on_engine_event(
        m.AudioDevicesChanged(
            "pulseaudio",
            (MIC,),
            (SPEAKERS, HEADSET),
            output_key=HEADSET.key,
            active_output=SPEAKERS.key,
            active_input=MIC.key,
            echo_cancellation=True,
        )
    )
    current = audio.devices()
    assert isinstance(current, AudioDevices)
    assert current.ringers == (SPEAKERS, HEADSET) and current.active_output == SPEAKERS.key
    assert current.echo_automatic and current.echo_cancellation
    audio.on_engine_event(m.AudioStatus("no_audio_device"))
    audio.on_engine_event(m.AudioStatus("no_audio_device"))
    audio.on_engine_event(m.AudioStatus(""))
    assert seen["fault"] == ["no_audio_device", ""]
    audio.on_engine_event(m.AudioLevels(0.5, 0.25))
    assert seen["levels"] == [Levels(0.5, 0.25)]
    audio.on_engine_event(m.MutedSpeaking("c1"))
    assert seen["muted"] == ["c1"]
    assert len(seen["devices"]) == 1


def test_an_incoming_call_rings_on_the_ringer_until_answered() -> None:
    engine = RecordingEngine()
    audio = AudioService(engine)
    call = incoming()
    audio.on_call_changed(call)
    assert engine.sent == [m.PlayRinger(True)]
    audio.on_call_changed(replace(call, state=CallState.CONNECTING))
    assert engine.sent[-1] == m.PlayRinger(False)


def test_a_rejected_call_never_rings() -> None:
    engine = RecordingEngine()
    AudioService(engine).on_call_changed(replace(incoming(), hangup_requested=True))
    assert engine.sent == []


def test_a_second_call_while_talking_gives_a_call_waiting_tone_not_the_ringer() -> None:
    engine = RecordingEngine()
    audio = AudioService(engine)
    first = CallSession("out-1", Direction.OUTBOUND, "sip:a@x", state=CallState.ACTIVE)
    audio.on_call_changed(first)
    second = incoming("in-2")
    audio.on_call_changed(second)
    assert engine.sent == [m.PlayTone("call_waiting", True)]
    audio.on_call_changed(replace(second, state=CallState.ENDED))
    assert engine.sent[-1] == m.PlayTone("call_waiting", False)
    assert not engine.of(m.PlayRinger)


def test_mute_and_hold_changes_play_a_tone_in_the_headset() -> None:
    engine = RecordingEngine()
    audio = AudioService(engine)
    call = CallSession("out-1", Direction.OUTBOUND, "sip:a@x", state=CallState.ACTIVE)
    audio.on_call_changed(call)
    audio.on_call_changed(replace(call, muted=True))
    audio.on_call_changed(replace(call, muted=False))
    audio.on_call_changed(replace(call, local_hold=True))
    assert [c.kind for c in engine.of(m.PlayTone)] == ["mute_on", "mute_off", "hold"]


def test_self_test_result_reaches_every_waiting_caller_once() -> None:
    engine = RecordingEngine()
    audio = AudioService(engine)
    results: list[m.AudioSelfTestDone] = []
    audio.self_test(results.append)
    audio.self_test(results.append)
    assert engine.of(m.StartAudioSelfTest) == [m.StartAudioSelfTest(3.0)]
    done = m.AudioSelfTestDone(True, "ok", 0.7)
    audio.on_engine_event(done)
    audio.on_engine_event(done)
    assert results == [done, done]


def test_engine_death_fails_a_running_self_test_and_stops_ringing_state() -> None:
    engine = RecordingEngine()
    audio = AudioService(engine)
    results: list[m.AudioSelfTestDone] = []
    audio.self_test(results.append)
    audio.on_call_changed(incoming())
    audio.on_engine_event(m.EngineStopped(False, -11, "", True))
    assert results == [m.AudioSelfTestDone(False, "failed")]
    engine.sent.clear()
    audio.on_call_changed(incoming("in-9"))
    assert engine.sent == [m.PlayRinger(True)]
