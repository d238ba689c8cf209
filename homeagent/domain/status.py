"""The agent status as one pure function of what is going on, so it can never drift from
the shift, the calls and the telephony's health."""

from __future__ import annotations

from dataclasses import dataclass

from homeagent.domain.agent import AgentState
from homeagent.domain.shift import ShiftState

BREAK_REASON = "break"
TECH_PREFIX = "tech:"  # e.g. tech:engine_down, tech:not_registered, tech:no_audio_device


@dataclass(frozen=True)
class StatusInputs:
    shift: ShiftState
    on_call: bool = False  # a call is connected, being dialled, or held
    wrap_up: bool = False  # the last call's wrap-up is still open
    fault: str = ""  # telephony fault code, empty when healthy
    chosen: AgentState = AgentState.NOT_READY  # the operator's own choice while working
    chosen_reason: str = ""


@dataclass(frozen=True)
class Status:
    state: AgentState
    reason_code: str = ""

    @property
    def takes_calls(self) -> bool:
        """Ring for new calls? On a call too: that is call waiting, the operator decides."""
        return self.state in (AgentState.AVAILABLE, AgentState.ON_CALL)


def derive(inputs: StatusInputs) -> Status:
    if inputs.shift is ShiftState.OFF:
        return Status(AgentState.OFFLINE)
    if inputs.on_call:
        return Status(AgentState.ON_CALL)
    if inputs.wrap_up:
        return Status(AgentState.WRAP_UP)
    if inputs.fault:
        return Status(AgentState.NOT_READY, TECH_PREFIX + inputs.fault)
    if inputs.shift is ShiftState.ON_BREAK:
        return Status(AgentState.NOT_READY, BREAK_REASON)
    if inputs.chosen is AgentState.AVAILABLE:
        return Status(AgentState.AVAILABLE)
    return Status(AgentState.NOT_READY, inputs.chosen_reason)
