"""WrapUpService on fake ports: drafts as the operator types, the wrap-up timer, one
submission of ticket + notes + call record, and restoring what a crash left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from homeagent.domain.agent import AgentProfile, Reason
from homeagent.domain.call import CallSession, CallState, Direction
from homeagent.domain.errors import StorageError
from homeagent.domain.ticket_form import (
    TicketForm,
    build_items,
    form_from_json,
    form_to_json,
    parse_canned_phrases,
)
from homeagent.domain.work import NOTE_MAX_CHARS, Interaction, Note, Ticket, TicketCategory
from homeagent.services.observable import Topic
from homeagent.services.telephony import Notice
from homeagent.services.wrapup import Submitted, WrapUpService
from tests.unit.fakes import FakeTimers

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PROFILE = AgentProfile(
    "a1",
    "Alice",
    language="en",
    dispositions=(Reason("resolved", "Resolved"), Reason("callback", "Callback")),
    ticket_categories=(Reason("complaint", "Complaint"),),
    wrap_up_seconds=45,
)


class Drafts:
    def __init__(self) -> None:
        self.rows: dict[str, dict[str, Any]] = {}
        self.log: list[tuple[str, str]] = []
        self.fail_delete = False
        self.outbox_ids: set[str] = set()

    def save(self, key: str, body: dict[str, Any]) -> None:
        self.rows[key] = body
        self.log.append(("save", key))

    def all(self) -> dict[str, dict[str, Any]]:
        return dict(self.rows)

    def delete(self, key: str) -> None:
        if self.fail_delete:
            raise StorageError("disk I/O error")
        self.rows.pop(key, None)
        self.log.append(("delete", key))

    def queued(self, item_id: str) -> bool:
        return item_id in self.outbox_ids


class Writer:
    def __init__(self, drafts: Drafts) -> None:
        self.batches: list[tuple[Ticket | Note | Interaction, ...]] = []
        self.fail = False
        self._drafts = drafts

    def record(self, *items: Ticket | Note | Interaction) -> None:
        if self.fail:
            raise StorageError("database is locked")
        self.batches.append(items)
        self._drafts.outbox_ids.update(i.id for i in items)


class Tasks:
    """Runs work at once, or holds it until flushed (to see ordering and in-between states)."""

    def __init__(self) -> None:
        self.hold = False
        self.queued: list[tuple[Callable[[], Any], Any, Any]] = []

    def run(self, fn: Callable[[], Any], on_done: Any = None, on_error: Any = None) -> None:
        self.queued.append((fn, on_done, on_error))
        if not self.hold:
            self.flush()

    def flush(self) -> None:
        while self.queued:
            fn, done, error = self.queued.pop(0)
            try:
                result = fn()
            except Exception as exc:
                if error:
                    error(exc)
                continue
            if done:
                done(result)


class Rig:
    def __init__(self, drafts: Drafts | None = None) -> None:
        self.drafts = drafts or Drafts()
        self.writer = Writer(self.drafts)
        self.tasks = Tasks()
        self.timers = FakeTimers()
        self.calls: Topic[CallSession] = Topic()
        self.wall = T0
        self.svc = WrapUpService(
            self.drafts,
            self.writer,
            self.tasks,
            self.timers,
            calls_changed=self.calls,
            now=lambda: self.wall + timedelta(seconds=self.timers.t - 100.0),
            phrases={"fr": ("Bonjour",), "en": ("Hello", "Goodbye")},
        )
        self.svc.set_profile(PROFILE)
        self.notices: list[Notice] = []
        self.active: list[bool] = []
        self.submitted: list[Submitted] = []
        self.svc.notices.connect(self.notices.append)
        self.svc.active_changed.connect(self.active.append)
        self.svc.submitted.connect(self.submitted.append)

    def codes(self) -> list[str]:
        return [n.code for n in self.notices]

    def call(self, call_id: str = "c1", number: str = "+33612345678") -> CallSession:
        session = CallSession(
            call_id, Direction.INBOUND, f"sip:{number}@x", number, started_at=self.timers.t
        )
        session.state = CallState.INCOMING
        self.calls.emit(session)
        return session

    def answer(self, session: CallSession) -> None:
        session.apply(CallState.ACTIVE, 200, self.timers.t)
        self.calls.emit(session)

    def end(self, session: CallSession) -> None:
        session.apply(CallState.ENDED, 200, self.timers.t)
        self.calls.emit(session)


@pytest.fixture
def rig() -> Rig:
    return Rig()


def talked(rig: Rig, call_id: str = "c1", seconds: float = 60) -> CallSession:
    session = rig.call(call_id)
    rig.timers.advance(5)
    rig.answer(session)
    rig.timers.advance(seconds)
    rig.end(session)
    return session


# ---- drafts -----------------------------------------------------------------------------------


def test_typing_is_saved_once_typing_pauses(rig: Rig) -> None:
    rig.svc.set_category("request")
    for i in range(1, 6):
        rig.svc.set_notes("x" * i)
        rig.timers.advance(0.1)
    assert rig.drafts.rows == {}  # still typing: nothing written yet
    rig.timers.advance(0.3)
    [(key, body)] = rig.drafts.rows.items()
    assert key.startswith("free:") and body["notes"] == "xxxxx"
    assert rig.codes()[-1] == "draft_saved"


def test_draft_writes_never_overtake_each_other(rig: Rig) -> None:
    rig.tasks.hold = True  # a pool with several threads: the service must keep the order
    rig.svc.set_subject("first")
    rig.timers.advance(0.4)
    rig.svc.set_subject("second")
    rig.timers.advance(0.4)
    assert len(rig.tasks.queued) == 1  # the second waits for the first
    rig.tasks.hold = False
    rig.tasks.flush()
    [body] = rig.drafts.rows.values()
    assert body["subject"] == "second"


def test_flush_writes_what_the_debounce_still_holds(rig: Rig) -> None:
    talked(rig)
    rig.timers.advance(1)
    rig.svc.set_notes("last words")
    rig.svc.save_note_draft("T1", "a note")
    rig.tasks.hold = True  # the pool is gone at shutdown: flush writes on its own
    rig.svc.flush()
    assert rig.drafts.rows["call:c1"]["notes"] == "last words"
    assert rig.drafts.rows["ticket:T1"]["text"] == "a note"
    assert [fn for _, fn in rig.timers.pending] == [rig.svc._on_deadline]  # no debounce left
    assert rig.tasks.queued == []


def test_draft_json_round_trip_is_exact() -> None:
    form = TicketForm("call:c9", customer_id="C1", category="other", notes="a\nb")
    form2 = form_from_json(form.key, form_to_json(form, T0))
    assert form2 == form
    assert form_from_json("call:x", {"ticket_id": "not a uuid"}) is None


def test_unanswered_call_with_nothing_typed_leaves_no_trace(rig: Rig) -> None:
    session = rig.call()
    rig.svc.set_customer("C001", "Jeanne")
    rig.timers.advance(10)
    rig.end(session)
    rig.timers.advance(1)
    assert rig.drafts.rows == {} and rig.writer.batches == []
    assert not rig.svc.active and rig.active == []
    assert rig.svc.form.call is None


# ---- wrap-up --------------------------------------------------------------------------------


def test_hang_up_starts_wrap_up_with_the_profile_timer(rig: Rig) -> None:
    talked(rig)
    assert rig.svc.active and rig.active == [True]
    assert rig.svc.remaining_s == pytest.approx(45)
    rig.timers.advance(0.4)
    body = rig.drafts.rows["call:c1"]
    assert body["call"]["answered_at"] == "2026-11-27T09:00:05.000Z"
    assert body["call"]["ended_at"] == "2026-11-27T09:01:05.000Z"


def test_disposition_is_required(rig: Rig) -> None:
    talked(rig)
    assert "disposition_required" in rig.svc.problems()
    assert rig.svc.submit() is False
    assert rig.notices[-1] == Notice("cannot_submit", "disposition_required")
    rig.svc.set_disposition("not-in-profile")
    assert rig.svc.submit() is False
    assert rig.writer.batches == []


def test_submit_queues_ticket_notes_and_call_record_in_one_batch(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_customer("C001", "Jeanne")
    rig.svc.set_category("complaint")
    rig.svc.set_subject("Late delivery")
    rig.svc.set_product("P7")
    rig.svc.set_notes("Parcel lost.\nRefund asked.")
    rig.svc.set_disposition("resolved")
    rig.timers.advance(0.4)
    assert "call:c1" in rig.drafts.rows
    assert rig.svc.submit() is True
    [batch] = rig.writer.batches
    ticket, note, interaction = batch
    assert isinstance(ticket, Ticket) and isinstance(note, Note)
    assert isinstance(interaction, Interaction)
    assert ticket.category is TicketCategory.COMPLAINT and ticket.subject == "Late delivery"
    assert (ticket.customer_id, ticket.product_id, ticket.call_id) == ("C001", "P7", "c1")
    assert ticket.caller_number == "+33612345678" and ticket.disposition == "resolved"
    assert note.ticket_id == ticket.id and note.body == "Parcel lost.\nRefund asked."
    assert interaction.ticket_ids == (ticket.id,) and interaction.disposition == "resolved"
    assert interaction.call_id == "c1" and interaction.customer_id == "C001"
    assert interaction.answered_at is not None and interaction.wrap_up_ended_at is not None
    assert interaction.started_at < interaction.answered_at < interaction.ended_at
    assert interaction.ended_at <= interaction.wrap_up_ended_at
    # the draft went only after the commit, and the operator is told
    assert rig.drafts.rows == {}
    assert rig.drafts.log[-2:] == [("save", "call:c1"), ("delete", "call:c1")]
    assert rig.codes()[-1] == "queued"
    assert rig.submitted == [Submitted("c1", "resolved", ("complaint",), (ticket.id,), "C001")]
    assert not rig.svc.active and rig.active == [True, False]
    assert rig.svc.form.call is None and rig.svc.form.notes == ""


def test_disposition_alone_queues_only_the_call_record(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_disposition("callback")
    assert rig.svc.submit()
    [(interaction,)] = rig.writer.batches
    assert isinstance(interaction, Interaction) and interaction.ticket_ids == ()
    assert rig.submitted[0].categories == ()


def test_ticket_text_needs_a_category(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_disposition("resolved")
    rig.svc.set_notes("something")
    assert rig.svc.problems() == ("category_required",)
    rig.svc.set_category("information")
    assert rig.svc.problems() == ()


def test_no_submit_during_the_call(rig: Rig) -> None:
    session = rig.call()
    rig.answer(session)
    rig.svc.set_disposition("resolved")
    assert "call_in_progress" in rig.svc.problems()


def test_a_failed_commit_keeps_everything_and_can_be_retried(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_category("request")
    rig.svc.set_notes("keep me")
    rig.svc.set_disposition("resolved")
    rig.writer.fail = True
    assert rig.svc.submit()
    assert rig.notices[-1].code == "queue_failed"
    assert rig.drafts.rows["call:c1"]["notes"] == "keep me"  # never deleted before a commit
    assert rig.svc.active and not rig.svc.submitting
    assert rig.svc.form.notes == "keep me" and rig.submitted == []
    rig.timers.advance(0.4)
    assert rig.drafts.rows["call:c1"]["submitted_at"] is None  # an ordinary draft again
    rig.writer.fail = False
    assert rig.svc.submit()
    assert len(rig.writer.batches) == 1 and rig.drafts.rows == {}


def test_edits_while_queuing_are_ignored(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_disposition("resolved")
    rig.tasks.hold = True
    rig.svc.submit()
    rig.svc.set_notes("too late")
    assert rig.svc.problems() == ("submitting",)
    rig.tasks.hold = False
    rig.tasks.flush()
    [(interaction,)] = rig.writer.batches
    assert isinstance(interaction, Interaction)


def test_timer_expiry_keeps_wrap_up_open_and_flags_it(rig: Rig) -> None:
    talked(rig)
    rig.svc.set_notes("half written")
    rig.timers.advance(46)
    assert rig.svc.active and rig.svc.overdue
    assert rig.svc.remaining_s == pytest.approx(-1)
    assert Notice("wrap_up_overdue", call_id="c1") in rig.notices
    assert rig.writer.batches == [] and rig.svc.form.notes == "half written"
    rig.svc.set_category("other")
    rig.svc.set_disposition("resolved")
    assert rig.svc.submit()
    assert not rig.svc.overdue and not rig.svc.active


def test_a_second_call_waits_for_its_own_wrap_up(rig: Rig) -> None:
    talked(rig, "c1")
    second = rig.call("c2")
    rig.svc.set_customer("C002", "Paul", call_id="c2")
    rig.answer(second)
    rig.timers.advance(20)
    rig.end(second)
    assert rig.svc.form.call is not None and rig.svc.form.call.call_id == "c1"
    rig.svc.set_disposition("resolved")
    rig.svc.submit()
    assert rig.svc.form.call is not None and rig.svc.form.call.call_id == "c2"
    assert rig.svc.form.customer_id == "C002"
    assert rig.svc.active and rig.active == [True]  # never back to available in between
    rig.svc.set_disposition("callback")
    rig.svc.submit()
    assert [b[-1].call_id for b in rig.writer.batches] == ["c1", "c2"]  # type: ignore[union-attr]
    assert rig.active == [True, False]


def test_a_free_ticket_being_written_is_not_tied_to_a_call(rig: Rig) -> None:
    rig.svc.set_category("request")
    rig.svc.set_subject("Brochure")
    session = rig.call()
    rig.end(session)  # rang, never answered
    assert rig.svc.form.call is None and rig.svc.form.subject == "Brochure"
    assert rig.svc.submit()
    [(ticket,)] = rig.writer.batches
    assert isinstance(ticket, Ticket) and ticket.call_id == ""


# ---- items ----------------------------------------------------------------------------------


def test_subject_defaults_to_first_line_and_long_notes_are_split() -> None:
    form = TicketForm("free:x", category="other", notes="\n" + "s" * 300 + "\nmore")
    form.notes += "\n" + "n" * (2 * NOTE_MAX_CHARS)
    ticket, *notes = build_items(form, T0)
    assert isinstance(ticket, Ticket) and len(ticket.subject) == 200
    assert ticket.subject.endswith("…")
    assert len(notes) == 3 and all(len(n.body) <= NOTE_MAX_CHARS for n in notes)  # type: ignore[union-attr]
    assert [n.id for n in notes] == [n.id for n in build_items(form, T0)[1:]]  # stable ids


def test_canned_phrases_follow_the_profile_language(rig: Rig) -> None:
    assert rig.svc.phrases() == ("Hello", "Goodbye")
    parsed = parse_canned_phrases('en = ["Hi"]\n[fr]\nphrases = ["Bonjour", " "]\n')
    assert parsed == {"fr": ("Bonjour",), "en": ("Hi",)}
    shipped = Path(__file__).parents[2] / "resources" / "canned_phrases.toml"
    phrases = parse_canned_phrases(shipped.read_text(encoding="utf-8"))
    assert len(phrases["fr"]) == len(phrases["en"]) >= 5


# ---- restoring ------------------------------------------------------------------------------


def test_a_draft_left_by_a_crash_during_the_call_comes_back_in_wrap_up(rig: Rig) -> None:
    session = rig.call()
    rig.answer(session)
    rig.svc.set_customer("C001", "Jeanne")
    rig.svc.set_category("request")
    rig.svc.set_notes("asked for a refund")
    rig.timers.advance(0.5)  # saved; then the app dies mid-call
    after = Rig(rig.drafts)
    after.timers.t = rig.timers.t + 600  # restarted ten minutes later
    after.svc.restore()
    form = after.svc.form
    assert form.key == "call:c1" and form.notes == "asked for a refund"
    assert form.customer_name == "Jeanne" and form.call is not None
    assert form.call.ended_at is not None and form.call.answered_at is not None
    assert after.svc.active and after.svc.overdue  # its wrap-up time has long passed
    assert "drafts_restored" in after.codes()
    after.svc.set_disposition("resolved")
    assert after.svc.submit()
    ticket, _note, interaction = after.writer.batches[0]
    assert isinstance(interaction, Interaction) and interaction.call_id == "c1"
    assert interaction.ticket_ids == (ticket.id,) and rig.drafts.rows == {}


@pytest.mark.parametrize("committed", [False, True])
def test_a_submission_cut_by_a_crash_is_finished_identically(committed: bool) -> None:
    rig = Rig()
    talked(rig)
    rig.svc.set_category("complaint")
    rig.svc.set_notes("n")
    rig.svc.set_disposition("resolved")
    rig.writer.fail = not committed  # the crash came before, or after, the commit...
    rig.drafts.fail_delete = committed  # ...and before the draft was deleted
    rig.svc.submit()
    expected = rig.writer.batches[0] if committed else None
    body = rig.drafts.rows["call:c1"]
    assert body["submitted_at"] is not None
    # simulate the crash: the draft stays exactly as the submission stored it
    drafts = Drafts()
    drafts.rows = {"call:c1": body}
    drafts.outbox_ids = set(rig.drafts.outbox_ids)
    after = Rig(drafts)
    after.svc.restore()
    assert drafts.rows == {}
    if committed:
        assert after.writer.batches == []  # already in the outbox: not queued twice
    else:
        [batch] = after.writer.batches
        form = form_from_json("call:c1", body)
        assert form is not None and form.submitted_at is not None
        assert batch == tuple(build_items(form, form.submitted_at))
    assert "queued_after_restart" in after.codes()
    assert after.submitted[0].call_id == "c1"
    assert expected is None or after.submitted[0].ticket_ids == (expected[0].id,)


def test_note_on_an_existing_ticket(rig: Rig) -> None:
    rig.svc.save_note_draft("T1", "half")
    rig.timers.advance(0.4)
    assert rig.drafts.rows["ticket:T1"]["text"] == "half"
    after = Rig(rig.drafts)
    after.svc.restore()
    assert after.svc.note_draft("T1") == "half"
    assert after.svc.add_note("T1", "x" * (NOTE_MAX_CHARS + 1))
    [notes] = after.writer.batches
    assert [len(n.body) for n in notes] == [NOTE_MAX_CHARS, 1]  # type: ignore[union-attr]
    assert {n.ticket_id for n in notes} == {"T1"}  # type: ignore[union-attr]
    assert after.drafts.rows == {} and after.codes()[-1] == "note_queued"
    assert after.svc.add_note("T1", "  ") is False
    after.writer.fail = True
    assert after.svc.add_note("T2", "kept")
    assert after.codes()[-1] == "note_failed" and after.svc.note_draft("T2") == "kept"
    after.timers.advance(0.4)
    assert after.drafts.rows["ticket:T2"]["submitted_at"] is None  # not queued at next start
