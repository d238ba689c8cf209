"""Pre-shift check: is this computer ready for a shift? Phone line, API, clock, keyring, audio.

Each check runs on the pool through its port; results come back on the GUI thread, are
graded here into pass / warn / fail with advice codes, and make one readiness verdict. The
report is saved for IT through a port. The UI turns the codes into sentences.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from homeagent.services.observable import Topic
from homeagent.services.ports import TimerPort
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)

SIP, API, KEYRING, HEADSET, AUDIO = "sip", "api", "keyring", "headset", "audio"
CHECKS = (SIP, API, KEYRING, HEADSET, AUDIO)
KEYRING_TEST_KEY = "homeagent-preshift-test"
_HEADSET_WORDS = (
    "headset", "headphone", "casque", "usb", "jabra", "plantronics", "poly", "sennheiser",
    "epos", "logitech", "bluetooth", "yealink", "micro-casque",
)  # fmt: skip


class State(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    PASS = "pass"  # noqa: S105 - a state, not a password
    WARN = "warn"
    FAIL = "fail"
    UNKNOWN = "unknown"  # no way to check on this computer


class Verdict(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class Thresholds:
    loss_warn_pct: float = 1.0
    loss_fail_pct: float = 20.0
    jitter_warn_ms: float = 30.0
    rtt_warn_ms: float = 150.0
    rtt_fail_ms: float = 400.0
    api_rtt_warn_ms: float = 1000.0
    skew_warn_s: float = 30.0
    skew_fail_s: float = 300.0
    mic_silent_level: float = 0.01
    check_timeout_s: float = 30.0


@dataclass(frozen=True)
class CheckResult:
    name: str  # sip, api, keyring, headset, audio
    state: State = State.PENDING
    advice: tuple[str, ...] = ()
    figures: dict[str, Any] = field(default_factory=dict)
    detail: str = ""  # technical, for IT (exception text); never shown as the main message


@dataclass(frozen=True)
class PreShiftReport:
    run_id: str
    started_at: str  # RFC 3339, UTC
    verdict: Verdict
    checks: tuple[CheckResult, ...]

    @property
    def advice(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for check in self.checks:
            for code in check.advice:
                seen.setdefault(code)
        return tuple(seen)

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "verdict": self.verdict.value,
            "advice": list(self.advice),
            "checks": {
                c.name: {
                    "state": c.state.value,
                    "advice": list(c.advice),
                    "figures": dict(c.figures),
                    "detail": c.detail,
                }
                for c in self.checks
            },
        }


# ---- ports ---------------------------------------------------------------------------------


class SipProbeResult(Protocol):
    """What netcheck.options_burst returns."""

    @property
    def sent(self) -> int: ...
    @property
    def received(self) -> int: ...
    @property
    def error(self) -> str: ...
    @property
    def loss_pct(self) -> float: ...
    @property
    def median_ms(self) -> float | None: ...
    @property
    def jitter_ms(self) -> float | None: ...


class HealthPort(Protocol):
    def health(self) -> datetime: ...  # the server's clock; blocking


class KeyringPort(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, secret: str) -> None: ...
    def delete(self, key: str) -> None: ...


class AudioTestPort(Protocol):
    def microphone_test(self, seconds: float) -> float:
        """Play a short prompt and record for `seconds`; the microphone's peak level 0..1.
        Blocking; raises when a device cannot be opened."""
        ...


@dataclass(frozen=True)
class PreShiftPorts:
    sip_probe: Callable[[], SipProbeResult] | None  # None: no registrar configured
    api: HealthPort | None  # None: SIP-only mode, no central API
    keyring: KeyringPort
    audio_devices: Callable[[], Sequence[str]] | None = None  # device names
    audio_test: AudioTestPort | None = None
    save: Callable[[dict[str, Any]], None] | None = None  # writes the report for IT
    wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    monotonic: Callable[[], float] | None = None  # defaults to the timers' clock


# ---- grading (pure) ------------------------------------------------------------------------


def grade_sip(probe: SipProbeResult, t: Thresholds) -> CheckResult:
    figures: dict[str, Any] = {
        "sent": probe.sent,
        "received": probe.received,
        "loss_pct": round(probe.loss_pct, 1),
        "median_ms": None if probe.median_ms is None else round(probe.median_ms, 1),
        "jitter_ms": None if probe.jitter_ms is None else round(probe.jitter_ms, 1),
        "error": probe.error,
    }
    if probe.received == 0:
        code = "sip_tls_refused" if probe.error == "tls" else "sip_unreachable"
        return CheckResult(SIP, State.FAIL, (code,), figures, probe.error)
    advice: list[str] = []
    state = State.PASS
    median = probe.median_ms or 0.0
    jitter = probe.jitter_ms or 0.0
    if probe.loss_pct >= t.loss_fail_pct:
        state = State.FAIL
        advice.append("packet_loss")
    elif probe.loss_pct >= t.loss_warn_pct:
        state = State.WARN
        advice.append("packet_loss")
    if jitter >= t.jitter_warn_ms:
        state = max_state(state, State.WARN)
    if median >= t.rtt_fail_ms:
        state = State.FAIL
        advice.append("high_latency")
    elif median >= t.rtt_warn_ms:
        state = max_state(state, State.WARN)
        advice.append("high_latency")
    if state is not State.PASS and (jitter >= t.jitter_warn_ms or probe.loss_pct > 0):
        advice.append("use_cable")  # loss and jitter: most often Wi-Fi
    return CheckResult(SIP, state, tuple(advice), figures)


def grade_api(
    server_time: datetime, local_mid: datetime, rtt_ms: float, t: Thresholds
) -> CheckResult:
    skew = (server_time - local_mid).total_seconds()
    figures = {"rtt_ms": round(rtt_ms, 1), "clock_skew_s": round(skew, 1)}
    state, advice = State.PASS, list[str]()
    if abs(skew) >= t.skew_fail_s:
        state = State.FAIL
        advice.append("fix_clock")
    elif abs(skew) >= t.skew_warn_s:
        state = State.WARN
        advice.append("fix_clock")
    if rtt_ms >= t.api_rtt_warn_ms:
        state = max_state(state, State.WARN)
        advice.append("slow_api")
    return CheckResult(API, state, tuple(advice), figures)


def grade_headset(names: Sequence[str]) -> CheckResult:
    figures = {"devices": [str(n)[:200] for n in names][:50]}
    if not names:
        return CheckResult(HEADSET, State.FAIL, ("no_audio_device",), figures)
    if any(word in str(n).lower() for n in names for word in _HEADSET_WORDS):
        return CheckResult(HEADSET, State.PASS, (), figures)
    return CheckResult(HEADSET, State.WARN, ("plug_headset",), figures)


def grade_audio(peak: float, t: Thresholds) -> CheckResult:
    figures = {"mic_peak": round(float(peak), 3)}
    if peak < t.mic_silent_level:
        return CheckResult(AUDIO, State.WARN, ("mic_silent",), figures)
    return CheckResult(AUDIO, State.PASS, (), figures)


_ORDER = {State.PASS: 0, State.UNKNOWN: 0, State.WARN: 1, State.FAIL: 2}


def max_state(a: State, b: State) -> State:
    return a if _ORDER.get(a, 0) >= _ORDER.get(b, 0) else b


def verdict_of(checks: Sequence[CheckResult]) -> Verdict:
    states = {c.state for c in checks}
    if State.FAIL in states:
        return Verdict.RED
    if State.WARN in states:
        return Verdict.AMBER
    return Verdict.GREEN


# ---- the use case --------------------------------------------------------------------------


class PreShiftCheck:
    def __init__(
        self,
        tasks: TaskPort,
        timers: TimerPort,
        ports: PreShiftPorts,
        thresholds: Thresholds | None = None,
    ) -> None:
        self._tasks = tasks
        self._timers = timers
        self._ports = ports
        self.thresholds = thresholds or Thresholds()
        self.results: dict[str, CheckResult] = {name: CheckResult(name) for name in CHECKS}
        self.report: PreShiftReport | None = None
        self.running = False
        self._generation = 0
        self._started_at = ""
        self._cancel_timeout: Callable[[], None] | None = None
        self.check_changed: Topic[CheckResult] = Topic()
        self.finished: Topic[PreShiftReport] = Topic()
        self.running_changed: Topic[bool] = Topic()

    def run(self) -> None:
        """Start every check (again); results arrive through `check_changed`, then `finished`."""
        self._generation += 1
        gen = self._generation
        self._started_at = self._ports.wall_clock().astimezone(UTC).isoformat()
        self.report = None
        if self._cancel_timeout is not None:
            self._cancel_timeout()
        self._cancel_timeout = self._timers.call_later(
            self.thresholds.check_timeout_s, lambda: self._on_timeout(gen)
        )
        self._set_running(True)
        for name in CHECKS:
            self.results[name] = CheckResult(name, State.RUNNING)
            self.check_changed.emit(self.results[name])
        self._start_sip(gen)
        self._start_api(gen)
        self._start_keyring(gen)
        self._start_headset(gen)
        self._start_audio(gen)

    # ---- each check ----------------------------------------------------------------------

    def _start_sip(self, gen: int) -> None:
        probe = self._ports.sip_probe
        if probe is None:
            self._set(gen, CheckResult(SIP, State.UNKNOWN, ("sip_not_configured",)))
            return
        t = self.thresholds
        self._tasks.run(
            probe,
            lambda result: self._set(gen, grade_sip(result, t)),
            lambda exc: self._set(gen, _failed(SIP, "sip_unreachable", exc)),
        )

    def _start_api(self, gen: int) -> None:
        api = self._ports.api
        if api is None:
            self._set(gen, CheckResult(API, State.UNKNOWN, ("api_not_configured",)))
            return
        wall = self._ports.wall_clock
        mono = self._ports.monotonic or self._timers.now
        t = self.thresholds

        def measure() -> tuple[datetime, datetime, float]:
            before_wall, before = wall(), mono()
            server_time = api.health()
            elapsed = mono() - before
            return server_time, before_wall + (wall() - before_wall) / 2, elapsed * 1000.0

        self._tasks.run(
            measure,
            lambda r: self._set(gen, grade_api(r[0], r[1], r[2], t)),
            lambda exc: self._set(gen, _failed(API, "api_unreachable", exc)),
        )

    def _start_keyring(self, gen: int) -> None:
        keyring = self._ports.keyring

        def probe() -> bool:
            secret = uuid.uuid4().hex
            keyring.set(KEYRING_TEST_KEY, secret)
            try:
                return keyring.get(KEYRING_TEST_KEY) == secret
            finally:
                keyring.delete(KEYRING_TEST_KEY)

        def done(ok: bool) -> None:
            result = (
                CheckResult(KEYRING, State.PASS)
                if ok
                else CheckResult(KEYRING, State.WARN, ("keyring_unusable",), detail="read back")
            )
            self._set(gen, result)

        def failed(exc: Exception) -> None:
            # the operator can still work, typing the password each time: amber, not red
            self._set(gen, replace(_failed(KEYRING, "keyring_unusable", exc), state=State.WARN))

        self._tasks.run(probe, done, failed)

    def _start_headset(self, gen: int) -> None:
        devices = self._ports.audio_devices
        if devices is None:
            self._set(gen, CheckResult(HEADSET, State.UNKNOWN, ("headset_unknown",)))
            return
        self._tasks.run(
            lambda: list(devices()),
            lambda names: self._set(gen, grade_headset(names)),
            lambda exc: self._set(gen, _failed(HEADSET, "no_audio_device", exc)),
        )

    def _start_audio(self, gen: int) -> None:
        audio = self._ports.audio_test
        if audio is None:
            self._set(gen, CheckResult(AUDIO, State.UNKNOWN, ("audio_test_unavailable",)))
            return
        t = self.thresholds
        self._tasks.run(
            lambda: audio.microphone_test(3.0),
            lambda peak: self._set(gen, grade_audio(peak, t)),
            lambda exc: self._set(gen, _failed(AUDIO, "audio_failed", exc)),
        )

    # ---- bookkeeping ---------------------------------------------------------------------

    def _set(self, gen: int, result: CheckResult) -> None:
        if gen != self._generation or self.results[result.name].state is not State.RUNNING:
            return  # a late answer from an earlier run, or after the timeout
        self.results[result.name] = result
        self.check_changed.emit(result)
        if all(r.state is not State.RUNNING for r in self.results.values()):
            self._finish(gen)

    def _on_timeout(self, gen: int) -> None:
        self._cancel_timeout = None
        if gen != self._generation:
            return
        for name, result in list(self.results.items()):
            if result.state is State.RUNNING:
                self._set(gen, CheckResult(name, State.FAIL, ("check_timed_out",)))

    def _finish(self, gen: int) -> None:
        if self._cancel_timeout is not None:
            self._cancel_timeout()
            self._cancel_timeout = None
        checks = tuple(self.results[name] for name in CHECKS)
        self.report = PreShiftReport(
            str(uuid.uuid4()), self._started_at, verdict_of(checks), checks
        )
        self._set_running(False)
        self.finished.emit(self.report)
        save = self._ports.save
        if save is not None:
            data = self.report.to_json()
            self._tasks.run(
                lambda: save(data),
                on_error=lambda exc: log.warning("pre-shift report not saved: %s", exc),
            )

    def _set_running(self, running: bool) -> None:
        if running != self.running:
            self.running = running
            self.running_changed.emit(running)


def _failed(name: str, advice: str, exc: Exception) -> CheckResult:
    log.info("pre-shift %s: %s", name, exc)
    return CheckResult(name, State.FAIL, (advice,), detail=f"{type(exc).__name__}: {exc}"[:500])
