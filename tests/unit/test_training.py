"""Training scenarios: every shipped file parses in French and English and fits the sample
data; bad files name the file and key; the debrief compares what was done with what was
expected; the training service watches a real TelephonyService fed engine events."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from homeagent.demo.server import sample_data
from homeagent.domain import sip_messages as m
from homeagent.domain.call import CallState
from homeagent.domain.customer import CustomerSummary
from homeagent.domain.dialplan import DialPlan
from homeagent.domain.sip_account import SipAccount
from homeagent.domain.training import (
    LANGUAGES,
    SUPERVISOR_EXTENSION,
    Answered,
    CustomerShown,
    ProductOpened,
    Rang,
    Scenario,
    ScenarioCall,
    ScenarioError,
    Transferred,
    Verdict,
    WrapUpSubmitted,
    evaluate,
    parse_scenario,
    scenario_call,
    speech_parts,
    voice_file_name,
)
from homeagent.services.catalog import CatalogState
from homeagent.services.observable import Topic
from homeagent.services.screen_pop import PopState, PopStatus
from homeagent.services.telephony import ACCOUNT_ID, TelephonyService
from homeagent.services.training import (
    Phase,
    TrainingService,
    TransferRequest,
    load_scenarios,
)
from homeagent.services.wrapup import Submitted
from tests.unit.fakes import FakeTimers, RecordingEngine
from tests.unit.fakes import InlineTasks as Tasks

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "resources" / "training"
SHIPPED = sorted(SCENARIO_DIR.glob("*.toml"))

MINIMAL = """
id = "mini"
[call]
number = "+33612345678"
[expect]
answer_within_s = 10
customer = "C001"
product = ["P001", "P004"]
ticket_category = "complaint"
disposition = ["resolved", "callback"]
wrap_up = true
[fr]
title = "Titre"
brief = "Consigne"
caller = "Bonjour"
[fr.dtmf]
"1" = "Vous avez tapé un"
[en]
title = "Title"
brief = "Brief"
caller = "Hello"
supervisor = "Supervisor here"
[en.call]
number = "+442079460123"
[en.expect]
customer = "C003"
"""


def shipped(name: str) -> Scenario:
    path = SCENARIO_DIR / f"{name}.toml"
    return parse_scenario(path.read_text(encoding="utf-8"), path.name)


# ---- the shipped files ------------------------------------------------------------------------


def test_at_least_the_five_required_scenarios_ship() -> None:
    ids = {parse_scenario(p.read_text("utf-8"), p.name).id for p in SHIPPED}
    assert ids >= {
        "billing_complaint",
        "product_information",
        "delivery_problem",
        "angry_supervisor",
        "wrong_number",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_scenario_parses_in_both_languages_and_fits_the_sample_data(
    path: Path,
) -> None:
    scenario = parse_scenario(path.read_text(encoding="utf-8"), path.name)
    assert scenario.id == path.stem
    data = sample_data.load()
    customers = {c["id"]: c for c in data.customers}
    products = {p["id"] for p in data.products}
    phones = {phone for c in data.customers for phone in c["phones"]}
    assert set(scenario.versions) == set(LANGUAGES)
    for lang in LANGUAGES:
        v = scenario.versions[lang]
        assert v.language == lang and v.title and v.brief and v.caller and v.steps
        assert v.expects("wrap_up") is not None
        customer = v.expects("customer")
        if customer is None:  # nobody's number: the pop must find no one
            assert v.number not in phones
        else:
            assert v.number in customers[customer.value]["phones"]
        product = v.expects("product")
        if product is not None:
            assert set(product.values) <= products
            assert customer is not None
            owned = {p["product_id"] for p in customers[customer.value]["products"]}
            assert set(product.values) & owned  # the card offers it
        transfer = v.expects("transfer_to")
        if transfer is not None:
            assert transfer.value == SUPERVISOR_EXTENSION and v.supervisor
        dispositions = v.expects("disposition")
        assert dispositions is not None
        assert set(dispositions.values) <= set(sample_data.DISPOSITIONS)


def test_the_two_languages_of_a_file_differ_where_they_must() -> None:
    billing = shipped("billing_complaint")
    fr, en = billing.versions["fr"], billing.versions["en"]
    assert fr.title != en.title and "«\u00a0" in fr.steps[2]
    assert (fr.number, en.number) == ("+33612345678", "+442079460123")
    assert fr.expects("customer").value == "C001"  # type: ignore[union-attr]
    assert en.expects("customer").value == "C003"  # type: ignore[union-attr]
    assert fr.expects("ticket_category") == en.expects("ticket_category")  # shared


def test_a_scenario_call_for_the_line() -> None:
    scenario = parse_scenario(MINIMAL, "mini.toml")
    parts = speech_parts(scenario.versions["fr"])
    assert parts == {"caller": "Bonjour", "dtmf-1": "Vous avez tapé un"}
    assert set(speech_parts(scenario.versions["en"])) == {"caller", "supervisor"}
    call = scenario_call("mini", scenario.versions["en"], lambda part: f"/v/{part}.wav")
    assert call == ScenarioCall(
        "mini",
        "+442079460123",
        "",
        "/v/caller.wav",
        "en",
        {},
        120.0,
        "/v/supervisor.wav",
    )
    fr = scenario_call("mini", scenario.versions["fr"], lambda part: "")
    assert fr.dtmf_replies == {"1": ""} and fr.supervisor_prompt == ""
    assert voice_file_name("mini", "fr") == "mini.fr.caller.wav"


# ---- bad files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (lambda t: t.replace('id = "mini"', 'id = "Mini Scenario"'), "id", "lower-case"),
        (lambda t: t.replace('id = "mini"\n', ""), "id", "missing"),
        (lambda t: t.replace("[call]", "[call]\nnumbre = 1"), "call.numbre", "unknown key"),
        (lambda t: t.replace('number = "+33612345678"', 'number = "0612"'), "call.number", "E.164"),
        (lambda t: t.replace("answer_within_s = 10", 'answer_within_s = "ten"'),
         "expect.answer_within_s", "seconds"),
        (lambda t: t.replace('"complaint"', '"complain"'), "expect.ticket_category", "category"),
        (lambda t: t.replace('disposition = ["resolved", "callback"]', "disposition = []"),
         "expect.disposition", "list of strings"),
        (lambda t: t.replace("wrap_up = true", "wrap_up = 1"), "expect.wrap_up", "true"),
        (lambda t: t.replace('customer = "C003"', "customer = 3"), "en.expect.customer", "string"),
        (lambda t: t.replace('"1" = "Vous', '"12" = "Vous'), "fr.dtmf.12", "DTMF"),
        (lambda t: t.replace('brief = "Brief"\n', ""), "en.brief", "missing"),
        (lambda t: t.replace('title = "Titre"', 'title = ""'), "fr.title", "empty"),
        (lambda t: t.split("[en]")[0], "en", "missing table"),
        (lambda t: t.replace("[en.expect]", "[en.expect]\nno_ticket = true"), "en.expect",
         "contradict"),
    ],
)  # fmt: skip
def test_a_bad_file_names_the_file_and_the_key(
    change: Callable[[str], str], key: str, words: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(change(MINIMAL), "resources/training/mini.toml")
    err = caught.value
    assert (err.source, err.key) == ("resources/training/mini.toml", key)
    assert words in err.problem
    assert str(err).startswith(f"resources/training/mini.toml: {key}: ")


def test_not_toml_at_all() -> None:
    with pytest.raises(ScenarioError, match=r"^x\.toml: not valid TOML"):
        parse_scenario("id = ", "x.toml")


class Files:
    def __init__(self, files: Sequence[tuple[str, str]]) -> None:
        self.files = list(files)

    def read_all(self) -> Sequence[tuple[str, str]]:
        return self.files


def test_loading_keeps_the_good_files_and_reports_the_bad_ones() -> None:
    files = Files(
        [
            ("mini.toml", MINIMAL),
            ("broken.toml", "id = "),
            ("again.toml", MINIMAL),
            ("wrong.toml", (SCENARIO_DIR / "wrong_number.toml").read_text("utf-8")),
        ]
    )
    scenarios, errors = load_scenarios(files)
    assert [s.id for s in scenarios] == ["mini", "wrong_number"]
    assert errors[0].startswith("broken.toml: not valid TOML")
    assert errors[1] == "again.toml: id: 'mini' is already used by another file"


# ---- evaluate ---------------------------------------------------------------------------------


def right_way(customer: str = "C001") -> list[Any]:
    return [
        Rang("c1", 10.0),
        Answered(14.0),
        CustomerShown(customer, 14.5),
        ProductOpened("P003", 20.0),
        ProductOpened("P004", 21.0),
        WrapUpSubmitted("callback", ("complaint",), ("t1",), customer, 60.0),
    ]


def verdicts(debrief: Any) -> dict[str, tuple[Verdict, str]]:
    return {i.code: (i.verdict, i.actual) for i in debrief.items}


def test_everything_done_right_meets_every_expectation() -> None:
    scenario = parse_scenario(MINIMAL, "mini.toml")
    debrief = evaluate(scenario, right_way(), "fr")
    assert verdicts(debrief) == {
        "answer_within_s": (Verdict.MET, "4.0"),
        "customer": (Verdict.MET, "C001"),
        "product": (Verdict.EXTRA, "P003"),  # the expected one is met, listed first
        "ticket_category": (Verdict.MET, "complaint"),
        "disposition": (Verdict.MET, "callback"),
        "wrap_up": (Verdict.MET, ""),
    }
    product_items = [i for i in debrief.items if i.code == "product"]
    assert [i.verdict for i in product_items] == [Verdict.MET, Verdict.EXTRA]
    assert debrief.passed and debrief.finished
    assert (debrief.met, debrief.expected) == (6, 6)


def test_each_mistake_is_missed_with_what_was_done() -> None:
    scenario = parse_scenario(MINIMAL, "mini.toml")
    done = [
        Rang("c1", 10.0),
        Answered(25.0),  # 15 s: too slow
        CustomerShown("C001", 25.0),
        ProductOpened("P009", 30.0),
        Transferred("201", 40.0),
        WrapUpSubmitted("resolved", ("request",), ("t1",), "C002", 60.0),  # filed on another
    ]
    debrief = evaluate(scenario, done, "fr")
    items = {(i.code, i.verdict): i.actual for i in debrief.items}
    assert items == {
        ("answer_within_s", Verdict.MISSED): "15.0",
        ("customer", Verdict.MISSED): "C002",
        ("product", Verdict.MISSED): "P009",
        ("ticket_category", Verdict.MISSED): "request",
        ("disposition", Verdict.MET): "resolved",
        ("wrap_up", Verdict.MET): "",
        ("transfer", Verdict.EXTRA): "201",
        ("product", Verdict.EXTRA): "P009",
    }
    assert not debrief.passed and debrief.met == 2


def test_an_unanswered_call_misses_everything() -> None:
    debrief = evaluate(parse_scenario(MINIMAL, "mini.toml"), [Rang("c1", 1.0)], "en")
    assert debrief.language == "en" and not debrief.finished
    assert all(i.verdict is Verdict.MISSED for i in debrief.items)
    assert len(debrief.items) == 6


def test_the_english_version_is_judged_by_its_own_expectations() -> None:
    scenario = parse_scenario(MINIMAL, "mini.toml")
    assert verdicts(evaluate(scenario, right_way("C003"), "en"))["customer"][0] is Verdict.MET
    assert verdicts(evaluate(scenario, right_way("C001"), "en"))["customer"] == (
        Verdict.MISSED,
        "C001",
    )


def test_a_wrong_number_must_not_get_a_ticket() -> None:
    scenario = shipped("wrong_number")
    good = [Rang("c", 0.0), Answered(3.0), WrapUpSubmitted("wrong_number", (), (), "", 9.0)]
    assert evaluate(scenario, good, "fr").passed
    bad = [*good[:2], WrapUpSubmitted("resolved", ("other",), ("t9",), "", 9.0)]
    assert verdicts(evaluate(scenario, bad, "fr")) == {
        "answer_within_s": (Verdict.MET, "3.0"),
        "no_ticket": (Verdict.MISSED, "other"),
        "disposition": (Verdict.MISSED, "resolved"),
        "wrap_up": (Verdict.MET, ""),
    }


def test_the_supervisor_transfer_must_reach_the_supervisor() -> None:
    scenario = shipped("angry_supervisor")
    base = [
        Rang("c", 0.0),
        Answered(2.0),
        CustomerShown("C004"),
        ProductOpened("P001"),
    ]
    wrap = WrapUpSubmitted("escalated", ("complaint",), ("t",), "C004")
    assert evaluate(scenario, [*base, Transferred("9000"), wrap], "fr").passed
    wrong = verdicts(evaluate(scenario, [*base, Transferred("9001"), wrap], "fr"))
    assert wrong["transfer_to"] == (Verdict.MISSED, "9001")
    none = verdicts(evaluate(scenario, [*base, wrap], "fr"))
    assert none["transfer_to"] == (Verdict.MISSED, "")


# ---- the service, against a real TelephonyService fed engine events -----------------------


class Voice:
    def prompt_path(self, scenario_id: str, language: str, part: str = "caller") -> str:
        return f"/voice/{voice_file_name(scenario_id, language, part)}"


class Line:
    def __init__(self) -> None:
        self.placed: list[ScenarioCall] = []
        self.fail = False

    def place_call(self, call: ScenarioCall) -> None:
        if self.fail:
            raise OSError("line down")
        self.placed.append(call)


class Rig:
    def __init__(self) -> None:
        self.timers = FakeTimers()
        self.engine = RecordingEngine()
        self.telephony = TelephonyService(self.engine, self.timers, DialPlan(country="FR"))
        self.telephony.on_engine_event(m.EngineReady("2.15", 1, True, True, ("PCMA/8000",)))
        self.telephony.sign_in(SipAccount("agent", "127.0.0.1", "pw"))
        self.pop: Topic[PopState] = Topic()
        self.catalog: Topic[CatalogState] = Topic()
        self.submitted: Topic[Submitted] = Topic()
        self.transfers: Topic[TransferRequest] = Topic()
        self.line = Line()
        self.service = TrainingService(
            Files([(p.name, p.read_text("utf-8")) for p in SHIPPED]),
            Voice(),
            self.line,
            Tasks(),
            self.timers,
            calls_changed=self.telephony.calls_changed,
            pop_changed=self.pop,
            catalog_changed=self.catalog,
            submitted=self.submitted,
            transfers=self.transfers,
        )
        self.debriefs: list[Any] = []
        self.service.debrief.connect(self.debriefs.append)
        self.service.load()

    def ring(self, call_id: str, number: str) -> None:
        self.telephony.on_engine_event(
            m.IncomingCall(call_id, ACCOUNT_ID, f"sip:{number}@127.0.0.1", number, "")
        )

    def state(self, call_id: str, state: CallState, reason: str = "") -> None:
        self.telephony.on_engine_event(m.CallStateChanged(call_id, state, 200, reason))

    def popped(self, call_id: str, customer_id: str) -> None:
        who = CustomerSummary(customer_id, "X", "", "", "", False, "", "fr")
        self.pop.emit(PopState(PopStatus.FOUND, call_id, "", customer=who))


def test_a_whole_run_with_a_transfer_ends_in_a_debrief() -> None:
    rig = Rig()
    svc = rig.service
    assert len(svc.state.scenarios) == len(SHIPPED) and svc.state.load_errors == ()
    assert svc.start("angry_supervisor", "en")
    (placed,) = rig.line.placed
    assert placed.number == "+353861234567" and placed.language == "en"
    assert placed.prompt == "/voice/angry_supervisor.en.caller.wav"
    assert placed.supervisor_prompt == "/voice/angry_supervisor.en.supervisor.wav"
    assert svc.state.phase is Phase.WAITING
    assert not svc.start("wrong_number", "en")  # one run at a time

    rig.ring("other", "+33612345678")  # somebody else: not the scenario's call
    rig.popped("other", "C001")
    assert svc.state.phase is Phase.WAITING
    rig.ring("c1", "+353861234567")
    assert (svc.state.phase, svc.state.call_id) == (Phase.IN_CALL, "c1")
    rig.timers.advance(3)
    rig.telephony.answer("c1")
    rig.state("c1", CallState.ACTIVE)
    rig.popped("c1", "C008")
    rig.catalog.emit(CatalogState(product_id="P012"))
    rig.catalog.emit(CatalogState(product_id="P012", query="x"))  # same product: once
    rig.telephony.blind_transfer("c1", SUPERVISOR_EXTENSION)
    assert rig.engine.of(m.BlindTransfer)
    rig.transfers.emit(TransferRequest("c1", SUPERVISOR_EXTENSION))
    rig.state("c1", CallState.ENDED, "transferred")
    assert svc.state.phase is Phase.WRAP_UP and rig.debriefs == []
    rig.submitted.emit(Submitted("other", "resolved", (), ()))  # another call's wrap-up
    rig.submitted.emit(Submitted("c1", "escalated", ("complaint",), ("t1",), "C008"))
    assert svc.state.phase is Phase.DONE
    (debrief,) = rig.debriefs
    assert debrief.passed and debrief.met == 7, debrief
    assert [o for o in svc.observations if isinstance(o, ProductOpened)] == [
        ProductOpened("P012", rig.timers.t)
    ]


def test_a_consultation_call_tells_the_transfer_target_without_the_hook() -> None:
    rig = Rig()
    rig.service.start("angry_supervisor", "fr")
    rig.ring("c1", "+33611223344")
    rig.telephony.answer("c1")
    rig.state("c1", CallState.ACTIVE)
    consult = rig.telephony.dial("9000")
    assert consult is not None
    rig.state("c1", CallState.ENDED, "transferred")
    assert Transferred("9000", rig.timers.t) in rig.service.observations


def test_an_unanswered_call_is_debriefed_at_once() -> None:
    rig = Rig()
    rig.service.start("wrong_number", "fr")
    rig.ring("c1", "+33698765432")
    rig.timers.advance(30)
    rig.telephony.on_engine_event(m.CallStateChanged("c1", CallState.ENDED, 487))
    (debrief,) = rig.debriefs
    assert not debrief.passed and not debrief.finished
    assert rig.service.state.phase is Phase.DONE


def test_a_call_that_never_rings_fails_the_run() -> None:
    rig = Rig()
    rig.service.start("billing_complaint", "fr")
    rig.timers.advance(31)
    assert (rig.service.state.phase, rig.service.state.error) == (
        Phase.FAILED,
        "call_not_received",
    )
    rig.ring("late", "+33612345678")  # too late: not adopted
    assert rig.service.state.call_id == ""
    rig.service.cancel()
    assert rig.service.state.phase is Phase.IDLE


def test_a_line_that_refuses_fails_the_run_and_finish_debriefs_early() -> None:
    rig = Rig()
    rig.line.fail = True
    rig.service.start("billing_complaint", "fr")
    assert (rig.service.state.phase, rig.service.state.error) == (Phase.FAILED, "line_failed")
    rig.line.fail = False
    assert rig.service.start("billing_complaint", "fr")
    rig.ring("c1", "+33612345678")
    rig.telephony.answer("c1")
    rig.state("c1", CallState.ACTIVE)
    rig.popped("c1", "C001")
    rig.service.finish()
    (debrief,) = rig.debriefs
    assert not debrief.finished
    assert {i.code for i in debrief.items if i.verdict is Verdict.MET} == {
        "answer_within_s",
        "customer",
    }


def test_the_pop_that_came_before_the_call_was_adopted_counts() -> None:
    """The screen pop hears of a call before the training service does."""
    rig = Rig()
    rig.service.start("billing_complaint", "fr")
    rig.telephony.calls_changed.disconnect(rig.service._on_call_changed)
    rig.telephony.calls_changed.connect(lambda call: rig.popped(call.call_id, "C001"))
    rig.telephony.calls_changed.connect(rig.service._on_call_changed)
    rig.ring("c1", "+33612345678")
    assert CustomerShown("C001", rig.timers.t) in rig.service.observations


def test_close_stops_listening() -> None:
    rig = Rig()
    rig.service.start("billing_complaint", "fr")
    rig.service.close()
    rig.ring("c1", "+33612345678")
    assert rig.service.state.phase is Phase.WAITING and rig.timers.pending == []
