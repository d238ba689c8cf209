"""The process the crash-safety test kills: it queues punches, tickets and notes through the
real outbox and sender, printing each item only after its transaction committed.

    python -m tests.integration.crash.child --db D --api URL --mode produce|drain
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from homeagent.api.client import ApiClient
from homeagent.api.http import Http
from homeagent.domain.work import Note, PunchKind, Ticket, TicketCategory
from homeagent.services.outbox_sender import OutboxSender, SyncStatus
from homeagent.store import db as storedb
from homeagent.store.outbox import Outbox

KINDS = (PunchKind.CLOCK_IN, PunchKind.BREAK_START, PunchKind.BREAK_END, PunchKind.CLOCK_OUT)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--api", required=True)
    parser.add_argument("--mode", choices=["produce", "drain"], required=True)
    parser.add_argument("--customer", default="")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    client = ApiClient(Http(args.api, timeout=(0.5, 2.0)), device_id="crash-test", retries=1)
    for _ in range(100):  # the server may be "down" right now: keep trying to sign in
        try:
            client.login("agent", "demo")
            break
        except Exception:  # any failure: wait and retry
            time.sleep(0.1)
    else:
        print("LOGIN-FAILED", flush=True)
        return 1

    status: list[SyncStatus] = []
    drained = threading.Event()

    def on_status(s: SyncStatus) -> None:
        status.append(s)
        if s.pending == 0:
            drained.set()

    # as the app does: the sender's own connection need not fsync its acknowledgements
    sender = OutboxSender(
        lambda: Outbox(storedb.connect(args.db, durable=False)), client.deliver, on_status
    )
    sender.start()
    if args.mode == "drain":
        drained.wait(120)
        ok = bool(status) and status[-1].pending == 0
        print(
            f"DRAINED parked={status[-1].parked if status else -1}" if ok else "NOT-DRAINED",
            flush=True,
        )
        sender.stop()
        return 0 if ok else 1

    box = Outbox(storedb.connect(args.db))
    while True:  # until killed
        roll = rng.random()
        if roll < 0.5:
            punch = box.punch(KINDS[rng.randrange(4)], datetime.now(UTC), "crash-test")
            print(f"COMMITTED punch {punch.id} {punch.seq}", flush=True)
        else:
            ticket = Ticket(
                str(uuid.uuid4()), TicketCategory.REQUEST, "crash test", customer_id=args.customer
            )
            notes = [
                Note(str(uuid.uuid4()), ticket.id, f"note {i}", datetime.now(UTC))
                for i in range(rng.randrange(1, 4))
            ]
            box.add(ticket, *notes)
            print(f"COMMITTED ticket {ticket.id} {len(notes)}", flush=True)
            for i, note in enumerate(notes):
                print(f"COMMITTED note {note.id} {ticket.id} {i}", flush=True)
        sender.wake()
        time.sleep(rng.uniform(0.0, 0.02))


if __name__ == "__main__":
    sys.exit(main())
