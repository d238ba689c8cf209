"""The history panel over the real TelephonyService (fed engine events), HistoryService and a
real SQLite history: calls appear as they happen, search filters, Enter redials."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, Direction
from homeagent.domain.history import CallRecord
from homeagent.services.history import HistoryService
from homeagent.store.history import CallHistoryStore
from homeagent.ui.history_panel import HistoryPanel
from homeagent.ui.history_vm import HistoryViewModel
from tests.ui.conftest import DOMAIN, InlineTasks, Phone

WALL0 = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def store(tmp_path: Path) -> CallHistoryStore:
    return CallHistoryStore(tmp_path / "homeagent.db")


@pytest.fixture
def history(phone: Phone, store: CallHistoryStore) -> Iterator[HistoryService]:
    t0 = phone.timers.t

    def now() -> datetime:
        return WALL0 + timedelta(seconds=phone.timers.t - t0)

    svc = HistoryService(store, InlineTasks(), phone.telephony, phone.timers, now)
    phone.registered()
    svc.set_agent("alice")
    yield svc
    svc.close()


@pytest.fixture
def vm(history: HistoryService, qtbot: QtBot) -> Iterator[HistoryViewModel]:
    model = HistoryViewModel(history, debounce_ms=20)
    yield model
    model.close()


@pytest.fixture
def panel(vm: HistoryViewModel, qtbot: QtBot) -> HistoryPanel:
    widget = HistoryPanel(vm)
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def rows(panel: HistoryPanel) -> list[list[str]]:
    model = panel.table.model()
    return [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def answered_call(phone: Phone, call_id: str, number: str, name: str = "", talk: int = 65) -> None:
    phone.incoming(call_id, number=number, name=name)
    phone.telephony.answer(call_id)
    phone.state(call_id, CallState.ACTIVE, 200)
    phone.timers.t += talk
    phone.state(call_id, CallState.ENDED, 200)
    phone.timers.t += 60


def test_a_call_rings_is_answered_ends_and_is_in_the_history(
    phone: Phone, panel: HistoryPanel, store: CallHistoryStore
) -> None:
    assert rows(panel) == []
    assert panel.status_label.text() == "No calls yet."
    phone.incoming("c1", number="+33612345678", name="Ana")
    [row] = rows(panel)
    assert row[1] == "Incoming (in progress)" and row[2] == "06 12 34 56 78"
    assert row[3] == "Ana"
    phone.telephony.answer("c1")
    phone.state("c1", CallState.ACTIVE, 200)
    phone.timers.t += 65
    phone.state("c1", CallState.ENDED, 200)
    [row] = rows(panel)
    assert row[1:5] == ["Incoming", "06 12 34 56 78", "Ana", "01:05"]
    [saved] = store.recent("alice", 10)
    assert saved.ended_at is not None and saved.talk_seconds() == 65
    phone.incoming("c2", number="+33798765432")
    phone.state("c2", CallState.ENDED, 487)  # the caller gave up
    assert [r[1] for r in rows(panel)] == ["Missed", "Incoming"]
    assert panel.status_label.text() == "2 calls."


def test_search_filters_after_a_pause(
    phone: Phone, panel: HistoryPanel, vm: HistoryViewModel, qtbot: QtBot
) -> None:
    answered_call(phone, "c1", "+33612345678", "Dupont")
    answered_call(phone, "c2", "+33798765432", "Martin")
    answered_call(phone, "c3", "+33612349999", "Durand")
    assert len(rows(panel)) == 3
    qtbot.keyClicks(panel.search_edit, "06 12 34")
    assert len(rows(panel)) == 3  # not yet: the debounce waits for a pause
    qtbot.waitUntil(lambda: len(rows(panel)) == 2)
    assert [r[3] for r in rows(panel)] == ["Durand", "Dupont"]
    assert panel.status_label.text() == "2 matching calls."
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "mart")
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)  # Enter: at once
    assert [r[3] for r in rows(panel)] == ["Martin"]
    panel.search_edit.clear()
    qtbot.keyClicks(panel.search_edit, "<b>nobody</b>")
    qtbot.waitUntil(lambda: rows(panel) == [])
    assert panel.status_label.text() == "No call matches “<b>nobody</b>”."
    assert panel.status_label.textFormat() is Qt.TextFormat.PlainText
    # a call saved while searching refreshes the search
    answered_call(phone, "c4", "+33611112222", "<b>nobody</b>")
    qtbot.waitUntil(lambda: len(rows(panel)) == 1, timeout=3000)


def test_enter_and_double_click_redial(phone: Phone, panel: HistoryPanel, qtbot: QtBot) -> None:
    answered_call(phone, "c1", "+33612345678")
    answered_call(phone, "c2", "+33798765432")
    phone.engine.sent.clear()
    qtbot.keyClick(panel.search_edit, Qt.Key.Key_Down)  # from the search box into the list
    assert panel.table.hasFocus() and panel.table.currentIndex().row() == 0
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    [make] = phone.engine.of(m.MakeCall)
    assert make.target_uri == f"sip:+33612345678@{DOMAIN}"
    call_id = make.call_id
    phone.state(call_id, CallState.ENDED, 486)
    phone.engine.sent.clear()
    top = panel.table.visualRect(panel.table.model().index(0, 2))
    qtbot.mouseClick(panel.table.viewport(), LEFT, pos=top.center())  # a click selects only
    assert phone.engine.of(m.MakeCall) == []
    qtbot.mouseDClick(panel.table.viewport(), LEFT, pos=top.center())
    [again] = phone.engine.of(m.MakeCall)  # exactly one call for a double-click
    assert again.target_uri == f"sip:+33612345678@{DOMAIN}"  # the redial is now on top


def test_add_note_to_ticket_from_the_context_menu(
    phone: Phone, panel: HistoryPanel, history: HistoryService, qtbot: QtBot
) -> None:
    answered_call(phone, "c1", "+33612345678")
    answered_call(phone, "c2", "+33798765432")
    history.wrap_up_done("c2", "resolved", ["request"], ["T-42"])
    history.wrap_up_done("c1", "resolved", ["request", "other"], ["T-1", "T-&2"])
    assert rows(panel)[0][5] == "resolved"
    menu = panel.build_menu(0)  # c2: one ticket
    names = [a.objectName() for a in menu.actions()]
    assert names == ["historyRedialAction", "historyNoteAction"]
    with qtbot.waitSignal(panel.note_requested) as signal:
        menu.actions()[1].trigger()
    assert signal.args == ["T-42"]
    sub = panel.build_menu(1).actions()[1].menu()  # c1: two tickets, a sub-menu
    assert sub is not None
    assert [a.text() for a in sub.actions()] == ["T-1", "T-&&2"]
    with qtbot.waitSignal(panel.note_requested) as signal:
        sub.actions()[1].trigger()
    assert signal.args == ["T-&2"]
    answered_call(phone, "c3", "+33600000000")
    assert [a.objectName() for a in panel.build_menu(0).actions()] == ["historyRedialAction"]


def test_hostile_names_stay_literal_and_short(phone: Phone, panel: HistoryPanel) -> None:
    phone.incoming("c1", number="+33612345678", name="<b>x</b><img src=http://e/>")
    assert rows(panel)[0][3] == "<b>x</b><img src=http://e/>"
    phone.incoming("c2", number="", name="A\n" * 3000)
    row = rows(panel)[0]
    assert row[2] == "Unknown number" or row[2].startswith("sip:")
    assert len(row[3]) <= 200 and "\n" not in row[3]
    assert panel.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


def test_the_page_stays_bounded(
    history: HistoryService, store: CallHistoryStore, qtbot: QtBot
) -> None:
    for i in range(7):
        store.upsert(
            CallRecord(f"x{i}", Direction.OUTBOUND, "201", WALL0 + timedelta(minutes=i), "alice")
        )
    vm = HistoryViewModel(history, page_size=5)
    try:
        assert vm.model.rowCount() == 5 and vm.truncated
        assert vm.status_text() == "The 5 most recent calls."
        assert vm.model.records[0].call_id == "x6"
        history.wrap_up_done("nope", "", [], [])  # unknown: nothing changes
        history.set_agent("bob")  # another operator: their (empty) history
        assert vm.model.rowCount() == 0
        assert not vm.model.index(0, 0).isValid()
        assert vm.model.rowCount(vm.model.index(0, 0)) == 0
        assert vm.model.data(QModelIndex()) is None
    finally:
        vm.close()
