"""The ticket form of a call as data: its JSON draft form and the outbox items it becomes.

Pure: no I/O, no clock. The wrap-up service (services/wrapup.py) holds one of these per call,
saves it as a draft while the operator types and turns it into a ticket, notes and the call
record in one submission; the same draft always gives the same items (ids and times fixed).
"""

from __future__ import annotations

import logging
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from homeagent.domain.work import (
    NOTE_MAX_CHARS,
    Interaction,
    Note,
    Ticket,
    TicketCategory,
    parse_rfc3339,
    rfc3339,
)

log = logging.getLogger(__name__)

SUBJECT_MAX = 200
NUMBER_MAX = 64
CATEGORIES = tuple(c.value for c in TicketCategory)
Item = Ticket | Note | Interaction


@dataclass
class CallContext:
    call_id: str
    direction: str
    remote_number: str
    started_at: datetime
    answered_at: datetime | None = None
    ended_at: datetime | None = None


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class TicketForm:
    key: str  # call:<call id> | free:<ticket id>
    call: CallContext | None = None
    customer_id: str = ""
    customer_name: str = ""
    category: str = ""
    subject: str = ""
    product_id: str = ""
    notes: str = ""
    disposition: str = ""
    ticket_id: str = field(default_factory=new_id)
    interaction_id: str = field(default_factory=new_id)
    wrap_up_started_at: datetime | None = None
    submitted_at: datetime | None = None

    @property
    def has_ticket(self) -> bool:
        return bool(self.subject.strip() or self.notes.strip())

    @property
    def in_wrap_up(self) -> bool:
        return self.call is not None and self.call.ended_at is not None

    def worth_keeping(self) -> bool:
        typed = self.has_ticket or self.category or self.product_id or self.disposition
        return bool(typed or (self.call is not None and self.call.answered_at is not None))


def free_form() -> TicketForm:
    form = TicketForm("")
    form.key = f"free:{form.ticket_id}"
    return form


# ---- the draft as JSON, and the items it becomes (pure) ------------------------------------


def to_ms(moment: datetime) -> datetime:
    """Millisecond precision, as on the wire: a draft round trip changes nothing."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def format_time(moment: datetime | None) -> str | None:
    return None if moment is None else rfc3339(moment)


def parse_time(value: Any) -> datetime | None:
    return parse_rfc3339(value) if isinstance(value, str) and value else None


_TEXT_FIELDS = (
    "customer_id",
    "customer_name",
    "category",
    "subject",
    "product_id",
    "notes",
    "disposition",
)


def form_to_json(form: TicketForm, saved_at: datetime) -> dict[str, Any]:
    call = form.call
    return {
        "v": 1,
        "saved_at": rfc3339(saved_at),
        "call": None
        if call is None
        else {
            "call_id": call.call_id,
            "direction": call.direction,
            "remote_number": call.remote_number,
            "started_at": format_time(call.started_at),
            "answered_at": format_time(call.answered_at),
            "ended_at": format_time(call.ended_at),
        },
        **{name: getattr(form, name) for name in _TEXT_FIELDS},
        "ticket_id": form.ticket_id,
        "interaction_id": form.interaction_id,
        "wrap_up_started_at": format_time(form.wrap_up_started_at),
        "submitted_at": format_time(form.submitted_at),
    }


def form_from_json(key: str, body: Mapping[str, Any]) -> TicketForm | None:
    try:
        raw = body.get("call")
        call = None
        if isinstance(raw, Mapping):
            started = parse_time(raw["started_at"])
            if started is None:
                raise ValueError("call without a start")
            call = CallContext(
                str(raw["call_id"]),
                str(raw["direction"]),
                str(raw.get("remote_number", "")),
                started,
                parse_time(raw.get("answered_at")),
                parse_time(raw.get("ended_at")),
            )
        form = TicketForm(key, call)
        for name in _TEXT_FIELDS:
            setattr(form, name, str(body.get(name) or ""))
        form.ticket_id = str(uuid.UUID(str(body["ticket_id"])))
        form.interaction_id = str(uuid.UUID(str(body["interaction_id"])))
        form.wrap_up_started_at = parse_time(body.get("wrap_up_started_at"))
        form.submitted_at = parse_time(body.get("submitted_at"))
        return form
    except (KeyError, TypeError, ValueError) as exc:
        log.error("draft %s unreadable (%s); kept in the database", key.split(":", 1)[0], exc)
        return None


def subject_of(form: TicketForm) -> str:
    """The subject typed, else the first line of the notes; at most 200 characters."""
    text = form.subject.strip() or next(
        (line.strip() for line in form.notes.splitlines() if line.strip()), ""
    )
    return text if len(text) <= SUBJECT_MAX else text[: SUBJECT_MAX - 1] + "…"


def split_note(text: str) -> list[str]:
    body = text.strip()
    return [body[i : i + NOTE_MAX_CHARS] for i in range(0, len(body), NOTE_MAX_CHARS)]


def note_id(base: str, index: int) -> str:
    """The index-th note's id: derived, so a re-built submission has the same ids."""
    return str(uuid.uuid5(uuid.UUID(base), str(index)))


def build_items(form: TicketForm, at: datetime) -> list[Item]:
    """Ticket (if anything was typed), its notes, and the call record."""
    items: list[Item] = []
    ticket_ids: tuple[str, ...] = ()
    caller = form.call.remote_number[:NUMBER_MAX] if form.call else ""
    if form.has_ticket:
        items.append(
            Ticket(
                form.ticket_id,
                TicketCategory(form.category),
                subject_of(form),
                customer_id=form.customer_id,
                caller_number=caller,
                call_id=form.call.call_id if form.call else "",
                product_id=form.product_id,
                disposition=form.disposition,
            )
        )
        ticket_ids = (form.ticket_id,)
        for i, chunk in enumerate(split_note(form.notes)):
            items.append(Note(note_id(form.ticket_id, i), form.ticket_id, chunk, at))
    if form.call is not None:
        call = form.call
        ended = call.ended_at or at
        started = min(call.started_at, ended)  # the wall clock may have stepped meanwhile
        answered = None if call.answered_at is None else min(max(call.answered_at, started), ended)
        items.append(
            Interaction(
                form.interaction_id,
                call.call_id,
                call.direction,
                caller,
                started,
                ended,
                customer_id=form.customer_id,
                answered_at=answered,
                wrap_up_ended_at=max(at, ended),
                disposition=form.disposition,
                ticket_ids=ticket_ids,
            )
        )
    return items


def parse_canned_phrases(text: str) -> dict[str, tuple[str, ...]]:
    """`[fr] phrases = [...]` (or `fr = [...]`) per language."""
    out: dict[str, tuple[str, ...]] = {}
    for lang, value in tomllib.loads(text).items():
        phrases = value.get("phrases") if isinstance(value, dict) else value
        if isinstance(phrases, list):
            out[lang] = tuple(p for p in phrases if isinstance(p, str) and p.strip())
    return out
