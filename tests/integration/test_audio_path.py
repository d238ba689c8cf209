"""The real sound path: two engines, each with its own devices on a private PulseAudio.

The agent's headset and microphone are null sinks ("Headset", and "Mic" whose monitor is
the microphone); the peer engine has its own pair. A tone played into one side's microphone
must come out of the other side's headset (recorded from the sink's monitor) at the right
frequency, through the whole product path: miniaudio -> device-clocked bridge -> PJSIP -> RTP.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.sip_account import EngineSettings
from homeagent.sip.client import EngineClient
from tests.integration.engines import LOOPBACK, EngineUnderTest
from tests.integration.rig import pulse
from tests.integration.rig.pulse import PulseRig, dominant, present_fraction, tone

pytestmark = pytest.mark.skipif(not pulse.available(), reason="pulseaudio not installed")

SINKS = (("headset", "Headset"), ("mic", "Mic"), ("peer_out", "Peer speaker"),
         ("peer_in", "Peer mic"))  # fmt: skip
AGENT_DEVICES = m.SetAudioDevices("pulseaudio:Monitor of Mic", "pulseaudio:Headset", "")
PEER_DEVICES = m.SetAudioDevices("pulseaudio:Monitor of Peer mic", "pulseaudio:Peer speaker", "")


@pytest.fixture
def rig() -> Iterator[PulseRig]:
    with pulse.pulse(SINKS) as r:
        yield r


def engine_on(
    rig: PulseRig, settings: EngineSettings = LOOPBACK, bridge: str = ""
) -> EngineUnderTest:
    """An engine on the rig's sound server; `bridge` "port" forces the null-clock bridge
    (what Windows runs), "" lets the engine choose (the device-clocked one here)."""
    eut = EngineUnderTest(settings)
    env = dict(rig.env, HOMEAGENT_AUDIO_BRIDGE=bridge)
    eut.client = EngineClient(eut.events.put, settings, restart=False, env=env)
    return eut


@contextmanager
def call(
    rig: PulseRig,
    settings: EngineSettings = LOOPBACK,
    agent_devices: m.SetAudioDevices = AGENT_DEVICES,
    bridge: str = "",
) -> Iterator[tuple[EngineUnderTest, EngineUnderTest]]:
    """An answered call from the agent to the peer, each on its own devices. Echo
    cancellation is off on both (its noise suppressor treats a steady test tone as noise).
    `bridge` is the agent's (see engine_on); the peer always uses the default."""
    agent, peer = engine_on(rig, settings, bridge), engine_on(rig, settings)
    try:
        agent.start()
        peer.start()
        for eut, devices in ((agent, agent_devices), (peer, PEER_DEVICES)):
            eut.send(devices)
            eut.send(m.SetEchoCancellation("off"))
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        agent.send(m.MakeCall("c1", "acc", peer.uri("peer")))
        incoming = peer.wait(m.IncomingCall)
        peer.send(m.Answer(incoming.call_id))
        agent.wait_state("c1", CallState.ACTIVE)
        yield agent, peer
    finally:
        agent.stop()
        peer.stop()


def wait_for_tone(rig: PulseRig, source: str, freq: float, timeout: float = 10.0) -> float:
    """Record until `freq` is steadily present in `source`; returns the present fraction."""
    end = time.monotonic() + timeout
    best = 0.0
    while time.monotonic() < end:
        best = max(best, present_fraction(rig.record(source, 0.5), freq))
        if best > 0.9:
            break
    return best


@pytest.mark.parametrize(
    ("codec", "bridge"),
    [("G722/16000", "device"), ("PCMA/8000", "device"), ("G722/16000", "port")],
)
def test_tone_reaches_the_other_side_both_ways(rig: PulseRig, codec: str, bridge: str) -> None:
    rig.play("peer_in", tone(1000, 30))  # the customer speaks
    rig.play("mic", tone(600, 30))  # the operator speaks
    with call(rig, replace(LOOPBACK, codecs=(codec,)), bridge=bridge) as (agent, _peer):
        assert agent.wait(m.CallMediaChanged).codec == codec.split("/", maxsplit=1)[0]
        assert wait_for_tone(rig, "headset.monitor", 1000) > 0.9
        heard = rig.record("headset.monitor", 1.0)
        assert dominant(heard, (600, 1000, 440)) == 1000
        assert present_fraction(heard, 1000) > 0.95
        assert wait_for_tone(rig, "peer_out.monitor", 600) > 0.9
        said = rig.record("peer_out.monitor", 1.0)
        assert dominant(said, (600, 1000, 440)) == 600
        levels = agent.wait(m.AudioLevels, lambda e: e.input > 0.5 and e.output > 0.5)
        assert levels.input < 1.0
        stats = agent.wait(m.AudioStats, lambda e: e.seconds > 1)
        assert stats.play_callbacks > 0 and stats.capture_callbacks > 0
        assert stats.bridge == bridge
        # a softer tone in the headset only: the peer's speaker must not get it
        agent.send(m.PlayTone("call_waiting"))
        assert present_fraction(rig.record("headset.monitor", 3.2), 440) > 0.1
        agent.send(m.PlayTone("call_waiting", on=False))


def test_headset_pulled_mid_call_moves_audio_and_keeps_the_call(rig: PulseRig) -> None:
    rig.add_sink("usb", "USB Headset")
    rig.play("peer_in", tone(1000, 40))
    usb = replace(AGENT_DEVICES, output_key="pulseaudio:USB Headset")
    with call(rig, agent_devices=usb) as (agent, _peer):
        assert wait_for_tone(rig, "usb.monitor", 1000) > 0.9
        clients = rig.clients()
        rig.remove_sink("usb")  # pulled out
        # under load the watchdog may see the dead stream (and say "restarted") before the
        # device poll sees the sink gone; what must come is the fallback, and said so
        notice = agent.wait(m.AudioNotice, lambda e: e.code == "device_fallback", timeout=8)
        assert "Headset" in notice.detail
        assert wait_for_tone(rig, "headset.monitor", 1000) > 0.9  # the fallback: default sink
        devices = agent.wait(m.AudioDevicesChanged, lambda e: "USB" not in str(e.outputs))
        assert devices.active_output == "pulseaudio:Headset"
        # plugged back in: audio returns to the chosen headset, still the same call
        rig.add_sink("usb", "USB Headset")
        agent.wait(m.AudioNotice, lambda e: e.code == "device_restored", timeout=8)
        assert wait_for_tone(rig, "usb.monitor", 1000) > 0.9
        ended = [e for e in agent.drain(0) if getattr(e, "state", None) is CallState.ENDED]
        assert not ended
        stats = agent.wait(m.CallStats, lambda e: e.rx_packets > 0)
        assert stats.loss_pct == 0
        # switching devices back and forth leaks no sound-server connection
        for key in ("pulseaudio:Headset", "pulseaudio:USB Headset") * 3:
            agent.send(replace(usb, output_key=key))
        agent.wait(m.AudioDevicesChanged, lambda e: e.active_output == "pulseaudio:USB Headset")
        time.sleep(1)
        assert rig.clients() <= clients + 1  # (the +1: a listing in flight)


def test_no_sound_server_still_connects_and_reports_the_fault(rig: PulseRig) -> None:
    env = dict(rig.env, PULSE_SERVER="unix:/nonexistent/native")
    agent, peer = EngineUnderTest(), EngineUnderTest()
    for eut in (agent, peer):
        eut.client = EngineClient(eut.events.put, LOOPBACK, restart=False, env=env)
    try:
        agent.start()
        peer.start()
        assert agent.wait(m.AudioStatus).fault == "no_audio_device"
        agent.add_local_account("agent")
        peer.add_local_account("peer")
        agent.send(m.MakeCall("c1", "acc", peer.uri("peer")))
        peer.send(m.Answer(peer.wait(m.IncomingCall).call_id))
        agent.wait_state("c1", CallState.ACTIVE)
        assert agent.wait(m.CallStats, lambda e: e.rx_packets > 10).loss_pct == 0
        agent.send(m.StartAudioSelfTest(1.0))
        assert agent.wait(m.AudioSelfTestDone).code == "busy"
    finally:
        agent.stop()
        peer.stop()
