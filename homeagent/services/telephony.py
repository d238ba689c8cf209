"""Telephony: operator intents become engine commands; engine events become call state.

Runs on the GUI thread and never blocks. It owns the calls (domain CallSession) and the
registration state, decides call waiting (answering a second call holds the first), auto
answer and rejection when the operator is not taking calls, and survives the engine dying.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallQuality, CallSession, CallState, Direction, EndReason
from homeagent.domain.dialplan import DialPlan, DialTarget, normalise
from homeagent.domain.errors import NumberError
from homeagent.domain.registration import RegFailure, RegState
from homeagent.domain.sip_account import SipAccount
from homeagent.services.observable import Topic
from homeagent.services.ports import SipEnginePort, TimerPort

log = logging.getLogger(__name__)

ACCOUNT_ID = "operator"


@dataclass(frozen=True)
class TransferRequest:
    """The operator asked to transfer `call_id` to `target` (an extension or a number)."""

    call_id: str
    target: str


@dataclass(frozen=True)
class Notice:
    """Something the operator should be told; `code` is translated by the UI."""

    code: str
    detail: str = ""
    call_id: str = ""


@dataclass(frozen=True)
class CallPolicy:
    auto_answer_after_s: float | None = None  # provisioned; None: ring until answered
    reject_code_when_unavailable: int = 480
    max_live_calls: int = 2  # one in conversation, one waiting or held


class TelephonyService:
    def __init__(
        self,
        engine: SipEnginePort,
        timers: TimerPort,
        dial_plan: DialPlan,
        policy: CallPolicy | None = None,
    ) -> None:
        self._engine = engine
        self._timers = timers
        self.dial_plan = dial_plan
        self.policy = policy or CallPolicy()
        self.calls: dict[str, CallSession] = {}
        self.registration = m.RegistrationChanged(ACCOUNT_ID, RegState.UNREGISTERED)
        self.engine_up = False
        self.engine_info: m.EngineReady | None = None
        self.accepting_calls = True  # the agent status turns this off when not ready
        self.account: SipAccount | None = None
        self._ids = itertools.count(1)
        self._auto_answer: dict[str, Callable[[], None]] = {}
        self._pending_transfer: dict[str, str] = {}
        # published state changes
        self.calls_changed: Topic[CallSession] = Topic()
        self.registration_changed: Topic[m.RegistrationChanged] = Topic()
        self.engine_changed: Topic[bool] = Topic()
        self.notices: Topic[Notice] = Topic()
        self.dtmf_received: Topic[m.DtmfReceived] = Topic()
        self.transfers: Topic[TransferRequest] = Topic()  # asked for (the engine reports progress)

    # ---- operator intents ----------------------------------------------------------------

    def sign_in(self, account: SipAccount) -> None:
        self.account = account
        self._set_registration(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERING))
        self._engine.send(m.AddAccount(ACCOUNT_ID, account))

    def sign_out(self) -> None:
        for call in self.live_calls():
            self.hangup(call.call_id)
        self._engine.send(m.RemoveAccount(ACCOUNT_ID))
        self.account = None
        self._set_registration(m.RegistrationChanged(ACCOUNT_ID, RegState.UNREGISTERED))

    def retry_registration(self) -> None:
        if self.account is not None:
            self._set_registration(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERING))
            self._engine.send(m.Reregister(ACCOUNT_ID))

    def dial(self, text: str) -> CallSession | None:
        """Call what the operator typed; a bad number is a notice, not an exception."""
        if self.account is None:
            self.notices.emit(Notice("not_signed_in"))
            return None
        if len(self.live_calls()) >= self.policy.max_live_calls:
            self.notices.emit(Notice("too_many_calls"))
            return None
        target = self._target(text)
        if target is None:
            return None
        for other in self.live_calls():
            if other.is_talking:
                self.hold(other.call_id)
        call_id = f"out-{next(self._ids)}-{os.getpid()}"
        call = CallSession(
            call_id=call_id,
            direction=Direction.OUTBOUND,
            remote_uri=target.uri,
            remote_number=target.number,
            state=CallState.DIALING,
            started_at=self._timers.now(),
        )
        self.calls[call_id] = call
        self._engine.send(m.MakeCall(call_id, ACCOUNT_ID, target.uri))
        self._publish(call)
        return call

    def answer(self, call_id: str) -> None:
        call = self.calls.get(call_id)
        if call is None or call.state is not CallState.INCOMING:
            return
        self._cancel_auto_answer(call_id)
        for other in self.live_calls():
            if other.call_id != call_id and other.is_talking:
                self.hold(other.call_id)  # call waiting: the first caller hears hold
        self._engine.send(m.Answer(call_id))

    def decline(self, call_id: str, busy: bool = False) -> None:
        call = self.calls.get(call_id)
        if call is None or call.state is not CallState.INCOMING:
            return
        self._cancel_auto_answer(call_id)
        call.hangup_requested = True
        self._engine.send(m.Hangup(call_id, 486 if busy else 603))

    def hangup(self, call_id: str) -> None:
        call = self.calls.get(call_id)
        if call is None or not call.is_live:
            return
        self._cancel_auto_answer(call_id)
        call.hangup_requested = True
        code = 603 if call.state is CallState.INCOMING else 0
        self._engine.send(m.Hangup(call_id, code))

    def hold(self, call_id: str) -> None:
        call = self._active(call_id)
        if call is not None and not call.local_hold:
            self._engine.send(m.Hold(call_id))

    def resume(self, call_id: str) -> None:
        call = self._active(call_id)
        if call is None or not call.local_hold:
            return
        for other in self.live_calls():
            if other.call_id != call_id and other.is_talking:
                self.hold(other.call_id)
        self._engine.send(m.Resume(call_id))

    def toggle_hold(self, call_id: str) -> None:
        call = self._active(call_id)
        if call is not None:
            (self.resume if call.local_hold else self.hold)(call_id)

    def swap(self) -> None:
        """With one call talking and one held, exchange them."""
        held = [c for c in self.live_calls() if c.state is CallState.ACTIVE and c.local_hold]
        if held:
            self.resume(held[0].call_id)

    def set_muted(self, call_id: str, muted: bool) -> None:
        call = self._active(call_id)
        if call is not None:
            self._engine.send(m.Mute(call_id, muted))

    def send_dtmf(self, call_id: str, digits: str) -> None:
        call = self._active(call_id)
        if call is not None:
            self._engine.send(m.SendDtmf(call_id, digits))

    def blind_transfer(self, call_id: str, text: str) -> None:
        call = self._active(call_id)
        if call is None or self.account is None:
            return
        target = self._target(text, call_id)
        if target is not None:
            self._engine.send(m.BlindTransfer(call_id, target.uri))
            self.transfers.emit(TransferRequest(call_id, target.number))

    def attended_transfer(self, call_id: str, target_call_id: str) -> None:
        """Connect the party of `call_id` with the party of `target_call_id`."""
        if self._active(call_id) is None or self._active(target_call_id) is None:
            return
        self._engine.send(m.AttendedTransfer(call_id, target_call_id))
        self.transfers.emit(TransferRequest(call_id, self.calls[target_call_id].remote_number))

    def network_changed(self, reason: str) -> None:
        """New address or resumed from sleep: rebind, re-register, re-INVITE live calls."""
        if self.engine_up:
            self._engine.send(m.NetworkChanged())

    # ---- queries ---------------------------------------------------------------------------

    def live_calls(self) -> list[CallSession]:
        return [c for c in self.calls.values() if c.is_live]

    def current_call(self) -> CallSession | None:
        """The call the operator's buttons act on: talking, else ringing, else held."""
        live = self.live_calls()
        for test in (
            lambda c: c.is_talking,
            lambda c: c.state in (CallState.DIALING, CallState.RINGING, CallState.CONNECTING),
            lambda c: c.state is CallState.INCOMING,
            lambda c: True,
        ):
            for call in live:
                if test(call):
                    return call
        return None

    # ---- engine events ---------------------------------------------------------------------

    def on_engine_event(self, event: Any) -> None:
        handler = getattr(self, f"_on_{type(event).__name__}", None)
        if handler is not None:
            handler(event)

    def _on_EngineReady(self, event: m.EngineReady) -> None:  # noqa: N802
        self.engine_up = True
        self.engine_info = event
        if self.account is not None:
            # the client replays the account into a restarted engine: it re-registers
            self._set_registration(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERING))
        self.engine_changed.emit(True)

    def _on_EngineStopped(self, event: m.EngineStopped) -> None:  # noqa: N802
        self.engine_up = False
        if event.expected:
            return  # we asked for it: the app is closing or signing out
        # first: what the views say about the calls and the line is "the engine is down"
        self.engine_changed.emit(False)
        now = self._timers.now()
        for call in self.live_calls():
            call.apply(CallState.ENDED, 0, now, EndReason.ENGINE_LOST)
            call.end_reason = EndReason.ENGINE_LOST
            self._publish(call)
        if self.account is not None:
            self._set_registration(
                m.RegistrationChanged(
                    ACCOUNT_ID, RegState.FAILED, 0, "engine stopped", RegFailure.OTHER
                )
            )
        self.notices.emit(Notice("engine_crashed", event.detail))

    def _on_RegistrationChanged(self, event: m.RegistrationChanged) -> None:  # noqa: N802
        if event.account_id == ACCOUNT_ID:
            self._set_registration(event)

    def _on_IncomingCall(self, event: m.IncomingCall) -> None:  # noqa: N802
        now = self._timers.now()
        call = CallSession(
            call_id=event.call_id,
            direction=Direction.INBOUND,
            remote_uri=event.remote_uri,
            remote_number=event.remote_number,
            display_name=event.display_name,
            state=CallState.INCOMING,
            started_at=now,
        )
        self.calls[event.call_id] = call
        log.info("call %s incoming", event.call_id)
        if event.replaces_call_id:
            # attended-transfer target: the new call takes over an existing one, no ringing
            call.state = CallState.CONNECTING
            self._publish(call)
            return
        busy = len(self.live_calls()) > self.policy.max_live_calls
        if not self.accepting_calls or busy:
            call.hangup_requested = True
            code = 486 if busy else self.policy.reject_code_when_unavailable
            self._engine.send(m.Hangup(event.call_id, code))
            self._publish(call)
            return
        delay = self.policy.auto_answer_after_s
        if delay is not None and len(self.live_calls()) == 1:
            self._auto_answer[event.call_id] = self._timers.call_later(
                delay, lambda: self._auto_answer_now(event.call_id)
            )
        self._publish(call)

    def _auto_answer_now(self, call_id: str) -> None:
        self._auto_answer.pop(call_id, None)
        self.answer(call_id)

    def _on_CallStateChanged(self, event: m.CallStateChanged) -> None:  # noqa: N802
        call = self.calls.get(event.call_id)
        if call is None:
            if not event.reason.startswith("referred:"):
                return
            # a peer transferred us: the engine placed a new call on its own
            call = CallSession(event.call_id, Direction.OUTBOUND, "", started_at=self._timers.now())
            self.calls[event.call_id] = call
        if call.apply(event.state, event.code, self._timers.now(), event.reason):
            # ids, states and codes only: numbers and names are customer data
            log.info("call %s %s (%s)", call.call_id, call.state, event.code)
            if call.state is CallState.ENDED:
                self._cancel_auto_answer(call.call_id)
            self._publish(call)

    def _on_CallMediaChanged(self, event: m.CallMediaChanged) -> None:  # noqa: N802
        call = self.calls.get(event.call_id)
        if call is None:
            return
        call.local_hold = event.local_hold
        call.remote_hold = event.remote_hold
        call.muted = event.muted
        if event.codec:
            call.quality = replace(call.quality, codec=event.codec)
        self._publish(call)

    def _on_CallStats(self, event: m.CallStats) -> None:  # noqa: N802
        call = self.calls.get(event.call_id)
        if call is None:
            return
        call.quality = CallQuality(
            event.jitter_ms,
            event.loss_pct,
            event.rtt_ms,
            event.mos,
            event.codec,
            event.rx_packets,
        )
        self._publish(call)

    def _on_DtmfReceived(self, event: m.DtmfReceived) -> None:  # noqa: N802
        self.dtmf_received.emit(event)

    def _on_TransferProgress(self, event: m.TransferProgress) -> None:  # noqa: N802
        if event.final and not 200 <= event.code < 300:
            self.notices.emit(
                Notice("transfer_failed", f"{event.code} {event.reason}", event.call_id)
            )

    def _on_CommandFailed(self, event: m.CommandFailed) -> None:  # noqa: N802
        call = self.calls.get(event.call_id)
        if event.command == "MakeCall" and call is not None and call.is_live:
            call.apply(CallState.ENDED, 0, self._timers.now())
            call.end_reason = EndReason.FAILED
            self._publish(call)
        self.notices.emit(Notice(f"command_failed:{event.code}", event.detail, event.call_id))

    # ---- helpers ---------------------------------------------------------------------------

    def _target(self, text: str, call_id: str = "") -> DialTarget | None:
        """What the operator typed, as a URI on our SIP domain; a bad number is a notice."""
        plan = self.dial_plan
        if not plan.sip_domain and self.account is not None:
            plan = replace(plan, sip_domain=self.account.domain)
        try:
            return normalise(text, plan)
        except NumberError as exc:
            self.notices.emit(Notice("bad_number", str(exc), call_id))
            return None

    def _active(self, call_id: str) -> CallSession | None:
        call = self.calls.get(call_id)
        if call is None or call.state is not CallState.ACTIVE:
            return None
        return call

    def _cancel_auto_answer(self, call_id: str) -> None:
        cancel = self._auto_answer.pop(call_id, None)
        if cancel is not None:
            cancel()

    def _publish(self, call: CallSession) -> None:
        """Tell the views; an ended call is told once more, then forgotten (history keeps it)."""
        self.calls_changed.emit(call)
        if not call.is_live:
            self.calls.pop(call.call_id, None)

    def _set_registration(self, event: m.RegistrationChanged) -> None:
        if event.state != self.registration.state or event.code != self.registration.code:
            log.info("registration %s %s %s", event.state, event.code, event.failure)
        self.registration = event
        self.registration_changed.emit(event)
