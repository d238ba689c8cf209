"""What the operator must know about sound: no device, a headset that moved, speaking muted.

A banner for a lasting fault (it stays until a device is back) and short messages for the
rest. The detail from the engine (a device name) is shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from homeagent.domain.sip_messages import AudioNotice
from homeagent.services.audio import AudioService
from homeagent.ui.widgets import plain_label

MESSAGE_SHOWN_MS = 8000


class AudioStatusBanner(QFrame):
    def __init__(self, audio: AudioService, demo: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._audio = audio
        self._demo = demo
        self.setObjectName("audioBanner")
        self.setStyleSheet(
            "#audioBanner { background: #fef3c7; } #audioBanner QLabel { color: #000; }"
        )
        self.fault_label = plain_label("audioFaultLabel", self.tr("Sound problem"))
        self.message_label = plain_label("audioMessageLabel", self.tr("Sound message"))
        row = QHBoxLayout(self)
        row.addWidget(self.fault_label, 1)
        row.addWidget(self.message_label, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(MESSAGE_SHOWN_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        audio.fault_changed.connect(self._on_audio_fault_changed)
        audio.notices.connect(self._on_audio_notice)
        audio.muted_speaking.connect(self._on_audio_muted_speaking)
        self._on_audio_fault_changed(audio.fault)

    def fault_text(self, fault: str) -> str:
        if not fault:
            return ""
        if self._demo:
            return self.tr("No sound device: the demo runs silently (calls still connect).")
        texts = {
            "no_audio_device": self.tr(
                "No headset or sound device found: you are Not ready until one is plugged in."
            ),
            "audio_stream_lost": self.tr(
                "The sound device stopped responding; HomeAgent is reopening it."
            ),
            "audio_bridge_unavailable": self.tr(
                "Sound is not available in this version on this system; call IT."
            ),
        }
        return texts.get(fault, self.tr("Sound problem ({code}).").format(code=fault))

    def notice_text(self, notice: AudioNotice) -> str:
        if notice.code == "device_fallback":
            return self.tr("Headset gone: sound moved to {device}.").format(device=notice.detail)
        if notice.code == "device_restored":
            return self.tr("Sound is back on {device}.").format(device=notice.detail)
        if notice.code == "stream_restarted":
            return self.tr("The sound device was restarted.")
        return ""

    def _refresh(self) -> None:
        self.setVisible(bool(self.fault_label.text() or self.message_label.text()))

    @Slot(str)
    def _on_audio_fault_changed(self, fault: str) -> None:
        self.fault_label.setText(self.fault_text(fault))
        self._refresh()

    @Slot(object)
    def _on_audio_notice(self, notice: AudioNotice) -> None:
        self._show(self.notice_text(notice))

    @Slot(str)
    def _on_audio_muted_speaking(self, _call_id: str) -> None:
        self._show(self.tr("You are muted: the caller cannot hear you."))

    def _show(self, text: str) -> None:
        if text:
            self.message_label.setText(text)
            self._timer.start()
            self._refresh()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.message_label.clear()
        self._refresh()
