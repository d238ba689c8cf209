"""HomeAgent side by side with baresip, Linphone desktop and Twinkle, in one run.

    python -m tests.perf.bench_compare            # 3 starts each, 20 calls, a 30 s audio call
    python -m tests.perf.bench_compare --quick    # 1 start each, 5 calls, a 10 s audio call
    python -m tests.perf.bench_compare --only twinkle --only homeagent

Every client is started the same way, one at a time, on one Xvfb display the bench starts
(no window manager), with the bench's PulseAudio rig (a null sink "Headset"), a private
session bus with gnome-keyring (keyring rig), a fresh private HOME/XDG dirs per start, and one
SIP account on the bench's Kamailio (UDP, 127.0.0.1). How each client is configured:
tests/perf/compare_clients.py.

Per start (median over the starts):
- window: Popen -> its first top-level window mapped on the display (an X11 MapNotify
  watcher on the root window; the window's _NET_WM_PID is checked against the client);
- registered: Popen -> Kamailio logs the client's REGISTER answered 200. SIP-only HomeAgent
  registers when the operator signs in: the bench types the user name and password (xdotool)
  the moment the window is mapped, so its figure includes that typing (also shown apart:
  sign-in submitted -> registered);
- idle memory: `idle_s` after registered (or after the window when a client does not
  register), VmRSS and PSS (smaps_rollup) summed over the client's process tree, and the
  tree's idle CPU over that period.
After the last start, with that process still running:
- call set-up: `calls` SIPp calls through Kamailio to the client (auto-answer), one at a time,
  INVITE sent -> 200 OK received from SIPp's message trace (µs stamps);
- CPU per call with audio: one `audio_s` call with SIPp streaming PCMA (a tone) to the
  client: the tree's utime+stime over the call / wall time, in % of one core.
Optionally (on by default) where HomeAgent's idle memory goes: tests/perf/bench_compare.py
`memory_breakdown` (import cost per package in a fresh interpreter, tracemalloc by package).

Nothing asserts; a client that is missing or fails is reported as such. Results:
tests/perf/out/bench_compare.{json,md,svg}; work files under out/work/bench_compare.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from tests.integration.rig import keyring_rig
from tests.integration.rig.kamailio import Kamailio
from tests.integration.rig.ports import LOOPBACK, free_port_both
from tests.integration.rig.pulse import PulseRig
from tests.integration.rig.sipp import start_sipp
from tests.perf import support
from tests.perf.compare_clients import (
    REPO_ROOT,
    Client,
    Launch,
    MapWatcher,
    RegisterWatch,
    Rig,
    all_clients,
    window_pid,
)
from tests.perf.support import fmt

NAME = "bench_compare"
log = logging.getLogger("tests.perf.bench_compare")


@dataclass(frozen=True)
class Params:
    starts: int = 3
    idle_s: float = 10.0
    calls: int = 20
    audio_s: float = 30.0
    start_timeout_s: float = 60.0
    desk: bool = True
    memory: bool = True


# ---- process tree figures ------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants alive now (scans /proc for parent pids)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [p for p, pp in parents.items() if pp in frontier]
        tree += frontier
    return [p for p in tree if Path(f"/proc/{p}").exists()]


def pss_kib(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:80]
    except OSError:
        return "?"


def tree_memory(pid: int) -> dict[str, Any]:
    procs: list[dict[str, Any]] = []
    for p in process_tree(pid):
        rss, pss = support.status_kib(p, "VmRSS"), pss_kib(p)
        procs.append(
            {"pid": p, "cmd": comm(p), "rss_mib": support.mib(rss), "pss_mib": support.mib(pss)}
        )
    rss_sum = sum(float(p["rss_mib"] or 0) for p in procs)
    pss_sum = sum(float(p["pss_mib"] or 0) for p in procs)
    return {"rss_mib": round(rss_sum, 1), "pss_mib": round(pss_sum, 1), "processes": procs}


def tree_cpu(pid: int) -> float:
    return sum(support.cpu_seconds(p) or 0.0 for p in process_tree(pid))


# ---- the shared environment: Xvfb, Kamailio, PulseAudio, session bus -----------------------


@contextlib.contextmanager
def xvfb(workdir: Path) -> Iterator[str]:
    """A private Xvfb display (no window manager); yields ':N'."""
    xvfb_bin = shutil.which("Xvfb")
    if xvfb_bin is None:
        raise RuntimeError("Xvfb is not installed")
    number = next(
        n
        for n in range(80, 200)
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists()
    )
    display = f":{number}"
    out = open(workdir / "xvfb.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [xvfb_bin, display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp", "-noreset"],
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Xvfb did not start: {(workdir / 'xvfb.log').read_text()}")
            time.sleep(0.05)
        time.sleep(0.2)
        yield display
    finally:
        support.stop_process_group(proc)
        out.close()


@dataclass
class Env:
    rig: Rig
    kam: Kamailio
    pulse: PulseRig
    watcher: MapWatcher
    workdir: Path


@contextlib.contextmanager
def bench_env(workdir: Path, want_api: bool) -> Iterator[Env]:
    password = f"bench-{secrets.token_hex(6)}"
    with contextlib.ExitStack() as stack:
        display = stack.enter_context(xvfb(workdir))
        kam = Kamailio(workdir / "kamailio", password, max_lifetime_s=7200)
        kam.start()
        stack.callback(kam.stop)
        pulse = PulseRig((("headset", "Headset"),)).start()
        stack.callback(pulse.stop)
        bus = stack.enter_context(keyring_rig.secret_service(workdir / "keyring"))
        api_url = ""
        if want_api:
            from homeagent.demo.server import start_subprocess

            server_log = stack.enter_context(open(workdir / "api-server.log", "w"))
            server = stack.enter_context(
                start_subprocess(workdir / "api.db", seed=True, stderr=server_log)
            )
            api_url = server.base_url
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PULSE_", "DBUS_", "DISPLAY", "WAYLAND", "XAUTHORITY"))
        }
        env.update(
            DISPLAY=display,
            PULSE_SERVER=pulse.env["PULSE_SERVER"],
            DBUS_SESSION_BUS_ADDRESS=bus["DBUS_SESSION_BUS_ADDRESS"],
        )
        watcher = MapWatcher(display)
        watcher.start()
        stack.callback(watcher.stop)
        rig = Rig(kam.udp_port, password, display, env, api_url)
        yield Env(rig, kam, pulse, watcher, workdir)


# ---- one start -----------------------------------------------------------------------------


class Running:
    """A started client: its process group, log file and the moments it reached."""

    def __init__(self, client: Client, launch: Launch, log_path: Path) -> None:
        self.client, self.launch = client, launch
        self._log: IO[bytes] = open(log_path, "wb")  # noqa: SIM115
        self.spawned = time.perf_counter()
        self.proc = subprocess.Popen(
            launch.argv,
            cwd=launch.cwd,
            env=launch.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        support.stop_process_group(self.proc, grace_s=8)
        self._log.close()


def start_once(
    client: Client, env: Env, run_no: int, params: Params
) -> tuple[dict[str, Any], Running]:
    home = Path(tempfile.mkdtemp(prefix=f"{client.name}-{run_no}-", dir=env.workdir))
    user = f"{client.name.replace('-', '')}{run_no}"
    launch = client.prepare(home, env.rig, user, free_port_both())
    watch = RegisterWatch(env.kam.log_path)
    running = Running(client, launch, home / "client.log")
    out: dict[str, Any] = {"run": run_no, "user": user, "home": str(home), "pid": running.pid}
    try:
        if client.gui:
            found = env.watcher.wait_first_after(
                running.spawned, params.start_timeout_s, running.alive
            )
            if found is None:
                raise RuntimeError(
                    f"no window within {params.start_timeout_s:g} s (exit {running.proc.poll()})"
                )
            at, window = found
            out["window_s"] = round(at - running.spawned, 3)
            owner = window_pid(env.rig.display, window)
            out["window_pid_ok"] = owner in process_tree(running.pid) if owner else None
            submitted = client.after_window(launch, window, env.rig)
            if submitted is not None:
                out["signin_submitted_s"] = round(submitted - running.spawned, 3)
        ready_at = time.perf_counter()
        if client.registers:
            reg = watch.wait(user, params.start_timeout_s, running.alive)
            if reg is None:
                raise RuntimeError(
                    f"not registered within {params.start_timeout_s:g} s"
                    f" (exit {running.proc.poll()})"
                )
            out["registered_s"] = round(reg - running.spawned, 3)
            if "signin_submitted_s" in out:
                out["signin_to_registered_s"] = round(
                    out["registered_s"] - out["signin_submitted_s"], 3
                )
            ready_at = max(ready_at, reg)
        time.sleep(max(0.0, ready_at + 1.0 - time.perf_counter()))
        cpu0, t0 = tree_cpu(running.pid), time.perf_counter()
        time.sleep(params.idle_s)
        out["idle_cpu_pct"] = round(
            (tree_cpu(running.pid) - cpu0) / (time.perf_counter() - t0) * 100, 2
        )
        out.update(tree_memory(running.pid))
        if not running.alive():
            raise RuntimeError(f"exited during the idle period (exit {running.proc.poll()})")
        out["contacts"] = env.kam.registrations().get(user, []) if client.registers else []
        out["windows_mapped"] = env.watcher.mapped_since(running.spawned)[:6]
        return out, running
    except Exception:
        running.stop()
        raise


# ---- calls from SIPp -----------------------------------------------------------------------

SCENARIO = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<!-- bench_compare: INVITE (PCMA only) -> [100/180/183] -> 200 -> ACK -> [RTP] talk -> BYE.
     rtd 1 = INVITE sent -> 200 received. The ACK and BYE go to the client's registered
     contact through Kamailio's record-route ([routes]). -->
<scenario name="uac_compare">
  <send retrans="500" start_rtd="1">
    <![CDATA[
      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: <sip:bench@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Allow: INVITE, ACK, CANCEL, BYE, OPTIONS
      User-Agent: homeagent-bench-compare
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=sipp 1 1 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 8 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-16
      a=ptime:20
      a=sendrecv
    ]]>
  </send>
  <recv response="100" optional="true" timeout="15000"/>
  <recv response="180" optional="true" timeout="15000"/>
  <recv response="183" optional="true" timeout="15000"/>
  <recv response="180" optional="true" timeout="15000"/>
  <recv response="200" rrs="true" rtd="1" timeout="15000"/>
  <send>
    <![CDATA[
      ACK @CONTACT@ SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: <sip:bench@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  @RTP@
  <pause milliseconds="@TALK_MS@"/>
  <send retrans="500">
    <![CDATA[
      BYE @CONTACT@ SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      [routes]
      From: "Bench" <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: <sip:bench@[local_ip]:[local_port];transport=[transport]>
      Max-Forwards: 70
      Content-Length: 0

    ]]>
  </send>
  <recv response="200" timeout="15000"/>
  <ResponseTimeRepartition value="10, 20, 50, 100, 200, 500, 1000"/>
  <CallLengthRepartition value="1000, 5000, 30000, 60000"/>
</scenario>
"""


def alaw_tone(path: Path, seconds: float = 2.0, freq: float = 440.0) -> Path:
    """A raw G.711 A-law tone (what SIPp's rtp_stream plays as PCMA, looping)."""

    def alaw(sample: int) -> int:
        sign = 0x80 if sample >= 0 else 0x00
        mag = min(abs(sample), 32635) >> 3  # 13-bit magnitude
        if mag < 32:
            code = mag >> 1
        else:
            exp = mag.bit_length() - 5  # 1..7
            code = (exp << 4) | ((mag >> exp) & 0x0F)
        return (code | sign) ^ 0x55

    n = int(seconds * 8000)
    data = bytes(alaw(int(0.3 * 32767 * math.sin(2 * math.pi * freq * i / 8000))) for i in range(n))
    path.write_bytes(data)
    return path


def scenario_for(workdir: Path, contact: str, talk_ms: int, rtp_file: Path | None) -> Path:
    rtp = (
        f'<nop><action><exec rtp_stream="{rtp_file},-1,8,PCMA/8000"/></action></nop>'
        if rtp_file is not None
        else ""
    )
    text = SCENARIO.replace("@CONTACT@", contact).replace("@TALK_MS@", str(talk_ms))
    path = workdir / f"uac_compare_{'rtp' if rtp_file else 'plain'}.xml"
    path.write_text(text.replace("@RTP@", rtp), encoding="iso-8859-1")
    return path


def call_phase(
    running: Running, env: Env, contact: str, params: Params, workdir: Path
) -> dict[str, Any]:
    out: dict[str, Any] = {"contact": contact}
    user = running.launch.user
    target = f"{LOOPBACK}:{env.kam.udp_port}"
    # 1. set-up latency: calls one at a time, 200 ms talk, 2 calls per second at most
    scen = scenario_for(workdir, contact, 200, None)
    sipp = start_sipp(
        scen,
        target,
        service=user,
        calls=params.calls,
        timeout_s=params.calls * 4 + 30,
        rtt=True,
        extra_args=[
            "-r",
            "1",
            "-rp",
            "3000",
            "-l",
            "1",
            "-mi",
            LOOPBACK,
            "-mp",
            str(free_port_both()),
        ],
        workdir=workdir / "sipp-setup",
        wait_ready=False,
    )
    result = sipp.wait()
    trace = support.invite_response_times(result.message_log)["200"]
    out["setup"] = {
        "completed": result.successful,
        "failed": result.failed,
        "invite_to_200_ms": support.summarize(trace, 2),
        "rtd_ms": support.summarize(result.rtt().get("1", []), 1),
        "samples_ms": [round(x, 2) for x in trace],
        "workdir": str(result.workdir),
    }
    if not result.ok:
        out["setup"]["sipp"] = result.describe()[-1500:]
    time.sleep(1.0)
    # 2. one call with audio flowing both ways for audio_s
    tone = alaw_tone(workdir / "tone.alaw")
    scen = scenario_for(workdir, contact, int(params.audio_s * 1000), tone)
    cpu0, t0 = tree_cpu(running.pid), time.perf_counter()
    sipp = start_sipp(
        scen,
        target,
        service=user,
        calls=1,
        timeout_s=params.audio_s + 40,
        extra_args=["-mi", LOOPBACK, "-mp", str(free_port_both())],
        workdir=workdir / "sipp-audio",
        wait_ready=False,
    )
    result = sipp.wait()
    wall = time.perf_counter() - t0
    cpu = tree_cpu(running.pid) - cpu0
    out["audio"] = {
        "completed": result.successful,
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 2),
        "cpu_pct": round(cpu / wall * 100, 2) if result.successful else None,
        "workdir": str(result.workdir),
        **tree_memory(running.pid),
    }
    if not result.ok:
        out["audio"]["sipp"] = result.describe()[-1500:]
    return out


# ---- one client ----------------------------------------------------------------------------


def med(runs: list[dict[str, Any]], key: str, digits: int = 3) -> float | None:
    values = [r[key] for r in runs if r.get(key) is not None]
    return round(statistics.median(values), digits) if values else None


def bench_client(client: Client, env: Env, params: Params) -> dict[str, Any]:
    out: dict[str, Any] = {"label": client.label, "version": client.version(), "gui": client.gui}
    runs: list[dict[str, Any]] = []
    errors: list[str] = []
    last: Running | None = None
    for run_no in range(1, params.starts + 1):
        print(f"[{NAME}] {client.name} start {run_no}/{params.starts}", flush=True)
        try:
            figures, running = start_once(client, env, run_no, params)
        except Exception as exc:
            log.exception("%s start %d failed", client.name, run_no)
            errors.append(f"start {run_no}: {type(exc).__name__}: {exc}")
            continue
        runs.append(figures)
        if last is not None:
            last.stop()
        last = running
        if run_no < params.starts:
            last.stop()
            last = None
            time.sleep(1.0)
    out["runs"] = runs
    out["starts_ok"] = len(runs)
    for key in (
        "window_s",
        "registered_s",
        "signin_to_registered_s",
        "rss_mib",
        "pss_mib",
        "idle_cpu_pct",
    ):
        out[key] = med(runs, key)
    try:
        if last is not None and client.registers and runs and runs[-1].get("contacts"):
            print(f"[{NAME}] {client.name} calls", flush=True)
            contact = runs[-1]["contacts"][0]
            out["calls"] = call_phase(last, env, contact, params, Path(runs[-1]["home"]))
    except Exception as exc:
        log.exception("%s calls failed", client.name)
        errors.append(f"calls: {type(exc).__name__}: {exc}")
    finally:
        if last is not None:
            last.stop()
    if errors:
        out["errors"] = errors
        for run in runs:
            log.info("%s run %s: %s", client.name, run["run"], run)
    return out


# ---- where HomeAgent's idle memory goes ----------------------------------------------------

PROBE = r"""
import json, os, sys, time, tracemalloc
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1])
if os.environ.get('BENCH_TRACEMALLOC'):
    tracemalloc.start(1)
steps = json.loads(sys.argv[1])
out = []
before = rss()
for mod in steps:
    t = time.perf_counter()
    __import__(mod)
    now = rss()
    out.append([mod, now - before, round((time.perf_counter() - t) * 1000, 1)])
    before = now
res = {"steps": out, "rss_kib": rss(), "modules": sorted(sys.modules)}
if tracemalloc.is_tracing():
    snap = tracemalloc.take_snapshot()
    by = {}
    for stat in snap.statistics('filename'):
        f = stat.traceback[0].filename
        key = f
        for marker in ('/site-packages/', '/lib/python3'):
            if marker in f:
                rest = f.split(marker, 1)[1]
                if marker == '/lib/python3':
                    rest = rest.split('/', 1)[1] if '/' in rest else rest
                key = rest.split('/')[0].removesuffix('.py')
                break
        if '/homeagent/' in f and '/site-packages/' not in f:
            key = 'homeagent.' + f.split('/homeagent/', 1)[1].split('/')[0].removesuffix('.py')
        by[key] = by.get(key, 0) + stat.size
    top = sorted(by.items(), key=lambda kv: -kv[1])[:25]
    res["tracemalloc_kib"] = [(k, round(v / 1024)) for k, v in top]
print(json.dumps(res))
"""

# what the SIP-only GUI process imports, heaviest suspects first in their own step so each
# step's RSS growth is that package's own cost (stdlib pieces they share come first)
GUI_STEPS = [
    "logging",
    "json",
    "dataclasses",
    "typing",
    "concurrent.futures",
    "sqlite3",
    "ssl",
    "http.client",
    "email.message",
    "certifi",
    "platformdirs",
    "phonenumbers",
    "homeagent.config",
    "homeagent.logs",
    "urllib3",
    "requests",
    "jeepney",
    "cryptography.hazmat.primitives.ciphers",
    "secretstorage",
    "keyring",
    "PySide6.QtCore",
    "PySide6.QtGui",
    "PySide6.QtWidgets",
    "PySide6.QtNetwork",
    "homeagent.app",
    "homeagent.secrets",
    "homeagent.ui.softphone_window",
    "homeagent.ui.dispatcher",
    "homeagent.ui.single_instance",
    "homeagent.services.network",
    "homeagent.sip.client",
    "homeagent.services.audio",
    "homeagent.store.audio_prefs",
    "homeagent.ui.network_sample",
    "homeagent.app_desk",
]
ENGINE_STEPS = [
    "logging",
    "json",
    "queue",
    "socket",
    "threading",
    "homeagent.domain.sip_messages",
    "homeagent.sip.protocol",
    "pjsua2",
    "homeagent.sip.endpoint",
    "homeagent.audio.manager",
    "homeagent.sip.engine",
]


def _probe(steps: list[str], trace: bool) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if trace:
        env["BENCH_TRACEMALLOC"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(steps)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        return {"error": done.stderr[-1500:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def importtime_top(
    argv: list[str], env: dict[str, str], workdir: Path, wait_s: float
) -> list[tuple[str, float]]:
    """`-X importtime` of the real start: import self time (ms) summed by top-level package."""
    err = workdir / "importtime.txt"
    with open(err, "wb") as fh:
        proc = subprocess.Popen(
            [argv[0], "-X", "importtime", *argv[1:]],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=fh,
            start_new_session=True,
        )
        time.sleep(wait_s)
        support.stop_process_group(proc)
    cumulative: dict[str, float] = {}
    for line in err.read_text(errors="replace").splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
        if match:  # self time, summed by top-level package (nested imports counted once)
            name = match.group(2).split(".")[0]
            cumulative[name] = cumulative.get(name, 0.0) + int(match.group(1)) / 1000
    return sorted(((k, round(v, 1)) for k, v in cumulative.items()), key=lambda kv: -kv[1])[:20]


def memory_breakdown(env: Env, homeagent_run: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if homeagent_run:
        out["idle_processes"] = homeagent_run.get("processes")
    gui = _probe(GUI_STEPS, trace=False)
    out["gui_import_steps_kib"] = gui.get("steps") or gui
    out["gui_import_rss_mib"] = support.mib(gui.get("rss_kib"))
    traced = _probe(GUI_STEPS, trace=True)
    out["gui_tracemalloc_kib"] = traced.get("tracemalloc_kib")
    engine = _probe(ENGINE_STEPS, trace=False)
    out["engine_import_steps_kib"] = engine.get("steps") or engine
    out["engine_import_rss_mib"] = support.mib(engine.get("rss_kib"))
    out["engine_modules_of_note"] = sorted(
        {
            m.split(".")[0]
            for m in engine.get("modules", [])
            if m.split(".")[0]
            in {
                "requests",
                "urllib3",
                "ssl",
                "PySide6",
                "keyring",
                "cryptography",
                "sqlite3",
                "phonenumbers",
                "http",
                "email",
                "certifi",
            }
        }
    )
    # import time of the real SIP-only start (GUI process only: the engine's stderr is piped)
    client = all_clients(False)[0]
    home = Path(tempfile.mkdtemp(prefix="importtime-", dir=env.workdir))
    launch = client.prepare(home, env.rig, "importtime", free_port_both())
    out["gui_importtime_ms"] = importtime_top(launch.argv, launch.env, home, 8.0)
    return out


# ---- report --------------------------------------------------------------------------------


def _cell(c: dict[str, Any], key: str, unit: str = "", digits: int = 1, scale: float = 1.0) -> str:
    if c.get("skipped"):
        return "not run"
    v = c.get(key)
    if v is None:
        return "failed" if c.get("errors") else "-"
    return f"{v * scale:.{digits}f}{unit}"


def table_rows(results: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    clients = results["clients"]
    names = list(clients)
    headers = ["metric", *[clients[n].get("label", n) for n in names]]

    def row(label: str, fn: Any) -> list[str]:
        return [label, *[fn(clients[n]) for n in names]]

    def window(c: dict[str, Any]) -> str:
        if c.get("skipped"):
            return "not run"
        if not c.get("gui"):
            return "n/a (no GUI)"
        return _cell(c, "window_s", " s", 2)

    def registered(c: dict[str, Any]) -> str:
        if c.get("skipped"):
            return "not run"
        if c.get("registered_s") is None and not c.get("errors") and c.get("starts_ok"):
            return "n/a (API sign-in)"
        text = _cell(c, "registered_s", " s", 2)
        if c.get("signin_to_registered_s") is not None:
            text += f" (sign-in->reg {c['signin_to_registered_s'] * 1000:.0f} ms)"
        return text

    def setup(stat: str) -> Any:
        def get(c: dict[str, Any]) -> str:
            s = (c.get("calls") or {}).get("setup") or {}
            v = (s.get("invite_to_200_ms") or {}).get(stat)
            if c.get("skipped"):
                return "not run"
            return "-" if v is None else f"{v:.1f} ms"

        return get

    def completed(c: dict[str, Any]) -> str:
        s = (c.get("calls") or {}).get("setup")
        return (
            "not run"
            if c.get("skipped")
            else "-"
            if not s
            else f"{s['completed']}/{s['completed'] + s['failed']}"
        )

    def audio(c: dict[str, Any]) -> str:
        a = (c.get("calls") or {}).get("audio") or {}
        if c.get("skipped"):
            return "not run"
        return "-" if a.get("cpu_pct") is None else f"{a['cpu_pct']:.1f} %"

    rows = [
        row(
            "starts ok",
            lambda c: (
                "not run"
                if c.get("skipped")
                else f"{c.get('starts_ok', 0)}/{results['params']['starts']}"
            ),
        ),
        row("time to first window (median)", window),
        row("time to registered (median)", registered),
        row("idle RSS, process tree (median)", lambda c: _cell(c, "rss_mib", " MiB")),
        row("idle PSS, process tree (median)", lambda c: _cell(c, "pss_mib", " MiB")),
        row("idle CPU (% of one core)", lambda c: _cell(c, "idle_cpu_pct", " %", 2)),
        row("calls answered", completed),
        row("INVITE->200 p50", setup("p50")),
        row("INVITE->200 p95", setup("p95")),
        row("CPU during a call with audio", audio),
    ]
    return headers, rows


def render(results: dict[str, Any]) -> str:
    p = results["params"]
    lines = [
        f"Client comparison {results['stamp']}  ({results['host']['cpus']} CPUs, "
        f"load {results['host']['loadavg_at_start']})",
        f"{p['starts']} start(s) per client (fresh HOME each), idle {p['idle_s']:g} s; "
        f"{p['calls']} calls one at a time; one {p['audio_s']:g} s call with PCMA audio",
        "",
    ]
    headers, rows = table_rows(results)
    lines.append(support.format_table(headers, rows, align="l" + "r" * (len(headers) - 1)))
    lines.append("")
    for name, c in results["clients"].items():
        if c.get("skipped"):
            lines.append(f"{name}: not run: {c['skipped']}")
            continue
        lines.append(f"{name}: {c.get('version', '')}")
        for err in c.get("errors", []):
            lines.append(f"  ERROR {err}")
        if c.get("runs"):
            procs = c["runs"][-1].get("processes", [])
            lines.append(
                "  last start's processes: "
                + "; ".join(
                    f"{pr['cmd'][:50]} RSS {fmt(pr['rss_mib'])} / PSS {fmt(pr['pss_mib'])} MiB"
                    for pr in procs
                )
            )
    mem = results.get("memory")
    if mem:
        lines += [
            "",
            "HomeAgent memory (imports measured in a fresh interpreter, RSS growth per step):",
        ]
        for title, key in (("GUI", "gui_import_steps_kib"), ("engine", "engine_import_steps_kib")):
            steps = mem.get(key)
            if isinstance(steps, list):
                top = sorted(steps, key=lambda s: -s[1])[:14]
                lines.append(
                    f"  {title} (total after imports "
                    f"{fmt(mem.get(key.replace('steps_kib', 'rss_mib')))} MiB): "
                    + ", ".join(f"{m} {k / 1024:.1f}" for m, k, _ in top)
                )
        if mem.get("gui_tracemalloc_kib"):
            lines.append(
                "  GUI Python heap by package (tracemalloc, KiB): "
                + ", ".join(f"{k} {v}" for k, v in mem["gui_tracemalloc_kib"][:14])
            )
        if mem.get("gui_importtime_ms"):
            lines.append(
                "  GUI start, import time by top-level package (ms): "
                + ", ".join(f"{k} {v}" for k, v in mem["gui_importtime_ms"][:14])
            )
        if mem.get("engine_modules_of_note"):
            lines.append("  engine imports of note: " + ", ".join(mem["engine_modules_of_note"]))
    lines += support.report_tail(results)
    return "\n".join(lines)


def markdown(results: dict[str, Any]) -> str:
    headers, rows = table_rows(results)
    p = results["params"]
    out = [
        f"# HomeAgent vs other SIP clients ({results['stamp']})",
        "",
        f"Same machine ({results['host']['cpus']} CPUs), one client at a time, Xvfb, PulseAudio "
        f"null sink, Kamailio on 127.0.0.1/UDP. {p['starts']} start(s) each (medians), "
        f"{p['calls']} SIPp calls for set-up latency, one {p['audio_s']:g} s PCMA call for CPU. "
        "Produced by `python -m tests.perf.bench_compare`.",
        "",
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]
    for name, c in results["clients"].items():
        out.append(f"- {name}: {c.get('skipped') or c.get('version', '')}")
        for err in c.get("errors", []):
            out.append(f"  - error: {err}")
    out += [
        "",
        "Notes: SIP-only HomeAgent registers when the operator signs in; the bench types "
        "the credentials (xdotool) as soon as the window is mapped, so its time to registered "
        "includes that typing. RSS/PSS are summed over the client's process tree (HomeAgent: "
        "GUI + engine process).",
        "",
    ]
    return "\n".join(out)


def svg_chart(results: dict[str, Any], path: Path) -> Path:
    """Four small bar charts (no plotting dependency): memory, window, registered, CPU."""
    clients = {n: c for n, c in results["clients"].items() if not c.get("skipped")}
    panels: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("idle RSS, MiB (tree)", lambda c: c.get("rss_mib")),
        ("time to first window, s", lambda c: c.get("window_s")),
        ("time to registered, s", lambda c: c.get("registered_s")),
        (
            "INVITE->200 p50, ms",
            lambda c: (
                ((c.get("calls") or {}).get("setup") or {}).get("invite_to_200_ms", {}).get("p50")
            ),
        ),
        (
            "CPU in a call with audio, % core",
            lambda c: ((c.get("calls") or {}).get("audio") or {}).get("cpu_pct"),
        ),
    ]
    colours = ["#1f77b4", "#9467bd", "#ff7f0e", "#2ca02c", "#d62728", "#8c564b"]
    pw, ph, gap, top = 260, 220, 20, 60
    w = gap + len(panels) * (pw + gap)
    h = top + ph + 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'font-family="sans-serif" font-size="11">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{gap}" y="20" font-size="14">'
        f"HomeAgent vs other clients ({results['stamp']})</text>",
    ]
    names = list(clients)
    for k, name in enumerate(names):
        out.append(
            f'<rect x="{gap + k * 150}" y="32" width="10" height="10" '
            f'fill="{colours[k % len(colours)]}"/>'
            f'<text x="{gap + k * 150 + 14}" y="41">{clients[name].get("label", name)}</text>'
        )
    for i, (title, get) in enumerate(panels):
        x0 = gap + i * (pw + gap)
        values = [get(clients[n]) for n in names]
        vmax = max((v for v in values if v is not None), default=0) or 1
        out.append(
            f'<text x="{x0 + pw / 2}" y="{top + ph + 40}" text-anchor="middle">{title}</text>'
        )
        out.append(
            f'<line x1="{x0}" y1="{top + ph}" x2="{x0 + pw}" y2="{top + ph}" stroke="#888"/>'
        )
        bw = pw / max(1, len(names))
        for k, v in enumerate(values):
            bx = x0 + k * bw + bw * 0.15
            if v is None:
                out.append(
                    f'<text x="{bx + bw * 0.35}" y="{top + ph - 4}" text-anchor="middle" '
                    'fill="#888">n/a</text>'
                )
                continue
            bh = (ph - 20) * v / vmax
            out.append(
                f'<rect x="{bx:.1f}" y="{top + ph - bh:.1f}" width="{bw * 0.7:.1f}" '
                f'height="{bh:.1f}" '
                f'fill="{colours[k % len(colours)]}"/>'
                f'<text x="{bx + bw * 0.35:.1f}" y="{top + ph - bh - 4:.1f}" text-anchor="middle">'
                f"{v:.3g}</text>"
            )
    out.append("</svg>")
    svg = path.with_suffix(".svg")
    svg.write_text("\n".join(out) + "\n")
    return svg


def plot(results: dict[str, Any], path: Path) -> str:
    md = path.with_suffix(".md")
    md.write_text(markdown(results), encoding="utf-8")
    return f"table: {md}\nchart: {svg_chart(results, path)}"


# ---- main ----------------------------------------------------------------------------------


def run(params: Params, only: Sequence[str]) -> dict[str, Any]:
    run_stamp = support.stamp()
    workdir = support.fresh_workdir(NAME)
    handler = support.log_to(workdir / "bench.log")
    results: dict[str, Any] = {
        "benchmark": NAME,
        "stamp": run_stamp,
        "host": support.host_info(),
        "params": asdict(params),
        "clients": {},
        "skipped": {},
        "errors": {},
        "targets": [],
    }
    clients = all_clients(params.desk)
    if only:
        clients = [c for c in clients if c.name in only]
    try:
        with (
            support.sigterm_as_exit(),
            bench_env(workdir, any(getattr(c, "desk", False) for c in clients)) as env,
        ):
            for client in clients:
                why = client.missing()
                if why:
                    results["clients"][client.name] = {"label": client.label, "skipped": why}
                    results["skipped"][client.name] = why
                    continue
                started = time.perf_counter()
                try:
                    results["clients"][client.name] = bench_client(client, env, params)
                except Exception as exc:
                    log.exception("%s failed", client.name)
                    results["clients"][client.name] = {"label": client.label, "errors": [str(exc)]}
                    results["errors"][client.name] = f"{type(exc).__name__}: {exc}"
                for err in results["clients"][client.name].get("errors", []):
                    results["errors"].setdefault(client.name, err)
                print(
                    f"[{NAME}] {client.name} done in {time.perf_counter() - started:.0f} s",
                    flush=True,
                )
            if params.memory and (not only or "homeagent" in only):
                print(f"[{NAME}] HomeAgent memory breakdown", flush=True)
                try:
                    ha_runs = results["clients"].get("homeagent", {}).get("runs") or [None]
                    results["memory"] = memory_breakdown(env, ha_runs[-1])
                except Exception as exc:
                    log.exception("memory breakdown failed")
                    results["errors"]["memory"] = f"{type(exc).__name__}: {exc}"
    finally:
        support.unlog(handler)
    results["targets"] = evaluate(results)
    results["workdir"] = str(workdir)
    return results


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    c = results["clients"]
    ha = c.get("homeagent", {})
    checks = []
    for metric, label in (("rss_mib", "idle RSS"), ("window_s", "time to first window")):
        mine = ha.get(metric)
        others = {
            n: c[n].get(metric)
            for n in ("linphone", "twinkle")
            if c.get(n, {}).get(metric) is not None
        }
        if mine is None or not others:
            verdict = "n/a"
        else:
            verdict = "PASS" if all(mine < v for v in others.values()) else "FAIL"
        checks.append(
            {
                "target": f"{label}: HomeAgent ahead of Linphone and Twinkle",
                "wanted": "lower than both",
                "measured": f"HomeAgent {fmt(mine, 2)}; "
                + ", ".join(f"{n} {fmt(v, 2)}" for n, v in others.items()),
                "verdict": verdict,
            }
        )
    return checks


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.perf.bench_compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--quick", action="store_true", help="1 start each, 5 calls, 10 s audio call")
    ap.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="homeagent, homeagent-desk, baresip, linphone or twinkle; repeatable",
    )
    ap.add_argument("--starts", type=int, help="starts per client (default 3)")
    ap.add_argument("--no-desk", action="store_true", help="skip HomeAgent with the API (the desk)")
    ap.add_argument("--no-memory", action="store_true", help="skip HomeAgent's memory breakdown")
    ap.add_argument(
        "--plot-only", type=Path, metavar="JSON", help="redraw table and chart from a result"
    )
    args = ap.parse_args(argv)
    if args.plot_only:
        print(plot(json.loads(args.plot_only.read_text()), args.plot_only))
        return 0
    params = Params(starts=1, calls=5, audio_s=10.0) if args.quick else Params()
    if args.starts:
        params = Params(**{**asdict(params), "starts": args.starts})
    params = Params(**{**asdict(params), "desk": not args.no_desk, "memory": not args.no_memory})
    for tool in ("Xvfb", "kamailio", "sipp", "pulseaudio"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed: nothing to compare")
            return 0
    return support.run_and_report(NAME, lambda: run(params, args.only), render, plot)


if __name__ == "__main__":
    raise SystemExit(main())
