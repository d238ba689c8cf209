"""SIP benchmark: HomeAgent's engine against baresip, in one run, side by side.

    python -m tests.perf.bench_sip            # from the repository root; about 1-2 minutes

1. HomeAgent as an auto-answering UAS: an engine process (EngineClient, loopback settings, a
   local account) whose driver sends Answer as soon as IncomingCall arrives (the engine sends
   180 by itself). SIPp's `uac_bench.xml` places the calls; INVITE->180 and INVITE->200 come
   from SIPp's response-time trace (whole ms) and from its message trace (µs stamps).
2. baresip (Debian's baresip-core) as the same kind of UAS (`answermode=auto`), same codecs
   where modules exist, same SIPp load.
   For both: calls completed, CPU seconds of the UAS process over the load (utime+stime from
   /proc), peak RSS (VmHWM) and idle RSS one second after it was ready.
3. HomeAgent from Popen to RegistrationChanged(REGISTERED) against a real Kamailio, repeated;
   baresip's start-to-registered (seen in Kamailio's log) is shown for reference.

Targets are printed next to the figures as PASS/FAIL text; nothing asserts on timing and the
exit status is 0 whenever the benchmark itself ran. Results: tests/perf/out/bench_sip.json
(plus out/history/), a PNG when matplotlib is importable, work files under out/work/bench_sip.
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import shutil
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.registration import RegState
from homeagent.domain.sip_account import EngineSettings, SipAccount
from homeagent.sip.client import EngineClient
from tests.integration.rig.kamailio import Kamailio, sip_options_probe
from tests.integration.rig.ports import LOOPBACK, free_port_both
from tests.integration.rig.sipp import SippResult, scenario_path, start_sipp
from tests.perf import support
from tests.perf.support import fmt, mib

NAME = "bench_sip"
E = TypeVar("E")
log = logging.getLogger("tests.perf.bench_sip")

BARESIP = shutil.which("baresip")
BARESIP_MODULE_DIR = Path("/usr/lib/baresip/modules")
# same codec choice as the engine's default (G722 > PCMA > PCMU), where the modules exist
BARESIP_CODEC_MODULES = ("g722", "g711")

# targets (text only)
TARGET_180_FACTOR = 2.0
TARGET_180_ABS_MS = 5.0
TARGET_REGISTERED_S = 2.0
TARGET_IDLE_RSS_MIB = 45.0


@dataclass(frozen=True)
class Params:
    calls: int = 200
    rate_cps: float = 10.0  # SIPp -r
    limit: int = 4  # SIPp -l: at most this many calls at once
    talk_ms: int = 200  # the scenario's pause between ACK and BYE
    reg_runs: int = 5
    # room above `limit`: a UAS may free a call slot a moment after SIPp saw the BYE's 200
    uas_max_calls: int = 8

    @property
    def sipp_timeout_s(self) -> float:
        return self.calls / self.rate_cps + 30


# ---- events from an engine, with the time they reached this process -----------------------


class EventRecorder:
    """Keeps every event an EngineClient reports, stamped with time.perf_counter()."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.events: list[tuple[float, Any]] = []

    def put(self, event: Any) -> None:
        now = time.perf_counter()
        with self._cond:
            self.events.append((now, event))
            self._cond.notify_all()

    def wait_for(
        self, cls: type[E], pred: Callable[[E], bool] = lambda e: True, timeout: float = 15.0
    ) -> tuple[float, E]:
        """(arrival time, event) of the first event of `cls` matching `pred`."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for when, event in self.events:
                    if isinstance(event, cls) and pred(event):
                        return when, event
                left = deadline - time.monotonic()
                if left <= 0:
                    kinds = [type(e).__name__ for _, e in self.events[-10:]]
                    raise TimeoutError(f"no {cls.__name__} within {timeout} s; last: {kinds}")
                self._cond.wait(left)

    def count(self, cls: type[Any], pred: Callable[[Any], bool] = lambda e: True) -> int:
        with self._cond:
            return sum(1 for _, e in self.events if isinstance(e, cls) and pred(e))


class AutoAnswer(EventRecorder):
    """The operator who answers at once: Answer(call_id) on every IncomingCall."""

    def __init__(self) -> None:
        super().__init__()
        self.client: EngineClient | None = None

    def put(self, event: Any) -> None:
        if isinstance(event, m.IncomingCall) and self.client is not None:
            self.client.send(m.Answer(event.call_id))
        super().put(event)


# ---- the SIPp load, the same for every UAS ---------------------------------------------------


def drive_calls(pid: int, port: int, workdir: Path, params: Params) -> dict[str, Any]:
    """Run uac_bench.xml against 127.0.0.1:port; CPU/RSS figures of `pid` over the run."""
    cpu_before = support.cpu_seconds(pid)
    started = time.perf_counter()
    sipp = start_sipp(
        scenario_path("uac_bench"),
        f"{LOOPBACK}:{port}",
        service="agent",
        calls=params.calls,
        timeout_s=params.sipp_timeout_s,
        variables={"talk_ms": str(params.talk_ms)},
        rtt=True,
        extra_args=["-r", f"{params.rate_cps:g}", "-l", str(params.limit)],
        workdir=workdir,
        wait_ready=False,
    )
    try:
        result: SippResult = sipp.wait()
    finally:
        if sipp.running:  # interrupted: never leave SIPp behind
            sipp.stop()
    wall_s = time.perf_counter() - started
    cpu_after = support.cpu_seconds(pid)
    cpu_s = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    rtd = result.rtt()  # rtd "1": INVITE -> 180, "2": INVITE -> 200 (whole ms)
    trace = support.invite_response_times(result.message_log)
    gaps = _gaps(result.message_log)
    if not result.ok:
        log.warning("sipp run not clean: %s", result.describe())
    return {
        "completed": result.successful,
        "failed": result.failed,
        "sipp_rc": result.returncode,
        "sipp_timed_out": result.timed_out,
        "wall_s": round(wall_s, 2),
        "cpu_s": None if cpu_s is None else round(cpu_s, 2),
        "cpu_ms_per_call": (
            round(cpu_s * 1000 / result.successful, 2) if cpu_s and result.successful else None
        ),
        "peak_rss_mib": mib(support.status_kib(pid, "VmHWM")),
        "rss_after_mib": mib(support.status_kib(pid, "VmRSS")),
        "rtd_180_ms": support.summarize(rtd.get("1", []), 1),
        "rtd_200_ms": support.summarize(rtd.get("2", []), 1),
        "trace_180_ms": support.summarize(trace["180"]),
        "trace_200_ms": support.summarize(trace["200"]),
        "trace_180_to_200_ms": support.summarize(gaps),
        "samples": {
            "rtd_180_ms": rtd.get("1", []),
            "rtd_200_ms": rtd.get("2", []),
            "trace_180_ms": [round(x, 3) for x in trace["180"]],
            "trace_200_ms": [round(x, 3) for x in trace["200"]],
        },
        "sipp_workdir": str(result.workdir),
    }


def _gaps(message_log: Path | None) -> list[float]:
    """Per call, ms from the 180 to the 200 (the answer path alone)."""
    times = support.invite_response_times_by_call(message_log)
    return [t["200"] - t["180"] for t in times.values() if "180" in t and "200" in t]


# ---- 1. HomeAgent ----------------------------------------------------------------------------


def loopback_settings(port: int, max_calls: int = 4) -> EngineSettings:
    return EngineSettings(
        bind_address=LOOPBACK,
        public_address=LOOPBACK,
        sip_port=port,
        enable_tls=False,
        max_calls=max_calls,
    )


def bench_homeagent(params: Params, workdir: Path) -> dict[str, Any]:
    port = free_port_both()
    driver = AutoAnswer()
    client = EngineClient(driver.put, loopback_settings(port, params.uas_max_calls), restart=False)
    driver.client = client
    # sent before start: the client hands it over right after Configure
    client.send(m.AddAccount("bench", SipAccount("agent", LOOPBACK, "unused", register=False)))
    spawned = time.perf_counter()
    client.start()
    out: dict[str, Any] = {"port": port}
    try:
        ready_at, ready = driver.wait_for(m.EngineReady, timeout=20)
        driver.wait_for(m.AccountAdded, timeout=10)
        pid = ready.pid
        out.update(
            pid=pid,
            version=ready.version,
            codecs=list(ready.codecs),
            start_to_ready_s=round(ready_at - spawned, 3),
        )
        if ready.sip_ports.get("udp") != port:
            raise RuntimeError(f"engine bound {ready.sip_ports}, not UDP {port}")
        time.sleep(max(0.0, ready_at + 1.0 - time.perf_counter()))
        out["idle_rss_mib"] = mib(support.status_kib(pid, "VmRSS"))
        out.update(drive_calls(pid, port, workdir / "sipp-homeagent", params))
        # let the last calls end on the engine's side too
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and driver.count(
            m.CallStateChanged, lambda e: e.state == CallState.ENDED
        ) < driver.count(m.IncomingCall):
            time.sleep(0.05)
        out["engine_incoming"] = driver.count(m.IncomingCall)
        out["engine_ended"] = driver.count(m.CallStateChanged, lambda e: e.state == CallState.ENDED)
        out["engine_command_failed"] = driver.count(m.CommandFailed)
    finally:
        stopping = time.perf_counter()
        out["exit_code"] = client.stop()
        out["stop_s"] = round(time.perf_counter() - stopping, 2)
    return out


# ---- 2. baresip ------------------------------------------------------------------------------


def baresip_version() -> str:
    if BARESIP is None:
        return ""
    done = subprocess.run([BARESIP, "-h"], capture_output=True, text=True, timeout=5, check=False)
    first = (done.stdout or done.stderr).splitlines()
    return first[0].split(" Copyright")[0] if first else ""


def write_baresip_config(confdir: Path, port: int, account_line: str, max_calls: int) -> list[str]:
    """A headless baresip: loopback only, no console UI, paced audio without a sound card.

    Audio goes through `aubridge` (a 20 ms timer thread, like pjmedia's null device):
    ALSA's `null` device works too, but baresip's ALSA threads then spin on it (about two
    cores busy during every call here), which would swamp the CPU figures."""
    confdir.mkdir(parents=True, exist_ok=True)
    codec_modules = [
        name for name in BARESIP_CODEC_MODULES if (BARESIP_MODULE_DIR / f"{name}.so").exists()
    ]
    lines = [
        "poll_method\t\tepoll",
        f"sip_listen\t\t{LOOPBACK}:{port}",
        # baresip 1.0 refuses `lo` but accepts the address
        f"net_interface\t\t{LOOPBACK}",
        f"call_max_calls\t\t{max_calls}",
        "call_local_timeout\t120",
        "audio_player\t\taubridge,bench",
        "audio_source\t\taubridge,bench",
        "audio_alert\t\taubridge,alert",
        f"module_path\t\t{BARESIP_MODULE_DIR}",
        *(f"module\t\t\t{name}.so" for name in codec_modules),
        "module\t\t\taubridge.so",
        "module_app\t\taccount.so",
        "module_app\t\tmenu.so",
    ]
    (confdir / "config").write_text("\n".join(lines) + "\n")
    (confdir / "accounts").write_text(account_line + "\n")
    return codec_modules


class Baresip:
    """One baresip process in its own process group, bounded by its own `-t` as well."""

    def __init__(self, confdir: Path, max_lifetime_s: float) -> None:
        assert BARESIP is not None
        self.confdir = confdir
        self._log: IO[bytes] = open(confdir / "baresip.log", "wb")  # noqa: SIM115
        self.spawned = time.perf_counter()
        self.proc = subprocess.Popen(
            [BARESIP, "-f", str(confdir), "-t", str(int(max_lifetime_s))],
            cwd=confdir,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_sip(self, port: int, timeout: float = 10.0) -> float:
        """Wait until it answers SIP OPTIONS (any status); return that perf_counter time.
        (Its stdout is block-buffered into a file, so "baresip is ready." shows up late.)"""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"baresip exited with {self.proc.returncode}: {self.log()}")
            if sip_options_probe(LOOPBACK, port, timeout=0.01) is not None:
                return time.perf_counter()
        raise RuntimeError(f"baresip did not answer SIP within {timeout} s: {self.log()}")

    def log(self) -> str:
        path = self.confdir / "baresip.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        support.stop_process_group(self.proc)
        self._log.close()


def bench_baresip(params: Params, workdir: Path) -> dict[str, Any]:
    port = free_port_both()
    confdir = workdir / "baresip-uas"
    codecs = write_baresip_config(
        confdir, port, f"<sip:agent@{LOOPBACK}>;answermode=auto;regint=0", params.uas_max_calls
    )
    out: dict[str, Any] = {"port": port, "version": baresip_version(), "codec_modules": codecs}
    bs = Baresip(confdir, max_lifetime_s=params.sipp_timeout_s + 60)
    try:
        ready_at = bs.wait_sip(port)
        out.update(pid=bs.pid, start_to_ready_s=round(ready_at - bs.spawned, 3))
        time.sleep(max(0.0, ready_at + 1.0 - time.perf_counter()))
        out["idle_rss_mib"] = mib(support.status_kib(bs.pid, "VmRSS"))
        out.update(drive_calls(bs.pid, port, workdir / "sipp-baresip", params))
    finally:
        bs.stop()
        out["exit_code"] = bs.proc.returncode
    return out


# ---- 3. start to registered ------------------------------------------------------------------


def _homeagent_registration(kam: Kamailio, password: str) -> dict[str, Any]:
    rec = EventRecorder()
    client = EngineClient(rec.put, loopback_settings(0), restart=False)
    account = SipAccount(
        username="agent", domain=f"{LOOPBACK}:{kam.udp_port}", password=password, register=True
    )
    client.send(m.AddAccount("reg", account))
    spawned = time.perf_counter()
    client.start()  # Popen happens in here
    try:
        ready_at, _ = rec.wait_for(m.EngineReady, timeout=20)
        reg_at, reg = rec.wait_for(
            m.RegistrationChanged,
            lambda e: e.state in (RegState.REGISTERED, RegState.FAILED),
            timeout=15,
        )
        return {
            "registered": reg.state == RegState.REGISTERED,
            "code": reg.code,
            "start_to_ready_s": round(ready_at - spawned, 3),
            "start_to_registered_s": round(reg_at - spawned, 3),
        }
    finally:
        client.stop()


def _baresip_registration(kam: Kamailio, password: str, workdir: Path, user: str) -> float:
    confdir = workdir / f"baresip-reg-{user}"
    write_baresip_config(
        confdir,
        free_port_both(),
        f"<sip:{user}@{LOOPBACK}:{kam.udp_port}>;auth_pass={password};regint=600",
        4,
    )
    bs = Baresip(confdir, max_lifetime_s=30)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (user, 200) in kam.register_outcomes(user):
                return time.perf_counter() - bs.spawned
            if bs.proc.poll() is not None:
                raise RuntimeError(f"baresip exited: {bs.log()}")
            time.sleep(0.002)
        raise TimeoutError(f"baresip {user} did not register: {bs.log()}")
    finally:
        bs.stop()


def bench_registration(params: Params, workdir: Path) -> dict[str, Any]:
    password = f"bench-{secrets.token_hex(6)}"
    kam = Kamailio(workdir / "kamailio", password, max_lifetime_s=300)
    kam.start()
    runs: list[dict[str, Any]] = []
    ref: list[float] = []
    try:
        for _ in range(params.reg_runs):
            runs.append(_homeagent_registration(kam, password))
        if BARESIP is not None:
            for i in range(params.reg_runs):
                try:
                    ref.append(_baresip_registration(kam, password, workdir, f"ref{i}"))
                except (RuntimeError, TimeoutError) as exc:
                    log.warning("baresip registration reference: %s", exc)
    finally:
        kam.stop()
    times = [r["start_to_registered_s"] for r in runs if r["registered"]]
    return {
        "kamailio_port": kam.udp_port,
        "runs": runs,
        "registered": len(times),
        "median_s": round(statistics.median(times), 3) if times else None,
        "max_s": max(times) if times else None,
        "start_to_ready_median_s": round(statistics.median(r["start_to_ready_s"] for r in runs), 3)
        if runs
        else None,
        "baresip_reference_s": [round(x, 3) for x in ref],
        "baresip_reference_median_s": round(statistics.median(ref), 3) if ref else None,
    }


# ---- targets, report, chart ------------------------------------------------------------------


def _p(d: dict[str, Any] | None, part: str, key: str) -> Any:
    return (d or {}).get(part, {}).get(key)


def evaluate(results: dict[str, Any], params: Params) -> list[dict[str, Any]]:
    ha, bs, reg = results.get("homeagent"), results.get("baresip"), results.get("registration")
    checks: list[dict[str, Any]] = []

    def add(name: str, target: str, value: str, ok: bool | None) -> None:
        verdict = "n/a" if ok is None else "PASS" if ok else "FAIL"
        checks.append({"target": name, "wanted": target, "measured": value, "verdict": verdict})

    done = (ha or {}).get("completed")
    add(
        "calls completed",
        f"{params.calls}/{params.calls}",
        f"{fmt(done)}/{params.calls}",
        None if done is None else done == params.calls,
    )
    # SIPp's rtd figures move in steps of its event-loop clock (4 ms here), so the same
    # target is also judged on the message trace's microsecond stamps
    for part, label, digits in (("rtd_180_ms", "SIPp rtd", 1), ("trace_180_ms", "µs trace", 2)):
        ha95, bs95 = _p(ha, part, "p95"), _p(bs, part, "p95")
        ok180 = None
        if ha95 is not None:
            ok180 = ha95 < TARGET_180_ABS_MS or (
                bs95 is not None and ha95 <= TARGET_180_FACTOR * bs95
            )
        add(
            f"INVITE->180 p95 ({label})",
            f"<= {TARGET_180_FACTOR:g}x baresip ({fmt(bs95, digits)} ms)"
            f" or < {TARGET_180_ABS_MS:g} ms",
            f"{fmt(ha95, digits)} ms",
            ok180,
        )
    reg_max, reg_med = (reg or {}).get("max_s"), (reg or {}).get("median_s")
    runs = len((reg or {}).get("runs", []))
    add(
        "start -> registered",
        f"< {TARGET_REGISTERED_S:g} s (every run)",
        f"median {fmt(reg_med, 3)} s, max {fmt(reg_max, 3)} s "
        f"({fmt((reg or {}).get('registered'))}/{runs} registered)",
        None
        if reg_max is None
        else (reg_max < TARGET_REGISTERED_S and (reg or {}).get("registered") == runs),
    )
    idle = (ha or {}).get("idle_rss_mib")
    add(
        "engine idle RSS",
        f"< {TARGET_IDLE_RSS_MIB:g} MiB",
        f"{fmt(idle)} MiB",
        None if idle is None else idle < TARGET_IDLE_RSS_MIB,
    )
    return checks


def render(results: dict[str, Any]) -> str:
    ha, bs = results.get("homeagent") or {}, results.get("baresip") or {}
    params = results["params"]
    lines = [
        f"SIP benchmark {results['stamp']}  ({results['host']['cpus']} CPUs, "
        f"load {results['host']['loadavg_at_start']})",
        f"load: SIPp uac_bench.xml, {params['calls']} calls at {params['rate_cps']:g} cps, "
        f"at most {params['limit']} at once, {params['talk_ms']} ms talk; UAS on 127.0.0.1/UDP",
        f"HomeAgent engine: pjsua2 {ha.get('version', '?')}, codecs {ha.get('codecs', '?')}",
        f"baresip: {bs.get('version', '?')}, codec modules {bs.get('codec_modules', '?')}, "
        "audio via aubridge",
        "",
    ]
    rows: list[list[str]] = []

    def row(label: str, key: str | tuple[str, str], digits: int = 1) -> None:
        def get(d: dict[str, Any]) -> Any:
            return _p(d, *key) if isinstance(key, tuple) else d.get(key)

        rows.append([label, fmt(get(ha), digits), fmt(get(bs), digits)])

    row("calls completed", "completed")
    row("calls failed", "failed")
    for part, label in (("rtd_180_ms", "INVITE->180"), ("rtd_200_ms", "INVITE->200")):
        for stat in ("p50", "p95", "max"):
            row(f"{label} {stat} ms (SIPp rtd*)", (part, stat))
    for part, label in (
        ("trace_180_ms", "INVITE->180"),
        ("trace_200_ms", "INVITE->200"),
        ("trace_180_to_200_ms", "180->200"),
    ):
        for stat in ("p50", "p95", "max"):
            row(f"{label} {stat} ms (SIPp msg trace)", (part, stat), 2)
    row("UAS CPU s over the load", "cpu_s", 2)
    row("UAS CPU ms per call", "cpu_ms_per_call", 2)
    row("UAS peak RSS MiB (VmHWM)", "peak_rss_mib")
    row("UAS idle RSS MiB (1 s after ready)", "idle_rss_mib")
    row("UAS RSS MiB after the load", "rss_after_mib")
    row("start -> ready s", "start_to_ready_s", 3)
    row("load wall time s", "wall_s")
    lines.append(support.format_table(["figure", "HomeAgent", "baresip"], rows))
    lines.append(
        "* SIPp's -trace_rtt counts whole ms and moves in steps of its event-loop clock (4 ms"
        " here);\n  the msg trace rows use -trace_msg's microsecond stamps (same reference points)."
    )
    if "engine_incoming" in ha:
        lines.append(
            f"engine events: {ha['engine_incoming']} IncomingCall, {ha['engine_ended']} ended, "
            f"{ha['engine_command_failed']} CommandFailed; engine stop took {ha['stop_s']} s"
        )

    reg = results.get("registration")
    if reg:
        lines += ["", "start -> REGISTERED with Kamailio (Popen to event; s):"]
        reg_rows = [
            [
                str(i + 1),
                fmt(r["start_to_ready_s"], 3),
                fmt(r["start_to_registered_s"], 3),
                str(r["code"]),
            ]
            for i, r in enumerate(reg["runs"])
        ]
        reg_rows.append(
            ["median", fmt(reg["start_to_ready_median_s"], 3), fmt(reg["median_s"], 3), ""]
        )
        reg_rows.append(["max", "", fmt(reg["max_s"], 3), ""])
        lines.append(support.format_table(["run", "EngineReady", "REGISTERED", "code"], reg_rows))
        if reg["baresip_reference_s"]:
            lines.append(
                f"baresip for reference (Popen to Kamailio's 200): "
                f"{', '.join(fmt(x, 3) for x in reg['baresip_reference_s'])} "
                f"(median {fmt(reg['baresip_reference_median_s'], 3)})"
            )
    lines += support.report_tail(results)
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> str:
    """Bar charts of the headline figures; returns what happened, for the report."""
    plt = support.matplotlib_pyplot()
    if plt is None:
        return "no chart: matplotlib is not installed (optional; not a dependency)"
    ha, bs = results.get("homeagent") or {}, results.get("baresip") or {}
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    width = 0.38

    def bars(ax: Any, labels: Sequence[str], a: Sequence[Any], b: Sequence[Any]) -> None:
        xs = range(len(labels))
        ax.bar([x - width / 2 for x in xs], [v or 0 for v in a], width, label="HomeAgent")
        ax.bar([x + width / 2 for x in xs], [v or 0 for v in b], width, label="baresip")
        ax.set_xticks(list(xs), labels, fontsize=8)
        ax.legend(fontsize=8)

    lat = [
        ("trace_180_ms", "p50"),
        ("trace_180_ms", "p95"),
        ("trace_200_ms", "p50"),
        ("trace_200_ms", "p95"),
    ]
    labels = [f"{p[6:9]} {s}" for p, s in lat]
    bars(axes[0][0], labels, [_p(ha, p, s) for p, s in lat], [_p(bs, p, s) for p, s in lat])
    axes[0][0].set_title("INVITE -> response, ms (SIPp message trace)")
    bars(axes[0][1], ["CPU s over the load"], [ha.get("cpu_s")], [bs.get("cpu_s")])
    axes[0][1].set_title(f"UAS CPU, {results['params']['calls']} calls")
    bars(
        axes[1][0],
        ["idle RSS", "peak RSS"],
        [ha.get("idle_rss_mib"), ha.get("peak_rss_mib")],
        [bs.get("idle_rss_mib"), bs.get("peak_rss_mib")],
    )
    axes[1][0].axhline(TARGET_IDLE_RSS_MIB, color="red", linestyle="--", linewidth=1)
    axes[1][0].set_title("memory, MiB (dashed: idle target)")
    reg = results.get("registration") or {}
    ax = axes[1][1]
    runs = [r["start_to_registered_s"] for r in reg.get("runs", [])]
    ax.bar([str(i + 1) for i in range(len(runs))], runs, label="HomeAgent")
    ax.axhline(TARGET_REGISTERED_S, color="red", linestyle="--", linewidth=1)
    if reg.get("baresip_reference_median_s") is not None:
        ax.axhline(
            reg["baresip_reference_median_s"], color="gray", linewidth=1, label="baresip median"
        )
    ax.legend(fontsize=8)
    ax.set_title("Popen -> REGISTERED, s (dashed: target)")
    fig.suptitle(f"HomeAgent SIP benchmark {results['stamp']}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return f"chart: {path}"


# ---- main ------------------------------------------------------------------------------------


def run(params: Params) -> dict[str, Any]:
    run_stamp = support.stamp()
    workdir = support.fresh_workdir(NAME)
    handler = support.log_to(workdir / "bench.log")
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": run_stamp,
        "host": support.host_info(),
        "params": asdict(params),
        "tools": {
            "sipp": shutil.which("sipp"),
            "baresip": BARESIP,
            "kamailio": shutil.which("kamailio"),
        },
        "skipped": {},
        "errors": {},
    }
    parts: list[tuple[str, Callable[[Params, Path], dict[str, Any]], str | None]] = [
        ("homeagent", bench_homeagent, None if shutil.which("sipp") else "sipp not installed"),
        (
            "baresip",
            bench_baresip,
            None if BARESIP and shutil.which("sipp") else "baresip or sipp not installed",
        ),
        (
            "registration",
            bench_registration,
            None if shutil.which("kamailio") else "kamailio not installed",
        ),
    ]
    try:
        with support.sigterm_as_exit():
            for name, bench, skip in parts:
                if skip:
                    results["skipped"][name] = skip
                    continue
                print(f"[{NAME}] {name} ...", flush=True)
                started = time.perf_counter()
                try:
                    results[name] = bench(params, workdir)
                except Exception as exc:
                    log.exception("%s failed", name)
                    results["errors"][name] = f"{type(exc).__name__}: {exc}"
                print(f"[{NAME}] {name} done in {time.perf_counter() - started:.1f} s", flush=True)
    except (KeyboardInterrupt, SystemExit):
        print(f"[{NAME}] interrupted; every process it started has been stopped", flush=True)
        raise
    finally:
        support.unlog(handler)
    results["targets"] = evaluate(results, params)
    results["workdir"] = str(workdir)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.perf.bench_sip",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    defaults = Params()
    ap.add_argument("--calls", type=int, default=defaults.calls)
    ap.add_argument("--rate", type=float, default=defaults.rate_cps, help="calls per second")
    ap.add_argument("--limit", type=int, default=defaults.limit, help="simultaneous calls")
    ap.add_argument("--talk-ms", type=int, default=defaults.talk_ms)
    ap.add_argument("--reg-runs", type=int, default=defaults.reg_runs)
    ap.add_argument(
        "--plot-only", type=Path, metavar="JSON", help="only redraw the chart from a saved result"
    )
    args = ap.parse_args(argv)
    if args.plot_only:
        results = json.loads(args.plot_only.read_text())
        print(plot(results, args.plot_only.with_suffix(".png")))
        return 0
    params = Params(
        calls=args.calls,
        rate_cps=args.rate,
        limit=args.limit,
        talk_ms=args.talk_ms,
        reg_runs=args.reg_runs,
        uas_max_calls=max(defaults.uas_max_calls, 2 * args.limit),
    )
    return support.run_and_report(NAME, lambda: run(params), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
