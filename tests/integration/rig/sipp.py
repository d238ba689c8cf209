"""Run SIPp (3.6.1) as a real SIP peer: blocking (`run_sipp`) or in the background (`start_sipp`).

Every run gets its own work directory (SIPp writes its traces into the current directory,
named after the scenario) and is bounded twice: SIPp's own `-timeout` stops new calls, and a
watchdog here aborts calls still in progress (SIPp's -timeout lets those run on forever).
Scenario keywords `[name]` are filled with `-key name value`: defaults come from a
`rig-keys: name=value ...` line in the scenario's leading comment, overridden by `variables`.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

from .ports import LOOPBACK, free_port_both
from .sipp_result import SippResult, TraceMessage, parse_stats, read_rtt, read_text

__all__ = [
    "SippProcess",
    "SippResult",
    "TraceMessage",
    "build_command",
    "read_rtt",
    "run_sipp",
    "run_sipp_rtt",
    "scenario_keys",
    "scenario_path",
    "start_sipp",
]

SIPP = shutil.which("sipp") or "/usr/bin/sipp"
TIMEOUT = shutil.which("timeout") or "/usr/bin/timeout"
SCENARIO_DIR = Path(__file__).resolve().parent.parent / "scenarios"

# Extra time after -timeout before the watchdog steps in (lets timewait/final stats finish).
_GRACE_S = 3.0
_KEYS_RE = re.compile(r"^\s*rig-keys:(.*)$", re.MULTILINE)


def scenario_path(name: str) -> Path:
    """Path of a rig scenario by name, e.g. `scenario_path("uas_answer")`."""
    path = SCENARIO_DIR / (name if name.endswith(".xml") else f"{name}.xml")
    if not path.exists():
        raise FileNotFoundError(path)
    return path


def scenario_keys(scenario: Path) -> dict[str, str]:
    """Default `-key` values declared by a scenario's `rig-keys:` line."""
    keys: dict[str, str] = {}
    for match in _KEYS_RE.finditer(scenario.read_text(encoding="latin-1")):
        for item in match.group(1).split():
            name, sep, value = item.partition("=")
            if sep:
                keys[name] = value
    return keys


def _newest(workdir: Path, pattern: str) -> Path | None:
    matches = sorted(workdir.glob(pattern), key=lambda p: p.stat().st_mtime)
    return matches[-1] if matches else None


@dataclass
class SippProcess:
    """A SIPp run in the background. Always end it with wait() or stop() (or `with`)."""

    command: tuple[str, ...]
    workdir: Path
    local_port: int
    timeout_s: float
    _proc: subprocess.Popen[bytes]
    _out: IO[bytes]
    _err: IO[bytes]
    _started: float = field(default_factory=time.monotonic)
    _forced: bool = False
    _result: SippResult | None = None

    @property
    def pid(self) -> int:
        """Pid of the process group leader (the `timeout` wrapper around SIPp)."""
        return self._proc.pid

    @property
    def running(self) -> bool:
        return self._proc.poll() is None

    def wait_ready(self, timeout: float = 5) -> None:
        """Return once SIPp's traffic loop runs (its sockets are bound); it writes the first
        stats row then. Raises RuntimeError if it exits or never gets there."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(self.workdir.glob("*_.csv")):
                return
            if not self.running:
                raise RuntimeError(f"sipp exited at start-up:\n{self.result().describe()}")
            time.sleep(0.02)
        raise RuntimeError(f"sipp not ready within {timeout}s: {' '.join(self.command)}")

    def wait(self, timeout: float | None = None) -> SippResult:
        """Wait for SIPp to finish; past `timeout` (default: its -timeout plus a grace period)
        abort it and report timed_out=True."""
        if timeout is None:
            timeout = max(0.0, self._started + self.timeout_s + _GRACE_S - time.monotonic())
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._abort()
        return self.result()

    def stop(self, grace: float = 3) -> SippResult:
        """End it now (calls in progress are aborted) and return the result."""
        if self.running:
            self._abort(grace)
        return self.result()

    def _abort(self, grace: float = 3) -> None:
        self._forced = True
        # SIGTERM (passed on by `timeout`): SIPp's handler closes its traces and exits.
        # SIGUSR1, its "soft" stop, left a call in progress running in 3.6.1. The stats CSV
        # keeps its last periodic row (-fd 1).
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # whatever is left of the group
        self._proc.wait(5)

    def result(self) -> SippResult:
        """The outcome; only once SIPp has ended."""
        if self._result is not None:
            return self._result
        if self.running:
            raise RuntimeError("sipp is still running: call wait() or stop() first")
        for stream in (self._out, self._err):
            stream.close()
        stdout = read_text(self.workdir / "sipp.stdout")
        stat_file = _newest(self.workdir, "*_.csv")
        screen_file = _newest(self.workdir, "*_screen.log")
        successful, failed = parse_stats(stat_file, read_text(screen_file) or stdout)
        rc = self._proc.returncode
        self._result = SippResult(
            returncode=rc,
            stdout=stdout,
            stderr=read_text(self.workdir / "sipp.stderr"),
            successful=successful,
            failed=failed,
            # 97: SIPp's -timeout hit before any call completed.
            timed_out=self._forced or rc == 97,
            local_port=self.local_port,
            workdir=self.workdir,
            command=self.command,
            message_log=_newest(self.workdir, "*_messages.log"),
            error_log=_newest(self.workdir, "*_errors.log"),
            log_file=_newest(self.workdir, "*_logs.log"),
            stat_file=stat_file,
            rtt_file=_newest(self.workdir, "*_rtt.csv"),
            screen_file=screen_file,
            elapsed_s=time.monotonic() - self._started,
        )
        return self._result

    def __enter__(self) -> SippProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def build_command(
    scenario: Path | str,
    target: str | None,
    *,
    local_port: int,
    calls: int = 1,
    timeout_s: float = 30,
    variables: Mapping[str, str] | None = None,
    transport: str = "u1",
    extra_args: Sequence[str] = (),
    service: str | None = None,
    auth: tuple[str, str] | None = None,
    rtt: bool = False,
    recv_timeout_ms: int | None = None,
) -> list[str]:
    """The SIPp command line (exposed so a test can show it when something fails)."""
    cmd = [SIPP]
    keys: dict[str, str] = {}
    if isinstance(scenario, str) and not scenario.endswith(".xml") and "/" not in scenario:
        cmd += ["-sn", scenario]  # a built-in such as "uac" or "uas"
    else:
        path = Path(scenario).resolve()
        cmd += ["-sf", str(path)]
        keys = scenario_keys(path)
    if target:
        cmd.append(target)
    cmd += [
        "-i", LOOPBACK, "-p", str(local_port), "-t", transport,
        "-m", str(calls), "-timeout", f"{math.ceil(timeout_s)}s", "-nostdin",
        "-trace_stat", "-fd", "1", "-trace_err", "-trace_msg", "-trace_logs", "-trace_screen",
    ]  # fmt: skip
    keys.update(variables or {})
    for name, value in keys.items():
        cmd += ["-key", name, str(value)]
    if service is not None:
        cmd += ["-s", service]
    if auth is not None:
        cmd += ["-au", auth[0], "-ap", auth[1]]
    if rtt:
        cmd += ["-trace_rtt", "-rtt_freq", "1"]
    if recv_timeout_ms is not None:
        cmd += ["-recv_timeout", str(recv_timeout_ms)]
    cmd += list(extra_args)
    return cmd


def start_sipp(
    scenario: Path | str,
    target: str | None = None,
    *,
    local_port: int | None = None,
    calls: int = 1,
    timeout_s: float = 30,
    variables: Mapping[str, str] | None = None,
    transport: str = "u1",
    extra_args: Sequence[str] = (),
    service: str | None = None,
    auth: tuple[str, str] | None = None,
    rtt: bool = False,
    recv_timeout_ms: int | None = None,
    workdir: Path | None = None,
    wait_ready: bool = True,
) -> SippProcess:
    """Start SIPp in the background (e.g. a UAS the agent will call); returns once its
    sockets are bound unless wait_ready=False. `target` is "host:port" or None for a UAS."""
    port = local_port if local_port is not None else free_port_both()
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="sipp-"))
    else:
        workdir.mkdir(parents=True, exist_ok=True)
        if any(workdir.glob("*_.csv")):
            # One SIPp per directory: file names are per-pid, but readiness and results glob.
            workdir = Path(tempfile.mkdtemp(prefix="sipp-", dir=workdir))
    cmd = build_command(
        scenario, target, local_port=port, calls=calls, timeout_s=timeout_s,
        variables=variables, transport=transport, extra_args=extra_args, service=service,
        auth=auth, rtt=rtt, recv_timeout_ms=recv_timeout_ms,
    )  # fmt: skip
    # Files, not pipes: a chatty SIPp can never block on a full pipe. Closed by result().
    out = open(workdir / "sipp.stdout", "wb")  # noqa: SIM115
    err = open(workdir / "sipp.stderr", "wb")  # noqa: SIM115
    # coreutils' timeout is the hard bound even if the test process dies without stopping
    # SIPp (SIPp's own -timeout never ends a call in progress); it passes SIGTERM on.
    hard_limit = math.ceil(timeout_s + _GRACE_S + 5)
    proc = subprocess.Popen(
        [TIMEOUT, "--kill-after=3", f"{hard_limit}s", *cmd],
        cwd=workdir, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
        start_new_session=True,  # own process group: the final SIGKILL reaches SIPp too
    )  # fmt: skip
    sipp = SippProcess(tuple(cmd), workdir, port, timeout_s, proc, out, err)
    if wait_ready:
        try:
            sipp.wait_ready()
        except RuntimeError:
            sipp.stop()
            raise
    return sipp


def run_sipp(
    scenario: Path | str,
    target: str | None = None,
    *,
    local_port: int | None = None,
    calls: int = 1,
    timeout_s: float = 30,
    variables: Mapping[str, str] | None = None,
    transport: str = "u1",
    extra_args: Sequence[str] = (),
    service: str | None = None,
    auth: tuple[str, str] | None = None,
    rtt: bool = False,
    recv_timeout_ms: int | None = None,
    workdir: Path | None = None,
) -> SippResult:
    """Run SIPp to completion (bounded by timeout_s plus a short grace) and return the result."""
    sipp = start_sipp(
        scenario, target, local_port=local_port, calls=calls, timeout_s=timeout_s,
        variables=variables, transport=transport, extra_args=extra_args, service=service,
        auth=auth, rtt=rtt, recv_timeout_ms=recv_timeout_ms, workdir=workdir,
        wait_ready=False,
    )  # fmt: skip
    return sipp.wait()


def run_sipp_rtt(
    scenario: Path | str,
    target: str,
    *,
    calls: int = 1,
    timeout_s: float = 30,
    variables: Mapping[str, str] | None = None,
    service: str | None = None,
    extra_args: Sequence[str] = (),
    workdir: Path | None = None,
) -> tuple[SippResult, dict[str, list[float]]]:
    """run_sipp with `-trace_rtt -rtt_freq 1`; also returns rtd name -> times in ms
    (SIPp measures whole milliseconds)."""
    result = run_sipp(
        scenario, target, calls=calls, timeout_s=timeout_s, variables=variables,
        service=service, extra_args=extra_args, workdir=workdir, rtt=True,
    )  # fmt: skip
    return result, result.rtt()
