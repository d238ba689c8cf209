"""Training mode: play a scripted call to the trainee and debrief what they did.

`start(scenario_id, language)` asks the training line to place the scenario's call; the
service then watches the trainee through the other services' topics only: the call (ringing,
answered, transferred, ended), the screen pop (whose card is on screen), the catalogue (which
product was opened) and the wrap-up (ticket categories, disposition). Once the call is over and
its wrap-up submitted, the observations are compared with the scenario's expectations
(domain.training.evaluate) and the debrief is published.

GUI thread only; reading the scenario files and finding the voice prompts run on the TaskPort.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from homeagent.domain.call import CallSession, CallState, Direction, EndReason
from homeagent.domain.errors import HomeAgentError
from homeagent.domain.training import (
    Answered,
    CallEnded,
    CustomerShown,
    Debrief,
    ProductOpened,
    Rang,
    Scenario,
    ScenarioCall,
    ScenarioVersion,
    TrainingAction,
    Transferred,
    WrapUpSubmitted,
    evaluate,
    parse_scenario,
    scenario_call,
)
from homeagent.services.catalog import CatalogState
from homeagent.services.observable import Topic
from homeagent.services.ports import TimerPort
from homeagent.services.screen_pop import PopState, PopStatus
from homeagent.services.session import TaskPort
from homeagent.services.telephony import TransferRequest
from homeagent.services.wrapup import Submitted

log = logging.getLogger(__name__)
T = TypeVar("T")

RING_TIMEOUT_S = 30.0  # the line placed the call but nothing rang: say so


class ScenarioFilesPort(Protocol):
    """Blocking (file system): every scenario file as (name, text). Run on the TaskPort."""

    def read_all(self) -> Sequence[tuple[str, str]]: ...


class VoicePort(Protocol):
    """Blocking (file system): the WAV of a spoken part ("caller", "supervisor",
    "dtmf-<digit>") of a scenario in a language, or "" when there is none (silence)."""

    def prompt_path(self, scenario_id: str, language: str, part: str = "caller") -> str: ...


class TrainingLinePort(Protocol):
    """The simulated phone line: place the scenario's call to the operator. Must not block."""

    def place_call(self, call: ScenarioCall) -> None: ...


class Phase(StrEnum):
    IDLE = "idle"  # choose a scenario
    PLACING = "placing"  # preparing the call (voice prompts)
    WAITING = "waiting"  # the line is calling: waiting for it to ring here
    IN_CALL = "in_call"  # the scenario's call rings or is in progress
    WRAP_UP = "wrap_up"  # the call is over; waiting for the wrap-up to be submitted
    DONE = "done"  # debrief available
    FAILED = "failed"  # the call could not be placed or never rang (`error` says which)


ACTIVE_PHASES = (Phase.PLACING, Phase.WAITING, Phase.IN_CALL, Phase.WRAP_UP)


@dataclass(frozen=True)
class TrainingState:
    loading: bool = False
    scenarios: tuple[Scenario, ...] = ()
    load_errors: tuple[str, ...] = ()  # one message per file that could not be used
    phase: Phase = Phase.IDLE
    scenario_id: str = ""
    language: str = "fr"
    call_id: str = ""
    error: str = ""  # a code: line_failed, call_not_received, scenarios_unreadable
    debrief: Debrief | None = None

    @property
    def running(self) -> bool:
        return self.phase in ACTIVE_PHASES


def load_scenarios(files: ScenarioFilesPort) -> tuple[tuple[Scenario, ...], tuple[str, ...]]:
    """Blocking: read and parse every file; a bad file is an error, not the end of the list."""
    scenarios: list[Scenario] = []
    errors: list[str] = []
    for name, text in files.read_all():
        try:
            scenario = parse_scenario(text, name)
        except HomeAgentError as exc:
            errors.append(str(exc))
            continue
        if any(s.id == scenario.id for s in scenarios):
            errors.append(f"{name}: id: {scenario.id!r} is already used by another file")
            continue
        scenarios.append(scenario)
    return tuple(sorted(scenarios, key=lambda s: s.id)), tuple(errors)


class TrainingService:
    def __init__(
        self,
        files: ScenarioFilesPort,
        voice: VoicePort,
        line: TrainingLinePort,
        tasks: TaskPort,
        timers: TimerPort,
        *,
        calls_changed: Topic[CallSession],
        pop_changed: Topic[PopState],
        catalog_changed: Topic[CatalogState],
        submitted: Topic[Submitted],
        transfers: Topic[TransferRequest] | None = None,
        ring_timeout_s: float = RING_TIMEOUT_S,
    ) -> None:
        self._files = files
        self._voice = voice
        self._line = line
        self._tasks = tasks
        self._timers = timers
        self._ring_timeout_s = ring_timeout_s
        self.state = TrainingState()
        self.state_changed: Topic[TrainingState] = Topic()
        self.debrief: Topic[Debrief] = Topic()
        self.observations: list[TrainingAction] = []
        self.names: dict[str, str] = {}  # customer or product id -> name seen on screen
        self._run = 0  # one per start(): late answers of a previous run are dropped
        self._cancel_ring: Callable[[], None] | None = None
        self._last_pop: PopState | None = None
        self._shown = ""
        self._product = ""
        self._consulted = ""  # the number last dialled during the call (attended transfer)
        self._transfer_target = ""
        self._subscriptions: list[tuple[Topic[Any], Callable[[Any], None]]] = []
        self._listen(calls_changed, self._on_call_changed)
        self._listen(pop_changed, self._on_pop_changed)
        self._listen(catalog_changed, self._on_catalog_changed)
        self._listen(submitted, self._on_submitted)
        if transfers is not None:
            self._listen(transfers, self._on_transfer)

    def _listen(self, topic: Topic[T], fn: Callable[[T], None]) -> None:
        topic.connect(fn)
        self._subscriptions.append((topic, fn))

    def close(self) -> None:
        self._disarm()
        for topic, fn in self._subscriptions:
            topic.disconnect(fn)
        self._subscriptions.clear()

    # ---- queries ---------------------------------------------------------------------------

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.state.scenarios if s.id == scenario_id), None)

    def version(self) -> ScenarioVersion | None:
        """The running (or last) scenario in its language."""
        scenario = self.scenario(self.state.scenario_id)
        return scenario.version(self.state.language) if scenario is not None else None

    # ---- intents ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the scenario files (again) on the TaskPort."""
        self._set(replace(self.state, loading=True))

        def done(result: tuple[tuple[Scenario, ...], tuple[str, ...]]) -> None:
            scenarios, errors = result
            for error in errors:
                log.warning("training scenario not loaded: %s", error)
            self._set(replace(self.state, loading=False, scenarios=scenarios, load_errors=errors))

        def failed(exc: Exception) -> None:
            log.error("training scenarios not read: %s", exc)
            self._set(
                replace(self.state, loading=False, load_errors=(str(exc),), error="unreadable")
            )

        self._tasks.run(lambda: load_scenarios(self._files), done, failed)

    def start(self, scenario_id: str, language: str) -> bool:
        """Ask the line to call the trainee with this scenario; False if one is running."""
        scenario = self.scenario(scenario_id)
        if scenario is None or self.state.running:
            return False
        self._run += 1
        run = self._run
        self._reset()
        version = scenario.version(language)
        self._set(
            replace(
                self.state,
                phase=Phase.PLACING,
                scenario_id=scenario_id,
                language=version.language,
                call_id="",
                error="",
                debrief=None,
            )
        )
        voice = self._voice

        def prepare() -> ScenarioCall:
            return scenario_call(
                scenario_id,
                version,
                lambda part: voice.prompt_path(scenario_id, version.language, part),
            )

        self._tasks.run(prepare, lambda call: self._place(run, call), self._prepare_failed(run))
        return True

    def finish(self) -> None:
        """Stop now and debrief what was done so far (the trainee gave up, or no wrap-up)."""
        if self.state.running and self.state.phase is not Phase.PLACING:
            self._conclude()

    def cancel(self) -> None:
        """Forget the run without a debrief (the line's call, if any, goes on by itself)."""
        if self.state.running or self.state.phase in (Phase.DONE, Phase.FAILED):
            self._run += 1
            self._disarm()
            self._set(replace(self.state, phase=Phase.IDLE, call_id="", error="", debrief=None))

    # ---- placing the call ---------------------------------------------------------------

    def _place(self, run: int, call: ScenarioCall) -> None:
        if run != self._run:
            return
        try:
            self._line.place_call(call)
        except Exception as exc:
            log.error("training call not placed: %s", exc)
            self._set(replace(self.state, phase=Phase.FAILED, error="line_failed"))
            return
        self._set(replace(self.state, phase=Phase.WAITING))
        self._cancel_ring = self._timers.call_later(
            self._ring_timeout_s, lambda: self._on_ring_timeout(run)
        )

    def _prepare_failed(self, run: int) -> Callable[[Exception], None]:
        def failed(exc: Exception) -> None:
            if run == self._run:
                log.error("training call not prepared: %s", exc)
                self._set(replace(self.state, phase=Phase.FAILED, error="line_failed"))

        return failed

    def _on_ring_timeout(self, run: int) -> None:
        self._cancel_ring = None
        if run == self._run and self.state.phase is Phase.WAITING:
            self._set(replace(self.state, phase=Phase.FAILED, error="call_not_received"))

    # ---- watching the trainee -----------------------------------------------------------

    def _on_call_changed(self, call: CallSession) -> None:
        st = self.state
        if st.phase is Phase.WAITING and self._is_scenario_call(call):
            self._disarm()
            self.observations.append(Rang(call.call_id, call.started_at))
            self._set(replace(st, phase=Phase.IN_CALL, call_id=call.call_id))
            if self._last_pop is not None:
                self._on_pop_changed(self._last_pop)
            st = self.state
        if st.phase is not Phase.IN_CALL:
            return
        if call.call_id != st.call_id:
            if call.direction is Direction.OUTBOUND and call.state is CallState.DIALING:
                self._consulted = call.remote_number  # a consultation before a transfer
            return
        if call.answered_at is not None and not any(
            isinstance(o, Answered) for o in self.observations
        ):
            self.observations.append(Answered(call.answered_at))
        if call.state is not CallState.ENDED:
            return
        ended_at = call.ended_at if call.ended_at is not None else self._timers.now()
        reason = call.end_reason.value if call.end_reason is not None else ""
        if call.end_reason is EndReason.TRANSFERRED:
            target = self._transfer_target or self._consulted
            self.observations.append(Transferred(target, ended_at))
        self.observations.append(CallEnded(reason, ended_at))
        if call.answered_at is None:
            self._conclude()  # never answered: nothing to wrap up
        else:
            self._set(replace(self.state, phase=Phase.WRAP_UP))

    def _is_scenario_call(self, call: CallSession) -> bool:
        if call.direction is not Direction.INBOUND or call.state is not CallState.INCOMING:
            return False
        version = self.version()
        if version is None:
            return False
        return not version.number or _digits(call.remote_number) == _digits(version.number)

    def _on_pop_changed(self, pop: PopState) -> None:
        self._last_pop = pop
        st = self.state
        if st.phase not in (Phase.IN_CALL, Phase.WRAP_UP) or pop.call_id != st.call_id:
            return
        customer = pop.customer
        if customer is not None and customer.display_name:
            self.names[customer.id] = customer.display_name
        if pop.status is PopStatus.FOUND and customer is not None and customer.id != self._shown:
            self._shown = customer.id
            self.observations.append(CustomerShown(customer.id, self._timers.now()))

    def _on_catalog_changed(self, catalog: CatalogState) -> None:
        detail = catalog.detail
        if detail is not None and detail.name:
            self.names[detail.id] = detail.name
        if self.state.phase not in (Phase.IN_CALL, Phase.WRAP_UP):
            return
        if catalog.product_id and catalog.product_id != self._product:
            self._product = catalog.product_id
            self.observations.append(ProductOpened(catalog.product_id, self._timers.now()))

    def _on_transfer(self, request: TransferRequest) -> None:
        if self.state.phase is Phase.IN_CALL and request.call_id == self.state.call_id:
            self._transfer_target = request.target

    def _on_submitted(self, done: Submitted) -> None:
        st = self.state
        if st.phase not in (Phase.IN_CALL, Phase.WRAP_UP) or done.call_id != st.call_id:
            return
        self.observations.append(
            WrapUpSubmitted(
                done.disposition,
                done.categories,
                done.ticket_ids,
                done.customer_id,
                self._timers.now(),
            )
        )
        if st.phase is Phase.WRAP_UP:
            self._conclude()

    # ---- helpers --------------------------------------------------------------------------

    def _conclude(self) -> None:
        self._disarm()
        scenario = self.scenario(self.state.scenario_id)
        if scenario is None:
            return
        debrief = evaluate(scenario, self.observations, self.state.language)
        self._set(replace(self.state, phase=Phase.DONE, debrief=debrief))
        self.debrief.emit(debrief)

    def _reset(self) -> None:
        self._disarm()
        self.observations = []
        self._shown = self._product = self._consulted = self._transfer_target = ""

    def _disarm(self) -> None:
        if self._cancel_ring is not None:
            self._cancel_ring()
            self._cancel_ring = None

    def _set(self, state: TrainingState) -> None:
        self.state = state
        self.state_changed.emit(state)


def _digits(number: str) -> str:
    return "".join(c for c in number if c.isdigit())
