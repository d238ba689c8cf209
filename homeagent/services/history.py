"""The call history: every call written down locally as it rings, is answered and ends, then
completed by the screen pop (who called) and the wrap-up (disposition, tickets).

Runs on the GUI thread and never blocks: writes and queries go through TaskPort. Writes are
sent one at a time, in order (a later state of a call never lands before an earlier one), and
a write waiting behind another is replaced by the newer state of the same call. Queries are
answered on `results`; an answer to a query that has since been superseded is dropped.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from homeagent.domain.call import CallSession, CallState
from homeagent.domain.history import CallRecord, from_session, merge
from homeagent.services.observable import Topic
from homeagent.services.ports import TimerPort
from homeagent.services.session import TaskPort
from homeagent.services.telephony import Notice, TelephonyService

log = logging.getLogger(__name__)

PAGE_SIZE = 500  # the most a list asks for at once: the newest calls, or the best matches
KEEP_OPEN = 64  # recent calls kept in memory for the screen pop and wrap-up to complete
_DIALABLE = re.compile(r"\+?[0-9*#]+")


class HistoryPort(Protocol):
    """Blocking (SQLite); run on the IO pool."""

    def upsert(self, record: CallRecord) -> None: ...

    def recent(self, agent: str, limit: int) -> list[CallRecord]: ...

    def search(self, agent: str, text: str, limit: int) -> list[CallRecord]: ...

    def day(self, agent: str, start: datetime, end: datetime) -> list[CallRecord]: ...

    def purge_older_than(self, days: float, now: datetime | None = None) -> int: ...


@dataclass(frozen=True)
class HistoryResults:
    """The answer to one query: `text` "" means the most recent calls."""

    text: str
    records: tuple[CallRecord, ...]
    limit: int

    @property
    def truncated(self) -> bool:
        return len(self.records) >= self.limit


@dataclass(frozen=True)
class DayRecords:
    start: datetime
    end: datetime
    records: tuple[CallRecord, ...]


# after the first sight of a call (ringing, dialling, or taken over by a transfer), the
# states worth a write: answered and ended
_WRITTEN_STATES = frozenset({CallState.ACTIVE, CallState.ENDED})


class HistoryService:
    def __init__(
        self,
        store: HistoryPort,
        tasks: TaskPort,
        telephony: TelephonyService,
        timers: TimerPort,
        now: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._tasks = tasks
        self._telephony = telephony
        self._timers = timers
        self._now = now
        self.agent = ""
        self._open: OrderedDict[str, CallRecord] = OrderedDict()
        self._written_state: dict[str, CallState] = {}
        self._queue: OrderedDict[str, CallRecord] = OrderedDict()
        self._writing = False
        self._query_seq = 0
        self._day_seq = 0
        self.busy = False  # a query is running
        # published
        self.saved: Topic[CallRecord] = Topic()  # a record reached the disk (its newest state)
        self.results: Topic[HistoryResults] = Topic()
        self.day_loaded: Topic[DayRecords] = Topic()
        self.busy_changed: Topic[bool] = Topic()
        self.agent_changed: Topic[str] = Topic()
        self.notices: Topic[Notice] = Topic()
        telephony.calls_changed.connect(self._on_telephony_calls_changed)

    def close(self) -> None:
        self._telephony.calls_changed.disconnect(self._on_telephony_calls_changed)

    # ---- who is at the desk --------------------------------------------------------------

    def set_agent(self, username: str) -> None:
        """Whose history: later records carry it and queries show only theirs."""
        if username != self.agent:
            self.agent = username
            self.agent_changed.emit(username)

    @property
    def country(self) -> str:
        """The home country of the dial plan (how numbers read to the operator)."""
        return self._telephony.dial_plan.country

    # ---- completing a record ---------------------------------------------------------------

    def set_customer(self, call_id: str, customer_id: str, name: str) -> None:
        """The screen pop identified the caller."""
        record = self._open.get(call_id)
        if record is None:
            log.warning("history: customer for unknown call %s", call_id)
            return
        name = name or record.remote_name
        self._write(replace(record, customer_id=customer_id, remote_name=name))

    def wrap_up_done(
        self,
        call_id: str,
        disposition: str,
        categories: Sequence[str],
        ticket_ids: Sequence[str],
    ) -> None:
        """The wrap-up was submitted: its end time, disposition and tickets."""
        record = self._open.get(call_id)
        if record is None:
            log.warning("history: wrap-up for unknown call %s", call_id)
            return
        done = replace(
            record,
            wrap_up_ended_at=self._now(),
            disposition=disposition,
            categories=tuple(c for c in categories if c),
            ticket_ids=tuple(t for t in ticket_ids if t),
        )
        self._write(done)

    def forget(self) -> None:
        """Sign-out: the calls kept in memory and the writes not yet made are dropped (the
        stored rows go with the sign-out purge of cached customer data); answers to queries
        still running are ignored, and the lists are told they are empty."""
        self._open.clear()
        self._written_state.clear()
        self._queue.clear()
        self._query_seq += 1
        self._day_seq += 1
        self._set_busy(False)
        self.results.emit(HistoryResults("", (), PAGE_SIZE))

    def record(self, call_id: str) -> CallRecord | None:
        """The newest state of a recent call, if still in memory."""
        return self._open.get(call_id)

    # ---- queries -----------------------------------------------------------------------

    def recent(self, limit: int = PAGE_SIZE) -> None:
        self.search("", limit)

    def search(self, text: str, limit: int = PAGE_SIZE) -> None:
        """Find calls by number digits or name; the answer comes on `results`."""
        self._query_seq += 1
        seq = self._query_seq
        agent = self.agent
        self._set_busy(True)

        def done(records: list[CallRecord]) -> None:
            if seq != self._query_seq:
                return  # a newer query is running: this answer is stale
            self._set_busy(False)
            self.results.emit(HistoryResults(text, tuple(records), limit))

        def failed(exc: Exception) -> None:
            if seq == self._query_seq:
                self._set_busy(False)
            self._failed(exc)

        self._tasks.run(lambda: self._store.search(agent, text, limit), done, failed)

    def load_day(self, start: datetime, end: datetime) -> None:
        """The agent's calls started in [start, end); the answer comes on `day_loaded`."""
        self._day_seq += 1
        seq = self._day_seq
        agent = self.agent

        def done(records: list[CallRecord]) -> None:
            if seq == self._day_seq:
                self.day_loaded.emit(DayRecords(start, end, tuple(records)))

        self._tasks.run(lambda: self._store.day(agent, start, end), done, self._failed)

    def purge_older_than(self, days: float) -> None:
        now = self._now()

        def done(count: int) -> None:
            if count:
                log.info("history: %d calls older than %s days forgotten", count, days)

        self._tasks.run(lambda: self._store.purge_older_than(days, now), done, self._failed)

    def redial(self, record: CallRecord) -> bool:
        """Call the record's number again (telephony checks it and says why not)."""
        number = record.remote_number
        if number and "@" not in number and not _DIALABLE.fullmatch(number):
            number = f"sip:{number}"  # a SIP user (not a phone number) on our domain
        return self._telephony.dial(number) is not None

    # ---- telephony ------------------------------------------------------------------------

    def _on_telephony_calls_changed(self, call: CallSession) -> None:
        known = self._open.get(call.call_id)
        if known is not None and known.ended:
            return  # told once more after the end: already written
        last = self._written_state.get(call.call_id)
        first_sight = last is None and known is None
        if not first_sight and (call.state is last or call.state not in _WRITTEN_STATES):
            return  # media and stats updates, the far end ringing: nothing new to keep
        if call.state is CallState.ENDED:
            self._written_state.pop(call.call_id, None)
        else:
            self._written_state[call.call_id] = call.state
        fresh = from_session(call, self.agent, self._wall)
        self._write(fresh if known is None else merge(known, replace(fresh, agent=known.agent)))

    def _wall(self, monotonic: float) -> datetime:
        """A monotonic instant of telephony's clock as wall-clock UTC."""
        return self._now() - timedelta(seconds=max(0.0, self._timers.now() - monotonic))

    # ---- writing, one at a time -------------------------------------------------------------

    def _write(self, record: CallRecord) -> None:
        self._open[record.call_id] = record
        self._open.move_to_end(record.call_id)
        while len(self._open) > KEEP_OPEN:
            self._open.popitem(last=False)
        self._queue[record.call_id] = record  # replaces a waiting write of the same call
        self._queue.move_to_end(record.call_id)
        self._pump()

    def _pump(self) -> None:
        if self._writing or not self._queue:
            return
        _, record = self._queue.popitem(last=False)
        self._writing = True

        def done(_: object) -> None:
            self._writing = False
            self.saved.emit(record)
            self._pump()

        def failed(exc: Exception) -> None:
            self._writing = False
            self._failed(exc)
            self._pump()

        self._tasks.run(lambda: self._store.upsert(record), done, failed)

    # ---- helpers --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busy_changed.emit(busy)

    def _failed(self, exc: Exception) -> None:
        log.error("call history storage: %s", exc)
        self.notices.emit(Notice("history_storage_failed", str(exc)))
