"""Settings dialog: locked settings are shown locked and cannot be changed; audio section."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from homeagent.services.preferences import (
    AUTO_ANSWER,
    LANGUAGE,
    RINGTONE,
    Preferences,
    PreferencesService,
)
from homeagent.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import InlineTasks


class Autostart:
    def __init__(self) -> None:
        self.on = False

    def supported(self) -> bool:
        return True

    def enabled(self) -> bool:
        return self.on

    def set_enabled(self, on: bool) -> None:
        self.on = on


@dataclass(frozen=True)
class Device:
    key: str
    name: str
    kind: str


class Audio:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def devices(self) -> Sequence[Any]:
        return [
            Device("pa:mic", "Jabra <b>Mic</b>", "input"),
            Device("pa:out", "Jabra Speaker", "output"),
            Device("pa:both", "USB Headset", "duplex"),
        ]

    def choose(self, input_key: str, output_key: str, ringer_key: str) -> None:
        self.calls.append(("choose", input_key, output_key, ringer_key))

    def set_volume(self, kind: str, level: float) -> None:
        self.calls.append(("volume", kind, level))

    def set_echo_cancellation(self, on: bool) -> None:
        self.calls.append(("echo", on))


def make(
    qtbot: QtBot, locked: frozenset[str] = frozenset(), audio: Audio | None = None
) -> tuple[SettingsDialog, PreferencesService, list[dict[str, Any]], Autostart]:
    saved: list[dict[str, Any]] = []
    autostart = Autostart()
    save: Callable[[dict[str, Any]], None] = saved.append
    prefs = PreferencesService(
        InlineTasks(),
        Preferences(language="", auto_answer_s=2.0),
        locked,
        save,
        autostart=autostart,
        ringtones=["classic", "soft_bell"],
    )
    dialog = SettingsDialog(prefs, audio)
    qtbot.addWidget(dialog)
    return dialog, prefs, saved, autostart


def test_locked_settings_are_disabled_with_a_note_and_cannot_be_changed(qtbot: QtBot) -> None:
    dialog, prefs, saved, _ = make(qtbot, frozenset({AUTO_ANSWER, LANGUAGE}))
    assert not dialog.language.isEnabled()
    assert not dialog.auto_answer.isEnabled() and not dialog.auto_answer_delay.isEnabled()
    assert dialog.ringtone.isEnabled()
    note = dialog.findChild(QLabel, "languageLock")
    assert note is not None and note.text() == "Set by your IT department"
    assert dialog.findChild(QLabel, "auto_answer_sLock") is not None
    assert dialog.findChild(QLabel, "ringtoneLock") is None
    # even if the controls were forced, the locked values stay
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.auto_answer.setChecked(False)
    dialog.ringtone.setCurrentIndex(dialog.ringtone.findData("soft_bell"))
    ok = dialog.findChild(QPushButton, "okButton")
    assert ok is not None
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert prefs.current.language == "" and prefs.current.auto_answer_s == 2.0
    assert prefs.current.ringtone == "soft_bell"
    assert saved == [{RINGTONE: "soft_bell"}]


def test_unlocked_settings_are_saved_and_autostart_written(qtbot: QtBot) -> None:
    dialog, prefs, saved, autostart = make(qtbot)
    assert dialog.auto_answer.isChecked() and dialog.auto_answer_delay.value() == 2
    assert dialog.ringtone.itemText(2) == "Soft bell"
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    assert dialog.language.currentText() == "Français"
    dialog.auto_answer.setChecked(False)
    assert not dialog.auto_answer_delay.isEnabled()
    dialog.autostart.setChecked(True)
    dialog.apply()
    assert prefs.current == Preferences(language="fr", auto_answer_s=None, start_with_session=True)
    assert autostart.on
    assert saved[0][LANGUAGE] == "fr" and saved[0][AUTO_ANSWER] is None
    assert "next time" in dialog.notice_label.text()


def test_without_an_audio_port_the_section_says_unavailable(qtbot: QtBot) -> None:
    dialog, _, _, _ = make(qtbot)
    label = dialog.findChild(QLabel, "audioUnavailable")
    assert label is not None and label.text() == "Audio devices unavailable"
    assert not dialog.device_combos


def test_audio_devices_are_listed_and_only_changes_are_handed_over(qtbot: QtBot) -> None:
    audio = Audio()
    dialog, _, _, _ = make(qtbot, audio=audio)
    mic = dialog.device_combos["input"]
    assert [mic.itemText(i) for i in range(mic.count())] == [
        "System default", "Jabra <b>Mic</b>", "USB Headset"]  # fmt: skip
    out = dialog.device_combos["output"]
    assert out.findData("pa:mic") == -1 and out.findData("pa:out") > 0
    dialog.apply()
    assert audio.calls == []  # nothing changed: nothing overwritten
    mic.setCurrentIndex(mic.findData("pa:both"))
    dialog.volume_sliders["ringer"].setValue(30)
    dialog.apply()
    assert audio.calls == [("choose", "pa:both", "", ""), ("volume", "ringer", 0.3)]
