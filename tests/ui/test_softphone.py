"""The softphone view-model and window over a real TelephonyService and a recording engine."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState, EndReason
from homeagent.domain.registration import RegFailure, RegState
from homeagent.services.telephony import ACCOUNT_ID, Notice, TransferRequest
from homeagent.ui.single_instance import MAX_MESSAGE_BYTES, SingleInstance, encode
from homeagent.ui.softphone_vm import SoftphoneViewModel, format_duration
from homeagent.ui.softphone_window import SoftphoneWindow
from tests.ui.conftest import DOMAIN, Phone

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def vm(phone: Phone, qtbot: QtBot) -> Iterator[SoftphoneViewModel]:
    model = SoftphoneViewModel(phone.telephony, phone.session, clock=phone.timers.now)
    yield model
    model.close()


@pytest.fixture
def window(vm: SoftphoneViewModel, qtbot: QtBot) -> SoftphoneWindow:
    win = SoftphoneWindow(vm)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def talking(phone: Phone, call_id: str = "c1", name: str = "") -> None:
    phone.incoming(call_id, name=name)
    phone.telephony.answer(call_id)
    phone.state(call_id, CallState.ACTIVE, 200)
    phone.engine.sent.clear()


def rows(window: SoftphoneWindow) -> list[list[str]]:
    tree = window.calls.calls_tree
    result = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        assert item is not None
        result.append([item.text(c) for c in range(tree.columnCount())])
    return result


# ---- sign-in and registration ---------------------------------------------------------------


def test_sign_in_sends_add_account_and_remembers(
    phone: Phone, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    assert window.signin.password_edit.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(window.signin.username_edit, "alice")
    qtbot.keyClicks(window.signin.password_edit, "s3cret")
    window.signin.remember_check.setChecked(True)
    qtbot.mouseClick(window.signin.sign_in_button, LEFT)
    [add] = phone.engine.of(m.AddAccount)
    assert (add.account.username, add.account.domain, add.account.password) == (
        "alice",
        DOMAIN,
        "s3cret",
    )
    assert phone.secrets.data == {f"sip:alice@{DOMAIN}": "s3cret"}
    assert window.signin.password_edit.text() == ""
    assert "Signing in as alice" in window.registration_label.text()
    assert not window.signin.sign_in_button.isEnabled()
    assert window.signin.sign_out_button.isEnabled()
    qtbot.mouseClick(window.signin.sign_out_button, LEFT)
    assert phone.engine.of(m.RemoveAccount) == [m.RemoveAccount(ACCOUNT_ID)]
    assert window.registration_label.text() == "Signed out"


def test_sign_in_without_password_explains(
    phone: Phone, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(window.signin.username_edit, "alice")
    qtbot.mouseClick(window.signin.sign_in_button, LEFT)
    assert phone.engine.sent == []
    assert window.calls.notice_label.text() == "Enter your user name and password."


@pytest.mark.parametrize(
    "case",
    [
        (
            RegFailure.AUTH,
            403,
            "Forbidden",
            0,
            "Wrong user name or password",
            "Check your user name and password",
        ),
        (
            RegFailure.NETWORK,
            503,
            "Connection refused",
            30,
            "(registrar) is unreachable",
            "Retrying automatically in 30 s",
        ),
        (RegFailure.TIMEOUT, 408, "Request Timeout", 0, "(timeout)", "Retrying automatically."),
        (
            RegFailure.TLS,
            503,
            "SSL certificate verify failed",
            60,
            "TLS certificate was refused",
            "Retrying automatically in 60 s",
        ),
    ],
)
def test_registration_failure_banner(
    phone: Phone,
    window: SoftphoneWindow,
    qtbot: QtBot,
    case: tuple[RegFailure, int, str, int, str, str],
) -> None:
    failure, code, reason, retry_in, what, next_step = case
    phone.session.sign_in("alice", "pw", remember=False)
    assert window.banner.isHidden()
    phone.feed(
        m.RegistrationChanged(ACCOUNT_ID, RegState.FAILED, code, reason, failure, 0, retry_in)
    )
    assert not window.banner.isHidden()
    assert what in window.banner.label.text()
    assert next_step in window.banner.label.text()
    assert what in window.registration_label.text()
    phone.engine.sent.clear()
    qtbot.mouseClick(window.banner.retry_button, LEFT)
    assert phone.engine.sent == [m.Reregister(ACCOUNT_ID)]
    phone.feed(m.RegistrationChanged(ACCOUNT_ID, RegState.REGISTERED, 200, "OK"))
    assert window.banner.isHidden()
    assert window.registration_label.text() == "Ready: signed in as alice"


def test_engine_crash_ends_calls_and_shows_banner(phone: Phone, window: SoftphoneWindow) -> None:
    phone.registered()
    talking(phone)
    assert len(rows(window)) == 1
    call = phone.telephony.calls["c1"]
    phone.feed(m.EngineStopped(False, -11, "Segmentation fault", True))
    assert call.state is CallState.ENDED and call.end_reason is EndReason.ENGINE_LOST
    assert rows(window) == []
    assert not window.banner.isHidden()
    assert "restarting" in window.banner.label.text()
    assert "stopped unexpectedly" in window.calls.notice_label.text()
    assert "restarting" in window.registration_label.text()
    assert not window.calls.hangup_button.isEnabled()
    phone.ready()
    assert window.banner.isHidden()
    assert window.registration_label.text() == "Signing in as alice…"


# ---- calls ------------------------------------------------------------------------------------


def test_incoming_call_row_and_answer(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    assert not window.calls.answer_button.isEnabled()
    phone.incoming("c1", "+33612345678")
    assert rows(window) == [["06 12 34 56 78", "Incoming call", "00:00", ""]]
    assert window.calls.answer_button.isEnabled() and window.calls.decline_button.isEnabled()
    assert not window.calls.hold_button.isEnabled()
    qtbot.mouseClick(window.calls.answer_button, LEFT)
    assert phone.engine.sent == [m.Answer("c1")]
    phone.state("c1", CallState.ACTIVE, 200)
    assert rows(window)[0][1] == "Connected"
    assert not window.calls.answer_button.isEnabled()
    assert window.calls.hold_button.isEnabled() and window.calls.mute_button.isEnabled()


def test_decline_rejects_with_603(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    phone.incoming("c1")
    qtbot.mouseClick(window.calls.decline_button, LEFT)
    assert phone.engine.sent == [m.Hangup("c1", 603)]


def test_answering_second_call_holds_the_first(
    phone: Phone, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    phone.registered()
    talking(phone, "c1", name="First")
    phone.incoming("c2", name="Second")
    assert [r[0] for r in rows(window)] == ["First", "Second"]
    assert window.calls.answer_button.isEnabled()
    qtbot.mouseClick(window.calls.answer_button, LEFT)
    assert phone.engine.sent == [m.Hold("c1"), m.Answer("c2")]


def test_hang_up_ends_the_call_and_stops_the_timer(
    phone: Phone, vm: SoftphoneViewModel, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    phone.registered()
    talking(phone)
    assert vm.is_ticking
    qtbot.mouseClick(window.calls.hangup_button, LEFT)
    assert phone.engine.sent == [m.Hangup("c1", 0)]
    phone.state("c1", CallState.ENDED, 200)
    assert rows(window) == []
    assert not vm.is_ticking
    assert not window.calls.hangup_button.isEnabled()


def test_mute_and_hold_toggle(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    talking(phone)
    qtbot.mouseClick(window.calls.mute_button, LEFT)
    assert phone.engine.sent == [m.Mute("c1", True)]
    assert not window.calls.mute_button.isChecked()  # shows the truth until the engine confirms
    phone.media("c1", muted=True)
    assert window.calls.mute_button.isChecked() and window.calls.mute_button.text() == "Unmute"
    qtbot.mouseClick(window.calls.mute_button, LEFT)
    assert phone.engine.sent[-1] == m.Mute("c1", False)

    phone.engine.sent.clear()
    qtbot.mouseClick(window.calls.hold_button, LEFT)
    assert phone.engine.sent == [m.Hold("c1")]
    phone.media("c1", hold=True)
    assert window.calls.hold_button.isChecked() and window.calls.hold_button.text() == "Resume"
    assert rows(window)[0][1] == "On hold"
    qtbot.mouseClick(window.calls.hold_button, LEFT)
    assert phone.engine.sent[-1] == m.Resume("c1")


def test_keypad_sends_dtmf(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    assert not window.calls.keypad["5"].isEnabled()
    talking(phone)
    qtbot.mouseClick(window.calls.keypad["5"], LEFT)
    qtbot.mouseClick(window.calls.keypad["#"], LEFT)
    assert phone.engine.sent == [m.SendDtmf("c1", "5"), m.SendDtmf("c1", "#")]
    phone.media("c1", hold=True)
    assert not window.calls.keypad["5"].isEnabled()  # no tones into a held call


def test_keyboard_digits_and_shortcuts(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    talking(phone)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.calls.calls_tree.setFocus()
    qtbot.keyClick(window.calls.calls_tree, Qt.Key.Key_7)
    qtbot.waitUntil(lambda: phone.engine.sent == [m.SendDtmf("c1", "7")])
    qtbot.keyClick(window.calls.calls_tree, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert phone.engine.sent[-1] == m.Mute("c1", True)
    qtbot.keyClick(window.calls.calls_tree, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert phone.engine.sent[-1] == m.Hangup("c1", 0)
    assert "Ctrl+D" in window.calls.hangup_button.toolTip()
    assert "Ctrl+H" in window.calls.hold_button.toolTip()


def test_bad_number_shows_notice_and_sends_nothing(
    phone: Phone, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    phone.registered()
    qtbot.keyClicks(window.calls.number_edit, "call me maybe")
    qtbot.keyClick(window.calls.number_edit, Qt.Key.Key_Return)
    assert window.calls.notice_label.text() == "That is not a phone number."
    assert window.calls.number_edit.text() == "call me maybe"
    qtbot.mouseClick(window.calls.call_button, LEFT)
    assert phone.engine.sent == []
    window.calls.number_edit.setText("+33 1 23 45 67 89")
    qtbot.mouseClick(window.calls.call_button, LEFT)
    [call] = phone.engine.of(m.MakeCall)
    assert call.target_uri == f"sip:+33123456789@{DOMAIN}"
    assert window.calls.number_edit.text() == ""
    assert rows(window)[0][:2] == ["01 23 45 67 89", "Calling…"]


def test_markup_in_display_name_is_shown_literally(phone: Phone, window: SoftphoneWindow) -> None:
    raw = "<b>x</b><img src=y>"
    phone.registered()
    phone.incoming("c1", name=raw)
    assert rows(window)[0][0] == raw
    assert window.calls.current_label.text() == raw
    labels = window.findChildren(QLabel)
    assert window.calls.current_label in labels
    assert [lb.objectName() for lb in labels if lb.textFormat() != Qt.TextFormat.PlainText] == []


def test_click_to_call_is_proposed_never_dialled(
    phone: Phone, vm: SoftphoneViewModel, window: SoftphoneWindow
) -> None:
    phone.registered()
    phone.engine.sent.clear()
    vm.propose_dial("tel:+33123456789")
    assert phone.engine.of(m.MakeCall) == []  # a web page's link cannot place a call alone
    assert window.calls.number_edit.text() == "tel:+33123456789"
    assert window.calls.number_edit.hasFocus() or not window.isVisible()
    window.calls.number_edit.returnPressed.emit()  # the operator confirms
    assert [c.target_uri for c in phone.engine.of(m.MakeCall)] == [f"sip:+33123456789@{DOMAIN}"]


def test_timer_and_quality_in_rows(
    phone: Phone, vm: SoftphoneViewModel, window: SoftphoneWindow, qtbot: QtBot
) -> None:
    phone.registered()
    talking(phone)
    phone.timers.t += 65
    with qtbot.waitSignal(vm.timers_ticked, timeout=3000):
        pass
    assert rows(window)[0][2] == "01:05"
    phone.feed(m.CallStats("c1", 2.4, 0.0, 40.0, 4.31, "PCMA", 500, 500))
    assert rows(window)[0][3] == "MOS 4.3 · jitter 2 ms · loss 0%"
    assert format_duration(3725) == "1:02:05"


def test_blind_transfer_inline(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    asked: list[TransferRequest] = []
    phone.telephony.transfers.connect(asked.append)
    assert window.calls.transfer_panel.isHidden()
    talking(phone)
    qtbot.mouseClick(window.calls.transfer_button, LEFT)
    assert not window.calls.transfer_panel.isHidden()
    qtbot.keyClicks(window.calls.transfer_edit, "202")
    qtbot.keyClick(window.calls.transfer_edit, Qt.Key.Key_Return)
    assert phone.engine.sent == [m.BlindTransfer("c1", f"sip:202@{DOMAIN}")]
    assert asked == [TransferRequest("c1", "202")]  # training's debrief hears of it
    assert window.calls.transfer_panel.isHidden()


def test_attended_transfer(phone: Phone, window: SoftphoneWindow, qtbot: QtBot) -> None:
    phone.registered()
    talking(phone, name="Customer")
    qtbot.mouseClick(window.calls.transfer_button, LEFT)
    qtbot.keyClicks(window.calls.transfer_edit, "201")
    qtbot.mouseClick(window.calls.consult_button, LEFT)
    hold, dial = phone.engine.sent
    assert hold == m.Hold("c1")
    assert isinstance(dial, m.MakeCall) and dial.target_uri == f"sip:201@{DOMAIN}"
    phone.media("c1", hold=True)
    assert not window.calls.complete_button.isEnabled()
    phone.state(dial.call_id, CallState.ACTIVE, 200)
    assert window.calls.complete_button.isEnabled() and window.calls.swap_button.isEnabled()
    qtbot.mouseClick(window.calls.complete_button, LEFT)
    assert phone.engine.sent[-1] == m.AttendedTransfer("c1", dial.call_id)


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ("bad_number", d)
        for d in (
            "empty",
            "malformed",
            "not_a_number",
            "impossible_number",
            "no_domain",
            "bad_sip_uri",
        )
    ]
    + [
        (c, "")
        for c in (
            "not_signed_in",
            "too_many_calls",
            "engine_crashed",
            "transfer_failed",
            "credentials_missing",
            "not_provisioned",
            "keyring_unavailable",
            "password_needed",
        )
    ]
    + [
        (f"command_failed:{c}", "x")
        for c in ("unknown_call", "bad_digits", "not_configured", "unknown_target", "sip_error")
    ],
)
def test_every_notice_has_its_own_sentence(vm: SoftphoneViewModel, code: str, detail: str) -> None:
    text = vm.text.notice_text(Notice(code, detail))
    fallbacks = {
        vm.text.notice_text(Notice(c, "?")) for c in ("bad_number", "zz", "command_failed:zz")
    }
    assert text and text not in fallbacks
    assert code not in text


def test_demo_badge(phone: Phone, qtbot: QtBot) -> None:
    demo = SoftphoneWindow(SoftphoneViewModel(phone.telephony, phone.session, demo=True))
    qtbot.addWidget(demo)
    plain = SoftphoneWindow(SoftphoneViewModel(phone.telephony, phone.session))
    qtbot.addWidget(plain)
    assert "DEMO" in demo.windowTitle() and not demo.demo_label.isHidden()
    assert "DEMO" not in plain.windowTitle() and plain.demo_label.isHidden()


# ---- single instance ------------------------------------------------------------------------


@pytest.fixture
def first() -> Iterator[SingleInstance]:
    instance = SingleInstance(f"homeagent-test-{uuid.uuid4().hex[:12]}")
    yield instance
    instance.close()


def test_second_instance_forwards_to_first(first: SingleInstance, qtbot: QtBot) -> None:
    second = SingleInstance(first.name)
    assert second.forward("tel:+33123456789") is False  # nobody listens yet
    received: list[str] = []
    assert first.listen(received.append)
    assert second.forward("tel:+33123456789")
    assert second.forward("sip:zoë@example.test")
    qtbot.waitUntil(lambda: received == ["tel:+33123456789", "sip:zoë@example.test"])


def test_oversized_or_invalid_messages_are_dropped(first: SingleInstance, qtbot: QtBot) -> None:
    received: list[str] = []
    first.listen(received.append)
    second = SingleInstance(first.name)
    assert second.forward("9" * (MAX_MESSAGE_BYTES + 1))
    raw = QLocalSocket()
    raw.connectToServer(first.name)
    assert raw.waitForConnected(500)
    raw.write(len(b"\xff\xfe").to_bytes(4, "big") + b"\xff\xfe" + encode("after"))
    assert raw.waitForBytesWritten(500)
    qtbot.waitUntil(lambda: received == ["after"])
    raw.disconnectFromServer()
    assert second.forward("last")
    qtbot.waitUntil(lambda: received == ["after", "last"])
