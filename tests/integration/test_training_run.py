"""An automated trainee plays every shipped training scenario on the real desk.

The whole app (app.build_gui) runs in this process against the reference API, Kamailio and a
real keyring; the training line is SIPp, calling the desk through Kamailio from the scenario's
number (uac_refer when the scenario expects a transfer). A scripted trainee answers, picks the
customer when several share the number, opens the expected product, fills the ticket through
the real ticket panel, transfers or hangs up, and submits the wrap-up; the debrief must say
every expectation was met. A last run does things wrong and the debrief must say so.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from homeagent.domain.agent import AgentState
from homeagent.domain.call import CallState
from homeagent.domain.shift import ShiftState
from homeagent.domain.training import (
    SUPERVISOR_EXTENSION,
    Debrief,
    Scenario,
    ScenarioCall,
    Verdict,
    parse_scenario,
)
from homeagent.services.screen_pop import PopStatus
from homeagent.services.training import Phase, TrainingService
from homeagent.ui.dispatcher import QtTimers
from tests.e2e.desk_rig import Desk, desk_stack, sign_in_as, wait_until
from tests.integration.rig import keyring_rig
from tests.integration.rig.sipp import SippProcess, scenario_path, start_sipp

pytestmark = [
    pytest.mark.timeout(120),
    pytest.mark.skipif(not keyring_rig.available(), reason="needs dbus-daemon and gnome-keyring"),
]
SCENARIOS = Path(__file__).resolve().parents[2] / "resources" / "training"
SERVICE = "agent.en"  # the demo's English agent: its profile's labels are English


class Files:
    def read_all(self) -> Sequence[tuple[str, str]]:
        return [(p.name, p.read_text("utf-8")) for p in sorted(SCENARIOS.glob("*.toml"))]


class NoVoice:
    def prompt_path(self, scenario_id: str, language: str, part: str = "caller") -> str:
        return ""


class SippLine:
    """The training line for this test: SIPp calls the desk from the scenario's number."""

    def __init__(self, desk: Desk, workdir: Path) -> None:
        self.desk = desk
        self.workdir = workdir
        self.runs: list[tuple[ScenarioCall, SippProcess]] = []

    def place_call(self, call: ScenarioCall) -> None:
        transfer = call.scenario_id == "angry_supervisor"
        name = "uac_refer" if transfer else "uac_agent_hangs_up"
        work = self.workdir / f"{len(self.runs)}-{call.scenario_id}"
        work.mkdir(parents=True)
        # SIPp 3.6's [next_url] keeps a Contact's display name, which PJSIP sends as it
        # may: address the in-dialog requests to the agent's known contact instead
        contact = f"sip:{SERVICE}@127.0.0.1:{self.desk.sip_port};ob"
        text = scenario_path(name).read_text(encoding="iso-8859-1")
        script = work / f"{name}.xml"
        script.write_text(text.replace("[next_url]", contact), encoding="iso-8859-1")
        sipp = start_sipp(
            script,
            f"127.0.0.1:{self.desk.kamailio.udp_port}",
            workdir=work,
            service=SERVICE,
            variables={"caller": call.number, "caller_name": call.display_name or "Caller"},
            timeout_s=40,
        )
        self.runs.append((call, sipp))


@dataclass
class Trainee:
    """What the trainee does in a scenario (the right things unless told otherwise)."""

    customer: str = ""  # pick this customer when several share the number
    product: str = ""
    category: str = ""
    subject: str = ""
    transfer_to: str = ""
    disposition: str = ""


RIGHT = {
    ("billing_complaint", "en"): Trainee(
        "C003", "P005", "complaint", "Charged twice", "", "resolved"
    ),
    ("product_information", "en"): Trainee(
        "C012", "P009", "information", "Repeater range", "", "info_given"
    ),
    ("delivery_problem", "fr"): Trainee(
        "C011", "P004", "complaint", "SIM not delivered", "", "escalated"
    ),
    ("angry_supervisor", "en"): Trainee(
        "C008", "P012", "complaint", "Roaming bill", SUPERVISOR_EXTENSION, "escalated"
    ),
    ("wrong_number", "en"): Trainee("", "", "", "", "", "wrong_number"),
}


@pytest.fixture
def desk(tmp_path: Path, qtbot: QtBot) -> Iterator[Desk]:
    with desk_stack(tmp_path, language="en") as stack:
        qtbot.addWidget(stack.window)
        yield stack


def make_training(desk: Desk, line: SippLine) -> TrainingService:
    parts = desk.running.desk.parts
    telephony = desk.running.telephony
    catalog = parts["catalog"]
    service = TrainingService(
        Files(),
        NoVoice(),
        line,
        desk.running.tasks,
        QtTimers(desk.window),
        calls_changed=telephony.calls_changed,
        pop_changed=parts["screen_pop"].state_changed,
        catalog_changed=catalog.state_changed,
        submitted=parts["wrapup"].submitted,
        transfers=telephony.transfers,
    )
    service.load()
    return service


def go_available(desk: Desk, qtbot: QtBot) -> None:
    parts = desk.running.desk.parts
    shift, status = parts["shift"], parts["status"]
    clock_in = desk.window.findChild(QPushButton, "clockInButton")
    wait_until(qtbot, clock_in.isEnabled, 5, "the clock-in button")
    clock_in.click()
    wait_until(qtbot, lambda: shift.state is ShiftState.WORKING, 10, "clocked in")
    status.choose(AgentState.AVAILABLE)
    wait_until(qtbot, lambda: desk.running.telephony.accepting_calls, 5, "Available")


def play(
    desk: Desk, qtbot: QtBot, service: TrainingService, run: tuple[Scenario, str], t: Trainee
) -> Debrief:
    scenario, lang = run
    w, parts, tel = desk.window, desk.running.desk.parts, desk.running.telephony
    pop, wrapup = parts["screen_pop"], parts["wrapup"]
    assert service.start(scenario.id, lang)
    wait_until(qtbot, lambda: service.state.phase is Phase.IN_CALL, 20, f"{scenario.id} to ring")
    call_id = service.state.call_id
    wait_until(qtbot, w.ringing.isVisible, 5, "the ringing panel")
    w.ringing.answer_button.click()
    wait_until(qtbot, lambda: tel.calls[call_id].state is CallState.ACTIVE, 10, "connected")
    if t.customer:
        if pop.state.status is not PopStatus.FOUND:
            wait_until(qtbot, lambda: pop.state.status is PopStatus.SEVERAL, 10, "matches")
            pop.choose(t.customer)
        wait_until(qtbot, lambda: pop.state.card is not None, 10, "the card")
        assert pop.state.customer.id == t.customer
    else:
        wait_until(qtbot, lambda: pop.state.status is PopStatus.NONE, 10, "nobody found")
        pop.continue_unknown()
    if t.product:
        w.parts.products.open_product(t.product)
        catalog = parts["catalog"]

        def shown() -> bool:
            detail = catalog.state.detail
            return detail is not None and detail.id == t.product

        wait_until(qtbot, shown, 10, "the product")
    if t.transfer_to:
        tel.blind_transfer(call_id, t.transfer_to)
    else:
        w.calls.hangup_button.click()
    wait_until(qtbot, lambda: call_id not in tel.calls, 15, "the call to end")
    wait_until(qtbot, lambda: wrapup.active, 5, "wrap-up")
    panel = w.parts.ticket
    if t.category:
        panel.category_combo.setCurrentIndex(panel.category_combo.findData(t.category))
        qtbot.keyClicks(panel.subject_edit, t.subject)
    panel.disposition_combo.setCurrentIndex(panel.disposition_combo.findData(t.disposition))
    assert wrapup.problems() == (), wrapup.problems()
    panel.submit_button.click()
    wait_until(qtbot, lambda: service.state.phase is Phase.DONE, 10, "the debrief")
    debrief = service.state.debrief
    assert debrief is not None
    return debrief


def scenario(name: str) -> Scenario:
    path = SCENARIOS / f"{name}.toml"
    return parse_scenario(path.read_text("utf-8"), path.name)


def test_an_automated_trainee_plays_every_scenario(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    sign_in_as(desk, qtbot, SERVICE)
    go_available(desk, qtbot)
    line = SippLine(desk, tmp_path / "line")
    service = make_training(desk, line)
    wait_until(qtbot, lambda: bool(service.state.scenarios), 5, "the scenarios")
    shipped = {s.id for s in service.state.scenarios}
    assert shipped == {sid for sid, _lang in RIGHT}, "every shipped scenario has a run here"

    for (sid, lang), trainee in RIGHT.items():
        debrief = play(desk, qtbot, service, (scenario(sid), lang), trainee)
        missed = [i for i in debrief.items if i.verdict is not Verdict.MET]
        assert debrief.passed and debrief.finished and missed == [], (sid, debrief)
        _call, sipp = line.runs[-1]
        result = sipp.wait(20)
        assert result.ok, result.describe()
        if trainee.transfer_to:
            refer = [e for e in result.events() if e["event"] == "refer"]
            assert refer[0]["refer_to"].strip("<>").startswith(f"sip:{trainee.transfer_to}@")
        service.cancel()

    # the same complaint done wrong: another product, the wrong category, no customer card
    wrong = Trainee("C003", "P007", "request", "Double charge", "", "info_given")
    debrief = play(desk, qtbot, service, (scenario("billing_complaint"), "en"), wrong)
    verdicts = {(i.code, i.verdict): i.actual for i in debrief.items}
    assert not debrief.passed
    assert verdicts[("product", Verdict.MISSED)] == "P007"
    assert verdicts[("ticket_category", Verdict.MISSED)] == "request"
    assert verdicts[("disposition", Verdict.MISSED)] == "info_given"
    assert verdicts[("product", Verdict.EXTRA)] == "P007"
    assert ("customer", Verdict.MET) in verdicts and ("wrap_up", Verdict.MET) in verdicts
    assert line.runs[-1][1].wait(20).ok
    service.close()
