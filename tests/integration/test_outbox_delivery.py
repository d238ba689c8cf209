"""The outbox and the directory against the reference server: offline punches keep their time,
refused items are parked with the server's reason, cached cards cover for a down API."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.domain.errors import ApiUnavailable
from homeagent.domain.work import PunchKind, Ticket, TicketCategory, parse_rfc3339
from homeagent.services.directory import Directory
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.store import db as storedb
from homeagent.store.cache import CardCache
from homeagent.store.outbox import Outbox
from tests.integration.rig.faultproxy import FaultProxy

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "api.db", seed=True) as srv:
        yield srv


def client_for(url: str) -> ApiClient:
    api = ApiClient(Http(url, timeout=(0.5, 2.0)), device_id="dev-1", retries=1)
    api.login("agent", "demo")
    return api


def wait_for(statuses: list[SyncStatus], done: object, timeout: float = 30) -> SyncStatus:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if statuses and done(statuses[-1]):  # type: ignore[operator]
            return statuses[-1]
        time.sleep(0.02)
    raise AssertionError(f"not reached; last status {statuses[-1:]}")


def test_a_punch_made_offline_keeps_its_true_time(server: ServerProcess, tmp_path: Path) -> None:
    db = tmp_path / "agent.db"
    with FaultProxy(server.base_url) as proxy:
        api = client_for(proxy.url)
        proxy.down()  # the home internet is out when the operator clocks in
        two_hours_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
        punch = Outbox(storedb.connect(db)).punch(PunchKind.CLOCK_IN, two_hours_ago, "dev-1")
        statuses: list[SyncStatus] = []
        sender = OutboxSender(lambda: Outbox(storedb.connect(db)), api.deliver, statuses.append)
        sender.start()
        try:
            offline = wait_for(statuses, lambda s: not s.online and s.pending == 1)
            assert "network" in offline.last_error
            proxy.up()
            sender.retry_now()  # what the network monitor does when the network is back
            wait_for(statuses, lambda s: s.pending == 0, timeout=10)
        finally:
            sender.stop()
    ((pid, _, occurred, seq, received),) = Outbox(storedb.connect(db)).punches_since("2000")
    assert pid == punch.id and seq == 1
    assert received is not None and parse_rfc3339(received) > parse_rfc3339(occurred)
    stored = {p["id"]: p for p in client_for(server.base_url).punches(
        "2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")}  # fmt: skip
    assert parse_rfc3339(stored[punch.id]["occurred_at"]) == two_hours_ago


def test_a_refused_item_is_parked_with_the_reason_and_others_go_on(
    server: ServerProcess, tmp_path: Path
) -> None:
    db = tmp_path / "agent.db"
    box = Outbox(storedb.connect(db))
    bad = Ticket(str(uuid.uuid4()), TicketCategory.COMPLAINT, "x", customer_id="NO-SUCH")
    box.add(bad)
    good = box.punch(PunchKind.CLOCK_IN, datetime.now(UTC), "dev-1")
    statuses: list[SyncStatus] = []
    sender = OutboxSender(
        lambda: Outbox(storedb.connect(db)), client_for(server.base_url).deliver, statuses.append
    )
    sender.start()
    try:
        final = wait_for(statuses, lambda s: s.pending == 0 and s.parked == 1)
    finally:
        sender.stop()
    assert final.online
    (parked,) = box.parked()
    assert parked.id == bad.id and parked.last_error.startswith("422")
    assert "NO-SUCH" in parked.last_error or "customer" in parked.last_error.lower()
    assert box.punches_since("2000")[0][4] is not None  # the punch went through meanwhile
    assert box.export_parked(tmp_path / "parked.json") == 1
    assert good.seq == 1


def test_directory_pops_from_cache_and_survives_a_down_api(
    server: ServerProcess, tmp_path: Path
) -> None:
    conn = storedb.connect(tmp_path / "agent.db")
    with FaultProxy(server.base_url) as proxy:
        directory = Directory(client_for(proxy.url), CardCache(conn), fresh_s=0)
        assert directory.cached_lookup("+33612345678") is None  # never seen
        (match,) = directory.lookup("+33612345678")
        assert directory.cached_lookup("+33612345678") == [match]
        card = directory.card(match["id"])
        seen = proxy.requests_seen
        assert directory.card(match["id"]) == card  # revalidated: 304, same card
        assert proxy.requests_seen == seen + 1
        proxy.down()
        assert directory.card(match["id"]) == card  # the API is down: the cache answers
        with pytest.raises(ApiUnavailable):
            directory.card("C002")  # nothing cached for this one: a clear error
    assert CardCache(conn).purge() >= 2  # sign-out leaves no customer data behind
