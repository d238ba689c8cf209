"""Agent status: derived from the shift, the calls and telephony health (domain.status),
sent to the API through the outbox on every change, and deciding whether calls ring."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from homeagent.domain.agent import AgentState
from homeagent.domain.call import CallState
from homeagent.domain.registration import RegState
from homeagent.domain.shift import ShiftState
from homeagent.domain.status import Status, StatusInputs, derive
from homeagent.domain.work import StateChange
from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort
from homeagent.services.telephony import TelephonyService

log = logging.getLogger(__name__)


class StateSink(Protocol):
    """Blocking (the outbox); run on the write pool."""

    def record(self, change: StateChange) -> None: ...


class AgentStatusService:
    def __init__(
        self,
        telephony: TelephonyService,
        sink: StateSink,
        tasks: TaskPort,
        now: Callable[[], datetime],
    ) -> None:
        self._telephony = telephony
        self._sink = sink
        self._tasks = tasks
        self._now = now
        self._inputs = StatusInputs(ShiftState.OFF)
        self._audio_fault = ""
        self.status = derive(self._inputs)
        self.changed: Topic[Status] = Topic()
        telephony.calls_changed.connect(lambda _call: self._recompute())
        telephony.registration_changed.connect(lambda _reg: self._recompute())
        telephony.engine_changed.connect(lambda _up: self._recompute())
        self._apply_to_telephony()

    # ---- inputs -------------------------------------------------------------------------

    def set_shift(self, shift: ShiftState) -> None:
        self._update(shift=shift)

    def choose(self, state: AgentState, reason_code: str = "") -> None:
        """The operator's Available / Not ready (reason) while working."""
        if state not in (AgentState.AVAILABLE, AgentState.NOT_READY):
            raise ValueError(state)
        self._update(chosen=state, chosen_reason=reason_code)

    def set_wrap_up(self, active: bool) -> None:
        self._update(wrap_up=active)

    def set_audio_fault(self, fault: str) -> None:
        """E.g. "no_audio_device"; empty when a device is back."""
        self._audio_fault = fault
        self._recompute()

    # ---- derivation -----------------------------------------------------------------------

    def _update(self, **changes: object) -> None:
        self._inputs = replace(self._inputs, **changes)  # type: ignore[arg-type]
        self._recompute()

    def _telephony_fault(self) -> str:
        tel = self._telephony
        if not tel.engine_up:
            return "engine_down"
        if tel.account is not None and tel.registration.state is not RegState.REGISTERED:
            return "not_registered"
        return self._audio_fault

    def _recompute(self) -> None:
        on_call = any(
            c.state
            in (CallState.DIALING, CallState.RINGING, CallState.CONNECTING, CallState.ACTIVE)
            for c in self._telephony.live_calls()
        )
        self._inputs = replace(self._inputs, on_call=on_call, fault=self._telephony_fault())
        status = derive(self._inputs)
        if status == self.status:
            return
        self.status = status
        self._apply_to_telephony()
        change = StateChange(str(uuid.uuid4()), status.state, self._now(), status.reason_code)
        log.info("agent status %s %s", status.state, status.reason_code)
        self._tasks.run(
            lambda: self._sink.record(change),
            on_error=lambda exc: log.error("status not queued: %s", exc),
        )
        self.changed.emit(status)

    def _apply_to_telephony(self) -> None:
        self._telephony.accepting_calls = self.status.takes_calls
