"""The Training dialog: scenarios listed in the interface language, Start places the call
through the line port, the brief and the caller's words during the call, and the debrief
(✓/✗ per expectation) once the wrap-up is submitted. A real TelephonyService is fed events."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from homeagent.domain.call import CallState
from homeagent.domain.customer import CustomerSummary, ProductDetail
from homeagent.domain.training import ScenarioCall
from homeagent.services.catalog import CatalogState
from homeagent.services.observable import Topic
from homeagent.services.screen_pop import PopState, PopStatus
from homeagent.services.training import Phase, TrainingService
from homeagent.services.wrapup import Submitted
from homeagent.ui.training_panel import TrainingPanel
from homeagent.ui.training_vm import TrainingViewModel
from tests.ui.conftest import InlineTasks, Phone

SCENARIOS = Path(__file__).resolve().parents[2] / "resources" / "training"
LEFT = Qt.MouseButton.LeftButton
Make = Callable[..., "Rig"]
LABELS = {"complaint": "Complaint", "resolved": "Resolved", "callback": "Callback planned"}


class Files:
    def __init__(self, extra: Sequence[tuple[str, str]] = ()) -> None:
        self.extra = list(extra)

    def read_all(self) -> Sequence[tuple[str, str]]:
        shipped = [(p.name, p.read_text("utf-8")) for p in sorted(SCENARIOS.glob("*.toml"))]
        return shipped + self.extra


class Voice:
    def prompt_path(self, scenario_id: str, language: str, part: str = "caller") -> str:
        return ""  # no voice files: silence


class Line:
    def __init__(self) -> None:
        self.placed: list[ScenarioCall] = []

    def place_call(self, call: ScenarioCall) -> None:
        self.placed.append(call)


class Rig:
    def __init__(self, phone: Phone, language: str, files: Files) -> None:
        self.phone = phone
        self.pop: Topic[PopState] = Topic()
        self.catalog: Topic[CatalogState] = Topic()
        self.submitted: Topic[Submitted] = Topic()
        self.line = Line()
        self.service = TrainingService(
            files,
            Voice(),
            self.line,
            InlineTasks(),
            phone.timers,
            calls_changed=phone.telephony.calls_changed,
            pop_changed=self.pop,
            catalog_changed=self.catalog,
            submitted=self.submitted,
        )
        self.vm = TrainingViewModel(self.service, language, lambda code: LABELS.get(code, ""))
        self.panel = TrainingPanel(self.vm)


@pytest.fixture
def make(phone: Phone, qtbot: QtBot) -> Iterator[Make]:
    made: list[Rig] = []

    def build(language: str = "en", files: Files | None = None) -> Rig:
        phone.registered()
        rig = Rig(phone, language, files or Files())
        qtbot.addWidget(rig.panel)
        rig.panel.show()
        made.append(rig)
        return rig

    yield build
    for rig in made:
        rig.vm.close()
        rig.service.close()


def texts(rig: Rig) -> list[str]:
    lst = rig.panel.debrief_list
    return [lst.item(i).text() for i in range(lst.count())]


def titles(rig: Rig) -> list[str]:
    lst = rig.panel.scenario_list
    return [lst.item(i).text() for i in range(lst.count())]


def choose(rig: Rig, title: str) -> None:
    rig.panel.scenario_list.setCurrentRow(titles(rig).index(title))


def test_a_whole_run_from_the_list_to_the_debrief(make: Make, qtbot: QtBot) -> None:
    rig = make("en")
    p, phone = rig.panel, rig.phone
    assert "Complaint: charged twice" in titles(rig) and "Wrong number" in titles(rig)
    choose(rig, "Complaint: charged twice")
    assert p.brief_label.text().startswith("A customer calls: their mobile plan")
    assert "1. Answer within 20 seconds." in p.steps_label.text()
    assert p.caller_label.isHidden() and p.debrief_list.isHidden()
    assert not p.finish_button.isEnabled()

    qtbot.mouseClick(p.start_button, LEFT)
    (placed,) = rig.line.placed
    assert (placed.scenario_id, placed.number, placed.prompt) == (
        "billing_complaint",
        "+442079460123",
        "",
    )
    assert "on its way" in p.status_label.text()
    assert not p.start_button.isEnabled() and p.finish_button.isEnabled()
    assert not p.scenario_list.isEnabled()

    phone.incoming("c1", "+442079460123", "Olivia Smith")
    phone.timers.t += 4
    phone.telephony.answer("c1")
    phone.state("c1", CallState.ACTIVE)
    who = CustomerSummary("C003", "Olivia Smith")
    rig.pop.emit(PopState(PopStatus.FOUND, "c1", "+442079460123", customer=who))
    rig.catalog.emit(
        CatalogState(product_id="P005", detail=ProductDetail("P005", "Mobile Plan Unlimited"))
    )
    assert p.caller_label.text().startswith("The caller says: Hello, this is Olivia Smith.")
    phone.state("c1", CallState.ENDED)
    assert "fill in the wrap-up" in p.status_label.text()
    rig.submitted.emit(Submitted("c1", "callback", ("complaint",), ("t1",), "C003"))

    assert rig.service.state.phase is Phase.DONE
    assert texts(rig) == [
        "✓ Answer within 20 s — you answered after 4.0 s",
        "✓ Work on the card of Olivia Smith (C003) — done",
        "✓ Open the product Mobile Plan Unlimited (P005) — done",
        "✓ Fill in a ticket: Complaint — done",
        "✓ Disposition: Resolved or Callback planned — done",
        "✓ Submit the wrap-up — done",
    ]
    assert p.status_label.text() == "Well done! 6 of 6 expectations met."
    assert p.back_button.isEnabled() and p.start_button.isEnabled()
    qtbot.mouseClick(p.back_button, LEFT)
    assert rig.service.state.phase is Phase.IDLE and p.debrief_list.isHidden()


def test_mistakes_read_as_what_was_done(make: Make) -> None:
    rig = make("en")
    p, phone = rig.panel, rig.phone
    choose(rig, "Wrong number")
    p.start_button.click()
    phone.incoming("c1", "+447700900777")
    phone.timers.t += 30
    phone.telephony.answer("c1")
    phone.state("c1", CallState.ACTIVE)
    phone.state("c1", CallState.ENDED)
    rig.submitted.emit(Submitted("c1", "resolved", ("complaint",), ("t1",), ""))
    assert texts(rig) == [
        "✗ Answer within 20 s — you answered after 30.0 s",
        "✗ Do not create a ticket — you created a ticket: Complaint",
        "✗ Disposition: wrong_number — you chose Resolved",
        "✓ Submit the wrap-up — done",
    ]
    assert p.status_label.text() == "1 of 4 expectations met."


def test_french_interface_lists_french_titles_and_finish_now_debriefs(make: Make) -> None:
    rig = make("fr")
    p, phone = rig.panel, rig.phone
    assert "Faux numéro" in titles(rig)
    choose(rig, "Client mécontent qui exige un responsable")
    assert "poste 9000" in p.brief_label.text()
    p.start_button.click()
    assert rig.line.placed[0].language == "fr"
    phone.incoming("c1", "+33611223344")
    p.finish_button.click()
    lines = texts(rig)
    assert lines[0] == "✗ Answer within 20 s — you did not answer"
    assert "✗ Transfer the call to 9000 — the call was not transferred there" in lines
    assert "before the wrap-up was submitted" in p.status_label.text()


def test_a_call_that_never_arrives_says_so(make: Make) -> None:
    rig = make("en")
    rig.panel.start_button.click()
    timers = rig.phone.timers
    (due, fire) = timers.pending[-1]
    timers.t = due
    timers.pending.remove((due, fire))
    fire()
    assert "did not arrive" in rig.panel.status_label.text()
    assert rig.panel.back_button.isEnabled() and not rig.panel.finish_button.isEnabled()


def test_bad_files_are_listed_as_plain_text_and_the_good_ones_still_load(make: Make) -> None:
    hostile = "<b>x</b><img src=x onerror=alert(1)>.toml"
    rig = make("en", Files([(hostile, "id = ")]))
    label = rig.panel.errors_label
    assert label.isVisible() and hostile in label.text()
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert len(titles(rig)) == 5
    for child in rig.panel.findChildren(QLabel):
        assert child.textFormat() is Qt.TextFormat.PlainText, child.objectName()
    for name in ("trainingStartButton", "trainingFinishButton", "trainingBackButton"):
        button = rig.panel.findChild(QPushButton, name)
        assert button is not None and button.accessibleName(), name
