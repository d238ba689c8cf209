"""Shift bar view-model: the shift, its punches' receipts, today's totals and the agent status
as text and flags. Calls the services; every operator-facing sentence is made here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Protocol

from PySide6.QtCore import QDate, QLocale, QObject, Signal, Slot

from homeagent.domain.agent import AgentProfile, AgentState, Reason
from homeagent.domain.shift import PunchRecord, ShiftState
from homeagent.domain.status import BREAK_REASON, TECH_PREFIX, Status
from homeagent.domain.work import PunchKind
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.observable import Topic
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import Notice
from homeagent.services.workday import Workday, break_reasons, status_reasons

TICK_S = 1.0


class TimerPort(Protocol):
    def call_later(self, delay_s: float, fn: Callable[[], None]) -> Callable[[], None]: ...


@dataclass(frozen=True)
class ShiftControls:
    clock_in: bool = False
    start_break: bool = False
    end_break: bool = False
    clock_out: bool = False


def _short(text: str, limit: int = 40) -> str:
    """A profile label as a menu or combo entry: one line, not the width of the screen."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_hms(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class ShiftViewModel(QObject):
    changed = Signal()  # state, buttons, receipt, status
    ticked = Signal()  # today's worked / break time
    message_changed = Signal(str)

    def __init__(
        self,
        shift: ShiftService,
        status: AgentStatusService,
        workday: Workday,
        timers: TimerPort,
        parent: QObject | None = None,
        *,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._shift = shift
        self._status = status
        self._workday = workday
        self._timers = timers
        self._tz = tz
        self._profile: AgentProfile | None = None
        self._chosen = Status(AgentState.NOT_READY)  # the service's default choice
        self._cancel_tick: Callable[[], None] | None = None
        self.message = ""
        self._subscriptions: list[tuple[Topic[Any], Callable[[Any], None]]] = [
            (shift.changed, self._on_shift_changed),
            (shift.notices, self._on_shift_notices),
            (status.changed, self._on_status_changed),
        ]
        for topic, slot in self._subscriptions:
            topic.connect(slot)
        self._follow_clock()

    def close(self) -> None:
        self._stop_ticker()
        for topic, slot in self._subscriptions:
            topic.disconnect(slot)

    def set_profile(self, profile: AgentProfile | None) -> None:
        """After sign-in: the profile's break and not-ready reasons (labels in its language)."""
        self._profile = profile
        self.changed.emit()

    # ---- operator intents ------------------------------------------------------------------

    def clock_in(self) -> None:
        self._punch(PunchKind.CLOCK_IN)

    def clock_out(self) -> None:
        self._punch(PunchKind.CLOCK_OUT)

    def start_break(self, reason_code: str | None = None) -> None:
        """None: the default reason ("break" when the profile has it)."""
        if reason_code is None:
            reasons = self.break_reasons
            reason_code = reasons[0].code if reasons else ""
        self._punch(PunchKind.BREAK_START, reason_code)

    def end_break(self) -> None:
        self._punch(PunchKind.BREAK_END)

    def toggle_break(self) -> None:
        if self._shift.state is ShiftState.ON_BREAK:
            self.end_break()
        elif self._shift.state is ShiftState.WORKING:
            self.start_break()

    def choose_status(self, index: int) -> None:
        """An entry of `status_items` (ignored when the status is not the operator's to pick)."""
        choices = self._choices()
        if not self.status_selectable or not 0 <= index < len(choices):
            return
        chosen = choices[index][0]
        self._chosen = chosen
        self._status.choose(chosen.state, chosen.reason_code)

    def _punch(self, kind: PunchKind, reason_code: str = "") -> None:
        if not self._shift.can(kind):
            return  # a second click, or a shortcut for a button that is disabled
        self._set_message("")
        self._workday.punch(kind, reason_code)

    # ---- presentation ----------------------------------------------------------------------

    @property
    def controls(self) -> ShiftControls:
        can = self._shift.can
        return ShiftControls(
            clock_in=can(PunchKind.CLOCK_IN),
            start_break=can(PunchKind.BREAK_START),
            end_break=can(PunchKind.BREAK_END),
            clock_out=can(PunchKind.CLOCK_OUT) and not self._shift.clock_out_pending,
        )

    @property
    def break_reasons(self) -> tuple[Reason, ...]:
        return tuple(Reason(r.code, _short(r.label)) for r in break_reasons(self._profile))

    @property
    def state_text(self) -> str:
        shift = self._shift
        last = self._last()
        since = self._hm(last.occurred_at) if last else ""
        if shift.state is ShiftState.OFF:
            text = self.tr("Not clocked in")
        elif shift.state is ShiftState.ON_BREAK and last is not None:
            label = self._reason_label(last.reason_code)
            text = (
                self.tr("On break ({reason}) since {time}").format(reason=label, time=since)
                if label
                else self.tr("On break since {time}").format(time=since)
            )
        else:
            text = self.tr("Working since {time}").format(time=since)
        if shift.saving:
            text = self.tr("{state} — saving the punch…").format(state=text)
        elif shift.clock_out_pending:
            text = self.tr("{state} — clock-out when the call ends").format(state=text)
        return text

    @property
    def receipt_text(self) -> str:
        last = self._last()
        if last is None:
            return ""
        kind = self._kind_label(last.kind)
        if last.received_at is not None:
            return self.tr("{punch}: received by the server {time}").format(
                punch=kind, time=last.received_at.astimezone(self._tz).strftime("%H:%M:%S")
            )
        return self.tr("{punch}: saved on this computer {time}").format(
            punch=kind, time=self._hm(last.occurred_at)
        )

    @property
    def worked_text(self) -> str:
        return self.tr("Worked {time}").format(time=format_hms(self._shift.totals().worked_s))

    @property
    def break_text(self) -> str:
        return self.tr("Breaks {time}").format(time=format_hms(self._shift.totals().break_s))

    @property
    def status_selectable(self) -> bool:
        """The status is the operator's own choice (not a call, a wrap-up, a break, a fault)."""
        return self._shift.state is ShiftState.WORKING and self._status.status == self._chosen

    @property
    def status_items(self) -> list[str]:
        items = [text for _, text in self._choices()]
        if not self.status_selectable:
            items.append(self._status_text(self._status.status))
        return items

    @property
    def status_index(self) -> int:
        choices = [status for status, _ in self._choices()]
        if self.status_selectable and self._chosen in choices:
            return choices.index(self._chosen)
        return len(choices)

    @property
    def status_text(self) -> str:
        return self._status_text(self._status.status)

    # ---- texts -----------------------------------------------------------------------------

    def _choices(self) -> list[tuple[Status, str]]:
        choices = [
            (Status(AgentState.AVAILABLE), self.tr("Available")),
            (Status(AgentState.NOT_READY), self.tr("Not ready")),
        ]
        for reason in status_reasons(self._profile):
            choices.append(
                (
                    Status(AgentState.NOT_READY, reason.code),
                    self.tr("Not ready — {reason}").format(reason=_short(reason.label)),
                )
            )
        return choices

    def _status_text(self, status: Status) -> str:
        state, reason = status.state, status.reason_code
        if state is AgentState.AVAILABLE:
            return self.tr("Available")
        if state is AgentState.ON_CALL:
            return self.tr("On call")
        if state is AgentState.WRAP_UP:
            return self.tr("Wrap-up")
        if state is AgentState.OFFLINE:
            return self.tr("Offline")
        if reason.startswith(TECH_PREFIX):
            return self.tr("Not ready — {reason}").format(reason=self._tech_text(reason))
        if reason == BREAK_REASON:
            return self.tr("Not ready — on break")
        label = self._reason_label(reason)
        return (
            self.tr("Not ready — {reason}").format(reason=label) if label else self.tr("Not ready")
        )

    def _tech_text(self, reason: str) -> str:
        fault = reason.removeprefix(TECH_PREFIX)
        return {
            "engine_down": self.tr("the phone engine is not running"),
            "not_registered": self.tr("the phone line is not connected"),
            "no_audio_device": self.tr("no headset or microphone found"),
        }.get(fault, self.tr("a technical problem ({code})").format(code=fault))

    def _reason_label(self, code: str) -> str:
        if not code:
            return ""
        reasons = self._profile.not_ready_reasons if self._profile else ()
        return _short(next((r.label for r in reasons if r.code == code), code))

    def _kind_label(self, kind: PunchKind) -> str:
        return {
            PunchKind.CLOCK_IN: self.tr("Clock in"),
            PunchKind.CLOCK_OUT: self.tr("Clock out"),
            PunchKind.BREAK_START: self.tr("Break start"),
            PunchKind.BREAK_END: self.tr("Break end"),
        }[kind]

    def notice_text(self, notice: Notice) -> str:
        if notice.code == "forgotten_clock_out":
            try:
                when = datetime.fromisoformat(notice.detail).astimezone(self._tz)
            except ValueError:
                return self.tr("You did not clock out at the end of your last shift.")
            day = QLocale().toString(
                QDate(when.year, when.month, when.day), QLocale.FormatType.ShortFormat
            )
            return self.tr(
                "You did not clock out after your shift of {day} (last punch at {time}). "
                "Clock out now, then clock in, and tell your supervisor when you stopped."
            ).format(day=day, time=f"{when:%H:%M}")
        if notice.code == "clock_out_after_call":
            return self.tr("You will be clocked out when the call and its wrap-up end.")
        if notice.code == "punch_not_saved":
            return self.tr(
                "The punch could not be saved on this computer ({detail}). Try again; "
                "if it keeps failing, tell your supervisor."
            ).format(detail=notice.detail)
        if notice.code == "punch_not_allowed":
            return self.tr("That punch is not possible now.")
        return notice.code

    def _hm(self, moment: datetime) -> str:
        return moment.astimezone(self._tz).strftime("%H:%M")

    def _last(self) -> PunchRecord | None:
        records = self._shift.records
        return max(records, key=lambda r: r.seq) if records else None

    def _set_message(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.message_changed.emit(text)

    # ---- the clock -------------------------------------------------------------------------

    def _follow_clock(self) -> None:
        """Tick every second while clocked in (the totals move), not otherwise."""
        if self._shift.state is ShiftState.OFF:
            self._stop_ticker()
        elif self._cancel_tick is None:
            self._cancel_tick = self._timers.call_later(TICK_S, self._on_tick)

    def _stop_ticker(self) -> None:
        if self._cancel_tick is not None:
            self._cancel_tick()
            self._cancel_tick = None

    def _on_tick(self) -> None:
        self._cancel_tick = None
        self.ticked.emit()
        self._follow_clock()

    # ---- service events --------------------------------------------------------------------

    @Slot(object)
    def _on_shift_changed(self, _: None) -> None:
        self._follow_clock()
        self.changed.emit()
        self.ticked.emit()

    @Slot(object)
    def _on_shift_notices(self, notice: Notice) -> None:
        self._set_message(self.notice_text(notice))

    @Slot(object)
    def _on_status_changed(self, _: Status) -> None:
        self.changed.emit()
