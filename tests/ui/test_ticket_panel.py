"""The ticket panel over a real TelephonyService (engine events played in), a real outbox and
draft store in SQLite: hang-up -> wrap-up countdown -> disposition required -> one submission
of ticket + note + call record; drafts typed come back in a new session on the same file."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from homeagent.domain.agent import AgentProfile, Reason
from homeagent.domain.call import CallState
from homeagent.services.wrapup import WrapUpService
from homeagent.store import db as storedb
from homeagent.store.drafts import DraftStore
from homeagent.store.writers import OutboxWriter
from homeagent.ui.note_dialog import NoteDialog
from homeagent.ui.ticket_panel import TicketPanel
from homeagent.ui.ticket_vm import TicketViewModel
from tests.ui.conftest import FakeTimers, InlineTasks, Phone

CTRL = Qt.KeyboardModifier.ControlModifier
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PROFILE = AgentProfile(
    "a1",
    "Alice",
    language="fr",
    dispositions=(Reason("resolved", "Résolu"), Reason("callback", "Rappel prévu")),
    ticket_categories=(Reason("complaint", "Réclamation"), Reason("request", "Demande")),
    wrap_up_seconds=30,
)
PHRASES = {"fr": ("Identité du client vérifiée.",), "en": ("Customer identity verified.",)}


def advance(timers: FakeTimers, seconds: float) -> None:
    timers.t += seconds
    for entry in sorted((e for e in timers.pending if e[0] <= timers.t), key=lambda e: e[0]):
        if entry in timers.pending:
            timers.pending.remove(entry)
            entry[1]()


@dataclass
class Desk:
    service: WrapUpService
    vm: TicketViewModel
    panel: TicketPanel


def open_desk(phone: Phone, db: Path, qtbot: QtBot) -> Desk:
    service = WrapUpService(
        DraftStore(db),
        OutboxWriter(db),
        InlineTasks(),
        phone.timers,
        calls_changed=phone.telephony.calls_changed,
        now=lambda: T0 + timedelta(seconds=phone.timers.t - 1000.0),
        phrases=PHRASES,
    )
    service.set_profile(PROFILE)
    vm = TicketViewModel(service)
    panel = TicketPanel(vm)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return Desk(service, vm, panel)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "homeagent.db"
    storedb.connect(path).close()  # the app opens (and migrates) it at start
    return path


@pytest.fixture
def desk(phone: Phone, db: Path, qtbot: QtBot) -> Iterator[Desk]:
    d = open_desk(phone, db, qtbot)
    yield d
    d.vm.close()


def rows(db: Path, sql: str) -> list[Any]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def talk_and_hang_up(phone: Phone, call_id: str = "c1", seconds: float = 90) -> None:
    phone.incoming(call_id, number="+33612345678")
    phone.telephony.answer(call_id)
    advance(phone.timers, 4)
    phone.state(call_id, CallState.ACTIVE, 200)
    advance(phone.timers, seconds)
    phone.state(call_id, CallState.ENDED, 200)


def test_hang_up_wrap_up_disposition_submit_queues_exactly_three_items(
    phone: Phone, desk: Desk, db: Path, qtbot: QtBot
) -> None:
    panel = desk.panel
    phone.incoming("c1", number="+33612345678")
    desk.vm.set_customer("C001", "Jeanne Martin")
    phone.telephony.answer("c1")
    phone.state("c1", CallState.ACTIVE, 200)
    assert "in progress" in panel.call_label.text()
    assert not panel.countdown_label.isVisible()
    # the operator types during the call
    panel.category_combo.setCurrentIndex(panel.category_combo.findData("complaint"))
    assert panel.category_combo.currentText() == "Réclamation"  # the profile's label
    qtbot.keyClicks(panel.subject_edit, "Colis perdu")
    qtbot.keyClicks(panel.notes_edit, "Le colis n'est pas arrive.")
    desk.vm.set_products([("P1", "Box fibre"), ("P2", "Mobile 5G")])
    panel.product_combo.setEditText("Mobile 5G")
    assert not panel.submit_button.isEnabled()
    assert panel.problem_label.text() == "Submit once the call has ended"
    advance(phone.timers, 30)
    phone.state("c1", CallState.ENDED, 200)
    # wrap-up: countdown from the profile, disposition required
    assert panel.countdown_label.isVisible()
    assert panel.countdown_label.text() == "Wrap-up: 0:30 left"
    advance(phone.timers, 12)
    desk.vm.countdown_changed.emit()  # the panel's 1 s ticker, without waiting a second
    assert panel.countdown_label.text() == "Wrap-up: 0:18 left"
    assert not panel.submit_button.isEnabled()
    assert panel.problem_label.text() == "Choose a disposition"
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(panel.notes_edit, Qt.Key.Key_S, CTRL)  # refused: no disposition
    assert panel.status_label.text() == "Choose a disposition"
    assert rows(db, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert rows(db, "SELECT key FROM drafts") == [("call:c1",)]  # the draft is on disk
    panel.disposition_combo.setCurrentIndex(panel.disposition_combo.findData("resolved"))
    assert panel.submit_button.isEnabled()
    qtbot.keyClick(panel.notes_edit, Qt.Key.Key_S, CTRL)

    queued = rows(db, "SELECT kind, stream, payload FROM outbox ORDER BY pos")
    assert [kind for kind, _, _ in queued] == ["ticket", "note", "interaction"]
    ticket, note, interaction = (json.loads(p) for _, _, p in queued)
    assert ticket["category"] == "complaint" and ticket["subject"] == "Colis perdu"
    assert ticket["customer_id"] == "C001" and ticket["product_id"] == "P2"
    assert ticket["call_id"] == "c1" and ticket["disposition"] == "resolved"
    assert note["ticket_id"] == ticket["id"] and note["body"] == "Le colis n'est pas arrive."
    assert queued[1][1] == f"ticket:{ticket['id']}"
    assert interaction["call_id"] == "c1" and interaction["direction"] == "inbound"
    assert interaction["remote_number"] == "+33612345678"
    assert interaction["ticket_ids"] == [ticket["id"]]
    assert interaction["disposition"] == "resolved" and interaction["customer_id"] == "C001"
    assert interaction["started_at"] == "2026-11-27T09:00:00.000Z"
    assert interaction["answered_at"] == "2026-11-27T09:00:00.000Z"
    assert interaction["ended_at"] == "2026-11-27T09:00:30.000Z"
    assert interaction["wrap_up_ended_at"] == "2026-11-27T09:00:42.000Z"
    assert rows(db, "SELECT COUNT(*) FROM drafts") == [(0,)]
    assert panel.status_label.text() == "Queued — will be sent"
    assert not panel.countdown_label.isVisible()
    assert panel.notes_edit.toPlainText() == "" and panel.subject_edit.text() == ""
    assert panel.disposition_combo.currentData() == ""


def test_a_draft_comes_back_in_a_new_session(
    phone: Phone, desk: Desk, db: Path, qtbot: QtBot
) -> None:
    panel = desk.panel
    phone.incoming("c7")
    desk.vm.set_customer("C002", "Paul Durand")
    phone.telephony.answer("c7")
    phone.state("c7", CallState.ACTIVE, 200)
    panel.category_combo.setCurrentIndex(panel.category_combo.findData("request"))
    qtbot.keyClicks(panel.notes_edit, "Wants a callback tomorrow")
    advance(phone.timers, 0.2)
    assert rows(db, "SELECT COUNT(*) FROM drafts") == [(0,)]  # still typing
    advance(phone.timers, 0.2)
    assert panel.status_label.text() == "Draft saved"
    # the app dies here; a new one starts on the same database
    desk.vm.close()
    later = open_desk(phone, db, qtbot)
    try:
        later.service.restore()
        p2 = later.panel
        assert p2.notes_edit.toPlainText() == "Wants a callback tomorrow"
        assert p2.category_combo.currentData() == "request"
        assert p2.customer_label.text() == "Customer: Paul Durand"
        assert "ended" in p2.call_label.text()  # the call is over: its wrap-up is open
        assert later.service.active and p2.countdown_label.isVisible()
        assert p2.status_label.text() == "Unfinished drafts restored: 1"
    finally:
        later.vm.close()


def test_hostile_data_stays_plain_and_bounded(phone: Phone, desk: Desk, qtbot: QtBot) -> None:
    panel = desk.panel
    phone.incoming("c1")
    hostile = "<b>x</b><img src=http://evil/>"
    desk.vm.set_customer("C9", hostile + "y" * 5000)
    assert panel.customer_label.textFormat() == Qt.TextFormat.PlainText
    assert panel.customer_label.text().startswith("Customer: " + hostile)
    assert len(panel.customer_label.text()) < 200
    products = [(f"P{i}", f"Produit {i} " + "z" * 5000) for i in range(300)]
    desk.vm.set_products(products)
    assert panel.product_combo.count() == 300
    assert panel.width() < 2000
    panel.product_combo.setEditText(panel.product_combo.itemText(42))
    assert desk.service.form.product_id == "P42"
    panel.product_combo.setEditText("no such product")
    assert desk.vm.product_unknown and desk.service.form.product_id == ""
    assert desk.vm.problems()[-1] == "unknown_product"
    for label in panel.findChildren(QLabel):
        if label.objectName():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_overdue_wrap_up_stays_open_and_says_so(phone: Phone, desk: Desk, db: Path) -> None:
    talk_and_hang_up(phone)
    advance(phone.timers, 35)
    desk.vm.countdown_changed.emit()
    assert desk.service.active and desk.service.overdue
    assert desk.panel.countdown_label.text() == "Wrap-up overdue by 0:05"
    assert "b91c1c" in desk.panel.countdown_label.styleSheet()
    assert desk.panel.status_label.text() == "Wrap-up time is over: finish and submit"
    assert rows(db, "SELECT COUNT(*) FROM outbox") == [(0,)]
    assert rows(db, "SELECT key FROM drafts") == [("call:c1",)]


def test_focus_notes_shortcut_and_canned_phrases(phone: Phone, desk: Desk, qtbot: QtBot) -> None:
    panel = desk.panel
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.subject_edit.setFocus()
    qtbot.keyClick(panel.subject_edit, Qt.Key.Key_N, CTRL)
    assert panel.notes_edit.hasFocus()
    qtbot.keyClicks(panel.notes_edit, "Appel:")
    panel.phrases_menu.aboutToShow.emit()
    [action] = panel.phrases_menu.actions()
    action.trigger()
    assert panel.notes_edit.toPlainText() == "Appel: Identité du client vérifiée."
    assert desk.service.form.notes == "Appel: Identité du client vérifiée."
    assert "Ctrl+N" in panel.notes_edit.toolTip()
    assert "Ctrl+S" in panel.submit_button.toolTip()
    for widget in (panel.category_combo, panel.subject_edit, panel.product_combo,
                   panel.notes_edit, panel.phrases_button, panel.disposition_combo,
                   panel.submit_button):  # fmt: skip
        assert widget.objectName() and widget.accessibleName()


def test_note_on_an_existing_ticket(desk: Desk, db: Path, qtbot: QtBot) -> None:
    dialog = NoteDialog(desk.vm, "1d5f0e3c-8a2b-4c7d-9e1f-2a3b4c5d6e7f", "<i>Old</i> ticket")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.ticket_label.text() == "Ticket: <i>Old</i> ticket"
    dialog.add_button.click()  # empty: refused, nothing queued
    assert dialog.status_label.text() == "The note is empty" and dialog.isVisible()
    qtbot.keyClicks(dialog.note_edit, "Customer called again")
    advance(desk.service._timers, 0.4)  # type: ignore[attr-defined]
    assert [k for (k,) in rows(db, "SELECT key FROM drafts")] == [
        "ticket:1d5f0e3c-8a2b-4c7d-9e1f-2a3b4c5d6e7f"
    ]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, CTRL)
    [(kind, stream, payload)] = rows(db, "SELECT kind, stream, payload FROM outbox")
    assert (kind, stream) == ("note", "ticket:1d5f0e3c-8a2b-4c7d-9e1f-2a3b4c5d6e7f")
    assert json.loads(payload)["body"] == "Customer called again"
    assert rows(db, "SELECT COUNT(*) FROM drafts") == [(0,)]
