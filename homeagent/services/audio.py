"""Audio, GUI side: the device list and levels the engine reports, the operator's choices,
the ringer and headset tones that follow the calls, and the audio fault for the agent status.

Runs on the GUI thread and never blocks: everything is an engine command or an engine event.
The operator's choice is remembered by stable device keys (host API + name) through a
`AudioPrefsPort`, and sent again whenever an engine (re)starts.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from homeagent.domain import sip_messages as m
from homeagent.domain.audio_prefs import VOLUME_KINDS, AudioPrefs
from homeagent.domain.call import CallSession, CallState, Direction
from homeagent.services.observable import Topic
from homeagent.services.ports import SipEnginePort

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudioDevices:
    """The device lists with the choice and what is in use now (after any fallback)."""

    inputs: tuple[m.AudioDevice, ...] = ()
    outputs: tuple[m.AudioDevice, ...] = ()
    input_key: str = ""
    output_key: str = ""
    ringer_key: str = ""
    active_input: str = ""
    active_output: str = ""
    active_ringer: str = ""
    echo_cancellation: bool = False
    echo_automatic: bool = True
    host_api: str = ""

    @property
    def ringers(self) -> tuple[m.AudioDevice, ...]:
        return self.outputs


@dataclass(frozen=True)
class Levels:
    input: float = 0.0
    output: float = 0.0


class AudioPrefsPort(Protocol):
    """Where the choice lives (user preferences); `save` may be slow: called rarely."""

    def load(self) -> AudioPrefs: ...

    def save(self, prefs: AudioPrefs) -> None: ...


class AudioSettingsPort(Protocol):
    """What the settings dialog needs."""

    def devices(self) -> AudioDevices: ...

    def choose(self, input_key: str, output_key: str, ringer_key: str) -> None: ...

    def set_volume(self, kind: str, level: float) -> None: ...

    def set_echo_cancellation(self, on: bool | None) -> None: ...

    def self_test(self, on_done: Callable[[m.AudioSelfTestDone], None]) -> None: ...


class AudioService:
    def __init__(self, engine: SipEnginePort, prefs: AudioPrefsPort | None = None) -> None:
        self._engine = engine
        self._prefs_port = prefs
        self.prefs = prefs.load() if prefs is not None else AudioPrefs()
        self.current = AudioDevices(
            input_key=self.prefs.input_key,
            output_key=self.prefs.output_key,
            ringer_key=self.prefs.ringer_key,
        )
        self.levels = Levels()
        self.fault = ""
        self._calls: dict[str, CallSession] = {}
        self._ringing = False
        self._waiting_tone = False
        self._flags: dict[str, tuple[bool, bool]] = {}  # call_id -> (muted, local_hold)
        self._self_test_done: list[Callable[[m.AudioSelfTestDone], None]] = []
        # published state
        self.devices_changed: Topic[AudioDevices] = Topic()
        self.levels_changed: Topic[Levels] = Topic()
        self.fault_changed: Topic[str] = Topic()  # "" when healthy, e.g. "no_audio_device"
        self.notices: Topic[m.AudioNotice] = Topic()  # device_fallback, device_restored...
        self.muted_speaking: Topic[str] = Topic()  # call id

    # ---- AudioSettingsPort ---------------------------------------------------------------------

    def devices(self) -> AudioDevices:
        return self.current

    def choose(self, input_key: str, output_key: str, ringer_key: str) -> None:
        self._save(
            AudioPrefs(
                input_key,
                output_key,
                ringer_key,
                self.prefs.echo_cancellation,
                dict(self.prefs.volumes),
            )
        )
        self._engine.send(m.SetAudioDevices(input_key, output_key, ringer_key))

    def set_volume(self, kind: str, level: float) -> None:
        if kind not in VOLUME_KINDS:
            raise ValueError(f"unknown volume {kind!r}")
        level = max(0.0, min(1.0, level))
        volumes = {**self.prefs.volumes, kind: level}
        p = self.prefs
        self._save(
            AudioPrefs(p.input_key, p.output_key, p.ringer_key, p.echo_cancellation, volumes)
        )
        self._engine.send(m.SetAudioVolume(kind, level))

    def set_echo_cancellation(self, on: bool | None) -> None:
        """True/False forces it; None: on unless the output looks like a headset."""
        p = self.prefs
        self._save(AudioPrefs(p.input_key, p.output_key, p.ringer_key, on, dict(p.volumes)))
        self._engine.send(m.SetEchoCancellation(_echo_mode(on)))

    def self_test(self, on_done: Callable[[m.AudioSelfTestDone], None]) -> None:
        self._self_test_done.append(on_done)
        if len(self._self_test_done) == 1:
            self._engine.send(m.StartAudioSelfTest(3.0))

    def refresh(self) -> None:
        self._engine.send(m.ListAudioDevices())

    # ---- calls (connect to TelephonyService.calls_changed) -------------------------------------

    def on_call_changed(self, call: CallSession) -> None:
        """Ring on the ringer device, or a soft call-waiting tone in the headset when the
        operator is already talking; a tone when a call is put on hold or (un)muted."""
        if call.is_live:
            self._calls[call.call_id] = call
        else:
            self._calls.pop(call.call_id, None)
        before = self._flags.get(call.call_id)
        now = (call.muted, call.local_hold)
        if call.is_live:
            self._flags[call.call_id] = now
        else:
            self._flags.pop(call.call_id, None)
        if before is not None and call.state is CallState.ACTIVE:
            if now[0] != before[0]:
                self._engine.send(m.PlayTone("mute_on" if now[0] else "mute_off"))
            if now[1] and not before[1]:
                self._engine.send(m.PlayTone("hold"))
        ringing = [
            c
            for c in self._calls.values()
            if c.direction is Direction.INBOUND
            and c.state is CallState.INCOMING
            and not c.hangup_requested
        ]
        talking = any(
            c.state in (CallState.ACTIVE, CallState.CONNECTING) for c in self._calls.values()
        )
        ring = bool(ringing) and not talking
        waiting = bool(ringing) and talking
        if ring != self._ringing:
            self._ringing = ring
            self._engine.send(m.PlayRinger(ring))
        if waiting != self._waiting_tone:
            self._waiting_tone = waiting
            self._engine.send(m.PlayTone("call_waiting", waiting))

    # ---- engine events (route every engine event here too) ------------------------------------

    def on_engine_event(self, event: Any) -> None:
        handler = getattr(self, f"_on_{type(event).__name__}", None)
        if handler is not None:
            handler(event)

    def _on_EngineReady(self, event: m.EngineReady) -> None:  # noqa: N802
        """A new engine knows nothing: give it the operator's choice again."""
        p = self.prefs
        self._ringing = self._waiting_tone = False
        if p.input_key or p.output_key or p.ringer_key:
            self._engine.send(m.SetAudioDevices(p.input_key, p.output_key, p.ringer_key))
        if p.echo_cancellation is not None:
            self._engine.send(m.SetEchoCancellation(_echo_mode(p.echo_cancellation)))
        for kind, level in sorted(p.volumes.items()):
            if kind in VOLUME_KINDS:
                self._engine.send(m.SetAudioVolume(kind, level))

    def _on_EngineStopped(self, event: m.EngineStopped) -> None:  # noqa: N802
        self._calls.clear()
        self._flags.clear()
        self._ringing = self._waiting_tone = False
        self._set_levels(Levels())
        for fn in self._take_self_test_callbacks():
            fn(m.AudioSelfTestDone(False, "failed"))

    def _on_AudioDevicesChanged(self, event: m.AudioDevicesChanged) -> None:  # noqa: N802
        self.current = AudioDevices(
            inputs=event.inputs,
            outputs=event.outputs,
            input_key=event.input_key,
            output_key=event.output_key,
            ringer_key=event.ringer_key,
            active_input=event.active_input,
            active_output=event.active_output,
            active_ringer=event.active_ringer,
            echo_cancellation=event.echo_cancellation,
            echo_automatic=event.echo_mode == "auto",
            host_api=event.host_api,
        )
        self.devices_changed.emit(self.current)

    def _on_AudioStatus(self, event: m.AudioStatus) -> None:  # noqa: N802
        if event.fault != self.fault:
            self.fault = event.fault
            self.fault_changed.emit(event.fault)

    def _on_AudioNotice(self, event: m.AudioNotice) -> None:  # noqa: N802
        self.notices.emit(event)

    def _on_AudioLevels(self, event: m.AudioLevels) -> None:  # noqa: N802
        self._set_levels(Levels(event.input, event.output))

    def _on_MutedSpeaking(self, event: m.MutedSpeaking) -> None:  # noqa: N802
        self.muted_speaking.emit(event.call_id)

    def _on_AudioSelfTestDone(self, event: m.AudioSelfTestDone) -> None:  # noqa: N802
        for fn in self._take_self_test_callbacks():
            try:
                fn(event)
            except Exception:
                log.exception("self-test callback failed")

    # ---- helpers -------------------------------------------------------------------------------

    def _set_levels(self, levels: Levels) -> None:
        if levels != self.levels:
            self.levels = levels
            self.levels_changed.emit(levels)

    def _take_self_test_callbacks(self) -> list[Callable[[m.AudioSelfTestDone], None]]:
        callbacks, self._self_test_done = self._self_test_done, []
        return callbacks

    def _save(self, prefs: AudioPrefs) -> None:
        self.prefs = prefs
        if self._prefs_port is not None:
            try:
                self._prefs_port.save(prefs)
            except Exception:
                log.exception("saving audio preferences failed")


def _echo_mode(on: bool | None) -> str:
    return "auto" if on is None else ("on" if on else "off")
