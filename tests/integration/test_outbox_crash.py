"""Crash safety of the outbox: a child process queues punches, tickets and notes while the
API flaps, and is kill -9'ed at random points, many times. Afterwards every item it reported
as committed reached the server exactly once, each stream in order."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from homeagent.demo.server import ServerProcess, start_subprocess
from tests.integration.rig.faultproxy import FaultProxy, Status

pytestmark = pytest.mark.timeout(600)
ROUNDS = int(os.environ.get("HOMEAGENT_CRASH_ROUNDS", "50"))
CUSTOMER = "C001"


@pytest.fixture
def server_db(tmp_path: Path) -> Path:
    return tmp_path / "api.db"


@pytest.fixture
def server(server_db: Path) -> Iterator[ServerProcess]:
    with start_subprocess(server_db, seed=True) as srv:
        yield srv


def flap(proxy: FaultProxy, stop: threading.Event, rng: random.Random) -> None:
    """The home internet: up, down, 503 bursts."""
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.25:
            proxy.down()
            stop.wait(rng.uniform(0.05, 0.4))
            proxy.up()
        elif roll < 0.45:
            proxy.set(Status(503), count=rng.randrange(1, 5))
        stop.wait(rng.uniform(0.05, 0.3))
    proxy.clear()
    if not proxy.is_up:
        proxy.up()


def child(db: Path, api: str, mode: str, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash.child", "--db", str(db), "--api", api,
         "--mode", mode, "--customer", CUSTOMER, "--seed", str(seed)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip


def committed_lines(proc: subprocess.Popen[str]) -> list[list[str]]:
    assert proc.stdout is not None
    out = proc.stdout.read()
    proc.stdout.close()
    return [line.split()[1:] for line in out.splitlines() if line.startswith("COMMITTED")]


def server_view(db: Path) -> tuple[list[tuple[str, int]], list[str], list[tuple[str, str]]]:
    """What the server stored, in arrival order (rowid): punches (id, seq), ticket ids,
    notes (id, ticket id). Read from its database: the API has no arrival order to show."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        punches = conn.execute("SELECT id, seq FROM punches ORDER BY rowid").fetchall()
        tickets = [r[0] for r in conn.execute("SELECT id FROM tickets ORDER BY rowid")]
        notes = conn.execute("SELECT id, ticket_id FROM notes ORDER BY rowid").fetchall()
    finally:
        conn.close()
    return punches, tickets, notes


def test_kill_9_at_random_points_loses_and_duplicates_nothing(
    tmp_path: Path, server: ServerProcess, server_db: Path
) -> None:
    rng = random.Random(20261127)
    db = tmp_path / "agent.db"
    committed: list[list[str]] = []
    with FaultProxy(server.base_url) as proxy:
        stop = threading.Event()
        flapper = threading.Thread(target=flap, args=(proxy, stop, rng), daemon=True)
        flapper.start()
        try:
            for round_no in range(ROUNDS):
                proc = child(db, proxy.url, "produce", round_no)
                time.sleep(rng.uniform(0.3, 1.2))
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                committed += committed_lines(proc)
        finally:
            stop.set()
            flapper.join(5)
        drain = child(db, proxy.url, "drain", 0)
        out, _ = drain.communicate(timeout=180)
    assert "DRAINED parked=0" in out, out

    punches_sent = [c[1] for c in committed if c[0] == "punch"]
    tickets_sent = {c[1] for c in committed if c[0] == "ticket"}
    notes_sent = {c[1]: (c[2], int(c[3])) for c in committed if c[0] == "note"}
    stored_punches, stored_tickets, stored_notes = server_view(server_db)
    stored_punch_ids = [p[0] for p in stored_punches]
    stored_note_ids = [n[0] for n in stored_notes]

    lost = (set(punches_sent) - set(stored_punch_ids)) | (tickets_sent - set(stored_tickets))
    lost |= set(notes_sent) - set(stored_note_ids)
    duplicated = (
        len(stored_punch_ids)
        - len(set(stored_punch_ids))
        + len(stored_tickets)
        - len(set(stored_tickets))
        + len(stored_note_ids)
        - len(set(stored_note_ids))
    )
    # punches arrived in seq order; each ticket's notes in the order they were written
    seqs = [seq for _, seq in stored_punches]
    out_of_order = sum(1 for a, b in itertools.pairwise(seqs) if b <= a)
    arrived: dict[str, list[int]] = {}
    for note_id, ticket_id in stored_notes:
        if note_id in notes_sent:
            arrived.setdefault(ticket_id, []).append(notes_sent[note_id][1])
    note_order_errors = sum(1 for order in arrived.values() if order != sorted(order))
    print(
        f"\ncrash safety: {ROUNDS} kills; committed {len(punches_sent)} punches, "
        f"{len(tickets_sent)} tickets, {len(notes_sent)} notes; on the server "
        f"{len(stored_punch_ids)} punches, {len(stored_tickets)} tickets, {len(stored_note_ids)} "
        f"notes; lost {len(lost)}, duplicated {duplicated}, punches out of order "
        f"{out_of_order}, tickets with notes out of order {note_order_errors}"
    )
    assert ROUNDS >= 50 or os.environ.get("HOMEAGENT_CRASH_ROUNDS")
    assert punches_sent and tickets_sent and notes_sent  # the test exercised something
    assert not lost
    assert duplicated == 0
    assert out_of_order == 0
    assert note_order_errors == 0
