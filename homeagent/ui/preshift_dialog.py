"""Pre-shift check dialog: progress per check, one readiness light, plain-language advice,
Run again and Close. The view-model turns the service's codes into sentences."""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from homeagent.services.preshift import (
    API,
    AUDIO,
    CHECKS,
    HEADSET,
    KEYRING,
    SIP,
    CheckResult,
    PreShiftCheck,
    PreShiftReport,
    State,
    Verdict,
)

_LIGHT = {Verdict.GREEN: "#16a34a", Verdict.AMBER: "#f59e0b", Verdict.RED: "#dc2626"}


class PreShiftViewModel(QObject):
    changed = Signal()

    def __init__(self, check: PreShiftCheck, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._check = check
        check.check_changed.connect(self._on_check_changed)
        check.finished.connect(self._on_check_finished)
        check.running_changed.connect(self._on_check_running_changed)

    @property
    def running(self) -> bool:
        return self._check.running

    @property
    def verdict(self) -> Verdict | None:
        report = self._check.report
        return None if report is None or self._check.running else report.verdict

    def run(self) -> None:
        self._check.run()

    def done_count(self) -> int:
        busy = (State.PENDING, State.RUNNING)
        return sum(1 for r in self._check.results.values() if r.state not in busy)

    def check_title(self, name: str) -> str:
        titles = {
            SIP: self.tr("Phone line"),
            API: self.tr("Company server and clock"),
            KEYRING: self.tr("Password storage"),
            HEADSET: self.tr("Headset"),
            AUDIO: self.tr("Microphone and speaker test"),
        }
        return titles.get(name, name)

    def state_text(self, name: str) -> str:
        state = self._check.results[name].state
        texts = {
            State.PENDING: self.tr("Not run yet"),
            State.RUNNING: self.tr("Checking…"),
            State.PASS: self.tr("OK"),
            State.WARN: self.tr("Warning"),
            State.FAIL: self.tr("Problem"),
            State.UNKNOWN: self.tr("Not available"),
        }
        return texts[state]

    def state_of(self, name: str) -> State:
        return self._check.results[name].state

    def figures_text(self, name: str) -> str:
        result = self._check.results[name]
        f = result.figures
        if name == SIP and f.get("received"):
            return self.tr("round trip {median} ms, jitter {jitter} ms, loss {loss} %").format(
                median=_num(f.get("median_ms")),
                jitter=_num(f.get("jitter_ms")),
                loss=_num(f.get("loss_pct")),
            )
        if name == API and "rtt_ms" in f:
            return self.tr("round trip {rtt} ms, clock off by {skew} s").format(
                rtt=_num(f.get("rtt_ms")), skew=_num(f.get("clock_skew_s"))
            )
        if name == HEADSET and f.get("devices"):
            names = [str(n) for n in f["devices"]]
            shown = ", ".join(n[:60] for n in names[:3])
            return shown + (
                self.tr(" and {n} more").format(n=len(names) - 3) if len(names) > 3 else ""
            )
        if name == AUDIO and "mic_peak" in f:
            return self.tr("microphone level {level} %").format(
                level=_num(100 * float(f["mic_peak"]))
            )
        return ""

    def light_text(self) -> str:
        if self._check.running:
            return self.tr("Checking…")
        verdict = self.verdict
        if verdict is Verdict.GREEN:
            return self.tr("Ready for your shift")
        if verdict is Verdict.AMBER:
            return self.tr("Ready, but some things could be better")
        if verdict is Verdict.RED:
            return self.tr("Not ready: please fix the problems below")
        return self.tr("Not checked yet")

    def advice_lines(self) -> list[str]:
        report = self._check.report
        codes = report.advice if report is not None else _advice_so_far(self._check.results)
        return [self.advice_text(code) for code in codes]

    def advice_text(self, code: str) -> str:
        texts = {
            "sip_unreachable": self.tr(
                "The phone line cannot be reached. Check your internet connection and VPN."
            ),
            "sip_tls_refused": self.tr(
                "The phone line's security certificate was refused. Call IT support."
            ),
            "sip_not_configured": self.tr("No phone line is set up on this computer."),
            "packet_loss": self.tr("Some of the voice data is lost: calls may break up."),
            "use_cable": self.tr(
                "Use a network cable instead of Wi-Fi, or move closer to your router."
            ),
            "high_latency": self.tr(
                "The connection is slow: callers may hear a delay. Stop videos and downloads."
            ),
            "api_unreachable": self.tr(
                "The company server cannot be reached. Check your internet connection."
            ),
            "api_not_configured": self.tr("No company server is set up on this computer."),
            "fix_clock": self.tr(
                "This computer's clock is wrong. Set the date and time to update automatically."
            ),
            "slow_api": self.tr(
                "The company server answers slowly: customer details may take time to appear."
            ),
            "keyring_unusable": self.tr(
                "Passwords cannot be kept safely on this computer: you will type yours at each "
                "start. Tell IT support."
            ),
            "no_audio_device": self.tr("No microphone or speaker found. Plug in your headset."),
            "plug_headset": self.tr("No headset found. Plug in your headset before calls."),
            "headset_unknown": self.tr("Cannot tell whether a headset is plugged in."),
            "mic_silent": self.tr(
                "Your microphone heard nothing. Check that it is not muted, and speak during "
                "the test."
            ),
            "audio_failed": self.tr("The sound test failed. Check your headset is plugged in."),
            "audio_test_unavailable": self.tr("The sound test is not available here."),
            "check_timed_out": self.tr("A check took too long. Run the check again."),
        }
        return texts.get(code, code)

    def _on_check_changed(self, _result: CheckResult) -> None:
        self.changed.emit()

    def _on_check_finished(self, _report: PreShiftReport) -> None:
        self.changed.emit()

    def _on_check_running_changed(self, _running: bool) -> None:
        self.changed.emit()


def _num(value: Any) -> str:
    if value is None:
        return "-"
    number = float(value)
    return f"{number:.0f}" if abs(number) >= 10 else f"{number:.1f}"


def _advice_so_far(results: dict[str, CheckResult]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in CHECKS:
        for code in results[name].advice:
            seen.setdefault(code)
    return tuple(seen)


def _plain(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class PreShiftDialog(QDialog):
    def __init__(self, vm: PreShiftViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vm = vm
        self.setObjectName("preShiftDialog")
        self.setWindowTitle(self.tr("Pre-shift check"))
        self.light = _plain("readinessLight")
        self.light.setFixedSize(28, 28)
        self.light_label = _plain("readinessText")
        self.progress = QProgressBar()
        self.progress.setObjectName("checkProgress")
        self.progress.setAccessibleName(self.tr("Checks done"))
        self.progress.setRange(0, len(CHECKS))
        grid = QGridLayout()
        self.state_labels: dict[str, QLabel] = {}
        self.figure_labels: dict[str, QLabel] = {}
        for row, name in enumerate(CHECKS):
            grid.addWidget(_plain(f"check_{name}_title", vm.check_title(name)), row, 0)
            self.state_labels[name] = _plain(f"check_{name}_state")
            self.figure_labels[name] = _plain(f"check_{name}_figures")
            grid.addWidget(self.state_labels[name], row, 1)
            grid.addWidget(self.figure_labels[name], row, 2)
        grid.setColumnStretch(2, 1)
        self.advice = _plain("adviceText")
        self.advice.setWordWrap(True)
        self.advice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_button = QPushButton(self.tr("Run again"))
        self.run_button.setObjectName("runAgainButton")
        self.run_button.setAccessibleName(self.tr("Run the check again"))
        self.run_button.clicked.connect(self._on_run_button_clicked)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        head = QHBoxLayout()
        head.addWidget(self.light)
        head.addWidget(self.light_label, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.close_button)
        root = QVBoxLayout(self)
        root.addLayout(head)
        root.addWidget(self.progress)
        root.addLayout(grid)
        root.addWidget(self.advice, 1)
        root.addLayout(buttons)
        for first, second in itertools.pairwise([self.run_button, self.close_button]):
            QWidget.setTabOrder(first, second)
        vm.changed.connect(self._on_vm_changed)
        self.refresh_view()

    def run(self) -> None:
        """Show the dialog and start the checks."""
        self.show()
        self._vm.run()

    def refresh_view(self) -> None:
        vm = self._vm
        for name in CHECKS:
            self.state_labels[name].setText(vm.state_text(name))
            self.figure_labels[name].setText(vm.figures_text(name))
        self.progress.setValue(vm.done_count() if vm.running else len(CHECKS))
        self.progress.setVisible(vm.running)
        verdict = vm.verdict
        colour = _LIGHT.get(verdict, "#9ca3af") if verdict is not None else "#9ca3af"
        self.light.setStyleSheet(f"background: {colour}; border-radius: 14px;")
        self.light.setAccessibleName(vm.light_text())
        self.light_label.setText(vm.light_text())
        lines = vm.advice_lines()
        self.advice.setText("\n".join(f"• {line}" for line in lines))
        self.run_button.setEnabled(not vm.running)

    @Slot()
    def _on_vm_changed(self) -> None:
        self.refresh_view()

    @Slot()
    def _on_run_button_clicked(self) -> None:
        self._vm.run()
