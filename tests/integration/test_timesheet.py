"""The timesheet against the reference server, with the real ledger, outbox and sender: a punch
shows as waiting until the outbox delivers it, then as received; without the server the
local punches still show, and the sheet says the server was not reached."""

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
from homeagent.domain.wire import to_wire
from homeagent.domain.work import Punch, PunchKind
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.services.shift import ShiftService
from homeagent.services.timesheet import SheetPunch, TimesheetService
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox
from homeagent.store.writers import PunchLedger
from tests.integration.rig.faultproxy import FaultProxy
from tests.unit.fakes import InlineTasks as Now

pytestmark = pytest.mark.timeout(120)
DEVICE = "dev-timesheet"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with start_subprocess(tmp_path_factory.mktemp("api") / "api.db", seed=True) as srv:
        yield srv


def signed_in(url: str) -> ApiClient:
    api = ApiClient(Http(url, timeout=(0.5, 2.0)), device_id=DEVICE, retries=1)
    api.login("agent", "demo")
    return api


def shift_for(ledger: PunchLedger) -> ShiftService:
    def midnight() -> datetime:
        return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    return ShiftService(ledger, Now(), lambda: datetime.now(UTC), midnight)


def punches_of(sheet: TimesheetService) -> dict[str, SheetPunch]:
    assert sheet.week is not None and not sheet.loading
    return {p.id: p for day in sheet.week.days for p in day.punches}


def test_a_punch_shows_waiting_then_received(server: ServerProcess, tmp_path: Path) -> None:
    db = tmp_path / "agent.db"
    api = signed_in(server.base_url)
    ledger = PunchLedger(db, DEVICE)
    shift = shift_for(ledger)
    shift.punch(PunchKind.CLOCK_IN)
    (clock_in,) = shift.records
    sheet = TimesheetService(api, ledger, Now(), lambda: datetime.now(UTC))

    sheet.load()
    waiting = punches_of(sheet)[clock_in.id]
    assert waiting.pending and waiting.received_at is None
    assert sheet.week is not None and sheet.week.error == "" and sheet.week.pending == 1

    statuses: list[SyncStatus] = []
    sender = OutboxSender(
        lambda: Outbox(storedb.connect(db, durable=False)), api.deliver, statuses.append
    )
    sender.start()
    try:
        end = time.monotonic() + 30
        while not (statuses and statuses[-1].pending == 0 and sender.delivered):
            assert time.monotonic() < end, f"not delivered: {statuses[-1:]}"
            time.sleep(0.02)
    finally:
        sender.stop()

    # the operator also punched on their other computer earlier today: the server has it
    other = Punch(
        str(uuid.uuid4()), PunchKind.BREAK_START, clock_in.occurred_at, "dev-other", 1, "lunch"
    )
    api.deliver("punch", to_wire(other))

    sheet.refresh()
    assert sheet.week is not None and sheet.week.error == ""
    assert other.id in punches_of(sheet) and not punches_of(sheet)[other.id].pending
    received = punches_of(sheet)[clock_in.id]
    assert not received.pending and received.received_at is not None
    assert received.received_at >= clock_in.occurred_at - timedelta(seconds=5)
    assert sheet.week is not None and sheet.week.pending == 0
    # the server really has it, and the local receipt agrees
    on_server = api.punches("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
    assert clock_in.id in {p["id"] for p in on_server}
    shift.refresh_receipts()
    assert shift.records[0].acknowledged


def test_without_the_server_the_local_punches_show(server: ServerProcess, tmp_path: Path) -> None:
    ledger = PunchLedger(tmp_path / "agent.db", DEVICE)
    shift = shift_for(ledger)
    shift.punch(PunchKind.CLOCK_IN)
    with FaultProxy(server.base_url) as proxy:
        api = signed_in(proxy.url)
        proxy.down()  # the home internet is out
        sheet = TimesheetService(api, ledger, Now(), lambda: datetime.now(UTC))
        sheet.load()
    assert sheet.week is not None and sheet.week.error == "api_unavailable"
    assert punches_of(sheet)[shift.records[0].id].pending
