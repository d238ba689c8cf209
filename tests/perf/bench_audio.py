"""Audio benchmark: HomeAgent's sound path through a private PulseAudio, measured end to end.

    python -m tests.perf.bench_audio            # ~6 minutes
    python -m tests.perf.bench_audio --quick    # ~2 minutes
    python -m tests.perf.bench_audio --long     # + a 10-minute call for latency over time
    python -m tests.perf.bench_audio --one-bridge --codec PCMA --bridge device
                                                # one bridge, + its RTP timed on the wire (root)

Two engine processes call each other on loopback, each with its own null-sink "headset" and
"microphone". Tones are played into one side's microphone sink (pacat) and detected by this
process, which listens to both the sink it played into and the far side's headset monitor
with miniaudio capture streams timestamped on one clock: the difference is the mouth-to-ear
latency through both HomeAgent bridges (capture on one side, playback on the other), G722,
RTP on loopback and a jitter buffer. Then a continuous tone each way, idle and with one core
saturated by stress-ng: dropouts (gaps >= 10 ms in the received tone) and the engine's own
late playback callbacks. Engine CPU with and without a call. Finally, 50 starts and stops of
the bridge's stream pair in this process (success = both callbacks and sound within 3 s).
Figures are printed; nothing is asserted. Results: tests/perf/out/bench_audio.json (+ PNG).
"""

from __future__ import annotations

import argparse
import array
import contextlib
import gc
import math
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from homeagent.domain import sip_messages as m
from tests.integration.engines import LOOPBACK
from tests.integration.rig.pulse import RATE, PulseRig, power, tone
from tests.integration.test_audio_path import SINKS, call
from tests.perf import support
from tests.perf.support import fmt

NAME = "bench_audio"
BLOCK = 160  # 10 ms
SUB = 40  # 2.5 ms: onset resolution inside a block
THRESHOLD = 2e-3


@dataclass
class Params:
    latency_s: float = 60.0
    continuous_s: float = 60.0
    starts: int = 50
    one_bridge_s: float = 30.0
    only_one_bridge: bool = False
    bridges: tuple[str, ...] = ("device", "port")
    jb: tuple[int, int, int, int] = (-1, -1, -1, -1)  # init, min_pre, max_pre, max (ms)


# ---- listening to a source with timestamps ------------------------------------------------------


class Monitor:
    """A miniaudio capture stream on `source` noting, per 10 ms block, when `freq` is heard."""

    def __init__(self, source: str, freq: float) -> None:
        import miniaudio

        from homeagent.audio.bridge import _close_device
        from homeagent.audio.devices import backends, device_id
        from homeagent.domain.sip_messages import AudioDevice

        self.freq = freq
        self.blocks: list[tuple[float, bool]] = []
        self.onsets: list[float] = []
        self._quiet = 100
        self._close = _close_device
        self.dev = miniaudio.CaptureDevice(
            miniaudio.SampleFormat.SIGNED16, 1, RATE, buffersize_msec=10,
            device_id=device_id(AudioDevice(source, "pulseaudio", "input")),
            backends=backends(), app_name="bench-monitor",
        )  # fmt: skip
        gen = self._consume()
        next(gen)
        self.dev.start(gen)

    def _consume(self) -> Any:
        pending = array.array("h")
        while True:
            data = yield
            now = time.monotonic()
            pending.frombytes(bytes(data))
            while len(pending) >= BLOCK:
                block, pending = pending[:BLOCK], pending[BLOCK:]
                end = now - len(pending) / RATE
                on = power(block, self.freq) > THRESHOLD
                self.blocks.append((end, on))
                if on and self._quiet >= 10:
                    for k in range(0, BLOCK, SUB):
                        if power(block[k : k + SUB], self.freq) > THRESHOLD / 2:
                            self.onsets.append(end - (BLOCK - k) / RATE)
                            break
                self._quiet = 0 if on else self._quiet + 1

    def close(self) -> None:
        self._close(self.dev)


def latencies(src: Monitor, dst: Monitor) -> list[tuple[float, float]]:
    """(time, ms) for each onset in `src` heard in `dst` within 500 ms."""
    out = []
    for s in src.onsets:
        d = next((d for d in dst.onsets if s < d < s + 0.5), None)
        if d is not None:
            out.append((s, (d - s) * 1000))
    return out


def dropouts(mon: Monitor, start: float, end: float) -> tuple[int, float]:
    """Gaps in a continuous tone between `start` and `end`: (count, longest ms)."""
    blocks = [(t, on) for t, on in mon.blocks if start <= t <= end]
    first = next((i for i, (_, on) in enumerate(blocks) if on), None)
    if first is None:
        return (-1, 0.0)
    gaps, run, longest = 0, 0, 0
    for _, on in blocks[first:]:
        if on:
            if run:
                gaps += 1
                longest = max(longest, run)
            run = 0
        else:
            run += 1
    return gaps, longest * BLOCK / RATE * 1000


@contextlib.contextmanager
def monitors(*specs: tuple[str, float]) -> Iterator[list[Monitor]]:
    mons = [Monitor(source, freq) for source, freq in specs]
    try:
        yield mons
    finally:
        for mon in mons:
            mon.close()


def bursts(freq: float, seconds: float) -> bytes:
    one = tone(freq, 0.2, 0.4) + bytes(int(0.8 * RATE) * 2)
    return one * math.ceil(seconds)


def cpu_pct(pid: int | None, seconds: float) -> float | None:
    before = support.cpu_seconds(pid)
    time.sleep(seconds)
    after = support.cpu_seconds(pid)
    if before is None or after is None:
        return None
    return round(100 * (after - before) / seconds, 2)


# ---- RTP on the wire: the agent's packets timestamped by the kernel (PCMA only) ---------------


def _alaw_table() -> list[int]:
    out = []
    for code in range(256):
        a = code ^ 0x55
        t = (a & 0x0F) << 4
        seg = (a & 0x70) >> 4
        t = t + 8 if seg == 0 else t + 0x108 if seg == 1 else (t + 0x108) << (seg - 1)
        out.append(t if a & 0x80 else -t)
    return out


class RtpSniffer:
    """Every PCMA RTP packet sent on the loopback interface, with the kernel's timestamp
    (SO_TIMESTAMPNS, mapped to CLOCK_MONOTONIC): when a sound reaches the wire, without the
    far end's jitter buffer in the figure. Needs a packet socket (root); `ok` says if it runs."""

    def __init__(self) -> None:
        import socket

        self.packets: list[tuple[float, int, bytes]] = []  # (time, source port, payload)
        self.ok = False
        self._halt = threading.Event()
        self._thread: threading.Thread | None = None
        try:
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
            self.sock.bind(("lo", 0))
            self.sock.setsockopt(socket.SOL_SOCKET, 35, 1)  # SO_TIMESTAMPNS
            self.sock.settimeout(0.2)
        except (OSError, AttributeError):
            return
        self.ok = True
        self._offset = time.time() - time.monotonic()
        self._thread = threading.Thread(target=self._run, name="rtp-sniffer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import socket
        import struct

        while not self._halt.is_set():
            try:
                data, anc, _flags, addr = self.sock.recvmsg(2048, 64)
            except TimeoutError:
                continue
            except OSError:
                return
            if addr[2] != 4 or len(data) < 14 + 20 + 8 + 12 or data[12:14] != b"\x08\x00":
                continue  # outgoing IPv4 only (loopback shows each packet twice)
            ip = data[14:]
            if ip[9] != 17:
                continue
            udp = ip[(ip[0] & 15) * 4 :]
            rtp = udp[8:]
            if len(rtp) < 12 or rtp[0] >> 6 != 2 or rtp[1] & 0x7F != 8:
                continue
            t = time.monotonic()
            for level, kind, value in anc:
                if level == socket.SOL_SOCKET and kind == 35 and len(value) >= 16:
                    sec, nsec = struct.unpack("qq", value[:16])
                    t = sec + nsec / 1e9 - self._offset
            sport = struct.unpack("!H", udp[:2])[0]
            self.packets.append((t, sport, bytes(rtp[12 + 4 * (rtp[0] & 15) :])))

    def close(self) -> None:
        self._halt.set()
        if self._thread is not None:
            self._thread.join(2)
            self.sock.close()

    def onsets(self, freq: float) -> list[float]:
        """Wire time of every onset of `freq` (after >= 100 ms without it), per flow: the
        packet's timestamp plus the onset's position in it (a far end plays that sample that
        much after the packet's first: the same convention as the peer's figures)."""
        table = _alaw_table()
        rate, win = 8000, 40
        w = 2 * math.pi * freq / rate
        cos_t = [math.cos(w * i) for i in range(win)]
        sin_t = [math.sin(w * i) for i in range(win)]
        quiet: dict[int, int] = {}
        found = []
        for t, port, payload in self.packets:
            samples = [table[b] for b in payload]
            for k in range(0, len(samples) - win + 1, win):
                block = samples[k : k + win]
                re_ = sum(x * c for x, c in zip(block, cos_t, strict=True))
                im = sum(x * c for x, c in zip(block, sin_t, strict=True))
                on = (re_ * re_ + im * im) / (win * win * 32768.0**2) > THRESHOLD
                if on and quiet.get(port, 100) >= 20:
                    found.append(t + k / rate)
                quiet[port] = 0 if on else quiet.get(port, 100) + 1
        return sorted(found)


# ---- one bridge alone: a null-device pjsua2 peer with timestamps on its own clock ---------------

PEER_SEND_HZ, PEER_HEAR_HZ = 1000, 600
PEER_CODEC = ["G722"]  # the codec of the single-bridge phase (`--codec`)


def peer_main(
    seconds: float, call_uri: str = "", echo: bool = False, hear_hz: float = 0,
    codec: str = "G722",
) -> int:  # fmt: skip
    """`--peer`: a pjsua2 peer with the null device (no OS audio at all) that answers one call
    (or places one to `call_uri`), sends 1000 Hz bursts (200 ms every second) and listens for
    600 Hz (`hear_hz`), noting on CLOCK_MONOTONIC when each burst's first sample enters its
    conference and when the first heard sample comes out of its jitter buffer. `echo`: send
    back what it hears instead (the far end of the baseline). Prints its SIP port, then one
    JSON line."""
    import json
    import sys

    import pjsua2 as pj

    # the instrument must not stall on a busy machine: real-time for every thread it starts
    # (inherited), below the agent's audio threads
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(5))
    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
    cfg.medConfig.noVad = True
    cfg.medConfig.ecTailLen = 0
    ep.libInit(cfg)
    tc = pj.TransportConfig()
    tc.boundAddress = "127.0.0.1"
    tid = ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc)
    ep.libStart()
    ep.audDevManager().setNullDev()
    for c in ep.codecEnum2():
        cid = str(c.codecId)
        ep.codecSetPriority(cid, 250 if cid.startswith(codec + "/") else 0)
    state: dict[str, Any] = {"sent": [], "heard": [], "jb": [], "done": False, "call": None}
    burst = tone(PEER_SEND_HZ, 0.2, 0.4)
    frame_bytes = 640
    w = 2 * math.pi * (hear_hz or PEER_HEAR_HZ) / RATE
    cos_t = [math.cos(w * i) for i in range(80)]
    sin_t = [math.sin(w * i) for i in range(80)]

    class Port(pj.AudioMediaPort):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.n = 0
            self.quiet = 100
            self.started = False

        def onFrameRequested(self, frame: Any) -> None:
            now = time.monotonic()
            pos = (self.n % 50) * frame_bytes  # 50 frames = 1 s period
            self.n += 1
            data = burst[pos : pos + frame_bytes] if pos < len(burst) else b""
            if pos == 0 and self.started:
                state["sent"].append(now)
            frame.type = pj.PJMEDIA_FRAME_TYPE_AUDIO
            frame.buf = pj.ByteVector(data.ljust(frame_bytes, b"\0"))
            frame.size = frame_bytes

        def onFrameReceived(self, frame: Any) -> None:
            now = time.monotonic()
            samples = array.array("h", bytes(frame.buf))
            for k in range(0, len(samples) - 79, 80):  # 5 ms windows
                block = samples[k : k + 80]
                re_ = sum(x * c for x, c in zip(block, cos_t, strict=True))
                im = sum(x * c for x, c in zip(block, sin_t, strict=True))
                on = (re_ * re_ + im * im) / (80 * 80 * 32768.0**2) > THRESHOLD
                if on and self.quiet >= 20:
                    state["heard"].append(now + k / RATE)
                self.quiet = 0 if on else self.quiet + 1

    fmt_ = pj.MediaFormatAudio()
    fmt_.type = pj.PJMEDIA_TYPE_AUDIO
    fmt_.init(pj.PJMEDIA_FORMAT_PCM, RATE, 1, 20000, 16)
    port = Port()
    port.createPort("peer", fmt_)

    class Call(pj.Call):  # type: ignore[misc]
        def onCallState(self, prm: Any) -> None:
            if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
                state["done"] = True

        def onCallMediaState(self, prm: Any) -> None:
            info = self.getInfo()
            for i, mi in enumerate(info.media):
                if mi.type == pj.PJMEDIA_TYPE_AUDIO and mi.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                    am = self.getAudioMedia(i)
                    if echo:
                        am.startTransmit(am)
                        continue
                    am.startTransmit(port)
                    port.startTransmit(am)
                    port.started = True

    class Acc(pj.Account):  # type: ignore[misc]
        def onIncomingCall(self, prm: Any) -> None:
            call = Call(self, prm.callId)
            state["call"] = call
            op = pj.CallOpParam()
            op.statusCode = 200
            call.answer(op)

    acfg = pj.AccountConfig()
    acfg.idUri = "sip:peer@127.0.0.1"
    acc = Acc()
    acc.create(acfg)
    local = str(ep.transportGetInfo(tid).localName)
    print("PORT", local.rsplit(":", 1)[1], flush=True)
    if call_uri:
        call = Call(acc)
        state["call"] = call
        call.makeCall(call_uri, pj.CallOpParam(True))
    end = time.monotonic() + seconds
    next_jb = 0.0
    interval = 0.1
    while time.monotonic() < end and not state["done"]:
        ep.libHandleEvents(10)
        call = state["call"]
        if call is not None and time.monotonic() >= next_jb and not state["done"]:
            next_jb = time.monotonic() + interval
            with contextlib.suppress(pj.Error):
                st = call.getStreamStat(0)
                jb, jit = st.jbuf, st.rtcp.rxStat.jitterUsec
                state["jb"].append((time.monotonic(), float(jb.size) * 20, float(jb.prefetch),
                                    float(jit.mean) / 1000, int(jb.avgBurst)))  # fmt: skip
    out = {k: state[k] for k in ("sent", "heard", "jb")}
    sys.stdout.write("RESULT " + json.dumps(out) + "\n")
    sys.stdout.flush()
    ep.audDevManager().setNoDev()
    os._exit(0)  # a throw-away peer: libDestroy with a live Call object would abort


def probe_round_trip(rig: PulseRig, seconds: float = 6.0) -> dict[str, Any]:
    """The probe's own latency: bursts played by a miniaudio stream (timestamped when handed
    to PulseAudio) into a spare sink, heard on its monitor by a Monitor: playback + capture
    paths of the probe. Half of it is taken as the probe's capture latency, +- the other half."""
    import miniaudio

    from homeagent.audio.bridge import _close_device
    from homeagent.audio.devices import backends, device_id
    from homeagent.domain.sip_messages import AudioDevice

    rig.add_sink("probe", "Probe")
    sent: list[float] = []
    burst = tone(800, 0.1, 0.4)

    block = 160
    period = 100  # blocks: 1 s
    pos = {"i": 0}

    def callback() -> Any:
        frames = yield b""
        while True:
            i = pos["i"]
            pos["i"] += 1
            k = i % period
            if k == 0:
                sent.append(time.monotonic())
            chunk = burst[k * block * 2 : (k + 1) * block * 2] if k < 10 else b""
            frames = yield chunk.ljust(frames * 2, b"\0")[: frames * 2]

    dev = miniaudio.PlaybackDevice(
        miniaudio.SampleFormat.SIGNED16, 1, RATE, buffersize_msec=10,
        device_id=device_id(AudioDevice("Probe", "pulseaudio", "output")),
        backends=backends(), app_name="bench-probe",
    )  # fmt: skip
    with monitors(("Monitor of Probe", 800)) as (mon,):
        g = callback()
        next(g)
        dev.start(g)
        time.sleep(seconds)
        _close_device(dev)
    trips = []
    for s in sent:
        d = next((d for d in mon.onsets if s < d < s + 0.3), None)
        if d is not None:
            trips.append((d - s) * 1000)
    rig.remove_sink("probe")
    return support.summarize(trips[2:])


def start_peer(rig: PulseRig, seconds: float, *extra: str) -> tuple[subprocess.Popen[str], int]:
    import sys

    peer = subprocess.Popen(
        [sys.executable, "-m", "tests.perf.bench_audio", "--peer", str(seconds),
         "--peer-codec", PEER_CODEC[0], *extra],
        env=rig.env, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert peer.stdout is not None
    line = ""
    while not line.startswith("PORT "):
        line = peer.stdout.readline()
        if not line:
            raise RuntimeError("the peer did not start")
    return peer, int(line.split()[1])


def peer_result(peer: subprocess.Popen[str]) -> dict[str, Any]:
    import json

    try:
        out, _ = peer.communicate(timeout=40)
    finally:
        if peer.poll() is None:
            peer.kill()
            peer.wait(5)
    return dict(json.loads(next(x for x in out.splitlines() if x.startswith("RESULT "))[7:]))


def run_baseline(rig: PulseRig, seconds: float) -> dict[str, Any]:
    """The same call path with no OS audio at either end: a null-device peer calls another
    that echoes. Half the round trip (on one clock) is the one-way time of codec, RTP,
    jitter buffer and conference ticks that any end has; what one HomeAgent end measures
    above it is what its bridge and the sound server add."""
    echo, port = start_peer(rig, seconds + 10, "--peer-echo")
    try:
        talker, _ = start_peer(rig, seconds, "--peer-call", f"sip:echo@127.0.0.1:{port}",
                               "--peer-hear", str(PEER_SEND_HZ))  # fmt: skip
        data = peer_result(talker)
    finally:
        echo.kill()
        echo.wait(5)
    trips = []
    for s in data["sent"][3:]:
        d = next((d for d in data["heard"] if s < d < s + 0.5), None)
        if d is not None:
            trips.append((d - s) * 1000)
    rt = support.summarize(trips)
    one_way = None if rt.get("p50") is None else rt["p50"] / 2
    jb_ms = statistics_mean([x[1] for x in data["jb"][20:]])
    return {"round_trip_ms": rt, "one_way_ms": one_way, "jb_ms": jb_ms}


def run_one_bridge(
    rig: PulseRig, seconds: float, bridge: str, settings: Any, *, probe_ms: float, base_ms: float
) -> dict[str, Any]:
    """One HomeAgent engine (the operator) calls the null-device peer: the agent's own bridge
    is the only OS audio path between the two clocks that are timestamped. `base_ms`: the
    one-way time of the same path without OS audio (run_baseline); `probe_ms`: the probe's
    round trip (half of it corrects each direction)."""
    from tests.integration.test_audio_path import AGENT_DEVICES, engine_on

    rig.stop_players()
    rig.play("mic", bursts(PEER_HEAR_HZ, seconds + 25))
    peer, peer_port = start_peer(rig, seconds + 20)
    sniffer = RtpSniffer() if PEER_CODEC[0] == "PCMA" else None
    res: dict[str, Any] = {"bridge": bridge}
    try:
        agent = engine_on(rig, settings, bridge)
        try:
            agent.start()
            agent.send(AGENT_DEVICES)
            agent.send(m.SetEchoCancellation("off"))
            agent.add_local_account("agent")
            agent.send(m.MakeCall("c1", "acc", f"sip:peer@127.0.0.1:{peer_port}"))
            agent.wait(m.CallStateChanged, lambda e: e.state.name == "ACTIVE")
            with monitors(("Monitor of Headset", PEER_SEND_HZ),
                          ("Monitor of Mic", PEER_HEAR_HZ)) as (heard, said):  # fmt: skip
                time.sleep(3)
                agent.forget()
                t0 = time.monotonic()
                cpu = cpu_pct(agent.client.pid, seconds)
                t1 = time.monotonic()
            stats = [e for e in agent.drain(0.1) if isinstance(e, m.CallStats)]
            audio = [e for e in agent.seen if isinstance(e, m.AudioStats)]
        finally:
            agent.stop()
    finally:
        data = peer_result(peer)
        if sniffer is not None:
            sniffer.close()
    sent = [t for t in data["sent"] if t0 <= t <= t1]
    down = [(s, (d - s) * 1000) for s in sent
            for d in [next((d for d in heard.onsets if s < d < s + 0.5), None)] if d]  # fmt: skip
    up = [(s, (d - s) * 1000) for s in said.onsets if t0 <= s <= t1
          for d in [next((d for d in data["heard"] if s < d < s + 0.5), None)] if d]  # fmt: skip
    d_med = support.percentile([x for _, x in down], 50)
    u_med = support.percentile([x for _, x in up], 50)
    res.update(
        down_ms=support.summarize([x for _, x in down]),
        up_ms=support.summarize([x for _, x in up]),
        # the jitter buffers' mean fill (sampled right after RTP is read: biased up to a frame)
        agent_jb_avg_ms=statistics_mean([e.jb_now_ms for e in stats]),
        peer_jb_avg_ms=statistics_mean([x[1] for x in data["jb"] if t0 <= x[0] <= t1]),
        peer_jb_series=[x[1:] for x in data["jb"] if t0 <= x[0] <= t1][::10],
        probe_correction_ms=round(probe_ms / 2, 1),
        engine_cpu_pct=cpu,
        audio_stats=audio[-1].__dict__ if audio else None,
        down_series=[(round(t - t0, 2), round(x, 1)) for t, x in down],
        up_series=[(round(t - t0, 2), round(x, 1)) for t, x in up],
    )
    # what the agent's bridge + the sound server add over an end without OS audio; the probe
    # hears the headset late (subtract) and notices the microphone's sound late (add)
    if d_med is not None:
        res["down_bridge_ms"] = round(d_med - base_ms - probe_ms / 2, 1)
    if u_med is not None:
        res["up_bridge_ms"] = round(u_med - base_ms + probe_ms / 2, 1)
    if sniffer is not None and sniffer.ok:
        # on the wire: operator's sound (entered the Mic sink: the probe's time - its own
        # capture latency) -> the agent's RTP; the customer's RTP -> out of the Headset sink
        wire_up, wire_dn = sniffer.onsets(PEER_HEAR_HZ), sniffer.onsets(PEER_SEND_HZ)
        up_w = [d - s + probe_ms / 2000 for s in said.onsets if t0 <= s <= t1
                for d in [next((d for d in wire_up if s < d < s + 0.5), None)] if d]  # fmt: skip
        dn_w = [h - probe_ms / 2000 - w for w in wire_dn if t0 <= w <= t1
                for h in [next((h for h in heard.onsets if w < h < w + 0.5), None)]
                if h]  # fmt: skip
        for key, ms in (("up_wire_ms", [x * 1000 for x in up_w]),
                        ("down_wire_ms", [x * 1000 for x in dn_w])):  # fmt: skip
            res[key] = dict(support.summarize(ms), p5=support.percentile(ms, 5))
        res["up_wire_series"] = [round(x * 1000, 1) for x in up_w]
    return res


def statistics_mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


# ---- the runs ------------------------------------------------------------------------------------


def run_call(rig: PulseRig, params: Params) -> dict[str, Any]:
    res: dict[str, Any] = {}
    rig.play("peer_in", bursts(1000, params.latency_s + 20))
    rig.play("mic", bursts(600, params.latency_s + 20))
    with call(rig) as (agent, peer):
        pid = agent.client.pid
        with monitors(
            ("Monitor of Peer mic", 1000), ("Monitor of Headset", 1000),
            ("Monitor of Mic", 600), ("Monitor of Peer speaker", 600),
        ) as (said_far, heard, said_here, heard_far):  # fmt: skip
            time.sleep(3)  # start-up of idle null sinks
            res["engine_cpu_in_call_pct"] = cpu_pct(pid, params.latency_s)
            down, up = latencies(said_far, heard), latencies(said_here, heard_far)
        res["down_ms"] = support.summarize([ms for _, ms in down])
        res["up_ms"] = support.summarize([ms for _, ms in up])
        res["down_series"] = [(round(t - down[0][0], 2), round(ms, 1)) for t, ms in down]
        res["up_series"] = [(round(t - up[0][0], 2), round(ms, 1)) for t, ms in up]
        res["bursts_sent"] = len(said_far.onsets)
        for label, stress in (("idle", False), ("one_core_busy", True)):
            res[label] = continuous(rig, (agent, peer), params.continuous_s, stress)
    # engine idle: no call, devices closed after the linger
    idle = engine_idle_cpu(rig)
    res["engine_cpu_idle_pct"] = idle
    if res["engine_cpu_in_call_pct"] is not None and idle is not None:
        res["engine_cpu_per_call_pct"] = round(res["engine_cpu_in_call_pct"] - idle, 2)
    return res


def continuous(
    rig: PulseRig, engines: tuple[Any, Any], seconds: float, stress: bool
) -> dict[str, Any]:
    """A continuous tone each way for `seconds`: audible gaps (heard on the sinks' monitors)
    and each engine's own ring underruns (the bridge's count, what the target names)."""
    rig.stop_players()
    rig.play("peer_in", tone(1000, seconds + 6, 0.4))
    rig.play("mic", tone(600, seconds + 6, 0.4))
    stress_proc = None
    if stress and shutil.which("stress-ng"):
        stress_proc = subprocess.Popen(
            ["stress-ng", "--cpu", "1", "--timeout", f"{int(seconds) + 3}s", "--quiet"]
        )
    for eng in engines:
        eng.forget()
    stats_before = [eng.wait(m.AudioStats, timeout=5) for eng in engines]
    with monitors(("Monitor of Headset", 1000), ("Monitor of Peer speaker", 600)) as (dn, up):
        time.sleep(1)
        start = time.monotonic()
        time.sleep(seconds)
        end = time.monotonic()
    for eng in engines:
        eng.forget()
    stats_after = [eng.wait(m.AudioStats, timeout=5) for eng in engines]
    before, after = stats_before[0], stats_after[0]
    underruns = [
        a.underruns - b.underruns if a.seconds > b.seconds else None
        for b, a in zip(stats_before, stats_after, strict=True)
    ]
    if stress_proc is not None:
        stress_proc.terminate()
        stress_proc.wait(5)
    minutes = seconds / 60
    d_gaps, d_long = dropouts(dn, start, end)
    u_gaps, u_long = dropouts(up, start, end)
    late = after.late_play - before.late_play if after.seconds > before.seconds else None
    return {
        "stress": stress,
        "down_dropouts_per_min": round(d_gaps / minutes, 1),
        "down_longest_gap_ms": d_long,
        "up_dropouts_per_min": round(u_gaps / minutes, 1),
        "up_longest_gap_ms": u_long,
        "late_play_callbacks_per_min": None if late is None else round(late / minutes, 1),
        "ring_underruns_per_min": [None if u is None else round(u / minutes, 1) for u in underruns],
        "reopens": after.reopens,
    }


def engine_idle_cpu(rig: PulseRig) -> float | None:
    from tests.integration.test_audio_path import engine_on

    eng = engine_on(rig)
    try:
        eng.start()
        time.sleep(1)
        return cpu_pct(eng.client.pid, 5)
    finally:
        eng.stop()


def run_starts(count: int) -> dict[str, Any]:
    """Open and close the bridge's stream pair `count` times in this process."""
    import sys

    import pjsua2 as pj

    from homeagent.audio import devices, pjnative
    from homeagent.audio.bridge import DeviceClockedBridge
    from homeagent.domain.sip_messages import AudioDevice

    ep = pj.Endpoint()
    ep.libCreate()
    cfg = pj.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.logConfig.level = cfg.logConfig.consoleLevel = 1
    ep.libInit(cfg)
    ep.libStart()
    native = pjnative.load(sys.modules["pjsua2._pjsua2"].__file__ or "")
    assert native is not None
    ok, first_cb, errors = 0, [], []
    port = int(ep.audDevManager().setNoDev())
    ep.audDevManager().setNullDev()
    try:
        for _ in range(count):
            try:
                bridge = DeviceClockedBridge(
                    native, port,
                    devices.device_id(AudioDevice("Headset", "pulseaudio", "output")),
                    devices.device_id(AudioDevice("Monitor of Mic", "pulseaudio", "input")),
                )  # fmt: skip
                bridge.start()
            except Exception as exc:
                errors.append(repr(exc))
                continue
            t0 = time.monotonic()
            while time.monotonic() - t0 < 3.0:
                ep.libHandleEvents(10)
                if not bridge.armed and bridge.flowing:  # what AudioManager.tick does
                    ep.audDevManager().setNoDev()
                    bridge.arm()
                if bridge.last_play > t0 and bridge.last_capture > t0 and bridge.in_level > 100:
                    ok += 1
                    first_cb.append((max(bridge.last_play, bridge.last_capture) - t0) * 1000)
                    break
            bridge.close()
            ep.audDevManager().setNullDev()
    finally:
        ep.audDevManager().setNoDev()
        gc.collect()
        ep.libDestroy()
    return {"starts": count, "ok": ok, "first_callbacks_ms": support.summarize(first_cb),
            "errors": errors[:5]}  # fmt: skip


def run(params: Params) -> dict[str, Any]:
    results: dict[str, Any] = {"stamp": support.stamp(), "host": support.host_info(),
                               "params": params.__dict__, "errors": [], "workdir": ""}  # fmt: skip
    rig = PulseRig(SINKS).start()
    os.environ.update(PULSE_SERVER=rig.env["PULSE_SERVER"], PULSE_RUNTIME_PATH=str(rig.dir))
    try:
        results["workdir"] = str(rig.dir)
        clients = rig.clients()
        results["probe_round_trip_ms"] = probe = probe_round_trip(rig)
        settings = replace(LOOPBACK, jb_init_ms=params.jb[0], jb_min_pre_ms=params.jb[1],
                           jb_max_pre_ms=params.jb[2], jb_max_ms=params.jb[3])  # fmt: skip
        if PEER_CODEC[0] == "PCMA":
            settings = replace(settings, codecs=("PCMA/8000",))
        results["codec"] = PEER_CODEC[0]
        results["baseline"] = base = run_baseline(rig, params.one_bridge_s)
        results["one_bridge"] = {
            b: run_one_bridge(rig, params.one_bridge_s, b, settings,
                              probe_ms=probe.get("p50") or 0.0,
                              base_ms=base.get("one_way_ms") or 0.0)
            for b in params.bridges
        }  # fmt: skip
        if params.only_one_bridge:
            return results
        results["call"] = run_call(rig, params)
        rig.stop_players()
        rig.play("mic", tone(600, params.starts * 4 + 10, 0.4))
        results["starts"] = run_starts(params.starts)
        time.sleep(0.5)
        results["pulse_clients_before_after"] = [clients, rig.clients()]
    except Exception as exc:
        results["errors"].append(repr(exc))
        raise
    finally:
        rig.stop()
    return results


def render_one_bridge(r: dict[str, Any]) -> list[str]:
    probe, base = r.get("probe_round_trip_ms", {}), r.get("baseline", {})
    lines = [
        f"== one HomeAgent bridge (agent engine <-> null-device pjsua2 peer, "
        f"{r.get('codec', 'G722')}, loopback)",
        f"probe round trip (its own play + capture path): median {fmt(probe.get('p50'))} ms, "
        f"max {fmt(probe.get('max'))}; half of it corrects each direction (+- that much)",
        f"baseline (null-device peer -> echoing null-device peer, no OS audio): round trip "
        f"median {fmt(base.get('round_trip_ms', {}).get('p50'))} ms -> one way "
        f"{fmt(base.get('one_way_ms'))} ms (codec, RTP, jitter buffer, conference ticks)",
    ]
    rows = []
    for name, x in r.get("one_bridge", {}).items():
        d, u, a = x.get("down_ms", {}), x.get("up_ms", {}), x.get("audio_stats") or {}
        rows.append([name, f"{fmt(d.get('p50'))} / {fmt(d.get('p95'))} (n={d.get('n')})",
                     fmt(x.get("agent_jb_avg_ms")), fmt(x.get("down_bridge_ms")),
                     f"{fmt(u.get('p50'))} / {fmt(u.get('p95'))} (n={u.get('n')})",
                     fmt(x.get("peer_jb_avg_ms")), fmt(x.get("up_bridge_ms")),
                     fmt(x.get("engine_cpu_pct")), str(a.get("late_play")),
                     str(a.get("underruns"))])  # fmt: skip
    lines.append(support.format_table(
        ["bridge", "down med/p95 ms", "agent JB ms", "down added ms", "up med/p95 ms",
         "peer JB ms", "up added ms", "engine CPU %", "late play cb", "ring underruns"],
        rows))  # fmt: skip
    wire = [(name, x) for name, x in r.get("one_bridge", {}).items() if x.get("up_wire_ms")]
    if wire:
        lines.append("on the wire (PCMA; kernel timestamps of the agent's RTP, no far-end jitter "
                     "buffer): up = sound into the Mic sink -> the agent's packet, incl. 20 ms "
                     "packetisation; down = the peer's packet -> out of the Headset sink, incl. "
                     "the agent's jitter buffer")  # fmt: skip
        lines.append(support.format_table(
            ["bridge", "up p5 / med / p95 ms", "down p5 / med / p95 ms"],
            [[name, "{} / {} / {}".format(*(fmt(x["up_wire_ms"].get(k)) for k in
                                             ("p5", "p50", "p95"))),
              "{} / {} / {}".format(*(fmt(x.get("down_wire_ms", {}).get(k)) for k in
                                      ("p5", "p50", "p95")))] for name, x in wire]))  # fmt: skip
    return lines


def render(r: dict[str, Any]) -> str:
    c, s = r.get("call", {}), r.get("starts", {})
    lines = render_one_bridge(r)
    if not c:
        return "\n".join(lines)
    lines.append("== audio path (two HomeAgent engines, G722, loopback, PulseAudio null sinks)")
    for key, label in (("down_ms", "customer -> operator"), ("up_ms", "operator -> customer")):
        v = c.get(key, {})
        lines.append(f"mouth-to-ear {label}: median {fmt(v.get('p50'))} ms, p95 "
                     f"{fmt(v.get('p95'))}, max {fmt(v.get('max'))} (n={v.get('n')})")  # fmt: skip
    rows = []
    for label in ("idle", "one_core_busy"):
        x = c.get(label, {})
        rows.append([label, fmt(x.get("down_dropouts_per_min")), fmt(x.get("up_dropouts_per_min")),
                     fmt(x.get("down_longest_gap_ms"), 0), fmt(x.get("up_longest_gap_ms"), 0),
                     fmt(x.get("late_play_callbacks_per_min")),
                     " / ".join(map(fmt, x.get("ring_underruns_per_min") or []))])  # fmt: skip
    lines.append(support.format_table(
        ["load", "dropouts/min down", "dropouts/min up", "longest down ms", "longest up ms",
         "late playback cb/min", "ring underruns/min agent / peer"], rows))  # fmt: skip
    lines.append(f"engine CPU: in call {fmt(c.get('engine_cpu_in_call_pct'))} %, idle "
                 f"{fmt(c.get('engine_cpu_idle_pct'))} %, per call "
                 f"{fmt(c.get('engine_cpu_per_call_pct'))} % of one core")  # fmt: skip
    first = s.get("first_callbacks_ms", {}).get("p50")
    lines.append(f"stream starts: {s.get('ok')}/{s.get('starts')} with sound within 3 s; "
                 f"first callbacks median {fmt(first)} ms (null-sink stall); PulseAudio "
                 f"clients before/after {r.get('pulse_clients_before_after')}")  # fmt: skip
    return "\n".join(lines)


def svg_plot(r: dict[str, Any], path: Path) -> Path:
    """Mouth-to-ear latency over the call as a small SVG (no plotting dependency)."""
    keys = (("down_series", "customer -> operator"), ("up_series", "operator -> customer"))
    series = {label: r.get("call", {}).get(key, []) for key, label in keys}
    points = [p for s in series.values() for p in s]
    w, h, left, bottom, top = 900, 360, 60, 40, 20
    t_max = max((t for t, _ in points), default=1.0) or 1.0
    y_max = max(200.0, max((ms for _, ms in points), default=0.0) * 1.1)

    def xy(t: float, ms: float) -> tuple[float, float]:
        return (left + (w - left - 20) * t / t_max, h - bottom - (h - bottom - top) * ms / y_max)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']  # fmt: skip
    for ms in range(0, int(y_max) + 1, 50):
        _, y = xy(0, ms)
        out.append(f'<line x1="{left}" x2="{w - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{ms}</text>')
    step = max(10, int(t_max / 10) // 10 * 10)
    for t in range(0, int(t_max) + 1, step):
        x, _ = xy(t, 0)
        out.append(f'<text x="{x:.1f}" y="{h - bottom + 16}" text-anchor="middle">{t}</text>')
    out.append(f'<text x="{w / 2}" y="{h - 6}" text-anchor="middle">call time (s)</text>'
               f'<text x="14" y="{h / 2}" transform="rotate(-90 14 {h / 2})" '
               f'text-anchor="middle">mouth-to-ear (ms)</text>')  # fmt: skip
    for (label, pts), colour, k in zip(series.items(), ("#1f77b4", "#d62728"), (0, 1),
                                       strict=True):  # fmt: skip
        for t, ms in pts:
            x, y = xy(t, ms)
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="{colour}"/>')
        out.append(f'<text x="{left + 10 + 220 * k}" y="{top + 4}" fill="{colour}">{label}</text>')
    out.append("</svg>")
    svg = path.with_suffix(".svg")
    svg.write_text("\n".join(out) + "\n")
    return svg


def plot(r: dict[str, Any], path: Path) -> str:
    plt = support.matplotlib_pyplot()
    if plt is None:
        return f"plot: {svg_plot(r, path)} (SVG: matplotlib not installed)"
    fig, ax = plt.subplots(figsize=(9, 4))
    for key, label in (("down_series", "customer -> operator"), ("up_series", "operator -> us")):
        series = r.get("call", {}).get(key, [])
        ax.plot([t for t, _ in series], [ms for _, ms in series], ".", label=label)
    ax.set_xlabel("call time (s)")
    ax.set_ylabel("mouth-to-ear (ms)")
    ax.legend()
    fig.savefig(path)
    return f"plot: {path}"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.perf.bench_audio", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--quick", action="store_true", help="20 s phases, 10 starts")
    ap.add_argument("--long", action="store_true", help="a 10-minute call for the latency plot")
    ap.add_argument("--one-bridge", action="store_true",
                    help="only the single-bridge latency phase (null-device peer)")  # fmt: skip
    ap.add_argument("--bridge", action="append", choices=("device", "port"),
                    help="bridges for the single-bridge phase (default: both)")  # fmt: skip
    ap.add_argument("--jb", help="agent jitter buffer INIT,MINPRE,MAXPRE,MAX in ms (-1: default)")
    ap.add_argument("--peer", type=float, help=argparse.SUPPRESS)
    ap.add_argument("--peer-call", default="", help=argparse.SUPPRESS)
    ap.add_argument("--peer-echo", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--peer-hear", type=float, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--peer-codec", default="G722", help=argparse.SUPPRESS)
    ap.add_argument("--codec", choices=("G722", "PCMA"), default="G722",
                    help="codec of the single-bridge phase; PCMA also times the agent's RTP "
                         "on the wire (root: a packet socket on lo), without jitter-buffer "
                         "noise")  # fmt: skip
    args = ap.parse_args(argv)
    if args.peer:
        return peer_main(args.peer, args.peer_call, args.peer_echo, args.peer_hear,
                         args.peer_codec)  # fmt: skip
    params = Params()
    if args.quick:
        params = Params(latency_s=20, continuous_s=20, starts=10)
    if args.long:
        params.latency_s = 600
    params.only_one_bridge = args.one_bridge
    PEER_CODEC[0] = args.codec
    if args.bridge:
        params.bridges = tuple(args.bridge)
    if args.jb:
        init, min_pre, max_pre, max_ = (int(x) for x in args.jb.split(","))
        params.jb = (init, min_pre, max_pre, max_)
    if PulseRig is None or shutil.which("pulseaudio") is None:
        print("pulseaudio not installed: nothing to measure")
        return 0
    threading.current_thread().name = "bench"
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
