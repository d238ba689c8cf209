"""[harden] fault matrix, data side: the API down for an hour, an API answering 500/429/garbage,
a full disk under the outbox, a damaged database, and the system clock moved during a shift.

Services + real SQLite + the real reference API server behind the FaultProxy; time that must
pass (an hour of backoff) passes on a simulated clock the services are given, never by
sleeping. MATRIX_DATA.md maps each scenario to its test.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from homeagent.app_glue import Waking
from homeagent.demo.server import ServerProcess, start_subprocess
from homeagent.domain.errors import StorageError
from homeagent.domain.shift import ShiftState
from homeagent.domain.work import (
    Interaction,
    Note,
    PunchKind,
    Ticket,
    TicketCategory,
    parse_rfc3339,
    rfc3339,
)
from homeagent.services.shift import ShiftService
from homeagent.services.sync import SyncNotice, SyncService
from homeagent.services.telephony import Notice
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox
from homeagent.store.writers import OutboxWriter, PunchLedger
from tests.harden.data_rig import (
    DEVICE,
    SimClock,
    api_client,
    outbox_rows,
    server_rows,
    settle,
    start_sender,
    wait_for,
)
from tests.integration.rig.faultproxy import FaultProxy, Mutate, Replace, Status, Truncate
from tests.integration.test_sync_api import GuiLoop, OutboxStore

pytestmark = pytest.mark.timeout(120)

BACKOFF_CAP_S = 300.0  # domain.delivery.backoff_s's cap


@pytest.fixture(scope="module")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("api") / "api.db"


@pytest.fixture(scope="module")
def server(api_db: Path) -> Iterator[ServerProcess]:
    with start_subprocess(api_db, seed=True) as srv:
        yield srv


@pytest.fixture
def loop() -> Iterator[GuiLoop]:
    gui = GuiLoop()
    yield gui
    gui.pool.shutdown()


def shift_on(db: Path, sender: Any, loop: GuiLoop, clock: SimClock) -> ShiftService:
    """The shift service as app_desk.py builds it, on the simulated clocks."""
    return ShiftService(
        Waking(PunchLedger(db, DEVICE), sender),
        loop,
        clock.now,
        lambda: clock.now() - timedelta(hours=12),
        monotonic=clock.mono,
    )


def punch(shift: ShiftService, loop: GuiLoop, kind: PunchKind) -> None:
    before = len(shift.records)
    shift.punch(kind)
    loop.pump_until(lambda: not shift.saving and len(shift.records) == before + 1)


def record(loop: GuiLoop, writer: Any, *items: Any) -> None:
    done: list[object] = []
    loop.run(lambda: writer.record(*items), done.append, done.append)
    loop.pump_until(lambda: bool(done))
    assert done == [None], done


def call_record(started: datetime, ticket_ids: tuple[str, ...] = ()) -> Interaction:
    return Interaction(
        str(uuid.uuid4()), f"call-{uuid.uuid4().hex[:6]}", "inbound", "+33612345678",
        started, started + timedelta(minutes=4), customer_id="C001",
        answered_at=started + timedelta(seconds=3), ticket_ids=ticket_ids,
    )  # fmt: skip


# ---- 1. the API down for an hour of simulated time ----------------------------------------


def test_api_down_for_an_hour_then_everything_arrives_once_in_order_with_local_times(
    server: ServerProcess, api_db: Path, tmp_path: Path, loop: GuiLoop
) -> None:
    db = tmp_path / "agent.db"
    clock = SimClock(time.time() - 3600 - 120)  # the hour ends about now: times stay plausible
    step = 20.0
    with FaultProxy(server.base_url) as proxy:
        api = api_client(proxy.url)  # signed in, then the home internet goes
        proxy.down()
        rig = start_sender(db, api.deliver, clock)
        try:
            shift = shift_on(db, rig.sender, loop, clock)
            writer = Waking(OutboxWriter(db), rig.sender)
            t1 = Ticket(str(uuid.uuid4()), TicketCategory.COMPLAINT, "Box down", "C001")
            t2 = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "New router", "C002")
            n1 = Note(str(uuid.uuid4()), t1.id, "Rebooted twice", clock.now())
            n2 = Note(str(uuid.uuid4()), t1.id, "Called back", clock.now())
            c1 = call_record(clock.now(), (t1.id,))
            plan = {
                0: lambda: punch(shift, loop, PunchKind.CLOCK_IN),
                600: lambda: record(loop, writer, t1, n1, c1),
                900: lambda: punch(shift, loop, PunchKind.BREAK_START),
                1800: lambda: punch(shift, loop, PunchKind.BREAK_END),
                2400: lambda: record(loop, writer, n2, t2),
                3540: lambda: punch(shift, loop, PunchKind.CLOCK_OUT),
            }
            start = clock.wall()
            for offset in range(0, 3600, int(step)):
                if offset in plan:
                    plan[offset]()
                clock.advance(step)
                settle(rig, 0.04)
            hour = clock.wall() - start

            # during the hour: all kept, nothing given up, nobody told "sent"
            status = rig.last()
            assert status is not None and not status.online and status.delivered == 0
            assert (status.pending, status.parked) == (9, 0)
            assert shift.state is ShiftState.OFF and len(shift.records) == 4
            clock_in = shift.records[0]
            heads = {clock_in.id, t1.id, c1.id, t2.id}  # the first item of each stream
            assert {a.item_id for a in rig.attempts} == heads  # followers wait their turn
            report = []
            for item_id in heads:
                times = [a.at for a in rig.attempts_for(item_id)]
                gaps = [b - a for a, b in itertools.pairwise(times)]
                span = hour - (times[0] - start)
                report.append(f"{len(times)} attempts over {span:.0f} s")
                # no giving up: never longer than the cap between attempts, and still trying
                assert max(gaps) <= BACKOFF_CAP_S + step + 1, gaps
                assert start + hour - times[-1] <= BACKOFF_CAP_S + step + 1
                # no storm: exponential, then at least half the cap (jitter) apart
                assert len(times) <= 10 + span / (BACKOFF_CAP_S / 2), (len(times), span)
                assert min(gaps[9:], default=BACKOFF_CAP_S) >= BACKOFF_CAP_S / 2 - step
            print(f"\nAPI down 1 h (simulated): {len(rig.attempts)} attempts; " + "; ".join(report))

            # the API comes back: the next retry (at most the cap away) drains everything
            proxy.up()
            waited = 0.0
            while rig.last() is None or rig.last().pending:  # type: ignore[union-attr]
                assert waited <= BACKOFF_CAP_S + step, f"not drained: {rig.last()}"
                clock.advance(step)
                waited += step
                settle(rig, 0.04)
            wait_for(lambda: rig.last().pending == 0 and rig.last().online)  # type: ignore[union-attr]
        finally:
            rig.sender.stop()
    final = rig.last()
    assert final is not None and (final.pending, final.parked, final.delivered) == (0, 0, 9)

    # the company received each item once, punches in seq order, with the operator's times
    local = PunchLedger(db, DEVICE).since(datetime(2000, 1, 1, tzinfo=UTC))
    rows = server_rows(
        api_db,
        "SELECT id, kind, occurred_at, seq, received_at FROM punches WHERE device_id=? "
        "ORDER BY rowid",
        DEVICE,
    )
    mine = [r for r in rows if r[0] in {p.id for p in local}]
    assert [r[0] for r in mine] == [p.id for p in local]  # once each, in order
    assert [r[1] for r in mine] == ["clock_in", "break_start", "break_end", "clock_out"]
    assert [parse_rfc3339(r[2]) for r in mine] == [p.occurred_at for p in local]
    assert parse_rfc3339(mine[-1][2]) - parse_rfc3339(mine[0][2]) >= timedelta(minutes=59)
    assert all(p.received_at is not None for p in local)  # receipts recorded locally
    for table, ids in (("tickets", [t1.id, t2.id]), ("interactions", [c1.id])):
        got = [r[0] for r in server_rows(api_db, f"SELECT id FROM {table} ORDER BY rowid")]
        assert sorted(i for i in got if i in ids) == sorted(ids)  # once each (own streams)
    notes = server_rows(api_db, "SELECT id, ticket_id FROM notes ORDER BY rowid")
    assert [n for n in notes if n[1] == t1.id] == [(n1.id, t1.id), (n2.id, t1.id)]
    assert outbox_rows(db) == []


# ---- 2. the API answering 500, 429 with Retry-After, or garbage -----------------------------


@pytest.fixture
def sync_desk(
    server: ServerProcess, tmp_path: Path, loop: GuiLoop, qapp: Any
) -> Iterator[tuple[Any, ...]]:
    """Sender + SyncService + the sync view-model (the operator's text), on a SimClock."""
    from homeagent.ui.sync_vm import SyncViewModel

    db = tmp_path / "agent.db"
    clock = SimClock(time.time())
    with FaultProxy(server.base_url) as proxy:
        api = api_client(proxy.url)
        sync: SyncService
        rig = start_sender(
            db, api.deliver, clock, on_status=lambda s: loop.post(lambda: sync.update(s))
        )
        sync = SyncService(loop, rig.sender, OutboxStore(db))
        vm = SyncViewModel(sync)
        try:
            yield db, clock, proxy, rig, sync, vm
        finally:
            rig.sender.stop()


def drain_gui(loop: GuiLoop, qapp: Any) -> None:
    loop.pump_until(loop.posted.empty, timeout=5)
    qapp.processEvents()


def test_api_500_keeps_items_and_tells_the_operator_then_delivers_once(
    sync_desk: tuple[Any, ...], loop: GuiLoop, qapp: Any, api_db: Path
) -> None:
    db, clock, proxy, rig, sync, vm = sync_desk
    page = b"<html><body><h1>500 Internal Server Error</h1></body></html>"
    proxy.set(Status(500, page, {"Content-Type": "text/html"}))
    box = Outbox(storedb.connect(db))
    first = box.punch(PunchKind.CLOCK_IN, clock.now(), DEVICE)
    ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "Invoice copy", "C003")
    box.add(ticket)
    for _ in range(12):  # some minutes of 500s
        clock.advance(30)
        settle(rig, 0.04)
    drain_gui(loop, qapp)
    assert sync.status.pending == 2 and not sync.status.online and sync.status.parked == 0
    assert "500" in sync.status.last_error
    assert vm.level() == "offline"
    assert vm.summary_text() == "2 waiting"
    assert "cannot be reached" in vm.detail_text() and "kept" in vm.detail_text()
    assert "cannot be reached" in vm.banner_text()
    assert len(rig.attempts_for(first.id)) >= 4  # it kept trying through the 500s
    proxy.clear()
    clock.advance(BACKOFF_CAP_S)
    settle(rig)
    loop.pump_until(lambda: sync.status.pending == 0 and sync.status.online)
    drain_gui(loop, qapp)
    assert vm.summary_text() == "All sent" and vm.banner_text() == ""
    assert server_rows(api_db, "SELECT count(*) FROM punches WHERE id=?", first.id) == [(1,)]
    assert server_rows(api_db, "SELECT count(*) FROM tickets WHERE id=?", ticket.id) == [(1,)]


def test_api_429_retry_after_is_honoured_on_the_simulated_clock(
    sync_desk: tuple[Any, ...], loop: GuiLoop, qapp: Any, api_db: Path
) -> None:
    db, clock, proxy, rig, sync, vm = sync_desk
    proxy.set(Status(429, b"slow down", {"Retry-After": "120"}), count=1)
    item = Outbox(storedb.connect(db)).punch(PunchKind.CLOCK_IN, clock.now(), DEVICE)
    settle(rig)
    assert [a.ok for a in rig.attempts_for(item.id)] == [False]
    asked_at = rig.attempts_for(item.id)[0].at
    (row,) = outbox_rows(db)
    assert row[2] == 1 and row[3] == pytest.approx(asked_at + 120, abs=1)  # not 2 s backoff
    for _ in range(11):  # 110 s later: still waiting, as the server asked
        clock.advance(10)
        settle(rig, 0.04)
    assert len(rig.attempts_for(item.id)) == 1
    drain_gui(loop, qapp)
    assert sync.status.pending == 1 and "429" in sync.status.last_error
    assert vm.level() == "offline" and "kept" in vm.detail_text()
    clock.advance(11)
    settle(rig)
    wait_for(lambda: rig.sender.delivered == 1, what="delivery after Retry-After")
    assert [a.ok for a in rig.attempts_for(item.id)] == [False, True]
    assert rig.attempts_for(item.id)[1].at >= asked_at + 120
    assert server_rows(api_db, "SELECT count(*) FROM punches WHERE id=?", item.id) == [(1,)]


def _other_receipt(status: int, headers: dict[str, str], body: bytes) -> Any:
    data = json.loads(body)
    data["id"] = str(uuid.uuid4())  # a well-formed receipt, for some other item
    return status, headers, json.dumps(data).encode()


GARBAGE = {
    "malformed_json": Replace(b'{"id": "x", "received_at": "2026-'),
    "html_200": Replace(b"<html><body>Welcome to the hotel Wi-Fi</html>", "text/html"),
    "empty_object": Replace(b"{}"),
    "truncated": Truncate(0.5),  # the server DID store it: the retry must not duplicate
    "receipt_for_another_id": Mutate(_other_receipt),  # likewise stored, wrongly answered
}


@pytest.mark.parametrize("name", list(GARBAGE))
def test_garbage_on_an_acknowledgement_is_not_taken_as_success(
    name: str, sync_desk: tuple[Any, ...], loop: GuiLoop, qapp: Any, api_db: Path
) -> None:
    db, clock, proxy, rig, sync, vm = sync_desk
    proxy.set(GARBAGE[name], count=3, paths="^/v1/punches$")
    item = Outbox(storedb.connect(db)).punch(PunchKind.CLOCK_IN, clock.now(), DEVICE)
    settle(rig)
    for _ in range(2):
        clock.advance(BACKOFF_CAP_S)
        settle(rig)
    assert len(rig.attempts_for(item.id)) == 3
    # no real receipt yet: the item stays queued (not parked: garbage is transient) and the
    # punch unacknowledged, whatever the server stored meanwhile
    (row,) = outbox_rows(db)
    assert row[0] == item.id and row[2] == 3 and row[4] == 0 and row[5]
    assert Outbox(storedb.connect(db)).punches_since("2000")[0][4] is None
    drain_gui(loop, qapp)
    assert sync.status.pending == 1 and sync.status.delivered == 0
    assert vm.summary_text() == "1 waiting"
    clock.advance(BACKOFF_CAP_S)
    settle(rig)
    wait_for(lambda: rig.sender.delivered == 1, what="the real receipt")
    loop.pump_until(lambda: sync.status.pending == 0)
    assert len(rig.attempts_for(item.id)) == 4
    ((_, _, _, _, received),) = Outbox(storedb.connect(db)).punches_since("2000")
    assert received is not None and parse_rfc3339(received).year >= 2024
    assert server_rows(api_db, "SELECT count(*) FROM punches WHERE id=?", item.id) == [(1,)]
    drain_gui(loop, qapp)
    assert vm.summary_text() == "All sent"


# ---- 3. disk full while writing the outbox --------------------------------------------------


def _fill(folder: Path) -> Path:
    """Fill the file system `folder` is on; returns the filler file (delete it to free)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as exc:
        assert exc.errno == 28, exc  # ENOSPC
    finally:
        os.close(fd)
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs for the app's data directory."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI and this machine run as root)")
    mnt = tmp_path / "small"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=True)


def test_disk_full_tells_the_operator_writes_nothing_half_and_recovers(
    small_disk: Path, loop: GuiLoop
) -> None:
    db = small_disk / "homeagent.db"
    storedb.check_at_startup(db)  # as the app starts: the database exists, migrated
    clock = SimClock(time.time())
    shift = ShiftService(
        PunchLedger(db, DEVICE), loop, clock.now, lambda: clock.now() - timedelta(hours=1)
    )
    notices: list[Notice] = []
    shift.notices.connect(notices.append)
    writer = OutboxWriter(db)
    punch(shift, loop, PunchKind.CLOCK_IN)
    record(loop, writer, Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "before", "C001"))
    filler = _fill(small_disk)

    # the WAL may have room left from earlier writes: punch until the disk says no
    kinds = [PunchKind.BREAK_START, PunchKind.BREAK_END] * 20
    for kind in kinds:
        before = len(shift.records)
        shift.punch(kind)
        loop.pump_until(lambda: not shift.saving)
        if len(shift.records) == before:
            break
    else:
        pytest.fail("the full disk never refused a punch")
    state = shift.state
    refused = notices[-1]
    assert refused.code == "punch_not_saved"
    assert "full" in refused.detail, refused  # the real reason, not a rollback error
    failed: list[object] = []
    loop.run(
        lambda: writer.record(Ticket(str(uuid.uuid4()), TicketCategory.OTHER, "x", "C001")),
        failed.append,
        failed.append,
    )
    loop.pump_until(lambda: bool(failed))
    assert isinstance(failed[0], StorageError) and "full" in str(failed[0]), failed

    # nothing half-written: the database is sound and holds only whole items
    check = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        punch_rows = check.execute("SELECT id, seq FROM punches ORDER BY seq").fetchall()
        queued = check.execute("SELECT id, kind, payload FROM outbox ORDER BY pos").fetchall()
        (seq_counter,) = check.execute("SELECT value FROM counters WHERE name='punch_seq'")
    finally:
        check.close()
    assert [r[1] for r in punch_rows] == list(range(1, len(punch_rows) + 1))
    assert seq_counter[0] == len(punch_rows) == len(shift.records)
    assert {r[0] for r in punch_rows} <= {r[0] for r in queued}
    for _, _kind, payload in queued:
        assert json.loads(payload)["id"]  # every queued body is whole JSON
    assert len(queued) == len(punch_rows) + 1  # the punches and the first ticket

    # space comes back: the next writes succeed and nothing earlier is lost
    filler.unlink()
    kind = PunchKind.BREAK_END if state is ShiftState.ON_BREAK else PunchKind.BREAK_START
    punch(shift, loop, kind)
    record(loop, writer, Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "after", "C001"))
    box = Outbox(storedb.connect(db))
    assert box.counts().pending == len(queued) + 2
    assert [p[3] for p in box.punches_since("2000")] == list(range(1, len(punch_rows) + 2))


# ---- 4. a damaged database at start ----------------------------------------------------------


def _filled_db(folder: Path, punches: int = 300) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "homeagent.db"
    conn = storedb.connect(db)
    box = Outbox(conn)
    for _ in range(punches):
        box.punch(PunchKind.CLOCK_IN, datetime.now(UTC), DEVICE)
    conn.close()
    return db


def _with_live_wal(folder: Path) -> tuple[Path, bytes]:
    """A database whose last commits are only in its WAL (as after a crash): (db, wal bytes)."""
    db = _filled_db(folder, 5)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint=0")
    for i in range(40):
        conn.execute("INSERT INTO counters VALUES (?, 1)", (f"later-{i}",))
    saved_db, saved_wal = db.read_bytes(), (folder / "homeagent.db-wal").read_bytes()
    conn.close()  # checkpoints; put the crash-time files back
    (folder / "homeagent.db-wal").unlink(missing_ok=True)
    (folder / "homeagent.db-shm").unlink(missing_ok=True)
    db.write_bytes(saved_db)
    return db, saved_wal


DAMAGE = ["garbage_over_header", "garbage_mid_file", "truncated", "bad_wal_header", "bad_wal_frame"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_database_is_moved_aside_reported_and_replaced(
    damage: str, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    if damage.startswith("bad_wal"):
        db, wal = _with_live_wal(folder)
        if damage == "bad_wal_header":
            wal = os.urandom(32) + wal[32:]
        else:  # the first frame garbled, committed transactions after it
            wal = wal[:100] + os.urandom(2000) + wal[2100:]
        (folder / "homeagent.db-wal").write_bytes(wal)
        damaged = wal
    else:
        db = _filled_db(folder)
        data = bytearray(db.read_bytes())
        if damage == "garbage_over_header":
            data[:12288] = os.urandom(12288)
        elif damage == "garbage_mid_file":
            data[12288:20480] = os.urandom(8192)
        else:
            del data[len(data) // 2 :]
        db.write_bytes(bytes(data))
        damaged = bytes(data)

    found = storedb.check_at_startup(db, now=lambda: 1_800_000_000.0)

    expected = "wal_damaged" if damage.startswith("bad_wal") else "database_corrupt"
    assert found.code == expected and found.recovered and found.detail
    kept = found.moved_to[0]
    assert kept.name.startswith("homeagent.db.corrupt-20270115T080000")
    assert kept.read_bytes() == damaged  # moved, never deleted or changed
    # the app goes on with a sound database (a fresh one, or the main file without its WAL)
    conn = storedb.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    Outbox(conn).punch(PunchKind.CLOCK_IN, datetime.now(UTC), DEVICE)
    conn.close()
    again = storedb.check_at_startup(db)
    assert not again.recovered  # and the next start finds nothing to complain about
    # the operator is told, through the sync status item's notices
    sync = SyncService(GuiLoop(), None, None)
    told: list[SyncNotice] = []
    sync.notices.connect(told.append)
    sync.storage_checked(found.code, str(kept))
    assert told == [SyncNotice(expected, 0, str(kept))] and sync.storage_notice == told[0]


def test_a_healthy_database_and_a_torn_wal_tail_are_left_alone(tmp_path: Path) -> None:
    db = _filled_db(tmp_path / "ok")
    before = db.read_bytes()
    assert storedb.check_at_startup(db) == storedb.StartupCheck()
    assert db.read_bytes() == before and sorted(p.name for p in db.parent.iterdir()) == [
        "homeagent.db"
    ]
    # a power cut mid-commit leaves a torn last frame: SQLite drops that one uncommitted
    # transaction by design; not damage to report
    db2, wal = _with_live_wal(tmp_path / "torn")
    (tmp_path / "torn" / "homeagent.db-wal").write_bytes(wal[:-1000])
    assert not storedb.check_at_startup(db2).recovered
    assert not storedb.check_at_startup(tmp_path / "absent.db").recovered


def test_a_fresh_database_opened_by_several_threads_at_once_is_not_locked(
    tmp_path: Path,
) -> None:
    """At first start the sender, the write pool and the IO pool all open the new database at
    once; switching it to WAL used to fail with "database is locked" about 1 time in 10."""
    import threading

    failures: list[BaseException] = []
    for round_no in range(60):
        path = tmp_path / f"r{round_no}" / "homeagent.db"

        def open_it(path: Path = path) -> None:
            try:
                storedb.connect(path).close()
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert failures == []


# ---- 5. the system clock moved during a shift ------------------------------------------------


def test_clock_moved_back_an_hour_does_not_stall_the_outbox_nor_forward_storm_it(
    server: ServerProcess, api_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "agent.db"
    storedb.check_at_startup(db)
    clock = SimClock(time.time())
    with FaultProxy(server.base_url) as proxy:
        api = api_client(proxy.url)
        proxy.down()
        rig = start_sender(db, api.deliver, clock)
        try:
            box = Outbox(storedb.connect(db))
            first = box.punch(PunchKind.CLOCK_IN, clock.now(), DEVICE)
            ticket = Ticket(str(uuid.uuid4()), TicketCategory.REQUEST, "Jumpy", "C001")
            box.add(ticket)
            for _ in range(40):  # 20 minutes down: the backoff is at its cap
                clock.advance(30)
                settle(rig, 0.03)
            tried = len(rig.attempts)
            # +1 h: everything is due at once; one attempt per stream, not a storm
            clock.jump(3600)
            settle(rig)
            assert len(rig.attempts) - tried == 2
            for _ in range(4):  # and the backoff goes on from there
                clock.advance(15)
                settle(rig, 0.03)
            assert len(rig.attempts) - tried <= 4
            # -2 h (1 h behind where we started): the retry times saved in wall time now lie
            # two hours ahead; the API is back and must not wait for them
            proxy.up()
            clock.jump(-7200)
            for _ in range(6):
                if rig.sender.delivered == 2:
                    break
                clock.advance(5)
                settle(rig)
            assert rig.sender.delivered == 2, outbox_rows(db)
            assert rig.sender.clock_jumps == 2
        finally:
            rig.sender.stop()
    assert server_rows(api_db, "SELECT count(*) FROM punches WHERE id=?", first.id) == [(1,)]
    assert server_rows(api_db, "SELECT count(*) FROM tickets WHERE id=?", ticket.id) == [(1,)]


def test_clock_jumps_during_a_shift_neither_add_nor_remove_worked_time(
    server: ServerProcess, api_db: Path, tmp_path: Path, loop: GuiLoop
) -> None:
    db = tmp_path / "agent.db"
    storedb.check_at_startup(db)
    clock = SimClock(time.time() - 1800)
    rig = start_sender(db, api_client(server.base_url).deliver, clock)
    try:
        shift = shift_on(db, rig.sender, loop, clock)
        naive = ShiftService(PunchLedger(db, DEVICE), loop, clock.now, shift._day_start)
        punch(shift, loop, PunchKind.CLOCK_IN)
        clock.advance(1800)
        naive.records = shift.records
        assert shift.totals().worked_s == pytest.approx(1800)
        clock.jump(3600)  # someone sets the clock an hour ahead
        assert shift.totals().worked_s == pytest.approx(1800)
        assert naive.totals().worked_s == pytest.approx(5400)  # wall-clock durations jump
        clock.advance(600)
        punch(shift, loop, PunchKind.BREAK_START)  # carries the (wrong) wall time
        ahead = shift.records[-1]
        clock.advance(300)
        clock.jump(-7200)  # and then an hour behind the truth
        naive.records = shift.records
        totals = shift.totals()
        assert totals.worked_s == pytest.approx(2400) and totals.break_s == pytest.approx(300)
        assert naive.totals().break_s == 0  # wall-clock: the break "ended before it began"
        punch(shift, loop, PunchKind.BREAK_END)
        clock.advance(60)
        assert shift.totals().worked_s == pytest.approx(2460)
        assert shift.totals().break_s == pytest.approx(300)
        wait_for(lambda: rig.sender.delivered == 3, what="the three punches")
    finally:
        rig.sender.stop()
    # the punch made while the clock was an hour ahead arrives with that time: the server's
    # receipt beside it shows the skew (it claims to be from the future)
    ((occurred, received),) = server_rows(
        api_db, "SELECT occurred_at, received_at FROM punches WHERE id=?", ahead.id
    )
    assert occurred == rfc3339(ahead.occurred_at)  # the time it was made, as it was made
    skew = (parse_rfc3339(occurred) - parse_rfc3339(received)).total_seconds()
    assert abs(skew - (3600 + 600)) < 60, skew  # the jump, plus the 10 simulated minutes
