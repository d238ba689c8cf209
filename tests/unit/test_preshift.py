"""Pre-shift check: grading, verdict, advice, ports that fail or hang, the report for IT."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from homeagent.services.preshift import (
    API,
    AUDIO,
    HEADSET,
    KEYRING,
    KEYRING_TEST_KEY,
    SIP,
    PreShiftCheck,
    PreShiftPorts,
    PreShiftReport,
    State,
    Thresholds,
    Verdict,
    grade_api,
    grade_headset,
    grade_sip,
)
from tests.unit.fakes import FakeTimers

T = Thresholds()
NOW = datetime(2030, 5, 6, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Probe:
    sent: int = 10
    received: int = 10
    error: str = ""
    loss_pct: float = 0.0
    median_ms: float | None = 20.0
    jitter_ms: float | None = 2.0


class Tasks:
    """Runs work at once unless told to hold one kind back (a hanging port)."""

    def __init__(self) -> None:
        self.held: list[Callable[[], None]] = []
        self.hold = False

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        def go() -> None:
            try:
                result = fn()
            except Exception as exc:
                if on_error:
                    on_error(exc)
                return
            if on_done:
                on_done(result)

        if self.hold:
            self.held.append(go)
        else:
            go()


class Keyring:
    def __init__(self, broken: bool = False) -> None:
        self.data: dict[str, str] = {}
        self.broken = broken

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def set(self, key: str, secret: str) -> None:
        if self.broken:
            raise RuntimeError("no Secret Service")
        self.data[key] = secret

    def delete(self, key: str) -> None:
        self.data.pop(key, None)


class Api:
    def __init__(self, skew_s: float = 0.0) -> None:
        self.skew = timedelta(seconds=skew_s)

    def health(self) -> datetime:
        return NOW + self.skew


class Mic:
    def __init__(self, peak: float) -> None:
        self.peak = peak

    def microphone_test(self, seconds: float) -> float:
        assert seconds == 3.0
        return self.peak


def ports(**kw: Any) -> PreShiftPorts:
    base: dict[str, Any] = {
        "sip_probe": Probe,
        "api": Api(),
        "keyring": Keyring(),
        "audio_devices": lambda: ["Built-in Audio", "Jabra Evolve2 40 (USB)"],
        "audio_test": Mic(0.4),
        "wall_clock": lambda: NOW,
    }
    base.update(kw)
    return PreShiftPorts(**base)


def run(p: PreShiftPorts, tasks: Tasks | None = None) -> tuple[PreShiftCheck, list[PreShiftReport]]:
    check = PreShiftCheck(tasks or Tasks(), FakeTimers(), p)
    reports: list[PreShiftReport] = []
    check.finished.connect(reports.append)
    check.run()
    return check, reports


def test_all_good_is_green_and_saved_for_it() -> None:
    saved: list[dict[str, Any]] = []
    check, reports = run(ports(save=saved.append))
    (report,) = reports
    assert report.verdict is Verdict.GREEN and report.advice == ()
    assert {c.name: c.state for c in report.checks} == dict.fromkeys(
        (SIP, API, KEYRING, HEADSET, AUDIO), State.PASS
    )
    assert saved[0]["verdict"] == "green"
    assert json.loads(json.dumps(saved[0])) == saved[0]  # plain JSON for IT
    assert saved[0]["checks"]["sip"]["figures"]["median_ms"] == 20.0
    assert saved[0]["checks"]["api"]["figures"]["clock_skew_s"] == 0.0
    assert not check.running


def test_high_jitter_advises_a_cable_and_is_amber() -> None:
    result = grade_sip(Probe(jitter_ms=45.0), T)
    assert result.state is State.WARN and "use_cable" in result.advice
    _, reports = run(ports(sip_probe=lambda: Probe(jitter_ms=45.0)))
    assert reports[0].verdict is Verdict.AMBER and "use_cable" in reports[0].advice


@pytest.mark.parametrize(
    ("probe", "state", "advice"),
    [
        (Probe(received=0, loss_pct=100, median_ms=None, jitter_ms=None, error="refused"),
         State.FAIL, ("sip_unreachable",)),
        (Probe(received=0, loss_pct=100, error="tls"), State.FAIL, ("sip_tls_refused",)),
        (Probe(received=7, loss_pct=30), State.FAIL, ("packet_loss", "use_cable")),
        (Probe(received=9, loss_pct=10), State.WARN, ("packet_loss", "use_cable")),
        (Probe(median_ms=200), State.WARN, ("high_latency",)),
        (Probe(median_ms=500), State.FAIL, ("high_latency",)),
    ],
)  # fmt: skip
def test_sip_grading(probe: Probe, state: State, advice: tuple[str, ...]) -> None:
    result = grade_sip(probe, T)
    assert (result.state, result.advice) == (state, advice)


def test_clock_skew_and_slow_api() -> None:
    assert grade_api(NOW, NOW, 50, T).state is State.PASS
    assert grade_api(NOW + timedelta(seconds=45), NOW, 50, T).advice == ("fix_clock",)
    late = grade_api(NOW - timedelta(minutes=10), NOW, 50, T)
    assert late.state is State.FAIL and late.figures["clock_skew_s"] == -600.0
    assert grade_api(NOW, NOW, 1500, T).advice == ("slow_api",)
    _, reports = run(ports(api=Api(skew_s=-600)))
    assert reports[0].verdict is Verdict.RED and reports[0].advice == ("fix_clock",)


def test_headset_grading() -> None:
    assert grade_headset([]).advice == ("no_audio_device",)
    assert grade_headset(["Built-in Audio Analog Stereo"]).advice == ("plug_headset",)
    assert grade_headset(["Casque Plantronics"]).state is State.PASS


def test_missing_ports_are_unknown_and_do_not_turn_the_light_red() -> None:
    _, reports = run(ports(audio_devices=None, audio_test=None))
    states = {c.name: c.state for c in reports[0].checks}
    assert states[HEADSET] is State.UNKNOWN and states[AUDIO] is State.UNKNOWN
    assert reports[0].verdict is Verdict.GREEN
    assert "headset_unknown" in reports[0].advice


def test_failing_ports_are_graded_not_raised() -> None:
    def boom() -> Any:
        raise OSError("network is unreachable")

    class DeadApi:
        def health(self) -> datetime:
            raise TimeoutError("read timed out")

    class DeadMic:
        def microphone_test(self, seconds: float) -> float:
            raise RuntimeError("device busy")

    _, reports = run(
        ports(sip_probe=boom, api=DeadApi(), keyring=Keyring(broken=True), audio_test=DeadMic())
    )
    by_name = {c.name: c for c in reports[0].checks}
    assert by_name[SIP].advice == ("sip_unreachable",) and "unreachable" in by_name[SIP].detail
    assert by_name[API].advice == ("api_unreachable",)
    assert by_name[KEYRING].state is State.WARN  # the operator can still type the password
    assert by_name[AUDIO].advice == ("audio_failed",)
    assert reports[0].verdict is Verdict.RED


def test_silent_microphone_warns() -> None:
    _, reports = run(ports(audio_test=Mic(0.0)))
    assert reports[0].verdict is Verdict.AMBER and reports[0].advice == ("mic_silent",)


def test_the_keyring_check_leaves_nothing_behind() -> None:
    keyring = Keyring()
    run(ports(keyring=keyring))
    assert KEYRING_TEST_KEY not in keyring.data


def test_a_hanging_check_times_out_and_late_answers_are_ignored() -> None:
    tasks = Tasks()
    timers = FakeTimers()
    check = PreShiftCheck(tasks, timers, ports())
    reports: list[PreShiftReport] = []
    check.finished.connect(reports.append)
    tasks.hold = True
    check.run()
    assert check.running and not reports
    timers.advance(T.check_timeout_s)
    assert reports and reports[0].verdict is Verdict.RED
    assert all(c.advice == ("check_timed_out",) for c in reports[0].checks)
    for late in tasks.held:
        late()  # the ports answer after all: the report stays as it was
    assert len(reports) == 1 and check.report is reports[0]


def test_run_again_ignores_the_previous_runs_answers() -> None:
    tasks = Tasks()
    timers = FakeTimers()
    check = PreShiftCheck(tasks, timers, ports())
    reports: list[PreShiftReport] = []
    check.finished.connect(reports.append)
    tasks.hold = True
    check.run()
    first = list(tasks.held)
    tasks.held.clear()
    tasks.hold = False
    check.run()
    assert len(reports) == 1 and reports[0].verdict is Verdict.GREEN
    for late in first:
        late()
    assert len(reports) == 1
    assert not timers.pending  # the finished run's timeout was cancelled
