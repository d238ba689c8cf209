"""The local call history: one record per call, as the `call_history` table holds it.

Pure: the record, the facts derived from it (answered, missed, talk and handling time), how a
live call becomes a record, and how typed search text becomes digits to match numbers with.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from homeagent.domain.call import CallSession, Direction, EndReason

SEARCH_MAX_CHARS = 100


@dataclass(frozen=True)
class CallRecord:
    """One call of the history. Times are aware UTC datetimes; lists are tuples of codes."""

    call_id: str
    direction: Direction
    remote_number: str  # E.164 when known, else as dialled / received
    started_at: datetime
    agent: str = ""
    remote_name: str = ""
    customer_id: str = ""
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    end_reason: str = ""  # an EndReason value, or "" while the call lives
    wrap_up_ended_at: datetime | None = None
    disposition: str = ""
    ticket_ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()  # ticket categories (TicketCategory values)

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def missed(self) -> bool:
        """An inbound call that ended without being answered (declined and rejected too)."""
        return self.direction is Direction.INBOUND and self.ended and not self.answered

    @property
    def transferred(self) -> bool:
        return self.end_reason == EndReason.TRANSFERRED

    def talk_seconds(self, now: datetime | None = None) -> float:
        """From answer to end (to `now` while the call lives)."""
        if self.answered_at is None:
            return 0.0
        end = self.ended_at or now
        if end is None:
            return 0.0
        return max(0.0, (end - self.answered_at).total_seconds())

    def wrap_up_seconds(self) -> float:
        """From hang-up to the wrap-up's submission (0 until it is submitted)."""
        if self.ended_at is None or self.wrap_up_ended_at is None:
            return 0.0
        return max(0.0, (self.wrap_up_ended_at - self.ended_at).total_seconds())

    def handling_seconds(self, now: datetime | None = None) -> float:
        return self.talk_seconds(now) + self.wrap_up_seconds()


def merge(old: CallRecord, new: CallRecord) -> CallRecord:
    """`new` over `old`, never forgetting a fact: a time or code once known stays known.

    Writes of one call may reach the store in any order (a pool of writers); merging makes
    the result the same whatever the order. The store applies the same rule in SQL.
    """
    return replace(
        new,
        agent=new.agent or old.agent,
        remote_number=new.remote_number or old.remote_number,
        remote_name=new.remote_name or old.remote_name,
        customer_id=new.customer_id or old.customer_id,
        started_at=min(old.started_at, new.started_at),
        answered_at=new.answered_at or old.answered_at,
        ended_at=new.ended_at or old.ended_at,
        end_reason=new.end_reason or old.end_reason,
        wrap_up_ended_at=new.wrap_up_ended_at or old.wrap_up_ended_at,
        disposition=new.disposition or old.disposition,
        ticket_ids=new.ticket_ids or old.ticket_ids,
        categories=new.categories or old.categories,
    )


def from_session(call: CallSession, agent: str, wall: Callable[[float], datetime]) -> CallRecord:
    """The record of a call as telephony holds it; `wall` turns its monotonic times into
    UTC datetimes."""
    return CallRecord(
        call_id=call.call_id,
        direction=call.direction,
        remote_number=call.remote_number or call.remote_uri,
        started_at=wall(call.started_at),
        agent=agent,
        remote_name=call.display_name,
        answered_at=None if call.answered_at is None else wall(call.answered_at),
        ended_at=None if call.ended_at is None else wall(call.ended_at),
        end_reason="" if call.end_reason is None else call.end_reason.value,
    )


def search_digits(text: str) -> str:
    """The digits to look for in numbers, from what the operator typed.

    "06 12 34" and "+33 6 12 34" both find +33612345...: separators go, and a leading
    international (00) or national (0) prefix is dropped, since stored numbers are E.164.
    Returns "" when the text is not number-like (then it is a name search only).
    """
    text = text.strip()[:SEARCH_MAX_CHARS]
    if not text or any(ch.isalpha() for ch in text):
        return ""
    digits = "".join(ch for ch in text if ch.isdigit())
    return digits.lstrip("0") or digits


def search_text(text: str) -> str:
    """The search text trimmed and bounded (a pasted essay is not a query)."""
    return " ".join(text.split())[:SEARCH_MAX_CHARS]
