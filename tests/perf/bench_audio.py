"""Audio benchmark: HomeAgent's sound path through a private PulseAudio, measured end to end.

    python -m tests.perf.bench_audio            # ~6 minutes
    python -m tests.perf.bench_audio --quick    # ~2 minutes
    python -m tests.perf.bench_audio --long     # + a 10-minute call for latency over time

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
import contextlib
import gc
import math
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeagent.domain import sip_messages as m
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
        import array

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


# ---- the runs ------------------------------------------------------------------------------------


def run_call(rig: PulseRig, params: Params) -> dict[str, Any]:
    res: dict[str, Any] = {}
    rig.play("peer_in", bursts(1000, params.latency_s + 20))
    rig.play("mic", bursts(600, params.latency_s + 20))
    with call(rig) as (agent, _peer):
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
            res[label] = continuous(rig, agent, params.continuous_s, stress)
    # engine idle: no call, devices closed after the linger
    idle = engine_idle_cpu(rig)
    res["engine_cpu_idle_pct"] = idle
    if res["engine_cpu_in_call_pct"] is not None and idle is not None:
        res["engine_cpu_per_call_pct"] = round(res["engine_cpu_in_call_pct"] - idle, 2)
    return res


def continuous(rig: PulseRig, agent: Any, seconds: float, stress: bool) -> dict[str, Any]:
    rig.stop_players()
    rig.play("peer_in", tone(1000, seconds + 6, 0.4))
    rig.play("mic", tone(600, seconds + 6, 0.4))
    stress_proc = None
    if stress and shutil.which("stress-ng"):
        stress_proc = subprocess.Popen(
            ["stress-ng", "--cpu", "1", "--timeout", f"{int(seconds) + 3}s", "--quiet"]
        )
    agent.forget()
    before = agent.wait(m.AudioStats, timeout=5)
    with monitors(("Monitor of Headset", 1000), ("Monitor of Peer speaker", 600)) as (dn, up):
        time.sleep(1)
        start = time.monotonic()
        time.sleep(seconds)
        end = time.monotonic()
    after = agent.wait(m.AudioStats, timeout=5)
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
    native = pjnative.load(sys.modules["pjsua2._pjsua2"].__file__)
    assert native is not None
    ok, first_cb, errors = 0, [], []
    try:
        for _ in range(count):
            port = int(ep.audDevManager().setNoDev())
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


def render(r: dict[str, Any]) -> str:
    c, s = r.get("call", {}), r.get("starts", {})
    lines = ["== audio path (two HomeAgent engines, G722, loopback, PulseAudio null sinks)"]
    for key, label in (("down_ms", "customer -> operator"), ("up_ms", "operator -> customer")):
        v = c.get(key, {})
        lines.append(f"mouth-to-ear {label}: median {fmt(v.get('p50'))} ms, p95 "
                     f"{fmt(v.get('p95'))}, max {fmt(v.get('max'))} (n={v.get('n')})")  # fmt: skip
    rows = []
    for label in ("idle", "one_core_busy"):
        x = c.get(label, {})
        rows.append([label, fmt(x.get("down_dropouts_per_min")), fmt(x.get("up_dropouts_per_min")),
                     fmt(x.get("down_longest_gap_ms"), 0), fmt(x.get("up_longest_gap_ms"), 0),
                     fmt(x.get("late_play_callbacks_per_min"))])  # fmt: skip
    lines.append(support.format_table(
        ["load", "dropouts/min down", "dropouts/min up", "longest down ms", "longest up ms",
         "late playback cb/min"], rows))  # fmt: skip
    lines.append(f"engine CPU: in call {fmt(c.get('engine_cpu_in_call_pct'))} %, idle "
                 f"{fmt(c.get('engine_cpu_idle_pct'))} %, per call "
                 f"{fmt(c.get('engine_cpu_per_call_pct'))} % of one core")  # fmt: skip
    first = s.get("first_callbacks_ms", {}).get("p50")
    lines.append(f"stream starts: {s.get('ok')}/{s.get('starts')} with sound within 3 s; "
                 f"first callbacks median {fmt(first)} ms (null-sink stall); PulseAudio "
                 f"clients before/after {r.get('pulse_clients_before_after')}")  # fmt: skip
    return "\n".join(lines)


def plot(r: dict[str, Any], path: Path) -> str:
    plt = support.matplotlib_pyplot()
    if plt is None:
        return "no plot (matplotlib not installed)"
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
    args = ap.parse_args(argv)
    params = Params()
    if args.quick:
        params = Params(latency_s=20, continuous_s=20, starts=10)
    if args.long:
        params.latency_s = 600
    if PulseRig is None or shutil.which("pulseaudio") is None:
        print("pulseaudio not installed: nothing to measure")
        return 0
    threading.current_thread().name = "bench"
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
