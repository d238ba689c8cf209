"""Delivers the outbox: the one service with its own thread (it owns a SQLite connection).

The loop thread reads due items (the head of each stream) and records outcomes; a small
pool does the HTTP, one request per stream at a time, so streams go in parallel while each
keeps its order. Nothing is deleted before the API acknowledged its id.
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from homeagent.domain.delivery import Outcome, backoff_s, classify
from homeagent.domain.errors import ApiBadResponse

log = logging.getLogger(__name__)

# The wall clock moved this far (beyond what the monotonic clock saw) between two looks: the
# system time was changed. Retry times are kept in wall time (they survive a restart), so a
# clock set back an hour would hold every waiting item for an hour: forget the backoff instead.
CLOCK_JUMP_S = 60.0


class OutboxEntryLike(Protocol):
    id: str
    stream: str
    kind: str
    payload: dict[str, Any]
    attempts: int


class OutboxPort(Protocol):
    def heads(self, now: float, busy: frozenset[str] = ..., limit: int = ...) -> list[Any]: ...
    def next_due_at(self) -> float | None: ...
    def acknowledge_many(self, receipts: list[tuple[str, str]]) -> None: ...
    def next_in_stream(self, stream: str, now: float) -> Any: ...
    def retry_later(self, item_id: str, error: str, delay_s: float) -> None: ...
    def park(self, item_id: str, reason: str) -> None: ...
    def counts(self) -> Any: ...
    def retry_all_now(self) -> None: ...


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    parked: int
    online: bool  # the last delivery attempt reached the API
    signed_out: bool = False
    last_error: str = ""
    delivered: int = 0  # since start


@dataclass(frozen=True)
class _Result:
    entry: Any
    receipt: tuple[str, str] | None
    error: BaseException | None


class OutboxSender:
    def __init__(
        self,
        open_outbox: Callable[[], OutboxPort],
        deliver: Callable[[str, dict[str, Any]], tuple[str, str]],
        on_status: Callable[[SyncStatus], None],
        *,
        workers: int = 4,
        idle_poll_s: float = 30.0,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._open = open_outbox
        self._deliver = deliver
        self._on_status = on_status
        self._workers = workers
        self._idle_poll_s = idle_poll_s
        self._clock = clock
        self._monotonic = monotonic
        self._clock_offset: float | None = None  # wall minus monotonic, at the last look
        self.clock_jumps = 0
        self._results: queue.Queue[_Result | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._online = True
        self._signed_out = False
        self._last_error = ""
        self._rescan = True
        self._retry_all = False
        self._published_at = 0.0
        self.delivered = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """New items, a sign-in, or the operator's "retry now": look again at once."""
        self._signed_out = False
        self._rescan = True
        self._results.put(None)

    def retry_now(self) -> None:
        """The network came back, or the operator pressed "retry": forget the backoff."""
        self._retry_all = True
        self.wake()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._results.put(None)
        if self._thread is not None:
            self._thread.join(timeout_s)

    # ---- the loop thread ------------------------------------------------------------------

    def _run(self) -> None:
        outbox = self._open()
        in_flight: dict[str, Any] = {}  # stream -> entry being sent
        ready: collections.deque[Any] = collections.deque()  # heads waiting for a worker
        with ThreadPoolExecutor(self._workers, thread_name_prefix="outbox-http") as pool:
            self._publish(outbox, force=True)
            while not self._stop.is_set():
                self._check_clock()
                if self._retry_all:
                    self._retry_all = False
                    outbox.retry_all_now()  # on this thread: it owns the connection
                if not self._signed_out:
                    if self._rescan or not ready:
                        # a full scan is O(backlog): take many heads at once, and only when
                        # we have run out or something new arrived
                        self._rescan = False
                        heads = outbox.heads(self._clock(), frozenset(in_flight), limit=256)
                        ready = collections.deque(heads)
                    while ready and len(in_flight) < self._workers:
                        entry = ready.popleft()
                        if entry.stream not in in_flight:
                            in_flight[entry.stream] = entry
                            pool.submit(self._attempt, entry)
                timeout = self._idle_poll_s if in_flight else self._wait_s(outbox)
                try:
                    result = self._results.get(timeout=timeout)
                except queue.Empty:
                    self._rescan = True  # a retry may be due
                    continue
                batch = []
                while result is not None:
                    batch.append(result)
                    try:
                        result = self._results.get_nowait()
                    except queue.Empty:
                        break
                for done in batch:
                    in_flight.pop(done.entry.stream, None)
                for follower in self._record(outbox, batch):
                    ready.appendleft(follower)  # keep a stream flowing without a rescan
                self._publish(outbox, force=not in_flight)

    def _attempt(self, entry: Any) -> None:
        try:
            receipt = self._deliver(entry.kind, entry.payload)
            if receipt[0] != entry.id:
                # a receipt for something else (a confused proxy or cache): not an answer to
                # what we sent, so not an acknowledgement; the id makes the retry safe
                raise ApiBadResponse(f"the receipt is for {receipt[0][:60]!r}, not this item")
            self._results.put(_Result(entry, receipt, None))
        except BaseException as exc:  # every outcome is recorded, none lost
            self._results.put(_Result(entry, None, exc))

    def _record(self, outbox: OutboxPort, batch: list[_Result]) -> list[Any]:
        """Record outcomes; return each acknowledged stream's next item, if due."""
        acks = [(r.entry.id, r.receipt[1]) for r in batch if r.error is None and r.receipt]
        if acks:
            outbox.acknowledge_many(acks)
            self.delivered += len(acks)
            self._online = True
        followers = []
        now = self._clock()
        for result in batch:
            if result.error is None:
                nxt = outbox.next_in_stream(result.entry.stream, now)
                if nxt is not None:
                    followers.append(nxt)
            else:
                self._record_failure(outbox, result.entry, result.error)
        return followers

    def _record_failure(self, outbox: OutboxPort, entry: Any, exc: BaseException) -> None:
        outcome = classify(exc)
        reason = _reason(exc)
        self._last_error = reason
        if outcome is Outcome.TRANSIENT:
            self._online = False
            outbox.retry_later(entry.id, reason, backoff_s(entry.attempts + 1, exc))
        elif outcome is Outcome.SIGNED_OUT:
            self._signed_out = True
            outbox.retry_later(entry.id, reason, 0)
        else:
            if outcome is Outcome.BUG:
                log.error("outbox item %s (%s) failed unexpectedly: %r", entry.id, entry.kind, exc)
            else:
                log.warning("outbox item %s (%s) refused: %s", entry.id, entry.kind, reason)
            outbox.park(entry.id, reason)

    def _wait_s(self, outbox: OutboxPort) -> float:
        due = outbox.next_due_at()
        if due is None or self._signed_out:
            return self._idle_poll_s
        return max(0.0, min(self._idle_poll_s, due - self._clock()))

    def _check_clock(self) -> None:
        """Notice the system time being moved; after a jump, retry what waits now."""
        offset = self._clock() - self._monotonic()
        before, self._clock_offset = self._clock_offset, offset
        if before is not None and abs(offset - before) > CLOCK_JUMP_S:
            self.clock_jumps += 1
            log.warning("system clock moved by %+.0f s: sending waiting items now", offset - before)
            self._retry_all = True
            self._rescan = True

    def _publish(self, outbox: OutboxPort, *, force: bool = False) -> None:
        """Tell the status bar, at most every 200 ms during a drain (counting costs a scan)."""
        now = self._monotonic()
        if not force and now - self._published_at < 0.2:
            return
        self._published_at = now
        counts = outbox.counts()
        self._on_status(
            SyncStatus(
                counts.pending,
                counts.parked,
                self._online,
                self._signed_out,
                self._last_error,
                self.delivered,
            )
        )


def _reason(exc: BaseException) -> str:
    detail = getattr(exc, "detail", "")
    status = getattr(exc, "status", 0)
    text = f"{status} {exc}" if status else str(exc)
    return f"{text}: {detail}" if detail else text
