"""The shift bar over the real shift, status and telephony services (engine events played)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from homeagent.domain import sip_messages as m
from homeagent.domain.agent import AgentProfile, AgentState, Reason
from homeagent.domain.call import CallState
from homeagent.domain.errors import ApiUnavailable
from homeagent.domain.shift import PunchRecord, ShiftState
from homeagent.domain.work import PunchKind, StateChange
from homeagent.services.agent_status import AgentStatusService
from homeagent.services.shift import ShiftService
from homeagent.services.timesheet import TimesheetService
from homeagent.services.workday import Workday
from homeagent.ui.shift_bar import ShiftBar
from homeagent.ui.shift_vm import ShiftViewModel
from homeagent.ui.timesheet_dialog import TimesheetDialog
from tests.ui.conftest import FakeTimers, InlineTasks, Phone
from tests.unit.fakes import QueuedTasks as Deferred

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
PROFILE = AgentProfile(
    "a1",
    "Camille",
    not_ready_reasons=(
        Reason("break", "Pause"),
        Reason("lunch", "Déjeuner"),
        Reason("training", "<b>Formation</b>"),
    ),
)


class Ledger:
    def __init__(self) -> None:
        self.rows: list[PunchRecord] = []

    def record(self, kind: PunchKind, occurred_at: datetime, reason_code: str) -> PunchRecord:
        rec = PunchRecord(f"p{len(self.rows) + 1}", kind, occurred_at, len(self.rows) + 1)
        self.rows.append(replace(rec, reason_code=reason_code))
        return self.rows[-1]

    def since(self, start: datetime) -> list[PunchRecord]:
        return list(self.rows)

    def acknowledge(self, index: int, received_at: datetime) -> None:
        self.rows[index] = replace(self.rows[index], received_at=received_at)


class States:
    def __init__(self) -> None:
        self.changes: list[StateChange] = []

    def record(self, change: StateChange) -> None:
        self.changes.append(change)


@dataclass
class Bar:
    phone: Phone
    now: list[datetime]
    ledger: Ledger
    tasks: Deferred
    shift: ShiftService
    status: AgentStatusService
    vm: ShiftViewModel
    bar: ShiftBar

    def click(self, button: Any) -> None:
        assert button.isEnabled(), button.objectName()
        QtBot.mouseClick(button, Qt.MouseButton.LeftButton)
        self.tasks.flush()

    def items(self) -> list[str]:
        combo = self.bar.status_combo
        return [combo.itemText(i) for i in range(combo.count())]

    def choose(self, text: str) -> None:
        combo = self.bar.status_combo
        assert combo.isEnabled()
        target = self.items().index(text)
        while combo.currentIndex() != target:  # the keyboard, as an operator would
            up = combo.currentIndex() > target
            QtBot.keyClick(combo, Qt.Key.Key_Up if up else Qt.Key.Key_Down)


def fire_ticks(timers: FakeTimers) -> None:
    due, timers.pending = timers.pending, []
    for _, fn in due:
        fn()


@pytest.fixture
def desk(phone: Phone, qtbot: QtBot) -> Iterator[Bar]:
    phone.registered()
    now = [T0]
    ledger, tasks = Ledger(), Deferred()
    shift = ShiftService(ledger, tasks, lambda: now[0], lambda: T0.replace(hour=0))
    status = AgentStatusService(phone.telephony, States(), InlineTasks(), lambda: now[0])
    workday = Workday(shift, status, phone.telephony, phone.timers)
    vm = ShiftViewModel(shift, status, workday, phone.timers, tz=UTC)
    vm.set_profile(PROFILE)
    bar = ShiftBar(vm)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    yield Bar(phone, now, ledger, tasks, shift, status, vm, bar)
    vm.close()


def enabled(bar: ShiftBar) -> set[str]:
    buttons = (
        bar.clock_in_button,
        bar.break_button,
        bar.end_break_button,
        bar.clock_out_button,
    )
    return {b.objectName() for b in buttons if b.isEnabled()}


def test_buttons_follow_the_shift(desk: Bar) -> None:
    bar = desk.bar
    assert enabled(bar) == {"clockInButton"}
    assert bar.state_label.text() == "Not clocked in"
    desk.click(bar.clock_in_button)
    assert enabled(bar) == {"startBreakButton", "clockOutButton"}
    assert bar.state_label.text() == "Working since 08:00"
    desk.now[0] = T0 + timedelta(hours=2)
    desk.click(bar.break_button)  # the default reason: "break"
    assert enabled(bar) == {"endBreakButton", "clockOutButton"}
    assert bar.state_label.text() == "On break (Pause) since 10:00"
    assert desk.ledger.rows[-1].reason_code == "break"
    desk.now[0] = T0 + timedelta(hours=2, minutes=15)
    desk.click(bar.end_break_button)
    desk.click(bar.clock_out_button)
    assert enabled(bar) == {"clockInButton"}
    assert [r.kind for r in desk.ledger.rows] == [
        PunchKind.CLOCK_IN,
        PunchKind.BREAK_START,
        PunchKind.BREAK_END,
        PunchKind.CLOCK_OUT,
    ]
    assert bar.worked_label.text() == "Worked 2:00:00"
    assert bar.break_time_label.text() == "Breaks 0:15:00"


def test_the_break_menu_offers_only_break_reasons(desk: Bar) -> None:
    menu = desk.bar.break_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Pause", "Déjeuner"]
    desk.click(desk.bar.clock_in_button)
    menu.actions()[1].trigger()
    desk.tasks.flush()
    assert desk.ledger.rows[-1].reason_code == "lunch"


def test_a_double_click_makes_one_punch(desk: Bar, qtbot: QtBot) -> None:
    button = desk.bar.clock_in_button
    qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "saving" in desk.bar.state_label.text()
    assert not button.isEnabled()
    desk.tasks.flush()
    assert len(desk.ledger.rows) == 1 and desk.shift.state is ShiftState.WORKING


def test_the_receipt_changes_when_the_server_acknowledges(desk: Bar) -> None:
    desk.click(desk.bar.clock_in_button)
    assert desk.bar.receipt_label.text() == "Clock in: saved on this computer 08:00"
    desk.ledger.acknowledge(0, T0 + timedelta(seconds=3))
    desk.shift.refresh_receipts()  # what the outbox sender's progress triggers
    desk.tasks.flush()
    assert desk.bar.receipt_label.text() == "Clock in: received by the server 08:00:03"


def test_worked_time_ticks_while_clocked_in(desk: Bar) -> None:
    timers = desk.phone.timers
    assert timers.pending == []  # no ticker off shift
    desk.click(desk.bar.clock_in_button)
    desk.now[0] = T0 + timedelta(minutes=1, seconds=5)
    fire_ticks(timers)
    assert desk.bar.worked_label.text() == "Worked 0:01:05"
    assert len(timers.pending) == 1  # it goes on
    desk.click(desk.bar.clock_out_button)
    fire_ticks(timers)
    assert timers.pending == []


def test_status_combo_drives_the_status_and_calls_are_declined_when_not_ready(
    desk: Bar,
) -> None:
    phone, bar = desk.phone, desk.bar
    assert not bar.status_combo.isEnabled() and bar.status_combo.currentText() == "Offline"
    desk.click(bar.clock_in_button)
    assert desk.items() == ["Available", "Not ready", "Not ready — <b>Formation</b>"]
    assert bar.status_combo.currentText() == "Not ready"
    phone.incoming("c1")
    assert [(h.call_id, h.code) for h in phone.engine.of(m.Hangup)] == [("c1", 480)]
    desk.choose("Available")
    assert desk.status.status.state is AgentState.AVAILABLE
    phone.incoming("c2")
    assert [h.call_id for h in phone.engine.of(m.Hangup)] == ["c1"]  # c2 rings
    phone.telephony.answer("c2")
    phone.state("c2", CallState.ACTIVE, 200)
    assert not bar.status_combo.isEnabled() and bar.status_combo.currentText() == "On call"
    phone.state("c2", CallState.ENDED, 200)
    assert bar.status_combo.currentText() == "Available"
    desk.choose("Not ready — <b>Formation</b>")
    assert desk.status.status.reason_code == "training"


def test_a_telephony_fault_is_shown_in_plain_words(desk: Bar) -> None:
    desk.click(desk.bar.clock_in_button)
    desk.choose("Available")
    desk.phone.feed(m.EngineStopped(False, "crashed"))
    combo = desk.bar.status_combo
    assert not combo.isEnabled()
    assert combo.currentText() == "Not ready — the phone engine is not running"


def test_clock_out_during_a_call_waits_and_says_so(desk: Bar) -> None:
    phone, bar = desk.phone, desk.bar
    desk.click(bar.clock_in_button)
    desk.choose("Available")
    phone.incoming("c1")
    phone.telephony.answer("c1")
    phone.state("c1", CallState.ACTIVE, 200)
    desk.click(bar.clock_out_button)
    assert bar.message_label.text() == (
        "You will be clocked out when the call and its wrap-up end."
    )
    assert "clock-out when the call ends" in bar.state_label.text()
    assert not bar.clock_out_button.isEnabled()
    phone.state("c1", CallState.ENDED, 200)
    fire_ticks(phone.timers)  # the idle check runs on the next turn of the loop
    desk.tasks.flush()
    assert desk.shift.state is ShiftState.OFF


def test_a_forgotten_clock_out_is_surfaced_at_start(desk: Bar) -> None:
    desk.ledger.rows.append(
        PunchRecord("old", PunchKind.CLOCK_IN, T0 - timedelta(days=1, hours=-1), 1)
    )
    desk.shift.load(T0 - timedelta(days=7))
    desk.tasks.flush()
    text = desk.bar.message_label.text()
    assert desk.bar.message_label.isVisible()
    assert "You did not clock out" in text and "09:00" in text
    assert desk.bar.message_label.textFormat() is Qt.TextFormat.PlainText


def test_shortcuts_punch_and_are_in_the_tooltips(desk: Bar, qtbot: QtBot) -> None:
    bar = desk.bar
    assert "Ctrl+Shift+I" in bar.clock_in_button.toolTip()
    assert "Ctrl+Shift+O" in bar.clock_out_button.toolTip()
    assert "Ctrl+Shift+B" in bar.break_button.toolTip()
    bar.activateWindow()
    qtbot.waitUntil(bar.isActiveWindow)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(bar, Qt.Key.Key_I, ctrl_shift)
    desk.tasks.flush()
    assert desk.shift.state is ShiftState.WORKING
    qtbot.keyClick(bar, Qt.Key.Key_B, ctrl_shift)
    desk.tasks.flush()
    assert desk.shift.state is ShiftState.ON_BREAK
    qtbot.keyClick(bar, Qt.Key.Key_B, ctrl_shift)
    desk.tasks.flush()
    assert desk.shift.state is ShiftState.WORKING
    qtbot.keyClick(bar, Qt.Key.Key_O, ctrl_shift)
    desk.tasks.flush()
    assert desk.shift.state is ShiftState.OFF


def test_every_control_is_named(desk: Bar) -> None:
    for button in desk.bar.findChildren(QPushButton):
        assert button.objectName() and button.accessibleName()
    assert desk.bar.status_combo.accessibleName() == "Agent status"


class PunchServer:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.down = False

    def punches(self, start: str, end: str) -> list[dict[str, Any]]:
        if self.down:
            raise ApiUnavailable("network unreachable")
        return self.rows


def test_timesheet_dialog_marks_waiting_punches_and_says_when_offline(qtbot: QtBot) -> None:
    now = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # a Thursday
    ledger, tasks, server = Ledger(), Deferred(), PunchServer()
    ledger.record(PunchKind.CLOCK_IN, now - timedelta(hours=7), "")
    ledger.acknowledge(0, now - timedelta(hours=7) + timedelta(seconds=2))
    ledger.record(PunchKind.BREAK_START, now - timedelta(hours=1), "break")
    server.rows = [
        {
            "id": "p1",
            "kind": "clock_in",
            "occurred_at": "2026-11-26T08:00:00.000Z",
            "received_at": "2026-11-26T08:00:02.000Z",
            "seq": 1,
        }
    ]
    sheet = TimesheetService(server, ledger, tasks, lambda: now, UTC)
    dialog = TimesheetDialog(sheet)
    qtbot.addWidget(dialog)
    assert tasks.queued == []  # nothing is read until the dialog opens
    dialog.show()
    assert dialog.status_label.text() == "Loading…"
    tasks.flush()
    thursday = dialog.tree.topLevelItem(3)
    assert [thursday.text(c) for c in (1, 2, 4, 5)] == ["08:00", "", "6:00", "1 waiting"]
    assert thursday.isExpanded() and thursday.childCount() == 2
    assert thursday.child(0).text(5) == "Received 08:00:02"
    assert thursday.child(1).text(1) == "14:00 *"
    assert thursday.child(1).text(5) == "Waiting to be sent"
    assert "1 punch(es) saved on this computer" in dialog.status_label.text()
    assert dialog.total_label.text() == "Worked this week: 6:00"
    assert not dialog.next_button.isEnabled()

    server.down = True
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    tasks.flush()
    assert dialog.status_label.text().startswith("The server cannot be reached")
    assert dialog.tree.topLevelItem(3).childCount() == 2  # this computer's punches remain

    qtbot.mouseClick(dialog.previous_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Loading…" and dialog.tree.topLevelItemCount() == 0
    tasks.flush()
    assert dialog.next_button.isEnabled()
    assert all(dialog.tree.topLevelItem(i).childCount() == 0 for i in range(7))
    dialog.reject()
    dialog.show()  # opened again: this week, afresh
    server.down = False
    tasks.flush()
    assert sheet.weeks_back == 0 and dialog.tree.topLevelItem(3).childCount() == 2


def test_long_profile_labels_stay_one_short_line(desk: Bar) -> None:
    long_label = "Formation " + "x" * 5000 + "\n<img src=x>"
    desk.vm.set_profile(
        replace(
            PROFILE, not_ready_reasons=(*PROFILE.not_ready_reasons[:2], Reason("t", long_label))
        )
    )
    desk.click(desk.bar.clock_in_button)
    longest = max(desk.items(), key=len)
    assert len(longest) < 60 and "\n" not in longest and longest.endswith("…")
    assert desk.bar.width() < 2000
