"""Tickets and wrap-up: the ticket form of the current call, saved as the operator types,
the wrap-up timer after hang-up, and one durable submission of ticket, notes and call record.

Nothing the operator typed is lost:
- the form is a draft in SQLite (debounced ~300 ms) and comes back after a crash with its call;
- draft writes and submissions run one after another (a pool must not reorder them);
- a submission first stores its exact content in the draft (ids and times fixed), then commits
  the items to the outbox in one transaction, then deletes the draft. A crash between those
  steps is finished at the next start: the items are rebuilt identically from the draft, so
  the API's idempotency by id makes a repeat harmless.
- when the wrap-up timer runs out without a disposition, wrap-up stays open and is flagged
  overdue: the record needs a real disposition, so none is invented and nothing is dropped.
Calls that were never answered and got nothing typed need no wrap-up and leave no draft.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from homeagent.domain.agent import AgentProfile
from homeagent.domain.call import CallSession
from homeagent.domain.ticket_form import (
    CATEGORIES,
    CallContext,
    Item,
    TicketForm,
    build_items,
    form_from_json,
    form_to_json,
    format_time,
    free_form,
    new_id,
    note_id,
    parse_time,
    split_note,
    to_ms,
)
from homeagent.domain.work import Interaction, Note, Ticket, rfc3339
from homeagent.services.observable import Topic
from homeagent.services.ports import TimerPort
from homeagent.services.session import TaskPort
from homeagent.services.telephony import Notice

log = logging.getLogger(__name__)

DEBOUNCE_S = 0.3


class DraftPort(Protocol):
    """Blocking (SQLite); run on the write pool."""

    def save(self, key: str, body: dict[str, Any]) -> None: ...
    def all(self) -> dict[str, dict[str, Any]]: ...
    def delete(self, key: str) -> None: ...
    def queued(self, item_id: str) -> bool: ...


class RecordPort(Protocol):
    """The outbox: all items in one transaction. Blocking."""

    def record(self, *items: Ticket | Note | Interaction) -> None: ...


@dataclass(frozen=True)
class Submitted:
    """A wrap-up or ticket was queued (for call history and my day)."""

    call_id: str
    disposition: str
    categories: tuple[str, ...]
    ticket_ids: tuple[str, ...]
    customer_id: str = ""


class SerialTasks:
    """Blocking jobs through TaskPort strictly one after another, in order."""

    def __init__(self, tasks: TaskPort) -> None:
        self._tasks = tasks
        self._queue: deque[tuple[Callable[[], Any], Callable[[Any], None], Any]] = deque()
        self._busy = False

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] = lambda _r: None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._queue.append((fn, on_done, on_error))
        self._pump()

    def _pump(self) -> None:
        if self._busy or not self._queue:
            return
        self._busy = True
        fn, on_done, on_error = self._queue.popleft()

        def done(result: Any) -> None:
            self._busy = False
            try:
                on_done(result)
            finally:
                self._pump()

        def failed(exc: Exception) -> None:
            self._busy = False
            try:
                if on_error is not None:
                    on_error(exc)
                else:
                    log.error("background write failed: %s", exc)
            finally:
                self._pump()

        self._tasks.run(fn, done, failed)


class WrapUpService:
    def __init__(
        self,
        drafts: DraftPort,
        writer: RecordPort,
        tasks: TaskPort,
        timers: TimerPort,
        *,
        calls_changed: Topic[CallSession],
        now: Callable[[], datetime],
        phrases: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self._drafts = drafts
        self._writer = writer
        self._timers = timers
        self._now = now
        self._phrases = dict(phrases or {})
        self._writes = SerialTasks(tasks)
        self.profile: AgentProfile | None = None
        self.form = free_form()
        self.waiting: list[TicketForm] = []  # later calls, each wrapped up after this one
        self.note_drafts: dict[str, str] = {}  # ticket id -> text of a note being written
        self._note_ids: dict[str, str] = {}
        self.submitting = False
        self.overdue = False
        self._active = False
        self._deadline = 0.0
        self._cancel_deadline: Callable[[], None] | None = None
        self._debounce: dict[str, Callable[[], None]] = {}
        self._saved: set[str] = set()  # keys that may have a row in the drafts table
        self.changed: Topic[None] = Topic()
        self.active_changed: Topic[bool] = Topic()
        self.submitted: Topic[Submitted] = Topic()
        self.notices: Topic[Notice] = Topic()
        calls_changed.connect(self.on_call_changed)

    # ---- queries ----------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Wrap-up is open: the form's call ended and its record is not queued yet."""
        return self._active

    @property
    def remaining_s(self) -> float:
        """Seconds left in wrap-up; negative once overdue; 0 outside wrap-up."""
        return self._deadline - self._timers.now() if self._active else 0.0

    @property
    def wrap_up_seconds(self) -> int:
        return self.profile.wrap_up_seconds if self.profile else 30

    def dispositions(self) -> list[tuple[str, str]]:
        return [(r.code, r.label) for r in self.profile.dispositions] if self.profile else []

    def categories(self) -> list[tuple[str, str]]:
        """(code, label) for the four categories; labels from the profile where it has them."""
        labels = {r.code: r.label for r in self.profile.ticket_categories} if self.profile else {}
        return [(code, labels.get(code, "")) for code in CATEGORIES]

    def phrases(self) -> tuple[str, ...]:
        lang = self.profile.language if self.profile else "fr"
        for choice in (lang, "en", "fr"):
            if self._phrases.get(choice):
                return tuple(self._phrases[choice])
        return ()

    def problems(self) -> tuple[str, ...]:
        """Why the form cannot be submitted now (codes the UI words); empty when it can."""
        form, out = self.form, []
        if self.submitting:
            out.append("submitting")
        if form.call is not None and form.call.ended_at is None:
            out.append("call_in_progress")
        if form.has_ticket and form.category not in CATEGORIES:
            out.append("category_required")
        if form.call is None and not form.has_ticket:
            out.append("nothing_to_submit")
        codes = [code for code, _ in self.dispositions()]
        if form.call is not None and codes and form.disposition not in codes:
            out.append("disposition_required")
        return tuple(out)

    # ---- the operator's edits ------------------------------------------------------------

    def set_profile(self, profile: AgentProfile) -> None:
        self.profile = profile
        if self._active:
            self._arm(self.form)
        self.changed.emit(None)

    def set_category(self, code: str) -> None:
        self._edit(category=code)

    def set_subject(self, text: str) -> None:
        self._edit(subject=text)

    def set_product(self, product_id: str) -> None:
        self._edit(product_id=product_id)

    def set_notes(self, text: str) -> None:
        self._edit(notes=text)

    def set_disposition(self, code: str) -> None:
        self._edit(disposition=code)

    def set_customer(self, customer_id: str, name: str, call_id: str = "") -> None:
        """From the screen pop: the customer of `call_id` (default: the form's call)."""
        form = self._form_of(call_id) if call_id else None
        form = form or self.form
        if form is self.form and self.submitting:
            return
        form.customer_id, form.customer_name = customer_id, name
        self._touch(form)

    def _edit(self, **changes: str) -> None:
        if self.submitting:
            return  # the form is being queued as it was
        for name, value in changes.items():
            setattr(self.form, name, value)
        self._touch(self.form)

    # ---- calls ------------------------------------------------------------------------

    def on_call_changed(self, call: CallSession) -> None:
        form = self._form_of(call.call_id)
        if form is None:
            if not call.is_live:
                return
            form = self._attach(call)
        ctx = form.call
        assert ctx is not None
        touched = False
        if call.answered_at is not None and ctx.answered_at is None:
            ctx.answered_at = self._wall(call.answered_at)
            touched = True
        if not call.is_live and ctx.ended_at is None:
            ctx.ended_at = self._wall(call.ended_at)
            if not form.worth_keeping():
                self._discard(form)  # rang and went: nothing to wrap up
                return
            form.wrap_up_started_at = ctx.ended_at
            touched = True
        if touched:
            self._touch(form)

    def _attach(self, call: CallSession) -> TicketForm:
        ctx = CallContext(
            call.call_id,
            call.direction.value,
            call.remote_number,
            self._wall(call.started_at),
        )
        key = f"call:{call.call_id}"
        current = self.form
        if current.call is None and not current.worth_keeping() and not self.submitting:
            # an empty form takes the call; a free ticket being written is never tied to a
            # call it may have nothing to do with: the call's form waits for its turn
            self._forget(current.key)
            current.key, current.call = key, ctx
            return current
        form = TicketForm(key, ctx)
        self.waiting.append(form)
        return form

    def _form_of(self, call_id: str) -> TicketForm | None:
        for form in (self.form, *self.waiting):
            if form.call is not None and form.call.call_id == call_id:
                return form
        return None

    def _discard(self, form: TicketForm) -> None:
        self._forget(form.key)
        if form is self.form:
            self._next_form()
        else:
            self.waiting.remove(form)
        self.changed.emit(None)

    def _next_form(self) -> None:
        self.form = self.waiting.pop(0) if self.waiting else free_form()
        if self._active and self.form.in_wrap_up:
            self._arm(self.form)  # the next call's wrap-up: status stays "wrap-up"
        self._update_active()

    # ---- wrap-up timer ------------------------------------------------------------------

    def _update_active(self) -> None:
        active = self.form.in_wrap_up
        if active == self._active:
            return
        self._active = active
        if active:
            self._arm(self.form)
        else:
            self._disarm()
            self.overdue = False
        self.active_changed.emit(active)

    def _arm(self, form: TicketForm) -> None:
        self._disarm()
        started = form.wrap_up_started_at or self._now()
        elapsed = max(0.0, (self._now() - started).total_seconds())
        left = self.wrap_up_seconds - elapsed
        self._deadline = self._timers.now() + left
        self.overdue = left <= 0
        if self.overdue:
            self.notices.emit(Notice("wrap_up_overdue", call_id=self._call_id(form)))
        else:
            self._cancel_deadline = self._timers.call_later(left, self._on_deadline)

    def _disarm(self) -> None:
        if self._cancel_deadline is not None:
            self._cancel_deadline()
            self._cancel_deadline = None

    def _on_deadline(self) -> None:
        self._cancel_deadline = None
        if self._active:
            self.overdue = True  # stays open: no disposition is invented, nothing dropped
            self.notices.emit(Notice("wrap_up_overdue", call_id=self._call_id(self.form)))
            self.changed.emit(None)

    # ---- drafts -------------------------------------------------------------------------

    def _touch(self, form: TicketForm) -> None:
        self._schedule(form.key, lambda: self._save_form(form))
        if form is self.form:
            self._update_active()
        self.changed.emit(None)

    def _schedule(self, key: str, fn: Callable[[], None]) -> None:
        cancel = self._debounce.pop(key, None)
        if cancel is not None:
            cancel()

        def fire() -> None:
            self._debounce.pop(key, None)
            fn()

        self._debounce[key] = self._timers.call_later(DEBOUNCE_S, fire)

    def flush(self) -> None:
        """At shutdown, once the event loop has stopped: write the drafts still waiting for
        their debounce, on this thread (blocking, but nothing is left to keep responsive)."""
        pending = set(self._debounce)
        for cancel in self._debounce.values():
            cancel()
        self._debounce.clear()
        bodies = [
            (form.key, form_to_json(form, to_ms(self._now())))
            for form in (self.form, *self.waiting)
            if form.key in pending and form.submitted_at is None and form.worth_keeping()
        ]
        bodies += [
            (f"ticket:{tid}", self._note_body(tid, text, None))
            for tid, text in self.note_drafts.items()
            if f"ticket:{tid}" in pending and text.strip()
        ]
        for key, body in bodies:
            try:
                self._drafts.save(key, body)
            except Exception as exc:
                log.error("draft not saved at shutdown: %s", exc)

    def _save_form(self, form: TicketForm) -> None:
        if form is not self.form and form not in self.waiting:
            return  # submitted or discarded meanwhile
        if form.submitted_at is not None:
            return
        if not form.worth_keeping():
            self._forget(form.key)
            return
        key, body = form.key, form_to_json(form, to_ms(self._now()))
        self._write(key, body, current=form is self.form)

    def _write(self, key: str, body: dict[str, Any], current: bool) -> None:
        self._saved.add(key)

        def saved(_result: object) -> None:
            if current:
                self.notices.emit(Notice("draft_saved"))

        def failed(exc: Exception) -> None:
            log.error("draft not saved: %s", exc)
            self.notices.emit(Notice("draft_not_saved", str(exc)))

        self._writes.run(lambda: self._drafts.save(key, body), saved, failed)

    def _forget(self, key: str) -> None:
        cancel = self._debounce.pop(key, None)
        if cancel is not None:
            cancel()
        if key in self._saved:
            self._saved.discard(key)
            self._writes.run(lambda: self._drafts.delete(key), on_error=self._delete_failed)

    @staticmethod
    def _delete_failed(exc: Exception) -> None:
        log.error("draft not deleted: %s", exc)

    # ---- submitting -----------------------------------------------------------------------

    def submit(self) -> bool:
        """Queue the form: returns False (with a notice) when something is missing."""
        problems = self.problems()
        if problems:
            self.notices.emit(Notice("cannot_submit", problems[0]))
            return False
        form = self.form
        self.submitting = True
        form.submitted_at = to_ms(self._now())
        items = build_items(form, form.submitted_at)
        body = form_to_json(form, form.submitted_at)
        self._saved.add(form.key)
        cancel = self._debounce.pop(form.key, None)
        if cancel is not None:
            cancel()
        self.changed.emit(None)

        def done(draft_deleted: bool) -> None:
            self.submitting = False
            if draft_deleted:
                self._saved.discard(form.key)
            self._told(form, items)
            self._next_form()
            self.changed.emit(None)

        def failed(exc: Exception) -> None:
            self.submitting = False
            form.submitted_at = None
            log.error("wrap-up not queued: %s", exc)
            self.notices.emit(Notice("queue_failed", str(exc)))
            self._touch(form)  # the draft goes back to an ordinary draft

        self._writes.run(lambda: self._commit(form.key, body, items), done, failed)
        return True

    def _commit(self, key: str, body: dict[str, Any], items: Sequence[Item]) -> bool:
        """Blocking: the three steps of a submission (see the module docstring)."""
        self._drafts.save(key, body)
        if items:
            self._writer.record(*items)
        try:
            self._drafts.delete(key)
        except Exception as exc:
            # queued all the same; the next start sees the items queued and drops the draft
            log.error("draft kept after queuing: %s", exc)
            return False
        return True

    def _told(self, form: TicketForm, items: Sequence[Item], restart: bool = False) -> None:
        tickets = [i for i in items if isinstance(i, Ticket)]
        self.notices.emit(Notice("queued_after_restart" if restart else "queued"))
        self.submitted.emit(
            Submitted(
                self._call_id(form),
                form.disposition,
                tuple(t.category.value for t in tickets),
                tuple(t.id for t in tickets),
                form.customer_id,
            )
        )

    @staticmethod
    def _call_id(form: TicketForm) -> str:
        return form.call.call_id if form.call else ""

    # ---- notes on existing tickets --------------------------------------------------------

    def note_draft(self, ticket_id: str) -> str:
        return self.note_drafts.get(ticket_id, "")

    def save_note_draft(self, ticket_id: str, text: str) -> None:
        self.note_drafts[ticket_id] = text
        self._note_ids.setdefault(ticket_id, new_id())
        self._schedule(f"ticket:{ticket_id}", lambda: self._save_note(ticket_id))

    def _save_note(self, ticket_id: str) -> None:
        text, key = self.note_drafts.get(ticket_id), f"ticket:{ticket_id}"
        if text is None:
            return
        if not text.strip():
            self._forget(key)
            return
        body = self._note_body(ticket_id, text, None)
        self._write(key, body, current=False)

    def _note_body(self, ticket_id: str, text: str, at: datetime | None) -> dict[str, Any]:
        return {
            "v": 1,
            "ticket_id": ticket_id,
            "text": text,
            "note_id": self._note_ids.setdefault(ticket_id, new_id()),
            "saved_at": rfc3339(to_ms(self._now())),
            "submitted_at": format_time(at),
        }

    def add_note(self, ticket_id: str, text: str) -> bool:
        """Queue a note for an existing ticket; its draft goes once the outbox has it."""
        if not text.strip():
            self.notices.emit(Notice("note_empty", call_id=ticket_id))
            return False
        key, at = f"ticket:{ticket_id}", to_ms(self._now())
        self.note_drafts[ticket_id] = text
        body = self._note_body(ticket_id, text, at)
        items = _note_items(body, at)
        self._saved.add(key)
        cancel = self._debounce.pop(key, None)
        if cancel is not None:
            cancel()

        def done(_deleted: bool) -> None:
            self.note_drafts.pop(ticket_id, None)
            self._note_ids.pop(ticket_id, None)
            self.notices.emit(Notice("note_queued", call_id=ticket_id))

        def failed(exc: Exception) -> None:
            log.error("note not queued: %s", exc)
            self.notices.emit(Notice("note_failed", str(exc), ticket_id))
            self._schedule(key, lambda: self._save_note(ticket_id))  # an ordinary draft again

        self._writes.run(lambda: self._commit(key, body, items), done, failed)
        return True

    # ---- restoring after a restart or a crash -----------------------------------------------

    def restore(self) -> None:
        """Bring back drafts left by the last run; finish submissions a crash interrupted."""
        self._writes.run(self._drafts.all, self._restored, self._restore_failed)

    def _restore_failed(self, exc: Exception) -> None:
        log.error("drafts not read: %s", exc)
        self.notices.emit(Notice("drafts_not_restored", str(exc)))

    def _restored(self, drafts: Mapping[str, Mapping[str, Any]]) -> None:
        count = 0
        for key, body in drafts.items():
            if key.startswith("ticket:"):
                count += self._restore_note(key, body)
                continue
            form = form_from_json(key, body)
            if form is None or (form.call and self._form_of(form.call.call_id)):
                continue
            self._saved.add(key)
            if form.submitted_at is not None:
                self._finish(form, build_items(form, form.submitted_at), body)
                continue
            if form.call is not None and form.call.ended_at is None:
                # the app died during the call: it ended then, as far as we know
                last = parse_time(body.get("saved_at")) or self._now()
                form.call.ended_at = max(last, form.call.answered_at or form.call.started_at)
                form.wrap_up_started_at = form.call.ended_at
                self._write(key, form_to_json(form, last), current=False)
            count += 1
            if not self.form.worth_keeping() and self.form.call is None and not self.submitting:
                self._forget(self.form.key)
                self.form = form
            else:
                self.waiting.append(form)
        if count:
            self.notices.emit(Notice("drafts_restored", str(count)))
        self._update_active()
        self.changed.emit(None)

    def _restore_note(self, key: str, body: Mapping[str, Any]) -> int:
        ticket_id = str(body.get("ticket_id") or key.split(":", 1)[1])
        text, note = body.get("text"), body.get("note_id")
        if not isinstance(text, str) or not isinstance(note, str):
            return 0
        self._saved.add(key)
        at = parse_time(body.get("submitted_at"))
        if at is not None:
            form = TicketForm(key)  # only its key matters to _finish
            self._finish(form, _note_items(body, at), body, note=ticket_id)
            return 0
        self.note_drafts[ticket_id], self._note_ids[ticket_id] = text, note
        return 1

    def _finish(
        self, form: TicketForm, items: list[Item], body: Mapping[str, Any], note: str = ""
    ) -> None:
        """A submission interrupted by a crash: queue it unless it already was, identically."""
        key = form.key

        def work() -> bool:
            if items and not self._drafts.queued(items[0].id):
                # never committed, or committed and already delivered: the API drops a
                # repeat of the same id and body
                self._writer.record(*items)
            self._drafts.delete(key)
            return True

        def done(_result: bool) -> None:
            self._saved.discard(key)
            if note:
                self.notices.emit(Notice("note_queued", call_id=note))
            else:
                self._told(form, items, restart=True)

        def failed(exc: Exception) -> None:
            log.error("interrupted submission not finished: %s", exc)
            self.notices.emit(Notice("queue_failed", str(exc)))

        self._writes.run(work, done, failed)

    def _wall(self, mono: float | None) -> datetime:
        """A monotonic instant as wall-clock time (ms precision, like the wire)."""
        now = self._now()
        if mono is None:
            return to_ms(now)
        return to_ms(now - timedelta(seconds=max(0.0, self._timers.now() - mono)))


def _note_items(body: Mapping[str, Any], at: datetime) -> list[Item]:
    ticket_id, base = str(body["ticket_id"]), str(body["note_id"])
    chunks = split_note(str(body["text"]))
    return [Note(note_id(base, i), ticket_id, chunk, at) for i, chunk in enumerate(chunks)]
