"""The engine's sound: devices, the bridge, its watchdog, ringer, tones, levels, self-test.

Runs on the engine's SIP thread only (`tick` about every 100 ms). pjsua2 is handed in by the
engine (`pj`, the Endpoint), so this package never imports it. The conference keeps a clock
at all times: PJSIP's null device whenever no stream pair runs, the headset's clock while one
does (calls connect and RTP flows either way; only sound needs the devices).

Faults (AudioStatus): "" healthy, "no_audio_device", "audio_stream_lost" (a stream died and
would not reopen), "audio_bridge_unavailable" (this pjsua2 build exports no C API).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from homeagent.audio import devices, pjnative, tones
from homeagent.audio.bridge import DeviceClockedBridge
from homeagent.audio.devices import EMPTY, AudioUnavailable, Listing, pick
from homeagent.audio.levels import MutedSpeech, normalise
from homeagent.audio.micport import MicPort
from homeagent.audio.portbridge import HeadsetPort, PortBridge
from homeagent.audio.ringer import Ringer
from homeagent.audio.watchdog import Verdict, Watchdog
from homeagent.domain import sip_messages as m

if TYPE_CHECKING:
    from homeagent.audio.apm import EchoProcessor  # imported (with livekit) only when wanted

log = logging.getLogger(__name__)

POLL_S = 2.0  # hot-plug: no notification API in miniaudio, so list again this often
LEVELS_S = 0.1
STATS_S = 2.0
LINGER_S = 2.0  # keep the devices open this long after the last call
SELF_TEST_PEAK = 0.2  # a microphone that never got above this heard nothing
TRACE_ENV = "HOMEAGENT_AUDIO_TRACE"  # a file: the bridge's rings every 2 s, for tuning
BRIDGE_ENV = "HOMEAGENT_AUDIO_BRIDGE"  # "port": the null-clock bridge even where (a) works


def bridge_kind(native: pjnative.PjNative | None) -> str:
    """ "device" (the headset's clock drives PJSIP; needs its C API) or "port" (null clock +
    AudioMediaPort + adaptive rings: Windows, or chosen with HOMEAGENT_AUDIO_BRIDGE=port)."""
    if native is None or os.environ.get(BRIDGE_ENV, "") == "port":
        return "port"
    return "device"


class AudioManager:
    def __init__(self, pj: Any, ep: Any, emit: Callable[[Any], None], extension: str) -> None:
        self.pj, self.ep, self._emit = pj, ep, emit
        self.native = pjnative.load(extension) if extension else None
        self.kind = bridge_kind(self.native)
        self.headset: HeadsetPort | None = None  # the "port" bridge's conference port
        self._underruns_at_open = 0
        self._master = 0
        self.mic_port: MicPort | None = None  # the device bridge's microphone slot
        self._mic_media: Any = None  # its pjsua2 AudioMedia
        self.listing: Listing = EMPTY
        self.choice = m.SetAudioDevices()
        self.echo_mode = "auto"
        self.volumes = {"output": 1.0, "input": 1.0, "ringer": 1.0}
        self.bridge: DeviceClockedBridge | PortBridge | None = None
        self.open_devices: tuple[m.AudioDevice, m.AudioDevice] | None = None
        self.fault: str | None = None
        self.watchdog = Watchdog()
        self.reopens = 0
        self._echo: pjnative.EchoCanceller | None = None
        self._apm_unavailable = ""  # the port bridge's canceller: why it cannot be had
        self._close_at: float | None = None
        self._next_poll = 0.0
        self._next_levels = 0.0
        self._next_stats = 0.0
        self._last_event: m.AudioDevicesChanged | None = None
        self._muted = MutedSpeech()
        self._sounds: dict[str, Path] = {}
        self._players: dict[str, Any] = {}
        self._ringer: Ringer | None = None
        self._test: _SelfTest | None = None
        self._lost_from: tuple[m.AudioDevice, m.AudioDevice] | None = None

    # ---- lifecycle (SIP thread) ------------------------------------------------------------------

    def start(self) -> None:
        adm = self.ep.audDevManager()
        if self.native is not None:
            self._master = int(adm.setNoDev())  # the conference's master port (always the same)
        adm.setNullDev()
        if self.kind == "port":
            self.headset = HeadsetPort(self.pj)
        elif self.native is not None:
            try:
                self.mic_port = MicPort(self.native)
                self._mic_media = self.mic_port.media(self.ep)
                log.info("microphone on its own conference slot %d", self.mic_port.slot)
            except (OSError, LookupError) as exc:
                log.warning("microphone on slot 0 (15 ms later): %s", exc)
                self._close_mic_port()
        log.info("sound bridge: %s", self.kind)
        try:
            self._sounds = tones.sound_files(Path(tempfile.gettempdir()) / "homeagent-sounds")
        except OSError as exc:
            log.warning("no sounds: %s", exc)
        self._refresh(time.monotonic())
        self._update_fault()

    def shutdown(self) -> None:
        """Stop every callback before the library goes: a get_frame after libDestroy crashes."""
        if self._ringer is not None:
            self._ringer.stop()
        self._close()
        adm = self.ep.audDevManager()
        speaker = self.call_media()[0]
        for player in self._players.values():
            with contextlib.suppress(Exception):
                player.stopTransmit(speaker)
        self._players.clear()
        self._test = None
        if self._echo is not None:
            self._echo.close()
            self._echo = None
        if self.headset is not None or self.mic_port is not None:
            # no clock may call into a port being destroyed (it crashed 8 times in 25)
            with contextlib.suppress(Exception):
                adm.setNoDev()
            self.headset = None
            self._close_mic_port()

    def _close_mic_port(self) -> None:
        self._mic_media = None
        if self.mic_port is not None:
            self.mic_port.close()
            self.mic_port = None

    def call_media(self) -> tuple[Any, Any]:
        """(speaker, microphone) conference media that calls and tones connect to."""
        if self.headset is not None:
            return self.headset.port, self.headset.port
        adm = self.ep.audDevManager()
        return adm.getPlaybackDevMedia(), self._mic_media or adm.getCaptureDevMedia()

    # ---- commands --------------------------------------------------------------------------------

    def handle(self, cmd: Any) -> None:
        now = time.monotonic()
        if isinstance(cmd, m.ListAudioDevices):
            self._refresh(now)
            self._publish(force=True)
        elif isinstance(cmd, m.SetAudioDevices):
            self.choice = cmd
            self._refresh(now)
            self._follow_choice(now)
            self._publish(force=True)
        elif isinstance(cmd, m.SetAudioVolume):
            self._set_volume(cmd.kind, cmd.level)
        elif isinstance(cmd, m.SetEchoCancellation):
            self.echo_mode = cmd.mode if cmd.mode in ("auto", "on", "off") else "auto"
            if isinstance(self.bridge, PortBridge) and self.open_devices is not None:
                wanted = self._echo_wanted()
                if wanted and self.bridge.echo is None:
                    self.bridge.echo = self._port_echo()
                self.bridge.echo_on = wanted and self.bridge.echo is not None
            elif self.bridge is not None and self.open_devices is not None:
                self.bridge.echo_on = self._echo is not None and self._echo_wanted()
            self._publish(force=True)
        elif isinstance(cmd, m.PlayRinger):
            self._play_ringer(cmd.on)
        elif isinstance(cmd, m.PlayTone):
            self._play_tone(cmd.kind, cmd.on)
        elif isinstance(cmd, m.StartAudioSelfTest):
            self._start_self_test(now, cmd.seconds)

    # ---- the periodic work -----------------------------------------------------------------------

    def tick(self, now: float, in_call: bool, muted_call: str = "") -> None:
        wanted = in_call or self._test is not None
        if now >= self._next_poll:
            self._next_poll = now + POLL_S
            if self._refresh(now):
                self._follow_choice(now)
                self._update_fault()
        bridge = self.bridge
        if isinstance(bridge, DeviceClockedBridge) and not bridge.armed and bridge.flowing:
            self.ep.audDevManager().setNoDev()  # the headset's clock takes over from here
            bridge.arm()
        if isinstance(bridge, PortBridge):
            self._check_port_echo(bridge)
        if self.bridge is not None:
            verdict = self.watchdog.check(now, self.bridge.last_play, self.bridge.last_capture)
            if verdict is Verdict.DEAD:
                self._lost(now)
            elif verdict is Verdict.OK:
                self._running(now)
        if wanted:
            self._close_at = None
            if self.bridge is None and (self.watchdog.retry_at is None or self.watchdog.due(now)):
                self._open(now)
        elif self.bridge is not None:
            if self._close_at is None:
                self._close_at = now + LINGER_S
            elif now >= self._close_at:
                self._close()
                self._close_at = None
                self._publish()
        elif self.watchdog.retry_at is not None:
            self.watchdog.reset()  # nobody needs sound now: start afresh next time
        if now >= self._next_levels:
            self._next_levels = now + LEVELS_S
            self._levels(now, muted_call)
            if self._test is not None and self._test.step(now, self):
                self._test = None
        if self.bridge is not None and now >= self._next_stats:
            self._next_stats = now + STATS_S
            b = self.bridge
            self._trace(now, b)
            underruns, buffer_ms, catch_ups = 0, 0.0, 0
            if isinstance(b, DeviceClockedBridge):
                underruns, buffer_ms, catch_ups = b.underruns, b.buffer_ms, b.caught_up + b.skipped
            if self.headset is not None:
                rings = (self.headset.speaker, self.headset.mic)
                underruns = sum(r.underruns for r in rings) - self._underruns_at_open
                buffer_ms = round(sum(r.level_ms for r in rings), 1)
            self._emit(
                m.AudioStats(
                    round(now - b.opened_at, 2),
                    b.play_callbacks,
                    b.capture_callbacks,
                    b.late_play,
                    self.reopens,
                    b.echo_on,
                    self.kind,
                    underruns,
                    buffer_ms,
                    b.priority,
                    catch_ups,
                )
            )

    def _trace(self, now: float, b: DeviceClockedBridge | PortBridge) -> None:
        """HOMEAGENT_AUDIO_TRACE=<file>: the rings' state every 2 s, one JSON line (tuning)."""
        path = os.environ.get(TRACE_ENV, "")
        if not path:
            return
        import json

        rings = {"mic": b.mic.stats(), "speaker": b.speaker.stats()}
        extra = {}
        if isinstance(b, DeviceClockedBridge):
            extra = {"ticks": b.ticks, "lead": round(b.lead, 3), "caught_up": b.caught_up,
                     "skipped": b.skipped, "resyncs": b.resyncs}  # fmt: skip
        with contextlib.suppress(OSError), open(path, "a") as f:
            f.write(
                json.dumps({"pid": os.getpid(), "t": round(now - b.opened_at, 2), **rings, **extra})
                + "\n"
            )

    def _levels(self, now: float, muted_call: str) -> None:
        if self.bridge is None:
            return
        mic_raw, spk_raw = self.bridge.take_levels()
        mic, spk = normalise(mic_raw), normalise(spk_raw)
        self._emit(m.AudioLevels(mic, spk))
        if self._muted.feed(now, mic, bool(muted_call)):
            self._emit(m.MutedSpeaking(muted_call))
        if self._test is not None and (self.bridge.test_phase == "record"):
            self._test.phase = "recording"
            self._test.feed(mic)

    # ---- devices ---------------------------------------------------------------------------------

    def _refresh(self, now: float) -> bool:
        """List devices again; True when anything changed."""
        try:
            listing = devices.list_devices()
        except AudioUnavailable as exc:
            if self.listing is not EMPTY:
                log.warning("sound system unavailable: %s", exc)
            listing = EMPTY
        except Exception:
            log.exception("listing sound devices failed")
            listing = EMPTY
        if listing == self.listing:
            return False
        added, removed = devices.changes(self.listing, listing)
        if added or removed:
            log.info("sound devices: +%s -%s", sorted(added), sorted(removed))
        self.listing = listing
        self._publish()
        return True

    def _wanted_devices(self) -> tuple[m.AudioDevice | None, m.AudioDevice | None]:
        return (
            pick(self.listing.outputs, self.choice.output_key),
            pick(self.listing.inputs, self.choice.input_key),
        )

    def _follow_choice(self, now: float) -> None:
        """Move an open stream pair to the devices the choice (and fallback) now says."""
        if self.bridge is None or self.open_devices is None:
            return
        out, inp = self._wanted_devices()
        if out is None or inp is None:
            return  # nothing to move to: the watchdog handles a dying stream
        if (out.key, inp.key) != (self.open_devices[0].key, self.open_devices[1].key):
            before = self.open_devices
            self._close()
            self._lost_from = before
            self._open(now)

    def _publish(self, force: bool = False) -> None:
        out, inp = self._wanted_devices()
        if self.open_devices is not None:
            out, inp = self.open_devices
        ringer = pick(self.listing.outputs, self.choice.ringer_key)
        event = m.AudioDevicesChanged(
            host_api=self.listing.host_api,
            inputs=self.listing.inputs,
            outputs=self.listing.outputs,
            input_key=self.choice.input_key,
            output_key=self.choice.output_key,
            ringer_key=self.choice.ringer_key,
            active_input=inp.key if inp else "",
            active_output=out.key if out else "",
            active_ringer=ringer.key if ringer else "",
            echo_cancellation=self._echo_wanted(),
            echo_mode=self.echo_mode,
        )
        if force or event != self._last_event:
            self._last_event = event
            self._emit(event)

    def _echo_wanted(self) -> bool:
        if self.kind == "port" and self._apm_unavailable:
            return False
        out, _ = self.open_devices or self._wanted_devices()
        return devices.echo_cancellation_wanted(self.echo_mode, out.name if out else "")

    def _update_fault(self, stream_fault: str = "") -> None:
        if self.native is None and self.headset is None:
            code = "audio_bridge_unavailable"
        elif not self.listing.inputs or not self.listing.outputs:
            code = "no_audio_device"
        else:
            code = stream_fault
        if code != self.fault:
            if code:
                log.warning("audio fault: %s", code)
            self.fault = code
            self._emit(m.AudioStatus(code))

    # ---- the bridge ------------------------------------------------------------------------------

    def _open(self, now: float) -> None:
        out, inp = self._wanted_devices()
        if (self.native is None and self.headset is None) or out is None or inp is None:
            self._update_fault()
            self.watchdog.failed(now)
            return
        bridge: DeviceClockedBridge | PortBridge
        try:
            out_id, in_id = devices.device_id(out), devices.device_id(inp)
            if self.headset is not None:
                echo_on = devices.echo_cancellation_wanted(self.echo_mode, out.name)
                echo = self._port_echo() if echo_on else None  # a fresh one: reset
                bridge = PortBridge(self.headset, out_id, in_id, echo=echo, echo_on=echo_on)
                bridge.start()
            elif self.native is None:
                raise RuntimeError("no bridge")
            elif self._echo is None:
                try:
                    self._echo = pjnative.EchoCanceller(self.native)
                except OSError as exc:
                    log.warning("no echo canceller: %s", exc)
            else:
                self._echo.reset()
            if self.headset is None and self.native is not None:
                bridge = DeviceClockedBridge(
                    self.native, self._master, out_id, in_id, echo=self._echo,
                    echo_on=devices.echo_cancellation_wanted(self.echo_mode, out.name),
                    mic_port=self.mic_port,
                )  # fmt: skip
                bridge.start()
        except Exception as exc:
            log.warning("opening %s / %s failed: %s", out.name, inp.name, exc)
            self._refresh(now)
            self.watchdog.failed(now)
            self._update_fault("audio_stream_lost")
            return
        log.info("sound: %s -> %s (%s, %s bridge)", inp.name, out.name, bridge.backend, self.kind)
        if self.headset is not None:
            self._underruns_at_open = self.headset.speaker.underruns + self.headset.mic.underruns
        self.bridge = bridge
        self.open_devices = (out, inp)
        self.watchdog.opened(now)
        self._apply_volumes()
        self._publish()

    def _check_port_echo(self, bridge: PortBridge) -> None:
        """A processor that raised inside a callback (logged there) is off for good."""
        if bridge.echo_on and bridge.echo is not None and bridge.echo.failed:
            self._apm_unavailable = "failed while running"
            bridge.echo_on = False
            self._publish()

    def _port_echo(self) -> EchoProcessor | None:
        """A fresh WebRTC processor for the port bridge (livekit: imported here, the first
        time it is wanted), or None, said once, when it cannot be had."""
        if self._apm_unavailable:
            return None
        from homeagent.audio import apm

        try:
            return apm.create()
        except apm.Unavailable as exc:
            self._apm_unavailable = str(exc)
            log.warning("no echo canceller on the port bridge (audio goes on without): %s", exc)
            return None

    def _running(self, now: float) -> None:
        """The first healthy verdict after an open: clear faults, say what moved."""
        before, self._lost_from = self._lost_from, None
        self._update_fault()
        if before is not None and self.open_devices is not None:
            out, inp = self.open_devices
            now_off, before_off = self._off_choice(self.open_devices), self._off_choice(before)
            if now_off:
                self._emit(m.AudioNotice("device_fallback", " / ".join(d.name for d in now_off)))
            elif before_off:
                self._emit(m.AudioNotice("device_restored", f"{inp.name} / {out.name}"))
            elif (out.key, inp.key) == (before[0].key, before[1].key):
                self._emit(m.AudioNotice("stream_restarted", f"{inp.name} / {out.name}"))

    def _off_choice(self, pair: tuple[m.AudioDevice, m.AudioDevice]) -> list[m.AudioDevice]:
        """The devices in `pair` that are not the operator's choice (a fallback)."""
        chosen = (self.choice.output_key, self.choice.input_key)
        return [dev for dev, key in zip(pair, chosen, strict=True) if key and dev.key != key]

    def _lost(self, now: float) -> None:
        assert self.bridge is not None
        log.warning(
            "sound stream dead (play %.1f s, capture %.1f s ago): reopening",
            now - self.bridge.last_play if self.bridge.last_play else -1,
            now - self.bridge.last_capture if self.bridge.last_capture else -1,
        )
        self._lost_from = self.open_devices
        self._close()
        self.reopens += 1
        self._refresh(now)
        if self.watchdog.failures >= 1:
            self._update_fault("audio_stream_lost")
        self.watchdog.failed(now)

    def _close(self) -> None:
        bridge, self.bridge = self.bridge, None
        self.open_devices = None
        if bridge is None:
            return
        bridge.close()  # first: no callback may drive the conference after this
        if isinstance(bridge, DeviceClockedBridge) and bridge.armed:
            with contextlib.suppress(Exception):
                self.ep.audDevManager().setNullDev()  # the calls keep their clock

    def _set_volume(self, kind: str, level: float) -> None:
        if kind not in self.volumes:
            return
        level = max(0.0, min(1.0, float(level)))
        self.volumes[kind] = level
        if kind == "ringer":
            if self._ringer is not None:
                self._ringer.set_volume(level)
        else:
            self._apply_volumes()

    def _apply_volumes(self) -> None:
        """Headset and microphone gain where calls connect (slot 0, or the null-clock port)."""
        speaker, mic = self.call_media()
        try:
            speaker.adjustTxLevel(self.volumes["output"])
            mic.adjustRxLevel(self.volumes["input"])
        except self.pj.Error as exc:
            log.warning("volume: %s", exc.reason)

    # ---- ringer and tones ------------------------------------------------------------------------

    def _play_ringer(self, on: bool) -> None:
        if not on:
            if self._ringer is not None:
                self._ringer.stop()
            return
        dev = pick(self.listing.outputs, self.choice.ringer_key)
        if dev is None or "ringtone" not in self._sounds:
            log.warning("no ringer device: the call rings on screen only")
            return
        try:
            if self._ringer is None:
                from homeagent.audio.ringer import load

                self._ringer = Ringer(load(self._sounds["ringtone"]), self.volumes["ringer"])
            self._ringer.start(devices.device_id(dev))
        except Exception as exc:
            log.warning("ringer on %s failed: %s", dev.name, exc)

    def _play_tone(self, kind: str, on: bool) -> None:
        path = self._sounds.get(kind)
        if path is None or kind == "ringtone":
            return
        speaker = self.call_media()[0]
        player = self._players.get(kind)
        if not on:
            if player is not None:
                player.stopTransmit(speaker)
            return
        if player is None:
            player = self.pj.AudioMediaPlayer()
            loop = kind == "call_waiting"
            player.createPlayer(str(path), 0 if loop else self.pj.PJMEDIA_FILE_NO_LOOP)
            self._players[kind] = player
        player.setPos(0)
        player.startTransmit(speaker)

    # ---- self-test -------------------------------------------------------------------------------

    def _start_self_test(self, now: float, seconds: float) -> None:
        if self._test is not None:
            return
        seconds = max(1.0, min(10.0, seconds))
        self._test = _SelfTest(now, seconds)


class _SelfTest:
    """Record from the microphone for a few seconds, then play it back to the headset (done
    inside the bridge's callbacks: no files, nothing on the conference)."""

    def __init__(self, now: float, seconds: float) -> None:
        self.seconds = seconds
        self.phase = "waiting"
        self.deadline = now + 6.0  # the stream must be up by then
        self.peak = 0.0

    def feed(self, level: float) -> None:
        if self.phase == "recording":
            self.peak = max(self.peak, level)

    def step(self, now: float, mgr: AudioManager) -> bool:
        """Advance; True when finished (the result has been emitted)."""
        bridge = mgr.bridge
        if self.phase == "waiting":
            if bridge is not None and mgr.watchdog.running_since is not None:
                bridge.start_self_test(self.seconds)
                self.phase, self.deadline = "recording", now + 2 * self.seconds + 3.0
            elif now > self.deadline:
                return self._done(mgr, False, mgr.fault or "failed")
        elif bridge is None or now > self.deadline:
            return self._done(mgr, False, mgr.fault or "failed")
        elif bridge.test_phase == "done":
            bridge.test_phase = ""
            ok = self.peak >= SELF_TEST_PEAK
            return self._done(mgr, ok, "ok" if ok else "silent_input")
        return False

    def _done(self, mgr: AudioManager, ok: bool, code: str) -> bool:
        mgr._emit(m.AudioSelfTestDone(ok, code, round(self.peak, 3)))
        return True
