"""Composition root, desk half: the agent desktop's services, view-models and window.

app.py builds the process-wide parts (engine, telephony, API session, outbox sender) and
calls build_desk() when a central API is configured. Like app.py, this is a place that
knows every part; nothing else imports it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from homeagent import config
from homeagent.domain.agent import AgentState
from homeagent.domain.shift import ShiftState
from homeagent.domain.work import PunchKind
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.shift import ShiftService
from homeagent.services.telephony import TelephonyService

log = logging.getLogger(__name__)

TIMESHEET_LOOKBACK = timedelta(days=8)


def _now() -> datetime:
    return datetime.now(UTC)


def _day_start() -> datetime:
    local = datetime.now().astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


@dataclass
class Desk:
    window: Any
    shift: ShiftService
    status: AgentStatusService
    session: Any
    demo: bool
    parts: dict[str, Any] = field(default_factory=dict)
    start_steps: list[Any] = field(default_factory=list)
    stop_steps: list[Any] = field(default_factory=list)

    def start(self) -> None:
        for step in self.start_steps:
            step()

    def stop(self) -> None:
        for step in self.stop_steps:
            try:
                step()
            except Exception:
                log.exception("desk stop step failed")


def build_desk(
    vm: Any,
    company: Any,
    cfg: config.Config,
    data_dir: Path,
    *,
    telephony: TelephonyService,
    tasks: Any,
    timers: Any,
    dispatcher: Any,
    demo: bool,
) -> Desk:
    from homeagent.store.writers import OutboxWriter, PunchLedger
    from homeagent.ui.desk_window import DeskParts, DeskWindow

    device = _device_id(data_dir)
    ledger = PunchLedger(company.db_path, device)
    writer = OutboxWriter(company.db_path)
    shift = ShiftService(ledger, tasks, _now, _day_start)
    status = AgentStatusService(telephony, writer, tasks, _now)
    session = company.session
    parts = DeskParts()
    window = DeskWindow(vm, parts)
    desk = Desk(window, shift, status, session, demo)

    shift.changed.connect(lambda _none: status.set_shift(shift.state))
    company.status_listeners.append(lambda _status: shift.refresh_receipts())

    def on_signed_in(signed: Any) -> None:
        window.set_signed_in(True, signed.profile.display_name)
        shift.load(_now() - TIMESHEET_LOOKBACK)
        if demo:
            # a trainee's phone rings at once: the demo clocks in and goes Available for them
            def clock_in_once(_none: None) -> None:
                shift.changed.disconnect(clock_in_once)
                if shift.state is ShiftState.OFF:
                    shift.punch(PunchKind.CLOCK_IN)
                status.choose(AgentState.AVAILABLE)

            shift.changed.connect(clock_in_once)

    session.signed_in.connect(on_signed_in)
    session.signed_out.connect(lambda _none: window.set_signed_in(False))
    if demo:
        desk.start_steps.append(lambda: session.sign_in("agent", "demo", remember=False))
    return desk


def _device_id(data_dir: Path) -> str:
    from homeagent.app import device_id

    return device_id(data_dir)
