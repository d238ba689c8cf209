"""Training view-model: the scenario list in the interface language, the brief before and
during the call, and the debrief as plain sentences (✓ met, ✗ missed, + done besides).

GUI thread; the training service gives codes and ids, this turns them into words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from homeagent.domain.training import Debrief, DebriefItem, ScenarioVersion, Verdict
from homeagent.services.training import Phase, TrainingService, TrainingState

MARKS = {Verdict.MET: "✓", Verdict.MISSED: "✗", Verdict.EXTRA: "+"}


@dataclass(frozen=True)
class ScenarioRow:
    scenario_id: str
    title: str


@dataclass(frozen=True)
class DebriefLine:
    verdict: Verdict
    text: str  # starts with the verdict's mark


class TrainingViewModel(QObject):
    changed = Signal()

    def __init__(
        self,
        service: TrainingService,
        language: str,
        label: Callable[[str], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """`language`: the interface language ("fr"/"en"); `label(code)`: the profile's
        label of a disposition or ticket category code ("" when unknown)."""
        super().__init__(parent)
        self._service = service
        self.language = language
        self._label = label or (lambda _code: "")
        self.selected = ""
        service.state_changed.connect(self._on_service_state_changed)

    def close(self) -> None:
        self._service.state_changed.disconnect(self._on_service_state_changed)

    @property
    def state(self) -> TrainingState:
        return self._service.state

    # ---- intents ---------------------------------------------------------------------------

    def load(self) -> None:
        if not self.state.scenarios and not self.state.loading:
            self._service.load()

    def select(self, scenario_id: str) -> None:
        if not self.state.running and scenario_id != self.selected:
            self.selected = scenario_id
            if self.state.phase in (Phase.DONE, Phase.FAILED):
                self._service.cancel()  # a new choice leaves the last debrief behind
            self.changed.emit()

    def start(self) -> None:
        if self.can_start():
            self._service.start(self.selected, self.language)

    def finish(self) -> None:
        self._service.finish()

    def back(self) -> None:
        self._service.cancel()

    # ---- what to show ----------------------------------------------------------------------

    def rows(self) -> list[ScenarioRow]:
        return [ScenarioRow(s.id, s.version(self.language).title) for s in self.state.scenarios]

    def shown_id(self) -> str:
        st = self.state
        return st.scenario_id if st.phase is not Phase.IDLE and st.scenario_id else self.selected

    def version(self) -> ScenarioVersion | None:
        scenario = self._service.scenario(self.shown_id())
        if scenario is None:
            return None
        language = self.state.language if self.state.phase is not Phase.IDLE else self.language
        return scenario.version(language)

    def can_start(self) -> bool:
        st = self.state
        return bool(self.selected) and not st.running and not st.loading

    def can_finish(self) -> bool:
        return self.state.phase in (Phase.WAITING, Phase.IN_CALL, Phase.WRAP_UP)

    def can_go_back(self) -> bool:
        return self.state.phase is not Phase.IDLE

    def title_text(self) -> str:
        version = self.version()
        return version.title if version is not None else self.tr("Training")

    def brief_text(self) -> str:
        version = self.version()
        if version is None:
            return self.tr("Choose a scenario in the list.")
        return version.brief

    def steps_text(self) -> str:
        version = self.version()
        if version is None or not version.steps:
            return ""
        lines = [self.tr("What to do:")]
        lines += [f"{n}. {step}" for n, step in enumerate(version.steps, 1)]
        return "\n".join(lines)

    def caller_text(self) -> str:
        """What the caller says, during and after the call (for a desk with no sound)."""
        version = self.version()
        if version is None or self.state.phase not in (
            Phase.IN_CALL,
            Phase.WRAP_UP,
            Phase.DONE,
        ):
            return ""
        return self.tr("The caller says: {words}").format(words=version.caller)

    def status_text(self) -> str:
        st = self.state
        if st.loading:
            return self.tr("Loading the scenarios…")
        texts = {
            Phase.IDLE: self.tr("Set your status to Available, choose a scenario and press Start."),
            Phase.PLACING: self.tr("Preparing the call…"),
            Phase.WAITING: self.tr("The training call is on its way: answer it when it rings."),
            Phase.IN_CALL: self.tr("Training call in progress."),
            Phase.WRAP_UP: self.tr(
                "The call is over: fill in the wrap-up and submit it to see your debrief."
            ),
        }
        if st.phase in texts:
            return texts[st.phase]
        if st.phase is Phase.FAILED:
            if st.error == "call_not_received":
                return self.tr(
                    "The training call did not arrive. Check that you are Available, "
                    "then try again."
                )
            return self.tr("The training line could not place the call. Try again.")
        debrief = st.debrief
        if debrief is None:
            return ""
        summary = self.tr("{met} of {total} expectations met.").format(
            met=debrief.met, total=debrief.expected
        )
        if not debrief.finished:
            summary += " " + self.tr("The run ended before the wrap-up was submitted.")
        elif debrief.passed:
            summary = self.tr("Well done!") + " " + summary
        return summary

    def load_errors_text(self) -> str:
        errors = self.state.load_errors
        if not errors:
            return ""
        head = self.tr("Some scenario files could not be used:")
        return "\n".join([head, *errors])

    def debrief_lines(self) -> list[DebriefLine]:
        debrief: Debrief | None = self.state.debrief
        if debrief is None:
            return []
        return [
            DebriefLine(i.verdict, f"{MARKS[i.verdict]} {self.item_text(i)}") for i in debrief.items
        ]

    # ---- sentences -----------------------------------------------------------------------

    def item_text(self, item: DebriefItem) -> str:
        if item.verdict is Verdict.EXTRA:
            return self._extra_text(item)
        expected = self._expected_text(item)
        return self.tr("{expected} — {done}").format(expected=expected, done=self._done_text(item))

    def _name(self, ident: str) -> str:
        name = self._service.names.get(ident, "")
        return f"{name} ({ident})" if name else ident

    def _code(self, code: str) -> str:
        return self._label(code) or code

    def _either(self, values: tuple[str, ...], word: Callable[[str], str]) -> str:
        return self.tr(" or ").join(word(v) for v in values)

    def _expected_text(self, item: DebriefItem) -> str:
        values = item.expected
        texts = {
            "answer_within_s": lambda: self.tr("Answer within {s} s").format(
                s=values[0] if values else "?"
            ),
            "customer": lambda: self.tr("Work on the card of {customer}").format(
                customer=self._either(values, self._name)
            ),
            "product": lambda: self.tr("Open the product {product}").format(
                product=self._either(values, self._name)
            ),
            "ticket_category": lambda: self.tr("Fill in a ticket: {category}").format(
                category=self._either(values, self._code)
            ),
            "no_ticket": lambda: self.tr("Do not create a ticket"),
            "transfer_to": lambda: self.tr("Transfer the call to {target}").format(
                target=self._either(values, str)
            ),
            "disposition": lambda: self.tr("Disposition: {disposition}").format(
                disposition=self._either(values, self._code)
            ),
            "wrap_up": lambda: self.tr("Submit the wrap-up"),
        }
        make = texts.get(item.code)
        return make() if make is not None else item.code

    def _done_text(self, item: DebriefItem) -> str:
        met, actual = item.verdict is Verdict.MET, item.actual
        code = item.code
        if code == "answer_within_s":
            if not actual:
                return self.tr("you did not answer")
            return self.tr("you answered after {s} s").format(s=actual)
        if code == "wrap_up":
            return self.tr("done") if met else self.tr("not submitted")
        if met and code != "answer_within_s":
            return self.tr("done")
        if code == "no_ticket":
            if actual:
                return self.tr("you created a ticket: {category}").format(
                    category=self._code(actual)
                )
            return self.tr("the wrap-up was not submitted")
        if not actual:
            nothing = {
                "customer": self.tr("no customer card was used"),
                "product": self.tr("you opened no product"),
                "ticket_category": self.tr("no ticket"),
                "transfer_to": self.tr("the call was not transferred there"),
                "disposition": self.tr("no disposition"),
            }
            return nothing.get(code, self.tr("not done"))
        done = {
            "customer": lambda: self.tr("you worked on {customer}").format(
                customer=self._name(actual)
            ),
            "product": lambda: self.tr("you opened {product}").format(product=self._names(actual)),
            "ticket_category": lambda: self.tr("your ticket: {category}").format(
                category=self._code(actual)
            ),
            "transfer_to": lambda: self.tr("you transferred it to {target}").format(target=actual),
            "disposition": lambda: self.tr("you chose {disposition}").format(
                disposition=self._code(actual)
            ),
        }
        make = done.get(code)
        return make() if make is not None else actual

    def _names(self, ids: str) -> str:
        return ", ".join(self._name(i.strip()) for i in ids.split(",") if i.strip())

    def _extra_text(self, item: DebriefItem) -> str:
        actual = item.actual
        if item.code == "transfer":
            if actual:
                return self.tr("You also transferred the call, to {target}").format(target=actual)
            return self.tr("You also transferred the call")
        if item.code == "product":
            return self.tr("You also opened {product}").format(product=self._names(actual))
        if item.code == "ticket":
            return self.tr("You also created a ticket: {category}").format(
                category=", ".join(self._code(c.strip()) for c in actual.split(","))
            )
        return item.code

    def _on_service_state_changed(self, _state: TrainingState) -> None:
        st = self.state
        if st.scenarios and not self.selected:
            self.selected = st.scenarios[0].id
        self.changed.emit()
