"""Screenshots of the desk's main states, from the real app on a real X server (Xvfb).

    xvfb-run -a python -m tests.e2e.screenshots OUT_DIR fr|en

sign-in, idle (clocked in, Available), ringing with the customer card, on call, wrap-up with
a ticket being typed, My day. tests/e2e/test_screenshots.py runs it for both languages.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from homeagent.domain.agent import AgentState
from homeagent.domain.call import CallState
from homeagent.domain.shift import ShiftState
from tests.e2e.desk_rig import Spinner, desk_stack, sign_in_as, sipp_customer_call, wait_until

STATES = ("01-sign-in", "02-idle", "03-ringing", "04-on-call", "05-wrap-up", "06-my-day")
USERS = {"fr": "agent", "en": "agent.en"}


def capture(out: Path, language: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    spin = Spinner()
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp, desk_stack(Path(tmp), language=language) as desk:
        w = desk.window
        w.resize(1440, 860)

        def shot(name: str) -> None:
            spin.wait(400)  # let layouts settle and timers paint
            path = out / f"{name}.png"
            if not w.grab().save(str(path)):
                raise RuntimeError(f"could not save {path}")
            shots.append(path)

        wait_until(spin, w.isVisible, 5, "the window")
        shot(STATES[0])
        sign_in_as(desk, spin, USERS[language])
        for top in QApplication.topLevelWidgets():  # the pre-shift check opens on its own
            if top is not w and top.isVisible() and isinstance(top, QWidget):
                top.close()
        clock_in = w.findChild(QPushButton, "clockInButton")
        assert clock_in is not None
        clock_in.click()
        services = desk.running.desk.parts
        shift, status = desk.running.desk.shift, desk.running.desk.status
        wait_until(spin, lambda: shift.state is ShiftState.WORKING, 10, "clocked in")
        status.choose(AgentState.AVAILABLE)
        shot(STATES[1])

        sipp = sipp_customer_call(desk, Path(tmp) / "sipp", USERS[language])
        wait_until(spin, w.ringing.isVisible, 20, "the phone to ring")
        card = w.parts.customer
        wait_until(spin, lambda: card.name_label.full_text() == "Camille Martin", 5, "the card")
        shot(STATES[2])
        w.ringing.answer_button.click()
        tel = desk.running.telephony
        call = tel.current_call()
        assert call is not None
        wait_until(spin, lambda: call.state is CallState.ACTIVE, 10, "the call to connect")
        spin.wait(2200)  # the call timer shows a couple of seconds
        shot(STATES[3])

        w.calls.hangup_button.click()
        wrapup = services["wrapup"]
        wait_until(spin, lambda: wrapup.active, 10, "wrap-up")
        panel = w.parts.ticket
        panel.category_combo.setCurrentIndex(panel.category_combo.findData("complaint"))
        subject = {"fr": "Facture en double", "en": "Charged twice"}[language]
        notes = {
            "fr": "La cliente a été facturée deux fois pour mai. Remboursement demandé.",
            "en": "The customer was charged twice for May. Refund requested.",
        }[language]
        panel.subject_edit.setText(subject)
        wrapup.set_subject(subject)
        panel.notes_edit.setPlainText(notes)
        shot(STATES[4])

        panel.disposition_combo.setCurrentIndex(panel.disposition_combo.findData("resolved"))
        panel.submit_button.click()
        wait_until(spin, lambda: not wrapup.active, 10, "the wrap-up to be submitted")
        w.show_tab(3)
        spin.wait(800)
        shot(STATES[5])
        sipp.wait(20)
    return shots


def main(argv: list[str]) -> int:
    out, language = Path(argv[0]), argv[1]
    QApplication.instance() or QApplication(sys.argv[:1])
    for path in capture(out, language):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
