"""Crash safety of ticket drafts: a child process types a ticket form through the real
DraftStore (a save per keystroke burst, as the debounce does) and is kill -9'ed at random
moments, round after round on the same database. After each kill the last draft it reported
saved loads intact: valid JSON, a readable form, its checksum right, never older than reported.

The child is this module run as a program:
    python -m tests.integration.test_draft_crash DB SEED
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from homeagent.domain.ticket_form import CallContext, TicketForm, form_from_json, form_to_json
from homeagent.store.drafts import DraftStore

pytestmark = pytest.mark.timeout(300)
ROUNDS = int(os.environ.get("HOMEAGENT_DRAFT_CRASH_ROUNDS", "20"))
KEY = "call:crash-1"
WORDS = ("colis ", "perdu ", "rappel ", "client ", "remboursement ", "é\n", "<b>x</b> ", "🙂 ")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def child(db: Path, seed: int) -> int:
    """Type forever: each save is the whole form, bigger and bigger, with its checksum."""
    store = DraftStore(db)
    rng = random.Random(seed)
    prior = store.load(KEY)
    seq = int(prior["seq"]) if prior else 0
    form = form_from_json(KEY, prior) if prior else None
    if form is None:
        start = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
        form = TicketForm(KEY, CallContext("crash-1", "inbound", "+33612345678", start))
        form.category = "complaint"
    print(f"READY {seq}", flush=True)
    while True:
        seq += 1
        form.notes = (form.notes + "".join(rng.choices(WORDS, k=rng.randrange(1, 40))))[-60_000:]
        body = form_to_json(form, datetime.now(UTC))
        body["seq"], body["digest"] = seq, digest(form.notes)
        store.save(KEY, body)
        print(f"SAVED {seq}", flush=True)
        if rng.random() < 0.2:  # another draft comes and goes meanwhile
            store.save("ticket:other", {"text": "x" * rng.randrange(1, 5000)})
            store.delete("ticket:other")


def test_kill_9_while_typing_never_leaves_a_broken_draft(tmp_path: Path) -> None:
    rng = random.Random(20261127)
    db = tmp_path / "agent.db"
    DraftStore(db).save("free:warm-up", {"v": 1})  # created once, as the app does
    last_seen = 0
    saves = 0
    for round_no in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.test_draft_crash", str(db), str(round_no)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None and proc.stderr is not None
        ready = proc.stdout.readline().split()
        assert ready[:1] == ["READY"], proc.stderr.read()
        assert int(ready[1]) >= last_seen  # the previous round's draft came back
        time.sleep(rng.uniform(0.02, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        reported = [int(line.split()[1]) for line in proc.stdout if line.startswith("SAVED")]
        proc.stdout.close()
        proc.stderr.close()
        saves += len(reported)
        told = reported[-1] if reported else int(ready[1])

        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (raw,) = conn.execute("SELECT body FROM drafts WHERE key=?", (KEY,)).fetchone()
        finally:
            conn.close()
        body = json.loads(raw)  # never half-written
        assert body == DraftStore(db).load(KEY)
        form = form_from_json(KEY, body)
        assert form is not None and form.category == "complaint"
        assert body["digest"] == digest(form.notes)
        # the last save it reported, or one more that committed just before the kill
        assert body["seq"] in (told, told + 1), (body["seq"], told)
        last_seen = body["seq"]
    print(f"\ndraft crash safety: {ROUNDS} kills, {saves} saves reported, last seq {last_seen}")
    assert saves > ROUNDS  # the child really was typing when killed


if __name__ == "__main__":
    sys.exit(child(Path(sys.argv[1]), int(sys.argv[2])))
