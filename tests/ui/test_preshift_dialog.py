"""Pre-shift dialog: progress per check, the readiness light, advice, Run again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from homeagent.services.preshift import CHECKS, PreShiftCheck, PreShiftPorts
from homeagent.ui.preshift_dialog import PreShiftDialog, PreShiftViewModel
from tests.ui.conftest import FakeTimers, MemorySecrets

NOW = datetime(2030, 5, 6, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Probe:
    sent: int = 10
    received: int = 10
    error: str = ""
    loss_pct: float = 0.0
    median_ms: float | None = 18.0
    jitter_ms: float | None = 45.0  # Wi-Fi


class Api:
    def health(self) -> datetime:
        return NOW


class HeldTasks:
    """Holds work until `release()`, so the test sees the dialog while checks run."""

    def __init__(self) -> None:
        self.held: list[Callable[[], None]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        def go() -> None:
            try:
                result = fn()
            except Exception as exc:
                if on_error:
                    on_error(exc)
                return
            if on_done:
                on_done(result)

        self.held.append(go)

    def release(self) -> None:
        while self.held:
            self.held.pop(0)()


def make(qtbot: QtBot, **kw: Any) -> tuple[PreShiftDialog, HeldTasks, list[dict[str, Any]]]:
    tasks = HeldTasks()
    saved: list[dict[str, Any]] = []
    base: dict[str, Any] = {
        "sip_probe": Probe,
        "api": Api(),
        "keyring": MemorySecrets(),
        "audio_devices": lambda: ["<b>Jabra</b> Evolve2 USB"],
        "audio_test": None,
        "save": saved.append,
        "wall_clock": lambda: NOW,
    }
    base.update(kw)
    check = PreShiftCheck(tasks, FakeTimers(), PreShiftPorts(**base))
    dialog = PreShiftDialog(PreShiftViewModel(check))
    qtbot.addWidget(dialog)
    return dialog, tasks, saved


def test_progress_then_an_amber_light_with_plain_advice(qtbot: QtBot) -> None:
    dialog, tasks, saved = make(qtbot)
    assert dialog.light_label.text() == "Not checked yet"
    dialog.run()
    assert dialog.light_label.text() == "Checking…" and not dialog.run_button.isEnabled()
    assert dialog.progress.isVisible() and dialog.progress.value() == 1  # the audio test: n/a
    assert dialog.state_labels["sip"].text() == "Checking…"
    tasks.release()
    assert dialog.light_label.text() == "Ready, but some things could be better"
    assert "Use a network cable instead of Wi-Fi" in dialog.advice.text()
    assert dialog.state_labels["sip"].text() == "Warning"
    assert dialog.figure_labels["sip"].text() == "round trip 18 ms, jitter 45 ms, loss 0.0 %"
    assert dialog.figure_labels["headset"].text() == "<b>Jabra</b> Evolve2 USB"
    assert dialog.state_labels["audio"].text() == "Not available"
    assert dialog.run_button.isEnabled() and not dialog.progress.isVisible()
    assert "#f59e0b" in dialog.light.styleSheet()
    tasks.release()  # the report was saved for IT
    assert saved and saved[0]["verdict"] == "amber"
    for label in dialog.findChildren(QLabel):
        if label.objectName():
            assert label.textFormat() is Qt.TextFormat.PlainText


def test_run_again_after_fixing_the_problem(qtbot: QtBot) -> None:
    down = {"sip": True}

    def probe() -> Probe:
        if down["sip"]:
            return Probe(
                received=0, loss_pct=100.0, median_ms=None, jitter_ms=None, error="timeout"
            )
        return Probe(jitter_ms=1.0)

    dialog, tasks, _ = make(qtbot, sip_probe=probe)
    dialog.run()
    tasks.release()
    assert dialog.light_label.text().startswith("Not ready")
    assert "phone line cannot be reached" in dialog.advice.text()
    down["sip"] = False
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    tasks.release()
    assert dialog.light_label.text() == "Ready for your shift"
    assert all(dialog.state_labels[n].text() in ("OK", "Not available") for n in CHECKS)
