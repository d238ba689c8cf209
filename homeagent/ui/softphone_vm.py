"""Softphone view-model: telephony and sign-in state as text, flags and signals for the window.

Runs on the GUI thread and never blocks: it only reads service state and calls services.
Every operator-facing sentence is made here, through `self.tr()`; the services give codes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from homeagent.domain.call import CallSession, CallState
from homeagent.domain.dialplan import pretty_number
from homeagent.domain.registration import RegState, should_retry
from homeagent.domain.sip_messages import DtmfReceived, RegistrationChanged
from homeagent.services.observable import Topic
from homeagent.services.session import SessionPort
from homeagent.services.telephony import Notice, TelephonyService
from homeagent.ui.softphone_text import SoftphoneText

DTMF_KEYS = "123456789*0#"


@dataclass(frozen=True)
class CallRow:
    """One live call as the calls list shows it; every field is plain text or a flag."""

    call_id: str
    remote: str
    state: str
    timer: str
    quality: str
    on_hold: bool
    muted: bool


@dataclass(frozen=True)
class Controls:
    """Which buttons make sense now (and the check state of the toggles)."""

    sign_in: bool = False
    sign_out: bool = False
    dial: bool = False
    answer: bool = False
    decline: bool = False
    hangup: bool = False
    hold: bool = False
    held: bool = False
    mute: bool = False
    muted: bool = False
    dtmf: bool = False
    transfer: bool = False
    consult: bool = False
    complete_transfer: bool = False
    swap: bool = False
    retry: bool = False


def format_duration(seconds: float) -> str:
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class SoftphoneViewModel(QObject):
    registration_changed = Signal()
    calls_changed = Signal()
    engine_changed = Signal()
    timers_ticked = Signal()
    notice_raised = Signal(str)
    dtmf_received = Signal(str)
    dial_proposed = Signal(str)

    def __init__(
        self,
        telephony: TelephonyService,
        session: SessionPort,
        demo: bool = False,
        *,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._telephony = telephony
        self._session = session
        self._clock = clock
        self.text = SoftphoneText(self)
        self.demo = demo
        self.busy = False
        self.engine_lost = False  # the engine died after having run; cleared when it is back
        self._consult: tuple[str, str] | None = None  # (held call, consultation call)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._on_ticker_timeout)
        self._subscriptions: list[tuple[Topic[Any], Callable[[Any], None]]] = [
            (telephony.calls_changed, self._on_telephony_calls_changed),
            (telephony.registration_changed, self._on_telephony_registration_changed),
            (telephony.engine_changed, self._on_telephony_engine_changed),
            (telephony.notices, self._on_telephony_notices),
            (telephony.dtmf_received, self._on_telephony_dtmf_received),
            (session.busy_changed, self._on_session_busy_changed),
        ]
        for topic, slot in self._subscriptions:
            topic.connect(slot)

    def close(self) -> None:
        """Stop listening to the services (the window is going away)."""
        self._ticker.stop()
        for topic, slot in self._subscriptions:
            topic.disconnect(slot)

    # ---- operator intents ----------------------------------------------------------------

    def sign_in(self, username: str, password: str, remember: bool) -> None:
        self._session.sign_in(username, password, remember)

    def sign_out(self) -> None:
        self._session.sign_out()

    def retry_registration(self) -> None:
        self._telephony.retry_registration()

    def dial(self, text: str) -> bool:
        return self._telephony.dial(text) is not None

    def propose_dial(self, text: str) -> None:
        """Click-to-call: put the number in front of the operator, who confirms with Enter.

        Never dial on our own: a web page's tel: link must not be able to place a call
        (premium numbers) without the operator's say-so.
        """
        self.dial_proposed.emit(text.strip())
        self.notice_raised.emit(self.tr("Press Enter to call this number."))

    def answer(self) -> None:
        if (call := self._ringing()) is not None:
            self._telephony.answer(call.call_id)

    def decline(self) -> None:
        if (call := self._ringing()) is not None:
            self._telephony.decline(call.call_id)

    def hangup(self) -> None:
        if (call := self._telephony.current_call()) is not None:
            self._telephony.hangup(call.call_id)

    def toggle_hold(self) -> None:
        if (call := self._telephony.current_call()) is not None:
            self._telephony.toggle_hold(call.call_id)

    def toggle_mute(self) -> None:
        if (call := self._telephony.current_call()) is not None:
            self._telephony.set_muted(call.call_id, not call.muted)

    def send_dtmf(self, digit: str) -> None:
        call = self._telephony.current_call()
        if call is not None and call.is_talking and len(digit) == 1 and digit in DTMF_KEYS:
            self._telephony.send_dtmf(call.call_id, digit)

    def blind_transfer(self, text: str) -> None:
        call = self._telephony.current_call()
        if call is not None and call.state is CallState.ACTIVE:
            self._telephony.blind_transfer(call.call_id, text)

    def start_attended_transfer(self, text: str) -> bool:
        """Call the transfer target; telephony puts the current call on hold first."""
        call = self._telephony.current_call()
        if call is None or call.state is not CallState.ACTIVE:
            return False
        consult = self._telephony.dial(text)
        if consult is None:
            return False
        self._consult = (call.call_id, consult.call_id)
        self.calls_changed.emit()
        return True

    def complete_attended_transfer(self) -> None:
        pair = self._transfer_pair()
        if pair is not None:
            self._telephony.attended_transfer(*pair)

    def swap(self) -> None:
        self._telephony.swap()

    # ---- presentation --------------------------------------------------------------------

    @property
    def is_ticking(self) -> bool:
        return self._ticker.isActive()

    def registration_text(self) -> str:
        reg = self._telephony.registration
        user = self._session.username
        if self.engine_lost:
            return self.tr("Phone engine down, restarting…")
        if self.busy:
            return self.tr("Looking up your saved password…")
        if reg.state is RegState.REGISTERED:
            return self.tr("Ready: signed in as {user}").format(user=user)
        if reg.state is RegState.REGISTERING:
            return self.tr("Signing in as {user}…").format(user=user)
        if reg.state is RegState.FAILED:
            return self.tr("Not signed in: {why}").format(why=self.text.failure_text(reg))
        return self.tr("Signed out")

    def banner_text(self) -> str:
        """What is wrong with the line, or empty when nothing is."""
        if self.engine_lost:
            return self.tr(
                "The phone engine stopped and is restarting; you will be signed in "
                "again automatically."
            )
        reg = self._telephony.registration
        if reg.state is not RegState.FAILED or self._telephony.account is None:
            return ""
        if reg.retry_in_s > 0:
            retry = self.tr("Retrying automatically in {n} s.").format(n=reg.retry_in_s)
        elif should_retry(reg.failure):
            retry = self.tr("Retrying automatically.")
        else:
            retry = self.tr("Check your user name and password, then sign in again.")
        return f"{self.text.failure_text(reg)} {retry}"

    def call_rows(self) -> list[CallRow]:
        now = self._clock()
        rows = []
        for call in self._telephony.live_calls():
            answered = call.answered_at is not None
            seconds = call.talk_seconds(now) if answered else call.ring_seconds(now)
            rows.append(
                CallRow(
                    call.call_id,
                    self.remote_text(call),
                    self.text.state_text(call),
                    format_duration(seconds),
                    self.text.quality_text(call),
                    call.local_hold,
                    call.muted,
                )
            )
        return rows

    def current_remote(self) -> str:
        call = self._telephony.current_call()
        return "" if call is None else self.remote_text(call)

    def remote_text(self, call: CallSession) -> str:
        if call.display_name:
            return call.display_name
        if call.remote_number:
            return pretty_number(call.remote_number, self._telephony.dial_plan.country)
        return call.remote_uri or self.tr("Unknown caller")

    def number_text(self, call: CallSession) -> str:
        """The number itself (the SIP display name is the caller's claim, shown aside)."""
        if call.remote_number:
            number = pretty_number(call.remote_number, self._telephony.dial_plan.country)
        else:
            number = call.remote_uri or self.tr("Withheld number")
        if call.display_name and call.display_name != number:
            return self.tr("{number} — “{name}”").format(number=number, name=call.display_name)
        return number

    def controls(self) -> Controls:
        t = self._telephony
        live = t.live_calls()
        current = t.current_call()
        active = current is not None and current.state is CallState.ACTIVE
        talking = current is not None and current.is_talking
        ringing = self._ringing() is not None
        room = len(live) < t.policy.max_live_calls
        held = [c for c in live if c.state is CallState.ACTIVE and c.local_hold]
        return Controls(
            sign_in=t.account is None and not self.busy,
            sign_out=t.account is not None,
            dial=t.account is not None and room,
            answer=ringing,
            decline=ringing,
            hangup=current is not None,
            hold=active,
            held=active and current is not None and current.local_hold,
            mute=active,
            muted=active and current is not None and current.muted,
            dtmf=talking,
            transfer=active,
            consult=active and room,
            complete_transfer=self._transfer_pair() is not None,
            swap=bool(held) and sum(c.state is CallState.ACTIVE for c in live) >= 2,
            retry=t.account is not None and t.engine_up and t.registration.state is RegState.FAILED,
        )

    def ringing_call(self) -> CallSession | None:
        return self._ringing()

    def call_waiting(self) -> bool:
        """A call rings while another one is connected."""
        return self._ringing() is not None and any(
            c.state is not CallState.INCOMING for c in self._telephony.live_calls()
        )

    # ---- service events ------------------------------------------------------------------

    @Slot(object)
    def _on_telephony_calls_changed(self, call: CallSession) -> None:
        if self._consult is not None and call.call_id in self._consult and not call.is_live:
            self._consult = None
        if self._telephony.live_calls():
            if not self._ticker.isActive():
                self._ticker.start()
        else:
            self._ticker.stop()
        if call.state is CallState.ENDED:
            text = self.text.end_text(call)
            if text:
                self.notice_raised.emit(text)
        self.calls_changed.emit()

    @Slot(object)
    def _on_telephony_registration_changed(self, event: RegistrationChanged) -> None:
        self.registration_changed.emit()

    @Slot(bool)
    def _on_telephony_engine_changed(self, up: bool) -> None:
        self.engine_lost = not up
        self.engine_changed.emit()
        self.registration_changed.emit()

    @Slot(object)
    def _on_telephony_notices(self, notice: Notice) -> None:
        self.notice_raised.emit(self.text.notice_text(notice))

    @Slot(object)
    def _on_telephony_dtmf_received(self, event: DtmfReceived) -> None:
        self.dtmf_received.emit(event.digit)

    @Slot(bool)
    def _on_session_busy_changed(self, busy: bool) -> None:
        self.busy = busy
        self.registration_changed.emit()

    @Slot()
    def _on_ticker_timeout(self) -> None:
        if self._telephony.live_calls():
            self.timers_ticked.emit()
        else:
            self._ticker.stop()

    # ---- helpers -------------------------------------------------------------------------

    def _ringing(self) -> CallSession | None:
        for call in self._telephony.live_calls():
            if call.state is CallState.INCOMING:
                return call
        return None

    def _transfer_pair(self) -> tuple[str, str] | None:
        """(held call, consultation call) when both are connected, else None."""
        calls = self._telephony.calls
        if self._consult is not None:
            both = [calls.get(i) for i in self._consult]
            ok = all(c is not None and c.state is CallState.ACTIVE for c in both)
            return self._consult if ok else None
        live = [c for c in self._telephony.live_calls() if c.state is CallState.ACTIVE]
        on_hold = [c for c in live if c.local_hold]
        talking = [c for c in live if not c.local_hold]
        if on_hold and talking:
            return on_hold[0].call_id, talking[0].call_id
        return None
