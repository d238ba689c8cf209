"""Screen pop: who is calling, from the cache at once and from the API when it answers.

On a ringing (or dialled) number two tasks start together on the IO pool: the card cache's
answer, shown as soon as it comes, and the API's look-up, which wins whenever it arrives. One
match opens its card (products, open tickets) and its ticket history; several matches wait
for the operator to pick one; none offers a search or "continue as unknown". Every answer
carries the generation it was asked for: a late answer about a previous call (or a previous
choice, or a previous search) is dropped, never painted over the current one.

GUI thread only; nothing here blocks.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from homeagent.domain.call import CallSession, CallState, Direction
from homeagent.domain.customer import CustomerCard, CustomerSummary, TicketHistory
from homeagent.domain.dialplan import number_from_uri
from homeagent.domain.errors import ApiError, ApiRejected, HomeAgentError
from homeagent.services.directory import CachedPop
from homeagent.services.observable import Topic
from homeagent.services.session import TaskPort

log = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9][0-9]{5,14}$")
_PHONE_QUERY = re.compile(r"^[+0-9][0-9 ().\-/]{5,30}$")


class DirectoryPort(Protocol):
    """Blocking look-ups (CustomerDirectory); run on the IO pool through the TaskPort."""

    def cached(self, phone: str) -> CachedPop: ...
    def lookup(self, phone: str) -> tuple[tuple[CustomerSummary, ...], Any]: ...
    def remember(self, phone: str, raw: Any) -> None: ...
    def card(self, customer_id: str) -> CustomerCard: ...
    def history(self, customer_id: str) -> tuple[TicketHistory, ...]: ...
    def search(self, query: str) -> tuple[CustomerSummary, ...]: ...


class PopStatus(StrEnum):
    IDLE = "idle"  # no call, nothing chosen
    LOOKING_UP = "looking_up"  # nothing known yet
    FOUND = "found"  # one customer (the card may still be on its way)
    SEVERAL = "several"  # several customers share the number: the operator picks one
    NONE = "none"  # nobody has this number: search, or continue as unknown
    UNKNOWN = "unknown"  # the operator continues without a customer
    UNREACHABLE = "unreachable"  # nothing cached and the API does not answer


@dataclass(frozen=True)
class CustomerSearch:
    query: str = ""
    results: tuple[CustomerSummary, ...] = ()
    busy: bool = False
    done: bool = False
    error: str = ""  # an error code ("api_unavailable"...); empty when fine


@dataclass(frozen=True)
class PopState:
    status: PopStatus = PopStatus.IDLE
    call_id: str = ""
    number: str = ""
    matches: tuple[CustomerSummary, ...] = ()
    customer: CustomerSummary | None = None
    card: CustomerCard | None = None
    card_loading: bool = False
    history: tuple[TicketHistory, ...] = ()
    history_loading: bool = False
    history_failed: bool = False
    from_cache: bool = False  # shown from the cache; the API has not confirmed it (yet)
    api_unreachable: bool = False  # the last API request for this pop failed
    search: CustomerSearch = field(default_factory=CustomerSearch)


def phone_query(text: str, country: str) -> str:
    """The E.164 number a search text means, or "" when it is a name (or anything else)."""
    text = text.strip()
    if not _PHONE_QUERY.match(text) or sum(c.isdigit() for c in text) < 6:
        return ""
    number = number_from_uri(text, country)
    return number if E164.match(number) else ""


def _summary_of(card: CustomerCard, previous: CustomerSummary | None) -> CustomerSummary:
    phone = previous.phone if previous is not None else (card.phones[0] if card.phones else "")
    return CustomerSummary(
        card.id,
        card.display_name,
        phone,
        card.email,
        card.account_number,
        card.vip,
        card.segment,
        card.language,
    )


MEMO_SIZE = 500  # callers remembered in memory for the session (purged at sign-out)


class ScreenPop:
    def __init__(self, directory: DirectoryPort, tasks: TaskPort, country: str = "FR") -> None:
        self._dir = directory
        self._tasks = tasks
        self._country = country
        self.state = PopState()
        self.state_changed: Topic[PopState] = Topic()
        self.selected_customer: Topic[CustomerSummary | None] = Topic()
        self._call_gen = 0  # one per call (or clear)
        self._pick_gen = 0  # one per customer whose card and history are fetched
        self._search_gen = 0
        self._api_answered = False  # the API's look-up for this call came back
        self._operator_chose = False  # a choice the API's late answer must not undo
        # this session's answers in memory: a repeat caller pops with no thread hop at all
        self._memo: dict[str, CachedPop] = {}

    # ---- intents ---------------------------------------------------------------------------

    def on_call_changed(self, call: CallSession) -> None:
        """telephony.calls_changed: pop for a new ringing or dialled call."""
        if call.call_id == self.state.call_id or call.hangup_requested:
            return
        inbound = call.direction is Direction.INBOUND and call.state is CallState.INCOMING
        outbound = call.direction is Direction.OUTBOUND and call.state is CallState.DIALING
        if outbound and not E164.match(call.remote_number):
            return  # a colleague's extension (a consultation): keep the customer on screen
        if inbound or outbound:
            self.show_for(call.call_id, call.remote_number)

    def show_for(self, call_id: str, number: str) -> None:
        self._call_gen += 1
        self._pick_gen += 1
        self._search_gen += 1
        self._api_answered = False
        self._operator_chose = False
        gen = self._call_gen
        if not E164.match(number):  # anonymous, an extension: nothing to look up
            self._set(PopState(PopStatus.NONE, call_id, number))
            return
        self._set(PopState(PopStatus.LOOKING_UP, call_id, number))
        memo = self._memo.get(number)
        if memo is not None:
            self._on_cached(gen, memo)
        else:
            self._tasks.run(
                lambda: self._dir.cached(number),
                lambda cached: self._on_cached(gen, cached),
                lambda exc: log.warning("card cache: %s", exc),
            )
        self._tasks.run(
            lambda: self._dir.lookup(number),
            lambda found: self._on_lookup(gen, number, found),
            lambda exc: self._on_lookup_failed(gen, exc),
        )

    def choose(self, customer_id: str) -> None:
        """The operator picked one of several matches, or a search result."""
        st = self.state
        pool = (*st.matches, *st.search.results)
        chosen = next((c for c in pool if c.id == customer_id), None)
        if chosen is None:
            return
        self._operator_chose = True
        if st.customer is not None and st.customer.id == chosen.id and st.status is PopStatus.FOUND:
            return
        self._pick(chosen)

    def continue_unknown(self) -> None:
        self._operator_chose = True
        self._pick_gen += 1
        self._set(
            replace(
                self.state,
                status=PopStatus.UNKNOWN,
                customer=None,
                card=None,
                card_loading=False,
                history=(),
                history_loading=False,
                history_failed=False,
                from_cache=False,
            )
        )

    def search(self, text: str) -> None:
        """Manual search: a phone number looks the number up, anything else searches names."""
        self._search_gen += 1
        token = self._search_gen
        query = text.strip()
        if not query:
            self._set(replace(self.state, search=CustomerSearch()))
            return
        number = phone_query(query, self._country)
        self._set(replace(self.state, search=CustomerSearch(query, busy=True)))

        def work() -> tuple[CustomerSummary, ...]:
            return self._dir.lookup(number)[0] if number else self._dir.search(query)

        def done(results: tuple[CustomerSummary, ...]) -> None:
            if token == self._search_gen:
                self._set(replace(self.state, search=CustomerSearch(query, results, done=True)))

        def failed(exc: Exception) -> None:
            if token == self._search_gen:
                code = exc.code if isinstance(exc, HomeAgentError) else "error"
                self._set(replace(self.state, search=CustomerSearch(query, error=code, done=True)))

        self._tasks.run(work, done, failed)

    def clear(self) -> None:
        """Sign-out: forget the current pop and everything remembered about callers."""
        self._memo.clear()
        self._call_gen += 1
        self._pick_gen += 1
        self._search_gen += 1
        self._set(PopState())

    # ---- answers (GUI thread) --------------------------------------------------------------

    def _on_cached(self, gen: int, cached: CachedPop) -> None:
        if gen != self._call_gen or self._api_answered or cached.matches is None:
            return  # a previous call's, or the API was faster, or never seen
        matches = cached.matches
        if len(matches) == 1:
            self._pick(matches[0], matches=matches, card=cached.card, from_cache=True)
        elif len(matches) > 1:
            self._set(replace(self.state, status=PopStatus.SEVERAL, matches=matches))

    def _on_lookup(
        self, gen: int, number: str, found: tuple[tuple[CustomerSummary, ...], Any]
    ) -> None:
        if gen != self._call_gen:
            return
        matches, raw = found
        self._api_answered = True
        self._remember(number, CachedPop(matches, None))
        self._tasks.run(  # remembered after it is shown: the write is off the critical path
            lambda: self._dir.remember(number, raw),
            None,
            lambda exc: log.warning("card cache: %s", exc),
        )
        st = self.state
        if self._operator_chose:
            self._set(replace(st, matches=matches, api_unreachable=False))
        elif len(matches) == 1:
            if st.customer is not None and st.customer.id == matches[0].id:
                self._set(
                    replace(
                        st,
                        matches=matches,
                        api_unreachable=False,
                        from_cache=st.from_cache and st.card_loading,
                    )
                )
            else:
                self._pick(matches[0], matches=matches)
        else:
            self._pick_gen += 1  # a card the cache started fetching is no longer wanted
            status = PopStatus.SEVERAL if matches else PopStatus.NONE
            self._set(PopState(status, st.call_id, st.number, matches, search=st.search))

    def _on_lookup_failed(self, gen: int, exc: Exception) -> None:
        if gen != self._call_gen:
            return
        _log_failure("look-up", exc)
        st = self.state
        if isinstance(exc, ApiRejected) and exc.status == 400:
            if st.status is PopStatus.LOOKING_UP:  # a number the API does not take
                self._set(replace(st, status=PopStatus.NONE))
            return
        status = PopStatus.UNREACHABLE if st.status is PopStatus.LOOKING_UP else st.status
        self._set(replace(st, status=status, api_unreachable=True))

    def _pick(
        self,
        customer: CustomerSummary,
        *,
        matches: tuple[CustomerSummary, ...] | None = None,
        card: CustomerCard | None = None,
        from_cache: bool = False,
    ) -> None:
        self._pick_gen += 1
        token = self._pick_gen
        st = self.state
        same = st.customer is not None and st.customer.id == customer.id
        if card is None and same and st.card is not None and st.card.id == customer.id:
            card = st.card
        self._set(
            replace(
                st,
                status=PopStatus.FOUND,
                matches=st.matches if matches is None else matches,
                customer=customer,
                card=card,
                card_loading=True,
                history=st.history if same else (),
                history_loading=True,
                history_failed=False,
                from_cache=from_cache,
            )
        )
        cid = customer.id
        self._tasks.run(
            lambda: self._dir.card(cid),
            lambda c: self._on_card(token, c),
            lambda exc: self._on_card_failed(token, exc),
        )
        self._tasks.run(
            lambda: self._dir.history(cid),
            lambda h: self._on_history(token, h),
            lambda exc: self._on_history_failed(token, exc),
        )

    def _on_card(self, token: int, card: CustomerCard) -> None:
        if token != self._pick_gen:
            return
        st = self.state
        from_cache = st.from_cache and not self._api_answered
        customer = _summary_of(card, st.customer)
        if len(st.matches) == 1 and st.matches[0].id == card.id:
            self._remember(st.number, CachedPop(st.matches, card))
        self._set(
            replace(st, card=card, customer=customer, card_loading=False, from_cache=from_cache)
        )

    def _on_card_failed(self, token: int, exc: Exception) -> None:
        if token != self._pick_gen:
            return
        _log_failure("card", exc)
        self._set(replace(self.state, card_loading=False, api_unreachable=True))

    def _on_history(self, token: int, history: tuple[TicketHistory, ...]) -> None:
        if token == self._pick_gen:
            self._set(replace(self.state, history=history, history_loading=False))

    def _on_history_failed(self, token: int, exc: Exception) -> None:
        if token == self._pick_gen:
            _log_failure("ticket history", exc)
            self._set(replace(self.state, history_loading=False, history_failed=True))

    def _remember(self, number: str, pop: CachedPop) -> None:
        if not number:
            return
        self._memo.pop(number, None)
        self._memo[number] = pop
        while len(self._memo) > MEMO_SIZE:  # oldest first out
            self._memo.pop(next(iter(self._memo)))

    def _set(self, state: PopState) -> None:
        before = self.state.customer
        self.state = state
        self.state_changed.emit(state)
        if state.customer != before:
            self.selected_customer.emit(state.customer)


def _log_failure(what: str, exc: Exception) -> None:
    if isinstance(exc, ApiError):
        log.info("screen pop %s failed: %s", what, exc)
    else:
        log.error("screen pop %s failed", what, exc_info=exc)
