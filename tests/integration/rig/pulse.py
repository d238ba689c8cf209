"""A private PulseAudio server with null sinks: a real OS sound path on a machine without a card.

Each rig has its own runtime directory and socket (no system daemon is touched, nothing is
autospawned) and is killed by PID. The sinks stand for the operator's devices: play into a
sink's input with `play()`, record what an app played with `record("<sink>.monitor")`.
Processes that should use the rig get `rig.env` (PULSE_SERVER etc.).

Also here: the small DSP the audio tests and the benchmark share (tone synthesis, Goertzel
power, tone onsets), pure Python so the tests need no numpy.
"""

from __future__ import annotations

import array
import contextlib
import fcntl
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

RATE = 16000


class PulseError(RuntimeError):
    """The rig could not start or a pactl command failed."""


def available() -> bool:
    return shutil.which("pulseaudio") is not None and shutil.which("pactl") is not None


class PulseRig:
    def __init__(self, sinks: Sequence[tuple[str, str]] = (("headset", "Headset"), ("mic", "Mic"))):
        self.dir = Path(tempfile.mkdtemp(prefix="ha-pa-"))
        self.env = dict(
            os.environ,
            PULSE_RUNTIME_PATH=str(self.dir),
            XDG_RUNTIME_DIR=str(self.dir),
            PULSE_STATE_PATH=str(self.dir / "state"),
            PULSE_SERVER=f"unix:{self.dir}/native",
            HOME=str(self.dir),
        )
        self._sinks = list(sinks)
        # like a desktop's sound server (PulseAudio via rtkit, PipeWire): real-time threads
        # where permitted (root in CI); HOMEAGENT_RIG_PA_RT=0 runs it at normal priority
        rt = os.environ.get("HOMEAGENT_RIG_PA_RT", "1") != "0"
        self._priority = ["--realtime=yes", "--high-priority=yes"] if rt else ["--realtime=no"]
        self._proc: subprocess.Popen[bytes] | None = None
        self._players: list[subprocess.Popen[bytes]] = []
        self.modules: dict[str, int] = {}

    # ---- lifecycle --------------------------------------------------------------------------

    def start(self) -> PulseRig:
        if not available():
            raise PulseError("pulseaudio/pactl not installed (apt: pulseaudio pulseaudio-utils)")
        (self.dir / "state").mkdir(mode=0o700, exist_ok=True)
        self.dir.chmod(0o700)
        log = (self.dir / "pulse.log").open("wb")
        self._proc = subprocess.Popen(
            [
                "pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
                "--disallow-exit=no", "--use-pid-file=no", "--log-target=stderr",
                "--log-level=warning", *self._priority,
                "-L", f"module-native-protocol-unix socket={self.dir}/native auth-anonymous=1",
                "-L", "module-always-sink",
            ],
            env=self.env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        log.close()
        end = time.monotonic() + 10
        while self._run("info", check=False).returncode != 0:
            if self._proc.poll() is not None or time.monotonic() > end:
                text = (self.dir / "pulse.log").read_text(errors="replace")
                self.stop()
                raise PulseError(f"pulseaudio did not start: {text[-500:]}")
            time.sleep(0.05)
        try:
            for name, description in self._sinks:
                self.add_sink(name, description)
            if self._sinks:
                self.set_defaults(self._sinks[0][0], f"{self._sinks[-1][0]}.monitor")
        except PulseError:
            self.stop()  # never leave a daemon behind
            raise
        return self

    def stop(self) -> None:
        for player in self._players:
            _kill(player)
        self._players.clear()
        if self._proc is not None:
            _kill(self._proc)
            self._proc = None
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> PulseRig:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- sinks ------------------------------------------------------------------------------

    def add_sink(self, name: str, description: str) -> int:
        out = self._run(
            "load-module", "module-null-sink", f"sink_name={name}", "rate=48000",
            f"sink_properties=\"device.description='{description}'\"",
        ).stdout  # fmt: skip
        self.modules[name] = int(out.strip())
        return self.modules[name]

    def add_pipe_source(self, name: str, description: str) -> Path:
        """A microphone with its own clock: PulseAudio takes whatever is written into the
        FIFO it returns, at the writer's pace (see PacedPipe)."""
        path = self.dir / f"{name}.fifo"
        out = self._run(
            "load-module", "module-pipe-source", f"source_name={name}", f"file={path}",
            "format=s16le", f"rate={RATE}", "channels=1",
            f"source_properties=\"device.description='{description}'\"",
        ).stdout  # fmt: skip
        self.modules[name] = int(out.strip())
        return path

    def add_pipe_sink(self, name: str, description: str) -> Path:
        """A speaker with its own clock: PulseAudio renders only as fast as the FIFO it returns
        is read (see PacedPipe)."""
        path = self.dir / f"{name}.fifo"
        out = self._run(
            "load-module", "module-pipe-sink", f"sink_name={name}", f"file={path}",
            "format=s16le", f"rate={RATE}", "channels=1", "use_system_clock_for_timing=no",
            f"sink_properties=\"device.description='{description}'\"",
        ).stdout  # fmt: skip
        self.modules[name] = int(out.strip())
        return path

    def remove_sink(self, name: str) -> None:
        """Unplug: the sink (and its monitor) disappear, streams on it are killed."""
        self._run("unload-module", str(self.modules.pop(name)))

    def set_defaults(self, sink: str, source: str) -> None:
        self._run("set-default-sink", sink)
        self._run("set-default-source", source)

    def clients(self) -> int:
        return len(self._run("list", "short", "clients").stdout.splitlines())

    def pactl(self, *args: str) -> str:
        return self._run(*args).stdout

    # ---- sound in and out -------------------------------------------------------------------

    def play(self, sink: str, pcm: bytes) -> subprocess.Popen[bytes]:
        """Play 16 kHz mono s16 PCM into `sink` in the background; stopped with the rig."""
        path = self.dir / f"play-{len(self._players)}.raw"
        path.write_bytes(pcm)
        proc = subprocess.Popen(
            ["pacat", "--playback", "-d", sink, "--rate", str(RATE), "--channels", "1",
             "--format", "s16le", "--raw", "--latency-msec", "20", str(path)],
            env=self.env, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self._players.append(proc)
        return proc

    def stop_players(self) -> None:
        for player in self._players:
            _kill(player)
        self._players.clear()

    def record(self, source: str, seconds: float) -> array.array[int]:
        """Record `seconds` of 16 kHz mono s16 from `source` (e.g. "headset.monitor")."""
        want = int(seconds * RATE) * 2
        proc = subprocess.Popen(
            ["parec", "-d", source, "--rate", str(RATE), "--channels", "1",
             "--format", "s16le", "--raw", "--latency-msec", "20"],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        assert proc.stdout is not None
        data = bytearray()
        end = time.monotonic() + seconds + 10
        try:
            while len(data) < want and time.monotonic() < end:
                chunk = proc.stdout.read1(want - len(data))
                if not chunk:
                    break
                data += chunk
        finally:
            _kill(proc)
            proc.stdout.close()
        return to_samples(bytes(data[: len(data) // 2 * 2]))

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        res = subprocess.run(
            ["pactl", *args],
            check=False,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
        )
        if check and res.returncode != 0:
            raise PulseError(f"pactl {' '.join(args)}: {res.stderr.strip()}")
        return res


@contextlib.contextmanager
def pulse(
    sinks: Sequence[tuple[str, str]] = (("headset", "Headset"), ("mic", "Mic")),
) -> Iterator[PulseRig]:
    rig = PulseRig(sinks)
    rig.start()
    try:
        yield rig
    finally:
        rig.stop()


class PacedPipe(threading.Thread):
    """Writes into (a pipe source) or reads from (a pipe sink) a FIFO at RATE * (1 + ppm/1e6)
    samples per second of CLOCK_MONOTONIC: a sound device whose crystal is `ppm` off. What is
    written comes from `pcm(first_sample, count)`; what is read is kept in `received`."""

    def __init__(
        self, path: Path, ppm: float, pcm: Callable[[int, int], bytes] | None = None
    ) -> None:
        super().__init__(daemon=True, name=f"paced-{path.name}")
        self.path, self.rate, self.pcm = path, RATE * (1 + ppm / 1e6), pcm
        self.received = bytearray()
        self.samples = 0
        self._halt = threading.Event()

    def run(self) -> None:
        writing = self.pcm is not None
        fd = os.open(self.path, os.O_WRONLY if writing else os.O_RDONLY | os.O_NONBLOCK)
        with contextlib.suppress(OSError):  # 64 KiB by default: 2 s of sound in the pipe
            fcntl.fcntl(fd, 1031, 4096)  # F_SETPIPE_SZ: one page, 128 ms
        try:
            start = time.monotonic()
            while not self._halt.wait(0.005):
                due = int((time.monotonic() - start) * self.rate)
                if due <= self.samples:
                    continue
                if writing:
                    assert self.pcm is not None
                    try:
                        os.write(fd, self.pcm(self.samples, due - self.samples))
                    except BrokenPipeError:  # the server closed its end (stopping)
                        return
                    self.samples = due
                else:
                    try:
                        chunk = os.read(fd, (due - self.samples) * 2)
                    except BlockingIOError:
                        continue
                    self.received += chunk
                    self.samples += len(chunk) // 2
        finally:
            os.close(fd)

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# ---- DSP ------------------------------------------------------------------------------------


def tone(freq: float, seconds: float, amplitude: float = 0.3, rate: int = RATE) -> bytes:
    n = int(seconds * rate)
    a = amplitude * 32767
    w = 2 * math.pi * freq / rate
    return array.array("h", (int(a * math.sin(w * i)) for i in range(n))).tobytes()


def to_samples(pcm: bytes) -> array.array[int]:
    out = array.array("h")
    out.frombytes(pcm)
    return out


def power(samples: Sequence[int], freq: float, rate: int = RATE) -> float:
    """Goertzel: normalised power of `freq` in `samples` (a full-scale sine gives ~0.25)."""
    n = len(samples)
    if n == 0:
        return 0.0
    coeff = 2 * math.cos(2 * math.pi * freq / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    p = s1 * s1 + s2 * s2 - coeff * s1 * s2
    return p / (n * n * 32768.0 * 32768.0)


def rms(samples: Sequence[int]) -> float:
    if not samples:
        return 0.0
    return math.sqrt(sum(x * x for x in samples) / len(samples)) / 32768.0


def dominant(samples: Sequence[int], candidates: Sequence[float], rate: int = RATE) -> float:
    """Which of `candidates` is strongest in `samples`."""
    return max(candidates, key=lambda f: power(samples, f, rate))


def present_fraction(
    samples: Sequence[int], freq: float, window_s: float = 0.02, threshold: float = 1e-4
) -> float:
    """Share of `window_s` windows in which `freq` is clearly present."""
    w = int(window_s * RATE)
    windows = [samples[i : i + w] for i in range(0, len(samples) - w + 1, w)]
    if not windows:
        return 0.0
    return sum(1 for win in windows if power(win, freq) > threshold) / len(windows)
