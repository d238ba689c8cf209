"""The soak: N calls in a row through Kamailio from SIPp against the real desk (issue #7, 1).

The desk is the one the end-to-end rig builds (tests/e2e/desk_rig.desk_stack: the composition
root in this process on offscreen Qt, its engine subprocess, the reference API, a real keyring
and a PulseAudio headset), with a Kamailio that lives as long as the soak. The operator signs
in, clocks in and goes Available through the real window, then takes calls in a fixed mix,
each through the window's buttons:

- answered: answer, talk, hang up, wrap-up with a ticket (category, subject, note) and a
  disposition: the outbox carries a ticket, its note and the interaction;
- rejected: the operator declines (603);
- cancelled: the caller gives up after 1 s of ringing (487);
- transferred: answer, blind transfer to extension 2001, a second SIPp (a UAS registered as
  2001 at Kamailio); the transferee's leg to it is placed through Kamailio by the rig once the
  agent's REFER is accepted (SIPp cannot follow a REFER itself); wrap-up with a disposition;
- held: answer, hold, resume, hang up; wrap-up with a disposition.

Each call is judged on both sides: the desk's flow (each step within its timeout, the call's
end reason) and SIPp's (its scenario passed and logged what the kind expects). Every
`sample_every` calls the rig reads VmRSS and the open fds of this process (the GUI) and of the
engine subprocess, and the outbox backlog. A 10 ms timer on the GUI thread measures how late
each tick comes (bench_desk's StallProbe, with a histogram for percentiles). Engine crashes are
the engine's unexpected stops (telephony.engine_changed(False)) and pid changes.

Used by tests/perf/bench_soak.py (1,000 calls, the figures) and tests/harden/test_soak_short.py
(a short run in the suite). Calls are paced (`gap_s`) and short; SIPp runs off the GUI thread,
and a finished SIPp is judged while the next call runs.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import functools
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QPushButton

from homeagent.demo.server.sample_data import SIP_PASSWORD
from homeagent.domain.call import CallSession, CallState
from homeagent.domain.shift import ShiftState
from tests.e2e.desk_rig import Desk, desk_stack, sign_in_as, wait_until
from tests.integration.rig.ports import free_port_both
from tests.integration.rig.sipp import SippProcess, SippResult, run_sipp, scenario_path, start_sipp
from tests.perf import support
from tests.perf.bench_desk import StallProbe, Waiter, callers

log = logging.getLogger("tests.harden.soak")

AGENT = "agent.en"
TARGET_EXT = "2001"  # the transfer target: a SIPp UAS registered at Kamailio under this name
KINDS = ("answered", "rejected", "cancelled", "transferred", "held")
# the desk's end reason each kind must give (telephony's CallSession.end_reason)
END_REASONS = {
    "answered": {"local_hangup"},
    "rejected": {"local_hangup", "declined"},
    "cancelled": {"cancelled"},
    "transferred": {"transferred"},
    "held": {"local_hangup"},
}
SCENARIOS = {
    "answered": "uac_agent_hangs_up",
    "rejected": "uac_rejected",
    "cancelled": "uac_cancel_while_ringing",
    "transferred": "uac_refer",
    "held": "uac_agent_hangs_up",
}
HIST_MS = 5000  # the lateness histogram: 1 ms bins, the last one holds everything longer
REGISTRATION_S = 3600  # Kamailio's max_expires; the target re-registers well before it ends


@dataclass(frozen=True)
class SoakParams:
    calls: int = 1000
    talk_s: float = 0.6  # answered: between answer and hang-up
    hold_s: float = 0.3  # held: on hold, then as long again after resuming
    sample_every: int = 10  # RSS / fds / outbox every this many calls
    settle_calls: int = 100  # slopes and growth are computed from here on
    gap_s: float = 0.15  # idle between calls (pacing: leave the second core to others)
    probe_ms: int = 10  # the GUI lag probe's interval
    step_timeout_s: float = 15.0  # each desk step (ring, connect, end, wrap-up)
    latency_ms: float = 0.0  # the reference API's added latency
    keep_failed: int = 50  # SIPp work dirs of failed calls kept for reading
    give_up_after: int = 10  # consecutive failed calls that end the soak (a broken stack)

    def lifetime_s(self) -> float:
        """A bound on the life of the peers started for the soak (Kamailio, the transfer
        target): they outlive a generous soak, and not by hours if this process dies."""
        return 600 + 3.0 * self.calls


@dataclass
class Sample:
    call: int  # calls done when sampled
    t_s: float
    gui_rss_mb: float | None
    gui_fds: int | None
    engine_rss_mb: float | None
    engine_fds: int | None
    engine_pid: int | None
    outbox_pending: int


@dataclass
class _Pending:
    """A call whose desk side is done; its SIPp processes are judged once they end."""

    index: int
    kind: str
    started: float
    desk_s: float
    sipps: list[Future[SippProcess]]
    desk_failure: str = ""
    end_reason: str = ""


class LagProbe(StallProbe):
    """bench_desk's StallProbe (max, counts, GC time) without its stack sampler, plus a 1 ms
    histogram of every tick's lateness, for percentiles in constant memory."""

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__(interval_ms)
        self.hist = [0] * (HIST_MS + 1)

    def _tick(self) -> None:
        if self.phase:
            late_ms = (time.perf_counter() - self.last - self.interval_s) * 1000
            self.hist[min(HIST_MS, max(0, int(late_ms)))] += 1
        super()._tick()

    def _sample(self) -> None:
        """No stack sampling here: over hundreds of calls, StallProbe's sampler thread
        (sys._current_frames() on the busy GUI thread, CPython 3.11.7) segfaulted the whole
        process twice (faulthandler: in _sample). The soak reports lateness only."""

    def percentile_ms(self, pct: float) -> int | None:
        total = sum(self.hist)
        if not total:
            return None
        rank, seen = pct / 100 * total, 0
        for ms, n in enumerate(self.hist):
            seen += n
            if seen >= rank:
                return ms
        return HIST_MS


def proc_figures(pid: int | None) -> tuple[float | None, int | None]:
    """(VmRSS in MB, open fds) of a process; None for what cannot be read."""
    rss = support.mib(support.status_kib(pid, "VmRSS"))
    try:
        fds: int | None = len(os.listdir(f"/proc/{pid}/fd")) if pid is not None else None
    except OSError:
        fds = None
    return rss, fds


def slope_per_100(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of (call, value), per 100 calls; None with fewer than 3 points."""
    if len(points) < 3:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in points)
    return round(sxy / sxx * 100, 3)


class SoakRig:
    """Drives the real desk through one call after another; see the module docstring."""

    def __init__(self, desk: Desk, workdir: Path, params: SoakParams, probe: LagProbe) -> None:
        self.desk = desk
        self.params = params
        self.probe = probe
        self.workdir = workdir
        self.waiter = Waiter()
        self.numbers = [number for number, _name in callers()]
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="soak-sipp")
        self.scenarios = {kind: self._scenario(name) for kind, name in SCENARIOS.items()}
        self.scenarios["transferee"] = scenario_path("uac_caller_hangs_up")
        self.outcomes_path = workdir / "outcomes.jsonl"
        self.ok: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.failed: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.failures: list[dict[str, Any]] = []  # the first 50, for the report
        self.desk_s: dict[str, float] = dict.fromkeys(KINDS, 0.0)
        self.samples: list[Sample] = []
        self.engine_stops = 0  # unexpected engine stops (crashes)
        self.engine_starts = 0  # engine_changed(True) after the first: restarts
        self.engine_pids: set[int] = set()
        self.submitted = 0
        self.tickets = 0
        self.kept_failed = 0
        self.target: SippProcess | None = None
        self.target_port = 0
        self.target_registered_at = 0.0
        self._pending: list[_Pending] = []
        self._ended: dict[str, str] = {}  # call id -> end reason, until read
        self._t0 = time.monotonic()
        self._calls_done = 0
        self._streak = 0  # consecutive failed calls
        self.soak_s = 0.0
        self.stalls: dict[str, Any] = {}
        self.interactions_before = 0
        tel = desk.running.telephony
        tel.engine_changed.connect(self._on_engine_changed)
        tel.calls_changed.connect(self._on_call_changed)
        wrapup = self.wrapup
        wrapup.submitted.connect(self._on_submitted)

    # ---- the desk's parts -------------------------------------------------------------------

    @property
    def tel(self) -> Any:
        return self.desk.running.telephony

    @property
    def window(self) -> Any:
        return self.desk.window

    @property
    def wrapup(self) -> Any:
        return self.desk.running.desk.parts["wrapup"]

    @property
    def sync(self) -> Any:
        return self.desk.running.desk.parts["sync"]

    @property
    def engine_pid(self) -> int | None:
        pid = self.desk.running.engine.pid
        return int(pid) if pid is not None else None

    def _on_engine_changed(self, up: bool) -> None:
        if up:
            self.engine_starts += 1
        else:
            self.engine_stops += 1

    def _on_call_changed(self, call: CallSession) -> None:
        if not call.is_live and call.end_reason is not None:
            self._ended[call.call_id] = str(call.end_reason)

    def _on_submitted(self, done: Any) -> None:
        self.submitted += 1
        self.tickets += len(done.ticket_ids)

    def _scenario(self, name: str) -> Path:
        """A rig scenario with requests to the agent addressed to its known contact: SIPp
        3.6's [next_url] keeps the Contact's display name, which PJSIP sends (desk_rig does
        the same for the ACK of uac_agent_hangs_up)."""
        text = scenario_path(name).read_text(encoding="iso-8859-1")
        contact = f"sip:{AGENT}@127.0.0.1:{self.desk.sip_port};ob"
        path = self.workdir / "scenarios" / f"{name}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(" [next_url] SIP/2.0", f" {contact} SIP/2.0"), "iso-8859-1")
        return path

    # ---- set-up -----------------------------------------------------------------------------

    def prepare(self) -> None:
        """The transfer target, then sign in, clock in and go Available through the window."""
        self.start_target()
        sign_in_as(self.desk, self.waiter, AGENT)
        shift = self.desk.running.desk.shift
        self._button("clockInButton").click()
        wait_until(self.waiter, lambda: shift.state is ShiftState.WORKING, 10, "clocked in")
        self.go_available()
        pid = self.engine_pid
        if pid is not None:
            self.engine_pids.add(pid)
        self.engine_starts = 0  # from here on, an engine start is a restart
        self.interactions_before = self.interactions_at_server()

    def _button(self, name: str) -> QPushButton:
        found: QPushButton | None = self.window.findChild(QPushButton, name)
        assert found is not None, name
        return found

    def go_available(self) -> None:
        combo = self.window.findChild(QComboBox, "statusCombo")
        assert combo is not None
        wait_until(self.waiter, lambda: not self.wrapup.active, 10, "wrap-up to close")
        if not self.tel.accepting_calls:
            texts = [combo.itemText(i) for i in range(combo.count())]
            index = next((i for i, t in enumerate(texts) if t.startswith("Available")), -1)
            assert index >= 0, texts
            combo.setCurrentIndex(index)
            combo.activated.emit(index)
        wait_until(self.waiter, lambda: self.tel.accepting_calls, 10, "Available")

    def start_target(self) -> None:
        """A SIPp UAS answering every call, registered at Kamailio as extension 2001 (the
        registration is made from its port just before it starts listening there)."""
        kam = self.desk.kamailio
        self.target_port = self.target_port or free_port_both()
        reg = run_sipp(
            scenario_path("uac_register"),
            f"127.0.0.1:{kam.udp_port}",
            local_port=self.target_port,
            service=TARGET_EXT,
            auth=(TARGET_EXT, SIP_PASSWORD),
            variables={"expires": str(REGISTRATION_S)},
            timeout_s=10,
            workdir=self.workdir / "target-register",
        )
        assert reg.ok, reg.describe()
        kam.wait_for_registration(TARGET_EXT)
        self.target_registered_at = time.monotonic()
        self.target = start_sipp(
            scenario_path("uas_answer"),
            None,
            local_port=self.target_port,
            calls=1_000_000,
            timeout_s=min(REGISTRATION_S, self.params.lifetime_s()),
            workdir=self.workdir / "target",
        )

    def stop_target(self) -> dict[str, Any]:
        if self.target is None:
            return {}
        result = self.target.stop()
        self.target = None
        return {"target_calls_ok": result.successful, "target_calls_failed": result.failed}

    # ---- the soak ---------------------------------------------------------------------------

    def run(self, on_progress: Callable[[int, SoakRig], None] | None = None) -> None:
        """All the calls, sampling as it goes; then the last SIPp judged and the outbox
        drained. Failures are recorded, never raised (the report has them)."""
        p = self.params
        self._t0 = time.monotonic()
        mem = None
        if probe_mode := os.environ.get("HOMEAGENT_SOAK_MEMPROBE"):  # where the GUI's memory goes
            from tests.perf.memprobe import MemProbe

            mem = MemProbe(trace=probe_mode != "light")
            mem.start()
        self.sample(0)
        self.probe.begin("soak")
        try:
            for i in range(p.calls):
                kind = KINDS[i % len(KINDS)]
                if time.monotonic() - self.target_registered_at > REGISTRATION_S - 300:
                    with self.probe.harness():
                        self.stop_target()
                        self.start_target()
                self.one_call(i, kind)
                self._calls_done = i + 1
                self._judge(block=False)
                if self._streak >= p.give_up_after:
                    raise RuntimeError(f"{self._streak} calls failed in a row: {self.failures[-1]}")
                if (i + 1) % p.sample_every == 0 or i + 1 == p.calls:
                    self.sample(i + 1)
                    if mem is not None and (
                        (not mem.moments and i + 1 >= p.settle_calls) or i + 1 == p.calls
                    ):
                        with self.probe.harness():
                            mem.take(i + 1)
                            if i + 1 == p.calls:
                                print(mem.report(), flush=True)
                    if on_progress is not None:
                        with self.probe.harness():
                            on_progress(i + 1, self)
                self.waiter.wait(int(p.gap_s * 1000))
            self._judge(block=True)
        finally:
            self.stalls = self.probe.end()
            self.soak_s = time.monotonic() - self._t0

    def sample(self, call: int) -> None:
        with self.probe.harness():
            gui = proc_figures(os.getpid())
            pid = self.engine_pid
            engine = proc_figures(pid)
            if pid is not None:
                self.engine_pids.add(pid)
            self.samples.append(
                Sample(
                    call,
                    round(time.monotonic() - self._t0, 1),
                    gui[0],
                    gui[1],
                    engine[0],
                    engine[1],
                    pid,
                    int(self.sync.status.pending),
                )
            )

    def one_call(self, i: int, kind: str) -> None:
        started = time.monotonic()
        try:
            wait_until(self.waiter, lambda: self.tel.accepting_calls, 10, "Available")
        except AssertionError:
            status = self.desk.running.desk.status.status
            reason = f"not taking calls before the call: {status.state} {status.reason_code}"
            self._pending.append(_Pending(i, kind, started, 10.0, [], reason))
            self._recover()
            return
        number = self.numbers[i % len(self.numbers)]
        customer = self._launch(
            self.scenarios[kind],
            f"{i:04d}-{kind}",
            service=AGENT,
            variables={"caller": number, "caller_name": "Client"},
        )
        pending = _Pending(i, kind, started, 0.0, [customer])
        try:
            call = self._wait_ringing(customer)
            getattr(self, f"_do_{kind}")(i, call, pending)
            pending.end_reason = self._ended.pop(call.call_id, "")
            if pending.end_reason not in END_REASONS[kind]:
                pending.desk_failure = f"desk end reason {pending.end_reason or 'none'}"
        except (AssertionError, RuntimeError) as exc:
            pending.desk_failure = f"{type(exc).__name__}: {str(exc)[:300]}"
            log.warning("soak call %d (%s) failed on the desk: %s", i, kind, exc)
            self._recover()
        self._ended.clear()
        pending.desk_s = time.monotonic() - started
        self._pending.append(pending)

    def _launch(
        self, scenario: Path, tag: str, *, service: str, variables: dict[str, str]
    ) -> Future[SippProcess]:
        """SIPp through Kamailio, started off the GUI thread (its fork is not the app's)."""
        workdir = self.workdir / "sipp" / tag
        return self.pool.submit(
            functools.partial(
                start_sipp,
                scenario,
                f"127.0.0.1:{self.desk.kamailio.udp_port}",
                workdir=workdir,
                service=service,
                variables=variables,
                timeout_s=30,
                wait_ready=False,
            )
        )

    def _wait_ringing(self, customer: Future[SippProcess]) -> CallSession:
        def ringing() -> bool:
            if customer.done() and customer.exception() is not None:
                raise RuntimeError(f"SIPp did not start: {customer.exception()}")
            call = self.tel.current_call()
            return call is not None and call.state is CallState.INCOMING

        wait_until(self.waiter, ringing, self.params.step_timeout_s, "the phone to ring")
        call = self.tel.current_call()
        assert call is not None
        wait_until(self.waiter, self.window.ringing.isVisible, 5, "the ringing panel")
        return call  # type: ignore[no-any-return]

    def _answer(self, call: CallSession) -> None:
        self.window.ringing.answer_button.click()
        wait_until(
            self.waiter,
            lambda: call.state is CallState.ACTIVE,
            self.params.step_timeout_s,
            "the call to connect",
        )

    def _hang_up(self) -> None:
        self.window.calls.hangup_button.click()
        self._wait_idle()

    def _wait_idle(self) -> None:
        wait_until(
            self.waiter, lambda: not self.tel.live_calls(), self.params.step_timeout_s, "the end"
        )

    def _do_answered(self, i: int, call: CallSession, pending: _Pending) -> None:
        self._answer(call)
        self.waiter.wait(int(self.params.talk_s * 1000))
        self._hang_up()
        self._wrap_up(i, "Resolved", ticket=True)

    def _do_rejected(self, i: int, call: CallSession, pending: _Pending) -> None:
        self.window.ringing.decline_button.click()
        self._wait_idle()
        self._check_no_wrap_up()

    def _do_cancelled(self, i: int, call: CallSession, pending: _Pending) -> None:
        self._wait_idle()  # the caller gives up after 1 s of ringing
        self._check_no_wrap_up()

    def _do_held(self, i: int, call: CallSession, pending: _Pending) -> None:
        self._answer(call)
        calls = self.window.calls
        calls.hold_button.click()
        timeout = self.params.step_timeout_s
        wait_until(self.waiter, lambda: call.local_hold, timeout, "the call on hold")
        self.waiter.wait(int(self.params.hold_s * 1000))
        calls.hold_button.click()
        wait_until(self.waiter, lambda: not call.local_hold, timeout, "the call resumed")
        self.waiter.wait(int(self.params.hold_s * 1000))
        self._hang_up()
        self._wrap_up(i, "Information given", ticket=False)

    def _do_transferred(self, i: int, call: CallSession, pending: _Pending) -> None:
        self._answer(call)
        self.waiter.wait(int(self.params.talk_s * 500))
        calls = self.window.calls
        calls.transfer_button.click()
        assert calls.transfer_panel.isVisible(), "the transfer panel did not open"
        calls.transfer_edit.setText(TARGET_EXT)
        calls.blind_button.click()
        self._wait_idle()  # the engine ends the call once the customer accepted the REFER
        # the customer's phone follows the REFER: its new call reaches 2001 through Kamailio
        pending.sipps.append(
            self._launch(
                self.scenarios["transferee"],
                f"{i:04d}-transferee",
                service=TARGET_EXT,
                variables={"caller": self.numbers[i % len(self.numbers)], "talk_ms": "300"},
            )
        )
        self._wrap_up(i, "Escalated to level 2", ticket=False)

    def _check_no_wrap_up(self) -> None:
        assert not self.wrapup.active, "an unanswered call opened a wrap-up"
        assert self.tel.accepting_calls, "not Available after an unanswered call"

    def _wrap_up(self, i: int, disposition: str, *, ticket: bool) -> None:
        """Fill the ticket panel as an operator does and submit it."""
        wrapup = self.wrapup
        wait_until(self.waiter, lambda: wrapup.active, 5, "wrap-up to start")
        panel = self.window.parts.ticket
        if ticket:
            panel.category_combo.setCurrentIndex(panel.category_combo.findText("Request"))
            panel.subject_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            QTest.keyClicks(panel.subject_edit, f"Soak call {i}")
            panel.notes_edit.setPlainText(f"Soak call {i}: the customer asked about a bill.")
        index = panel.disposition_combo.findText(disposition)
        assert index >= 0, f"no disposition {disposition!r}"
        panel.disposition_combo.setCurrentIndex(index)
        problems = wrapup.problems()
        assert problems == (), f"wrap-up cannot be submitted: {problems}"
        panel.submit_button.click()
        wait_until(self.waiter, lambda: not wrapup.active, 10, "wrap-up to be submitted")
        wait_until(self.waiter, lambda: self.tel.accepting_calls, 10, "Available again")

    def _recover(self) -> None:
        """After a failed call: end what is live, close the wrap-up, be Available again."""
        tel = self.tel
        for call in tel.live_calls():
            if call.state is CallState.INCOMING:
                tel.decline(call.call_id)
            else:
                tel.hangup(call.call_id)
        with contextlib.suppress(AssertionError):
            wait_until(self.waiter, lambda: not tel.live_calls(), 10, "calls to end")
        with contextlib.suppress(AssertionError):
            if self.wrapup.active:
                self._wrap_up(-1, "Resolved", ticket=False)
        with contextlib.suppress(AssertionError):
            self.go_available()

    # ---- judging SIPp's side ----------------------------------------------------------------

    def _judge(self, block: bool) -> None:
        """Judge the calls whose SIPp processes have ended (all of them when `block`)."""
        deadline = time.monotonic() + 60
        while self._pending:
            still: list[_Pending] = []
            for pending in self._pending:
                if not self._finished(pending, force=time.monotonic() - pending.started > 90):
                    still.append(pending)
            self._pending = still
            if not block or not still:
                return
            if time.monotonic() > deadline:
                for pending in still:
                    self._finished(pending, force=True)
                self._pending = []
                return
            self.waiter.wait(100)

    def _finished(self, pending: _Pending, force: bool) -> bool:
        if not all(f.done() for f in pending.sipps) and not force:
            return False
        procs: list[SippProcess] = []
        reason = pending.desk_failure
        for future in pending.sipps:
            if not future.done():
                reason = reason or "SIPp never started"
                continue
            exc = future.exception()
            if exc is not None:
                reason = reason or f"SIPp did not start: {exc}"
                continue
            procs.append(future.result())
        if not force and any(proc.running for proc in procs):
            return False
        with self.probe.harness():
            results = [proc.stop() if proc.running else proc.result() for proc in procs]
            reason = reason or self._sipp_failure(pending.kind, results)
            self._record(pending, reason, results)
        return True

    @staticmethod
    def _sipp_failure(kind: str, results: list[SippResult]) -> str:
        """What SIPp saw that the kind does not allow; empty when all is as expected."""
        if not results:
            return "no SIPp result"
        customer = results[0]
        if not customer.ok:
            return f"customer SIPp failed: {customer.describe()[-300:]}"
        events = customer.events()
        names = [e.get("event", "") for e in events]
        if kind == "rejected" and {"event": "final", "code": "603"} not in events:
            return f"no 603 for the caller: {names}"
        if kind == "cancelled" and {"event": "final", "code": "487"} not in events:
            return f"no 487 for the caller: {names}"
        if kind in ("answered", "held") and "bye" not in names:
            return f"the agent did not hang up: {names}"
        if kind == "held":
            # a network change (other work on the machine adding addresses) re-INVITEs a
            # live call as it is: only hold followed by resume matters
            dirs = [e.get("dir") for e in events if e.get("event") == "reinvite"]
            held = next((k for k, d in enumerate(dirs) if d in ("sendonly", "inactive")), -1)
            if held < 0 or "sendrecv" not in dirs[held:]:
                return f"hold then resume not seen by the caller: {dirs}"
        if kind == "transferred":
            refer = [e.get("refer_to", "") for e in events if e.get("event") == "refer"]
            if not refer or f"sip:{TARGET_EXT}@" not in refer[0]:
                return f"no REFER to {TARGET_EXT}: {refer}"
            if "bye_received" not in names:
                return f"the agent did not hang up after the transfer: {names}"
            if len(results) < 2 or not results[1].ok:
                leg = results[1].describe()[-300:] if len(results) > 1 else "not placed"
                return f"the transferee's call to {TARGET_EXT} failed: {leg}"
        return ""

    def _record(self, pending: _Pending, reason: str, results: list[SippResult]) -> None:
        kind = pending.kind
        (self.failed if reason else self.ok)[kind] += 1
        self._streak = self._streak + 1 if reason else 0
        self.desk_s[kind] += pending.desk_s
        row = {
            "i": pending.index,
            "kind": kind,
            "ok": not reason,
            "reason": reason,
            "desk_s": round(pending.desk_s, 2),
            "end_reason": pending.end_reason,
        }
        with self.outcomes_path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        if reason and len(self.failures) < 50:
            self.failures.append(row)
        keep = bool(reason) and self.kept_failed < self.params.keep_failed
        self.kept_failed += keep
        if not keep:
            for result in results:
                shutil.rmtree(result.workdir, ignore_errors=True)

    # ---- the end ----------------------------------------------------------------------------

    def drain_outbox(self, timeout_s: float = 120) -> dict[str, Any]:
        """Wait for the outbox to deliver everything; what the server received."""
        sync = self.sync
        started = time.monotonic()
        with contextlib.suppress(AssertionError):
            wait_until(
                self.waiter,
                lambda: sync.status.pending == 0 and self._delivered() >= self.submitted,
                timeout_s,
                "the outbox to drain",
            )
        tickets = self.desk.server_rows(
            "SELECT count(*) FROM tickets WHERE subject LIKE 'Soak call %'"
        )[0][0]
        return {
            "pending": int(sync.status.pending),
            "parked": int(sync.status.parked),
            "drain_s": round(time.monotonic() - started, 1),
            "submitted": self.submitted,
            "tickets_submitted": self.tickets,
            "interactions_at_server": self._delivered(),
            "tickets_at_server": int(tickets),
        }

    def interactions_at_server(self) -> int:
        return int(self.desk.server_rows("SELECT count(*) FROM interactions")[0][0])

    def _delivered(self) -> int:
        return self.interactions_at_server() - self.interactions_before

    def network_changes(self) -> int:
        """How often the app saw the machine's addresses change (other work on a shared
        machine can add and remove addresses; each re-registers and re-INVITEs)."""
        path = self.desk.data_dir / "logs" / "homeagent.log"
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return -1
        return text.count("homeagent.services.network: network changed")

    def report(self) -> dict[str, Any]:
        p = self.params
        done = sum(self.ok.values()) + sum(self.failed.values())
        settle = min(p.settle_calls, max(0, self._calls_done - 3 * p.sample_every))
        late = [s for s in self.samples if s.call >= settle]
        figures: dict[str, Any] = {}
        for key in ("gui_rss_mb", "engine_rss_mb", "gui_fds", "engine_fds"):
            points = [(s.call, float(v)) for s in late if (v := getattr(s, key)) is not None]
            figures[f"{key}_slope_per_100"] = slope_per_100(points)
            figures[f"{key}_at_settle"] = points[0][1] if points else None
            figures[f"{key}_at_end"] = points[-1][1] if points else None
            first = next((getattr(s, key) for s in self.samples if getattr(s, key) is not None), 0)
            figures[f"{key}_at_start"] = first
            if points:
                figures[f"{key}_growth"] = round(points[-1][1] - points[0][1], 2)
        rss_sum = [
            (s.call, s.gui_rss_mb + s.engine_rss_mb)
            for s in late
            if s.gui_rss_mb is not None and s.engine_rss_mb is not None
        ]
        figures["sum_rss_mb_growth"] = round(rss_sum[-1][1] - rss_sum[0][1], 2) if rss_sum else None
        figures["sum_rss_mb_slope_per_100"] = slope_per_100(rss_sum)
        return {
            "params": asdict(p),
            "calls_done": done,
            "settle_calls": settle,
            "ok": dict(self.ok),
            "failed": dict(self.failed),
            "failures": self.failures,
            "desk_s_mean": {
                k: round(self.desk_s[k] / n, 2) for k in KINDS if (n := self.ok[k] + self.failed[k])
            },
            "engine_crashes": self.engine_stops,
            "engine_restarts": self.engine_starts,
            "engine_pids": sorted(self.engine_pids),
            "memory": figures,
            "stalls": {
                **self.stalls,
                "p50_ms": self.probe.percentile_ms(50),
                "p99_ms": self.probe.percentile_ms(99),
                "p999_ms": self.probe.percentile_ms(99.9),
                "probe_ms": p.probe_ms,
            },
            "network_changes": self.network_changes(),
            "soak_s": round(self.soak_s, 1),
            "s_per_call": round(self.soak_s / done, 2) if done else None,
            "samples": [asdict(s) for s in self.samples],
        }

    def close(self) -> None:
        self.pool.shutdown(wait=True)


@contextlib.contextmanager
def soak_stack(workdir: Path, params: SoakParams) -> Iterator[SoakRig]:
    """desk_stack with a Kamailio that outlives the soak (desk_stack's lives 15 min), the
    lag probe running, and the rig prepared: target up, signed in, clocked in, Available."""
    workdir.mkdir(parents=True, exist_ok=True)
    probe = LagProbe(params.probe_ms)
    with contextlib.ExitStack() as stack:
        desk = stack.enter_context(
            desk_stack(
                workdir, latency_ms=params.latency_ms, kamailio_lifetime_s=params.lifetime_s()
            )
        )
        probe.start()
        stack.callback(probe.stop)
        rig = SoakRig(desk, workdir, params, probe)
        stack.callback(rig.close)
        stack.callback(rig.stop_target)
        rig.prepare()
        yield rig
