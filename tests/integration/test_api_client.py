"""Our API client against the reference server over real HTTP, and through a faulty proxy."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from homeagent.api.client import NOT_MODIFIED, ApiClient
from homeagent.api.http import Http
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.domain.agent import AgentState
from homeagent.domain.customer import CustomerCard, ProductDetail
from homeagent.domain.errors import (
    ApiAuthError,
    ApiBadResponse,
    ApiNotFound,
    ApiRateLimited,
    ApiRejected,
    ApiUnavailable,
)
from homeagent.domain.wire import to_wire
from homeagent.domain.work import (
    Interaction,
    Note,
    Punch,
    PunchKind,
    StateChange,
    Ticket,
    TicketCategory,
)
from tests.integration.rig.faultproxy import (
    Delay,
    FaultProxy,
    Huge,
    Mutate,
    Replace,
    Reset,
    Status,
    Truncate,
)

pytestmark = pytest.mark.timeout(120)
NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "api.db", seed=True) as srv:
        yield srv


@pytest.fixture
def client(server: ServerProcess) -> ApiClient:
    api = ApiClient(
        Http(server.base_url, timeout=(1.0, 3.0)), device_id="test-device", sleep=lambda s: None
    )
    api.login("agent", "demo")
    return api


@pytest.fixture
def proxy(server: ServerProcess) -> Iterator[FaultProxy]:
    with FaultProxy(server.base_url) as fp:
        yield fp


def via(proxy: FaultProxy, retries: int = 3) -> ApiClient:
    api = ApiClient(
        Http(proxy.url, timeout=(1.0, 1.5)),
        device_id="test-device",
        retries=retries,
        sleep=lambda s: None,
    )
    api.login("agent", "demo")
    return api


# ---- the happy paths ------------------------------------------------------------------------


def test_sign_in_profile_and_sip_credentials(client: ApiClient) -> None:
    profile = client.profile()
    assert profile.display_name == "Agent Démo" and profile.language == "fr"
    assert {r.code for r in profile.ticket_categories} >= {"request", "complaint"}
    sip = client.sip_credentials()
    assert sip.username and sip.password and sip.password not in repr(sip)


def test_wrong_password_and_lockout(server: ServerProcess) -> None:
    api = ApiClient(Http(server.base_url), device_id="d", retries=1)
    user = f"nobody-{uuid.uuid4().hex[:6]}"
    for _ in range(5):
        with pytest.raises(ApiAuthError):
            api.login(user, "wrong")
    with pytest.raises(ApiRateLimited) as locked:
        api.login(user, "wrong")
    assert locked.value.retry_after_s > 0


def test_screen_pop_lookup(client: ApiClient) -> None:
    (camille,) = client.lookup("+33612345678")
    assert camille.display_name == "Camille Martin"
    assert client.lookup("+33698765432") == ()
    with pytest.raises(ApiRejected):
        client.lookup("not-a-number")


def test_search_pages_reach_every_customer_once(client: ApiClient) -> None:
    seen: list[str] = []
    token = ""
    for _ in range(50):
        page = client.search_customers("", token)
        seen += [c.id for c in page.items]
        token = page.next_token
        if not token:
            break
    assert len(seen) == len(set(seen)) >= 25


def test_card_etag_and_hostile_text_verbatim(client: ApiClient) -> None:
    card = client.customer("C001")
    assert isinstance(card, CustomerCard) and card.etag
    assert card.products and card.products[0].product_id
    assert client.customer("C001", etag=card.etag) is NOT_MODIFIED
    hostile = [c for c in client.search_customers("Bold").items]
    assert hostile and hostile[0].display_name.startswith("<b>Bold</b><img")  # not escaped
    with pytest.raises(ApiNotFound):
        client.customer("C999999")


def test_products_and_articles(client: ApiClient) -> None:
    page = client.products()
    assert page.items
    detail = client.product(page.items[0].id)
    assert isinstance(detail, ProductDetail) and detail.articles
    assert client.product(detail.id, etag=detail.etag) is NOT_MODIFIED


def test_writes_are_idempotent_receipts(client: ApiClient) -> None:
    punch = Punch(str(uuid.uuid4()), PunchKind.CLOCK_IN, NOW, "test-device", 1)
    first = client.deliver("punch", to_wire(punch))
    again = client.deliver("punch", to_wire(punch))
    assert first == again and first[0] == punch.id and first[1].endswith("Z")
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.COMPLAINT, "Box down", customer_id="C001")
    client.deliver("ticket", to_wire(ticket))
    note = Note(str(uuid.uuid4()), ticket.id, "Rebooted twice; still down.", NOW)
    assert client.deliver("note", to_wire(note))[0] == note.id
    orphan = Note(str(uuid.uuid4()), str(uuid.uuid4()), "x", NOW)
    with pytest.raises(ApiNotFound):
        client.deliver("note", to_wire(orphan))
    mine = client.punches("2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
    assert punch.id in {p["id"] for p in mine}


def test_expired_access_token_is_refreshed_and_rotation_kills_the_old_one(
    tmp_path: Path,
) -> None:
    with start_subprocess(tmp_path / "short.db", seed=True, access_ttl=2) as srv:
        issued: list[Any] = []
        api = ApiClient(Http(srv.base_url), device_id="d", on_tokens=issued.append)
        first = api.login("agent", "demo")
        time.sleep(2.5)
        assert api.profile().display_name  # silently refreshed
        assert len(issued) >= 2
        with pytest.raises(ApiAuthError):
            ApiClient(Http(srv.base_url), device_id="d").resume(first.refresh_token)


# ---- faults between us and the server -----------------------------------------------------


def test_a_503_burst_is_retried(proxy: FaultProxy) -> None:
    api = via(proxy)
    proxy.set(Status(503), count=2, paths="/v1/agents/me$")
    assert api.profile().display_name


def test_429_retry_after_is_honoured(proxy: FaultProxy) -> None:
    slept: list[float] = []
    api = via(proxy)
    api._sleep = slept.append
    proxy.set(Status(429, headers={"Retry-After": "2"}), count=1, paths="/v1/agents/me$")
    assert api.profile().display_name
    assert slept == [2.0]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Delay(5), ApiUnavailable),  # read timeout
        (Reset(), ApiUnavailable),  # connection reset mid-response
        (Truncate(), (ApiUnavailable, ApiBadResponse)),
        (Status(500, b"<html>oops</html>", {"Content-Type": "text/html"}), ApiUnavailable),
        (Replace(b'{"matches": [{"id": '), ApiBadResponse),  # malformed JSON
        (Replace(b'{"matches": [{"id": 42, "display_name": ["x"]}]}'), ApiBadResponse),
        (Replace(b"<html>proxy login</html>", content_type="text/html"), ApiBadResponse),
        (Huge(10), ApiBadResponse),  # 10 MB: refused, not parsed
    ],
)
def test_faults_become_clear_errors(proxy: FaultProxy, fault: Any, error: Any) -> None:
    api = via(proxy, retries=1)
    proxy.set(fault, paths="/v1/customers/lookup")
    with pytest.raises(error):
        api.lookup("+33612345678")
    proxy.clear()
    assert api.lookup("+33612345678")  # and the next request is fine


def test_wrong_types_in_a_real_answer_are_caught(proxy: FaultProxy) -> None:
    def wreck(status: int, headers: dict[str, str], body: bytes) -> tuple[int, Any, bytes]:
        data = json.loads(body)
        data["matches"][0]["vip"] = "yes"
        return status, headers, json.dumps(data).encode()

    api = via(proxy, retries=1)
    proxy.set(Mutate(wreck), paths="/v1/customers/lookup")
    with pytest.raises(ApiBadResponse, match="vip"):
        api.lookup("+33612345678")


def test_server_down_is_unavailable_then_recovers(proxy: FaultProxy) -> None:
    api = via(proxy, retries=1)
    proxy.down()
    with pytest.raises(ApiUnavailable):
        api.profile()
    proxy.up()
    assert api.profile().display_name


def test_history_state_interaction_health_and_logout(server: ServerProcess) -> None:
    api = ApiClient(Http(server.base_url), device_id="d")
    api.login("agent", "demo")
    skew = (api.health() - datetime.now(UTC)).total_seconds()
    assert abs(skew) < 5  # same machine: the clock-skew check reads ~0
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "New router", customer_id="C002")
    api.deliver("ticket", to_wire(ticket))
    api.deliver("note", to_wire(Note(str(uuid.uuid4()), ticket.id, "Sent by post", NOW)))
    history = api.customer_tickets("C002")
    (mine,) = [h for h in history.items if h.ticket.id == ticket.id]
    assert [n.body for n in mine.notes] == ["Sent by post"]
    state = StateChange(str(uuid.uuid4()), AgentState.AVAILABLE, NOW)
    assert api.deliver("state", to_wire(state))[0] == state.id
    call = Interaction(
        str(uuid.uuid4()),
        "call-1",
        "inbound",
        "+33145678901",
        NOW,
        NOW + timedelta(minutes=3),
        customer_id="C002",
        answered_at=NOW + timedelta(seconds=5),
        ticket_ids=(ticket.id,),
    )
    assert api.deliver("interaction", to_wire(call))[0] == call.id
    withheld = Interaction(str(uuid.uuid4()), "call-2", "inbound", "", NOW, NOW)
    assert to_wire(withheld)["remote_number"] == ""  # required by the contract, even empty
    assert api.deliver("interaction", to_wire(withheld))[0] == withheld.id
    api.logout()
    assert not api.signed_in
    with pytest.raises(ApiAuthError):
        api.profile()
