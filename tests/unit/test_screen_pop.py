"""Screen pop and catalogue services with fake ports: what shows when, and what a late answer
may never do (paint over the current call)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from homeagent.api import decode
from homeagent.domain.call import CallSession, CallState, Direction
from homeagent.domain.customer import (
    CustomerCard,
    CustomerSummary,
    OwnedProduct,
    Page,
    ProductDetail,
    ProductSummary,
    TicketHistory,
    TicketSummary,
)
from homeagent.domain.errors import ApiBadResponse, ApiRejected, ApiUnavailable
from homeagent.services.catalog import Catalog
from homeagent.services.directory import (
    CachedPop,
    CardDecoders,
    CustomerDirectory,
    Directory,
)
from homeagent.services.screen_pop import PopState, PopStatus, ScreenPop, phone_query

CAMILLE = CustomerSummary("C001", "Camille Martin", "+33612345678", vip=True, segment="pro")
PIERRE = CustomerSummary("C010", "Pierre Moreau", "+33240111222")
SOPHIE = CustomerSummary("C011", "Sophie Moreau", "+33240111222")
LUCAS = CustomerSummary("C002", "Lucas Bernard", "+33145678901")


def card_of(s: CustomerSummary, **kw: Any) -> CustomerCard:
    return CustomerCard(
        s.id,
        kw.pop("display_name", s.display_name),
        phones=(s.phone,),
        vip=s.vip,
        segment=s.segment,
        products=(OwnedProduct("P001", "Box Fibre", "SN1", date(2027, 1, 31)),),
        open_tickets=(TicketSummary("T1", "Coupures", "complaint", "open"),),
        **kw,
    )


HISTORY = (TicketHistory(TicketSummary("T0", "Old", "request", "closed")),)


class ManualTasks:
    """TaskPort whose jobs wait until the test finishes them, in any order."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.jobs.append((fn, on_done, on_error))

    def finish(self, index: int = 0) -> None:
        fn, on_done, on_error = self.jobs.pop(index)
        try:
            result = fn()
        except Exception as exc:
            if on_error is not None:
                on_error(exc)
            return
        if on_done is not None:
            on_done(result)

    def finish_all(self) -> None:
        while self.jobs:
            self.finish(0)


@dataclass
class FakeDirectory:
    """DirectoryPort: what the cache and the API know; `down` makes every API call fail."""

    api: dict[str, tuple[CustomerSummary, ...]] = field(default_factory=dict)
    cache: dict[str, CachedPop] = field(default_factory=dict)
    cards: dict[str, CustomerCard] = field(default_factory=dict)
    down: bool = False
    calls: list[str] = field(default_factory=list)

    def _api(self, what: str) -> None:
        self.calls.append(what)
        if self.down:
            raise ApiUnavailable("network down")

    def cached(self, phone: str) -> CachedPop:
        self.calls.append(f"cached {phone}")
        return self.cache.get(phone, CachedPop(None))

    def lookup(self, phone: str) -> tuple[tuple[CustomerSummary, ...], Any]:
        self._api(f"lookup {phone}")
        matches = self.api.get(phone, ())
        return matches, [m.id for m in matches]

    def remember(self, phone: str, raw: Any) -> None:
        self.calls.append(f"remember {phone}")

    def card(self, customer_id: str) -> CustomerCard:
        self._api(f"card {customer_id}")
        return self.cards[customer_id]

    def history(self, customer_id: str) -> tuple[TicketHistory, ...]:
        self._api(f"history {customer_id}")
        return HISTORY

    def search(self, query: str) -> tuple[CustomerSummary, ...]:
        self._api(f"search {query}")
        return tuple(s for s in (CAMILLE, LUCAS, PIERRE, SOPHIE) if query in s.display_name)


@pytest.fixture
def directory() -> FakeDirectory:
    return FakeDirectory(
        api={
            "+33612345678": (CAMILLE,),
            "+33240111222": (PIERRE, SOPHIE),
            "+33145678901": (LUCAS,),
        },
        cards={s.id: card_of(s) for s in (CAMILLE, PIERRE, SOPHIE, LUCAS)},
    )


class Pop:
    def __init__(self, directory: FakeDirectory) -> None:
        self.tasks = ManualTasks()
        self.pop = ScreenPop(directory, self.tasks)
        self.states: list[PopState] = []
        self.selected: list[CustomerSummary | None] = []
        self.pop.state_changed.connect(self.states.append)
        self.pop.selected_customer.connect(self.selected.append)

    @property
    def state(self) -> PopState:
        return self.pop.state

    def status(self) -> PopStatus:
        return self.pop.state.status


@pytest.fixture
def p(directory: FakeDirectory) -> Pop:
    return Pop(directory)


def test_a_known_caller_shows_from_the_cache_first_then_the_api_confirms(
    p: Pop, directory: FakeDirectory
) -> None:
    directory.cache["+33612345678"] = CachedPop((CAMILLE,), card_of(CAMILLE))
    p.pop.show_for("call-1", "+33612345678")
    assert p.status() is PopStatus.LOOKING_UP
    p.tasks.finish(0)  # the cache answers first
    assert p.status() is PopStatus.FOUND
    assert p.state.card is not None and p.state.card.display_name == "Camille Martin"
    assert p.state.from_cache and p.state.card_loading
    assert p.selected == [CAMILLE]
    p.tasks.finish_all()  # the API: look-up, card, history, then the cache write
    st = p.state
    assert st.status is PopStatus.FOUND and not st.from_cache and not st.card_loading
    assert st.history == HISTORY and not st.history_loading
    assert "remember +33612345678" in directory.calls
    assert [s.id if s else None for s in p.selected] == ["C001"]  # selected once


def test_a_cold_lookup_shows_the_name_then_the_card_and_history(
    p: Pop, directory: FakeDirectory
) -> None:
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish(0)  # cache: never seen
    assert p.status() is PopStatus.LOOKING_UP
    p.tasks.finish(0)  # API look-up
    assert p.status() is PopStatus.FOUND
    assert p.state.customer == CAMILLE and p.state.card is None and p.state.card_loading
    p.tasks.finish_all()
    assert p.state.card == card_of(CAMILLE) and p.state.history == HISTORY
    assert not p.state.from_cache


def test_the_remembered_lookup_is_written_after_the_card_is_asked_for(
    p: Pop, directory: FakeDirectory
) -> None:
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish_all()
    order = [c for c in directory.calls if c.startswith(("lookup", "card", "remember"))]
    assert order.index("lookup +33612345678") < order.index("remember +33612345678")


def test_several_matches_wait_for_the_operator_to_pick(p: Pop, directory: FakeDirectory) -> None:
    p.pop.show_for("call-1", "+33240111222")
    p.tasks.finish_all()
    assert p.status() is PopStatus.SEVERAL
    assert p.state.matches == (PIERRE, SOPHIE) and p.state.customer is None
    assert not any(c.startswith("card") for c in directory.calls)
    p.pop.choose("C011")
    p.tasks.finish_all()
    assert p.status() is PopStatus.FOUND and p.state.card == card_of(SOPHIE)
    assert p.selected[-1] is not None and p.selected[-1].id == "C011"
    p.pop.choose("NOT-OFFERED")  # only a match or a search result can be chosen
    assert p.state.customer is not None and p.state.customer.id == "C011"


def test_no_match_offers_search_and_continue_as_unknown(p: Pop, directory: FakeDirectory) -> None:
    p.pop.show_for("call-1", "+33699999999")
    p.tasks.finish_all()
    assert p.status() is PopStatus.NONE
    p.pop.search("  Moreau ")
    assert p.state.search.busy and p.state.search.query == "Moreau"
    p.tasks.finish_all()
    assert p.state.search.results == (PIERRE, SOPHIE) and not p.state.search.busy
    assert "search Moreau" in directory.calls
    p.pop.choose("C010")
    p.tasks.finish_all()
    assert p.status() is PopStatus.FOUND and p.state.card == card_of(PIERRE)
    assert p.state.call_id == "call-1"  # still about this call
    p.pop.continue_unknown()
    assert p.status() is PopStatus.UNKNOWN and p.state.customer is None
    assert p.selected[-1] is None


def test_a_search_for_a_number_looks_the_number_up(p: Pop, directory: FakeDirectory) -> None:
    p.pop.search("06 12 34 56 78")
    p.tasks.finish_all()
    assert "lookup +33612345678" in directory.calls
    assert p.state.search.results == (CAMILLE,)
    assert phone_query("Camille", "FR") == ""
    assert phone_query("+44 20 7946 0123", "FR") == "+442079460123"
    assert phone_query("12", "FR") == ""


def test_a_failed_search_says_why(p: Pop, directory: FakeDirectory) -> None:
    directory.down = True
    p.pop.search("Martin")
    p.tasks.finish_all()
    assert p.state.search.error == "api_unavailable" and not p.state.search.busy


def test_api_down_shows_the_cached_card_marked(p: Pop, directory: FakeDirectory) -> None:
    directory.cache["+33612345678"] = CachedPop((CAMILLE,), card_of(CAMILLE))
    directory.down = True
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish_all()
    st = p.state
    assert st.status is PopStatus.FOUND and st.card == card_of(CAMILLE)
    assert st.api_unreachable and st.from_cache and st.history_failed


def test_api_down_and_nothing_cached_is_unknown_unreachable(
    p: Pop, directory: FakeDirectory
) -> None:
    directory.down = True
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish_all()
    assert p.status() is PopStatus.UNREACHABLE and p.state.api_unreachable


def test_the_cache_answering_after_a_failed_api_still_shows(
    p: Pop, directory: FakeDirectory
) -> None:
    directory.cache["+33612345678"] = CachedPop((CAMILLE,), card_of(CAMILLE))
    directory.down = True
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish(1)  # the API fails first
    assert p.status() is PopStatus.UNREACHABLE
    p.tasks.finish(0)  # then the cache
    assert p.status() is PopStatus.FOUND and p.state.api_unreachable


def test_a_stale_answer_from_a_previous_call_never_overwrites(
    p: Pop, directory: FakeDirectory
) -> None:
    p.pop.show_for("call-1", "+33612345678")  # Camille: cache + look-up pending
    p.pop.show_for("call-2", "+33145678901")  # Lucas rings next
    p.tasks.finish(2)  # call-2's cache
    p.tasks.finish(2)  # call-2's look-up
    p.tasks.finish_all()  # call-1's late answers, then call-2's card and history
    assert p.state.call_id == "call-2"
    assert p.state.customer == _summary(card_of(LUCAS), LUCAS)
    assert p.state.card == card_of(LUCAS)
    assert all(s.customer is None or s.customer.id != "C001" for s in p.states)


def test_a_late_card_of_a_previous_choice_is_dropped(p: Pop, directory: FakeDirectory) -> None:
    p.pop.show_for("call-1", "+33240111222")
    p.tasks.finish_all()
    p.pop.choose("C010")  # card + history of Pierre pending
    p.pop.choose("C011")  # the operator changes their mind
    p.tasks.finish(2)  # Sophie's card and history come back first
    p.tasks.finish(2)
    p.tasks.finish_all()  # then Pierre's, late
    assert p.state.customer is not None and p.state.customer.id == "C011"
    assert p.state.card == card_of(SOPHIE)


def test_the_cache_answering_after_the_api_is_ignored(p: Pop, directory: FakeDirectory) -> None:
    directory.cache["+33612345678"] = CachedPop((PIERRE,), card_of(PIERRE))  # outdated
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish(1)  # the API first
    p.tasks.finish_all()
    assert p.state.customer == _summary(card_of(CAMILLE), CAMILLE)
    assert all(s.customer is None or s.customer.id == "C001" for s in p.states)


def test_an_outdated_cache_is_replaced_by_the_api(p: Pop, directory: FakeDirectory) -> None:
    directory.cache["+33240111222"] = CachedPop((PIERRE,), card_of(PIERRE))
    p.pop.show_for("call-1", "+33240111222")
    p.tasks.finish(0)
    assert p.state.customer == PIERRE
    p.tasks.finish_all()
    assert p.status() is PopStatus.SEVERAL and p.state.customer is None
    assert p.selected[-1] is None


def test_the_operators_choice_survives_the_apis_late_answer(
    p: Pop, directory: FakeDirectory
) -> None:
    directory.cache["+33240111222"] = CachedPop((PIERRE, SOPHIE))
    p.pop.show_for("call-1", "+33240111222")
    p.tasks.finish(0)
    assert p.status() is PopStatus.SEVERAL
    p.pop.choose("C011")
    p.tasks.finish_all()
    assert p.status() is PopStatus.FOUND and p.state.customer is not None
    assert p.state.customer.id == "C011"


def test_a_number_that_is_not_e164_is_not_looked_up(p: Pop, directory: FakeDirectory) -> None:
    p.pop.show_for("call-1", "1002")
    assert p.status() is PopStatus.NONE and not p.tasks.jobs


def test_a_rejected_number_is_no_match(p: Pop, directory: FakeDirectory) -> None:
    def reject(phone: str) -> Any:
        raise ApiRejected("bad phone", 400)

    directory.lookup = reject  # type: ignore[method-assign]
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish_all()
    assert p.status() is PopStatus.NONE and not p.state.api_unreachable


def _call(
    call_id: str, number: str, direction: Direction, state: CallState, **kw: Any
) -> CallSession:
    return CallSession(call_id, direction, f"sip:{number}@x", number, state=state, **kw)


def test_calls_pop_when_they_ring_or_are_dialled(p: Pop) -> None:
    p.pop.on_call_changed(_call("in-1", "+33612345678", Direction.INBOUND, CallState.INCOMING))
    assert p.state.call_id == "in-1"
    jobs = len(p.tasks.jobs)
    p.pop.on_call_changed(_call("in-1", "+33612345678", Direction.INBOUND, CallState.ACTIVE))
    assert len(p.tasks.jobs) == jobs  # the same call again: no new look-up
    p.pop.on_call_changed(_call("out-1", "1002", Direction.OUTBOUND, CallState.DIALING))
    assert p.state.call_id == "in-1"  # a consultation with a colleague keeps the customer
    p.pop.on_call_changed(
        _call("in-2", "+33145678901", Direction.INBOUND, CallState.INCOMING, hangup_requested=True)
    )
    assert p.state.call_id == "in-1"  # refused while not ready: no pop
    p.pop.on_call_changed(_call("out-2", "+33145678901", Direction.OUTBOUND, CallState.DIALING))
    assert p.state.call_id == "out-2" and p.state.number == "+33145678901"


def test_clear_forgets_everything_and_drops_late_answers(p: Pop) -> None:
    p.pop.show_for("call-1", "+33612345678")
    p.pop.clear()
    p.tasks.finish_all()
    assert p.state == PopState()


def _summary(card: CustomerCard, s: CustomerSummary) -> CustomerSummary:
    return CustomerSummary(
        card.id,
        card.display_name,
        s.phone,
        card.email,
        card.account_number,
        card.vip,
        card.segment,
        card.language,
    )


# ---- CustomerDirectory over the raw, cache-first Directory -------------------------------------


@dataclass
class Hit:
    body: Any
    etag: str = ""
    age_s: float = 0.0


class DictCache:
    def __init__(self) -> None:
        self.data: dict[str, Hit] = {}

    def get(self, key: str) -> Hit | None:
        return self.data.get(key)

    def put(self, key: str, body: Any, etag: str = "") -> None:
        self.data[key] = Hit(body, etag)

    def touch(self, key: str) -> None:
        self.data[key].age_s = 0


RAW_CAMILLE = {"id": "C001", "display_name": "<b>Camille</b>", "phone": "+33612345678"}
RAW_CARD = {"id": "C001", "display_name": "<b>Camille</b>", "phones": ["+33612345678"]}


@dataclass
class Resp:
    body: Any
    status: int = 200
    etag: str = '"v1"'


class RawApi:
    def lookup_raw(self, phone: str) -> Any:
        return [RAW_CAMILLE] if phone == "+33612345678" else []

    def customer_raw(self, customer_id: str, etag: str = "") -> Any:
        return Resp(RAW_CARD)

    def customer_tickets(self, customer_id: str, page_token: str = "") -> Page[TicketHistory]:
        return Page(HISTORY)

    def search_customers(self, query: str, page_token: str = "") -> Page[CustomerSummary]:
        return Page((CAMILLE,))


def _customers(cache: DictCache) -> CustomerDirectory:
    api = RawApi()
    return CustomerDirectory(
        Directory(api, cache), api, CardDecoders(decode.matches, decode.customer_card)
    )


def test_customer_directory_decodes_what_it_caches() -> None:
    cache = DictCache()
    customers = _customers(cache)
    assert customers.cached("+33612345678") == CachedPop(None)
    matches, raw = customers.lookup("+33612345678")
    assert matches[0].display_name == "<b>Camille</b>"  # verbatim: the UI shows plain text
    assert "lookup:+33612345678" not in cache.data  # remembered only when asked
    customers.remember("+33612345678", raw)
    card = customers.card("C001")
    assert card.etag == '"v1"'
    cached = customers.cached("+33612345678")
    assert cached.matches == matches and cached.card == card
    assert customers.history("C001") == HISTORY and customers.search("x") == (CAMILLE,)


def test_a_cached_body_that_no_longer_decodes_is_a_miss() -> None:
    cache = DictCache()
    cache.put("lookup:+33612345678", [{"id": 42}])
    cache.put("customer:C001", {"display_name": "no id"})
    customers = _customers(cache)
    assert customers.cached("+33612345678") == CachedPop(None)
    assert customers.cached_card("C001") is None
    with pytest.raises(ApiBadResponse):
        decode.matches([{"id": 42}])


# ---- the catalogue -----------------------------------------------------------------------------

BOX = ProductDetail("P001", "Box Fibre", "internet", "Fibre box", etag='"p1"')


class FakeCatalogApi:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.down = False
        self.not_modified = False

    def products(self, query: str = "", page_token: str = "") -> Page[ProductSummary]:
        self.calls.append(f"products {query}")
        if self.down:
            raise ApiUnavailable("down")
        return Page((ProductSummary("P001", f"Box {query}"),))

    def product(self, product_id: str, etag: str = "") -> object:
        self.calls.append(f"product {product_id} {etag}")
        if self.down:
            raise ApiUnavailable("down")
        return object() if self.not_modified else BOX


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_catalogue_search_and_product_with_memory() -> None:
    api, tasks, clock = FakeCatalogApi(), ManualTasks(), Clock()
    catalog = Catalog(api, tasks, fresh_s=60, now=clock)
    catalog.search(" fibre ")
    assert catalog.state.searching and catalog.state.query == "fibre"
    tasks.finish_all()
    assert catalog.state.results[0].name == "Box fibre" and catalog.state.searched
    catalog.search("fibre")  # fresh in memory: no request
    assert not tasks.jobs
    catalog.open("P001")
    assert catalog.state.detail_loading and catalog.state.detail is None
    tasks.finish_all()
    assert catalog.state.detail == BOX and not catalog.state.detail_loading
    catalog.open("P001")  # a second click: nothing to do
    assert not tasks.jobs
    clock.t = 120  # old: shown at once, revalidated with the ETag
    api.not_modified = True
    catalog.open("P002")
    tasks.jobs.clear()
    catalog.open("P001")
    assert catalog.state.detail == BOX and catalog.state.detail_loading
    tasks.finish_all()
    assert api.calls[-1] == 'product P001 "p1"' and catalog.state.detail == BOX
    clock.t = 240
    api.down = True
    catalog.open("P002")
    catalog.open("P001")
    tasks.finish_all()
    assert catalog.state.detail == BOX and catalog.state.detail_stale
    assert catalog.state.detail_error == "api_unavailable"


def test_catalogue_drops_late_answers() -> None:
    api, tasks = FakeCatalogApi(), ManualTasks()
    catalog = Catalog(api, tasks, now=time.monotonic)
    catalog.search("a")
    catalog.search("b")
    tasks.finish(1)
    tasks.finish(0)  # "a" answers last
    assert catalog.state.query == "b" and catalog.state.results[0].name == "Box b"
    catalog.open("P001")
    catalog.open("P009")
    api.down = True
    tasks.finish(1)
    api.down = False
    tasks.finish(0)  # P001's late answer
    assert catalog.state.product_id == "P009" and catalog.state.detail is None
    assert catalog.state.detail_error == "api_unavailable"


def test_a_repeat_caller_pops_at_once_from_memory_until_sign_out(
    p: Pop, directory: FakeDirectory
) -> None:
    p.pop.show_for("call-1", "+33612345678")
    p.tasks.finish_all()  # first ring: the cache knows nothing, the API answers
    assert p.state.customer == CAMILLE and p.state.card is not None
    p.pop.show_for("call-2", "+33612345678")
    # no job had to finish: the customer and the card are there in the same turn
    assert p.status() is PopStatus.FOUND and p.state.customer == CAMILLE
    assert p.state.card is not None and p.state.call_id == "call-2"
    assert directory.calls.count("cached +33612345678") == 1  # the first ring's only
    p.tasks.finish_all()  # the API still revalidates
    p.pop.clear()  # sign-out
    p.pop.show_for("call-3", "+33612345678")
    assert p.status() is PopStatus.LOOKING_UP  # forgotten: back to the cache and the API
