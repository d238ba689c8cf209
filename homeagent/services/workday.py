"""The working day's rules that join the shift, the calls and the agent status.

- The agent status follows the shift (off shift: offline; on break: not ready) and the wrap-up.
- Clocking out while a call or its wrap-up is open waits; the clock-out is punched by itself
  as soon as no live call and no wrap-up remain.
- Breaks are punches (unpaid time, counted as break); the profile's other not-ready reasons
  (training, meeting, paperwork...) are statuses chosen while working (paid time).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from homeagent.domain.agent import AgentProfile, Reason
from homeagent.domain.work import PunchKind
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.observable import Topic
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import TelephonyService

# Profile reasons that mean "the operator stops working" (a break punch) rather than
# "working, but not taking calls" (a not-ready status). The API accepts a punch's
# reason_code only when it is one of the profile's not_ready_reasons.
BREAK_REASON_CODES = ("break", "lunch")


class WrapUpSource(Protocol):
    """Whatever runs the after-call wrap-up (e.g. the ticket form's wrap-up timer)."""

    @property
    def active(self) -> bool: ...

    @property
    def active_changed(self) -> Topic[bool]: ...


class TimerPort(Protocol):
    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]: ...


def break_reasons(profile: AgentProfile | None) -> tuple[Reason, ...]:
    """The reasons a break punch may carry, "break" first; empty: a break without a reason."""
    if profile is None:
        return ()
    found = {r.code: r for r in profile.not_ready_reasons if r.code in BREAK_REASON_CODES}
    return tuple(found[code] for code in BREAK_REASON_CODES if code in found)


def status_reasons(profile: AgentProfile | None) -> tuple[Reason, ...]:
    """The reasons the operator may give for being not ready while working."""
    if profile is None:
        return ()
    return tuple(r for r in profile.not_ready_reasons if r.code not in BREAK_REASON_CODES)


class Workday:
    def __init__(
        self,
        shift: ShiftService,
        status: AgentStatusService,
        telephony: TelephonyService,
        timers: TimerPort,
        wrap_up: WrapUpSource | None = None,
    ) -> None:
        self._shift = shift
        self._status = status
        self._telephony = telephony
        self._timers = timers
        self._wrap_up = wrap_up
        self._idle_check: Callable[[], None] | None = None
        shift.changed.connect(self._on_shift_changed)
        telephony.calls_changed.connect(lambda _call: self._schedule_idle_check())
        if wrap_up is not None:
            wrap_up.active_changed.connect(self._on_wrap_up_changed)
            status.set_wrap_up(wrap_up.active)
        status.set_shift(shift.state)

    @property
    def calls_busy(self) -> bool:
        """A live call (ringing, talking, held) or an open wrap-up."""
        wrapping = self._wrap_up is not None and self._wrap_up.active
        return wrapping or bool(self._telephony.live_calls())

    def punch(self, kind: PunchKind, reason_code: str = "") -> None:
        self._shift.punch(kind, reason_code, calls_busy=self.calls_busy)

    def _on_shift_changed(self, _: None) -> None:
        self._status.set_shift(self._shift.state)

    def _on_wrap_up_changed(self, active: bool) -> None:
        self._status.set_wrap_up(active)
        self._schedule_idle_check()

    def _schedule_idle_check(self) -> None:
        # Look on the next turn of the event loop: the wrap-up that a hang-up starts is told
        # of the same hang-up, maybe after us; clocking out in between would skip it.
        if self._shift.clock_out_pending and self._idle_check is None:
            self._idle_check = self._timers.call_later(0.0, self._check_idle)

    def _check_idle(self) -> None:
        self._idle_check = None
        if not self.calls_busy:
            self._shift.calls_idle()
