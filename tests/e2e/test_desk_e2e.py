"""The operator's day in one test: the real app, the reference API, Kamailio and a SIPp caller.

Sign in, clock in, go Available, a customer calls, the right card pops, answer, hang up, fill
the ticket, submit the wrap-up, clock out; the company's server ends up with the punches,
states, ticket, note and interaction, each exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot

from homeagent.domain.call import CallState
from homeagent.domain.registration import RegState
from homeagent.domain.shift import ShiftState
from tests.e2e.desk_rig import Desk, desk_stack, wait_until
from tests.integration.rig import keyring_rig
from tests.integration.rig.sipp import SippProcess, scenario_path, start_sipp

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def desk(tmp_path: Path, qtbot: QtBot) -> Iterator[Desk]:
    with desk_stack(tmp_path) as stack:
        qtbot.addWidget(stack.window)
        yield stack


def sign_in(desk: Desk, qtbot: QtBot) -> None:
    w = desk.window
    wait_until(qtbot, w.isVisible, 5, "the window")
    qtbot.keyClicks(w.signin.username_edit, "agent.en")
    qtbot.keyClicks(w.signin.password_edit, "demo")
    qtbot.mouseClick(w.signin.sign_in_button, LEFT)
    wait_until(qtbot, lambda: w.stack.currentWidget() is w.desk_page, 20, "the desk page")
    tel = desk.running.telephony
    wait_until(qtbot, lambda: tel.registration.state is RegState.REGISTERED, 20, "SIP registration")


def button(desk: Desk, name: str) -> QPushButton:
    found = desk.window.findChild(QPushButton, name)
    assert found is not None, name
    return found


def choose_status(desk: Desk, text: str) -> None:
    combo = desk.window.findChild(QComboBox, "statusCombo")
    assert combo is not None
    index = combo.findText(text)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def customer_calls(desk: Desk, tmp_path: Path) -> SippProcess:
    # SIPp 3.6's [next_url] keeps a Contact's display name ("Agent Démo" <sip:...>), which
    # PJSIP sends as it may: address the ACK to the agent's known contact instead
    scenario = tmp_path / "uac_agent_hangs_up.xml"
    text = scenario_path("uac_agent_hangs_up").read_text(encoding="iso-8859-1")
    contact = f"sip:agent.en@127.0.0.1:{desk.sip_port};ob"
    scenario.write_text(text.replace("ACK [next_url]", f"ACK {contact}"), encoding="iso-8859-1")
    return start_sipp(
        scenario,
        f"127.0.0.1:{desk.kamailio.udp_port}",
        workdir=tmp_path / "sipp",
        service="agent.en",
        variables={"caller": "+33612345678", "caller_name": "Camille"},
        timeout_s=60,
    )


def test_an_operators_call_from_sign_in_to_clock_out(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    sign_in(desk, qtbot)
    w, shift = desk.window, desk.running.desk.shift
    qtbot.mouseClick(button(desk, "clockInButton"), LEFT)
    wait_until(qtbot, lambda: shift.state is ShiftState.WORKING, 10, "clocked in")
    audio = desk.running.desk.parts["audio"]
    wait_until(qtbot, lambda: audio.devices().outputs, 10, "the sound devices")
    assert audio.fault == ""  # the headset (a PulseAudio null sink) is there
    choose_status(desk, "Available")
    tel = desk.running.telephony
    wait_until(qtbot, lambda: tel.accepting_calls, 5, "Available")

    w.show_tab(2)  # the operator was looking at the history: the pop brings the card forward
    sipp = customer_calls(desk, tmp_path)
    wait_until(qtbot, w.ringing.isVisible, 20, "the phone to ring")
    # the screen pop: the caller's name in the ringing panel, the card in the Customer tab
    wait_until(
        qtbot,
        lambda: w.ringing.customer_label.text() == "Camille Martin",
        5,
        f"the caller's name (shows {w.ringing.customer_label.text()!r})",
    )
    card = w.parts.customer
    wait_until(qtbot, lambda: card.name_label.full_text() == "Camille Martin", 5, "the card")
    assert w.tabs.currentWidget() is card
    qtbot.mouseClick(w.ringing.answer_button, LEFT)
    call = tel.current_call()
    assert call is not None
    wait_until(qtbot, lambda: call.state is CallState.ACTIVE, 10, "the call to connect")
    qtbot.wait(500)
    qtbot.mouseClick(w.calls.hangup_button, LEFT)
    wait_until(qtbot, lambda: not tel.live_calls(), 10, "the call to end")
    result = sipp.wait(20)
    assert result.ok, result.describe()

    # wrap-up: a complaint ticket with a note, and the disposition the profile offers
    panel = w.parts.ticket
    wrapup = desk.running.desk.parts["wrapup"]
    wait_until(qtbot, lambda: wrapup.active, 5, "wrap-up to start")
    panel.category_combo.setCurrentIndex(panel.category_combo.findText("Complaint"))
    qtbot.keyClicks(panel.subject_edit, "Facture en double")
    qtbot.keyClicks(panel.notes_edit, "Le client a ")
    panel.notes_edit.insertPlainText("été facturé")  # QTest types ASCII only
    qtbot.keyClicks(panel.notes_edit, " deux fois en mai.")
    panel.disposition_combo.setCurrentIndex(panel.disposition_combo.findText("Resolved"))
    assert wrapup.problems() == ()
    qtbot.mouseClick(panel.submit_button, LEFT)
    wait_until(qtbot, lambda: not wrapup.active, 10, "wrap-up to be submitted")

    qtbot.mouseClick(button(desk, "clockOutButton"), LEFT)
    wait_until(qtbot, lambda: shift.state is ShiftState.OFF, 10, "clocked out")

    def delivered() -> bool:
        kinds = [k for (k,) in desk.server_rows("SELECT kind FROM punches ORDER BY seq")]
        return kinds == ["clock_in", "clock_out"]

    wait_until(qtbot, delivered, 20, "the punches at the server")
    states = [s for (s,) in desk.server_rows("SELECT state FROM state_changes ORDER BY at")]
    assert "available" in states and "on_call" in states
    ids = desk.server_rows("SELECT id FROM state_changes")
    assert len(ids) == len(set(ids))

    def ticket_arrived() -> bool:
        return bool(desk.server_rows("SELECT 1 FROM interactions"))

    wait_until(qtbot, ticket_arrived, 20, "the call record at the server")
    (ticket,) = desk.server_rows("SELECT id, customer_id, category, subject FROM tickets "
                                 "WHERE subject = 'Facture en double'")  # fmt: skip
    assert ticket[1:] == ("C001", "complaint", "Facture en double")
    notes = desk.server_rows("SELECT body FROM notes WHERE ticket_id = ?", ticket[0])
    assert notes == [("Le client a été facturé deux fois en mai.",)]
    (call,) = desk.server_rows(
        "SELECT json_extract(record, '$.direction'), json_extract(record, '$.remote_number'),"
        " json_extract(record, '$.disposition'), json_extract(record, '$.customer_id'),"
        " json_extract(record, '$.ticket_ids[0]') FROM interactions"
    )
    assert call == ("inbound", "+33612345678", "resolved", "C001", ticket[0])
    sync = desk.running.desk.parts["sync"]
    wait_until(qtbot, lambda: sync.status.pending == 0, 10, "the outbox to drain")
    assert sync.status.parked == 0

    # Help > Export diagnostics: one zip for IT, with no secret and no customer data in it
    import zipfile

    zip_path = tmp_path / "diagnostics.zip"
    w.export_diagnostics(zip_path)
    wait_until(qtbot, zip_path.exists, 10, "the diagnostics zip")
    with zipfile.ZipFile(zip_path) as archive:
        names = archive.namelist()
        blob = b"".join(archive.read(name) for name in names)
    assert any(name.endswith("homeagent.log") for name in names), names
    assert b"call in-1" in blob  # the log is there, with its calls
    for planted in (b"demo-sip", b"+33612345678", b"Camille", b"Facture en double"):
        assert planted not in blob, planted


def test_no_two_window_wide_shortcuts_share_a_key(desk: Desk, qtbot: QtBot) -> None:
    """Qt fires neither of two shortcuts that share a key: each key must mean one thing."""
    from PySide6.QtGui import QAction, QKeySequence, QShortcut

    w = desk.window
    sign_in(desk, qtbot)
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    seen: dict[str, list[str]] = {}
    for shortcut in w.findChildren(QShortcut):
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        if keys and shortcut.isEnabled():
            scope = "window" if shortcut.context() in window_wide else "widget"
            parent = shortcut.parent()
            owner = parent.objectName() if parent is not None else "?"
            seen.setdefault(keys, []).append(f"{scope}:{owner}")
    for action in w.findChildren(QAction):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            if keys:
                scope = "window" if action.shortcutContext() in window_wide else "widget"
                seen.setdefault(keys, []).append(f"{scope}:action:{action.text()}")
    clashes = {
        keys: owners
        for keys, owners in seen.items()
        if len(owners) > 1 and any(o.startswith("window") for o in owners)
    }
    assert clashes == {}
    for needed in ("Ctrl+Return", "Ctrl+D", "Ctrl+H", "Ctrl+M", "Ctrl+T", "Ctrl+S", "Ctrl+N", "F1"):
        assert needed in seen, needed
