"""Settings: language, ringtone, auto-answer, start with the session, audio devices.

Settings IT locked through provisioning are shown disabled with "Set by your IT department";
the service ignores them anyway. Audio comes from an optional port: without it the section
says the devices are unavailable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from homeagent.services.preferences import Preferences, PreferencesService

NATIVE_LANGUAGE_NAMES = (("fr", "Français"), ("en", "English"))  # never translated


class AudioSettingsLike(Protocol):
    """The part of the audio service's AudioSettingsPort this dialog uses."""

    def devices(self) -> Sequence[Any]: ...
    def choose(self, input_key: str, output_key: str, ringer_key: str) -> None: ...
    def set_volume(self, kind: str, level: float) -> None: ...
    def set_echo_cancellation(self, on: bool) -> None: ...


@dataclass(frozen=True)
class DeviceChoice:
    key: str
    name: str
    inputs: bool
    outputs: bool


def device_choices(devices: Sequence[Any]) -> list[DeviceChoice]:
    """Read device objects defensively: key (or id, or name), name, and a kind that says
    input/capture or output/playback (unknown: both)."""
    out = []
    for device in devices:
        name = str(getattr(device, "name", "") or device)[:200]
        key = str(getattr(device, "key", "") or getattr(device, "id", "") or name)
        kind = str(getattr(device, "kind", "")).lower()
        is_in = any(w in kind for w in ("in", "capture", "duplex", "mic"))
        is_out = any(w in kind for w in ("out", "playback", "duplex", "speaker"))
        if not is_in and not is_out:
            is_in = is_out = True
        out.append(DeviceChoice(key, name, is_in, is_out))
    return out


def _lock_note(name: str, parent: QWidget) -> QLabel:
    label = QLabel(QCoreApplication.translate("SettingsDialog", "Set by your IT department"))
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: palette(mid); font-style: italic;")
    return label


class SettingsDialog(QDialog):
    def __init__(
        self,
        prefs: PreferencesService,
        audio: AudioSettingsLike | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._prefs = prefs
        self._audio = audio
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self.lock_notes: dict[str, QLabel] = {}
        root = QVBoxLayout(self)
        root.addWidget(self._general_box())
        root.addWidget(self._audio_box())
        self.notice_label = QLabel()
        self.notice_label.setObjectName("settingsNotice")
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.setWordWrap(True)
        root.addWidget(self.notice_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("settingsButtons")
        for std, name in (
            (QDialogButtonBox.StandardButton.Ok, "okButton"),
            (QDialogButtonBox.StandardButton.Cancel, "cancelButton"),
        ):
            b = self.buttons.button(std)
            b.setObjectName(name)
            b.setAccessibleName(b.text().replace("&", ""))
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        root.addWidget(self.buttons)
        prefs.changed.connect(self._on_prefs_changed)
        prefs.notices.connect(self._on_prefs_notice)
        self.finished.connect(self._on_finished)
        self.show_preferences(prefs.current)
        self._audio_start = self._audio_values()
        prefs.refresh_autostart()

    # ---- building ------------------------------------------------------------------------

    def _locked_row(self, form: QFormLayout, label: str, field: str, control: QWidget) -> None:
        row = QHBoxLayout()
        row.addWidget(control, 1)
        if self._prefs.is_locked(field):
            control.setEnabled(False)
            note = _lock_note(f"{field}Lock", self)
            self.lock_notes[field] = note
            row.addWidget(note)
        form.addRow(label, row)

    def _general_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("General"))
        form = QFormLayout(box)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System"), "")
        for code, native in NATIVE_LANGUAGE_NAMES:
            self.language.addItem(native, code)
        self._locked_row(form, self.tr("Language"), "language", self.language)
        self.ringtone = QComboBox()
        self.ringtone.setObjectName("ringtoneCombo")
        self.ringtone.setAccessibleName(self.tr("Ringtone"))
        self.ringtone.addItem(self.tr("Default"), "")
        for name in self._prefs.ringtones:
            self.ringtone.addItem(name.replace("_", " ").replace("-", " ").capitalize(), name)
        self._locked_row(form, self.tr("Ringtone"), "ringtone", self.ringtone)
        self.auto_answer = QCheckBox(self.tr("Answer calls automatically"))
        self.auto_answer.setObjectName("autoAnswerCheck")
        self.auto_answer.setAccessibleName(self.tr("Answer calls automatically"))
        self.auto_answer_delay = QSpinBox()
        self.auto_answer_delay.setObjectName("autoAnswerDelay")
        self.auto_answer_delay.setAccessibleName(self.tr("Seconds before answering"))
        self.auto_answer_delay.setRange(0, 300)
        self.auto_answer_delay.setSuffix(self.tr(" s"))
        self.auto_answer.toggled.connect(self._on_auto_answer_toggled)
        answer = QWidget()
        row = QHBoxLayout(answer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.auto_answer)
        row.addWidget(self.auto_answer_delay)
        self._locked_row(form, self.tr("Auto-answer"), "auto_answer_s", answer)
        self.autostart = QCheckBox(self.tr("Start HomeAgent when I log in"))
        self.autostart.setObjectName("autostartCheck")
        self.autostart.setAccessibleName(self.tr("Start HomeAgent when I log in"))
        self._locked_row(form, self.tr("Start"), "start_with_session", self.autostart)
        if not self._prefs.autostart_supported:
            self.autostart.setEnabled(False)
            self.autostart.setToolTip(self.tr("Not available on this system"))
        return box

    def _audio_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Audio devices"))
        self.audio_unavailable = QLabel(self.tr("Audio devices unavailable"))
        self.audio_unavailable.setObjectName("audioUnavailable")
        self.audio_unavailable.setTextFormat(Qt.TextFormat.PlainText)
        self.device_combos: dict[str, QComboBox] = {}
        self.volume_sliders: dict[str, QSlider] = {}
        self.echo = QCheckBox(self.tr("Echo cancellation"))
        self.echo.setObjectName("echoCheck")
        self.echo.setAccessibleName(self.tr("Echo cancellation"))
        self.echo.setChecked(True)
        form = QFormLayout(box)
        devices: list[DeviceChoice] = []
        if self._audio is not None:
            try:
                devices = device_choices(self._audio.devices())
            except Exception:  # a broken audio service must not stop the settings
                self._audio = None
        if self._audio is None:
            form.addRow(self.audio_unavailable)
            return box
        for kind, label in (
            ("input", self.tr("Microphone")),
            ("output", self.tr("Speaker")),
            ("ringer", self.tr("Ringer")),
        ):
            combo = QComboBox()
            combo.setObjectName(f"{kind}DeviceCombo")
            combo.setAccessibleName(label)
            combo.addItem(self.tr("System default"), "")
            for d in devices:
                if d.inputs if kind == "input" else d.outputs:
                    combo.addItem(d.name, d.key)
            self.device_combos[kind] = combo
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setObjectName(f"{kind}Volume")
            slider.setAccessibleName(self.tr("{device} volume").format(device=label))
            slider.setRange(0, 100)
            slider.setValue(80)
            self.volume_sliders[kind] = slider
            form.addRow(label, combo)
            form.addRow("", slider)
        form.addRow(self.echo)
        return box

    # ---- state ---------------------------------------------------------------------------

    def show_preferences(self, prefs: Preferences) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.ringtone.setCurrentIndex(max(0, self.ringtone.findData(prefs.ringtone)))
        on = prefs.auto_answer_s is not None
        self.auto_answer.setChecked(on)
        self.auto_answer_delay.setValue(int(prefs.auto_answer_s or 0))
        self.auto_answer_delay.setEnabled(on and not self._prefs.is_locked("auto_answer_s"))
        self.autostart.setChecked(prefs.start_with_session)

    def wanted(self) -> Preferences:
        return Preferences(
            language=str(self.language.currentData() or ""),
            ringtone=str(self.ringtone.currentData() or ""),
            auto_answer_s=(
                float(self.auto_answer_delay.value()) if self.auto_answer.isChecked() else None
            ),
            start_with_session=self.autostart.isChecked(),
        )

    def _audio_values(self) -> tuple[tuple[str, ...], dict[str, int], bool]:
        keys = tuple(str(c.currentData() or "") for c in self.device_combos.values())
        volumes = {kind: s.value() for kind, s in self.volume_sliders.items()}
        return keys, volumes, self.echo.isChecked()

    def apply(self) -> None:
        """Hand over what the operator changed (nothing else: the audio port keeps the rest)."""
        self._prefs.apply(self.wanted())
        if self._audio is None or not self.device_combos:
            return
        keys, volumes, echo = self._audio_values()
        start_keys, start_volumes, start_echo = self._audio_start
        if keys != start_keys:
            self._audio.choose(keys[0], keys[1], keys[2])
        for kind, level in volumes.items():
            if level != start_volumes.get(kind):
                self._audio.set_volume(kind, level / 100.0)
        if echo != start_echo:
            self._audio.set_echo_cancellation(echo)
        self._audio_start = (keys, volumes, echo)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.apply()
        self.accept()

    @Slot(bool)
    def _on_auto_answer_toggled(self, on: bool) -> None:
        self.auto_answer_delay.setEnabled(on and not self._prefs.is_locked("auto_answer_s"))

    @Slot(int)
    def _on_finished(self, _result: int) -> None:
        self._prefs.changed.disconnect(self._on_prefs_changed)
        self._prefs.notices.disconnect(self._on_prefs_notice)

    def _on_prefs_changed(self, prefs: Preferences) -> None:
        self.autostart.setChecked(prefs.start_with_session)  # e.g. the entry was found

    def _on_prefs_notice(self, code: str) -> None:
        texts = {
            "restart_needed": self.tr("The new language applies the next time HomeAgent starts."),
            "save_failed": self.tr("Your settings could not be saved."),
            "autostart_failed": self.tr("Starting with the session could not be changed."),
        }
        if code in texts:
            self.notice_label.setText(texts[code])
