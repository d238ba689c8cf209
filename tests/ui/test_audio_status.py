"""The sound banner: a lasting fault, passing notices, and 'you are muted'."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from homeagent.domain import sip_messages as m
from homeagent.services.audio import AudioService
from homeagent.ui.audio_status import AudioStatusBanner
from tests.ui.conftest import RecordingEngine


def banner(qtbot: QtBot, demo: bool = False) -> tuple[AudioService, AudioStatusBanner]:
    audio = AudioService(RecordingEngine())
    widget = AudioStatusBanner(audio, demo)
    qtbot.addWidget(widget)
    return audio, widget


def test_fault_shows_until_the_device_is_back(qtbot: QtBot) -> None:
    audio, widget = banner(qtbot)
    assert widget.isHidden()
    audio.on_engine_event(m.AudioStatus("no_audio_device"))
    assert not widget.isHidden()
    assert "Not ready" in widget.fault_label.text()
    audio.on_engine_event(m.AudioStatus(""))
    assert widget.isHidden()


def test_demo_says_it_runs_silently(qtbot: QtBot) -> None:
    audio, widget = banner(qtbot, demo=True)
    audio.on_engine_event(m.AudioStatus("no_audio_device"))
    assert widget.fault_label.text().startswith("No sound device: the demo runs silently")


def test_fallback_and_muted_messages_are_plain_text(qtbot: QtBot) -> None:
    audio, widget = banner(qtbot)
    audio.on_engine_event(m.AudioNotice("device_fallback", "<b>Speakers</b>"))
    assert widget.message_label.text() == "Headset gone: sound moved to <b>Speakers</b>."
    assert not widget.isHidden()
    audio.on_engine_event(m.MutedSpeaking("c1"))
    assert widget.message_label.text() == "You are muted: the caller cannot hear you."
